//! Term-level changes between two revisions, and whether each is unfavourable to the customer.
//!
//! Terms are matched by id. A change is reported per field that differs (「回答時間の開始: 9:00 →
//! 10:00」), found by comparing the terms' JSON forms so that every field of every kind is
//! covered. Whether a change is unfavourable is decided on the typed values, kind by kind: a
//! lower availability target, a smaller or later credit, a shorter notice, fewer support hours,
//! longer targets, wider exclusions, sparser monitoring or backups, or a term removed. Such
//! changes usually need advance notice to customers or their consent, so `diff` warns about them.

use crate::model::*;
use serde::Serialize;
use serde_json::Value;

/// One changed field of a term.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TermChange {
    /// The term's id.
    pub term: String,
    /// Its kind.
    pub kind: String,
    /// The field's path in the JSON export (`windows[0].start`); empty when the whole term was
    /// added or removed.
    pub field: String,
    /// 「回答時間の開始: 9:00 → 10:00」
    pub description: String,
    /// The old value (absent when added).
    pub old: Option<Value>,
    /// The new value (absent when removed).
    pub new: Option<Value>,
    /// Why the change is unfavourable to the customer, if it is.
    pub unfavourable: Option<String>,
}

/// Every term change from `old` to `new`.
pub fn changes(old: &Spec, new: &Spec) -> Vec<TermChange> {
    let mut out = Vec::new();
    for nt in &new.terms {
        match old.term(nt.id()) {
            Some(ot) => {
                let before = serde_json::to_value(ot).unwrap_or(Value::Null);
                let after = serde_json::to_value(nt).unwrap_or(Value::Null);
                if before == after {
                    continue;
                }
                let verdicts = unfavourable(old, ot, new, nt);
                let mut fields = Vec::new();
                diff_values("", &before, &after, &mut fields);
                let name = display_name(new, nt);
                // Closures and exclusions read better as the document words them.
                fields.retain(|(p, _, _)| !p.starts_with("rules.closed") && p != "excludes");
                fields.extend(closure_changes(old, ot, new, nt));
                fields.extend(exclusion_changes(old, ot, new, nt));
                for (path, a, b) in fields {
                    if path == "wording" {
                        continue;
                    }
                    let why = verdicts
                        .iter()
                        .find(|(p, _)| path.starts_with(p.as_str()))
                        .map(|(_, w)| w.clone());
                    out.push(TermChange {
                        term: nt.id().to_string(),
                        kind: nt.kind_name().to_string(),
                        description: format!(
                            "{name}の{}: {} → {}",
                            field_name(&path),
                            show(&a),
                            show(&b)
                        ),
                        field: path,
                        old: a,
                        new: b,
                        unfavourable: why,
                    });
                }
                // A verdict not tied to a listed field (computed from several) still counts.
                for (p, why) in verdicts {
                    if !out
                        .iter()
                        .any(|c| c.term == nt.id() && c.field.starts_with(&p))
                    {
                        out.push(TermChange {
                            term: nt.id().to_string(),
                            kind: nt.kind_name().to_string(),
                            field: p.clone(),
                            description: format!("{name}: {why}"),
                            old: None,
                            new: None,
                            unfavourable: Some(why),
                        });
                    }
                }
            }
            None => out.push(TermChange {
                term: nt.id().to_string(),
                kind: nt.kind_name().to_string(),
                field: String::new(),
                description: format!("{}を追加", display_name(new, nt)),
                old: None,
                new: serde_json::to_value(nt).ok(),
                // An added exclusion widens something only through the objective or the list
                // that names it; those report it.
                unfavourable: None,
            }),
        }
    }
    out.extend(company_holiday_changes(old, new));
    for ot in &old.terms {
        if new.term(ot.id()).is_none() {
            let guarantees = matches!(
                ot,
                Term::Availability(_)
                    | Term::Credit(_)
                    | Term::Severities(_)
                    | Term::Notification(_)
                    | Term::Monitoring(_)
                    | Term::Backup(_)
                    | Term::Hours(_)
                    | Term::AfterHours(_)
            );
            out.push(TermChange {
                term: ot.id().to_string(),
                kind: ot.kind_name().to_string(),
                field: String::new(),
                description: format!("{}を削除", display_name(old, ot)),
                old: serde_json::to_value(ot).ok(),
                new: None,
                unfavourable: guarantees.then(|| "保証していた条件がなくなります".into()),
            });
        }
    }
    out
}

