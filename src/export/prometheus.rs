//! Prometheus rules, Sloth-compatible: the SLI recording rules `slo:sli_error:ratio_rate<window>`,
//! Sloth's meta rules and the multiwindow, multi-burn-rate alerts, with Sloth's labels
//! (`sloth_id`, `sloth_service`, `sloth_slo`, `sloth_window`, `sloth_severity`) and slagen's
//! (`sla_spec`, `sla_revision`) — plus what Sloth cannot do: time inside the spec's maintenance
//! windows does not burn budget.
//!
//! Construction (explained for SREs in `docs/exports.md`):
//!
//! 1. `slagen:maintenance:active{sla_spec, maintenance}` is 1 while a maintenance window the
//!    objective excludes is on. A regular window (`daily`, `weekly` with days) is computed from
//!    `time()` shifted to the spec's time zone (its fixed UTC offset; a zone with daylight saving
//!    time within the years is refused). An irregular window has no dates: it is on inside its
//!    time of day while the operator's series `slagen_maintenance_scheduled{sla_spec,
//!    maintenance}` is 1 (set for announced days, e.g. by a pushgateway or a recording rule).
//! 2. Two base series a objective, sampled at every rule evaluation and dropped while
//!    maintenance is on (`unless on() (… == 1)`): `slagen:sli_errors:rate5m` and
//!    `slagen:sli_total:rate5m` — the event queries over 5m, or for a probe `1 - min(probe)`
//!    and 1.
//! 3. `slo:sli_error:ratio_rate<W>` = `sum_over_time(errors[W]) / sum_over_time(total[W])` for
//!    5m, 30m, 1h, 2h, 6h, 1d, 3d and the period (30d for a month, as Sloth): the dropped
//!    samples are simply not in the window.
//! 4. Alerts burn against the internal objective when the spec gives one (else the contract's
//!    target): fast burn 1h∧5m and 6h∧30m, slow burn 1d∧2h and 3d∧6h, with the SRE Workbook's
//!    factors scaled to the period (14.4, 6, 3, 1 for 30 days). The fast burn is a `page` when
//!    the spec answers at any hour (an `after_hours` term, or support hours that are `always`),
//!    else a `ticket`; the slow burn is a `ticket`.

use super::generated;
use super::openslo::{display_name, dns_label};
use super::yaml::{Yaml, ratio};
use crate::calendar::business;
use crate::diagnostic::{Diagnostic, FileId, Problem};
use crate::model::{Availability, Maintenance, Period, ScheduleKind, Sli, Spec, Term, Window};

/// The windows of the SLI rules, besides the period.
pub const WINDOWS: [&str; 7] = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

/// How long a period is in days, for the period window and the burn-rate factors.
pub fn period_days(p: Period) -> u32 {
    match p {
        Period::Month => 30,
        Period::Quarter => 90,
        Period::Year => 365,
        Period::Rolling { days } => days.max(1),
    }
}

/// The SRE Workbook's burn-rate factor for spending `budget_share` of the budget in
/// `long_hours`, for a period of `days`.
fn factor(budget_share: f64, days: u32, long_hours: u32) -> String {
    let f = budget_share * f64::from(days) * 24.0 / f64::from(long_hours);
    // Rounded to 4 decimals so 14.4 prints as 14.4, not 14.399999999999999.
    let r = (f * 10_000.0).round() / 10_000.0;
    format!("{r}")
}

