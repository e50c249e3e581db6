//! Bad input never panics, hangs or crashes: every case exits 1 with at least one diagnostic
//! that has a position. The cases are the folders of `tests/fixtures/bad/` (a `spec.sla` and an
//! `expected` file: `CODE LINE:COLUMN` and, after ` | `, text the message must contain), plus
//! generated ones that are awkward as files: random bytes, invalid UTF-8, 10,000 nested blocks,
//! every real spec truncated at many points.
//!
//! A byte order mark, CRLF line endings and tabs are not errors: every real spec still checks
//! clean with them, exports the same model, and an error in such a file is reported at the
//! right line and column.

use crate::common::*;
use crate::support::*;
use std::path::{Path, PathBuf};

/// What every bad input must give: exit 1, diagnostics with positions, no panic. Returns the
/// problems found, empty when the case is fine.
fn judge(name: &str, c: &Checked) -> Vec<String> {
    let mut problems = Vec::new();
    if c.stderr.contains("panicked") || c.stderr.contains("overflow") {
        problems.push(format!("{name}: crashed:\n{}", c.stderr));
    }
    if c.code != 1 {
        problems.push(format!(
            "{name}: exit {} (expected 1)\n{}",
            c.code,
            describe(c)
        ));
    }
    if c.diags.is_empty() {
        problems.push(format!("{name}: no diagnostic\n{}", c.stderr));
    }
    for d in &c.diags {
        if d.line == 0 || d.column == 0 || d.code.is_empty() {
            problems.push(format!("{name}: diagnostic without a position: {}", d.json));
        }
    }
    problems
}