/// Changes to the company's own holidays (`company_holidays`, with its files): the dates added
/// and removed, one change each way. Added dates are unfavourable when hours or a calendar of
/// the new revision close on company holidays: support is closed on more days.
fn company_holiday_changes(old: &Spec, new: &Spec) -> Vec<TermChange> {
    let (a, b) = (&old.company_holidays, &new.company_holidays);
    let label = b
        .label
        .clone()
        .or_else(|| a.label.clone())
        .unwrap_or_else(|| crate::calendar::days::COMPANY_HOLIDAYS_LABEL.to_string());
    let has = |list: &[NamedDate], d: &NamedDate| list.iter().any(|x| x.date == d.date);
    let added: Vec<&NamedDate> = b.dates.iter().filter(|d| !has(&a.dates, d)).collect();
    let removed: Vec<&NamedDate> = a.dates.iter().filter(|d| !has(&b.dates, d)).collect();
    let closes_on_them = new.terms.iter().any(|t| {
        let rules = match t {
            Term::Hours(h) => &h.rules,
            Term::Calendar(c) => &c.rules,
            _ => return false,
        };
        rules
            .closed
            .iter()
            .any(|c| matches!(c, Closure::CompanyHolidays { .. }))
    });
    let listed = |dates: &[&NamedDate]| {
        let mut shown: Vec<String> = dates
            .iter()
            .take(3)
            .map(|d| {
                let day = crate::render::words::date(d.date.0, &new.style);
                match &d.name {
                    Some(n) => format!("{day}（{n}）"),
                    None => day,
                }
            })
            .collect();
        if dates.len() > 3 {
            shown.push(format!("ほか{}日", dates.len() - 3));
        }
        shown.join("、")
    };
    let json = |dates: &[&NamedDate]| serde_json::to_value(dates).ok();
    let mut out = Vec::new();
    if !added.is_empty() {
        out.push(TermChange {
            term: "company_holidays".into(),
            kind: "company_holidays".into(),
            field: "dates".into(),
            description: format!("{label}に{}を追加", listed(&added)),
            old: None,
            new: json(&added),
            unfavourable: closes_on_them.then(|| "休業日が増えます".into()),
        });
    }
    if !removed.is_empty() {
        out.push(TermChange {
            term: "company_holidays".into(),
            kind: "company_holidays".into(),
            field: "dates".into(),
            description: format!("{label}から{}を削除", listed(&removed)),
            old: json(&removed),
            new: None,
            unfavourable: None,
        });
    }
    if a.label != b.label && a.label.is_some() && b.label.is_some() {
        out.push(TermChange {
            term: "company_holidays".into(),
            kind: "company_holidays".into(),
            field: "label".into(),
            description: format!(
                "会社の休日の名称: {} → {}",
                a.label.as_deref().unwrap_or_default(),
                b.label.as_deref().unwrap_or_default()
            ),
            old: a.label.clone().map(Value::from),
            new: b.label.clone().map(Value::from),
            unfavourable: None,
        });
    }
    out
}

/// What a description calls a term: its label, else the titles of the divisions that hold it
/// (報告項目(クライアント機能月間稼働率)の目標値), else its id.
fn display_name(spec: &Spec, t: &Term) -> String {
    if let Some(l) = &t.head().label {
        return l.clone();
    }
    let titles: Vec<String> = spec
        .term_divisions(t.id())
        .iter()
        .rev()
        .take(2)
        .filter_map(|d| d.title.clone())
        .collect();
    match titles.as_slice() {
        [inner, outer] => format!("{outer}の{inner}"),
        [one] => one.clone(),
        _ => t.id().to_string(),
    }
}

