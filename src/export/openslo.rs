//! OpenSLO v1: a `Service` for the spec and one `SLO` per measured availability objective,
//! as a multi-document YAML file.
//!
//! - The time window is the spec's `period`: calendar-aligned (`1M`, `1Q`, `1Y`) starting at the
//!   start of the period that holds the spec's effective date (else its revision date), in the
//!   spec's IANA time zone; `rolling N days` is `Nd` with `isRolling: true`.
//! - A probe is time-based: `budgetingMethod: Timeslices`, a `thresholdMetric` that is good while
//!   the probe is ≥ 1, `timeSliceWindow` the objective's `interval` (else the spec's monitoring
//!   interval, else one minute). An event ratio is `Occurrences` with a `ratioMetric` of bad and
//!   total events; its `{{.window}}` placeholder is filled with that same interval, as OpenSLO's
//!   Prometheus queries have no placeholder.
//! - Targets are ratios (98% → 0.98). The contract's target is the first objective; the internal
//!   objective is a second one for an event ratio (OpenSLO allows one objective with a
//!   threshold metric, so a probe's internal objective is the annotation
//!   `slagen.dev/internal-target`), and the only one when the contract states no target.
//! - Names are DNS labels derived from ids; Japanese labels go to `displayName`.

use super::yaml::{Yaml, ratio};
use super::{header, needs_measure};
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::{Availability, Duration, Period, Sli, Spec, Term};

/// The OpenSLO documents of `spec`, or an error at each objective that has no measurement.
pub fn export(spec: &Spec, file: FileId) -> Result<String, Vec<Diagnostic>> {
    let objectives = needs_measure(spec, file, "openslo")?;
    let mut out = header(spec, "#");
    let service = dns_label(&spec.id);
    let mut docs = vec![Yaml::map([
        ("apiVersion", Yaml::str("openslo/v1")),
        ("kind", Yaml::str("Service")),
        (
            "metadata",
            Yaml::map([
                ("name", Yaml::str(&service)),
                ("displayName", Yaml::str(&spec.service)),
                ("labels", labels(spec)),
            ]),
        ),
        (
            "spec",
            Yaml::map([("description", Yaml::str(clip(&spec.title, 1050)))]),
        ),
    ])];
    for a in objectives {
        docs.push(slo(spec, a, &service));
    }
    for d in docs {
        out.push_str("---\n");
        d.write(&mut out);
    }
    Ok(out)
}

fn labels(spec: &Spec) -> Yaml {
    Yaml::map([
        ("sla_spec", Yaml::str(dns_label(&spec.id))),
        ("sla_revision", Yaml::str(spec.revised.to_string())),
    ])
}

fn slo(spec: &Spec, a: &Availability, service: &str) -> Yaml {
    let measure = a.measure.as_ref().expect("checked by needs_measure");
    let name = dns_label(&format!("{}-{}", spec.id, a.head.id));
    let display = display_name(a);
    let slice = slice_window(spec, a);
    let (method, indicator) = match &measure.sli {
        Sli::Probe { query } => (
            "Timeslices",
            Yaml::map([("thresholdMetric", metric_source(query))]),
        ),
        Sli::Events { errors, total } => {
            let window = prometheus_range(slice);
            (
                "Occurrences",
                Yaml::map([(
                    "ratioMetric",
                    Yaml::map([
                        ("counter", Yaml::raw("false")),
                        ("bad", metric_source(&errors.replace(Sli::WINDOW, &window))),
                        ("total", metric_source(&total.replace(Sli::WINDOW, &window))),
                    ]),
                )]),
            )
        }
    };
    let timeslices = method == "Timeslices";
    let objective = |label: &str, target: crate::model::Percent| {
        let mut o = vec![
            ("displayName".to_string(), Yaml::str(label)),
            ("target".to_string(), Yaml::raw(ratio(target))),
        ];
        if timeslices {
            o.insert(1, ("op".into(), Yaml::str("gte")));
            o.insert(2, ("value".into(), Yaml::raw("1")));
            o.push(("timeSliceTarget".into(), Yaml::raw("1")));
            o.push(("timeSliceWindow".into(), slice_yaml(slice)));
        }
        Yaml::Map(o)
    };
    let mut objectives = Vec::new();
    match (a.target, measure.internal) {
        (Some(t), Some(i)) => {
            objectives.push(objective(&display, t));
            if !timeslices {
                objectives.push(objective("内部目標", i));
            }
        }
        (Some(t), None) => objectives.push(objective(&display, t)),
        (None, Some(i)) => objectives.push(objective("内部目標", i)),
        (None, None) => {}
    }
    let mut metadata = vec![
        ("name".to_string(), Yaml::str(&name)),
        ("displayName".to_string(), Yaml::str(&display)),
        ("labels".to_string(), labels(spec)),
    ];
    if let Some(i) = measure.internal {
        metadata.push((
            "annotations".into(),
            Yaml::map([("slagen.dev/internal-target", Yaml::str(ratio(i)))]),
        ));
    }
    Yaml::map([
        ("apiVersion", Yaml::str("openslo/v1")),
        ("kind", Yaml::str("SLO")),
        ("metadata", Yaml::Map(metadata)),
        (
            "spec",
            Yaml::map([
                (
                    "description",
                    Yaml::str(clip(&format!("{} {}", spec.service, display), 1050)),
                ),
                ("service", Yaml::str(service)),
                (
                    "indicator",
                    Yaml::map([
                        (
                            "metadata",
                            Yaml::map([
                                ("name", Yaml::str(dns_label(&format!("{name}-sli")))),
                                ("displayName", Yaml::str(&display)),
                            ]),
                        ),
                        ("spec", indicator),
                    ]),
                ),
                ("timeWindow", Yaml::List(vec![time_window(spec, a.period)])),
                ("budgetingMethod", Yaml::str(method)),
                ("objectives", Yaml::List(objectives)),
            ]),
        ),
    ])
}

