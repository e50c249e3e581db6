//! Japanese national holidays, computed from the law for 1948 through 2099.
//!
//! Every holiday here is derived from the rules of the 国民の祝日に関する法律 (Act on National
//! Holidays, Act No. 178 of 1948, in force from 1948-07-20) as amended over the years, and from the
//! one-off laws that declared single days off. Nothing is looked up in a list of dates: the
//! holiday_jp dataset that the tests compare against is only an oracle, so that a year the dataset
//! does not cover (1948–1969, 2051–2099) is computed by exactly the same code as the years it does.
//!
//! The rules, in the order the computation applies them:
//!
//! - **The dated holidays (国民の祝日).** 元日 (1/1), 成人の日 (1/15, the 2nd Monday of January from
//!   2000), 建国記念の日 (2/11, from 1967), 天皇誕生日 (4/29 until 1988, 12/23 from 1989 to 2018,
//!   2/23 from 2020, and none in 2019, because Emperor Akihito abdicated before his birthday and
//!   Emperor Naruhito acceded after his), みどりの日 (4/29 from 1989 to 2006, 5/4 from 2007),
//!   昭和の日 (4/29 from 2007), 憲法記念日 (5/3), こどもの日 (5/5), 海の日 (7/20 from 1996, the
//!   3rd Monday of July from 2003), 山の日 (8/11 from 2016), 敬老の日 (9/15 from 1966, the 3rd
//!   Monday of September from 2003), 体育の日 (10/10 from 1966, the 2nd Monday of October from
//!   2000, renamed スポーツの日 from 2020), 文化の日 (11/3) and 勤労感謝の日 (11/23).
//! - **The equinox days.** The law names 春分日 and 秋分日, whose dates the National Astronomical
//!   Observatory determines and the Cabinet Office publishes in the official gazette each February
//!   for the following year. This module uses the widely used approximation of the equinox, valid
//!   from 1900 to 2099, which agrees with every date published so far (the tests check 1948–2027);
//!   for years not yet published the result is a projection (see [`is_projection`]).
//! - **The Tokyo Olympics.** The special-measures law for the games moved 海の日, スポーツの日 and
//!   山の日 in 2020 (7/23, 7/24, 8/10) and again in 2021 (7/22, 7/23, 8/8).
//! - **The one-off laws.** 1959-04-10 (結婚の儀 of the Crown Prince Akihito), 1989-02-24 (大喪の礼
//!   of the Shōwa Emperor), 1990-11-12 (即位礼正殿の儀), 1993-06-09 (結婚の儀 of the Crown Prince
//!   Naruhito), and 2019-05-01 and 2019-10-22 (the enthronement day and the 即位礼正殿の儀), the
//!   last two of which their law deems national holidays, so they take part in the rules below.
//! - **振替休日 (substitute holiday).** From the amendment of 1973-04-12, when a national holiday
//!   falls on a Sunday the following day is a day off; before 2007 only the next day qualified (and
//!   only if it was not itself a holiday), from 2007 it is the first following day that is not a
//!   national holiday.
//! - **国民の休日 (citizens' holiday).** From the amendment of 1985-12-27, a day whose previous and
//!   next days are both national holidays is a day off too; before 2007 a Sunday or a substitute
//!   holiday did not count, from 2007 any day that is not itself a national holiday does.
//!
//! The names are spelled as the holiday_jp dataset (github.com/holiday-jp/holiday_jp) spells them,
//! because that is the spelling users compare with calendars they already know: a substitute
//! holiday is called after the holiday it follows (「こどもの日 振替休日」), a citizens' holiday is
//! 「休日」, and the two 2019 enthronement days are 「休日（祝日扱い）」. Two dates carry a name that
//! no rule produces, 2019-10-14 「体育の日（スポーツの日）」 and 2020-05-06 「憲法記念日 振替休日」;
//! they are special-cased where they are computed, each with its reason. Only the names follow the
//! dataset: every date comes from the rules.

use std::fmt;
use std::sync::OnceLock;

use jiff::civil::Date;

/// One day off in the Japanese national calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Holiday {
    /// The calendar date of the holiday.
    pub date: Date,
    /// The holiday's name, spelled as the holiday_jp dataset spells it (e.g. 「元日」, 「休日」).
    pub name: &'static str,
    /// Which rule of the law makes this day a holiday.
    pub kind: HolidayKind,
}

/// Which rule of the law makes a day a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayKind {
    /// A 国民の祝日 listed in article 2 of the Act on National Holidays, including the equinox days
    /// and the holidays the Olympic special-measures law moved in 2020 and 2021.
    Statutory,
    /// A 振替休日: the day off that replaces a national holiday falling on a Sunday.
    Substitute,
    /// A 国民の休日: a day sandwiched between two national holidays.
    Sandwiched,
    /// A day off declared by a one-off law (a royal wedding, funeral or enthronement).
    SpecialLaw,
}

