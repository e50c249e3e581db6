//! Service hours and business-time arithmetic: when is support open, and when is a ticket due.
//!
//! [`ServiceHours`] combines a [`BusinessCalendar`] (which days are open) with the daily windows
//! of an hours term (10:00–12:00 and 13:00–18:00; 22:00–翌9:00 across midnight), in the spec's
//! time zone. Every civil time is turned into an instant with [jiff]'s time zone database; no
//! offset is written by hand, and a civil time that a daylight-saving change skips or repeats is
//! resolved the way RFC 5545 and jiff call "compatible" (a skipped time moves forward by the
//! gap, a repeated one takes the earlier instant).
//!
//! # The convention
//!
//! Support staff, customers and monitoring must all compute the same deadline, so the rules are
//! stated once, here, and every command follows them.
//!
//! - **Service hours** are a set of half-open intervals `[open, close)`. On each open day, each
//!   window gives one interval. A window across midnight (`22:00-09:00 overnight`) *belongs to
//!   the day it opens*: it runs from 22:00 on an open day to 9:00 the next morning even when the
//!   next day is closed, and it does not open on a closed day even when the next day is open.
//!   A window may end at 24:00, the start of the next day.
//! - **The day of an instant** ([`ServiceHours::business_date`]) is the day whose window the
//!   instant lies in (`open <= t < close`; for the morning part of an overnight window, the day
//!   before), else the day whose window closes exactly at `t`, else the calendar date of `t` in
//!   the spec's time zone. For hours that do not cross midnight this is simply the date.
//! - **Next open instant** ([`ServiceHours::next_open`]): `t` itself when inside service hours,
//!   else the next opening. Applying it twice gives the same instant.
//! - **Clock units** (seconds, minutes, hours: [`add_clock`]) count elapsed time regardless of
//!   service hours: `2h` after 17:30 is 19:30, even at night. Days, weeks, months and years count
//!   calendar days in the spec's time zone (same time of day; a month from 1/31 is the last day
//!   of February).
//! - **Business hours** ([`ServiceHours::add_business_hours`]): the earliest instant at which N
//!   hours of service time have elapsed since `t`, counting only time inside service hours. A
//!   deadline that uses up a window exactly is that window's close (19:00), not the next opening.
//! - **Business days** ([`ServiceHours::add_business_days`]): counting starts on the next
//!   business day after the day of `t` (whatever the time of `t`, and whether or not that day is
//!   itself open); the deadline is the end of service hours (the close of the last window that
//!   opens that day) on the Nth business day. 軽度 「2営業日以内」 reported on Friday 2026-12-25
//!   17:30 with support closed 12/28–1/4 is therefore due on Wednesday 2027-01-06 at 19:00: the
//!   1st business day is 1/5, the 2nd 1/6.
//! - **Zero** business hours or days after `t` is `t`.
//! - **Business time between two instants** ([`ServiceHours::business_duration`]) is the length
//!   of the intersection of `[a, b)` with service hours; it is negative when `b < a`. Adding N
//!   business hours to `t` and measuring back gives exactly N hours.
//! - Adding N business days then M business days is the same as adding N + M whenever the end
//!   of a day's hours is not also the opening of the next day's (true of every spec in `specs/`;
//!   with round-the-clock hours the close of one day is the next day's midnight, which belongs
//!   to the next day as anyone reading the clock would say).
//! - **The recovery rule** ([`recovery_action_start`]): a recovery inside the quiet window (Synergy!'s
//!   22:00–翌9:00) starts its action at the next `resume` time (9:00); outside it, at once. It
//!   does not depend on the business calendar.
//! - **Range**: every calendar answers for 1948-01-01 to 2099-12-31, the years whose national
//!   holidays slagen computes; asking about anything else, or counting past the end, is a
//!   [`CalendarError`], never a guess and never a panic. Results that depend on national holidays
//!   of a year past [`holidays::PUBLISHED_THROUGH`] are projections
//!   ([`ServiceHours::projected_year`]); the commands warn about them.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use super::days::{BusinessCalendar, CalendarError, FIRST_DAY, LAST_DAY, check_date};
use super::holidays;
use crate::model::{Duration, Hours, Recovery, Spec, Term, TimeOfDay, TimeUnit, Window};

/// Support or service hours: a business calendar and daily windows in a time zone.
#[derive(Debug, Clone)]
pub struct ServiceHours {
    id: String,
    calendar: BusinessCalendar,
    windows: Vec<Window>,
    /// Each window as minutes after the midnight of the day it opens, `end` past 1440 for
    /// windows across midnight; sorted by start.
    spans: Vec<(u16, u16)>,
    /// The latest `end` of `spans`: past 1440 when some window reaches into the next day.
    latest_end: u16,
    tz: TimeZone,
}

/// The trace of a business-days computation, for explaining a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessDaysTrace {
    /// The day of the start instant (see the module's convention).
    pub start_day: Date,
    /// The business days counted, in order; the last is the day the deadline falls on.
    pub counted: Vec<Date>,
    /// The closed days stepped over between the start day and the last counted day.
    pub skipped: Vec<Date>,
    /// The deadline: the end of service hours on the last counted day.
    pub deadline: Timestamp,
}

