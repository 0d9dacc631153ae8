"""Reading: encodings, legacy Vietnamese tables, the choice of reader,
folders of inputs, and bad files (each refused with a one-line reason)."""

from __future__ import annotations

import os
import subprocess
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

from parsers.read import ReadError, decode_bytes, iter_input_files, read_text
from parsers.readers import Unreadable
from parsers.readers.legacy import (
    LEGACY_ENCODINGS,
    decode_legacy,
    encode_legacy,
    is_vietnamese_syllable,
    restore_capitals,
    vietnamese_score,
)
from parsers.readers.text import detect_8bit_encoding, repair_legacy_text
from kg_process import HANG_GUARD
from reader_fixtures import make_bad_files, to_cp1258, to_docx, to_legacy

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE = SAMPLES / "004_8056d9e22a67d95b.txt"
PHRASE = "Quyết định số 327/QĐ-UBND ngày 26/5/2025 của Ủy ban nhân dân tỉnh Quảng Ngãi"
TCVN3, VNI = LEGACY_ENCODINGS["TCVN3"], LEGACY_ENCODINGS["VNI"]

# Every Vietnamese letter with a diacritic, lowercase and uppercase.
VOWELS = "aăâeêioôơuưy"
LOWER = "đ" + "".join(
    unicodedata.normalize("NFC", v + tone) for v in VOWELS for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
UPPER = LOWER.upper()


# ------------------------------------------------------------ encodings

@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(codec):
    assert decode_bytes(PHRASE.encode(codec)) == PHRASE


def test_cp1258_with_combining_tones():
    data = to_cp1258(PHRASE)
    assert detect_8bit_encoding(data) == "CP1258"
    assert unicodedata.normalize("NFC", decode_bytes(data)) == PHRASE


@pytest.mark.parametrize("name", ["TCVN3", "VNI"])
def test_legacy_encodings_detected_and_converted(name):
    data = to_legacy(PHRASE, name)
    assert detect_8bit_encoding(data) == name
    converted = decode_bytes(data)
    # TCVN3 has no code for "Ủ": it is written as "ủ" (see data/encodings/tcvn3.toml).
    assert converted == (PHRASE.replace("Ủy", "ủy") if name == "TCVN3" else PHRASE)


def test_known_legacy_spellings():
    assert decode_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("cp1252"), TCVN3) == \
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_legacy("Ñoäc laäp - Töï do - Haïnh phuùc".encode("cp1252"), VNI) == "Độc lập - Tự do - Hạnh phúc"


def test_tcvn3_table_is_the_standard_repertoire():
    """TCVN 5712:1993 VN3: 67 lowercase letters and 7 uppercase base letters."""
    round_trip = decode_legacy(encode_legacy(LOWER, TCVN3), TCVN3)
    assert round_trip == LOWER
    assert len({byte for byte in encode_legacy(LOWER, TCVN3) if byte >= 0x80}) == 67
    assert decode_legacy(encode_legacy("ĂÂÊÔƠƯĐ", TCVN3), TCVN3) == "ĂÂÊÔƠƯĐ"


def test_vni_round_trips_every_letter_in_both_cases():
    for letters in (LOWER, UPPER):
        assert decode_legacy(encode_legacy(letters, VNI), VNI) == letters


def test_vni_writes_marks_in_the_case_of_their_letter():
    assert encode_legacy("ấ Ấ", VNI) == b"a\xe1 A\xc1"


def test_tcvn3_capitals_restored_in_words_typed_in_capitals():
    assert restore_capitals("BáO CáO Sở KHOA HọC") == "BÁO CÁO Sở KHOA HỌC"
    assert decode_legacy(encode_legacy("BÁO CÁO", TCVN3), TCVN3) == "BÁO CÁO"


def test_syllable_check():
    for word in ("nghiêng", "quyết", "người", "khuya", "tháng", "Đổi"):
        assert is_vietnamese_syllable(word), word
    for word in ("thaùng", "quyeát", "Hµ", "ñoäc", "aàá"):
        assert not is_vietnamese_syllable(word), word


def test_legacy_font_text_in_unicode_is_repaired():
    """A DOCX typed in .VnTime holds TCVN3 bytes shown through Windows-1252."""
    tcvn3_as_shown = to_legacy(PHRASE, "TCVN3").decode("cp1252")
    assert repair_legacy_text(tcvn3_as_shown) == PHRASE.replace("Ủy", "ủy")
    vni_as_shown = to_legacy(PHRASE, "VNI").decode("cp1252")
    assert repair_legacy_text(vni_as_shown) == PHRASE


