"""How fast a store answers: the query itself and the whole command.

- in process: finding the document, reading its part of the store and
  answering (kg.model.around + queries.lineage; changes_around +
  queries.status), the store opened once; p50/p99 over ordinary documents;
- whole commands: `kg lineage`, `status`, `show --limit`, `cited-by
  --limit`, `path` and `search --limit` as a user runs them (process start,
  imports and store opening included), on ordinary documents and on a hub
  cited by most files.

Ordinary documents are those numbered with their year ("12/2025/QĐ-UBND":
one document each), taken evenly along the store's keys, so the same store
gives the same sample.

Run: .venv/bin/python -m bench.query_speed STORE.db [--runs 20] [--hub 57-NQ/TW] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from kg.graph import part_graph
from kg.model import around, changes_around, find_key
from kg.store import Store
from queries.lineage import DEFAULT_RELATIONS, lineage
from queries.status import status

SHOWN = "50"  # --limit of the commands that list a hub's documents
TIMEOUT_S = 120.0  # a whole command stopped after this long
YEAR_NUMBERED = re.compile(r"/20\d\d/")  # ids numbered with their year


def percentiles(samples: list[float]) -> dict:
    """p50 and p99 (nearest rank) of durations in seconds, in ms."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p99_ms": round(p99 * 1000, 1),
            "runs": len(ordered)}


def ordinary_ids(db: str, count: int) -> list[str]:
    """``count`` ids numbered with their year, evenly spread along their order."""
    with Store(db, readonly=True) as store:
        ids = sorted(i for i in store.id_spellings() if YEAR_NUMBERED.search(i))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def in_process(db: str, ids: list[str]) -> dict:
    """Latency of lineage (up) and status of each id, the store opened once."""
    with Store(db, readonly=True) as store:
        def up(doc_id: str):
            key = find_key(store, doc_id)
            return lineage(part_graph(around(store, key, DEFAULT_RELATIONS, "up")), key, "up")

        def state(doc_id: str):
            key = find_key(store, doc_id)
            return status(part_graph(changes_around(store, key)), key)

        up(ids[0])  # the first query pays for the imports and the page cache
        return {name: percentiles([_seconds(lambda: query(i)) for i in ids])
                for name, query in (("lineage", up), ("status", state))}


def _commands(doc_id: str, other: str) -> dict[str, list[str]]:
    return {"lineage": ["lineage", doc_id, "--up"], "status": ["status", doc_id],
            "show": ["show", doc_id, "--limit", SHOWN], "cited-by": ["cited-by", doc_id, "--limit", SHOWN],
            "path": ["path", doc_id, other], "search": ["search", "--issuer", "UBND", "--limit", SHOWN]}


def whole_commands(db: str, ids: list[str], runs: int, timeout: float = TIMEOUT_S) -> dict:
    """Wall time of each command on ``runs`` of the ids (the path to the next
    id), and the exit codes seen ("timeout": stopped after ``timeout``
    seconds, counted as that long; a command's other runs are then skipped)."""
    figures = {}
    for name in _commands("", ""):
        samples, exits = [], set()
        for run in range(runs):
            doc_id, other = ids[run % len(ids)], ids[(run + 1) % len(ids)]
            argv = [sys.executable, "-m", "kg.cli", *_commands(doc_id, other)[name], "--db", db, "--json"]
            started = time.perf_counter()
            try:
                exits.add(subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         timeout=timeout).returncode)
            except subprocess.TimeoutExpired:
                exits.add("timeout")
            samples.append(time.perf_counter() - started)
            if "timeout" in exits:
                break
        figures[name] = {**percentiles(samples), "exits": sorted(exits, key=str)}
    return figures


def measure(db: str, runs: int, hub: str, timeout: float = TIMEOUT_S) -> dict:
    ids = ordinary_ids(db, runs)
    return {"ordinary_ids": len(ids), "in_process": in_process(db, ids),
            "ordinary": whole_commands(db, ids, runs, timeout),
            "hub": whole_commands(db, [hub], max(1, runs // 4), timeout)}


def table(figures: dict, docs: int | str = "") -> list[str]:
    lines = [f"{docs:>8} in process  " + "  ".join(
        f"{name} {f['p50_ms']:.1f}/{f['p99_ms']:.1f}" for name, f in figures["in_process"].items())]
    for kind in ("ordinary", "hub"):
        lines.append(f"{'':8} {kind:10}  " + "  ".join(
            f"{name} {f['p50_ms']:.0f}/{f['p99_ms']:.0f}" + ("" if f["exits"] == [0] else f" (exit {f['exits']})")
            for name, f in figures[kind].items()))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.query_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("db", help="a store written by kg ingest")
    parser.add_argument("--runs", type=int, default=20, help="ordinary documents (and command runs)")
    parser.add_argument("--hub", default="57-NQ/TW", help="a document cited by most files")
    parser.add_argument("--json", help="also write every figure here")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds a whole command may take")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        parser.error(f"no store at {args.db}")
    figures = measure(args.db, args.runs, args.hub, args.timeout)
    print("p50/p99 ms")
    print("\n".join(table(figures)))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
