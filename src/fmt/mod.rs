//! `slagen fmt`: the canonical layout of a spec, printed from its lossless syntax tree.
//!
//! The layout (documented in `grammar/README.md`, "Layout"):
//! - two spaces of indentation a block level; one statement a line; `}` on its own line;
//! - a block written on one line with at most one statement and no comment stays on one line
//!   (`exclusion x "…" { kind force_majeure }`);
//! - single spaces between the parts of a statement, none before `,`, spaces around `=>` and `=`,
//!   none around `..` and inside a value (`10:00-19:00`, `1..2 weeks`, `100.. Mbps`);
//! - consecutive statements without a block (not parted by a blank line or a comment line) align
//!   their values: each keyword that is once in the run is padded to the longest of them; and
//!   consecutive statements of the same keyword with several parts (`tier`, `item`, `area`,
//!   `row`) align their parts as columns, by display width (a CJK character is two columns);
//! - a list broken across lines stays broken where it was, its lines aligned under its first
//!   value;
//! - comments stay where they stand: a comment on its own line keeps its line (at the block's
//!   indentation), a comment after a statement stays after it; blank lines between statements
//!   are kept, a run of them becomes one, none after `{` or before `}`;
//! - strings and text blocks are printed as written; a statement with a comment between its
//!   parts is printed as written;
//! - the file keeps its line ending (CRLF stays CRLF) and its byte order mark, and ends with one
//!   line ending.
//!
//! Formatting never changes meaning: the tests check that the model of every spec in `specs/`
//! is the same before and after, that formatting twice changes nothing, and that every comment
//! is kept.

use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax;
use crate::syntax::cst::{SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken};
use rowan::NodeOrToken;
use unicode_width::UnicodeWidthStr;

/// One level of indentation.
const INDENT: &str = "  ";

/// The formatted text of a spec, or its syntax errors (a file with errors is not formatted).
pub fn format(text: &str, file: FileId) -> Result<String, Vec<Diagnostic>> {
    let parse = syntax::parse(text, file);
    if !parse.diagnostics.is_empty() || parse.ast.is_none() {
        return Err(parse.diagnostics);
    }
    Ok(print(&parse.syntax(), text))
}

/// The formatted text of a spec from its tree, parsed already and without syntax errors (the
/// language server keeps the tree of its last check, so formatting needs no second parse).
pub fn print(root: &SyntaxNode, text: &str) -> String {
    let mut p = Printer {
        out: String::with_capacity(text.len() + text.len() / 8),
    };
    if text.starts_with('\u{FEFF}') {
        p.out.push('\u{FEFF}');
    }
    let elements: Vec<SyntaxElement> = root.children_with_tokens().collect();
    p.entries(&elements, 0);
    let nl = line_ending(text);
    let mut out = p.out;
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    if nl != "\n" {
        out = out.replace('\n', nl);
    }
    out
}

/// The line ending of a file: the first one it has (`\n` for a file of one line).
fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// What a block holds, in order.
enum Entry {
    /// A statement (or a `use`, or a list's string), with a comment after it on its line.
    Item(SyntaxElement, Option<SyntaxToken>),
    /// A comment on a line of its own.
    Comment(SyntaxToken),
}

struct Line {
    entry: Entry,
    /// A blank line stood before it.
    blank_before: bool,
}

/// Splits the elements of a block (or of the file) into its entries.
fn entries(elements: &[SyntaxElement], in_block: bool) -> (Option<SyntaxToken>, Vec<Line>) {
    let mut lines: Vec<Line> = Vec::new();
    let mut opening_comment = None;
    let mut newlines = 0usize;
    let mut seen_any = false;
    for el in elements {
        match el {
            NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::Newline => newlines += 1,
                SyntaxKind::Whitespace => {}
                SyntaxKind::Comment => {
                    if newlines == 0 {
                        if let Some(Line {
                            entry: Entry::Item(_, trailing @ None),
                            ..
                        }) = lines.last_mut()
                        {
                            *trailing = Some(t.clone());
                            continue;
                        }
                        if in_block && !seen_any && opening_comment.is_none() {
                            opening_comment = Some(t.clone());
                            seen_any = true;
                            continue;
                        }
                    }
                    lines.push(Line {
                        entry: Entry::Comment(t.clone()),
                        blank_before: newlines >= 2 && !lines.is_empty(),
                    });
                    newlines = 0;
                    seen_any = true;
                }
                SyntaxKind::Str => {
                    lines.push(Line {
                        entry: Entry::Item(el.clone(), None),
                        blank_before: newlines >= 2 && !lines.is_empty(),
                    });
                    newlines = 0;
                    seen_any = true;
                }
                _ => {}
            },
            NodeOrToken::Node(_) => {
                lines.push(Line {
                    entry: Entry::Item(el.clone(), None),
                    blank_before: newlines >= 2 && !lines.is_empty(),
                });
                newlines = 0;
                seen_any = true;
            }
        }
    }
    (opening_comment, lines)
}

