//! Business days: which dates a calendar of a spec keeps open, and why the others are closed.
//!
//! A [`BusinessCalendar`] is built from a spec's [`CalendarRules`] and its [`CompanyHolidays`].
//! A date is open when its weekday is one of the open weekdays and no closure applies to it —
//! national holidays (computed by [`super::holidays`]), named annual periods that may wrap the
//! year (年末年始 12-28..01-04), the company's own holidays, single closed dates — unless the
//! spec lists it as an explicit open date, which overrides every closure.
//!
//! The calendar covers the years the national holiday calendar covers,
//! [`holidays::FIRST_YEAR`] to [`holidays::LAST_YEAR`]: a question about any other date is an
//! error ([`CalendarError::OutOfRange`]), not a guess, even for a calendar that does not close on
//! national holidays, so that every command has the same range.

use std::fmt;

use jiff::civil::Date;

use super::holidays;
use crate::model::{CalendarRules, Closure, CompanyHolidays, Weekday};

/// The first date any calendar answers for (1948-01-01).
pub const FIRST_DAY: Date = jiff::civil::date(holidays::FIRST_YEAR, 1, 1);

/// The last date any calendar answers for (2099-12-31).
pub const LAST_DAY: Date = jiff::civil::date(holidays::LAST_YEAR, 12, 31);

/// What the documents call national holidays when the spec gives no label.
pub const NATIONAL_HOLIDAYS_LABEL: &str = "国民の祝日";

/// What the documents call the company's own holidays when the spec gives no label.
pub const COMPANY_HOLIDAYS_LABEL: &str = "弊社所定の休日";

/// What a closed date without a name is called.
pub const CLOSED_DATE_LABEL: &str = "休業日";

/// What a date the time zone skips is called.
pub const SKIPPED_DAY_LABEL: &str = "標準時の変更により存在しない日";

/// A question the business calendar cannot answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A date outside [`FIRST_DAY`]`..=`[`LAST_DAY`] was asked about or reached.
    OutOfRange {
        /// The date.
        date: Date,
    },
    /// Counting business days or hours ran past [`LAST_DAY`] without finding enough of them.
    NoBusinessTime {
        /// Where the search started.
        from: Date,
    },
    /// Hours without any window: nothing is ever open.
    NoWindows {
        /// The hours term.
        hours: String,
    },
    /// The spec's time zone is not in the time zone database.
    UnknownTimeZone {
        /// Its name.
        name: String,
    },
    /// No calendar or hours term has this id.
    UnknownCalendar {
        /// The id asked for.
        id: String,
        /// The ids that exist.
        available: Vec<String>,
    },
    /// The spec has no calendar or hours term at all.
    NoCalendar,
    /// An hours term stands for hours of another spec that cannot be resolved here.
    Unresolved {
        /// The hours term.
        hours: String,
    },
    /// Date or time arithmetic overflowed (jiff's error, as text).
    Arithmetic {
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange { date } => write!(
                f,
                "{date} is outside the range of the business calendar ({FIRST_DAY} to {LAST_DAY}, \
                 the years whose national holidays slagen computes)"
            ),
            CalendarError::NoBusinessTime { from } => write!(
                f,
                "not enough business time between {from} and {LAST_DAY}, the end of the \
                 business calendar's range"
            ),
            CalendarError::NoWindows { hours } => {
                write!(f, "hours `{hours}` have no window: nothing is ever open")
            }
            CalendarError::UnknownTimeZone { name } => {
                write!(f, "unknown time zone `{name}`")
            }
            CalendarError::UnknownCalendar { id, available } => {
                write!(f, "no calendar or hours named `{id}`")?;
                if available.is_empty() {
                    write!(f, " (the spec declares none)")
                } else {
                    write!(f, "; the spec declares: {}", available.join(", "))
                }
            }
            CalendarError::NoCalendar => {
                write!(f, "the spec declares no calendar and no hours")
            }
            CalendarError::Unresolved { hours } => write!(
                f,
                "hours `{hours}` refer to hours that cannot be resolved from this spec"
            ),
            CalendarError::Arithmetic { message } => write!(f, "date arithmetic failed: {message}"),
        }
    }
}

impl std::error::Error for CalendarError {}

impl From<jiff::Error> for CalendarError {
    fn from(e: jiff::Error) -> CalendarError {
        CalendarError::Arithmetic {
            message: e.to_string(),
        }
    }
}

