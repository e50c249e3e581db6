"""What a user would write with pandas: each month of 2026's availability from the same CSV,
by the rules pandas expresses directly — 当月の日数×24×60, force majeure and third-party outages
excluded from the period, overlapping outages merged, down time in whole minutes (a minute an
outage touches counts), excluded time never counted as down. Prints per month
"YYYY-MM down_seconds excluded_seconds" and the time taken. Usage: report_peer.py FILE.csv
"""
import sys
import time

import numpy as np
import pandas as pd

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
epoch = pd.Timestamp("1970-01-01", tz="UTC")
start = (pd.to_datetime(df["start"], utc=True) - epoch) // pd.Timedelta(seconds=1)
end = (pd.to_datetime(df["end"], utc=True) - epoch) // pd.Timedelta(seconds=1)
excluded = df["kind"].isin(["force_majeure", "third_party"]).to_numpy()


def union(a, b):
    """Sorted disjoint intervals of [a, b) (touching ones joined)."""
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    reach = np.maximum.accumulate(b)
    new = np.empty(len(a), dtype=bool)
    new[:1] = True
    new[1:] = a[1:] > reach[:-1]
    idx = np.flatnonzero(new)
    ends = np.append(reach[idx[1:] - 1], reach[-1]) if len(a) else reach
    return a[idx], ends


def measure_minus(a, b, xa, xb, lo, hi):
    """Seconds of (∪[a,b) − ∪[xa,xb)) inside [lo, hi)."""
    pts = np.concatenate([np.clip(a, lo, hi), np.clip(b, lo, hi), np.clip(xa, lo, hi), np.clip(xb, lo, hi)])
    d = np.concatenate([np.ones(len(a)), -np.ones(len(b)), np.zeros(len(xa)), np.zeros(len(xb))])
    x = np.concatenate([np.zeros(len(a) + len(b)), np.ones(len(xa)), -np.ones(len(xb))])
    order = np.argsort(pts, kind="stable")
    pts, d, x = pts[order], np.cumsum(d[order]), np.cumsum(x[order])
    gaps = np.diff(pts)
    return int(np.sum(gaps[(d[:-1] > 0) & (x[:-1] == 0)]))


xa, xb = union(start[excluded].to_numpy(), end[excluded].to_numpy())
year0 = 1767193200  # 2026-01-01T00:00+09:00
bounds = [int(pd.Timestamp(f"2026-{m:02d}-01", tz="Asia/Tokyo").timestamp()) for m in range(1, 13)]
bounds.append(int(pd.Timestamp("2027-01-01", tz="Asia/Tokyo").timestamp()))
out = []
for m in range(12):
    lo, hi = bounds[m], bounds[m + 1]
    # whole minutes from the month's start
    a = start[~excluded].to_numpy()
    b = end[~excluded].to_numpy()
    a = lo + (a - lo) // 60 * 60
    b = lo + -((lo - b) // 60) * 60
    ca, cb = union(a, b)
    down = measure_minus(ca, cb, xa, xb, lo, hi)
    ex = int(np.sum(np.clip(xb, lo, hi) - np.clip(xa, lo, hi)))
    out.append(f"2026-{m + 1:02d} {down} {ex}")
elapsed = time.perf_counter() - t0
print("\n".join(out))
print(f"TIME {elapsed:.3f}")