impl ServiceHours {
    /// Hours of `calendar` with `windows` in `tz`. `id` names them in messages.
    pub fn new(
        id: &str,
        calendar: BusinessCalendar,
        windows: &[Window],
        tz: TimeZone,
    ) -> Result<ServiceHours, CalendarError> {
        let mut windows = windows.to_vec();
        windows.sort_by_key(|w| w.start);
        let spans: Vec<(u16, u16)> = windows
            .iter()
            .map(|w| {
                let start = w.start.minutes().min(1439);
                let end = if w.overnight {
                    w.end.minutes().min(1440) + 1440
                } else {
                    w.end.minutes().min(1440)
                };
                (start, end)
            })
            .filter(|(s, e)| e > s)
            .collect();
        let Some(latest_end) = spans.iter().map(|s| s.1).max() else {
            return Err(CalendarError::NoWindows { hours: id.into() });
        };
        Ok(ServiceHours {
            id: id.into(),
            calendar: calendar.in_time_zone(&tz),
            windows,
            spans,
            latest_end,
            tz,
        })
    }

    /// The hours term `id` of `spec`, with the spec's company holidays and time zone.
    pub fn from_spec(spec: &Spec, id: &str) -> Result<ServiceHours, CalendarError> {
        let hours = hours_term(spec, id)?;
        let tz = time_zone(spec)?;
        if hours.always {
            return ServiceHours::new(
                id,
                BusinessCalendar::every_day(),
                &[Window {
                    start: TimeOfDay::MIDNIGHT,
                    end: TimeOfDay::END_OF_DAY,
                    overnight: false,
                }],
                tz,
            );
        }
        let calendar = BusinessCalendar::from_rules(&hours.rules, hours.company_holidays(spec));
        ServiceHours::new(id, calendar, &hours.windows, tz)
    }

    /// The hours term's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The business calendar of the days.
    pub fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    /// The daily windows, sorted by start.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// The time zone every civil time is in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The instant of `minute` minutes after the midnight that starts `day` (up to two days).
    fn instant(&self, day: Date, minute: u16) -> Result<Timestamp, CalendarError> {
        let (day, minute) = if minute >= 1440 {
            (day.tomorrow()?, minute - 1440)
        } else {
            (day, minute)
        };
        let (day, minute) = if minute >= 1440 {
            (day.tomorrow()?, minute - 1440)
        } else {
            (day, minute)
        };
        let dt = day.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        Ok(self.tz.to_ambiguous_timestamp(dt).compatible()?)
    }

    /// The calendar date of `t` in the time zone, checked to be in range.
    fn date_of(&self, t: Timestamp) -> Result<Date, CalendarError> {
        check_date(self.tz.to_datetime(t).date())
    }

