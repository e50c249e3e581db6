#!/usr/bin/env bash
# Long-paragraph benchmark (issue 15, item 7): one `text` paragraph of ASCII-punctuated prose with
# a time every sentence, at 100/200/400 KB and 1/2 MB, rendered to PDF by the CLI. Typst finds
# the source of each glyph by a walk over the paragraph's items, so the cost is linear only while
# a paragraph is a few items; each size's time should be about its size's share of the largest.
# Prints the wall time, the CPU time (user+sys, steadier on a shared machine), the peak resident
# memory and the ratio of each time to the previous size's.
# Usage: bench/paragraph.sh   (SLAGEN=path/to/slagen to time another build, SIZES="100 200"
#                              in KB, BENCH_OUT=target/tmp/bench-paragraph by default)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-$PWD/target/tmp/bench-paragraph}
SIZES=${SIZES:-100 200 400 1000 2000}
mkdir -p "$OUT"
if [ -z "${SLAGEN:-}" ]; then
  cargo build --release --quiet
  SLAGEN=$PWD/target/release/slagen
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: time)" >&2; exit 1; }

printf '%-8s %10s %10s %10s %8s\n' "size" "wall s" "cpu s" "peak MB" "ratio"
prev=""
for kb in $SIZES; do
  spec="$OUT/paragraph-$kb.sla"
  python3 - "$kb" >"$spec" <<'PY'
import sys
n = int(sys.argv[1]) * 1000
unit = "稼働率(月間)は99.9%以上とし、障害: 通知は30分以内, 復旧は4h以内; 詳細はhttps://example.com/a_b#c を参照 [注] *重要*。"
body = unit * (n // len(unit.encode()) + 1)
print('sla p "長い段落" {\n  service "X"\n  revised 2024-05\n  text """\n    ' + body + '\n    """\n}')
PY
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" "$SLAGEN" render "$spec" --format pdf -o "$OUT/paragraph-$kb.pdf"
  read -r wall user sys rss <"$OUT/time.txt"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  ratio="-"
  [ -n "$prev" ] && ratio=$(awk -v a="$cpu" -v b="$prev" 'BEGIN { printf "%.2f", a / b }')
  printf '%-8s %10.2f %10.2f %10.0f %8s\n' "${kb}KB" "$wall" "$cpu" "$((rss / 1024))" "$ratio"
  prev=$cpu
done
