"""`kg cypher "QUERY"`: Cypher on the embedded engine (kg/embedded.py), or on
a Neo4j server with ``--neo4j bolt://…``. Read-only unless ``--write``.
Output: a table, ``--json`` (a list of objects), ``--jsonl`` or ``--csv``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path


from kg.embedded import CypherError, parameter, run
from kg.export import bolt

EXIT_OK, EXIT_USAGE = 0, 2


def _cell(value) -> str:
    """A value in a table or CSV cell: text as is, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _print(columns: tuple[str, ...], rows: tuple[tuple, ...], args) -> None:
    """Rows as args.format says: "json" (a list of objects), "jsonl" (one per
    line), "csv", or a readable table."""
    if args.format == "json":
        print(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2))
    elif args.format == "jsonl":
        for row in rows:
            print(json.dumps(dict(zip(columns, row)), ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
    else:
        cells = [[" ".join(_cell(v).split()) for v in row] for row in rows]
        widths = [max(len(x) for x in col) for col in zip(columns, *cells)] if columns else []
        line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
        print("\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)]))
        print(f"{len(rows)} row(s)")


def _parameters(texts: list[str]) -> dict:
    try:
        return dict(parameter(t) for t in texts)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def cmd_cypher(args) -> int:
    try:
        parameters = _parameters(args.param)
    except argparse.ArgumentTypeError as err:
        print(f"kg cypher: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.neo4j:
        try:
            with bolt.connect(args.neo4j, args.user, args.password) as driver:
                columns, rows = bolt.query(driver, args.query, parameters, args.database, args.write)
        except bolt.ERRORS as err:
            print(f"kg cypher: {args.neo4j}: {bolt.one_line(err)}", file=sys.stderr)
            return EXIT_USAGE
    else:
        if not Path(args.db).exists():
            print(f"kg cypher: no store at {args.db}: run `kg ingest PATH…` first", file=sys.stderr)
            return EXIT_USAGE
        try:
            result = run(args.db, args.query, parameters, write=args.write)
        except CypherError as err:
            print(f"kg cypher: {err}", file=sys.stderr)
            return EXIT_USAGE
        columns, rows = result.columns, result.rows
    _print(columns, rows, args)
    return EXIT_OK


def add_neo4j_options(p: argparse.ArgumentParser) -> None:
    """--user, --password, --database: how to reach a Neo4j server."""
    p.add_argument("--user", metavar="NAME", help="Neo4j user (none: no authentication)")
    p.add_argument("--password", metavar="SECRET", help="Neo4j password")
    p.add_argument("--database", metavar="NAME", help="Neo4j database (default: the server's)")


def register(sub, options) -> None:
    """The command, its --db and output options added by ``options`` (kg.cli)."""
    p = sub.add_parser(
        "cypher",
        help="run a Cypher query on the graph (embedded engine, or a Neo4j with --neo4j)",
        description="Cypher on the graph without a server (LadybugDB, derived from the store "
                    "and rebuilt when it changes), or on Neo4j with --neo4j. Read-only unless "
                    "--write. See docs/graph-model.md for the schema, examples and dialect.")
    options(p, tables=True)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter $NAME (VALUE read as JSON when it is: 2025, [\"a\"])")
    p.add_argument("--write", action="store_true",
                   help="allow writes (embedded: to the derived copy only)")
    p.add_argument("--neo4j", metavar="URI", help="run on this Neo4j: bolt://127.0.0.1:7687")
    add_neo4j_options(p)
    p.set_defaults(func=cmd_cypher)
