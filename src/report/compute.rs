//! The month's availability by the spec's own rules, with every second traced to a record and a
//! rule.
//!
//! # The rules
//!
//! For each availability objective and each month (in the spec's time zone):
//!
//! 1. **The period** is the month: 当月の日数×24×60 minutes (`formula calendar_minutes`, also
//!    when the objective states no formula), or only the minutes inside the named hours
//!    (`formula service_hours HOURS`); then outages count only inside those hours too.
//! 2. **Which rules exclude** an outage: the objective's `excludes` and its own `exclusion`s,
//!    then every SLA-wide `exclusions` list (「以下の要因で生じた障害は本SLAの対象外とします」).
//!    An exclusion applies to a record whose kind it covers ([`super::OutageKind::excluded_by`]);
//!    when it states a `notice`, only if the record's `notified_at` is at least that long before
//!    the start (Synergy!: 2 weeks — notified 13 days ahead counts as down time, 14 days ahead
//!    is excluded); a `planned_maintenance` exclusion without a stated notice still needs a
//!    notification before the start (「事前に通知を行った」). A maintenance window excludes the
//!    parts of a `planned` record inside its window (on its weekdays, when weekly), with its
//!    own `notice` if it states one; the rest of the record counts.
//! 3. **Excluded time leaves the period**: 提供時間 = period − excluded (the seeds' formulas);
//!    excluded time never counts as down time, even where a counted record overlaps it.
//! 4. **Down time** is the union of the counted parts of all records (overlaps are never
//!    counted twice; touching records are one outage); an outage shorter than `min_outage`
//!    (its whole length as merged) does not count; what is left is clipped to the month, so an
//!    outage across the month's end counts in each month for its part.
//! 5. **Resolution**: down time is counted in slots of the objective's `interval` (1 minute
//!    when it states none: the formulas count 分), aligned at the month's start; a slot an
//!    outage touches counts whole (as a probe at that interval would see it), except for the
//!    parts of the slot that are excluded or outside the hours.
//! 6. **Availability** = (提供時間 − 停止時間) / 提供時間 × 100, exact; `rounding` rounds it
//!    before it is compared with the target and the credit tiers. Without `rounding` the exact
//!    value is compared and the shown value is truncated (never shown higher than it is).
//!    A month whose period is entirely excluded has availability 100%.
//! 7. **Credit**: the `credit` whose `basis` is the objective (or the only credit when it names
//!    no basis and the spec has one objective with a target): the tier with the lowest
//!    threshold the availability is below; its share, capped by `cap`; in yen when a fee is
//!    given (1円未満切り捨て). The claim deadline is `claim within N` after the month's end, or
//!    day D of the next month; when it falls on a closed day of the spec's business calendar it
//!    moves to the next business day (民法第142条).
//!
//! Attribution: each slot of down time belongs to the record that starts first among those
//! touching it; each excluded second to the record (and its rule) that starts first among those
//! excluding it. The per-record figures therefore add up exactly to the month's totals.

use super::log::{Objectives, Outage};
use super::{Month, OutageKind, ReportError};
use crate::calendar::ServiceHours;
use crate::calendar::business::{self, add_clock};
use crate::model::{
    Availability, Bound, Claim, Credit, CreditForm, CreditTier, Duration, Exclusion, ExclusionKind,
    Formula, Maintenance, Percent, Period, RoundingMode, ScheduleKind, Spec, Term, TimeUnit,
    Weekday,
};
use crate::render::words;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::borrow::Cow;

type Iv = (i64, i64);

/// Options of a report.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The monthly fee in yen, to state credits in yen.
    pub fee: Option<u64>,
    /// Where the outages came from (a file name; empty without a log), for the report.
    pub source: String,
    /// Where measured down time came from, when it did.
    pub measured: Option<MeasuredBy>,
    /// List every record with its part (else only the totals, by rule and by day).
    pub list_records: bool,
}

/// The monitoring the down time was read from (`--prometheus`).
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredBy {
    /// The Prometheus server's URL.
    pub prometheus: String,
    /// The queries, as sent.
    pub queries: Vec<String>,
    /// Seconds between the steps read (the shortest, when objectives differ).
    pub step_seconds: i64,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The spec's id.
    pub spec: String,
    /// The document title.
    pub title: String,
    /// The service.
    pub service: String,
    /// The provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The spec's revision.
    pub revised: String,
    /// The time zone of every time.
    pub timezone: String,
    /// The outage source.
    pub source: String,
    /// The monthly fee in yen, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<u64>,
    /// Where measured down time came from, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<MeasuredBy>,
    /// How many records the log has (measured runs are not counted).
    pub records_in_log: usize,
    /// The months, in order.
    pub months: Vec<MonthReport>,
}

/// One month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthReport {
    /// `2026-10`.
    pub month: String,
    /// 2026年10月.
    pub label: String,
    /// Days in the month.
    pub days: u32,
    /// Each objective.
    pub objectives: Vec<ObjectiveReport>,
}

/// One objective in one month.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveReport {
    /// The objective's id.
    pub id: String,
    /// What the report calls it (its label, or what it measures).
    pub name: String,
    /// The target, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Percent>,
    /// The target as the document writes it (99％以上).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// The target is for another period than a month (then `met` is absent).
    pub monthly_target: bool,
    /// The formula in words.
    pub formula: String,
    /// How the result is rounded, in words.
    pub rounding: String,
    /// Period, excluded, provided and down time, in seconds.
    pub period_seconds: i64,
    /// Excluded seconds.
    pub excluded_seconds: i64,
    /// 提供時間.
    pub provided_seconds: i64,
    /// 停止時間.
    pub down_seconds: i64,
    /// The same in minutes.
    pub period_minutes: f64,
    /// Excluded minutes.
    pub excluded_minutes: f64,
    /// Provided minutes.
    pub provided_minutes: f64,
    /// Down minutes.
    pub down_minutes: f64,
    /// The availability as compared (rounded per the spec, or truncated for display).
    pub availability: f64,
    /// The availability as written in the report (99.95).
    pub availability_text: String,
    /// The exact ratio: (provided − down) / provided.
    pub exact: Ratio,
    /// Whether the target is met (absent without a monthly target).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// Minutes excluded, by rule.
    pub excluded_by_rule: Vec<RuleTotal>,
    /// How many records touch this month and objective.
    pub record_count: usize,
    /// Each record that touches this month and objective, in time order (absent when the
    /// report leaves the list out: [`Options::list_records`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<RecordReport>>,
    /// Each day: down and excluded minutes.
    pub daily: Vec<DayReport>,
    /// The credit owed, when the spec has one for this objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<CreditReport>,
    /// Notes on how the figures were obtained.
    pub notes: Vec<String>,
}

/// A ratio of two whole numbers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Ratio {
    /// Numerator (seconds).
    pub numerator: i64,
    /// Denominator (seconds).
    pub denominator: i64,
}

/// Minutes a rule excluded.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTotal {
    /// The rule's id in the spec.
    pub rule: String,
    /// Its label.
    pub label: String,
    /// Seconds.
    pub seconds: i64,
    /// Minutes.
    pub minutes: f64,
}

