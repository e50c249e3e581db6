//! Down time measured by the monitoring: the samples of each objective's `measure` (read from
//! Prometheus by [`crate::source::prometheus`]) turned into `unplanned` outage records, which
//! then go through exactly the rules a log's records go through ([`super::compute`]).
//!
//! # The rules
//!
//! - **Steps**: the measurement is read every `interval` of the objective (60 s when it states
//!   none, as the formulas count 分), aligned on the month's start, from one day before the
//!   first month to one day after the last, so an outage across a month's end is seen whole
//!   (for `min_outage` and the record's printed end).
//! - **Probe** (`measure { probe "…" }`): the expression at each step; when it returns several
//!   series, the lowest (every probed part must answer, as `functions` says). A step is **down**
//!   when that value is 0 — the grammar's probe is 1 while the service answers and 0 while it
//!   does not; any other value reads as up. A down step at `t` stands for `[t, t + interval)`.
//! - **Events** (`measure { errors "…" total "…" }`): both queries with `{{.window}}` set to
//!   the interval; a step is **down** when errors ÷ total exceeds 1 − the objective's target
//!   (in that interval fewer requests succeeded than the contract promises). The value at `t`
//!   is a rate over `(t − interval, t]`, so a down step at `t` stands for `[t − interval, t)`.
//!   A step without traffic (no total, or 0) is up; a step with traffic and no error series is
//!   up (a `sum(rate(…{code=~"5.."}…))` has no series until the first error).
//! - **Gaps**: a step without a sample is not down (there is no evidence of a stop); their
//!   count is returned so the command can say how much of the range was not measured.
//! - **With a log**: the log's records keep their meaning (a planned stop is judged by its
//!   notice and the maintenance windows, force majeure is excluded, …); measured down time that
//!   a log record of the same objective covers is explained by that record and is not added
//!   again; the rest becomes `unplanned` records (one per run of down steps), with line 0.

use super::Month;
use super::log::Outage;
use super::{OutageKind, ReportError};
use crate::model::{Availability, Sli, Spec, Term};
use crate::source::prometheus::Series;
use jiff::tz::TimeZone;

/// One query the report needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The objective's position among the spec's availability objectives.
    pub objective: usize,
    /// The objective's id.
    pub id: String,
    /// The PromQL expression (the `{{.window}}` of an event query already replaced).
    pub promql: String,
    /// What the samples are.
    pub role: Role,
}

/// What a query's samples are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 1 while the service answers, 0 while it does not.
    Probe,
    /// Failed events over the step.
    Errors,
    /// All events over the step.
    Total,
}

/// How an objective is read: its step and what share of failed events makes a step down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Seconds between steps.
    pub step: i64,
    /// For event measurements: a step is down when errors ÷ total exceeds this.
    pub max_error_ratio: f64,
}

/// The months' bounds in Unix seconds: the first month's start and the end of the last.
pub fn bounds(tz: &TimeZone, months: &[Month]) -> Result<(i64, i64), ReportError> {
    let first = months
        .first()
        .ok_or_else(|| ReportError::Spec("no month to report".into()))?;
    let last = months.last().unwrap_or(first);
    let at = |m: Month| {
        m.first_day()
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| ReportError::Spec(e.to_string()))
    };
    Ok((at(*first)?, at(last.next())?))
}

/// The steps to query, in Unix seconds (first and last): from a day (in whole steps) before
/// the months to a day after, on a grid of `step` through the first month's start.
pub fn range((ms, me): (i64, i64), step: i64) -> (i64, i64) {
    let pad = (86_400 + step - 1) / step * step;
    (ms - pad, ms + (me + pad - 1 - ms) / step * step)
}