/// A statement split at its block: the parts before `{`, and the elements inside the braces.
struct Split {
    head: Vec<SyntaxElement>,
    block: Option<Vec<SyntaxElement>>,
    /// The block was written on one line.
    block_on_one_line: bool,
}

fn split(node: &SyntaxNode) -> Split {
    let children: Vec<SyntaxElement> = node.children_with_tokens().collect();
    let open = children.iter().position(|c| is_punct(c, "{"));
    match open {
        None => Split {
            head: children,
            block: None,
            block_on_one_line: false,
        },
        Some(i) => {
            let close = children
                .iter()
                .rposition(|c| is_punct(c, "}"))
                .unwrap_or(children.len());
            let inner: Vec<SyntaxElement> = children[i + 1..close.max(i + 1)].to_vec();
            let one_line = !inner.iter().any(|c| {
                c.as_token()
                    .is_some_and(|t| t.kind() == SyntaxKind::Newline)
            });
            Split {
                head: children[..i].to_vec(),
                block: Some(inner),
                block_on_one_line: one_line,
            }
        }
    }
}

fn is_punct(el: &SyntaxElement, text: &str) -> bool {
    el.as_token()
        .is_some_and(|t| t.kind() == SyntaxKind::Punct && t.text() == text)
}

/// A part of a statement's line, and whether the source broke the line before it.
struct Piece {
    text: String,
    break_before: bool,
}

/// The parts of a statement's head, flattened; `None` when a comment stands between them (the
/// statement is then printed as written).
fn pieces(elements: &[SyntaxElement]) -> Option<Vec<Piece>> {
    let mut out: Vec<Piece> = Vec::new();
    let mut newline = false;
    collect_pieces(elements, &mut out, &mut newline)?;
    Some(out)
}

fn collect_pieces(
    elements: &[SyntaxElement],
    out: &mut Vec<Piece>,
    newline: &mut bool,
) -> Option<()> {
    for el in elements {
        match el {
            NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::Whitespace => {}
                SyntaxKind::Newline => *newline = !out.is_empty(),
                SyntaxKind::Comment => return None,
                _ => {
                    push_piece(out, t.text().to_string(), newline);
                }
            },
            NodeOrToken::Node(n) => match n.kind() {
                // Statements without a block inside a statement (`claim within 30 days`,
                // `closed sat, "盆" 08-13..08-16`) are parts of its line.
                SyntaxKind::Stmt(_) => {
                    let children: Vec<SyntaxElement> = n.children_with_tokens().collect();
                    collect_pieces(&children, out, newline)?;
                }
                SyntaxKind::Name | SyntaxKind::Label => {
                    push_piece(out, n.text().to_string(), newline);
                }
                _ => {
                    if n.descendants_with_tokens()
                        .any(|c| c.kind() == SyntaxKind::Comment)
                    {
                        return None;
                    }
                    push_piece(out, value_text(n), newline);
                }
            },
        }
    }
    Some(())
}

fn push_piece(out: &mut Vec<Piece>, text: String, newline: &mut bool) {
    // A comma belongs to the part before it.
    if text == ","
        && let Some(last) = out.last_mut()
    {
        last.text.push(',');
        return;
    }
    out.push(Piece {
        text,
        break_before: std::mem::take(newline),
    });
}

/// A value with parts, without space around `..` and a window's dash; one space before a unit
/// that was written apart from its number, and before `overnight`.
fn value_text(n: &SyntaxNode) -> String {
    let mut s = String::new();
    let mut pending_space = false;
    for el in n.descendants_with_tokens() {
        let NodeOrToken::Token(t) = el else { continue };
        match t.kind() {
            SyntaxKind::Whitespace | SyntaxKind::Newline => pending_space = true,
            kind => {
                let keep = pending_space
                    && matches!(
                        kind,
                        SyntaxKind::Unit | SyntaxKind::BandwidthUnit | SyntaxKind::Overnight
                    );
                if keep {
                    s.push(' ');
                }
                pending_space = false;
                s.push_str(t.text());
            }
        }
    }
    s
}

/// A statement's head as it will be printed: keyword, then its parts.
struct Head {
    keyword: String,
    rest: Vec<Piece>,
}

impl Head {
    fn multiline(&self) -> bool {
        self.rest.iter().any(|p| p.break_before)
    }
}