/// First year covered; the Act on National Holidays took effect on 1948-07-20, so 1948 has only
/// the holidays from that day on.
pub const FIRST_YEAR: i16 = 1948;

/// Last year covered; the equinox approximation is only valid through 2099.
pub const LAST_YEAR: i16 = 2099;

/// Last year whose holidays the Cabinet Office has officially announced (the equinox days of year
/// Y are published in the official gazette in February of Y-1); today is 2026-11, so 2027.
pub const PUBLISHED_THROUGH: i16 = 2027;

/// Whether the holidays of `year` are a projection rather than officially announced ones.
///
/// Past [`PUBLISHED_THROUGH`] the equinox days come from the formula alone and the law may still be
/// amended, so callers should warn when they rely on such a year.
pub fn is_projection(year: i16) -> bool {
    year > PUBLISHED_THROUGH
}

/// The error returned for a year outside [`FIRST_YEAR`]`..=`[`LAST_YEAR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOutOfRange {
    year: i16,
}

impl YearOutOfRange {
    /// The year that was asked for.
    pub fn year(&self) -> i16 {
        self.year
    }
}

impl fmt::Display for YearOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "year {} is outside the range of the Japanese holiday calendar \
             ({FIRST_YEAR} to {LAST_YEAR})",
            self.year
        )
    }
}

impl std::error::Error for YearOutOfRange {}

/// The holidays of one year, sorted by date.
pub fn holidays_in_year(year: i16) -> Result<Vec<Holiday>, YearOutOfRange> {
    check_year(year)?;
    Ok(compute_year(year))
}

/// The holidays of the years `from_year..=to_year`, sorted by date; empty if `from_year > to_year`.
pub fn holidays_between(from_year: i16, to_year: i16) -> Result<Vec<Holiday>, YearOutOfRange> {
    check_year(from_year)?;
    check_year(to_year)?;
    Ok((from_year..=to_year).flat_map(compute_year).collect())
}

/// The name of the holiday on `date`, or `None` if it is not a holiday or lies outside
/// 1948–2099.
pub fn holiday(date: Date) -> Option<&'static str> {
    let table = table();
    let index = table_index(date)?;
    match table.names[index] {
        0 => None,
        id => Some(table.name_list[usize::from(id) - 1]),
    }
}

/// Whether `date` is a Japanese national holiday of any kind; `false` outside 1948–2099.
///
/// This is a lookup in a bitmap built once on first use, because business-day arithmetic calls it
/// for every day it steps over.
#[inline]
pub fn is_holiday(date: Date) -> bool {
    let table = table();
    match table_index(date) {
        Some(index) => table.bits[index / 64] >> (index % 64) & 1 == 1,
        None => false,
    }
}

fn check_year(year: i16) -> Result<(), YearOutOfRange> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(YearOutOfRange { year })
    }
}

