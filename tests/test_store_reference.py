"""The store's incremental write path against a plain recomputation.

Whatever the order of the writes — batches of any size, files changed,
removed and moved — the derived tables (nodes, aliases, conflicts and the
tallies) must be what a recomputation from the stored mentions alone
gives: every group resolved from a recount, every pair of nodes compared
for possible typos and misprints, every conflict's evidence read from the
full list of mentions. The recomputation here is deliberately naive
(quadratic, in Python) so that it is obviously right."""

import json
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bench.corpus import generate
from kg.resolve import Tally, possible_misprint, possible_typo, resolve_group
from kg.store import NODE_COLUMNS, TALLY_COLUMNS, WITNESS_MENTIONS, Store
from kg_corpus import QN_REPORT, Cite, corpus, dump, report, synthetic
from parsers.extract import extract_text

GENERATED = 150


def _mentions(db: sqlite3.Connection) -> list[tuple]:
    return db.execute(
        "SELECT grp, key, id, jurisdiction, date, type, issuer, is_self, title, "
        "file, span_start, span_end, text FROM mentions").fetchall()


def _evidence(mentions: list[tuple], key: str, date: str | None, type_: str | None) -> list[dict]:
    """The first mentions of a witness, as the store documents it: of that
    key (and date, and type word, when given), dated ones first, then by
    whether it is the file's own header, file and offset."""
    chosen = [m for m in mentions if m[1] == key and (date is None or m[4] == date)
              and (type_ is None or m[5] == type_)]
    chosen.sort(key=lambda m: (date is None and m[4] is None, m[7], m[9],
                               -1 if m[10] is None else m[10]))
    return [{"file": m[9], "start": m[10], "end": m[11], "text": m[12], "id": m[2],
             "date": m[4], "type": m[5]} for m in chosen[:WITNESS_MENTIONS]]


def reference(db_path: Path) -> dict[str, list[tuple]]:
    """Tallies, nodes, aliases and conflicts recomputed from the mentions."""
    db = sqlite3.connect(db_path)
    try:
        mentions = _mentions(db)
    finally:
        db.close()
    tallies: dict[tuple, int] = {}
    for m in mentions:
        tallies[m[:9]] = tallies.get(m[:9], 0) + 1
    groups: dict[str, list[Tally]] = {}
    for row, count in sorted(tallies.items(), key=repr):
        groups.setdefault(row[0], []).append(Tally(*row[1:7], bool(row[7]), row[8], count))
    ids = {m[1]: m[2] for m in mentions}
    nodes, conflicts = [], []
    for group, group_tallies in groups.items():
        resolution = resolve_group(group, group_tallies)
        nodes += resolution.nodes
        conflicts += [(c, group, None) for c in resolution.conflicts]
    headed = {m[1] for m in mentions if m[7]}  # id keys some file's header names
    attested = {n.key for n in nodes if headed.intersection(n.aliases)}
    for a in nodes:
        for b in nodes:
            for found in (possible_typo(a, b, attested), possible_misprint(a, b)):
                if found and found.node == a.key:
                    conflicts.append((found, a.group, b.group))
    conflict_rows = {
        (c.kind, c.node, c.other, group, other_group, c.detail, json.dumps(
            [e for w in c.witnesses for e in _evidence(mentions, w.key, w.date, w.type)],
            ensure_ascii=False))
        for c, group, other_group in conflicts}
    node_fields = NODE_COLUMNS.split(", ")
    return {
        "tallies": sorted(((*row, count) for row, count in tallies.items()), key=repr),
        "nodes": sorted((tuple(getattr(n, "group" if f == "grp" else f) for f in node_fields)
                         for n in nodes), key=repr),
        "aliases": sorted(((alias, n.key, ids[alias]) for n in nodes for alias in n.aliases), key=repr),
        "conflicts": sorted(conflict_rows, key=repr),
    }


def stored(db_path: Path) -> dict[str, list[tuple]]:
    rows = dump(db_path)
    db = sqlite3.connect(db_path)
    try:
        rows["tallies"] = sorted(db.execute(f"SELECT {TALLY_COLUMNS}, count FROM tallies"), key=repr)
    finally:
        db.close()
    return rows