fn head_of(pieces: Vec<Piece>) -> Head {
    let mut it = pieces.into_iter();
    let keyword = it.next().map(|p| p.text).unwrap_or_default();
    Head {
        keyword,
        rest: it.collect(),
    }
}

struct Printer {
    out: String,
}

impl Printer {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
    }

    /// The entries of a block at `level`.
    fn entries(&mut self, elements: &[SyntaxElement], level: usize) {
        let (_, lines) = entries(elements, false);
        self.lines(&lines, level);
    }

    fn lines(&mut self, lines: &[Line], level: usize) {
        // Heads of the statements without a block, computed once; `None` for the others.
        let heads: Vec<Option<Head>> = lines
            .iter()
            .map(|l| match &l.entry {
                Entry::Item(NodeOrToken::Node(n), _) if n.kind() != SyntaxKind::Root => {
                    let s = split(n);
                    if s.block.is_some() {
                        return None;
                    }
                    pieces(&s.head).map(head_of)
                }
                _ => None,
            })
            .collect();
        // Runs of statements without a block: the keyword column of each.
        let mut keyword_width = vec![0usize; lines.len()];
        let mut i = 0;
        while i < lines.len() {
            if heads[i].is_none() {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < lines.len() && heads[j].is_some() && !lines[j].blank_before {
                j += 1;
            }
            // Only statements whose keyword is once in the run are padded: repeated keywords
            // are rows, aligned as a table of their own below. Counted once a run, so a run of
            // thousands of statements costs thousands of steps, not millions.
            let mut counts: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::new();
            for h in heads[i..j].iter().flatten() {
                *counts.entry(h.keyword.as_str()).or_default() += 1;
            }
            let once = |k: usize| {
                let kw = heads[k].as_ref().expect("runs have heads").keyword.as_str();
                counts.get(kw) == Some(&1)
            };
            let width = (i..j)
                .filter(|k| once(*k))
                .filter_map(|k| heads[k].as_ref())
                .map(|h| h.keyword.width())
                .max()
                .unwrap_or(0);
            for (k, w) in keyword_width.iter_mut().enumerate().take(j).skip(i) {
                if once(k) {
                    *w = width;
                }
            }
            i = j;
        }
        // Rows: consecutive one-line statements of the same keyword with several parts.
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
        let mut i = 0;
        while i < lines.len() {
            let Some(h) = heads[i].as_ref().filter(|h| is_row(h)) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < lines.len()
                && !lines[j].blank_before
                && heads[j]
                    .as_ref()
                    .is_some_and(|g| is_row(g) && g.keyword == h.keyword)
            {
                j += 1;
            }
            if j - i >= 2 {
                let mut widths: Vec<usize> = Vec::new();
                for row in heads.iter().take(j).skip(i) {
                    let row = row.as_ref().expect("rows have heads");
                    for (c, piece) in row.rest.iter().enumerate() {
                        if c + 1 == row.rest.len() {
                            break;
                        }
                        if widths.len() <= c {
                            widths.push(0);
                        }
                        widths[c] = widths[c].max(piece.text.width());
                    }
                }
                for col in columns.iter_mut().take(j).skip(i) {
                    col.clone_from(&widths);
                }
            }
            i = j;
        }
        for (k, line) in lines.iter().enumerate() {
            if line.blank_before {
                self.out.push('\n');
            }
            match &line.entry {
                Entry::Comment(t) => {
                    self.indent(level);
                    self.out.push_str(t.text());
                    self.out.push('\n');
                }
                Entry::Item(el, trailing) => {
                    match (el, &heads[k]) {
                        (_, Some(head)) => {
                            self.indent(level);
                            self.head(head, keyword_width[k], &columns[k], level);
                        }
                        (NodeOrToken::Node(n), None) => self.statement(n, level),
                        (NodeOrToken::Token(t), None) => {
                            self.indent(level);
                            self.out.push_str(t.text());
                        }
                    }
                    if let Some(c) = trailing {
                        self.out.push(' ');
                        self.out.push_str(c.text());
                    }
                    self.out.push('\n');
                }
            }
        }
    }

    /// A line of parts: the keyword padded to `keyword_width`, parts padded to `columns`,
    /// continuation lines aligned under the first part.
    fn head(&mut self, head: &Head, keyword_width: usize, columns: &[usize], level: usize) {
        self.out.push_str(&head.keyword);
        if head.rest.is_empty() {
            return;
        }
        let pad = keyword_width.saturating_sub(head.keyword.width());
        let value_column = level * INDENT.len() + head.keyword.width() + pad + 1;
        self.out.push(' ');
        push_spaces(&mut self.out, pad);
        for (c, piece) in head.rest.iter().enumerate() {
            if c > 0 {
                if piece.break_before {
                    self.out.push('\n');
                    push_spaces(&mut self.out, value_column);
                } else {
                    self.out.push(' ');
                    if let Some(w) = columns.get(c - 1) {
                        let before = head.rest[c - 1].text.width();
                        push_spaces(&mut self.out, w.saturating_sub(before));
                    }
                }
            }
            self.out.push_str(&piece.text);
        }
    }

    /// A statement with a block, or one printed as written; no line ending after it.
    fn statement(&mut self, n: &SyntaxNode, level: usize) {
        let s = split(n);
        let Some(head) = pieces(&s.head).map(head_of) else {
            return self.as_written(n, level);
        };
        let Some(block) = s.block else {
            self.indent(level);
            return self.head(&head, 0, &[], level);
        };
        self.indent(level);
        self.head(&head, 0, &[], level);
        let (opening_comment, lines) = entries(&block, true);
        let simple = lines.len() <= 1
            && opening_comment.is_none()
            && lines.iter().all(|l| match &l.entry {
                Entry::Item(NodeOrToken::Node(c), None) => {
                    let cs = split(c);
                    cs.block.is_none() && pieces(&cs.head).is_some_and(|p| !head_of(p).multiline())
                }
                Entry::Item(NodeOrToken::Token(_), None) => true,
                _ => false,
            });
        if s.block_on_one_line && simple {
            if lines.is_empty() {
                self.out.push_str(" {}");
                return;
            }
            self.out.push_str(" { ");
            let mut inner = Printer { out: String::new() };
            inner.lines(&lines, 0);
            self.out.push_str(inner.out.trim_end_matches('\n'));
            self.out.push_str(" }");
            return;
        }
        self.out.push_str(" {");
        if let Some(c) = opening_comment {
            self.out.push(' ');
            self.out.push_str(c.text());
        }
        self.out.push('\n');
        self.lines(&lines, level + 1);
        self.indent(level);
        self.out.push('}');
    }

    /// A statement with a comment between its parts: its text as written, from its first
    /// character, at the block's indentation.
    fn as_written(&mut self, n: &SyntaxNode, level: usize) {
        self.indent(level);
        self.out.push_str(n.text().to_string().trim_end());
    }
}

