"""Ingest: files on disk → the store, incrementally.

Each file is hashed first: a file whose content hash is already stored is
skipped; a file whose content is stored under a path that is gone from disk
was moved or renamed, and its stored contribution is re-keyed to its new
path (kg/store.py ``move``), not extracted again; any other is extracted
(parsers.extract) and its contribution replaces the previous one in a
single transaction. A file that cannot be read or extracted is reported
with its reason and the batch goes on; with ``jobs`` > 1 that includes a
worker process that dies on a file (kg/pool.py).

Files are keyed by their absolute path, so running from another directory
or with another spelling of the path finds the same file. Which files a
folder holds is parsers.read.iter_input_files' decision (the CLI calls it).
``remove`` and ``prune`` take files out of the store again, by the path or
folder given, whether or not they are still on disk.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from kg.pool import Task, WorkerPool
from kg.store import Store
from parsers.model import Extraction
from parsers.read import ReadError, require_regular_file
from parsers.readers import Unreadable

Extract = Callable[[Path], Extraction]
# Files extracted ahead of the store: enough for the workers to go on extracting
# while a batch is written (a batch of a national store takes seconds), few
# and small enough to bound memory.
IN_FLIGHT_PER_JOB = 256
IN_FLIGHT_BYTES = 64 * 2**20  # of the files' own size
# A write transaction holds at most this many files, characters of text, or
# seconds of waiting for extractions, whichever comes first.
BATCH_FILES = 1024  # KG_BATCH_FILES changes it (1: a transaction per file, the shortest writes);
# 1024 rather than 256: a group cited across a batch is resolved once, and an index
# page of the store written once, for more files (bench.store_speed: 1.7x the files/s at 30k)
BATCH_CHARACTERS = 20_000_000
BATCH_SECONDS = 2.0
Status = Literal["ingested", "moved", "unchanged", "removed", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str
    status: Status
    reason: str | None = None  # why a file failed
    moved_from: str | None = None


@dataclass(frozen=True, slots=True)
class Moved:
    """A file whose content is stored under ``old``, a path gone from disk."""

    old: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_name(path: Path) -> str:
    """The name a file is stored under: one per file however it is spelled;
    a broken link keeps its own."""
    return str(path.resolve() if path.exists() else path.absolute())


def printable(name: str) -> str:
    r"""A path as it can be printed and stored: bytes of a name that are not
    UTF-8 shown as escapes.

    >>> printable(os.fsdecode(b"/in/b\xe1o c\xe1o.txt"))
    '/in/b\\xe1o c\\xe1o.txt'
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _default_extract(path: Path) -> Extraction:
    from parsers.extract import extract_file

    return extract_file(path)


def _extract(path: str, extract: Extract) -> Extraction | Outcome:
    """The extraction, or the outcome of a failure; runs in a worker process
    when ingesting with several jobs, so it must not raise."""
    try:
        return replace(extract(Path(path)), file=path)
    except ReadError as err:
        return Outcome(path, "failed", err.reason)
    except OSError as err:
        return Outcome(path, "failed", f"cannot read: {err.strerror or err}")
    except Exception as err:  # an extractor bug must not stop a batch of thousands
        return Outcome(path, "failed", f"extraction failed: {type(err).__name__}: {err}")


def _worker_died(path: str, how: str) -> Outcome:
    return Outcome(path, "failed", f"the extracting process died ({how}; out of memory?)")


def _changed(store: Store, files: Iterable[Path], force: bool
             ) -> Iterator[tuple[str, str | None, Outcome | Moved | None]]:
    """(absolute path, content hash, what to do when already decided) per file."""
    claimed: set[str] = set()  # stored paths already taken by a moved file of this batch
    for path in files:
        name = stored_name(path)
        if printable(name) != name:
            shown = printable(name)
            yield shown, None, Outcome(shown, "failed", "file name is not valid UTF-8 "
                                                        "(shown escaped): rename it to ingest it")
            continue
        try:
            require_regular_file(path)  # before hashing: reading a pipe would never end
            digest = sha256_of(path)
        except Unreadable as err:
            yield name, None, Outcome(name, "failed", str(err))
            continue
        except OSError as err:
            yield name, None, Outcome(name, "failed", f"cannot read: {err.strerror or err}")
            continue
        if force:
            yield name, digest, None
        elif store.file_hash(name) == digest:
            yield name, digest, Outcome(name, "unchanged")
        else:
            yield name, digest, _moved(store, name, digest, claimed)


def _moved(store: Store, name: str, digest: str, claimed: set[str]) -> Moved | None:
    """Where a file's content was stored before it moved: a stored path with
    the same hash that is gone from disk. Same suffix only: the suffix can
    choose the reader (an .html file is read as HTML)."""
    for old in store.files_with_hash(digest):
        if (old not in claimed and not os.path.lexists(old)
                and Path(old).suffix.lower() == Path(name).suffix.lower()):
            claimed.add(old)
            return Moved(old)
    return None


