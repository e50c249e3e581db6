//! `slagen report`: months computed by hand from the seeds' rules, run through the real binary.
//!
//! Every expected figure below is worked out in the comment above it, from the spec's formula:
//! 稼働率 = (期間 − 除外時間 − 停止時間) / (期間 − 除外時間) × 100.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("written");
    p
}

/// Runs `report --format json` and returns the parsed report.
fn report_json(spec: &Path, month: &str, log: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "report".to_string(),
        spec.display().to_string(),
        "--month".into(),
        month.into(),
        "--outages".into(),
        log.display().to_string(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = slagen(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn objective<'a>(r: &'a Value, month: usize, id: &str) -> &'a Value {
    r["months"][month]["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no objective {id}"))
}

fn secs(o: &Value, field: &str) -> i64 {
    o[field].as_i64().unwrap_or_else(|| panic!("{field}: {o}"))
}

fn record(o: &Value, line: u64) -> &Value {
    o["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("no record of line {line}"))
}

/// The code, line and column of each JSON diagnostic on stderr.
fn codes_at(stderr: &str) -> Vec<(String, u64, u64)> {
    json_diagnostics(stderr)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn calltree() -> PathBuf {
    root().join("specs/calltree.sla")
}

fn sample() -> PathBuf {
    root().join("specs/outages/calltree-2026-10.csv")
}

/// CALLTREE, October 2026 (31 days = 44,640 minutes), the sample log:
/// - line 2: planned 2:00–4:30, notified 6 days ahead → 「事前に通知を行った定期メンテナンス」: 150 excluded;
/// - lines 3–4: unplanned 14:10–14:52 and 14:40–15:05 overlap → merged 14:10–15:05 = 55 counted
///   (42 to line 3, which starts first, and 13 to line 4);
/// - line 5: planned 4:00–6:00 without notice → the regular maintenance window 0:00–5:00 excludes
///   4:00–5:00 (60), 5:00–6:00 counts (60);
/// - line 6: third party 20 excluded; line 7: force majeure 180 excluded;
/// - line 8: unplanned 10/31 23:30–11/1 0:45 → 30 in October (45 in November).
///
/// Excluded 150 + 60 + 20 + 180 = 410; provided 44,640 − 410 = 44,230; down 55 + 60 + 30 = 145;
/// availability 44,085 / 44,230 = 99.672…% → 99.67％ ≥ 98％: met, no credit.
#[test]
fn calltree_sample_month_is_computed_by_the_specs_rules() {
    let r = report_json(&calltree(), "2026-10", &sample(), &[]);
    let o = objective(&r, 0, "service");
    assert_eq!(secs(o, "period_seconds"), 44_640 * 60);
    assert_eq!(secs(o, "excluded_seconds"), 410 * 60);
    assert_eq!(secs(o, "provided_seconds"), 44_230 * 60);
    assert_eq!(secs(o, "down_seconds"), 145 * 60);
    assert_eq!(o["availability_text"], "99.67");
    assert_eq!(o["met"], true);
    assert_eq!(o["credit"]["owed"], false);
    let minutes = |line, field| record(o, line)[field].as_f64().unwrap();
    assert_eq!(minutes(2, "excluded_minutes"), 150.0);
    assert_eq!(record(o, 2)["rules"][0], "notified_maintenance");
    assert_eq!(minutes(3, "counted_minutes"), 42.0);
    assert_eq!(minutes(4, "counted_minutes"), 13.0);
    assert_eq!(minutes(5, "counted_minutes"), 60.0);
    assert_eq!(minutes(5, "excluded_minutes"), 60.0);
    assert_eq!(record(o, 5)["status"], "partly_excluded");
    assert_eq!(record(o, 5)["rules"][0], "regular_maintenance");
    assert_eq!(record(o, 7)["rules"][0], "force_majeure");
    assert_eq!(minutes(8, "counted_minutes"), 30.0);
    // Every figure is traceable: the records add up to the totals.
    let sum = |field: &str| -> i64 {
        o["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[field].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum("counted_seconds"), secs(o, "down_seconds"));
    assert_eq!(sum("excluded_seconds"), secs(o, "excluded_seconds"));
    // The daily series adds up too, and the outage across midnight is split at the month's end.
    let daily = o["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 31);
    let down: f64 = daily
        .iter()
        .map(|d| d["down_minutes"].as_f64().unwrap())
        .sum();
    assert_eq!(down, 145.0);
    assert_eq!(daily[30]["down_minutes"], 30.0);
}

/// The same log across the month's end: November gets the other 45 minutes of line 8.
#[test]
fn an_outage_across_the_months_end_is_split_between_the_months() {
    let r = report_json(&calltree(), "2026-10..2026-11", &sample(), &[]);
    assert_eq!(r["months"].as_array().unwrap().len(), 2);
    let nov = objective(&r, 1, "service");
    // November: 30 days = 43,200 minutes, 45 down: 43,155 / 43,200 = 99.895…% → 99.89.
    assert_eq!(secs(nov, "period_seconds"), 43_200 * 60);
    assert_eq!(secs(nov, "down_seconds"), 45 * 60);
    assert_eq!(nov["availability_text"], "99.89");
    assert_eq!(record(nov, 8)["counted_minutes"], 45.0);
    assert_eq!(nov["records"].as_array().unwrap().len(), 1);
}

/// Synergy! (the 2017-05-08 revision, in force through 2020-03-09): 「弊社が2週間以上前に通知を
/// 行う計画停止時間」 and causes beyond reasonable control are excluded from the client
/// availability; the consumer objective (99%) states no exclusions. February 2020 (a leap year:
/// 29 days = 41,760 minutes):
/// - line 2: planned 2/5 1:00–3:00 notified 1/23 1:00 (13 days) → counts 120;
/// - line 3: planned 2/12 1:00–4:00 notified 1/29 1:00 (14 days) → excluded 180;
/// - lines 4–5: unplanned 2/10 10:00–10:30 and 10:20–11:00 → merged 60;
/// - line 6: force majeure 2/20 12:00–14:00 → excluded 120 (client), counted 120 (consumer);
/// - line 7: unplanned 2/29 23:00–3/1 1:00 → 60 in February.
///
/// Client: excluded 300, provided 41,460, down 120 + 60 + 60 = 240 → 41,220 / 41,460 = 99.421…%.
/// Consumer: excluded 0, down 120 + 180 + 60 + 120 + 60 = 540 → 41,220 / 41,760 = 98.706…% < 99%.
#[test]
fn synergy_notice_of_two_weeks_decides_and_february_2020_has_29_days() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "synergy.csv",
        "start,end,kind,notified_at,note\n\
         2020-02-05 01:00,2020-02-05 03:00,planned,2020-01-23 01:00,13日前の通知\n\
         2020-02-12 01:00,2020-02-12 04:00,planned,2020-01-29 01:00,14日前の通知\n\
         2020-02-10 10:00,2020-02-10 10:30,unplanned,,\n\
         2020-02-10 10:20,2020-02-10 11:00,unplanned,,\n\
         2020-02-20 12:00,2020-02-20 14:00,force_majeure,,地震\n\
         2020-02-29 23:00,2020-03-01 01:00,unplanned,,月末をまたぐ\n",
    );
    let spec = root().join("specs/synergy/2017-05-08.sla");
    let r = report_json(&spec, "2020-02", &log, &[]);
    assert_eq!(r["months"][0]["days"], 29);
    let client = objective(&r, 0, "client_availability");
    assert_eq!(secs(client, "period_seconds"), 41_760 * 60);
    assert_eq!(secs(client, "excluded_seconds"), 300 * 60);
    assert_eq!(secs(client, "down_seconds"), 240 * 60);
    assert_eq!(client["exact"]["numerator"], 41_220 * 60);
    assert_eq!(client["exact"]["denominator"], 41_460 * 60);
    assert_eq!(client["availability_text"], "99.42");
    assert!(client.get("met").is_none(), "no target, no verdict");
    assert_eq!(record(client, 2)["status"], "counted");
    assert!(
        record(client, 2)["reason"]
            .as_str()
            .unwrap()
            .contains("13日前"),
        "{}",
        record(client, 2)["reason"]
    );
    assert_eq!(record(client, 3)["status"], "excluded");
    assert_eq!(record(client, 3)["rules"][0], "planned_stop");
    assert_eq!(record(client, 6)["rules"][0], "beyond_control");
    let consumer = objective(&r, 0, "consumer_availability");
    assert_eq!(secs(consumer, "excluded_seconds"), 0);
    assert_eq!(secs(consumer, "down_seconds"), 540 * 60);
    assert_eq!(consumer["availability_text"], "98.70");
    assert_eq!(consumer["met"], false);
}

/// The same Synergy! month from JSON and JSON Lines logs gives the same report as from CSV;
/// rows in another order too.
#[test]
fn csv_json_and_json_lines_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("specs/synergy/2017-05-08.sla");
    let csv = write(
        dir.path(),
        "log.csv",
        "start,end,kind,notified_at\n\
         2020-02-12T01:00:00+09:00,2020-02-12T04:00:00+09:00,planned,2020-01-29T01:00:00+09:00\n\
         2020-02-10T10:00:00+09:00,2020-02-10T10:30:00+09:00,unplanned,\n",
    );
    let json = write(
        dir.path(),
        "log.json",
        r#"[
  {"start": "2020-02-10T10:00:00+09:00", "end": "2020-02-10T10:30:00+09:00", "kind": "unplanned"},
  {"start": "2020-02-12T01:00:00+09:00", "end": "2020-02-12T04:00:00+09:00", "kind": "planned",
   "notified_at": "2020-01-29T01:00:00+09:00"}
]"#,
    );
    let jsonl = write(
        dir.path(),
        "log.jsonl",
        "{\"start\": \"2020-02-12T01:00:00+09:00\", \"end\": \"2020-02-12T04:00:00+09:00\", \"kind\": \"planned\", \"notified_at\": \"2020-01-29T01:00:00+09:00\"}\n\
         {\"start\": \"2020-02-10T10:00:00+09:00\", \"end\": \"2020-02-10T10:30:00+09:00\", \"kind\": \"unplanned\"}\n",
    );
    let figures = |r: &Value| {
        let o = objective(r, 0, "client_availability");
        (
            secs(o, "excluded_seconds"),
            secs(o, "down_seconds"),
            o["availability_text"].clone(),
        )
    };
    let a = figures(&report_json(&spec, "2020-02", &csv, &[]));
    assert_eq!(a, (180 * 60, 30 * 60, Value::from("99.92")));
    assert_eq!(a, figures(&report_json(&spec, "2020-02", &json, &[])));
    assert_eq!(a, figures(&report_json(&spec, "2020-02", &jsonl, &[])));
}

/// A spec with credit tiers, a cap, a claim deadline on the business calendar, rounding and
/// min_outage — what the seeds do not state.
const CREDITS: &str = r#"sla tiers "テストSLA" {
  service  "Tiers"
  revised  2026-01
  timezone "Asia/Tokyo"
  calendar business "営業日" {
    open   mon..fri
    closed sat, sun, national_holidays
  }
  hours support "サポート" {
    calendar business
    windows  10:00-18:00
  }
  availability monthly "目標値" {
    target     99%
    period     month
    formula    calendar_minutes
    min_outage 5min
    rounding   down 2
  }
  credit refund {
    basis monthly
    fee   "当月の月額利用料金"
    below 99% => 10%
    below 98% => 25%
    cap   20%
    claim by day 3 of next month
  }
}
"#;

