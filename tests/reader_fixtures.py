"""Test fixtures made from a sample text: the same document as DOCX, text PDF,
scanned PDF, HTML and legacy-encoded bytes. Generated in the tests, never
committed: each converter writes what real tools write for that format.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from parsers.readers.legacy import LEGACY_ENCODINGS, encode_legacy
from parsers.readers.ocr import LANGUAGE, tesseract_languages

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def require_font() -> Path:
    assert FONT.exists(), f"{FONT} is missing: install the Debian package fonts-dejavu-core"
    return FONT


# ------------------------------------------------------------------ bytes

def to_legacy(text: str, name: str) -> bytes:
    """TCVN3 or VNI bytes, through the project's own tables."""
    return encode_legacy(text, LEGACY_ENCODINGS[name])


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: ă â ê ô ơ ư đ precomposed, tones combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            out += (base + tones).encode("cp1258")
    return bytes(out)


# ------------------------------------------------------------------ HTML

def to_html(text: str) -> str:
    """A saved web page: the document in <main>, with page furniture around it
    that cites other documents (which must not be read)."""
    body = "\n".join(_html_line(line) for line in text.splitlines())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo 99/BC-XYZ</title>
<style>p {{ margin: 0 }} /* Quyết định số 98/QĐ-CSS */</style>
<script>var banner = "Nghị quyết số 97-NQ/JS";</script></head>
<body><header><a href="/">Cổng thông tin</a> Thông tư số 96/2020/TT-HDR</header>
<nav><ul><li>Trang chủ<li>Văn bản 95/KH-NAV<li>Liên hệ</ul></nav>
<main>
{body}
</main>
<footer>Bản quyền. Công văn số 94/UBND-FTR</footer></body></html>"""


def _html_line(line: str) -> str:
    if "\t" in line:  # the two-column header of the sample: a table row
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
        return f"<table><tr>{cells}</tr></table>"
    return f"<p>{html.escape(line)}</p>" if line.strip() else "<p>&nbsp;</p>"


# ------------------------------------------------------------------ DOCX

_NOTE_REFERENCE = re.compile(r"\[footnoteRef:(\d+)\]")
_NOTE_BODY = re.compile(r"\s*\[(\d+):\s*([^\]]*)\]")
_NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
               'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def to_docx(text: str) -> bytes:
    """A Word document: lines as paragraphs, tabbed lines as table rows, and the
    sample's "[footnoteRef:N] … [N: text]" as real Word footnotes."""
    notes = {number: body.strip() for number, body in _NOTE_BODY.findall(text)}
    body = "".join(_docx_block(_NOTE_BODY.sub("", line)) for line in text.splitlines())
    footnotes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>{_run(" " + note)}</w:p></w:footnote>'
        for number, note in notes.items()
    )
    return docx_package(body, footnotes)


