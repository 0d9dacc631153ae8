"""What the browser tests share: one headless Chromium per module, the
graph as vis-network holds it in a page, hovering a node or an edge, and
screenshots made small for docs/."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from bench.browser import Browser

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCREENSHOT_COLOURS = 64  # a palette PNG: a few tens of kB for a page of text and boxes


@pytest.fixture(scope="module")
def browser():
    with Browser(1200, 820) as opened:
        yield opened


def drawn(browser: Browser) -> dict:
    """Wait until the view has drawn; what its DataSets hold and where each node landed."""
    browser.wait_for("return window.kgView && window.kgView.drawnAt !== null")
    return browser.js("""
        const net = kgView.network, box = document.getElementById('kg-graph').getBoundingClientRect();
        const at = net.getPositions();
        return {
          nodes: kgView.nodes.getIds(),
          edges: kgView.edges.get().map(e => [e.from, e.info.relation, e.to]),
          inside: Object.keys(at).filter(k => { const p = net.canvasToDOM(at[k]);
              return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }).length,
          labels: Object.fromEntries(kgView.nodes.get().map(n => [n.id, n.label])),
        };""")


def _offset(browser: Browser, node: str | None = None, edge: str | None = None) -> tuple[int, int]:
    """Where a node or the middle of an edge is drawn, from the canvas's centre
    (scrolled wholly into view first: WebDriver aims at the centre of an
    element's visible part)."""
    x, y, width, height = browser.js("""
        const [node, edge] = arguments, net = kgView.network;
        document.getElementById('kg-graph').scrollIntoView({block: 'center'});
        const point = node ? net.getPositions([node])[node] : net.body.edges[edge].edgeType.getPoint(0.5);
        const dom = net.canvasToDOM(point), box = document.getElementById('kg-graph').getBoundingClientRect();
        return [dom.x, dom.y, box.width, box.height];""", node, edge)
    return int(x - width / 2), int(y - height / 2)


def hover(browser: Browser, node: str | None = None, edge: str | None = None) -> dict:
    """Move the mouse over a node or the middle of an edge; the tooltip vis shows."""
    dx, dy = _offset(browser, node, edge)
    container = browser.driver.find_element(By.ID, "kg-graph")
    ActionChains(browser.driver).move_to_element_with_offset(container, 0, 0).perform()
    ActionChains(browser.driver).move_to_element_with_offset(container, dx, dy).pause(0.1).perform()
    return browser.wait_for("""
        const tip = document.querySelector('div.vis-tooltip');
        return tip && tip.style.visibility === 'visible' && tip.textContent &&
            {text: tip.textContent, elements: Array.from(tip.querySelectorAll('*')).map(e => e.tagName.toLowerCase())};""")


def double_click(browser: Browser, node: str) -> None:
    dx, dy = _offset(browser, node)
    container = browser.driver.find_element(By.ID, "kg-graph")
    ActionChains(browser.driver).move_to_element_with_offset(container, dx, dy).double_click().perform()


def no_alert(browser: Browser) -> bool:
    try:
        browser.driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def screenshot(browser: Browser, name: str) -> Path:
    """A screenshot into docs/, as a small palette PNG."""
    DOCS.mkdir(exist_ok=True)
    path = DOCS / name
    browser.screenshot(path)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(SCREENSHOT_COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path
