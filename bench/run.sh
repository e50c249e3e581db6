#!/usr/bin/env bash
# The project's benchmark: one command runs every benchmark and the peer tools it is compared
# with, in the same run, and prints the figures. Usage: bench/run.sh [check|check-instructions|calendar|render|paragraph|diff|report|export|lsp]...
set -euo pipefail
cd "$(dirname "$0")/.."
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(check check-instructions calendar render paragraph diff report export lsp)
cargo build --release --quiet
for s in "${suites[@]}"; do
  echo "== $s"
  if [ -x "bench/$s.sh" ]; then
    "bench/$s.sh"
  else
    cargo bench --profile release --quiet --bench "$s"
  fi
done