/// Closures whose wording differs, as (path, old, new) with the document's wording.
fn closure_changes(
    old: &Spec,
    ot: &Term,
    new: &Spec,
    nt: &Term,
) -> Vec<(String, Option<Value>, Option<Value>)> {
    let rules = |spec: &Spec, t: &Term| match t {
        Term::Hours(h) => Some((h.rules.clone(), h.company_holidays(spec).label.clone())),
        Term::Calendar(c) => Some((c.rules.clone(), spec.company_holidays.label.clone())),
        _ => None,
    };
    let (Some(a), Some(b)) = (rules(old, ot), rules(new, nt)) else {
        return Vec::new();
    };
    // One entry per closure (a closure of several weekdays reads 土曜日、日曜日), so that the
    // indexes match the model's and the verdicts of `unfavourable`.
    let words = |spec: &Spec, (r, company): &(CalendarRules, Option<String>)| -> Vec<String> {
        r.closed
            .iter()
            .map(|c| {
                crate::render::words::closures(
                    std::slice::from_ref(c),
                    &spec.parties.provider,
                    company.as_deref(),
                    &spec.style,
                )
                .join("、")
            })
            .collect()
    };
    let (wa, wb) = (words(old, &a), words(new, &b));
    let mut out = Vec::new();
    if wa.len() == wb.len() {
        for (i, (x, y)) in wa.iter().zip(&wb).enumerate() {
            if x != y {
                out.push((
                    format!("rules.closed[{i}]"),
                    Some(Value::String(x.clone())),
                    Some(Value::String(y.clone())),
                ));
            }
        }
    } else if wa != wb {
        out.push((
            "rules.closed".to_string(),
            Some(Value::String(wa.join("、"))),
            Some(Value::String(wb.join("、"))),
        ));
    }
    out
}

/// The excluded causes of an availability objective, by name, when they differ.
fn exclusion_changes(
    old: &Spec,
    ot: &Term,
    new: &Spec,
    nt: &Term,
) -> Vec<(String, Option<Value>, Option<Value>)> {
    let (Term::Availability(a), Term::Availability(b)) = (ot, nt) else {
        return Vec::new();
    };
    let names = |spec: &Spec, ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| match spec.term(id) {
                Some(t) => t.head().label.clone().unwrap_or_else(|| id.clone()),
                None => id.clone(),
            })
            .collect()
    };
    let (na, nb) = (names(old, &a.excludes), names(new, &b.excludes));
    if na == nb {
        return Vec::new();
    }
    vec![(
        "excludes".to_string(),
        Some(Value::String(na.join("、"))),
        Some(Value::String(nb.join("、"))),
    )]
}

