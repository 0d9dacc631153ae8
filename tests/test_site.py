"""kg site without a browser: every document has its page, every link of
every page leads to a file of the site, text from documents is escaped, and
the command says where to open it. The browser side is test_site_browser.py."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kg.cli import EXIT_OK, EXIT_USAGE, main
from kg.model import documents, find_key
from kg.store import Store
from viz_fixtures import HOSTILE_ID, LINEAGE_ID, build_store
from visualize.site import DOCUMENT_DIR, page_name


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    db = build_store(root / "kg.db")
    out = root / "site"
    assert main(["site", str(out), "--db", str(db)]) == EXIT_OK
    return db, out


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_every_document_has_its_page(site):
    db, out = site
    with Store(db) as store:
        keys = [d.key for d in documents(store)]
    pages = {p.name for p in (out / DOCUMENT_DIR).iterdir()}
    assert pages == {page_name(k) for k in keys}
    assert len(pages) == len(keys)  # names are unique


def test_every_link_resolves_to_a_file_of_the_site(site):
    _, out = site
    pages = list(out.rglob("*.html"))
    checked = 0
    for page in pages:
        for link in links_of(page):
            if link == "data:,":  # the empty favicon every page declares
                continue
            url = urlparse(link)
            assert not url.scheme and not url.netloc, f"{page.name}: {link} leaves the site"
            target = (page.parent / unquote(url.path)).resolve()
            assert target.is_file() and out.resolve() in target.parents, f"{page.name}: {link} is broken"
            checked += 1
    assert checked > len(pages) * 3


def test_document_page_lists_both_ways_with_evidence(site):
    db, out = site
    with Store(db) as store:
        key = find_key(store, LINEAGE_ID)
        plan = find_key(store, "359-KH/TU")
        department = find_key(store, "1587/KH-SKHCN")
    html = (out / DOCUMENT_DIR / page_name(key)).read_text(encoding="utf-8")
    cites, cited_by = html.split("what it cites", 1)[1].split("what cites it", 1)
    assert f'href="{page_name(plan)}"' in cites and "thực hiện (implements)" in cites
    assert f'href="{page_name(department)}"' in cited_by
    assert "implemented by" in cited_by and "<blockquote>" in cited_by
    assert "in force" in html and "kg-graph-data" in html


def test_document_text_is_escaped_everywhere(site):
    db, out = site
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html and "<b onmouseover" not in html and "alert(3)</script>" not in html, page
    with Store(db) as store:
        hostile = (out / DOCUMENT_DIR / page_name(find_key(store, HOSTILE_ID))).read_text(encoding="utf-8")
    assert "Thí điểm &lt;img src=x onerror=alert(1)&gt; chuyển đổi số" in hostile
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in hostile
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index


def test_pages_carry_a_strict_csp_and_no_inline_script(site):
    _, out = site
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "script-src &#39;self&#39;;" in html and "default-src &#39;none&#39;" in html
        assert not re.search(r"<script>(?!</script>)", html), page  # code only from assets/
        # no inline style or event handler attribute (the CSP would refuse them)
        assert not re.search(r"<[a-z][^>]*\s(style|on[a-z]+)=", html), page


def test_index_offers_the_filters(site):
    _, out = site
    html = (out / "index.html").read_text(encoding="utf-8")
    for name in ("type", "issuer", "jurisdiction", "year"):
        assert f'data-filter="{name}"' in html
    assert "<option>Quyết định</option>" in html and "<option>2025</option>" in html
    assert "<option>Quảng Ngãi</option>" in html


def test_conflicts_page_links_both_sides_of_a_typo(site):
    db, out = site
    html = (out / "conflicts.html").read_text(encoding="utf-8")
    with Store(db) as store:
        assert html.count('class="kg-conflict-item"') == store.counts().conflicts
        a, b = find_key(store, "359-KH/TU"), find_key(store, "539-KH/TU")
    section = next(s for s in html.split('class="kg-conflict-item"') if "539-KH/TU and" in s or "359-KH/TU and 539" in s)
    assert f"{DOCUMENT_DIR}/{page_name(a)}" in section and f"{DOCUMENT_DIR}/{page_name(b)}" in section


def test_kg_site_json_and_where_to_open(tmp_path, capsys):
    db = build_store(tmp_path / "kg.db")
    (tmp_path / "s" / DOCUMENT_DIR).mkdir(parents=True)
    stale = tmp_path / "s" / DOCUMENT_DIR / "gone-000000.html"  # a document the store no longer has
    stale.write_text("old", encoding="utf-8")
    assert main(["site", str(tmp_path / "s"), "--db", str(db), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["index"] == str(tmp_path / "s" / "index.html") and report["documents"] > 100
    assert not stale.exists()
    assert main(["site", str(tmp_path / "s"), "--db", str(db)]) == EXIT_OK  # again: replaced in place
    out = capsys.readouterr().out
    assert f"open {(tmp_path / 's' / 'index.html').as_uri()}" in out


def test_kg_site_refuses_a_file_as_its_folder(tmp_path, capsys):
    db = build_store(tmp_path / "kg.db", hostile=False)
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    assert main(["site", str(tmp_path / "taken"), "--db", str(db)]) == EXIT_USAGE
    assert "taken: exists and is not a folder" in capsys.readouterr().err
