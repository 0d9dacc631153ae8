"""Score the extractor against annotated documents (the gold of ../shared/gold).

    python -m bench.score [GOLD_DIR] [--samples DIR] [--json]

For each ``<stem>.mentions.jsonl`` the sample ``<stem>.txt`` is extracted and
compared (see gold/GUIDE.md for the annotation rules):

- mention F1: a predicted citation matches a gold mention when their spans
  overlap and their ids are equal (one-to-one). A gold mention of the
  document's own number (``"self": true``) matches the document read from the
  header: same id, or, when the number is left blank, no id and the same code;
- distinct-id F1: the set of ids a file mentions (own number included);
- date, issuer, jurisdiction accuracy: over matched mentions;
- relation F1: (source, relation, target) triples of the scored relation types,
  "SELF" standing for a citing document without a number; also per type.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from parsers.extract import extract_file
from parsers.model import Extraction
from parsers.vocab import DATA_DIR, VOCAB

DEFAULT_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"
SELF = "SELF"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Agreement:
    right: int = 0
    total: int = 0

    def add(self, same: bool) -> None:
        self.right += same
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Score:
    mentions: Counts = field(default_factory=Counts)
    ids: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    relation_types: dict[str, Counts] = field(default_factory=dict)  # the same, per relation type
    date: Agreement = field(default_factory=Agreement)
    issuer: Agreement = field(default_factory=Agreement)
    jurisdiction: Agreement = field(default_factory=Agreement)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "mention": self.mentions.to_json(),
            "distinct_id": self.ids.to_json(),
            "relation": self.relations.to_json(),
            "relation_by_type": {name: counts.to_json() for name, counts in sorted(self.relation_types.items())},
            "date_accuracy": round(self.date.rate, 4),
            "issuer_accuracy": round(self.issuer.rate, 4),
            "jurisdiction_accuracy": round(self.jurisdiction.rate, 4),
            "matched_mentions": self.date.total,
        }


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _own_number_matches(gold: dict, extraction: Extraction) -> bool:
    document = extraction.document
    if gold["id"] is not None:
        return document.id == gold["id"]
    return document.id is None and bool(document.code) and gold["surface"].replace(" ", "").endswith(document.code)


def score_file(extraction: Extraction, gold_mentions: list[dict], gold_relations: list[dict], score: Score) -> None:
    name = Path(extraction.file).name
    unmatched = list(extraction.citations)
    counts = Counts()
    for gold in gold_mentions:
        if gold.get("self") and _own_number_matches(gold, extraction):
            counts.tp += 1
            own = [c for c in unmatched if c.id == gold["id"]]
            for c in own[:1]:
                unmatched.remove(c)
            continue
        match = next((c for c in unmatched if c.id == gold["id"]
                      and c.span.start < gold["end"] and gold["start"] < c.span.end), None)
        if match is None:
            counts.fn += 1
            score.errors.append(f"{name}: missed {gold['id']} {gold['surface']!r} at {gold['start']}")
            continue
        unmatched.remove(match)
        counts.tp += 1
        for attribute, agreement in (("date", score.date), ("issuer", score.issuer),
                                     ("jurisdiction", score.jurisdiction)):
            same = getattr(match, attribute) == gold.get(attribute)
            agreement.add(same)
            if not same:
                score.errors.append(f"{name}: {gold['id']} at {gold['start']}: {attribute} "
                                    f"{getattr(match, attribute)!r}, gold {gold.get(attribute)!r}")
    for c in unmatched:
        counts.fp += 1
        score.errors.append(f"{name}: extra {c.id} {c.text!r} at {c.span.start}")
    score.mentions.add(counts)

    gold_ids = {g["id"] for g in gold_mentions if g["id"]}
    predicted_ids = {c.id for c in extraction.citations} | ({extraction.document.id} - {None})
    score.ids.add(Counts(len(gold_ids & predicted_ids), len(predicted_ids - gold_ids), len(gold_ids - predicted_ids)))

    scored = {r.name for r in VOCAB.relation_types if r.scored}
    gold_triples = {(g["source"], g["relation"], g["target"]) for g in gold_relations if g["relation"] in scored}
    own = extraction.document.id or SELF
    predicted = {(r.source or own, r.type, r.target) for r in extraction.relations if r.type in scored}
    predicted = {(SELF if s == own and extraction.document.id is None else s, t, o) for s, t, o in predicted}
    score.relations.add(Counts(len(gold_triples & predicted), len(predicted - gold_triples), len(gold_triples - predicted)))
    for name in {t for _, t, _ in gold_triples | predicted}:
        gold_of, predicted_of = ({x for x in triples if x[1] == name} for triples in (gold_triples, predicted))
        score.relation_types.setdefault(name, Counts()).add(Counts(
            len(gold_of & predicted_of), len(predicted_of - gold_of), len(gold_of - predicted_of)))
    for triple in sorted(gold_triples - predicted):
        score.errors.append(f"{name}: missed relation {triple}")
    for triple in sorted(predicted - gold_triples):
        score.errors.append(f"{name}: extra relation {triple}")


def score_gold(gold_dir: Path = DEFAULT_GOLD, samples: Path = DATA_DIR / "samples") -> Score:
    score = Score()
    for mentions_path in sorted(gold_dir.glob("*.mentions.jsonl")):
        stem = mentions_path.name.removesuffix(".mentions.jsonl")
        extraction = extract_file(samples / f"{stem}.txt")
        relations = _read_jsonl(gold_dir / f"{stem}.relations.jsonl")
        score_file(extraction, _read_jsonl(mentions_path), relations, score)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--samples", type=Path, default=DATA_DIR / "samples")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if not args.gold.is_dir():
        print(f"score: no gold folder at {args.gold}", file=sys.stderr)
        return 2
    score = score_gold(args.gold, args.samples)
    if args.json:
        print(json.dumps(score.to_json(), ensure_ascii=False))
    else:
        for key, value in score.to_json().items():
            if key == "relation_by_type":
                for name, counts in value.items():
                    print(f"{'relation ' + name:24} {counts}")
            else:
                print(f"{key:24} {value}")
    if args.errors:
        print("\n".join(score.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