/// Field paths in Japanese, for descriptions.
fn field_name(path: &str) -> String {
    let last = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or(path);
    let jp = match last {
        "start" => "開始",
        "end" => "終了",
        "overnight" => "翌日にまたがる",
        "windows" => "時間帯",
        "closed" => "休業日",
        "open_days" => "営業曜日",
        "open_dates" => "臨時営業日",
        "always" => "常時",
        "target" => "目標値",
        "period" => "期間",
        "measures" => "対象",
        "functions" => "対象機能",
        "audience" => "利用者",
        "formula" => "算出方法",
        "excludes" => "除外事由",
        "min_outage" => "最小障害時間",
        "rounding" => "端数処理",
        "interval" => "間隔",
        "notice" => "事前通知",
        "examples" => "例",
        "window" => "時間帯",
        "schedule" => "頻度",
        "stops" => "停止する機能",
        "channels" => "通知手段",
        "levels" => "重要度",
        "respond" => "初動対応目標",
        "resolve" => "解決目標",
        "notify" => "通知目標",
        "fee" => "対象料金",
        "tiers" => "減額段階",
        "below" => "基準値",
        "credit" => "減額率",
        "cap" => "上限",
        "claim" => "申請",
        "commitment" => "保証・目標の別",
        "bound" => "境界（以上・超）",
        "down_after" => "停止とみなす連続失敗回数",
        "truncate" => "停止時間の切り捨て単位",
        "form" => "補償の形態",
        "paid" => "適用時期",
        "minimum" => "最低額",
        "claim_via" => "申請方法",
        "evidence" => "申請に添える資料",
        "claim_includes" => "申請の記載事項",
        "down_after_within" => "連続失敗を数える時間",
        "covers" => "適用対象",
        "classified_by" => "重要度の判定基準",
        "not_covered" => "対象外",
        "down_when" => "停止の定義",
        "recorded_by" => "停止時間の根拠",
        "publish" => "実績の公開",
        "cadence" => "頻度",
        "emergency_exempt" => "緊急時の例外",
        "provider_fault" => "提供者の責による停止に限る",
        "review" => "申請の調査",
        "forfeit" => "期限後の申請は無効",
        "review_within" => "申請への回答期限",
        "sole_remedy" => "唯一の救済手段",
        "entire_liability" => "提供者の責任の範囲",
        "provider_schedules" => "実施日時は提供者が設定",
        "off_peak" => "利用の少ない時間帯に実施",
        "limit" => "保守時間の上限",
        "per" => "単位期間",
        "time" => "時間",
        "manned" => "有人監視",
        "after_incident" => "障害発生から起算",
        "update" => "経過報告の間隔",
        "description" => "内容",
        "within" => "目標時間",
        "every" => "間隔",
        "between" => "時間帯",
        "generations" => "世代数",
        "keeps" => "保存期間",
        "items" => "項目",
        "conditions" => "条件",
        "value" => "値",
        "label" => "名称",
        "amount" => "数量",
        "unit" => "単位",
        "name" => "名称",
        "type" => "種類",
        _ => return path.to_string(),
    };
    jp.to_string()
}

fn show(v: &Option<Value>) -> String {
    match v {
        None => "（なし）".into(),
        Some(Value::String(s)) => {
            // 09:00 reads 9:00, as documents write it.
            if s.len() == 5 && s.as_bytes()[2] == b':' && s.starts_with('0') {
                s[1..].to_string()
            } else {
                s.clone()
            }
        }
        Some(Value::Bool(true)) => "有り".into(),
        Some(Value::Bool(false)) => "なし".into(),
        Some(Value::Object(o)) if o.contains_key("amount") && o.contains_key("unit") => {
            let unit = o["unit"].as_str().and_then(|u| {
                Some(match u {
                    "seconds" => TimeUnit::Seconds,
                    "minutes" => TimeUnit::Minutes,
                    "hours" => TimeUnit::Hours,
                    "days" => TimeUnit::Days,
                    "weeks" => TimeUnit::Weeks,
                    "months" => TimeUnit::Months,
                    "years" => TimeUnit::Years,
                    "business_hours" => TimeUnit::BusinessHours,
                    "business_days" => TimeUnit::BusinessDays,
                    _ => return None,
                })
            });
            match (o["amount"].as_u64(), unit) {
                (Some(a), Some(u)) => crate::render::words::duration(Duration {
                    amount: a as u32,
                    unit: u,
                    approx: o.get("approx").and_then(Value::as_bool).unwrap_or(false),
                }),
                _ => Value::Object(o.clone()).to_string(),
            }
        }
        Some(other) => other.to_string(),
    }
}

