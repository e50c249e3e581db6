//! Helpers for the language tests (`language`, `checks`, `bad_input`): write a spec, run
//! `slagen check --message-format json` or `slagen export`, and find diagnostics by code and
//! position. Positions in test specs are marked with `‸` (removed before the spec is written),
//! so a test says where a diagnostic must point without counting columns by hand.

#![allow(dead_code)]

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// Marks the expected position of a diagnostic in a test spec.
pub const MARK: char = '‸';

/// A diagnostic as `check --message-format json` prints it, reduced to what tests compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `E0201`, `W0401`, ...
    pub code: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// The message.
    pub message: String,
    /// The whole JSON object.
    pub json: String,
}

/// What `slagen check` gave.
pub struct Checked {
    /// Exit code.
    pub code: i32,
    /// The diagnostics, in the order printed.
    pub diags: Vec<Diag>,
    /// Standard error, raw.
    pub stderr: String,
}

impl Checked {
    /// The codes, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.diags.iter().map(|d| d.code.as_str()).collect()
    }

    /// Every diagnostic with this code.
    pub fn with_code(&self, code: &str) -> Vec<&Diag> {
        self.diags.iter().filter(|d| d.code == code).collect()
    }
}

/// Line and column (1-based, columns in characters) of the first `‸` in `text`, and the text
/// without the marks.
pub fn strip_mark(text: &str) -> (String, Option<(u64, u64)>) {
    let pos = text.find(MARK).map(|at| {
        let before = &text[..at];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        (line, column)
    });
    (text.replace(MARK, ""), pos)
}

/// Line and column of every `‸` in `text`, each as if the marks were not there.
pub fn mark_positions(text: &str) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut rest = text.to_string();
    while let (clean, Some(pos)) = strip_mark_first(&rest) {
        out.push(pos);
        rest = clean;
    }
    out
}

/// Like [`strip_mark`] for the first mark only.
fn strip_mark_first(text: &str) -> (String, Option<(u64, u64)>) {
    match text.find(MARK) {
        Some(at) => {
            let (_, pos) = strip_mark(&text[..at + MARK.len_utf8()]);
            (text.replacen(MARK, "", 1), pos)
        }
        None => (text.to_string(), None),
    }
}

/// Parses the JSON lines of `--message-format json`.
pub fn parse_diags(stderr: &str) -> Vec<Diag> {
    json_diagnostics(stderr)
        .into_iter()
        .map(|v| Diag {
            code: v["code"].as_str().unwrap_or_default().to_string(),
            line: v["line"].as_u64().unwrap_or_default(),
            column: v["column"].as_u64().unwrap_or_default(),
            message: v["message"].as_str().unwrap_or_default().to_string(),
            json: v.to_string(),
        })
        .collect()
}

/// Runs `slagen check --message-format json` on a file.
pub fn check_file(path: &Path) -> Checked {
    let dir = path.parent().expect("a file in a directory");
    let run = slagen_in(
        dir,
        &[
            "check",
            "--message-format",
            "json",
            path.file_name().unwrap().to_str().unwrap(),
        ],
        None,
    );
    Checked {
        code: run.code,
        diags: parse_diags(&run.stderr),
        stderr: run.stderr,
    }
}

/// Writes `bytes` as `spec.sla` in a fresh directory and checks it.
pub fn check_bytes(bytes: &[u8]) -> Checked {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("spec.sla");
    std::fs::write(&path, bytes).expect("written");
    check_file(&path)
}

/// Checks a spec (marks removed).
pub fn check_text(text: &str) -> Checked {
    check_bytes(strip_mark(text).0.as_bytes())
}

/// Asserts that checking `text` reports `code` at the position of the `‸` mark, and returns
/// the run for further assertions. Errors must exit 1; warnings alone exit 0.
#[track_caller]
pub fn expect_at(code: &str, text: &str) -> Checked {
    let (clean, pos) = strip_mark(text);
    let (line, column) = pos.expect("the test spec marks the position with ‸");
    let checked = check_bytes(clean.as_bytes());
    let found = checked
        .diags
        .iter()
        .any(|d| d.code == code && d.line == line && d.column == column);
    assert!(
        found,
        "expected {code} at {line}:{column}; got:\n{}\nin spec:\n{clean}",
        describe(&checked)
    );
    let expected_exit = if code.starts_with('E') { 1 } else { 0 };
    if checked.diags.iter().all(|d| d.code.starts_with('W')) || code.starts_with('E') {
        assert_eq!(checked.code, expected_exit, "{}", checked.stderr);
    }
    assert_no_panic(&checked.stderr);
    checked
}

/// The diagnostics of a run, one a line, for failure messages.
pub fn describe(checked: &Checked) -> String {
    let mut s = format!("exit {}\n", checked.code);
    for d in &checked.diags {
        s.push_str(&format!(
            "  {} {}:{} {}\n",
            d.code, d.line, d.column, d.message
        ));
    }
    if checked.diags.is_empty() {
        s.push_str(&checked.stderr);
    }
    s
}

/// Fails if the binary panicked or aborted.
#[track_caller]
pub fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflowed its stack"),
        "slagen panicked:\n{stderr}"
    );
}

/// A spec with the usual head: id `t`, service `X`, revised 2024-05, then `body`. The body
/// starts on line 4.
pub fn spec(body: &str) -> String {
    format!("sla t \"テスト\" {{\n  service \"X\"\n  revised 2024-05\n{body}\n}}\n")
}

/// Exports a spec (written in `dir` as `name`) and returns the JSON; panics with the
/// diagnostics if it does not export.
#[track_caller]
pub fn export_in(dir: &Path, name: &str, text: &str) -> Value {
    std::fs::write(dir.join(name), text).expect("written");
    let run = slagen_in(dir, &["export", name, "--to", "json"], None);
    assert_eq!(run.code, 0, "export failed:\n{}\n{text}", run.stderr);
    serde_json::from_str(&run.stdout).expect("export is JSON")
}

/// Exports a spec written alone in a temporary directory.
#[track_caller]
pub fn export(text: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    export_in(dir.path(), "spec.sla", text)
}

/// The term with this id in an export.
#[track_caller]
pub fn term<'a>(export: &'a Value, id: &str) -> &'a Value {
    export["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no term `{id}` in {export:#}"))
}

/// A small deterministic generator (xorshift), so that failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
