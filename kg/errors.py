"""Exit codes of the `kg` command, and what can go wrong with a store, as
one line for the user naming the store file and the reason.

SQLite's own errors are translated by their result code (not by their
message), so that "database or disk is full" says *disk full* and exits
EXIT_DAMAGED, and a lock that outlasted the wait says *busy* and exits
EXIT_BUSY. Never "cannot rollback - no transaction is active": that is
what a second error says after SQLite already rolled back (kg/store.py).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

EXIT_OK = 0
EXIT_NOT_FOUND = 1  # a question without an answer: no path between two documents
EXIT_USAGE = 2  # bad usage, no store, not a kg store, a store of another schema version
EXIT_SOME_FILES_FAILED = 3  # some input files could not be read (the others are stored)
EXIT_UNKNOWN_ID = 4
EXIT_BUSY = 5  # the store was still locked by another process after the wait
EXIT_DAMAGED = 6  # the store is damaged or cannot be written (corrupt, disk full, I/O error)

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


class StoreError(Exception):
    """A store that cannot be used as asked: ``str()`` is the line to print."""

    code = EXIT_DAMAGED

    def __init__(self, path: str | Path, reason: str):
        self.path = os.fsencode(path).decode("utf-8", "backslashreplace")  # printable
        super().__init__(f"{self.path}: {reason}")
        self.reason = reason


class NoStore(StoreError):
    code = EXIT_USAGE


class NotAStore(StoreError):
    code = EXIT_USAGE


class WrongSchemaVersion(StoreError):
    code = EXIT_USAGE


class StoreBusy(StoreError):
    code = EXIT_BUSY


class StoreDamaged(StoreError):
    """Corrupt, or it cannot be read or written: disk full, I/O error, read-only."""

    code = EXIT_DAMAGED


def primary_code(err: sqlite3.Error) -> int | None:
    code = getattr(err, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_busy(err: sqlite3.Error) -> bool:
    return primary_code(err) in (SQLITE_BUSY, SQLITE_LOCKED)


def from_sqlite(path: str | Path, err: sqlite3.Error) -> StoreError:
    """The StoreError that says what an SQLite error means for the user."""
    code, detail = primary_code(err), str(err)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(path, "store busy: still locked by another process after the wait "
                               "(KG_BUSY_TIMEOUT seconds to wait longer)")
    if code == SQLITE_FULL:
        return StoreDamaged(path, f"cannot be written: disk full ({detail})")
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return StoreDamaged(path, f"cannot be written: read-only file or folder ({detail})")
    if code == SQLITE_CANTOPEN:
        return StoreDamaged(path, f"cannot be opened ({detail})")
    if code == SQLITE_IOERR:
        return StoreDamaged(path, f"I/O error ({detail})")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(path, f"damaged store ({detail}): restore a copy, or rebuild it "
                                  "with `kg ingest` into a new --db")
    return StoreDamaged(path, f"store error: {detail}")