/// Collects differing leaves. Arrays of objects with a `name` or `id` are matched by it;
/// other arrays by position when their lengths agree, else compared whole.
fn diff_values(
    path: &str,
    a: &Value,
    b: &Value,
    out: &mut Vec<(String, Option<Value>, Option<Value>)>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff_values(&join(k), p, q, out),
                    (p, q) if p != q => out.push((join(k), p.cloned(), q.cloned())),
                    _ => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let key_of = |v: &Value| -> Option<String> {
                let o = v.as_object()?;
                o.get("name")
                    .or_else(|| o.get("id"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if x.iter().chain(y).all(|v| key_of(v).is_some()) && !x.is_empty() && !y.is_empty() {
                for (i, p) in x.iter().enumerate() {
                    let k = key_of(p).expect("checked");
                    match y.iter().position(|q| key_of(q).as_deref() == Some(&k)) {
                        Some(j) => diff_values(&format!("{path}[{j}]"), p, &y[j], out),
                        None => out.push((format!("{path}[{i}]"), Some(p.clone()), None)),
                    }
                }
                for (j, q) in y.iter().enumerate() {
                    let k = key_of(q).expect("checked");
                    if !x.iter().any(|p| key_of(p).as_deref() == Some(&k)) {
                        out.push((format!("{path}[{j}]"), None, Some(q.clone())));
                    }
                }
            } else if x.len() == y.len() {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    diff_values(&format!("{path}[{i}]"), p, q, out);
                }
            } else {
                out.push((path.to_string(), Some(a.clone()), Some(b.clone())));
            }
        }
        _ if a != b => out.push((path.to_string(), Some(a.clone()), Some(b.clone()))),
        _ => {}
    }
}

fn longer(a: Option<Duration>, b: Option<Duration>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => b.nominal_seconds() > a.nominal_seconds(),
        (Some(_), None) => false,
        (None, Some(_)) => false,
        (None, None) => false,
    }
}

fn shorter(a: Option<Duration>, b: Option<Duration>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => b.nominal_seconds() < a.nominal_seconds(),
        (Some(_), None) => true,
        _ => false,
    }
}

/// Days of a year closed by a calendar's rules, counting annual closures by their length, for
/// comparing how much a change closes.
fn closed_weight(rules: &CalendarRules) -> u32 {
    let mut w = 0;
    for c in &rules.closed {
        w += match c {
            Closure::Weekdays { days } => 52 * days.len() as u32,
            Closure::NationalHolidays { .. } => 16,
            Closure::CompanyHolidays { .. } => 1,
            Closure::Date { .. } => 1,
            Closure::Annual { start, end, .. } => {
                let day_of = |md: MonthDay| {
                    jiff::civil::Date::new(2023, md.month, md.day.min(28))
                        .map(|d| d.day_of_year() as i32)
                        .unwrap_or(0)
                        + i32::from(md.day - md.day.min(28))
                };
                let (s, e) = (day_of(*start), day_of(*end));
                (if e >= s { e - s + 1 } else { 365 - s + e + 1 }) as u32
            }
        };
    }
    w
}

fn weekly_minutes(h: &Hours) -> u32 {
    h.rules.open_days.len() as u32 * h.windows.iter().map(|w| w.minutes()).sum::<u32>()
}

