"""Speed of the graph exports, on a synthetic store written directly as
model records (no extraction): documents in a tree of plans implementing
the plan or resolution above them (each document implements ``i // 3``),
and each cites one more. Two figures:

1. the embedded engine: building it from the store, then the latency of an
   anchored lineage (``-[:IMPLEMENTS*1..5]->`` from one document) at
   ``--documents`` documents (default 100 000), in an open connection and
   through ``kg.embedded.run`` (which opens the engine per query);
2. Neo4j (the launcher of tools/neo4j): the batched load against one
   statement per row, same data, same run (``--neo4j-documents``, default
   3000: one statement per row is slow).

Run: .venv/bin/python -m bench.graph_speed [--documents N] [--neo4j-documents N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Callable

import ladybug

from bench.query_speed import percentiles
from kg import embedded, neo4j_server
from kg.export import bolt
from kg.store import NODE_COLUMNS, Store

# anchored lineage both ways: up (what it implements) and down (what implements it)
LINEAGE = {
    "up": "MATCH (d:Document {key: $key})-[:IMPLEMENTS*1..5]->(r:Document) RETURN DISTINCT r.key",
    "down": "MATCH (d:Document {key: $key})<-[:IMPLEMENTS*1..5]-(r:Document) RETURN DISTINCT r.key",
}
QUERIES = 200  # anchored lineage queries timed


def synthetic_store(path: Path, count: int) -> Path:
    """``count`` documents of a province, each a mention of its own file,
    implementing document ``i // 3`` and citing document ``i // 7``."""
    rows, aliases, files, relations = [], [], [], []
    for i in range(count):
        number = f"{i + 1}/KH-UBND"
        key = f"{number}@Quảng Ngãi"
        rows.append((key, f"{i + 1}|UBND|Quảng Ngãi", number, "Kế hoạch",
                     f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "Ủy ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi", f"Kế hoạch số {i + 1} về \"chuyển đổi số\"",
                     "province_committee", str(i + 1), "KH", "UBND", 1))
        aliases.append((key, key, number))
        files.append((f"doc{i}.txt", f"sha{i}", "2025-01-01T00:00:00+00:00", key))
        for relation, target in (("implements", i // 3), ("cites", i // 7)):
            if target != i:
                other = f"{target + 1}/KH-UBND@Quảng Ngãi"
                relations.append((f"doc{i}.txt", key, number, relation, other,
                                  f"{target + 1}/KH-UBND", 0, 80,
                                  f"Thực hiện Kế hoạch số {target + 1}/KH-UBND …"))
    with Store(path) as store:
        db = store._db
        db.execute("BEGIN")
        db.executemany("INSERT INTO files(path, sha256, ingested_at, own_key) VALUES (?,?,?,?)", files)
        db.executemany(f"INSERT INTO nodes({NODE_COLUMNS}) VALUES ({','.join('?' * 13)})", rows)
        db.executemany("INSERT INTO aliases(key, node, id) VALUES (?,?,?)", aliases)
        db.executemany("INSERT INTO relations(file, source_key, source_id, type, target_key, "
                       "target_id, span_start, span_end, text) VALUES (?,?,?,?,?,?,?,?,?)",
                       relations)
        db.execute("COMMIT")
    return path


def _timed(query: Callable[[str], object], keys: list[str]) -> dict:
    """p50/p99 of ``query`` on each key (bench.query_speed.percentiles)."""
    timings = []
    for key in keys:
        start = time.perf_counter()
        query(key)
        timings.append(time.perf_counter() - start)
    return percentiles(timings)


def embedded_latency(db: str | Path, keys: list[str]) -> dict:
    """Seconds to build the embedded engine from the store, and the anchored
    lineage both ways (LINEAGE) on ``keys`` in an open connection."""
    start = time.perf_counter()
    engine = embedded.ensure_engine(db)
    figures = {"build_s": round(time.perf_counter() - start, 1)}
    database = ladybug.Database(str(engine), buffer_pool_size=embedded.BUFFER_POOL_MB * embedded.MB,
                                read_only=True)
    connection = ladybug.Connection(database)
    try:
        for direction, query in LINEAGE.items():
            figures[direction] = _timed(lambda key: connection.execute(query, {"key": key}).get_all(), keys)
    finally:
        connection.close()
        database.close()
    return figures


def neo4j_latency(db: str | Path, keys: list[str]) -> dict:
    """Load the store into a Neo4j server started on loopback (records/s of
    the batched load), then the anchored lineage both ways on ``keys``."""
    server = neo4j_server.start()
    try:
        with bolt.connect(server.uri) as driver, Store(db, readonly=True) as store:
            start = time.perf_counter()
            loaded = bolt.load(driver, store)
            seconds = time.perf_counter() - start
            figures = {"load_s": round(seconds, 1),
                       "records_per_s": round((loaded.documents + loaded.links) / seconds)}
            for direction, query in LINEAGE.items():
                figures[direction] = _timed(lambda key: bolt.query(driver, query, {"key": key}), keys)
    finally:
        server.stop()
    return figures


def embedded_figures(folder: Path, count: int) -> None:
    db = synthetic_store(folder / "kg.db", count)
    keys = [f"{random.randrange(count) + 1}/KH-UBND@Quảng Ngãi" for _ in range(QUERIES)]
    figures = embedded_latency(db, keys)
    print(f"embedded: built from the store, {count} documents: {figures['build_s']} s")
    for direction in LINEAGE:
        print(f"embedded: anchored lineage {direction} *1..5 at {count} documents, {QUERIES} "
              f"queries in an open connection: {figures[direction]}")
    timings = []
    for key in keys[:20]:
        start = time.perf_counter()
        embedded.run(db, LINEAGE["down"], {"key": key})
        timings.append(time.perf_counter() - start)
    print(f"embedded: lineage down through kg.embedded.run (opens the engine, checks the store's "
          f"fingerprint), 20 queries: {percentiles(timings)}")


def neo4j_figures(folder: Path, count: int) -> None:
    db = synthetic_store(folder / "neo.db", count)
    server = neo4j_server.start()
    try:
        with bolt.connect(server.uri) as driver, Store(db) as store:
            rates = {}
            batched = f"batched ({bolt.BATCH_ROWS} rows per statement)"
            # warm-up loads first: the server's JIT compiles the statements' paths
            for label, batch in (("warm-up", bolt.BATCH_ROWS), ("warm-up", bolt.BATCH_ROWS),
                                 ("warm-up", bolt.BATCH_ROWS), (batched, bolt.BATCH_ROWS),
                                 ("one statement per row", 1)):
                driver.execute_query("MATCH (n) DETACH DELETE n")
                start = time.perf_counter()
                loaded = bolt.load(driver, store, batch=batch)
                elapsed = time.perf_counter() - start
                records = loaded.documents + loaded.links
                rates[label] = records / elapsed
                print(f"neo4j: {label}: {records} records in {elapsed:.1f} s = "
                      f"{rates[label]:.0f} records/s; counts {bolt.counts(driver)}")
            ratio = rates[batched] / rates["one statement per row"]
            print(f"neo4j: batched / one statement per row = {ratio:.0f}x (goal >= 20x)")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--neo4j-documents", type=int, default=3000)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()
    random.seed(13)
    with tempfile.TemporaryDirectory() as tmp:
        embedded_figures(Path(tmp), args.documents)
        if not args.skip_neo4j:
            neo4j_figures(Path(tmp), args.neo4j_documents)


if __name__ == "__main__":
    main()
