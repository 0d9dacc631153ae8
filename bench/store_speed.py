"""How fast the store takes extractions, without the extractor: the
generated corpus (bench/corpus.py) extracted once (cached beside the store,
in a file of pickled chunks, since extraction is the slow part), then
written with ``put_many`` in batches as `kg ingest` writes them, files/s
reported per tenth of the corpus (wall and CPU time of put_many alone) so that a
slowdown with N shows (flat is the goal). The cache is read one chunk at a time, so that 1M extractions
never sit in memory at once; the first run extracts with ``--jobs``
processes.

Run: .venv/bin/python -m bench.store_speed [N] [--batch FILES] [--cache DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Iterator

from bench.corpus import generate
from kg.ingest import BATCH_FILES
from kg.store import Store
from parsers.extract import extract_text

SEED = 1
CHUNK = 1000  # extractions per pickled chunk of the cache


def _extract(document) -> object:
    return replace(extract_text(document.text), file=f"/generated/{document.name}")


def _write_cache(size: int, cached: Path, jobs: int) -> None:
    """Extract ``generate(size)`` and pickle it chunk by chunk, under a
    temporary name until complete (a killed run leaves no short cache)."""
    partial = cached.with_name(cached.name + f".{os.getpid()}.part")
    documents = generate(size, seed=SEED)
    with open(partial, "wb") as out, ProcessPoolExecutor(jobs) as pool:
        while chunk := list(islice(documents, CHUNK)):
            pickle.dump(list(pool.map(_extract, chunk, chunksize=16)), out,
                        protocol=pickle.HIGHEST_PROTOCOL)
    partial.rename(cached)


def extractions(size: int, cache: Path, jobs: int = 1) -> Iterator:
    """The extractions of ``generate(size)``, each named after its document,
    in order, read from the cache one chunk at a time (made first if missing)."""
    cached = cache / f"extractions-{size}-{SEED}.chunks.pickle"
    if not cached.exists():
        _write_cache(size, cached, jobs)
    with open(cached, "rb") as handle:
        while True:
            try:
                yield from pickle.load(handle)
            except EOFError:
                return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.store_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, nargs="?", default=10_000)
    parser.add_argument("--batch", type=int, default=BATCH_FILES, help="files per transaction")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()),
                        help="folder of the cached extractions")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="extraction processes when the cache is made")
    args = parser.parse_args(argv)
    found = extractions(args.size, args.cache, args.jobs)
    window = max(args.batch, args.size // 10)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "kg.db") as store:
        # only put_many is timed, not the reading of the cache
        seconds = cpu = window_seconds = window_cpu = 0.0
        done = reported = 0
        while batch := list(islice(found, args.batch)):
            started, cpu_started = time.perf_counter(), time.process_time()
            store.put_many([(e, f"sha-{e.file}") for e in batch])
            window_seconds += time.perf_counter() - started
            window_cpu += time.process_time() - cpu_started
            done += len(batch)
            if done - reported >= window or done == args.size:
                print(f"{done:8d} files  {(done - reported) / window_seconds:7.0f} files/s  "
                      f"{(done - reported) / window_cpu:7.0f} files/CPU-s", flush=True)
                seconds, cpu = seconds + window_seconds, cpu + window_cpu
                reported, window_seconds, window_cpu = done, 0.0, 0.0
        print(f"put_many: {done / seconds:.0f} files/s overall ({seconds:.1f}s, {cpu:.1f} CPU-s, "
              f"batches of {args.batch}); {store.counts()}; store "
              f"{(Path(tmp) / 'kg.db').stat().st_size / 1e6:.0f} MB")

if __name__ == "__main__":
    main()
