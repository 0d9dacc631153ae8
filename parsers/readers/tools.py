"""Running the external programs the readers use (pdftotext, pdftoppm, tesseract).

Each runs in its own process, so a malformed file can crash or hang only
that process: we stop it after a timeout, and we read at most a bounded
amount of its output (it goes to a temporary file, not to our memory).
"""

from __future__ import annotations

import shutil
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


def run_program(args: list[str], purpose: str, *, max_output: int, timeout: float) -> bytes:
    """Run `args`; its standard output (at most `max_output` bytes), or Unreadable."""
    args = [require_program(args[0], purpose), *args[1:]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            done = subprocess.run(args, stdout=out, stderr=err, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise Unreadable(f"{purpose}: {args[0]} took longer than {timeout:.0f} s") from None
        if done.returncode != 0:
            raise Unreadable(f"{purpose}: {first_line(err)}")
        if out.tell() > max_output:
            raise too_large(max_output)
        out.seek(0)
        return out.read()


def first_line(stream) -> str:
    """The first non-empty line a program wrote to `stream`, for a one-line reason."""
    stream.seek(0)
    for line in stream.read(4096).decode("utf-8", errors="replace").splitlines():
        if line.strip():
            return line.strip()
    return "failed without a message"
