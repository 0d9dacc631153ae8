"""The `kg` command: every subcommand, readable and --json, exit codes; and
the issue's acceptance questions on the bundled samples."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import EXIT_NOT_FOUND, EXIT_OK, EXIT_SOME_FILES_FAILED, EXIT_UNKNOWN_ID, EXIT_USAGE, main
from kg.store import Store
from kg_corpus import corpus

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


def test_conflicts_and_stats(db, capsys):
    conflicts = run_json(capsys, "conflicts", "--db", db)
    assert {c["kind"] for c in conflicts} == {"alias", "type", "date", "possible_typo"}
    code, out, _ = run(capsys, "conflicts", "--db", db)
    assert "possible_typo: 359-KH/TU and 539-KH/TU" in out and "[2025-12-22]" in out
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
    again = json.loads(kg("ingest", tmp_path / "in" / "ok.txt", "--db", db, "--json").stdout)
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
