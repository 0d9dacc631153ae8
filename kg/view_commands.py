"""`kg viz` and `kg site`: the HTML views (visualize/) from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from kg.cli import EXIT_OK, EXIT_UNKNOWN_ID, EXIT_USAGE, CommandError, Output, _relations
from kg.model import RELATION_KINDS, find_key
from kg.store import Store
from queries.lineage import DEFAULT_RELATIONS
from queries.lookup import AmbiguousDocument, UnknownDocument
from visualize.site import build_site
from visualize.source import DEFAULT_LIMIT
from visualize.views import view_scene, write_view

DEFAULT_VIEW = "kg-view.html"


def _store(args) -> Store:
    if not Path(args.db).exists():
        raise CommandError(f"no store at {args.db}: run `kg ingest PATH…` first", EXIT_USAGE)
    return Store(args.db)


def cmd_viz(args) -> int:
    out = Output(args)
    if args.output.suffix.lower() not in (".html", ".htm"):
        raise CommandError(f"{args.output}: the view is an HTML page; name it FILE.html", EXIT_USAGE)
    with _store(args) as store:
        try:
            start = find_key(store, args.id) if args.id else None
        except (UnknownDocument, AmbiguousDocument) as err:
            raise CommandError(str(err), EXIT_UNKNOWN_ID) from err
        relations = args.relations or (DEFAULT_RELATIONS if start else tuple(RELATION_KINDS))
        view = view_scene(store, start, args.direction, relations, args.depth, args.limit)
    size = write_view(view, args.output)
    if view.message:
        print(f"kg viz: {view.message}", file=sys.stderr)
    if args.format == "json":
        out.json({"file": str(args.output), "start": start, "documents": len(view.nodes),
                    "links": len(view.edges), "bytes": size, "cut": view.message})
    else:
        out.line(f"wrote {args.output}: {len(view.nodes)} documents, {len(view.edges)} links, "
                 f"{size / 1024:.0f} kB; open it in a browser (works offline)")
    return EXIT_OK


def cmd_site(args) -> int:
    out = Output(args)
    if args.outdir.exists() and not args.outdir.is_dir():
        raise CommandError(f"{args.outdir}: exists and is not a folder", EXIT_USAGE)
    with _store(args) as store:
        progress = lambda items: tqdm(items, unit="page", file=sys.stderr, disable=None)
        summary = build_site(store, args.outdir, progress)
    if args.format == "json":
        out.json(summary.to_json())
    else:
        out.line(f"wrote {summary.documents} document pages, the index and {summary.conflicts} "
                 f"conflicts to {args.outdir} ({summary.bytes / 1024 / 1024:.1f} MB)")
        out.line(f"open {(args.outdir / 'index.html').resolve().as_uri()}")
    return EXIT_OK


def add_view_commands(command) -> None:
    """Register `viz` and `site` with build_parser's ``command`` helper."""
    p = command("viz", cmd_viz, "an HTML view: the lineage around ID, or the whole graph",
                "kg viz 327/QĐ-UBND -o lineage.html")
    p.add_argument("id", nargs="?", metavar="ID", help="centre of the view (default: whole graph)")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--both", dest="direction", action="store_const", const="both", default="both",
                     help="what it implements and what implements it (default)")
    way.add_argument("--up", dest="direction", action="store_const", const="up",
                     help="towards what it implements")
    way.add_argument("--down", dest="direction", action="store_const", const="down",
                     help="towards what implements it")
    p.add_argument("--depth", type=int, metavar="N", help="at most N steps from ID")
    p.add_argument("--relations", type=_relations, metavar="A,B",
                   help=f"relations to follow and draw (default with ID: {','.join(DEFAULT_RELATIONS)}; "
                        "without: all)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N documents (default {DEFAULT_LIMIT}); a cut view says so")
    p.add_argument("-o", "--output", type=Path, default=Path(DEFAULT_VIEW), metavar="FILE.html",
                   help=f"where to write the page (default {DEFAULT_VIEW})")

    p = command("site", cmd_site, "a static site: index, conflicts, a page per document",
                "kg site site  # then open site/index.html")
    p.add_argument("outdir", type=Path, metavar="OUTDIR")