/// Checks that `date` is inside the calendar's range.
pub fn check_date(date: Date) -> Result<Date, CalendarError> {
    if (FIRST_DAY..=LAST_DAY).contains(&date) {
        Ok(date)
    } else {
        Err(CalendarError::OutOfRange { date })
    }
}

/// Why a date is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason<'a> {
    /// Its weekday is not an open day (土曜日).
    Weekday(Weekday),
    /// A national holiday: the label the spec uses (国民の祝日, 祝日) and the holiday's name.
    NationalHoliday {
        /// The spec's word for national holidays.
        label: &'a str,
        /// The holiday (元日, こどもの日 振替休日, 休日).
        name: &'static str,
    },
    /// A named period every year (年末年始, 盆).
    Annual {
        /// Its name.
        name: &'a str,
    },
    /// One of the company's own holidays.
    CompanyHoliday {
        /// The spec's word for them (弊社所定の休日).
        label: &'a str,
        /// The day's own name, if the spec gives one (夏季休業).
        name: Option<&'a str>,
    },
    /// A single closed date.
    ClosedDate {
        /// Its name, if any.
        name: Option<&'a str>,
    },
    /// A date the spec's time zone skips whole (Pacific/Apia went from 2011-12-29 to
    /// 2011-12-31): it has no hours to work in.
    SkippedDay,
}

impl Reason<'_> {
    /// A stable keyword for machine output: `weekday`, `national_holiday`, `annual`,
    /// `company_holiday`, `closed_date`, `skipped_day`.
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::Weekday(_) => "weekday",
            Reason::NationalHoliday { .. } => "national_holiday",
            Reason::Annual { .. } => "annual",
            Reason::CompanyHoliday { .. } => "company_holiday",
            Reason::ClosedDate { .. } => "closed_date",
            Reason::SkippedDay => "skipped_day",
        }
    }

    /// The general name of the reason (土曜日, 国民の祝日, 年末年始, 弊社所定の休日, 休業日).
    pub fn label(&self) -> &str {
        match self {
            Reason::Weekday(d) => d.japanese(),
            Reason::NationalHoliday { label, .. } => label,
            Reason::Annual { name } => name,
            Reason::CompanyHoliday { label, .. } => label,
            Reason::ClosedDate { .. } => CLOSED_DATE_LABEL,
            Reason::SkippedDay => SKIPPED_DAY_LABEL,
        }
    }

    /// The day's own name, when it has one (元日, 夏季休業).
    pub fn name(&self) -> Option<&str> {
        match self {
            Reason::NationalHoliday { name, .. } => Some(name),
            Reason::CompanyHoliday { name, .. } | Reason::ClosedDate { name } => *name,
            Reason::Weekday(_) | Reason::Annual { .. } | Reason::SkippedDay => None,
        }
    }
}

impl fmt::Display for Reason<'_> {
    /// `土曜日`, `国民の祝日（元日）`, `年末年始`, `弊社所定の休日（夏季休業）`, `休業日`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{}（{name}）", self.label()),
            None => f.write_str(self.label()),
        }
    }
}

/// Whether a date is open, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayStatus<'a> {
    /// Open. `overrides` lists the closures an explicit open date overrides (empty for an
    /// ordinary open day); `name` is that open date's name.
    Open {
        /// The explicit open date's name, if it is one and has a name.
        name: Option<&'a str>,
        /// The closures the explicit open date overrides.
        overrides: Vec<Reason<'a>>,
    },
    /// Closed, for these reasons in the order the spec lists its closures (a Saturday that is
    /// also a national holiday has both).
    Closed(Vec<Reason<'a>>),
}

impl DayStatus<'_> {
    /// True when open.
    pub fn is_open(&self) -> bool {
        matches!(self, DayStatus::Open { .. })
    }
}

/// One closure, prepared for fast tests.
#[derive(Debug, Clone)]
enum Rule {
    Weekdays(u8),
    National { label: String },
    Company { label: String },
    Annual { name: String, start: u16, end: u16 },
    Date { date: Date, name: Option<String> },
}

