//! Every check fires with its code at the right line and column: one test per `Problem` code of
//! `src/diagnostic.rs` (`every_code_has_a_test` keeps this list complete), then the properties of
//! the diagnostics as a whole: every error in one run, no cascades, the human format.
//!
//! `‸` in a spec marks where the diagnostic must point (see `support::expect_at`).

use crate::common::*;
use crate::support::*;

// ---------------------------------------------------------------- E00xx: reading and syntax

#[test]
fn e0001_syntax_error() {
    let c = expect_at("E0001", &spec("  availability a { target ‸ninety }"));
    assert!(c.diags[0].message.contains("`ninety`"), "{}", describe(&c));
    // The statement that failed to parse is not also reported as missing.
    assert_eq!(c.codes(), ["E0001"], "{}", describe(&c));
}

#[test]
fn e0001_unknown_statement_lists_the_allowed_ones() {
    let c = expect_at("E0001", &spec("  ‸colour \"red\""));
    assert!(c.stderr.contains("statements allowed here"), "{}", c.stderr);
}

#[test]
fn e0002_invalid_utf8() {
    let mut bytes =
        b"sla t \"t\" {\n  service \"X\"\n  revised 2024-05\n  text \"ok\"\n  text \"".to_vec();
    bytes.extend_from_slice(b"\xff\xfe\"\n}\n");
    let c = check_bytes(&bytes);
    assert_eq!(c.code, 1);
    assert_eq!(c.codes(), ["E0002"]);
    assert_eq!(
        (c.diags[0].line, c.diags[0].column),
        (5, 9),
        "{}",
        describe(&c)
    );
}

#[test]
fn e0003_nesting_too_deep() {
    let mut body = String::new();
    for i in 0..70 {
        // The `sla` block is the first level, so the 64th clause is the 65th level.
        if i == 63 {
            body.push('‸');
        }
        body.push_str("clause c { ");
    }
    body.push_str(&"}".repeat(70));
    // The mark sits before `clause`; the `{` that is too deep is 9 characters on.
    let (clean, pos) = strip_mark(&spec(&format!("  {body}")));
    let (line, column) = pos.unwrap();
    let c = check_text(&clean);
    assert_eq!(c.code, 1);
    assert_eq!(c.codes(), ["E0003"]);
    assert_eq!((c.diags[0].line, c.diags[0].column), (line, column + 9));
}

#[test]
fn e0003_nesting_too_deep_after_a_stray_triple_quote() {
    // The depth pre-check reads a stray `"""` as the start of a text block and stops counting
    // braces; the parser does not, and used to build a tree deep enough to overflow the stack.
    let mut body = String::from("  junk \"\"\"\n  ");
    for i in 0..3000 {
        body.push_str(if i == 63 {
            "clause c ‸{ "
        } else {
            "clause c { "
        });
    }
    body.push_str(&"}".repeat(3000));
    let c = expect_at("E0003", &spec(&body));
    assert_eq!(c.with_code("E0003").len(), 1, "{}", describe(&c));
}

#[test]
fn e0004_too_complex() {
    // Thousands of unclosed braces inside a statement the grammar rejects: the recovery rule
    // would retry each of them, so the parser's budget runs out. It must say so, not hang.
    // The braces follow a stray `"""`, which the depth pre-check reads as a text block.
    // The parser gives up where the braces start.
    let body = format!("  junk \"\"\"\n‸{}\n", "{".repeat(20_000));
    let (clean, pos) = strip_mark(&spec(&body));
    let c = check_text(&clean);
    assert_eq!(c.code, 1, "{}", describe(&c));
    assert!(
        c.diags
            .iter()
            .any(|d| d.code == "E0004" && Some((d.line, d.column)) == pos),
        "{}",
        describe(&c)
    );
}

// ---------------------------------------------------------------- E01xx: names and references

#[test]
fn e0101_duplicate_id() {
    let c = expect_at(
        "E0101",
        &spec("  clause same \"A\" {}\n  hours ‸same { windows 10:00-12:00 }"),
    );
    assert!(c.diags[0].json.contains("first defined here"));
}

#[test]
fn e0101_duplicate_severity_level() {
    expect_at(
        "E0101",
        &spec(
            "  severities s {\n    severity p1 \"A\" { resolve 1h }\n    severity ‸p1 \"B\" { resolve 2h }\n  }",
        ),
    );
}

#[test]
fn e0102_unknown_reference() {
    let c = expect_at(
        "E0102",
        &spec(
            "  hours support { windows 10:00-12:00 }\n  after_hours a { outside ‸suport conditions \"c\" }",
        ),
    );
    assert!(c.stderr.contains("did you mean `support`"), "{}", c.stderr);
}