def counted(db_path: Path) -> tuple:
    """What `kg stats` prints, counted row by row."""
    db = sqlite3.connect(db_path)
    try:
        rows = lambda sql: [r[0] for r in db.execute(sql)]
        totals = {"files": len(rows("SELECT path FROM files")), "documents": len(rows("SELECT key FROM nodes")),
                  "mentions": len(rows("SELECT key FROM mentions WHERE NOT is_self"))}
        relations, conflicts = Counter(rows("SELECT type FROM relations")), Counter(rows("SELECT kind FROM conflicts"))
    finally:
        db.close()
    return {**totals, "relations": relations.total(), "conflicts": conflicts.total()}, relations, conflicts


def assert_as_recomputed(db_path: Path) -> None:
    got, expected = stored(db_path), reference(db_path)
    for table in ("tallies", "nodes", "aliases", "conflicts"):
        assert got[table] == expected[table], table
    with Store(db_path, readonly=True) as store:  # the totals the triggers keep
        kept = store.counts().to_json(), store.relation_counts(), store.conflict_counts()
    assert kept == counted(db_path)


@pytest.fixture(scope="module")
def extractions():
    """Hand-made reports with conflicts of every kind (a misprint 57/NQ-CP
    beside 57-NQ/TW among them), synthetic ones sharing groups, and
    generated documents through the real extractor."""
    misprint = report("misprint.txt", replace(QN_REPORT, title="Báo cáo có số in nhầm"), [
        ([Cite("57/NQ-CP", jurisdiction=None), Cite("359-KH/TU", "2025-04-29")],
         [("359-KH/TU", "implements", "57/NQ-CP")])])
    generated = [extract_text(d.text, f"/generated/{d.name}") for d in generate(GENERATED, seed=3)]
    return [*corpus(), misprint, *(synthetic(i, 1) for i in range(40)), *generated]


def put_in_batches(store: Store, extractions, rng: random.Random) -> None:
    i = 0
    while i < len(extractions):
        size = rng.choice((1, 2, 7, 30))
        store.put_many([(e, f"sha-{e.file}-{len(e.text)}") for e in extractions[i:i + size]])
        i += size


def test_batches_of_any_size_give_the_recomputed_tables(tmp_path, extractions):
    with Store(tmp_path / "kg.db") as store:
        put_in_batches(store, extractions, random.Random(1))
        conflicts = store.conflict_counts()
    assert {"alias", "date", "type", "possible_typo", "possible_misprint"} <= set(conflicts)
    assert_as_recomputed(tmp_path / "kg.db")


def test_changed_removed_and_moved_files_give_the_recomputed_tables(tmp_path, extractions):
    rng = random.Random(2)
    with Store(tmp_path / "kg.db") as store:
        put_in_batches(store, extractions, rng)
        changed = [synthetic(i, 2) for i in range(0, 40, 3)]
        put_in_batches(store, changed, rng)
        for e in rng.sample(extractions, 25):
            store.remove(e.file)
        assert_as_recomputed(tmp_path / "kg.db")
        for e in rng.sample(extractions, 10):
            store.move(e.file, e.file + ".moved")
        put_in_batches(store, extractions[:20], rng)  # back again, some beside their moved copy
    assert_as_recomputed(tmp_path / "kg.db")


def test_the_order_of_the_files_changes_nothing(tmp_path, extractions):
    shuffled = list(extractions)
    random.Random(4).shuffle(shuffled)
    for name, files in (("a.db", extractions), ("b.db", shuffled)):
        with Store(tmp_path / name) as store:
            put_in_batches(store, files, random.Random(len(name)))
    a, b = stored(tmp_path / "a.db"), stored(tmp_path / "b.db")
    for table in ("mentions", "relations", "tallies", "nodes", "aliases", "conflicts"):
        assert a[table] == b[table], table


def _cites(file: str, *cites: Cite) -> object:
    return report(file, replace(QN_REPORT, title=f"Báo cáo {file}"), [(list(cites), [])])