def docx_package(body_xml: str, footnotes_xml: str = "") -> bytes:
    """A minimal valid .docx around WordprocessingML body content and footnotes."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             f"<w:document {_NAMESPACES}><w:body>{body_xml}<w:sectPr/></w:body></w:document>",
        "word/footnotes.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_NAMESPACES}>'
                              f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                              f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                              f"{footnotes_xml}</w:footnotes>",
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def docx_bomb(path: Path, unit: str, count: int, around: tuple[str, str] = ("", ""),
              declared_size: int | None = None) -> Path:
    """A .docx whose body is `count` copies of the XML `unit` (inside the
    `around` tags), deflated as a zip bomb is (a few MB of zip for a GB of
    XML) and streamed so that the test itself stays small; with
    `declared_size`, its zip headers lie about the inflated size, as a
    crafted bomb's do."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_NAMESPACES}><w:body>{around[0]}'
    tail = f"{around[1]}<w:sectPr/></w:body></w:document>"
    per_write = max(1, 2**20 // len(unit))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        with archive.open("word/document.xml", "w") as part:
            part.write(head.encode())
            for written in range(0, count, per_write):
                part.write((unit * min(per_write, count - written)).encode())
            part.write(tail.encode())
    if declared_size is not None:
        _declare_size(path, "word/document.xml", declared_size)
    return path


def _declare_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size of `name` in its local header (offset
    22) and its central directory entry (offset 24): what readers believe."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    for at in (local + 22, central + 24):
        data[at:at + 4] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def _docx_block(line: str) -> str:
    if "\t" in line:
        cells = "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in line.split("\t"))
        return f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>"
    return _paragraph(line)


def _paragraph(line: str) -> str:
    runs, last = [], 0
    for match in _NOTE_REFERENCE.finditer(line):
        runs.append(_run(line[last:match.start()]))
        runs.append(f'<w:r><w:footnoteReference w:id="{match.group(1)}"/></w:r>')
        last = match.end()
    runs.append(_run(line[last:]))
    return f"<w:p>{''.join(runs)}</w:p>"


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>' if text else ""


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"""
_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"""


# ------------------------------------------------------------------ PDF

def to_text_pdf(text: str, path: Path) -> Path:
    """A PDF with a text layer (fpdf2, DejaVu Sans embedded)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(require_font()))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in unicodedata.normalize("NFC", text).splitlines():
        pdf.multi_cell(0, 5, line.replace("\t", "    ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def to_scanned_pdf(text: str, path: Path) -> Path:
    """A PDF of page images only, as a scanner makes."""
    pages = render_pages(text)
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=SCAN_DPI)
    return path


def to_image(text: str, path: Path) -> Path:
    """The first page as an image file (PNG, JPEG or TIFF by the suffix)."""
    render_pages(text)[0].save(path, dpi=(SCAN_DPI, SCAN_DPI))
    return path


SCAN_DPI = 200


def render_pages(text: str, point_size: int = 11) -> list:
    """A4 page images of `text` drawn with Pillow in DejaVu Sans."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(require_font()), size=round(point_size * SCAN_DPI / 72))
    width, height, margin = round(8.27 * SCAN_DPI), round(11.69 * SCAN_DPI), round(0.8 * SCAN_DPI)
    line_height = round(font.size * 1.45)
    lines = [wrapped for line in unicodedata.normalize("NFC", text).splitlines()
             for wrapped in _wrap(line.replace("\t", "    "), font, width - 2 * margin)]
    per_page = (height - 2 * margin) // line_height
    pages = []
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(lines[start:start + per_page]):
            draw.text((margin, margin + row * line_height), line, font=font, fill=0)
        pages.append(page)
    return pages


def _wrap(line: str, font, max_width: int) -> list[str]:
    out, current = [], ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > max_width:
            out.append(current)
            current = word
        else:
            current = candidate
    return [*out, current]


# ------------------------------------------------------------------ tools

def require_tools(*programs: str) -> None:
    """Fail (not skip) when a program the test needs is missing, unless
    KG_ALLOW_NO_OCR=1 says this machine has no OCR/PDF tools on purpose."""
    missing = [name for name in programs if shutil.which(name) is None]
    if "tesseract" in programs and not missing:
        if LANGUAGE not in tesseract_languages():
            missing.append("tesseract's Vietnamese data")
    if not missing:
        return
    reason = f"missing {', '.join(missing)}: install the Debian packages in scripts/system-packages.txt"
    if os.environ.get("KG_ALLOW_NO_OCR") == "1":
        pytest.skip(f"{reason} (allowed by KG_ALLOW_NO_OCR=1)")
    pytest.fail(f"{reason}, or set KG_ALLOW_NO_OCR=1 to skip these tests", pytrace=False)


def make_bad_files(folder: Path, sample_path: Path) -> dict[str, str]:
    """Write one file of each bad kind into ``folder``; return each name with
    a fragment of the reason reading it must give."""
    sample = sample_path.read_bytes()
    docx = to_docx(sample_path.read_text(encoding="utf-8"))
    files = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b"  \n\t\n", "no text found"),
        "binary.bin": (bytes(range(256)) * 64, "binary content"),
        "truncated.docx": (docx[: len(docx) // 2], "damaged or truncated DOCX"),
        "notword.docx": (None, "not a Word document"),
        "truncated.pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "truncated PDF"),
        "invalid-bytes.txt": (sample[:500] + b"\xff\xfe" + sample[500:], "invalid UTF-8"),
        "old-word.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old binary Office file"),
    }
    for name, (data, _) in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder / "notword.docx", "w") as archive:
        archive.writestr("content.xml", "<x/>")
    (folder / "broken-link.txt").symlink_to(folder / "nowhere")
    os.mkfifo(folder / "pipe.txt")
    reasons = {name: reason for name, (_, reason) in files.items()}
    reasons |= {"broken-link.txt": "No such file", "pipe.txt": "not a regular file"}
    return reasons
