"""The calendar benchmark's peers: what a user would otherwise reach for, from PyPI.

Reads the `RESULT key value` lines of `cargo bench --bench calendar` on stdin and slagen's
holiday list (`slagen holidays 1948..2099 --format csv`) from the file named by argv[1]; does the
same work with `jpholiday` and `holidays`; checks that they give the same answers; prints the
figures and the ratios.

The deadline peers compute exactly the deadlines the Rust benchmark computes (the same seeded
SplitMix64 start instants, the same calendars written out by hand in Python), on the first
PEER_N instants, and compare checksums with the Rust run's.
"""

import csv
import datetime as dt
import importlib.metadata
import sys
import time
import zoneinfo

import holidays
import jpholiday

SEED = 20_261_225
FROM = 1_577_836_800  # 2020-01-01T00:00Z
TO = 1_893_456_000  # 2030-01-01T00:00Z
PEER_N = 100_000
MASK = (1 << 64) - 1
JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def starts(n):
    minutes = (TO - FROM) // 60
    rng = splitmix64(SEED)
    return [FROM + (next(rng) % minutes) * 60 for _ in range(n)]


def best(runs, f):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


# ------------------------------------------------------------------ the calendars, by hand


def in_annual(d, start, end):
    key = (d.month, d.day)
    return start <= key <= end if start <= end else key >= start or key <= end


def calltree_open(d):
    """CALLTREE support: mon–fri, closed 祝日, 盆 8/13–8/16, 年末年始 12/28–1/4."""
    return (
        d.weekday() < 5
        and not jpholiday.is_holiday(d)
        and not in_annual(d, (8, 13), (8, 16))
        and not in_annual(d, (12, 28), (1, 4))
    )


def synergy_open(d):
    """Synergy! support: mon–fri, closed 国民の祝日, 年末年始 12/28–1/4."""
    return d.weekday() < 5 and not jpholiday.is_holiday(d) and not in_annual(d, (12, 28), (1, 4))


def at(d, hour):
    return int(dt.datetime.combine(d, dt.time(hour), JST).timestamp())


def calltree_two_business_days(ts):
    d = dt.datetime.fromtimestamp(ts, JST).date()
    n = 0
    while n < 2:
        d += dt.timedelta(days=1)
        if calltree_open(d):
            n += 1
    return at(d, 19)


def synergy_four_business_hours(ts):
    left = 4 * 3600
    d = dt.datetime.fromtimestamp(ts, JST).date()
    while True:
        if synergy_open(d):
            for s, e in ((10, 12), (13, 18)):
                a, b = at(d, s), at(d, e)
                if b <= ts:
                    continue
                start = max(a, ts)
                if b - start >= left:
                    return start + left
                left -= b - start
        d += dt.timedelta(days=1)


# ------------------------------------------------------------------ main


def main():
    results = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "RESULT":
            results[parts[1]] = float(parts[2])
    ours = {}
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ours[dt.date.fromisoformat(row["date"])] = row["name"]

    version = importlib.metadata.version
    print(f"peers: jpholiday {version('jpholiday')}, holidays {version('holidays')}, "
          f"Python {sys.version.split()[0]}")

    # Holidays 1948–2099. A fresh JPHoliday each run: it caches every date it has answered.
    def jp_all():
        api = jpholiday.JPHoliday()
        return [h for y in range(1948, 2100) for h in api.year_holidays(y)]

    first, last = max(1948, holidays.Japan.start_year), min(2099, holidays.Japan.end_year)

    def hol_all():
        return holidays.Japan(years=range(first, last + 1), language="ja")

    jp_time = best(3, jp_all)
    hol_time = best(3, hol_all)
    ms = results.get("holidays_ms", float("nan"))
    print(f"holidays 1948–2099: slagen {ms:.3f} ms; jpholiday {jp_time * 1e3:.0f} ms "
          f"(slagen {jp_time * 1e3 / ms:,.0f}× faster); holidays ({first}–{last}) "
          f"{hol_time * 1e3:.0f} ms (slagen {hol_time * 1e3 / ms:,.0f}× faster)")

    def compare(name, theirs, years):
        ours_in = {d: n for d, n in ours.items() if d.year in years}
        missing = sorted(set(ours_in) - set(theirs))
        extra = sorted(set(theirs) - set(ours_in))
        names = sorted(d for d in set(ours_in) & set(theirs) if ours_in[d] != theirs[d])
        print(f"  {name}: {len(theirs)} holidays; dates only slagen has: {len(missing)}"
              f"{' ' + ', '.join(map(str, missing[:6])) if missing else ''}; "
              f"dates only {name} has: {len(extra)}"
              f"{' ' + ', '.join(map(str, extra[:6])) if extra else ''}; "
              f"same date, other name: {len(names)}")

    jp = {d: n for d, n in (h.to_tuple() for h in jp_all())}
    compare("jpholiday", jp, range(1948, 2100))
    compare("holidays", dict(hol_all()), range(first, last + 1))

    # Deadlines.
    instants = starts(PEER_N)
    for key, label, f in (
        ("business_days", "CALLTREE 軽度 2 business days", calltree_two_business_days),
        ("business_hours", "Synergy! 4 business hours", synergy_four_business_hours),
    ):
        f(instants[0])  # warm jpholiday's cache a little, as a long-running process would
        t0 = time.perf_counter()
        checksum = 0
        for t in instants:
            checksum += f(t)
        elapsed = time.perf_counter() - t0
        rate = PEER_N / elapsed
        ours_rate = results.get(f"{key}_per_s", float("nan"))
        expected = int(results.get(f"{key}_checksum_100k", -1))
        same = "same deadlines as slagen" if checksum == expected else (
            f"DIFFERENT deadlines (checksum {checksum}, slagen {expected})")
        print(f"{label}: Python + jpholiday {rate / 1e3:.1f} k/s over {PEER_N:,} starts; "
              f"slagen {ours_rate / 1e6:.2f} M/s = {ours_rate / rate:,.0f}× faster; {same}")


if __name__ == "__main__":
    main()
