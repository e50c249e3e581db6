#!/usr/bin/env bash
# `slagen check` before and after the lossless syntax tree, counted in instructions (callgrind),
# which a shared or loaded machine does not disturb the way it disturbs wall time. Both binaries
# are built in the same profile (dev with opt-level 3: only slagen itself recompiles, the
# dependencies are the dev profile's, already at opt-level 2), the baseline from BASELINE_REV in
# a git worktree with this tree's Cargo.toml and Cargo.lock (so no dependency differs). The specs
# are the check benchmark's generated 1 and 4 MB specs (run bench/check.sh once to make them).
#
# Usage: bench/check-instructions.sh   (BASELINE_REV=f007026, BENCH_OUT=target/tmp/bench-check,
#        BASELINE_BIN=a slagen-baseline-o3 kept from an earlier run)
# Needs valgrind (Debian: valgrind). Prints instructions and peak memory of each binary per size.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-$PWD/target/tmp/bench-check}
rev=${BASELINE_REV:-f007026}
target=${CARGO_TARGET_DIR:-$PWD/target}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 2; }
[ -f "$out/spec-1mb.sla" ] || { echo "no generated specs in $out: run bench/check.sh first"; exit 2; }
export CARGO_PROFILE_DEV_OPT_LEVEL=3 CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target"

# BASELINE_BIN=path reuses a baseline binary built earlier by this script (the build takes
# minutes); otherwise the baseline is built from BASELINE_REV.
if [ -n "${BASELINE_BIN:-}" ]; then
  [ "$BASELINE_BIN" -ef "$out/slagen-baseline-o3" ] || cp "$BASELINE_BIN" "$out/slagen-baseline-o3"
  cargo build --quiet
  cp "$target/debug/slagen" "$out/slagen-o3"
else
  base="$(mktemp -d)/baseline"
  rm -rf "$base"; git worktree prune
  git worktree add -q --detach "$base" "$rev"
  cp Cargo.lock "$base/"
  # This tree's manifest, without the bench targets the baseline does not have.
  python3 - "$base" <<'PY'
import os, re, sys
base = sys.argv[1]
text = open("Cargo.toml").read()
blocks = re.split(r"(?m)^(?=\[)", text)
keep = []
for b in blocks:
    m = re.match(r'\[\[bench\]\]\s*\nname = "(\w+)"', b)
    if m and not os.path.exists(os.path.join(base, "benches", m.group(1) + ".rs")):
        continue
    keep.append(b)
open(os.path.join(base, "Cargo.toml"), "w").write("".join(keep))
PY
  (cd "$base" && cargo build --quiet)
  cp "$target/debug/slagen" "$out/slagen-baseline-o3"
  git worktree remove --force "$base"
  # Cargo names a workspace package's artifacts without its path, so the baseline's lib and bin now
  # sit under this tree's names with newer times: touch both roots so this tree's are rebuilt.
  touch src/lib.rs src/main.rs && cargo build --quiet
  cp "$target/debug/slagen" "$out/slagen-o3"
fi

printf 'spec\tbinary\tinstructions\tpeak_kb\n' | tee "$out/check-instructions.tsv"
for size in 1mb 4mb; do
  for bin in slagen-baseline-o3 slagen-o3; do
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/$bin" check "$out/spec-$size.sla" 2>&1 \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    kb=$(/usr/bin/time -f %M "$out/$bin" check "$out/spec-$size.sla" 2>&1 >/dev/null | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$size" "$bin" "$ir" "$kb" | tee -a "$out/check-instructions.tsv"
  done
done
