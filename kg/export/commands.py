"""The commands of the exporters: `kg export neo4j|neo4j-csv|cypher|rdf|graphml|csv`,
`kg sparql`, `kg neo4j start`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from tqdm import tqdm

from kg import neo4j_server
from kg.cypher import _print, add_neo4j_options
from kg.export import bolt, files, rdf
from kg.store import Store

EXIT_OK, EXIT_USAGE = 0, 2


def _store(args) -> Store:
    if not Path(args.db).exists():
        raise FileNotFoundError(f"no store at {args.db}: run `kg ingest PATH…` first")
    return Store(args.db)


def _report(args, text: str, data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.format == "json" else text)


def cmd_export_neo4j(args) -> int:
    with _store(args) as store:
        counts = store.counts()
        total = counts.documents + counts.relations  # bare endpoints add a few documents
        try:
            with bolt.connect(args.uri, args.user, args.password) as driver:
                with tqdm(total=total, unit="record", file=sys.stderr, disable=None) as progress:
                    loaded = bolt.load(driver, store, args.database, args.batch, progress.update)
                documents, relationships = bolt.counts(driver, args.database)
        except bolt.ERRORS as err:
            print(f"kg export neo4j: {args.uri}: {bolt.one_line(err)}", file=sys.stderr)
            return EXIT_USAGE
    _report(args, f"{args.uri}: {loaded.documents} documents and {loaded.links} relationships "
                  f"merged, {loaded.deleted_documents} documents and {loaded.deleted_links} "
                  f"relationships of earlier loads removed; the database holds {documents} "
                  f"documents, {relationships} relationships",
            {**loaded.to_json(), "database": {"documents": documents, "relationships": relationships}})
    return EXIT_OK


def cmd_export_neo4j_csv(args) -> int:
    with _store(args) as store:
        documents, relationships = files.write_neo4j_csv(store, Path(args.dir))
    _report(args, f"wrote {documents} and {relationships}; import with\n  neo4j-admin database "
                  f"import full --nodes={documents} --relationships={relationships} "
                  "--multiline-fields=true DATABASE",
            {"nodes": str(documents), "relationships": str(relationships)})
    return EXIT_OK


def cmd_export_cypher(args) -> int:
    with _store(args) as store:
        count = files.write_cypher_script(store, Path(args.file))
    _report(args, f"wrote {args.file}: {count} statements; run with\n  cypher-shell -f {args.file}",
            {"file": args.file, "statements": count})
    return EXIT_OK


def cmd_export_rdf(args) -> int:
    with _store(args) as store:
        if args.output:
            with open(args.output, "wb") as out:
                rdf.write(store, out, args.format)
        else:
            rdf.write(store, sys.stdout.buffer, args.format)
    if args.output:
        _report(args, f"wrote {args.output} ({args.format})",
                {"file": args.output, "format": args.format})
    return EXIT_OK


def cmd_export_graphml(args) -> int:
    with _store(args) as store:
        files.write_graphml(store, Path(args.file))
    _report(args, f"wrote {args.file}", {"file": args.file})
    return EXIT_OK


def cmd_export_csv(args) -> int:
    with _store(args) as store:
        documents, links = files.write_csv(store, Path(args.dir))
    _report(args, f"wrote {documents} and {links}", {"documents": str(documents), "links": str(links)})
    return EXIT_OK


def cmd_sparql(args) -> int:
    with _store(args) as store:
        try:
            columns, rows = rdf.sparql(store, args.query)
        except Exception as err:  # rdflib's parser raises pyparsing's and its own errors
            print(f"kg sparql: {' '.join(str(err).split())}", file=sys.stderr)
            return EXIT_USAGE
    _print(columns, tuple(rows), args)
    return EXIT_OK


def cmd_neo4j_start(args) -> int:
    try:
        server = neo4j_server.start(args.port, Path(args.data) if args.data else None,
                                    lifeline=False)
    except (neo4j_server.LauncherMissing, RuntimeError) as err:
        print(f"kg neo4j start: {err}", file=sys.stderr)
        return EXIT_USAGE
    _report(args, f"Neo4j serving at {server.uri} (no authentication; Ctrl-C stops it)",
            {"uri": server.uri})
    sys.stdout.flush()
    # Ctrl-C, or SIGTERM (a service manager; `&` in a script ignores SIGINT): stop Neo4j cleanly
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
    return EXIT_OK


def _guarded(func):
    """A missing store as a one-line message and exit code 2."""
    def run(args) -> int:
        try:
            return func(args)
        except FileNotFoundError as err:
            print(f"kg {args.command}: {err}", file=sys.stderr)
            return EXIT_USAGE
    return run


def register(sub, options) -> None:
    """The commands, their --db and output options added by ``options`` (kg.cli)."""
    export = sub.add_parser("export", help="the graph for Neo4j, RDF, Gephi, spreadsheets")
    kinds = export.add_subparsers(dest="format_name", required=True)

    def kind(name: str, func, help: str) -> argparse.ArgumentParser:
        p = kinds.add_parser(name, help=help)
        options(p, tables=False)
        p.set_defaults(func=_guarded(func))
        return p

    p = kind("neo4j", cmd_export_neo4j, "load into a Neo4j server (idempotent, batched)")
    p.add_argument("--uri", required=True, metavar="URI", help="bolt://127.0.0.1:7687")
    add_neo4j_options(p)
    p.add_argument("--batch", type=int, default=bolt.BATCH_ROWS, metavar="N",
                   help=f"rows per transaction (default {bolt.BATCH_ROWS})")
    p = kind("neo4j-csv", cmd_export_neo4j_csv, "CSV files for neo4j-admin database import")
    p.add_argument("dir", metavar="DIR")
    p = kind("cypher", cmd_export_cypher, "a Cypher script for cypher-shell")
    p.add_argument("file", metavar="FILE")
    p = kind("rdf", cmd_export_rdf, "RDF with the ELI ontology")
    p.add_argument("--format", choices=sorted(rdf.FORMATS), default="turtle")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p = kind("graphml", cmd_export_graphml, "GraphML (Gephi, yEd, networkx)")
    p.add_argument("file", metavar="FILE")
    p = kind("csv", cmd_export_csv, "documents.csv and links.csv for spreadsheets")
    p.add_argument("dir", metavar="DIR")

    p = sub.add_parser("sparql", help="run a SPARQL query on the RDF of the graph")
    options(p, tables=True)
    p.add_argument("query", metavar="QUERY")
    p.set_defaults(func=_guarded(cmd_sparql))

    neo4j = sub.add_parser("neo4j", help="a Neo4j on loopback (needs Java; built by setup.sh)")
    actions = neo4j.add_subparsers(dest="action", required=True)
    p = actions.add_parser("start", help="serve Bolt on 127.0.0.1 until Ctrl-C")
    p.add_argument("--port", type=int, default=7687)
    p.add_argument("--data", metavar="DIR", help="keep the database here (default: a fresh temporary one)")
    options(p, tables=False)
    p.set_defaults(func=cmd_neo4j_start)
