//! The report as a Japanese document (Markdown, HTML with an SVG chart, PDF with the chart drawn
//! by Typst) or as JSON.
//!
//! Everything a template prints is prepared here as text — headlines, figures with their units,
//! the chart's geometry — so the templates (`templates/ja/report.{md,html,typ}.j2`, embedded,
//! overridable with `--templates DIR`) only lay it out and escape it.

use super::compute::{ObjectiveReport, Report};
use crate::render::pdf::PdfEngine;
use crate::render::{Format, RenderError, Templates};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown.
    Markdown,
    /// A standalone HTML page with an SVG chart.
    Html,
    /// Typst source of the PDF.
    Typst,
    /// PDF.
    Pdf,
    /// JSON: every figure and every record with the rule that decided it.
    Json,
}

/// Options of a rendering.
#[derive(Debug, Clone, Default)]
pub struct DocOptions {
    /// The percent sign (the spec's style).
    pub percent: String,
    /// The template override directory.
    pub templates: Option<PathBuf>,
    /// Extra fonts for the PDF.
    pub font_paths: Vec<PathBuf>,
    /// The document date (the PDF's creation date): the day after the last month by default.
    pub date: Option<jiff::civil::Date>,
}

/// Renders a report.
pub fn render(
    report: &Report,
    format: ReportFormat,
    options: &DocOptions,
) -> Result<Vec<u8>, RenderError> {
    if format == ReportFormat::Json {
        let mut s = serde_json::to_string_pretty(report).map_err(|e| RenderError::Template {
            file: "report.json".into(),
            message: e.to_string(),
        })?;
        s.push('\n');
        return Ok(s.into_bytes());
    }
    let templates = Templates::load(options.templates.as_deref())?;
    let page = page(report, &options.percent);
    match format {
        ReportFormat::Markdown => Ok(templates
            .render_report(Format::Markdown, &page)?
            .into_bytes()),
        ReportFormat::Html => Ok(templates.render_report(Format::Html, &page)?.into_bytes()),
        ReportFormat::Typst => Ok(templates.render_report(Format::Typst, &page)?.into_bytes()),
        ReportFormat::Pdf | ReportFormat::Json => {
            let source = templates.render_report(Format::Typst, &page)?;
            let engine =
                PdfEngine::new(&options.font_paths).map_err(|e| RenderError::Pdf(e.to_string()))?;
            let date = options.date.unwrap_or_else(|| document_date(report));
            Ok(engine.compile(&source, date)?)
        }
    }
}

/// The first day after the last month reported: a report is written once its months are over.
pub fn document_date(report: &Report) -> jiff::civil::Date {
    report
        .months
        .last()
        .and_then(|m| {
            m.month
                .parse::<jiff::civil::Date>()
                .ok()
                .or_else(|| format!("{}-01", m.month).parse::<jiff::civil::Date>().ok())
        })
        .and_then(|d| d.last_of_month().tomorrow().ok())
        .unwrap_or(jiff::civil::date(2000, 1, 1))
}

/// What the templates get.
#[derive(Serialize)]
struct Page<'a> {
    title: String,
    lead: String,
    /// A summary table, when the report covers several months.
    summary: Vec<SummaryRow>,
    months: Vec<PageMonth<'a>>,
    percent: String,
}

#[derive(Serialize)]
struct SummaryRow {
    month: String,
    name: String,
    availability: String,
    target: String,
    result: String,
    credit: String,
}

#[derive(Serialize)]
struct PageMonth<'a> {
    label: String,
    period: String,
    objectives: Vec<PageObjective<'a>>,
}

#[derive(Serialize)]
struct PageObjective<'a> {
    o: &'a ObjectiveReport,
    headline: String,
    verdict: String,
    figures: Vec<(String, String)>,
    excluded_rules: Vec<(String, String)>,
    records: Vec<PageRecord>,
    /// When the list is left out: how many records there are.
    records_note: String,
    chart: Chart,
    /// The chart as SVG markup (for HTML; built here from numbers only, so it is safe).
    svg: String,
}

