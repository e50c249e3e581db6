#!/usr/bin/env bash
# The calendar benchmark: slagen's figures (benches/calendar.rs, release build), then the same
# work done by what a user would otherwise reach for — the PyPI packages `jpholiday` and
# `holidays`, run with python3 — with the answers cross-checked and the ratios printed.
# The Python packages go into a virtual environment under target/ (installed with pip on the
# first run); without python3 or pip the peer comparison is skipped, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo bench --profile release --quiet --bench calendar)
grep -v '^RESULT' <<<"$out"

venv=target/bench-venv
if ! command -v python3 >/dev/null; then
  echo "peer comparison skipped: no python3"
  exit 0
fi
if [ ! -x "$venv/bin/python" ] && ! python3 -m venv "$venv" >/dev/null; then
  echo "peer comparison skipped: cannot create a virtual environment"
  exit 0
fi
if ! "$venv/bin/python" -c 'import jpholiday, holidays' 2>/dev/null \
  && ! "$venv/bin/pip" install --quiet jpholiday holidays; then
  echo "peer comparison skipped: cannot install jpholiday and holidays with pip"
  exit 0
fi
cargo build --release --quiet --bin slagen
target/release/slagen holidays 1948..2099 --format csv >target/bench-holidays.csv
grep '^RESULT' <<<"$out" | "$venv/bin/python" bench/calendar_peer.py target/bench-holidays.csv
