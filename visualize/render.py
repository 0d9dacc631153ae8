"""A Scene → HTML through pyvis, with this package's own templates.

pyvis 0.3.2 holds the nodes and edges and renders the template
(``set_template_dir``); everything it would fetch from a CDN is replaced:
vis-network is read from pyvis's own package at generation time and either
inlined (``kg viz``: one file) or written once beside the pages (``kg
site``); there is no Bootstrap. Tooltips are built by static/view.js with
``textContent``, and a Content-Security-Policy lets only the page's own
scripts run (by hash when inlined, 'self' when shipped as files).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from visualize.scene import Scene

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
LARGE_VIEW = 400  # edges: above this, straight edges (curves cost drawing time)
VIS_SCRIPT = "assets/vis-network.min.js"
SHIPPED_SCRIPTS = (VIS_SCRIPT, "assets/view.js")
SHIPPED_STYLES = ("assets/view.css",)
CSP_SHIPPED = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "base-uri 'none'; form-action 'none'")


@cache
def vis_network_js() -> str:
    """The vis-network bundle pyvis ships (the newest version it carries)."""
    bundles = sorted((Path(pyvis.__file__).parent / "lib").glob("vis-*/vis-network.min.js"),
                     key=lambda p: tuple(int(x) for x in p.parent.name[4:].split(".")))
    if not bundles:
        raise RuntimeError(f"no vis-network.min.js in the installed pyvis ({pyvis.__file__})")
    return bundles[-1].read_text(encoding="utf-8")


def static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def shipped_assets() -> dict[str, str]:
    """The files a site needs beside its pages: path → text."""
    return {VIS_SCRIPT: vis_network_js(),
            **{p: static_text(Path(p).name) for p in (*SHIPPED_SCRIPTS[1:], *SHIPPED_STYLES)}}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True)
class Page:
    """What base.html needs: title, kind, how scripts and styles arrive, CSP."""

    title: str
    kind: str
    root: str = ""  # "../" from the pages of documents
    inline: bool = False
    nav: bool = True
    scripts: tuple = field(default=SHIPPED_SCRIPTS)
    styles: tuple = field(default=SHIPPED_STYLES)
    csp: str = CSP_SHIPPED

    @classmethod
    def self_contained(cls, title: str, kind: str) -> Page:
        scripts = (vis_network_js(), static_text("view.js"))
        styles = (static_text("view.css"),)
        csp = (f"default-src 'none'; script-src {' '.join(map(_sha256, scripts))}; "
               f"style-src {' '.join(map(_sha256, styles))}; img-src data:; "
               "base-uri 'none'; form-action 'none'")
        return cls(title, kind, inline=True, nav=False, scripts=tuple(map(Markup, scripts)),
                   styles=tuple(map(Markup, styles)), csp=csp)


def vis_options(scene: Scene) -> dict:
    large = len(scene.edges) > LARGE_VIEW
    return {
        "physics": {"enabled": False},  # positions come from scene.positions
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "nodes": {"shape": "box", "margin": 8, "borderWidth": 1,
                  "font": {"color": "#ffffff", "size": 15, "face": "DejaVu Sans, sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "width": 1.5,
                  "font": {"size": 11, "align": "horizontal", "strokeWidth": 3,
                           "face": "DejaVu Sans, sans-serif"},
                  "smooth": False if large else {"enabled": True, "type": "curvedCW",
                                                  "roundness": 0.12}},
    }


def network(scene: Scene) -> Network:
    """The scene as a pyvis Network: vis-network's node and edge objects."""
    net = Network(directed=True, heading=scene.title)
    style_other = {"typo": {"borderWidth": 3, "shapeProperties": {"borderDashes": [6, 3]}},
                   "start": {"borderWidth": 4, "font": {"size": 17, "color": "#ffffff"}}}
    for node in scene.nodes:
        extra: dict = {}
        border = node.colour
        if node.start:
            extra.update(style_other["start"])
            border = "#111827"
        if node.typo:
            extra.update(style_other["typo"])
            border = scene.legend["typo_colour"]
        net.add_node(node.key, label=("⚠ " if node.typo else "") + node.label, shape="box",
                     x=node.x, y=node.y,
                     color={"background": node.colour, "border": border,
                            "highlight": {"background": node.colour, "border": "#facc15"},
                            "hover": {"background": node.colour, "border": "#facc15"}},
                     info={**node.info, "page": node.page}, **extra)
    for edge in scene.edges:
        net.add_edge(edge.source, edge.target, id=edge.key, label=edge.label,
                     color={"color": edge.colour, "highlight": edge.colour, "hover": edge.colour},
                     font={"color": edge.colour},
                     info={"relation": edge.relation, "evidence": list(edge.evidence),
                           "more": edge.more})
    net.options = vis_options(scene)
    return net


@cache
def environment() -> Environment:
    """The one Jinja environment of the views: autoescaped (pyvis makes its own
    without), and made once, so each template is compiled once per process
    (pyvis's set_template_dir makes a new one per network: a site of 1,000
    pages spent 80% of its time compiling)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)


def render(scene: Scene, template: str, page: Page, **context) -> str:
    """HTML of ``template`` (a file of templates/) with the scene's graph,
    rendered by pyvis. pyvis passes its own fixed variables (nodes, edges,
    heading…); the page's come as the environment's globals, replaced at
    every call (pages are written one at a time)."""
    net = network(scene)
    net.set_template_dir(str(TEMPLATES), template)
    net.templateEnv = environment()
    net.templateEnv.globals.update({
        "doc": None, **context, "page": page,
        "view": {"message": scene.message, "legend": scene.legend, "options": net.options}})
    return net.generate_html()
