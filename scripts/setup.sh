#!/usr/bin/env bash
# Install what the project needs on a fresh machine: the Debian packages of
# scripts/system-packages.txt (OCR, PDF tools, fonts…) and a virtualenv in
# .venv with the project and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r package; do
  package="${package%%#*}"; package="${package// /}"
  [ -z "$package" ] && continue
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done < scripts/system-packages.txt

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# pip only when what it installs from changed: the stamp holds the hash of
# pyproject.toml as last installed (make demo / make test run this each time).
stamp=.venv/.installed-from
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ] || [ ! -x .venv/bin/kg ]; then
  echo "setup: installing the project and its Python dependencies in .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$wanted" > "$stamp"
fi

# The Neo4j launcher (tools/neo4j): Neo4j's test harness with Bolt on
# loopback, for the tests and `kg neo4j start`. Built once.
if [ ! -f tools/neo4j/target/neo4j-launcher.jar ]; then
  echo "setup: building the Neo4j launcher (tools/neo4j)" >&2
  (cd tools/neo4j && mvn -q -B package)
fi

# Bytecode of the project's own modules, written now: where Python is told
# not to write it (PYTHONDONTWRITEBYTECODE), every `kg` command would
# otherwise compile them again (~0.1 s of each command's start).
.venv/bin/python -m compileall -q kg parsers queries visualize >/dev/null