def test_each_step_of_a_changing_group_gives_the_recomputed_tables(tmp_path):
    """One file at a time, what the write path keeps rather than writes
    again must still be right: nodes that split and merge (a yearly number
    met in a second year), conflicts that appear and go, a possible typo
    whose evidence changes while its detail does not, a misprint whose two
    sides swap, a moved file whose mentions come first after the move."""
    steps = [
        ("put", _cites("m.txt", Cite("12/KH-UBND", "2024-03-01"), Cite("359-KH/TU", "2025-04-29"))),
        ("put", _cites("n.txt", Cite("12/KH-UBND"))),  # undated: joins the one dated document
        ("put", _cites("o.txt", Cite("12/KH-UBND", "2025-02-02"))),  # a second year: two nodes
        ("put", _cites("p.txt", Cite("539-KH/TU", "2025-04-29"))),  # a possible typo appears
        ("put", _cites("b.txt", Cite("359-KH/TU", "2025-04-29"))),  # its evidence comes first now
        ("put", _cites("q.txt", Cite("359-KH/TU", "2025-05-01"))),  # a date conflict appears
        ("move", ("m.txt", "c.txt")),  # the same counts; evidence from c.txt, not m.txt
        ("remove", "q.txt"),  # the date conflict goes
        ("put", _cites("p.txt", Cite("539-KH/TU", "2025-04-30"))),  # the typo goes: another date
        ("put", _cites("r.txt", Cite("57-NQ/TW", "2024-12-22", jurisdiction=None),
                       Cite("57/NQ-CP", jurisdiction=None))),  # a possible misprint
        ("put", _cites("s.txt", *[Cite("57/NQ-CP", jurisdiction=None)] * 3)),  # its sides swap
        ("move", ("c.txt", "a.txt")),  # its mentions now sort first
        ("remove", "o.txt"),  # one year again: one node
        ("remove", "a.txt"),
    ]
    with Store(tmp_path / "kg.db") as store:
        kinds = set()
        for action, argument in steps:
            if action == "put":
                store.put(argument, f"sha-{argument.file}-{len(argument.text)}")
            elif action == "remove":
                assert store.remove(argument)
            else:
                store.move(*argument)
            kinds |= set(store.conflict_counts())
            assert_as_recomputed(tmp_path / "kg.db")
    assert {"date", "possible_typo", "possible_misprint"} <= kinds


def test_a_store_from_before_the_totals_is_counted_then_kept(tmp_path, extractions):
    db_path = tmp_path / "kg.db"
    with Store(db_path) as store:
        put_in_batches(store, extractions[:60], random.Random(5))
    db = sqlite3.connect(db_path)
    triggers = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert len(triggers) == 10
    for name in triggers:
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE totals")
    db.commit()
    db.close()
    with Store(db_path, readonly=True) as store:  # read as it is: counted
        assert (store.counts().to_json(), store.relation_counts(), store.conflict_counts()) == counted(db_path)
    with Store(db_path) as store:  # written: the totals counted once, then kept
        put_in_batches(store, extractions[60:], random.Random(6))
        store.remove(extractions[0].file)
    assert_as_recomputed(db_path)


def _decision(number: int) -> str:
    return (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\nSố: {number}/QĐ-UBND\n"
            "Quảng Ngãi, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\n")


def test_two_documents_whose_own_files_are_stored_are_no_possible_typo(tmp_path):
    """1234 and 1236/QĐ-UBND of one day: a possible typo while either is only
    cited, none once both files are stored (their headers show two
    decisions), again when one file goes."""
    cited = ("Thực hiện Quyết định số 1234/QĐ-UBND ngày 05/3/2025 và Quyết định số 1236/QĐ-UBND "
             "ngày 05/3/2025 của Ủy ban nhân dân tỉnh Quảng Ngãi, Sở báo cáo như sau.\n")
    steps = [("put", "report.txt", cited, True), ("put", "a.txt", _decision(1234), True),
             ("put", "b.txt", _decision(1236), False), ("remove", "a.txt", None, True)]
    with Store(tmp_path / "kg.db") as store:
        for action, name, text, typo in steps:
            if action == "put":
                store.put(extract_text(text, name), f"sha-{name}")
            else:
                assert store.remove(name)
            typos = [c.detail for c in store.conflicts() if c.kind == "possible_typo"]
            assert typos == (["1234/QĐ-UBND and 1236/QĐ-UBND: same issuer, type and date 2025-03-05, "
                              "numbers one edit apart; kept apart"] if typo else []), (action, name)
            assert_as_recomputed(tmp_path / "kg.db")
