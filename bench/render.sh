#!/usr/bin/env bash
# Render benchmark: slagen against the pipelines a user would use instead, on the same content,
# in the same run.
#
#   1. `cargo bench --bench render`: slagen in process (release build, PDF fonts loaded once), for
#      specs/calltree.sla and a generated ~1 MB spec; it writes the spec and slagen's outputs to
#      $BENCH_OUT.
#   2. The release CLI, one process per document (what `slagen render` costs a user), and the
#      peers on slagen's own Markdown (the same content):
#        pandoc                 Markdown → standalone HTML
#        pandoc + weasyprint    Markdown → PDF (pandoc --pdf-engine=weasyprint)
#        pandoc + Chromium      Markdown → HTML → PDF (chromium --headless --print-to-pdf)
#      Each is timed by hyperfine (no shell: -N) as the median of $RUNS runs (3 for those over
#      2 s) after one warm-up run, and once more under /usr/bin/time -v for its peak resident
#      memory (for Chromium that is its largest process, not the sum of its processes).
#
# Missing tools are installed from Debian (pandoc, weasyprint, chromium, hyperfine, time, and the
# IPAex fonts that the peers need to typeset Japanese; slagen bundles its own).
# Usage: bench/render.sh   (RUNS=10, BENCH_OUT=target/tmp/bench-render by default;
#                           PROCESSES_ONLY=1 skips step 1 and reuses its files)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
export BENCH_OUT=${BENCH_OUT:-$PWD/target/tmp/bench-render}
mkdir -p "$BENCH_OUT"

# ------------------------------------------------------------------------------------- tools
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
pkgs=()
command -v pandoc >/dev/null 2>&1 || pkgs+=(pandoc)
command -v weasyprint >/dev/null 2>&1 || pkgs+=(weasyprint)
command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
command -v hyperfine >/dev/null 2>&1 || pkgs+=(hyperfine)
[ -x /usr/bin/time ] || pkgs+=(time)
command -v fc-list >/dev/null 2>&1 || pkgs+=(fontconfig)
if ! fc-list 2>/dev/null | grep -q IPAex; then
  pkgs+=(fonts-ipaexfont-gothic fonts-ipaexfont-mincho)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "installing for the peer pipelines: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# ---------------------------------------------------------------------------- in process
if [ "${PROCESSES_ONLY:-0}" != 1 ]; then
  cargo bench --profile release --quiet --bench render
fi
cargo build --release --quiet
SLAGEN=$PWD/target/release/slagen

# ------------------------------------------------------------------------------ processes
results="$BENCH_OUT/processes.tsv"
: >"$results"

fail() {
  local name=$1
  shift
  echo "FAILED: $name: $*" >&2
  cat "$BENCH_OUT/stderr.txt" >&2
  exit 1
}

# measure NAME CMD...: prints and records median/min wall time (ms) and peak RSS (MB).
measure() {
  local name=$1
  shift
  local t0 t1 runs=$RUNS
  t0=${EPOCHREALTIME/./}
  "$@" >/dev/null 2>"$BENCH_OUT/stderr.txt" || fail "$name" "$@"
  t1=${EPOCHREALTIME/./}
  # Pipelines that take seconds are run 3 times, not $RUNS.
  [ $((t1 - t0)) -gt 2000000 ] && [ "$runs" -gt 3 ] && runs=3
  hyperfine -N --style none --runs "$runs" --export-json "$BENCH_OUT/hyperfine.json" \
    "$(printf '%q ' "$@")" >/dev/null 2>"$BENCH_OUT/stderr.txt" || fail "$name" "$@"
  /usr/bin/time -v -o "$BENCH_OUT/time.txt" "$@" >/dev/null 2>"$BENCH_OUT/stderr.txt" || fail "$name" "$@"
  local median min rss
  read -r median min < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["median"] * 1000, r["min"] * 1000)' "$BENCH_OUT/hyperfine.json")
  rss=$(awk -F: '/Maximum resident set size/ {print $2 / 1024}' "$BENCH_OUT/time.txt")
  printf '%-34s %10.1f %10.1f %10.1f\n' "$name" "$median" "$min" "$rss"
  printf '%s\t%s\t%s\t%s\n' "$name" "$median" "$min" "$rss" >>"$results"
}

