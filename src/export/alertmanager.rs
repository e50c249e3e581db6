//! Alertmanager: the spec's support hours, closures and regular maintenance as
//! `time_intervals`, and a routing tree that uses them, as a complete `alertmanager.yml`.
//!
//! A complete file rather than a fragment, so that `amtool check-config` and
//! `amtool config routes test` run on exactly what is exported; its receivers
//! (`slagen-page`, `slagen-ticket`, `slagen-default`) are placeholders with no integration,
//! to be given their pager and ticket integrations (or merged into an existing config by
//! name). Routing, for alerts labelled `sla_spec` with Sloth's `sloth_severity`:
//!
//! - pages go to `slagen-page` at any hour (what the spec answers around the clock), muted only
//!   during regular maintenance windows;
//! - tickets go to `slagen-ticket` only inside the support hours (`active_time_intervals`:
//!   the weekdays and windows, split windows staying split, windows across midnight split in
//!   two) and never on a closed day or in maintenance (`mute_time_intervals`: the closures of
//!   the years asked for as dated intervals — national holidays and 振替休日 from the calendar
//!   module, 年末年始, company holidays — and the maintenance windows).
//!
//! Every interval carries the spec's `location`, so Alertmanager evaluates it in the spec's
//! time zone whatever the server's.

use super::ical::Years;
use super::yaml::Yaml;
use super::{generated, openslo::dns_label};
use crate::calendar::business::{self, ServiceHours};
use crate::calendar::days::DayStatus;
use crate::diagnostic::{Diagnostic, FileId, Problem};
use crate::model::{ScheduleKind, Spec, Term, TimeOfDay, Weekday, Window};
use crate::syntax::ast::Span;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The receivers the routing tree names (placeholders).
pub const PAGE: &str = "slagen-page";
/// The ticket receiver.
pub const TICKET: &str = "slagen-ticket";
/// The receiver of alerts that are not the spec's.
pub const DEFAULT: &str = "slagen-default";

