"""The `kg` command: every subcommand, readable and --json, exit codes; and
the issue's acceptance questions on the bundled samples."""

import csv
import io
import json
import os
import pty
import re
import subprocess
import unicodedata
import sys
from pathlib import Path

import pytest

from kg.cli import EXIT_NOT_FOUND, EXIT_OK, EXIT_SOME_FILES_FAILED, EXIT_UNKNOWN_ID, EXIT_USAGE, main
from kg.store import Store
from kg_corpus import corpus
from kg_process import ingest_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "kg.db"
    with Store(path) as store:
        for e in corpus():
            store.put(e, e.file)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, _ = run(capsys, *argv, "--json")
    assert code == EXIT_OK
    return json.loads(out)


def test_lineage_prints_a_tree_with_relation_evidence_and_place(db, capsys):
    code, out, _ = run(capsys, "lineage", "327/QD-UBND", "--up", "--db", db)
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].startswith("327/QĐ-UBND  Quyết định  2025-05-26")
    assert "└─ implements 359-KH/TU  Kế hoạch  2025-04-29" in out
    assert "   └─ implements 57-NQ/TW  Nghị quyết  2024-12-22" in out  # one level deeper
    assert "└─ implements 71/NQ-CP" in out
    assert "“Kế hoạch số 359-KH/TU ngày 2025-04-29" in out
    assert "(r1.txt, character 39, file gone)" in out  # the corpus has no files on disk


def test_lineage_down_json_and_options(db, capsys):
    down = run_json(capsys, "lineage", "57 NQ/TW", "--down", "--db", db)
    assert down["start"] == "57-NQ/TW" and down["direction"] == "down"
    assert "327/QĐ-UBND@Quảng Ngãi" in {r["node"] for r in down["reached"]}
    assert all(r["path"][-1]["evidence"][0]["file"] for r in down["reached"])
    shallow = run_json(capsys, "lineage", "57-NQ/TW", "--down", "--depth", "1", "--db", db)
    assert {r["depth"] for r in shallow["reached"]} == {1}
    only = run_json(capsys, "lineage", "100/QĐ-UBND", "--relations", "implements", "--db", db)
    assert only["reached"] == [] and only["relations"] == ["implements"]


def test_an_unknown_or_ambiguous_id_is_a_clear_error(db, capsys):
    code, out, err = run(capsys, "status", "358-KH/TU", "--db", db)
    assert code == EXIT_UNKNOWN_ID and out == ""
    assert "no document '358-KH/TU'" in err and "359-KH/TU" in err
    code, _, err = run(capsys, "show", "1063/KH-UBND", "--db", db)
    assert code == EXIT_UNKNOWN_ID and "1063/KH-UBND@Kon Tum" in err and "1063/KH-UBND@Quảng Ngãi" in err


def test_a_missing_store_or_a_bad_relation_name_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "stats", "--db", str(tmp_path / "none.db"))
    assert code == EXIT_USAGE and "kg ingest" in err
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(SystemExit) as exit:
        main(["lineage", "57-NQ/TW", "--relations", "implemnts"])
    assert exit.value.code == EXIT_USAGE


def test_status(db, capsys):
    code, out, _ = run(capsys, "status", "336-KH/TU", "--db", db)
    assert code == EXIT_OK
    assert "status: replaced" in out and "replaced by 359-KH/TU" in out
    assert "replacement chain: 336-KH/TU → 359-KH/TU" in out
    result = run_json(capsys, "status", "51/KH-UBND", "--db", db)
    assert result["state"] == "replaced"
    assert result["replaced_by"][0]["other"] == "327/QĐ-UBND@Quảng Ngãi"
    code, out, _ = run(capsys, "status", "359-KH/TU", "--db", db)
    assert "status: in force (as far as the corpus tells" in out and "replaces 336-KH/TU" in out


def test_path(db, capsys):
    code, out, _ = run(capsys, "path", "1587/KH-SKHCN", "71/NQ-CP", "--db", db)
    assert code == EXIT_OK
    assert out.splitlines()[1:4:2] == ["  implements 327/QĐ-UBND  Quyết định  2025-05-26",
                                       "  implements 71/NQ-CP  Nghị quyết  2025-04-01"]
    result = run_json(capsys, "path", "71/NQ-CP", "1587/KH-SKHCN", "--db", db)
    assert [s["source"] for s in result["steps"]] == ["327/QĐ-UBND@Quảng Ngãi", "1587/KH-SKHCN@Quảng Ngãi"]
    code, out, _ = run(capsys, "path", "336-KH/TU", "1570/KH-UBND", "--relations", "replaces", "--db", db)
    assert code == EXIT_NOT_FOUND and out.startswith("no path")