/// A statement whose parts line up as a table row: one line, several parts.
fn is_row(h: &Head) -> bool {
    h.rest.len() >= 2 && !h.multiline()
}

fn push_spaces(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// What `fmt --check` prints for a file that is not formatted: a unified diff from the file
/// as it is to the file as `fmt` would write it.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(path, &format!("{path} (formatted)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        format(s, 0).unwrap_or_else(|d| panic!("{d:?}"))
    }

    #[test]
    fn indents_aligns_and_keeps_comments() {
        let src = "// head\nsla x \"X\" {\n service \"S\"   // trailing\n      timezone \"Asia/Tokyo\"\n\n\n\n // own line\n parties { provider \"当社\"  customer \"お客様\" }\n  exclusions e { exclusion a \"A\" { kind force_majeure } }\n}\n";
        let want = "// head\nsla x \"X\" {\n  service  \"S\" // trailing\n  timezone \"Asia/Tokyo\"\n\n  // own line\n  parties {\n    provider \"当社\"\n    customer \"お客様\"\n  }\n  exclusions e {\n    exclusion a \"A\" { kind force_majeure }\n  }\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn crlf_stays_crlf() {
        let src = "sla x \"X\" {\r\n  service \"S\"\r\n}\r\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn values_lose_inner_spaces() {
        let src = "sla x \"X\" {\n  hours h { windows 10:00 - 12:00 ,13:00-18:00 }\n}\n";
        assert_eq!(
            fmt(src),
            "sla x \"X\" {\n  hours h { windows 10:00-12:00, 13:00-18:00 }\n}\n"
        );
    }

    #[test]
    fn rows_align_by_display_width() {
        let src = "sla x \"X\" {\n  network n {\n    tier \"最低ライン\" down 10..20 Mbps up 1..5 Mbps\n    tier \"普通\" down 20..30 Mbps up 5..15 Mbps\n  }\n}\n";
        let want = "sla x \"X\" {\n  network n {\n    tier \"最低ライン\" down 10..20 Mbps up 1..5 Mbps\n    tier \"普通\"       down 20..30 Mbps up 5..15 Mbps\n  }\n}\n";
        assert_eq!(fmt(src), want);
    }

    #[test]
    fn a_file_with_errors_is_not_formatted() {
        assert!(format("sla x \"X\" {\n  nonsense here\n}\n", 0).is_err());
    }
}
