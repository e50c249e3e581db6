//! The calendar commands: `holidays`, `calendar` and `deadline`.
//!
//! Each reads its arguments, asks [`crate::calendar`] and prints the answer; every rule of
//! business time lives in that module. Bad arguments (a year out of range, a `--from` that is
//! not a time, an unknown severity or calendar) are usage errors: exit code 2 with a message
//! saying what was expected.

use super::{Cli, Failure, load_one};
use crate::calendar::business::{self, BusinessDaysTrace, ServiceHours};
use crate::calendar::days::{self, BusinessCalendar, CalendarError, DayStatus, Reason};
use crate::calendar::holidays::{self, Holiday, HolidayKind};
use crate::calendar::ics;
use crate::model::{Duration, Severities, Severity, Spec, Term, TimeUnit, Window};
use crate::output;
use clap::{Args, ValueEnum};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `slagen holidays`.
#[derive(Args, Debug)]
pub struct HolidaysArgs {
    /// Years: `FROM..TO` (e.g. `1970..2050`) or one year, within 1948–2099.
    pub years: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HolidaysFormat::Text)]
    pub format: HolidaysFormat,
    /// Output file (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Formats of `slagen holidays`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidaysFormat {
    /// One holiday a line: date, weekday, name.
    Text,
    /// A JSON object with every holiday.
    Json,
    /// CSV with a header line.
    Csv,
}

/// Arguments of `slagen calendar`.
#[derive(Args, Debug)]
pub struct CalendarArgs {
    /// The spec.
    pub spec: PathBuf,
    /// The year, within 1948–2099.
    #[arg(long, allow_hyphen_values = true)]
    pub year: String,
    /// The calendar or hours term (default: the first hours term that is not `always`).
    #[arg(long)]
    pub calendar: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Text)]
    pub format: CalendarFormat,
    /// Output file (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Formats of `slagen calendar`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarFormat {
    /// For people.
    Text,
    /// A JSON object.
    Json,
    /// iCalendar (RFC 5545): one all-day event a closed day.
    Ics,
}

/// Arguments of `slagen deadline`.
#[derive(Args, Debug)]
pub struct DeadlineArgs {
    /// The spec.
    pub spec: PathBuf,
    /// The severity: its name (軽度) or its id (minor).
    #[arg(long)]
    pub severity: String,
    /// When the incident was reported: `2026-12-25T17:30` in the spec's time zone, or an
    /// instant with an offset (`2026-12-25T08:30Z`).
    #[arg(long, allow_hyphen_values = true)]
    pub from: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn usage(e: impl std::fmt::Display) -> Failure {
    Failure::Usage(e.to_string())
}

fn write(path: &Option<PathBuf>, text: &str) -> Result<(), Failure> {
    output::emit(path.as_deref(), text.as_bytes()).map_err(|e| super::io_failure(path, e))
}

// ---------------------------------------------------------------------------------------------
// holidays

/// Reads `1970..2050`, `1970..=2050` or `2026` and checks the years.
fn parse_years(text: &str) -> Result<(i16, i16), Failure> {
    let bad = || {
        Failure::Usage(format!(
            "invalid years `{text}`: expected a year or a range FROM..TO, e.g. 1970..2050"
        ))
    };
    let year = |s: &str| -> Result<i16, Failure> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(bad());
        }
        let n: i64 = s.parse().map_err(|_| bad())?;
        check_year(n)
    };
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (year(a)?, year(b.strip_prefix('=').unwrap_or(b))?),
        None => {
            let y = year(text)?;
            (y, y)
        }
    };
    if from > to {
        return Err(Failure::Usage(format!(
            "the range {from}..{to} is empty: the first year must not be after the last"
        )));
    }
    Ok((from, to))
}