/// The rules of `spec`, or an error at each objective without a measurement.
pub fn export(
    spec: &Spec,
    file: FileId,
    years: super::ical::Years,
) -> Result<String, Vec<Diagnostic>> {
    let objectives = super::needs_measure(spec, file, "prometheus")?;
    let tz = business::time_zone(spec).map_err(|_| Vec::new())?;
    // A fixed UTC offset over the years: PromQL has no time zones.
    let offset = {
        let start = jiff::civil::Date::new(years.first, 1, 1)
            .and_then(|d| d.to_zoned(tz.clone()))
            .map(|z| z.timestamp());
        let end = jiff::civil::Date::new(years.last(), 12, 31)
            .and_then(|d| d.to_zoned(tz.clone()))
            .map(|z| z.timestamp());
        match (start, end) {
            (Ok(s), Ok(e)) => {
                let changes = tz.following(s).take_while(|t| t.timestamp() <= e).count();
                (changes == 0).then(|| tz.to_offset(s).seconds())
            }
            _ => None,
        }
    };
    let maintenance = |a: &Availability| -> Vec<&Maintenance> {
        a.excludes
            .iter()
            .filter_map(|id| match spec.term(id) {
                Some(Term::Maintenance(m)) => Some(m),
                _ => None,
            })
            .collect()
    };
    let uses_maintenance = objectives.iter().any(|a| !maintenance(a).is_empty());
    let offset = match (offset, uses_maintenance) {
        (Some(o), _) => o,
        (None, false) => 0,
        (None, true) => {
            return Err(vec![Diagnostic::new(
                Problem::ExportNeeds {
                    export: "prometheus",
                    what: "a time zone with a fixed UTC offset for its maintenance windows",
                    help: "PromQL has no time zones: maintenance windows are computed from a fixed offset; a zone with daylight saving time cannot be exported",
                },
                file,
                objectives[0].span,
            )]);
        }
    };
    let answers_any_hour = spec.terms.iter().any(|t| matches!(t, Term::AfterHours(_)))
        || super::alertmanager::ticket_hours(spec).is_none();

    let mut groups = Vec::new();
    // 1. Maintenance windows, once each.
    let mut seen = Vec::new();
    let mut maint_rules = Vec::new();
    for a in &objectives {
        for m in maintenance(a) {
            if !seen.contains(&m.head.id) {
                seen.push(m.head.id.clone());
                maint_rules.push(maintenance_rule(spec, m, offset));
            }
        }
    }
    if !maint_rules.is_empty() {
        groups.push(group(
            &format!("slagen-maintenance-{}", dns_label(&spec.id)),
            maint_rules,
        ));
    }
    for a in &objectives {
        groups.extend(slo_groups(spec, a, &maintenance(a), answers_any_hour));
    }
    let [first, second] = generated(spec);
    let mut out = format!(
        "# {first}\n# {second}\n\
         # Sloth-compatible SLO rules; time in the spec's maintenance windows does not burn budget.\n"
    );
    Yaml::map([("groups", Yaml::List(groups))]).write(&mut out);
    Ok(out)
}

fn group(name: &str, rules: Vec<Yaml>) -> Yaml {
    Yaml::map([("name", Yaml::str(name)), ("rules", Yaml::List(rules))])
}

fn labels(pairs: &[(&str, String)]) -> Yaml {
    Yaml::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Yaml::str(v)))
            .collect(),
    )
}

fn record(name: &str, expr: String, labels_: Yaml) -> Yaml {
    Yaml::map([
        ("record", Yaml::str(name)),
        ("expr", Yaml::str(expr)),
        ("labels", labels_),
    ])
}

/// A PromQL scalar that is 1 while local time (UTC + `offset` seconds) is inside `window` on
/// one of `days` (Monday 0), else 0.
fn window_scalar(window: &Window, days: &[usize], offset: i32) -> String {
    let tod = format!("((time() + {offset}) % 86400)");
    let dow = format!("scalar(day_of_week(vector(time() + {offset})))");
    // PromQL's day_of_week: Sunday is 0.
    let on_day = |shift: usize| -> String {
        if days.len() == 7 {
            return "1".into();
        }
        let parts: Vec<String> = days
            .iter()
            .map(|d| format!("({dow} == bool {})", (d + shift + 1) % 7))
            .collect();
        // A day is one number, so at most one term is 1.
        format!("({})", parts.join(" + "))
    };
    let start = u32::from(window.start.minutes()) * 60;
    let end = u32::from(window.end.minutes()) * 60;
    if window.overnight {
        format!(
            "({tod} >= bool {start}) * {} + ({tod} < bool {end}) * {}",
            on_day(0),
            on_day(1)
        )
    } else {
        format!(
            "({tod} >= bool {start}) * ({tod} < bool {end}) * {}",
            on_day(0)
        )
    }
}

