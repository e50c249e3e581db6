//! Line ends and control characters in spec text. A bare CR is a line end to GFM readers, so it
//! could start a heading, list, code block or table row; ESC, BEL and NUL could drive a terminal
//! or fail the Nu checker. Every format must show them as text: the Markdown is read back with
//! two real GFM readers (cmark-gfm and markdown-it-py, installed by `.ci/deps`) and must have the
//! same structure as the same spec with harmless text. A `|` stays inside its table cell, and
//! spec text never becomes a link.

use crate::common::*;

/// What each text of the spec carries: bare CRs before block markup, a table row, a fence, a
/// terminal title sequence, BEL, NUL, a `|` and URLs.
const PAYLOAD: &str = r"前\u{d}# 見出し\u{d}- 項目\u{d}\u{d}| a | b |\u{d}```\u{d}\u{1b}]0;title\u{7}\u{0}後 A | B https://example.com/x www.example.com";

/// The same lines and blank line as [`PAYLOAD`], without markup or controls.
const PLAIN: &str = r"前\u{d}見出し\u{d}項目\u{d}\u{d}表\u{d}柵\u{d}題後 A B 例";

fn spec(payload: &str) -> String {
    format!(
        r#"sla t "題{payload}" {{
  service "X{payload}"
  revised 2024-05
  chapter main "章{payload}" {{
    text "段落{payload}"
    note "注記{payload}"
    list {{
      "項目{payload}"
    }}
    table {{
      columns "列{payload}", "列2"
      row "セル{payload}", "x"
    }}
  }}
}}
"#
    )
}

/// Renders both specs in a format, with `--columns` carrying the payload for `history`.
fn both(format: &str) -> (String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for (name, payload) in [("bad.sla", PAYLOAD), ("plain.sla", PLAIN)] {
        std::fs::write(tmp.path().join(name), spec(payload)).unwrap();
        let run = slagen_in(tmp.path(), &["render", name, "--format", format], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        out.push(run.stdout);
    }
    (out.remove(0), out.remove(0))
}

/// The tags of an HTML text, in order, without attributes; line breaks inside a cell (`<br>`,
/// which cmark-gfm shows as an omitted-HTML comment) are not structure.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter(|t| !t.starts_with("!--") && !t.starts_with("br"))
        .map(|t| {
            t.split(|c: char| c == '>' || c.is_whitespace())
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn cmark_gfm(md: &str) -> String {
    run_tool(
        "cmark-gfm",
        &["--extension", "table", "--extension", "autolink"],
        md,
    )
}

fn markdown_it(md: &str) -> String {
    run_tool(
        "python3",
        &[
            "-c",
            "import sys; from markdown_it import MarkdownIt; \
             sys.stdout.write(MarkdownIt('commonmark').enable('table').render(sys.stdin.read()))",
        ],
        md,
    )
}

fn run_tool(tool: &str, args: &[&str], input: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool} (installed by .ci/deps): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn no_controls(text: &str, what: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect();
    assert!(bad.is_empty(), "{what}: control characters {bad:?}");
}

#[test]
fn markdown_keeps_its_structure_in_both_gfm_readers() {
    let (bad, plain) = both("md");
    no_controls(&bad, "md");
    for (reader, read) in [
        ("cmark-gfm", cmark_gfm as fn(&str) -> String),
        ("markdown-it", markdown_it),
    ] {
        let (b, p) = (read(&bad), read(&plain));
        assert_eq!(tags(&b), tags(&p), "{reader}: structure differs\n{b}");
        // The cell's `|` and the rest of the payload stay in the cell.
        assert!(b.contains("A | B"), "{reader}: {b}");
        assert!(!b.contains("<a "), "{reader}: a link\n{b}");
    }
}

#[test]
fn html_typst_and_text_carry_no_control_characters() {
    let (html, _) = both("html");
    no_controls(&html, "html");
    assert!(html.contains('␛') && html.contains('␀') && html.contains('␇'));
    // The only links are the table of contents' own anchors: spec text never becomes a link.
    let links = html.matches("<a ").count();
    let anchors = html.matches("<a href=\"#").count();
    assert_eq!(links, anchors, "{html}");
    let (typst, _) = both("typst");
    no_controls(&typst, "typst");
}

#[test]
fn diagnostics_and_terminal_text_show_controls_as_pictures() {
    // A spec whose error line carries a terminal title sequence and a bell.
    let (_dir, path) = temp_spec(&minimal(
        "  fact 割合 \"\u{1b}]0;owned\u{7}\u{1b}[2J\" 120%",
    ));
    let run = slagen(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    no_controls(&run.stderr, "diagnostics");
    assert!(run.stderr.contains("␛]0;owned␇"), "{}", run.stderr);
    // With colour asked for, too.
    let run = slagen(&[
        "--color".as_ref(),
        "always".as_ref(),
        "check".as_ref(),
        path.as_os_str(),
    ]);
    no_controls(&run.stderr, "coloured diagnostics");
}

#[test]
fn the_columns_labels_of_a_diff_cannot_inject() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.sla"), spec("一")).unwrap();
    std::fs::write(tmp.path().join("b.sla"), spec("二")).unwrap();
    let columns = "旧\r# 見出し\r| x | y |\u{1b}[2J/新 A | B";
    let mut outs = Vec::new();
    for cols in [columns, "旧/新"] {
        let run = slagen_in(
            tmp.path(),
            &[
                "diff",
                "a.sla",
                "b.sla",
                "--format",
                "md",
                "--columns",
                cols,
            ],
            None,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        outs.push(run.stdout);
    }
    no_controls(&outs[0], "diff md");
    for read in [cmark_gfm as fn(&str) -> String, markdown_it] {
        assert_eq!(tags(&read(&outs[0])), tags(&read(&outs[1])), "{}", outs[0]);
    }
    let run = slagen_in(
        tmp.path(),
        &[
            "diff",
            "a.sla",
            "b.sla",
            "--format",
            "html",
            "--columns",
            columns,
        ],
        None,
    );
    no_controls(&run.stdout, "diff html");
}