def test_cited_by_and_show(db, capsys):
    code, out, _ = run(capsys, "cited-by", "359-KH/TU", "--db", db)
    assert code == EXIT_OK and "(no number: r1.txt)" in out and "named by" in out
    shown = run_json(capsys, "show", "327/KH-UBND", "--db", db)
    assert shown["key"] == "327/QĐ-UBND@Quảng Ngãi" and shown["aliases"] == ["327/KH-UBND"]
    assert {c["kind"] for c in shown["conflicts"]} == {"alias", "type"}
    assert len(shown["mentions"]) == 2
    code, out, _ = run(capsys, "show", "327/KH-UBND", "--db", db)
    assert "aliases:      327/KH-UBND" in out and "conflict (alias)" in out


def test_search(db, capsys):
    found = run_json(capsys, "search", "--type", "Kế hoạch", "--jurisdiction", "kon tum", "--db", db)
    assert [d["key"] for d in found] == ["1063/KH-UBND@Kon Tum", "200/KH-UBND@Kon Tum"]
    code, out, _ = run(capsys, "search", "--from", "1/5/2025", "--to", "31/5/2025", "--db", db)
    assert code == EXIT_OK and "327/QĐ-UBND" in out and out.rstrip().endswith("1 document(s)")



def test_limits_show_the_first_results_and_count_them_all(samples_db, capsys):
    samples_db = str(samples_db)
    everything = run_json(capsys, "search", "--db", samples_db)
    assert run_json(capsys, "search", "--limit", "3", "--db", samples_db) == everything[:3]
    code, out, _ = run(capsys, "search", "--limit", "3", "--db", samples_db)
    assert code == EXIT_OK and out.rstrip().endswith(f"{len(everything)} document(s), the first 3 shown")
    citing = run_json(capsys, "cited-by", "57-NQ/TW", "--db", samples_db)
    first = run_json(capsys, "cited-by", "57-NQ/TW", "--limit", "2", "--db", samples_db)
    assert first["cited_by"] == citing["cited_by"][:2] and first["citing_documents"] == len(citing["cited_by"]) > 2
    code, out, _ = run(capsys, "cited-by", "57-NQ/TW", "--limit", "2", "--db", samples_db)
    assert f"named by {len(citing['cited_by'])} document(s), the first 2 shown" in out
    every = run_json(capsys, "show", "57-NQ/TW", "--db", samples_db)
    shown = run_json(capsys, "show", "57-NQ/TW", "--limit", "1", "--db", samples_db)
    assert len(shown["in"]) + len(shown["out"]) == 1 < shown["linked_documents"]
    assert shown["mentions"] == every["mentions"][:1] and shown["mention_count"] == len(every["mentions"]) > 1
    down = run_json(capsys, "lineage", "57-NQ/TW", "--down", "--db", samples_db)
    first = run_json(capsys, "lineage", "57-NQ/TW", "--down", "--limit", "2", "--db", samples_db)
    assert first["reached"] == down["reached"][:2] and first["reached_count"] == len(down["reached"]) > 2
    code, out, _ = run(capsys, "lineage", "57-NQ/TW", "--down", "--limit", "2", "--db", samples_db)
    assert f"the first 2 of {len(down['reached'])} documents reached" in out and out.count("└─") == 2
    with pytest.raises(SystemExit) as exit:
        main(["show", "57-NQ/TW", "--limit", "0", "--db", samples_db])
    assert exit.value.code == EXIT_USAGE and "not a count: '0'" in capsys.readouterr().err