@pytest.mark.parametrize("text", [PHRASE, "café crème brûlée", "Hà Nội", "plain ASCII"])
def test_real_unicode_is_not_repaired(text):
    assert repair_legacy_text(text) == text


def test_ocr_text_without_diacritics_is_not_repaired():
    """OCR output that lost its diacritics has no Vietnamese-only letter
    either; read through TCVN3 it scores better ("dé" becomes "dộ") but is
    still no Vietnamese, and must stay as the file has it."""
    ocr = unicodedata.normalize("NFC", (SAMPLES / "002_09f7ad3c659a1bb1.txt").read_text(encoding="utf-8"))[:2000]
    assert vietnamese_score(decode_legacy(ocr.encode("cp1252"), TCVN3)) > vietnamese_score(ocr)
    assert repair_legacy_text(ocr) == ocr


@pytest.mark.parametrize("sample", sorted(SAMPLES.iterdir()), ids=lambda p: p.name[:3])
def test_samples_read_as_written(sample):
    """Evidence quotes the file: every sample reads as its NFC text."""
    assert read_text(sample) == unicodedata.normalize("NFC", sample.read_text(encoding="utf-8"))


def test_legacy_docx_is_converted(tmp_path):
    path = tmp_path / "vntime.docx"
    path.write_bytes(to_docx(to_legacy(PHRASE, "VNI").decode("cp1252")))
    assert read_text(path).strip() == PHRASE


def test_invalid_utf8_is_refused_with_the_offset():
    data = PHRASE.encode() + b"\xff\xfe" + PHRASE.encode()
    with pytest.raises(Unreadable, match=rf"invalid UTF-8: .* at byte {len(PHRASE.encode())}$"):
        decode_bytes(data)


def test_binary_is_refused():
    with pytest.raises(Unreadable, match="binary content"):
        decode_bytes(bytes(range(256)) * 10)


def test_read_text_returns_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", PHRASE), encoding="utf-8")
    assert read_text(path) == PHRASE


# ------------------------------------------------------------ choosing a reader

def test_format_is_chosen_by_content_not_by_name(tmp_path):
    docx_named_txt = tmp_path / "report.txt"
    docx_named_txt.write_bytes(to_docx(PHRASE))
    assert read_text(docx_named_txt).strip() == PHRASE
    html_named_txt = tmp_path / "page.txt"
    html_named_txt.write_text(f"<!DOCTYPE html><html><body><p>{PHRASE}</p><script>x=1</script></body></html>")
    assert read_text(html_named_txt).strip() == PHRASE


# ------------------------------------------------------------ folders

def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PHRASE, encoding="utf-8")


def test_iter_input_files_recurses_sorted_without_duplicates(tmp_path):
    _tree(tmp_path, ["b.txt", "a/c.PDF", "a/d.docx", ".hidden/x.txt", ".x.txt", "a/~$lock.docx"])
    found = list(iter_input_files([tmp_path, tmp_path / "b.txt", tmp_path / "a"]))
    assert found == sorted(found, key=str)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/c.PDF", "a/d.docx", "b.txt"]


def test_iter_input_files_include_exclude(tmp_path):
    _tree(tmp_path, ["a.txt", "b.pdf", "drafts/c.pdf", "2024/d.docx", "2024/e.txt"])
    names = lambda **kw: [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path], **kw)]
    assert names(include=["*.pdf"]) == ["b.pdf", "drafts/c.pdf"]
    assert names(include=["*.PDF"], exclude=["drafts"]) == ["b.pdf"]
    assert names(include=["2024/*"], exclude=["*.txt"]) == ["2024/d.docx"]


def test_a_folder_s_readme_license_backups_and_hidden_files_are_not_documents(tmp_path):
    documents = ["2024/b.md", "2024/c.docx", "a.txt"]
    _tree(tmp_path, [*documents, "README.md", "2024/readme.txt", "LICENSE", "CHANGELOG.md", "a.txt~",
                     "a.txt.bak", ".a.txt.swp", "#a.txt#", ".git/HEAD.txt", ".DS_Store", "~$c.docx"])
    names = lambda *paths, **kw: [p.relative_to(tmp_path).as_posix()
                                  for p in iter_input_files(paths or [tmp_path], **kw)]
    assert names() == documents
    # extension patterns never take them back; a pattern that names them does
    assert names(include=["*.md", "*.txt"]) == ["2024/b.md", "a.txt"]
    assert names(include=["*.md", "README*"]) == ["2024/b.md", "2024/readme.txt", "README.md"]
    assert names(include=[".git"]) == [".git/HEAD.txt"]
    # a file named on the command line is always read
    assert names(tmp_path / "README.md") == ["README.md"]


