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
(how many mentions share each set of attributes) that every write keeps up
to date: a group cited by every file costs its few distinct rows, not its
mentions, and the corpus is never loaded into Python. Relations name
id keys, not node keys, so an alias merge never rewrites a relation; the
graph joins them through the aliases table when it loads.

Atomicity: WAL journal, and each batch of files (put_many; one file with
put), each removal and each move, with the re-resolution it causes, is one
transaction: a killed ingest leaves the last committed batch.

Opening checks before anything is written: a file that is not a kg store
(not SQLite, another program's database, an empty file) or a store of
another schema version is refused (kg/errors.py) and left as it was. A new
store is made beside its path and linked into place, so a killed creation
leaves nothing half-made. Readers open read-only (``mode=ro``) and never
write; writers wait for each other (``busy_timeout``, then retries, up to
KG_BUSY_TIMEOUT seconds).

Journal: a writer switches the store to WAL while it is open (readers keep
reading during its transactions) and back to a plain rollback journal when
it closes, if no one else has it open. A store at rest is then one file,
and a reader needs nothing beside it: no ``-wal`` or ``-shm`` is made by a
query, so a read-only file or folder can be queried and is left as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar
from urllib.parse import quote

from kg.errors import (
    NoStore, NotAStore, StoreDamaged, WrongSchemaVersion, from_sqlite, is_busy,
)
from kg.resolve import (
    Conflict, Link, Mention, Node, Tally, Witness, contributions, file_key, near_numbers,
    own_key, possible_misprint, possible_typo, resolve_group, typo_key,
)
from parsers.model import Extraction

SCHEMA_VERSION = "4"  # 2: tallies; yearly keys of numbering that restarts each year; 3: no
# mentions_grp; 4: one key index of mentions, conflicts_other
DEFAULT_DB = "kg.db"
WITNESS_MENTIONS = 3  # mentions shown per witness of a conflict
SQL_CHUNK = 500  # ids per "IN (…)": well under SQLite's variable limit
DEFAULT_BUSY_SECONDS = 60.0  # how long to wait for another writer (KG_BUSY_TIMEOUT)
RETRY_PAUSE = 0.05  # seconds between attempts when SQLite gives up waiting early
CACHE_KIB = 512 * 1024  # a writer's page cache: SQLite takes it only as the store grows
CHECKPOINT_PAGES = 16384  # WAL pages (64 MB) before they are copied into the store
SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
WAL_FORMAT = 2  # header bytes 18-19: the file format versions of a WAL-mode database
KG_TABLES = frozenset({"meta", "files", "mentions", "relations", "nodes", "aliases", "conflicts",
                       "tallies"})
T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    own_key TEXT NOT NULL,            -- node key of the file's own document
    doc_id TEXT, code TEXT, type TEXT, date TEXT, issuer TEXT, title TEXT, jurisdiction TEXT
);
-- a new file's content looked up among the stored ones (a moved file, kg/ingest.py)
CREATE INDEX IF NOT EXISTS files_sha256 ON files(sha256);

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
-- the first mentions of a key with each date and type word, for a conflict's
-- evidence (Store._witnessed): one index, since every batch adds a page of
-- each mentions index per mention, ordered by key
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key, date, type, is_self, file, span_start);

