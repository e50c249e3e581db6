//! The calendar commands: `holidays`, `calendar` and `deadline`, run as the real binary.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A spec exercising what the shipped specs do not: several windows a day, an overnight window,
/// company holidays (with characters iCalendar must escape), an explicit open date and business
/// hours targets.
const DESK: &str = r#"sla desk "テスト" {
  service "X"
  revised 2026-04
  timezone "Asia/Tokyo"
  company_holidays "弊社休業日" {
    2026-08-14 "夏季休業, 棚卸; \\ 予備、とても長い名前の休業日でございますので折り返しが必要になります"
    2026-11-02 "創立記念日"
  }
  hours support_hours "回答時間" {
    open   mon..fri 10:00-12:00, 13:00-18:00
    closed sat, sun, national_holidays, "年末年始" 12-28..01-04, company_holidays
    open   2026-12-28 "臨時営業日"
  }
  hours night_desk "夜間窓口" {
    open   mon..fri 22:00-09:00 overnight
    closed sat, sun, national_holidays
  }
  severities levels {
    hours support_hours
    severity s1 "緊急" {
      respond 1 business_hours
      resolve 4 business_hours
      notify  30 min
    }
    severity s2 "重度" {
      respond 2 business_hours
      resolve 8 business_hours
    }
    severity night "夜間" {
      hours   night_desk
      respond 1 business_days
      resolve 10 business_hours
    }
  }
}
"#;