def test_iter_input_files_yields_missing_paths_for_the_reader_to_report(tmp_path):
    missing = tmp_path / "nowhere.txt"
    assert list(iter_input_files([missing])) == [missing]
    with pytest.raises(ReadError, match="nowhere.txt: cannot read: No such file"):
        read_text(missing)


# ------------------------------------------------------------ bad files

def test_folder_of_bad_files_and_samples(tmp_path):
    for sample in SAMPLES.glob("*.txt"):
        (tmp_path / sample.name).write_bytes(sample.read_bytes())
    expected = make_bad_files(tmp_path, SAMPLE)
    good, errors = [], {}
    for path in iter_input_files([tmp_path]):
        try:
            good.append((path.name, read_text(path)))
        except ReadError as err:
            errors[path.name] = str(err)
    assert sorted(name for name, _ in good) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert all(text.strip() for _, text in good)
    assert set(errors) == set(expected)
    for name, message in errors.items():
        assert "\n" not in message and message.startswith(str(tmp_path / name) + ": ")
        assert expected[name] in message, message


def test_a_folder_given_as_a_file(tmp_path):
    with pytest.raises(ReadError, match="is a folder, not a file"):
        read_text(tmp_path)


def test_unreadable_file_and_folder():
    """Permission denied. Root reads everything, so as root the reading is done
    in a forked child that has dropped to the unprivileged user "nobody"."""
    root = Path(tempfile.mkdtemp(prefix="kg-perm-"))  # in /tmp, which "nobody" can enter
    try:
        root.chmod(0o755)
        locked_file, locked_folder = root / "locked.txt", root / "locked"
        locked_file.write_text(PHRASE)
        locked_folder.mkdir()
        (locked_folder / "inside.txt").write_text(PHRASE)
        locked_file.chmod(0)
        locked_folder.chmod(0)
        lines = _errors_as_unprivileged_user([root])
        assert f"{locked_file}: cannot read: Permission denied" in lines
        assert f"{locked_folder}: cannot read: Permission denied" in lines
    finally:
        locked_folder.chmod(0o755)
        shutil.rmtree(root)


def _errors_as_unprivileged_user(paths: list[Path]) -> list[str]:
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: drop privileges, read, report each error on a line
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            with os.fdopen(write_end, "w") as out:
                for path in iter_input_files(paths):
                    try:
                        read_text(path)
                    except ReadError as err:
                        out.write(f"{err}\n")
            status = 0
        finally:
            os._exit(status)  # never return into pytest from the child
    os.close(write_end)
    with os.fdopen(read_end) as report:
        lines = report.read().splitlines()
    assert os.waitpid(child, 0)[1] == 0
    return lines


def test_very_large_text_file_is_refused_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    chunk = SAMPLE.read_bytes() * 64
    with open(big, "wb") as handle:
        while handle.tell() < 200 * 2**20:
            handle.write(chunk)
    # Peak memory from VmHWM, which starts afresh at exec (ru_maxrss may carry
    # the forking test runner's own peak over to the child).
    script = (
        "import re, sys; from parsers.read import read_text, ReadError\n"
        "try: read_text(sys.argv[1])\n"
        "except ReadError as err: print(err)\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status)[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(big)], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, timeout=HANG_GUARD)
    reason, peak_mb = done.stdout.splitlines()
    assert reason == f"{big}: too large: over 20 MB of text (limit set by KG_MAX_TEXT_MB)"
    assert int(peak_mb) < 150, f"peak memory {peak_mb} MB"


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "sample.txt"
    path.write_bytes(SAMPLE.read_bytes())
    monkeypatch.setenv("KG_MAX_TEXT_MB", "0.01")
    with pytest.raises(ReadError, match="too large"):
        read_text(path)
    monkeypatch.setenv("KG_MAX_TEXT_MB", "1")
    assert read_text(path)
