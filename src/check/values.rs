//! Typed values from the syntax tree's text: each function reads one kind of value, reports what
//! is wrong with it, and returns the typed value or `None`.

use super::Checker;
use crate::diagnostic::Problem;
use crate::model::{
    Bandwidth, Date, Duration, DurationRange, MonthDay, Percent, RevisionDate, TimeOfDay, TimeUnit,
    Weekday, Window,
};
use crate::syntax::ast::{Spanned, Value};

/// Units that make sense for a statement.
pub(super) mod units {
    use crate::model::TimeUnit::{self, *};
    /// Advance notice.
    pub const NOTICE: &[TimeUnit] = &[Hours, Days, Weeks, Months, BusinessDays];
    /// Response and resolution targets.
    pub const TARGET: &[TimeUnit] = &[Minutes, Hours, Days, BusinessHours, BusinessDays];
    /// Probe intervals and minimum outage lengths.
    pub const PROBE: &[TimeUnit] = &[Seconds, Minutes, Hours];
    /// Backup frequency.
    pub const EVERY: &[TimeUnit] = &[Minutes, Hours, Days, Weeks];
    /// Retention.
    pub const KEEP: &[TimeUnit] = &[Hours, Days, Weeks, Months, Years];
    /// Claim deadlines (hours for a deadline counted from the incident: 24h).
    pub const CLAIM: &[TimeUnit] = &[Hours, Days, Weeks, Months, BusinessDays];
    /// A credit in days of service (`=> 1 day`, `cap 30 days`).
    pub const SERVICE_DAYS: &[TimeUnit] = &[Days];
    /// Fixed-length periods (`formula fixed 43200min`, `720h`, `30 days`).
    pub const FIXED: &[TimeUnit] = &[Minutes, Hours, Days];
    /// The invoice a credit is paid on, after the period.
    pub const PAYOUT: &[TimeUnit] = &[Months];
    /// A run of periods (`consecutive 2 months`).
    pub const RUN: &[TimeUnit] = &[Months];
    /// The most maintenance time a period (`limit 4h per quarter`).
    pub const MAINT_LIMIT: &[TimeUnit] = &[Minutes, Hours, Days];
    /// The time a provider takes to answer a claim (`review within 15 business_days`).
    pub const REVIEW: &[TimeUnit] = &[Hours, Days, Weeks, BusinessDays];
    /// Rolling periods.
    pub const ROLLING: &[TimeUnit] = &[Days, Weeks];
    /// Anything.
    pub const ANY: &[TimeUnit] = &[
        Seconds,
        Minutes,
        Hours,
        Days,
        Weeks,
        Months,
        Years,
        BusinessHours,
        BusinessDays,
    ];
}

