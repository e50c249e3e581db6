//! Hover: what the document will say. On a term, the Japanese the document prints for it (the
//! render code and the spec's `wording`); on a division, its generated heading; on a date, its
//! weekday and what it is on the spec's calendar (national holiday with its name, closure or
//! business day); on a severity level or one of its targets, an example deadline computed as
//! `slagen deadline` computes it.

use crate::calendar::business::{self, ServiceHours};
use crate::calendar::days::{BusinessCalendar, DayStatus};
use crate::calendar::holidays;
use crate::model::{Block, Division, DivisionKind, Duration, Severities, Severity, Spec, Term};
use crate::render::escape_markdown;
use crate::render::layout::{self, Renderer};
use crate::render::wording::Wording;
use crate::syntax::Kind;
use crate::syntax::cst::{SyntaxKind, SyntaxNode, SyntaxToken};
use jiff::civil::Date;

/// The instant example deadlines start from: a Friday evening before the year-end closure,
/// where business days and holidays matter most. Fixed, so that a hover is the same on every
/// machine and every day.
pub const EXAMPLE_START: &str = "2026-12-25T17:30";

/// The model a hover reads, and whether it is of an earlier version of the text (the current
/// one has errors).
pub struct Model<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// True when it is the last version of the document without errors.
    pub stale: bool,
}

/// The Markdown of a hover on a declared or referred id.
pub fn on_id(model: Option<&Model<'_>>, id: &str, kind: Option<Kind>) -> Option<String> {
    let Some(m) = model else {
        return kind.map(|k| format!("`{}` {id}: {}", k.keyword(), k.noun()));
    };
    let spec = m.spec;
    let mut out = if let Some(term) = spec.term(id) {
        term_hover(spec, term)?
    } else if let Some(d) = find_division(&spec.document, id) {
        let (_, heading) = layout::heading(&spec.style, d);
        let keyword = match d.kind {
            DivisionKind::Chapter => "chapter",
            DivisionKind::Section => "section",
            DivisionKind::Clause => "clause",
        };
        format!("**{}**\n\n`{keyword}` {id}", escape_markdown(&heading))
    } else if let Some((sevs, level)) = find_level(spec, id) {
        level_hover(spec, sevs, level, None)
    } else {
        return None;
    };
    if m.stale {
        out.push_str("\n\n_(as of the last version without errors)_");
    }
    Some(out)
}

/// A term: its kind, id and label, then the lines the document prints where it is declared.
fn term_hover(spec: &Spec, term: &Term) -> Option<String> {
    let words = Wording::embedded();
    let renderer = Renderer {
        spec,
        words: &words,
        date: None,
    };
    let head = term.head();
    let mut out = format!("`{}` **{}**", term.kind().keyword(), head.id);
    if let Some(l) = &head.label {
        out.push_str(&format!("「{}」", escape_markdown(l)));
    }
    match renderer.term(term) {
        Ok(nodes) if !nodes.is_empty() => {
            let mut lines = Vec::new();
            for n in &nodes {
                n.lines(&mut lines);
            }
            out.push_str("\n\n");
            out.push_str(&quote(&lines));
        }
        Ok(_) => out.push_str("\n\n(data only: it prints no text where it is declared)"),
        Err(e) => out.push_str(&format!("\n\ncannot be worded: {e}")),
    }
    Some(out)
}

/// Lines as a Markdown block quote, escaped.
fn quote(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("> {}", escape_markdown(l)))
        .collect::<Vec<_>>()
        .join("\n>\n")
}

fn find_division<'a>(blocks: &'a [Block], id: &str) -> Option<&'a Division> {
    for b in blocks {
        if let Block::Division(d) = b {
            if d.id == id {
                return Some(d);
            }
            if let Some(found) = find_division(&d.blocks, id) {
                return Some(found);
            }
        }
    }
    None
}

/// Every division of a spec by id, with its generated number and heading (for the outline).
pub fn headings(spec: &Spec) -> std::collections::HashMap<String, (String, String)> {
    fn walk(
        spec: &Spec,
        blocks: &[Block],
        out: &mut std::collections::HashMap<String, (String, String)>,
    ) {
        for b in blocks {
            if let Block::Division(d) = b {
                out.insert(d.id.clone(), layout::heading(&spec.style, d));
                walk(spec, &d.blocks, out);
            }
        }
    }
    let mut out = std::collections::HashMap::new();
    walk(spec, &spec.document, &mut out);
    out
}

fn find_level<'a>(spec: &'a Spec, id: &str) -> Option<(&'a Severities, &'a Severity)> {
    spec.terms.iter().find_map(|t| match t {
        Term::Severities(s) => s.levels.iter().find(|l| l.id == id).map(|l| (s, l)),
        _ => None,
    })
}

