"""How fast the store takes extractions, without the extractor: synthetic
reports of 23 citations each (tests/kg_corpus.py), then the same files again
changed, then the graph loaded. Run: .venv/bin/python bench/store_speed.py [N]"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from kg.graph import load_graph  # noqa: E402
from kg.store import Store  # noqa: E402
from kg_corpus import synthetic  # noqa: E402


def main(files: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "kg.db") as store:
        for version in (1, 2):
            extractions = [synthetic(i, version) for i in range(files)]
            start = time.perf_counter()
            for e in extractions:
                store.put(e, f"v{version}-{e.file}")
            elapsed = time.perf_counter() - start
            print(f"put v{version}: {files / elapsed:8.0f} files/s  ({elapsed:.2f}s)")
        start = time.perf_counter()
        graph = load_graph(store)
        print(f"load_graph: {time.perf_counter() - start:.2f}s, {graph.number_of_nodes()} nodes, "
              f"{graph.number_of_edges()} edges; {store.counts()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
