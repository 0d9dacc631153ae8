"""Resolve: mentions from many files → one node per real document.

Pure functions, no database. The store (kg/store.py) calls them on the
mentions of the few *groups* a changed file touches.

Three kinds of key, from the finest to the coarsest:

- an **id key** names one spelling of a document in one jurisdiction:
  ``"57-NQ/TW"`` (national ids stand alone), ``"359-KH/TU@Quảng Ngãi"``
  (provincial codes are numbered per province, so a Kon Tum 1063/KH-UBND is
  not a Quảng Ngãi one), ``"file:/path/report.txt"`` for a file whose own
  header has no number;
- a **group** gathers the id keys that may be one document: same number,
  same issuer code, same jurisdiction (``"327|UBND|Quảng Ngãi"`` holds
  327/QĐ-UBND and 327/KH-UBND). Resolution never looks outside a group,
  which is what makes re-resolving after one file cheap;
- a **node key** is the id key of the spelling chosen as canonical for a
  node; every id key maps to exactly one node key (the aliases table).

>>> parse_id("327/QĐ-UBND")
IdParts(number='327', type_code='QĐ', issuer_code='UBND')
>>> id_key("359-KH/TU", "Quảng Ngãi"), id_key("57-NQ/TW", "Quảng Ngãi")
('359-KH/TU@Quảng Ngãi', '57-NQ/TW')
>>> group_of("327/KH-UBND", "Quảng Ngãi")
'327|UBND|Quảng Ngãi'
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Collection, Iterable, Sequence

from parsers.canonical import is_type_code
from parsers.model import Evidence, Extraction
from parsers.vocab import VOCAB, code_key

# number (with an optional year: 48/2025), then the code after "-" or "/"
ID_SHAPE = re.compile(r"^(?P<number>\d+[A-Za-z]?(?:/\d{4})?)[-/](?P<code>[^\s]+)$")
TRAILING_DIGITS = re.compile(r"\d+$")
LEADING_DIGITS = re.compile(r"^\d+")


# --- keys ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdParts:
    number: str
    type_code: str | None
    issuer_code: str | None


@lru_cache(maxsize=1 << 16)  # asked for every mention, several times, on every write
def parse_id(doc_id: str) -> IdParts | None:
    """Split a canonical id into number, type code and issuer code; None for
    ids of another shape ("QCVN 25:2025/BCT")."""
    match = ID_SHAPE.match(doc_id)
    if not match:
        return None
    segments = re.split(r"[-/]", match["code"])
    type_code = segments[0] if len(segments) > 1 and is_type_code(segments[0]) else None
    rest = segments[1:] if type_code else segments
    return IdParts(match["number"], type_code, rest[0] if rest else None)


@cache
def issuer_level(issuer_code: str | None) -> str | None:
    """Level of an issuer code; "QH15" is read as "QH" (numbered term)."""
    if not issuer_code:
        return None
    base = TRAILING_DIGITS.sub("", issuer_code)
    if code_key(base) in VOCAB.numbered_suffix_codes:
        issuer_code = base
    return VOCAB.level_of_code(issuer_code)


def is_provincial(doc_id: str) -> bool:
    parts = parse_id(doc_id)
    return bool(parts and VOCAB.is_provincial_level(issuer_level(parts.issuer_code)))


@lru_cache(maxsize=1 << 16)  # asked for every id key: a national store has millions of ids
def numbered_yearly(doc_id: str) -> bool:
    """Is ``doc_id`` a number that restarts each year (no year in it, a body
    of the state)? "12/KH-UBND" is; "48/2025/QĐ-UBND" and "57-NQ/TW" are not."""
    parts = parse_id(doc_id)
    return bool(parts and "/" not in parts.number and VOCAB.is_yearly_level(issuer_level(parts.issuer_code)))


def id_key(doc_id: str, jurisdiction: str | None, year: int | None = None) -> str:
    """The id key of one spelling: provincial numbers carry their province,
    numbers restarting each year their year.

    >>> id_key("12/KH-UBND", "Quảng Ngãi", 2024), id_key("57-NQ/TW", None, 2024)
    ('12/KH-UBND@Quảng Ngãi#2024', '57-NQ/TW')
    """
    key = f"{doc_id}@{jurisdiction}" if jurisdiction and is_provincial(doc_id) else doc_id
    return f"{key}#{year}" if year and numbered_yearly(doc_id) else key


def yearless(key: str) -> str:
    """The id key without its year: undated mentions have it."""
    return key.partition("#")[0]


FILE_KEY_PREFIX = "file:"


def file_key(path: str) -> str:
    """The node key of a file whose own header carries no number."""
    return f"{FILE_KEY_PREFIX}{path}"


def is_file_key(key: str) -> bool:
    """Whether a node key is that of a file without a number (no id)."""
    return key.startswith(FILE_KEY_PREFIX)


def group_of(doc_id: str, jurisdiction: str | None) -> str:
    parts = parse_id(doc_id)
    if parts is None:
        return doc_id
    if is_provincial(doc_id):
        return f"{parts.number}|{parts.issuer_code}|{jurisdiction or ''}"
    return f"{parts.number}|{parts.issuer_code}"


# --- what one file contributes -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention as the store keeps it. The file's own header is a mention
    too (``is_self``, no offsets), carrying the title."""

    key: str
    group: str
    id: str | None
    start: int | None
    end: int | None
    text: str
    type: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    short: bool = False
    is_self: bool = False
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A relation whose endpoints are id keys (not node keys), so that alias
    merges elsewhere never require rewriting it."""

    source_key: str
    source_id: str | None
    type: str
    target_key: str
    target_id: str
    evidence: Evidence


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def own_key(extraction: Extraction) -> str:
    doc = extraction.document
    return id_key(doc.id, doc.jurisdiction, _year(doc.date)) if doc.id else file_key(extraction.file)


def contributions(extraction: Extraction) -> tuple[list[Mention], list[Link]]:
    """The mentions and links one file adds to the store."""
    doc = extraction.document
    own = own_key(extraction)
    own_jurisdiction = doc.jurisdiction if not doc.id or is_provincial(doc.id) else None
    header = Mention(
        key=own, group=group_of(doc.id, own_jurisdiction) if doc.id else own, id=doc.id,
        start=None, end=None, text=doc.id or "", type=doc.type, date=doc.date,
        issuer=doc.issuer, jurisdiction=own_jurisdiction, is_self=True, title=doc.title,
    )
    mentions = [header]
    for c in extraction.citations:
        jurisdiction = c.jurisdiction if is_provincial(c.id) else None
        mentions.append(Mention(
            key=id_key(c.id, jurisdiction, c.year or _year(c.date)), group=group_of(c.id, jurisdiction), id=c.id,
            start=c.span.start, end=c.span.end, text=c.text, type=c.type, date=c.date,
            issuer=c.issuer, jurisdiction=jurisdiction, short=c.short,
        ))

    def endpoint(doc_id: str | None, evidence: Evidence) -> str:
        if doc_id is None or doc_id == doc.id:
            return own
        # the citation of that id closest to the evidence says which province
        same = [c for c in extraction.citations if c.id == doc_id]
        inside = [c for c in same if evidence.start <= c.span.start < evidence.end]
        cited = (inside or same or [None])[0]
        if cited is None:
            return id_key(doc_id, doc.jurisdiction)
        years = [c.year or _year(c.date) for c in inside or same]  # the year the text gives that document
        return id_key(doc_id, cited.jurisdiction, next((y for y in years if y), None))

    links = [
        Link(endpoint(r.source, r.evidence), r.source if r.source is not None else doc.id,
             r.type, endpoint(r.target, r.evidence), r.target, r.evidence)
        for r in extraction.relations
    ]
    return mentions, links


# --- resolution of one group ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """How many mentions of ``key`` share these attributes (a GROUP BY row)."""

    key: str
    id: str | None
    jurisdiction: str | None
    date: str | None
    type: str | None
    issuer: str | None
    is_self: bool
    title: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    group: str
    id: str | None
    type: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    title: str | None
    level: str | None
    number: str | None
    type_code: str | None
    issuer_code: str | None
    mentions: int
    aliases: tuple[str, ...] = ()  # the id keys merged into this node, itself included


@dataclass(frozen=True, slots=True)
class Witness:
    """Which mentions show a conflict: those of ``key`` dated ``date`` or
    called ``type``; the store turns witnesses into evidence."""

    key: str
    date: str | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "date", "type", "alias", "possible_typo"
    node: str
    detail: str
    witnesses: tuple[Witness, ...]
    other: str | None = None  # the other node of a possible typo


@dataclass
class Resolution:
    nodes: list[Node] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class _Spelling:
    """Everything the tallies say about one id key."""

    key: str
    id: str | None
    jurisdiction: str | None
    count: int = 0
    dates: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    issuers: Counter = field(default_factory=Counter)
    header: Tally | None = None

    @property
    def code_type(self) -> str | None:
        parts = parse_id(self.id) if self.id else None
        return VOCAB.type_for_code(parts.type_code) if parts and parts.type_code else None

    @property
    def date(self) -> str | None:
        """The header's date if the document itself was ingested, else the
        date most mentions give (ties: the earliest)."""
        if self.header and self.header.date:
            return self.header.date
        return min(self.dates, key=lambda d: (-self.dates[d], d)) if self.dates else None

    @property
    def agreeing(self) -> int:
        """Mentions whose type word agrees with the type code."""
        return self.types[self.code_type] if self.code_type else 0


def _most_common(counter: Counter) -> str | None:
    return min(counter, key=lambda v: (-counter[v], v)) if counter else None


def _spellings(tallies: Iterable[Tally]) -> list[_Spelling]:
    spellings: dict[str, _Spelling] = {}
    for t in tallies:
        s = spellings.setdefault(t.key, _Spelling(t.key, t.id, t.jurisdiction))
        s.count += t.count
        if t.date:
            s.dates[t.date] += t.count
        if t.type:
            s.types[t.type] += t.count
        if t.issuer:
            s.issuers[t.issuer] += t.count
        if t.is_self and (s.header is None or (t.title and not s.header.title)):
            s.header = t
    return sorted(spellings.values(), key=lambda s: s.key)


def _spelling_conflicts(s: _Spelling, node: str) -> list[Conflict]:
    """Dates and type words one spelling disagrees on, listed under its node."""
    conflicts = []
    if len(s.dates) > 1:
        listed = ", ".join(f"{d} in {n}" for d, n in sorted(s.dates.items(), key=lambda x: -x[1]))
        conflicts.append(Conflict(
            "date", node, f"{s.id} is dated {listed} mention(s); kept {s.date}",
            tuple(Witness(s.key, date=d) for d in sorted(s.dates)),
        ))
    wrong = sorted(t for t in s.types if s.code_type and t != s.code_type)
    if wrong:
        conflicts.append(Conflict(
            "type", node,
            f"{s.id} is called {', '.join(wrong)} but its code means {s.code_type}",
            tuple(Witness(s.key, type=t) for t in wrong),
        ))
    return conflicts


def resolve_group(group: str, tallies: Sequence[Tally]) -> Resolution:
    """Nodes and conflicts of one group, from the tallies of its mentions.

    Spellings of a group with the same date are one document under several
    type codes (327/QĐ-UBND and 327/KH-UBND, both 26/5/2025): merged, the
    merge listed as an "alias" conflict. The canonical spelling is the most
    mentioned, ties broken by how often the type word agrees with the code.
    Undated spellings are merged only into the one dated document of their
    number ("12/KH-UBND" into "12/KH-UBND@Quảng Ngãi#2024" when no other
    year is known): numbers restarting each year name one document per year.
    """
    resolution = Resolution()
    by_date: dict[str | None, list[_Spelling]] = defaultdict(list)
    for s in _spellings(tallies):
        if s.date:
            by_date[s.date].append(s)
        else:
            by_date[None].append(s)
    clusters = [c for d, c in by_date.items() if d]
    for s in by_date.get(None, []):
        # an undated mention joins the one dated document of its number, if one
        dated = [c for c in clusters if any(yearless(t.key) == s.key for t in c)]
        if len(dated) == 1 and numbered_yearly(s.id or ""):
            dated[0].append(s)
        else:
            clusters.append([s])
    years = Counter(yearless(t.key) for c in clusters for t in {yearless(s.key): s for s in c}.values())
    for cluster in clusters:
        cluster.sort(key=lambda s: (s.date is None, -s.count, -s.agreeing, s.key))
        node = _node(group, cluster)
        if years[yearless(node.key)] == 1:  # one document of that number: its key needs no year
            node = replace(node, key=yearless(node.key))
        resolution.nodes.append(node)
        for s in cluster:
            resolution.conflicts.extend(_spelling_conflicts(s, node.key))
        spellings = Counter()  # by id: an undated mention of the same id is no other spelling
        for s in cluster:
            spellings[s.id] += s.count
        if len(spellings) > 1:
            counts = ", ".join(f"{i} ({n})" for i, n in spellings.items())
            resolution.conflicts.append(Conflict(
                "alias", node.key,
                f"one document under {len(spellings)} spellings, same number, issuer and date "
                f"{node.date}: {counts}; kept {node.id}",
                tuple(Witness(s.key) for s in cluster),
            ))
    return resolution


def _node(group: str, cluster: list[_Spelling]) -> Node:
    canonical = cluster[0]
    header = next((s.header for s in cluster if s.header), None)
    parts = parse_id(canonical.id) if canonical.id else None
    types = sum((s.types for s in cluster), Counter())
    issuers = sum((s.issuers for s in cluster), Counter())
    return Node(
        key=canonical.key,
        group=group,
        id=canonical.id,
        type=(header and header.type) or canonical.code_type or _most_common(types),
        date=canonical.date,
        issuer=(header and header.issuer) or _most_common(issuers),
        jurisdiction=canonical.jurisdiction,
        title=header.title if header else None,
        level=issuer_level(parts.issuer_code) if parts else None,
        number=parts.number if parts else None,
        type_code=parts.type_code if parts else None,
        issuer_code=parts.issuer_code if parts else None,
        mentions=sum(s.count for s in cluster),
        aliases=tuple(s.key for s in cluster),
    )


# --- near-identical numbers ----------------------------------------------------


@lru_cache(maxsize=1 << 12)  # asked again for each typo pair of a node; 13 kB a 4-digit number
def near_numbers(number: str) -> frozenset[str]:
    """Numbers one edit of the serial digits away: one digit changed, added
    or dropped, or two adjacent digits swapped; a year part ("/2025") kept.

    >>> sorted(n for n in near_numbers("539") if n.startswith("3"))
    ['339', '3539', '359', '39']
    """
    serial = LEADING_DIGITS.match(number)[0]
    rest = number[len(serial):]
    digits = "0123456789"
    near = set()
    for i in range(len(serial) + 1):
        near.update(serial[:i] + d + serial[i:] for d in digits)  # added
        if i < len(serial):
            near.update(serial[:i] + d + serial[i + 1:] for d in digits)  # changed
            near.add(serial[:i] + serial[i + 1:])  # dropped
        if i + 1 < len(serial):
            near.add(serial[:i] + serial[i + 1] + serial[i] + serial[i + 2:])  # swapped
    return frozenset(n + rest for n in near if n and n != serial)


def typo_key(node: Node) -> tuple | None:
    """Nodes that could be typos of each other share this key; None when the
    node lacks the date or code that would make the suspicion meaningful."""
    if not (node.date and node.number and node.issuer_code):
        return None
    return (node.issuer_code, node.type_code, node.jurisdiction, node.date)


def _serial(number: str) -> int:
    return int(LEADING_DIGITS.match(number)[0])


def possible_typo(a: Node, b: Node, attested: Collection[str] = ()) -> Conflict | None:
    """539-KH/TU next to 359-KH/TU, same issuer, type and date: listed, never
    merged. Consecutive numbers (71/NQ-CP and 72/NQ-CP, an OCR misreading in
    the samples) are listed too, with a word that they may be two documents
    issued the same day. Not when both are ``attested`` (node keys of the
    documents whose own files are stored): their headers show two documents,
    as an office numbering a busy day's decisions 1234, 1235, 1236 does."""
    if a.group == b.group or typo_key(a) is None or typo_key(a) != typo_key(b):
        return None
    if a.key in attested and b.key in attested:
        return None
    if b.number not in near_numbers(a.number):
        return None
    first, second = sorted((a, b), key=lambda n: n.key)
    consecutive = abs(_serial(a.number) - _serial(b.number)) == 1
    return Conflict(
        "possible_typo", first.key,
        f"{first.id} and {second.id}: same issuer, type and date {first.date}, "
        f"numbers one edit apart; kept apart"
        + ("; consecutive numbers, perhaps two documents of that day" if consecutive else ""),
        (Witness(first.key), Witness(second.key)),
        other=second.key,
    )


