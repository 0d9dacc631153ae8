"""How big and how fast the HTML views are: `kg viz` of the whole graph
(generation time from the store, HTML size) at 1,000 and 5,000 documents,
`kg site` of 1,000 documents, and how long a 2,000-document view takes to settle in headless Chromium
(physics is off: the first complete drawing is final; positions are checked
unchanged a second later). Stores are synthetic reports (tests/kg_corpus.py).

Run: .venv/bin/python -m bench.view_speed [--sizes 1000,5000] [--site 1000] [--settle 2000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.browser import Browser
from kg.model import RELATION_KINDS
from kg.store import Store
from tests.kg_corpus import synthetic
from visualize.site import build_site
from visualize.views import view_html, view_scene

ALL = tuple(RELATION_KINDS)


def store_with(path: Path, documents: int) -> Store:
    """A store of synthetic reports holding at least ``documents`` documents."""
    store = Store(path)
    index = 0
    while store.counts().documents < documents:
        for _ in range(50):
            extraction = synthetic(index, 1)
            store.put(extraction, extraction.file)
            index += 1
    return store


def generate(store: Store, documents: int, start_key: str | None = None,
             direction: str = "both") -> tuple[str, dict]:
    """The view of the whole graph (or of the lineage from ``start_key``),
    at most ``documents`` documents, and how long it took."""
    start = time.perf_counter()
    scene = view_scene(store, start_key, direction, ALL, limit=documents)
    read = time.perf_counter() - start
    html = view_html(scene)
    total = time.perf_counter() - start
    return html, {"documents": len(scene.nodes), "links": len(scene.edges),
                  "read_and_layout_s": round(read, 2), "render_s": round(total - read, 2),
                  "generation_s": round(total, 2), "html_mb": round(len(html.encode()) / 1e6, 2)}


def settle(page: Path) -> dict:
    with Browser(1280, 900) as browser:
        browser.open(page)
        browser.wait_for("return window.kgView && kgView.drawnAt !== null", timeout=300)
        first = browser.js("return kgView.network.getPositions()")
        drawn_ms = browser.js("return kgView.drawnAt")
        time.sleep(1)
        still = browser.js("return kgView.network.getPositions()") == first
        errors = browser.console_errors()
    return {"settled_ms_after_navigation": round(drawn_ms), "positions_unchanged_1s_later": still,
            "console_errors": len(errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--site", type=int, default=1000, help="documents of the site timed")
    parser.add_argument("--settle", type=int, default=2000, help="documents of the view timed in Chromium")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with store_with(Path(tmp) / "kg.db", max(*sizes, args.settle)) as store:
            for size in sizes:
                _, figures = generate(store, size)
                results[f"generate_{size}"] = figures
                print(f"{size:5} documents: {figures}", flush=True)
            html, figures = generate(store, args.settle)
        with store_with(Path(tmp) / "site.db", args.site) as store:
            start = time.perf_counter()
            summary = build_site(store, Path(tmp) / "site")
            site = {"documents": summary.documents, "seconds": round(time.perf_counter() - start, 1),
                    "mb": round(summary.bytes / 1e6, 1)}
            results["site"] = site
            print(f"site: {site}", flush=True)
        page = Path(tmp) / "view.html"
        page.write_text(html, encoding="utf-8")
        figures.update(settle(page))
        results[f"settle_{args.settle}"] = figures
        print(f"{args.settle:5} documents in Chromium: {figures}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
