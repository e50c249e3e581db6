//! iCalendar (RFC 5545): what the contract says about days and maintenance, for the calendars
//! people already read.
//!
//! - Every closed day of every support-hours term (hours that are not `always`) over the years
//!   asked for, as an all-day event: national holidays and 振替休日 from the calendar module,
//!   annual closures (年末年始), company holidays, closed weekdays. The events are the ones
//!   `slagen calendar --format ics` writes for one year (same UIDs and summaries): both come
//!   from [`closed_day_event`].
//! - Every regular maintenance window (`schedule daily`, or `weekly` with its days) as one
//!   recurring event in the spec's time zone (`RRULE` until the last day asked for). Windows
//!   `irregular` or `monthly` (no day is given) have no dates to put in a calendar; the
//!   calendar's `DESCRIPTION` says so rather than inventing a recurrence.
//! - A `VTIMEZONE` for the spec's zone built from the time-zone database (its transitions over
//!   the years; one `STANDARD` for a zone without them, such as Asia/Tokyo).
//!
//! Support hours are not written as busy/free blocks: the closed days carry the hours in their
//! description, and thousands of daily blocks would bury the closures in a calendar app.
//! `DTSTAMP` is the spec's revision date and UIDs are built from ids and dates, so the same spec
//! gives the same bytes.

use super::generated;
use crate::calendar::business::{self, ServiceHours};
use crate::calendar::days::{DayStatus, Reason};
use crate::calendar::ics::Writer;
use crate::diagnostic::{Diagnostic, FileId, Problem};
use crate::model::{Hours, Maintenance, ScheduleKind, Spec, Term, TimeOfDay, Window};
use crate::syntax::ast::Span;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Which years a calendar export covers.
#[derive(Debug, Clone, Copy)]
pub struct Years {
    /// The first year.
    pub first: i16,
    /// How many years (at least 1).
    pub count: u16,
}

impl Years {
    /// The last year covered.
    pub fn last(self) -> i16 {
        self.first
            .saturating_add(i16::try_from(self.count.max(1)).unwrap_or(i16::MAX) - 1)
    }
}

/// The spec's closures and regular maintenance as an iCalendar document.
pub fn export(spec: &Spec, file: FileId, years: Years) -> Result<String, Vec<Diagnostic>> {
    let error = |what| {
        vec![Diagnostic::new(
            Problem::ExportNeeds {
                export: "ical",
                what,
                help: "the calendar export writes support hours' closed days and regular maintenance windows",
            },
            file,
            Span::new(0, 0),
        )]
    };
    let tz = business::time_zone(spec).map_err(|_| error("a known time zone"))?;
    let hours: Vec<&Hours> = support_hours(spec);
    let maintenance: Vec<&Maintenance> = spec
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Maintenance(m) => Some(m),
            _ => None,
        })
        .collect();
    if hours.is_empty() && maintenance.is_empty() {
        return Err(error("support hours or a maintenance window"));
    }
    let mut w = Writer::new();
    let title = format!("{} SLA カレンダー", spec.service);
    let mut notes = vec![format!(
        "{}：休業日（{}年～{}年）と定期メンテナンス。",
        spec.title,
        years.first,
        years.last()
    )];
    for m in &maintenance {
        let label = m.head.label.as_deref().unwrap_or(&m.head.id);
        match (recurrence(m), m.window) {
            (Some(_), _) => {}
            (None, Some(w)) => notes.push(format!(
                "{label}（{}）は{}のため日付がなく、予定に含めていません。",
                window_text(&w),
                match m.schedule {
                    ScheduleKind::Monthly => "月1回（日の指定なし）",
                    _ => "不定期",
                }
            )),
            (None, None) => notes.push(format!(
                "{label}は実施のたびに通知されるため日付がなく、予定に含めていません。"
            )),
        }
    }
    let description = notes.join(" ");
    w.calendar(&title, &description, &spec.timezone);
    // The header comment of the other exports, as the calendar's comment property.
    w.text("X-SLAGEN-GENERATED", &generated(spec).join(" "));
    vtimezone(&mut w, &spec.timezone, &tz, years);
    for h in &hours {
        let Ok(sh) = ServiceHours::from_spec(spec, &h.head.id) else {
            continue;
        };
        let name = h.head.label.as_deref().unwrap_or(&h.head.id);
        for year in years.first..=years.last() {
            let Ok(days) = sh.calendar().year(year) else {
                continue;
            };
            for (date, status) in &days {
                if let DayStatus::Closed(reasons) = status {
                    closed_day_event(&mut w, spec, &h.head.id, name, sh.windows(), *date, reasons);
                }
            }
        }
    }
    for m in &maintenance {
        maintenance_event(&mut w, spec, &tz, m, years);
    }
    w.end("VCALENDAR");
    Ok(w.finish())
}

