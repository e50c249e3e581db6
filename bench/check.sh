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

# The formatter peer: prettier (npm), on YAML of the same content.
tools="$PWD/target/tmp/bench-tools"
if [ ! -x "$tools/node_modules/.bin/prettier" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund prettier@3 >/dev/null 2>&1) \
    || echo "could not install prettier; the formatter peer line will be missing"
fi
[ -x "$tools/node_modules/.bin/prettier" ] && export PRETTIER="$tools/node_modules/.bin/prettier"

# Before/after the lossless syntax tree: the release binary of BASELINE_REV (default: the last
# commit before the tree) checks the same files in the same run. Built in a git worktree with
# the same target directory (dependencies are shared), copied aside, then this tree's binary is
# relinked.
BASELINE_REV=${BASELINE_REV:-f007026}
if [ "$BASELINE_REV" != "none" ] && git rev-parse --verify -q "$BASELINE_REV^{commit}" >/dev/null; then
  base="$PWD/target/tmp/baseline-src"
  rm -rf "$base"; git worktree prune
  git worktree add -q --detach "$base" "$BASELINE_REV"
  target_dir=${CARGO_TARGET_DIR:-$PWD/target}
  (cd "$base" && CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet)
  cp "$target_dir/release/slagen" "$BENCH_OUT/slagen-baseline"
  git worktree remove --force "$base"
  # Cargo names a workspace package's artifacts without its path: the baseline's lib and bin
  # now sit under this tree's names, newer than its sources. Touch both roots to rebuild them.
  touch src/lib.rs src/main.rs && cargo build --release --quiet
  export SLAGEN_BASELINE_BIN="$BENCH_OUT/slagen-baseline"
  echo "baseline: $BASELINE_REV ($(git log -1 --format=%s "$BASELINE_REV" | cut -c1-60))"
fi

cargo bench --profile release --quiet --bench check