/// The queries of every objective, and how each objective is read. An objective without a
/// `measure`, or with event counts but no target, cannot be read from Prometheus.
pub fn queries(spec: &Spec) -> Result<(Vec<Query>, Vec<Reading>), ReportError> {
    let mut queries = Vec::new();
    let mut readings = Vec::new();
    let objectives = spec.terms.iter().filter_map(|t| match t {
        Term::Availability(a) => Some(a),
        _ => None,
    });
    for (i, a) in objectives.enumerate() {
        let step = step_of(a);
        let Some(m) = &a.measure else {
            return Err(ReportError::Spec(format!(
                "the objective `{}` has no `measure {{ probe \"…\" }}` or `measure {{ errors \"…\" total \"…\" }}`: --prometheus does not know what to query for it",
                a.head.id
            )));
        };
        let mut max_error_ratio = 0.0;
        match &m.sli {
            Sli::Probe { query } => queries.push(Query {
                objective: i,
                id: a.head.id.clone(),
                promql: query.clone(),
                role: Role::Probe,
            }),
            Sli::Events { errors, total } => {
                let Some(target) = a.target else {
                    return Err(ReportError::Spec(format!(
                        "the objective `{}` counts events but has no target: --prometheus cannot tell which steps were down",
                        a.head.id
                    )));
                };
                max_error_ratio = 1.0 - target.as_f64() / 100.0;
                let window = format!("{step}s");
                for (role, q) in [(Role::Errors, errors), (Role::Total, total)] {
                    queries.push(Query {
                        objective: i,
                        id: a.head.id.clone(),
                        promql: q.replace(Sli::WINDOW, &window),
                        role,
                    });
                }
            }
        }
        readings.push(Reading {
            step,
            max_error_ratio,
        });
    }
    Ok((queries, readings))
}

/// The objective's step in seconds: its `interval`, else 60.
pub fn step_of(a: &Availability) -> i64 {
    a.interval
        .and_then(|d| {
            d.unit
                .fixed_seconds()
                .map(|s| s as i64 * i64::from(d.amount))
        })
        .filter(|s| *s > 0)
        .unwrap_or(60)
}

/// What the samples of one objective said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Down {
    /// Runs of down time, `[a, b)` in Unix seconds, sorted and disjoint.
    pub runs: Vec<(i64, i64)>,
    /// Steps inside the months reported without a sample.
    pub missing_steps: usize,
}

/// The down time of a probe: steps where the lowest series reads 0.
pub fn probe_down(
    series: &[Series],
    (start, end): (i64, i64),
    months: (i64, i64),
    step: i64,
) -> Down {
    let n = ((end - start) / step + 1).max(0) as usize;
    // The lowest value at each step; NaN when no series has a sample there.
    let mut low = vec![f64::NAN; n];
    for s in series {
        for &(t, v) in &s.samples {
            if t < start || t > end || (t - start) % step != 0 || v.is_nan() {
                continue;
            }
            let i = ((t - start) / step) as usize;
            if low[i].is_nan() || v < low[i] {
                low[i] = v;
            }
        }
    }
    runs(&low, |v| v == 0.0, (start, step, 0), months)
}

/// The down time of event counts: steps where errors ÷ total exceeds `max_ratio`.
pub fn events_down(
    errors: &[Series],
    total: &[Series],
    (start, end): (i64, i64),
    months: (i64, i64),
    step: i64,
    max_ratio: f64,
) -> Down {
    let n = ((end - start) / step + 1).max(0) as usize;
    let sum = |series: &[Series]| {
        let mut v = vec![f64::NAN; n];
        for s in series {
            for &(t, x) in &s.samples {
                if t < start || t > end || (t - start) % step != 0 || x.is_nan() {
                    continue;
                }
                let i = ((t - start) / step) as usize;
                v[i] = if v[i].is_nan() { x } else { v[i] + x };
            }
        }
        v
    };
    let (e, t) = (sum(errors), sum(total));
    let ratio: Vec<f64> = e
        .iter()
        .zip(&t)
        .map(|(&e, &t)| match (t.is_nan(), t > 0.0) {
            (true, _) => f64::NAN,
            (false, false) => 0.0,
            (false, true) => (if e.is_nan() { 0.0 } else { e }) / t,
        })
        .collect();
    runs(&ratio, |r| r > max_ratio, (start, step, -step), months)
}