def ingest(store: Store, files: Iterable[Path], extract: Extract = _default_extract,
           force: bool = False, jobs: int = 1) -> Iterator[Outcome]:
    """Ingest files, yielding each outcome, in the order of ``files``, once
    stored. With ``jobs`` > 1, extraction (the slow part) runs in that many
    processes while this one writes the store; at most a few files per job
    are in flight, so memory stays bounded on any batch. Files are written
    a batch per transaction (see _Batch)."""
    batch = _Batch(store)
    if jobs <= 1:
        for name, digest, decided in _changed(store, files, force):
            yield from batch.add(name, digest, decided or _extract(name, extract))
        yield from batch.flush()
        return
    with WorkerPool(jobs, partial(_extract, extract=extract), _worker_died) as pool:
        pending: deque = deque()
        in_flight = 0  # bytes of the files in ``pending``
        for name, digest, decided in _changed(store, files, force):
            size = 0 if decided else _size(name)
            pending.append((name, digest, decided or pool.submit(name), size))
            in_flight += size
            while (len(pending) > IN_FLIGHT_PER_JOB * jobs
                   or in_flight > IN_FLIGHT_BYTES and len(pending) > jobs):
                in_flight -= pending[0][3]
                yield from batch.add(*_done(pool, pending.popleft()))
        while pending:
            yield from batch.add(*_done(pool, pending.popleft()))
    yield from batch.flush()


def _size(name: str) -> int:
    with suppress(OSError):
        return os.path.getsize(name)
    return 0


def _done(pool: WorkerPool, entry: tuple) -> tuple[str, str | None, Extraction | Outcome | Moved]:
    name, digest, result, _ = entry
    return name, digest, pool.result(result) if isinstance(result, Task) else result


def _batch_files() -> int:
    try:
        return max(1, int(os.environ.get("KG_BATCH_FILES") or BATCH_FILES))
    except ValueError:
        return BATCH_FILES


class _Batch:
    """Files waiting to be written together, in one transaction: a group cited
    by every file is then resolved once per batch, not once per file. The
    outcomes come out, in order, only once their batch is committed, so a
    killed ingest reported nothing it had not stored."""

    def __init__(self, store: Store):
        self.store = store
        self.max_files = _batch_files()
        self.entries: list[tuple[str, str | None, Extraction | Outcome | Moved]] = []
        self.started = 0.0
        self.characters = 0

    def add(self, name: str, digest: str | None, result: Extraction | Outcome | Moved
            ) -> Iterator[Outcome]:
        if not self.entries:
            self.started = time.monotonic()
        self.entries.append((name, digest, result))
        if isinstance(result, Extraction):
            self.characters += len(result.text)
        if (len(self.entries) >= self.max_files or self.characters >= BATCH_CHARACTERS
                or time.monotonic() - self.started >= BATCH_SECONDS):
            yield from self.flush()

    def flush(self) -> Iterator[Outcome]:
        entries, self.entries, self.characters = self.entries, [], 0
        stored = [(r, digest) for _, digest, r in entries if isinstance(r, Extraction)]
        try:
            self.store.put_many(stored)
        except Exception:  # the batch rolled back: one file at a time, the bad one raises
            for name, digest, result in entries:
                if isinstance(result, Extraction):
                    self.store.put(result, digest)
                yield self._moved_or_outcome(name, result)
            return
        for name, _, result in entries:
            yield self._moved_or_outcome(name, result)

    def _moved_or_outcome(self, name: str, result: Extraction | Outcome | Moved) -> Outcome:
        """A moved file is re-keyed now (its own transaction, after the batch)."""
        if isinstance(result, Moved):
            self.store.move(result.old, name)
            return Outcome(name, "moved", moved_from=result.old)
        return result if isinstance(result, Outcome) else Outcome(name, "ingested")


def _spellings(path: Path) -> list[str]:
    """The names a given path may be stored under (its real path, and as
    given when it is gone or a link); none when it cannot be stored at all."""
    names = {stored_name(path), str(path.absolute())}
    return sorted(n for n in names if printable(n) == n)


def remove(store: Store, paths: Iterable[Path]) -> Iterator[Outcome]:
    """Take the files named, and the stored files inside the folders named,
    out of the store (what they touched is resolved again), whether they are
    still on disk or not; a path with nothing stored is a failure."""
    found: list[str] = []
    for path in paths:
        stored = store.files_under(_spellings(path))
        if not stored:
            yield Outcome(printable(str(path)), "failed", "not in the store")
        found += stored
    for name in sorted(set(found)):
        store.remove(name)
        yield Outcome(name, "removed")


def prune(store: Store, roots: Iterable[Path]) -> Iterator[Outcome]:
    """Take out of the store the files inside ``roots`` that are gone from disk."""
    for name in store.files_under([n for root in roots for n in _spellings(root)]):
        if not os.path.lexists(name):
            store.remove(name)
            yield Outcome(name, "removed")
