"""kg site: a static site of the graph that works from the file system and
from any web server: index.html (every document; sortable, filterable by
type, issuer, jurisdiction, year), conflicts.html, and doc/<name>.html per
document (its facts and status, its lineage view, what it cites and what
cites it, each with the sentences that say so and a link to the other
document's page). Pages link relatively; scripts and styles are files of
assets/ (vis-network copied from the installed pyvis at generation time).

>>> page_name("327/QĐ-UBND@Quảng Ngãi")
'327-qd-ubnd-quang-ngai-a22775.html'
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable, Iterable

from jinja2 import Environment

from kg.model import RELATION_KINDS, Document, Subgraph, around, documents, links
from kg.store import Store, StoredConflict
from parsers.fold import plain
from parsers.vocab import VOCAB
from queries.lineage import DEFAULT_RELATIONS
from visualize.render import SHIPPED_SCRIPTS, Page, environment, render, shipped_assets, static_text
from visualize.scene import conflicts_by_node, edges_of, quote, scene
from visualize.source import View, conflicts, nearest

DOCUMENT_DIR = "doc"
VIEW_LIMIT = 300  # documents in the view of one document's page
QUOTES_PER_LINK = 5  # evidence quoted per relation in a page's tables
SLUG_CHARS = 60
INDEX_COLUMNS = ("Số hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Địa bàn", "Hiệu lực", "Liên kết",
                 "Trích yếu")
FILTERS = (("type", "Loại"), ("issuer", "Cơ quan"), ("jurisdiction", "Địa bàn"), ("year", "Năm"))
FACTS = (("id", "Số hiệu"), ("type", "Loại"), ("date", "Ngày"), ("issuer", "Cơ quan ban hành"),
         ("jurisdiction", "Địa bàn"), ("level", "Cấp"), ("aliases", "Cách viết khác"),
         ("mentions", "Số lần được nhắc đến"))


def page_name(key: str) -> str:
    """A file name for a document's page: readable, ASCII, unique by a hash of the key."""
    readable = key.removeprefix("file:")
    if key.startswith("file:"):
        readable = PurePath(readable).name
    slug = re.sub(r"[^a-z0-9]+", "-", plain(readable).lower()).strip("-")[:SLUG_CHARS]
    return f"{slug or 'document'}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}.html"


@dataclass(frozen=True, slots=True)
class SiteSummary:
    out: Path
    documents: int
    conflicts: int
    bytes: int

    def to_json(self) -> dict:
        return {"out": str(self.out), "index": str(self.out / "index.html"),
                "documents": self.documents, "conflicts": self.conflicts, "bytes": self.bytes}


def _label(document: Document) -> str:
    if document.id:
        return document.id + (f" · {document.jurisdiction}" if document.jurisdiction else "")
    return PurePath(document.key.removeprefix("file:")).name


def _steps(key: str, part: Subgraph, outgoing: bool, href: Callable[[str], str]) -> list[dict]:
    """The relations of ``key`` one way, each with the other document and the evidence."""
    by_key = {d.key: d for d in part.documents}
    steps = []
    for (source, relation, target), evidence in edges_of(part.links).items():
        if (source if outgoing else target) != key:
            continue
        other = by_key[target if outgoing else source]
        kind = RELATION_KINDS[relation]
        name = kind.name if outgoing else kind.inverse
        steps.append({"relation": f"{kind.label} ({name.replace('_', ' ')})", "label": _label(other),
                      "page": href(other.key), "type": other.type, "date": other.date,
                      "evidence": [quote(e) for e in evidence[:QUOTES_PER_LINK]], "more": max(len(evidence) - QUOTES_PER_LINK, 0)})
    return sorted(steps, key=lambda s: (s["relation"], s["label"]))


def _merge(*parts: Subgraph) -> Subgraph:
    docs = {d.key: d for part in parts for d in part.documents}
    return Subgraph(tuple(docs.values()), tuple(dict.fromkeys(k for p in parts for k in p.links)))