/// A business calendar: open weekdays minus closures, plus explicit open dates.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    /// Bit `i` set when weekday `i` (Monday = 0) is open.
    open_weekdays: u8,
    /// Closures in the spec's order.
    rules: Vec<Rule>,
    /// Explicit open dates, sorted.
    open_dates: Vec<(Date, Option<String>)>,
    /// The company's holidays, sorted (used only if a rule closes them).
    company: Vec<(Date, Option<String>)>,
    /// Closed single dates, sorted, for the fast path.
    closed_dates: Vec<Date>,
    /// Dates the time zone skips whole, sorted: closed whatever the rules say.
    skipped: Vec<Date>,
    /// Annual periods as `month * 32 + day` bounds, for the fast path.
    annual: Vec<(u16, u16)>,
    national: bool,
    company_closed: bool,
}

/// `month * 32 + day`: orders days of the year without a year.
fn month_day_key(month: i8, day: i8) -> u16 {
    (month as u16) * 32 + day as u16
}

/// Whether a day of the year lies in an annual period, which wraps the year when it ends before
/// it starts (12-28..01-04).
fn in_annual(key: u16, start: u16, end: u16) -> bool {
    if start <= end {
        start <= key && key <= end
    } else {
        key >= start || key <= end
    }
}

fn weekday_bit(d: Weekday) -> u8 {
    1 << d.index()
}

fn weekday_of(date: Date) -> Weekday {
    Weekday::from_jiff(date.weekday())
}

impl BusinessCalendar {
    /// The calendar of `rules`, closing `company`'s dates where the rules name company holidays.
    pub fn from_rules(rules: &CalendarRules, company: &CompanyHolidays) -> BusinessCalendar {
        let company_label = company
            .label
            .clone()
            .unwrap_or_else(|| COMPANY_HOLIDAYS_LABEL.to_string());
        let mut prepared = Vec::with_capacity(rules.closed.len());
        let mut closed_dates = Vec::new();
        let mut annual = Vec::new();
        let mut national = false;
        let mut company_closed = false;
        for c in &rules.closed {
            prepared.push(match c {
                Closure::Weekdays { days } => {
                    Rule::Weekdays(days.iter().fold(0, |m, d| m | weekday_bit(*d)))
                }
                Closure::NationalHolidays { label } => {
                    national = true;
                    Rule::National {
                        label: label
                            .clone()
                            .unwrap_or_else(|| NATIONAL_HOLIDAYS_LABEL.to_string()),
                    }
                }
                Closure::CompanyHolidays { label } => {
                    company_closed = true;
                    Rule::Company {
                        label: label.clone().unwrap_or_else(|| company_label.clone()),
                    }
                }
                Closure::Annual { name, start, end } => {
                    let (s, e) = (
                        month_day_key(start.month, start.day),
                        month_day_key(end.month, end.day),
                    );
                    annual.push((s, e));
                    Rule::Annual {
                        name: name.clone(),
                        start: s,
                        end: e,
                    }
                }
                Closure::Date { date, name } => {
                    closed_dates.push(date.0);
                    Rule::Date {
                        date: date.0,
                        name: name.clone(),
                    }
                }
            });
        }
        closed_dates.sort();
        let mut open_dates: Vec<(Date, Option<String>)> = rules
            .open_dates
            .iter()
            .map(|d| (d.date.0, d.name.clone()))
            .collect();
        open_dates.sort_by_key(|d| d.0);
        let mut company_dates: Vec<(Date, Option<String>)> = company
            .dates
            .iter()
            .map(|d| (d.date.0, d.name.clone()))
            .collect();
        company_dates.sort_by_key(|d| d.0);
        BusinessCalendar {
            open_weekdays: rules.open_days.iter().fold(0, |m, d| m | weekday_bit(*d)),
            rules: prepared,
            open_dates,
            company: company_dates,
            closed_dates,
            skipped: Vec::new(),
            annual,
            national,
            company_closed,
        }
    }

    /// A calendar open every day (the days of `always` hours).
    pub fn every_day() -> BusinessCalendar {
        BusinessCalendar {
            open_weekdays: 0x7f,
            rules: Vec::new(),
            open_dates: Vec::new(),
            company: Vec::new(),
            closed_dates: Vec::new(),
            skipped: Vec::new(),
            annual: Vec::new(),
            national: false,
            company_closed: false,
        }
    }