/// Runs of steps whose value is down; step `i` covers `[start + i·step + shift, … + step)`.
/// Steps without a value are counted when they cover part of `months`.
fn runs(
    values: &[f64],
    down: impl Fn(f64) -> bool,
    (start, step, shift): (i64, i64, i64),
    months: (i64, i64),
) -> Down {
    let mut out = Down::default();
    for (i, &v) in values.iter().enumerate() {
        let a = start + i as i64 * step + shift;
        if v.is_nan() {
            if a < months.1 && a + step > months.0 {
                out.missing_steps += 1;
            }
            continue;
        }
        if !down(v) {
            continue;
        }
        match out.runs.last_mut() {
            Some(last) if last.1 == a => last.1 = a + step,
            _ => out.runs.push((a, a + step)),
        }
    }
    out
}

/// The measured down time of objective `objective` as `unplanned` records (line 0), less what
/// the log's records of that objective already cover.
pub fn records(objective: usize, down: &Down, log: &[Outage]) -> Vec<Outage> {
    let bit = 1u64 << objective;
    let mut covered: Vec<(i64, i64)> = log
        .iter()
        .filter(|o| o.affects & bit != 0)
        .map(|o| (o.start, o.end))
        .collect();
    covered.sort_unstable();
    let mut out = Vec::new();
    let mut j = 0;
    for &(mut a, b) in &down.runs {
        while j < covered.len() && covered[j].1 <= a {
            j += 1;
        }
        let mut k = j;
        while a < b {
            match covered.get(k) {
                Some(&(c, d)) if c < b => {
                    if c > a {
                        out.push(measured(a, c, bit));
                    }
                    a = a.max(d);
                    k += 1;
                }
                _ => {
                    out.push(measured(a, b, bit));
                    break;
                }
            }
        }
    }
    out
}

/// The log's records and the measured down time, ready for [`super::compute`].
pub struct Collected {
    /// The log's records, then the measured ones.
    pub outages: Vec<Outage>,
    /// The queries as sent.
    pub queries: Vec<String>,
    /// The shortest step.
    pub step: i64,
    /// For each objective that had gaps: its id, the steps without a sample, and the steps in
    /// the months.
    pub gaps: Vec<(String, usize, i64)>,
}

/// Reads every objective's measurement over `months` through `fetch` (query, first and last
/// step, step → series) and adds its down time to `log` as records. A query that returns no
/// series (other than an error count, which has none until the first error) is an error: the
/// expression or the server is not the one the spec expects.
pub fn collect<E: std::fmt::Display>(
    spec: &Spec,
    tz: &TimeZone,
    months: &[Month],
    log: Vec<Outage>,
    mut fetch: impl FnMut(&str, i64, i64, i64) -> Result<Vec<Series>, E>,
) -> Result<Collected, String> {
    let (queries, readings) = queries(spec).map_err(|e| e.to_string())?;
    let mut outages = log;
    let n_log = outages.len();
    let mut sent = Vec::new();
    let mut gaps = Vec::new();
    let months_span = bounds(tz, months).map_err(|e| e.to_string())?;
    for (i, reading) in readings.iter().enumerate() {
        let step = reading.step;
        let (start, end) = range(months_span, step);
        let mut got: Vec<(Role, Vec<Series>)> = Vec::new();
        for q in queries.iter().filter(|q| q.objective == i) {
            let (a, b) = match q.role {
                // A rate at t covers (t − step, t]: read one step later.
                Role::Errors | Role::Total => (start + step, end + step),
                Role::Probe => (start, end),
            };
            let series = fetch(&q.promql, a, b, step).map_err(|e| e.to_string())?;
            if series.is_empty() && q.role != Role::Errors {
                return Err(format!(
                    "the query `{}` of the objective `{}` returned no series between {} and {}: check the expression in the spec's `measure` and that this server holds those samples",
                    q.promql,
                    q.id,
                    instant(start),
                    instant(end)
                ));
            }
            sent.push(q.promql.clone());
            got.push((q.role, series));
        }
        let find = |role: Role| {
            got.iter()
                .find(|(r, _)| *r == role)
                .map(|(_, s)| s.as_slice())
                .unwrap_or(&[])
        };
        let down = match got.first().map(|g| g.0) {
            Some(Role::Probe) => probe_down(find(Role::Probe), (start, end), months_span, step),
            _ => events_down(
                find(Role::Errors),
                find(Role::Total),
                (start + step, end + step),
                months_span,
                step,
                reading.max_error_ratio,
            ),
        };
        if down.missing_steps > 0 {
            let id = queries
                .iter()
                .find(|q| q.objective == i)
                .map(|q| q.id.clone())
                .unwrap_or_default();
            gaps.push((
                id,
                down.missing_steps,
                (months_span.1 - months_span.0) / step,
            ));
        }
        let measured = records(i, &down, &outages[..n_log]);
        outages.extend(measured);
    }
    Ok(Collected {
        outages,
        queries: sent,
        step: readings.iter().map(|r| r.step).min().unwrap_or(60),
        gaps,
    })
}