# --- party and state codes crossed ----------------------------------------------

# Party documents put a dash after the number ("57-NQ/TW"), state documents a
# slash ("57/NQ-CP"): the separator after the number tells the two systems apart.
NUMBER_SEPARATOR = re.compile(r"^\d+[A-Za-z]?(?:/\d{4})?(?P<separator>[-/])")


def numbering_system(doc_id: str) -> str | None:
    """"party" or "state", from the separator after the number.

    >>> numbering_system("57-NQ/TW"), numbering_system("57/NQ-CP"), numbering_system("QCVN 25")
    ('party', 'state', None)
    """
    match = NUMBER_SEPARATOR.match(doc_id)
    return None if match is None else "party" if match["separator"] == "-" else "state"


def possible_misprint(a: Node, b: Node) -> Conflict | None:
    """57/NQ-CP beside 57-NQ/TW: the same number and type, one numbered as a
    party document and the other as a state one (so the issuer differs or
    the separators are swapped), in the same jurisdiction, and no two
    different dates — the usual misprint of a party resolution cited as a
    government one. Listed under the less mentioned, never merged.

    >>> node = lambda id, date, mentions: Node(id, id, id, "Nghị quyết", date, None, None, None,
    ...     None, parse_id(id).number, "NQ", parse_id(id).issuer_code, mentions)
    >>> possible_misprint(node("57-NQ/TW", "2024-12-22", 18), node("57/NQ-CP", None, 2)).detail
    '57/NQ-CP may be a misprint of 57-NQ/TW: same number and type, numbered as a state document beside a party one; kept apart'
    >>> possible_misprint(node("03-NQ/TW", "2024-01-01", 3), node("03/NQ-CP", "2025-01-09", 3)) is None
    True
    """
    systems = {numbering_system(n.id or "") for n in (a, b)}
    if (a.group == b.group or systems != {"party", "state"} or a.number != b.number
            or not a.type_code or a.type_code != b.type_code or a.jurisdiction != b.jurisdiction
            or (a.date and b.date and a.date != b.date)):
        return None
    kept, suspect = sorted((a, b), key=lambda n: (-n.mentions, n.key))
    return Conflict(
        "possible_misprint", suspect.key,
        f"{suspect.id} may be a misprint of {kept.id}: same number and type, numbered as a "
        f"{numbering_system(suspect.id)} document beside a {numbering_system(kept.id)} one; kept apart",
        (Witness(suspect.key), Witness(kept.key)),
        other=kept.key,
    )