-- how many mentions share each set of resolution attributes, per group: kept
-- up to date by every put, so a group is resolved from its few distinct rows
-- and not from its mentions (a law under every "Căn cứ" has one per file)
CREATE TABLE IF NOT EXISTS tallies (
    grp TEXT NOT NULL, key TEXT NOT NULL, id TEXT, jurisdiction TEXT, date TEXT, type TEXT,
    issuer TEXT, is_self INTEGER NOT NULL, title TEXT,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tallies_grp ON tallies(grp, key);

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
-- by target and type: a document a national store cites everywhere has a hundred
-- thousand incoming cites, among which its few amends and repeals are looked up
-- (a store from before builds it once when next written, in seconds)
CREATE INDEX IF NOT EXISTS relations_target_type ON relations(target_key, type);
DROP INDEX IF EXISTS relations_target;

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
CREATE INDEX IF NOT EXISTS conflicts_other ON conflicts(other);  -- conflicts_of, and a node's typos
"""

# The totals `kg stats` prints, kept by triggers as rows come and go (a
# count of a national store's tens of millions of rows takes a minute):
# (table, name of its total, SQL of the name of a row's kind, which rows count)
COUNTED = (
    ("files", "files", None, None),
    ("nodes", "documents", None, None),
    ("mentions", "mentions", None, "is_self = 0"),  # a file's own header is no mention
    ("relations", "relations", "'relation:' || {row}.type", None),
    ("conflicts", "conflicts", "'conflict:' || {row}.kind", None),
)


def _names_of(row: str, name: str, kind: str | None) -> list[str]:
    return [f"'{name}'"] + ([kind.format(row=row)] if kind else [])


def _totals_schema() -> str:
    """The totals table and the triggers that keep it."""
    sql = ["CREATE TABLE IF NOT EXISTS totals (name TEXT PRIMARY KEY, count INTEGER NOT NULL);"]
    for table, name, kind, condition in COUNTED:
        when = f" WHEN {condition.replace('is_self', 'NEW.is_self')}" if condition else ""
        values = ", ".join(f"({n}, 1)" for n in _names_of("NEW", name, kind))
        sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_counted AFTER INSERT ON {table}{when} BEGIN "
                   f"INSERT INTO totals(name, count) VALUES {values} "
                   "ON CONFLICT(name) DO UPDATE SET count = count + 1; END;")
        when = f" WHEN {condition.replace('is_self', 'OLD.is_self')}" if condition else ""
        sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_uncounted AFTER DELETE ON {table}{when} BEGIN "
                   f"UPDATE totals SET count = count - 1 WHERE name IN ({', '.join(_names_of('OLD', name, kind))}); END;")
    return "\n".join(sql)


def _recount() -> str:
    """(name, count) of every total, counted from the rows themselves."""
    parts = []
    for table, name, kind, condition in COUNTED:
        where = f" WHERE {condition}" if condition else ""
        parts.append(f"SELECT '{name}', COUNT(*) FROM {table}{where}")
        if kind:
            parts.append(f"SELECT {kind.format(row=table)}, COUNT(*) FROM {table}{where} GROUP BY 1")
    return " UNION ALL ".join(parts)


TOTALS_SCHEMA, RECOUNT = _totals_schema(), _recount()

# what a group is resolved from (kg.resolve.Tally), in the order of its fields
TALLY_COLUMNS = "grp, key, id, jurisdiction, date, type, issuer, is_self, title"
# the columns of the nodes table, in the order of kg.resolve.Node's fields
# ("group" is an SQL word: its column is "grp"); Node(*row) reads a row back
NODE_FIELDS = tuple("grp" if f.name == "group" else f.name for f in fields(Node) if f.name != "aliases")
NODE_COLUMNS = ", ".join(NODE_FIELDS)


def _node_row(node: Node) -> tuple:
    """The node's row of NODE_COLUMNS."""
    return (node.key, node.group, node.id, node.type, node.date, node.issuer, node.jurisdiction,
            node.title, node.level, node.number, node.type_code, node.issuer_code, node.mentions)


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


def busy_timeout() -> float:
    """Seconds to wait for a lock held by another process, from KG_BUSY_TIMEOUT."""
    try:
        return max(0.0, float(os.environ.get("KG_BUSY_TIMEOUT", "") or DEFAULT_BUSY_SECONDS))
    except ValueError:
        return DEFAULT_BUSY_SECONDS


def _retrying(action: Callable[[], T]) -> T:
    """Run ``action``, again while SQLite reports the store busy, until the
    wait is over: SQLite's own busy handler does not cover every case (a
    journal-mode switch, a WAL being recovered)."""
    deadline = time.monotonic() + busy_timeout()
    while True:
        try:
            return action()
        except sqlite3.OperationalError as err:
            if not is_busy(err) or time.monotonic() >= deadline:
                raise
        time.sleep(RETRY_PAUSE)


def _header(path: Path) -> bytes:
    """The first bytes of an existing store, or NotAStore saying why not."""
    if path.is_dir():
        raise NotAStore(path, "is a folder, not a kg store")
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_BYTES)
    except OSError as err:
        raise StoreDamaged(path, f"cannot be read: {err.strerror or err}") from err
    if not head:
        raise NotAStore(path, "not a kg store (an empty file)")
    if not head.startswith(SQLITE_HEADER):
        raise NotAStore(path, "not a kg store (not an SQLite database)")
    return head


