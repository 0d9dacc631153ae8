"""A generated corpus of administrative documents, with gold: what each text
states (its own number, the documents it cites with their dates and
issuers, the relations it states), for measuring the extractor and the
store at any size.

Documents come in the form the samples have: the issuer's heading, "Số:",
place and date, the type heading and subject, a "Căn cứ" preamble, a body of
numbered items, footnotes. They cite along the chain of levels — Bộ Chính
trị → Chính phủ → ministries → Tỉnh ủy → UBND tỉnh → Sở — plus a few hub
documents (laws, 57-NQ/TW) that most files cite; they state every relation
type; numbers restart each year (so "5/QĐ-UBND" of 2023 and of 2024 are two
documents). The same (size, seed) gives the same corpus; ``damage`` prints
OCR's look-alike letters at that rate (bench/damage.py).

>>> docs = list(generate(40, seed=1))
>>> docs[0].text == list(generate(40, seed=1))[0].text
True
>>> sum(len(d.relations) for d in docs) > 40
True
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from typing import Iterator

from bench.damage import with_confusions

PROVINCES = ("Quảng Ngãi", "Kon Tum", "Gia Lai", "Đắk Lắk")
FIRST_YEAR, LAST_YEAR = 2021, 2025
# Documents of a level that a later document may cite: the most recent ones.
CITABLE_RECENT = 300


@dataclass(frozen=True, slots=True)
class Level:
    """An issuer of the chain and the documents it issues."""

    issuer: str                       # as the text names it after "của"
    code: str                         # issuer code of its numbers
    heading: tuple[str, ...]          # the heading lines of its documents
    types: tuple[tuple[str, str], ...]  # (type name, type code) it issues
    party: bool = False               # "57-NQ/TW" numbers, not "71/NQ-CP"
    provincial: bool = False
    with_year: frozenset[str] = frozenset()  # type codes numbered "13/2025/NĐ-CP"
    share: int = 1                    # how many of the generated documents, relatively


LEVELS = (
    Level("Bộ Chính trị", "TW", ("BAN CHẤP HÀNH TRUNG ƯƠNG",), (("Nghị quyết", "NQ"), ("Kết luận", "KL")),
          party=True, share=1),
    Level("Chính phủ", "CP", ("CHÍNH PHỦ",), (("Nghị quyết", "NQ"), ("Nghị định", "NĐ")),
          with_year=frozenset({"NĐ"}), share=3),
    Level("Bộ Khoa học và Công nghệ", "BKHCN", ("BỘ KHOA HỌC VÀ CÔNG NGHỆ",),
          (("Thông tư", "TT"), ("Kế hoạch", "KH")), with_year=frozenset({"TT"}), share=4),
    Level("Bộ Tài chính", "BTC", ("BỘ TÀI CHÍNH",), (("Thông tư", "TT"), ("Quyết định", "QĐ")),
          with_year=frozenset({"TT"}), share=3),
    Level("Ban Thường vụ Tỉnh ủy", "TU", ("TỈNH ỦY {PROVINCE}",),
          (("Kế hoạch", "KH"), ("Chương trình", "CTr"), ("Nghị quyết", "NQ")),
          party=True, provincial=True, share=10),
    Level("UBND tỉnh", "UBND", ("ỦY BAN NHÂN DÂN", "TỈNH {PROVINCE}"),
          (("Quyết định", "QĐ"), ("Kế hoạch", "KH")), provincial=True, share=30),
    Level("Sở Khoa học và Công nghệ", "SKHCN", ("UBND TỈNH {PROVINCE}", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
          (("Kế hoạch", "KH"), ("Báo cáo", "BC")), provincial=True, share=25),
    Level("Sở Tài chính", "STC", ("UBND TỈNH {PROVINCE}", "SỞ TÀI CHÍNH"),
          (("Kế hoạch", "KH"), ("Báo cáo", "BC")), provincial=True, share=24),
)
BY_RANK = {level.code: rank for rank, level in enumerate(LEVELS)}

SUBJECTS = ("phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "cải cách hành chính giai đoạn 2021 - 2025", "quản lý ngân sách nhà nước",
            "chuyển đổi số trong cơ quan nhà nước", "phòng, chống thiên tai năm {YEAR}")


@dataclass(frozen=True, slots=True)
class Ref:
    """A document as a text cites it."""

    id: str
    type: str
    date: str            # ISO
    issuer: str
    jurisdiction: str | None
    level: str = "QH"            # issuer code of its level (see LEVELS)
    law_name: str | None = None  # a law is written "Luật <name> số …"


# Cited by most documents: the laws under every "Căn cứ", and the Politburo's
# resolution every plan implements.
HUBS = (
    Ref("72/2025/QH15", "Luật", "2025-06-16", "Quốc hội", None, law_name="Tổ chức chính quyền địa phương"),
    Ref("93/2025/QH15", "Luật", "2025-06-27", "Quốc hội", None, law_name="Khoa học, công nghệ và đổi mới sáng tạo"),
    Ref("57-NQ/TW", "Nghị quyết", "2024-12-22", "Bộ Chính trị", None, "TW"),
)


@dataclass(frozen=True, slots=True)
class GoldCitation:
    id: str
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    start: int  # offsets in the clean text
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str                        # damaged when generated with damage
    id: str                          # its own number
    citations: tuple[GoldCitation, ...]
    relations: frozenset[tuple[str, str, str]]  # (source, type, target)


def _written_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day):02d}/{int(month)}/{year}"


class _Writer:
    """One document's text, built piece by piece, with its gold."""

    def __init__(self, own: str):
        self.own = own
        self.parts: list[str] = []
        self.length = 0
        self.citations: list[GoldCitation] = []
        self.relations: set[tuple[str, str, str]] = set()

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def cite(self, ref: Ref, relation: str | None = None, issuer: bool = True) -> None:
        """"Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"."""
        if ref.law_name:
            self.write(f"Luật {ref.law_name} ")
        else:
            self.write(f"{ref.type} ")
        start = self.length
        self.write(f"số {ref.id}")
        self.citations.append(GoldCitation(ref.id, ref.date, ref.issuer if issuer else None,
                                           ref.jurisdiction, start, self.length))
        self.write(f" ngày {_written_date(ref.date)}")
        if issuer:
            self.write(f" của {ref.issuer}")
        if relation:
            self.relations.add((self.own, relation, ref.id))

    def text(self) -> str:
        return "".join(self.parts)


