//! Bounded cost on pathological specs (issue 15, item 6): the severity-order warning is one a
//! level, not one a pair; a chain of local hours aliases resolves in one pass; a long source
//! line is shown as a window around the column; repeated diagnostics are capped with a count.

use crate::common::{minimal, slagen_in, temp_spec};
use crate::support::parse_diags;
use std::time::{Duration, Instant};
use typst::syntax::SyntaxKind;

/// A severities block of `n` levels in which every level is looser than every less severe one
/// (the worst case: every pair is out of order).
fn reversed_levels(n: usize) -> String {
    let levels: String = (1..=n)
        .map(|i| {
            format!(
                "    severity p{i} \"L{i}\" {{ respond {}h resolve {}h }}\n",
                n + 1 - i,
                2 * n - i
            )
        })
        .collect();
    minimal(&format!("  severities s {{\n{levels}  }}"))
}

#[test]
fn w0401_is_one_warning_a_level_naming_the_tightest_less_severe_one() {
    let (dir, _) = temp_spec(&reversed_levels(4));
    let run = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    let diags = parse_diags(&run.stderr);
    // p1..p3 are each looser than p4 (and than each other): one warning each and target.
    assert_eq!(diags.len(), 6, "{}", run.stderr);
    for d in &diags {
        assert!(
            d.message.contains("looser than that of L4"),
            "{}",
            d.message
        );
    }
}

#[test]
fn three_hundred_levels_out_of_order_give_a_few_lines() {
    let (dir, _) = temp_spec(&reversed_levels(300));
    let json = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    // Two targets, 299 levels each looser than a less severe one (45,000 pairs before).
    assert_eq!(parse_diags(&json.stderr).len(), 2 * 299);
    let human = slagen_in(dir.path(), &["check", "spec.sla"], None);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(
        human.stderr.contains("… and 588 more W0401 in spec.sla"),
        "{}",
        human.stderr
    );
    assert_eq!(human.stderr.matches("warning[W0401]").count(), 10);
    assert!(human.stderr.len() < 20_000, "{} bytes", human.stderr.len());
}

#[test]
fn a_chain_of_three_thousand_hours_aliases_resolves_in_one_pass() {
    let n = 3000;
    let mut body = String::from("  hours h0 \"H\" { open mon..fri 09:00-17:00 }\n");
    for i in 1..=n {
        body.push_str(&format!("  hours h{i} \"H{i}\" = h{}\n", i - 1));
    }
    let (dir, _) = temp_spec(&minimal(&body));
    let started = Instant::now();
    let run = slagen_in(dir.path(), &["export", "spec.sla"], None);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Far under the cubic walk's minutes (38 s in a release build before), in a debug build.
    assert!(took < Duration::from_secs(20), "{took:?}");
    let export: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let last = export["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == format!("h{n}"))
        .expect("the last alias");
    assert_eq!(
        last["windows"],
        serde_json::json!([{"start": "09:00", "end": "17:00"}])
    );
}

#[test]
fn aliases_in_a_circle_and_those_that_lead_into_it_are_each_reported() {
    let body = "  hours a \"A\" = b\n  hours b \"B\" = a\n  hours c \"C\" = a\n  hours d \"D\" { open mon..fri 09:00-17:00 }\n  hours e \"E\" = d";
    let (dir, _) = temp_spec(&minimal(body));
    let run = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    let codes: Vec<String> = parse_diags(&run.stderr)
        .iter()
        .map(|d| format!("{}:{}", d.code, d.line))
        .collect();
    assert_eq!(codes, ["E0109:4", "E0109:5", "E0109:6"], "{}", run.stderr);
}

#[test]
fn four_thousand_bad_references_on_one_line_print_a_window_and_a_count() {
    let refs: String = (0..4000).map(|i| format!("{{nope{i}}}")).collect();
    let (dir, _) = temp_spec(&minimal(&format!("  text \"{refs}\"")));
    let human = slagen_in(dir.path(), &["check", "spec.sla"], None);
    assert_eq!(human.code, 1);
    assert!(human.stderr.len() < 10_000, "{} bytes", human.stderr.len());
    assert!(
        human.stderr.contains("… and 3,990 more E0107 in spec.sla"),
        "{}",
        human.stderr
    );
    // No printed line holds more than a window of the source line.
    let longest = human.stderr.lines().map(|l| l.chars().count()).max();
    assert!(longest.unwrap() < 200, "{longest:?}");
    assert!(human.stderr.contains("checked 1 spec: 4000 errors"));
    // Every one in JSON, each with the window around its own column, real line and column.
    let json = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    let all = crate::common::json_diagnostics(&json.stderr);
    assert_eq!(all.len(), 4000);
    let last = &all[3999];
    let line = last["source_line"].as_str().unwrap();
    assert!(line.contains("{nope3999}"), "{line}");
    assert!(
        line.starts_with('…') && line.chars().count() < 200,
        "{line}"
    );
    let column = 1 + "  text \"".len() + refs.find("{nope3999}").unwrap();
    assert_eq!(last["column"], column);
}

#[test]
fn equal_interpolations_on_one_line_are_each_reported_at_their_own_place() {
    let (dir, _) = temp_spec(&minimal("  text \"{nope}と{nope}\""));
    let run = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    let at: Vec<(u64, u64)> = parse_diags(&run.stderr)
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(at, [(4, 9), (4, 16)], "{}", run.stderr);
}

#[test]
fn fmt_aligns_a_run_of_twenty_thousand_statements_in_one_pass() {
    let n = 20_000;
    let mut body = String::from("  hours h0 \"H\" { open mon..fri 09:00-17:00 }\n");
    for i in 1..=n {
        body.push_str(&format!("  hours h{i} \"H{i}\" = h{}\n", i - 1));
    }
    let text = minimal(&body);
    let started = Instant::now();
    let run = slagen_in(
        std::path::Path::new("."),
        &["fmt", "--stdin"],
        Some(text.as_bytes()),
    );
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches("  hours h").count(), n + 1);
    // Each keyword's count in the run was recounted for every statement before: 14 s of CPU
    // in a debug build for this run (113 s for twice as many), against half a second now.
    assert!(took < Duration::from_secs(6), "{took:?}");
}

