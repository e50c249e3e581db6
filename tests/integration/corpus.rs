//! The corpus of published SLAs (`specs/corpus/`, issue 13): every spec names its source, checks
//! without errors, renders Markdown, exports JSON that validates against the schema, and its
//! availability objectives and credits come out typed in that JSON. Each spec has a fact list
//! (`docs/coverage/<name>.md`) whose totals match its rows and the table in `docs/coverage.md`.

use crate::common::*;
use serde_json::Value;
use std::path::PathBuf;

/// Every spec in `specs/corpus/`, sorted.
fn corpus_files() -> Vec<PathBuf> {
    let dir = root().join("specs").join("corpus");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("specs/corpus/ exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sla"))
        .collect();
    out.sort();
    out
}

/// The file name without `.sla`: the name of its fact list too.
fn stem(file: &std::path::Path) -> String {
    file.file_stem().unwrap().to_str().unwrap().to_string()
}

/// The fact list of a corpus spec (`docs/coverage/<name>.md`).
fn fact_list(file: &std::path::Path) -> String {
    let path = root()
        .join("docs")
        .join("coverage")
        .join(format!("{}.md", stem(file)));
    std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} exists", path.display()))
}

/// The ids of the terms of one kind a spec declares (`availability ID …`, `credit ID …`), read
/// from its source: a line whose first word is the kind.
fn declared(text: &str, kind: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            if words.next() == Some(kind) {
                words.next().map(str::to_string)
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn the_corpus_has_at_least_twelve_slas_and_half_are_japanese() {
    let files = corpus_files();
    assert!(files.len() >= 12, "{files:?}");
    let japanese = files
        .iter()
        .filter(|f| fact_list(f).contains("Language: Japanese."))
        .count();
    assert!(
        japanese * 2 >= files.len(),
        "{japanese} of {} are Japanese",
        files.len()
    );
}

#[test]
fn every_corpus_spec_checks_renders_and_exports_its_terms_typed() {
    let schema = slagen(&["schema"]);
    assert_eq!(schema.code, 0, "{}", schema.stderr);
    let schema: Value = serde_json::from_str(&schema.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for file in corpus_files() {
        let path = file.to_str().unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("// source: http"),
            "{path}: the first line names the source"
        );

        let check = slagen(&["check", path]);
        assert_eq!(check.code, 0, "{path}: {}", check.stderr);
        assert!(
            check.stderr.contains(": 0 errors"),
            "{path}: {}",
            check.stderr
        );

        let md = slagen(&["render", path, "--format", "md"]);
        assert_eq!(md.code, 0, "{path}: {}", md.stderr);
        assert!(md.stdout.starts_with("# "), "{path}: {}", md.stdout);

        let export = slagen(&["export", path, "--to", "json"]);
        assert_eq!(export.code, 0, "{path}: {}", export.stderr);
        let model: Value = serde_json::from_str(&export.stdout).expect("export is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&model)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");

        let terms = model["terms"].as_array().expect("terms");
        let term = |kind: &str, id: &str| {
            terms
                .iter()
                .find(|t| t["kind"] == kind && t["id"] == id)
                .unwrap_or_else(|| panic!("{path}: {kind} {id} is not in the export"))
                .clone()
        };
        let objectives = declared(&text, "availability");
        for id in &objectives {
            let t = term("availability", id.as_str());
            assert!(
                t["target"].is_number() || t["formula"]["type"].is_string(),
                "{path}: {id} has a typed target or formula: {t}"
            );
            assert!(
                t["period"]["type"].is_string(),
                "{path}: {id} has a typed period: {t}"
            );
        }
        for id in declared(&text, "credit") {
            let t = term("credit", id.as_str());
            let basis = t["basis"].as_str().expect("a credit has a basis");
            assert!(
                objectives.iter().any(|o| o == basis),
                "{path}: {id} is based on an objective of the spec: {t}"
            );
            let tiers = t["tiers"].as_array().expect("tiers");
            // A credit by outage length (`over`, `each`) or `pro_rata` has no availability tiers.
            let outage_tiers = t["outage_tiers"].as_array().cloned().unwrap_or_default();
            assert!(
                !tiers.is_empty()
                    || !outage_tiers.is_empty()
                    || t["each"].is_object()
                    || t["pro_rata"] == true,
                "{path}: {id} has a typed rule: {t}"
            );
            for tier in tiers {
                assert!(
                    tier["below"].is_number() && tier["credit"].is_number(),
                    "{path}: {id} has typed tiers: {tier}"
                );
            }
            for tier in &outage_tiers {
                assert!(
                    tier["over"]["amount"].is_number() && tier["credit"]["value"].is_number(),
                    "{path}: {id} has typed outage tiers: {tier}"
                );
            }
        }
    }
}

/// Typed, text and none counted over a fact list's rows, from the class in `column` (3: before
/// the issue-13 grammar, 6: after it, 8: after its second round); a row numbered `5–12` is
/// eight facts.
fn count_rows(list: &str, column: usize) -> [usize; 3] {
    let mut counts = [0; 3];
    for line in list.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| # | fact | class | item | note | after | how |" splits into ["", "#", "fact", "class", …].
        if cells.len() <= column || !cells[0].is_empty() {
            continue;
        }
        let span = match cells[1].split_once('–') {
            Some((a, b)) => match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if b >= a => b - a + 1,
                _ => continue,
            },
            None => match cells[1].parse::<usize>() {
                Ok(_) => 1,
                Err(_) => continue,
            },
        };
        let class = match cells[column] {
            "typed" => 0,
            "text" => 1,
            "none" => 2,
            other => panic!("a fact is typed, text or none, not {other:?}: {line}"),
        };
        counts[class] += span;
    }
    counts
}

