#!/usr/bin/env bash
# The report benchmark, as processes (best of 3, GNU time for wall time and peak memory):
#  1. `slagen report` of 12 months of specs/calltree.sla from one million outage records over
#     2026 (bench/report_gen.py), as CSV and as JSON, then 2× and 4× that; with every record
#     listed (`--records all`, the default: the JSON is ~590 B a record) and with the totals only
#     (`--records none`); records per second and peak memory.
#  2. The Prometheus path: a month (2026-10) of 15-second probe samples (≈178,000 points, plus a
#     day on each side) backfilled with promtool into a local Prometheus server, read by
#     `slagen report --prometheus` with `interval 15s`; checked against the same month from the
#     equivalent outage log.
#  3. Beside it, the pandas script a user would write (bench/report_peer.py) on the same 1M-row
#     CSV, by the rules pandas expresses; its figures are checked against slagen's.
# The binary: $SLAGEN when set (e.g. an optimised dev build), else a release build.
# pandas goes into a virtual environment under the target directory on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
if [ -n "${SLAGEN:-}" ]; then
  bin=$SLAGEN
else
  cargo build --release --quiet --bin slagen
  bin="$target/release/slagen"
fi
data="$target/bench-report"
mkdir -p "$data"
spec=specs/calltree.sla
# REPORT_SIZES="1000000" for a quick run (the pandas comparison always uses 1M records).
read -r -a sizes <<<"${REPORT_SIZES:-1000000 2000000 4000000}"
for n in "${sizes[@]}"; do
  [ -f "$data/log-$n.csv" ] || python3 bench/report_gen.py "$n" "$data/log-$n"
done

best() { # command… → prints "seconds peak_kb cpu_seconds" (user + system) of the fastest of 3 runs
  local b=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$data/time" "$@" >/dev/null
    local t
    t=$(awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }' "$data/time")
    if [ -z "$b" ] || awk -v a="${t%% *}" -v c="${b%% *}" 'BEGIN{exit !(a<c)}'; then b=$t; fi
  done
  echo "$b"
}
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

# The machine may be shared: wall time depends on its load, user + system time much less.
echo "report: 12 months of $spec, as a process (best of 3), binary $bin; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-9s %-5s %-6s %-8s %9s %8s %12s %9s\n" records input output records seconds cpu_s records/s peak_MB
for n in "${sizes[@]}"; do
  for input in csv json; do
    for fmt in json md; do
      for list in all none; do
        # Every record of 4M in Markdown is a 500 MB table nobody reads: totals only there.
        [ "$fmt" = md ] && [ "$list" = all ] && [ "$n" -gt 1000000 ] && continue
        read -r secs kb cpu < <(best "$bin" report "$spec" --month 2026-01..2026-12 \
          --outages "$data/log-$n.$input" --format "$fmt" --records "$list" -o "$data/out.$fmt")
        rate=$(awk -v n="$n" -v s="$secs" 'BEGIN{ if (s > 0) printf "%.0f", n / s; else print "inf" }')
        printf "%-9s %-5s %-6s %-8s %9s %8s %12s %9s\n" "$n" "$input" "$fmt" "$list" "$secs" "$cpu" "$rate" "$(mb "$kb")"
      done
    done
  done
done

# --- The Prometheus path -------------------------------------------------------------------
prom="$data/prometheus"
rm -rf "$prom"
mkdir -p "$prom"
# The spec with a 15-second interval, so the steps are 15 s.
sed 's/^      period   month$/      period   month\n      interval 15s/' "$spec" >"$prom/calltree-15s.sla"
grep -q 'interval 15s' "$prom/calltree-15s.sla"
python3 - "$prom" <<'PY'
import sys
from datetime import datetime, timedelta, timezone
out = sys.argv[1]
jst = timezone(timedelta(hours=9))
t = lambda *a: int(datetime(*a, tzinfo=jst).timestamp())
# Outages the probe sees, and the same as a log (the planned one also in the planned-only log).
down = [
    (t(2026, 10, 6, 2, 0), t(2026, 10, 6, 4, 30), "planned", "2026-09-29T10:00:00+09:00"),
    (t(2026, 10, 9, 14, 10), t(2026, 10, 9, 14, 52), "unplanned", ""),
    (t(2026, 10, 20, 3, 0), t(2026, 10, 20, 3, 20), "unplanned", ""),
    (t(2026, 10, 31, 23, 30), t(2026, 11, 1, 0, 45), "unplanned", ""),
]
with open(f"{out}/samples.om", "w") as f:
    f.write("# TYPE probe_success gauge\n")
    for s in range(t(2026, 9, 30, 0, 0), t(2026, 11, 2, 0, 0), 15):
        v = 0 if any(a <= s < b for a, b, _, _ in down) else 1
        f.write(f'probe_success{{job="calltree"}} {v} {s}\n')
    f.write("# EOF\n")