/// A year within the calendar's range, or a usage error naming the range.
fn check_year(n: i64) -> Result<i16, Failure> {
    let range = i64::from(holidays::FIRST_YEAR)..=i64::from(holidays::LAST_YEAR);
    if !range.contains(&n) {
        return Err(Failure::Usage(format!(
            "year {n} is out of range: slagen computes the Japanese calendar for {} to {}",
            holidays::FIRST_YEAR,
            holidays::LAST_YEAR
        )));
    }
    Ok(n as i16)
}

fn kind_name(kind: HolidayKind) -> &'static str {
    match kind {
        HolidayKind::Statutory => "statutory",
        HolidayKind::Substitute => "substitute",
        HolidayKind::Sandwiched => "citizens",
        HolidayKind::SpecialLaw => "special_law",
    }
}

/// 月, 火, … for a date.
fn weekday_ja(date: Date) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][date.weekday().to_monday_zero_offset() as usize]
}

fn projection_note(from: i16, to: i16) -> Option<String> {
    let first = from.max(holidays::PUBLISHED_THROUGH + 1);
    (first <= to).then(|| {
        let years = if first == to {
            format!("{to}")
        } else {
            format!("{first}–{to}")
        };
        format!(
            "the holidays of {years} are projections: the government has announced holidays \
             through {}; later equinox days come from the astronomical formula and the law may \
             still change",
            holidays::PUBLISHED_THROUGH
        )
    })
}

/// `slagen holidays FROM..TO`.
pub fn holidays(args: &HolidaysArgs) -> Result<(), Failure> {
    let (from, to) = parse_years(&args.years)?;
    let list: Vec<Holiday> = holidays::holidays_between(from, to).map_err(usage)?;
    let note = projection_note(from, to);
    let text = match args.format {
        HolidaysFormat::Text => {
            let mut s = String::new();
            for h in &list {
                let _ = writeln!(s, "{} {} {}", h.date, weekday_ja(h.date), h.name);
            }
            if let Some(note) = &note {
                let _ = writeln!(s, "note: {note}");
            }
            s
        }
        HolidaysFormat::Json => pretty(&HolidaysJson {
            from,
            to,
            published_through: holidays::PUBLISHED_THROUGH,
            note,
            holidays: list
                .iter()
                .map(|h| HolidayJson {
                    date: h.date.to_string(),
                    weekday: weekday_ja(h.date),
                    name: h.name,
                    kind: kind_name(h.kind),
                    projected: holidays::is_projection(h.date.year()),
                })
                .collect(),
        }),
        HolidaysFormat::Csv => {
            let mut s = String::from("date,weekday,name,kind,projected\r\n");
            for h in &list {
                let _ = write!(
                    s,
                    "{},{},{},{},{}\r\n",
                    h.date,
                    weekday_ja(h.date),
                    csv_field(h.name),
                    kind_name(h.kind),
                    holidays::is_projection(h.date.year())
                );
            }
            s
        }
    };
    write(&args.output, &text)
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Pretty JSON with a final newline.
fn pretty<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `slagen holidays --format json`.
#[derive(Serialize)]
struct HolidaysJson {
    from: i16,
    to: i16,
    published_through: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    holidays: Vec<HolidayJson>,
}

#[derive(Serialize)]
struct HolidayJson {
    date: String,
    weekday: &'static str,
    name: &'static str,
    kind: &'static str,
    projected: bool,
}

// ---------------------------------------------------------------------------------------------
// calendar

/// The calendar or hours a `calendar` command shows.
struct Selected {
    id: String,
    kind: &'static str,
    label: Option<String>,
    /// The named calendar an hours term uses.
    base: Option<String>,
    calendar: BusinessCalendar,
    windows: Vec<Window>,
}

fn select(spec: &Spec, id: Option<&str>) -> Result<Selected, CalendarError> {
    let id = match id {
        Some(id) => id.to_string(),
        None => business::default_calendar(spec)?,
    };
    match spec.term(&id) {
        Some(Term::Calendar(c)) => Ok(Selected {
            id: id.clone(),
            kind: "calendar",
            label: c.head.label.clone(),
            base: None,
            calendar: BusinessCalendar::from_rules(&c.rules, &spec.company_holidays)
                .in_time_zone(&business::time_zone(spec)?),
            windows: Vec::new(),
        }),
        Some(Term::Hours(own)) => {
            let hours = ServiceHours::from_spec(spec, &id)?;
            let resolved = business::hours_term(spec, &id)?;
            Ok(Selected {
                id: id.clone(),
                kind: "hours",
                label: own.head.label.clone(),
                base: resolved.calendar.clone(),
                calendar: hours.calendar().clone(),
                windows: hours.windows().to_vec(),
            })
        }
        _ => Err(CalendarError::UnknownCalendar {
            id,
            available: business::calendar_ids(spec),
        }),
    }
}

use crate::export::ical::{self, reasons_text, windows_text};

/// A reason a day is closed, in JSON.
#[derive(Serialize)]
struct ReasonJson<'a> {
    kind: &'static str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    text: String,
}