// ---------------------------------------------------------------------------------------------
// Day numbers
//
// The rules need weekdays and "the next day" across month ends, and the lookup table needs a
// dense index, so the computation works on plain day numbers (days since 1970-01-01) rather than
// on `Date` arithmetic, which is far slower than a few integer operations.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
const fn day_number(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number; the inverse of [`day_number`] (Hinnant's `civil_from_days`).
fn date_of(number: i32) -> Date {
    let z = number + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    // Only day numbers of 1948–2099 reach here, so the narrowing casts cannot truncate and the
    // date is always valid.
    jiff::civil::date(year as i16, month as i8, day as i8)
}

/// 0 for Sunday, 1 for Monday, …, 6 for Saturday (1970-01-01 was a Thursday).
const fn weekday(number: i32) -> i32 {
    (number + 4).rem_euclid(7)
}

const SUNDAY: i32 = 0;
const MONDAY: i32 = 1;

/// The day number of the `nth` Monday of a month, for the 「ハッピーマンデー」 holidays.
fn nth_monday(year: i32, month: i32, nth: i32) -> i32 {
    let first = day_number(year, month, 1);
    first + (MONDAY - weekday(first)).rem_euclid(7) + 7 * (nth - 1)
}

/// Day of March of the vernal equinox day (春分の日), valid 1900–2099.
///
/// The approximation is day = ⌊20.8431 + 0.242194 (Y − 1980) − ⌊(Y − 1980) / 4⌋⌋ for 1980–2099
/// and ⌊20.8357 + 0.242194 (Y − 1980) − int((Y − 1983) / 4)⌋ for 1900–1979, where int truncates
/// toward zero, as the formula is conventionally evaluated (flooring the negative quotient instead
/// gives 1976-03-21, but the equinox day of 1976 was 3/20). The constants are scaled by 10⁶ so that the arithmetic
/// is exact integer arithmetic: a float could round 20.999999… up to the wrong day.
fn vernal_equinox_day(year: i32) -> i32 {
    let (base, leap) = if year >= 1980 {
        (20_843_100, (year - 1980) / 4)
    } else {
        (20_835_700, (year - 1983) / 4)
    };
    (base + 242_194 * (year - 1980) - 1_000_000 * leap) / 1_000_000
}

/// Day of September of the autumnal equinox day (秋分の日), valid 1900–2099; see
/// [`vernal_equinox_day`] for the form of the approximation.
fn autumnal_equinox_day(year: i32) -> i32 {
    let (base, leap) = if year >= 1980 {
        (23_248_800, (year - 1980) / 4)
    } else {
        (23_258_800, (year - 1983) / 4)
    };
    (base + 242_194 * (year - 1980) - 1_000_000 * leap) / 1_000_000
}

// ---------------------------------------------------------------------------------------------
// One year's holidays

/// A holiday while a year is being computed.
#[derive(Clone, Copy)]
struct Entry {
    day: i32,
    name: &'static str,
    kind: HolidayKind,
}

impl Entry {
    /// Whether the day is a 国民の祝日 for the substitute and sandwich rules: the statutory
    /// holidays, and the one-off days, of which the 2019 law expressly deemed its two days national
    /// holidays (that is what made 2019-04-30 and 2019-05-02 citizens' holidays). The older one-off
    /// laws only declared a 休日, but none of their days fell on a Sunday or two days from another
    /// holiday, so counting them too changes nothing.
    fn is_national_holiday(&self) -> bool {
        matches!(self.kind, HolidayKind::Statutory | HolidayKind::SpecialLaw)
    }
}

/// 1948-07-20: the Act on National Holidays took effect; the old 祝祭日 before it are not covered.
const LAW_IN_FORCE: i32 = day_number(1948, 7, 20);
/// 1973-04-12: the amendment that introduced 振替休日 took effect.
const SUBSTITUTE_FROM: i32 = day_number(1973, 4, 12);
/// 1985-12-27: the amendment that introduced 国民の休日 took effect.
const SANDWICH_FROM: i32 = day_number(1985, 12, 27);
/// 2007-01-01: the 2005 amendment took effect (昭和の日, みどりの日 on 5/4, the wider substitute
/// rule and the Sunday-inclusive citizens' holiday rule).
const REFORM_2007: i32 = day_number(2007, 1, 1);

/// Computes the holidays of `year` (already checked to be in range), sorted by date.
fn compute_year(year: i16) -> Vec<Holiday> {
    let y = i32::from(year);
    let mut days: Vec<Entry> = Vec::with_capacity(24);
    let mut add = |day: i32, name: &'static str, kind: HolidayKind| {
        days.push(Entry { day, name, kind });
    };
    let on = |month: i32, day: i32| day_number(y, month, day);
    use HolidayKind::{SpecialLaw, Statutory};

    add(on(1, 1), "元日", Statutory);
    add(
        if y >= 2000 {
            nth_monday(y, 1, 2)
        } else {
            on(1, 15)
        },
        "成人の日",
        Statutory,
    );
    // 建国記念の日 was added by the 1966 amendment; the cabinet order fixing it to 2/11 first
    // applied in 1967.
    if y >= 1967 {
        add(on(2, 11), "建国記念の日", Statutory);
    }
    match y {
        ..=1988 => add(on(4, 29), "天皇誕生日", Statutory),
        1989..=2018 => add(on(12, 23), "天皇誕生日", Statutory),
        // Emperor Akihito abdicated on 2019-04-30, before 12/23, and Emperor Naruhito's birthday
        // became a holiday only from 2020, after 2/23/2019 had passed under the old law.
        2019 => {}
        _ => add(on(2, 23), "天皇誕生日", Statutory),
    }
    add(on(3, vernal_equinox_day(y)), "春分の日", Statutory);
    match y {
        1989..=2006 => add(on(4, 29), "みどりの日", Statutory),
        2007.. => {
            add(on(4, 29), "昭和の日", Statutory);
            add(on(5, 4), "みどりの日", Statutory);
        }
        _ => {}
    }
    add(on(5, 3), "憲法記念日", Statutory);
    add(on(5, 5), "こどもの日", Statutory);
    // The Olympic special-measures law moved three holidays next to the opening and closing
    // ceremonies, in 2020 and again in 2021 when the games were postponed.
    match y {
        2020 => add(on(7, 23), "海の日", Statutory),
        2021 => add(on(7, 22), "海の日", Statutory),
        2003.. => add(nth_monday(y, 7, 3), "海の日", Statutory),
        1996.. => add(on(7, 20), "海の日", Statutory),
        _ => {}
    }
    match y {
        2020 => add(on(8, 10), "山の日", Statutory),
        2021 => add(on(8, 8), "山の日", Statutory),
        2016.. => add(on(8, 11), "山の日", Statutory),
        _ => {}
    }
    match y {
        2003.. => add(nth_monday(y, 9, 3), "敬老の日", Statutory),
        1966.. => add(on(9, 15), "敬老の日", Statutory),
        _ => {}
    }
    add(on(9, autumnal_equinox_day(y)), "秋分の日", Statutory);
    match y {
        2020 => add(on(7, 24), "スポーツの日", Statutory),
        2021 => add(on(7, 23), "スポーツの日", Statutory),
        2022.. => add(nth_monday(y, 10, 2), "スポーツの日", Statutory),
        // In 2019 the day was still 体育の日 by law (the rename took effect in 2020), but the
        // holiday_jp dataset names it with both names; we follow the dataset's spelling.
        2019 => add(nth_monday(y, 10, 2), "体育の日（スポーツの日）", Statutory),
        2000.. => add(nth_monday(y, 10, 2), "体育の日", Statutory),
        1966.. => add(on(10, 10), "体育の日", Statutory),
        _ => {}
    }
    add(on(11, 3), "文化の日", Statutory);
    add(on(11, 23), "勤労感謝の日", Statutory);

    match y {
        // 皇太子明仁親王の結婚の儀の行われる日を休日にする法律
        1959 => add(on(4, 10), "結婚の儀", SpecialLaw),
        // 昭和天皇の大喪の礼の行われる日を休日とする法律
        1989 => add(on(2, 24), "大喪の礼", SpecialLaw),
        // 即位礼正殿の儀の行われる日を休日とする法律
        1990 => add(on(11, 12), "即位礼正殿の儀", SpecialLaw),
        // 皇太子徳仁親王の結婚の儀の行われる日を休日とする法律
        1993 => add(on(6, 9), "結婚の儀", SpecialLaw),
        // 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律 (deemed 国民の祝日).
        2019 => {
            add(on(5, 1), "休日（祝日扱い）", SpecialLaw);
            add(on(10, 22), "休日（祝日扱い）", SpecialLaw);
        }
        _ => {}
    }

    // Only the holidays on or after the law's entry into force exist (this trims 1948).
    days.retain(|e| e.day >= LAW_IN_FORCE);
    days.sort_unstable_by_key(|e| e.day);

    add_substitute_holidays(&mut days);
    add_sandwiched_holidays(&mut days);

    // No rule can carry a holiday across the year end (12/23 is the last holiday that can fall on
    // a Sunday, and nothing is sandwiched around 1/1), so each year is computed on its own.
    days.iter()
        .map(|e| Holiday {
            date: date_of(e.day),
            name: e.name,
            kind: e.kind,
        })
        .collect()
}

/// Adds the 振替休日 to `days` (sorted, national holidays only), keeping it sorted.
fn add_substitute_holidays(days: &mut Vec<Entry>) {
    let is_holiday = |days: &[Entry], day: i32| days.iter().any(|e| e.day == day);
    let mut substitutes = Vec::new();
    for entry in days.iter() {
        if entry.day < SUBSTITUTE_FROM
            || weekday(entry.day) != SUNDAY
            || !entry.is_national_holiday()
        {
            continue;
        }
        let mut day = entry.day + 1;
        if entry.day < REFORM_2007 {
            // Before 2007 only the very next day could become the substitute.
            if is_holiday(days, day) {
                continue;
            }
        } else {
            // From 2007 it is the nearest following day that is not a national holiday, so a
            // Sunday 5/3 pushes the day off past 5/4 and 5/5 to 5/6.
            while is_holiday(days, day) {
                day += 1;
            }
        }
        substitutes.push(Entry {
            day,
            name: substitute_name(days, day),
            kind: HolidayKind::Substitute,
        });
    }
    days.extend(substitutes);
    days.sort_unstable_by_key(|e| e.day);
}

/// The holiday_jp name of the 振替休日 on `day`, 「`name` 振替休日」 after the national holiday
/// just before it, which is the Sunday holiday itself except when a chain of holidays pushed the
/// day off later (a Sunday 5/4 gives 「こどもの日 振替休日」 on 5/6).
fn substitute_name(days: &[Entry], day: i32) -> &'static str {
    // The dataset names 2020-05-06, pushed from Sunday 5/3, after 憲法記念日 although it names
    // every other such day (2009-05-06 and 2015-05-06, pushed from Sunday 5/3 too) after
    // こどもの日; we special-case the date rather than adopt a naming rule only it follows.
    if day == day_number(2020, 5, 6) {
        return "憲法記念日 振替休日";
    }
    let previous = days
        .iter()
        .find(|e| e.day == day - 1)
        .map_or("", |e| e.name);
    match previous {
        "元日" => "元日 振替休日",
        "成人の日" => "成人の日 振替休日",
        "建国記念の日" => "建国記念の日 振替休日",
        "天皇誕生日" => "天皇誕生日 振替休日",
        "春分の日" => "春分の日 振替休日",
        "みどりの日" => "みどりの日 振替休日",
        "昭和の日" => "昭和の日 振替休日",
        "憲法記念日" => "憲法記念日 振替休日",
        "こどもの日" => "こどもの日 振替休日",
        "海の日" => "海の日 振替休日",
        "山の日" => "山の日 振替休日",
        "敬老の日" => "敬老の日 振替休日",
        "秋分の日" => "秋分の日 振替休日",
        "体育の日" => "体育の日 振替休日",
        "スポーツの日" => "スポーツの日 振替休日",
        "文化の日" => "文化の日 振替休日",
        "勤労感謝の日" => "勤労感謝の日 振替休日",
        // Unreachable for 1948–2099 (no one-off day fell on a Sunday); the plain legal term is
        // the honest name if the rules ever produce one.
        _ => "振替休日",
    }
}

