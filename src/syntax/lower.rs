//! Lossless tree → [`ast`]: the spanned, loosely typed statements the checker reads. Strings
//! are unescaped and text blocks dedented here, and a `\\u{...}` that names no character is
//! reported here, once, with its place.

use super::ast::{self, Node, Span, Spanned, Value};
use super::cst::{Sla, SyntaxKind};
use super::kinds::Kind;
use crate::diagnostic::{Diagnostic, FileId, Problem};
use rowan::{GreenNodeData, GreenTokenData, Language, NodeOrToken};

/// The AST of a tree whose file pest read as a whole, with the diagnostics of its strings.
pub fn file(root: &GreenNodeData, file: FileId) -> (Option<ast::File>, Vec<Diagnostic>) {
    let mut lower = Lower {
        file,
        diags: Vec::new(),
    };
    let mut uses = Vec::new();
    let mut sla = None;
    for (el, at) in children(root, 0) {
        if let NodeOrToken::Node(n) = el {
            match kind(n.kind()) {
                SyntaxKind::Use => {
                    if let Some(u) = lower.use_decl(n, at) {
                        uses.push(u);
                    }
                }
                SyntaxKind::Stmt(Kind::Sla) => sla = Some(lower.node(n, at)),
                _ => {}
            }
        }
    }
    let tree = sla.map(|sla| ast::File { uses, sla });
    (tree, lower.diags)
}

fn kind(raw: rowan::SyntaxKind) -> SyntaxKind {
    Sla::kind_from_raw(raw)
}

/// The children of a node with the offset each starts at.
fn children(
    node: &GreenNodeData,
    start: usize,
) -> impl Iterator<Item = (NodeOrToken<&GreenNodeData, &GreenTokenData>, usize)> {
    let mut at = start;
    node.children().map(move |c| {
        let here = at;
        at += usize::from(c.text_len());
        (c, here)
    })
}

struct Lower {
    file: FileId,
    diags: Vec<Diagnostic>,
}

fn spanned(t: &GreenTokenData, at: usize) -> Spanned<String> {
    Spanned {
        value: t.text().to_string(),
        span: Span::new(at, at + t.text().len()),
    }
}

/// The first token of a kind inside a small node (`Name`, `Label`).
fn first_token(
    node: &GreenNodeData,
    at: usize,
    want: SyntaxKind,
) -> Option<(&GreenTokenData, usize)> {
    children(node, at).find_map(|(c, off)| match c {
        NodeOrToken::Token(t) if kind(t.kind()) == want => Some((t, off)),
        _ => None,
    })
}

impl Lower {
    fn use_decl(&mut self, n: &GreenNodeData, at: usize) -> Option<ast::Use> {
        let span = Span::new(at, at + usize::from(n.text_len()));
        let mut name = None;
        let mut path = None;
        for (c, off) in children(n, at) {
            match c {
                NodeOrToken::Node(m) if kind(m.kind()) == SyntaxKind::Name => {
                    name = first_token(m, off, SyntaxKind::Ident).map(|(t, o)| spanned(t, o));
                }
                NodeOrToken::Token(t) if kind(t.kind()) == SyntaxKind::Str => {
                    path = Some(self.string(t, off));
                }
                _ => {}
            }
        }
        Some(ast::Use {
            name: name?,
            path: path?,
            span,
        })
    }

    /// A statement and everything in it.
    fn node(&mut self, n: &GreenNodeData, at: usize) -> Node {
        let SyntaxKind::Stmt(k) = kind(n.kind()) else {
            unreachable!("node() is called on statements")
        };
        let mut node = Node {
            kind: k,
            span: Span::new(at, at + usize::from(n.text_len())),
            id: None,
            label: None,
            args: Vec::new(),
            children: Vec::new(),
        };
        if k == Kind::Error {
            return node;
        }
        // Sized once: a block's statements would otherwise grow the vector several times.
        let statements = n
            .children()
            .filter(|c| matches!(c, NodeOrToken::Node(m) if matches!(kind(m.kind()), SyntaxKind::Stmt(_))))
            .count();
        node.children.reserve_exact(statements);
        for (c, off) in children(n, at) {
            match c {
                NodeOrToken::Node(m) => match kind(m.kind()) {
                    SyntaxKind::Name => {
                        node.id =
                            first_token(m, off, SyntaxKind::Ident).map(|(t, o)| spanned(t, o));
                    }
                    SyntaxKind::Label => {
                        node.label =
                            first_token(m, off, SyntaxKind::Str).map(|(t, o)| self.string(t, o));
                    }
                    SyntaxKind::Stmt(_) => node.children.push(self.node(m, off)),
                    _ => {
                        if let Some(v) = self.compound(m, off) {
                            node.args.push(v);
                        }
                    }
                },
                NodeOrToken::Token(t) => {
                    if let Some(v) = self.simple(t, off) {
                        node.args.push(v);
                    }
                }
            }
        }
        node
    }

    /// A value that is one token.
    fn simple(&mut self, t: &GreenTokenData, at: usize) -> Option<Value> {
        Some(match kind(t.kind()) {
            SyntaxKind::Str => Value::Str(self.string(t, at)),
            SyntaxKind::Ident => Value::Path(spanned(t, at)),
            SyntaxKind::Number => Value::Integer(spanned(t, at)),
            SyntaxKind::Time => Value::Time(spanned(t, at)),
            SyntaxKind::Date => Value::Date(spanned(t, at)),
            SyntaxKind::YearMonth => Value::YearMonth(spanned(t, at)),
            SyntaxKind::Word => Value::Word(spanned(t, at)),
            _ => return None,
        })
    }