    /// The open intervals from the one containing or following `t` on, disjoint and in order.
    fn intervals_from(&self, t: Timestamp) -> Result<Intervals<'_>, CalendarError> {
        let date = self.date_of(t)?;
        // A window opened the day before may still be open at `t`.
        let day = if self.latest_end > 1440 && date > FIRST_DAY {
            date.yesterday()?
        } else {
            date
        };
        Ok(Intervals {
            hours: self,
            day,
            index: 0,
            covered: None,
            from: date,
            done: false,
        })
    }

    /// The intervals of service hours that open on `date` (none on a closed day).
    pub fn day_hours(&self, date: Date) -> Result<Vec<(Timestamp, Timestamp)>, CalendarError> {
        if !self.calendar.is_open(date)? {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(self.spans.len());
        for &(s, e) in &self.spans {
            let (a, b) = (self.instant(date, s)?, self.instant(date, e)?);
            if b > a {
                out.push((a, b));
            }
        }
        Ok(out)
    }

    /// The end of service hours on `date`: the close of the last window opening that day, or
    /// `None` when the day is closed.
    pub fn close_of_day(&self, date: Date) -> Result<Option<Timestamp>, CalendarError> {
        if !self.calendar.is_open(date)? {
            return Ok(None);
        }
        Ok(Some(self.instant(date, self.latest_end)?))
    }

    /// Whether `t` is inside service hours.
    pub fn is_open_at(&self, t: Timestamp) -> Result<bool, CalendarError> {
        Ok(self.next_open(t)? == t)
    }

    /// `t` when it is inside service hours, else the next opening.
    pub fn next_open(&self, t: Timestamp) -> Result<Timestamp, CalendarError> {
        for interval in self.intervals_from(t)? {
            let (a, b) = interval?;
            if b > t {
                return Ok(a.max(t));
            }
        }
        Err(CalendarError::NoBusinessTime {
            from: self.date_of(t)?,
        })
    }

    /// The day an instant counts as for business days (see the module's convention).
    pub fn business_date(&self, t: Timestamp) -> Result<Date, CalendarError> {
        let date = self.date_of(t)?;
        // Only a window opened the day before can hold `t` besides the day's own, and only if
        // some window reaches past midnight.
        let yesterday = if date > FIRST_DAY && self.latest_end >= 1440 {
            Some(date.yesterday()?)
        } else {
            None
        };
        let mut closing = None;
        for day in [Some(date), yesterday].into_iter().flatten() {
            if !self.calendar.is_open_unchecked(day) {
                continue;
            }
            for &(s, e) in &self.spans {
                let (a, b) = (self.instant(day, s)?, self.instant(day, e)?);
                if a <= t && t < b {
                    return Ok(day);
                }
                if b == t && closing.is_none() {
                    closing = Some(day);
                }
            }
        }
        Ok(closing.unwrap_or(date))
    }

    /// `t` plus a duration of any unit: clock units by [`add_clock`], business units by the
    /// business-time rules.
    pub fn add(&self, t: Timestamp, d: Duration) -> Result<Timestamp, CalendarError> {
        match d.unit {
            TimeUnit::BusinessHours => self.add_business_hours(t, d.amount),
            TimeUnit::BusinessDays => self.add_business_days(t, d.amount),
            _ => add_clock(&self.tz, t, d),
        }
    }

    /// `t` plus `hours` business hours.
    pub fn add_business_hours(&self, t: Timestamp, hours: u32) -> Result<Timestamp, CalendarError> {
        self.add_business_time(t, SignedDuration::from_hours(i64::from(hours)))
    }

    /// `t` plus `minutes` business minutes.
    pub fn add_business_minutes(
        &self,
        t: Timestamp,
        minutes: u32,
    ) -> Result<Timestamp, CalendarError> {
        self.add_business_time(t, SignedDuration::from_mins(i64::from(minutes)))
    }

    /// The earliest instant by which `amount` of service time has elapsed since `t`; `t` itself
    /// for zero or a negative amount.
    pub fn add_business_time(
        &self,
        t: Timestamp,
        amount: SignedDuration,
    ) -> Result<Timestamp, CalendarError> {
        if amount <= SignedDuration::ZERO {
            self.date_of(t)?;
            return Ok(t);
        }
        let mut left = amount;
        for interval in self.intervals_from(t)? {
            let (a, b) = interval?;
            if b <= t {
                continue;
            }
            let start = a.max(t);
            let length = b.duration_since(start);
            if length >= left {
                return Ok(start.checked_add(left)?);
            }
            left -= length;
        }
        Err(CalendarError::NoBusinessTime {
            from: self.date_of(t)?,
        })
    }

    /// `t` plus `days` business days: the end of service hours on the `days`th business day
    /// after the day of `t`; `t` itself for zero.
    pub fn add_business_days(&self, t: Timestamp, days: u32) -> Result<Timestamp, CalendarError> {
        if days == 0 {
            self.date_of(t)?;
            return Ok(t);
        }
        let start = self.business_date(t)?;
        let day = self.calendar.nth_open_day_after(start, days)?;
        self.close_of_day(day)?
            .ok_or(CalendarError::NoBusinessTime { from: start })
    }

    /// [`Self::add_business_days`] with the days it counted and stepped over.
    pub fn business_days_trace(
        &self,
        t: Timestamp,
        days: u32,
    ) -> Result<BusinessDaysTrace, CalendarError> {
        let start_day = self.business_date(t)?;
        let mut counted = Vec::new();
        let mut skipped = Vec::new();
        let mut day = start_day;
        while counted.len() < days as usize {
            day = day.tomorrow()?;
            if day > LAST_DAY {
                return Err(CalendarError::NoBusinessTime { from: start_day });
            }
            if self.calendar.is_open_unchecked(day) {
                counted.push(day);
            } else {
                skipped.push(day);
            }
        }
        let deadline = match counted.last() {
            Some(&last) => self
                .close_of_day(last)?
                .ok_or(CalendarError::NoBusinessTime { from: start_day })?,
            None => t,
        };
        Ok(BusinessDaysTrace {
            start_day,
            counted,
            skipped,
            deadline,
        })
    }

    /// The service time inside `[a, b)`; negative when `b < a`.
    pub fn business_duration(
        &self,
        a: Timestamp,
        b: Timestamp,
    ) -> Result<SignedDuration, CalendarError> {
        if b < a {
            return Ok(-self.business_duration(b, a)?);
        }
        let mut total = SignedDuration::ZERO;
        for (x, y) in self.intersect(a, b)? {
            total += y.duration_since(x);
        }
        Ok(total)
    }

    /// Whole business minutes inside `[a, b)` (rounded toward zero); negative when `b < a`.
    pub fn business_minutes_between(
        &self,
        a: Timestamp,
        b: Timestamp,
    ) -> Result<i64, CalendarError> {
        Ok(self.business_duration(a, b)?.as_secs() / 60)
    }

    /// The parts of `[a, b)` inside service hours, in order; touching parts are joined.
    pub fn intersect(
        &self,
        a: Timestamp,
        b: Timestamp,
    ) -> Result<Vec<(Timestamp, Timestamp)>, CalendarError> {
        let mut out: Vec<(Timestamp, Timestamp)> = Vec::new();
        if b <= a {
            self.date_of(a)?;
            return Ok(out);
        }
        // `b` is excluded, so its calendar date is that of the instant just before it.
        self.date_of(b.checked_sub(SignedDuration::from_nanos(1))?)?;
        for interval in self.intervals_from(a)? {
            let (x, y) = match interval {
                Ok(i) => i,
                // Every interval before `b` has been seen once the calendar's range ends.
                Err(CalendarError::NoBusinessTime { .. }) => break,
                Err(e) => return Err(e),
            };
            if x >= b {
                break;
            }
            let (x, y) = (x.max(a), y.min(b));
            if y <= x {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 == x => last.1 = y,
                _ => out.push((x, y)),
            }
        }
        Ok(out)
    }

    /// The year whose projected national holidays a result spanning `a`..`b` depends on, if any:
    /// the latest year of the span when it is past [`holidays::PUBLISHED_THROUGH`] and the
    /// calendar closes on national holidays.
    pub fn projected_year(&self, a: Timestamp, b: Timestamp) -> Option<i16> {
        projected_year(&self.calendar, &self.tz, a, b)
    }
}