#[test]
fn e0102_unknown_reference_in_text() {
    expect_at("E0102", &spec("  text \"目標は‸{nothing.target}です\""));
}

#[test]
fn e0102_unknown_revision_target() {
    expect_at(
        "E0102",
        &spec("  revision 2024-05 { reason ‸nowhere \"理由\" }"),
    );
}

#[test]
fn e0102_unknown_reference_into_another_spec() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.sla"),
        spec("  hours support_hours { windows 10:00-18:00 }"),
    )
    .unwrap();
    let (text, pos) = strip_mark(
        "use base = \"base.sla\"\nsla t \"t\" {\n  service \"Y\"\n  revised 2024-05\n  hours h = ‸base.support_hour\n}\n",
    );
    std::fs::write(dir.path().join("spec.sla"), &text).unwrap();
    let c = check_file(&dir.path().join("spec.sla"));
    assert_eq!(c.code, 1);
    let d = &c.with_code("E0102")[0];
    assert_eq!(Some((d.line, d.column)), pos);
    assert!(c.stderr.contains("base.support_hours"), "{}", c.stderr);
}

#[test]
fn e0103_wrong_kind() {
    expect_at(
        "E0103",
        &spec("  availability av { target 99% }\n  after_hours a { outside ‸av conditions \"c\" }"),
    );
}

#[test]
fn e0104_unknown_spec() {
    expect_at("E0104", &spec("  hours h = ‸other.support_hours"));
}

#[test]
fn e0105_import_failed() {
    expect_at(
        "E0105",
        &format!("use other = ‸\"missing.sla\"\n{}", spec("")),
    );
}

#[test]
fn e0105_import_of_a_spec_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.sla"),
        spec("  hours h { windows 25:00-26:00 }"),
    )
    .unwrap();
    // The hours that refer into it are not reported again: one error, at the `use`.
    let (text, pos) = strip_mark(&format!(
        "use b = ‸\"broken.sla\"\n{}",
        spec("  hours h2 = b.h")
    ));
    std::fs::write(dir.path().join("spec.sla"), &text).unwrap();
    let c = check_file(&dir.path().join("spec.sla"));
    assert_eq!(c.code, 1);
    let d = &c.with_code("E0105")[0];
    assert_eq!(Some((d.line, d.column)), pos, "{}", describe(&c));
    assert_eq!(c.diags.len(), 1, "{}", describe(&c));
}

#[test]
fn e0111_a_holiday_file_outside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("days.txt"), "2024-08-15 創立記念日\n").unwrap();
    let (text, pos) = strip_mark(&spec("  company_holidays { file ‸\"../days.txt\" }"));
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/spec.sla"), &text).unwrap();
    let c = check_file(&dir.path().join("spec/spec.sla"));
    assert_eq!(c.code, 1, "{}", describe(&c));
    assert_eq!(c.codes(), ["E0111"], "{}", describe(&c));
    let d = &c.diags[0];
    assert_eq!(Some((d.line, d.column)), pos);
}

#[test]
fn e0106_import_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let (a, pos) = strip_mark(&format!("use b = ‸\"b.sla\"\n{}", spec("")));
    std::fs::write(dir.path().join("a.sla"), &a).unwrap();
    std::fs::write(
        dir.path().join("b.sla"),
        format!("use a = \"a.sla\"\n{}", spec("")),
    )
    .unwrap();
    let c = check_file(&dir.path().join("a.sla"));
    assert_eq!(c.code, 1, "{}", describe(&c));
    let cycle = c.with_code("E0106");
    assert!(!cycle.is_empty(), "{}", describe(&c));
    assert_eq!(Some((cycle[0].line, cycle[0].column)), pos);
}

#[test]
fn e0106_a_spec_that_uses_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (a, pos) = strip_mark(&format!("use me = ‸\"spec.sla\"\n{}", spec("")));
    std::fs::write(dir.path().join("spec.sla"), &a).unwrap();
    let c = check_file(&dir.path().join("spec.sla"));
    let cycle = c.with_code("E0106");
    assert!(!cycle.is_empty(), "{}", describe(&c));
    assert_eq!(Some((cycle[0].line, cycle[0].column)), pos);
}

#[test]
fn e0109_aliases_in_a_circle() {
    expect_at("E0109", &spec("  ‸hours a \"A\" = b\n  hours b \"B\" = a"));
}

