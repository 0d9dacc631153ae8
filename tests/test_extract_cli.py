"""`kg extract`: the JSON shape of the issue, exactly, and bad files named."""

import json
import subprocess
import sys
import unicodedata

from parsers.vocab import DATA_DIR

SAMPLES = sorted((DATA_DIR / "samples").glob("*.txt"))
DOCUMENT_KEYS = ["id", "code", "type", "date", "issuer", "title"]
CITATION_KEYS = ["id", "type", "number", "year", "code", "date", "issuer", "jurisdiction", "start", "end",
                 "text", "short"]


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True)


def test_json_lines_have_exactly_the_documented_shape():
    done = kg("extract", "--json", *SAMPLES)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(p) for p in SAMPLES]
    for line in lines:
        assert list(line) == ["file", "document", "citations", "relations"]
        assert list(line["document"]) == DOCUMENT_KEYS
        text = SAMPLES[0].read_text(encoding="utf-8") if line["file"] == str(SAMPLES[0]) else None
        for citation in line["citations"]:
            assert list(citation) == CITATION_KEYS
            assert isinstance(citation["id"], str) and isinstance(citation["short"], bool)
        for relation in line["relations"]:
            assert list(relation) == ["source", "type", "target", "evidence"]
            assert list(relation["evidence"]) == ["file", "start", "end", "text"]
        if text is not None:
            nfc = unicodedata.normalize("NFC", text)
            assert all(nfc[c["start"]:c["end"]] == c["text"] for c in line["citations"])


def test_readable_table_and_a_bad_file_named_with_its_reason(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = kg("extract", SAMPLES[4], tmp_path / "missing.txt", empty)
    assert done.returncode == 3
    assert "359-KH/TU" in done.stdout and "Kế hoạch" in done.stdout
    errors = sorted(done.stderr.splitlines())
    assert len(errors) == 2
    assert errors[0].endswith(f"{empty}: empty file")
    assert str(tmp_path / "missing.txt") in errors[1]


def test_a_folder_is_read_file_by_file():
    done = kg("extract", "--json", SAMPLES[0].parent)
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == [str(p) for p in SAMPLES]
