"""The store: one SQLite file, the system of record of the graph.

What one file contributes (its header, its mentions, its relations) is kept
per file, so a changed file's contribution is replaced in one transaction:

    files ──< mentions      (id key, group, offsets, date, type, issuer…)
          ──< relations     (between id keys, with evidence)
    nodes ──< aliases       (resolved: every id key → one node key)
    conflicts               (kept, with evidence, for `kg conflicts`)

Nodes, aliases and conflicts are derived from the mentions. After a file
changes, only the *groups* it touches (same number, issuer code and
jurisdiction: see kg/resolve.py) are resolved again, from per-group tallies
computed by SQLite, never by loading the corpus into Python. Relations name
id keys, not node keys, so an alias merge never rewrites a relation; the
graph joins them through the aliases table when it loads.

Atomicity: WAL journal, and each file's contribution plus the re-resolution
it causes is one transaction: a killed ingest leaves the last committed file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

from kg.resolve import (
    Conflict, Link, Mention, Node, Tally, Witness, contributions, near_numbers, own_key,
    possible_misprint, possible_typo, resolve_group, typo_key,
)
from parsers.model import Evidence, Extraction

SCHEMA_VERSION = "1"
DEFAULT_DB = "kg.db"
WITNESS_MENTIONS = 3  # mentions shown per witness of a conflict
SQL_CHUNK = 500  # ids per "IN (…)": well under SQLite's variable limit

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    own_key TEXT NOT NULL,            -- node key of the file's own document
    doc_id TEXT, code TEXT, type TEXT, date TEXT, issuer TEXT, title TEXT, jurisdiction TEXT
);

CREATE TABLE IF NOT EXISTS mentions (
    file TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    key TEXT NOT NULL,                -- id key: "359-KH/TU@Quảng Ngãi"
    grp TEXT NOT NULL,                -- resolution group: "359|TU|Quảng Ngãi"
    id TEXT,
    span_start INTEGER, span_end INTEGER,   -- NULL for the file's own header
    text TEXT NOT NULL,
    type TEXT, date TEXT, issuer TEXT, jurisdiction TEXT,
    short INTEGER NOT NULL,
    is_self INTEGER NOT NULL,
    title TEXT
);
CREATE INDEX IF NOT EXISTS mentions_file ON mentions(file);
CREATE INDEX IF NOT EXISTS mentions_grp ON mentions(grp);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key, date);

CREATE TABLE IF NOT EXISTS relations (
    file TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    source_key TEXT NOT NULL, source_id TEXT,
    type TEXT NOT NULL,
    target_key TEXT NOT NULL, target_id TEXT NOT NULL,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_file ON relations(file);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source_key);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target_key);

CREATE TABLE IF NOT EXISTS nodes (
    key TEXT PRIMARY KEY,
    grp TEXT NOT NULL,
    id TEXT, type TEXT, date TEXT, issuer TEXT, jurisdiction TEXT, title TEXT, level TEXT,
    number TEXT, type_code TEXT, issuer_code TEXT,
    mentions INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_grp ON nodes(grp);
CREATE INDEX IF NOT EXISTS nodes_id ON nodes(id);
CREATE INDEX IF NOT EXISTS nodes_typo ON nodes(issuer_code, date, number);
CREATE INDEX IF NOT EXISTS nodes_number ON nodes(number, type_code);

CREATE TABLE IF NOT EXISTS aliases (
    key TEXT PRIMARY KEY,             -- every id key of the corpus, once
    node TEXT NOT NULL REFERENCES nodes(key) ON DELETE CASCADE,
    id TEXT
);
CREATE INDEX IF NOT EXISTS aliases_node ON aliases(node);
CREATE INDEX IF NOT EXISTS aliases_id ON aliases(id);

CREATE TABLE IF NOT EXISTS conflicts (
    kind TEXT NOT NULL,
    node TEXT NOT NULL,
    other TEXT,
    grp TEXT NOT NULL,
    other_grp TEXT,
    detail TEXT NOT NULL,
    evidence TEXT NOT NULL            -- JSON list of mentions
);
CREATE INDEX IF NOT EXISTS conflicts_grp ON conflicts(grp);
CREATE INDEX IF NOT EXISTS conflicts_other_grp ON conflicts(other_grp);
CREATE INDEX IF NOT EXISTS conflicts_node ON conflicts(node);
"""

# the columns of the nodes table, in the order of kg.resolve.Node's fields
# ("group" is an SQL word: its column is "grp"); Node(*row) reads a row back
NODE_COLUMNS = ", ".join(
    "grp" if f.name == "group" else f.name for f in fields(Node) if f.name != "aliases")