echo
echo "load average before the process runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "processes: median of $RUNS runs (3 when over 2 s) after a warm-up"
printf '%-34s %10s %10s %10s\n' "pipeline" "median ms" "min ms" "peak MB"
for doc in calltree large; do
  if [ "$doc" = calltree ]; then spec=$PWD/specs/calltree.sla; else spec=$BENCH_OUT/large.sla; fi
  md=$BENCH_OUT/$doc.md
  title="--metadata pagetitle=$doc"
  measure "$doc slagen md (CLI)" "$SLAGEN" render "$spec" --format md -o "$BENCH_OUT/cli-$doc.md"
  measure "$doc slagen html (CLI)" "$SLAGEN" render "$spec" --format html -o "$BENCH_OUT/cli-$doc.html"
  measure "$doc slagen pdf (CLI)" "$SLAGEN" render "$spec" --format pdf -o "$BENCH_OUT/cli-$doc.pdf"
  measure "$doc pandoc md→html" pandoc -f gfm -t html5 -s $title "$md" -o "$BENCH_OUT/pandoc-$doc.html"
  measure "$doc pandoc+weasyprint md→pdf" pandoc -f gfm -t html5 -s $title --pdf-engine=weasyprint \
    "$md" -o "$BENCH_OUT/weasyprint-$doc.pdf"
  measure "$doc pandoc+chromium md→pdf" sh -c "pandoc -f gfm -t html5 -s $title '$md' -o '$BENCH_OUT/chromium-$doc.html' && \
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf='$BENCH_OUT/chromium-$doc.pdf' 'file://$BENCH_OUT/chromium-$doc.html'"
done

# ------------------------------------------------------------------------------- summary
echo
echo "ratios (peer time / slagen time; > 1 means slagen is faster)"
awk -F'\t' -v inproc="$BENCH_OUT/inprocess.tsv" '
  BEGIN { while ((getline line < inproc) > 0) { split(line, f, "\t"); ip[f[1]] = f[2] } }
  { t[$1] = $2; m[$1] = $4 }
  END {
    n = split("calltree large", docs, " ")
    for (i = 1; i <= n; i++) {
      d = docs[i]
      h = t[d " slagen html (CLI)"]; p = t[d " slagen pdf (CLI)"]
      printf "%s\n", d
      printf "  html: pandoc %.1f ms / slagen CLI %.1f ms = %.1fx; / slagen in process %.2f ms = %.0fx\n", \
        t[d " pandoc md→html"], h, t[d " pandoc md→html"] / h, ip[d "_html"], t[d " pandoc md→html"] / ip[d "_html"]
      printf "  pdf:  pandoc+weasyprint %.1f ms / slagen CLI %.1f ms = %.1fx; / in process %.2f ms = %.1fx\n", \
        t[d " pandoc+weasyprint md→pdf"], p, t[d " pandoc+weasyprint md→pdf"] / p, ip[d "_pdf"], t[d " pandoc+weasyprint md→pdf"] / ip[d "_pdf"]
      printf "  pdf:  pandoc+chromium %.1f ms / slagen CLI %.1f ms = %.1fx; / in process %.2f ms = %.1fx\n", \
        t[d " pandoc+chromium md→pdf"], p, t[d " pandoc+chromium md→pdf"] / p, ip[d "_pdf"], t[d " pandoc+chromium md→pdf"] / ip[d "_pdf"]
      printf "  peak MB: slagen html %.0f, pdf %.0f; pandoc %.0f, pandoc+weasyprint %.0f, pandoc+chromium %.0f\n", \
        m[d " slagen html (CLI)"], m[d " slagen pdf (CLI)"], m[d " pandoc md→html"], \
        m[d " pandoc+weasyprint md→pdf"], m[d " pandoc+chromium md→pdf"]
      if (h >= t[d " pandoc md→html"] || p >= t[d " pandoc+weasyprint md→pdf"] || p >= t[d " pandoc+chromium md→pdf"])
        printf "  SLOWER than a peer pipeline\n"
    }
  }' "$results"
