"""The `kg` command: a thin layer that parses arguments, calls a function of
parsers/, kg/ or queries/, and prints the result: readable text (coloured on
a terminal), or JSON with ``--json``, and, where a table is printed, CSV
(``--csv``) or one JSON object per row (``--jsonl``).

Text from documents is printed with its control characters escaped
(``\\x1b``), so that a document cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sqlite3
import sys
from datetime import date as Date
from itertools import chain
from pathlib import Path

from typing import TYPE_CHECKING, Iterator

from kg.errors import (
    EXIT_BUSY, EXIT_DAMAGED, EXIT_NOT_FOUND, EXIT_OK, EXIT_SOME_FILES_FAILED, EXIT_UNKNOWN_ID,
    EXIT_USAGE, StoreError, from_sqlite,
)
from kg.store import DEFAULT_DB, Store, StoredConflict
from parsers.vocab import VOCAB
from queries.evidence import Locator, quote, shown_path
from queries.lineage import DEFAULT_RELATIONS
from queries.steps import Step, without_restated_cites

if TYPE_CHECKING:  # imported where used, so that a command starts fast (networkx: ~0.2 s)
    import networkx as nx

EXIT_CODES = (
    (EXIT_OK, "success"),
    (EXIT_NOT_FOUND, "no answer (no path between the two documents)"),
    (EXIT_USAGE, "bad usage, no store, not a kg store, or a store of another schema version"),
    (EXIT_SOME_FILES_FAILED, "some input files could not be read (each is named on stderr; "
                             "the others are stored)"),
    (EXIT_UNKNOWN_ID, "unknown or ambiguous id (the candidates or close ids are listed)"),
    (EXIT_BUSY, "store busy (still locked by another kg after the wait)"),
    (EXIT_DAMAGED, "store damaged or cannot be written"),
)
ENVIRONMENT = (
    ("KG_DB", f"the store when --db is not given (default {DEFAULT_DB})"),
    ("NO_COLOR", "set to anything: no colour even on a terminal"),
    ("KG_MAX_TEXT_MB", "files with more text are refused (default 20)"),
    ("KG_BUSY_TIMEOUT", "seconds to wait for a store another process is writing (default 60)"),
)
# Conflicts worth a mark wherever the document is printed, not only in `kg conflicts`
INLINE_CONFLICTS = ("possible_typo", "possible_misprint", "date")


class CommandError(Exception):
    """A message for the user and the exit code that goes with it."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


# --- printing: escaped, coloured on a terminal ---------------------------------------

# C0 and C1 controls (tab and newline excepted), bidirectional overrides and
# isolates, and the private-use characters the colour marks below are made of
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\ue0ff]")
COLOURS = {"id": "1", "relation": "32", "warning": "33", "place": "2", "heading": "1"}
# A style mark is a private-use character: the style's index in COLOURS, then the end
STYLE_START, STYLE_END = 0xE000, "\ue0ff"
STYLE_MARK = re.compile("([\ue000-\ue0fe])(.*?)\ue0ff", re.S)


def escaped(text: str) -> str:
    """Control characters as escapes: ``"a\\x1b[2Jb\\x07"`` → ``a\\\\x1b[2Jb\\\\x07``.

    >>> print(escaped("a\\x1b[2Jb\\x07\\u202e"))
    a\\x1b[2Jb\\x07\\u202e
    """
    return UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def style(name: str, text: str) -> str:
    """``text`` marked to be printed in style ``name`` (see Output.line)."""
    return chr(STYLE_START + list(COLOURS).index(name)) + text + STYLE_END