/// A spec whose one paragraph is `bytes` long and full of ASCII punctuation, in `lines` lines.
fn long_paragraph(bytes: usize, lines: usize) -> String {
    let sentence = "稼働率(月間)は99.9%以上; 障害: 通知は30分以内, 詳細はhttps://example.com/a_b#c [注] *重要*。";
    let per_line = (bytes / lines).div_ceil(sentence.len());
    let line = sentence.repeat(per_line);
    let body: Vec<String> = (0..lines).map(|_| format!("    {line}")).collect();
    minimal(&format!("  text \"\"\"\n{}\n    \"\"\"", body.join("\n")))
}

/// Issue 15 item 7: Typst finds the source of each glyph by a walk over the paragraph's items,
/// so a paragraph cost (glyphs × items), and escaping each punctuation mark in markup made
/// each an item. Now the text between groups is one string: a 60 KB paragraph of 300 lines is
/// a few hundred items (its line ends and times kept together), not tens of thousands.
#[test]
fn a_long_paragraph_is_a_few_items_for_typst() {
    let (dir, _) = temp_spec(&long_paragraph(60_000, 300));
    let run = slagen_in(
        dir.path(),
        &["render", "spec.sla", "--format", "typst"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let source = &run.stdout;
    let start = source.find("#v(1.2em)").expect("the body");
    let body = typst::syntax::parse(&source[start..]);
    // Each embedded expression (`#"…";`, `#box[…]`) and each markup node is an item.
    let items = body
        .children()
        .filter(|n| {
            !matches!(
                n.kind(),
                SyntaxKind::Semicolon
                    | SyntaxKind::Parbreak
                    | SyntaxKind::Str
                    | SyntaxKind::FuncCall
            )
        })
        .count();
    assert!(items < 300 * 8, "{items} items");
    assert!(source.len() > 60_000);
}

/// A document larger than the PDF path bounds is refused before layout with E0701 (exit 1,
/// no file), not typeset into gigabytes: here a 14 KB spec whose text repeats a 9.6 KB
/// service name 450 times.
#[test]
fn a_document_too_large_for_pdf_is_refused_with_e0701() {
    let service = "サービス".repeat(800);
    let text = minimal(&format!("  text \"{}\"", "{service}".repeat(450)))
        .replace("service \"X\"", &format!("service \"{service}\""));
    assert!(text.len() < 16_000);
    let (dir, _) = temp_spec(&text);
    let started = Instant::now();
    let run = slagen_in(
        dir.path(),
        &[
            "--message-format",
            "json",
            "render",
            "spec.sla",
            "--format",
            "pdf",
            "-o",
            "out.pdf",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diags = parse_diags(&run.stderr);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0701"], "{}", run.stderr);
    assert!(
        diags[0].message.contains("too large to typeset as PDF"),
        "{}",
        diags[0].message
    );
    assert!(!dir.path().join("out.pdf").exists());
    assert!(started.elapsed() < Duration::from_secs(60));
    // Markdown has no such limit.
    let md = slagen_in(dir.path(), &["render", "spec.sla", "--format", "md"], None);
    assert_eq!(md.code, 0, "{}", md.stderr);
}