fn calltree() -> String {
    root().join("specs/calltree.sla").display().to_string()
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The deadlines of a `deadline --json` run, by target.
fn deadlines(run: &Run) -> BTreeMap<String, String> {
    json(run)["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .map(|d| {
            (
                d["target"].as_str().unwrap().to_string(),
                d["deadline"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn deadline(spec: &str, severity: &str, from: &str) -> Run {
    slagen(&[
        "deadline",
        spec,
        "--severity",
        severity,
        "--from",
        from,
        "--json",
    ])
}

// ---------------------------------------------------------------------------------------------
// holidays

#[test]
fn holidays_csv_equals_the_oracle_1970_to_2050() {
    let run = slagen(&["holidays", "1970..2050", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let oracle = std::fs::read_to_string(root().join("tests/fixtures/holidays/holidays.yml"))
        .expect("oracle");
    let expected: Vec<String> = oracle
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(d, _)| d.len() == 10 && d.as_bytes()[4] == b'-')
        .map(|(d, n)| format!("{d} {n}"))
        .collect();
    let mut lines = run.stdout.split("\r\n");
    assert_eq!(lines.next(), Some("date,weekday,name,kind,projected"));
    let got: Vec<String> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{} {}", f[0], f[2])
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
}

#[test]
fn holidays_text_and_json_say_which_years_are_projections() {
    let run = slagen(&["holidays", "2026..2027"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2026-01-01 木 元日\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("projection"));
    let run = slagen(&["holidays", "2027..2029"]);
    assert!(
        run.stdout
            .contains("note: the holidays of 2028–2029 are projections"),
        "{}",
        run.stdout
    );
    let v = json(&slagen(&["holidays", "2028", "--format", "json"]));
    assert_eq!(v["published_through"], 2027);
    assert!(v["note"].as_str().unwrap().contains("2028"));
    assert!(
        v["holidays"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["projected"] == true)
    );
}

#[test]
fn golden_week_2019_substitute_chain() {
    let v = json(&slagen(&["holidays", "2019", "--format", "json"]));
    let gw: Vec<(String, String, String)> = v["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            let d = h["date"].as_str().unwrap();
            ("2019-04-27".."2019-05-07").contains(&d)
        })
        .map(|h| {
            (
                h["date"].as_str().unwrap().into(),
                h["name"].as_str().unwrap().into(),
                h["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("2019-04-29", "昭和の日", "statutory"),
        ("2019-04-30", "休日", "citizens"),
        ("2019-05-01", "休日（祝日扱い）", "special_law"),
        ("2019-05-02", "休日", "citizens"),
        ("2019-05-03", "憲法記念日", "statutory"),
        ("2019-05-04", "みどりの日", "statutory"),
        ("2019-05-05", "こどもの日", "statutory"),
        ("2019-05-06", "こどもの日 振替休日", "substitute"),
    ];
    assert_eq!(
        gw,
        expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    // With the weekend before it, CALLTREE support is closed ten days in a row.
    let v = json(&slagen(&[
        "calendar",
        &calltree(),
        "--year",
        "2019",
        "--format",
        "json",
    ]));
    let closed: BTreeSet<String> = closed_dates(&v);
    for day in 27..=30 {
        assert!(closed.contains(&format!("2019-04-{day}")), "4/{day}");
    }
    for day in 1..=6 {
        assert!(closed.contains(&format!("2019-05-0{day}")), "5/{day}");
    }
    assert!(!closed.contains("2019-05-07"));
}

fn closed_dates(calendar_json: &Value) -> BTreeSet<String> {
    calendar_json["closed_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// calendar

#[test]
fn calendar_closes_across_december_31() {
    let y2026 = json(&slagen(&[
        "calendar",
        &calltree(),
        "--year",
        "2026",
        "--format",
        "json",
    ]));
    assert_eq!(y2026["id"], "support_hours");
    assert_eq!(y2026["calendar"], "business");
    assert_eq!(y2026["hours"][0]["start"], "10:00");
    assert_eq!(y2026["hours"][0]["end"], "19:00");
    let y2027 = json(&slagen(&[
        "calendar",
        &calltree(),
        "--year",
        "2027",
        "--format",
        "json",
    ]));
    let reasons = |v: &Value, date: &str| -> Vec<String> {
        v["closed_days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .map(|d| {
                d["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["text"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(reasons(&y2026, "2026-12-28"), ["年末年始"]);
    assert_eq!(reasons(&y2026, "2026-12-31"), ["年末年始"]);
    assert_eq!(reasons(&y2027, "2027-01-01"), ["祝日（元日）", "年末年始"]);
    assert_eq!(reasons(&y2027, "2027-01-02"), ["土曜日", "年末年始"]);
    assert_eq!(reasons(&y2027, "2027-01-04"), ["年末年始"]);
    assert!(reasons(&y2027, "2027-01-05").is_empty());
    assert_eq!(reasons(&y2026, "2026-08-13"), ["盆"]);
    // Every day is either a business day or closed.
    assert_eq!(
        y2026["business_days"].as_u64().unwrap() as usize
            + y2026["closed_days"].as_array().unwrap().len(),
        365
    );
    assert_eq!(y2026["projected"], false);
}

#[test]
fn calendar_text_lists_reasons_company_holidays_and_open_dates() {
    let (_dir, path) = temp_spec(DESK);
    let run = slagen(&["calendar", path.to_str().unwrap(), "--year", "2026"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "hours support_hours「回答時間」 of desk — 2026 (Asia/Tokyo)",
        "hours: 10:00～12:00、13:00～18:00",
        "2026-11-02 (月) 弊社休業日（創立記念日）",
        "2026-11-03 (火) 国民の祝日（文化の日）",
        "2026-12-28 (月) open: 臨時営業日, although 年末年始",
        "2026-12-29 (火) 年末年始",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in\n{}", run.stdout);
    }
    let night = slagen(&[
        "calendar",
        path.to_str().unwrap(),
        "--year",
        "2026",
        "--calendar",
        "night_desk",
    ]);
    assert!(
        night.stdout.contains("hours: 22:00～翌9:00"),
        "{}",
        night.stdout
    );
    assert!(!night.stdout.contains("年末年始"));
}

/// Hours taken from another spec (`hours x = other.hours`) close on that spec's company
/// holidays — the company that set the hours — in the calendar, in deadlines and in the
/// rendered sentence, even when the using spec lists none or others.
#[test]
fn hours_from_another_spec_keep_its_company_holidays() {
    let (dir, desk) = temp_spec(DESK);
    let link = dir.path().join("link.sla");
    std::fs::write(
        &link,
        r#"use desk = "spec.sla"
sla link "連携" {
  service "Y"
  revised 2026-04
  timezone "Asia/Tokyo"
  company_holidays "当社休業日" {
    2026-11-04 "別会社の休日"
  }
  hours support_hours "回答時間" = desk.support_hours
  severities levels {
    hours support_hours
    severity s1 "緊急" { resolve 4 business_hours }
  }
}
"#,
    )
    .unwrap();
    let link = link.to_str().unwrap();
    let closed = closed_dates(&json(&slagen(&[
        "calendar", link, "--year", "2026", "--format", "json",
    ])));
    assert!(closed.contains("2026-11-02"), "{closed:?}");
    assert!(!closed.contains("2026-11-04"), "{closed:?}");
    // Friday 2026-10-30 17:00 + 4 business hours: 1 h on Friday, Monday 11-02 is desk's
    // holiday, so 3 h on Tuesday 11-03... a national holiday; Wednesday 11-04 10:00 + 2h + 1h
    // lunch → 13:00 + 1h = 14:00.
    let d = deadlines(&deadline(link, "s1", "2026-10-30T17:00"));
    assert_eq!(d["resolution"], "2026-11-04T14:00:00+09:00", "{d:?}");
    let same = deadlines(&deadline(desk.to_str().unwrap(), "s1", "2026-10-30T17:00"));
    assert_eq!(same["resolution"], d["resolution"]);
    // The model says whose holidays they are; the document refers to the other spec's hours
    // by their label when they stand outside any chapter there.
    let export = json(&slagen(&["export", link, "--to", "json"]));
    let hours = export["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "support_hours")
        .expect("support_hours exported");
    assert_eq!(
        hours["refers_to"]["company_holidays"]["label"], "弊社休業日",
        "{hours}"
    );
    let md = slagen(&["render", link, "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout.contains("Xの回答時間に準じます。"),
        "{}",
        md.stdout
    );
}

#[test]
fn calendar_accepts_a_calendar_id_and_warns_about_projections() {
    let run = slagen(&[
        "calendar",
        &calltree(),
        "--year",
        "2030",
        "--calendar",
        "business",
        "--format",
        "json",
    ]);
    let v = json(&run);
    assert_eq!(v["kind"], "calendar");
    assert_eq!(v["hours"].as_array().unwrap().len(), 0);
    assert_eq!(v["projected"], true);
    assert!(v["note"].as_str().unwrap().contains("2030"));
    let text = slagen(&["calendar", &calltree(), "--year", "2030"]);
    assert!(
        text.stdout
            .contains("note: the holidays of 2030 are projections")
    );
}

/// A strict reader of RFC 5545 text, enough to check what slagen writes: physical lines (CRLF,
/// at most 75 octets, each valid UTF-8, continuation lines starting with one space), the
/// content-line grammar, component nesting, the required properties, TEXT escapes and dates.
mod rfc5545 {
    #[derive(Debug, Default)]
    pub struct Component {
        pub name: String,
        pub props: Vec<Prop>,
        pub children: Vec<Component>,
    }

    #[derive(Debug)]
    pub struct Prop {
        pub name: String,
        pub params: Vec<(String, String)>,
        pub value: String,
    }

    impl Component {
        pub fn one(&self, name: &str) -> &Prop {
            let all: Vec<&Prop> = self.props.iter().filter(|p| p.name == name).collect();
            assert_eq!(all.len(), 1, "{} must have one {name}", self.name);
            all[0]
        }
    }

    const TEXT: [&str; 9] = [
        "SUMMARY",
        "DESCRIPTION",
        "NAME",
        "UID",
        "PRODID",
        "X-WR-CALNAME",
        "X-WR-CALDESC",
        "X-WR-TIMEZONE",
        "LOCATION",
    ];

    /// Unescapes a TEXT value, rejecting a bare `;` or `,` and unknown escapes.
    pub fn unescape(value: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('\\') => out.push('\\'),
                    Some(';') => out.push(';'),
                    Some(',') => out.push(','),
                    Some('n' | 'N') => out.push('\n'),
                    other => return Err(format!("bad escape \\{other:?} in {value:?}")),
                },
                ';' | ',' => return Err(format!("unescaped {c:?} in TEXT {value:?}")),
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn is_name(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }

    fn content_line(line: &str) -> Result<Prop, String> {
        // name *(";" param) ":" value; a quoted parameter value may hold ':' and ';'.
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() && bytes[i] != b';' && bytes[i] != b':' {
            i += 1;
        }
        let name = &line[..i];
        if !is_name(name) {
            return Err(format!("bad property name {name:?} in {line:?}"));
        }
        let mut params = Vec::new();
        while i < bytes.len() && bytes[i] == b';' {
            let start = i + 1;
            let eq = line[start..]
                .find('=')
                .map(|p| p + start)
                .ok_or(format!("parameter without '=' in {line:?}"))?;
            let pname = &line[start..eq];
            if !is_name(pname) {
                return Err(format!("bad parameter name {pname:?}"));
            }
            let mut j = eq + 1;
            let value_start = j;
            if bytes.get(j) == Some(&b'"') {
                j += 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += 1;
                }
                j += 1;
            } else {
                while j < bytes.len() && !matches!(bytes[j], b';' | b':' | b',' | b'"') {
                    j += 1;
                }
            }
            params.push((pname.to_string(), line[value_start..j].to_string()));
            i = j;
        }
        if bytes.get(i) != Some(&b':') {
            return Err(format!("no ':' after the name in {line:?}"));
        }
        let value = &line[i + 1..];
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(format!("control character in {line:?}"));
        }
        Ok(Prop {
            name: name.to_ascii_uppercase(),
            params,
            value: value.to_string(),
        })
    }

    /// Parses and checks a whole iCalendar stream; returns the VCALENDAR.
    pub fn parse(bytes: &[u8]) -> Result<Component, String> {
        if !bytes.ends_with(b"\r\n") {
            return Err("the stream must end with CRLF".into());
        }
        let mut logical: Vec<String> = Vec::new();
        // Without the final LF, every line ends with CR.
        for raw in bytes[..bytes.len() - 1].split(|&b| b == b'\n') {
            let raw = raw
                .strip_suffix(b"\r")
                .ok_or("a line ends with LF without CR")?;
            if raw.contains(&b'\r') {
                return Err("a bare CR inside a line".into());
            }
            if raw.len() > 75 {
                return Err(format!("a line of {} octets (max 75)", raw.len()));
            }
            let text = std::str::from_utf8(raw)
                .map_err(|_| "a physical line is not UTF-8 on its own (split character)")?;
            if let Some(rest) = text.strip_prefix(' ').or_else(|| text.strip_prefix('\t')) {
                logical
                    .last_mut()
                    .ok_or("a continuation line comes first")?
                    .push_str(rest);
            } else if text.is_empty() {
                return Err("an empty line".into());
            } else {
                logical.push(text.to_string());
            }
        }
        let mut stack: Vec<Component> = Vec::new();
        let mut done: Option<Component> = None;
        for line in &logical {
            let prop = content_line(line)?;
            if done.is_some() {
                return Err(format!("content after END:VCALENDAR: {line}"));
            }
            match prop.name.as_str() {
                "BEGIN" => stack.push(Component {
                    name: prop.value.clone(),
                    ..Component::default()
                }),
                "END" => {
                    let c = stack.pop().ok_or("END without BEGIN")?;
                    if c.name != prop.value {
                        return Err(format!("BEGIN:{} closed by END:{}", c.name, prop.value));
                    }
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(c),
                        None => done = Some(c),
                    }
                }
                _ => {
                    if TEXT.contains(&prop.name.as_str()) {
                        unescape(&prop.value)?;
                    }
                    stack
                        .last_mut()
                        .ok_or(format!("property outside a component: {line}"))?
                        .props
                        .push(prop);
                }
            }
        }
        if !stack.is_empty() {
            return Err("unclosed component".into());
        }
        let cal = done.ok_or("no VCALENDAR")?;
        if cal.name != "VCALENDAR" {
            return Err(format!("the stream is a {}, not a VCALENDAR", cal.name));
        }
        if cal.one("VERSION").value != "2.0" {
            return Err("VERSION must be 2.0".into());
        }
        cal.one("PRODID");
        let mut uids = std::collections::BTreeSet::new();
        for e in &cal.children {
            if e.name != "VEVENT" {
                continue;
            }
            if !uids.insert(e.one("UID").value.clone()) {
                return Err(format!("duplicate UID {}", e.one("UID").value));
            }
            let stamp = &e.one("DTSTAMP").value;
            if !(stamp.len() == 16
                && stamp.ends_with('Z')
                && stamp.as_bytes()[8] == b'T'
                && stamp
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| i == 8 || i == 15 || b.is_ascii_digit()))
            {
                return Err(format!("DTSTAMP {stamp} is not a UTC date-time"));
            }
            let start = e.one("DTSTART");
            let end = e.one("DTEND");
            for p in [start, end] {
                let date_value = p.params.iter().any(|(k, v)| k == "VALUE" && v == "DATE");
                if !date_value || p.value.len() != 8 || !p.value.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(format!("{} {} is not a DATE", p.name, p.value));
                }
            }
            if end.value <= start.value {
                return Err(format!("DTEND {} is not after DTSTART", end.value));
            }
        }
        Ok(cal)
    }
}

#[test]
fn calendar_ics_is_strict_rfc5545_and_matches_the_json() {
    let (_dir, path) = temp_spec(DESK);
    let spec = path.to_str().unwrap();
    let run = slagen(&["calendar", spec, "--year", "2026", "--format", "ics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cal = rfc5545::parse(&run.bytes).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    let events: Vec<&rfc5545::Component> =
        cal.children.iter().filter(|c| c.name == "VEVENT").collect();
    let v = json(&slagen(&[
        "calendar", spec, "--year", "2026", "--format", "json",
    ]));
    let from_json: Vec<String> = closed_dates(&v).into_iter().collect();
    let from_ics: Vec<String> = events
        .iter()
        .map(|e| {
            let d = &e.one("DTSTART").value;
            format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
        })
        .collect();
    assert_eq!(from_ics, from_json);
    // DTSTAMP comes from the spec's revision date, not the clock.
    assert!(
        events
            .iter()
            .all(|e| e.one("DTSTAMP").value == "20260401T000000Z")
    );
    // The company holiday's name survives escaping and folding.
    let summer = events
        .iter()
        .find(|e| e.one("DTSTART").value == "20260814")
        .expect("8/14 is closed");
    let summary = rfc5545::unescape(&summer.one("SUMMARY").value).unwrap();
    assert!(
        summary.contains("夏季休業, 棚卸; \\ 予備、とても長い名前"),
        "{summary}"
    );
    let unfolded = run.stdout.replace("\r\n ", "");
    assert!(
        unfolded.contains("夏季休業\\, 棚卸\\; \\\\ 予備"),
        "{unfolded}"
    );
    // The long summary had to be folded.
    assert!(run.stdout.contains("\r\n "));
    // The explicit open date is not an event.
    assert!(!from_ics.contains(&"2026-12-28".to_string()));
    // Byte-identical on every run.
    let again = slagen(&["calendar", spec, "--year", "2026", "--format", "ics"]);
    assert_eq!(again.bytes, run.bytes);
    // The shipped specs too.
    for file in spec_files() {
        let run = slagen(&[
            "calendar",
            file.to_str().unwrap(),
            "--year",
            "2027",
            "--format",
            "ics",
        ]);
        if run.code == 2 && run.stderr.contains("declares no calendar") {
            continue;
        }
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        rfc5545::parse(&run.bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

#[test]
fn calendar_writes_a_file_with_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("closed.ics");
    let run = slagen(&[
        "calendar",
        &calltree(),
        "--year",
        "2026",
        "--format",
        "ics",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let bytes = std::fs::read(&out).unwrap();
    rfc5545::parse(&bytes).unwrap();
}

// ---------------------------------------------------------------------------------------------
// deadline

#[test]
fn calltree_minor_from_friday_before_the_year_end() {
    let run = deadline(&calltree(), "軽度", "2026-12-25T17:30");
    let d = deadlines(&run);
    assert_eq!(d["resolution"], "2027-01-06T19:00:00+09:00");
    assert_eq!(d["notification"], "2026-12-25T18:30:00+09:00");
    let v = json(&run);
    assert_eq!(v["severity"]["id"], "minor");
    assert_eq!(v["from"], "2026-12-25T17:30:00+09:00");
    let rule = v["deadlines"][0]["rule"].as_str().unwrap();
    assert!(
        rule.contains("1st 2027-01-05 (火), 2nd 2027-01-06 (水)"),
        "{rule}"
    );
    assert!(rule.contains("年末年始"), "{rule}");
    assert_eq!(v["deadlines"][0]["source"], "levels.minor.resolve");
    assert_eq!(v["deadlines"][1]["source"], "incident_notice.within");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
    // The id works as well as the name, and the text output says the same.
    let text = slagen(&[
        "deadline",
        &calltree(),
        "--severity",
        "minor",
        "--from",
        "2026-12-25T17:30",
    ]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("2027-01-06 19:00 (水) +09:00"),
        "{}",
        text.stdout
    );
    // Clock hours ignore support hours.
    let critical = deadlines(&deadline(&calltree(), "緊急", "2026-12-25T17:30"));
    assert_eq!(critical["resolution"], "2026-12-25T19:30:00+09:00");
}

#[test]
fn deadline_starting_inside_a_closed_period() {
    for from in ["2026-12-28T10:00", "2027-01-01T00:00", "2027-01-04T18:59"] {
        let d = deadlines(&deadline(&calltree(), "軽度", from));
        assert_eq!(d["resolution"], "2027-01-06T19:00:00+09:00", "{from}");
    }
    let (_dir, path) = temp_spec(DESK);
    let spec = path.to_str().unwrap();
    // A company holiday (11/2) and 文化の日 (11/3): 4 business hours from Monday 11/2 9:00 start
    // on Wednesday 11/4 at 10:00.
    let d = deadlines(&deadline(spec, "緊急", "2026-11-02T09:00"));
    assert_eq!(d["response"], "2026-11-04T11:00:00+09:00");
    assert_eq!(d["resolution"], "2026-11-04T15:00:00+09:00");
    assert_eq!(d["notification"], "2026-11-02T09:30:00+09:00");
}

#[test]
fn deadline_starting_outside_hours() {
    let (_dir, path) = temp_spec(DESK);
    let spec = path.to_str().unwrap();
    // Before opening, during lunch, after closing.
    let d = deadlines(&deadline(spec, "s2", "2026-11-05T07:00"));
    assert_eq!(d["response"], "2026-11-05T12:00:00+09:00");
    assert_eq!(d["resolution"], "2026-11-06T11:00:00+09:00");
    let d = deadlines(&deadline(spec, "s2", "2026-11-05T12:15"));
    assert_eq!(d["response"], "2026-11-05T15:00:00+09:00");
    let d = deadlines(&deadline(spec, "s2", "2026-11-05T18:00"));
    assert_eq!(d["response"], "2026-11-06T12:00:00+09:00");
    let run = deadline(spec, "s2", "2026-11-05T18:00");
    let rule = json(&run)["deadlines"][0]["rule"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        rule.contains("counting starts at the next opening, 2026-11-06 10:00 (金)"),
        "{rule}"
    );
}

#[test]
fn deadline_across_a_month_and_a_year_boundary() {
    let (_dir, path) = temp_spec(DESK);
    let spec = path.to_str().unwrap();
    // Friday 10/30 17:00 + 8 business hours: 1h Friday, Monday 11/2 (company holiday) and
    // Tuesday 11/3 (文化の日) closed, then Wednesday 11/4 10–12 and 13–18.
    let d = deadlines(&deadline(spec, "s2", "2026-10-30T17:00"));
    assert_eq!(d["resolution"], "2026-11-04T18:00:00+09:00");
    // 12/28 is an explicit open date; from 12/28 17:00, 8 business hours run into 2027: 1h on
    // 12/28, then 1/5 10–12 and 13–18.
    let d = deadlines(&deadline(spec, "s2", "2026-12-28T17:00"));
    assert_eq!(d["resolution"], "2027-01-05T18:00:00+09:00");
    // CALLTREE from the last business day of 2027: depends on 2028's projected holidays.
    let run = deadline(&calltree(), "軽度", "2027-12-27T10:00");
    assert_eq!(deadlines(&run)["resolution"], "2028-01-06T19:00:00+09:00");
    let v = json(&run);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("national holidays of 2028"),
        "{v}"
    );
    assert!(
        run.stderr
            .contains("warning: the resolution deadline depends")
    );
}

#[test]
fn deadline_on_overnight_hours() {
    let (_dir, path) = temp_spec(DESK);
    let spec = path.to_str().unwrap();
    // Saturday 3:00 is inside Friday's night shift (22:00–翌9:00).
    let d = deadlines(&deadline(spec, "夜間", "2026-11-07T03:00"));
    // 6 hours left of Friday's shift, then 4 of Monday's.
    assert_eq!(d["resolution"], "2026-11-10T02:00:00+09:00");
    // 1 business day from Friday's shift: the end of Monday's shift, Tuesday 9:00.
    assert_eq!(d["response"], "2026-11-10T09:00:00+09:00");
    // Saturday night there is no shift: counting starts Monday 22:00.
    let d = deadlines(&deadline(spec, "夜間", "2026-11-07T23:00"));
    assert_eq!(d["resolution"], "2026-11-10T08:00:00+09:00");
}

#[test]
fn from_accepts_offsets_and_zones() {
    for from in [
        "2026-12-25T08:30Z",
        "2026-12-25T17:30+09:00",
        "2026-12-25T17:30:00+09:00[Asia/Tokyo]",
        "2026-12-25 17:30",
    ] {
        let d = deadlines(&deadline(&calltree(), "軽度", from));
        assert_eq!(d["resolution"], "2027-01-06T19:00:00+09:00", "{from}");
    }
}

// ---------------------------------------------------------------------------------------------
// bad input

fn assert_usage_error(run: &Run, message: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(message),
        "{message:?} not in {}",
        run.stderr
    );
}

#[test]
fn invalid_input_is_a_usage_error() {
    let ct = calltree();
    assert_usage_error(
        &deadline(&ct, "軽度", "next friday"),
        "invalid --from `next friday`: expected a date and time such as 2026-12-25T17:30",
    );
    assert_usage_error(&deadline(&ct, "軽度", "2026-02-30T10:00"), "invalid --from");
    assert_usage_error(
        &deadline(&ct, "軽度", "2026-12-25T17:30[Mars/Olympus]"),
        "invalid --from `2026-12-25T17:30[Mars/Olympus]`: expected",
    );
    assert_usage_error(
        &deadline(&ct, "軽度", "9999-12-31T23:59"),
        "invalid --from `9999-12-31T23:59`: the business calendar covers 1948-01-01 to 2099-12-31",
    );
    assert_usage_error(
        &deadline(&ct, "最重要", "2026-12-25T17:30"),
        "unknown severity `最重要`; the spec declares: 緊急 (critical), 重度 (major), 軽度 (minor)",
    );
    assert_usage_error(
        &deadline(&ct, "軽度", "2100-01-04T10:00"),
        "2100-01-04 is outside the range of the business calendar (1948-01-01 to 2099-12-31",
    );
    assert_usage_error(
        &deadline(&ct, "軽度", "2099-12-30T10:00"),
        "not enough business time",
    );
    assert_usage_error(
        &slagen(&["holidays", "1947..2000"]),
        "year 1947 is out of range: slagen computes the Japanese calendar for 1948 to 2099",
    );
    assert_usage_error(&slagen(&["holidays", "2100"]), "year 2100 is out of range");
    assert_usage_error(
        &slagen(&["holidays", "2050..1970"]),
        "the range 2050..1970 is empty",
    );
    assert_usage_error(
        &slagen(&["holidays", "twenty"]),
        "invalid years `twenty`: expected a year or a range FROM..TO",
    );
    assert_usage_error(
        &slagen(&["calendar", &ct, "--year", "3000"]),
        "year 3000 is out of range",
    );
    assert_usage_error(
        &slagen(&["calendar", &ct, "--year", "-1"]),
        "year -1 is out of range",
    );
    assert_usage_error(
        &slagen(&["calendar", &ct, "--year", "2026", "--calendar", "weekend"]),
        "no calendar or hours named `weekend`; the spec declares: business, service_hours, support_hours",
    );
    assert_usage_error(
        &slagen(&["calendar", "no/such.sla", "--year", "2026"]),
        "cannot read no/such.sla",
    );
    // clap rejects a bad format before anything runs.
    let run = slagen(&["holidays", "2026", "--format", "xml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_spec_with_errors_exits_1() {
    let (_dir, path) = temp_spec(&minimal("  hours h { windows 25:00-26:00 }"));
    let run = slagen(&["calendar", path.to_str().unwrap(), "--year", "2026"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = slagen(&[
        "deadline",
        path.to_str().unwrap(),
        "--severity",
        "x",
        "--from",
        "2026-01-01T00:00",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_severity_name_declared_twice_is_not_guessed() {
    let two = DESK.replace(
        "  severities levels {",
        "  severities plan_b {\n    hours support_hours\n    severity b1 \"緊急\" { resolve 2 business_days }\n  }\n  severities levels {",
    );
    let (_dir, path) = temp_spec(&two);
    let spec = path.to_str().unwrap();
    assert_usage_error(
        &deadline(spec, "緊急", "2026-12-25T17:30"),
        "severity `緊急` is declared 2 times (plan_b.b1, levels.s1): give its id",
    );
    // Its id names it.
    assert_eq!(deadline(spec, "b1", "2026-12-25T17:30").code, 0);
}

#[test]
fn specs_without_severities_or_calendars_get_clear_errors() {
    let (_dir, path) = temp_spec(&minimal(""));
    let spec = path.to_str().unwrap();
    assert_usage_error(
        &slagen(&["calendar", spec, "--year", "2026"]),
        "the spec declares no calendar and no hours",
    );
    assert_usage_error(
        &deadline(spec, "軽度", "2026-12-25T17:30"),
        "unknown severity `軽度`: the spec declares no severities",
    );
}

/// Pacific/Apia skipped Friday 2011-12-30 (UTC−10 → UTC+14): the day has no hours, so it is
/// closed and no business day (issue 15, item 10).
#[test]
fn a_day_the_time_zone_skips_is_no_business_day() {
    let (_dir, path) = temp_spec(
        "sla apia \"Apia\" {
  service  \"X\"
  revised  2011-12
  timezone \"Pacific/Apia\"
  hours support \"サポート\" { open mon..fri 09:00-17:00 }
  calendar days \"営業日\" { open mon..fri }
  severities s {
    hours support
    severity p1 \"重度\" { respond 1 business_days }
  }
}
",
    );
    let spec = path.to_str().unwrap();
    // Thursday 10:00: the next business day is Monday 2012-01-02 (not Saturday 12-31 at 17:00,
    // the instant the skipped Friday's 17:00 was moved to).
    let d = deadlines(&deadline(spec, "重度", "2011-12-29T10:00"));
    assert_eq!(d["response"], "2012-01-02T17:00:00+14:00");
    for id in ["support", "days"] {
        let run = slagen(&[
            "calendar",
            spec,
            "--year",
            "2011",
            "--calendar",
            id,
            "--format",
            "json",
        ]);
        let cal = json(&run);
        let day = cal["closed_days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == "2011-12-30")
            .unwrap_or_else(|| panic!("{id}: 2011-12-30 is closed"));
        assert_eq!(day["reasons"][0]["kind"], "skipped_day", "{id}: {day}");
        assert_eq!(
            day["reasons"][0]["label"], "標準時の変更により存在しない日",
            "{id}"
        );
    }
    // Tokyo has no such day: the same spec there counts Friday.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Pacific/Apia", "Asia/Tokyo");
    std::fs::write(&path, text).unwrap();
    let d = deadlines(&deadline(spec, "重度", "2011-12-29T10:00"));
    assert_eq!(d["response"], "2011-12-30T17:00:00+09:00");
}