def wants_colour(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


class Output:
    """Where a command prints: readable lines, JSON, or rows of a table."""

    def __init__(self, args):
        self.format = args.format
        self.colour = wants_colour(sys.stdout)

    def line(self, text: str = "") -> None:
        """One readable line: text escaped, style marks made colours (or dropped)."""
        pieces, done = [], 0
        for mark in STYLE_MARK.finditer(text):
            inner = escaped(mark[2])
            code = COLOURS[list(COLOURS)[ord(mark[1]) - STYLE_START]]
            pieces += [escaped(text[done:mark.start()]), f"\x1b[{code}m{inner}\x1b[0m" if self.colour else inner]
            done = mark.end()
        sys.stdout.write("".join(pieces) + escaped(text[done:]) + "\n")

    def json(self, obj) -> None:
        sys.stdout.write(_json(obj, indent=2) + "\n")

    def rows(self, headers: list[str], rows: list[list], footer: str | None = None) -> None:
        """A table: aligned text, CSV, or one JSON object per row."""
        if self.format == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(headers)
            writer.writerows([["" if c is None else escaped(str(c)) for c in row] for row in rows])
        elif self.format == "jsonl":
            for row in rows:
                sys.stdout.write(_json(dict(zip(headers, row))) + "\n")
        else:
            self.line(_table([[("" if c is None else str(c)) for c in row] for row in rows], headers))
            if footer:
                self.line(footer)


def _json(obj, indent: int | None = None) -> str:
    """JSON with document text as is, except controls JSON leaves raw (C1, bidi)."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(x) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


# --- arguments read -----------------------------------------------------------------


def _relations(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in VOCAB.relation_names]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown relation {', '.join(unknown)}; choose among {', '.join(VOCAB.relation_names)}")
    return names


VIETNAMESE_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")


def _date(text: str) -> str:
    """ISO "2025-05-26" or Vietnamese "26/5/2025" → ISO; a day that does not
    exist is refused.

    >>> _date("26/5/2025"), _date("2025-05-26")
    ('2025-05-26', '2025-05-26')
    >>> _date("31/2/2025")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: not a date: '31/2/2025' (day is out of range for month)
    """
    match = VIETNAMESE_DATE.fullmatch(text.strip()) or ISO_DATE.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write 2025-05-26 or 26/5/2025)")
    try:
        return Date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} ({err})") from None


def _term(text: str) -> str:
    """A search term: it must have a letter or a digit (punctuation alone
    would match every document)."""
    from parsers.fold import plain

    if not plain(text):
        raise argparse.ArgumentTypeError(f"{text!r} has no letter or digit to search for")
    return text


def _count(text: str) -> int:
    """How many results to show: a whole number from 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (a whole number from 1)")
    return int(text)


# --- the store and the graph ------------------------------------------------


def _open(args) -> Store:
    return Store(args.db, readonly=True)


def _find(store: Store, text: str) -> str:
    from kg.model import find_key
    from queries.lookup import AmbiguousDocument, UnknownDocument

    try:
        return find_key(store, text)
    except (UnknownDocument, AmbiguousDocument) as err:
        raise CommandError(str(err), EXIT_UNKNOWN_ID) from err


def _graph(store: Store, part) -> tuple["nx.MultiDiGraph", dict[str, list[StoredConflict]]]:
    """The graph of a part of the store (kg.model.Subgraph) that a command
    answers from, and the conflicts to mark beside its nodes; the other node
    of each such conflict is added (unlinked), to be named in the mark."""
    from kg.graph import part_graph
    from kg.model import documents_of

    graph = part_graph(part)
    conflicts = store.conflicts_of(graph.nodes, INLINE_CONFLICTS)
    others = {c.other for c in conflicts if c.other} | {c.node for c in conflicts}
    for document in documents_of(store, others - set(graph.nodes)):
        graph.add_node(document.key, **{k: v for k, v in document.to_json().items() if k != "key"})
    return graph, _inline_conflicts(graph, conflicts)


def _inline_conflicts(graph: "nx.MultiDiGraph", conflicts: list[StoredConflict]
                      ) -> dict[str, list[StoredConflict]]:
    """The conflicts to mark beside each node they cast doubt on."""
    marks: dict[str, list[StoredConflict]] = {}
    for c in conflicts:
        for node in _suspects(graph, c):
            marks.setdefault(node, []).append(c)
    return marks


def _suspects(graph: "nx.MultiDiGraph", conflict: StoredConflict) -> list[str]:
    """Of a possible typo, the less mentioned number (539-KH/TU beside
    359-KH/TU), both when as often; of other conflicts, the node listed."""
    if conflict.kind != "possible_typo" or conflict.other not in graph:
        return [conflict.node]
    count = lambda n: graph.nodes[n].get("mentions") or 0
    pair = (conflict.node, conflict.other)
    fewest = min(map(count, pair))
    return [n for n in pair if count(n) == fewest]


def _mark(conflict: StoredConflict, node: str, labels: "Labels") -> str:
    if conflict.kind == "possible_typo":
        other = conflict.other if conflict.node == node else conflict.node
        return f"possible typo of {labels(other)}"
    if conflict.kind == "possible_misprint":
        return f"possible misprint of {labels(conflict.other)}"
    return "dates disagree"


# --- readable output ------------------------------------------------------------


class Labels:
    """How a node is named on screen: its id, with the jurisdiction only when
    the id alone is ambiguous; a file without a number by its path; with a
    mark for the conflicts that cast doubt on it."""

    def __init__(self, graph: "nx.MultiDiGraph", store: Store,
                 conflicts: dict[str, list[StoredConflict]] | None = None):
        self.graph = graph
        self.conflicts = conflicts or {}
        # how many documents of the whole store share each id shown
        self.id_counts = store.id_counts(d.get("id") for _, d in graph.nodes(data=True))

    def __call__(self, key: str) -> str:
        data = self.graph.nodes[key]
        doc_id = data.get("id")
        if doc_id is None:
            return f"(no number: {shown_path(key.removeprefix('file:'))})"
        if self.id_counts[doc_id] > 1 and data.get("jurisdiction"):
            return f"{doc_id} ({data['jurisdiction']})"
        return doc_id

    def marks(self, key: str) -> list[str]:
        return [_mark(c, key, self) for c in self.conflicts.get(key, [])]

    def line(self, key: str) -> str:
        """Label, type, date, issuer, title, conflict marks: one line."""
        d = self.graph.nodes[key]
        parts = [style("id", self(key)), d.get("type"), d.get("date"), d.get("issuer")]
        title = d.get("title")
        marks = "".join(f"  {style('warning', '⚠ ' + m)}" for m in self.marks(key))
        return "  ".join(p for p in parts if p) + (f" — {title}" if title else "") + marks


def _inverse(relation: str) -> str:
    inverse = {r.name: r.inverse for r in VOCAB.relation_types}.get(relation, f"{relation} (inverse)")
    return inverse.replace("_", " ")


class Printer:
    """Readable steps with their evidence, for the commands that show them."""

    def __init__(self, out: Output, graph: "nx.MultiDiGraph", store: Store, full: bool = False,
                 conflicts: dict[str, list[StoredConflict]] | None = None):
        self.out, self.graph, self.full = out, graph, full
        self.labels = Labels(graph, store, conflicts)
        self.locator = Locator(store.file_hash)

    def cited_ids(self, key: str) -> tuple[str, ...]:
        data = self.graph.nodes[key]
        return tuple(i for i in (data.get("id"), *data.get("aliases", ())) if i)

    def quote(self, step: Step) -> str:
        """The sentence that states a step, around its cue and the cited
        number, and where it is."""
        first = step.evidence[0]
        text, number_at = quote(first.text, step.relation, self.cited_ids(step.target), full=self.full)
        more = f" (+{len(step.evidence) - 1} more)" if len(step.evidence) > 1 else ""
        where = self.locator.place(first.file, first.start + number_at)
        return f"“{text}” ({style('place', str(where))}){more}"

    def step(self, step: Step, node: str, indent: str, evidence_indent: str | None = None) -> None:
        """A step of a chain on one line, read from ``node``, the sentence below."""
        if step.source == node:
            said = f"{style('relation', step.relation.replace('_', ' '))} {self.labels.line(step.target)}"
        else:
            said = f"{style('relation', _inverse(step.relation))} {self.labels.line(step.source)}"
        self.out.line(f"{indent}{said}")
        self.out.line(f"{evidence_indent if evidence_indent is not None else indent + '  '}{self.quote(step)}")

    def with_places(self, obj):
        """JSON of an answer, each piece of evidence with its line and column."""
        if isinstance(obj, dict):
            placed = {k: self.with_places(v) for k, v in obj.items()}
            if {"file", "start", "end", "text"} <= obj.keys() and obj["start"] is not None:
                where = self.locator.place(obj["file"], obj["start"])
                placed.update(line=where.line, column=where.column)
            return placed
        if isinstance(obj, list):
            return [self.with_places(v) for v in obj]
        return obj


def _conflicts_json(conflicts: dict[str, list[StoredConflict]], nodes) -> dict:
    return {n: [c.to_json() for c in conflicts[n]] for n in nodes if n in conflicts}


# --- commands ---------------------------------------------------------------------


def cmd_extract(args) -> int:
    from parsers.extract import extract_file
    from parsers.read import ReadError, iter_input_files

    out, failed, rows = Output(args), 0, []
    for file in iter_input_files(args.files):
        try:
            extraction = extract_file(file)
        except ReadError as err:
            print(f"kg extract: {escaped(str(err))}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "json":
            sys.stdout.write(_json(extraction.to_json()) + "\n")
            continue
        citations = [[str(file), c.id, c.type, c.date, c.issuer, c.jurisdiction, c.span.start,
                      c.span.end, c.short] for c in extraction.citations]
        if args.format in ("csv", "jsonl"):
            rows += citations
            continue
        doc = extraction.document
        out.line(f"== {shown_path(str(file))}")
        out.line(f"   document: {doc.id or '(no number)'}  {doc.type or ''}  {doc.date or ''}  {doc.issuer or ''}")
        if doc.title:
            out.line(f"   title:    {doc.title}")
        out.line(_table([[r[1] + (" (short)" if r[8] else ""), r[2], r[3] or "", r[4] or "",
                          r[5] or "", f"{r[6]}-{r[7]}"] for r in citations],
                        ["id", "type", "date", "issuer", "jurisdiction", "span"]))
        if extraction.relations:
            out.line()
            out.line(_table([[r.source or "(this document)", r.type, r.target] for r in extraction.relations],
                            ["source", "relation", "target"]))
        out.line()
    if args.format in ("csv", "jsonl"):
        out.rows(["file", "id", "type", "date", "issuer", "jurisdiction", "start", "end", "short"], rows)
    return EXIT_SOME_FILES_FAILED if failed else EXIT_OK


def cmd_ingest(args) -> int:
    """With --json, one JSON line per file as its batch is committed, then a
    summary line: nothing is kept per file, so a million files cost no more
    memory than ten (see the README)."""
    from kg.ingest import ingest, prune
    from parsers.read import iter_input_files

    out = Output(args)
    # with --prune, a path gone from disk is only pruned, not an unreadable input
    present = [p for p in args.paths if not args.prune or os.path.lexists(p)]
    files = list(iter_input_files(present, args.include, args.exclude))
    n = dict.fromkeys(("ingested", "moved", "unchanged", "removed", "failed"), 0)
    with Store(args.db) as store:
        outcomes = _report_progress(ingest(store, files, force=args.force, jobs=args.jobs),
                                    len(files))
        if args.prune:
            outcomes = chain(outcomes, _report_progress(prune(store, map(Path, args.paths)), None))
        for outcome in outcomes:
            n[outcome.status] += 1
            if args.format == "json":
                sys.stdout.write(_json(_outcome_json(outcome)) + "\n")
        counts = store.counts()
    if args.format == "json":
        sys.stdout.write(_json({"summary": n, "store": counts.to_json()}) + "\n")
    else:
        out.line(f"files: {n['ingested']} ingested, "
                 + (f"{n['moved']} moved (recognised by content), " if n["moved"] else "")
                 + f"{n['unchanged']} unchanged (skipped), "
                 + (f"{n['removed']} removed (gone from disk), " if args.prune else "")
                 + f"{n['failed']} failed")
        _print_counts(out, args.db, counts)
    return EXIT_SOME_FILES_FAILED if n["failed"] else EXIT_OK


def _outcome_json(outcome) -> dict:
    """One line of `kg ingest --json`: the file, what became of it, and why
    it failed or where it was before it moved."""
    found = {"path": outcome.path, "status": outcome.status}
    if outcome.reason is not None:
        found["reason"] = outcome.reason
    if outcome.moved_from is not None:
        found["from"] = outcome.moved_from
    return found


def cmd_remove(args) -> int:
    from kg.ingest import remove

    out = Output(args)
    with Store(args.db, create=False) as store:
        outcomes = list(_report_progress(remove(store, map(Path, args.paths)), None))
        counts = store.counts()
    removed = [o.path for o in outcomes if o.status == "removed"]
    failed = [o for o in outcomes if o.status == "failed"]
    if args.format == "json":
        out.json({"removed": removed,
                  "failed": [{"path": o.path, "reason": o.reason} for o in failed],
                  "store": counts.to_json()})
    else:
        out.line(f"files: {len(removed)} removed, {len(failed)} not in the store")
        _print_counts(out, args.db, counts)
    return EXIT_SOME_FILES_FAILED if failed else EXIT_OK


def _report_progress(outcomes, total: int | None) -> Iterator:
    """The outcomes as they come, with a progress bar on a terminal and each
    failure named on stderr."""
    from tqdm import tqdm

    for outcome in tqdm(outcomes, total=total, unit="file", file=sys.stderr,
                        disable=None):  # disable=None: only on a terminal
        if outcome.status == "failed":
            tqdm.write(escaped(f"{shown_path(outcome.path)}: {outcome.reason}"), file=sys.stderr)
        yield outcome


def _print_counts(out, db: str, counts) -> None:
    from kg.ingest import printable

    out.line(f"store {printable(db)}: {counts.files} files, {counts.documents} documents, "
             f"{counts.mentions} mentions, {counts.relations} relations, "
             f"{counts.conflicts} conflicts")


def _first_linked(store: Store, key: str, limit: int | None, direction: str
                  ) -> tuple[list[str], list[str] | None]:
    """The documents linked with ``key`` (kg.model.linked_documents), and the
    first ``limit`` of them when there are more (None: show them all)."""
    from kg.model import linked_documents

    linked = linked_documents(store, key, direction=direction)
    return linked, linked[:limit] if limit is not None and len(linked) > limit else None


def cmd_show(args) -> int:
    from kg.model import links_of
    from queries.order import node_order

    out = Output(args)
    with _open(args) as store:
        key = _find(store, args.id)
        mentions, conflicts = store.mentions_of(key, args.limit), store.conflicts(key)
        mention_count, mention_files = store.mention_count(key)
        linked, among = _first_linked(store, key, args.limit, "both")
        graph, inline = _graph(store, links_of(store, key, among=among))
        order = node_order(graph)
        outgoing = without_restated_cites([Step.of_edge(graph, key, k, v) for _, v, k in sorted(
            graph.out_edges(key, keys=True), key=lambda e: (order(e[1]), e[2]))])
        incoming = without_restated_cites([Step.of_edge(graph, u, k, key) for u, _, k in sorted(
            graph.in_edges(key, keys=True), key=lambda e: (order(e[0]), e[2]))])
        printer = Printer(out, graph, store, args.full, inline)
        if args.format == "json":
            out.json(printer.with_places({
                "key": key, **graph.nodes[key], "mentions": [m.to_json() for m in mentions],
                "mention_count": mention_count,
                "out": [s.to_json() for s in outgoing], "in": [s.to_json() for s in incoming],
                "conflicts": [c.to_json() for c in conflicts], "linked_documents": len(linked)}))
            return EXIT_OK
        data = graph.nodes[key]
        out.line(printer.labels.line(key))
        out.line(f"  key:          {key}")
        for name in ("aliases", "jurisdiction", "level"):
            if data.get(name):
                value = data[name]
                out.line(f"  {name + ':':13} {', '.join(value) if isinstance(value, list) else value}")
        out.line(f"  mentions:     {mention_count} in {mention_files} file(s)")
        if among is not None:
            out.line(f"  linked with:  {len(linked)} documents, the first {len(among)} shown")
        for title, steps in (("states", outgoing), ("stated by others", incoming)):
            if steps:
                out.line(f"  {style('heading', title)}:")
                for step in steps:
                    printer.step(step, key, "    ")
        for conflict in conflicts:
            out.line(style("warning", f"  conflict ({conflict.kind}): ") + conflict.detail)
    return EXIT_OK


def cmd_lineage(args) -> int:
    from kg.model import lineage_order, subgraph
    from queries.lineage import lineage

    out = Output(args)
    with _open(args) as store:
        start = _find(store, args.id)
        # the reach is counted and ordered without evidence; the first --limit
        # of it (breadth first: each one's parent comes before it) read in full
        order = lineage_order(store, start, args.relations, args.direction, args.depth)
        shown = order if args.limit is None else order[:args.limit]
        graph, conflicts = _graph(store, subgraph(store, [start, *shown], args.relations))
        result = lineage(graph, start, args.direction, args.relations, args.depth)
        printer = Printer(out, graph, store, args.full, conflicts)
        if args.format == "json":
            nodes = [start, *(r.node for r in result.reached)]
            out.json(printer.with_places({**result.to_json(), "reached_count": len(order),
                                          "conflicts": _conflicts_json(conflicts, nodes)}))
            return EXIT_OK
        out.line(printer.labels.line(start))

        def show(node: str, indent: str) -> None:
            for child in result.children(node):
                printer.step(child.path[-1], node, f"{indent}└─ ", f"{indent}     ")
                show(child.node, indent + "   ")

        show(start, "")
        if len(shown) < len(order):
            out.line(f"  (the first {len(shown)} of {len(order)} documents reached; --limit shows more)")
        if not result.reached:
            out.line(f"  (nothing {'above' if args.direction == 'up' else 'below'} it along "
                     f"{', '.join(result.relations)})")
    return EXIT_OK


def cmd_status(args) -> int:
    from kg.model import changes_around
    from queries.status import status

    out = Output(args)
    with _open(args) as store:
        key = _find(store, args.id)
        graph, conflicts = _graph(store, changes_around(store, key))
        result = status(graph, key)
        printer = Printer(out, graph, store, args.full, conflicts)
        if args.format == "json":
            out.json(printer.with_places({**result.to_json(),
                                          "conflicts": _conflicts_json(conflicts, result.chain)}))
            return EXIT_OK
        out.line(printer.labels.line(key))
        out.line(f"  status: {style('heading', result.state)}" + (
            "" if result.state != "in force"
            else " (as far as the corpus tells: no replacement, amendment or repeal found)"))
        for changes in (result.repealed_by, result.replaced_by, result.amended_by, result.replaces):
            for change in changes:
                printer.step(change.step, key, "  ")
        if len(result.chain) > 1:
            out.line("  replacement chain: " + " → ".join(printer.labels(k) for k in result.chain))
    return EXIT_OK


def cmd_path(args) -> int:
    from kg.model import RELATION_KINDS, Subgraph, chain_between, documents_of
    from queries.path import path

    out = Output(args)
    with _open(args) as store:
        a, b = _find(store, args.a), _find(store, args.b)
        part = (chain_between(store, a, b, args.relations or tuple(RELATION_KINDS))
                or Subgraph(tuple(documents_of(store, {a, b})), ()))
        graph, inline = _graph(store, part)
        steps = path(graph, a, b, args.relations)
        printer = Printer(out, graph, store, args.full, inline)
        if args.format == "json":
            out.json(printer.with_places({"from": a, "to": b, "steps": None if steps is None
                                          else [s.to_json() for s in steps]}))
            return EXIT_OK if steps is not None else EXIT_NOT_FOUND
        if steps is None:
            out.line(f"no path between {printer.labels(a)} and {printer.labels(b)}")
            return EXIT_NOT_FOUND
        out.line(printer.labels.line(a))
        node = a
        for step in steps:
            printer.step(step, node, "  ")
            node = step.target if step.source == node else step.source
    return EXIT_OK


def cmd_cited_by(args) -> int:
    from kg.model import links_of
    from queries.search import cited_by

    out = Output(args)
    with _open(args) as store:
        key = _find(store, args.id)
        linked, among = _first_linked(store, key, args.limit, "down")
        graph, inline = _graph(store, links_of(store, key, among=among))
        citing = cited_by(graph, key)
        printer = Printer(out, graph, store, args.full, inline)
        if args.format == "json":
            out.json(printer.with_places({"node": key, "cited_by": [c.to_json() for c in citing],
                                          "citing_documents": len(linked)}))
            return EXIT_OK
        if args.format in ("csv", "jsonl"):
            out.rows(["source", "relation", "target", "file", "line", "column", "evidence"], [
                [c.source, s.relation, key, e.file, (p := printer.locator.place(e.file, e.start)).line,
                 p.column, " ".join(e.text.split())]
                for c in citing for s in without_restated_cites(list(c.steps)) for e in s.evidence])
            return EXIT_OK
        out.line(f"{printer.labels.line(key)}: named by {len(linked)} document(s)"
                 + (f", the first {len(citing)} shown" if among is not None else ""))
        for c in citing:
            steps = without_restated_cites(list(c.steps))
            out.line(f"  {printer.labels.line(c.source)}: {', '.join(s.relation for s in steps)}")
            for step in steps:
                if step.evidence and step.evidence[0].text:
                    out.line(f"    {style('relation', step.relation)}: {printer.quote(step)}")
    return EXIT_OK


def cmd_search(args) -> int:
    from kg.graph import graph_of
    from kg.model import documents_of
    from kg.store import NODE_FIELDS
    from queries.search import search

    out = Output(args)
    criteria = dict(type=args.type, issuer=args.issuer, jurisdiction=args.jurisdiction,
                    date_from=args.date_from, date_to=args.date_to, text=args.text)
    with _open(args) as store:
        # the stored attributes are all a search reads: documents are built for what is shown
        nodes = ((row[0], dict(zip(NODE_FIELDS, row)))
                 for row in store.node_rows_dated(args.date_from, args.date_to))
        if not any(criteria.values()):  # bare relation ends have no attribute to match
            nodes = chain(nodes, ((key, {"id": doc_id}) for key, doc_id in store.bare_endpoints()))
        found = search(nodes, **criteria)
        shown = found[:args.limit] if args.limit is not None else found
        graph = graph_of(documents_of(store, shown), ())
        labels = Labels(graph, store)
    if args.format == "json":
        out.json([{"key": k, **graph.nodes[k]} for k in shown])
        return EXIT_OK
    fields = ("type", "date", "issuer", "jurisdiction", "title")
    keyed = args.format in ("csv", "jsonl")  # machines get the node key
    out.rows(["key" if keyed else "id", *fields],
             [[k if keyed else labels(k), *(graph.nodes[k].get(f) for f in fields)] for k in shown],
             f"{len(found)} document(s)" + (f", the first {len(shown)} shown" if len(shown) < len(found) else ""))
    return EXIT_OK


def cmd_conflicts(args) -> int:
    from kg.model import documents_of
    from queries.order import document_order

    out = Output(args)
    with _open(args) as store:
        stored = store.conflicts()
        known = {d.key: d.to_json() for d in documents_of(store, {c.node for c in stored})}
        conflicts = sorted(stored, key=lambda c: (c.kind, document_order(c.node, known[c.node])
                                                  if c.node in known else (True,), c.other or ""))
        conflicts = conflicts[:args.limit]  # each shown one's evidence is placed in its file
        locator = Locator(store.file_hash)
        if args.format == "json":
            out.json([c.to_json() for c in conflicts])
            return EXIT_OK
        if args.format in ("csv", "jsonl"):
            out.rows(["kind", "node", "other", "detail"], [[c.kind, c.node, c.other, c.detail] for c in conflicts])
            return EXIT_OK
        for c in conflicts:
            out.line(f"{style('warning', c.kind)}: {c.detail}")
            for m in c.evidence:
                where = str(locator.place(m.file, m.start)) if m.start is not None \
                    else f"{shown_path(m.file)} (header)"
                date = f" [{m.date}]" if m.date else ""
                out.line(f"    “{' '.join(m.text.split())}”{date} ({style('place', where)})")
        out.line(f"{len(stored)} conflict(s)" + (f", the first {len(conflicts)} shown"
                                                  if len(conflicts) < len(stored) else ""))
    return EXIT_OK


def cmd_stats(args) -> int:
    out = Output(args)
    with _open(args) as store:
        counts, relations, conflicts = store.counts(), store.relation_counts(), store.conflict_counts()
    if args.format == "json":
        out.json({**counts.to_json(), "relations_by_type": relations, "conflicts_by_kind": conflicts})
        return EXIT_OK
    if args.format in ("csv", "jsonl"):
        out.rows(["what", "name", "count"],
                 [["total", k, v] for k, v in counts.to_json().items()]
                 + [["relation", k, v] for k, v in relations.items()]
                 + [["conflict", k, v] for k, v in conflicts.items()])
        return EXIT_OK
    for name, value in counts.to_json().items():
        out.line(f"{name + ':':11} {value}")
    for title, table in (("relations", relations), ("conflicts", conflicts)):
        if table:
            out.line(f"{title} by type: " + ", ".join(f"{k} {n}" for k, n in table.items()))
    return EXIT_OK


# --- arguments --------------------------------------------------------------------

DESCRIPTION = """\
A knowledge graph of Vietnamese policy documents and the references between them.
Ids may be typed in any case and spelling: 57-nq/tw, "327/QD-UBND", "Nghị quyết 57",
"nghi quyet 57", "NQ 57", or a bare number (327); a node key (1063/KH-UBND@Kon Tum)
picks one of several."""


def _epilog() -> str:
    examples = """\
examples:
  kg ingest data/samples                 build the store (kg.db) from a folder
  kg lineage 327/QĐ-UBND --up            what it implements, up to the top
  kg status 336-KH/TU                    in force, replaced, amended or repealed
  kg path 1587/KH-SKHCN 71/NQ-CP         how two documents are connected
  kg --db other.db search --type "ke hoach" --from 1/5/2025 --csv
"""
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)
    env = "\n".join(f"  {name:15} {meaning}" for name, meaning in ENVIRONMENT)
    return f"{examples}\nexit codes:\n{codes}\n\nenvironment:\n{env}"


class _Version(argparse.Action):
    """--version, read from the installed package only when asked: reading
    package metadata costs every command a tenth of its start."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("vnpolicy-kg")
        except PackageNotFoundError:  # run from a checkout that was never installed
            installed = "unknown (not installed)"
        sys.stdout.write(f"kg {installed}\n")
        parser.exit()


def _store_and_format_options(parser: argparse.ArgumentParser, tables: bool) -> None:
    """--db and the output formats. Given before the command or after it:
    both parsers write the same names, neither sets a default (main() does)."""
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help=f"the store (default: $KG_DB, else {DEFAULT_DB})")
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        default=argparse.SUPPRESS, help="print JSON")
    if tables:
        parser.add_argument("--csv", dest="format", action="store_const", const="csv",
                            default=argparse.SUPPRESS, help="print the table as CSV")
        parser.add_argument("--jsonl", dest="format", action="store_const", const="jsonl",
                            default=argparse.SUPPRESS, help="print the table as one JSON object per row")


# the commands registered by other modules (kg/view_commands.py, kg/cypher.py,
# kg/export/commands.py), whose imports (pyvis, neo4j, rdflib) take time
EXTERNAL_COMMANDS = frozenset({"viz", "site", "cypher", "export", "sparql", "neo4j"})


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Every command; only kg/cli.py's own when ``argv`` names one of them,
    no other command and no help (so that help lists every command)."""
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION, epilog=_epilog(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version)
    _store_and_format_options(parser, tables=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help: str, example: str, tables: bool = False,
                evidence: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        _store_and_format_options(p, tables)
        if evidence:
            p.add_argument("--full", action="store_true",
                           help="quote whole sentences (default: around the cue and the number)")
        p.set_defaults(func=func)
        return p

    p = command("extract", cmd_extract, "print the references found in files (folders: every file in them)",
                "kg extract report.docx --json", tables=True)
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)

    p = command("ingest", cmd_ingest, "store files and folders (recursively), incrementally",
                "kg ingest data/samples reports/ --exclude '*.md' --jobs 2")
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

    p = command("remove", cmd_remove, "take files, or every file of folders, out of the store",
                "kg remove reports/2023/ draft.docx")
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = command("show", cmd_show, "one document: attributes, aliases, relations, conflicts",
                'kg show "Nghị quyết 57"', evidence=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--limit", type=_count, metavar="N",
                   help="the first N mentions, and the links with the first N linked documents "
                        "(all are counted)")

    p = command("lineage", cmd_lineage, "what a document implements (--up) or what implements it (--down)",
                "kg lineage 57-NQ/TW --down --depth 2", evidence=True)
    p.add_argument("id", metavar="ID")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--up", dest="direction", action="store_const", const="up", default="up",
                     help="towards what it implements (default)")
    way.add_argument("--down", dest="direction", action="store_const", const="down",
                     help="towards what implements it")
    p.add_argument("--depth", type=int, metavar="N", help="at most N steps")
    p.add_argument("--limit", type=_count, metavar="N",
                   help="the first N documents reached, breadth first (all are counted)")
    p.add_argument("--relations", type=_relations, default=DEFAULT_RELATIONS, metavar="A,B",
                   help=f"relation types to follow (default {','.join(DEFAULT_RELATIONS)})")

    p = command("status", cmd_status, "in force, replaced, amended or repealed; replacement chain",
                "kg status 336-KH/TU", evidence=True)
    p.add_argument("id", metavar="ID")

    p = command("path", cmd_path, "the best chain of relations between two documents",
                "kg path 139/KH-UBND 57-NQ/TW --relations implements,promulgates", evidence=True)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--relations", type=_relations, metavar="A,B",
                   help="relation types to use (default: all, typed ones first, "
                        "through documents without a number last)")

    p = command("cited-by", cmd_cited_by, "documents that name a document",
                "kg cited-by 359-KH/TU --csv", tables=True, evidence=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--limit", type=_count, metavar="N", help="the first N citing documents (all are counted)")

    p = command("search", cmd_search, "documents by type, issuer, jurisdiction, date, subject",
                'kg search --type "ke hoach" --jurisdiction "quang ngai" --from 1/5/2025', tables=True)
    p.add_argument("--type", type=_term, metavar="T", help="document type: 'Kế hoạch', 'ke hoach'")
    p.add_argument("--issuer", type=_term, metavar="I", help="issuer name or code: 'UBND tỉnh', UBND")
    p.add_argument("--jurisdiction", type=_term, metavar="J", help="province: 'Quảng Ngãi'")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                   help="dated on or after (2025-05-26 or 26/5/2025)")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="dated on or before")
    p.add_argument("--text", type=_term, metavar="WORDS", help="words of the subject line (title)")
    p.add_argument("--limit", type=_count, metavar="N", help="show the first N (all are counted)")

    p = command("conflicts", cmd_conflicts, "conflicting dates, aliases, possible typos and misprints, "
                "type mismatches", "kg conflicts --jsonl", tables=True)
    p.add_argument("--limit", type=_count, metavar="N", help="the first N (all are counted)")
    command("stats", cmd_stats, "counts of files, documents, mentions, relations, conflicts",
            "kg stats --csv", tables=True)

    words = set(argv or ())
    if words & set(sub.choices) and not words & (EXTERNAL_COMMANDS | {"-h", "--help"}):
        return parser  # one of the commands above: none of the modules below (~0.5 s of imports)
    from kg.view_commands import add_view_commands  # here: it imports this module's helpers
    add_view_commands(command)

    from kg import cypher  # the commands of the graph model, in their own modules
    from kg.export import commands as export_commands

    cypher.register(sub, _store_and_format_options)
    export_commands.register(sub, _store_and_format_options)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, with the defaults of the options taken anywhere."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    args.db = getattr(args, "db", None) or os.environ.get("KG_DB") or DEFAULT_DB
    args.format = getattr(args, "format", "text")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, StoreError) as err:
        print(f"kg {args.command}: {escaped(str(err))}", file=sys.stderr)
        return err.code
    except sqlite3.Error as err:  # met while reading: the store changed under us, or is damaged
        error = from_sqlite(args.db, err)
        print(f"kg {args.command}: {escaped(str(error))}", file=sys.stderr)
        return error.code
    except BrokenPipeError:  # the reader went away ("kg lineage … | head"): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