/// [`ServiceHours::projected_year`] for a calendar without hours.
pub fn projected_year(
    calendar: &BusinessCalendar,
    tz: &TimeZone,
    a: Timestamp,
    b: Timestamp,
) -> Option<i16> {
    if !calendar.uses_national_holidays() {
        return None;
    }
    let year = tz.to_datetime(a.max(b)).year();
    holidays::is_projection(year).then_some(year)
}

/// The open intervals of service hours from a day on, with overlaps (which a checked spec never
/// has) cut away so that the intervals are disjoint and sorted.
struct Intervals<'a> {
    hours: &'a ServiceHours,
    day: Date,
    index: usize,
    covered: Option<Timestamp>,
    from: Date,
    done: bool,
}

impl Iterator for Intervals<'_> {
    type Item = Result<(Timestamp, Timestamp), CalendarError>;

    fn next(&mut self) -> Option<Self::Item> {
        let spans = &self.hours.spans;
        loop {
            if self.done {
                return None;
            }
            if self.index == 0 {
                while self.day > LAST_DAY || !self.hours.calendar.is_open_unchecked(self.day) {
                    let next = self.day.tomorrow();
                    match next {
                        Ok(d) if self.day <= LAST_DAY => self.day = d,
                        _ => {
                            self.done = true;
                            return Some(Err(CalendarError::NoBusinessTime { from: self.from }));
                        }
                    }
                }
            }
            let day = self.day;
            let (s, e) = spans[self.index];
            self.index += 1;
            if self.index == spans.len() {
                self.index = 0;
                match day.tomorrow() {
                    Ok(d) => self.day = d,
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e.into()));
                    }
                }
            }
            let bounds = self
                .hours
                .instant(day, s)
                .and_then(|a| Ok((a, self.hours.instant(day, e)?)));
            let (a, b) = match bounds {
                Ok(x) => x,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let a = match self.covered {
                Some(c) => a.max(c),
                None => a,
            };
            if b <= a {
                continue;
            }
            self.covered = Some(b);
            return Some(Ok((a, b)));
        }
    }
}

/// `t` plus a clock duration in time zone `tz` (see the module's convention); business units are
/// an error here because they need hours.
pub fn add_clock(tz: &TimeZone, t: Timestamp, d: Duration) -> Result<Timestamp, CalendarError> {
    let n = i64::from(d.amount);
    let span = match d.unit {
        TimeUnit::Seconds => return Ok(t.checked_add(SignedDuration::from_secs(n))?),
        TimeUnit::Minutes => return Ok(t.checked_add(SignedDuration::from_mins(n))?),
        TimeUnit::Hours => return Ok(t.checked_add(SignedDuration::from_hours(n))?),
        TimeUnit::Days => Span::new().try_days(n)?,
        TimeUnit::Weeks => Span::new().try_weeks(n)?,
        TimeUnit::Months => Span::new().try_months(n)?,
        TimeUnit::Years => Span::new().try_years(n)?,
        TimeUnit::BusinessHours | TimeUnit::BusinessDays => {
            return Err(CalendarError::Arithmetic {
                message: format!("{} need service hours", d.unit.name()),
            });
        }
    };
    Ok(t.to_zoned(tz.clone()).checked_add(span)?.timestamp())
}

/// When the action of a recovery rule starts for a recovery at `recovered`: at the next `resume`
/// time when the recovery falls inside the quiet window, else at once.
pub fn recovery_action_start(
    rule: &Recovery,
    tz: &TimeZone,
    recovered: Timestamp,
) -> Result<Timestamp, CalendarError> {
    let dt = tz.to_datetime(recovered);
    let minute = dt.hour() as u16 * 60 + dt.minute() as u16;
    let (start, end) = (rule.quiet.start.minutes(), rule.quiet.end.minutes());
    let quiet = if rule.quiet.overnight {
        minute >= start || minute < end
    } else {
        start <= minute && minute < end
    };
    if !quiet {
        return Ok(recovered);
    }
    let mut resume = civil_at(dt.date(), rule.resume)?;
    if resume < dt {
        resume = civil_at(dt.date().tomorrow()?, rule.resume)?;
    }
    Ok(tz.to_ambiguous_timestamp(resume).compatible()?)
}

/// `date` at `time`, where 24:00 is the next midnight.
fn civil_at(date: Date, time: TimeOfDay) -> Result<DateTime, CalendarError> {
    if time == TimeOfDay::END_OF_DAY {
        return Ok(date.tomorrow()?.at(0, 0, 0, 0));
    }
    Ok(date.at(time.hour() as i8, time.minute() as i8, 0, 0))
}

