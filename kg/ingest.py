"""Ingest: files on disk → the store, incrementally.

Each file is hashed first: a file whose content hash is already stored is
skipped; any other is extracted (parsers.extract) and its contribution
replaces the previous one in a single transaction (kg/store.py). A file that
cannot be read or extracted is reported with its reason and the batch goes on.

Files are keyed by their absolute path, so running from another directory
or with another spelling of the path finds the same file. Which files a
folder holds is parsers.read.iter_input_files' decision (the CLI calls it).
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from kg.store import Store
from parsers.model import Extraction
from parsers.read import ReadError, require_regular_file
from parsers.readers import Unreadable

Extract = Callable[[Path], Extraction]
IN_FLIGHT_PER_JOB = 4  # files extracted ahead of the store, per worker process
# A write transaction holds at most this many files, characters of text, or
# seconds of waiting for extractions, whichever comes first.
BATCH_FILES = 64
BATCH_CHARACTERS = 20_000_000
BATCH_SECONDS = 2.0
Status = Literal["ingested", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str
    status: Status
    reason: str | None = None  # why a file failed


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def _changed(store: Store, files: Iterable[Path], force: bool
             ) -> Iterator[tuple[str, str | None, Outcome | None]]:
    """(absolute path, content hash, outcome when already decided) per file."""
    for path in files:
        # one name per file however it is spelled; a broken link keeps its own
        name = str(path.resolve() if path.exists() else path.absolute())
        try:
            require_regular_file(path)  # before hashing: reading a pipe would never end
            digest = sha256_of(path)
        except Unreadable as err:
            yield name, None, Outcome(name, "failed", str(err))
            continue
        except OSError as err:
            yield name, None, Outcome(name, "failed", f"cannot read: {err.strerror or err}")
            continue
        if not force and store.file_hash(name) == digest:
            yield name, digest, Outcome(name, "unchanged")
        else:
            yield name, digest, None


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
    with ProcessPoolExecutor(jobs) as pool:
        pending: deque = deque()
        for name, digest, decided in _changed(store, files, force):
            pending.append((name, digest, decided or pool.submit(_extract, name, extract)))
            while len(pending) > IN_FLIGHT_PER_JOB * jobs:
                yield from batch.add(*_done(pending.popleft()))
        while pending:
            yield from batch.add(*_done(pending.popleft()))
    yield from batch.flush()


def _done(entry: tuple) -> tuple[str, str | None, Extraction | Outcome]:
    name, digest, result = entry
    return name, digest, result.result() if isinstance(result, Future) else result


class _Batch:
    """Files waiting to be written together, in one transaction: a group cited
    by every file is then resolved once per batch, not once per file. The
    outcomes come out, in order, only once their batch is committed, so a
    killed ingest reported nothing it had not stored."""

    def __init__(self, store: Store):
        self.store = store
        self.entries: list[tuple[str, str | None, Extraction | Outcome]] = []
        self.started = 0.0
        self.characters = 0

    def add(self, name: str, digest: str | None, result: Extraction | Outcome) -> Iterator[Outcome]:
        if not self.entries:
            self.started = time.monotonic()
        self.entries.append((name, digest, result))
        if isinstance(result, Extraction):
            self.characters += len(result.text)
        if (len(self.entries) >= BATCH_FILES or self.characters >= BATCH_CHARACTERS
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
                yield _outcome(name, result)
            return
        for name, _, result in entries:
            yield _outcome(name, result)


def _outcome(name: str, result: Extraction | Outcome) -> Outcome:
    return result if isinstance(result, Outcome) else Outcome(name, "ingested")