/// A severity level: each target with an example deadline (only `only` when given).
fn level_hover(spec: &Spec, sevs: &Severities, level: &Severity, only: Option<&str>) -> String {
    let mut out = format!(
        "`severity` **{}**「{}」",
        level.id,
        escape_markdown(&level.name)
    );
    for (field, name, d) in [
        ("respond", "初動対応", level.respond),
        ("resolve", "解決", level.resolve),
        ("notify", "通知", level.notify),
    ] {
        let Some(d) = d else { continue };
        if only.is_some_and(|o| o != field) {
            continue;
        }
        let hours = level.hours.as_deref().or(sevs.hours.as_deref());
        out.push_str(&format!(
            "\n\n{name}（{field} {}）: {}",
            crate::render::words::duration(d),
            example_deadline(spec, hours, d)
        ));
    }
    out
}

/// 「例：2026-12-25 17:30 に受付 → 2027-01-06 19:00 まで」, or why there is none.
pub fn example_deadline(spec: &Spec, hours: Option<&str>, d: Duration) -> String {
    let tz = match business::time_zone(spec) {
        Ok(tz) => tz,
        Err(e) => return format!("例を計算できません（{e}）"),
    };
    let Some(from) = business::parse_instant(EXAMPLE_START, &tz) else {
        return "例を計算できません".into();
    };
    let deadline = if d.unit.is_business() {
        let Some(hours) = hours else {
            return "例を計算できません（営業時間の指定がありません）".into();
        };
        ServiceHours::from_spec(spec, hours).and_then(|h| h.add(from, d))
    } else {
        business::add_clock(&tz, from, d)
    };
    let show = |t: jiff::Timestamp| {
        t.to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    match deadline {
        Ok(t) => format!("例：{} に受付 → {} まで", show(from), show(t)),
        Err(e) => format!("例を計算できません（{e}）"),
    }
}

/// The Markdown of a hover on a severity target statement (`resolve 2 business_days` inside a
/// `severity`).
pub fn on_target(model: &Model<'_>, stmt: &SyntaxNode) -> Option<String> {
    let SyntaxKind::Stmt(kind @ (Kind::Respond | Kind::Resolve | Kind::Notify)) = stmt.kind()
    else {
        return None;
    };
    let level = stmt
        .ancestors()
        .find(|n| n.kind() == SyntaxKind::Stmt(Kind::Severity))?;
    let id = level
        .children()
        .find(|n| n.kind() == SyntaxKind::Name)?
        .text()
        .to_string();
    let (sevs, level) = find_level(model.spec, &id)?;
    Some(level_hover(model.spec, sevs, level, Some(kind.keyword())))
}

/// The Markdown of a hover on a date token: weekday, national holiday, and the day on the
/// spec's default calendar (see [`business::default_calendar`]).
pub fn on_date(model: Option<&Model<'_>>, token: &SyntaxToken) -> Option<String> {
    let date: Date = token.text().parse().ok()?;
    let weekday =
        ["月", "火", "水", "木", "金", "土", "日"][date.weekday().to_monday_zero_offset() as usize];
    let mut out = format!("**{date}（{weekday}）**");
    match holidays::holiday(date) {
        Some(name) => out.push_str(&format!("\n\n国民の祝日：{name}")),
        None => out.push_str("\n\n国民の祝日ではありません"),
    }
    if holidays::is_projection(date.year()) {
        out.push_str(&format!(
            "（{}年以降の祝日は法律からの推定です）",
            holidays::PUBLISHED_THROUGH + 1
        ));
    }
    if let Some(m) = model
        && let Ok(id) = business::default_calendar(m.spec)
        && let Some(cal) = calendar_of(m.spec, &id)
        && let Ok(status) = cal.status(date)
    {
        let label = m
            .spec
            .term(&id)
            .and_then(|t| t.head().label.clone())
            .map(|l| format!("「{l}」"))
            .unwrap_or_default();
        let what = match &status {
            DayStatus::Open { overrides, .. } if overrides.is_empty() => "営業日".to_string(),
            DayStatus::Open { name, overrides } => format!(
                "営業日（{}、{}による）",
                name.unwrap_or("臨時営業日"),
                overrides
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            DayStatus::Closed(reasons) => format!(
                "休業日：{}",
                reasons
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        };
        out.push_str(&format!("\n\n{id}{label}：{}", escape_markdown(&what)));
    }
    Some(out)
}

/// The business calendar of a `calendar` or `hours` term.
fn calendar_of(spec: &Spec, id: &str) -> Option<BusinessCalendar> {
    match spec.term(id)? {
        Term::Calendar(c) => Some(
            BusinessCalendar::from_rules(&c.rules, &spec.company_holidays)
                .in_time_zone(&crate::calendar::business::time_zone(spec).ok()?),
        ),
        Term::Hours(_) => ServiceHours::from_spec(spec, id)
            .ok()
            .map(|h| h.calendar().clone()),
        _ => None,
    }
}