/// The spec's time zone.
pub fn time_zone(spec: &Spec) -> Result<TimeZone, CalendarError> {
    jiff::tz::db()
        .get(&spec.timezone)
        .map_err(|_| CalendarError::UnknownTimeZone {
            name: spec.timezone.clone(),
        })
}

/// The hours term `id` of `spec`, following local aliases (`hours x = y`).
pub fn hours_term<'a>(spec: &'a Spec, id: &str) -> Result<&'a Hours, CalendarError> {
    let mut current = id;
    // A checked spec has no alias cycles; the bound only keeps a hand-made model from looping.
    for _ in 0..16 {
        match spec.term(current) {
            Some(Term::Hours(h)) => match &h.refers_to {
                Some(r) if r.spec.is_empty() => current = &r.term,
                Some(_) if h.windows.is_empty() && !h.always => {
                    return Err(CalendarError::Unresolved { hours: id.into() });
                }
                _ => return Ok(h),
            },
            _ => {
                return Err(CalendarError::UnknownCalendar {
                    id: current.into(),
                    available: calendar_ids(spec),
                });
            }
        }
    }
    Err(CalendarError::Unresolved { hours: id.into() })
}

/// The calendar a spec's dates are read on when none is named (`slagen calendar` without
/// `--calendar`, an editor's hover on a date): the first hours term that is not `always`, else
/// the first calendar, else the first hours.
pub fn default_calendar(spec: &Spec) -> Result<String, CalendarError> {
    let hours = || {
        spec.terms.iter().filter_map(|t| match t {
            Term::Hours(h) => Some(h),
            _ => None,
        })
    };
    if let Some(h) = hours().find(|h| {
        hours_term(spec, &h.head.id)
            .map(|r| !r.always)
            .unwrap_or(false)
    }) {
        return Ok(h.head.id.clone());
    }
    if let Some(c) = spec.terms.iter().find(|t| matches!(t, Term::Calendar(_))) {
        return Ok(c.id().to_string());
    }
    hours()
        .next()
        .map(|h| h.head.id.clone())
        .ok_or(CalendarError::NoCalendar)
}

/// The ids of the spec's calendar and hours terms, in declaration order.
pub fn calendar_ids(spec: &Spec) -> Vec<String> {
    spec.terms
        .iter()
        .filter(|t| matches!(t, Term::Calendar(_) | Term::Hours(_)))
        .map(|t| t.id().to_string())
        .collect()
}

