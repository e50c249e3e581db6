//! Benchmark: the exports (OpenSLO, Prometheus, Alertmanager, iCalendar).
//!
//! 1. Every export of CALLTREE and of the generated 1 MB spec, in process (the library call,
//!    from the checked model) and as the CLI end to end (`slagen export … --to X`, process start,
//!    parse, check and write included). Goal: every export of CALLTREE under 10 ms as a process.
//! 2. Growth: the model exports on generated specs of 0.5, 1 and 2 MB (time per objective should
//!    stay flat), and the dated exports of CALLTREE over 1, 2, 4 and 8 years (time per year
//!    should stay flat).
//!
//! Peer: Sloth's `generate` would be the comparison for the Prometheus rules; it is a Go program
//! that no package registry reachable here provides (Debian has no package, and the Go module
//! proxy is not reachable from this machine), so the peer column says so instead of a figure.

#[path = "support/large_spec.rs"]
mod large_spec;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use slagen::check::Loader;
use slagen::export::{self, Options, Target};

const MB: usize = 1024 * 1024;

fn best<T>(min: usize, budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    let mut runs = Vec::new();
    let started = Instant::now();
    while runs.len() < min || (started.elapsed() < budget && runs.len() < 50) {
        let t = Instant::now();
        black_box(f());
        runs.push(t.elapsed());
    }
    runs.sort();
    runs[0]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

const TARGETS: [(&str, Target); 4] = [
    ("openslo", Target::Openslo),
    ("prometheus", Target::Prometheus),
    ("alertmanager", Target::Alertmanager),
    ("ical", Target::Ical),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out: PathBuf = std::env::var_os("BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/tmp/bench-export"));
    std::fs::create_dir_all(&out).expect("output directory");
    let bin = env!("CARGO_BIN_EXE_slagen");
    let options = Options {
        year: Some(2026),
        years: Some(2),
    };

    // 1. CALLTREE and the 1 MB spec.
    let calltree = root.join("specs/calltree.sla");
    let big_path = out.join("spec-1mb.sla");
    std::fs::write(&big_path, large_spec::large_spec(MB)).expect("spec written");
    println!("export: best of several runs, ms (years 2026–2027)");
    println!(
        "{:<14} {:>13} | {:>10} {:>10} | {:>8}",
        "spec", "export", "in process", "CLI", "peer"
    );
    let mut worst_cli = Duration::ZERO;
    for (name, path) in [("calltree", &calltree), ("generated 1MB", &big_path)] {
        let checked = Loader::new().load(path).expect("readable");
        let spec = checked.spec.expect("a model");
        for (to, target) in TARGETS {
            let lib = best(5, Duration::from_secs(2), || {
                export::export(&spec, checked.file, target, options).expect("exports")
            });
            let cli = best(5, Duration::from_secs(3), || {
                let o = Command::new(bin)
                    .args([
                        "export",
                        path.to_str().unwrap(),
                        "--to",
                        to,
                        "--year",
                        "2026",
                    ])
                    .output()
                    .expect("slagen runs");
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            });
            if name == "calltree" {
                worst_cli = worst_cli.max(cli);
            }
            let peer = if to == "prometheus" { "no Sloth" } else { "-" };
            println!(
                "{name:<14} {to:>13} | {:>10} {:>10} | {peer:>8}",
                ms(lib),
                ms(cli)
            );
        }
        let dir = out.join("all");
        let all = best(5, Duration::from_secs(3), || {
            let o = Command::new(bin)
                .args([
                    "export",
                    path.to_str().unwrap(),
                    "--to",
                    "all",
                    "--year",
                    "2026",
                    "-o",
                ])
                .arg(&dir)
                .output()
                .expect("slagen runs");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        });
        println!(
            "{name:<14} {:>13} | {:>10} {:>10} |",
            "all -o DIR",
            "",
            ms(all)
        );
    }
    println!(
        "goal: every export of calltree under 10 ms as a process: {} (slowest {} ms)",
        if worst_cli < Duration::from_millis(10) {
            "met"
        } else {
            "MISSED"
        },
        ms(worst_cli)
    );

    // 2. Growth in objectives.
    println!("\ngrowth in objectives (in process, µs per objective)");
    println!(
        "{:>8} {:>10} | {:>10} {:>10}",
        "size MB", "objectives", "openslo", "prometheus"
    );
    for size in [MB / 2, MB, 2 * MB] {
        let path = out.join(format!("spec-{size}.sla"));
        std::fs::write(&path, large_spec::large_spec(size)).expect("spec written");
        let checked = Loader::new().load(&path).expect("readable");
        let spec = checked.spec.expect("a model");
        let objectives = spec
            .terms
            .iter()
            .filter(|t| matches!(t, slagen::model::Term::Availability(_)))
            .count();
        let per = |target| {
            let d = best(3, Duration::from_secs(2), || {
                export::export(&spec, checked.file, target, options).expect("exports")
            });
            format!("{:.1}", d.as_secs_f64() * 1e6 / objectives as f64)
        };
        println!(
            "{:>8.1} {objectives:>10} | {:>10} {:>10}",
            size as f64 / MB as f64,
            per(Target::Openslo),
            per(Target::Prometheus)
        );
    }

    // 3. Growth in years.
    println!("\ngrowth in years (calltree, in process, µs per year)");
    println!("{:>6} | {:>12} {:>8}", "years", "alertmanager", "ical");
    let checked = Loader::new().load(&calltree).expect("readable");
    let spec = checked.spec.expect("a model");
    for years in [1u16, 2, 4, 8] {
        let o = Options {
            year: Some(2026),
            years: Some(years),
        };
        let per = |target| {
            let d = best(5, Duration::from_secs(2), || {
                export::export(&spec, checked.file, target, o).expect("exports")
            });
            format!("{:.1}", d.as_secs_f64() * 1e6 / f64::from(years))
        };
        println!(
            "{years:>6} | {:>12} {:>8}",
            per(Target::Alertmanager),
            per(Target::Ical)
        );
    }
    println!("\npeer: Sloth `generate` not installed — no registry reachable here provides it");
}