/// April 2026 has 30 days = 43,200 minutes; 2% of it is 864 minutes.
/// - 864 minutes down → exactly 98.00%: below 99% (10%) but not below 98%.
/// - 865 minutes down → 97.99…% → rounded down 97.99 < 98: 25%, capped at 20%; with a fee of
///   123,456円 that is 24,691円 (24,691.2, 1円未満切り捨て).
///
/// The claim deadline 「翌月3日まで」 is 2026-05-03, 憲法記念日 (and 5/4–5/6 are holidays too):
/// it moves to the next business day, 2026-05-07.
#[test]
fn the_tier_boundary_is_exact_and_the_claim_deadline_moves_past_holidays() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(dir.path(), "tiers.sla", CREDITS);
    // 864 minutes = 14 h 24 min, from 4/10 0:00 to 14:24.
    let at98 = write(
        dir.path(),
        "at98.csv",
        "start,end,kind\n2026-04-10T00:00,2026-04-10T14:24,unplanned\n2026-04-20T00:00,2026-04-20T00:04,unplanned\n",
    );
    let r = report_json(&spec, "2026-04", &at98, &[]);
    let o = objective(&r, 0, "monthly");
    assert_eq!(
        secs(o, "down_seconds"),
        864 * 60,
        "the 4-minute outage is below min_outage"
    );
    assert_eq!(o["availability_text"], "98.00");
    assert_eq!(o["met"], false);
    assert_eq!(record(o, 3)["status"], "below_min_outage");
    assert_eq!(o["credit"]["owed"], true);
    assert_eq!(o["credit"]["below"], 99.0);
    assert_eq!(o["credit"]["share"], 10.0);
    assert_eq!(o["credit"]["deadline"], "2026-05-07");

    let below = write(
        dir.path(),
        "below.csv",
        "start,end,kind\n2026-04-10T00:00,2026-04-10T14:25,unplanned\n",
    );
    let r = report_json(&spec, "2026-04", &below, &["--fee", "123456"]);
    let o = objective(&r, 0, "monthly");
    assert_eq!(o["availability_text"], "97.99");
    assert_eq!(o["credit"]["below"], 98.0);
    assert_eq!(o["credit"]["share"], 20.0);
    assert_eq!(o["credit"]["capped"], true);
    assert_eq!(o["credit"]["amount_yen"], 24_691);
    assert!(o["credit"]["text"].as_str().unwrap().contains("24,691円"));
}