fn metric_source(query: &str) -> Yaml {
    Yaml::map([(
        "metricSource",
        Yaml::map([
            ("type", Yaml::str("Prometheus")),
            ("spec", Yaml::map([("query", Yaml::str(query))])),
        ]),
    )])
}

/// What an objective is called: its label, else what it measures, else its id.
pub(super) fn display_name(a: &Availability) -> String {
    match (&a.head.label, &a.measures) {
        (Some(l), Some(m)) => format!("{m} {l}"),
        (Some(l), None) => l.clone(),
        (None, Some(m)) => m.clone(),
        (None, None) => a.head.id.clone(),
    }
}

/// The size of a time slice in seconds: the objective's `interval`, else the first monitoring
/// interval of the spec, else a minute.
pub(super) fn slice_window(spec: &Spec, a: &Availability) -> u64 {
    let seconds = |d: Duration| d.unit.fixed_seconds().map(|s| s * u64::from(d.amount));
    a.interval
        .and_then(seconds)
        .or_else(|| {
            spec.terms.iter().find_map(|t| match t {
                Term::Monitoring(m) => m.interval.and_then(seconds),
                _ => None,
            })
        })
        .filter(|s| *s > 0)
        .unwrap_or(60)
}

/// A slice in OpenSLO's duration shorthand when it has one (`1m`, `2h`), else in minutes as a
/// number (15 seconds → `0.25`), which the specification allows.
fn slice_yaml(seconds: u64) -> Yaml {
    if seconds.is_multiple_of(3600) {
        Yaml::str(format!("{}h", seconds / 3600))
    } else if seconds.is_multiple_of(60) {
        Yaml::str(format!("{}m", seconds / 60))
    } else {
        let minutes = seconds as f64 / 60.0;
        Yaml::raw(format!("{minutes}"))
    }
}

/// A Prometheus range (`15s`, `1m`).
pub(super) fn prometheus_range(seconds: u64) -> String {
    if seconds.is_multiple_of(3600) {
        format!("{}h", seconds / 3600)
    } else if seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

fn time_window(spec: &Spec, period: Period) -> Yaml {
    let day = spec
        .effective
        .map(|d| d.0)
        .unwrap_or_else(|| spec.revised.first_day());
    let (duration, start) = match period {
        Period::Rolling { days } => {
            return Yaml::map([
                ("duration", Yaml::str(format!("{days}d"))),
                ("isRolling", Yaml::raw("true")),
            ]);
        }
        Period::Month => ("1M", day.first_of_month()),
        Period::Quarter => {
            let month = (day.month() - 1) / 3 * 3 + 1;
            (
                "1Q",
                jiff::civil::Date::new(day.year(), month, 1).unwrap_or(day),
            )
        }
        Period::Year => ("1Y", day.first_of_year()),
    };
    Yaml::map([
        ("duration", Yaml::str(duration)),
        (
            "calendar",
            Yaml::map([
                ("startTime", Yaml::str(format!("{start} 00:00:00"))),
                ("timeZone", Yaml::str(&spec.timezone)),
            ]),
        ),
        ("isRolling", Yaml::raw("false")),
    ])
}

/// A DNS label (RFC 1123) from an id: lower case, `_` and other characters as `-`, no `-` at
/// either end or twice in a row, at most 63 characters.
pub fn dns_label(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.truncate(63);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "slo".into() } else { out }
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        assert_eq!(dns_label("calltree"), "calltree");
        assert_eq!(
            dns_label("synergy-consumer_availability"),
            "synergy-consumer-availability"
        );
        assert_eq!(dns_label("_a__b_"), "a-b");
        assert_eq!(dns_label("サービス"), "slo");
        assert_eq!(dns_label(&"x".repeat(80)).len(), 63);
    }
}
