"""The benchmarks in one run: one table on stdout, every figure in a JSON file.

- extraction: MB/s (UTF-8 bytes) and docs/s of the generated corpus
  (bench/corpus.py), on one core and on all cores, clean and OCR-damaged,
  each as a ratio to one naive `regex` pass over the same texts in the same
  run, with the accuracy on the corpus' gold;
- ingest: `kg ingest --jobs <cores>` of the generated files (the smallest
  size with --jobs 1 too), docs/s and the peak memory of the whole process tree (Pss);
- queries: lineage and status in process, and whole commands (lineage,
  status, show, cited-by, path, search) on a hub document and on ordinary
  ones, p50/p99 (bench/query_speed.py);
- Cypher: the embedded engine built from each store, and the same store
  loaded into a Neo4j server on loopback; an anchored lineage both ways on
  the ordinary documents, p50/p99 (bench/graph_speed.py);
- views: on the first size's store, the view of the hub's lineage down
  (generation, HTML size) and how long Chromium takes to draw it
  (bench/view_speed.py).

Run: .venv/bin/python -m bench.run [--quick] [--sizes 10000,100000] [--json PATH]
(--quick: small sizes, a few minutes; see README "Benchmarks").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

from bench import graph_speed, query_speed, view_speed
from bench.corpus import HUBS, Document, accuracy, generate
from kg.model import find_key
from kg.store import Store
from parsers.extract import extract_text

# The naive pass extraction is compared with: numbers with a code, nothing else.
NAIVE_ID = regex.compile(r"\d+[-/][A-ZĐ][\wĐ&]*(?:[-/][A-ZĐ][\wĐ&]*)*")
SEED = 1
DAMAGE_RATE = 0.5
PEAK_POLL_S = 0.2
VIEW_DOCUMENTS = 2000  # at most, in the view of the hub's lineage
QUICK = {"extract_docs": 300, "sizes": [1000], "query_runs": 5}
FULL = {"extract_docs": 2000, "sizes": [10_000, 100_000], "query_runs": 20}


def _megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _naive_seconds(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        sum(1 for _ in NAIVE_ID.finditer(text))
    return time.perf_counter() - started


def _extract_all(texts: list[str]) -> list:
    return [extract_text(t) for t in texts]


def _extraction(documents: list[Document], cores: int) -> dict:
    """Extraction of the documents' texts, timed on ``cores`` processes."""
    texts = [d.text for d in documents]
    started = time.perf_counter()
    if cores == 1:
        extractions = _extract_all(texts)
    else:
        chunk = max(1, len(texts) // (cores * 8))
        with ProcessPoolExecutor(cores) as pool:
            extractions = [e for part in pool.map(_extract_all, [texts[i:i + chunk]
                                                                 for i in range(0, len(texts), chunk)])
                           for e in part]
    seconds = time.perf_counter() - started
    naive = _naive_seconds(texts)
    megabytes = _megabytes(texts)
    return {
        "cores": cores, "docs": len(texts), "megabytes": round(megabytes, 3),
        "seconds": round(seconds, 3), "mb_per_s": round(megabytes / seconds, 3),
        "docs_per_s": round(len(texts) / seconds, 1),
        "naive_mb_per_s": round(megabytes / naive, 1),
        "ratio_to_naive": round(naive / seconds * (1 if cores == 1 else 1 / cores), 5),
        "accuracy": {k: round(v, 4) for k, v in accuracy(documents, extractions).items()},
    }


def _memory_kb(pid: int) -> int:
    """A process's proportional set size (Pss: pages shared with forked
    workers counted once among them), else its resident size, in kB."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(next(l.split()[1] for l in rollup.splitlines() if l.startswith("Pss:")))
    except (OSError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmRSS:")))


def _tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in kB (``_memory_kb``)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += _memory_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def _ingest(size: int, cores: int, folder: Path) -> dict:
    """Write ``size`` generated documents, then time `kg ingest --jobs cores` of them."""
    folder.mkdir(parents=True, exist_ok=True)
    for document in generate(size, seed=SEED):
        (folder / document.name).write_text(document.text, encoding="utf-8")
    db = folder.parent / f"kg-{folder.name}.db"
    started, peak = time.perf_counter(), 0
    child = subprocess.Popen(_kg("ingest", str(folder), "--db", str(db), "--jobs", str(cores), "--json"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while child.poll() is None:
        peak = max(peak, _tree_memory_kb(child.pid))
        time.sleep(PEAK_POLL_S)
    seconds = time.perf_counter() - started
    return {"docs": size, "cores": cores, "seconds": round(seconds, 1),
            "docs_per_s": round(size / seconds, 1), "peak_mb": round(peak / 1024),
            "exit": child.returncode, "db": str(db), "db_mb": round(db.stat().st_size / 1e6, 1)}


def run(settings: dict, sizes: list[int], work: Path) -> dict:
    cores = os.cpu_count() or 1
    results: dict = {"cores": cores, "settings": settings, "extraction": [], "ingest": [],
                     "queries": [], "cypher": []}
    for damaged in (False, True):
        documents = list(generate(settings["extract_docs"], seed=SEED,
                                  damage=DAMAGE_RATE if damaged else 0.0))
        extract_text(documents[0].text)  # vocabularies loaded outside the timing
        for n in sorted({1, cores}):
            figures = _extraction(documents, n)
            results["extraction"].append({"damaged": damaged, **figures})
    if cores > 1:  # how ingest scales: the smallest size on one process too
        results["ingest"].append(_ingest(sizes[0], 1, work / f"docs-{sizes[0]}-one"))
    for size in sizes:
        figures = _ingest(size, cores, work / f"docs-{size}")
        results["ingest"].append(figures)
        results["queries"].append({"docs": size, **query_speed.measure(
            figures["db"], settings["query_runs"], HUBS[-1].id)})
        results["cypher"].append({"docs": size, **_cypher(figures["db"], settings["query_runs"])})
    results["views"] = _views(results["ingest"][0]["db"], work / "view.html")  # the first size
    return results


def _cypher(db: str, runs: int) -> dict:
    with Store(db, readonly=True) as store:
        keys = [find_key(store, doc_id) for doc_id in query_speed.ordinary_ids(db, runs)]
    return {"embedded": graph_speed.embedded_latency(db, keys), "neo4j": graph_speed.neo4j_latency(db, keys)}


def _views(db: str, page: Path) -> dict:
    with Store(db, readonly=True) as store:
        html, figures = view_speed.generate(store, VIEW_DOCUMENTS, find_key(store, HUBS[-1].id), "down")
    page.write_text(html, encoding="utf-8")
    return {**figures, **view_speed.settle(page)}


def table(results: dict) -> str:
    lines = [f"cores: {results['cores']}", "",
             "extraction   cores  docs    MB     MB/s   docs/s  naive MB/s  ratio    citations P/R  relations P/R"]
    for e in results["extraction"]:
        a = e["accuracy"]
        lines.append(
            f"{'damaged' if e['damaged'] else 'clean':10} {e['cores']:5} {e['docs']:6} {e['megabytes']:6.2f} "
            f"{e['mb_per_s']:7.3f} {e['docs_per_s']:8.1f} {e['naive_mb_per_s']:10.1f} {e['ratio_to_naive']:8.5f}"
            f"  {a['citation_precision']:.3f}/{a['citation_recall']:.3f}  "
            f"{a['relation_precision']:.3f}/{a['relation_recall']:.3f}")
    lines += ["", "ingest       docs   cores  seconds  docs/s  peak MB  store MB  exit"]
    for i in results["ingest"]:
        lines.append(f"{'':10} {i['docs']:7} {i['cores']:5} {i['seconds']:8.1f} {i['docs_per_s']:7.1f} "
                     f"{i['peak_mb']:8} {i['db_mb']:9} {i['exit']:5}")
    lines += ["", "queries p50/p99 ms (in process: the query; ordinary, hub: whole commands)"]
    for q in results["queries"]:
        lines += query_speed.table(q, q["docs"])
    lines += ["", "cypher: anchored lineage *1..5, p50/p99 ms"]
    for c in results["cypher"]:
        e, n = c["embedded"], c["neo4j"]
        lines.append(f"{c['docs']:>8} embedded (built in {e['build_s']} s)  up {e['up']['p50_ms']}/{e['up']['p99_ms']}"
                     f"  down {e['down']['p50_ms']}/{e['down']['p99_ms']}")
        lines.append(f"{'':8} neo4j (loaded in {n['load_s']} s, {n['records_per_s']} records/s)  up "
                     f"{n['up']['p50_ms']}/{n['up']['p99_ms']}  down {n['down']['p50_ms']}/{n['down']['p99_ms']}")
    v = results["views"]
    lines += ["", f"view of the hub's lineage down: {v['documents']} documents, {v['links']} links, generated in "
                  f"{v['generation_s']} s, {v['html_mb']} MB; drawn by Chromium {v['settled_ms_after_navigation']} ms "
                  f"after navigation, still 1 s later: {v['positions_unchanged_1s_later']}, "
                  f"console errors: {v['console_errors']}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    parser.add_argument("--sizes", help="ingest sizes, comma-separated (default 10000,100000; quick 1000)")
    parser.add_argument("--json", default="bench-results.json", help="where to write every figure")
    args = parser.parse_args(argv)
    settings = dict(QUICK if args.quick else FULL)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else settings["sizes"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as work:
        results = run(settings, sizes, Path(work))
    for figures in results["ingest"]:
        figures.pop("db")
    Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nevery figure: {args.json}")


if __name__ == "__main__":
    main()