#[derive(Serialize)]
struct PageRecord {
    /// The log's line, or 「―」 for down time measured by the monitoring.
    line: String,
    when: String,
    kind: String,
    notified: String,
    counted: String,
    excluded: String,
    reason: String,
    note: String,
}

/// The daily chart's geometry, in points, for Typst.
#[derive(Serialize)]
struct Chart {
    width: f64,
    height: f64,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    labels: Vec<(f64, String)>,
    caption: String,
    empty: bool,
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    w: f64,
    /// Down part: from the baseline up.
    down: f64,
    /// Excluded part: above the down part.
    excluded: f64,
}

#[derive(Serialize)]
struct Tick {
    y: f64,
    label: String,
}

/// Minutes as the report writes them: 「1,234分」「12.5分」.
pub fn minutes_text(m: f64) -> String {
    let hundredths = (m * 100.0).round() as i64;
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    let mut s = group(whole);
    if frac != 0 {
        let f = format!("{frac:02}");
        let _ = write!(s, ".{}", f.trim_end_matches('0'));
    }
    s.push('分');
    s
}

fn group(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn page<'a>(report: &'a Report, pct: &str) -> Page<'a> {
    let first = report
        .months
        .first()
        .map(|m| m.label.clone())
        .unwrap_or_default();
    let last = report
        .months
        .last()
        .map(|m| m.label.clone())
        .unwrap_or_default();
    let span = if first == last {
        first
    } else {
        format!("{first}～{last}")
    };
    let title = format!("{} 月間稼働率報告書（{span}）", report.service);
    let records = match &report.measured {
        None => format!(
            "停止の記録は「{}」（{}件）によります。",
            report.source,
            group(report.records_in_log as i64)
        ),
        Some(m) => {
            let mut s = format!(
                "停止時間は、Prometheus（{}）の計測値を{}ごとに照会して求めました。",
                m.prometheus,
                step_text(m.step_seconds)
            );
            if !report.source.is_empty() {
                s.push_str(&format!(
                    "計画停止などの記録は「{}」（{}件）によります。",
                    report.source,
                    group(report.records_in_log as i64)
                ));
            }
            s
        }
    };
    let lead = format!(
        "{}（{}改定）に定める算出方法により、{}の月間稼働率とサービスクレジットを報告します。{records}時刻は{}の時刻です。",
        report.title,
        revision_label(&report.revised),
        span,
        zone_label(&report.timezone)
    );
    let mut summary = Vec::new();
    let mut months = Vec::new();
    for m in &report.months {
        let mut objectives = Vec::new();
        for o in &m.objectives {
            let value = format!("{}{pct}", o.availability_text);
            let target = o
                .target_text
                .clone()
                .map(|t| format!("目標{t}"))
                .unwrap_or_else(|| "目標値の定めなし".into());
            let headline = format!("{}の{}：{value}（{target}）", m.label, o.name);
            let verdict = match o.met {
                Some(true) => "目標を達成しました。".to_string(),
                Some(false) => "目標を下回りました。".to_string(),
                None if o.target.is_some() => {
                    "目標は月間ではないため、達成の判定は行いません。".into()
                }
                None => "目標値の定めがないため、稼働率のみを報告します。".to_string(),
            };
            let credit_cell = match &o.credit {
                Some(c) if c.owed => match (c.share, c.amount_yen) {
                    (Some(s), Some(y)) => format!("{s}{pct}（{}円）", group(y as i64)),
                    (Some(s), None) => format!("{s}{pct}"),
                    (None, _) => "割引".into(),
                },
                Some(_) => "なし".into(),
                None => "―".into(),
            };
            summary.push(SummaryRow {
                month: m.label.clone(),
                name: o.name.clone(),
                availability: value.clone(),
                target: o.target_text.clone().unwrap_or_else(|| "―".into()),
                result: match o.met {
                    Some(true) => "達成".into(),
                    Some(false) => "未達".into(),
                    None => "―".into(),
                },
                credit: credit_cell,
            });
            let mut figures = vec![
                (
                    if o.formula.contains("内の時間") {
                        "当月の対象時間".to_string()
                    } else {
                        "当月の日数×24×60".to_string()
                    },
                    minutes_text(o.period_minutes),
                ),
                ("除外時間".into(), minutes_text(o.excluded_minutes)),
                ("サービス提供時間".into(), minutes_text(o.provided_minutes)),
                ("停止時間".into(), minutes_text(o.down_minutes)),
                ("稼働率".into(), value.clone()),
            ];
            if let Some(t) = &o.target_text {
                figures.push(("目標".into(), t.clone()));
            }
            let excluded_rules = o
                .excluded_by_rule
                .iter()
                .map(|r| (r.label.clone(), minutes_text(r.minutes)))
                .collect();
            let records_note = match (&o.records, o.record_count) {
                (None, n) if n > 0 => format!(
                    "当月にかかる停止の記録は{}件です（一覧は省略しています）。",
                    group(n as i64)
                ),
                _ => String::new(),
            };
            let records = o
                .records
                .iter()
                .flatten()
                .map(|r| PageRecord {
                    line: if r.line > 0 {
                        r.line.to_string()
                    } else {
                        "―".into()
                    },
                    when: r.when.clone(),
                    kind: r.kind_label.clone(),
                    notified: r
                        .notified_at
                        .as_deref()
                        .map(short_time)
                        .unwrap_or_else(|| "―".into()),
                    counted: minutes_text(r.counted_minutes),
                    excluded: minutes_text(r.excluded_minutes),
                    reason: r.reason.clone(),
                    note: match (&r.note, r.line) {
                        (Some(n), _) => n.clone(),
                        (None, 0) => "監視の計測値による停止".into(),
                        (None, _) => String::new(),
                    },
                })
                .collect();
            let chart = chart(o, &m.label);
            let svg = svg(&chart);
            objectives.push(PageObjective {
                o,
                headline,
                verdict,
                figures,
                excluded_rules,
                records,
                records_note,
                chart,
                svg,
            });
        }
        months.push(PageMonth {
            label: m.label.clone(),
            period: format!("{}1日～{}日（{}日間）", m.label, m.days, m.days),
            objectives,
        });
    }
    Page {
        title,
        lead,
        summary: if report.months.len() > 1 {
            summary
        } else {
            Vec::new()
        },
        months,
        percent: pct.to_string(),
    }
}