fn instant(s: i64) -> String {
    jiff::Timestamp::from_second(s)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| s.to_string())
}

fn measured(start: i64, end: i64, affects: u64) -> Outage {
    Outage {
        line: 0,
        start,
        end,
        kind: OutageKind::Unplanned,
        notified_at: None,
        affects,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(samples: &[(i64, f64)]) -> Series {
        Series {
            labels: "{}".into(),
            samples: samples.to_vec(),
        }
    }

    #[test]
    fn the_range_is_a_day_either_side_on_the_months_grid() {
        let (ms, me) = (1_790_780_400, 1_793_458_800); // 2026-10 in Tokyo
        assert_eq!(range((ms, me), 60), (ms - 86_400, me + 86_400 - 60));
        assert_eq!(range((ms, me), 15), (ms - 86_400, me + 86_400 - 15));
        // 7 s does not divide a day: still on the grid through the month's start.
        let (a, b) = range((ms, me), 7);
        assert_eq!((ms - a) % 7, 0);
        assert_eq!((b - ms) % 7, 0);
        assert!(a <= ms - 86_400 && b >= me + 86_400 - 7 && b < me + 86_400);
    }

    #[test]
    fn a_probe_is_down_where_its_lowest_series_is_0() {
        let a = series(&[(0, 1.0), (60, 0.0), (120, 0.0), (180, 1.0), (240, 1.0)]);
        let b = series(&[(0, 1.0), (60, 1.0), (120, 1.0), (180, 1.0), (240, 0.0)]);
        let d = probe_down(&[a, b], (0, 300), (0, 360), 60);
        assert_eq!(d.runs, vec![(60, 180), (240, 300)]);
        assert_eq!(d.missing_steps, 1, "the step at 300 has no sample");
    }

    #[test]
    fn events_are_down_above_the_allowed_error_ratio() {
        let errors = series(&[(60, 0.5), (120, 2.0)]);
        let total = series(&[(60, 100.0), (120, 100.0), (180, 0.0), (240, 100.0)]);
        let d = events_down(&[errors], &[total], (60, 240), (0, 240), 60, 0.01);
        // 0.5 % at 60 is within 1 %; 2 % at 120 is down, for (60, 120]; no traffic at 180;
        // no error series at 240.
        assert_eq!(d.runs, vec![(60, 120)]);
        assert_eq!(d.missing_steps, 0);
    }

    #[test]
    fn the_log_explains_the_down_time_it_covers() {
        let down = Down {
            runs: vec![(0, 600), (1000, 1200)],
            missing_steps: 0,
        };
        let log = vec![Outage {
            line: 2,
            start: 100,
            end: 200,
            kind: OutageKind::Planned,
            notified_at: None,
            affects: 1,
            note: None,
        }];
        let got: Vec<(i64, i64)> = records(0, &down, &log)
            .iter()
            .map(|o| (o.start, o.end))
            .collect();
        assert_eq!(got, vec![(0, 100), (200, 600), (1000, 1200)]);
        // A record of another objective explains nothing here.
        assert_eq!(records(1, &down, &log)[0].start, 0);
    }
}
