#!/usr/bin/env bash
# The report benchmark: `slagen report` as a process (release build) on one million outage records
# over 2026, as CSV and as JSON, then at 2× and 4× that; records per second and peak memory
# (GNU time). Beside it, a short pandas script (bench/report_peer.py) computing the same twelve
# months from the same CSV by the rules it can express; the figures are cross-checked.
# pandas goes into a virtual environment under the target directory on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin slagen
bin="$target/release/slagen"
data="$target/bench-report"
mkdir -p "$data"
spec=specs/calltree.sla
for n in 1000000 2000000 4000000; do
  [ -f "$data/log-$n.csv" ] || python3 bench/report_gen.py "$n" "$data/log-$n"
done

run() { # file format → prints "seconds peak_kb"
  local file=$1 fmt=$2 best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$data/time" "$bin" report "$spec" --month 2026-01..2026-12 \
      --outages "$file" --format "$fmt" -o "$data/out.$fmt"
    local t
    t=$(cat "$data/time")
    if [ -z "$best" ] || awk -v a="${t% *}" -v b="${best% *}" 'BEGIN{exit !(a<b)}'; then best=$t; fi
  done
  echo "$best"
}

echo "report: 12 months of specs/calltree.sla, as a process (best of 3)"
printf "%-10s %-5s %-6s %10s %14s %12s\n" records input output seconds records/s peak_MB
for n in 1000000 2000000 4000000; do
  for input in csv json; do
    for fmt in md json; do
      read -r secs kb < <(run "$data/log-$n.$input" "$fmt")
      rate=$(awk -v n="$n" -v s="$secs" 'BEGIN{ if (s > 0) printf "%.0f", n / s; else print "inf" }')
      printf "%-10s %-5s %-6s %10s %14s %12.1f\n" "$n" "$input" "$fmt" "$secs" "$rate" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
    done
  done
done

venv="$target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c 'import pandas' 2>/dev/null || "$venv/bin/pip" install --quiet pandas
"$bin" report "$spec" --month 2026-01..2026-12 --outages "$data/log-1000000.csv" --format json \
  -o "$data/ours.json"
python3 - "$data/ours.json" >"$data/ours.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for m in r["months"]:
    o = m["objectives"][0]
    print(m["month"], o["down_seconds"], o["excluded_seconds"])
PY
/usr/bin/time -f "%e %M" -o "$data/peer-time" "$venv/bin/python" bench/report_peer.py \
  "$data/log-1000000.csv" >"$data/peer.txt"
grep -v '^TIME' "$data/peer.txt" >"$data/peer-figures.txt"
if diff -q "$data/ours.txt" "$data/peer-figures.txt" >/dev/null; then
  echo "pandas agrees on every month's down and excluded seconds"
else
  echo "pandas DISAGREES:"; diff "$data/ours.txt" "$data/peer-figures.txt" || true
  exit 1
fi
read -r psecs pkb <"$data/peer-time"
read -r osecs okb < <(run "$data/log-1000000.csv" json)
echo "pandas (1M CSV rows, 12 months, whole process): ${psecs} s, $(awk -v k="$pkb" 'BEGIN{print k/1024}') MB peak; compute alone $(grep '^TIME' "$data/peer.txt" | cut -d' ' -f2) s"
awk -v a="$psecs" -v b="$osecs" 'BEGIN{ printf "slagen is %.1fx faster (%s s against %s s)\n", a / b, b, a }'