@dataclass(frozen=True, slots=True)
class StoredMention:
    file: str
    start: int | None
    end: int | None
    text: str
    id: str | None
    date: str | None
    type: str | None

    def to_json(self) -> dict:
        return {"file": self.file, "start": self.start, "end": self.end, "text": self.text,
                "id": self.id, "date": self.date, "type": self.type}


@dataclass(frozen=True, slots=True)
class StoredConflict:
    kind: str
    node: str
    other: str | None
    detail: str
    evidence: tuple[StoredMention, ...]

    def to_json(self) -> dict:
        return {"kind": self.kind, "node": self.node, "other": self.other, "detail": self.detail,
                "evidence": [m.to_json() for m in self.evidence]}


@dataclass(frozen=True, slots=True)
class StoredEdge:
    source: str  # node keys
    type: str
    target: str
    source_id: str | None
    target_id: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Counts:
    files: int
    documents: int
    mentions: int
    relations: int
    conflicts: int

    def to_json(self) -> dict:
        return {"files": self.files, "documents": self.documents, "mentions": self.mentions,
                "relations": self.relations, "conflicts": self.conflicts}


def _chunks(items: list, size: int = SQL_CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(items: list) -> str:
    return ",".join("?" * len(items))


class Store:
    """An open store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = Path(path)
        # autocommit mode: transactions are opened explicitly, one per file
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # safe against a killed process in WAL
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._db.execute(
            "INSERT OR IGNORE INTO meta(name, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------

    def file_hash(self, path: str) -> str | None:
        row = self._db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def put(self, extraction: Extraction, sha256: str) -> None:
        """Replace everything ``extraction.file`` contributed, in one transaction."""
        mentions, links = contributions(extraction)
        path = extraction.file
        self._db.execute("BEGIN IMMEDIATE")
        try:
            old_groups = {g for (g,) in self._db.execute(
                "SELECT DISTINCT grp FROM mentions WHERE file = ?", (path,))}
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._insert_file(extraction, sha256)
            self._insert_mentions(path, mentions)
            self._insert_links(path, links)
            self._resolve(old_groups | {m.group for m in mentions})
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _insert_file(self, extraction: Extraction, sha256: str) -> None:
        doc = extraction.document
        self._db.execute(
            "INSERT INTO files(path, sha256, ingested_at, own_key, doc_id, code, type, date, "
            "issuer, title, jurisdiction) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (extraction.file, sha256, datetime.now(timezone.utc).isoformat(timespec="seconds"),
             own_key(extraction), doc.id, doc.code, doc.type, doc.date, doc.issuer, doc.title,
             doc.jurisdiction),
        )

    def _insert_mentions(self, path: str, mentions: list[Mention]) -> None:
        self._db.executemany(
            "INSERT INTO mentions(file, key, grp, id, span_start, span_end, text, type, date, "
            "issuer, jurisdiction, short, is_self, title) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(path, m.key, m.group, m.id, m.start, m.end, m.text, m.type, m.date, m.issuer,
              m.jurisdiction, int(m.short), int(m.is_self), m.title) for m in mentions],
        )

    def _insert_links(self, path: str, links: list[Link]) -> None:
        self._db.executemany(
            "INSERT INTO relations(file, source_key, source_id, type, target_key, target_id, "
            "span_start, span_end, text) VALUES (?,?,?,?,?,?,?,?,?)",
            [(path, k.source_key, k.source_id, k.type, k.target_key, k.target_id,
              k.evidence.start, k.evidence.end, k.evidence.text) for k in links],
        )

    def _resolve(self, groups: Iterable[str]) -> None:
        """Recompute the nodes, aliases and conflicts of these groups only."""
        new_nodes: list[Node] = []
        for chunk in _chunks(sorted(groups)):
            marks = _marks(chunk)
            self._db.execute(
                f"DELETE FROM conflicts WHERE grp IN ({marks}) OR other_grp IN ({marks})", chunk * 2)
            self._db.execute(f"DELETE FROM nodes WHERE grp IN ({marks})", chunk)  # cascades aliases
            rows = self._db.execute(
                "SELECT grp, key, id, jurisdiction, date, type, issuer, is_self, title, COUNT(*) "
                f"FROM mentions WHERE grp IN ({marks}) "
                "GROUP BY grp, key, id, jurisdiction, date, type, issuer, is_self, title "
                "ORDER BY grp", chunk,
            )
            for group, group_rows in groupby(rows, key=lambda r: r[0]):
                tallies = [Tally(*r[1:7], bool(r[7]), r[8], r[9]) for r in group_rows]
                resolution = resolve_group(group, tallies)
                for node in resolution.nodes:
                    self._insert_node(node)
                for conflict in resolution.conflicts:
                    self._insert_conflict(conflict, group)
                new_nodes.extend(resolution.nodes)
        self._find_typos(new_nodes)

    def _insert_node(self, node: Node) -> None:
        self._db.execute(
            f"INSERT INTO nodes({NODE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (node.key, node.group, node.id, node.type, node.date, node.issuer, node.jurisdiction,
             node.title, node.level, node.number, node.type_code, node.issuer_code, node.mentions),
        )
        self._db.executemany(
            "INSERT INTO aliases(key, node, id) SELECT ?, ?, id FROM mentions WHERE key = ? LIMIT 1",
            [(alias, node.key, alias) for alias in node.aliases],
        )

    def _find_typos(self, nodes: list[Node]) -> None:
        """Pair each re-resolved node with the stored nodes of the same issuer,
        type, jurisdiction and date whose number is one edit away: looked up
        by the candidate numbers, so a busy day of an issuer costs nothing."""
        seen: set[tuple[str, str]] = set()
        for node in nodes:
            self._find_misprints(node, seen)
            key = typo_key(node)
            if key is None:
                continue
            issuer_code, type_code, jurisdiction, date = key
            candidates = sorted(near_numbers(node.number))
            neighbours = self._db.execute(
                f"SELECT {NODE_COLUMNS} FROM nodes WHERE issuer_code = ? AND date = ? "
                f"AND number IN ({_marks(candidates)}) AND type_code IS ? AND jurisdiction IS ?",
                (issuer_code, date, *candidates, type_code, jurisdiction),
            )
            for row in neighbours.fetchall():
                other = Node(*row)
                conflict = possible_typo(node, other)
                if conflict and (conflict.node, conflict.other) not in seen:
                    seen.add((conflict.node, conflict.other))
                    first, second = (node, other) if conflict.node == node.key else (other, node)
                    self._insert_conflict(conflict, first.group, second.group)

    def _find_misprints(self, node: Node, seen: set[tuple[str, str]]) -> None:
        """Pair a re-resolved node with the nodes of the same number and type
        code numbered the other way (57/NQ-CP beside 57-NQ/TW: kg/resolve.py)."""
        if not (node.number and node.type_code):
            return
        others = self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE number = ? AND type_code = ? AND grp != ?",
            (node.number, node.type_code, node.group))
        for row in others.fetchall():
            conflict = possible_misprint(node, Node(*row))
            if conflict and (conflict.node, conflict.other) not in seen:
                seen.add((conflict.node, conflict.other))
                self._insert_conflict(conflict, node.group, row[1])

    def _insert_conflict(self, conflict: Conflict, group: str, other_group: str | None = None):
        evidence = [m.to_json() for w in conflict.witnesses for m in self._witnessed(w)]
        self._db.execute(
            "INSERT INTO conflicts(kind, node, other, grp, other_grp, detail, evidence) "
            "VALUES (?,?,?,?,?,?,?)",
            (conflict.kind, conflict.node, conflict.other, group, other_group, conflict.detail,
             json.dumps(evidence, ensure_ascii=False)),
        )

    def _witnessed(self, witness: Witness) -> list[StoredMention]:
        rows = self._db.execute(
            "SELECT file, span_start, span_end, text, id, date, type FROM mentions "
            "WHERE key = ? AND (? IS NULL OR date = ?) AND (? IS NULL OR type = ?) "
            "ORDER BY date IS NULL, is_self, file, span_start LIMIT ?",
            (witness.key, witness.date, witness.date, witness.type, witness.type,
             WITNESS_MENTIONS),
        )
        return [StoredMention(*r) for r in rows]

    # --- reading ---------------------------------------------------------------

    def counts(self) -> Counts:
        one = lambda sql: self._db.execute(sql).fetchone()[0]
        return Counts(
            files=one("SELECT COUNT(*) FROM files"),
            documents=one("SELECT COUNT(*) FROM nodes"),
            mentions=one("SELECT COUNT(*) FROM mentions WHERE is_self = 0"),
            relations=one("SELECT COUNT(*) FROM relations"),
            conflicts=one("SELECT COUNT(*) FROM conflicts"),
        )

    def relation_counts(self) -> dict[str, int]:
        return dict(self._db.execute(
            "SELECT type, COUNT(*) FROM relations GROUP BY type ORDER BY COUNT(*) DESC, type"))

    def conflict_counts(self) -> dict[str, int]:
        return dict(self._db.execute(
            "SELECT kind, COUNT(*) FROM conflicts GROUP BY kind ORDER BY kind"))

    def nodes(self) -> Iterator[Node]:
        """Every node, its ``aliases`` the ids of its other spellings."""
        others: dict[str, list[str]] = {}
        for node, alias_id in self._db.execute(
            "SELECT a.node, a.id FROM aliases a JOIN nodes n ON n.key = a.node "
            "WHERE a.key != a.node ORDER BY a.id"
        ):
            others.setdefault(node, []).append(alias_id)
        for row in self._db.execute(f"SELECT {NODE_COLUMNS} FROM nodes ORDER BY key"):
            yield Node(*row, aliases=tuple(others.get(row[0], ())))

    def edges(self) -> Iterator[StoredEdge]:
        """Every relation, its endpoints mapped to node keys through the aliases."""
        rows = self._db.execute(
            "SELECT COALESCE(s.node, r.source_key), r.type, COALESCE(t.node, r.target_key), "
            "r.source_id, r.target_id, r.file, r.span_start, r.span_end, r.text "
            "FROM relations r LEFT JOIN aliases s ON s.key = r.source_key "
            "LEFT JOIN aliases t ON t.key = r.target_key ORDER BY r.file, r.span_start"
        )
        for source, type_, target, source_id, target_id, file, start, end, text in rows:
            yield StoredEdge(source, type_, target, source_id, target_id,
                             Evidence(file, start, end, text))

    # --- reading in batches (kg/model.py) --------------------------------------------

    def node_rows(self, after: str | None = None, limit: int = SQL_CHUNK) -> list[tuple]:
        """Up to ``limit`` rows of NODE_COLUMNS whose key sorts after ``after``,
        by key: pages of the nodes table without OFFSET's rescans."""
        return self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE ? IS NULL OR key > ? ORDER BY key LIMIT ?",
            (after, after, limit)).fetchall()

    def node_rows_of(self, keys: Iterable[str]) -> list[tuple]:
        """The NODE_COLUMNS rows of these node keys (those that have one)."""
        rows = []
        for chunk in _chunks(sorted(set(keys))):
            rows += self._db.execute(
                f"SELECT {NODE_COLUMNS} FROM nodes WHERE key IN ({_marks(chunk)})", chunk)
        return sorted(rows)

    def other_spellings(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """Node key → the ids of its other spellings (its aliases), by id."""
        spellings: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            for node, alias_id in self._db.execute(
                f"SELECT node, id FROM aliases WHERE node IN ({_marks(chunk)}) AND key != node "
                "ORDER BY id", chunk):
                spellings.setdefault(node, []).append(alias_id)
        return spellings

    def incoming_types(self, keys: Iterable[str], types: Iterable[str]) -> dict[str, set[str]]:
        """Node key → which of these relation types others state to it."""
        types = sorted(set(types))
        found: dict[str, set[str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            rows = self._db.execute(
                "SELECT a.node, r.type FROM aliases a JOIN relations r ON r.target_key = a.key "
                f"WHERE a.node IN ({_marks(chunk)}) AND r.type IN ({_marks(types)}) "
                "UNION SELECT r.target_key, r.type FROM relations r "
                f"WHERE r.target_key IN ({_marks(chunk)}) AND r.type IN ({_marks(types)}) "
                "AND NOT EXISTS (SELECT 1 FROM aliases WHERE key = r.target_key)",
                (*chunk, *types, *chunk, *types))
            for node, type_ in rows:
                found.setdefault(node, set()).add(type_)
        return found

    _BARE = ("SELECT {end}_key AS key, {end}_id AS id FROM relations r WHERE {where} NOT EXISTS "
             "(SELECT 1 FROM aliases WHERE key = r.{end}_key)")

    def _bare(self, where: str = "", params: list = ()) -> Iterator[tuple[str, str | None]]:
        parts = " UNION ALL ".join(self._BARE.format(end=end, where=where.format(end=end))
                                   for end in ("source", "target"))
        return iter(self._db.execute(
            f"SELECT key, MIN(id) FROM ({parts}) GROUP BY key ORDER BY key", [*params, *params]))

    def bare_endpoints(self, keys: Iterable[str] | None = None) -> Iterator[tuple[str, str | None]]:
        """(key, id) of each relation endpoint that no mention names (among
        ``keys`` when given), by key: documents known only as the end of a
        relation, with the id the relation gives them."""
        if keys is None:
            yield from self._bare()
            return
        for chunk in _chunks(sorted(set(keys))):
            yield from self._bare(f"{{end}}_key IN ({_marks(chunk)}) AND", chunk)

    def keys_named(self, doc_id: str) -> set[str]:
        """Node keys of the documents with this id or alias, bare ones too."""
        return {key for (key,) in self._db.execute(
            "SELECT node FROM aliases WHERE id = ? UNION "
            "SELECT r.source_key FROM relations r WHERE r.source_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM aliases WHERE key = r.source_key) UNION "
            "SELECT r.target_key FROM relations r WHERE r.target_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM aliases WHERE key = r.target_key)", (doc_id,) * 3)}

    def ids(self) -> Iterator[str]:
        """Every id the store knows (each spelling, bare endpoints' too)."""
        return (doc_id for (doc_id,) in self._db.execute(
            "SELECT id FROM aliases WHERE id IS NOT NULL UNION SELECT source_id FROM relations "
            "WHERE source_id IS NOT NULL UNION SELECT target_id FROM relations"))

    _LINK_COLUMNS = (
        "COALESCE(s.node, r.source_key), r.type, COALESCE(t.node, r.target_key), "
        "r.file, r.span_start, r.span_end, r.text")
    _LINK_JOINS = ("LEFT JOIN aliases s ON s.key = r.source_key "
                   "LEFT JOIN aliases t ON t.key = r.target_key")

    def link_rows(self) -> Iterator[tuple]:
        """(source, type, target, file, start, end, text) of every relation,
        endpoints as node keys, each stated relation once, by file and offset."""
        return iter(self._db.execute(
            f"SELECT DISTINCT {self._LINK_COLUMNS} FROM relations r {self._LINK_JOINS} "
            "ORDER BY r.file, r.span_start, r.span_end, 1, 2, 3"))

    def link_rows_at(self, keys: Iterable[str], types: Iterable[str],
                     outgoing: bool) -> list[tuple]:
        """The link rows (as ``link_rows``) of these types leaving (``outgoing``)
        or reaching these node keys."""
        types = sorted(set(types))
        end = "source" if outgoing else "target"
        alias = "s" if outgoing else "t"
        rows: set[tuple] = set()
        for chunk in _chunks(sorted(set(keys))):
            rows.update(self._db.execute(
                f"SELECT {self._LINK_COLUMNS} FROM aliases x JOIN relations r "
                f"ON r.{end}_key = x.key {self._LINK_JOINS} "
                f"WHERE x.node IN ({_marks(chunk)}) AND r.type IN ({_marks(types)}) "
                f"UNION SELECT {self._LINK_COLUMNS} FROM relations r {self._LINK_JOINS} "
                f"WHERE r.{end}_key IN ({_marks(chunk)}) AND {alias}.key IS NULL "
                f"AND r.type IN ({_marks(types)})",
                (*chunk, *types, *chunk, *types)))
        return sorted(rows, key=lambda r: (r[3], r[4], r[5], r[0], r[1], r[2]))

    def fingerprint(self) -> str:
        """A digest that changes whenever the stored files change (any file
        added, re-ingested or removed): derived copies of the graph compare it."""
        digest = hashlib.sha256(SCHEMA_VERSION.encode())
        for path, sha256, ingested_at in self._db.execute(
                "SELECT path, sha256, ingested_at FROM files ORDER BY path"):
            digest.update(f"{path}\0{sha256}\0{ingested_at}\n".encode())
        return digest.hexdigest()

    def conflicts(self, node: str | None = None) -> list[StoredConflict]:
        rows = self._db.execute(
            "SELECT kind, node, other, detail, evidence FROM conflicts "
            "WHERE ? IS NULL OR node = ? OR other = ? ORDER BY kind, node, other",
            (node, node, node),
        )
        return [
            StoredConflict(kind, key, other, detail,
                           tuple(StoredMention(**m) for m in json.loads(evidence)))
            for kind, key, other, detail, evidence in rows
        ]

    def mentions_of(self, node: str) -> list[StoredMention]:
        """Every mention of a node, under any of its spellings."""
        rows = self._db.execute(
            "SELECT m.file, m.span_start, m.span_end, m.text, m.id, m.date, m.type "
            "FROM aliases a JOIN mentions m ON m.key = a.key WHERE a.node = ? "
            "ORDER BY m.file, m.span_start",
            (node,),
        )
        return [StoredMention(*r) for r in rows]

    def integrity_errors(self) -> list[str]:
        """SQLite's own check plus the store's invariants; empty when sound."""
        errors = [r[0] for r in self._db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        errors += [f"foreign key: {r}" for r in self._db.execute("PRAGMA foreign_key_check")]
        orphans = self._db.execute(
            "SELECT COUNT(*) FROM mentions m LEFT JOIN aliases a ON a.key = m.key "
            "WHERE a.key IS NULL").fetchone()[0]
        if orphans:
            errors.append(f"{orphans} mentions whose id key has no node")
        return errors
