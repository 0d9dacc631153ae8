"""The `kg` command: a thin layer that parses arguments, calls a function of
parsers/, kg/ or queries/, and prints the result (a readable table, or JSON
with ``--json``)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
from tqdm import tqdm

from kg.errors import (  # the exit codes, all of them here for `kg` and its tests
    EXIT_BUSY, EXIT_DAMAGED, EXIT_NOT_FOUND, EXIT_OK, EXIT_SOME_FILES_FAILED,  # noqa: F401
    EXIT_UNKNOWN_ID, EXIT_USAGE, StoreError, from_sqlite,  # noqa: F401
)
from kg.graph import load_graph
from kg.ingest import ingest, printable, prune, remove
from kg.store import DEFAULT_DB, Store
from parsers.extract import extract_file
from parsers.model import Evidence
from parsers.read import ReadError, iter_input_files
from parsers.vocab import VOCAB
from queries.lineage import DEFAULT_RELATIONS, lineage
from queries.lookup import AmbiguousDocument, UnknownDocument, find_document
from queries.path import path
from queries.search import cited_by, search
from queries.status import status
from queries.steps import Step

EVIDENCE_WIDTH = 160  # characters of an evidence sentence shown in readable output


def _print_json_line(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def cmd_extract(args) -> int:
    failed = 0
    for file in iter_input_files(args.files):
        try:
            extraction = extract_file(file)
        except ReadError as err:
            print(f"kg extract: {err}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            _print_json_line(extraction.to_json())
            continue
        doc = extraction.document
        print(f"== {file}")
        print(f"   document: {doc.id or '(no number)'}  {doc.type or ''}  {doc.date or ''}  {doc.issuer or ''}")
        if doc.title:
            print(f"   title:    {doc.title}")
        rows = [
            [c.id + (" (short)" if c.short else ""), c.type, c.date or "", c.issuer or "",
             c.jurisdiction or "", f"{c.span.start}-{c.span.end}"]
            for c in extraction.citations
        ]
        print(_table(rows, ["id", "type", "date", "issuer", "jurisdiction", "span"]))
        if extraction.relations:
            print()
            rel_rows = [[r.source or "(this document)", r.type, r.target] for r in extraction.relations]
            print(_table(rel_rows, ["source", "relation", "target"]))
        print()
    return EXIT_SOME_FILES_FAILED if failed else EXIT_OK


# --- the store and the graph ------------------------------------------------


class CommandError(Exception):
    """A message for the user and the exit code that goes with it."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _open_graph(args) -> tuple[Store, nx.MultiDiGraph]:
    store = Store(args.db, readonly=True)
    return store, load_graph(store)


def _find(graph: nx.MultiDiGraph, text: str) -> str:
    try:
        return find_document(graph, text)
    except (UnknownDocument, AmbiguousDocument) as err:
        raise CommandError(str(err), EXIT_UNKNOWN_ID) from err


def _relations(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in VOCAB.relation_names]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown relation {', '.join(unknown)}; choose among {', '.join(VOCAB.relation_names)}")
    return names


def _date(text: str) -> str:
    """ISO "2025-05-26" or Vietnamese "26/5/2025" → ISO."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use 2025-05-26 or 26/5/2025)")
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


# --- readable output ------------------------------------------------------------


class Labels:
    """How a node is named on screen: its id, with the jurisdiction only when
    the id alone is ambiguous; a file without a number by its path."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.id_counts = Counter(d.get("id") for _, d in graph.nodes(data=True))

    def __call__(self, key: str) -> str:
        data = self.graph.nodes[key]
        doc_id = data.get("id")
        if doc_id is None:
            return f"(no number: {_shown_path(key.removeprefix('file:'))})"
        if self.id_counts[doc_id] > 1 and data.get("jurisdiction"):
            return f"{doc_id} ({data['jurisdiction']})"
        return doc_id

    def line(self, key: str) -> str:
        """Label, type, date, issuer, title: one line."""
        d = self.graph.nodes[key]
        parts = [self(key), d.get("type"), d.get("date"), d.get("issuer")]
        title = d.get("title")
        return "  ".join(p for p in parts if p) + (f" — {title}" if title else "")