def test_conflicts_and_stats(db, capsys):
    conflicts = run_json(capsys, "conflicts", "--db", db)
    assert {c["kind"] for c in conflicts} == {"alias", "type", "date", "possible_typo"}
    code, out, _ = run(capsys, "conflicts", "--db", db)
    assert "possible_typo: 359-KH/TU and 539-KH/TU" in out and "[2025-12-22]" in out
    assert run_json(capsys, "conflicts", "--limit", "2", "--db", db) == conflicts[:2]
    code, out, _ = run(capsys, "conflicts", "--limit", "2", "--db", db)
    assert out.rstrip().endswith(f"{len(conflicts)} conflict(s), the first 2 shown") and out.count("“") >= 2
    stats = run_json(capsys, "stats", "--db", db)
    assert (stats["files"], stats["conflicts"]) == (3, 4)
    assert stats["relations_by_type"]["implements"] == 10


def kg(*argv, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True)


def test_ingest_reports_bad_files_skips_unchanged_ones_and_exits_3(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024.",
                                           encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = tmp_path / "kg.db"
    first = kg("ingest", tmp_path / "in", "--db", db)
    assert first.returncode == EXIT_SOME_FILES_FAILED
    assert first.stderr.strip().endswith("empty.txt: empty file")
    assert "1 ingested, 0 unchanged (skipped), 1 failed" in first.stdout
    again = ingest_report(kg("ingest", tmp_path / "in" / "ok.txt", "--db", db, "--json").stdout)
    assert (len(again["ingested"]), len(again["unchanged"]), again["store"]["documents"]) == (0, 1, 2)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("samples") / "kg.db"
    result = kg("ingest", SAMPLES, "--db", db, "--jobs", "5")
    assert result.returncode == EXIT_OK, result.stderr
    return db


def reached(db, *argv):
    result = json.loads(kg("lineage", *argv, "--db", db, "--json").stdout)
    return {r["node"].split("@")[0] for r in result["reached"]}


def test_samples_lineage_of_327_up_reaches_the_resolutions(samples_db):
    assert {"71/NQ-CP", "359-KH/TU", "57-NQ/TW"} <= reached(samples_db, "327/QĐ-UBND", "--up")


def test_samples_lineage_of_57_down(samples_db):
    assert {"359-KH/TU", "327/QĐ-UBND", "03/NQ-CP", "51/KH-UBND", "95-CTr/TU",
            "1570/KH-UBND"} <= reached(samples_db, "57-NQ/TW", "--down")


@pytest.mark.parametrize("old, new", [("336-KH/TU", "359-KH/TU"), ("51/KH-UBND", "327/QĐ-UBND")])
def test_samples_status_replaced(samples_db, old, new):
    result = kg("status", old, "--db", samples_db)
    assert "status: replaced" in result.stdout and f"replaced by {new}" in result.stdout
    assert "“" in result.stdout  # the evidence sentence


# --- issue 12: answers a user can trust, on the samples (real subprocesses) --------



HASH_SEEDS = ("0", "1", "77", "4242")


def kg_env(*argv, cwd=ROOT, **env):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **env})


def test_path_is_the_same_under_every_hash_seed_of_ingest_and_query(tmp_path):
    answers = set()
    for ingest_seed in HASH_SEEDS[:2]:
        db = tmp_path / f"kg-{ingest_seed}.db"
        assert kg_env("ingest", SAMPLES, "--db", db, PYTHONHASHSEED=ingest_seed).returncode == EXIT_OK
        for seed in HASH_SEEDS:
            done = kg_env("path", "139/KH-UBND", "57-NQ/TW", "--db", db, PYTHONHASHSEED=seed)
            assert done.returncode == EXIT_OK, done.stderr
            answers.add(done.stdout)
            answers.add(kg_env("path", "1418/BC-SKHCN", "327/QĐ-UBND", "--db", db, PYTHONHASHSEED=seed).stdout)
    assert len(answers) == 2, answers
    assert all("(no number" not in answer for answer in answers)


def test_path_with_relations_uses_only_those(samples_db):
    done = kg("path", "327/QĐ-UBND", "57-NQ/TW", "--relations", "implements", "--db", samples_db, "--json")
    steps = json.loads(done.stdout)["steps"]
    assert done.returncode == EXIT_OK and {s["relation"] for s in steps} == {"implements"}
    assert kg("path", "139/KH-UBND", "57-NQ/TW", "--relations", "replaces", "--db",
              samples_db).returncode == EXIT_NOT_FOUND


