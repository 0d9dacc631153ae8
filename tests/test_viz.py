"""kg viz without a browser: what the page holds (escaped text, no remote
resources, a CSP whose hashes match the inlined scripts), the layout by level,
the bound on the whole graph, and the command's messages and exit codes.
What the browser does with the page is in test_viz_browser.py."""

import base64
import hashlib
import json
import re

import pytest

from kg.cli import EXIT_OK, EXIT_UNKNOWN_ID, EXIT_USAGE, main
from kg.model import around, find_key
from kg.store import Store
from parsers.vocab import VOCAB
from viz_fixtures import HOSTILE_EVIDENCE, HOSTILE_ID, HOSTILE_TITLE, LINEAGE_ID, build_store
from visualize.scene import positions
from visualize.source import lineage_view, nearest, whole_view
from visualize.views import view_html, view_scene


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("viz") / "kg.db")


@pytest.fixture(scope="module")
def store(db):
    with Store(db) as opened:
        yield opened


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lineage_view_holds_the_model_lineage(store):
    key = find_key(store, LINEAGE_ID)
    view = view_scene(store, key, "both", ("implements", "promulgates"))
    part = around(store, key, ("implements", "promulgates"), "both")
    assert {n.key for n in view.nodes} == {d.key for d in part.documents}
    assert {(e.source, e.relation, e.target) for e in view.edges} == \
        {(k.source, k.relation, k.target) for k in part.links}
    ids = {n.label for n in view.nodes}
    assert {"57-NQ/TW", "359-KH/TU", "327/QĐ-UBND", "1587/KH-SKHCN", HOSTILE_ID} <= ids
    assert [n.key for n in view.nodes if n.start] == [key]


def test_bands_follow_the_levels_from_the_top(store):
    view = view_scene(store, find_key(store, LINEAGE_ID), "both", ("implements", "promulgates"))
    y = {n.label: n.y for n in view.nodes}
    # Politburo above the provincial Party committee above the People's Committee above a department
    assert y["57-NQ/TW"] < y["359-KH/TU"] < y["327/QĐ-UBND"] < y["1587/KH-SKHCN"]
    order = [name for name, _ in VOCAB.levels]
    by_level = sorted(view.nodes, key=lambda n: order.index(n.level) if n.level in order else len(order))
    assert [n.y for n in by_level] == sorted(n.y for n in by_level)
    assert len({(n.x, n.y) for n in view.nodes}) == len(view.nodes)  # no two on one spot


def test_wide_bands_wrap_into_lines_without_overlap(store):
    view = whole_view(store, tuple(VOCAB.relation_names))
    at = positions(view.part.documents, view.part.links)
    assert len(set(at.values())) == len(at)
    assert max(abs(x) for x, _ in at.values()) < 40 * 190  # ROW_WRAP documents wide at most


def test_typo_conflicts_are_marked_on_both_nodes(store):
    view = view_scene(store, None, "both", tuple(VOCAB.relation_names))
    typo = {n.label for n in view.nodes if n.typo}
    assert {"359-KH/TU", "539-KH/TU"} <= typo
    marked = next(n for n in view.nodes if n.label == "539-KH/TU")
    assert any("359-KH/TU" in c for c in marked.info["conflicts"])
    assert "327/QĐ-UBND" not in typo


def test_evidence_of_every_place_is_one_edge(store):
    view = view_scene(store, None, "both", tuple(VOCAB.relation_names))
    keys = [e.key for e in view.edges]
    assert len(keys) == len(set(keys))
    stated = sum(len(e.evidence) + e.more for e in view.edges)
    assert stated == store.counts().relations


def test_whole_graph_is_bounded_and_says_so(store):
    view = whole_view(store, tuple(VOCAB.relation_names), limit=20)
    assert len(view.part.documents) == 20
    total = store.counts().documents
    assert view.message and f"{total:,} documents" in view.message and "20 most linked" in view.message
    assert whole_view(store, tuple(VOCAB.relation_names), limit=10_000).message is None


def test_a_cut_lineage_keeps_the_nearest(store):
    key = find_key(store, LINEAGE_ID)
    cut = lineage_view(store, key, "both", ("implements", "promulgates"), limit=3)
    assert len(cut.part.documents) == 3 and "nearest" in cut.message
    full = around(store, key, ("implements", "promulgates"), "both")
    pairs = ((link.source, link.target) for link in full.links)
    assert {d.key for d in cut.part.documents} == set(nearest(pairs, key, 3))
    assert key in {d.key for d in cut.part.documents}


def _page(store, start=None, relations=("implements", "promulgates")):
    return view_html(view_scene(store, start, "both", relations))


def test_page_escapes_document_text_and_loads_nothing_remote(store):
    html = _page(store, find_key(store, HOSTILE_ID))
    assert HOSTILE_TITLE not in html and "<img src=x" not in html
    assert "<script>alert(3)</script>" not in html and "<b onmouseover" not in html
    # the data reach the page as JSON with <, >, & escaped: readable back, exactly
    island = re.search(r'<script type="application/json" id="kg-graph-data">(.*?)</script>', html, re.S)
    data = json.loads(island.group(1))
    assert HOSTILE_TITLE in [n["info"].get("title") for n in data["nodes"]]
    assert any(HOSTILE_EVIDENCE in q["text"] for e in data["edges"] for q in e["info"]["evidence"])
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="?(https?:)?//', html)
    assert "bootstrap" not in html.lower()


def test_csp_allows_exactly_the_inlined_scripts_and_style(store):
    html = _page(store)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    csp = csp.replace("&#39;", "'")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(inline) == 2 and len(styles) == 1  # vis-network and view.js; view.css
    digest = lambda text: "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    assert sorted(script_src) == sorted(map(digest, inline))
    assert re.search(r"style-src ([^;]+)", csp).group(1).split() == [digest(styles[0])]
    assert "vis-network" in inline[0][:200]  # read from the installed pyvis


def test_kg_viz_writes_the_page_and_reports_it(db, tmp_path, capsys):
    out = tmp_path / "v.html"
    code, text, err = run(capsys, "viz", "327/QD-UBND", "--db", str(db), "-o", str(out), "--json")
    assert code == EXIT_OK and err == ""
    report = json.loads(text)
    assert report["file"] == str(out) and report["documents"] >= 6 and report["cut"] is None
    assert out.stat().st_size == report["bytes"]


def test_kg_viz_whole_graph_cut_says_so_on_stderr(db, tmp_path, capsys):
    out = tmp_path / "all.html"
    code, text, err = run(capsys, "viz", "--db", str(db), "-o", str(out), "--limit", "12")
    assert code == EXIT_OK
    assert "showing the 12 most linked" in err and "12 documents" in text
    assert "showing the 12 most linked" in out.read_text(encoding="utf-8")  # on the page too


def test_kg_viz_unknown_id_and_bad_output(db, tmp_path, capsys):
    code, _, err = run(capsys, "viz", "328/QĐ-UBND", "--db", str(db), "-o", str(tmp_path / "x.html"))
    assert code == EXIT_UNKNOWN_ID and "no document" in err and "327/QĐ-UBND" in err
    code, _, err = run(capsys, "viz", "--db", str(db), "-o", str(tmp_path / "x.png"))
    assert code == EXIT_USAGE and "FILE.html" in err
    code, _, err = run(capsys, "viz", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "x.html"))
    assert code == EXIT_USAGE and "no store" in err
    with pytest.raises(SystemExit):
        main(["viz", "--relations", "inspires", "--db", str(db)])
    capsys.readouterr()