class _Corpus:
    def __init__(self, size: int, seed: int):
        self.size, self.seed = size, seed
        self.numbers: dict[tuple[str, str | None, int], int] = {}
        self.recent: dict[tuple[str, str | None], deque[Ref]] = {}
        weights = [level.share for level in LEVELS]
        self.levels = random.Random(seed).choices(LEVELS, weights, k=size)

    def _number(self, level: Level, province: str | None, year: int) -> int:
        """The next number of the issuer in that year: numbering restarts each year."""
        key = (level.code, province, year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return self.numbers[key]

    def _own(self, level: Level, type_code: str, number: int, year: int) -> str:
        if level.party:
            return f"{number}-{type_code}/{level.code}"
        if type_code in level.with_year:
            return f"{number}/{year}/{type_code}-{level.code}"
        return f"{number}/{type_code}-{level.code}"

    def _citable(self, rng: random.Random, level: Level, province: str | None, count: int,
                 up_to: int | None = None) -> list[Ref]:
        """Earlier documents of higher levels (of the same province when
        provincial); of the levels ranked before ``up_to``, if given."""
        pool = [r for higher in LEVELS[:BY_RANK[level.code] if up_to is None else up_to]
                for r in self.recent.get((higher.code, province if higher.provincial else None), ())]
        return rng.sample(pool, min(count, len(pool)))

    def document(self, index: int) -> Document:
        rng = random.Random(self.seed * 1_000_003 + index)
        level = self.levels[index]
        province = rng.choice(PROVINCES) if level.provincial else None
        day = FIRST_YEAR * 366 + index * (LAST_YEAR - FIRST_YEAR + 1) * 365 // max(1, self.size)
        year, day_of_year = divmod(day, 366)
        year = min(year, LAST_YEAR)
        month, day_of_month = day_of_year // 31 % 12 + 1, day_of_year % 28 + 1
        date = f"{year}-{month:02d}-{day_of_month:02d}"
        type_name, type_code = rng.choice(level.types)
        own = self._own(level, type_code, self._number(level, province, year), year)
        issuer = level.issuer
        w = _Writer(own)
        for line in level.heading:
            w.write(line.replace("{PROVINCE}", (province or "").upper()) + "\n")
        w.write("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n")
        w.write(f"Số: {own}\n")
        w.write(f"{province or 'Hà Nội'}, ngày {int(date[8:]):02d} tháng {int(date[5:7])} năm {year}\n\n")
        subject = rng.choice(SUBJECTS).replace("{YEAR}", str(year))
        w.write(f"{type_name.upper()}\nVề {subject}\n\n")
        self._preamble(rng, w, level, province)
        self._body(rng, w, level, province, own)
        w.write(f"\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
        ref = Ref(own, type_name, date, issuer, province, level.code)
        self.recent.setdefault((level.code, province), deque(maxlen=CITABLE_RECENT)).append(ref)
        return Document(f"doc{index:07d}.txt", w.text(), own, tuple(w.citations), frozenset(w.relations))

    def _preamble(self, rng, w: _Writer, level: Level, province: str | None) -> None:
        """"Căn cứ …;" lines: hubs and documents of the levels above."""
        bases = [h for h in HUBS if rng.random() < 0.8] + self._citable(rng, level, province, 2)
        for ref in bases:
            w.write("Căn cứ ")
            w.cite(ref, "based_on")
            w.write(";\n")
        w.write("\n")

    def _body(self, rng, w: _Writer, level: Level, province: str | None, own: str) -> None:
        """Numbered items stating how earlier documents relate ("Kế hoạch số A
        … triển khai thực hiện Nghị quyết số B …"), an answer to a request,
        and a footnote."""
        w.write("I. KẾT QUẢ THỰC HIỆN\n")
        rank = BY_RANK[level.code]
        pool = [r for r in self._citable(rng, level, province, 12, up_to=rank + 1) if r.id != own]
        pairs = [sorted(pool[i:i + 2], key=lambda r: (BY_RANK[r.level], r.date)) for i in (0, 2, 4, 6)]
        for number, pair in enumerate((p for p in pairs if len(p) == 2), 1):
            target, source = pair
            if source.id == target.id or source.date < target.date:
                continue  # a document acts on an older one only
            if BY_RANK[source.level] != BY_RANK[target.level]:
                relation = rng.choice(("implements", "implements", "guides"))
            elif source.type == "Quyết định" and target.type != "Quyết định":
                relation = "promulgates"
            else:
                relation = rng.choice(("replaces", "amends", "repeals"))
            w.write(f"{number}. ")
            w.cite(source)
            w.write(f" {CUE_WRITTEN[relation]} ")
            w.cite(target)
            w.write(rng.choice((".\n", ", bảo đảm đúng tiến độ.\n", " trên địa bàn tỉnh.\n")))
            w.relations.add((source.id, relation, target.id))
        answered = pool[8:9]
        if answered:
            w.write(f"{len(pairs) + 1}. Phúc đáp ")
            w.cite(answered[0], "responds_to")
            w.write(", báo cáo như sau.\n")
        w.write("II. NHIỆM VỤ VÀ GIẢI PHÁP\n")
        w.write("1. Tổ chức quán triệt, tuyên truyền sâu rộng đến cán bộ, công chức, viên chức")
        if len(pool) > 9:
            w.write("[footnoteRef:1].\n")
            w.write("2. Kiểm tra, đôn đốc việc thực hiện hằng quý.\n\n[1: ")
            w.cite(pool[9], issuer=False)
            w.write(".]\n")
        else:
            w.write(".\n")


# How a text states each relation between two documents it cites.
CUE_WRITTEN = {"implements": "triển khai thực hiện", "guides": "hướng dẫn thi hành",
               "promulgates": "ban hành", "replaces": "thay thế",
               "amends": "sửa đổi, bổ sung một số điều của", "repeals": "bãi bỏ"}


def accuracy(documents: list[Document], extractions: list) -> dict[str, float]:
    """How much of the gold the extractions read: citations (id, date,
    issuer and jurisdiction all right; the document's own number left out)
    and the relations stated (source, type, target), as precision and recall."""
    from collections import Counter

    counts = Counter()
    for document, extraction in zip(documents, extractions, strict=True):
        gold = Counter((c.id, c.date, c.issuer, c.jurisdiction) for c in document.citations)
        found = Counter((c.id, c.date, c.issuer, c.jurisdiction) for c in extraction.citations
                        if c.id != document.id)
        counts["citation_tp"] += sum((gold & found).values())
        counts["citation_gold"] += sum(gold.values())
        counts["citation_found"] += sum(found.values())
        stated = {(r.source, r.type, r.target) for r in extraction.relations if r.type != "cites"}
        counts["relation_tp"] += len(stated & document.relations)
        counts["relation_gold"] += len(document.relations)
        counts["relation_found"] += len(stated)
        counts["own_id"] += extraction.document.id == document.id
    ratio = lambda a, b: counts[a] / counts[b] if counts[b] else 1.0
    return {
        "citation_precision": ratio("citation_tp", "citation_found"),
        "citation_recall": ratio("citation_tp", "citation_gold"),
        "relation_precision": ratio("relation_tp", "relation_found"),
        "relation_recall": ratio("relation_tp", "relation_gold"),
        "own_id_accuracy": counts["own_id"] / len(documents) if documents else 1.0,
    }


def generate(size: int, seed: int = 0, damage: float = 0.0) -> Iterator[Document]:
    """``size`` documents, each with its gold; damaged by OCR confusions at
    the rate ``damage`` (gold offsets stay those of the clean text)."""
    corpus = _Corpus(size, seed)
    for index in range(size):
        document = corpus.document(index)
        if damage:
            document = Document(document.name, with_confusions(document.text, damage, seed + index),
                                document.id, document.citations, document.relations)
        yield document
