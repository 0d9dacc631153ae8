"""Run `kg` as a real process, optionally as a process that permission bits
stop. Root ignores them through two capabilities (CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH): run as root, the child drops them from its bounding
set before it starts, so that a 0444 store is read-only to it as to anyone."""

from __future__ import annotations

import os
import ctypes
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
PR_CAPBSET_DROP = 24  # prctl(2)
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2  # capability.h
# seconds: not a speed limit, only so that a hung process fails its test
# instead of stopping the suite (a busy 2-core machine finishes far within it)
HANG_GUARD = 900


def kg(*argv, env: dict | None = None, obeying_permissions: bool = False, **kwargs
       ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, argv)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          preexec_fn=_obey_permissions if obeying_permissions else None, **kwargs)


def popen_kg(*argv, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, argv)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, **kwargs)


def _obey_permissions() -> None:
    if os.getuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0):
                raise OSError(ctypes.get_errno(), "cannot drop a capability")


def variants(folder: Path, count: int, sample: str = "001_c9388f948a25164f.txt") -> list[Path]:
    """``count`` distinct files (a sample plus a plan of its own each)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    files = []
    for i in range(count):
        path = folder / f"v{i:03d}.txt"
        path.write_text(text + f"\nThực hiện Kế hoạch số {700 + i}/KH-UBND ngày 01/8/2025 "
                               "của UBND tỉnh.\n", encoding="utf-8")
        files.append(path)
    return files


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def ingest_report(stdout: str) -> dict:
    """`kg ingest --json` (a JSON line per file, then a summary line) read
    back: the paths of each status, "moved" as {"from", "to"}, "failed" as
    {"path", "reason"}, and the summary's "store" and "summary"."""
    import json

    lines = [json.loads(line) for line in stdout.splitlines()]
    *files, last = lines
    report = {status: [f["path"] for f in files if f["status"] == status]
              for status in ("ingested", "unchanged", "removed")}
    report["moved"] = [{"from": f["from"], "to": f["path"]} for f in files if f["status"] == "moved"]
    report["failed"] = [{"path": f["path"], "reason": f["reason"]} for f in files if f["status"] == "failed"]
    assert last["summary"] == {status: len(found) for status, found in report.items()}, last
    return {**report, **last}
