"""kg site in headless Chromium, the network blocked, from file:// and from
a web server on loopback: pages load with no console error; the index
filters and sorts; a click leads from the index to a document's page and on
to a document it cites; a hostile title is shown as text and runs nothing.
Makes docs/site-index.png."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from kg.cli import EXIT_OK, main
from kg.model import documents, find_key
from kg.store import Store
from viz_browser import browser, double_click, drawn, no_alert, screenshot  # noqa: F401 (fixture)
from viz_fixtures import HOSTILE_ID, HOSTILE_TITLE, LINEAGE_ID, build_store
from visualize.site import DOCUMENT_DIR, page_name


def _site(root, hostile: bool):
    db = build_store(root / "kg.db", hostile=hostile)
    out = root / "site"
    assert main(["site", str(out), "--db", str(db)]) == EXIT_OK
    return db, out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("siteb"), hostile=True)


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("sites"), hostile=False)


@pytest.fixture(scope="module")
def served(site):
    """The site served by a plain web server on 127.0.0.1."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site[1])))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def visible_rows(browser):
    return browser.js("return Array.from(document.querySelectorAll('#kg-index tbody tr'))"
                      ".filter(r => !r.hidden).map(r => Array.from(r.cells).map(c => c.textContent))")


def heading(browser) -> str:
    return browser.driver.find_element(By.TAG_NAME, "h1").text


def test_index_filters_and_sorts(browser, samples_site):
    db, out = samples_site
    with Store(db) as store:
        of_2024 = sorted(d.id or "" for d in documents(store) if d.year == 2024)
    browser.open(out / "index.html")
    everything = visible_rows(browser)
    Select(browser.driver.find_element(By.CSS_SELECTOR, '[data-filter="type"]')).select_by_visible_text("Quyết định")
    decisions = visible_rows(browser)
    assert 0 < len(decisions) < len(everything) and all(r[1] == "Quyết định" for r in decisions)
    Select(browser.driver.find_element(By.CSS_SELECTOR, '[data-filter="type"]')).select_by_index(0)
    Select(browser.driver.find_element(By.CSS_SELECTOR, '[data-filter="year"]')).select_by_visible_text("2024")
    assert sorted(r[0] for r in visible_rows(browser)) == of_2024 and of_2024  # the model's year
    Select(browser.driver.find_element(By.CSS_SELECTOR, '[data-filter="year"]')).select_by_index(0)
    browser.driver.find_element(By.CSS_SELECTOR, '[data-column="2"] button').click()  # date, ascending
    dates = [r[2] for r in visible_rows(browser) if r[2]]
    assert dates == sorted(dates) and len(visible_rows(browser)) == len(everything)
    browser.driver.find_element(By.CSS_SELECTOR, '[data-column="2"] button').click()  # descending
    assert [r[2] for r in visible_rows(browser) if r[2]] == sorted(dates, reverse=True)
    box = browser.driver.find_element(By.CSS_SELECTOR, '[data-filter="text"]')
    box.send_keys("skhcn")
    assert visible_rows(browser) and all("SKHCN" in r[0] for r in visible_rows(browser))
    box.clear()
    box.send_keys(" ")  # back to every row, in date order, for the screenshot
    assert browser.console_errors() == [] and browser.remote_requests() == []
    screenshot(browser, "site-index.png")


def _click_through(browser, db, index_url: str) -> None:
    with Store(db) as store:
        decision, plan = find_key(store, LINEAGE_ID), find_key(store, "359-KH/TU")
    browser.open(index_url)
    browser.driver.find_element(By.LINK_TEXT, LINEAGE_ID).click()
    browser.wait_for(f"return location.pathname.endsWith('/{DOCUMENT_DIR}/{page_name(decision)}')")
    assert heading(browser).startswith(LINEAGE_ID)
    graph = drawn(browser)
    assert decision in graph["nodes"] and plan in graph["nodes"]
    cites = browser.driver.find_elements(By.CSS_SELECTOR, "table.kg-links")[0]
    cites.find_element(By.LINK_TEXT, "359-KH/TU · Quảng Ngãi").click()
    browser.wait_for(f"return location.pathname.endsWith('/{page_name(plan)}')")
    assert heading(browser).startswith("359-KH/TU")
    assert decision in drawn(browser)["nodes"]
    assert browser.console_errors() == []
    assert browser.remote_requests() == []


def test_click_from_index_to_a_document_and_on_from_file(browser, site):
    db, out = site
    _click_through(browser, db, (out / "index.html").as_uri())


def test_click_from_index_to_a_document_and_on_from_a_web_server(browser, site, served):
    db, _ = site
    _click_through(browser, db, f"{served}/index.html")


def test_hostile_title_is_text_and_runs_nothing(browser, site):
    db, out = site
    with Store(db) as store:
        page = out / DOCUMENT_DIR / page_name(find_key(store, HOSTILE_ID))
    for url in (page, out / "index.html"):
        browser.open(url)
        assert HOSTILE_TITLE in browser.driver.find_element(By.TAG_NAME, "body").text
        assert browser.js("return document.querySelectorAll('img, b').length") == 0
        assert no_alert(browser)
        assert browser.console_errors() == []


def test_conflicts_page_loads_and_links_to_documents(browser, site):
    _, out = site
    browser.open(out / "conflicts.html")
    links = browser.driver.find_elements(By.CSS_SELECTOR, ".kg-conflict-item h2 a")
    assert links and browser.console_errors() == []
    target = next(a for a in links if a.text.startswith("539-KH/TU"))
    target.click()
    assert heading(browser).startswith("539-KH/TU")
    assert "⚠" in browser.driver.find_element(By.CSS_SELECTOR, ".kg-conflict").text


def test_double_click_in_the_view_opens_that_documents_page(browser, site):
    db, out = site
    with Store(db) as store:
        decision, top = find_key(store, LINEAGE_ID), find_key(store, "57-NQ/TW")
    browser.open(out / DOCUMENT_DIR / page_name(decision))
    assert top in drawn(browser)["nodes"]
    double_click(browser, top)
    browser.wait_for(f"return location.pathname.endsWith('/{page_name(top)}')")
    assert heading(browser).startswith("57-NQ/TW")
    assert browser.console_errors() == []
