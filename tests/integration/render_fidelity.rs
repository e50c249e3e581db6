//! Fidelity to the seed: `specs/calltree.sla` rendered to Markdown and to PDF carries the lines
//! of the published CALLTREE SLA (`tests/fixtures/seeds/004_3497a41d949f4885.txt`, a text
//! extraction of the published PDF, copied from the shared seeds so the test runs on a machine
//! that has only the project).
//!
//! Each substantive (non-blank) seed line and the rendered text are normalised the same way —
//! Unicode NFKC, then every whitespace character removed — so full-width digits and colons,
//! spaced digits (「9 8 ％」), and the seed's line wrapping in the middle of sentences do not
//! matter; a line is found when it is a substring of the whole rendered text. The lines that are
//! not found are listed below with the reason; the test fails if any other line goes missing,
//! and also if a listed line starts to be found (then it must leave the list).

use crate::render_common::*;

const SEED: &str = include_str!("../fixtures/seeds/004_3497a41d949f4885.txt");

/// Seed lines the rendering words differently, and why. Compared after normalisation.
const EXCEPTIONS: &[(&str, &str)] = &[
    // The severities are a typed term rendered as a table (重要度 | 解決目標時間 | 事象の例), as the
    // issue asks; the seed's PDF laid them out as 「緊急：２時間以内 …」 lines. The rendered row
    // reads 「緊急 2時間以内 ログインができない、発信、受信できないなど」: same content, no 「：」.
    (
        "緊急：２時間以内 ログインができない、発信、受信できないなど",
        "severity table row",
    ),
    (
        "重度：４時間以内 一部のボタンが押せない、動作が遅いなど",
        "severity table row",
    ),
    (
        "軽度：２営業日以内 一部の履歴や、録音が確認できないなど",
        "severity table row",
    ),
    // The recommended bandwidth tiers are a typed term rendered as a table (区分 | ダウンロード |
    // アップロード); the seed repeats 「ダウンロード」「アップロード」 in every line instead.
    (
        "最低ライン：ダウンロード  10～20Mbps、アップロード 1～5Mbps",
        "network tier table row",
    ),
    (
        "普通：ダウンロード  20～30Mbps、アップロード  5～15Mbps",
        "network tier table row",
    ),
    (
        "良：ダウンロード 30～100 Mbps、アップロード 15～30Mbps",
        "network tier table row",
    ),
    (
        "理想：ダウンロード 100Mbps～、アップロード 30Mbps～",
        "network tier table row",
    ),
    // 改定日 is in the title block at the top (issue 14: one 改定日, in a title block), written
    // 2024年5月 as a Japanese document writes it; the seed prints it at the end, padded.
    (
        "ます。改定日 2024 年 05 月",
        "revision date in the title block",
    ),
];

/// The substantive seed lines.
fn seed_lines() -> Vec<&'static str> {
    SEED.lines().filter(|l| !squash(l).is_empty()).collect()
}

/// (share found, lines not found) of the seed in a rendered text.
fn measure(rendered: &str) -> (f64, Vec<&'static str>) {
    let text = squash(rendered);
    let lines = seed_lines();
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !text.contains(&squash(l)))
        .collect();
    let share = (lines.len() - missing.len()) as f64 / lines.len() as f64;
    (share, missing)
}

/// Requires the lines not found to be exactly the listed exceptions.
fn assert_only_exceptions(format: &str, share: f64, missing: &[&str]) {
    let expected: Vec<String> = EXCEPTIONS.iter().map(|(l, _)| squash(l)).collect();
    let unexpected: Vec<&&str> = missing
        .iter()
        .filter(|l| !expected.contains(&squash(l)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{format}: seed lines missing from the rendering: {unexpected:#?}"
    );
    let missing: Vec<String> = missing.iter().map(|l| squash(l)).collect();
    let found_now: Vec<&(&str, &str)> = EXCEPTIONS
        .iter()
        .filter(|(l, _)| !missing.contains(&squash(l)))
        .collect();
    assert!(
        found_now.is_empty(),
        "{format}: these exceptions are now rendered as in the seed; remove them from the list: {found_now:#?}"
    );
    let n = seed_lines().len();
    eprintln!(
        "fidelity {format}: {} of {n} seed lines ({:.1}%)",
        n - missing.len(),
        share * 100.0
    );
    // 126 of 134 lines: the listed exceptions are all that is missing.
    assert!(share >= 0.94, "{format}: {share}");
}

#[test]
fn the_seed_and_its_exceptions_are_what_this_test_assumes() {
    let lines = seed_lines();
    assert_eq!(lines.len(), 134, "substantive lines of the seed");
    for (line, why) in EXCEPTIONS {
        assert!(
            lines.iter().any(|l| squash(l) == squash(line)),
            "not a seed line: {line} ({why})"
        );
    }
}

#[test]
fn calltree_markdown_carries_the_seed_lines() {
    let md = render_ok(&spec("calltree.sla"), "md", &[]);
    // The text a reader sees: pulldown-cmark's text events (escapes resolved, table cells of a
    // row on one line).
    let (share, missing) = measure(&md_text(&md));
    assert_only_exceptions("Markdown", share, &missing);
}

#[test]
fn calltree_pdf_carries_the_seed_lines() {
    let pdf = render_pdf(&spec("calltree.sla"), &[]);
    // pdftotext -layout: a table row stays on one line, as in the seed's own extraction.
    let (share, missing) = measure(&pdf_text(&pdf));
    assert_only_exceptions("PDF", share, &missing);
}
