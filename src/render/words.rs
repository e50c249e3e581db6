//! How values read in Japanese: percentages, durations, times, windows, dates, enumerations.
//!
//! Every function follows the house style of the seeds (`japanese.md`): 「2時間」「2営業日」
//! 「約2ヶ月」「9:00～12:00」「22:00～翌9:00」「2024年5月」, enumerations 「A、B、およびC」. Choices
//! the seeds make differently are document styles (`style { ... }` in the spec).

use crate::model::{
    Bandwidth, Closure, Duration, DurationRange, Money, MonthDay, Percent, RevisionDate, Style,
    TimeOfDay, TimeUnit, Weekday, Window,
};

/// `98%` or `98％` per the document's style.
pub fn percent(p: Percent, style: &Style) -> String {
    format!("{p}{}", style.percent)
}

/// The unit's Japanese name after a number.
fn unit_name(u: TimeUnit) -> &'static str {
    match u {
        TimeUnit::Seconds => "秒",
        TimeUnit::Minutes => "分",
        TimeUnit::Hours => "時間",
        TimeUnit::Days => "日",
        TimeUnit::Weeks => "週間",
        TimeUnit::Months => "ヶ月",
        TimeUnit::Years => "年",
        TimeUnit::BusinessHours => "営業時間",
        TimeUnit::BusinessDays => "営業日",
    }
}

/// `2時間`, `2営業日`, `約2ヶ月`.
pub fn duration(d: Duration) -> String {
    format!(
        "{}{}{}",
        if d.approx { "約" } else { "" },
        d.amount,
        unit_name(d.unit)
    )
}

/// `1米ドル`, `100円`, `1ユーロ`: an amount of money as a Japanese document writes it.
pub fn money(m: &Money) -> String {
    let unit = match m.currency.as_str() {
        "JPY" => "円",
        "USD" => "米ドル",
        "EUR" => "ユーロ",
        other => other,
    };
    format!("{}{unit}", grouped(&m.amount))
}