/// The Alertmanager config of `spec`, or an error when it has no support hours.
pub fn export(spec: &Spec, file: FileId, years: Years) -> Result<String, Vec<Diagnostic>> {
    let hours_id = ticket_hours(spec).ok_or_else(|| {
        vec![Diagnostic::new(
            Problem::ExportNeeds {
                export: "alertmanager",
                what: "support hours (an `hours` term that is not `always`)",
                help: "tickets are routed inside the support hours; declare them, e.g. `hours support { calendar business windows 10:00-19:00 }`",
            },
            file,
            Span::new(0, 0),
        )]
    })?;
    let hours = ServiceHours::from_spec(spec, &hours_id).map_err(|_| {
        vec![Diagnostic::new(
            Problem::ExportNeeds {
                export: "alertmanager",
                what: "support hours it can compute",
                help: "check the hours' calendar and time zone with `slagen calendar`",
            },
            file,
            Span::new(0, 0),
        )]
    })?;
    let prefix = dns_label(&spec.id);
    let location = Yaml::str(&spec.timezone);
    let support_name = format!("{prefix}-{}", dns_label(&hours_id));
    let closed_name = format!("{support_name}-closed");

    // Support hours: one entry per window shape.
    let open: Vec<Weekday> = hours.calendar().open_weekdays();
    let mut support = Vec::new();
    let same_day: Vec<&Window> = hours.windows().iter().filter(|w| !w.overnight).collect();
    if !same_day.is_empty() {
        support.push(interval(
            weekdays(&open, 0),
            same_day
                .iter()
                .map(|w| time_range(w.start, w.end))
                .collect(),
            &location,
        ));
    }
    for w in hours.windows().iter().filter(|w| w.overnight) {
        support.push(interval(
            weekdays(&open, 0),
            vec![time_range(w.start, TimeOfDay::END_OF_DAY)],
            &location,
        ));
        if w.end != TimeOfDay::MIDNIGHT {
            support.push(interval(
                weekdays(&open, 1),
                vec![time_range(TimeOfDay::MIDNIGHT, w.end)],
                &location,
            ));
        }
    }

    // Closures on days that are otherwise open, as dated intervals.
    let mut closed = Vec::new();
    for year in years.first..=years.last() {
        let Ok(days) = hours.calendar().year(year) else {
            continue;
        };
        for (date, status) in &days {
            let weekday = date.weekday().to_monday_zero_offset() as usize;
            if matches!(status, DayStatus::Closed(_)) && open.iter().any(|d| d.index() == weekday) {
                closed.push(Yaml::map([
                    (
                        "years",
                        Yaml::List(vec![Yaml::str(date.year().to_string())]),
                    ),
                    (
                        "months",
                        Yaml::List(vec![Yaml::str(date.month().to_string())]),
                    ),
                    (
                        "days_of_month",
                        Yaml::List(vec![Yaml::str(date.day().to_string())]),
                    ),
                    ("location", location.clone()),
                ]));
            }
        }
    }

    // Regular maintenance windows.
    let mut maintenance = Vec::new();
    let mut irregular = Vec::new();
    for t in &spec.terms {
        let Term::Maintenance(m) = t else { continue };
        let (days, window): (Vec<Weekday>, Window) = match (m.schedule, m.window) {
            (ScheduleKind::Daily, Some(w)) => (Weekday::ALL.to_vec(), w),
            (ScheduleKind::Weekly, Some(w)) if !m.days.is_empty() => (m.days.clone(), w),
            // Irregular, monthly or announced each time: no time the alerts can know.
            _ => {
                irregular.push(m.head.id.clone());
                continue;
            }
        };
        let mut entries = Vec::new();
        if window.overnight {
            entries.push(interval(
                weekdays(&days, 0),
                vec![time_range(window.start, TimeOfDay::END_OF_DAY)],
                &location,
            ));
            if window.end != TimeOfDay::MIDNIGHT {
                entries.push(interval(
                    weekdays(&days, 1),
                    vec![time_range(TimeOfDay::MIDNIGHT, window.end)],
                    &location,
                ));
            }
        } else {
            entries.push(interval(
                weekdays(&days, 0),
                vec![time_range(window.start, window.end)],
                &location,
            ));
        }
        maintenance.push((
            format!("{prefix}-maintenance-{}", dns_label(&m.head.id)),
            entries,
        ));
    }

    let matcher = |name: &str, value: &str| Yaml::str(format!("{name}=\"{value}\""));
    let names = |v: Vec<String>| Yaml::List(v.into_iter().map(Yaml::str).collect());
    let maintenance_names: Vec<String> = maintenance.iter().map(|(n, _)| n.clone()).collect();
    let mut page_route = vec![
        ("receiver".to_string(), Yaml::str(PAGE)),
        (
            "matchers".to_string(),
            Yaml::List(vec![
                matcher("sla_spec", &spec.id),
                matcher("sloth_severity", "page"),
            ]),
        ),
    ];
    if !maintenance_names.is_empty() {
        page_route.push((
            "mute_time_intervals".into(),
            names(maintenance_names.clone()),
        ));
    }
    let mut ticket_mute = maintenance_names;
    if !closed.is_empty() {
        ticket_mute.insert(0, closed_name.clone());
    }
    let mut ticket_route = vec![
        ("receiver".to_string(), Yaml::str(TICKET)),
        (
            "matchers".to_string(),
            Yaml::List(vec![
                matcher("sla_spec", &spec.id),
                matcher("sloth_severity", "ticket"),
            ]),
        ),
        (
            "active_time_intervals".to_string(),
            names(vec![support_name.clone()]),
        ),
    ];
    if !ticket_mute.is_empty() {
        ticket_route.push(("mute_time_intervals".into(), names(ticket_mute)));
    }

    let mut intervals = vec![Yaml::map([
        ("name", Yaml::str(&support_name)),
        ("time_intervals", Yaml::List(support)),
    ])];
    if !closed.is_empty() {
        intervals.push(Yaml::map([
            ("name", Yaml::str(&closed_name)),
            ("time_intervals", Yaml::List(closed)),
        ]));
    }
    for (name, entries) in maintenance {
        intervals.push(Yaml::map([
            ("name", Yaml::str(name)),
            ("time_intervals", Yaml::List(entries)),
        ]));
    }

    let config = Yaml::map([
        (
            "route",
            Yaml::map([
                ("receiver", Yaml::str(DEFAULT)),
                (
                    "group_by",
                    Yaml::List(
                        ["alertname", "sla_spec", "sloth_slo", "sloth_severity"]
                            .into_iter()
                            .map(Yaml::str)
                            .collect(),
                    ),
                ),
                (
                    "routes",
                    Yaml::List(vec![Yaml::Map(page_route), Yaml::Map(ticket_route)]),
                ),
            ]),
        ),
        (
            "receivers",
            Yaml::List(
                [DEFAULT, PAGE, TICKET]
                    .into_iter()
                    .map(|r| Yaml::map([("name", Yaml::str(r))]))
                    .collect(),
            ),
        ),
        ("time_intervals", Yaml::List(intervals)),
    ]);

    let [a, b] = generated(spec);
    let mut out = format!(
        "# {a}\n# {b}\n\
         # Support hours: `{hours_id}` in {tz}; closures of {first}–{last} (export again with\n\
         # --year/--years for later years). The receivers are placeholders without integrations:\n\
         # give {PAGE} your pager and {TICKET} your ticket system.\n",
        tz = spec.timezone,
        first = years.first,
        last = years.last(),
    );
    for id in irregular {
        out.push_str(&format!(
            "# The maintenance window `{id}` is irregular (or monthly without a day): it has no\n\
             # interval; silence its alerts when it is announced.\n"
        ));
    }
    config.write(&mut out);
    Ok(out)
}

/// The hours tickets are worked in: the severities' hours, else the first hours term that is
/// not `always`.
pub fn ticket_hours(spec: &Spec) -> Option<String> {
    let not_always = |id: &str| {
        business::hours_term(spec, id)
            .map(|h| !h.always)
            .unwrap_or(false)
    };
    spec.terms
        .iter()
        .find_map(|t| match t {
            Term::Severities(s) => s.hours.clone().filter(|h| not_always(h)),
            _ => None,
        })
        .or_else(|| {
            spec.terms.iter().find_map(|t| match t {
                Term::Hours(h) if not_always(&h.head.id) => Some(h.head.id.clone()),
                _ => None,
            })
        })
}

/// Weekday names, each moved `shift` days later (the morning part of an overnight window).
fn weekdays(days: &[Weekday], shift: usize) -> Vec<Yaml> {
    let mut idx: Vec<usize> = days.iter().map(|d| (d.index() + shift) % 7).collect();
    idx.sort_unstable();
    idx.dedup();
    idx.into_iter().map(|i| Yaml::str(WEEKDAYS[i])).collect()
}

fn hhmm(t: TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn time_range(start: TimeOfDay, end: TimeOfDay) -> Yaml {
    Yaml::map([
        ("start_time", Yaml::str(hhmm(start))),
        ("end_time", Yaml::str(hhmm(end))),
    ])
}

fn interval(weekdays: Vec<Yaml>, times: Vec<Yaml>, location: &Yaml) -> Yaml {
    Yaml::map([
        ("weekdays", Yaml::List(weekdays)),
        ("times", Yaml::List(times)),
        ("location", location.clone()),
    ])
}
