"""Property tests: canonicalizing twice changes nothing; the extractor never
raises and keeps its offsets true on arbitrary text."""

from hypothesis import given, settings, strategies as st

from parsers.canonical import canonical_code_segment
from parsers.extract import extract_text
from parsers.find import canonical_id

# Text made of the pieces references are made of, so that the search reaches
# the extractor's corners, plus arbitrary unicode.
pieces = st.sampled_from([
    "Nghị quyết", "số", "s6", "57", "-", "/", "NQ", "TW", "QĐ", "0P", "UBND", "ngày", "22/12/2024",
    "của", "Bộ Chính trị", "thực hiện", "thay thế", "(", ")", ";", ",", "\n", " ", "Kế hoạch", "2025",
    "[footnoteRef:1]", "[1: ", "]", "Căn cứ", "bởi", "QCVN", "25:2025", "T U", "&", "Đ", "đ", "ISO",
])
texty = st.one_of(st.text(max_size=300), st.lists(pieces, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(texty)
def test_extractor_never_raises_and_offsets_are_true(text):
    extraction = extract_text(text, "x")
    for citation in extraction.citations:
        assert extraction.text[citation.span.start:citation.span.end] == citation.text
    for relation in extraction.relations:
        evidence = relation.evidence
        assert extraction.text[evidence.start:evidence.end] == evidence.text


@settings(max_examples=300, deadline=None)
@given(texty)
def test_canonical_id_is_idempotent(text):
    once = canonical_id(text)
    if once is not None:
        assert canonical_id(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="QĐDPB0OUBNDTWHK&CTr 123", max_size=12))
def test_canonical_segment_is_idempotent(segment):
    once = canonical_code_segment(segment)
    assert canonical_code_segment(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=40).map("".join))
def test_every_found_id_reads_back_as_itself(text):
    for citation in extract_text(text).citations:
        assert canonical_id(citation.id) == citation.id, citation
