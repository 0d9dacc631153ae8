"""kg viz in headless Chromium, the network blocked: the page loads with no
console error and nothing remote, vis-network holds exactly the model's
lineage, tooltips show document text and evidence as text, and a hostile
title runs nothing. Makes docs/viz-lineage-327.png."""

from pathlib import Path

import pytest

from kg.cli import EXIT_OK, main
from kg.model import around, find_key
from kg.store import Store
from viz_browser import browser, drawn, hover, no_alert, screenshot  # noqa: F401 (fixture)
from viz_fixtures import HOSTILE_EVIDENCE, HOSTILE_ID, HOSTILE_TITLE, LINEAGE_ID, build_store

LINEAGE = ("implements", "promulgates")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("vizb") / "kg.db")


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("vizs") / "kg.db", hostile=False)


def view(db, tmp_path: Path, *argv) -> Path:
    out = tmp_path / "view.html"
    assert main(["viz", *argv, "--db", str(db), "-o", str(out)]) == EXIT_OK
    return out


def test_the_harness_blocks_and_records_remote_requests(browser, tmp_path):
    page = tmp_path / "remote.html"
    page.write_text('<!doctype html><p id="p">x</p><script src="https://cdn.example.org/lib.js"></script>'
                    '<script src="http://93.184.216.34/lib.js"></script>', encoding="utf-8")
    browser.open(page)
    assert {"https://cdn.example.org/lib.js", "http://93.184.216.34/lib.js"} <= set(browser.remote_requests())
    assert browser.console_errors()  # both failed to load


def test_lineage_view_draws_the_model_lineage_offline(browser, samples_db, tmp_path):
    browser.open(view(samples_db, tmp_path, LINEAGE_ID))
    graph = drawn(browser)
    with Store(samples_db) as store:
        key = find_key(store, LINEAGE_ID)
        part = around(store, key, LINEAGE, "both")
    assert sorted(graph["nodes"]) == sorted(d.key for d in part.documents)
    assert sorted(map(tuple, graph["edges"])) == sorted({(k.source, k.relation, k.target) for k in part.links})
    assert graph["inside"] == len(graph["nodes"])  # every node drawn within the canvas
    assert browser.console_errors() == []
    assert browser.remote_requests() == []
    screenshot(browser, "viz-lineage-327.png")


def test_tooltips_show_escaped_text_and_run_nothing(browser, db, tmp_path):
    browser.open(view(db, tmp_path, HOSTILE_ID, "--up", "--depth", "1"))
    graph = drawn(browser)
    with Store(db) as store:
        hostile, target = find_key(store, HOSTILE_ID), find_key(store, LINEAGE_ID)
    assert sorted(graph["nodes"]) == sorted([hostile, target])
    edge_tip = hover(browser, edge=f"{hostile}|implements|{target}")
    assert HOSTILE_EVIDENCE in edge_tip["text"]
    assert "script" not in edge_tip["elements"] and "b" not in edge_tip["elements"]
    node_tip = hover(browser, node=hostile)
    assert HOSTILE_TITLE in node_tip["text"] and "Kế hoạch" in node_tip["text"]
    assert "img" not in node_tip["elements"]
    assert browser.js("return document.querySelectorAll('img').length") == 0
    assert no_alert(browser)
    assert browser.console_errors() == []


def test_search_selects_the_matching_documents(browser, db, tmp_path):
    browser.open(view(db, tmp_path, LINEAGE_ID))
    drawn(browser)
    box = browser.driver.find_element("id", "kg-search")
    box.send_keys("ke hoach")  # without diacritics
    selected = browser.js("return kgView.network.getSelectedNodes().map(id => kgView.nodes.get(id).info.type)")
    assert selected and set(selected) == {"Kế hoạch"}
    assert browser.driver.find_element("id", "kg-found").text == f"{len(selected)} kết quả"


def test_whole_graph_cut_view_says_so_and_holds_the_bound(browser, db, tmp_path):
    browser.open(view(db, tmp_path, "--limit", "25"))
    graph = drawn(browser)
    assert len(graph["nodes"]) == 25
    assert "showing the 25 most linked" in browser.driver.find_element("css selector", ".kg-cut").text
    assert browser.console_errors() == []