/// One record's part in a month.
#[derive(Debug, Clone, Serialize)]
pub struct RecordReport {
    /// The line in the log.
    pub line: u32,
    /// Start (RFC 3339 in the spec's zone).
    pub start: String,
    /// End.
    pub end: String,
    /// 10/05 02:00～03:30 as the report prints it.
    pub when: String,
    /// The kind.
    pub kind: OutageKind,
    /// Its Japanese name.
    pub kind_label: String,
    /// When notified, if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notified_at: Option<String>,
    /// counted, excluded, partly_excluded, below_min_outage, overlapped or outside_hours.
    pub status: &'static str,
    /// Seconds it contributed to down time this month.
    pub counted_seconds: i64,
    /// Minutes.
    pub counted_minutes: f64,
    /// Seconds it had excluded this month.
    pub excluded_seconds: i64,
    /// Minutes.
    pub excluded_minutes: f64,
    /// The rules that excluded parts of it.
    pub rules: Vec<String>,
    /// Why, in Japanese.
    pub reason: String,
    /// The log's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One day of the month.
#[derive(Debug, Clone, Serialize)]
pub struct DayReport {
    /// The day of the month.
    pub day: u32,
    /// Down minutes.
    pub down_minutes: f64,
    /// Excluded minutes.
    pub excluded_minutes: f64,
}

/// The credit of a month.
#[derive(Debug, Clone, Serialize)]
pub struct CreditReport {
    /// The credit term.
    pub id: String,
    /// The fee it is taken from, as the spec says.
    pub fee: String,
    /// The threshold of the tier reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Percent>,
    /// Whether a tier is reached.
    pub owed: bool,
    /// The share of the fee after the cap (absent when the tier states none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<Percent>,
    /// The cap applied.
    pub capped: bool,
    /// The amount in yen, when a fee was given and the share is stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_yen: Option<u64>,
    /// The credit in words.
    pub text: String,
    /// How to claim, in words.
    pub claim: String,
    /// The claim deadline (YYYY-MM-DD), when the spec sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Interval sets: sorted, disjoint, half-open [a, b) of Unix seconds.

fn union(mut v: Vec<Iv>) -> Vec<Iv> {
    v.sort_unstable();
    let mut out: Vec<Iv> = Vec::with_capacity(v.len());
    for (a, b) in v {
        if b <= a {
            continue;
        }
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn intersect(x: &[Iv], y: &[Iv]) -> Vec<Iv> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < x.len() && j < y.len() {
        let (a, b) = (x[i].0.max(y[j].0), x[i].1.min(y[j].1));
        if a < b {
            out.push((a, b));
        }
        if x[i].1 < y[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn subtract(x: &[Iv], y: &[Iv]) -> Vec<Iv> {
    let mut out = Vec::new();
    let mut j = 0;
    for &(mut a, b) in x {
        while j < y.len() && y[j].1 <= a {
            j += 1;
        }
        let mut k = j;
        while a < b {
            match y.get(k) {
                Some(&(c, d)) if c < b => {
                    if c > a {
                        out.push((a, c));
                    }
                    a = a.max(d);
                    k += 1;
                }
                _ => {
                    out.push((a, b));
                    break;
                }
            }
        }
    }
    out
}

/// For parts sorted by start: the largest end among each part and those before it.
fn reach<T>(parts: &[T], start: impl Fn(&T) -> i64, end: impl Fn(&T) -> i64) -> Vec<i64> {
    let mut furthest = i64::MIN;
    parts
        .iter()
        .map(|p| {
            debug_assert!(start(p) <= end(p));
            furthest = furthest.max(end(p));
            furthest
        })
        .collect()
}

/// The indexes of the parts (sorted by start, `reach` from [`reach`]) that may overlap
/// `[from, to)`: none before the range ends before `from`, none after starts before `to`.
fn within<T>(
    reach: &[i64],
    parts: &[T],
    start: impl Fn(&T) -> i64,
    from: i64,
    to: i64,
) -> std::ops::Range<usize> {
    let lo = reach.partition_point(|r| *r <= from);
    let hi = parts.partition_point(|p| start(p) < to).max(lo);
    lo..hi
}

/// Sorts by a key no two elements share (so the order is the one any sort gives): on every core
/// when there are many.
fn sort_by_unique_key<T: Send, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K + Sync) {
    use rayon::slice::ParallelSliceMut;
    if v.len() >= 65_536 {
        v.par_sort_unstable_by_key(key);
    } else {
        v.sort_unstable_by_key(key);
    }
}

fn measure(x: &[Iv]) -> i64 {
    x.iter().map(|(a, b)| b - a).sum()
}

/// A set with prefix sums, to measure its part inside any range in logarithmic time.
struct Measured {
    set: Vec<Iv>,
    before: Vec<i64>,
}

impl Measured {
    fn new(set: Vec<Iv>) -> Measured {
        let mut before = Vec::with_capacity(set.len() + 1);
        let mut total = 0;
        before.push(0);
        for (a, b) in &set {
            total += b - a;
            before.push(total);
        }
        Measured { set, before }
    }

    /// |set ∩ (-∞, t)|.
    fn upto(&self, t: i64) -> i64 {
        let i = self.set.partition_point(|iv| iv.1 <= t);
        let mut m = self.before[i];
        if let Some(&(a, _)) = self.set.get(i)
            && a < t
        {
            m += t - a;
        }
        m
    }

    fn within(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            0
        } else {
            self.upto(b) - self.upto(a)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rules

/// A rule that can exclude outages of an objective.
struct Rule<'a> {
    id: &'a str,
    label: String,
    what: RuleWhat<'a>,
}

enum RuleWhat<'a> {
    Exclusion(&'a Exclusion),
    Window(&'a Maintenance),
}

fn rules_of<'a>(spec: &'a Spec, a: &'a Availability) -> Vec<Rule<'a>> {
    let mut ids: Vec<&str> = a.excludes.iter().map(String::as_str).collect();
    for t in &spec.terms {
        if let Term::Exclusions(list) = t {
            for id in &list.items {
                if !ids.contains(&id.as_str()) {
                    ids.push(id);
                }
            }
        }
    }
    ids.into_iter()
        .filter_map(|id| match spec.term(id) {
            Some(Term::Exclusion(e)) => Some(Rule {
                id,
                label: e.head.label.clone().unwrap_or_else(|| id.to_string()),
                what: RuleWhat::Exclusion(e),
            }),
            Some(Term::Maintenance(m)) => Some(Rule {
                id,
                label: m
                    .head
                    .label
                    .clone()
                    .unwrap_or_else(|| "メンテナンス".into()),
                what: RuleWhat::Window(m),
            }),
            _ => None,
        })
        .collect()
}

/// How a record is treated by an objective's rules (independent of the month).
enum Decision {
    /// Counted whole; the reason (mostly one of a few fixed sentences: no allocation a record).
    Counted(Cow<'static, str>),
    /// Excluded whole by a rule; the reason.
    Excluded(usize, String),
    /// Planned work: the parts inside maintenance windows excluded, the rest counted.
    Windowed {
        parts: Vec<(Iv, usize)>,
        reason: String,
    },
}

struct Judge<'a> {
    spec: &'a Spec,
    tz: &'a TimeZone,
    rules: Vec<Rule<'a>>,
    /// The spec's business hours, for notices in business days.
    hours: Option<ServiceHours>,
}

impl Judge<'_> {
    /// Whether `notice` ahead of `start` was given; Err with the Japanese reason when not.
    fn notice_ok(&self, o: &Outage, notice: Option<Duration>, label: &str) -> Result<(), String> {
        let Some(notified) = o.notified_at else {
            return Err(format!(
                "事前の通知の記録がないため、「{label}」には当たりません"
            ));
        };
        let Some(notice) = notice else {
            return Ok(()); // notified before the start: checked when the log was read
        };
        let t = Timestamp::from_second(notified).ok();
        let limit = t.and_then(|t| match notice.unit {
            TimeUnit::BusinessDays | TimeUnit::BusinessHours => {
                self.hours.as_ref().and_then(|h| h.add(t, notice).ok())
            }
            _ => add_clock(self.tz, t, notice).ok(),
        });
        match limit {
            Some(limit) if limit.as_second() <= o.start => Ok(()),
            _ => Err(format!(
                "通知が開始の{}で、「{label}」の条件（{}以上前の通知）を満たさないため",
                ahead(o.start - notified),
                words::duration(notice)
            )),
        }
    }

    /// How the rules treat `o`; the reasons are written only when `why` (the report lists the
    /// records), else they are empty.
    fn decide(&self, o: &Outage, why: bool) -> Decision {
        let mut refusal: Option<String> = None;
        for (i, r) in self.rules.iter().enumerate() {
            if let RuleWhat::Exclusion(e) = r.what {
                if !o.kind.excluded_by(e.kind) {
                    continue;
                }
                let needs_notice =
                    e.notice.is_some() || e.kind == ExclusionKind::PlannedMaintenance;
                if needs_notice {
                    match self.notice_ok(o, e.notice, &r.label) {
                        Ok(()) => {}
                        Err(why) => {
                            refusal.get_or_insert(why);
                            continue;
                        }
                    }
                }
                if !why {
                    return Decision::Excluded(i, String::new());
                }
                let how = match (e.notice, o.notified_at) {
                    (Some(n), Some(at)) => format!(
                        "（{}以上前の通知：開始の{}に通知）",
                        words::duration(n),
                        ahead(o.start - at)
                    ),
                    (None, Some(at)) if needs_notice => {
                        format!("（開始の{}に通知）", ahead(o.start - at))
                    }
                    _ => String::new(),
                };
                return Decision::Excluded(i, format!("「{}」{how}に当たるため除外", r.label));
            }
        }
        if o.kind == OutageKind::Planned {
            let mut parts = Vec::new();
            let mut any_window = false;
            for (i, r) in self.rules.iter().enumerate() {
                if let RuleWhat::Window(m) = r.what {
                    any_window = true;
                    if m.notice.is_some()
                        && let Err(why) = self.notice_ok(o, m.notice, &r.label)
                    {
                        refusal.get_or_insert(why);
                        continue;
                    }
                    for iv in window_parts(self.tz, m, (o.start, o.end)) {
                        parts.push((iv, i));
                    }
                }
            }
            if any_window && !parts.is_empty() && !why {
                return Decision::Windowed {
                    parts,
                    reason: String::new(),
                };
            }
            if any_window && !parts.is_empty() {
                let labels: Vec<String> = self
                    .rules
                    .iter()
                    .filter_map(|r| match r.what {
                        RuleWhat::Window(m) => Some(match m.window {
                            Some(w) => {
                                format!("「{}」（{}）", r.label, words::window(w, &self.spec.style))
                            }
                            None => format!("「{}」", r.label),
                        }),
                        _ => None,
                    })
                    .collect();
                let covered: i64 = measure(&union(parts.iter().map(|p| p.0).collect()));
                let reason = if covered >= o.end - o.start {
                    format!("{}の時間内のため除外", labels.join("、"))
                } else {
                    format!(
                        "{}の時間内は除外し、時間外は停止時間に計上",
                        labels.join("、")
                    )
                };
                return Decision::Windowed { parts, reason };
            }
            if any_window && refusal.is_none() {
                return Decision::Counted(
                    "メンテナンス時間外の計画停止で、除外の条件に当たらないため計上".into(),
                );
            }
        }
        Decision::Counted(match (o.kind, refusal) {
            (OutageKind::Unplanned, _) => "障害による停止として計上".into(),
            (_, Some(why)) => format!("{why}計上").into(),
            (k, None) => format!("本SLAに「{}」を除外する定めがないため計上", k.japanese()).into(),
        })
    }
}

/// 「13日前」「5時間前」「30分前」.
fn ahead(seconds: i64) -> String {
    if seconds >= 86_400 {
        let days = seconds / 86_400;
        let rest = (seconds % 86_400) / 3600;
        if rest > 0 {
            format!("{days}日{rest}時間前")
        } else {
            format!("{days}日前")
        }
    } else if seconds >= 3600 {
        format!("{}時間前", seconds / 3600)
    } else {
        format!("{}分前", seconds / 60)
    }
}

/// The parts of `[a, b)` inside a maintenance window.
fn window_parts(tz: &TimeZone, m: &Maintenance, (a, b): Iv) -> Vec<Iv> {
    // Maintenance without a fixed time is announced each time: an announced stop is inside it
    // whenever it happens (its notice is checked by the caller).
    let Some(w) = m.window else {
        return vec![(a, b)];
    };
    let Ok(ta) = Timestamp::from_second(a) else {
        return Vec::new();
    };
    let Ok(tb) = Timestamp::from_second(b) else {
        return Vec::new();
    };
    let first = tz.to_datetime(ta).date().yesterday().unwrap_or(Date::MIN);
    let last = tz.to_datetime(tb).date();
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        let on = match m.schedule {
            ScheduleKind::Weekly => m.days.contains(&Weekday::from_jiff(day.weekday())),
            _ => true,
        };
        if on {
            let end_day = if w.overnight || w.end.minutes() == 1440 {
                day.tomorrow().unwrap_or(day)
            } else {
                day
            };
            let end_min = if w.end.minutes() == 1440 {
                0
            } else {
                w.end.minutes()
            };
            let s = civil_second(tz, day, w.start.minutes());
            let e = civil_second(tz, end_day, end_min);
            if let (Some(s), Some(e)) = (s, e) {
                let (x, y) = (s.max(a), e.min(b));
                if x < y {
                    out.push((x, y));
                }
            }
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    out
}

fn civil_second(tz: &TimeZone, day: Date, minutes: u16) -> Option<i64> {
    let dt = day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
    tz.to_ambiguous_timestamp(dt)
        .compatible()
        .ok()
        .map(|t| t.as_second())
}

fn day_start(tz: &TimeZone, day: Date) -> Result<i64, ReportError> {
    civil_second(tz, day, 0).ok_or_else(|| ReportError::Spec(format!("no midnight on {day}")))
}

// ---------------------------------------------------------------------------------------------
// The report

/// Computes the report of `months` for every objective of `spec` from `outages`.
pub fn compute(
    spec: &Spec,
    outages: &[Outage],
    months: &[Month],
    options: &Options,
) -> Result<Report, ReportError> {
    let tz = business::time_zone(spec).map_err(|e| ReportError::Spec(e.to_string()))?;
    check_months(spec, months)?;
    let objectives: Vec<&Availability> = spec
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Availability(a) => Some(a),
            _ => None,
        })
        .collect();
    if objectives.is_empty() {
        return Err(ReportError::Spec(format!(
            "the spec `{}` has no availability objective to report on",
            spec.id
        )));
    }
    if objectives.len() > Objectives::MAX {
        return Err(ReportError::Spec(format!(
            "a report covers at most {} objectives",
            Objectives::MAX
        )));
    }
    let hours = default_hours(spec);
    let mut month_reports: Vec<MonthReport> = months
        .iter()
        .map(|m| MonthReport {
            month: m.to_string(),
            label: format!("{}年{}月", m.year, m.month),
            days: m.first_day().days_in_month() as u32,
            objectives: Vec::new(),
        })
        .collect();
    for (oi, a) in objectives.iter().enumerate() {
        let judge = Judge {
            spec,
            tz: &tz,
            rules: rules_of(spec, a),
            hours: hours.clone(),
        };
        let per_month = objective(spec, &tz, &judge, a, oi, outages, months, options)?;
        for (mr, r) in month_reports.iter_mut().zip(per_month) {
            mr.objectives.push(r);
        }
    }
    Ok(Report {
        spec: spec.id.clone(),
        title: spec.title.clone(),
        service: spec.service.clone(),
        company: spec.company.clone(),
        revised: spec.revised.to_string(),
        timezone: spec.timezone.clone(),
        source: options.source.clone(),
        fee: options.fee,
        measured: options.measured.clone(),
        records_in_log: outages.iter().filter(|o| o.line > 0).count(),
        months: month_reports,
    })
}

/// The spec's business hours: the first hours term that is not around the clock, for business
/// days in notices and claim deadlines.
fn default_hours(spec: &Spec) -> Option<ServiceHours> {
    spec.terms.iter().find_map(|t| match t {
        Term::Hours(h) => business::hours_term(spec, &h.head.id)
            .ok()
            .filter(|r| !r.always)
            .and_then(|_| ServiceHours::from_spec(spec, &h.head.id).ok()),
        _ => None,
    })
}

/// Every month must be governed by this revision of the spec: none may start before its
/// `revised` date (or its `effective` date, when later).
pub fn check_months(spec: &Spec, months: &[Month]) -> Result<(), ReportError> {
    let revised = spec.revised.first_day();
    let effective = spec.effective.map(|d| d.0).filter(|d| *d > revised);
    let from = effective.unwrap_or(revised);
    for m in months {
        if m.first_day() < from {
            let in_force = spec
                .revisions
                .iter()
                .rev()
                .find(|r| r.date.first_day() <= m.first_day() && r.date.first_day() < revised)
                .map(|r| r.date.to_string());
            return Err(ReportError::MonthNotCovered(super::NotCovered {
                month: *m,
                spec: spec.id.clone(),
                revised: spec.revised.to_string(),
                from,
                by_effective: effective.is_some(),
                in_force,
            }));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn objective(
    spec: &Spec,
    tz: &TimeZone,
    judge: &Judge,
    a: &Availability,
    oi: usize,
    outages: &[Outage],
    months: &[Month],
    options: &Options,
) -> Result<Vec<ObjectiveReport>, ReportError> {
    let bit = 1u64 << oi;
    // Decide every record once. `decided` holds the index of each decided record in `outages`;
    // the decisions themselves (with their reasons) are kept only when the report lists records.
    let list = options.list_records;
    let mut decided: Vec<u32> = Vec::new();
    let mut decisions: Vec<Decision> = Vec::new();
    // Counted parts: a, b, decision index, the record's line; excluded parts also carry the rule.
    let mut cand: Vec<(i64, i64, u32, u32)> = Vec::new();
    let mut excl: Vec<(i64, i64, u32, u16, u32)> = Vec::new();
    for (ri, o) in outages.iter().enumerate() {
        if o.affects & bit == 0 {
            continue;
        }
        let d = judge.decide(o, list);
        let di = decided.len() as u32;
        match &d {
            Decision::Counted(_) => cand.push((o.start, o.end, di, o.line)),
            Decision::Excluded(rule, _) => excl.push((o.start, o.end, di, *rule as u16, o.line)),
            Decision::Windowed { parts, .. } => {
                let inside = union(parts.iter().map(|p| p.0).collect());
                for (iv, rule) in parts {
                    excl.push((iv.0, iv.1, di, *rule as u16, o.line));
                }
                for (x, y) in subtract(&[(o.start, o.end)], &inside) {
                    cand.push((x, y, di, o.line));
                }
            }
        }
        decided.push(ri as u32);
        if list {
            decisions.push(d);
        }
    }
    // Earliest record first (ties by line), so attribution goes to the record that started first.
    // The key is inside the element: a key reached through the record (a cached-key sort) spent
    // a third of a 1M-record run moving elements to their places. The parts of one record keep
    // the order they were made in: the key goes on with the decision (records in log order) and
    // the rule (a record's parts of one start come rule by rule), so no two parts share a key
    // and the unstable sort (faster than the stable one) gives the stable order.
    // A large log's parts are sorted on every core (rayon; the same order, the keys being unique).
    sort_by_unique_key(&mut cand, |x| (x.0, x.3, x.2));
    sort_by_unique_key(&mut excl, |x| (x.0, x.4, x.2, x.3));
    // min_outage: drop merged outages shorter than it.
    let min = a
        .min_outage
        .and_then(|d| {
            d.unit
                .fixed_seconds()
                .map(|s| s as i64 * i64::from(d.amount))
        })
        .unwrap_or(0);
    let mut below_min = vec![false; decided.len()];
    if min > 0 {
        let mut kept = Vec::with_capacity(cand.len());
        let mut i = 0;
        while i < cand.len() {
            let (start, mut end) = (cand[i].0, cand[i].1);
            let mut j = i + 1;
            while j < cand.len() && cand[j].0 <= end {
                end = end.max(cand[j].1);
                j += 1;
            }
            if end - start >= min {
                kept.extend_from_slice(&cand[i..j]);
            } else {
                for c in &cand[i..j] {
                    below_min[c.2 as usize] = true;
                }
            }
            i = j;
        }
        cand = kept;
    }
    let x_all = union(excl.iter().map(|e| (e.0, e.1)).collect());
    let grid = a
        .interval
        .and_then(|d| {
            d.unit
                .fixed_seconds()
                .map(|s| s as i64 * i64::from(d.amount))
        })
        .filter(|s| *s > 0)
        .unwrap_or(60);
    let hours_term = match &a.formula {
        Some(Formula::ServiceHours { hours }) => Some(
            ServiceHours::from_spec(spec, hours).map_err(|e| ReportError::Spec(e.to_string()))?,
        ),
        _ => None,
    };
    let rules = &judge.rules;
    let credit = credit_of(spec, a);
    // Each month reads only the parts and records that can touch it (a year of a million
    // records would otherwise be scanned once a month).
    let bounds = months
        .iter()
        .map(|m| {
            Ok((
                day_start(tz, m.first_day())?,
                day_start(tz, m.next().first_day())?,
            ))
        })
        .collect::<Result<Vec<Iv>, ReportError>>()?;
    let cand_reach = reach(&cand, |c| c.0, |c| c.1);
    let excl_reach = reach(&excl, |e| e.0, |e| e.1);
    let mut touching_month: Vec<Vec<u32>> = vec![Vec::new(); months.len()];
    let mut touching_count = vec![0usize; months.len()];
    for (di, ri) in decided.iter().enumerate() {
        let o = &outages[*ri as usize];
        let from = bounds.partition_point(|b| b.1 <= o.start);
        for (mi, b) in bounds.iter().enumerate().skip(from) {
            if b.0 >= o.end {
                break;
            }
            touching_count[mi] += 1;
            if options.list_records {
                touching_month[mi].push(di as u32);
            }
        }
    }
    let mut out = Vec::with_capacity(months.len());
    for (mi, m) in months.iter().enumerate() {
        let first = m.first_day();
        let (ms, me) = bounds[mi];
        let days = first.days_in_month() as i64;
        let cand = &cand[within(&cand_reach, &cand, |c| c.0, ms, me)];
        let excl = &excl[within(&excl_reach, &excl, |e| e.0, ms, me)];
        // The period and the hours that count.
        let h: Vec<Iv> = match &hours_term {
            Some(sh) => {
                let (ta, tb) = (ts(ms)?, ts(me)?);
                sh.intersect(ta, tb)
                    .map_err(|e| ReportError::Spec(e.to_string()))?
                    .into_iter()
                    .map(|(x, y)| (x.as_second(), y.as_second()))
                    .collect()
            }
            None => vec![(ms, me)],
        };
        let period = match (&hours_term, &a.formula) {
            (Some(_), _) => measure(&h),
            // A month of fixed length (43,200 minutes) whatever its days.
            (None, Some(Formula::Fixed { length }))
            | (
                None,
                Some(Formula::TotalTime {
                    length: Some(length),
                }),
            ) => length.unit.fixed_seconds().unwrap_or(60) as i64 * i64::from(length.amount),
            (None, _) => days * 86_400,
        };
        let xm = intersect(&x_all, &h);
        let excluded = measure(&xm);
        // Down time: the slots counted parts touch, in the hours, minus excluded time.
        let mut slots: Vec<(Iv, u32)> = Vec::new(); // runs of slots with their owner
        let mut next_free = i64::MIN;
        for c in cand {
            let (x, y) = (c.0.max(ms), c.1.min(me));
            if x >= y {
                continue;
            }
            let sa = ms + (x - ms) / grid * grid;
            let sb = (ms + (y - ms + grid - 1) / grid * grid).min(me);
            let from = sa.max(next_free);
            if from < sb {
                slots.push(((from, sb), c.2));
                next_free = sb;
            }
        }
        let s_set = union(slots.iter().map(|s| s.0).collect());
        let d_set = subtract(&intersect(&s_set, &h), &xm);
        let down = measure(&d_set);
        let d_measured = Measured::new(d_set);
        let x_measured = Measured::new(xm);
        let h_measured = Measured::new(h.clone());
        // Attribution.
        // Per record only when the records are listed (a million-entry map otherwise).
        let mut counted_by: std::collections::HashMap<u32, i64> = Default::default();
        for ((x, y), di) in slots.iter().filter(|_| list) {
            let s = d_measured.within(*x, *y);
            if s > 0 {
                *counted_by.entry(*di).or_default() += s;
            }
        }
        let mut excluded_by: std::collections::HashMap<u32, Vec<(u16, i64)>> = Default::default();
        let mut rule_totals = vec![0i64; rules.len()];
        let mut cov = i64::MIN;
        for e in excl {
            let (x, y) = (e.0.max(ms).max(cov), e.1.min(me));
            cov = cov.max(e.1);
            if x >= y {
                continue;
            }
            let s = h_measured.within(x, y);
            if s > 0 {
                if list {
                    let v = excluded_by.entry(e.2).or_default();
                    match v.iter_mut().find(|(r, _)| *r == e.3) {
                        Some(slot) => slot.1 += s,
                        None => v.push((e.3, s)),
                    }
                }
                rule_totals[e.3 as usize] += s;
            }
        }
        // Records touching the month.
        let record_count = touching_count[mi];
        let mut records = Vec::new();
        for &di in &touching_month[mi] {
            let (o, d) = (
                &outages[decided[di as usize] as usize],
                &decisions[di as usize],
            );
            let counted = counted_by.get(&di).copied().unwrap_or(0);
            let ex = excluded_by.get(&di).cloned().unwrap_or_default();
            let ex_total: i64 = ex.iter().map(|e| e.1).sum();
            let (status, reason) = match d {
                Decision::Counted(_) | Decision::Windowed { .. }
                    if below_min[di as usize] && counted == 0 && ex_total == 0 =>
                {
                    (
                        "below_min_outage",
                        format!(
                            "{}未満の停止のため計上しません",
                            a.min_outage.map(words::duration).unwrap_or_default()
                        ),
                    )
                }
                Decision::Counted(r) => {
                    if counted > 0 {
                        ("counted", r.to_string())
                    } else if hours_term.is_some()
                        && h_measured.within(o.start.max(ms), o.end.min(me)) == 0
                    {
                        (
                            "outside_hours",
                            "サービス提供時間外のため計上しません".into(),
                        )
                    } else {
                        (
                            "overlapped",
                            "他の記録と重なる時間のため、重ねて計上しません".into(),
                        )
                    }
                }
                Decision::Excluded(_, r) => ("excluded", r.clone()),
                Decision::Windowed { reason, .. } => {
                    if counted > 0 {
                        ("partly_excluded", reason.clone())
                    } else {
                        ("excluded", reason.clone())
                    }
                }
            };
            records.push((
                o.start,
                o.line,
                RecordReport {
                    line: o.line,
                    start: rfc3339(tz, o.start),
                    end: rfc3339(tz, o.end),
                    when: span_text(tz, o.start, o.end),
                    kind: o.kind,
                    kind_label: o.kind.japanese().into(),
                    notified_at: o.notified_at.map(|n| rfc3339(tz, n)),
                    status,
                    counted_seconds: counted,
                    counted_minutes: minutes(counted),
                    excluded_seconds: ex_total,
                    excluded_minutes: minutes(ex_total),
                    rules: ex
                        .iter()
                        .map(|(r, _)| rules[*r as usize].id.to_string())
                        .collect(),
                    reason,
                    note: o.note.as_ref().map(|n| n.to_string()),
                },
            ));
        }
        records.sort_unstable_by_key(|r| (r.0, r.1));
        let records: Vec<RecordReport> = records.into_iter().map(|r| r.2).collect();
        // Each day.
        let mut daily = Vec::with_capacity(days as usize);
        let mut day = first;
        for n in 1..=days {
            let (a0, b0) = (
                day_start(tz, day)?,
                day_start(tz, day.tomorrow().unwrap_or(day))?,
            );
            daily.push(DayReport {
                day: n as u32,
                down_minutes: minutes(d_measured.within(a0, b0)),
                excluded_minutes: minutes(x_measured.within(a0, b0)),
            });
            day = day.tomorrow().unwrap_or(day);
        }
        // `total_time`: excluded time is not down time, but the period stays whole.
        let provided = match a.formula {
            Some(Formula::TotalTime { .. }) => period,
            _ => period - excluded,
        };
        let value = Value::new(provided - down, provided);
        let places = display_places(a, credit);
        let (shown, compare) = match a.rounding {
            Some(r) => {
                let v = value.round(r.mode, r.places);
                (v, Some(v))
            }
            None => (value.round(RoundingMode::Down, places), None),
        };
        let monthly = a.period == Period::Month;
        let met = match (a.target, monthly) {
            (Some(t), true) => Some(match a.bound {
                Bound::Inclusive => value.at_least(t, compare),
                Bound::Strict => value.above(t, compare),
            }),
            _ => None,
        };
        let mut notes = Vec::new();
        if !monthly {
            notes.push(format!(
                "この目標は{}で定められているため、月間の値は参考値です。",
                period_name(a.period)
            ));
        }
        if provided == 0 {
            notes.push("期間のすべてが除外時間に当たるため、稼働率は100％とします。".into());
        }
        let credit_report = credit.map(|c| {
            credit_report(
                spec,
                tz,
                judge.hours.as_ref(),
                c,
                &value,
                compare,
                *m,
                options,
            )
        });
        out.push(ObjectiveReport {
            id: a.head.id.clone(),
            name: objective_name(a),
            target: a.target,
            target_text: a.target.map(|t| match a.bound {
                Bound::Inclusive => format!("{}以上", words::percent(t, &spec.style)),
                Bound::Strict => format!("{}超", words::percent(t, &spec.style)),
            }),
            monthly_target: monthly,
            formula: formula_text(spec, a, rules),
            rounding: rounding_text(a, places),
            period_seconds: period,
            excluded_seconds: excluded,
            provided_seconds: provided,
            down_seconds: down,
            period_minutes: minutes(period),
            excluded_minutes: minutes(excluded),
            provided_minutes: minutes(provided),
            down_minutes: minutes(down),
            availability: shown.as_f64(),
            availability_text: shown.text(),
            exact: Ratio {
                numerator: provided - down,
                denominator: provided,
            },
            met,
            excluded_by_rule: rules
                .iter()
                .zip(&rule_totals)
                .filter(|(_, s)| **s > 0)
                .map(|(r, s)| RuleTotal {
                    rule: r.id.to_string(),
                    label: r.label.clone(),
                    seconds: *s,
                    minutes: minutes(*s),
                })
                .collect(),
            record_count,
            records: options.list_records.then_some(records),
            daily,
            credit: credit_report,
            notes,
        });
    }
    Ok(out)
}

fn ts(s: i64) -> Result<Timestamp, ReportError> {
    Timestamp::from_second(s).map_err(|e| ReportError::Spec(e.to_string()))
}

fn minutes(seconds: i64) -> f64 {
    seconds as f64 / 60.0
}

/// `2026-10-05T02:00:00+09:00`: the instant in the spec's zone, with its offset.
fn rfc3339(tz: &TimeZone, s: i64) -> String {
    let Ok(t) = Timestamp::from_second(s) else {
        return s.to_string();
    };
    let offset = tz.to_offset(t);
    let d = offset.to_datetime(t);
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second(),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// 「10月5日 2:00～10月5日 3:30」 shortened: 「10/5 2:00～3:30」, 「10/31 23:30～11/1 0:30」.
fn span_text(tz: &TimeZone, a: i64, b: i64) -> String {
    let (Ok(ta), Ok(tb)) = (Timestamp::from_second(a), Timestamp::from_second(b)) else {
        return String::new();
    };
    let (x, y) = (tz.to_datetime(ta), tz.to_datetime(tb));
    let hm = |d: jiff::civil::DateTime| {
        if d.second() == 0 {
            format!("{}:{:02}", d.hour(), d.minute())
        } else {
            format!("{}:{:02}:{:02}", d.hour(), d.minute(), d.second())
        }
    };
    if x.date() == y.date() {
        format!("{}/{} {}～{}", x.month(), x.day(), hm(x), hm(y))
    } else {
        format!(
            "{}/{} {}～{}/{} {}",
            x.month(),
            x.day(),
            hm(x),
            y.month(),
            y.day(),
            hm(y)
        )
    }
}

fn period_name(p: Period) -> String {
    match p {
        Period::Month => "月間".into(),
        Period::Quarter => "四半期".into(),
        Period::Year => "年間".into(),
        Period::Rolling { days } => format!("{days}日間"),
    }
}

fn objective_name(a: &Availability) -> String {
    match (&a.measures, &a.head.label) {
        (Some(m), _) => format!("{m}の月間稼働率"),
        (None, Some(l)) if l != "目標値" => format!("月間稼働率（{l}）"),
        _ => "月間稼働率".into(),
    }
}

fn formula_text(spec: &Spec, a: &Availability, rules: &[Rule]) -> String {
    let base = match &a.formula {
        Some(Formula::ServiceHours { hours }) => {
            let label = spec
                .term(hours)
                .and_then(|t| t.head().label.clone())
                .unwrap_or_else(|| hours.clone());
            format!("当月の{label}内の時間[分]")
        }
        Some(Formula::Fixed { length })
        | Some(Formula::TotalTime {
            length: Some(length),
        }) => {
            let minutes = length.unit.fixed_seconds().unwrap_or(60) / 60 * u64::from(length.amount);
            format!("{}[分]", words::grouped(&minutes.to_string()))
        }
        _ => "当月の日数×24×60[分]".into(),
    };
    if let Some(Formula::TotalTime { .. }) = a.formula {
        return format!(
            "稼働率＝（総稼働時間－累計障害時間）÷総稼働時間×100、総稼働時間＝{base}（除外時間は累計障害時間に含めない）"
        );
    }
    if rules.is_empty() {
        return format!("稼働率＝（{base}－停止時間）÷{base}×100");
    }
    // The objective's own rules by name; the SLA-wide list as one item.
    let mut items: Vec<String> = rules
        .iter()
        .filter(|r| a.excludes.iter().any(|id| id == r.id))
        .map(|r| format!("「{}」", r.label))
        .collect();
    if rules.len() > items.len() {
        items.push("本SLAの適用外とする事由による停止時間".into());
    }
    format!(
        "稼働率＝（サービス提供時間－停止時間）÷サービス提供時間×100、サービス提供時間＝{base}－除外時間（{}）",
        words::enumerate(&items, "および")
    )
}

fn rounding_text(a: &Availability, places: u32) -> String {
    match a.rounding {
        Some(r) => format!(
            "小数点以下第{}位未満を{}",
            r.places,
            match r.mode {
                RoundingMode::Down => "切り捨て",
                RoundingMode::Up => "切り上げ",
                RoundingMode::Nearest => "四捨五入",
            }
        ),
        None => format!(
            "端数処理の定めがないため、目標との比較は正確な値で行い、表示は小数点以下第{places}位未満を切り捨て"
        ),
    }
}

/// Decimal places to show without a rounding rule: at least 2, and as many as the target or a
/// tier threshold has, so a shown value never hides the difference that decides.
fn display_places(a: &Availability, credit: Option<&Credit>) -> u32 {
    let decimals = |p: Percent| {
        let f = p.ten_thousandths() % Percent::SCALE;
        if f == 0 {
            0
        } else {
            4 - (f.trailing_zeros_dec())
        }
    };
    let mut places = 2;
    if let Some(t) = a.target {
        places = places.max(decimals(t));
    }
    for t in credit.iter().flat_map(|c| &c.tiers) {
        places = places.max(decimals(t.below));
    }
    places
}

trait DecimalZeros {
    fn trailing_zeros_dec(self) -> u32;
}

impl DecimalZeros for u32 {
    fn trailing_zeros_dec(self) -> u32 {
        let (mut n, mut z) = (self, 0);
        while n != 0 && n % 10 == 0 {
            n /= 10;
            z += 1;
        }
        z
    }
}

/// An exact availability: up / provided.
struct Value {
    up: i128,
    provided: i128,
}

/// An availability rounded to some decimal places: `units / 10^places` percent.
#[derive(Clone, Copy)]
struct Shown {
    units: i128,
    places: u32,
}

impl Shown {
    fn as_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.places as i32)
    }

    fn text(self) -> String {
        let scale = 10i128.pow(self.places);
        if self.places == 0 {
            format!("{}", self.units)
        } else {
            format!(
                "{}.{:0width$}",
                self.units / scale,
                self.units % scale,
                width = self.places as usize
            )
        }
    }

    /// In ten-thousandths of a percent (the unit of [`Percent`]).
    fn ten_thousandths(self) -> i128 {
        self.units * 10i128.pow(4 - self.places.min(4))
    }
}

impl Value {
    fn new(up: i64, provided: i64) -> Value {
        if provided <= 0 {
            Value { up: 1, provided: 1 }
        } else {
            Value {
                up: i128::from(up.max(0)),
                provided: i128::from(provided),
            }
        }
    }

    fn round(&self, mode: RoundingMode, places: u32) -> Shown {
        let n = self.up * 100 * 10i128.pow(places);
        let d = self.provided;
        let units = match mode {
            RoundingMode::Down => n / d,
            RoundingMode::Up => (n + d - 1) / d,
            RoundingMode::Nearest => (2 * n + d) / (2 * d),
        };
        Shown { units, places }
    }

    /// Whether the value (rounded when `rounded` is given) is at least `p`.
    /// Strictly above `p` (a `target above` is met, an `at_most` tier is not reached).
    fn above(&self, p: Percent, rounded: Option<Shown>) -> bool {
        let p = i128::from(p.ten_thousandths());
        match rounded {
            Some(s) => s.ten_thousandths() > p,
            None => self.up * 100 * i128::from(Percent::SCALE) > p * self.provided,
        }
    }

    fn at_least(&self, p: Percent, rounded: Option<Shown>) -> bool {
        let p = i128::from(p.ten_thousandths());
        match rounded {
            Some(s) => s.ten_thousandths() >= p,
            None => self.up * 100 * i128::from(Percent::SCALE) >= p * self.provided,
        }
    }
}

fn credit_of<'a>(spec: &'a Spec, a: &Availability) -> Option<&'a Credit> {
    let credits: Vec<&Credit> = spec
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Credit(c) => Some(c),
            _ => None,
        })
        .collect();
    if let Some(c) = credits
        .iter()
        .find(|c| c.basis.as_deref() == Some(&a.head.id))
    {
        return Some(c);
    }
    let with_target = spec
        .terms
        .iter()
        .filter(|t| matches!(t, Term::Availability(x) if x.target.is_some()))
        .count();
    match credits.as_slice() {
        [only] if only.basis.is_none() && with_target == 1 && a.target.is_some() => Some(only),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn credit_report(
    spec: &Spec,
    tz: &TimeZone,
    hours: Option<&ServiceHours>,
    c: &Credit,
    value: &Value,
    rounded: Option<Shown>,
    month: Month,
    options: &Options,
) -> CreditReport {
    let style = &spec.style;
    // Tiers are listed highest threshold first: the last one the value is below is reached.
    let tier = c.tiers.iter().rev().find(|t| match t.bound {
        // `at_most 99.9%`: reached at 99.9% itself.
        Bound::Inclusive => !value.above(t.below, rounded),
        Bound::Strict => !value.at_least(t.below, rounded),
    });
    let (share, capped) = match tier.and_then(|t| t.credit) {
        Some(s) => match c.cap {
            Some(cap) if cap < s => (Some(cap), true),
            _ => (Some(s), false),
        },
        None => (None, false),
    };
    let amount_yen = match (share, options.fee) {
        (Some(s), Some(fee)) => {
            Some((u128::from(fee) * u128::from(s.ten_thousandths()) / 1_000_000) as u64)
        }
        _ => None,
    };
    let under = |t: &CreditTier| match t.bound {
        Bound::Strict => "未満",
        Bound::Inclusive => "以下",
    };
    // The verb of the credit's form (減額します, 返金します, …).
    let gives = match c.form {
        CreditForm::Reduction => "を減額します",
        CreditForm::Refund => "を返金します",
        CreditForm::ServiceCredit => "をサービスクレジットとして付与します",
        CreditForm::Extension => "に相当する期間、利用期間を延長します",
    };
    let text = match (tier, share) {
        // Credits by outage length, per stretch or pro rata depend on each outage's length,
        // which this monthly report does not judge.
        (None, _) if c.tiers.is_empty() => {
            "このサービスクレジットは稼働率の段階ではなく停止時間で定められているため、本レポートでは算定していません。"
                .to_string()
        }
        (None, _) => format!(
            "稼働率が{}を下回っていないため、サービスクレジットの対象ではありません。",
            c.tiers
                .first()
                .map(|t| words::percent(t.below, style))
                .unwrap_or_default()
        ),
        (Some(t), Some(s)) => {
            let cap = if capped {
                format!("（上限{}を適用）", words::percent(s, style))
            } else {
                String::new()
            };
            let yen = match amount_yen {
                Some(y) => format!("、{}円", yen(y)),
                None => String::new(),
            };
            format!(
                "稼働率が{}{}のため、{}の{}{cap}{yen}{gives}。",
                words::percent(t.below, style),
                under(t),
                c.fee.as_deref().unwrap_or("利用料金"),
                words::percent(s, style)
            )
        }
        (Some(t), None) => format!(
            "稼働率が{}{}のため、{}を割引します（割引率は本SLAに定めがありません）。",
            words::percent(t.below, style),
            under(t),
            c.fee.as_deref().unwrap_or("利用料金")
        ),
    };
    let end = month.next().first_day();
    let deadline: Option<Date> = match &c.claim {
        Some(Claim::Within {
            duration,
            after_incident: false,
        }) => {
            let start = day_start(tz, end)
                .ok()
                .and_then(|s| Timestamp::from_second(s).ok());
            start
                .and_then(|t| match duration.unit {
                    TimeUnit::BusinessDays => hours.and_then(|h| h.add(t, *duration).ok()),
                    _ => add_clock(tz, t, *duration).ok(),
                })
                .map(|t| {
                    // The period ends at the end of the day before (the instant is the next
                    // midnight).
                    let d = tz.to_datetime(t);
                    if d.time() == jiff::civil::time(0, 0, 0, 0)
                        && duration.unit != TimeUnit::BusinessDays
                    {
                        d.date().yesterday().unwrap_or(d.date())
                    } else {
                        d.date()
                    }
                })
        }
        Some(Claim::ByDayOfNextMonth { day }) => {
            let last = end.days_in_month() as u32;
            Some(jiff::civil::date(
                end.year(),
                end.month(),
                (*day).min(last) as i8,
            ))
        }
        _ => None,
    };
    let deadline = deadline.map(|d| match hours {
        Some(h) => {
            let cal = h.calendar();
            if cal.is_open(d).unwrap_or(true) {
                d
            } else {
                cal.next_open_day(d).unwrap_or(d)
            }
        }
        None => d,
    });
    let claim = match (&c.claim, deadline) {
        (Some(Claim::Automatic), _) => "請求は不要です（自動で適用されます）。".to_string(),
        (
            Some(Claim::Within {
                duration,
                after_incident: true,
            }),
            _,
        ) => format!(
            "障害発生から{}以内にご請求ください。",
            words::duration(*duration)
        ),
        (Some(Claim::OnRequest), _) => {
            "ご請求により適用されます（期限の定めはありません）。".into()
        }
        (Some(Claim::Within { duration, .. }), Some(d)) => format!(
            "対象月の末日から{}以内、{}までにご請求ください。",
            words::duration(*duration),
            words::date(d, style)
        ),
        (Some(Claim::ByDayOfNextMonth { day }), Some(d)) => format!(
            "翌月{day}日まで（{}まで）にご請求ください。",
            words::date(d, style)
        ),
        _ => "本SLAは請求の方法と期限を定めていません。".to_string(),
    };
    CreditReport {
        id: c.head.id.clone(),
        fee: c.fee.clone().unwrap_or_else(|| "利用料金".into()),
        below: tier.map(|t| t.below),
        owed: tier.is_some(),
        share,
        capped,
        amount_yen,
        text,
        claim: if tier.is_some() { claim } else { String::new() },
        deadline: if tier.is_some() {
            deadline.map(|d| d.to_string())
        } else {
            None
        },
    }
}

/// 12,345.
fn yen(n: u64) -> String {
    crate::model::text::thousands(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_sets() {
        assert_eq!(
            union(vec![(5, 7), (0, 2), (2, 3), (6, 9)]),
            vec![(0, 3), (5, 9)]
        );
        assert_eq!(
            intersect(&[(0, 10)], &[(2, 3), (5, 12)]),
            vec![(2, 3), (5, 10)]
        );
        assert_eq!(
            subtract(&[(0, 10), (20, 30)], &[(2, 3), (8, 22)]),
            vec![(0, 2), (3, 8), (22, 30)]
        );
        let m = Measured::new(vec![(0, 10), (20, 30)]);
        assert_eq!(m.within(5, 25), 10);
        assert_eq!(m.within(-5, 100), 20);
        assert_eq!(m.within(10, 20), 0);
    }

    #[test]
    fn rounding_and_comparison() {
        // 98% exactly: 43,200 minutes, 864 down.
        let v = Value::new(43_200 * 60 - 864 * 60, 43_200 * 60);
        let p98 = Percent::parse("98").unwrap();
        assert!(v.at_least(p98, None));
        assert_eq!(v.round(RoundingMode::Down, 2).text(), "98.00");
        let v = Value::new(99_999, 100_000);
        assert_eq!(v.round(RoundingMode::Down, 2).text(), "99.99");
        assert_eq!(v.round(RoundingMode::Up, 2).text(), "100.00");
        assert_eq!(v.round(RoundingMode::Nearest, 3).text(), "99.999");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(12), "12");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn spec() -> Spec {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/calltree.sla");
            crate::check::Loader::new()
                .load(&path)
                .expect("readable")
                .spec
                .expect("calltree checks")
        }

        /// 2026-10-01T00:00+09:00.
        const OCT: i64 = 1_790_780_400;

        fn record() -> impl Strategy<Value = Outage> {
            // From 5 days before October to 5 days after, whole minutes, up to 10 hours.
            (-7200i64..51_840, 1i64..600, 0usize..3).prop_map(|(m, len, k)| Outage {
                line: 0,
                start: OCT + m * 60,
                end: OCT + (m + len) * 60,
                kind: [
                    OutageKind::Unplanned,
                    OutageKind::Planned,
                    OutageKind::ForceMajeure,
                ][k],
                notified_at: None,
                affects: 1,
                note: None,
            })
        }

        fn numbered(mut v: Vec<Outage>) -> Vec<Outage> {
            for (i, o) in v.iter_mut().enumerate() {
                o.line = i as u32 + 2;
            }
            v
        }

        fn figures(spec: &Spec, log: &[Outage]) -> (i64, i64, i64) {
            let month = Month {
                year: 2026,
                month: 10,
            };
            let r = compute(spec, log, &[month], &Options::default()).expect("computes");
            let o = &r.months[0].objectives[0];
            (o.exact.numerator, o.exact.denominator, o.excluded_seconds)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn availability_is_between_0_and_100(log in prop::collection::vec(record(), 0..30)) {
                let (up, provided, _) = figures(&spec(), &numbered(log));
                prop_assert!(up >= 0 && up <= provided && provided > 0);
            }

            #[test]
            fn adding_an_outage_never_raises_availability(
                log in prop::collection::vec(record(), 0..20),
                extra in record(),
            ) {
                let spec = spec();
                let (n1, d1, _) = figures(&spec, &numbered(log.clone()));
                let mut more = log;
                more.push(Outage { kind: OutageKind::Unplanned, ..extra });
                let (n2, d2, _) = figures(&spec, &numbered(more));
                // n2/d2 <= n1/d1
                prop_assert!(i128::from(n2) * i128::from(d1) <= i128::from(n1) * i128::from(d2));
            }

            #[test]
            fn splitting_a_record_at_any_minute_changes_nothing(
                log in prop::collection::vec(record(), 1..20),
                which in any::<prop::sample::Index>(),
                at in any::<prop::sample::Index>(),
            ) {
                let spec = spec();
                let before = figures(&spec, &numbered(log.clone()));
                let i = which.index(log.len());
                let o = log[i].clone();
                let minutes = (o.end - o.start) / 60;
                prop_assume!(minutes >= 2);
                let cut = o.start + (1 + at.index(minutes as usize - 1) as i64) * 60;
                let mut split = log;
                split[i].end = cut;
                split.push(Outage { start: cut, ..o });
                prop_assert_eq!(before, figures(&spec, &numbered(split)));
            }

            #[test]
            fn the_order_of_rows_does_not_matter(log in prop::collection::vec(record(), 0..20)) {
                let spec = spec();
                let mut reversed = log.clone();
                reversed.reverse();
                prop_assert_eq!(
                    figures(&spec, &numbered(log)),
                    figures(&spec, &numbered(reversed))
                );
            }
        }
    }
}
