"""Running the external programs the readers use (pdftotext, pdftoppm, tesseract).

Each runs in its own process, so a malformed file can crash or hang only
that process: we stop it after a timeout, and its output is bounded: it goes
to a temporary file, not to our memory, and the process may not write more
than the limit to any file (RLIMIT_FSIZE: a PDF whose compressed text
inflates to gigabytes is stopped at the limit, not when the disk is full).
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import tempfile

from parsers.readers import Unreadable, too_large

# Debian package of each program, named in the reason when it is missing.
PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfimages": "poppler-utils",
    "tesseract": "tesseract-ocr and tesseract-ocr-vie",
}


def require_program(name: str, purpose: str) -> str:
    """The path of program `name`, or Unreadable saying which package to install."""
    path = shutil.which(name)
    if path is None:
        raise Unreadable(f"{purpose} needs {name}: install the Debian package(s) {PACKAGES[name]}")
    return path


class TimedOut(Unreadable):
    """A program stopped because it ran out of time."""


def run_program(args: list[str], purpose: str, *, max_output: int, timeout: float) -> bytes:
    """Run `args`; its standard output (at most `max_output` bytes), or Unreadable.

    With `max_output` 0 the program writes files of its own (an image) and
    only its standard output is bounded, after the fact.
    """
    args = [require_program(args[0], purpose), *args[1:]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            done = subprocess.run(args, stdout=out, stderr=err, timeout=timeout, check=False,
                                  preexec_fn=_file_size_limit(max_output + 1) if max_output else None)
        except subprocess.TimeoutExpired:
            raise TimedOut(f"{purpose}: {args[0]} took longer than {timeout:.0f} s") from None
        if done.returncode == -signal.SIGXFSZ or out.tell() > max_output:
            raise too_large(max_output)
        if done.returncode != 0:
            raise Unreadable(f"{purpose}: {first_line(err)}")
        out.seek(0)
        return out.read()


def _file_size_limit(limit: int):
    """What the child runs before the program: no file may grow past `limit`."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def first_line(stream) -> str:
    """The first non-empty line a program wrote to `stream`, for a one-line reason."""
    stream.seek(0)
    for line in stream.read(4096).decode("utf-8", errors="replace").splitlines():
        if line.strip():
            return line.strip()
    return "failed without a message"