    /// A value with parts (`98%`, `2 business_days`, `10:00-19:00`).
    fn compound(&mut self, n: &GreenNodeData, at: usize) -> Option<Value> {
        let span = Span::new(at, at + usize::from(n.text_len()));
        let mut approx = false;
        let mut open_range = false;
        let mut overnight = false;
        let mut parts: Vec<Spanned<String>> = Vec::new();
        let mut unit = None;
        for (c, off) in children(n, at) {
            let NodeOrToken::Token(t) = c else { continue };
            match kind(t.kind()) {
                SyntaxKind::Approx => approx = true,
                SyntaxKind::Overnight => overnight = true,
                SyntaxKind::Unit | SyntaxKind::BandwidthUnit => unit = Some(spanned(t, off)),
                SyntaxKind::Punct if t.text() == ".." => open_range = true,
                SyntaxKind::Number
                | SyntaxKind::Time
                | SyntaxKind::MonthDay
                | SyntaxKind::Weekday => parts.push(spanned(t, off)),
                _ => {}
            }
        }
        let mut parts = parts.into_iter();
        Some(match kind(n.kind()) {
            SyntaxKind::Percent => Value::Percent(parts.next()?),
            SyntaxKind::Duration => Value::Duration {
                approx,
                amount: parts.next()?,
                unit: unit?,
                span,
            },
            SyntaxKind::Range => Value::Range {
                approx,
                min: parts.next()?,
                max: parts.next()?,
                unit: unit?,
                span,
            },
            SyntaxKind::Window => Value::Window {
                start: parts.next()?,
                end: parts.next()?,
                overnight,
                span,
            },
            SyntaxKind::Annual => Value::Annual {
                start: parts.next()?,
                end: parts.next()?,
                span,
            },
            SyntaxKind::Weekdays => Value::Weekdays {
                from: parts.next()?,
                to: parts.next(),
                span,
            },
            SyntaxKind::Bandwidth => {
                let min = parts.next()?;
                let max = parts.next();
                Value::Bandwidth {
                    open: open_range && max.is_none(),
                    min,
                    max,
                    unit: unit?,
                    span,
                }
            }
            _ => return None,
        })
    }

    /// The value of a string literal: escapes replaced, text blocks dedented.
    fn string(&mut self, t: &GreenTokenData, at: usize) -> Spanned<String> {
        let raw = t.text();
        let span = Span::new(at, at + raw.len());
        let value = if let Some(inner) = raw.strip_prefix("\"\"\"") {
            let inner = inner.strip_suffix("\"\"\"").unwrap_or(inner);
            // A text block's lines end as the file's do; its value has `\n` line ends.
            if inner.contains('\r') {
                dedent(&inner.replace("\r\n", "\n").replace('\r', "\n"))
            } else {
                dedent(inner)
            }
        } else {
            let inner = raw.strip_prefix('"').unwrap_or(raw);
            let inner = inner.strip_suffix('"').unwrap_or(inner);
            // Most strings have no escape: one search tells, and the text is taken as it is.
            if inner.contains('\\') {
                self.check_unicode_escapes(inner, at + 1);
                unescape(inner)
            } else {
                inner.to_string()
            }
        };
        Spanned { value, span }
    }

    /// `\u{...}` must name a character: not a surrogate, not beyond U+10FFFF (the grammar
    /// only checks that it is one to six hex digits). `at` is where `raw` starts in the file.
    fn check_unicode_escapes(&mut self, raw: &str, at: usize) {
        let mut rest = raw;
        let mut offset = 0;
        while let Some(i) = rest.find('\\') {
            let esc = &rest[i..];
            let len = if let Some(hex) = esc.strip_prefix("\\u{") {
                let digits = hex.find('}').unwrap_or(hex.len());
                let ok = u32::from_str_radix(&hex[..digits], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .is_some();
                let len = 3 + digits + 1;
                if !ok {
                    let start = at + offset + i;
                    self.diags.push(Diagnostic::new(
                        Problem::Syntax {
                            expected: vec![
                                "a character code (\\u{0} to \\u{10FFFF}, not a surrogate)".into(),
                            ],
                            found: format!("`{}`", &esc[..len.min(esc.len())]),
                            context: "a string",
                            allowed: Vec::new(),
                        },
                        self.file,
                        Span::new(start, start + len.min(esc.len())),
                    ));
                }
                len
            } else {
                // `\"`, `\\`, `\n`, `\t`: two characters (the grammar allows nothing else).
                2
            };
            let skip = (i + len).min(rest.len());
            offset += skip;
            rest = &rest[skip..];
        }
    }
}

/// Replaces the escapes of a quoted string. The grammar has checked them.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                out.push(ch);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The content of a `"""` block: without the first line break, the common indentation of its
/// lines, and the indentation before the closing quotes.
fn dedent(raw: &str) -> String {
    let raw = raw
        .strip_prefix("\r\n")
        .or_else(|| raw.strip_prefix('\n'))
        .unwrap_or(raw);
    let lines: Vec<&str> = raw.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_blocks_are_dedented() {
        assert_eq!(dedent("\n    a\n      b\n    "), "a\n  b");
        assert_eq!(dedent("one line"), "one line");
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\u{3042}"#), "a\"b\\c\ndあ");
    }
}