fn revision_label(r: &str) -> String {
    let parts: Vec<&str> = r.split('-').collect();
    match parts.as_slice() {
        [y, m] => format!("{y}年{}月", m.trim_start_matches('0')),
        [y, m, d] => format!(
            "{y}年{}月{}日",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => r.to_string(),
    }
}

/// 「1分」「15秒」「1分30秒」.
fn step_text(seconds: i64) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}秒"),
        (m, 0) => format!("{m}分"),
        (m, s) => format!("{m}分{s}秒"),
    }
}

fn zone_label(tz: &str) -> String {
    if tz == "Asia/Tokyo" {
        "日本時間（Asia/Tokyo）".into()
    } else {
        tz.to_string()
    }
}

/// `2026-09-21T10:00:00+09:00` → 9/21 10:00.
fn short_time(t: &str) -> String {
    let (date, rest) = t.split_once('T').unwrap_or((t, ""));
    let mut d = date.split('-').skip(1).map(|p| p.trim_start_matches('0'));
    let (m, day) = (d.next().unwrap_or(""), d.next().unwrap_or(""));
    let hm = rest.get(0..5).unwrap_or("");
    let hm = hm.strip_prefix('0').unwrap_or(hm);
    format!("{m}/{day} {hm}")
}

const CHART_W: f64 = 480.0;
const CHART_H: f64 = 150.0;
const CHART_LEFT: f64 = 40.0;
const CHART_BOTTOM: f64 = 18.0;

