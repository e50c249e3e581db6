//! `slagen report --prometheus` against a real Prometheus server: a month of probe samples with
//! known outages is backfilled with `promtool tsdb create-blocks-from openmetrics`, a server is
//! started on 127.0.0.1 over those blocks, and the report from it must equal the report from
//! the equivalent outage log. Debian's `prometheus` package provides both programs
//! (`.ci/deps` installs it).

use crate::common::*;
use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Prometheus server started by the test, killed when dropped.
struct Prometheus {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts `prometheus` over the blocks in `tsdb` and waits until it is ready.
fn start(dir: &Path, tsdb: &Path) -> Prometheus {
    let config = dir.join("prometheus.yml");
    std::fs::write(&config, "global:\n  scrape_interval: 1m\n").expect("config written");
    let log = dir.join("prometheus.log");
    let port = free_port();
    let child = Command::new("prometheus")
        .arg(format!("--storage.tsdb.path={}", tsdb.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg(format!("--config.file={}", config.display()))
        // The blocks are weeks old: the default 15 days would delete them at start.
        .arg("--storage.tsdb.retention.time=100y")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("prometheus runs (Debian package `prometheus`; .ci/deps installs it)");
    let server = Prometheus {
        child,
        url: format!("http://127.0.0.1:{port}"),
        log,
    };
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .new_agent();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if agent
            .get(&format!("{}/-/ready", server.url))
            .call()
            .is_ok_and(|r| r.status() == 200)
        {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "prometheus was not ready within 90 s: {}",
            std::fs::read_to_string(&server.log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Unix seconds of a civil time in Tokyo.
fn tokyo(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> i64 {
    jiff::civil::date(y, mo, d)
        .at(h, mi, 0, 0)
        .to_zoned(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap())
        .unwrap()
        .timestamp()
        .as_second()
}

/// A civil time in Tokyo: year, month, day, hour, minute.
type Civil = (i16, i8, i8, i8, i8);

/// The outages the probe sees, each also written in the equivalent log:
/// (start, end, kind, notified_at, in the log given with --prometheus).
fn outages() -> Vec<(Civil, Civil, &'static str, &'static str)> {
    vec![
        // Planned work inside the regular maintenance window (0:00–5:00), notified 6 days ahead.
        (
            (2026, 10, 6, 2, 0),
            (2026, 10, 6, 4, 30),
            "planned",
            "2026-09-29T10:00:00+09:00",
        ),
        (
            (2026, 10, 9, 14, 10),
            (2026, 10, 9, 14, 52),
            "unplanned",
            "",
        ),
        // An unplanned stop inside the maintenance window's hours: it counts.
        ((2026, 10, 20, 3, 0), (2026, 10, 20, 3, 20), "unplanned", ""),
        (
            (2026, 10, 27, 9, 0),
            (2026, 10, 27, 12, 0),
            "force_majeure",
            "",
        ),
        // Across midnight of the month's last day: 30 minutes in October, 45 in November.
        (
            (2026, 10, 31, 23, 30),
            (2026, 11, 1, 0, 45),
            "unplanned",
            "",
        ),
    ]
}

fn at(t: Civil) -> i64 {
    tokyo(t.0, t.1, t.2, t.3, t.4)
}

fn rfc(t: Civil) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:00+09:00",
        t.0, t.1, t.2, t.3, t.4
    )
}

/// The log: every outage, or (for --prometheus) only those that are not `unplanned`.
fn log(dir: &Path, name: &str, with_unplanned: bool) -> PathBuf {
    let mut text = String::from("start,end,kind,notified_at,objectives,functions,note\n");
    for (a, b, kind, notified) in outages() {
        if kind == "unplanned" && !with_unplanned {
            continue;
        }
        text.push_str(&format!("{},{},{kind},{notified},,,\n", rfc(a), rfc(b)));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).expect("log written");
    path
}

/// One sample a minute of `probe_success{job="calltree"}` from 2026-09-30 to 2026-12-02
/// (Tokyo), 0 inside the outages, as OpenMetrics; backfilled into blocks in `tsdb`.
fn backfill(dir: &Path) -> PathBuf {
    let down: Vec<(i64, i64)> = outages().iter().map(|o| (at(o.0), at(o.1))).collect();
    let mut text = String::from("# TYPE probe_success gauge\n");
    let (from, to) = (tokyo(2026, 9, 30, 0, 0), tokyo(2026, 12, 2, 0, 0));
    for t in (from..to).step_by(60) {
        let v = if down.iter().any(|(a, b)| (*a..*b).contains(&t)) {
            0
        } else {
            1
        };
        text.push_str(&format!("probe_success{{job=\"calltree\"}} {v} {t}\n"));
    }
    text.push_str("# EOF\n");
    let om = dir.join("samples.om");
    std::fs::write(&om, text).expect("samples written");
    let tsdb = dir.join("tsdb");
    let out = Command::new("promtool")
        .args(["tsdb", "create-blocks-from", "openmetrics", "--quiet"])
        // One block for the whole range (the default two-hour blocks take a minute to write).
        .arg("--max-block-duration=2000h")
        .arg(&om)
        .arg(&tsdb)
        .output()
        .expect("promtool runs (Debian package `prometheus`; .ci/deps installs it)");
    assert!(
        out.status.success(),
        "promtool: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tsdb
}

fn report(args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let run = slagen(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The report without what names its source: the log's file and line numbers and notes.
fn figures(mut r: Value) -> Value {
    let top = r.as_object_mut().expect("an object");
    for k in ["source", "measured", "records_in_log"] {
        top.remove(k);
    }
    for m in r["months"].as_array_mut().expect("months") {
        for o in m["objectives"].as_array_mut().expect("objectives") {
            for rec in o["records"].as_array_mut().expect("records") {
                let rec = rec.as_object_mut().expect("a record");
                rec.remove("line");
                rec.remove("note");
            }
        }
    }
    r
}

#[test]
fn the_report_from_prometheus_equals_the_report_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let tsdb = backfill(dir.path());
    let server = start(dir.path(), &tsdb);
    let spec = root().join("specs/calltree.sla");
    let spec = spec.display().to_string();
    let full = log(dir.path(), "full.csv", true);
    let planned = log(dir.path(), "planned.csv", false);
    let full = full.display().to_string();
    let planned = planned.display().to_string();

    for months in ["2026-10", "2026-10..2026-11"] {
        let from_log = report(&[&spec, "--month", months, "--outages", &full]);
        let from_prom = report(&[
            &spec,
            "--month",
            months,
            "--prometheus",
            &server.url,
            "--outages",
            &planned,
        ]);
        assert_eq!(
            from_prom["measured"]["queries"],
            serde_json::json!(["probe_success{job=\"calltree\"}"])
        );
        assert_eq!(from_prom["measured"]["step_seconds"], 60);
        assert_eq!(figures(from_prom), figures(from_log), "{months}");
    }

    // The figures themselves, by hand: excluded 150 (maintenance) + 180 (force majeure) = 330;
    // down 42 + 20 + 30 = 92; 44,218 / 44,310 = 99.79…%.
    let r = report(&[
        &spec,
        "--month",
        "2026-10",
        "--prometheus",
        &server.url,
        "--outages",
        &planned,
    ]);
    let o = &r["months"][0]["objectives"][0];
    assert_eq!(o["excluded_seconds"], 330 * 60);
    assert_eq!(o["down_seconds"], 92 * 60);
    assert_eq!(o["availability_text"], "99.79");
    // The run across midnight is one record, seen whole (it ends in November).
    let last = o["records"].as_array().unwrap().last().unwrap();
    assert_eq!(last["start"], "2026-10-31T23:30:00+09:00");
    assert_eq!(last["end"], "2026-11-01T00:45:00+09:00");
    assert_eq!(last["counted_seconds"], 30 * 60);

    // Without a log, the maintenance and the force majeure are unexplained down time.
    let r = report(&[&spec, "--month", "2026-10", "--prometheus", &server.url]);
    let o = &r["months"][0]["objectives"][0];
    assert_eq!(o["down_seconds"], (150 + 42 + 20 + 180 + 30) * 60);
    assert_eq!(r["source"], "");

    // The Markdown says where the down time came from.
    let run = slagen(&[
        "report",
        &spec,
        "--month",
        "2026-10",
        "--prometheus",
        &server.url,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("の計測値を1分ごとに照会して求めました。"),
        "{}",
        run.stdout
    );

    // A probe the server has no series of: exit 2, nothing written.
    let other = dir.path().join("other.sla");
    let text = std::fs::read_to_string(root().join("specs/calltree.sla")).unwrap();
    std::fs::write(
        &other,
        text.replace("job=\\\"calltree\\\"", "job=\\\"nothing\\\""),
    )
    .unwrap();
    let out = dir.path().join("r.md");
    let run = slagen(&[
        "report",
        &other.display().to_string(),
        "--month",
        "2026-10",
        "--prometheus",
        &server.url,
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the query `probe_success{job=\"nothing\"}` of the objective `service` returned no series"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written");

    // A query Prometheus refuses: its own message.
    std::fs::write(
        &other,
        text.replace(
            "probe_success{job=\\\"calltree\\\"}",
            "probe_success{job=\\\"calltree\\\"",
        ),
    )
    .unwrap();
    let run = slagen(&[
        "report",
        &other.display().to_string(),
        "--month",
        "2026-10",
        "--prometheus",
        &server.url,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bad_data"), "{}", run.stderr);
}

#[test]
fn an_unreachable_or_silent_prometheus_is_exit_2_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("specs/calltree.sla").display().to_string();
    let out = dir.path().join("r.md");
    let o = out.display().to_string();
    // Nothing listens on the port.
    let url = format!("http://127.0.0.1:{}", free_port());
    let run = slagen(&[
        "report",
        &spec,
        "--month",
        "2026-10",
        "--prometheus",
        &url,
        "-o",
        &o,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "Prometheus at {url} could not answer the query `probe_success{{job=\"calltree\"}}`: the server cannot be reached"
        )),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    // A server that accepts the connection and never answers: the timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let started = Instant::now();
    let run = slagen(&[
        "report",
        &spec,
        "--month",
        "2026-10",
        "--prometheus",
        &url,
        "--prometheus-timeout",
        "1",
        "-o",
        &o,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no answer within"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!out.exists());
    // Neither a log nor a server: a usage error.
    let run = slagen(&["report", &spec, "--month", "2026-10"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--outages"), "{}", run.stderr);
}