def document_page(store: Store, document: Document, marks: dict[str, list[StoredConflict]],
                  all_conflicts: tuple[StoredConflict, ...]) -> str:
    """The page of one document: facts, status, lineage view, relations both ways."""
    href = lambda key: page_name(key)  # pages of documents sit side by side
    near = around(store, document.key, tuple(RELATION_KINDS), "both", depth=1)
    part = _merge(near, around(store, document.key, DEFAULT_RELATIONS, "both"))
    message = None
    if len(part.documents) > VIEW_LIMIT:
        kept = set(nearest(((k.source, k.target) for k in part.links), document.key, VIEW_LIMIT))
        message = f"{len(part.documents):,} documents around it; the view shows the {VIEW_LIMIT} nearest"
        part = Subgraph(tuple(d for d in part.documents if d.key in kept),
                        tuple(k for k in part.links if k.source in kept and k.target in kept))
    label = _label(document)
    view = scene(View(part, document.key, message), all_conflicts, f"Phả hệ của {label}", href)
    level_labels = dict(VOCAB.levels)
    values = {**document.to_json(), "level": level_labels.get(document.level or ""),
              "aliases": ", ".join(document.aliases)}
    facts = [(name, values[field]) for field, name in FACTS if values.get(field)]
    doc = {"label": label, "type": document.type, "title": document.title, "facts": facts,
           "status": document.status, "conflicts": [c.detail for c in marks.get(document.key, ())],
           "sections": [
               {"title": "Văn bản này dẫn chiếu (what it cites)", "steps": _steps(document.key, near, True, href)},
               {"title": "Được dẫn chiếu bởi (what cites it)", "steps": _steps(document.key, near, False, href)},
           ]}
    page = Page(f"{label} — vnpolicy-kg", "kg-doc", root="../", scripts=SHIPPED_SCRIPTS)
    return render(view, "document.html", page, doc=doc)


def index_page(env: Environment, docs: list[Document], degree: Counter, conflict_count: int,
               link_count: int) -> str:
    rows = [{"label": d.id or _label(d), "page": f"{DOCUMENT_DIR}/{page_name(d.key)}", "type": d.type or "",
             "date": d.date or "", "issuer": d.issuer or "", "jurisdiction": d.jurisdiction or "",
             "status": d.status, "links": degree[d.key], "title": d.title or "",
             "year": str(d.year or "")}
            for d in sorted(docs, key=lambda d: (d.date or "", d.key), reverse=True)]
    filters = [{"name": name, "label": label,
                "options": sorted({r[name] for r in rows if r[name]})} for name, label in FILTERS]
    page = Page("Văn bản — vnpolicy-kg", "kg-index", scripts=("assets/site.js",))
    return env.get_template("index.html").render(page=page, rows=rows, filters=filters,
                                                  columns=INDEX_COLUMNS, conflict_count=conflict_count,
                                                  link_count=link_count)


def conflicts_page(env: Environment, found: Iterable[StoredConflict], docs: dict[str, Document]) -> str:
    items = []
    for c in found:
        keys = [k for k in (c.node, c.other) if k in docs]
        items.append({
            "kind": c.kind, "detail": c.detail,
            "documents": [{"label": _label(docs[k]), "page": f"{DOCUMENT_DIR}/{page_name(k)}"} for k in keys],
            "evidence": [{"text": " ".join(m.text.split()), "date": m.date,
                          "where": f"{PurePath(m.file).name}:{m.start if m.start is not None else 'header'}"}
                         for m in c.evidence]})
    page = Page("Mâu thuẫn — vnpolicy-kg", "kg-conflicts", scripts=())
    return env.get_template("conflicts.html").render(page=page, conflicts=items)


def build_site(store: Store, out: Path, progress: Callable[[Iterable], Iterable] = lambda x: x
               ) -> SiteSummary:
    """Write the site into ``out`` (created; its pages are replaced, and the
    pages of documents no longer in the store removed)."""
    written = 0

    def write(relative: str, text: str) -> None:
        nonlocal written
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)

    for relative, text in {**shipped_assets(), "assets/site.js": static_text("site.js")}.items():
        write(relative, text)
    found = conflicts(store)
    marks = conflicts_by_node(found)
    degree: Counter[str] = Counter()
    link_count = 0
    for link in links(store):
        degree[link.source] += 1
        degree[link.target] += 1
        link_count += 1
    docs = {d.key: d for d in documents(store)}
    for document in progress(docs.values()):
        write(f"{DOCUMENT_DIR}/{page_name(document.key)}", document_page(store, document, marks, found))
    current = {page_name(key) for key in docs}
    for stale in (out / DOCUMENT_DIR).glob("*.html"):  # documents gone since the last run
        if stale.name not in current:
            stale.unlink()
    env = environment()
    write("index.html", index_page(env, list(docs.values()), degree, len(found), link_count))
    write("conflicts.html", conflicts_page(env, found, docs))
    return SiteSummary(out, len(docs), len(found), written)