/// Reads an instant: `2026-12-25T17:30` (a civil time in `tz`), `2026-12-25` (midnight in `tz`),
/// `2026-12-25T17:30+09:00` or `…Z` (an instant), or `2026-12-25T17:30+09:00[Asia/Tokyo]`.
pub fn parse_instant(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(z) = text.parse::<jiff::Zoned>() {
        return Some(z.timestamp());
    }
    // A zone annotation that did not parse as a zoned time names an unknown zone; the civil
    // parser would silently drop it.
    if text.contains('[') {
        return None;
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        // jiff reads offsets up to ±25:59; no place on Earth is further than 14 hours from UTC,
        // so `+25:00` is a typing error, not an instant.
        let offset = jiff::fmt::temporal::Pieces::parse(text)
            .ok()
            .and_then(|p| match p.offset() {
                Some(jiff::fmt::temporal::PiecesOffset::Numeric(n)) => Some(n.offset()),
                _ => None,
            });
        if offset.is_some_and(|o| o.seconds().abs() > 14 * 3600) {
            return None;
        }
        return Some(t);
    }
    let dt = text.parse::<DateTime>().ok()?;
    tz.to_ambiguous_timestamp(dt).compatible().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days::DayStatus;
    use crate::model::{CalendarRules, Closure, CompanyHolidays, MonthDay, Weekday};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn tokyo() -> TimeZone {
        jiff::tz::db().get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn offsets_beyond_fourteen_hours_are_not_instants() {
        let tz = tokyo();
        assert!(parse_instant("2026-12-25T17:30+25:00", &tz).is_none());
        assert!(parse_instant("2026-12-25T17:30-15:00", &tz).is_none());
        assert!(parse_instant("2026-12-25T17:30+14:00", &tz).is_some());
        assert!(parse_instant("2026-12-25T17:30+09:00", &tz).is_some());
        assert!(parse_instant("2026-12-25T08:30Z", &tz).is_some());
    }

    fn window(a: &str, b: &str) -> Window {
        let (start, end) = (TimeOfDay::parse(a).unwrap(), TimeOfDay::parse(b).unwrap());
        Window {
            start,
            end,
            overnight: end <= start,
        }
    }

    fn weekdays() -> Vec<Weekday> {
        vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
    }

    fn year_end() -> Closure {
        Closure::Annual {
            name: "年末年始".into(),
            start: MonthDay { month: 12, day: 28 },
            end: MonthDay { month: 1, day: 4 },
        }
    }

    fn rules(extra: Vec<Closure>) -> CalendarRules {
        let mut closed = vec![
            Closure::Weekdays {
                days: vec![Weekday::Sat, Weekday::Sun],
            },
            Closure::NationalHolidays { label: None },
        ];
        closed.extend(extra);
        CalendarRules {
            open_days: weekdays(),
            closed,
            open_dates: Vec::new(),
        }
    }

    /// CALLTREE's support hours: 10:00–19:00 on business days, 盆 and 年末年始 closed.
    fn calltree() -> ServiceHours {
        let r = rules(vec![
            Closure::Annual {
                name: "盆".into(),
                start: MonthDay { month: 8, day: 13 },
                end: MonthDay { month: 8, day: 16 },
            },
            year_end(),
        ]);
        let cal = BusinessCalendar::from_rules(&r, &CompanyHolidays::default());
        ServiceHours::new("support_hours", cal, &[window("10:00", "19:00")], tokyo()).unwrap()
    }

    /// Synergy!'s hours: 10:00–12:00 and 13:00–18:00.
    fn synergy() -> ServiceHours {
        let cal =
            BusinessCalendar::from_rules(&rules(vec![year_end()]), &CompanyHolidays::default());
        ServiceHours::new(
            "support_hours",
            cal,
            &[window("13:00", "18:00"), window("10:00", "12:00")],
            tokyo(),
        )
        .unwrap()
    }

    /// A night desk: 22:00–翌9:00 on business days.
    fn night() -> ServiceHours {
        let cal =
            BusinessCalendar::from_rules(&rules(vec![year_end()]), &CompanyHolidays::default());
        ServiceHours::new("night", cal, &[window("22:00", "9:00")], tokyo()).unwrap()
    }

    fn at(text: &str) -> Timestamp {
        parse_instant(text, &tokyo()).unwrap_or_else(|| panic!("bad instant {text}"))
    }

    fn show(t: Timestamp) -> String {
        t.to_zoned(tokyo()).strftime("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn calltree_minor_over_the_year_end() {
        let h = calltree();
        let t = at("2026-12-25T17:30");
        assert_eq!(show(h.add_business_days(t, 2).unwrap()), "2027-01-06 19:00");
        let trace = h.business_days_trace(t, 2).unwrap();
        assert_eq!(trace.start_day, date(2026, 12, 25));
        assert_eq!(trace.counted, [date(2027, 1, 5), date(2027, 1, 6)]);
        assert_eq!(trace.skipped.len(), 10);
        assert_eq!(trace.deadline, h.add_business_days(t, 2).unwrap());
        // Clock hours ignore support hours.
        let d = Duration {
            amount: 2,
            unit: TimeUnit::Hours,
            approx: false,
        };
        assert_eq!(show(h.add(t, d).unwrap()), "2026-12-25 19:30");
    }

    #[test]
    fn deadline_starting_inside_a_closed_period() {
        let h = calltree();
        for start in ["2026-12-28T10:00", "2026-12-31T23:59", "2027-01-04T18:00"] {
            let t = at(start);
            assert_eq!(
                show(h.add_business_days(t, 2).unwrap()),
                "2027-01-06 19:00",
                "{start}"
            );
            assert_eq!(show(h.next_open(t).unwrap()), "2027-01-05 10:00");
            assert_eq!(
                show(h.add_business_hours(t, 4).unwrap()),
                "2027-01-05 14:00"
            );
        }
    }

    #[test]
    fn deadline_starting_outside_hours() {
        let h = synergy();
        // Before opening on a business day: business hours start at 10:00, business days count
        // from the next day.
        let t = at("2026-11-02T08:00");
        assert_eq!(show(h.next_open(t).unwrap()), "2026-11-02 10:00");
        assert_eq!(
            show(h.add_business_hours(t, 3).unwrap()),
            "2026-11-02 14:00"
        );
        assert_eq!(show(h.add_business_days(t, 1).unwrap()), "2026-11-04 18:00");
        // 2026-11-03 is 文化の日.
        assert!(!h.calendar().is_open(date(2026, 11, 3)).unwrap());
        // During lunch.
        let lunch = at("2026-11-02T12:30");
        assert_eq!(show(h.next_open(lunch).unwrap()), "2026-11-02 13:00");
        assert!(!h.is_open_at(lunch).unwrap());
        // After closing on Friday: Monday.
        let evening = at("2026-11-06T18:00");
        assert_eq!(show(h.next_open(evening).unwrap()), "2026-11-09 10:00");
        assert_eq!(
            show(h.add_business_hours(evening, 7).unwrap()),
            "2026-11-09 18:00"
        );
    }

    #[test]
    fn deadline_across_a_month_and_a_year_boundary() {
        let h = synergy();
        // Friday 10/30 17:00 + 4 business hours: 1h on Friday, then Monday 11/2 10–12, 13–14.
        assert_eq!(
            show(h.add_business_hours(at("2026-10-30T17:00"), 4).unwrap()),
            "2026-11-02 14:00"
        );
        // Across the year: Friday 2027-12-24 + 3 business days is Monday 12/27, then (12/28–1/4
        // closed) 1/5 and 1/6.
        let c = calltree();
        assert_eq!(
            show(c.add_business_days(at("2027-12-24T11:00"), 3).unwrap()),
            "2028-01-06 19:00"
        );
        // 2028-01-10 is 成人の日 (a projected year): 2 business days after 1/6 skip the weekend and it.
        assert_eq!(
            show(c.add_business_days(at("2028-01-06T19:00"), 2).unwrap()),
            "2028-01-11 19:00"
        );
        assert_eq!(
            c.projected_year(at("2027-12-24T11:00"), at("2028-01-06T19:00")),
            Some(2028)
        );
        assert_eq!(
            c.projected_year(at("2026-12-25T17:30"), at("2027-01-06T19:00")),
            None
        );
    }

    #[test]
    fn overnight_windows_belong_to_the_day_they_open() {
        let h = night();
        // Friday 2026-11-06 22:00 to Saturday 9:00 is open; Saturday night is not.
        assert!(h.is_open_at(at("2026-11-07T03:00")).unwrap());
        assert!(!h.is_open_at(at("2026-11-07T23:00")).unwrap());
        assert_eq!(
            show(h.next_open(at("2026-11-07T09:00")).unwrap()),
            "2026-11-09 22:00"
        );
        // 3:00 on Saturday is Friday's shift.
        assert_eq!(
            h.business_date(at("2026-11-07T03:00")).unwrap(),
            date(2026, 11, 6)
        );
        // The closing instant of Friday's shift still counts as Friday.
        assert_eq!(
            h.business_date(at("2026-11-07T09:00")).unwrap(),
            date(2026, 11, 6)
        );
        // 1 business day from Friday's shift: Monday's shift, which ends Tuesday 9:00.
        assert_eq!(
            show(h.add_business_days(at("2026-11-07T03:00"), 1).unwrap()),
            "2026-11-10 09:00"
        );
        // 10 business hours from Saturday 3:00: 6h left of Friday's shift, then 4h on Monday.
        assert_eq!(
            show(h.add_business_hours(at("2026-11-07T03:00"), 10).unwrap()),
            "2026-11-10 02:00"
        );
        // Thursday's shift until Friday 9:00, Friday's whole shift, Monday's until midnight.
        assert_eq!(
            h.business_minutes_between(at("2026-11-06T00:00"), at("2026-11-10T00:00"))
                .unwrap(),
            (9 + 11 + 2) * 60
        );
        // The shift of the last day before the year-end closure runs into 12/26 (a Saturday).
        assert_eq!(
            h.intersect(at("2026-12-25T00:00"), at("2027-01-06T00:00"))
                .unwrap()
                .iter()
                .map(|(a, b)| format!("{}..{}", show(*a), show(*b)))
                .collect::<Vec<_>>(),
            [
                "2026-12-25 00:00..2026-12-25 09:00",
                "2026-12-25 22:00..2026-12-26 09:00",
                "2027-01-05 22:00..2027-01-06 00:00"
            ]
        );
    }

    #[test]
    fn intersection_and_business_minutes() {
        let h = synergy();
        // An outage from 11:00 to 14:00 meets 11–12 and 13–14.
        let parts = h
            .intersect(at("2026-11-02T11:00"), at("2026-11-02T14:00"))
            .unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            h.business_minutes_between(at("2026-11-02T11:00"), at("2026-11-02T14:00"))
                .unwrap(),
            120
        );
        assert_eq!(
            h.business_minutes_between(at("2026-11-02T14:00"), at("2026-11-02T11:00"))
                .unwrap(),
            -120
        );
        // A whole month of service hours: November 2026 has 19 business days of 7 hours.
        assert_eq!(
            h.business_minutes_between(at("2026-11-01T00:00"), at("2026-12-01T00:00"))
                .unwrap(),
            19 * 7 * 60
        );
    }

    #[test]
    fn always_hours_and_zero() {
        let every = ServiceHours::new(
            "always",
            BusinessCalendar::every_day(),
            &[window("0:00", "24:00")],
            tokyo(),
        )
        .unwrap();
        let t = at("2026-12-31T23:30");
        assert_eq!(every.next_open(t).unwrap(), t);
        assert_eq!(
            show(every.add_business_hours(t, 48).unwrap()),
            "2027-01-02 23:30"
        );
        assert_eq!(
            show(every.add_business_days(t, 1).unwrap()),
            "2027-01-02 00:00"
        );
        assert_eq!(calltree().add_business_days(t, 0).unwrap(), t);
        assert_eq!(calltree().add_business_hours(t, 0).unwrap(), t);
    }

    #[test]
    fn recovery_inside_the_quiet_window_waits_for_resume() {
        let rule = Recovery {
            head: crate::model::TermHead {
                id: "r".into(),
                label: None,
                wording: None,
            },
            scope: String::new(),
            stopped: String::new(),
            action: String::new(),
            quiet: window("22:00", "9:00"),
            resume: TimeOfDay::parse("9:00").unwrap(),
        };
        let tz = tokyo();
        let start = |s: &str| show(recovery_action_start(&rule, &tz, at(s)).unwrap());
        assert_eq!(start("2026-11-02T21:59"), "2026-11-02 21:59");
        assert_eq!(start("2026-11-02T22:00"), "2026-11-03 09:00");
        assert_eq!(start("2026-12-31T23:30"), "2027-01-01 09:00");
        assert_eq!(start("2026-11-03T08:59"), "2026-11-03 09:00");
        assert_eq!(start("2026-11-03T09:00"), "2026-11-03 09:00");
    }

    #[test]
    fn errors_instead_of_panics() {
        let h = calltree();
        assert!(matches!(
            h.next_open(at("2100-01-01T00:00")),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            h.add_business_days(at("1947-12-31T12:00"), 1),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            h.add_business_days(at("2099-12-30T12:00"), 5),
            Err(CalendarError::NoBusinessTime { .. })
        ));
        assert!(h.add_business_hours(at("2099-12-30T12:00"), 100).is_err());
        assert!(h.add_business_hours(Timestamp::MAX, 1).is_err());
        assert!(h.add_business_days(Timestamp::MIN, 1).is_err());
        assert!(h.business_duration(Timestamp::MIN, Timestamp::MAX).is_err());
        let big = Duration {
            amount: u32::MAX,
            unit: TimeUnit::Years,
            approx: false,
        };
        assert!(h.add(at("2026-01-01T00:00"), big).is_err());
        assert!(matches!(
            ServiceHours::new("none", BusinessCalendar::every_day(), &[], tokyo()),
            Err(CalendarError::NoWindows { .. })
        ));
        // A calendar that is never open.
        let never = ServiceHours::new(
            "never",
            BusinessCalendar::from_rules(&CalendarRules::default(), &Default::default()),
            &[window("10:00", "19:00")],
            tokyo(),
        )
        .unwrap();
        assert!(never.next_open(at("2026-01-01T00:00")).is_err());
        assert!(matches!(
            never.calendar().status(date(2026, 1, 1)).unwrap(),
            DayStatus::Closed(_)
        ));
    }

    #[test]
    fn instants_parse_in_the_spec_zone() {
        let tz = tokyo();
        assert_eq!(
            parse_instant("2026-12-25T17:30", &tz),
            parse_instant("2026-12-25T08:30Z", &tz)
        );
        assert_eq!(
            parse_instant("2026-12-25 17:30", &tz),
            parse_instant("2026-12-25T17:30+09:00[Asia/Tokyo]", &tz)
        );
        assert_eq!(
            parse_instant("2026-12-25", &tz),
            parse_instant("2026-12-25T00:00+09:00", &tz)
        );
        for bad in [
            "yesterday",
            "2026-13-01T00:00",
            "2026-12-25T25:00",
            "",
            "2026-12-25T17:30[Mars/Olympus]",
        ] {
            assert_eq!(parse_instant(bad, &tz), None, "{bad}");
        }
    }

    /// Start instants spread over 2020–2030, at any minute.
    fn instant() -> impl Strategy<Value = Timestamp> {
        let from = at("2020-01-01T00:00").as_second();
        let to = at("2030-12-31T00:00").as_second();
        (from..to).prop_map(|s| Timestamp::from_second(s - s % 60).unwrap())
    }

    fn all_hours() -> Vec<ServiceHours> {
        vec![calltree(), synergy(), night()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn adding_business_time_is_monotonic(t in instant(), dt in 0i64..400_000, n in 0u32..60) {
            let later = Timestamp::from_second(t.as_second() + dt).unwrap();
            for h in all_hours() {
                prop_assert!(h.add_business_hours(t, n).unwrap() <= h.add_business_hours(later, n).unwrap());
                prop_assert!(h.add_business_days(t, n).unwrap() <= h.add_business_days(later, n).unwrap());
                prop_assert!(h.add_business_hours(t, n).unwrap() <= h.add_business_hours(t, n + 1).unwrap());
                prop_assert!(h.add_business_days(t, n).unwrap() <= h.add_business_days(t, n + 1).unwrap());
                prop_assert!(h.add_business_hours(t, n).unwrap() >= t);
            }
        }

        #[test]
        fn next_open_is_idempotent_and_open(t in instant()) {
            for h in all_hours() {
                let o = h.next_open(t).unwrap();
                prop_assert!(o >= t);
                prop_assert_eq!(h.next_open(o).unwrap(), o);
                prop_assert!(h.is_open_at(o).unwrap());
                prop_assert_eq!(h.business_duration(t, o).unwrap(), SignedDuration::ZERO);
            }
        }

        #[test]
        fn business_days_add_up(t in instant(), n in 0u32..30, m in 0u32..30) {
            for h in all_hours() {
                let step = h.add_business_days(h.add_business_days(t, n).unwrap(), m).unwrap();
                prop_assert_eq!(step, h.add_business_days(t, n + m).unwrap());
            }
        }

        #[test]
        fn business_hours_measure_back(t in instant(), n in 0u32..200) {
            for h in all_hours() {
                let end = h.add_business_hours(t, n).unwrap();
                prop_assert_eq!(h.business_minutes_between(t, end).unwrap(), i64::from(n) * 60);
                let (a, b) = (h.add_business_hours(t, n / 2).unwrap(), end);
                let parts: i64 = h.business_minutes_between(t, a).unwrap() + h.business_minutes_between(a, b).unwrap();
                prop_assert_eq!(parts, i64::from(n) * 60);
            }
        }

        #[test]
        fn business_days_end_on_an_open_day_at_closing(t in instant(), n in 1u32..20) {
            for h in all_hours() {
                let trace = h.business_days_trace(t, n).unwrap();
                prop_assert_eq!(trace.counted.len(), n as usize);
                prop_assert_eq!(trace.deadline, h.add_business_days(t, n).unwrap());
                for d in &trace.counted {
                    prop_assert!(h.calendar().is_open(*d).unwrap());
                }
                for d in &trace.skipped {
                    prop_assert!(!h.calendar().is_open(*d).unwrap());
                }
            }
        }
    }
}