    /// This calendar in the time zone `tz`: a date the zone skips whole (its clocks jump past
    /// every instant of it, as Pacific/Apia's did over 2011-12-30) is closed, whatever the
    /// rules say, for it has no hours. Found from the zone's transitions in 1948–2099.
    pub fn in_time_zone(mut self, tz: &jiff::tz::TimeZone) -> BusinessCalendar {
        let (Ok(from), Ok(to)) = (
            FIRST_DAY.to_zoned(tz.clone()).map(|z| z.timestamp()),
            LAST_DAY.to_zoned(tz.clone()).map(|z| z.timestamp()),
        ) else {
            return self;
        };
        let mut skipped = Vec::new();
        for t in tz.following(from) {
            let at = t.timestamp();
            if at > to {
                break;
            }
            let before = tz.to_offset(at - jiff::SignedDuration::from_nanos(1));
            let after = t.offset();
            if after <= before {
                continue;
            }
            // The civil times [gap_start, gap_end) do not happen.
            let (gap_start, gap_end) = (before.to_datetime(at), after.to_datetime(at));
            let mut day = gap_start.date();
            if day.at(0, 0, 0, 0) < gap_start {
                day = match day.tomorrow() {
                    Ok(d) => d,
                    Err(_) => continue,
                };
            }
            while let Ok(next) = day.tomorrow()
                && next.at(0, 0, 0, 0) <= gap_end
            {
                skipped.push(day);
                day = next;
            }
        }
        self.skipped = skipped;
        self
    }

    /// Whether national holidays close this calendar, which makes answers about years past
    /// [`holidays::PUBLISHED_THROUGH`] projections.
    pub fn uses_national_holidays(&self) -> bool {
        self.national
    }

    /// How many company holidays the spec lists, when the calendar closes on them (`None` when
    /// it does not).
    pub fn company_holidays_listed(&self) -> Option<usize> {
        self.company_closed.then_some(self.company.len())
    }

    /// The open weekdays, Monday first.
    pub fn open_weekdays(&self) -> Vec<Weekday> {
        Weekday::ALL
            .into_iter()
            .filter(|d| self.open_weekdays & weekday_bit(*d) != 0)
            .collect()
    }

    /// Whether `date` is a business day. This is the fast path the arithmetic uses: no
    /// allocation, a few comparisons and one table lookup.
    #[inline]
    pub fn is_open(&self, date: Date) -> Result<bool, CalendarError> {
        check_date(date)?;
        Ok(self.is_open_unchecked(date))
    }

    /// [`Self::is_open`] for a date already known to be in range.
    #[inline]
    pub(crate) fn is_open_unchecked(&self, date: Date) -> bool {
        if !self.skipped.is_empty() && self.skipped.binary_search(&date).is_ok() {
            return false;
        }
        if !self.open_dates.is_empty()
            && self.open_dates.binary_search_by_key(&date, |d| d.0).is_ok()
        {
            return true;
        }
        if self.open_weekdays & weekday_bit(weekday_of(date)) == 0 {
            return false;
        }
        if self.national && holidays::is_holiday(date) {
            return false;
        }
        if !self.annual.is_empty() {
            let key = month_day_key(date.month(), date.day());
            if self.annual.iter().any(|&(s, e)| in_annual(key, s, e)) {
                return false;
            }
        }
        if self.company_closed && self.company.binary_search_by_key(&date, |d| d.0).is_ok() {
            return false;
        }
        self.closed_dates.binary_search(&date).is_err()
    }