#[test]
fn e0107_unknown_field() {
    let c = expect_at(
        "E0107",
        &spec("  availability av { target 99% }\n  text \"目標は‸{av.nonsense}です\""),
    );
    assert!(c.stderr.contains("target"), "help lists the fields");
}

#[test]
fn e0107_unknown_field_of_the_own_term() {
    expect_at(
        "E0107",
        &spec("  backup b { every 2h wording \"毎‸{hourly}\" }"),
    );
}

#[test]
fn e0108_bad_interpolation() {
    expect_at("E0108", &spec("  text \"閉じない‸{brace\""));
}

// ---------------------------------------------------------------- E02xx: values

#[test]
fn e0201_percent_out_of_range() {
    expect_at("E0201", &spec("  availability av { target ‸100.5% }"));
}

#[test]
fn e0201_credit_percent_out_of_range() {
    expect_at(
        "E0201",
        &spec("  credit c { fee \"月額\" below 99% => ‸150% }"),
    );
}

#[test]
fn e0202_number_too_large() {
    expect_at(
        "E0202",
        &spec("  backup b { every 2h generations ‸99999999999 }"),
    );
}

#[test]
fn e0202_count_too_large_for_a_fact() {
    expect_at("E0202", &spec("  fact n ‸123456789012345678901234567890"));
}

#[test]
fn e0203_impossible_date() {
    expect_at("E0203", &spec("  effective ‸2023-02-30"));
}

#[test]
fn e0203_impossible_month_of_a_revision() {
    expect_at(
        "E0203",
        "sla t \"t\" {\n  service \"X\"\n  revised ‸2024-13\n}\n",
    );
}

#[test]
fn e0203_impossible_annual_day() {
    expect_at(
        "E0203",
        &spec("  calendar c { closed \"盆\" 08-13..‸08-32 }"),
    );
}

#[test]
fn e0204_impossible_time() {
    expect_at(
        "E0204",
        &spec("  maintenance m { window ‸25:00-05:00 schedule irregular }"),
    );
}

#[test]
fn e0204_impossible_minutes() {
    expect_at("E0204", &spec("  hours h { windows 10:00-‸11:60 }"));
}

#[test]
fn e0205_window_ends_before_it_starts() {
    expect_at("E0205", &spec("  hours h { windows ‸22:00-09:00 }"));
}

#[test]
fn e0205_overnight_windows_are_fine() {
    let c = check_text(&spec("  hours h { windows 22:00-09:00 overnight }"));
    assert_eq!(c.code, 0, "{}", describe(&c));
}

#[test]
fn e0206_overnight_window_that_does_not_cross_midnight() {
    expect_at(
        "E0206",
        &spec("  hours h { windows ‸09:00-18:00 overnight }"),
    );
}

#[test]
fn e0207_windows_overlap() {
    let c = expect_at(
        "E0207",
        &spec("  hours h { windows 09:00-12:00, ‸11:00-13:00 }"),
    );
    assert!(
        c.diags[0].message.contains("11:00-13:00"),
        "{}",
        describe(&c)
    );
}

#[test]
fn e0207_overlap_with_an_overnight_window() {
    let c = expect_at(
        "E0207",
        &spec("  hours h { windows 22:00-06:00 overnight, ‸05:00-07:00 }"),
    );
    // The message quotes the window as written.
    assert!(
        c.diags[0].message.contains("05:00-07:00"),
        "{}",
        describe(&c)
    );
}

#[test]
fn e0207_overlap_with_a_window_that_is_not_the_previous_one() {
    // Sorted by start, 04:00-05:00 follows 02:00-03:00, but 01:00-10:00 covers it.
    let c = expect_at(
        "E0207",
        &spec("  hours h { windows 01:00-10:00, 02:00-03:00, ‸04:00-05:00 }"),
    );
    assert_eq!(c.with_code("E0207").len(), 2, "{}", describe(&c));
}

#[test]
fn e0207_touching_windows_do_not_overlap() {
    let c = check_text(&spec("  hours h { windows 10:00-12:00, 12:00-13:00 }"));
    assert_eq!(c.code, 0, "{}", describe(&c));
}

#[test]
fn e0208_unit_not_allowed() {
    expect_at("E0208", &spec("  monitoring m { interval 2‸months }"));
}

#[test]
fn e0208_business_days_for_a_backup() {
    expect_at("E0208", &spec("  backup b { every 1 ‸business_days }"));
}

#[test]
fn e0209_bad_duration() {
    expect_at("E0209", &spec("  notification n { within ‸1.5h }"));
}

#[test]
fn e0209_range_that_ends_before_it_starts() {
    expect_at("E0209", &spec("  fact patch ‸3..1 weeks"));
}

