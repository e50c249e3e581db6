//! Fuzzing (issue 15, "Measured"): hostile strings inside a valid spec, rendered in every output
//! format and exported; random arguments to `diff`, `history`, `calendar` and `deadline`. Every
//! run must end cleanly (exit 0, 1 or 2, never a panic or an abort), and nothing from the input
//! may reach an output or the terminal as a control character. Deterministic (xorshift seeds),
//! so a failure reproduces; the counts of cases are printed (`--nocapture`).

use crate::common::*;
use crate::support::{Rng, assert_no_panic};

/// Up to `max` characters from a hostile alphabet: controls, line separators, markup of every
/// output format, interpolation braces, quotes, wide and combining characters.
fn hostile(rng: &mut Rng, max: usize) -> String {
    const ALPHABET: &[&str] = &[
        "\u{1b}[2J",
        "\u{1b}]0;title\u{7}",
        "\u{7}",
        "\u{0}",
        "\u{b}",
        "\u{c}",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "\u{85}",
        "\u{2028}",
        "\u{202e}",
        "\u{feff}",
        "#",
        "*",
        "_",
        "`",
        "|",
        "<",
        ">",
        "&",
        "[",
        "]",
        "$",
        "@",
        "\\",
        "\"",
        "'",
        "{",
        "}",
        "{service}",
        "{{",
        "- ",
        "1. ",
        "> ",
        "<script>",
        "</td>",
        "#set",
        "https://x.test",
        "稼働率",
        "「」",
        "ｱ",
        "e\u{301}",
        "🙂",
        " ",
        "a",
        "0",
    ];
    let n = rng.below(max + 1);
    (0..n).map(|_| *rng.pick(ALPHABET)).collect()
}

/// The control characters no output may carry from a spec (a line feed and a tab are text).
fn has_raw_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{1b}')
}

/// The byte ranges of the one-line string literals of a spec (`"…"` without escapes).
fn string_literals(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (start, line) in text.split_inclusive('\n').scan(0, |at, l| {
        let s = *at;
        *at += l.len();
        Some((s, l))
    }) {
        if line.trim_start().starts_with("//") || line.contains("\"\"\"") {
            continue;
        }
        let mut open = None;
        for (i, c) in line.char_indices() {
            match (c, open) {
                ('"', None) => open = Some(i + 1),
                ('"', Some(o)) => {
                    out.push(start + o..start + i);
                    open = None;
                }
                ('\\', _) => break,
                _ => {}
            }
        }
    }
    out
}

/// Escapes text for a one-line string literal.
fn literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[test]
fn hostile_strings_inside_a_valid_spec_in_every_format() {
    let base = std::fs::read_to_string(root().join("specs/calltree.sla")).unwrap();
    let literals = string_literals(&base);
    assert!(literals.len() > 100, "{}", literals.len());
    let mut rng = Rng(0x15_f00d);
    let (mut cases, mut runs, mut rendered) = (0, 0, 0);
    for case in 0..48 {
        let range = rng.pick(&literals).clone();
        let mut text = base.clone();
        text.replace_range(range, &literal(&hostile(&mut rng, 12)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("spec.sla"), &text).unwrap();
        cases += 1;
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["render", "spec.sla", "--format", "md"],
            vec!["render", "spec.sla", "--format", "html"],
            vec!["render", "spec.sla", "--format", "typst"],
            vec!["export", "spec.sla", "--to", "json"],
            vec!["check", "spec.sla"],
        ];
        if case % 8 == 0 {
            commands.push(vec![
                "render", "spec.sla", "--format", "pdf", "-o", "out.pdf",
            ]);
            commands.push(vec!["export", "spec.sla", "--to", "all", "-o", "all"]);
        }
        for args in commands {
            let run = slagen_in(dir.path(), &args, None);
            runs += 1;
            assert_no_panic(&run.stderr);
            assert!(
                matches!(run.code, 0 | 1),
                "{args:?} exit {}: {}\n{text}",
                run.code,
                run.stderr
            );
            assert!(
                !has_raw_control(&run.stderr),
                "{args:?}: control character in diagnostics: {:?}",
                run.stderr
            );
            if run.code == 0 {
                rendered += 1;
                // JSON is data: a string keeps its characters, and every C0 control is escaped.
                let raw = if args[0] == "export" {
                    run.stdout.chars().any(|c| c < ' ' && c != '\n')
                } else {
                    has_raw_control(&run.stdout)
                };
                assert!(
                    !raw,
                    "{args:?}: control character in the output: {:?}",
                    run.stdout
                );
            } else {
                // A failed run leaves no file behind.
                for f in ["out.pdf", "all"] {
                    assert!(!dir.path().join(f).exists(), "{args:?} left {f}");
                }
            }
        }
    }
    println!("fuzz: {cases} specs with hostile strings, {runs} runs, {rendered} succeeded");
}

