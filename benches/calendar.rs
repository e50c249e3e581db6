//! Benchmark: the Japanese calendar.
//!
//! 1. Every national holiday of 1948–2099, computed from the law (goal: under 5 ms).
//! 2. One million deadline computations from random start instants (goal: over a million a
//!    second), on CALLTREE's support hours (`2 business_days`, 軽度) and on Synergy!'s two
//!    windows a day (`4 business_hours`).
//!
//! Start instants come from a seeded SplitMix64 generator, so every run computes the same
//! deadlines; the checksum printed at the end lets a peer implementation (bench/calendar.sh)
//! check that it computed the same ones. Lines starting with `RESULT` are for that script.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use slagen::calendar::ServiceHours;
use slagen::calendar::holidays;
use slagen::check::Loader;

/// SplitMix64: tiny, fast and fully specified, so the Python peer can reproduce the sequence.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

const SEED: u64 = 20_261_225;
const DEADLINES: usize = 1_000_000;
/// How many of the start instants the Python peer computes.
const PEER_N: usize = 100_000;
/// Start instants are whole minutes in 2020-01-01T00:00Z .. 2030-01-01T00:00Z.
const FROM: i64 = 1_577_836_800;
const TO: i64 = 1_893_456_000;

fn starts() -> Vec<Timestamp> {
    let mut rng = SplitMix64(SEED);
    let minutes = ((TO - FROM) / 60) as u64;
    (0..DEADLINES)
        .map(|_| {
            let m = (rng.next() % minutes) as i64;
            Timestamp::from_second(FROM + m * 60).expect("in range")
        })
        .collect()
}

fn hours(spec: &str, id: &str) -> ServiceHours {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let mut loader = Loader::new();
    let checked = loader.load(&path).expect("spec readable");
    let spec = checked.spec.expect("spec checks");
    ServiceHours::from_spec(&spec, id).expect("hours resolve")
}

/// Minimum and median of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn deadlines(
    name: &str,
    key: &str,
    starts: &[Timestamp],
    f: impl Fn(Timestamp) -> Timestamp,
) -> (f64, i64) {
    // One warm-up pass (builds the holiday table, warms caches), then the timed pass.
    let mut checksum = 0i64;
    for &t in &starts[..10_000] {
        checksum = checksum.wrapping_add(black_box(f(t)).as_second());
    }
    let start = Instant::now();
    checksum = 0;
    for &t in starts {
        checksum = checksum.wrapping_add(black_box(f(t)).as_second());
    }
    let elapsed = start.elapsed();
    let rate = starts.len() as f64 / elapsed.as_secs_f64();
    // The peer (bench/calendar.sh) computes only a prefix; its checksum, outside the timing.
    let prefix: i64 = starts[..PEER_N]
        .iter()
        .fold(0i64, |sum, &t| sum.wrapping_add(f(t).as_second()));
    println!(
        "{name}: {} deadlines in {:.1} ms = {:.2} M/s ({:.0} ns each), checksum {checksum}",
        starts.len(),
        ms(elapsed),
        rate / 1e6,
        elapsed.as_secs_f64() * 1e9 / starts.len() as f64
    );
    println!("RESULT {key}_per_s {rate:.0}");
    println!("RESULT {key}_checksum {checksum}");
    println!("RESULT {key}_checksum_100k {prefix}");
    (rate, checksum)
}

fn main() {
    println!("calendar benchmark (release build, one thread)");

    let (min, median) = time(200, || {
        holidays::holidays_between(holidays::FIRST_YEAR, holidays::LAST_YEAR).expect("in range")
    });
    let count = holidays::holidays_between(holidays::FIRST_YEAR, holidays::LAST_YEAR)
        .expect("in range")
        .len();
    println!(
        "holidays 1948–2099: {count} holidays in {:.3} ms (min of 200; median {:.3} ms); goal < 5 ms: {}",
        ms(min),
        ms(median),
        if ms(min) < 5.0 { "met" } else { "MISSED" }
    );
    println!("RESULT holidays_ms {:.4}", ms(min));
    println!("RESULT holidays_count {count}");

    let starts = starts();
    let calltree = hours("specs/calltree.sla", "support_hours");
    let synergy = hours("specs/synergy/2021-08-24.sla", "support_hours");
    let (days_rate, _) = deadlines(
        "CALLTREE 軽度, 2 business days",
        "business_days",
        &starts,
        |t| calltree.add_business_days(t, 2).expect("in range"),
    );
    let (hours_rate, _) = deadlines(
        "Synergy!, 4 business hours",
        "business_hours",
        &starts,
        |t| synergy.add_business_hours(t, 4).expect("in range"),
    );
    for (what, rate) in [("business days", days_rate), ("business hours", hours_rate)] {
        println!(
            "goal > 1 M deadlines/s ({what}): {}",
            if rate > 1e6 { "met" } else { "MISSED" }
        );
    }
}