#[test]
fn e0210_unknown_time_zone() {
    expect_at("E0210", &spec("  timezone ‸\"Asia/Tokio\""));
}

#[test]
fn e0211_unknown_style_key() {
    expect_at("E0211", &spec("  style { ‸colour \"red\" }"));
}

#[test]
fn e0212_unknown_keyword() {
    expect_at(
        "E0212",
        &spec("  exclusions e { exclusion x \"X\" { kind ‸meteor } }"),
    );
}

#[test]
fn e0212_unknown_date_style() {
    expect_at("E0212", &spec("  style { dates ‸\"showa\" }"));
}

#[test]
fn e0213_too_precise() {
    expect_at("E0213", &spec("  availability av { target ‸99.99999% }"));
}

#[test]
fn e0214_zero_values_are_errors_where_written() {
    expect_at(
        "E0214",
        &spec("  availability a {\n    target 99%\n    period rolling ‸0 days\n  }"),
    );
    expect_at("E0214", &spec("  backup b \"データ\" { every ‸0min }"));
    expect_at(
        "E0214",
        &spec("  backup b \"データ\" {\n    every 1h\n    generations ‸0\n  }"),
    );
    expect_at(
        "E0214",
        &spec("  availability a {\n    target 99%\n    interval ‸0s\n  }"),
    );
    expect_at("E0214", &spec("  monitoring m { interval ‸0s }"));
}

#[test]
fn e0215_claim_day_outside_a_month() {
    let checked = expect_at(
        "E0215",
        &spec(
            "  credit c {\n    fee \"f\"\n    below 99% => 10%\n    claim by day ‸40 of next month\n  }",
        ),
    );
    assert!(
        checked.stderr.contains("day 40 is not a day of a month"),
        "{}",
        checked.stderr
    );
    assert!(!checked.stderr.contains("YYYY-MM-DD"), "{}", checked.stderr);
}