#[test]
fn every_fact_list_adds_up_and_matches_the_coverage_table() {
    let table = std::fs::read_to_string(root().join("docs").join("coverage.md"))
        .expect("docs/coverage.md exists");
    for file in corpus_files() {
        let name = stem(&file);
        let list = fact_list(&file);
        if list.contains(UNSEEN) {
            check_unseen_list(&name, &list, &table);
            continue;
        }
        if list.contains(ROUND4) {
            check_round4_list(&name, &list, &table);
            continue;
        }
        let [typed, text, none] = count_rows(&list, 3);
        let total = typed + text + none;
        let line = format!("Typed {typed}, text {text}, none {none} ({total} facts).");
        assert!(list.contains(&line), "{name}: the rows add up to {line:?}");
        // The coverage table's row: | `name` | kind | language | facts | typed | text | none | … |
        let cells = table_row(&table, &format!("| `{name}` |"));
        let row = cells.join(" | ");
        let got: Vec<&str> = cells.iter().skip(4).take(4).copied().collect();
        let want: Vec<String> = [total, typed, text, none]
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(got, want, "{name}: {row}");
        // … | % typed | after: typed | after: text | after: none | after: % typed |
        check_round(&name, &list, 6, "After", total, &cells[9..12]);
        // The second round of grammar work (column 8) and the third (column 10, after the
        // unseen SLAs were measured): each its own column, line and table cells.
        check_round(&name, &list, 8, "Round 2", total, &cells[13..16]);
        let round3 = check_round(&name, &list, 10, "Round 3", total, &cells[17..20]);
        assert_eq!(
            cells[20],
            format!("{}%", percent(round3[0], total)),
            "{name}: round 3: {row}"
        );
    }
}

/// One round's column of a fact list of the first 16: every fact is classed, its "Round N:"
/// line adds up, and so do its typed, text and none cells of the coverage table.
fn check_round(
    name: &str,
    list: &str,
    column: usize,
    round: &str,
    total: usize,
    cells: &[&str],
) -> [usize; 3] {
    let counts = count_rows(list, column);
    assert_eq!(
        counts.iter().sum::<usize>(),
        total,
        "{name}: every fact is classed in {round}"
    );
    let line = format!(
        "{round}: typed {}, text {}, none {} ({total} facts).",
        counts[0], counts[1], counts[2]
    );
    assert!(
        list.contains(&line),
        "{name}: the column adds up to {line:?}"
    );
    let want: Vec<String> = counts.iter().map(|n| n.to_string()).collect();
    assert_eq!(cells.to_vec(), want, "{name}: {round} cells");
    counts
}