/// `43,200`: digits grouped by thousands (the decimals, if any, kept as written).
pub fn grouped(number: &str) -> String {
    let (int, frac) = number
        .split_once('.')
        .map_or((number, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `1週間～2週間`.
pub fn duration_range(r: DurationRange, style: &Style) -> String {
    let u = unit_name(r.unit);
    format!(
        "{}{}{u}{}{}{u}",
        if r.approx { "約" } else { "" },
        r.min,
        style.range,
        r.max
    )
}

/// `9:00` (or `09:00` with `style { time "padded" }`; with `time "as_written"`, whichever of
/// the two the spec wrote).
pub fn time(t: TimeOfDay, style: &Style) -> String {
    let padded = match style.time.as_str() {
        "padded" => true,
        "as_written" => t.written_padded(),
        _ => false,
    };
    if padded {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        t.to_string()
    }
}

/// `9:00～12:00`, `22:00～翌9:00`.
pub fn window(w: Window, style: &Style) -> String {
    format!(
        "{}{}{}{}",
        time(w.start, style),
        style.range,
        if w.overnight { "翌" } else { "" },
        time(w.end, style)
    )
}

/// Windows joined with および.
pub fn windows(ws: &[Window], style: &Style) -> String {
    let parts: Vec<String> = ws.iter().map(|w| window(*w, style)).collect();
    enumerate(&parts, "および")
}

/// 「A、B、およびC」 (or 「AおよびB」): the last item joined with `last`.
pub fn enumerate(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a}{last}{b}"),
        [init @ .., tail] => format!("{}、{last}{tail}", init.join("、")),
    }
}

/// Items joined with 「、」.
pub fn join(items: &[String]) -> String {
    items.join("、")
}

/// Alternatives, as a contract lists them: A、BまたはC.
pub fn join_or(items: &[String]) -> String {
    join_last(items, "または")
}

/// Items that all apply: A、BおよびC.
pub fn join_and(items: &[String]) -> String {
    join_last(items, "および")
}

fn join_last(items: &[String], last: &str) -> String {
    match items.split_last() {
        Some((end, rest)) if !rest.is_empty() => format!("{}{last}{end}", rest.join("、")),
        _ => items.join("、"),
    }
}

/// 12月28日.
pub fn month_day(md: MonthDay) -> String {
    format!("{}月{}日", md.month, md.day)
}

/// A calendar date: 2017年5月8日.
pub fn date(d: jiff::civil::Date, style: &Style) -> String {
    match style.dates.as_str() {
        "wareki" => format!(
            "{}{}月{}日",
            wareki_year(d.year(), d.month(), d.day()),
            d.month(),
            d.day()
        ),
        "padded" => format!("{}年{:02}月{:02}日", d.year(), d.month(), d.day()),
        _ => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// A revision date: 2024年5月 or 2017年5月8日.
pub fn revision_date(r: RevisionDate, style: &Style) -> String {
    match r.day {
        Some(day) => match jiff::civil::Date::new(r.year, r.month, day) {
            Ok(d) => date(d, style),
            Err(_) => r.to_string(),
        },
        None => match style.dates.as_str() {
            "wareki" => format!("{}{}月", wareki_year(r.year, r.month, 1), r.month),
            "padded" => format!("{}年{:02}月", r.year, r.month),
            _ => format!("{}年{}月", r.year, r.month),
        },
    }
}

/// The Japanese era year: 令和6年, 平成元年. Before 1873, when Japan took up the Gregorian
/// calendar, a Gregorian date has no era year by this arithmetic (明治-1867年 was printed for
/// year 0): the Western year is written instead.
fn wareki_year(year: i16, month: i8, day: i8) -> String {
    if year < 1873 {
        return format!("{year}年");
    }
    let ymd = (year, month, day);
    let (era, first) = if ymd >= (2019, 5, 1) {
        ("令和", 2019)
    } else if ymd >= (1989, 1, 8) {
        ("平成", 1989)
    } else if ymd >= (1926, 12, 25) {
        ("昭和", 1926)
    } else if ymd >= (1912, 7, 30) {
        ("大正", 1912)
    } else {
        ("明治", 1868)
    };
    let n = year - first + 1;
    if n == 1 {
        format!("{era}元年")
    } else {
        format!("{era}{n}年")
    }
}

/// `10～20Mbps`, `100Mbps～`, `5Mbps`.
pub fn bandwidth(b: Bandwidth, style: &Style) -> String {
    let fmt = |kbps: u64| -> String {
        if kbps >= 1_000_000 && kbps.is_multiple_of(1_000_000) {
            format!("{}Gbps", kbps / 1_000_000)
        } else if kbps >= 1000 && kbps.is_multiple_of(1000) {
            format!("{}Mbps", kbps / 1000)
        } else if kbps >= 1000 {
            format!("{}Mbps", trim_decimal(kbps as f64 / 1000.0))
        } else {
            format!("{kbps}kbps")
        }
    };
    let unit_of = |s: &str| {
        s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_string()
    };
    match (b.max_kbps, b.exact) {
        (_, true) => fmt(b.min_kbps),
        (None, false) => format!("{}{}", fmt(b.min_kbps), style.range),
        (Some(max), false) => {
            let lo = fmt(b.min_kbps);
            let hi = fmt(max);
            if unit_of(&lo) == unit_of(&hi) {
                let lo_num = lo.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                format!("{lo_num}{}{hi}", style.range)
            } else {
                format!("{lo}{}{hi}", style.range)
            }
        }
    }
}

fn trim_decimal(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The short name of a weekday: 土.
fn weekday_short(d: Weekday) -> &'static str {
    &d.japanese()[..3]
}

/// The open days of a calendar: 平日, 毎日, or the days named.
pub fn open_days(days: &[Weekday]) -> String {
    use Weekday::*;
    match days {
        [Mon, Tue, Wed, Thu, Fri] => "平日".into(),
        [Mon, Tue, Wed, Thu, Fri, Sat, Sun] => "毎日".into(),
        [] => String::new(),
        _ => {
            // Consecutive runs read as 月曜日から土曜日.
            let idx: Vec<usize> = days.iter().map(|d| d.index()).collect();
            let contiguous = idx.windows(2).all(|w| w[1] == w[0] + 1);
            if contiguous && days.len() > 2 {
                format!(
                    "{}から{}",
                    days[0].japanese(),
                    days[days.len() - 1].japanese()
                )
            } else {
                let names: Vec<String> = days.iter().map(|d| d.japanese().to_string()).collect();
                join(&names)
            }
        }
    }
}

/// One closure as a document lists it: 土曜日, 国民の祝日, 年末年始(12月28日から1月4日), 弊社所定の休日.
pub fn closures(
    closed: &[Closure],
    provider: &str,
    company_label: Option<&str>,
    style: &Style,
) -> Vec<String> {
    let mut out = Vec::new();
    for c in closed {
        match c {
            Closure::Weekdays { days } => {
                out.extend(days.iter().map(|d| d.japanese().to_string()));
            }
            Closure::NationalHolidays { label } => {
                out.push(label.clone().unwrap_or_else(|| "国民の祝日".into()))
            }
            Closure::CompanyHolidays { label } => out.push(
                label
                    .clone()
                    .or_else(|| company_label.map(str::to_string))
                    .unwrap_or_else(|| format!("{provider}所定の休日")),
            ),
            Closure::Annual { name, start, end } => out.push(format!(
                "{name}({}から{})",
                month_day(*start),
                month_day(*end)
            )),
            Closure::Date { date: d, name } => match name {
                Some(n) => out.push(format!("{n}({})", date(d.0, style))),
                None => out.push(date(d.0, style)),
            },
        }
    }
    out
}

/// Closures the short way the CALLTREE document writes them: 土日祝日、盆、年末年始.
pub fn closures_short(closed: &[Closure], provider: &str, company_label: Option<&str>) -> String {
    let mut head = String::new();
    let mut rest: Vec<String> = Vec::new();
    for c in closed {
        match c {
            Closure::Weekdays { days } => {
                for d in days {
                    head.push_str(weekday_short(*d));
                }
            }
            Closure::NationalHolidays { .. } => head.push_str("祝日"),
            Closure::CompanyHolidays { label } => rest.push(
                label
                    .clone()
                    .or_else(|| company_label.map(str::to_string))
                    .unwrap_or_else(|| format!("{provider}所定の休日")),
            ),
            Closure::Annual { name, .. } => rest.push(name.clone()),
            Closure::Date { name, date: d } => rest.push(
                name.clone()
                    .unwrap_or_else(|| format!("{}月{}日", d.0.month(), d.0.day())),
            ),
        }
    }
    let mut parts = Vec::new();
    if !head.is_empty() {
        parts.push(head);
    }
    parts.extend(rest);
    join(&parts)
}

/// Lower-case roman numerals for list markers.
pub fn roman(n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Lower-case letters for list markers: a … z, aa, ab …
pub fn alpha(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    s.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> Style {
        Style::default()
    }

    #[test]
    fn enumerations_read_as_in_the_seeds() {
        let items: Vec<String> = ["土曜日", "日曜日", "国民の祝日"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            enumerate(&items, "および"),
            "土曜日、日曜日、および国民の祝日"
        );
        assert_eq!(enumerate(&items[..2], "および"), "土曜日および日曜日");
    }

    #[test]
    fn durations_and_windows() {
        let d = Duration {
            amount: 2,
            unit: TimeUnit::BusinessDays,
            approx: false,
        };
        assert_eq!(duration(d), "2営業日");
        let w = Window {
            start: TimeOfDay::parse("22:00").unwrap(),
            end: TimeOfDay::parse("9:00").unwrap(),
            overnight: true,
        };
        assert_eq!(window(w, &style()), "22:00～翌9:00");
    }

    #[test]
    fn times_in_each_style() {
        let mut s = style();
        let (eight, midnight) = (
            TimeOfDay::parse("8:00").unwrap(),
            TimeOfDay::parse("00:00").unwrap(),
        );
        assert_eq!(
            (time(eight, &s), time(midnight, &s)),
            ("8:00".into(), "0:00".into())
        );
        s.time = "padded".into();
        assert_eq!(
            (time(eight, &s), time(midnight, &s)),
            ("08:00".into(), "00:00".into())
        );
        s.time = "as_written".into();
        assert_eq!(
            (time(eight, &s), time(midnight, &s)),
            ("8:00".into(), "00:00".into())
        );
    }

    #[test]
    fn dates_in_each_style() {
        let mut s = style();
        let d = jiff::civil::date(2024, 5, 1);
        assert_eq!(date(d, &s), "2024年5月1日");
        s.dates = "wareki".into();
        assert_eq!(date(d, &s), "令和6年5月1日");
        assert_eq!(date(jiff::civil::date(2019, 5, 1), &s), "令和元年5月1日");
        assert_eq!(date(jiff::civil::date(2019, 4, 30), &s), "平成31年4月30日");
        assert_eq!(date(jiff::civil::date(1873, 1, 1), &s), "明治6年1月1日");
        // Before the Gregorian calendar came to Japan: the Western year, never 明治-1867年.
        assert_eq!(date(jiff::civil::date(1872, 12, 31), &s), "1872年12月31日");
        assert_eq!(date(jiff::civil::date(0, 1, 1), &s), "0年1月1日");
        s.dates = "padded".into();
        let r = RevisionDate {
            year: 2024,
            month: 5,
            day: None,
        };
        assert_eq!(revision_date(r, &s), "2024年05月");
    }

    #[test]
    fn markers() {
        assert_eq!(roman(4), "iv");
        assert_eq!(alpha(1), "a");
        assert_eq!(alpha(27), "aa");
    }

    #[test]
    fn bandwidths() {
        let s = style();
        let b = Bandwidth {
            min_kbps: 10_000,
            max_kbps: Some(20_000),
            exact: false,
        };
        assert_eq!(bandwidth(b, &s), "10～20Mbps");
        let open = Bandwidth {
            min_kbps: 100_000,
            max_kbps: None,
            exact: false,
        };
        assert_eq!(bandwidth(open, &s), "100Mbps～");
    }
}