def _writable(path: Path) -> bool:
    """Whether this process can write the store and make its journal beside it
    (os.access also answers for root: read-only mounts, immutable files)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _create(path: Path) -> None:
    """A new empty store at ``path``: made under a temporary name beside it,
    then linked into place, so that a killed creation leaves no half-made
    store and two creating at once end up sharing one."""
    if not path.parent.is_dir():
        raise NoStore(path, f"cannot create a store here: no folder {path.parent}")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta(name, value) VALUES ('schema_version', ?)",
                       (SCHEMA_VERSION,))
        finally:
            db.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it meanwhile: use that one
        except OSError:  # a file system without hard links
            if not path.exists():
                os.rename(temporary, path)
    except OSError as err:
        raise StoreDamaged(path, f"cannot create the store: {err.strerror or err}") from err
    except sqlite3.Error as err:
        raise from_sqlite(path, err) from err
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


def _connect(path: Path, head: bytes, readonly: bool
             ) -> tuple[sqlite3.Connection, tempfile.TemporaryDirectory | None]:
    """A connection to the store, and the private copy it reads when it has one."""
    timeout = busy_timeout()
    if not readonly:
        return sqlite3.connect(path, isolation_level=None, timeout=timeout), None
    uri = f"file:{quote(os.fsencode(path.absolute()))}?mode=ro"
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    if head[18] == WAL_FORMAT and not _writable(path):
        # A WAL-mode store (a killed writer's, or one of an older kg) that this
        # process cannot write: SQLite would make a -shm beside it, with the
        # store's permissions and this process's owner, which then stops the
        # owner's next write. No -wal to merge: the file alone is the store.
        if not (wal.exists() and wal.stat().st_size):
            uri += "&immutable=1"
        elif not shm.exists():  # changes to merge, and nowhere to merge them: a private copy
            copy = tempfile.TemporaryDirectory(prefix="kg-store-")
            for part in (path, wal):
                shutil.copyfile(part, Path(copy.name, "kg.db" + part.name[len(path.name):]))
            return sqlite3.connect(Path(copy.name, "kg.db"), isolation_level=None,
                                   timeout=timeout), copy
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout), None


class Store:
    """An open store. Use as a context manager, or call ``close()``.

    ``readonly`` opens it for queries: never written, refused if missing.
    Otherwise a missing store is created, unless ``create`` is false.
    Raises a kg.errors.StoreError subclass when the store cannot be used."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False,
                 create: bool = True):
        self.path = Path(path)
        self.readonly = readonly
        self._switched_to_wal = False  # by this connection: to switch back when it closes
        if str(path) == ":memory:":  # a store in memory (examples, tests): nothing to check
            self._db, self._copy = sqlite3.connect(":memory:", isolation_level=None), None
            self._prepare_for_writing()
            self._db.execute("INSERT INTO meta(name, value) VALUES ('schema_version', ?)",
                             (SCHEMA_VERSION,))
            return
        if not os.path.lexists(self.path):
            if readonly or not create:
                raise NoStore(self.path, "no store here: run `kg ingest PATH… --db "
                                         f"{self.path}` first")
            _create(self.path)
        head = _header(self.path)
        if not readonly and not _writable(self.path):
            raise StoreDamaged(self.path, "cannot be written: read-only file or folder")
        try:
            self._db, self._copy = _connect(self.path, head, readonly)
        except OSError as err:
            raise StoreDamaged(self.path, f"cannot be read: {err.strerror or err}") from err
        except sqlite3.Error as err:
            raise from_sqlite(self.path, err) from err
        try:
            _retrying(self._check_schema)
            if readonly:
                self._db.execute("PRAGMA query_only=ON")
            else:
                self._prepare_for_writing()
        except BaseException as err:
            self.close()
            if isinstance(err, sqlite3.Error):
                raise from_sqlite(self.path, err) from err
            raise

    def _check_schema(self) -> None:
        tables = {name for (name,) in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = NotAStore(self.path, "not a kg store (an SQLite database without the kg tables)")
        if "meta" not in tables:
            raise foreign
        try:
            row = self._db.execute(
                "SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        except sqlite3.OperationalError:  # another program's table called meta
            raise foreign from None
        if row is None:
            raise foreign
        if row[0] != SCHEMA_VERSION:
            raise WrongSchemaVersion(
                self.path, f"a kg store of schema version {row[0]}; this kg reads version "
                           f"{SCHEMA_VERSION} (rebuild it: `kg ingest PATH… --db NEW.db`)")
        missing = KG_TABLES - tables
        if missing:
            raise StoreDamaged(self.path, f"damaged store: tables missing: {', '.join(sorted(missing))}")

    def _prepare_for_writing(self) -> None:
        _retrying(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        self._switched_to_wal = True
        self._db.execute("PRAGMA synchronous=NORMAL")  # safe against a killed process in WAL
        self._db.execute("PRAGMA foreign_keys=ON")
        # a batch touches index pages all over the store: keep them in memory,
        # and checkpoint the WAL into the store less often
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self._db.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
        self._db.executescript(SCHEMA)  # what a newer kg adds (IF NOT EXISTS: else nothing)
        if not self._has_totals():  # a new store, or one from before the totals: counted once
            self._db.executescript(f"BEGIN IMMEDIATE; {TOTALS_SCHEMA}\n"
                                   f"INSERT OR IGNORE INTO totals(name, count) {RECOUNT}; COMMIT;")

    def _has_totals(self) -> bool:
        return self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'conflicts_uncounted'"
        ).fetchone() is not None

    def close(self) -> None:
        if self._switched_to_wal:
            # back to one file at rest, if no one else has the store open (else
            # the last writer to close does it); never wait for that
            with suppress(sqlite3.Error):
                self._db.execute("PRAGMA busy_timeout=0")
                self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.close()
        if self._copy:
            self._copy.cleanup()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, begun when the store is free (waiting for
        other writers), rolled back on any error. SQLite rolls back by itself
        after some errors (disk full): then there is nothing left to undo, and
        the error the user sees is the first one, as a StoreError."""
        try:
            _retrying(lambda: self._db.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as err:
            raise from_sqlite(self.path, err) from err
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as err:
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(err, sqlite3.Error):
                raise from_sqlite(self.path, err) from err
            raise

    # --- writing ---------------------------------------------------------------

    def file_hash(self, path: str) -> str | None:
        row = self._db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def put(self, extraction: Extraction, sha256: str) -> None:
        """Replace everything ``extraction.file`` contributed, in one transaction."""
        self.put_many([(extraction, sha256)])

    def put_many(self, batch: Iterable[tuple[Extraction, str]]) -> None:
        """Replace what each file of ``batch`` contributed, all in one
        transaction; the groups they touch are resolved once, at the end."""
        with self._transaction():
            delta: Counter = Counter()  # the batch's tally changes, written once
            for extraction, sha256 in batch:
                self._replace_file(extraction, sha256, delta)
            self._add_tallies(delta)
            self._resolve(delta)

    def remove(self, path: str) -> bool:
        """Drop everything the file ``path`` contributed and resolve again what
        it touched, in one transaction; False when no such file is stored."""
        with self._transaction():
            delta = self._file_tallies(path, sign=-1)
            removed = self._db.execute("DELETE FROM files WHERE path = ?", (path,)).rowcount
            self._add_tallies(delta)
            self._resolve(delta)
        return bool(removed)

    def move(self, old: str, new: str) -> None:
        """The stored file ``old`` is now at ``new`` (same content): its
        contribution is re-keyed to the new path, not extracted again, and
        whatever was stored under ``new`` is replaced; one transaction. A
        file without a number of its own is a node named after its path, so
        that node's key moves too."""
        old_key, new_key = file_key(old), file_key(new)
        renamed = "CASE {0} WHEN ? THEN ? ELSE {0} END"  # the file's own node key, renamed
        columns, select, copied = [], [], []
        for _, column, *_ in self._db.execute("PRAGMA table_info(files)"):
            columns.append(column)
            if column == "path":
                select.append("?")
                copied.append(new)
            elif column == "own_key":
                select.append(renamed.format(column))
                copied += [old_key, new_key]
            else:
                select.append(column)
        with self._transaction():
            delta = self._file_tallies(old, sign=-1)
            delta.update(self._file_tallies(new, sign=-1))  # update: signed counts add up
            self._db.execute("DELETE FROM files WHERE path = ?", (new,))
            # the new row first: mentions and relations always have their file
            self._db.execute(f"INSERT INTO files({', '.join(columns)}) "
                             f"SELECT {', '.join(select)} FROM files WHERE path = ?", (*copied, old))
            self._db.execute(
                f"UPDATE mentions SET file = ?, key = {renamed.format('key')}, "
                f"grp = {renamed.format('grp')} WHERE file = ?",
                (new, old_key, new_key, old_key, new_key, old))
            self._db.execute(
                f"UPDATE relations SET file = ?, source_key = {renamed.format('source_key')}, "
                f"target_key = {renamed.format('target_key')} WHERE file = ?",
                (new, old_key, new_key, old_key, new_key, old))
            self._db.execute("DELETE FROM files WHERE path = ?", (old,))
            moved = self._file_tallies(new)
            delta.update(moved)
            self._add_tallies(delta)
            self._resolve([*delta, *moved], {new_key})

    def _file_tallies(self, path: str, sign: int = 1) -> Counter:
        """The tally rows the mentions of one stored file add up to (negated
        with ``sign=-1``: what taking the file away changes)."""
        return Counter({row[:-1]: sign * row[-1] for row in self._db.execute(
            f"SELECT {TALLY_COLUMNS}, COUNT(*) FROM mentions WHERE file = ? GROUP BY {TALLY_COLUMNS}",
            (path,))})

    def _replace_file(self, extraction: Extraction, sha256: str, delta: Counter) -> None:
        """Swap one file's rows; what that changes in the tallies is added to ``delta``."""
        mentions, links = contributions(extraction)
        path = extraction.file
        delta.update(self._file_tallies(path, sign=-1))  # update: signed counts add up
        for m in mentions:
            delta[(m.group, m.key, m.id, m.jurisdiction, m.date, m.type, m.issuer, int(m.is_self),
                   m.title)] += 1
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        self._insert_file(extraction, sha256)
        self._insert_mentions(path, mentions)
        self._insert_links(path, links)

    def _add_tallies(self, delta: Counter) -> None:
        for row, change in delta.items():
            if change == 0:
                continue
            updated = self._db.execute(
                "UPDATE tallies SET count = count + ? WHERE grp = ? AND key = ? AND id IS ? "
                "AND jurisdiction IS ? AND date IS ? AND type IS ? AND issuer IS ? "
                "AND is_self = ? AND title IS ?", (change, *row))
            if updated.rowcount == 0:
                self._db.execute(f"INSERT INTO tallies({TALLY_COLUMNS}, count) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?)", (*row, change))
            elif change < 0:
                self._db.execute(
                    "DELETE FROM tallies WHERE count <= 0 AND grp = ? AND key = ?", row[:2])

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

    def _resolve(self, changed: Iterable[tuple], groups: Iterable[str] = ()) -> None:
        """Bring the nodes, aliases and conflicts of the groups of ``changed``
        (tally rows whose mentions were added, removed or moved; zero changes
        too) and of ``groups`` in line with their tallies, writing only what
        differs from the stored rows.

        What a node's rows depend on decides what is written again: its row
        and aliases on its group's tallies; its own conflicts (date, type,
        alias) on the tallies of its aliases and, for their evidence, on the
        mentions of those id keys; its possible typos and misprints on its
        row and the other node's, their evidence on the mentions of the two
        node keys. A mention added, removed or moved shows in ``changed``
        under its id key, so whatever none of these touched stays as stored."""
        touched = {row[1] for row in changed}
        groups = sorted({row[0] for row in changed} | set(groups))
        paired: list[Node] = []  # nodes whose possible typos and misprints are looked up again
        unpaired: list[str] = []  # node keys whose stored ones are compared with what is found
        for chunk in _chunks(groups):
            stored = self._stored_nodes(chunk)
            tallies: dict[str, list[Tally]] = {group: [] for group in chunk}
            for row in self._db.execute(
                    f"SELECT {TALLY_COLUMNS}, count FROM tallies WHERE grp IN ({_marks(chunk)}) "
                    f"ORDER BY {TALLY_COLUMNS}", chunk):
                tallies[row[0]].append(Tally(*row[1:7], bool(row[7]), row[8], row[9]))
            for group in chunk:
                found = self._update_group(group, tallies[group], stored.pop(group, {}), touched)
                paired += found[0]
                unpaired += found[1]
        self._write_pairs(self._find_pairs(paired), unpaired, touched)

    def _stored_nodes(self, groups: list[str]) -> dict[str, dict[str, tuple[tuple, dict]]]:
        """Group → node key → (its row of NODE_COLUMNS, its aliases: id key → id)."""
        stored: dict[str, dict[str, tuple[tuple, dict]]] = {}
        for row in self._db.execute(
                f"SELECT {NODE_COLUMNS} FROM nodes WHERE grp IN ({_marks(groups)})", groups):
            stored.setdefault(row[1], {})[row[0]] = (row, {})
        for key, node, alias_id, group in self._db.execute(
                "SELECT a.key, a.node, a.id, n.grp FROM nodes n JOIN aliases a ON a.node = n.key "
                f"WHERE n.grp IN ({_marks(groups)})", groups):
            stored[group][node][1][key] = alias_id
        return stored

    def _update_group(self, group: str, tallies: list[Tally], stored: dict[str, tuple[tuple, dict]],
                      touched: set[str]) -> tuple[list[Node], list[str]]:
        """Write what resolving ``group`` again changes in its ``stored`` nodes
        (``touched``: the id keys whose mentions changed). Returns the nodes
        whose possible typos and misprints are to be found again, and the
        node keys whose stored ones are to be compared with those found."""
        resolution = resolve_group(group, tallies)
        ids = {t.key: t.id for t in tallies}  # an id key names one id
        own_conflicts: dict[str, list[Conflict]] = {}
        for conflict in resolution.conflicts:
            own_conflicts.setdefault(conflict.node, []).append(conflict)
        paired, renewed, aliases, stale = [], [], [], []
        for node in resolution.nodes:
            row, node_aliases = _node_row(node), {alias: ids[alias] for alias in node.aliases}
            old_row, old_aliases = stored.pop(node.key, (None, {}))
            if old_row is None:
                self._db.execute(
                    f"INSERT INTO nodes({NODE_COLUMNS}) VALUES ({_marks(row)})", row)
            elif row != old_row:  # only the columns that differ: the indexes of the others stay
                changed = [(column, value) for column, value, old in zip(NODE_FIELDS, row, old_row)
                           if value != old]
                self._db.execute(
                    f"UPDATE nodes SET {', '.join(f'{column} = ?' for column, _ in changed)} "
                    "WHERE key = ?", (*(value for _, value in changed), node.key))
            if row != old_row or node.key in touched:
                paired.append(node)
            if node_aliases != old_aliases:
                aliases += [(alias, node.key, alias_id) for alias, alias_id in node_aliases.items()
                            if (alias, alias_id) not in old_aliases.items()]
                stale += [(alias,) for alias in old_aliases if alias not in ids]
            if row != old_row or node_aliases != old_aliases or not touched.isdisjoint(node_aliases):
                renewed.append(node.key)
        self._db.executemany(
            "INSERT INTO aliases(key, node, id) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET node = excluded.node, id = excluded.id", aliases)
        self._db.executemany("DELETE FROM aliases WHERE key = ?", stale)
        gone = list(stored)  # nodes the group no longer has (with the aliases still theirs)
        self._db.executemany("DELETE FROM conflicts WHERE node = ? AND other IS NULL",
                             [(key,) for key in renewed + gone])
        self._db.executemany("DELETE FROM nodes WHERE key = ?", [(key,) for key in gone])
        for key in renewed:
            for conflict in own_conflicts.get(key, ()):
                self._insert_conflict(conflict, group)
        return paired, [node.key for node in paired] + gone

    def _find_pairs(self, nodes: list[Node]) -> dict[tuple[str, str], tuple[Conflict, str, str]]:
        """The possible typos and misprints of these nodes, by (node, other),
        each with the groups of its two nodes."""
        found: dict[tuple[str, str], tuple[Conflict, str, str]] = {}
        for node in nodes:
            for other, conflict in self._typos(node) + self._misprints(node):
                if (conflict.node, conflict.other) not in found:
                    first, second = (node, other) if conflict.node == node.key else (other, node)
                    found[conflict.node, conflict.other] = conflict, first.group, second.group
        return found

    def _typos(self, node: Node) -> list[tuple[Node, Conflict]]:
        """The stored nodes of the same issuer, type, jurisdiction and date
        whose number is one edit away, with the conflict: looked up by the
        candidate numbers, so a busy day of an issuer costs nothing."""
        key = typo_key(node)
        if key is None:
            return []
        issuer_code, type_code, jurisdiction, date = key
        candidates = sorted(near_numbers(node.number))
        neighbours = [Node(*row) for row in self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE issuer_code = ? AND date = ? "
            f"AND number IN ({_marks(candidates)}) AND type_code IS ? AND jurisdiction IS ?",
            (issuer_code, date, *candidates, type_code, jurisdiction))]
        attested = self._attested([node, *neighbours]) if neighbours else set()
        return [(other, conflict) for other in neighbours
                if (conflict := possible_typo(node, other, attested))]

    def _attested(self, nodes: list[Node]) -> set[str]:
        """The keys of these nodes whose own files are stored: a header
        (an is_self tally) under one of their spellings."""
        return {node.key for node in nodes if self._db.execute(
            "SELECT 1 FROM aliases a JOIN tallies t ON t.grp = ? AND t.key = a.key "
            "WHERE a.node = ? AND t.is_self = 1 LIMIT 1", (node.group, node.key)).fetchone()}

    def _misprints(self, node: Node) -> list[tuple[Node, Conflict]]:
        """The stored nodes of the same number and type code numbered the other
        way (57/NQ-CP beside 57-NQ/TW: kg/resolve.py), with the conflict."""
        if not (node.number and node.type_code):
            return []
        others = self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE number = ? AND type_code = ? AND grp != ? "
            "AND jurisdiction IS ?",  # possible_misprint asks for the same jurisdiction
            (node.number, node.type_code, node.group, node.jurisdiction))
        return [(other, conflict) for other in (Node(*row) for row in others.fetchall())
                if (conflict := possible_misprint(node, other))]

    def _write_pairs(self, found: dict[tuple[str, str], tuple[Conflict, str, str]],
                     keys: list[str], touched: set[str]) -> None:
        """Make the stored possible typos and misprints of the node keys
        ``keys`` those ``found``: rows that differ are replaced, evidence is
        read again only where a witness's mentions changed (``touched``)."""
        stored = {}  # by rowid: a pair of two such nodes is read twice
        for chunk in _chunks(keys):
            for rowid, *row in self._db.execute(
                    "SELECT rowid, kind, node, other, grp, other_grp, detail FROM conflicts "
                    f"WHERE other IS NOT NULL AND (node IN ({_marks(chunk)}) "
                    f"OR other IN ({_marks(chunk)}))", chunk * 2):
                stored[rowid] = row
        for rowid, (kind, node, other, group, other_group, detail) in stored.items():
            new = found.pop((node, other), None)
            if new is None or (kind, group, other_group, detail) != (new[0].kind, *new[1:], new[0].detail):
                self._db.execute("DELETE FROM conflicts WHERE rowid = ?", (rowid,))
                if new is not None:
                    self._insert_conflict(*new)
            elif node in touched or other in touched:
                evidence = self._evidence(*new)
                self._db.execute("UPDATE conflicts SET evidence = ? WHERE rowid = ? AND evidence != ?",
                                 (evidence, rowid, evidence))
        for new in found.values():
            self._insert_conflict(*new)

    def _insert_conflict(self, conflict: Conflict, group: str, other_group: str | None = None):
        """The conflict's row (``group``: its node's; ``other_group``: its other node's)."""
        self._db.execute(
            "INSERT INTO conflicts(kind, node, other, grp, other_grp, detail, evidence) "
            "VALUES (?,?,?,?,?,?,?)",
            (conflict.kind, conflict.node, conflict.other, group, other_group, conflict.detail,
             self._evidence(conflict, group, other_group)))

    def _evidence(self, conflict: Conflict, group: str, other_group: str | None = None) -> str:
        """The evidence column of a conflict: its witnesses' mentions, as JSON."""
        return json.dumps([m.to_json() for w in conflict.witnesses for m in self._witnessed(
            w, other_group if other_group and w.key == conflict.other else group)],
            ensure_ascii=False)

    def _witnessed(self, witness: Witness, group: str) -> list[StoredMention]:
        """The first mentions of the witness (an id key of ``group``) — dated
        ones first, then by file and offset — read along the index of
        mentions: the first few of each date and type word the tallies know
        for the key, then the first of those. A key mentioned by every file
        costs no more than a rare one."""
        kinds = [(date, type_) for date, type_ in self._db.execute(
            "SELECT DISTINCT date, type FROM tallies WHERE grp = ? AND key = ?", (group, witness.key))
            if (witness.date is None or date == witness.date)
            and (witness.type is None or type_ == witness.type)]
        if not kinds:
            return []
        columns = "file, span_start, span_end, text, id, date, type"
        order = "is_self, file, span_start"  # then the row's age: as ties come out of an index
        firsts = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {columns}, is_self, rowid AS age FROM mentions "
            f"WHERE key = ? AND date IS ? AND type IS ? ORDER BY {order}, rowid "
            f"LIMIT {WITNESS_MENTIONS})" for _ in kinds)
        rows = self._db.execute(
            f"SELECT {columns} FROM ({firsts}) ORDER BY date IS NULL, {order}, age "
            f"LIMIT {WITNESS_MENTIONS}",
            [value for kind in kinds for value in (witness.key, *kind)])
        return [StoredMention(*r) for r in rows]

    # --- reading ---------------------------------------------------------------

    def files_with_hash(self, sha256: str) -> list[str]:
        return [p for (p,) in self._db.execute(
            "SELECT path FROM files WHERE sha256 = ? ORDER BY path", (sha256,))]

    def files_under(self, roots: Iterable[str]) -> list[str]:
        """Stored files that are one of ``roots`` or inside one of them (as
        folders), sorted."""
        found: set[str] = set()
        for root in roots:
            folder = root.rstrip("/") + "/"
            found.update(p for (p,) in self._db.execute(
                "SELECT path FROM files WHERE path = ? OR substr(path, 1, ?) = ?",
                (root, len(folder), folder)))
        return sorted(found)

    def _totals(self) -> dict[str, int]:
        """The totals (COUNTED) above zero: as the triggers keep them, or
        counted when a store from before them is opened only to be read."""
        rows = self._db.execute("SELECT name, count FROM totals" if self._has_totals() else RECOUNT)
        return {name: count for name, count in rows if count}

    def counts(self) -> Counts:
        totals = self._totals()
        return Counts(**{name: totals.get(name, 0) for name in ("files", "documents", "mentions",
                                                                 "relations", "conflicts")})

    def _kinds(self, prefix: str) -> dict[str, int]:
        return {name.removeprefix(prefix): count for name, count in self._totals().items()
                if name.startswith(prefix)}

    def relation_counts(self) -> dict[str, int]:
        """Relation type → how many, the most first."""
        return dict(sorted(self._kinds("relation:").items(), key=lambda kv: (-kv[1], kv[0])))

    def conflict_counts(self) -> dict[str, int]:
        """Conflict kind → how many, by kind."""
        return dict(sorted(self._kinds("conflict:").items()))

    def nodes(self) -> Iterator[Node]:
        """Every node, its ``aliases`` the ids of its other spellings."""
        others: dict[str, list[str]] = {}
        for node, alias_id in self._db.execute(
            "SELECT DISTINCT a.node, a.id FROM aliases a JOIN nodes n ON n.key = a.node "
            "WHERE a.id IS NOT n.id ORDER BY a.id"
        ):
            others.setdefault(node, []).append(alias_id)
        for row in self._db.execute(f"SELECT {NODE_COLUMNS} FROM nodes ORDER BY key"):
            yield Node(*row, aliases=tuple(others.get(row[0], ())))

    def node_rows(self, after: str | None = None, limit: int = SQL_CHUNK) -> list[tuple]:
        """Up to ``limit`` rows of NODE_COLUMNS whose key sorts after ``after``,
        by key: pages of the nodes table without OFFSET's rescans."""
        return self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE ? IS NULL OR key > ? ORDER BY key LIMIT ?",
            (after, after, limit)).fetchall()

    def node_rows_dated(self, date_from: str | None = None, date_to: str | None = None
                        ) -> Iterator[tuple]:
        """Rows of NODE_COLUMNS of every node dated within these ISO bounds
        (inclusive; an undated node only when no bound is given), streamed."""
        return iter(self._db.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes WHERE (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)",
            (date_from, date_from, date_to, date_to)))

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
                f"SELECT DISTINCT a.node, a.id FROM aliases a JOIN nodes n ON n.key = a.node "
                f"WHERE a.node IN ({_marks(chunk)}) AND a.id IS NOT n.id ORDER BY a.id", chunk):
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
        """Node keys of the documents with this id or alias, bare ones too
        (a bare endpoint's key is its id's key: kg.resolve.id_key)."""
        return {key for (key,) in self._db.execute(
            "SELECT node FROM aliases WHERE id = ?", (doc_id,))} | self._bare_keys_starting(doc_id)

    def ids(self) -> Iterator[str]:
        """Every id the store knows (each spelling, bare endpoints' too)."""
        return (doc_id for (doc_id,) in self._db.execute(
            "SELECT id FROM aliases WHERE id IS NOT NULL UNION SELECT source_id FROM relations "
            "WHERE source_id IS NOT NULL UNION SELECT target_id FROM relations"))

    _EDGE_COLUMNS = "COALESCE(s.node, r.source_key), r.type, COALESCE(t.node, r.target_key)"
    _LINK_COLUMNS = f"{_EDGE_COLUMNS}, r.file, r.span_start, r.span_end, r.text"
    _LINK_JOINS = ("LEFT JOIN aliases s ON s.key = r.source_key "
                   "LEFT JOIN aliases t ON t.key = r.target_key")

    def link_rows(self) -> Iterator[tuple]:
        """(source, type, target, file, start, end, text) of every relation,
        endpoints as node keys, each stated relation once, by file and offset."""
        return iter(self._db.execute(
            f"SELECT DISTINCT {self._LINK_COLUMNS} FROM relations r {self._LINK_JOINS} "
            "ORDER BY r.file, r.span_start, r.span_end, 1, 2, 3"))

    def _rows_at(self, columns: str, keys: Iterable[str], types: Iterable[str],
                 outgoing: bool) -> set[tuple]:
        """Rows of ``columns`` (over ``relations r`` and its endpoints' aliases)
        of the relations of these types leaving (``outgoing``) or reaching
        these node keys: through the aliases that map a spelling to its node,
        or at the bare key itself when no alias does."""
        types = sorted(set(types))
        end = "source" if outgoing else "target"
        alias = "s" if outgoing else "t"
        rows: set[tuple] = set()
        for chunk in _chunks(sorted(set(keys))):
            rows.update(self._db.execute(
                f"SELECT {columns} FROM aliases x JOIN relations r "
                f"ON r.{end}_key = x.key {self._LINK_JOINS} "
                f"WHERE x.node IN ({_marks(chunk)}) AND r.type IN ({_marks(types)}) "
                f"UNION SELECT {columns} FROM relations r {self._LINK_JOINS} "
                f"WHERE r.{end}_key IN ({_marks(chunk)}) AND {alias}.key IS NULL "
                f"AND r.type IN ({_marks(types)})",
                (*chunk, *types, *chunk, *types)))
        return rows

    def link_rows_at(self, keys: Iterable[str], types: Iterable[str],
                     outgoing: bool) -> list[tuple]:
        """The link rows (as ``link_rows``) of these types leaving (``outgoing``)
        or reaching these node keys."""
        rows = self._rows_at(self._LINK_COLUMNS, keys, types, outgoing)
        return sorted(rows, key=lambda r: (r[3], r[4], r[5], r[0], r[1], r[2]))

    def edge_rows_at(self, keys: Iterable[str], types: Iterable[str],
                     outgoing: bool) -> set[tuple[str, str, str]]:
        """(source, type, target) node keys of the relations of these types
        leaving (``outgoing``) or reaching these node keys, each once, without
        evidence: what a search along the graph reads of a hub's thousands of links."""
        return self._rows_at(self._EDGE_COLUMNS, keys, types, outgoing)

    def edges_at(self, keys: Iterable[str], types: Iterable[str]) -> set[tuple[str, str, str]]:
        """The edge rows (see edge_rows_at) leaving or reaching these node keys."""
        return self.edge_rows_at(keys, types, True) | self.edge_rows_at(keys, types, False)

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

    _MENTIONS_OF = "FROM aliases a JOIN mentions m ON m.key = a.key WHERE a.node = ?"

    def mentions_of(self, node: str, limit: int | None = None) -> list[StoredMention]:
        """The mentions of a node, under any of its spellings, by file and
        offset: every one, or the first ``limit``."""
        rows = self._db.execute(
            "SELECT m.file, m.span_start, m.span_end, m.text, m.id, m.date, m.type "
            f"{self._MENTIONS_OF} ORDER BY m.file, m.span_start LIMIT ?",
            (node, -1 if limit is None else limit),  # SQLite: a negative LIMIT is none
        )
        return [StoredMention(*r) for r in rows]

    def mention_count(self, node: str) -> tuple[int, int]:
        """How many mentions name a node, and in how many files."""
        return self._db.execute(f"SELECT COUNT(*), COUNT(DISTINCT m.file) {self._MENTIONS_OF}",
                                (node,)).fetchone()

    def integrity_errors(self) -> list[str]:
        """SQLite's own check plus the store's invariants; empty when sound."""
        errors = [r[0] for r in self._db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        if self._has_totals() and (kept := self._totals()) != (
                counted := {name: count for name, count in self._db.execute(RECOUNT) if count}):
            errors.append(f"totals kept {kept} differ from those counted {counted}")
        errors += [f"foreign key: {r}" for r in self._db.execute("PRAGMA foreign_key_check")]
        orphans = self._db.execute(
            "SELECT COUNT(*) FROM mentions m LEFT JOIN aliases a ON a.key = m.key "
            "WHERE a.key IS NULL").fetchone()[0]
        if orphans:
            errors.append(f"{orphans} mentions whose id key has no node")
        return errors

    # --- reading one neighbourhood (queries that never load the graph) ----------

    def id_counts(self, ids: Iterable[str]) -> Counter:
        """How many documents (resolved, and bare relation endpoints) have each of these ids."""
        counts: Counter = Counter()
        ids = sorted({i for i in ids if i})
        for chunk in _chunks(ids):
            counts.update(dict(self._db.execute(
                f"SELECT id, COUNT(*) FROM nodes WHERE id IN ({_marks(chunk)}) GROUP BY id", chunk)))
        bare = set().union(*(self._bare_keys_starting(doc_id) for doc_id in ids)) if ids else set()
        wanted = set(ids)
        counts.update(doc_id for _, doc_id in self.bare_endpoints(bare) if doc_id in wanted)
        return counts

    def _bare_keys_starting(self, prefix: str, ranges: tuple[tuple[str, str], ...] | None = None
                            ) -> set[str]:
        """Bare relation endpoints whose key is ``prefix`` or ``prefix`` then
        "@…" or "#…" (an id's keys: kg.resolve.id_key), or in ``ranges``:
        read along the relations' key indexes."""
        ranges = ranges or ((prefix, prefix), (prefix + "#", prefix + "#\uffff"),
                            (prefix + "@", prefix + "@\uffff"))
        found: set[str] = set()
        for end in ("source", "target"):
            for low, high in ranges:
                found.update(k for (k,) in self._db.execute(
                    f"SELECT DISTINCT r.{end}_key FROM relations r WHERE r.{end}_key BETWEEN ? AND ? "
                    f"AND NOT EXISTS (SELECT 1 FROM aliases WHERE key = r.{end}_key)", (low, high)))
        return found

    def keys_numbered(self, serial: str) -> set[str]:
        """Node keys (bare ones too) of the ids that begin with the number
        ``serial`` ("57": 57-NQ/TW, 57/NQ-CP, 57/2024/QĐ-UBND; not 570/…):
        the candidates of a short form ("Nghị quyết 57"), read along indexes."""
        # after the digits: a character below "0" ("-", "/", " ") or above "9" (a letter)
        ranges = ((serial + "\x00", serial + "/\uffff"), (serial + ":", serial + "\uffff"))
        found: set[str] = set()
        for low, high in ranges:
            found.update(k for (k,) in self._db.execute(
                "SELECT node FROM aliases WHERE id BETWEEN ? AND ?", (low, high)))
        return found | self._bare_keys_starting(serial, ranges)

    def id_spellings(self) -> Iterator[str]:
        """Every id the store knows, read from the indexes of ids and keys (for
        suggestions when a typed id matches nothing)."""
        yield from (i for (i,) in self._db.execute(
            "SELECT DISTINCT id FROM aliases WHERE id IS NOT NULL"))
        for end in ("source", "target"):
            for (key,) in self._db.execute(
                    f"SELECT DISTINCT r.{end}_key FROM relations r "
                    f"WHERE NOT EXISTS (SELECT 1 FROM aliases WHERE key = r.{end}_key)"):
                yield key.partition("@")[0].partition("#")[0]

    def conflicts_of(self, keys: Iterable[str], kinds: Iterable[str] | None = None) -> list[StoredConflict]:
        """The conflicts (of these kinds, else of any) whose node or other node is one of ``keys``."""
        kinds, rows = sorted(set(kinds or ())), set()
        of_kinds = f"AND kind IN ({_marks(kinds)})" if kinds else ""
        for chunk in _chunks(sorted(set(keys))):
            rows.update(self._db.execute(
                "SELECT kind, node, other, detail, evidence FROM conflicts "
                f"WHERE (node IN ({_marks(chunk)}) OR other IN ({_marks(chunk)})) {of_kinds}",
                (*chunk, *chunk, *kinds)))
        return [StoredConflict(kind, key, other, detail,
                               tuple(StoredMention(**m) for m in json.loads(evidence)))
                for kind, key, other, detail, evidence
                in sorted(rows, key=lambda r: (r[0], r[1], r[2] is not None, r[2] or ""))]