#[track_caller]
fn assert_bad(name: &str, bytes: &[u8]) -> Checked {
    let c = check_bytes(bytes);
    let problems = judge(name, &c);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    c
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/bad"))
        .expect("tests/fixtures/bad")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_fixture_fails_with_the_expected_diagnostic() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 40, "{} cases", dirs.len());
    let mut problems = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let c = check_file(&dir.join("spec.sla"));
        problems.extend(judge(&name, &c));
        let expected = std::fs::read_to_string(dir.join("expected"))
            .unwrap_or_else(|_| panic!("{name}/expected"));
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            let (head, fragment) = line.split_once(" | ").unwrap_or((line, ""));
            let (code, pos) = head.trim().split_once(' ').expect("CODE LINE:COLUMN");
            let found = c.diags.iter().any(|d| {
                d.code == code
                    && format!("{}:{}", d.line, d.column) == pos
                    && d.message.contains(fragment)
            });
            if !found {
                problems.push(format!("{name}: expected `{line}`, got\n{}", describe(&c)));
            }
        }
        // The human format names the same place.
        let human = slagen_in(dir, &["check", "spec.sla"], None);
        let d = &c.diags[0];
        let place = format!("spec.sla:{}:{}", d.line, d.column);
        if !human.stderr.contains(&place) || !human.stderr.contains(&format!("[{}]", d.code)) {
            problems.push(format!(
                "{name}: human format lacks {place}:\n{}",
                human.stderr
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// ---------------------------------------------------------------- deep nesting

#[test]
fn ten_thousand_nested_clauses() {
    let body = format!(
        "  {}{}",
        "clause c \"条\" { ".repeat(10_000),
        "}".repeat(10_000)
    );
    let c = assert_bad("nested clauses", spec(&body).as_bytes());
    assert_eq!(c.codes(), ["E0003"]);
}

#[test]
fn ten_thousand_nested_braces() {
    for (name, body) in [
        (
            "bare",
            format!("{}{}", "{".repeat(10_000), "}".repeat(10_000)),
        ),
        ("unclosed", "{".repeat(10_000)),
        ("in a bad statement", format!("junk {}", "{".repeat(10_000))),
        ("in a list", format!("list {}", "{ ".repeat(10_000))),
        (
            "after a stray triple quote",
            format!(
                "junk \"\"\"\n{}{}",
                "clause c { ".repeat(10_000),
                "}".repeat(10_000)
            ),
        ),
        (
            "braces after a stray triple quote",
            format!("junk \"\"\"\n{}{}", "{".repeat(10_000), "}".repeat(10_000)),
        ),
        (
            "unclosed text block then clauses",
            format!("text \"\"\"\n{}", "clause c { ".repeat(10_000)),
        ),
    ] {
        assert_bad(name, spec(&format!("  {body}")).as_bytes());
    }
}

#[test]
fn nesting_at_the_limit_is_fine() {
    // The `sla` block and 63 clauses: 64 levels.
    let body = format!("  {}{}", "clause c { ".repeat(63), "}".repeat(63));
    let c = check_text(&spec(&body));
    // Duplicate ids are the only complaint: the depth is allowed.
    assert!(c.codes().iter().all(|c| *c == "E0101"), "{}", describe(&c));
}

// ---------------------------------------------------------------- bytes that are not a spec

#[test]
fn random_bytes() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for size in [1, 2, 3, 7, 64, 500, 4096, 65_536] {
        let bytes = rng.bytes(size);
        assert_bad(&format!("{size} random bytes"), &bytes);
    }
}

#[test]
fn random_printable_text() {
    let mut rng = Rng(42);
    let alphabet: Vec<char> = "sla{}\"\\/*%:-.,=> \n\t0123456789abcxyz_年月日稼働率「」（）～"
        .chars()
        .collect();
    for size in [10, 100, 1000, 20_000] {
        let text: String = (0..size)
            .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
            .collect();
        assert_bad(&format!("{size} random characters"), text.as_bytes());
    }
}

#[test]
fn random_bytes_inside_a_valid_spec() {
    let mut rng = Rng(7);
    let base = std::fs::read(root().join("specs/calltree.sla")).unwrap();
    for _ in 0..10 {
        let at = (rng.next() as usize) % base.len();
        let mut bytes = base[..at].to_vec();
        bytes.extend(rng.bytes(16));
        bytes.extend_from_slice(&base[at..]);
        let c = check_bytes(&bytes);
        // Random bytes in a comment or a string may happen to be valid UTF-8 that a comment
        // or string accepts; any other outcome must be a clean failure.
        if c.code != 0 {
            let problems = judge("random bytes in calltree", &c);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }
}

#[test]
fn invalid_utf8_is_reported_where_it_starts() {
    let head = "sla t \"テスト\" {\n  service \"X\"\n  revised 2024-05\n  text \"ああ";
    for (name, bad) in [
        ("a lone continuation byte", &b"\x80"[..]),
        ("an overlong encoding", b"\xc0\xaf"),
        ("an encoded surrogate", b"\xed\xa0\x80"),
        ("0xFF", b"\xff"),
        ("a truncated sequence", b"\xe3\x81"),
    ] {
        let mut bytes = head.as_bytes().to_vec();
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice("\"\n}\n".as_bytes());
        let c = assert_bad(name, &bytes);
        assert_eq!(c.codes(), ["E0002"], "{name}");
        // Line 4, after `  text "ああ`: columns count characters.
        assert_eq!((c.diags[0].line, c.diags[0].column), (4, 11), "{name}");
    }
    // A sequence cut off by the end of the file.
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xe3\x81");
    let c = assert_bad("truncated at the end", &bytes);
    assert_eq!((c.diags[0].line, c.diags[0].column), (4, 11));
}

#[test]
fn a_spec_saved_as_shift_jis() {
    // 「稼働率」 in Shift_JIS: what a spec saved by an older Japanese editor looks like.
    let mut bytes = b"sla t \"t\" {\n  service \"X\"\n  revised 2024-05\n  text \"".to_vec();
    bytes.extend_from_slice(b"\x89\xd2\x93\xad\x97\xa6");
    bytes.extend_from_slice(b"\"\n}\n");
    let c = assert_bad("shift_jis", &bytes);
    assert_eq!(c.codes(), ["E0002"]);
    assert_eq!((c.diags[0].line, c.diags[0].column), (4, 9));
    assert!(c.stderr.contains("UTF-8"));
}

#[test]
fn nul_and_control_characters() {
    for (name, text) in [
        ("NUL in a string", spec("  text \"a\0b\"\n  fact p 101%")),
        ("NUL as a statement", spec("  \0")),
        ("escape character", spec("  \u{1b}[31m")),
        ("form feed", spec("  \u{c}service \"Y\"")),
        ("vertical tab", spec("  text \"x\"\u{b}")),
    ] {
        assert_bad(name, text.as_bytes());
    }
}

#[test]
fn truncated_real_specs() {
    let mut problems = Vec::new();
    let mut cases = 0;
    for file in spec_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let last = text.rfind('}').expect("a closing brace");
        // 25 cut points spread over the file, each on a character boundary, all before the
        // final brace.
        for k in 0..25 {
            let mut at = last * k / 25;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let dir = file.parent().unwrap();
            let c = check_in(dir, &text.as_bytes()[..at]);
            problems.extend(judge(&format!("{} cut at {at}", file.display()), &c));
            cases += 1;
        }
    }
    assert!(cases >= 200);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Checks `bytes` as a spec placed in `dir` (so that its `use` paths resolve), without
/// writing into `dir`.
fn check_in(dir: &Path, bytes: &[u8]) -> Checked {
    let tmp = tempfile::tempdir().unwrap();
    // Paths in `use` are relative to the spec: copy the tree the real specs use.
    let specs = root().join("specs");
    let rel = dir.strip_prefix(&specs).unwrap_or(Path::new(""));
    let place = tmp.path().join("specs").join(rel);
    std::fs::create_dir_all(&place).unwrap();
    copy_specs(&specs, &tmp.path().join("specs"));
    let spec_path = place.join("__cut.sla");
    std::fs::write(&spec_path, bytes).unwrap();
    check_file(&spec_path)
}

fn copy_specs(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_specs(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn a_very_long_line_and_many_errors() {
    let long = format!("  text \"{}\"\n  fact p 101%", "長".repeat(300_000));
    let c = assert_bad("a 900 KB line", spec(&long).as_bytes());
    assert_eq!(c.codes(), ["E0201"]);
    assert_eq!((c.diags[0].line, c.diags[0].column), (5, 10));

    let many: String = (0..5000)
        .map(|i| format!("  fact f{i} {}%\n", 101 + i))
        .collect();
    let c = assert_bad("5000 errors", spec(&many).as_bytes());
    assert_eq!(c.with_code("E0201").len(), 5000);
}

#[test]
fn a_missing_file_is_a_usage_error_not_a_spec_error() {
    let run = slagen(&["check", "does/not/exist.sla"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
}

// ---------------------------------------------------------------- BOM, CRLF, tabs

/// A named change of a spec's text.
type Transform<'a> = (&'a str, &'a dyn Fn(&str) -> String);

fn with_bom(text: &str) -> String {
    format!("\u{FEFF}{text}")
}

fn with_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn with_cr(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r")
}

/// Indentation in tabs: each two leading spaces become one tab.
fn with_tabs(text: &str) -> String {
    text.lines()
        .map(|l| {
            let spaces = l.len() - l.trim_start_matches(' ').len();
            format!(
                "{}{}{}",
                "\t".repeat(spaces / 2),
                " ".repeat(spaces % 2),
                &l[spaces..]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Writes every real spec, transformed, into a fresh `specs/` tree (so that `use` paths
/// resolve to transformed specs too) and returns the tree.
fn transformed_specs(f: &dyn Fn(&str) -> String) -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    // A repository, as `specs/` is in: Synergy!LINK's `use "../synergy/…"` stays inside the
    // default root (the work tree).
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let specs = root().join("specs");
    let mut out = Vec::new();
    for file in spec_files() {
        let rel = file.strip_prefix(&specs).unwrap();
        let target = tmp.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, f(&std::fs::read_to_string(&file).unwrap())).unwrap();
        out.push(target);
    }
    (tmp, out)
}

fn export_file(path: &Path) -> (i32, String, String) {
    let run = slagen_in(
        path.parent().unwrap(),
        &["export", path.file_name().unwrap().to_str().unwrap()],
        None,
    );
    (run.code, run.stdout, run.stderr)
}

#[test]
fn bom_crlf_cr_and_tabs_are_not_errors() {
    let transforms: [Transform; 5] = [
        ("BOM", &with_bom),
        ("CRLF", &with_crlf),
        ("CR", &with_cr),
        ("tabs", &with_tabs),
        ("BOM + CRLF + tabs", &|t: &str| {
            with_bom(&with_crlf(&with_tabs(t)))
        }),
    ];
    for (name, f) in transforms {
        let (_tmp, files) = transformed_specs(f);
        for file in &files {
            let c = check_file(file);
            assert_eq!(c.code, 0, "{name}: {}:\n{}", file.display(), describe(&c));
            assert!(c.diags.is_empty(), "{name}: {}", describe(&c));
        }
    }
}

#[test]
fn bom_and_line_endings_do_not_change_the_model() {
    for (name, f) in [
        ("BOM", &with_bom as &dyn Fn(&str) -> String),
        ("CRLF", &with_crlf),
        ("CR", &with_cr),
    ] {
        let (_tmp, files) = transformed_specs(f);
        for (file, original) in files.iter().zip(spec_files()) {
            let (code, json, err) = export_file(file);
            assert_eq!(code, 0, "{name}: {err}");
            let (_, expected, _) = export_file(&original);
            assert_eq!(
                json,
                expected,
                "{name}: {} exports differently",
                file.display()
            );
        }
    }
}

/// An error placed in a real spec is reported at the same place whatever the encoding
/// details: `‸` marks it in the original, and the expected line and column are computed
/// after the transformation (a tab is one column; CRLF is one line end; the BOM is nothing).
#[test]
fn errors_in_bom_crlf_and_tab_files_are_at_the_right_place() {
    let original = std::fs::read_to_string(root().join("specs/calltree.sla")).unwrap();
    let broken = original
        .replacen("target   98%", "target   ‸198%", 1)
        .replacen("every       2h", "every       ‸2 business_days", 1);
    assert_eq!(
        broken.matches(MARK).count(),
        2,
        "the spec still has those lines"
    );
    let transforms: [Transform; 6] = [
        ("plain", &|t: &str| t.to_string()),
        ("BOM", &with_bom),
        ("CRLF", &with_crlf),
        ("CR", &with_cr),
        ("tabs", &with_tabs),
        ("BOM + CRLF + tabs", &|t: &str| {
            with_bom(&with_crlf(&with_tabs(t)))
        }),
    ];
    for (name, f) in transforms {
        let text = f(&broken);
        // The positions an editor shows: no BOM, every line end one `\n`.
        let shown = text
            .trim_start_matches('\u{FEFF}')
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let marks = mark_positions(&shown);
        let c = check_bytes(text.replace(MARK, "").as_bytes());
        assert_eq!(c.code, 1, "{name}");
        let found: Vec<(String, u64, u64)> = c
            .diags
            .iter()
            .map(|d| (d.code.clone(), d.line, d.column))
            .collect();
        let [(l1, c1), (l2, c2)] = marks[..] else {
            panic!("two marks")
        };
        assert_eq!(
            found,
            [("E0201".into(), l1, c1), ("E0208".into(), l2, c2 + 2)],
            "{name}"
        );
    }
}