iso = lambda s: datetime.fromtimestamp(s, jst).isoformat()
for name, keep in (("full.csv", lambda k: True), ("planned.csv", lambda k: k != "unplanned")):
    with open(f"{out}/{name}", "w") as f:
        f.write("start,end,kind,notified_at\n")
        for a, b, k, n in down:
            if keep(k):
                f.write(f"{iso(a)},{iso(b)},{k},{n}\n")
PY
promtool tsdb create-blocks-from openmetrics --quiet --max-block-duration=2000h \
  "$prom/samples.om" "$prom/tsdb" >/dev/null
printf 'global:\n  scrape_interval: 15s\n' >"$prom/prometheus.yml"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus --storage.tsdb.path="$prom/tsdb" --web.listen-address="127.0.0.1:$port" \
  --config.file="$prom/prometheus.yml" --storage.tsdb.retention.time=100y \
  >"$prom/prometheus.log" 2>&1 &
prom_pid=$!
trap 'kill "$prom_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null || { cat "$prom/prometheus.log"; exit 1; }
url="http://127.0.0.1:$port"
"$bin" report "$prom/calltree-15s.sla" --month 2026-10 --prometheus "$url" \
  --outages "$prom/planned.csv" --format json -o "$prom/from-prometheus.json"
"$bin" report "$prom/calltree-15s.sla" --month 2026-10 --outages "$prom/full.csv" \
  --format json -o "$prom/from-log.json"
python3 - "$prom/from-prometheus.json" "$prom/from-log.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["months"][0]["objectives"][0] for p in sys.argv[1:])
keys = ["down_seconds", "excluded_seconds", "availability_text"]
if [a[k] for k in keys] != [b[k] for k in keys]:
    sys.exit(f"Prometheus and log DISAGREE: {[a[k] for k in keys]} against {[b[k] for k in keys]}")
print(f"the month from Prometheus equals the month from the log: down {a['down_seconds']} s, "
      f"excluded {a['excluded_seconds']} s, {a['availability_text']}%")
PY
points=$(( ($(date -d 2026-11-01T00:00+09:00 +%s) - $(date -d 2026-10-01T00:00+09:00 +%s)) / 15 ))
read -r psecs pkb _ < <(best "$bin" report "$prom/calltree-15s.sla" --month 2026-10 \
  --prometheus "$url" --outages "$prom/planned.csv" --format md -o "$prom/out.md")
echo "prometheus: 2026-10 at 15 s ($points points in the month, 2 days more around it), as a process (best of 3): ${psecs} s, $(mb "$pkb") MB peak"
kill "$prom_pid" 2>/dev/null || true

# --- pandas ----------------------------------------------------------------------------------
venv="$target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c 'import pandas' 2>/dev/null || "$venv/bin/pip" install --quiet pandas
"$bin" report "$spec" --month 2026-01..2026-12 --outages "$data/log-1000000.csv" --format json \
  --records none -o "$data/ours.json"
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
for list in none all; do
  read -r osecs okb ocpu < <(best "$bin" report "$spec" --month 2026-01..2026-12 \
    --outages "$data/log-1000000.csv" --format json --records "$list" -o "$data/out.json")
  awk -v a="$psecs" -v b="$osecs" -v c="$ocpu" -v l="$list" -v m="$(mb "$okb")" \
    'BEGIN{ printf "slagen --records %s: %s s (%s s user + system), %s MB peak — %.1fx the speed of pandas\n", l, b, c, m, a / b }'
done
echo "pandas (1M CSV rows, 12 months, whole process): ${psecs} s, $(mb "$pkb") MB peak; compute alone $(grep '^TIME' "$data/peer.txt" | cut -d' ' -f2) s"