#[test]
fn e0216_a_history_url_that_is_not_an_absolute_web_address() {
    for (url, why) in [
        ("support.crmstyle.com/sla", "does not start with `https://`"),
        ("javascript:alert(1)", "does not start with `https://`"),
        ("https://example.com/a b", "contains a space"),
        ("https://example.com/\\\"x", "contains a quote"),
        ("https://example.com/<b>", "an angle bracket"),
        ("https://", "is not a valid URL"),
    ] {
        let checked = expect_at("E0216", &spec(&format!("  history_url ‸\"{url}\"")));
        assert_eq!(checked.diags.len(), 1, "{url}: {}", describe(&checked));
        assert!(
            checked.diags[0].message.contains(why),
            "{url}: {}",
            describe(&checked)
        );
    }
    // Nothing is rendered from such a spec.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sla");
    std::fs::write(&path, spec("  history_url \"www.example.com\"")).unwrap();
    let out = dir.path().join("s.html");
    let run = slagen(&[
        "render",
        path.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn e0001_unknown_formula_lists_each_choice_once() {
    let checked = expect_at(
        "E0001",
        &spec("  availability a {\n    target 99%\n    formula ‸minutes\n  }"),
    );
    assert_eq!(
        checked.stderr.matches("calendar_minutes").count(),
        1,
        "{}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("`fixed DURATION`"),
        "{}",
        checked.stderr
    );
}

// ---------------------------------------------------------------- E03xx: structure

#[test]
fn e0301_missing_field() {
    // A credit needs a rule (a `fee` may be left out: 利用料金).
    expect_at("E0301", &spec("  ‸credit c { fee \"月額料金\" }"));
}

#[test]
fn e0301_annual_closure_without_a_name() {
    let checked = expect_at(
        "E0301",
        &spec("  calendar c {\n    open mon..fri\n    closed sat, ‸12-28..01-04\n  }"),
    );
    assert!(checked.stderr.contains("a name"), "{}", checked.stderr);
}

#[test]
fn e0301_missing_service() {
    expect_at("E0301", "‸sla t \"t\" {\n  revised 2024-05\n}\n");
}

#[test]
fn e0301_missing_resolve_of_a_severity_level() {
    expect_at(
        "E0301",
        &spec("  severities s {\n    ‸severity p1 \"緊急\" { examples \"x\" }\n  }"),
    );
}

#[test]
fn e0302_duplicate_field() {
    expect_at(
        "E0302",
        &spec("  availability av { target 99% ‸target 98% }"),
    );
}

#[test]
fn e0302_duplicate_metadata() {
    expect_at("E0302", &spec("  ‸service \"Y\""));
}

#[test]
fn e0303_not_allowed_here() {
    let c = expect_at(
        "E0303",
        &spec("  availability av { target 99% ‸resolve 2h }"),
    );
    assert!(c.stderr.contains("severity level"), "{}", c.stderr);
}

#[test]
fn e0303_metadata_inside_a_chapter() {
    expect_at(
        "E0303",
        &spec("  chapter c \"C\" {\n    ‸service \"Y\"\n  }"),
    );
}

#[test]
fn e0304_credit_not_increasing() {
    expect_at(
        "E0304",
        &spec("  credit c {\n    fee \"月額\"\n    below 99% => 10%\n    ‸below 95% => 5%\n  }"),
    );
}

#[test]
fn e0304_tiers_in_any_order_are_fine_when_they_increase() {
    let c = check_text(&spec(
        "  credit c { fee \"月額\" below 95% => 30% below 99.9% => 10% below 99% => 20% }",
    ));
    assert_eq!(c.code, 0, "{}", describe(&c));
}

#[test]
fn e0305_revision_out_of_order() {
    let c = expect_at(
        "E0305",
        &spec("  revision 2024-03 {}\n  ‸revision 2024-01 {}"),
    );
    // The warning about the newest record must name the newest one, not the last one.
    for w in c.with_code("W0402") {
        assert!(w.message.contains("2024-03"), "{}", describe(&c));
    }
}

#[test]
fn e0306_revision_after_revised() {
    expect_at("E0306", &spec("  ‸revision 2024-06-01 {}"));
}

#[test]
fn e0306_a_record_in_the_revised_month_is_not_newer() {
    // `revised 2024-05` says only the month; a record dated in that month is consistent.
    let c = check_text(&spec("  revision 2024-05-20 { summary \"改定\" }"));
    assert_eq!(c.code, 0, "{}", describe(&c));
    assert!(c.diags.is_empty(), "{}", describe(&c));
}

#[test]
fn e0307_no_hours_for_business_time() {
    expect_at(
        "E0307",
        &spec("  severities s {\n    ‸severity p3 \"軽度\" { resolve 2 business_days }\n  }"),
    );
}

#[test]
fn e0308_table_shape() {
    expect_at(
        "E0308",
        &spec("  table {\n    columns \"a\", \"b\"\n    ‸row \"1\"\n  }"),
    );
}

#[test]
fn e0309_holiday_file() {
    expect_at(
        "E0309",
        &spec("  company_holidays { file ‸\"nowhere.txt\" }"),
    );
}

#[test]
fn e0309_holiday_file_with_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("days.txt"),
        "# 会社の休日\n2024-08-15 創立記念日\n2024-02-30 ありえない日\n",
    )
    .unwrap();
    let (text, pos) = strip_mark(&spec("  company_holidays { file ‸\"days.txt\" }"));
    std::fs::write(dir.path().join("spec.sla"), &text).unwrap();
    let c = check_file(&dir.path().join("spec.sla"));
    let d = &c.with_code("E0309")[0];
    assert_eq!(Some((d.line, d.column)), pos);
    assert!(d.message.contains("line 3"), "{}", describe(&c));
}

#[test]
fn e0310_query_without_window() {
    expect_at(
        "E0310",
        &spec(
            "  availability a {\n    target 99%\n    measure {\n      errors ‸\"sum(rate(errors_total[5m]))\"\n      total \"sum(rate(requests_total[{{.window}}]))\"\n    }\n  }",
        ),
    );
}

#[test]
fn e0301_measure_without_a_total() {
    let c = expect_at(
        "E0301",
        &spec(
            "  availability a {\n    target 99%\n    ‸measure {\n      errors \"sum(rate(errors_total[{{.window}}]))\"\n    }\n  }",
        ),
    );
    assert!(c.diags[0].message.contains("`total`"), "{}", describe(&c));
}

#[test]
fn e0303_measure_by_probe_and_events() {
    expect_at(
        "E0303",
        &spec(
            "  availability a {\n    target 99%\n    measure {\n      probe \"up\"\n      errors ‸\"sum(rate(errors_total[{{.window}}]))\"\n      total \"sum(rate(requests_total[{{.window}}]))\"\n    }\n  }",
        ),
    );
}

#[test]
fn e0303_probe_outside_a_measure_block() {
    let c = expect_at(
        "E0303",
        &spec("  availability a {\n    target 99%\n    ‸probe \"up\"\n  }"),
    );
    assert!(
        c.diags[0].json.contains("a measure block"),
        "{}",
        describe(&c)
    );
}

#[test]
fn e0601_export_needs_a_measurement_at_the_objective() {
    let text = spec("  ‸availability a \"目標値\" { target 99% }");
    let (clean, pos) = strip_mark(&text);
    let (_dir, path) = temp_spec(&clean);
    let run = slagen(&[
        "export",
        path.to_str().unwrap(),
        "--to",
        "openslo",
        "--message-format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing exported: {}", run.stdout);
    let diags = json_diagnostics(&run.stderr);
    assert_eq!(diags.len(), 1, "{}", run.stderr);
    assert_eq!(diags[0]["code"], "E0601");
    assert_eq!(
        Some((
            diags[0]["line"].as_u64().unwrap(),
            diags[0]["column"].as_u64().unwrap()
        )),
        pos
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("measurement")
    );
}

// ---------------------------------------------------------------- W04xx: warnings

#[test]
fn w0401_severity_looser() {
    let c = expect_at(
        "W0401",
        &spec(
            "  severities s {\n    ‸severity p1 \"緊急\" { resolve 4h }\n    severity p2 \"重度\" { resolve 2h }\n  }",
        ),
    );
    assert_eq!(c.code, 0, "a warning alone does not fail");
    assert!(c.diags[0].json.contains("the less severe level"));
}

#[test]
fn w0401_fails_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.sla");
    std::fs::write(
        &path,
        spec("  severities s {\n    severity p1 \"緊急\" { resolve 4h }\n    severity p2 \"重度\" { resolve 2h }\n  }"),
    )
    .unwrap();
    let run = slagen(&["check", "--deny-warnings", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("warning[W0401]"), "{}", run.stderr);
}

#[test]
fn w0403_internal_objective_looser_than_the_contract() {
    let c = expect_at(
        "W0403",
        &spec(
            "  availability a {\n    target 99.5%\n    measure {\n      probe \"up\"\n      ‸internal 99%\n    }\n  }",
        ),
    );
    assert_eq!(c.code, 0, "a warning alone does not fail");
    assert!(c.diags[0].message.contains("99.5%"), "{}", describe(&c));
    // As strict as the contract is fine.
    let ok = check_text(&spec(
        "  availability a {\n    target 99.5%\n    measure {\n      probe \"up\"\n      internal 99.5%\n    }\n  }",
    ));
    assert!(ok.diags.is_empty(), "{}", describe(&ok));
}

#[test]
fn w0402_revised_not_latest() {
    expect_at("W0402", &spec("  ‸revision 2024-03-01 {}"));
}

// ---------------------------------------------------------------- the diagnostics as a whole

/// Every code in `src/diagnostic.rs` is tested: the checker's in this file (a test named after
/// the code), those of the outage log and the exports where their commands are tested (a test
/// asserts the code).
#[test]
fn every_code_has_a_test() {
    let source = std::fs::read_to_string(root().join("src/diagnostic.rs")).unwrap();
    let mut this = std::fs::read_to_string(root().join("tests/integration/checks.rs")).unwrap();
    for other in ["report.rs", "exports.rs", "scale.rs"] {
        let text = std::fs::read_to_string(root().join("tests/integration").join(other)).unwrap();
        // A code asserted there counts as its test.
        for code in text
            .split('"')
            .filter(|w| w.len() == 5 && w.starts_with('E'))
        {
            this.push_str(&format!("\nfn {}_", code.to_lowercase()));
        }
    }
    let codes = diagnostic_codes(&source);
    assert!(codes.len() >= 30, "found the codes: {codes:?}");
    let untested: Vec<&String> = codes
        .iter()
        .filter(|c| !this.contains(&format!("fn {}_", c.to_lowercase())))
        .collect();
    assert!(untested.is_empty(), "codes without a test: {untested:?}");
}

#[test]
fn every_error_is_reported_in_one_run() {
    let text = spec(
        "  availability av { target 101% }
  maintenance m { window 25:00-05:00 schedule irregular }
  hours h { windows 18:00-09:00 }
  effective 2023-02-30
  clause dup \"A\" {}
  clause dup \"B\" {}
  credit c { fee \"f\" below 99% => 10% below 95% => 5% }
  text \"{nowhere.label}\"
  notification n { within 2 years }",
    );
    let c = check_text(&text);
    assert_eq!(c.code, 1);
    let mut codes = c.codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "E0101", "E0102", "E0201", "E0203", "E0204", "E0205", "E0208", "E0304"
        ],
        "{}",
        describe(&c)
    );
    // In file order.
    let lines: Vec<u64> = c.diags.iter().map(|d| d.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn syntax_errors_in_several_blocks_are_all_reported() {
    let c = check_text(&spec(
        "  chapter a \"A\" {\n    bogus 1\n  }\n  availability av { target 99% tarrget 98% }\n  backup b { every 2h generations many }\n  text \"ok\"",
    ));
    assert_eq!(c.code, 1);
    let positions: Vec<(u64, &str)> = c.diags.iter().map(|d| (d.line, d.code.as_str())).collect();
    assert_eq!(
        positions,
        [(5, "E0001"), (7, "E0001"), (8, "E0001")],
        "{}",
        describe(&c)
    );
}

/// An invalid value is reported once: not also as a missing field.
#[test]
fn an_invalid_value_is_not_also_reported_missing() {
    for (body, code) in [
        ("  backup b { every 99999999999h }", "E0202"),
        ("  backup b { every 1.5h }", "E0209"),
        ("  notification n { within 2 years }", "E0208"),
        ("  hours h { windows 25:00-26:00 }", "E0204"),
        ("  hours h { windows 18:00-09:00 }", "E0205"),
        ("  hours h { windows 09:00-18:00 overnight }", "E0206"),
        ("  hours h { open mon..fri 10:00-09:00 }", "E0205"),
        (
            "  maintenance m { window 10:00-09:00 schedule irregular }",
            "E0205",
        ),
        ("  availability av { target 101% }", "E0201"),
        (
            "  recovery r { scope \"s\" stopped \"t\" action \"a\" quiet 22:00-09:00 => 25:00 }",
            "E0204",
        ),
    ] {
        let c = check_text(&spec(body));
        assert_eq!(c.code, 1);
        assert!(c.codes().contains(&code), "{body}: {}", describe(&c));
        assert!(
            !c.codes().contains(&"E0301"),
            "{body}: the field is there, only its value is wrong:\n{}",
            describe(&c)
        );
    }
}

/// An invalid target of a severity level still counts for the columns of the table.
#[test]
fn an_invalid_severity_target_does_not_change_the_table_shape() {
    let c = check_text(&spec(
        "  severities s {\n    columns \"重要度\", \"初動\", \"解決\"\n    severity p1 \"緊急\" { respond 2 years resolve 2h }\n  }",
    ));
    assert_eq!(c.codes(), ["E0208"], "{}", describe(&c));
}

/// A term that could not be built because of an error is not also unknown to the texts that
/// refer to it, nor are its own fields.
#[test]
fn a_term_with_an_error_is_not_also_unknown() {
    let c = check_text(&spec(
        "  backup b \"利用者データ\" { every 1.5h generations 21 wording \"{every}ごと、{generations}世代\" }
  fact f 3..1 weeks
  text \"{b.generations}世代、{b.label}、{f}、{f.label}\"",
    ));
    assert_eq!(c.codes(), ["E0209", "E0209"], "{}", describe(&c));
}

#[test]
fn human_format_shows_position_source_line_marker_code_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.sla");
    std::fs::write(
        &path,
        spec("  maintenance m { window 25:00-05:00 schedule irregular }"),
    )
    .unwrap();
    let run = slagen_in(dir.path(), &["check", "spec.sla"], None);
    assert_eq!(run.code, 1);
    let out = &run.stderr;
    assert!(out.contains("error[E0204]"), "{out}");
    assert!(out.contains("spec.sla:4:26"), "{out}");
    assert!(
        out.contains("  maintenance m { window 25:00-05:00 schedule irregular }"),
        "{out}"
    );
    let marker = out
        .lines()
        .find(|l| l.contains('^'))
        .expect("a marker line");
    // The marker is under `25:00`: same column in the rendered source line.
    let source = out
        .lines()
        .find(|l| l.contains("maintenance m"))
        .expect("the source line");
    let col_of = |line: &str, pat: &str| line.find(pat).map(|b| line[..b].chars().count());
    assert_eq!(col_of(marker, "^^^^^"), col_of(source, "25:00"), "{out}");
    assert!(out.contains("= help: times are written HH:MM"), "{out}");
    assert!(out.contains("checked 1 spec: 1 error, 0 warnings"), "{out}");
}

#[test]
fn human_format_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("spec.sla"),
        spec(
            "  clause hours \"回答時間\" {\n    hours support \"回答時間\" {\n      open mon..fri 10:00-12:00, 11:30-18:00\n    }\n  }\n  clause hours \"重複\" {}\n  severities s {\n    severity p1 \"緊急\" { resolve 4h }\n    severity p2 \"重度\" { resolve 2h }\n  }",
        ),
    )
    .unwrap();
    let run = slagen_in(dir.path(), &["check", "--color", "never", "spec.sla"], None);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn json_format_fields() {
    let c = check_text(&spec("  availability av { target 101% }"));
    let v: serde_json::Value = serde_json::from_str(&c.diags[0].json).unwrap();
    for key in [
        "severity",
        "code",
        "message",
        "help",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "source_line",
        "labels",
    ] {
        assert!(v.get(key).is_some(), "missing `{key}` in {v}");
    }
    assert_eq!(v["severity"], "error");
    assert_eq!(v["file"], "spec.sla");
    assert_eq!(v["source_line"], "  availability av { target 101% }");
    assert_eq!(
        (v["column"].as_u64(), v["end_column"].as_u64()),
        (Some(28), Some(31))
    );
}

#[test]
fn json_format_prints_no_summary() {
    let c = check_text(&spec("  availability av { target 101% }"));
    assert!(c.stderr.lines().all(|l| l.starts_with('{')), "{}", c.stderr);
}

#[test]
fn a_byte_order_mark_does_not_count_as_a_column() {
    let (text, pos) = strip_mark("sla t \"t\" { service \"X\" revised 2024-05 fact p ‸101% }\n");
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let c = check_bytes(&bytes);
    assert_eq!(c.codes(), ["E0201"]);
    assert_eq!(Some((c.diags[0].line, c.diags[0].column)), pos);
    let v: serde_json::Value = serde_json::from_str(&c.diags[0].json).unwrap();
    assert!(!v["source_line"].as_str().unwrap().starts_with('\u{FEFF}'));
}

#[test]
fn columns_count_characters_not_bytes() {
    expect_at(
        "E0102",
        &spec("  text \"日本語の文章　全角スペース ‸{nope.label}\""),
    );
    expect_at("E0201", &spec("  fact 割合 \"日本語ラベル\" ‸120%"));
}

#[test]
fn positions_inside_text_blocks() {
    expect_at(
        "E0102",
        &spec("  text \"\"\"\n    一行目\n      二行目の ‸{unknown.label} です\n    \"\"\""),
    );
}

#[test]
fn positions_after_escapes() {
    expect_at(
        "E0108",
        &spec("  text \"引用 \\\"ここ\\\" と \\u{3042} ‸{open\""),
    );
}

/// A value a text interpolates but the spec does not give is the checker's error (E0110), with
/// its place and file, in every command that loads the spec: `render` and `diff` never meet it
/// as an unpositioned render error.
#[test]
fn e0110_an_interpolated_value_the_spec_does_not_give_is_found_by_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let good = minimal("  clause a \"第一条\" {\n    text \"{service}を提供します。\"\n  }");
    let bad = minimal("  clause a \"第一条\" {\n    text \"{company}を提供します。\"\n  }");
    std::fs::write(tmp.path().join("old.sla"), good).unwrap();
    std::fs::write(tmp.path().join("new.sla"), bad).unwrap();
    let runs: [&[&str]; 4] = [
        &["check", "new.sla"],
        &["render", "new.sla", "--format", "md"],
        &["diff", "old.sla", "new.sla", "--format", "md"],
        &["history", "old.sla", "new.sla", "--format", "md"],
    ];
    for args in runs {
        let mut args = args.to_vec();
        args.extend(["--message-format", "json"]);
        let run = slagen_in(tmp.path(), &args, None);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        let diags = json_diagnostics(&run.stderr);
        assert!(
            diags.iter().any(|d| d["code"] == "E0110"
                && d["file"] == "new.sla"
                && d["line"] == 5
                && d["column"] == 11),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: nothing is written");
        // Every line on stderr is JSON.
        assert!(
            run.stderr.lines().all(|l| l.starts_with('{')),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// The manual lists every code with its meaning: users read the manual, not `src/`.
#[test]
fn every_code_is_in_the_manual() {
    let source = std::fs::read_to_string(root().join("src/diagnostic.rs")).unwrap();
    let manual = std::fs::read_to_string(root().join("grammar/README.md")).unwrap();
    let codes = diagnostic_codes(&source);
    assert!(codes.len() >= 30, "found the codes: {codes:?}");
    for code in codes {
        assert!(
            manual.contains(&format!("| {code} | ")),
            "{code} is not in the manual's table of codes"
        );
    }
}

/// The codes of `src/diagnostic.rs`: the strings `"E0101"` after a `=>`.
fn diagnostic_codes(source: &str) -> Vec<String> {
    source
        .split("=> \"")
        .skip(1)
        .map(|part| part.chars().take(5).collect::<String>())
        .filter(|code| {
            code.len() == 5
                && (code.starts_with('E') || code.starts_with('W'))
                && code[1..].chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}
