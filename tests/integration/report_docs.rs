//! `slagen report` as HTML (checked by the Nu Html Checker, with its SVG chart) and as PDF
//! (fonts embedded, text extracted back, chart drawn, deterministic bytes).

use crate::common::*;
use crate::render_common::{pdf_text, poppler, squash, vnu_errors};
use std::path::PathBuf;

fn args(format: &str, out: &std::path::Path, month: &str) -> Vec<String> {
    vec![
        "report".into(),
        root().join("specs/calltree.sla").display().to_string(),
        "--month".into(),
        month.into(),
        "--outages".into(),
        root()
            .join("specs/outages/calltree-2026-10.csv")
            .display()
            .to_string(),
        "--format".into(),
        format.into(),
        "-o".into(),
        out.display().to_string(),
    ]
}

#[test]
fn html_report_passes_the_nu_checker_and_draws_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for month in ["2026-10", "2026-10..2026-12"] {
        let out = dir.path().join(format!("r{}.html", files.len()));
        let run = slagen(&args("html", &out, month));
        assert_eq!(run.code, 0, "{}", run.stderr);
        files.push(out);
    }
    let html = std::fs::read_to_string(&files[0]).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("2026年10月の月間稼働率（目標運用値）：99.67％（目標98％以上）"));
    // One bar for each day with down time (6, 9, 15, 31 have counted minutes) in red.
    assert_eq!(html.matches("fill=\"#c0392b\"").count(), 3, "{html}");
    assert!(html.contains("<svg class=\"chart\""));
    let several = std::fs::read_to_string(&files[1]).unwrap();
    assert!(several.contains("<h2>概要</h2>"));
    assert_eq!(several.matches("<svg class=\"chart\"").count(), 3);
    let errors = vnu_errors(&files);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn pdf_report_embeds_fonts_reads_back_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for out in [&a, &b] {
        let run = slagen(&args("pdf", out, "2026-10"));
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let pdf = std::fs::read(&a).unwrap();
    assert_eq!(pdf, std::fs::read(&b).unwrap(), "byte-identical");
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(
        fonts.contains("IPAexGothic") && fonts.contains("IPAexMincho"),
        "{fonts}"
    );
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes "), "a font is not embedded: {line}");
    }
    let text = squash(&pdf_text(&pdf));
    for expected in [
        "CALLTREE月間稼働率報告書（2026年10月）",
        "2026年10月の月間稼働率（目標運用値）：99.67％（目標98％以上）",
        "目標を達成しました。",
        "2026年10月の日別停止時間（分）",
        "145分",
        "稼働率が98％を下回っていないため、サービスクレジットの対象ではありません。",
    ] {
        assert!(text.contains(&squash(expected)), "{expected} not in {text}");
    }
    // The Typst source draws the bars (3 days with counted minutes, 4 with excluded minutes).
    let typ = dir.path().join("r.typ");
    let run = slagen(&args("typst", &typ, "2026-10"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let source = std::fs::read_to_string(&typ).unwrap();
    assert_eq!(
        source
            .matches("fill: rgb(\"#c0392b\"), stroke: none")
            .count(),
        3
    );
    assert_eq!(
        source
            .matches("fill: rgb(\"#a6a6a6\"), stroke: none")
            .count(),
        4
    );
}