/// Adds the 国民の休日 to `days` (sorted, national and substitute holidays), keeping it sorted.
fn add_sandwiched_holidays(days: &mut Vec<Entry>) {
    let mut sandwiched = Vec::new();
    for pair in days.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let day = before.day + 1;
        // `after.day == before.day + 2` also means the day between is not a holiday already.
        if after.day != before.day + 2
            || day < SANDWICH_FROM
            || !before.is_national_holiday()
            || !after.is_national_holiday()
        {
            continue;
        }
        // Before 2007 the rule excluded Sundays (and substitute holidays, which the check above
        // already rules out); from 2007 it covers any day that is not a national holiday.
        if day < REFORM_2007 && weekday(day) == SUNDAY {
            continue;
        }
        sandwiched.push(Entry {
            day,
            name: "休日",
            kind: HolidayKind::Sandwiched,
        });
    }
    days.extend(sandwiched);
    days.sort_unstable_by_key(|e| e.day);
}

// ---------------------------------------------------------------------------------------------
// The lookup table

/// Day number of the first day the table covers.
const TABLE_START: i32 = day_number(FIRST_YEAR as i32, 1, 1);
/// Number of days the table covers (1948-01-01 through 2099-12-31).
const TABLE_LEN: usize = (day_number(LAST_YEAR as i32 + 1, 1, 1) - TABLE_START) as usize;

