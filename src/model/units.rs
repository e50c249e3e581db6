//! Units with meaning: percentages, durations, times of day, windows, dates, weekdays.
//!
//! Each value is parsed once, by the checker, into one of these types; nothing downstream handles
//! `"98%"` or `"2h"` as text. The serialised forms are part of the JSON export's contract.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use std::fmt;

/// A percentage with four decimal places, stored exactly (98% is `980_000`), and the number of
/// decimals the spec wrote: a contract's `99.90%` is printed 99.90%, as written, in every
/// document. Comparisons, equality and hashing look at the value only (99.9% = 99.90%).
#[derive(Debug, Clone, Copy)]
pub struct Percent {
    value: u32,
    places: u8,
}

impl PartialEq for Percent {
    fn eq(&self, other: &Percent) -> bool {
        self.value == other.value
    }
}

impl Eq for Percent {}

impl PartialOrd for Percent {
    fn partial_cmp(&self, other: &Percent) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Percent {
    fn cmp(&self, other: &Percent) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl std::hash::Hash for Percent {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl Percent {
    /// Units per percent: four decimal places.
    pub const SCALE: u32 = 10_000;

    /// From ten-thousandths of a percent (printed without trailing zeros).
    pub fn from_ten_thousandths(v: u32) -> Percent {
        Percent {
            value: v,
            places: 0,
        }
    }

    /// Ten-thousandths of a percent.
    pub fn ten_thousandths(self) -> u32 {
        self.value
    }

    /// The decimals the spec wrote (2 for `99.90%`); 0 for computed values.
    pub fn places(self) -> u8 {
        self.places
    }

    /// The value as a float, for machines (98.5).
    pub fn as_f64(self) -> f64 {
        f64::from(self.value) / f64::from(Self::SCALE)
    }

    /// Parses `98`, `99.95`, `99.90` (at most four decimals, kept as written). `None` if not a
    /// number of that form or too large to store.
    pub fn parse(text: &str) -> Option<Percent> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        if int.is_empty() || frac.len() > 4 || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int: u32 = int.parse().ok()?;
        let f = frac
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(4)
            .fold(0u32, |f, b| f * 10 + u32::from(b - b'0'));
        let value = int.checked_mul(Self::SCALE)?.checked_add(f)?;
        Some(Percent {
            value,
            places: frac.len() as u8,
        })
    }
}

impl fmt::Display for Percent {
    /// The number without the sign, with the decimals the spec wrote and no other trailing
    /// zeros: `98`, `99.95`, `99.90` (written so).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.value / Self::SCALE;
        let frac = self.value % Self::SCALE;
        let digits = format!("{frac:04}");
        let trimmed = digits.trim_end_matches('0');
        let shown = trimmed.len().max(usize::from(self.places));
        if shown == 0 {
            write!(f, "{int}")
        } else {
            write!(f, "{int}.{}", &digits[..shown])
        }
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "A percentage, 0 to 100, at most four decimal places."
        })
    }
}

/// The unit of a duration. Clock units count elapsed time; business units count only the open
/// time of a calendar (see `crate::calendar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours of elapsed time.
    Hours,
    /// Calendar days.
    Days,
    /// Weeks.
    Weeks,
    /// Calendar months.
    Months,
    /// Years.
    Years,
    /// Hours inside the applicable support hours.
    BusinessHours,
    /// Business days of the applicable calendar.
    BusinessDays,
}

impl TimeUnit {
    /// Reads a unit as written in a spec (`h`, `hours`, `business_days`, ...).
    pub fn parse(text: &str) -> Option<TimeUnit> {
        Some(match text {
            "s" | "sec" | "second" | "seconds" => TimeUnit::Seconds,
            "min" | "minute" | "minutes" => TimeUnit::Minutes,
            "h" | "hour" | "hours" => TimeUnit::Hours,
            "d" | "day" | "days" => TimeUnit::Days,
            "w" | "week" | "weeks" => TimeUnit::Weeks,
            "month" | "months" => TimeUnit::Months,
            "year" | "years" => TimeUnit::Years,
            "business_hour" | "business_hours" => TimeUnit::BusinessHours,
            "business_day" | "business_days" => TimeUnit::BusinessDays,
            _ => return None,
        })
    }

    /// Seconds in one unit, for the units of fixed length.
    pub fn fixed_seconds(self) -> Option<u64> {
        Some(match self {
            TimeUnit::Seconds => 1,
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3600,
            TimeUnit::Days => 86_400,
            TimeUnit::Weeks => 7 * 86_400,
            TimeUnit::Months | TimeUnit::Years => return None,
            TimeUnit::BusinessHours | TimeUnit::BusinessDays => return None,
        })
    }

    /// True for the units that count business time.
    pub fn is_business(self) -> bool {
        matches!(self, TimeUnit::BusinessHours | TimeUnit::BusinessDays)
    }