def _shown_path(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _where(evidence: Evidence) -> str:
    return f"{_shown_path(evidence.file)}:{evidence.start}"


def _quote(evidence: tuple[Evidence, ...]) -> str:
    first = evidence[0]
    sentence = " ".join(first.text.split())
    if len(sentence) > EVIDENCE_WIDTH:
        sentence = sentence[:EVIDENCE_WIDTH - 1] + "…"
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    return f"“{sentence}” ({_where(first)}){more}"


def _inverse(relation: str) -> str:
    inverse = {r.name: r.inverse for r in VOCAB.relation_types}.get(relation, f"{relation} (inverse)")
    return inverse.replace("_", " ")


def _print_step(step, node, labels, indent: str, evidence_indent: str | None = None) -> None:
    """A step of a chain on one line, the sentence that states it below."""
    print(f"{indent}{_step_from(step, node, labels)}")
    print(f"{evidence_indent if evidence_indent is not None else indent + '  '}{_quote(step.evidence)}")


def _step_from(step: Step, node: str, labels: Labels) -> str:
    """A step read from ``node``: "implements 57-NQ/TW" or "implemented by 359-KH/TU"."""
    if step.source == node:
        return f"{step.relation.replace('_', ' ')} {labels.line(step.target)}"
    return f"{_inverse(step.relation)} {labels.line(step.source)}"


def _emit_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


# --- commands ---------------------------------------------------------------------


def cmd_ingest(args) -> int:
    # with --prune, a path gone from disk is only pruned, not an unreadable input
    present = [p for p in args.paths if not args.prune or os.path.lexists(p)]
    files = list(iter_input_files(present, args.include, args.exclude))
    with Store(args.db) as store:
        outcomes = _report_progress(ingest(store, files, force=args.force, jobs=args.jobs),
                                    len(files))
        if args.prune:
            outcomes += _report_progress(prune(store, map(Path, args.paths)), None)
        counts = store.counts()
    by_status = {s: [o for o in outcomes if o.status == s]
                 for s in ("ingested", "moved", "unchanged", "removed", "failed")}
    if args.json:
        _emit_json({
            "ingested": [o.path for o in by_status["ingested"]],
            "moved": [{"from": o.moved_from, "to": o.path} for o in by_status["moved"]],
            "unchanged": [o.path for o in by_status["unchanged"]],
            "removed": [o.path for o in by_status["removed"]],
            "failed": [{"path": o.path, "reason": o.reason} for o in by_status["failed"]],
            "store": counts.to_json(),
        })
    else:
        n = {status: len(found) for status, found in by_status.items()}
        print(f"files: {n['ingested']} ingested, "
              + (f"{n['moved']} moved (recognised by content), " if n["moved"] else "")
              + f"{n['unchanged']} unchanged (skipped), "
              + (f"{n['removed']} removed (gone from disk), " if args.prune else "")
              + f"{n['failed']} failed")
        _print_counts(args.db, counts)
    return EXIT_SOME_FILES_FAILED if by_status["failed"] else EXIT_OK


def cmd_remove(args) -> int:
    with Store(args.db, create=False) as store:
        outcomes = _report_progress(remove(store, map(Path, args.paths)), None)
        counts = store.counts()
    removed = [o.path for o in outcomes if o.status == "removed"]
    failed = [o for o in outcomes if o.status == "failed"]
    if args.json:
        _emit_json({"removed": removed,
                    "failed": [{"path": o.path, "reason": o.reason} for o in failed],
                    "store": counts.to_json()})
    else:
        print(f"files: {len(removed)} removed, {len(failed)} not in the store")
        _print_counts(args.db, counts)
    return EXIT_SOME_FILES_FAILED if failed else EXIT_OK


def _report_progress(outcomes, total: int | None) -> list:
    """The outcomes, with a progress bar on a terminal and each failure named on stderr."""
    done = []
    for outcome in tqdm(outcomes, total=total, unit="file", file=sys.stderr,
                        disable=None):  # disable=None: only on a terminal
        done.append(outcome)
        if outcome.status == "failed":
            tqdm.write(f"{_shown_path(outcome.path)}: {outcome.reason}", file=sys.stderr)
    return done


def _print_counts(db: str, counts) -> None:
    print(f"store {printable(db)}: {counts.files} files, {counts.documents} documents, "
          f"{counts.mentions} mentions, {counts.relations} relations, "
          f"{counts.conflicts} conflicts")


def cmd_show(args) -> int:
    store, graph = _open_graph(args)
    with store:
        key = _find(graph, args.id)
        mentions = store.mentions_of(key)
        conflicts = store.conflicts(key)
    outgoing = [Step.of_edge(graph, key, k, v) for _, v, k in sorted(graph.out_edges(key, keys=True))]
    incoming = [Step.of_edge(graph, u, k, key) for u, _, k in sorted(graph.in_edges(key, keys=True))]
    if args.json:
        _emit_json({"key": key, **graph.nodes[key], "mentions": [m.to_json() for m in mentions],
                    "out": [s.to_json() for s in outgoing], "in": [s.to_json() for s in incoming],
                    "conflicts": [c.to_json() for c in conflicts]})
        return EXIT_OK
    labels, data = Labels(graph), graph.nodes[key]
    print(labels.line(key))
    print(f"  key:          {key}")
    for name in ("aliases", "jurisdiction", "level"):
        if data.get(name):
            value = data[name]
            print(f"  {name + ':':13} {', '.join(value) if isinstance(value, list) else value}")
    files = {m.file for m in mentions}
    print(f"  mentions:     {len(mentions)} in {len(files)} file(s)")
    for title, steps in (("states", outgoing), ("stated by others", incoming)):
        if steps:
            print(f"  {title}:")
            for step in steps:
                _print_step(step, key, labels, "    ")
    for conflict in conflicts:
        print(f"  conflict ({conflict.kind}): {conflict.detail}")
    return EXIT_OK


def cmd_lineage(args) -> int:
    store, graph = _open_graph(args)
    store.close()
    start = _find(graph, args.id)
    result = lineage(graph, start, args.direction, args.relations, args.depth)
    if args.json:
        _emit_json(result.to_json())
        return EXIT_OK
    labels = Labels(graph)
    print(labels.line(start))

    def show(node: str, indent: str) -> None:
        for child in result.children(node):
            _print_step(child.path[-1], node, labels, f"{indent}└─ ", f"{indent}     ")
            show(child.node, indent + "   ")

    show(start, "")
    if not result.reached:
        print(f"  (nothing {'above' if args.direction == 'up' else 'below'} it along "
              f"{', '.join(result.relations)})")
    return EXIT_OK


def cmd_status(args) -> int:
    store, graph = _open_graph(args)
    store.close()
    key = _find(graph, args.id)
    result = status(graph, key)
    if args.json:
        _emit_json(result.to_json())
        return EXIT_OK
    labels = Labels(graph)
    print(labels.line(key))
    print(f"  status: {result.state}" + ("" if result.state != "in force"
                                         else " (as far as the corpus tells: no replacement, "
                                              "amendment or repeal found)"))
    for changes in (result.repealed_by, result.replaced_by, result.amended_by, result.replaces):
        for change in changes:
            _print_step(change.step, key, labels, "  ")
    if len(result.chain) > 1:
        print("  replacement chain: " + " → ".join(labels(k) for k in result.chain))
    return EXIT_OK


def cmd_path(args) -> int:
    store, graph = _open_graph(args)
    store.close()
    a, b = _find(graph, args.a), _find(graph, args.b)
    steps = path(graph, a, b, args.relations)
    if args.json:
        _emit_json({"from": a, "to": b,
                    "steps": None if steps is None else [s.to_json() for s in steps]})
        return EXIT_OK if steps is not None else EXIT_NOT_FOUND
    labels = Labels(graph)
    if steps is None:
        print(f"no path between {labels(a)} and {labels(b)}")
        return EXIT_NOT_FOUND
    print(labels.line(a))
    node = a
    for step in steps:
        _print_step(step, node, labels, "  ")
        node = step.target if step.source == node else step.source
    return EXIT_OK


def cmd_cited_by(args) -> int:
    store, graph = _open_graph(args)
    store.close()
    key = _find(graph, args.id)
    citing = cited_by(graph, key)
    if args.json:
        _emit_json({"node": key, "cited_by": [c.to_json() for c in citing]})
        return EXIT_OK
    labels = Labels(graph)
    print(f"{labels.line(key)}: named by {len(citing)} document(s)")
    for c in citing:
        print(f"  {labels.line(c.source)}: {', '.join(s.relation for s in c.steps)}")
        for step in c.steps:
            if step.evidence and step.evidence[0].text:
                print(f"    {step.relation}: {_quote(step.evidence)}")
    return EXIT_OK


def cmd_search(args) -> int:
    store, graph = _open_graph(args)
    store.close()
    found = search(graph, type=args.type, issuer=args.issuer, jurisdiction=args.jurisdiction,
                   date_from=args.date_from, date_to=args.date_to, text=args.text)
    if args.json:
        _emit_json([{"key": k, **graph.nodes[k]} for k in found])
        return EXIT_OK
    labels = Labels(graph)
    rows = [[labels(k), *(graph.nodes[k].get(a) or "" for a in ("type", "date", "issuer",
                                                                 "jurisdiction", "title"))]
            for k in found]
    print(_table(rows, ["id", "type", "date", "issuer", "jurisdiction", "title"]))
    print(f"{len(found)} document(s)")
    return EXIT_OK


def cmd_conflicts(args) -> int:
    store, _ = _open_graph(args)
    with store:
        conflicts = store.conflicts()
    if args.json:
        _emit_json([c.to_json() for c in conflicts])
        return EXIT_OK
    for c in conflicts:
        print(f"{c.kind}: {c.detail}")
        for m in c.evidence:
            where = f"{_shown_path(m.file)}:{m.start}" if m.start is not None else f"{_shown_path(m.file)} (header)"
            date = f" [{m.date}]" if m.date else ""
            print(f"    “{' '.join(m.text.split())}”{date} ({where})")
    print(f"{len(conflicts)} conflict(s)")
    return EXIT_OK


def cmd_stats(args) -> int:
    store, _ = _open_graph(args)
    with store:
        counts, relations, conflicts = store.counts(), store.relation_counts(), store.conflict_counts()
    if args.json:
        _emit_json({**counts.to_json(), "relations_by_type": relations, "conflicts_by_kind": conflicts})
        return EXIT_OK
    for name, value in counts.to_json().items():
        print(f"{name + ':':11} {value}")
    for title, table in (("relations", relations), ("conflicts", conflicts)):
        if table:
            print(f"{title} by type: " + ", ".join(f"{k} {n}" for k, n in table.items()))
    return EXIT_OK


# --- arguments --------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="A knowledge graph of Vietnamese policy documents and the references between them.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the references found in files (folders: every file in them)")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    p.set_defaults(func=cmd_extract)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=DEFAULT_DB, metavar="PATH",
                        help=f"the store (default {DEFAULT_DB})")
    common.add_argument("--json", action="store_true", help="print JSON")

    def command(name: str, func, help: str, **kwargs) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, **kwargs)
        p.set_defaults(func=func)
        return p

    p = command("ingest", cmd_ingest, "store files and folders (recursively), incrementally")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--force", action="store_true", help="re-extract files even if unchanged")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="only files in folders matching this pattern (repeatable): '*.pdf'")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="leave out files in folders matching this pattern (repeatable)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="extract in N processes (default 1)")
    p.add_argument("--prune", action="store_true",
                   help="also drop stored files inside PATHs that are gone from disk")

    p = command("remove", cmd_remove, "take files, or every file of folders, out of the store")
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = command("show", cmd_show, "one document: attributes, aliases, relations, conflicts")
    p.add_argument("id", metavar="ID")

    p = command("lineage", cmd_lineage, "what a document implements (--up) or what implements it (--down)")
    p.add_argument("id", metavar="ID")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--up", dest="direction", action="store_const", const="up", default="up",
                     help="towards what it implements (default)")
    way.add_argument("--down", dest="direction", action="store_const", const="down",
                     help="towards what implements it")
    p.add_argument("--depth", type=int, metavar="N", help="at most N steps")
    p.add_argument("--relations", type=_relations, default=DEFAULT_RELATIONS, metavar="A,B",
                   help=f"relation types to follow (default {','.join(DEFAULT_RELATIONS)})")

    p = command("status", cmd_status, "in force, replaced, amended or repealed; replacement chain")
    p.add_argument("id", metavar="ID")

    p = command("path", cmd_path, "shortest chain of relations between two documents")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--relations", type=_relations, metavar="A,B",
                   help="relation types to use (default: typed ones, then cites too)")

    p = command("cited-by", cmd_cited_by, "documents that name a document")
    p.add_argument("id", metavar="ID")

    p = command("search", cmd_search, "documents by type, issuer, jurisdiction, date, subject")
    p.add_argument("--type", metavar="T", help="document type: 'Kế hoạch', 'ke hoach'")
    p.add_argument("--issuer", metavar="I", help="issuer name or code: 'UBND tỉnh', UBND")
    p.add_argument("--jurisdiction", metavar="J", help="province: 'Quảng Ngãi'")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="dated on or after")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="dated on or before")
    p.add_argument("--text", metavar="WORDS", help="words of the subject line (title)")

    command("conflicts", cmd_conflicts, "conflicting dates, aliases, possible typos, type mismatches")
    command("stats", cmd_stats, "counts of files, documents, mentions, relations, conflicts")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, StoreError) as err:
        print(f"kg {args.command}: {err}", file=sys.stderr)
        return err.code
    except sqlite3.Error as err:  # met while reading: the store changed under us, or is damaged
        error = from_sqlite(args.db, err)
        print(f"kg {args.command}: {error}", file=sys.stderr)
        return error.code
    except BrokenPipeError:  # the reader went away ("kg lineage … | head"): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