fn reason_json<'a>(r: &'a Reason<'a>) -> ReasonJson<'a> {
    ReasonJson {
        kind: r.kind(),
        label: r.label(),
        name: r.name(),
        text: r.to_string(),
    }
}

/// `slagen calendar --format json`.
#[derive(Serialize)]
struct CalendarJson<'a> {
    spec: &'a str,
    id: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar: Option<&'a str>,
    year: i16,
    timezone: &'a str,
    open_weekdays: Vec<&'static str>,
    hours: &'a [Window],
    business_days: usize,
    closed_days: Vec<ClosedDayJson<'a>>,
    open_dates: Vec<OpenDateJson<'a>>,
    projected: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ClosedDayJson<'a> {
    date: String,
    weekday: &'static str,
    reasons: Vec<ReasonJson<'a>>,
}

#[derive(Serialize)]
struct OpenDateJson<'a> {
    date: String,
    weekday: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    overrides: Vec<ReasonJson<'a>>,
}

/// `slagen calendar SPEC --year Y`.
pub fn calendar(cli: &Cli, args: &CalendarArgs) -> Result<(), Failure> {
    let year = args
        .year
        .trim()
        .parse::<i64>()
        .map_err(|_| {
            Failure::Usage(format!(
                "invalid --year `{}`: expected a year such as 2026",
                args.year
            ))
        })
        .and_then(check_year)?;
    let (_loader, checked) = load_one(cli, &args.spec)?;
    let spec = checked.spec.as_ref().ok_or(Failure::Spec)?;
    let selected = select(spec, args.calendar.as_deref()).map_err(usage)?;
    let days = selected.calendar.year(year).map_err(usage)?;
    let projected = selected.calendar.uses_national_holidays() && holidays::is_projection(year);
    let note = projected.then(|| projection_note(year, year)).flatten();
    let name = selected.label.as_deref().unwrap_or(&selected.id);
    let text = match args.format {
        // Labels and names come from the spec: shown, never obeyed, by a terminal.
        CalendarFormat::Text => crate::model::text::printable(&calendar_text(
            spec,
            &selected,
            year,
            &days,
            note.as_deref(),
        ))
        .into_owned(),
        CalendarFormat::Json => calendar_json(spec, &selected, year, &days, note.as_deref()),
        CalendarFormat::Ics => calendar_ics(spec, &selected, name, year, &days),
    };
    if let (Some(note), CalendarFormat::Ics) = (&note, args.format) {
        crate::output::stderr_line(&format!("warning: {note}"));
    }
    write(&args.output, &text)
}