/// The hours terms that have closed days (not `always`), in declaration order.
fn support_hours(spec: &Spec) -> Vec<&Hours> {
    spec.terms
        .iter()
        .filter_map(|t| match t {
            Term::Hours(h) => Some(h),
            _ => None,
        })
        .filter(|h| {
            business::hours_term(spec, &h.head.id)
                .map(|r| !r.always)
                .unwrap_or(false)
        })
        .collect()
}

/// `10:00～19:00`, `22:00～翌9:00`, joined by 、.
pub fn windows_text(windows: &[Window]) -> String {
    windows
        .iter()
        .map(window_text)
        .collect::<Vec<_>>()
        .join("、")
}

fn window_text(w: &Window) -> String {
    if w.overnight {
        format!("{}～翌{}", w.start, w.end)
    } else {
        format!("{}～{}", w.start, w.end)
    }
}

/// The reasons a day is closed, joined by 、.
pub fn reasons_text(reasons: &[Reason<'_>]) -> String {
    reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// `DTSTAMP`: the spec's revision date, never the clock.
pub fn stamp(spec: &Spec) -> String {
    format!("{}T000000Z", spec.revised.first_day().strftime("%Y%m%d"))
}

/// One closed day as an all-day event (UID `YYYYMMDD-term-spec@slagen`).
pub fn closed_day_event(
    w: &mut Writer,
    spec: &Spec,
    term: &str,
    name: &str,
    windows: &[Window],
    date: Date,
    reasons: &[Reason<'_>],
) {
    let hours = if windows.is_empty() {
        String::new()
    } else {
        format!("{}（{}）", windows_text(windows), spec.timezone)
    };
    let day = date.strftime("%Y%m%d").to_string();
    let next = date
        .tomorrow()
        .map(|d| d.strftime("%Y%m%d").to_string())
        .unwrap_or_default();
    w.begin("VEVENT");
    w.text("UID", &format!("{day}-{term}-{}@slagen", spec.id));
    w.raw("DTSTAMP", &stamp(spec));
    w.raw("DTSTART;VALUE=DATE", &day);
    w.raw("DTEND;VALUE=DATE", &next);
    w.text(
        "SUMMARY",
        &format!("{name} 休業: {}", reasons_text(reasons)),
    );
    if !hours.is_empty() {
        w.text(
            "DESCRIPTION",
            &format!(
                "{}は{}のため休業です。営業日の受付時間: {hours}",
                name,
                reasons_text(reasons)
            ),
        );
    }
    w.raw("TRANSP", "TRANSPARENT");
    w.end("VEVENT");
}

/// The `RRULE` body of a regular maintenance window without its `UNTIL`, or `None` when the
/// spec gives it no dates.
fn recurrence(m: &Maintenance) -> Option<String> {
    const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    m.window?;
    match m.schedule {
        ScheduleKind::Daily => Some("FREQ=DAILY".into()),
        ScheduleKind::Weekly if !m.days.is_empty() => {
            let mut days: Vec<usize> = m.days.iter().map(|d| d.index()).collect();
            days.sort_unstable();
            days.dedup();
            let days: Vec<&str> = days.into_iter().map(|i| BYDAY[i]).collect();
            Some(format!("FREQ=WEEKLY;BYDAY={}", days.join(",")))
        }
        _ => None,
    }
}

fn local(date: Date, t: TimeOfDay) -> String {
    if t == TimeOfDay::END_OF_DAY {
        let next = date.tomorrow().unwrap_or(date);
        return format!("{}T000000", next.strftime("%Y%m%d"));
    }
    format!(
        "{}T{:02}{:02}00",
        date.strftime("%Y%m%d"),
        t.hour(),
        t.minute()
    )
}

/// A regular maintenance window as one recurring event from its first day in `years`.
fn maintenance_event(w: &mut Writer, spec: &Spec, tz: &TimeZone, m: &Maintenance, years: Years) {
    let (Some(rule), Some(window)) = (recurrence(m), m.window) else {
        return;
    };
    let Ok(jan1) = Date::new(years.first, 1, 1) else {
        return;
    };
    // DTSTART is the first occurrence: the first listed weekday from 1 January.
    let first = (0..7)
        .filter_map(|i| jan1.checked_add(jiff::Span::new().days(i)).ok())
        .find(|d| {
            m.schedule != ScheduleKind::Weekly
                || m.days
                    .iter()
                    .any(|wd| wd.index() == d.weekday().to_monday_zero_offset() as usize)
        })
        .unwrap_or(jan1);
    let end_day = if window.overnight {
        first.tomorrow().unwrap_or(first)
    } else {
        first
    };
    // UNTIL is the start of the last possible occurrence, in UTC as RFC 5545 requires with TZID.
    let last = Date::new(years.last(), 12, 31).unwrap_or(jan1);
    let until = last
        .at(
            (window.start.hour() % 24) as i8,
            window.start.minute() as i8,
            0,
            0,
        )
        .to_zoned(tz.clone())
        .map(|z| z.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default();
    let label = m.head.label.as_deref().unwrap_or(&m.head.id);
    w.begin("VEVENT");
    w.text(
        "UID",
        &format!("maintenance-{}-{}@slagen", m.head.id, spec.id),
    );
    w.raw("DTSTAMP", &stamp(spec));
    w.raw(
        &format!("DTSTART;TZID={}", spec.timezone),
        &local(first, window.start),
    );
    w.raw(
        &format!("DTEND;TZID={}", spec.timezone),
        &local(end_day, window.end),
    );
    w.raw("RRULE", &format!("{rule};UNTIL={until}"));
    w.text("SUMMARY", &format!("{label}（{}）", spec.service));
    let mut description = format!("{label}：{}", window_text(&window));
    if !m.stops.is_empty() {
        description.push_str(&format!("。停止する機能: {}", m.stops.join("、")));
    }
    w.text("DESCRIPTION", &description);
    w.raw("TRANSP", "OPAQUE");
    w.end("VEVENT");
}

/// `VTIMEZONE` for `name`: the offset in force at the start of the first year as a `STANDARD`
/// (or `DAYLIGHT`) component, and one component per transition within the years.
fn vtimezone(w: &mut Writer, name: &str, tz: &TimeZone, years: Years) {
    let Ok(start) = Date::new(years.first, 1, 1).and_then(|d| d.to_zoned(tz.clone())) else {
        return;
    };
    let Ok(end) = Date::new(years.last(), 12, 31).and_then(|d| d.to_zoned(tz.clone())) else {
        return;
    };
    let offset_text = |o: jiff::tz::Offset| {
        let secs = o.seconds();
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.unsigned_abs();
        format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
    };
    w.begin("VTIMEZONE");
    w.raw("TZID", name);
    let info = tz.to_offset_info(start.timestamp());
    let mut previous = info.offset();
    let component = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    // The offset in force from before the first day (DTSTART far enough back to cover it).
    w.begin(component(info.dst().is_dst()));
    w.raw("DTSTART", "19700101T000000");
    w.raw("TZOFFSETFROM", &offset_text(previous));
    w.raw("TZOFFSETTO", &offset_text(previous));
    w.text("TZNAME", info.abbreviation());
    w.end(component(info.dst().is_dst()));
    for t in tz.following(start.timestamp()) {
        if t.timestamp() > end.timestamp() {
            break;
        }
        let kind = component(t.dst().is_dst());
        // DTSTART is the local time of the transition in the offset before it.
        let local = previous.to_datetime(t.timestamp());
        w.begin(kind);
        w.raw("DTSTART", &local.strftime("%Y%m%dT%H%M%S").to_string());
        w.raw("TZOFFSETFROM", &offset_text(previous));
        w.raw("TZOFFSETTO", &offset_text(t.offset()));
        w.text("TZNAME", t.abbreviation());
        w.end(kind);
        previous = t.offset();
    }
    w.end("VTIMEZONE");
}