/// Every bad record at once, each with its line, column and code; exit 1; nothing written.
#[test]
fn bad_records_are_all_reported_with_their_position_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "bad.csv",
        "start,end,kind,notified_at,objectives\n\
         2026-10-05T02:00+09:00,2026-10-05T01:00+09:00,unplanned,,\n\
         2026-10-06T02:00+09:00,2026-10-06T03:00+09:00,outage,,\n\
         2026-10-07 02:00,2026-10-07 03:00,planned,2026-10-08 00:00,\n\
         2026-10-08T25:00+09:00,2026-10-08T03:00+09:00,unplanned,,\n\
         2026-10-09T02:00+09:00,2026-10-09T03:00+09:00,unplanned,,nosuch\n\
         2026-10-10T02:00+09:00,,unplanned,,\n\
         2026-10-11T02:00+09:00,2026-10-11T03:00+09:00,unplanned,,\n",
    );
    let out = dir.path().join("r.md");
    let run = slagen(&[
        "--message-format",
        "json",
        "report",
        &calltree().display().to_string(),
        "--month",
        "2026-10",
        "--outages",
        &log.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "nothing is written");
    let diags = json_diagnostics(&run.stderr);
    let found = codes_at(&run.stderr);
    assert_eq!(
        found,
        vec![
            ("E0505".into(), 2, 24), // ends before it starts: at `end`
            ("E0506".into(), 3, 47), // unknown kind
            ("E0507".into(), 4, 43), // notified after the start
            ("E0504".into(), 5, 1),  // 25:00
            ("E0508".into(), 6, 58), // unknown objective
            ("E0502".into(), 7, 24), // no end
        ],
        "{}",
        run.stderr
    );
    assert!(
        diags
            .iter()
            .all(|d| d["file"].as_str().unwrap().ends_with("bad.csv"))
    );
    // People get the source line and a marker.
    let human = slagen(&[
        "report",
        &calltree().display().to_string(),
        "--month",
        "2026-10",
        "--outages",
        &log.display().to_string(),
    ]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stderr
            .contains("error[E0506]: unknown outage kind `outage`"),
        "{}",
        human.stderr
    );
    assert!(human.stderr.contains("bad.csv:3:47"), "{}", human.stderr);
    assert!(human.stdout.is_empty());
}

