#!/usr/bin/env bash
# Check benchmark: `slagen check` on generated specs of about 1, 2 and 4 MB — in process and the
# release binary end to end — against what a user would do instead: keep the same SLA as JSON
# (the `slagen export` of each generated spec) and validate it against `slagen schema` with a
# standard JSON Schema validator, check-jsonschema (PyPI), in the same run. See benches/check.rs
# for what is timed and the goals (1 MB under 100 ms, linear growth).
#
# check-jsonschema is installed with pip when missing. Figures go to $BENCH_OUT/check.tsv.
# Usage: bench/check.sh     (BENCH_OUT=target/tmp/bench-check, BENCH_STRICT=1 fails on a missed goal)
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_OUT=${BENCH_OUT:-$PWD/target/tmp/bench-check}
mkdir -p "$BENCH_OUT"

if ! command -v check-jsonschema >/dev/null 2>&1; then
  echo "installing the peer validator: check-jsonschema (pip)"
  python3 -m pip install --quiet --user check-jsonschema >/dev/null 2>&1 \
    || python3 -m pip install --quiet check-jsonschema >/dev/null 2>&1 \
    || echo "could not install check-jsonschema; the peer column will be empty"
  export PATH="$HOME/.local/bin:$PATH"
  hash -r
fi
command -v check-jsonschema >/dev/null 2>&1 && echo "peer: $(check-jsonschema --version 2>&1 | head -1)"

cargo bench --quiet --bench check