#[test]
fn random_arguments_to_diff_history_calendar_and_deadline() {
    let calltree = root().join("specs/calltree.sla");
    let spec = calltree.to_str().unwrap();
    let mut rng = Rng(0xa59_0001);
    let mut runs = 0;
    let times = [
        "2026-12-25T17:30",
        "2026-13-45T25:61",
        "2026-02-29",
        "0000-01-01",
        "9999-12-31T23:59",
        "2026-12-25T17:30+25:00",
        "2026-12-25T17:30-14:00",
        "2011-12-30T10:00",
        "",
        "T",
        "-1",
        "2026-12-25T17:30:00.999999999Z",
        "2026-W01",
    ];
    let severities = ["緊急", "重度", "軽度", "p1", "", " ", "緊急緊急"];
    let years = [
        "2026",
        "1947",
        "2100",
        "0",
        "-1",
        "99999999999",
        "x",
        "1948",
        "2099",
    ];
    let revs = [
        "HEAD",
        "HEAD~1",
        "HEAD~99999",
        "",
        ":",
        "-",
        "--all",
        "HEAD^{tree}",
        "nope",
        "..",
    ];
    for _ in 0..120 {
        // An argument cannot hold NUL (the OS ends it there).
        let junk = hostile(&mut rng, 6).replace('\u{0}', "");
        let args: Vec<String> = match rng.below(4) {
            0 => {
                let from = if rng.below(3) == 0 {
                    junk.clone()
                } else {
                    rng.pick(&times).to_string()
                };
                let sev = if rng.below(4) == 0 {
                    junk.clone()
                } else {
                    rng.pick(&severities).to_string()
                };
                vec![
                    "deadline".into(),
                    spec.into(),
                    "--severity".into(),
                    sev,
                    "--from".into(),
                    from,
                ]
            }
            1 => {
                let mut a = vec!["calendar".into(), spec.into(), "--year".into()];
                a.push(rng.pick(&years).to_string());
                if rng.below(2) == 0 {
                    a.extend(["--calendar".into(), junk.clone()]);
                }
                a.extend([
                    "--format".into(),
                    rng.pick(&["text", "json", "ics", "x"]).to_string(),
                ]);
                a
            }
            2 => {
                let old = format!("{}:specs/calltree.sla", rng.pick(&revs));
                let new = if rng.below(3) == 0 {
                    junk.clone()
                } else {
                    spec.to_string()
                };
                let format = rng.pick(&["md", "html", "json", "x"]).to_string();
                vec!["diff".into(), old, new, "--format".into(), format]
            }
            _ => {
                let target = if rng.below(2) == 0 {
                    junk.clone()
                } else {
                    rng.pick(&["specs", "specs/synergy", "specs/calltree.sla", "/", "."])
                        .to_string()
                };
                vec!["history".into(), target, "--format".into(), "json".into()]
            }
        };
        let run = slagen(&args);
        runs += 1;
        assert_no_panic(&run.stderr);
        assert!(
            matches!(run.code, 0..=2),
            "{args:?}: exit {}: {}",
            run.code,
            run.stderr
        );
        assert!(
            !has_raw_control(&run.stderr),
            "{args:?}: control character reached the terminal: {:?}",
            run.stderr
        );
        // iCalendar lines end in CRLF (RFC 5545); no other control character.
        let stdout = run.stdout.replace("\r\n", "\n");
        assert!(!has_raw_control(&stdout), "{args:?}: {stdout:?}");
    }
    println!("fuzz: {runs} runs of diff/history/calendar/deadline with random arguments");
}