@pytest.mark.parametrize("typed, key", [
    ("57-nq/tw", "57-NQ/TW"), ("327/qd-ubnd", "327/QĐ-UBND@Quảng Ngãi"),
    ("327", "327/QĐ-UBND@Quảng Ngãi"), ("Kế hoạch 359", "359-KH/TU@Quảng Ngãi"),
])
def test_samples_lookup_in_the_forms_users_type(samples_db, capsys, typed, key):
    assert run_json(capsys, "show", typed, "--db", str(samples_db))["key"] == key


@pytest.mark.parametrize("typed", ["Nghị quyết 57", "nghi quyet 57", "NQ 57"])
def test_samples_lookup_naming_several_lists_them_ranked_and_exits_4(samples_db, capsys, typed):
    code, out, err = run(capsys, "status", typed, "--db", str(samples_db))
    assert code == EXIT_UNKNOWN_ID and out == ""
    assert "names 2 documents: 57-NQ/TW (18 mentions), 57/NQ-CP (2 mentions)" in err


def test_samples_lookup_of_nothing_close_suggests_close_ids(samples_db, capsys):
    code, _, err = run(capsys, "lineage", "358-kh/tu", "--db", str(samples_db))
    assert code == EXIT_UNKNOWN_ID and "did you mean 359-KH/TU" in err


@pytest.mark.parametrize("bad", ["2025-13-45", "31/2/2025", "26.5.2025"])
def test_an_invalid_date_is_refused_with_exit_2(db, capsys, bad):
    with pytest.raises(SystemExit) as exit:
        main(["search", "--from", bad, "--db", db])
    assert exit.value.code == EXIT_USAGE and f"not a date: '{bad}'" in capsys.readouterr().err
    assert main(["search", "--from", "26/5/2025", "--db", db]) == EXIT_OK


@pytest.mark.parametrize("term", ["...", "-", "—/!?"])
def test_a_search_term_of_punctuation_only_is_refused(db, capsys, term):
    with pytest.raises(SystemExit) as exit:
        main(["search", "--text", term, "--db", db])
    assert exit.value.code == EXIT_USAGE and "has no letter or digit" in capsys.readouterr().err


def _nfc_lines(path: Path) -> list[str]:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split("\n")


def test_evidence_is_centred_on_cue_and_number_at_a_relative_line_and_column(samples_db):
    done = kg("lineage", "327/QĐ-UBND", "--up", "--db", samples_db, cwd=ROOT / "data")
    assert done.returncode == EXIT_OK
    places = re.findall(r"\((samples/[^:()]+):(\d+):(\d+)\)", done.stdout)
    assert places, done.stdout
    for file, line, column in places:  # each place is where the cited reference starts
        text = _nfc_lines(ROOT / "data" / file)[int(line) - 1][int(column) - 1:]
        assert re.match(r"\w", text), (file, line, column, text)
    quotes = re.findall(r"“([^”]*)”", done.stdout)
    assert all(len(q) <= 170 or "…" not in q for q in quotes)
    implements_57 = next(q for q in quotes if "359-KH/TU" in q and "57" in q)
    assert "57" in implements_57 and re.search(r"thu?c hi[eéệ]n", implements_57)


def test_full_quotes_whole_sentences(samples_db):
    short = kg("show", "57-NQ/TW", "--db", samples_db).stdout
    full = kg("show", "57-NQ/TW", "--db", samples_db, "--full").stdout
    assert "…" in short and sum(map(len, full.splitlines())) > sum(map(len, short.splitlines()))
    assert "“…" not in full


def test_a_place_in_a_file_gone_since_is_a_character_offset_saying_so(tmp_path):
    report = tmp_path / "report.txt"
    text = "Trang 1\nKế hoạch số 12/KH-UBND ngày 2/3/2025 thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024.\n"
    report.write_text(text, encoding="utf-8")
    cited_at = text.index("Nghị quyết số 57")
    db = tmp_path / "kg.db"
    assert kg("ingest", report, "--db", db).returncode == EXIT_OK
    column = cited_at - text.index("\n")  # 1-based on line 2
    assert f"(report.txt:2:{column})" in kg("cited-by", "57-NQ/TW", "--db", db, cwd=tmp_path).stdout
    report.unlink()
    assert f"(report.txt, character {cited_at}, file gone)" in kg("cited-by", "57-NQ/TW", "--db", db,
                                                                   cwd=tmp_path).stdout