    /// The name a user writes (for messages).
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
            TimeUnit::Months => "months",
            TimeUnit::Years => "years",
            TimeUnit::BusinessHours => "business_hours",
            TimeUnit::BusinessDays => "business_days",
        }
    }
}

/// A duration: an amount of a unit, possibly approximate (`~2 months`, 約2ヶ月).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Duration {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: TimeUnit,
    /// Written as approximate (`~` or `約`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub approx: bool,
}

impl Duration {
    /// A rough length in seconds, for comparisons between targets: business days count as 24
    /// hours and business hours as clock hours, which makes them compare as at least as long as
    /// the same number of clock units (they never elapse faster).
    pub fn nominal_seconds(self) -> u64 {
        let per = match self.unit {
            TimeUnit::Months => 30 * 86_400,
            TimeUnit::Years => 365 * 86_400,
            TimeUnit::BusinessHours => 3600,
            TimeUnit::BusinessDays => 86_400,
            u => u.fixed_seconds().unwrap_or(0),
        };
        u64::from(self.amount) * per
    }
}

/// A range of durations in one unit: `1..2 weeks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct DurationRange {
    /// Lower bound.
    pub min: u32,
    /// Upper bound.
    pub max: u32,
    /// The unit of both bounds.
    pub unit: TimeUnit,
    /// Written as approximate.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub approx: bool,
}

/// A time of day in minutes after midnight, `0..=1440` (24:00 ends a day).
///
/// It also remembers whether the spec wrote the hour with a leading zero (`08:00` rather than
/// `8:00`), for the `time "as_written"` style; equality, order and hashing ignore that.
#[derive(Debug, Clone, Copy)]
pub struct TimeOfDay {
    minutes: u16,
    padded: bool,
}

impl PartialEq for TimeOfDay {
    fn eq(&self, other: &Self) -> bool {
        self.minutes == other.minutes
    }
}

impl Eq for TimeOfDay {}

impl PartialOrd for TimeOfDay {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TimeOfDay {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.minutes.cmp(&other.minutes)
    }
}

impl std::hash::Hash for TimeOfDay {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.minutes.hash(state);
    }
}

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay {
        minutes: 0,
        padded: false,
    };
    /// 24:00, the end of the day.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay {
        minutes: 1440,
        padded: false,
    };

    /// From hours and minutes; `None` unless `0:00..=24:00`.
    pub fn new(hour: u32, minute: u32) -> Option<TimeOfDay> {
        if minute >= 60 || hour > 24 || (hour == 24 && minute != 0) {
            return None;
        }
        Some(TimeOfDay {
            minutes: (hour * 60 + minute) as u16,
            padded: false,
        })
    }

    /// Parses `9:00` or `09:00`, remembering which of the two was written.
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (h, m) = text.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let t = TimeOfDay::new(h.parse().ok()?, m.parse().ok()?)?;
        Some(TimeOfDay {
            padded: h.len() == 2,
            ..t
        })
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.minutes
    }

    /// The hour, 0..=24.
    pub fn hour(self) -> u16 {
        self.minutes / 60
    }

    /// The minute, 0..=59.
    pub fn minute(self) -> u16 {
        self.minutes % 60
    }

    /// Whether the spec wrote the hour with two digits (`08:00`, `10:00`).
    pub fn written_padded(self) -> bool {
        self.padded
    }
}

impl fmt::Display for TimeOfDay {
    /// `9:00`, `10:00`, `0:00` — the hour without a leading zero, as the seeds write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", self.hour(), self.minute()))
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeOfDay".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$",
            "description": "A time of day, HH:MM, 00:00 to 24:00."
        })
    }
}

/// A daily window of time: `10:00-12:00`, or `22:00-09:00 overnight` across midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Window {
    /// When it opens.
    pub start: TimeOfDay,
    /// When it closes (on the next day when `overnight`).
    pub end: TimeOfDay,
    /// Closes on the day after it opens.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub overnight: bool,
}

impl Window {
    /// The window as minute ranges within one day: one range, or two for an overnight window
    /// (evening part and morning part).
    pub fn day_ranges(self) -> Vec<(u16, u16)> {
        if self.overnight {
            let mut v = vec![(self.start.minutes(), 1440)];
            if self.end.minutes() > 0 {
                v.insert(0, (0, self.end.minutes()));
            }
            v
        } else {
            vec![(self.start.minutes(), self.end.minutes())]
        }
    }

    /// Length in minutes.
    pub fn minutes(self) -> u32 {
        self.day_ranges()
            .iter()
            .map(|(a, b)| u32::from(b - a))
            .sum()
    }
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// 月曜日
    Mon,
    /// 火曜日
    Tue,
    /// 水曜日
    Wed,
    /// 木曜日
    Thu,
    /// 金曜日
    Fri,
    /// 土曜日
    Sat,
    /// 日曜日
    Sun,
}