fn calendar_text(
    spec: &Spec,
    sel: &Selected,
    year: i16,
    days: &[(Date, DayStatus<'_>)],
    note: Option<&str>,
) -> String {
    let mut s = String::new();
    let label = sel
        .label
        .as_ref()
        .map(|l| format!("「{l}」"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "{} {}{label} of {} — {year} ({})",
        sel.kind, sel.id, spec.id, spec.timezone
    );
    if let Some(base) = &sel.base {
        let _ = writeln!(s, "calendar: {base}");
    }
    let open: Vec<&str> = sel
        .calendar
        .open_weekdays()
        .iter()
        .map(|d| d.japanese())
        .collect();
    let _ = writeln!(
        s,
        "open weekdays: {}",
        if open.is_empty() {
            "none".to_string()
        } else {
            open.join("、")
        }
    );
    if sel.windows.is_empty() {
        let _ = writeln!(s, "hours: none (a calendar of days only)");
    } else {
        let _ = writeln!(s, "hours: {}", windows_text(&sel.windows));
    }
    match sel.calendar.company_holidays_listed() {
        Some(0) => {
            let _ = writeln!(
                s,
                "company holidays: none listed (the spec closes on them but has no \
                 `company_holidays {{ … }}` block)"
            );
        }
        Some(n) => {
            let _ = writeln!(s, "company holidays: {n} listed");
        }
        None => {}
    }
    let closed = days.iter().filter(|(_, st)| !st.is_open()).count();
    let _ = writeln!(
        s,
        "business days: {}, closed days: {closed}",
        days.len() - closed
    );
    let _ = writeln!(s);
    for (date, status) in days {
        match status {
            DayStatus::Closed(reasons) => {
                let _ = writeln!(
                    s,
                    "{date} ({}) {}",
                    weekday_ja(*date),
                    reasons_text(reasons)
                );
            }
            DayStatus::Open { name, overrides } if !overrides.is_empty() => {
                let _ = writeln!(
                    s,
                    "{date} ({}) open{}, although {}",
                    weekday_ja(*date),
                    name.map(|n| format!(": {n}")).unwrap_or_default(),
                    reasons_text(overrides)
                );
            }
            DayStatus::Open { .. } => {}
        }
    }
    if let Some(note) = note {
        let _ = writeln!(s, "\nnote: {note}");
    }
    s
}

fn calendar_json(
    spec: &Spec,
    sel: &Selected,
    year: i16,
    days: &[(Date, DayStatus<'_>)],
    note: Option<&str>,
) -> String {
    let mut closed = Vec::new();
    let mut open_dates = Vec::new();
    for (date, status) in days {
        match status {
            DayStatus::Closed(reasons) => closed.push(ClosedDayJson {
                date: date.to_string(),
                weekday: weekday_ja(*date),
                reasons: reasons.iter().map(reason_json).collect(),
            }),
            DayStatus::Open { name, overrides } if !overrides.is_empty() => {
                open_dates.push(OpenDateJson {
                    date: date.to_string(),
                    weekday: weekday_ja(*date),
                    name: *name,
                    overrides: overrides.iter().map(reason_json).collect(),
                })
            }
            DayStatus::Open { .. } => {}
        }
    }
    pretty(&CalendarJson {
        spec: &spec.id,
        id: &sel.id,
        kind: sel.kind,
        label: sel.label.as_deref(),
        calendar: sel.base.as_deref(),
        year,
        timezone: &spec.timezone,
        open_weekdays: sel
            .calendar
            .open_weekdays()
            .iter()
            .map(|d| d.key())
            .collect(),
        hours: &sel.windows,
        business_days: days.len() - closed.len(),
        closed_days: closed,
        open_dates,
        projected: note.is_some(),
        note,
    })
}

/// iCalendar: one all-day event a closed day, built by the iCalendar export (same events, same
/// UIDs); DTSTAMP is the spec's revision date, so the same spec always gives the same bytes.
fn calendar_ics(
    spec: &Spec,
    sel: &Selected,
    name: &str,
    year: i16,
    days: &[(Date, DayStatus<'_>)],
) -> String {
    let mut w = ics::Writer::new();
    let hours = if sel.windows.is_empty() {
        String::new()
    } else {
        format!("{}（{}）", windows_text(&sel.windows), spec.timezone)
    };
    let title = format!("{} {name} 休業日 {year}", spec.service);
    let description = if hours.is_empty() {
        format!("{name}の休業日（{year}年）")
    } else {
        format!("{name}の休業日（{year}年）。営業日の受付時間: {hours}")
    };
    w.calendar(&title, &description, &spec.timezone);
    for (date, status) in days {
        if let DayStatus::Closed(reasons) = status {
            ical::closed_day_event(&mut w, spec, &sel.id, name, &sel.windows, *date, reasons);
        }
    }
    w.end("VCALENDAR");
    w.finish()
}

// ---------------------------------------------------------------------------------------------
// deadline

/// `slagen deadline --json`.
#[derive(Serialize)]
struct DeadlineJson<'a> {
    spec: &'a str,
    severity: SeverityJson<'a>,
    from: String,
    timezone: &'a str,
    deadlines: Vec<TargetJson<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct SeverityJson<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    target: &'static str,
    source: &'a str,
    duration: Duration,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<&'a str>,
    deadline: String,
    rule: &'a str,
}

/// One computed deadline.
struct Target {
    target: &'static str,
    source: String,
    duration: Duration,
    hours: Option<String>,
    deadline: Timestamp,
    rule: String,
}

fn find_severity<'a>(
    spec: &'a Spec,
    name: &str,
) -> Result<(&'a Severities, &'a Severity), Failure> {
    let all = || {
        spec.terms.iter().filter_map(|t| match t {
            Term::Severities(s) => Some(s),
            _ => None,
        })
    };
    // An id names one level (ids are unique in a spec); a name may stand in several severity
    // tables, and then picking the first would be a guess.
    let found: Vec<(&Severities, &Severity)> = all()
        .flat_map(|s| s.levels.iter().map(move |l| (s, l)))
        .filter(|(_, l)| l.id == name || l.name == name)
        .collect();
    if let Some(by_id) = found.iter().find(|(_, l)| l.id == name) {
        return Ok(*by_id);
    }
    match found.as_slice() {
        [one] => return Ok(*one),
        [] => {}
        several => {
            let ids: Vec<String> = several
                .iter()
                .map(|(s, l)| format!("{}.{}", s.head.id, l.id))
                .collect();
            return Err(Failure::Usage(format!(
                "severity `{name}` is declared {} times ({}): give its id",
                several.len(),
                ids.join(", ")
            )));
        }
    }
    let known: Vec<String> = all()
        .flat_map(|s| s.levels.iter())
        .map(|l| format!("{} ({})", l.name, l.id))
        .collect();
    Err(Failure::Usage(if known.is_empty() {
        format!("unknown severity `{name}`: the spec declares no severities")
    } else {
        format!(
            "unknown severity `{name}`; the spec declares: {}",
            known.join(", ")
        )
    }))
}

/// `2 business days`, `1 hour`, `~1 hour`.
fn duration_text(d: Duration) -> String {
    let unit = d.unit.name().replace('_', " ");
    let unit = if d.amount == 1 {
        unit.strip_suffix('s').unwrap_or(&unit).to_string()
    } else {
        unit
    };
    format!("{}{} {unit}", if d.approx { "~" } else { "" }, d.amount)
}

/// `2027-01-06 19:00 (水) +09:00`, with seconds only when there are any.
fn show(tz: &TimeZone, t: Timestamp) -> String {
    let z = t.to_zoned(tz.clone());
    let time = if z.second() == 0 && z.subsec_nanosecond() == 0 {
        z.strftime("%Y-%m-%d %H:%M").to_string()
    } else {
        z.strftime("%Y-%m-%d %H:%M:%S").to_string()
    };
    format!("{time} ({}) {}", weekday_ja(z.date()), z.strftime("%:z"))
}

/// RFC 3339 with the offset of the zone.
fn rfc3339(tz: &TimeZone, t: Timestamp) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn day_text(date: Date) -> String {
    format!("{date} ({})", weekday_ja(date))
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn business_days_rule(
    hours: &ServiceHours,
    hours_name: &str,
    d: Duration,
    trace: &BusinessDaysTrace,
) -> String {
    let tz = hours.time_zone();
    let mut rule = format!(
        "{} on {hours_name}: counted from the next business day after {}",
        duration_text(d),
        day_text(trace.start_day)
    );
    if !trace.skipped.is_empty() {
        let mut reasons: Vec<String> = Vec::new();
        for day in &trace.skipped {
            if let Ok(DayStatus::Closed(rs)) = hours.calendar().status(*day) {
                for r in rs {
                    let text = r.to_string();
                    if !reasons.contains(&text) {
                        reasons.push(text);
                    }
                }
            }
        }
        let _ = write!(
            rule,
            "; {} closed day{} skipped ({})",
            trace.skipped.len(),
            if trace.skipped.len() == 1 { "" } else { "s" },
            reasons.join("、")
        );
    }
    let counted: Vec<String> = trace
        .counted
        .iter()
        .enumerate()
        .map(|(i, day)| format!("{} {}", ordinal(i + 1), day_text(*day)))
        .collect();
    if let Some(last) = trace.counted.last() {
        let close = tz.to_datetime(trace.deadline);
        let _ = write!(
            rule,
            "; business days: {}; deadline = end of support hours on {}, {}",
            counted.join(", "),
            day_text(*last),
            if close.date() == *last {
                close.strftime("%H:%M").to_string()
            } else {
                close.strftime("翌%H:%M").to_string()
            }
        );
    } else {
        rule.push_str("; zero business days: the start itself");
    }
    rule
}

/// What every deadline of one `deadline` command shares.
struct Query<'a> {
    spec: &'a Spec,
    tz: TimeZone,
    from: Timestamp,
    /// The hours the severity's business-time targets count in.
    hours_id: Option<&'a str>,
    warnings: Vec<String>,
}

fn compute(
    q: &mut Query<'_>,
    target: &'static str,
    source: String,
    d: Duration,
) -> Result<Target, Failure> {
    let (spec, tz, from, hours_id) = (q.spec, &q.tz, q.from, q.hours_id);
    let approx = if d.approx {
        " (approximate: the spec says about)"
    } else {
        ""
    };
    if !d.unit.is_business() {
        let deadline = business::add_clock(tz, from, d).map_err(usage)?;
        let rule = match d.unit {
            TimeUnit::Seconds | TimeUnit::Minutes | TimeUnit::Hours => format!(
                "{} of elapsed time from the start; support hours do not apply{approx}",
                duration_text(d)
            ),
            _ => format!(
                "{} by the calendar in {}, at the same time of day{approx}",
                duration_text(d),
                spec.timezone
            ),
        };
        return Ok(Target {
            target,
            source,
            duration: d,
            hours: None,
            deadline,
            rule,
        });
    }
    let Some(hours_id) = hours_id else {
        return Err(Failure::Usage(format!(
            "{source} is {} but names no hours to count them in",
            duration_text(d)
        )));
    };
    let hours = ServiceHours::from_spec(spec, hours_id).map_err(usage)?;
    let label = match spec.term(hours_id) {
        Some(t) => t.head().label.clone(),
        None => None,
    };
    let hours_name = match &label {
        Some(l) => format!("{hours_id} ({l}, {})", windows_text(hours.windows())),
        None => format!("{hours_id} ({})", windows_text(hours.windows())),
    };
    let (deadline, rule) = if d.unit == TimeUnit::BusinessDays {
        let trace = hours.business_days_trace(from, d.amount).map_err(usage)?;
        let rule = business_days_rule(&hours, &hours_name, d, &trace);
        (trace.deadline, rule)
    } else {
        let deadline = hours.add(from, d).map_err(usage)?;
        let open = hours.next_open(from).map_err(usage)?;
        let start = if open == from {
            "counting starts at once (support is open)".to_string()
        } else {
            format!("counting starts at the next opening, {}", show(tz, open))
        };
        (
            deadline,
            format!("{} inside {hours_name}; {start}", duration_text(d)),
        )
    };
    if let Some(year) = hours.projected_year(from, deadline) {
        q.warnings.push(format!(
            "the {target} deadline depends on the national holidays of {year}, which are a \
             projection (announced through {})",
            holidays::PUBLISHED_THROUGH
        ));
    }
    Ok(Target {
        target,
        source,
        duration: d,
        hours: Some(hours_id.to_string()),
        deadline,
        rule: format!("{rule}{approx}"),
    })
}

/// `slagen deadline SPEC --severity NAME --from TIME`.
pub fn deadline(cli: &Cli, args: &DeadlineArgs) -> Result<(), Failure> {
    let (_loader, checked) = load_one(cli, &args.spec)?;
    let spec = checked.spec.as_ref().ok_or(Failure::Spec)?;
    let (severities, level) = find_severity(spec, &args.severity)?;
    let tz = business::time_zone(spec).map_err(usage)?;
    let from = business::parse_instant(&args.from, &tz).ok_or_else(|| {
        // Well formed, but no instant (a year like 9999 in this zone): say which range works.
        if !args.from.contains('[') && args.from.trim().parse::<jiff::civil::DateTime>().is_ok() {
            return Failure::Usage(format!(
                "invalid --from `{}`: the business calendar covers {} to {}",
                args.from,
                days::FIRST_DAY,
                days::LAST_DAY
            ));
        }
        Failure::Usage(format!(
            "invalid --from `{}`: expected a date and time such as 2026-12-25T17:30 (in the \
             spec's time zone, {}) or an instant with an offset such as 2026-12-25T17:30+09:00",
            args.from, spec.timezone
        ))
    })?;
    days::check_date(tz.to_datetime(from).date())
        .map_err(|e| Failure::Usage(format!("invalid --from `{}`: {e}", args.from)))?;
    let mut q = Query {
        spec,
        tz,
        from,
        hours_id: level.hours.as_deref().or(severities.hours.as_deref()),
        warnings: Vec::new(),
    };
    let mut targets = Vec::new();
    let prefix = format!("{}.{}", severities.head.id, level.id);
    for (target, field, d) in [
        ("response", "respond", level.respond),
        ("resolution", "resolve", level.resolve),
        ("notification", "notify", level.notify),
    ] {
        if let Some(d) = d {
            targets.push(compute(&mut q, target, format!("{prefix}.{field}"), d)?);
        }
    }
    // A severity without its own notification target takes the spec's notification terms.
    if level.notify.is_none() {
        for t in &spec.terms {
            if let Term::Notification(n) = t {
                let source = format!("{}.within", n.head.id);
                targets.push(compute(&mut q, "notification", source, n.within)?);
            }
        }
    }
    let Query { tz, warnings, .. } = q;
    for w in &warnings {
        crate::output::stderr_line(&format!("warning: {w}"));
    }
    let text = if args.json {
        pretty(&DeadlineJson {
            spec: &spec.id,
            severity: SeverityJson {
                id: &level.id,
                name: &level.name,
            },
            from: rfc3339(&tz, from),
            timezone: &spec.timezone,
            deadlines: targets
                .iter()
                .map(|t| TargetJson {
                    target: t.target,
                    source: &t.source,
                    duration: t.duration,
                    hours: t.hours.as_deref(),
                    deadline: rfc3339(&tz, t.deadline),
                    rule: &t.rule,
                })
                .collect(),
            warnings: &warnings,
        })
    } else {
        let mut s = format!(
            "{} ({}) from {} {}\n",
            level.name,
            level.id,
            show(&tz, from),
            spec.timezone
        );
        if targets.is_empty() {
            s.push_str("no targets\n");
        }
        for t in &targets {
            let _ = writeln!(
                s,
                "{:<13} {:<17} {}\n    {}\n    rule: {}",
                t.target,
                duration_text(t.duration),
                show(&tz, t.deadline),
                t.source,
                t.rule
            );
        }
        s
    };
    // Labels come from the spec: shown, never obeyed, by a terminal.
    let text = if args.json {
        text
    } else {
        crate::model::text::printable(&text).into_owned()
    };
    write(&None, &text)
}