/// Every holiday of 1948–2099, indexed by day.
struct Table {
    /// One bit per day, set on holidays: 7 KB, so `is_holiday` stays in the L1 cache.
    bits: Box<[u64]>,
    /// One byte per day: 0 for a working day, else the index + 1 of its name in `name_list`.
    names: Box<[u8]>,
    /// The distinct holiday names, in order of first appearance.
    name_list: Vec<&'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

fn build_table() -> Table {
    let mut bits = vec![0u64; TABLE_LEN.div_ceil(64)].into_boxed_slice();
    let mut names = vec![0u8; TABLE_LEN].into_boxed_slice();
    let mut name_list: Vec<&'static str> = Vec::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        for holiday in compute_year(year) {
            let Some(index) = table_index(holiday.date) else {
                continue;
            };
            let id = match name_list.iter().position(|&n| n == holiday.name) {
                Some(position) => position,
                None => {
                    name_list.push(holiday.name);
                    name_list.len() - 1
                }
            };
            bits[index / 64] |= 1 << (index % 64);
            // About 40 distinct names exist, far below the 255 a byte can number.
            names[index] = u8::try_from(id + 1).unwrap_or(0);
        }
    }
    Table {
        bits,
        names,
        name_list,
    }
}

/// Number of years the table covers.
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

/// Table index of January 1st of each year, so that a lookup needs no division.
const YEAR_OFFSETS: [u16; YEARS] = {
    let mut offsets = [0u16; YEARS];
    let mut i = 0;
    while i < YEARS {
        offsets[i] = (day_number(FIRST_YEAR as i32 + i as i32, 1, 1) - TABLE_START) as u16;
        i += 1;
    }
    offsets
};