impl Checker<'_> {
    /// A whole number that fits in `u32`.
    pub(super) fn count(&mut self, s: &Spanned<String>) -> Option<u32> {
        if s.value.contains('.') {
            self.error(
                Problem::BadDuration {
                    message: format!("{} is not a whole number", s.value),
                },
                s.span,
            );
            return None;
        }
        match s.value.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(
                    Problem::NumberTooLarge {
                        value: s.value.clone(),
                        max: u32::MAX.to_string(),
                    },
                    s.span,
                );
                None
            }
        }
    }

    /// A percentage between 0 and 100.
    pub(super) fn percent(&mut self, s: &Spanned<String>) -> Option<Percent> {
        let (int, frac) = s.value.split_once('.').unwrap_or((&s.value, ""));
        if frac.len() > 4 {
            self.error(
                Problem::TooPrecise {
                    value: s.value.clone(),
                },
                s.span,
            );
            return None;
        }
        let too_big = int.len() > 6;
        match Percent::parse(&s.value) {
            Some(p) if !too_big && p <= Percent::from_ten_thousandths(100 * Percent::SCALE) => {
                Some(p)
            }
            Some(_) => {
                self.error(
                    Problem::PercentOutOfRange {
                        value: s.value.clone(),
                    },
                    s.span,
                );
                None
            }
            None => {
                self.error(
                    Problem::PercentOutOfRange {
                        value: s.value.clone(),
                    },
                    s.span,
                );
                None
            }
        }
    }

    /// A duration whose unit is one of `allowed`.
    pub(super) fn duration(
        &mut self,
        v: &Value,
        context: &str,
        allowed: &[TimeUnit],
    ) -> Option<Duration> {
        let Value::Duration {
            approx,
            amount,
            unit,
            ..
        } = v
        else {
            return None;
        };
        let u = self.unit(unit, context, allowed)?;
        let written = amount;
        let amount = self.count(amount)?;
        // A period, interval, notice or target of no length means nothing (`rolling 0 days`
        // rendered 0日間の稼働率); a fact may still state a zero.
        if amount == 0 && context != "fact" {
            self.error(
                Problem::ZeroValue {
                    statement: context.to_string(),
                },
                written.span,
            );
            return None;
        }
        Some(Duration {
            amount,
            unit: u,
            approx: *approx,
        })
    }

    fn unit(
        &mut self,
        unit: &Spanned<String>,
        context: &str,
        allowed: &[TimeUnit],
    ) -> Option<TimeUnit> {
        let u = TimeUnit::parse(&unit.value)?;
        if !allowed.contains(&u) {
            self.error(
                Problem::UnitNotAllowed {
                    unit: u.name().into(),
                    context: context.into(),
                    allowed: allowed.iter().map(|u| u.name()).collect(),
                },
                unit.span,
            );
            return None;
        }
        Some(u)
    }

    /// `1..2 weeks`.
    pub(super) fn duration_range(&mut self, v: &Value, context: &str) -> Option<DurationRange> {
        let Value::Range {
            approx,
            min,
            max,
            unit,
            span,
        } = v
        else {
            return None;
        };
        let u = self.unit(unit, context, units::ANY)?;
        let lo = self.count(min)?;
        let hi = self.count(max)?;
        if lo > hi {
            self.error(
                Problem::BadDuration {
                    message: format!("the range {lo}..{hi} ends before it starts"),
                },
                *span,
            );
            return None;
        }
        Some(DurationRange {
            min: lo,
            max: hi,
            unit: u,
            approx: *approx,
        })
    }

    /// `10:00`.
    pub(super) fn time(&mut self, s: &Spanned<String>) -> Option<TimeOfDay> {
        let t = TimeOfDay::parse(&s.value);
        if t.is_none() {
            self.error(
                Problem::ImpossibleTime {
                    value: s.value.clone(),
                },
                s.span,
            );
        }
        t
    }

    /// `10:00-12:00`, `22:00-09:00 overnight`.
    pub(super) fn window(&mut self, v: &Value) -> Option<Window> {
        let Value::Window {
            start,
            end,
            overnight,
            span,
        } = v
        else {
            return None;
        };
        let a = self.time(start);
        let b = self.time(end);
        let (a, b) = (a?, b?);
        let text = format!("{}-{}", start.value, end.value);
        if a == TimeOfDay::END_OF_DAY {
            self.error(
                Problem::ImpossibleTime {
                    value: start.value.clone(),
                },
                start.span,
            );
            return None;
        }
        if *overnight {
            if b > a {
                self.error(Problem::NotOvernight { window: text }, *span);
                return None;
            }
            if b == TimeOfDay::END_OF_DAY {
                self.error(
                    Problem::ImpossibleTime {
                        value: end.value.clone(),
                    },
                    end.span,
                );
                return None;
            }
        } else if b <= a {
            self.error(Problem::WindowEndsBeforeStart { window: text }, *span);
            return None;
        }
        Some(Window {
            start: a,
            end: b,
            overnight: *overnight,
        })
    }

    /// `2017-05-08`.
    pub(super) fn date(&mut self, s: &Spanned<String>) -> Option<Date> {
        let parts: Vec<&str> = s.value.split('-').collect();
        let parsed = match parts.as_slice() {
            [y, m, d] => (|| {
                let y: i16 = y.parse().ok()?;
                let m: i8 = m.parse().ok()?;
                let d: i8 = d.parse().ok()?;
                jiff::civil::Date::new(y, m, d).ok()
            })(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                Problem::ImpossibleDate {
                    value: s.value.clone(),
                },
                s.span,
            );
        }
        parsed.map(Date)
    }

    /// `2024-05` or `2017-05-08`.
    pub(super) fn revision_date(&mut self, v: &Value) -> Option<RevisionDate> {
        match v {
            Value::Date(s) => {
                let d = self.date(s)?;
                Some(RevisionDate {
                    year: d.0.year(),
                    month: d.0.month(),
                    day: Some(d.0.day()),
                })
            }
            Value::YearMonth(s) => {
                let (y, m) = s.value.split_once('-')?;
                let y: i16 = y.parse().ok()?;
                let m: i8 = m.parse().ok()?;
                if !(1..=12).contains(&m) || !(1..=9999).contains(&y) {
                    self.error(
                        Problem::ImpossibleDate {
                            value: s.value.clone(),
                        },
                        s.span,
                    );
                    return None;
                }
                Some(RevisionDate {
                    year: y,
                    month: m,
                    day: None,
                })
            }
            _ => None,
        }
    }

    /// `12-28`: a day that exists in some year (02-29 included).
    pub(super) fn month_day(&mut self, s: &Spanned<String>) -> Option<MonthDay> {
        let (m, d) = s.value.split_once('-')?;
        let (m, d): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
        if jiff::civil::Date::new(2024, m, d).is_err() {
            self.error(
                Problem::ImpossibleDate {
                    value: s.value.clone(),
                },
                s.span,
            );
            return None;
        }
        Some(MonthDay { month: m, day: d })
    }

    /// `mon` or `mon..fri` (a range may wrap: `sat..mon`).
    pub(super) fn weekdays(&mut self, v: &Value) -> Vec<Weekday> {
        let Value::Weekdays { from, to, .. } = v else {
            return Vec::new();
        };
        let Some(a) = Weekday::parse(&from.value) else {
            return Vec::new();
        };
        let Some(b) = to.as_ref().and_then(|t| Weekday::parse(&t.value)) else {
            return vec![a];
        };
        let mut out = Vec::new();
        let mut i = a.index();
        loop {
            out.push(Weekday::ALL[i]);
            if i == b.index() {
                break;
            }
            i = (i + 1) % 7;
        }
        out
    }

    /// `10..20 Mbps`.
    pub(super) fn bandwidth(&mut self, v: &Value) -> Option<Bandwidth> {
        let Value::Bandwidth {
            min,
            max,
            open,
            unit,
            span,
        } = v
        else {
            return None;
        };
        let factor: u64 = match unit.value.as_str() {
            "kbps" => 1,
            "Mbps" => 1000,
            _ => 1_000_000,
        };
        let kbps = |this: &mut Self, s: &Spanned<String>| -> Option<u64> {
            let (int, frac) = s.value.split_once('.').unwrap_or((&s.value, ""));
            let int: u64 = match int.parse() {
                Ok(v) if int.len() <= 9 => v,
                _ => {
                    this.error(
                        Problem::NumberTooLarge {
                            value: s.value.clone(),
                            max: "999999999".into(),
                        },
                        s.span,
                    );
                    return None;
                }
            };
            let mut f = 0u64;
            let mut scale = factor;
            for c in frac.chars().take(6) {
                scale /= 10;
                f += u64::from(c.to_digit(10)?) * scale;
            }
            Some(int * factor + f)
        };
        let lo = kbps(self, min)?;
        let hi = match max {
            Some(m) => Some(kbps(self, m)?),
            None => None,
        };
        if hi.is_some_and(|h| h < lo) {
            self.error(
                Problem::BadDuration {
                    message: "the bandwidth range ends below its start".into(),
                },
                *span,
            );
            return None;
        }
        Some(Bandwidth {
            min_kbps: lo,
            max_kbps: hi,
            exact: hi.is_none() && !open,
        })
    }
}
