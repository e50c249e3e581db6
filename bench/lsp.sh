#!/usr/bin/env bash
# Language server latency (benches/lsp.rs): this tree's `slagen lsp` in process, release
# profile; then, to compare, every binary listed in $SLAGEN_LSP_COMPARE (paths separated by
# spaces, e.g. a release build of main), each run as a `slagen lsp` process by the same client.
# Figures: diagnostics after an edit, hover and completion while that check runs, then hover,
# completion, outline and semantic tokens, median and worst of BENCH_RUNS (default 100), on
# specs/calltree.sla and a generated 1 MB spec; each run writes lsp.tsv under $BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BENCH_OUT:-target/tmp/bench-lsp}"
BENCH_OUT="$out" cargo bench --profile release --quiet --bench lsp
for bin in ${SLAGEN_LSP_COMPARE:-}; do
  SLAGEN_LSP="$bin" BENCH_OUT="$out/$(basename "$bin")" cargo bench --profile release --quiet --bench lsp
done
