"""Neo4j over Bolt: load the graph model into a server, and run Cypher there.

Loading is idempotent and batched: a uniqueness constraint on the document
key, then ``UNWIND $rows … MERGE`` per batch (parameters only, never text
pasted into a query). Each load tags what it writes (``kg_load``); what an
earlier load wrote and this one did not (a re-ingested file's old
relations, a document merged into another) is deleted at the end, so
loading twice gives the same graph and a database mirrors the store.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from kg.model import (
    NODE_LABEL, document_batches, document_properties, link_batches, link_properties,
)
from kg.store import Store

BATCH_ROWS = 5000  # rows per transaction: ~5 MB of parameters; larger batches gain little
LOAD_TAG = "kg_load"  # the property naming the load that last wrote a node or relationship
DELETE_BATCH = 10_000

CONSTRAINT = (f"CREATE CONSTRAINT kg_document_key IF NOT EXISTS "
              f"FOR (d:{NODE_LABEL}) REQUIRE d.key IS UNIQUE")
MERGE_DOCUMENTS = (f"UNWIND $rows AS row MERGE (d:{NODE_LABEL} {{key: row.key}}) "
                   f"SET d = row, d.{LOAD_TAG} = $load")


def merge_links(type_: str) -> str:
    """The batch statement of one relationship type (a type cannot be a
    parameter; it comes from relations.toml). The evidence's place
    identifies a relationship; its text is set."""
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{NODE_LABEL} {{key: row.source}}), (b:{NODE_LABEL} {{key: row.target}}) "
            f"MERGE (a)-[r:{type_} {{file: row.file, start_offset: row.start_offset, "
            f"end_offset: row.end_offset}}]->(b) SET r.text = row.text, r.{LOAD_TAG} = $load")


STALE_LINKS = (f"MATCH (:{NODE_LABEL})-[r]->(:{NODE_LABEL}) WHERE r.{LOAD_TAG} <> $load "
               "WITH r LIMIT $limit DELETE r RETURN count(*)")
STALE_DOCUMENTS = (f"MATCH (d:{NODE_LABEL}) WHERE d.{LOAD_TAG} <> $load "
                   "WITH d LIMIT $limit DETACH DELETE d RETURN count(*)")
COUNTS = (f"MATCH (d:{NODE_LABEL}) WITH count(d) AS documents "
          f"OPTIONAL MATCH (:{NODE_LABEL})-[r]->(:{NODE_LABEL}) RETURN documents, count(r) AS links")


# what a server, a bad URI or bad credentials raise: shown as one line
ERRORS = (Neo4jError, ServiceUnavailable, AuthError, ValueError)


def one_line(err: Exception) -> str:
    """The server's message (without the driver's decoration), on one line."""
    return " ".join((getattr(err, "message", None) or str(err)).split())


@dataclass(frozen=True, slots=True)
class Loaded:
    documents: int  # written by this load
    links: int
    deleted_documents: int  # left by an earlier load, gone from the store
    deleted_links: int

    def to_json(self) -> dict:
        return {"documents": self.documents, "links": self.links,
                "deleted_documents": self.deleted_documents, "deleted_links": self.deleted_links}


def connect(uri: str, user: str | None = None, password: str | None = None) -> Driver:
    # notifications off: a query naming a relationship type the data lacks
    # (PROMULGATES in a corpus without one) is fine, not worth a warning
    driver = GraphDatabase.driver(uri, auth=(user, password or "") if user else None,
                                  notifications_min_severity="OFF")
    driver.verify_connectivity()
    return driver


def _write(driver: Driver, database: str | None, query: str, **parameters) -> list:
    with driver.session(database=database, default_access_mode=WRITE_ACCESS) as session:
        return session.execute_write(lambda tx: list(tx.run(query, **parameters)))


def _delete_all(driver: Driver, database: str | None, query: str, load: str) -> int:
    deleted = 0
    while (n := _write(driver, database, query, load=load, limit=DELETE_BATCH)[0][0]):
        deleted += n
    return deleted


def load(driver: Driver, store: Store, database: str | None = None, batch: int = BATCH_ROWS,
         advance: Callable[[int], None] = lambda n: None) -> Loaded:
    """Merge every document and link of the store into the database, ``batch``
    rows per transaction; ``advance(n)`` after each batch of n records."""
    tag = uuid.uuid4().hex
    _write(driver, database, CONSTRAINT)
    documents = links = 0
    for rows in document_batches(store, batch):
        _write(driver, database, MERGE_DOCUMENTS, rows=[document_properties(d) for d in rows],
               load=tag)
        documents += len(rows)
        advance(len(rows))
    for rows in link_batches(store, batch):
        by_type = defaultdict(list)
        for link in rows:
            by_type[link.kind.cypher_type].append(
                {"source": link.source, "target": link.target, **link_properties(link)})
        for type_, typed in by_type.items():
            _write(driver, database, merge_links(type_), rows=typed, load=tag)
        links += len(rows)
        advance(len(rows))
    stale_links = _delete_all(driver, database, STALE_LINKS, tag)
    return Loaded(documents, links, _delete_all(driver, database, STALE_DOCUMENTS, tag), stale_links)


def counts(driver: Driver, database: str | None = None) -> tuple[int, int]:
    """(documents, relationships between documents) in the database."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        record = session.execute_read(lambda tx: tx.run(COUNTS).single())
    return record["documents"], record["links"]


def _plain(value):
    """Driver values as JSON-ready Python: nodes and relationships as their
    properties (the load tag left out), paths as their nodes and relationships."""
    if isinstance(value, (Node, Relationship)):
        return {k: _plain(v) for k, v in value.items() if k != LOAD_TAG}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes],
                "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def query(driver: Driver, text: str, parameters: dict | None = None,
          database: str | None = None, write: bool = False) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """(columns, rows) of one query; read-only (a READ transaction, which the
    server refuses to write in) unless ``write``."""
    mode = WRITE_ACCESS if write else READ_ACCESS

    def work(tx):
        result = tx.run(text, parameters or {})
        return tuple(result.keys()), tuple(tuple(_plain(v) for v in record.values())
                                           for record in result)

    with driver.session(database=database, default_access_mode=mode) as session:
        return session.execute_write(work) if write else session.execute_read(work)