    /// Whether `date` is open, and if not, every reason it is closed.
    pub fn status(&self, date: Date) -> Result<DayStatus<'_>, CalendarError> {
        check_date(date)?;
        let reasons = self.reasons(date);
        let open_date = self
            .open_dates
            .binary_search_by_key(&date, |d| d.0)
            .ok()
            .map(|i| self.open_dates[i].1.as_deref());
        let skipped = self.skipped.binary_search(&date).is_ok();
        Ok(match open_date {
            Some(_) if skipped => DayStatus::Closed(reasons),
            Some(name) => DayStatus::Open {
                name,
                overrides: reasons,
            },
            None if reasons.is_empty() => DayStatus::Open {
                name: None,
                overrides: Vec::new(),
            },
            None => DayStatus::Closed(reasons),
        })
    }

    /// Every closure that applies to `date`, ignoring explicit open dates.
    fn reasons(&self, date: Date) -> Vec<Reason<'_>> {
        let mut out = Vec::new();
        if self.skipped.binary_search(&date).is_ok() {
            out.push(Reason::SkippedDay);
        }
        let weekday = weekday_of(date);
        let weekday_closed = self.open_weekdays & weekday_bit(weekday) == 0;
        // A weekday that is not open but that no `closed` item names (`open mon..fri` alone)
        // still closes the day; it is listed first.
        if weekday_closed
            && !self
                .rules
                .iter()
                .any(|r| matches!(r, Rule::Weekdays(m) if m & weekday_bit(weekday) != 0))
        {
            out.push(Reason::Weekday(weekday));
        }
        let key = month_day_key(date.month(), date.day());
        for rule in &self.rules {
            match rule {
                Rule::Weekdays(mask) => {
                    if weekday_closed
                        && mask & weekday_bit(weekday) != 0
                        && !out.contains(&Reason::Weekday(weekday))
                    {
                        out.push(Reason::Weekday(weekday));
                    }
                }
                Rule::National { label } => {
                    if let Some(name) = holidays::holiday(date) {
                        out.push(Reason::NationalHoliday { label, name });
                    }
                }
                Rule::Company { label } => {
                    if let Ok(i) = self.company.binary_search_by_key(&date, |d| d.0) {
                        out.push(Reason::CompanyHoliday {
                            label,
                            name: self.company[i].1.as_deref(),
                        });
                    }
                }
                Rule::Annual { name, start, end } => {
                    if in_annual(key, *start, *end) {
                        out.push(Reason::Annual { name });
                    }
                }
                Rule::Date { date: d, name } => {
                    if *d == date {
                        out.push(Reason::ClosedDate {
                            name: name.as_deref(),
                        });
                    }
                }
            }
        }
        out
    }

    /// Every day of `year` with its status, in order.
    pub fn year(&self, year: i16) -> Result<Vec<(Date, DayStatus<'_>)>, CalendarError> {
        let first = Date::new(year, 1, 1).map_err(CalendarError::from)?;
        check_date(first)?;
        let mut out = Vec::with_capacity(366);
        let mut day = first;
        while day.year() == year {
            out.push((day, self.status(day)?));
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => break,
            };
        }
        Ok(out)
    }

    /// The first business day strictly after `date`.
    pub fn next_open_day(&self, date: Date) -> Result<Date, CalendarError> {
        self.nth_open_day_after(date, 1)
    }

    /// The `n`th business day strictly after `date` (`n = 0` gives `date` itself).
    pub fn nth_open_day_after(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        check_date(date)?;
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = match day.tomorrow() {
                Ok(d) if d <= LAST_DAY => d,
                _ => return Err(CalendarError::NoBusinessTime { from: date }),
            };
            if self.is_open_unchecked(day) {
                left -= 1;
            }
        }
        Ok(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, MonthDay, NamedDate};
    use jiff::civil::date;

    fn d(y: i16, m: i8, day: i8) -> model::Date {
        model::Date(date(y, m, day))
    }

    /// The CALLTREE calendar: mon–fri, closed sat, sun, 祝日, 盆 08-13..08-16, 年末年始.
    fn calltree() -> BusinessCalendar {
        let rules = CalendarRules {
            open_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            closed: vec![
                Closure::Weekdays {
                    days: vec![Weekday::Sat, Weekday::Sun],
                },
                Closure::NationalHolidays {
                    label: Some("祝日".into()),
                },
                Closure::Annual {
                    name: "盆".into(),
                    start: MonthDay { month: 8, day: 13 },
                    end: MonthDay { month: 8, day: 16 },
                },
                Closure::Annual {
                    name: "年末年始".into(),
                    start: MonthDay { month: 12, day: 28 },
                    end: MonthDay { month: 1, day: 4 },
                },
            ],
            open_dates: Vec::new(),
        };
        BusinessCalendar::from_rules(&rules, &CompanyHolidays::default())
    }

    fn reasons(cal: &BusinessCalendar, day: Date) -> Vec<String> {
        match cal.status(day).unwrap() {
            DayStatus::Closed(r) => r.iter().map(ToString::to_string).collect(),
            DayStatus::Open { .. } => Vec::new(),
        }
    }

    #[test]
    fn year_end_closure_wraps_across_december_31() {
        let cal = calltree();
        for day in [
            date(2026, 12, 28),
            date(2026, 12, 31),
            date(2027, 1, 1),
            date(2027, 1, 4),
        ] {
            assert!(!cal.is_open(day).unwrap(), "{day}");
        }
        assert!(cal.is_open(date(2026, 12, 25)).unwrap());
        assert!(cal.is_open(date(2027, 1, 5)).unwrap());
        assert_eq!(
            reasons(&cal, date(2027, 1, 1)),
            ["祝日（元日）", "年末年始"]
        );
        assert_eq!(reasons(&cal, date(2026, 12, 27)), ["日曜日"]);
        assert_eq!(reasons(&cal, date(2027, 1, 2)), ["土曜日", "年末年始"]);
        assert_eq!(
            cal.nth_open_day_after(date(2026, 12, 25), 2).unwrap(),
            date(2027, 1, 6)
        );
    }

    #[test]
    fn golden_week_2019_substitute_chain() {
        let cal = calltree();
        // Saturday 4/27 to Monday 5/6 closed: ten days, the 振替休日 chain included.
        let mut day = date(2019, 4, 27);
        while day <= date(2019, 5, 6) {
            assert!(!cal.is_open(day).unwrap(), "{day}");
            day = day.tomorrow().unwrap();
        }
        assert_eq!(
            reasons(&cal, date(2019, 5, 6)),
            ["祝日（こどもの日 振替休日）"]
        );
        assert_eq!(
            cal.next_open_day(date(2019, 4, 26)).unwrap(),
            date(2019, 5, 7)
        );
    }

    #[test]
    fn company_holidays_explicit_dates_and_open_overrides() {
        let rules = CalendarRules {
            open_days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu],
            closed: vec![
                Closure::CompanyHolidays { label: None },
                Closure::Date {
                    date: d(2026, 8, 20),
                    name: Some("棚卸".into()),
                },
            ],
            open_dates: vec![NamedDate {
                date: d(2026, 8, 13),
                name: Some("臨時営業日".into()),
            }],
        };
        let company = CompanyHolidays {
            label: None,
            dates: vec![
                NamedDate {
                    date: d(2026, 8, 13),
                    name: Some("夏季休業".into()),
                },
                NamedDate {
                    date: d(2026, 8, 12),
                    name: Some("夏季休業".into()),
                },
            ],
        };
        let cal = BusinessCalendar::from_rules(&rules, &company);
        assert_eq!(
            reasons(&cal, date(2026, 8, 12)),
            ["弊社所定の休日（夏季休業）"]
        );
        assert_eq!(reasons(&cal, date(2026, 8, 20)), ["休業日（棚卸）"]);
        // Friday is not an open day although no `closed` item names it.
        assert_eq!(reasons(&cal, date(2026, 8, 14)), ["金曜日"]);
        assert_eq!(
            cal.status(date(2026, 8, 13)).unwrap(),
            DayStatus::Open {
                name: Some("臨時営業日"),
                overrides: vec![Reason::CompanyHoliday {
                    label: COMPANY_HOLIDAYS_LABEL,
                    name: Some("夏季休業"),
                }],
            }
        );
        assert!(cal.is_open(date(2026, 8, 13)).unwrap());
        // The fast path and the detailed one agree on every day of a few years.
        let mut day = date(2025, 1, 1);
        while day < date(2028, 1, 1) {
            assert_eq!(
                cal.is_open(day).unwrap(),
                cal.status(day).unwrap().is_open(),
                "{day}"
            );
            assert_eq!(
                calltree().is_open(day).unwrap(),
                calltree().status(day).unwrap().is_open(),
                "{day}"
            );
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn out_of_range_dates_are_errors() {
        let cal = calltree();
        assert_eq!(
            cal.is_open(date(1947, 12, 31)),
            Err(CalendarError::OutOfRange {
                date: date(1947, 12, 31)
            })
        );
        assert!(cal.status(date(2100, 1, 1)).is_err());
        assert!(cal.year(2100).is_err());
        assert!(cal.year(1947).is_err());
        assert_eq!(cal.year(2099).unwrap().len(), 365);
        assert_eq!(
            cal.nth_open_day_after(date(2099, 12, 30), 5),
            Err(CalendarError::NoBusinessTime {
                from: date(2099, 12, 30)
            })
        );
        let never = BusinessCalendar::from_rules(&CalendarRules::default(), &Default::default());
        assert!(never.next_open_day(date(2026, 1, 1)).is_err());
        assert!(
            CalendarError::OutOfRange {
                date: date(2100, 1, 1)
            }
            .to_string()
            .contains("1948-01-01 to 2099-12-31")
        );
    }
}
