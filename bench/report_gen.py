"""Writes N outage records over 2026 (CSV and JSON) for the report benchmark, seeded.

Starts are uniform over the year at second resolution, lengths 1–30 s; 90% unplanned, 5% force
majeure (excluded by CALLTREE's SLA-wide list), 5% third party (likewise). Usage:
report_gen.py N OUT_PREFIX
"""
import json
import random
import sys

n = int(sys.argv[1])
prefix = sys.argv[2]
rng = random.Random(11)
year0 = 1767193200  # 2026-01-01T00:00:00+09:00
span = 365 * 86400
kinds = ["unplanned"] * 18 + ["force_majeure", "third_party"]


def iso(t):
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%S+09:00", time.gmtime(t + 9 * 3600))


rows = []
for _ in range(n):
    s = year0 + rng.randrange(span)
    rows.append((iso(s), iso(s + rng.randint(1, 30)), rng.choice(kinds)))
with open(prefix + ".csv", "w") as f:
    f.write("start,end,kind\n")
    f.writelines(f"{a},{b},{k}\n" for a, b, k in rows)
with open(prefix + ".json", "w") as f:
    f.write("[\n")
    f.write(",\n".join(json.dumps({"start": a, "end": b, "kind": k}) for a, b, k in rows))
    f.write("\n]\n")