/// JSON logs get positions too: a bad value points at the value, a syntax error at the place.
#[test]
fn bad_json_and_json_lines_records_are_positioned() {
    let dir = tempfile::tempdir().unwrap();
    let json = write(
        dir.path(),
        "bad.json",
        "[\n  {\"start\": \"2026-10-05T02:00+09:00\", \"end\": \"2026-10-05T03:00+09:00\", \"kind\": \"unplanned\"},\n  {\"start\": \"2026-10-05T02:00+09:00\", \"end\": \"soon\", \"kind\": \"unplanned\", \"colour\": 1}\n]\n",
    );
    let run = slagen(&[
        "--message-format",
        "json",
        "report",
        &calltree().display().to_string(),
        "--month",
        "2026-10",
        "--outages",
        &json.display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    let d = json_diagnostics(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert_eq!(d[0]["code"], "E0503"); // the unknown field is reported first: the row is not read
    assert_eq!(d[0]["line"], 3);
    let jsonl = write(
        dir.path(),
        "bad.jsonl",
        "{\"start\": \"2026-10-05T02:00+09:00\", \"end\": \"soon\", \"kind\": \"unplanned\"}\n{\"start\": \n",
    );
    let run = slagen(&[
        "--message-format",
        "json",
        "report",
        &calltree().display().to_string(),
        "--month",
        "2026-10",
        "--outages",
        &jsonl.display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    let d = json_diagnostics(&run.stderr);
    let found: Vec<(&str, u64, u64)> = d
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("E0504", 1, 44), ("E0501", 2, 9)],
        "{}",
        run.stderr
    );
}

/// A month before the spec's revision is an error of the spec (exit 1, E0509) at its `revised`
/// statement, or at `effective` when that is later, naming the revision in force then; bad
/// months are usage errors.
#[test]
fn a_month_before_the_revision_names_the_revision_in_force() {
    let spec = root().join("specs/synergy/2012-12-01.sla");
    let run = slagen(&[
        "report",
        &spec.display().to_string(),
        "--month",
        "2012-10",
        "--outages",
        &sample().display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for part in [
        "E0509",
        "2012-10 is before this revision of `synergy` (2012-12-01, in force from 2012-12-01)",
        "on 2012-10-01 the revision in force was 2007-04-02",
    ] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
    let positioned = |spec: &Path, month: &str| {
        let run = slagen(&[
            "--message-format",
            "json",
            "report",
            &spec.display().to_string(),
            "--month",
            month,
            "--outages",
            &sample().display().to_string(),
            "-o",
            "/nonexistent-dir/never-written.md",
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let d = json_diagnostics(&run.stderr);
        assert_eq!(d.len(), 1, "{}", run.stderr);
        assert_eq!(d[0]["code"], "E0509");
        (d[0]["line"].as_u64().unwrap(), d[0]["help"].to_string())
    };
    // A range that starts before the revision, and nothing is written.
    assert_eq!(positioned(&spec, "2012-11..2013-01").0, 10);
    // An effective date after the revised date decides, and the revision in force in the
    // month between them is the previous one.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&spec).unwrap();
    let later = write(
        dir.path(),
        "later.sla",
        &text.replace("effective 2012-12-01", "effective 2013-01-01"),
    );
    let (line, help) = positioned(&later, "2012-12");
    assert_eq!(line, 11);
    assert!(
        help.contains("the revision in force was 2007-04-02"),
        "{help}"
    );
    for bad in ["2026-13", "2026-10..2026-01", "26-10", "2026-01..2036-02"] {
        let run = slagen(&[
            "report",
            &calltree().display().to_string(),
            "--month",
            bad,
            "--outages",
            &sample().display().to_string(),
        ]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
}

/// The README's command: a Japanese Markdown report that reads as written by a person, with the
/// headline the issue asks for; deterministic.
#[test]
fn markdown_report_has_the_headline_the_records_and_the_credit() {
    let args = [
        "report".to_string(),
        calltree().display().to_string(),
        "--month".into(),
        "2026-10".into(),
        "--outages".into(),
        sample().display().to_string(),
    ];
    let run = slagen(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    assert!(
        md.starts_with("# CALLTREE 月間稼働率報告書（2026年10月）\n"),
        "{md}"
    );
    assert!(
        md.contains("**2026年10月の月間稼働率（目標運用値）：99.67％（目標98％以上）**"),
        "{md}"
    );
    assert!(md.contains("目標を達成しました。"));
    assert!(md.contains("| 停止時間 | 145分 |"), "{md}");
    assert!(
        md.contains("「通常メンテナンス」（00:00～05:00）の時間内は除外し、時間外は停止時間に計上"),
        "{md}"
    );
    assert!(
        md.contains("稼働率が98％を下回っていないため、サービスクレジットの対象ではありません。")
    );
    assert_eq!(slagen(&args).bytes, run.bytes, "byte-identical");
}

/// `--records none`: the same totals, the number of records instead of the list.
#[test]
fn records_none_keeps_every_total_and_counts_the_records() {
    let all = report_json(&calltree(), "2026-10", &sample(), &[]);
    let none = report_json(&calltree(), "2026-10", &sample(), &["--records", "none"]);
    let (a, n) = (
        objective(&all, 0, "service"),
        objective(&none, 0, "service"),
    );
    assert_eq!(n.get("records"), None, "{n}");
    // Seven records touch October (line 8 runs into November).
    assert_eq!(n["record_count"], 7);
    assert_eq!(a["record_count"], 7);
    assert_eq!(a["records"].as_array().map(Vec::len), Some(7));
    for f in [
        "down_seconds",
        "excluded_seconds",
        "availability_text",
        "excluded_by_rule",
        "daily",
        "credit",
    ] {
        assert_eq!(a[f], n[f], "{f}");
    }
    let run = slagen(&[
        "report",
        &calltree().display().to_string(),
        "--month",
        "2026-10",
        "--outages",
        &sample().display().to_string(),
        "--records",
        "none",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("当月にかかる停止の記録は7件です（一覧は省略しています）。"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("| 行 |"), "{}", run.stdout);
}

/// Each month of a range is the month reported alone: records that start months before (a
/// two-month outage, a long planned stop) still count in every month they reach, and the
/// records of other months never leak in. Six months, outages of every kind spread over them.
#[test]
fn every_month_of_a_range_equals_the_month_reported_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = String::from("start,end,kind,notified_at,objectives,functions,note\n");
    let rows = [
        // Two months and a half, unplanned: counts in January, February and March.
        (
            "2026-01-20T08:00:00+09:00",
            "2026-03-05T09:00:00+09:00",
            "unplanned",
            "",
        ),
        // A planned stop notified a week ahead, across the end of February.
        (
            "2026-02-27T01:00:00+09:00",
            "2026-03-01T03:00:00+09:00",
            "planned",
            "2026-02-18T10:00:00+09:00",
        ),
        // Force majeure across the end of April.
        (
            "2026-04-30T22:00:00+09:00",
            "2026-05-01T02:00:00+09:00",
            "force_majeure",
            "",
        ),
        // Overlapping short outages in June, and one inside the regular window.
        (
            "2026-06-10T14:00:00+09:00",
            "2026-06-10T14:30:00+09:00",
            "unplanned",
            "",
        ),
        (
            "2026-06-10T14:20:00+09:00",
            "2026-06-10T15:00:00+09:00",
            "unplanned",
            "",
        ),
        (
            "2026-06-11T03:00:00+09:00",
            "2026-06-11T06:00:00+09:00",
            "planned",
            "",
        ),
        (
            "2026-04-02T10:00:00+09:00",
            "2026-04-02T10:45:00+09:00",
            "third_party",
            "",
        ),
        (
            "2026-05-15T12:00:00+09:00",
            "2026-05-15T12:07:00+09:00",
            "unplanned",
            "",
        ),
    ];
    for (a, b, kind, notified) in rows {
        log.push_str(&format!("{a},{b},{kind},{notified},,,\n"));
    }
    let path = write(dir.path(), "log.csv", &log);
    let range = report_json(&calltree(), "2026-01..2026-06", &path, &[]);
    let months = range["months"].as_array().expect("months");
    assert_eq!(months.len(), 6);
    for (i, month) in ["01", "02", "03", "04", "05", "06"].iter().enumerate() {
        let alone = report_json(&calltree(), &format!("2026-{month}"), &path, &[]);
        assert_eq!(months[i], alone["months"][0], "2026-{month}");
    }
    // The long outage reaches three months; March has it and the planned stop's last 3 hours.
    assert_eq!(objective(&range, 2, "service")["record_count"], 2);
    assert!(secs(objective(&range, 1, "service"), "down_seconds") >= 28 * 86_400 - 3 * 86_400);
}

/// Logs are data, not specs: a log over the 64 MiB limit of spec files is read (mapped, not
/// copied), and its records count. Here three records carry 30 MB notes (90 MB in all).
#[test]
fn a_log_larger_than_the_spec_file_limit_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let note = "x".repeat(30_000_000);
    let mut log = String::from("start,end,kind,notified_at,objectives,functions,note\n");
    for day in 5..8 {
        log.push_str(&format!(
            "2026-10-{day:02}T10:00:00+09:00,2026-10-{day:02}T10:10:00+09:00,unplanned,,,,{note}\n"
        ));
    }
    let path = write(dir.path(), "big.csv", &log);
    assert!(std::fs::metadata(&path).expect("meta").len() > 64 * 1024 * 1024);
    let r = report_json(&calltree(), "2026-10", &path, &["--records", "none"]);
    let o = objective(&r, 0, "service");
    assert_eq!(secs(o, "down_seconds"), 30 * 60);
    assert_eq!(o["record_count"], 3);
}

/// A JSON array of objects over several lines, fields in any order: the records' lines, the
/// positions of errors found in the fields (a bad time, a missing field) and escaped strings
/// (read without a copy when they have no escape) are right, also when another element is bad.
#[test]
fn a_pretty_printed_json_log_keeps_lines_and_positions() {
    let dir = tempfile::tempdir().unwrap();
    let good = "[\n  {\n    \"kind\": \"unplanned\",\n    \"start\": \"2026-10-05T02:00+09:00\",\n    \"end\": \"2026-10-05T03:00+09:00\",\n    \"note\": \"\\\"引用\\\" と {括弧}\"\n  },\n  {\"start\": \"2026-10-06T02:00+09:00\",\n   \"end\": \"2026-10-06T02:30+09:00\", \"kind\": \"unplanned\"}\n]\n";
    let r = report_json(
        &calltree(),
        "2026-10",
        &write(dir.path(), "good.json", good),
        &[],
    );
    let o = objective(&r, 0, "service");
    assert_eq!(secs(o, "down_seconds"), 90 * 60);
    assert_eq!(record(o, 2)["note"], "\"引用\" と {括弧}");
    assert_eq!(record(o, 8)["counted_minutes"], 30.0);
    let bad = "[\n  {\n    \"kind\": \"unplanned\",\n    \"start\": \"2026-10-05T02:00+09:00\",\n    \"end\": \"soon\"\n  },\n  {\"end\": \"2026-10-06T02:30+09:00\", \"kind\": \"unplanned\"}\n]\n";
    let found = |name: &str, text: &str| -> Vec<(String, u64, u64)> {
        let run = slagen(&[
            "--message-format",
            "json",
            "report",
            &calltree().display().to_string(),
            "--month",
            "2026-10",
            "--outages",
            &write(dir.path(), name, text).display().to_string(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        codes_at(&run.stderr)
    };
    // The bad time at its value; the missing start at the object's `{`.
    let expected = vec![("E0504".to_string(), 5, 12), ("E0502".to_string(), 7, 3)];
    assert_eq!(found("bad.json", bad), expected);
    // An unknown field in a third object: read element by element, the same two errors first.
    let slow = bad.replace("\n]\n", ",\n  {\"colour\": 1}\n]\n");
    assert_ne!(slow, bad);
    assert_eq!(found("slow.json", &slow)[..2], expected[..]);
}

/// `formula total_time`: excluded time is not down time but stays in the period. April 2026 has
/// 30 days = 43,200 minutes; 600 minutes excluded (force majeure), 60 down.
/// calendar_minutes: (43,200 − 600 − 60) / (43,200 − 600) = 42,540 / 42,600 = 99.8591…% → 99.85.
/// total_time: (43,200 − 60) / 43,200 = 43,140 / 43,200 = 99.8611…% → 99.86.
#[test]
fn total_time_keeps_excluded_time_in_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "total.sla",
        r#"sla t "T" {
  service "X"
  revised 2026-04
  exclusions ex {
    exclusion fm "不可抗力" { kind force_majeure }
  }
  availability minutes { target 99% formula calendar_minutes excludes fm }
  availability total { target 99% formula total_time excludes fm }
}
"#,
    );
    let log = write(
        dir.path(),
        "log.csv",
        "start,end,kind\n2026-04-10T00:00,2026-04-10T10:00,force_majeure\n2026-04-20T00:00,2026-04-20T01:00,unplanned\n",
    );
    let r = report_json(&spec, "2026-04", &log, &[]);
    let minutes = objective(&r, 0, "minutes");
    assert_eq!(secs(minutes, "excluded_seconds"), 600 * 60, "{minutes}");
    assert_eq!(secs(minutes, "down_seconds"), 60 * 60, "{minutes}");
    assert_eq!(minutes["availability_text"], "99.85");
    let total = objective(&r, 0, "total");
    assert_eq!(secs(total, "excluded_seconds"), 600 * 60, "{total}");
    assert_eq!(secs(total, "down_seconds"), 60 * 60, "{total}");
    assert_eq!(total["availability_text"], "99.86");
}