fn chart(o: &ObjectiveReport, label: &str) -> Chart {
    let max = o
        .daily
        .iter()
        .map(|d| d.down_minutes + d.excluded_minutes)
        .fold(0.0f64, f64::max);
    let step = nice_step(max);
    let top = if max <= 0.0 {
        step * 4.0
    } else {
        (max / step).ceil() * step
    };
    let plot_w = CHART_W - CHART_LEFT - 8.0;
    let plot_h = CHART_H - CHART_BOTTOM - 8.0;
    let n = o.daily.len().max(1) as f64;
    let slot = plot_w / n;
    let scale = plot_h / top;
    let bars = o
        .daily
        .iter()
        .enumerate()
        .map(|(i, d)| Bar {
            x: round2(CHART_LEFT + i as f64 * slot + slot * 0.15),
            w: round2(slot * 0.7),
            down: round2(d.down_minutes * scale),
            excluded: round2(d.excluded_minutes * scale),
        })
        .collect();
    let mut ticks = Vec::new();
    let mut v = 0.0;
    while v <= top + 1e-9 {
        ticks.push(Tick {
            y: round2(v * scale),
            label: minutes_text(v).trim_end_matches('分').to_string(),
        });
        v += step;
    }
    let labels = o
        .daily
        .iter()
        .enumerate()
        .filter(|(i, d)| *i == 0 || d.day % 5 == 0)
        .map(|(i, d)| {
            (
                round2(CHART_LEFT + (i as f64 + 0.5) * slot),
                d.day.to_string(),
            )
        })
        .collect();
    Chart {
        width: CHART_W,
        height: CHART_H,
        bars,
        ticks,
        labels,
        caption: format!("{label}の日別停止時間（分）"),
        empty: max <= 0.0,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A step of 1, 2 or 5 × 10^k giving at most five ticks.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 15.0;
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw {
            return (m * mag).max(1.0);
        }
    }
    10.0 * mag
}

/// The chart as an SVG element (numbers and fixed words only).
fn svg(c: &Chart) -> String {
    let base = c.height - CHART_BOTTOM;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{cap}"><title>{cap}</title>"#,
        w = c.width,
        h = c.height,
        cap = c.caption
    );
    for t in &c.ticks {
        let y = round2(base - t.y);
        let _ = write!(
            s,
            r##"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="#ddd" stroke-width="0.5"/><text x="{tx}" y="{ty}" font-size="8" text-anchor="end" fill="#555">{lab}</text>"##,
            l = CHART_LEFT,
            r = c.width - 8.0,
            tx = CHART_LEFT - 4.0,
            ty = round2(y + 3.0),
            lab = t.label
        );
    }
    for b in &c.bars {
        if b.down > 0.0 {
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#c0392b"/>"##,
                b.x,
                round2(base - b.down),
                b.w,
                b.down
            );
        }
        if b.excluded > 0.0 {
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#a6a6a6"/>"##,
                b.x,
                round2(base - b.down - b.excluded),
                b.w,
                b.excluded
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{l}" y1="{base}" x2="{r}" y2="{base}" stroke="#333" stroke-width="0.8"/>"##,
        l = CHART_LEFT,
        r = c.width - 8.0
    );
    for (x, lab) in &c.labels {
        let _ = write!(
            s,
            r##"<text x="{x}" y="{y}" font-size="8" text-anchor="middle" fill="#333">{lab}</text>"##,
            y = round2(base + 11.0)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_as_written() {
        assert_eq!(minutes_text(44_640.0), "44,640分");
        assert_eq!(minutes_text(12.5), "12.5分");
        assert_eq!(minutes_text(0.25), "0.25分");
        assert_eq!(minutes_text(0.0), "0分");
        assert_eq!(short_time("2026-09-21T10:00:00+09:00"), "9/21 10:00");
        assert_eq!(nice_step(100.0), 50.0);
        assert_eq!(nice_step(3.0), 1.0);
    }
}