# A document with control characters in its subject line and sentences, and in its file name
HOSTILE = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nVề chuyển đổi số \x1b[2J\n\n"
           "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về khoa học, công nghệ;\n"
           "Thực hiện Kế hoạch số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy\x07.\n"
           "Kế hoạch số 539-KH/TU ngày 29/4/2025 thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2025\x1b[2J.\n")
HOSTILE_NAME = "hostile\x1b[2J\x07.txt"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    db = folder / "kg.db"
    done = kg("ingest", SAMPLES, folder / HOSTILE_NAME, "--db", db)
    assert done.returncode == EXIT_OK, done.stderr
    return db


@pytest.mark.parametrize("argv", [
    ("show", "12/KH-UBND"), ("cited-by", "57-NQ/TW"), ("lineage", "12/KH-UBND", "--up"),
    ("status", "12/KH-UBND"), ("conflicts",), ("search", "--text", "chuyen doi so"),
    ("lineage", "57-NQ/TW", "--down", "--full", "--relations", "implements,based_on"),
])
def test_control_characters_of_documents_are_printed_escaped(hostile_db, argv):
    done = kg(*argv, "--db", hostile_db)
    assert done.returncode == EXIT_OK, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[2J" in done.stdout or "\\x07" in done.stdout, done.stdout
    for machine in ("--csv", "--jsonl", "--json"):
        if argv[0] in ("search", "conflicts", "cited-by") or machine == "--json":
            out = kg(*argv, "--db", hostile_db, machine).stdout
            assert "\x1b" not in out and "\x07" not in out


def test_extract_prints_control_characters_escaped(tmp_path):
    (tmp_path / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    for fmt in ((), ("--csv",), ("--jsonl",), ("--json",)):
        out = kg("extract", tmp_path / HOSTILE_NAME, *fmt).stdout
        assert "\x1b" not in out and "\x07" not in out and "57-NQ/TW" in out


def test_show_lists_a_basis_once_as_based_on(hostile_db, capsys):
    shown = run_json(capsys, "show", "12/KH-UBND", "--db", str(hostile_db))
    to_57 = [s["relation"] for s in shown["out"] if s["target"] == "57-NQ/TW"]
    assert to_57 == ["based_on"]
    code, out, _ = run(capsys, "show", "12/KH-UBND", "--db", str(hostile_db))
    steps_to_57 = [line.split()[:-1] for line in out.splitlines() if line.startswith("    ") and "57-NQ/TW  " in line]
    assert [line[:3] for line in steps_to_57] == [["based", "on", "57-NQ/TW"]]


def test_likely_typo_and_misprint_are_marked_in_lineage_and_status(samples_db, capsys):
    code, out, _ = run(capsys, "lineage", "57-NQ/TW", "--down", "--db", str(samples_db))
    typo_line = next(line for line in out.splitlines() if "539-KH/TU" in line and "implemented by" in line)
    assert "⚠ possible typo of 359-KH/TU" in typo_line
    assert "possible typo" not in next(line for line in out.splitlines() if "by 359-KH/TU" in line)
    lineage_json = run_json(capsys, "lineage", "57-NQ/TW", "--down", "--db", str(samples_db))
    assert lineage_json["conflicts"]["539-KH/TU@Quảng Ngãi"][0]["kind"] == "possible_typo"
    code, out, _ = run(capsys, "status", "539-KH/TU", "--db", str(samples_db))
    assert "⚠ possible typo of 359-KH/TU" in out.splitlines()[0]
    assert "539-KH/TU@Quảng Ngãi" in run_json(capsys, "status", "539-KH/TU", "--db", str(samples_db))["conflicts"]
    code, out, _ = run(capsys, "status", "57/NQ-CP", "--db", str(samples_db))
    assert "⚠ possible misprint of 57-NQ/TW" in out.splitlines()[0]
    misprints = [c for c in run_json(capsys, "conflicts", "--db", str(samples_db)) if c["kind"] == "possible_misprint"]
    assert [(c["node"], c["other"]) for c in misprints] == [("57/NQ-CP", "57-NQ/TW")]


def test_version_help_with_examples_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == EXIT_OK and re.fullmatch(r"kg \d+\.\d+\.\d+\n", capsys.readouterr().out)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    assert "examples:" in help_text and "KG_DB" in help_text and "NO_COLOR" in help_text
    for code, meaning in [(0, "success"), (1, "no answer"), (2, "not a kg store"), (3, "could not be read"),
                          (4, "unknown or ambiguous id"), (5, "store busy"), (6, "store damaged")]:
        assert re.search(rf"^  {code}  .*{meaning}", help_text, re.M), (code, meaning)
    with pytest.raises(SystemExit):
        main(["path", "--help"])
    assert "example:\n  kg path" in capsys.readouterr().out


def test_db_before_or_after_the_command_or_from_kg_db(db, capsys, monkeypatch):
    before, after = (run_json(capsys, *argv) for argv in (("--db", db, "stats"), ("stats", "--db", db)))
    assert before == after and before["files"] == 3
    monkeypatch.setenv("KG_DB", db)
    assert run_json(capsys, "stats") == before
    assert run_json(capsys, "--json", "stats") is not None


def test_tables_as_csv_and_json_lines(db, capsys):
    code, out, _ = run(capsys, "search", "--type", "ke hoach", "--jurisdiction", "kon tum", "--csv", "--db", db)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["key", "type", "date", "issuer", "jurisdiction", "title"]
    assert [r[0] for r in rows[1:]] == ["1063/KH-UBND@Kon Tum", "200/KH-UBND@Kon Tum"]
    code, out, _ = run(capsys, "conflicts", "--jsonl", "--db", db)
    lines = [json.loads(line) for line in out.splitlines()]
    assert {line["kind"] for line in lines} == {"alias", "type", "date", "possible_typo"}
    code, out, _ = run(capsys, "stats", "--csv", "--db", db)
    assert "relation,implements,10" in out.splitlines()
    code, out, _ = run(capsys, "extract", str(SAMPLES / "004_8056d9e22a67d95b.txt"), "--jsonl")
    assert {"id", "type", "date", "start", "end"} <= json.loads(out.splitlines()[0]).keys()


def _on_a_terminal(*argv, **env) -> str:
    """Output of kg run with its stdout on a pseudo-terminal."""
    main_fd, terminal_fd = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, argv)], cwd=ROOT, stdout=terminal_fd,
                          stderr=subprocess.PIPE, env={**os.environ, **env})
    os.close(terminal_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert done.returncode == EXIT_OK, done.stderr
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_only_and_never_with_no_color(hostile_db):
    # based_on reaches 12/KH-UBND, whose subject line holds an escape sequence
    lineage_57 = ("lineage", "57-NQ/TW", "--down", "--relations", "implements,based_on", "--db", hostile_db)
    coloured = _on_a_terminal(*lineage_57)
    assert "\x1b[1m57-NQ/TW\x1b[0m" in coloured and "\x1b[33m⚠ possible typo" in coloured
    assert "\x1b[2J" not in coloured and "\\x1b[2J" in coloured  # the document's own stays escaped
    plain_output = _on_a_terminal(*lineage_57, NO_COLOR="1")
    assert "\x1b" not in plain_output and "\\x1b[2J" in plain_output
    assert "\x1b" not in kg(*lineage_57).stdout


def test_ingest_json_is_a_line_per_file_then_a_summary(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text(min(SAMPLES.glob("*.txt")).read_text(encoding="utf-8"),
                                            encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = tmp_path / "kg.db"
    done = kg("ingest", tmp_path / "in", "--db", db, "--json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert lines[:-1] == [
        {"path": str(tmp_path / "in" / "empty.txt"), "status": "failed", "reason": "empty file"},
        {"path": str(tmp_path / "in" / "ok.txt"), "status": "ingested"}]
    assert lines[-1]["summary"] == {"ingested": 1, "moved": 0, "unchanged": 0, "removed": 0, "failed": 1}
    assert lines[-1]["store"]["files"] == 1
    (tmp_path / "in" / "ok.txt").rename(tmp_path / "in" / "moved.txt")
    again = [json.loads(line) for line in kg("ingest", tmp_path / "in" / "moved.txt", "--db", db,
                                             "--json").stdout.splitlines()]
    assert again[0] == {"path": str(tmp_path / "in" / "moved.txt"), "status": "moved",
                        "from": str(tmp_path / "in" / "ok.txt")}