/// Field prefixes of `new` whose change is unfavourable to the customer, with the reason.
// One arm per kind reads better than guards spread over the match.
#[allow(clippy::collapsible_match)]
fn unfavourable(old: &Spec, ot: &Term, new: &Spec, nt: &Term) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut say = |field: &str, why: &str| v.push((field.to_string(), why.to_string()));
    match (ot, nt) {
        (Term::Hours(a), Term::Hours(b)) => {
            if a.always && !b.always {
                say("always", "常時対応ではなくなります");
            }
            if weekly_minutes(b) < weekly_minutes(a) {
                say("windows", "対応時間が短くなります");
            }
            if a.rules.closed.len() == b.rules.closed.len() {
                for (i, (x, y)) in a.rules.closed.iter().zip(&b.rules.closed).enumerate() {
                    let weight = |c: &Closure| {
                        closed_weight(&CalendarRules {
                            closed: vec![c.clone()],
                            ..CalendarRules::default()
                        })
                    };
                    if weight(y) > weight(x) {
                        say(&format!("rules.closed[{i}]"), "休業日が増えます");
                    }
                }
            } else if closed_weight(&b.rules) > closed_weight(&a.rules) {
                say("rules.closed", "休業日が増えます");
            }
            if b.rules.open_days.len() < a.rules.open_days.len() {
                say("rules.open_days", "営業曜日が減ります");
            }
        }
        (Term::Availability(a), Term::Availability(b)) => {
            if let (Some(x), Some(y)) = (a.target, b.target)
                && y < x
            {
                say("target", "目標値が下がります");
            }
            if a.target.is_some() && b.target.is_none() {
                say("target", "目標値がなくなります");
            }
            if a.commitment == Commitment::Guarantee && b.commitment == Commitment::Objective {
                say("commitment", "保証値が目標値に変わります");
            }
            if a.commitment != Commitment::Efforts && b.commitment == Commitment::Efforts {
                say("commitment", "稼働率が努力目標に変わります");
            }
            if a.target == b.target && a.bound == Bound::Inclusive && b.bound == Bound::Strict {
                say("bound", "目標の達成に必要な稼働率が上がります");
            }
            if a.down_after.unwrap_or(1) < b.down_after.unwrap_or(1) {
                say("down_after", "停止とみなすまでの連続失敗回数が増えます");
            }
            if longer(a.truncate, b.truncate) {
                say("truncate", "停止時間の切り捨て単位が大きくなります");
            }
            let widened = b.excludes.iter().any(|id| !a.excludes.contains(id))
                || b.excludes
                    .iter()
                    .any(|id| match (old.term(id), new.term(id)) {
                        (Some(Term::Exclusion(x)), Some(Term::Exclusion(y))) => {
                            shorter(x.notice, y.notice) || y.examples.len() > x.examples.len()
                        }
                        _ => false,
                    });
            if widened {
                say("excludes", "稼働率から除外する事由が広がります");
            }
            if longer(a.min_outage, b.min_outage) {
                say("min_outage", "障害とみなす最小時間が長くなります");
            }
        }
        (Term::Exclusion(a), Term::Exclusion(b)) => {
            if shorter(a.notice, b.notice) {
                say("notice", "事前通知の期間が短くなります");
            }
            if b.examples.len() > a.examples.len() {
                say("examples", "除外事由の例が増えます");
            }
        }
        (Term::Exclusions(a), Term::Exclusions(b)) => {
            if b.items.iter().any(|id| !a.items.contains(id)) {
                say("items", "適用外となる事由が増えます");
            }
        }
        (Term::Maintenance(a), Term::Maintenance(b)) => {
            if shorter(a.notice, b.notice) {
                say("notice", "事前通知の期間が短くなります");
            }
            if b.window.map(Window::minutes) > a.window.map(Window::minutes) {
                say("window", "メンテナンス時間が長くなります");
            }
            if b.stops.len() > a.stops.len() {
                say("stops", "停止する機能が増えます");
            }
        }
        (Term::Severities(a), Term::Severities(b)) => {
            for (i, lb) in b.levels.iter().enumerate() {
                if let Some(la) = a.levels.iter().find(|l| l.id == lb.id) {
                    for (name, x, y) in [
                        ("respond", la.respond, lb.respond),
                        ("resolve", la.resolve, lb.resolve),
                        ("notify", la.notify, lb.notify),
                    ] {
                        if longer(x, y) || (x.is_some() && y.is_none()) {
                            say(&format!("levels[{i}].{name}"), "目標時間が長くなります");
                        }
                    }
                    if longer(la.update, lb.update) || (la.update.is_some() && lb.update.is_none())
                    {
                        say(
                            &format!("levels[{i}].update"),
                            "経過報告の間隔が長くなります",
                        );
                    }
                }
            }
            if a.levels
                .iter()
                .any(|la| !b.levels.iter().any(|lb| lb.id == la.id))
            {
                say("levels", "重要度の区分がなくなります");
            }
        }
        (Term::Credit(a), Term::Credit(b)) => {
            let top = |c: &Credit| c.tiers.iter().map(|t| t.below).max();
            if top(b) < top(a) {
                say("tiers", "減額が適用される稼働率の基準が下がります");
            }
            for tb in &b.tiers {
                if let Some(ta) = a.tiers.iter().find(|t| t.below == tb.below)
                    && let (Some(x), Some(y)) = (ta.credit, tb.credit)
                    && y < x
                {
                    say("tiers", "減額率が下がります");
                }
            }
            if let (Some(x), Some(y)) = (a.cap, b.cap)
                && y < x
            {
                say("cap", "減額の上限が下がります");
            }
            if a.cap.is_none() && b.cap.is_some() {
                say("cap", "減額に上限が設けられます");
            }
            if a.minimum.is_none() && b.minimum.is_some() {
                say("minimum", "適用の最低額が設けられます");
            }
            if b.evidence.len() > a.evidence.len()
                || b.claim_includes.len() > a.claim_includes.len()
            {
                say("evidence", "申請に必要な資料や記載事項が増えます");
            }
            match (&a.claim, &b.claim) {
                (Some(Claim::Automatic), Some(c)) if *c != Claim::Automatic => {
                    say("claim", "減額に申請が必要になります")
                }
                (
                    Some(Claim::OnRequest),
                    Some(Claim::Within { .. } | Claim::ByDayOfNextMonth { .. }),
                ) => say("claim", "申請に期限が設けられます"),
                (
                    Some(Claim::Within {
                        duration: x,
                        after_incident: i,
                    }),
                    Some(Claim::Within {
                        duration: y,
                        after_incident: j,
                    }),
                ) if i == j && y.nominal_seconds() < x.nominal_seconds() => {
                    say("claim", "申請期限が短くなります")
                }
                (
                    Some(Claim::ByDayOfNextMonth { day: x }),
                    Some(Claim::ByDayOfNextMonth { day: y }),
                ) if y < x => say("claim", "申請期限が早くなります"),
                _ => {}
            }
        }
        (Term::Notification(a), Term::Notification(b)) => {
            if longer(Some(a.within), Some(b.within)) {
                say("within", "通知までの時間が長くなります");
            }
        }
        (Term::Monitoring(a), Term::Monitoring(b)) => {
            if a.always && !b.always {
                say("always", "常時監視ではなくなります");
            }
            if longer(a.interval, b.interval) {
                say("interval", "監視間隔が長くなります");
            }
            if b.checks.len() < a.checks.len() {
                say("checks", "監視項目が減ります");
            }
        }
        (Term::Backup(a), Term::Backup(b)) => {
            if longer(Some(a.every), Some(b.every)) {
                say("every", "バックアップの間隔が長くなります");
            }
            if let (Some(x), Some(y)) = (a.generations, b.generations)
                && y < x
            {
                say("generations", "保存世代数が減ります");
            }
            if shorter(a.keeps, b.keeps) {
                say("keeps", "保存期間が短くなります");
            }
        }
        (Term::Channels(a), Term::Channels(b)) => {
            if b.items.len() < a.items.len() {
                say("items", "連絡手段が減ります");
            }
        }
        (Term::AfterHours(a), Term::AfterHours(b)) => {
            if b.conditions.len() < a.conditions.len() {
                say("conditions", "時間外対応の対象が減ります");
            }
        }
        _ => {}
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrays_of_named_objects_match_by_name() {
        let a = json!({"closed": [{"name": "年末年始", "start": "12-29"}, {"type": "x", "name": "盆"}]});
        let b = json!({"closed": [{"name": "年末年始", "start": "12-28"}, {"type": "x", "name": "盆"}]});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, "closed[0].start");
    }
}