/// The mark of a fact list written in round 3 from an SLA the constructs were not designed
/// against: its class column (3) is the language before round 3, its round-3 column (6) after.
const UNSEEN: &str = "Round: 3 (unseen).";

/// The cells of the row of `docs/coverage.md` that starts with `start`, split on `|`.
fn table_row<'a>(table: &'a str, start: &str) -> Vec<&'a str> {
    let row = table
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("docs/coverage.md has a row {start:?}"));
    row.split('|').map(str::trim).collect()
}

/// An unseen SLA's fact list: its two lines add up, and its row of the round-3 table says so.
fn check_unseen_list(name: &str, list: &str, table: &str) {
    let unseen = count_rows(list, 3);
    let round3 = count_rows(list, 6);
    let total: usize = unseen.iter().sum();
    assert_eq!(
        round3.iter().sum::<usize>(),
        total,
        "{name}: every fact is classed in round 3"
    );
    for (label, counts) in [("Typed", unseen), ("Round 3: typed", round3)] {
        let line = format!(
            "{label} {}, text {}, none {} ({total} facts).",
            counts[0], counts[1], counts[2]
        );
        assert!(list.contains(&line), "{name}: the rows add up to {line:?}");
    }
    // | `name` | kind | lang | facts | unseen: typed, text, none | % | round 3: typed, text, none | % |
    let cells = table_row(table, &format!("| `{name}` |"));
    let want = |c: [usize; 3]| c.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(cells[4], total.to_string(), "{name}: facts");
    assert_eq!(cells[5..8].to_vec(), want(unseen), "{name}: unseen");
    assert_eq!(cells[9..12].to_vec(), want(round3), "{name}: round 3");
    for (cell, counts) in [(cells[8], unseen), (cells[12], round3)] {
        assert_eq!(
            cell,
            format!("{}%", percent(counts[0], total)),
            "{name}: % typed"
        );
    }
}

/// The mark of a fact list written in round 4 from an SLA never seen, with the language as it
/// stood after round 3 and no construct added: one class column (3).
const ROUND4: &str = "Round: 4 (unseen, after round 3).";

/// A round-4 fact list: its line adds up, and its row of the round-4 table says so.
fn check_round4_list(name: &str, list: &str, table: &str) {
    let counts = count_rows(list, 3);
    let total: usize = counts.iter().sum();
    let line = format!(
        "Typed {}, text {}, none {} ({total} facts).",
        counts[0], counts[1], counts[2]
    );
    assert!(list.contains(&line), "{name}: the rows add up to {line:?}");
    // | `name` | kind | lang | facts | typed | text | none | % typed |
    let cells = table_row(table, &format!("| `{name}` |"));
    let want: Vec<String> = counts.iter().map(|n| n.to_string()).collect();
    assert_eq!(cells[4], total.to_string(), "{name}: facts");
    assert_eq!(cells[5..8].to_vec(), want, "{name}: typed, text, none");
    assert_eq!(
        cells[8],
        format!("{}%", percent(counts[0], total)),
        "{name}: % typed"
    );
}

/// `typed ÷ facts` as a whole percentage, rounded half up.
fn percent(typed: usize, total: usize) -> usize {
    (typed * 200 + total) / (total * 2)
}