fn maintenance_rule(spec: &Spec, m: &Maintenance, offset: i32) -> Yaml {
    let all: Vec<usize> = (0..7).collect();
    let marked = format!(
        "(max(slagen_maintenance_scheduled{{sla_spec=\"{}\",maintenance=\"{}\"}}) or vector(0))",
        spec.id, m.head.id
    );
    let expr = match (m.schedule, &m.window) {
        (ScheduleKind::Daily, Some(w)) => format!("vector({})", window_scalar(w, &all, offset)),
        (ScheduleKind::Weekly, Some(w)) if !m.days.is_empty() => {
            let days: Vec<usize> = m.days.iter().map(|d| d.index()).collect();
            format!("vector({})", window_scalar(w, &days, offset))
        }
        // No dates: on inside its time of day on the days the operator marks.
        (_, Some(w)) => format!("vector({}) * on() {marked}", window_scalar(w, &all, offset)),
        // Announced each time, with no time of day: on while the operator marks it.
        (_, None) => marked,
    };
    record(
        "slagen:maintenance:active",
        expr,
        labels(&[
            ("sla_spec", spec.id.clone()),
            ("maintenance", m.head.id.clone()),
        ]),
    )
}

fn slo_groups(
    spec: &Spec,
    a: &Availability,
    maintenance: &[&Maintenance],
    answers_any_hour: bool,
) -> Vec<Yaml> {
    let measure = a.measure.as_ref().expect("checked by needs_measure");
    let sloth_id = dns_label(&format!("{}-{}", spec.id, a.head.id));
    let base = vec![
        ("sloth_id", sloth_id.clone()),
        ("sloth_service", spec.id.clone()),
        ("sloth_slo", a.head.id.clone()),
        ("sla_spec", spec.id.clone()),
        ("sla_revision", spec.revised.to_string()),
    ];
    let selector = format!(
        "{{sloth_id=\"{sloth_id}\", sloth_service=\"{}\", sloth_slo=\"{}\"}}",
        spec.id, a.head.id
    );
    let unless = if maintenance.is_empty() {
        String::new()
    } else {
        let ids: Vec<&str> = maintenance.iter().map(|m| m.head.id.as_str()).collect();
        format!(
            " unless on() (max(slagen:maintenance:active{{sla_spec=\"{}\", maintenance=~\"{}\"}}) == 1)",
            spec.id,
            ids.join("|")
        )
    };
    let (errors, total) = match &measure.sli {
        Sli::Probe { query } => (
            format!("(1 - min({query})){unless}"),
            format!("(min({query}) * 0 + 1){unless}"),
        ),
        Sli::Events { errors, total } => (
            format!("({}){unless}", errors.replace(Sli::WINDOW, "5m")),
            format!("({}){unless}", total.replace(Sli::WINDOW, "5m")),
        ),
    };
    let days = period_days(a.period);
    let period = format!("{days}d");
    let mut sli = vec![
        record("slagen:sli_errors:rate5m", errors, labels(&base)),
        record("slagen:sli_total:rate5m", total, labels(&base)),
    ];
    let mut windows: Vec<String> = WINDOWS.iter().map(|w| w.to_string()).collect();
    if !windows.contains(&period) {
        windows.push(period.clone());
    }
    for w in &windows {
        let mut l = base.clone();
        l.push(("sloth_window", w.clone()));
        sli.push(record(
            &format!("slo:sli_error:ratio_rate{w}"),
            format!(
                "sum_over_time(slagen:sli_errors:rate5m{selector}[{w}])\n/\nsum_over_time(slagen:sli_total:rate5m{selector}[{w}])"
            ),
            labels(&l),
        ));
    }
    let objective = measure
        .internal
        .or(a.target)
        .expect("checked by needs_measure");
    let budget = 1_000_000u32.saturating_sub(objective.ten_thousandths());
    let budget = ratio(crate::model::Percent::from_ten_thousandths(budget));
    let objective = ratio(objective);
    let info_labels = {
        let mut l = base.clone();
        l.push(("sloth_objective", objective.clone()));
        l.push(("sla_label", display_name(a)));
        if let Some(t) = a.target {
            l.push(("sla_target", ratio(t)));
        }
        l
    };
    let meta = vec![
        record(
            "slo:objective:ratio",
            format!("vector({objective})"),
            labels(&base),
        ),
        record(
            "slo:error_budget:ratio",
            format!("vector(1 - {objective})"),
            labels(&base),
        ),
        record(
            "slo:time_period:days",
            format!("vector({days})"),
            labels(&base),
        ),
        record(
            "slo:current_burn_rate:ratio",
            format!(
                "slo:sli_error:ratio_rate5m{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}"
            ),
            labels(&base),
        ),
        record(
            "slo:period_burn_rate:ratio",
            format!(
                "slo:sli_error:ratio_rate{period}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}"
            ),
            labels(&base),
        ),
        record(
            "slo:period_error_budget_remaining:ratio",
            format!("1 - slo:period_burn_rate:ratio{selector}"),
            labels(&base),
        ),
        record("sloth_slo_info", "vector(1)".into(), labels(&info_labels)),
    ];
    let condition = |short: &str, long: &str, f: &str| {
        format!(
            "(\n    max(slo:sli_error:ratio_rate{short}{selector} > ({f} * {budget})) without (sloth_window)\n    and\n    max(slo:sli_error:ratio_rate{long}{selector} > ({f} * {budget})) without (sloth_window)\n)"
        )
    };
    let fast = format!(
        "{}\nor ignoring (sloth_window)\n{}",
        condition("5m", "1h", &factor(0.02, days, 1)),
        condition("30m", "6h", &factor(0.05, days, 6))
    );
    let slow = format!(
        "{}\nor ignoring (sloth_window)\n{}",
        condition("2h", "1d", &factor(0.10, days, 24)),
        condition("6h", "3d", &factor(0.10, days, 72))
    );
    let name = display_name(a);
    let alert = |alert: &str, expr: String, severity: &str, for_: &str, what: &str| {
        let mut l = base.clone();
        l.push(("sloth_severity", severity.to_string()));
        Yaml::map([
            ("alert", Yaml::str(alert)),
            ("expr", Yaml::str(expr)),
            ("for", Yaml::str(for_)),
            ("labels", labels(&l)),
            (
                "annotations",
                labels(&[(
                    "summary",
                    format!("{} {name}: エラーバジェットの消費が{what}", spec.service),
                )]),
            ),
        ])
    };
    let fast_severity = if answers_any_hour { "page" } else { "ticket" };
    let alerts = vec![
        alert(
            "SLAErrorBudgetBurnFast",
            fast,
            fast_severity,
            "2m",
            "速すぎます",
        ),
        alert(
            "SLAErrorBudgetBurnSlow",
            slow,
            "ticket",
            "15m",
            "続いています",
        ),
    ];
    vec![
        group(&format!("sloth-slo-sli-recordings-{sloth_id}"), sli),
        group(&format!("sloth-slo-meta-recordings-{sloth_id}"), meta),
        group(&format!("sloth-slo-alerts-{sloth_id}"), alerts),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_scale_to_the_period() {
        assert_eq!(factor(0.02, 30, 1), "14.4");
        assert_eq!(factor(0.05, 30, 6), "6");
        assert_eq!(factor(0.10, 30, 24), "3");
        assert_eq!(factor(0.10, 30, 72), "1");
        assert_eq!(factor(0.02, 90, 1), "43.2");
    }
}