/// Days before the first of each month (index 1–12) in a common year.
const MONTH_OFFSETS: [u16; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// The table index of `date`, or `None` outside 1948–2099.
#[inline]
fn table_index(date: Date) -> Option<usize> {
    // A year before the table wraps to a huge index, so one comparison checks both ends.
    let year = i32::from(date.year()).wrapping_sub(i32::from(FIRST_YEAR)) as u32 as usize;
    let start = *YEAR_OFFSETS.get(year)?;
    let month = date.month() as usize; // 1–12, guaranteed by `Date`
    // 1948–2099 contains no century year, so every fourth year is a leap year.
    let leap_day = usize::from(month > 2 && date.year() % 4 == 0);
    Some(
        usize::from(start) + usize::from(MONTH_OFFSETS[month]) + leap_day + date.day() as usize - 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use std::collections::BTreeMap;

    const ORACLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/holidays/holidays.yml"
    );

    /// The holiday_jp dataset: lines `YYYY-MM-DD: 名前` after a `---` header.
    fn oracle() -> BTreeMap<Date, String> {
        let text = std::fs::read_to_string(ORACLE)
            .unwrap_or_else(|e| panic!("cannot read the oracle {ORACLE}: {e}"));
        let mut map = BTreeMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line == "---" || line.starts_with('#') {
                continue;
            }
            let (day, name) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("malformed oracle line {line:?}"));
            let day: Date = day
                .parse()
                .unwrap_or_else(|e| panic!("bad date in {line:?}: {e}"));
            assert!(
                map.insert(day, name.to_owned()).is_none(),
                "duplicate date {day} in the oracle"
            );
        }
        map
    }

    fn names_of(year: i16) -> Vec<(String, &'static str)> {
        holidays_in_year(year)
            .unwrap()
            .into_iter()
            .map(|h| (h.date.to_string(), h.name))
            .collect()
    }

    fn holidays_in(from: Date, to: Date) -> Vec<(String, &'static str)> {
        holidays_between(from.year(), to.year())
            .unwrap()
            .into_iter()
            .filter(|h| h.date >= from && h.date <= to)
            .map(|h| (h.date.to_string(), h.name))
            .collect()
    }

    fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|&(d, n)| (d.to_owned(), n)).collect()
    }

    #[test]
    fn equals_the_oracle_for_every_date_1970_to_2050() {
        let oracle = oracle();
        assert_eq!(oracle.keys().next(), Some(&date(1970, 1, 1)));
        let computed: BTreeMap<Date, &str> = holidays_between(1970, 2050)
            .unwrap()
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        let mut mismatches = Vec::new();
        for (day, name) in &oracle {
            match computed.get(day) {
                None => mismatches.push(format!("{day}: missing {name}")),
                Some(&got) if got != name => {
                    mismatches.push(format!("{day}: computed {got}, oracle {name}"));
                }
                Some(_) => {}
            }
        }
        for (day, name) in &computed {
            if !oracle.contains_key(day) {
                mismatches.push(format!("{day}: computed {name}, not in the oracle"));
            }
        }
        // The table behind `holiday`/`is_holiday` must agree with the oracle day by day too.
        let mut day = date(1970, 1, 1);
        while day <= date(2050, 12, 31) {
            let expected = oracle.get(&day).map(String::as_str);
            if holiday(day) != expected || is_holiday(day) != expected.is_some() {
                mismatches.push(format!(
                    "{day}: table says {:?} / {}, oracle {expected:?}",
                    holiday(day),
                    is_holiday(day)
                ));
            }
            day = day.tomorrow().unwrap();
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches with the oracle:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
    }

    #[test]
    fn table_agrees_with_the_yearly_computation_1948_to_2099() {
        let all = holidays_between(FIRST_YEAR, LAST_YEAR).unwrap();
        for h in &all {
            assert_eq!(holiday(h.date), Some(h.name), "{}", h.date);
        }
        let set_bits: u32 = table().bits.iter().map(|w| w.count_ones()).sum();
        assert_eq!(set_bits as usize, all.len());
        assert!(all.windows(2).all(|w| w[0].date < w[1].date));
    }

    #[test]
    fn golden_week_2019_is_a_ten_day_chain() {
        assert_eq!(
            holidays_in(date(2019, 4, 27), date(2019, 5, 6)),
            pairs(&[
                ("2019-04-29", "昭和の日"),
                ("2019-04-30", "休日"),
                ("2019-05-01", "休日（祝日扱い）"),
                ("2019-05-02", "休日"),
                ("2019-05-03", "憲法記念日"),
                ("2019-05-04", "みどりの日"),
                ("2019-05-05", "こどもの日"),
                ("2019-05-06", "こどもの日 振替休日"),
            ])
        );
        // 4/27 and 4/28 are a Saturday and a Sunday, which close the chain to ten days off.
        assert_eq!(weekday(day_number(2019, 4, 27)), 6);
        let kinds: Vec<HolidayKind> = holidays_in_year(2019)
            .unwrap()
            .into_iter()
            .filter(|h| h.date >= date(2019, 4, 30) && h.date <= date(2019, 5, 2))
            .map(|h| h.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                HolidayKind::Sandwiched,
                HolidayKind::SpecialLaw,
                HolidayKind::Sandwiched
            ]
        );
        assert_eq!(holiday(date(2019, 10, 22)), Some("休日（祝日扱い）"));
    }

    #[test]
    fn substitute_holiday_before_2007_is_only_the_next_day() {
        // 1973-02-11 was a Sunday before the amendment took effect: no substitute.
        assert!(!is_holiday(date(1973, 2, 12)));
        // 1973-04-29 was the first Sunday holiday after 1973-04-12.
        assert_eq!(holiday(date(1973, 4, 30)), Some("天皇誕生日 振替休日"));
        assert_eq!(
            holidays_in_year(1973)
                .unwrap()
                .iter()
                .find(|h| h.kind == HolidayKind::Substitute)
                .map(|h| h.date),
            Some(date(1973, 4, 30))
        );
        // 2003-05-04 was a Sunday but not yet a holiday itself, so neither 5/4 nor 5/6 was off.
        assert!(!is_holiday(date(2003, 5, 4)));
        assert!(!is_holiday(date(2003, 5, 6)));
        // A Sunday 5/3 before 2007 gave a substitute on Monday 5/4.
        assert_eq!(holiday(date(1998, 5, 4)), Some("憲法記念日 振替休日"));
    }

    #[test]
    fn substitute_holiday_from_2007_skips_following_holidays() {
        // 2008-05-04 (みどりの日) was a Sunday; 5/5 is a holiday, so the substitute is 5/6.
        assert_eq!(holiday(date(2008, 5, 6)), Some("こどもの日 振替休日"));
        // 2020-05-03 (憲法記念日) was a Sunday: pushed over 5/4 and 5/5 to 5/6.
        assert_eq!(holiday(date(2020, 5, 6)), Some("憲法記念日 振替休日"));
        assert_eq!(holiday(date(2007, 4, 30)), Some("昭和の日 振替休日"));
    }

    #[test]
    fn citizens_holiday_between_two_holidays() {
        assert_eq!(holiday(date(1988, 5, 4)), Some("休日"));
        // 1987-05-04 was the substitute for Sunday 5/3, not a citizens' holiday.
        assert_eq!(holiday(date(1987, 5, 4)), Some("憲法記念日 振替休日"));
        // 1986-05-04 was a Sunday, excluded by the pre-2007 rule.
        assert!(!is_holiday(date(1986, 5, 4)));
        for day in [date(2009, 9, 22), date(2015, 9, 22), date(2026, 9, 22)] {
            assert_eq!(holiday(day), Some("休日"), "{day}");
        }
        let kind = holidays_in_year(2026)
            .unwrap()
            .into_iter()
            .find(|h| h.date == date(2026, 9, 22))
            .map(|h| h.kind);
        assert_eq!(kind, Some(HolidayKind::Sandwiched));
    }

    #[test]
    fn olympic_moves_of_2020_and_2021() {
        assert_eq!(
            holidays_in(date(2020, 7, 1), date(2020, 10, 31)),
            pairs(&[
                ("2020-07-23", "海の日"),
                ("2020-07-24", "スポーツの日"),
                ("2020-08-10", "山の日"),
                ("2020-09-21", "敬老の日"),
                ("2020-09-22", "秋分の日"),
            ])
        );
        assert_eq!(
            holidays_in(date(2021, 7, 1), date(2021, 10, 31)),
            pairs(&[
                ("2021-07-22", "海の日"),
                ("2021-07-23", "スポーツの日"),
                ("2021-08-08", "山の日"),
                ("2021-08-09", "山の日 振替休日"),
                ("2021-09-20", "敬老の日"),
                ("2021-09-23", "秋分の日"),
            ])
        );
        assert_eq!(holiday(date(2022, 10, 10)), Some("スポーツの日"));
        assert_eq!(holiday(date(2022, 7, 18)), Some("海の日"));
    }

    #[test]
    fn emperors_birthday_moves_and_skips_2019() {
        assert_eq!(holiday(date(1988, 4, 29)), Some("天皇誕生日"));
        assert_eq!(holiday(date(1989, 4, 29)), Some("みどりの日"));
        assert_eq!(holiday(date(2018, 12, 23)), Some("天皇誕生日"));
        assert!(names_of(2019).iter().all(|(_, n)| *n != "天皇誕生日"));
        assert!(!is_holiday(date(2019, 12, 23)));
        assert!(!is_holiday(date(2019, 2, 23)));
        assert_eq!(holiday(date(2020, 2, 23)), Some("天皇誕生日"));
    }

    #[test]
    fn equinox_days() {
        // Published dates (month, day of 春分の日; month, day of 秋分の日), including the
        // 1900–1979 branch of the formula, which the oracle does not reach before 1970.
        let published = [
            (1948, (3, 21), (9, 23)),
            (1951, (3, 21), (9, 24)),
            (1955, (3, 21), (9, 24)),
            (1959, (3, 21), (9, 24)),
            (1960, (3, 20), (9, 23)),
            (1964, (3, 20), (9, 23)),
            (1967, (3, 21), (9, 24)),
            (1968, (3, 20), (9, 23)),
            (1976, (3, 20), (9, 23)),
            (1979, (3, 21), (9, 24)),
            (1980, (3, 20), (9, 23)),
            (2012, (3, 20), (9, 22)),
            (2025, (3, 20), (9, 23)),
            (2026, (3, 20), (9, 23)),
            (2027, (3, 21), (9, 23)),
        ];
        for (year, vernal, autumnal) in published {
            assert_eq!((3, vernal_equinox_day(year)), vernal, "春分の日 {year}");
            assert_eq!((9, autumnal_equinox_day(year)), autumnal, "秋分の日 {year}");
        }
        // A projection: the vernal equinox day first reaches 3/19 in 2092 (and again in 2096).
        assert_eq!(holiday(date(2092, 3, 19)), Some("春分の日"));
        assert_eq!(holiday(date(2096, 3, 19)), Some("春分の日"));
        assert!((1900..2092).all(|year| vernal_equinox_day(year) >= 20));
    }

    #[test]
    fn year_1948_starts_when_the_law_took_effect() {
        assert_eq!(
            names_of(1948),
            pairs(&[
                ("1948-09-23", "秋分の日"),
                ("1948-11-03", "文化の日"),
                ("1948-11-23", "勤労感謝の日"),
            ])
        );
        assert!(!is_holiday(date(1948, 1, 1)));
        assert!(!is_holiday(date(1948, 4, 29)));
        assert_eq!(holiday(date(1949, 1, 1)), Some("元日"));
    }

    #[test]
    fn early_years_and_one_off_laws() {
        assert_eq!(holiday(date(1959, 4, 10)), Some("結婚の儀"));
        assert_eq!(holiday(date(1989, 2, 24)), Some("大喪の礼"));
        assert_eq!(holiday(date(1990, 11, 12)), Some("即位礼正殿の儀"));
        assert_eq!(holiday(date(1993, 6, 9)), Some("結婚の儀"));
        assert!(!is_holiday(date(1966, 2, 11)));
        assert_eq!(holiday(date(1967, 2, 11)), Some("建国記念の日"));
        assert!(!is_holiday(date(1965, 9, 15)));
        assert_eq!(holiday(date(1966, 9, 15)), Some("敬老の日"));
        assert_eq!(holiday(date(1966, 10, 10)), Some("体育の日"));
        assert!(!is_holiday(date(2015, 8, 11)));
        assert_eq!(holiday(date(2016, 8, 11)), Some("山の日"));
    }

    #[test]
    fn projections_and_late_years() {
        assert!(!is_projection(2027));
        assert!(is_projection(2028));
        assert_eq!(holiday(date(2099, 1, 1)), Some("元日"));
        assert_eq!(holiday(date(2099, 12, 31)), None);
        // No 国民の休日 of 1948–2099 falls on a Sunday, so the pre-2007 Sunday exclusion and the
        // post-2007 rule never disagree on a date.
        let all = holidays_between(FIRST_YEAR, LAST_YEAR).unwrap();
        assert!(
            all.iter()
                .filter(|h| h.kind == HolidayKind::Sandwiched)
                .all(|h| h.date.weekday() != jiff::civil::Weekday::Sunday)
        );
    }

    #[test]
    fn out_of_range_years_and_dates() {
        let error = holidays_in_year(1947).unwrap_err();
        assert_eq!(error.year(), 1947);
        assert_eq!(
            error.to_string(),
            "year 1947 is outside the range of the Japanese holiday calendar (1948 to 2099)"
        );
        assert!(holidays_in_year(2100).is_err());
        assert!(holidays_between(1947, 2000).is_err());
        assert!(holidays_between(2000, 2100).is_err());
        assert_eq!(holidays_between(2001, 2000), Ok(Vec::new()));
        for day in [
            Date::MIN,
            Date::MAX,
            date(1947, 12, 31),
            date(2100, 1, 1),
            date(-1, 1, 1),
        ] {
            assert!(!is_holiday(day), "{day}");
            assert_eq!(holiday(day), None, "{day}");
        }
    }

    #[test]
    fn day_numbers_and_table_indices_round_trip() {
        let mut day = date(FIRST_YEAR, 1, 1);
        for number in TABLE_START..TABLE_START + TABLE_LEN as i32 {
            assert_eq!(date_of(number), day);
            assert_eq!(table_index(day), Some((number - TABLE_START) as usize));
            assert_eq!(
                day_number(
                    i32::from(day.year()),
                    i32::from(day.month()),
                    i32::from(day.day())
                ),
                number
            );
            assert_eq!(
                weekday(number),
                i32::from(day.weekday().to_sunday_zero_offset())
            );
            day = day.tomorrow().unwrap();
        }
        assert_eq!(day, date(LAST_YEAR + 1, 1, 1));
    }
}