impl Weekday {
    /// All days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Reads `mon`..`sun`.
    pub fn parse(text: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.key() == text)
    }

    /// The keyword: `mon`.
    pub fn key(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// Monday is 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The Japanese name: 月曜日.
    pub fn japanese(self) -> &'static str {
        match self {
            Weekday::Mon => "月曜日",
            Weekday::Tue => "火曜日",
            Weekday::Wed => "水曜日",
            Weekday::Thu => "木曜日",
            Weekday::Fri => "金曜日",
            Weekday::Sat => "土曜日",
            Weekday::Sun => "日曜日",
        }
    }

    /// From jiff's weekday.
    pub fn from_jiff(d: jiff::civil::Weekday) -> Weekday {
        Weekday::ALL[d.to_monday_zero_offset() as usize]
    }
}

/// A date in the proleptic Gregorian calendar, serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

/// The date of a revision: a day (`2017-05-08`) or only a month (`2024-05`), as documents give
/// it. Ordered by the first day it can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevisionDate {
    /// Year.
    pub year: i16,
    /// Month, 1..=12.
    pub month: i8,
    /// Day, if given.
    pub day: Option<i8>,
}

impl RevisionDate {
    /// The first day the revision date can mean (the 1st for a month).
    pub fn first_day(self) -> jiff::civil::Date {
        jiff::civil::Date::new(self.year, self.month, self.day.unwrap_or(1))
            .unwrap_or(jiff::civil::Date::MIN)
    }

    /// The last day the revision date can mean (the month's last day for a month).
    pub fn last_day(self) -> jiff::civil::Date {
        match self.day {
            Some(_) => self.first_day(),
            None => self.first_day().last_of_month(),
        }
    }
}

impl fmt::Display for RevisionDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl Serialize for RevisionDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl JsonSchema for RevisionDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RevisionDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
            "description": "A revision date, YYYY-MM-DD, or YYYY-MM when the document gives only the month."
        })
    }
}

/// A day of the year without a year, `MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    /// Month, 1..=12.
    pub month: i8,
    /// Day, 1..=31 (valid for the month; 02-29 allowed).
    pub day: i8,
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl JsonSchema for MonthDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MonthDay".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{2}-[0-9]{2}$",
            "description": "A day of the year, MM-DD."
        })
    }
}

/// A bandwidth range in kilobits per second; `max` is `None` for an open range (100Mbps～).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Bandwidth {
    /// Lower bound, kbit/s.
    pub min_kbps: u64,
    /// Upper bound, kbit/s; absent for an open range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_kbps: Option<u64>,
    /// True when written as a single value rather than a range.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub exact: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_parses_and_prints_exactly() {
        assert_eq!(Percent::parse("98").unwrap().to_string(), "98");
        assert_eq!(Percent::parse("99.95").unwrap().to_string(), "99.95");
        // The decimals a contract writes are kept (issue 13): 99.90% stays 99.90%.
        assert_eq!(Percent::parse("99.9990").unwrap().to_string(), "99.9990");
        assert_eq!(Percent::parse("99.90").unwrap().to_string(), "99.90");
        assert_eq!(Percent::parse("99.0").unwrap().to_string(), "99.0");
        assert_eq!(Percent::parse("99.90"), Percent::parse("99.9"));
        assert_eq!(Percent::from_ten_thousandths(999_000).to_string(), "99.9");
        assert_eq!(Percent::parse("99.12345"), None);
        assert_eq!(Percent::parse("99999999999"), None);
        assert!(Percent::parse("99.5").unwrap() < Percent::parse("99.9").unwrap());
    }

    #[test]
    fn times_of_day() {
        assert_eq!(TimeOfDay::parse("9:00").unwrap().to_string(), "9:00");
        assert_eq!(TimeOfDay::parse("24:00"), Some(TimeOfDay::END_OF_DAY));
        assert_eq!(TimeOfDay::parse("25:00"), None);
        assert_eq!(TimeOfDay::parse("10:60"), None);
        assert_eq!(TimeOfDay::parse("24:01"), None);
        let (plain, padded) = (
            TimeOfDay::parse("8:00").unwrap(),
            TimeOfDay::parse("08:00").unwrap(),
        );
        assert_eq!(plain, padded);
        assert!(padded.written_padded() && !plain.written_padded());
    }

    #[test]
    fn overnight_window_has_two_ranges() {
        let w = Window {
            start: TimeOfDay::parse("22:00").unwrap(),
            end: TimeOfDay::parse("9:00").unwrap(),
            overnight: true,
        };
        assert_eq!(w.day_ranges(), vec![(0, 540), (1320, 1440)]);
        assert_eq!(w.minutes(), 660);
    }
}
