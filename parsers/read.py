"""Read: a file of any supported format → NFC text. The first stage of the pipeline.

Every offset the later stages report is into the string `read_text` returns.

The format is chosen by content (magic bytes), the extension only breaking
ties for HTML: a PDF named .txt reads as a PDF. Readers, one per format, are
in parsers/readers/. What cannot be read raises ReadError with a one-line
reason naming the file; the caller reports it and goes on with the batch.

Memory is bounded by a size limit rather than by streaming, because every
later stage needs the whole text at once: text and HTML files above the limit
are refused before they are read, and so is the text extracted from a PDF or
DOCX above it. The limit is 20 MB of text (a long law is ~1 MB), set by the
environment variable KG_MAX_TEXT_MB.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import Callable, Iterable, Iterator

from parsers.readers import Unreadable, env_number
from parsers.readers.docx import read_docx
from parsers.readers.html import read_html
from parsers.readers.ocr import read_image
from parsers.readers.pdf import read_pdf
from parsers.readers.text import decode_bytes, read_text_file, repair_legacy_text

__all__ = ["ReadError", "normalize", "decode_bytes", "read_text", "iter_input_files", "max_text_bytes"]

DEFAULT_MAX_TEXT_MB = 20
Reader = Callable[[Path, int], str]

# Formats known by their first bytes.
_MAGIC: tuple[tuple[bytes, Reader], ...] = (
    (b"%PDF-", read_pdf),
    (b"PK\x03\x04", read_docx),
    (b"\x89PNG\r\n\x1a\n", read_image),
    (b"\xff\xd8\xff", read_image),  # JPEG
    (b"II*\x00", read_image),  # TIFF, little-endian
    (b"MM\x00*", read_image),  # TIFF, big-endian
)
# Formats we know and do not read, with what to do instead.
_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc, .xls): save it as .docx"),
    (b"{\\rtf", "an RTF document: save it as .docx or .txt"),
)
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# What a folder holds besides its documents, left out of folders like
# --exclude patterns (see iter_input_files).
DEFAULT_EXCLUDES = (
    ".*",  # hidden files and folders: .git, .DS_Store, LibreOffice's .~lock.x.odt#
    "~$*",  # Word's lock files
    "*~", "#*#", "*.bak", "*.swp", "*.tmp",  # editors' backups, autosaves, swap files
    # the files that describe a folder or a project rather than belong to it
    "README*", "LICENSE*", "LICENCE*", "COPYING*", "CHANGELOG*", "CONTRIBUTING*", "AUTHORS*", "NOTICE*",
)


class ReadError(Exception):
    """A file that cannot be read, with the reason, naming the file."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def normalize(text: str) -> str:
    """NFC-normalize; this is the text all offsets refer to."""
    return unicodedata.normalize("NFC", text)


def read_text(path: Path | str) -> str:
    """Read a file of any supported format into NFC text, or raise ReadError."""
    path = Path(path)
    try:
        require_regular_file(path)
        reader = choose_reader(path)
        text = normalize(repair_legacy_text(reader(path, max_text_bytes())))
    except Unreadable as err:
        raise ReadError(path, str(err)) from err
    except OSError as err:
        raise ReadError(path, f"cannot read: {err.strerror or err}") from err
    except RecursionError as err:  # a document nested thousands of levels deep
        raise ReadError(path, "nested too deeply to read (a generated or damaged file)") from err
    except MemoryError as err:
        raise ReadError(path, "not enough memory to read it (KG_MAX_TEXT_MB sets the size limit)") from err
    if not text.strip():
        raise ReadError(path, "no text found in the file")
    return text


def max_text_bytes() -> int:
    """The size limit, from KG_MAX_TEXT_MB (default 20)."""
    return int(env_number("KG_MAX_TEXT_MB", DEFAULT_MAX_TEXT_MB) * 2**20)


def require_regular_file(path: Path) -> None:
    """Raise Unreadable for folders, devices and empty files; OSError if missing."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        os.scandir(path).close()  # an unreadable folder raises "Permission denied" here
        raise Unreadable("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file (a device, pipe or socket)")
    if info.st_size == 0:
        raise Unreadable("empty file")


def choose_reader(path: Path) -> Reader:
    """The reader for the file's content."""
    with open(path, "rb") as handle:
        head = handle.read(2048)
    for magic, reader in _MAGIC:
        if head.startswith(magic):
            return reader
    for magic, reason in _UNSUPPORTED:
        if head.startswith(magic):
            raise Unreadable(f"unsupported format: {reason}")
    if b"%PDF-" in head[:1024]:  # a PDF may have junk before its header
        return read_pdf
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")) or path.suffix.lower() in _HTML_SUFFIXES:
        return read_html
    return read_text_file


def iter_input_files(
    paths: Iterable[Path | str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[Path]:
    """The files to read: `paths` themselves, and folders' files recursively.

    Sorted, each file once (by its real path). `include`/`exclude` are glob
    patterns, matched case-insensitively against a found file's name, its
    path relative to the folder given, and the folders on that path
    ("*.pdf", "drafts", "2024/*.docx"); they apply to files found in folders,
    while a file named in `paths` is always taken.

    Folders' files matching DEFAULT_EXCLUDES (hidden files and folders, lock
    files, editors' backups, README, LICENSE, CHANGELOG…) are left out too,
    unless an `include` pattern that names them takes them back: one that
    does not start with "*" ("README.md", ".archive"), so that "*.txt" never
    pulls in LICENSE.txt or a .git folder.

    Paths that cannot be read (missing, unreadable folders, devices) are
    yielded as they are: read_text then raises ReadError with the reason, so
    that every problem is reported by one function, and nothing is skipped
    silently.
    """
    include, exclude = tuple(include), tuple(exclude)
    overrides = tuple(pattern for pattern in include if not pattern.startswith("*"))
    chosen: dict[str, Path] = {}
    for root in map(Path, paths):
        found = _walk(root, prune=not overrides) if root.is_dir() else [(root, None)]
        for path, relative in found:
            if relative is None or _selected(relative, include, exclude, overrides):
                chosen.setdefault(os.path.realpath(path), path)
    yield from sorted(chosen.values(), key=str)


def _walk(folder: Path, prune: bool) -> Iterator[tuple[Path, PurePath | None]]:
    """(file, path relative to `folder`) for each file below `folder`, and
    (unreadable sub-folder, None) for those os.walk cannot enter; with
    `prune`, folders of DEFAULT_EXCLUDES (.git) are not entered at all."""
    unreadable: list[OSError] = []
    for current, folders, files in os.walk(folder, onerror=unreadable.append):
        if prune:
            folders[:] = [name for name in folders if not _matches_any(PurePath(name), DEFAULT_EXCLUDES)]
        for name in files:
            path = Path(current, name)
            yield path, path.relative_to(folder)
    for error in unreadable:
        yield Path(error.filename), None


def _selected(relative: PurePath, include: tuple[str, ...], exclude: tuple[str, ...],
              overrides: tuple[str, ...]) -> bool:
    if include and not _matches_any(relative, include) or _matches_any(relative, exclude):
        return False
    return not _matches_any(relative, DEFAULT_EXCLUDES) or _matches_any(relative, overrides)


def _matches_any(relative: PurePath, patterns: tuple[str, ...]) -> bool:
    """Whether a pattern matches the path, one of its parts, or a folder on it."""
    ancestors = [parent.as_posix() for parent in relative.parents if parent != PurePath(".")]
    candidates = {relative.as_posix(), *relative.parts, *ancestors}
    return any(fnmatchcase(c.lower(), p.lower()) for c in candidates for p in patterns)
