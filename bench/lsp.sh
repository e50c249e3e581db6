#!/usr/bin/env bash
# Language server latency (benches/lsp.rs): this tree's `slagen lsp` in process, release
# profile; then as a process (`slagen lsp` over stdio, as an editor runs it) this tree's release
# binary and every binary listed in $SLAGEN_LSP_COMPARE (paths separated by spaces, e.g. a
# release build of main), each driven by the same client.
# Figures: diagnostics after an edit; hover and completion while that check runs; the outline and
# semantic tokens right after an edit; then hover, completion, definition, references, outline,
# semantic tokens (full and range) and formatting; median and worst of BENCH_RUNS (default 100),
# on specs/calltree.sla and a generated 1 MB spec; each run writes lsp.tsv under $BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BENCH_OUT:-target/tmp/bench-lsp}"
BENCH_OUT="$out" cargo bench --profile release --quiet --bench lsp
cargo build --release --quiet
this="${CARGO_TARGET_DIR:-target}/release/slagen"
for bin in "$this" ${SLAGEN_LSP_COMPARE:-}; do
  SLAGEN_LSP="$bin" BENCH_OUT="$out/$(basename "$(dirname "$(dirname "$bin")")")-$(basename "$bin")" \
    cargo bench --profile release --quiet --bench lsp
done