/// The round-3 table's total row is the sum of the unseen SLAs' lists, before and after.
#[test]
fn the_unseen_slas_add_up_to_the_round_three_total() {
    let table = std::fs::read_to_string(root().join("docs").join("coverage.md")).unwrap();
    let (mut unseen, mut round3, mut slas) = ([0; 3], [0; 3], 0);
    for file in corpus_files() {
        let list = fact_list(&file);
        if !list.contains(UNSEEN) {
            continue;
        }
        slas += 1;
        for (sum, column) in [(&mut unseen, 3), (&mut round3, 6)] {
            for (s, n) in sum.iter_mut().zip(count_rows(&list, column)) {
                *s += n;
            }
        }
    }
    assert!(slas >= 4, "at least four unseen SLAs, {slas} found");
    let total: usize = unseen.iter().sum();
    let cells = table_row(&table, &format!("| **total** ({slas} SLAs:"));
    let want = |c: [usize; 3]| c.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(cells[4], total.to_string());
    assert_eq!(cells[5..8].to_vec(), want(unseen), "unseen total");
    assert_eq!(cells[9..12].to_vec(), want(round3), "round 3 total");
}

/// The round-4 table's total row is the sum of the round-4 lists, and the share measured: 69 of
/// 79 facts typed, 87% rounded down. This records the measurement (under the 90% goal); a change
/// to a list or the language that moves it must move this figure and the table with it.
#[test]
fn the_round_four_slas_add_up_to_the_round_four_total() {
    let table = std::fs::read_to_string(root().join("docs").join("coverage.md")).unwrap();
    let (mut counts, mut slas) = ([0; 3], 0);
    for file in corpus_files() {
        let list = fact_list(&file);
        if !list.contains(ROUND4) {
            continue;
        }
        slas += 1;
        for (s, n) in counts.iter_mut().zip(count_rows(&list, 3)) {
            *s += n;
        }
    }
    assert!(slas >= 3, "at least three round-4 SLAs, {slas} found");
    let total: usize = counts.iter().sum();
    let cells = table_row(&table, &format!("| **round 4 total** ({slas} SLAs:"));
    let want: Vec<String> = counts.iter().map(|n| n.to_string()).collect();
    assert_eq!(cells[4], total.to_string(), "round 4 facts");
    assert_eq!(cells[5..8].to_vec(), want, "round 4 total");
    assert_eq!(
        cells[8],
        format!("{}%", percent(counts[0], total)),
        "round 4 % typed"
    );
    assert_eq!(
        counts[0] * 100 / total,
        87,
        "{} of {total} typed",
        counts[0]
    );
}

/// After round 3, the whole corpus (the 16 SLAs the constructs were designed against and the
/// unseen ones) is at least 90% typed, and so is the unseen part on its own.
#[test]
fn at_least_ninety_percent_of_all_corpus_facts_are_typed_after_round_three() {
    let (mut typed, mut total, mut unseen_typed, mut unseen_total) = (0, 0, 0, 0);
    for file in corpus_files() {
        let list = fact_list(&file);
        if list.contains(ROUND4) {
            continue; // measured on its own, after round 3: the round-4 test
        }
        let unseen = list.contains(UNSEEN);
        let counts = count_rows(&list, if unseen { 6 } else { 10 });
        let facts: usize = counts.iter().sum();
        typed += counts[0];
        total += facts;
        if unseen {
            unseen_typed += counts[0];
            unseen_total += facts;
        }
    }
    assert!(typed * 10 >= total * 9, "{typed} of {total} facts typed");
    assert!(
        unseen_typed * 10 >= unseen_total * 9,
        "{unseen_typed} of {unseen_total} unseen facts typed"
    );
}

/// The corpus goal of issue 13: at least 90% of the facts typed after the second round.
#[test]
fn at_least_ninety_percent_of_the_corpus_facts_are_typed() {
    let (mut typed, mut total) = (0, 0);
    for file in corpus_files() {
        let list = fact_list(&file);
        if list.contains(UNSEEN) || list.contains(ROUND4) {
            continue;
        }
        let counts = count_rows(&list, 8);
        typed += counts[0];
        total += counts.iter().sum::<usize>();
    }
    assert!(
        typed * 10 >= total * 9,
        "{typed} of {total} facts typed: under 90%"
    );
}
