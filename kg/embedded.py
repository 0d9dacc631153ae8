"""Cypher without a server: the graph model copied into LadybugDB, an
embedded graph engine (the Kùzu API), next to the store.

SQLite stays the system of record. The engine's file (``kg.db.lbug`` beside
``kg.db``) is derived: built from the model's streams by its bulk ``COPY``
and rebuilt whenever the store's fingerprint (kg/store.py) no longer matches
the one written beside it after the last build (``kg.db.lbug.fingerprint``).
Queries open it read-only unless writes are asked for; writes change the
derived copy only, until the store next changes.

The schema follows the model: one node table (``Document``, its properties
the fields of kg.model.Document), one relationship table per relation kind
(its Cypher type from data/vocab/relations.toml) with the evidence as
properties (kg.model.LINK_PROPERTIES).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ladybug

from kg.model import (
    LINK_PROPERTIES, NODE_LABEL, RELATION_KINDS, document_batches, document_properties,
    link_batches, link_properties, property_types,
)
from kg.store import Store
from parsers.vocab import VOCAB

MB = 1024 * 1024
# The engine's default buffer pool takes 80% of the machine's memory (users
# report OOM kills); this much is plenty for a 100k-document graph.
BUFFER_POOL_MB = int(os.environ.get("KG_ENGINE_MEMORY_MB", "512"))
SUFFIX = ".lbug"


class CypherError(Exception):
    """A query the engine refuses: one line, with the Neo4j-dialect hint when
    the query uses a construct this engine spells differently."""


@dataclass(frozen=True, slots=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def to_json(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def engine_path(store_path: str | Path) -> Path:
    return Path(str(store_path) + SUFFIX)


def _fingerprint_path(engine: Path) -> Path:
    return engine.with_name(engine.name + ".fingerprint")


def _database(path: Path, read_only: bool) -> ladybug.Database:
    return ladybug.Database(str(path), buffer_pool_size=BUFFER_POOL_MB * MB, read_only=read_only)


# --- building ---------------------------------------------------------------------------


def _schema() -> list[str]:
    nodes = ", ".join(f"{name} {type_}" for name, type_ in property_types().items())
    statements = [f"CREATE NODE TABLE {NODE_LABEL}({nodes}, PRIMARY KEY (key))"]
    evidence = "file STRING, start_offset INT64, end_offset INT64, text STRING"
    assert tuple(p.split()[0] for p in evidence.split(", ")) == LINK_PROPERTIES
    for kind in RELATION_KINDS.values():
        statements.append(
            f"CREATE REL TABLE {kind.cypher_type}(FROM {NODE_LABEL} TO {NODE_LABEL}, {evidence})")
    return statements


def _csv_value(value):
    """A property as the engine's CSV reader takes it: lists as "[a,b]",
    None as an empty field."""
    if isinstance(value, list):
        return "[" + ",".join(value) + "]"
    return "" if value is None else value


def _write_csvs(store: Store, folder: Path) -> tuple[Path, dict[str, Path]]:
    """The documents and the links of each relation kind as CSV files."""
    documents = folder / "documents.csv"
    with open(documents, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(property_types())
        for batch in document_batches(store):
            writer.writerows([_csv_value(v) for v in document_properties(d).values()]
                             for d in batch)
    paths = {kind.cypher_type: folder / f"{kind.name}.csv" for kind in RELATION_KINDS.values()}
    handles = {t: open(p, "w", newline="", encoding="utf-8") for t, p in paths.items()}
    try:
        writers = {t: csv.writer(h) for t, h in handles.items()}
        for writer in writers.values():
            writer.writerow(["from", "to", *LINK_PROPERTIES])
        for batch in link_batches(store):
            for link in batch:
                writers[link.kind.cypher_type].writerow(
                    [link.source, link.target, *map(_csv_value, link_properties(link).values())])
    finally:
        for handle in handles.values():
            handle.close()
    return documents, paths


def build(store: Store, engine: Path) -> None:
    """Copy the model into a new engine file, then put it in place."""
    building = engine.with_name(engine.name + ".building")
    for leftover in (building, Path(str(building) + ".wal")):
        leftover.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-engine-") as folder:
        documents, links = _write_csvs(store, Path(folder))
        database = _database(building, read_only=False)
        try:
            connection = ladybug.Connection(database)
            for statement in _schema():
                connection.execute(statement)
            # PARALLEL=false: the parallel reader cannot read quoted newlines
            options = "(HEADER=true, PARALLEL=false)"
            connection.execute(f"COPY {NODE_LABEL} FROM '{documents}' {options}")
            for type_, path in links.items():
                connection.execute(f"COPY {type_} FROM '{path}' {options}")
            connection.close()
        finally:
            database.close()
    os.replace(building, engine)


def ensure_engine(store_path: str | Path) -> Path:
    """The engine file of this store, built or rebuilt if the store changed."""
    engine = engine_path(store_path)
    with Store(store_path) as store:
        # another engine version may not read the file: the version is part of it
        fingerprint = f"{store.fingerprint()} ladybug {ladybug.__version__}"
        mark = _fingerprint_path(engine)
        if engine.exists() and mark.exists() and mark.read_text() == fingerprint:
            return engine
        mark.unlink(missing_ok=True)
        build(store, engine)
    mark.write_text(fingerprint)
    return engine


# --- querying -----------------------------------------------------------------------------


def _hint(query: str) -> str:
    """The dialect note of the first Neo4j construct the query uses."""
    for note in VOCAB.graph_names["cypher"]["dialect"]:
        if re.search(note["pattern"], query):
            return f" (Neo4j's {note['neo4j']} is written here: {note['here']})"
    return ""


def _one_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _plain(value):
    """Engine values as JSON-ready Python: a node or relationship as its
    properties (the engine's internal ids left out)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("_ID", "_SRC", "_DST")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def run(store_path: str | Path, query: str, parameters: dict | None = None,
        write: bool = False) -> Result:
    """Run one Cypher query on the store's engine (built first if needed)."""
    engine = ensure_engine(store_path)
    database = _database(engine, read_only=not write)
    try:
        connection = ladybug.Connection(database)
        try:
            result = connection.execute(query, parameters or {})
        except RuntimeError as err:
            message = _one_line(err)
            if "read-only" in message:
                message = "the query writes; add --write to allow it (the derived copy only)"
            raise CypherError(message + _hint(query)) from err
        if isinstance(result, list):  # several statements: the last one's rows
            result = result[-1]
        columns = tuple(result.get_column_names())
        rows = tuple(tuple(_plain(v) for v in row) for row in result.get_all())
        connection.close()
        return Result(columns, rows)
    finally:
        database.close()


def parameter(text: str) -> tuple[str, object]:
    """``k=v`` → (k, v), v read as JSON when it is (2025, true, ["a"]), else
    as the string itself.

    >>> parameter("id=57-NQ/TW"), parameter("year=2025"), parameter('ids=["a","b"]')
    (('id', '57-NQ/TW'), ('year', 2025), ('ids', ['a', 'b']))
    """
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise ValueError(f"not a parameter: {text!r} (use name=value)")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value
