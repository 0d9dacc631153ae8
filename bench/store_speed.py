"""How fast the store takes extractions, without the extractor: the
generated corpus (bench/corpus.py) extracted once (cached in a pickle beside
the store, since extraction is the slow part), then written with
``put_many`` in batches as `kg ingest` writes them, files/s reported per
tenth of the corpus so that a slowdown with N shows (flat is the goal).

Run: .venv/bin/python -m bench.store_speed [N] [--batch FILES] [--cache DIR]
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.corpus import generate
from kg.ingest import BATCH_FILES
from kg.store import Store
from parsers.extract import extract_text

SEED = 1


def extractions(size: int, cache: Path) -> list:
    """The extractions of ``generate(size)``, each named after its document."""
    cached = cache / f"extractions-{size}-{SEED}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    found = [replace(extract_text(d.text), file=f"/generated/{d.name}")
             for d in generate(size, seed=SEED)]
    cached.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.store_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, nargs="?", default=10_000)
    parser.add_argument("--batch", type=int, default=BATCH_FILES, help="files per transaction")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()),
                        help="folder of the cached extractions")
    args = parser.parse_args(argv)
    found = extractions(args.size, args.cache)
    window = max(args.batch, args.size // 10)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "kg.db") as store:
        started = last = time.perf_counter()
        reported = 0
        for first in range(0, len(found), args.batch):
            store.put_many([(e, f"sha-{e.file}") for e in found[first:first + args.batch]])
            done = min(first + args.batch, len(found))
            if done - reported >= window or done == len(found):
                now = time.perf_counter()
                print(f"{done:8d} files  {(done - reported) / (now - last):7.0f} files/s", flush=True)
                reported, last = done, now
        seconds = time.perf_counter() - started
        print(f"put_many: {len(found) / seconds:.0f} files/s overall ({seconds:.1f}s, batches of "
              f"{args.batch}); {store.counts()}; store {(Path(tmp) / 'kg.db').stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
