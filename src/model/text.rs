//! Text that may interpolate values: `"目標値は{availability.target}です。"`.
//!
//! A [`Text`] keeps the source string (what the JSON export shows) and its pieces: literal runs
//! and references. `{{` and `}}` stand for literal braces. The checker resolves each reference to
//! a term and one of its fields; the renderer formats the value in the document's style.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal characters.
    Literal(String),
    /// A value: `{target}` (a field of the term the text belongs to), `{service}` (a spec
    /// field), or `{availability.target}` (a field of another term).
    Ref {
        /// The term's id; `None` for the enclosing term's own fields or the spec's fields.
        term: Option<String>,
        /// The field.
        field: String,
        /// Byte offset of the `{` inside the source string.
        offset: usize,
    },
}

/// A text with interpolations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text as written.
    pub source: String,
    /// Literal runs and references, in order.
    pub pieces: Vec<Piece>,
}

/// Why a text's interpolations could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpolationError {
    /// Byte offset inside the string.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl Text {
    /// A text without interpolations, whatever its characters.
    pub fn literal(s: impl Into<String>) -> Text {
        let source: String = s.into();
        Text {
            pieces: if source.is_empty() {
                vec![]
            } else {
                vec![Piece::Literal(source.clone())]
            },
            source,
        }
    }

    /// Reads `{...}` references and `{{`/`}}` escapes.
    pub fn parse(source: &str) -> Result<Text, InterpolationError> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let b = source.as_bytes();
        // The text between braces is copied a run at a time, not a character at a time: long
        // Japanese paragraphs have none or a few. The next `{` and the next `}` are each found
        // with memchr (`str::find` of a char) and searched again only once passed.
        let next = |c: char, from: usize| source[from..].find(c).map_or(b.len(), |k| from + k);
        let (mut open, mut close) = (next('{', 0), next('}', 0));
        let mut at = 0;
        loop {
            if open < at {
                open = next('{', at);
            }
            if close < at {
                close = next('}', at);
            }
            let i = open.min(close);
            if i == b.len() {
                break;
            }
            lit.push_str(&source[at..i]);
            if b.get(i + 1) == Some(&b[i]) {
                lit.push(char::from(b[i]));
                at = i + 2;
                continue;
            }
            if b[i] == b'}' {
                return Err(InterpolationError {
                    offset: i,
                    message: "`}` without a `{`; write `}}` for a literal brace".into(),
                });
            }
            let rest = &source[i + 1..];
            let Some(end) = rest.find('}') else {
                return Err(InterpolationError {
                    offset: i,
                    message: "`{` opens a value that is never closed with `}`; write `{{` for a literal brace".into(),
                });
            };
            let inner = rest[..end].trim();
            let parts: Vec<&str> = inner.split('.').collect();
            let valid = |p: &str| {
                let mut cs = p.chars();
                cs.next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_' || !c.is_ascii())
                    && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            };
            if parts.len() > 2 || !parts.iter().all(|p| valid(p)) {
                return Err(InterpolationError {
                    offset: i,
                    message: format!(
                        "`{{{inner}}}` is not a value name; write `{{field}}` or `{{term.field}}`, or `{{{{` for a literal brace"
                    ),
                });
            }
            if !lit.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut lit)));
            }
            let (term, field) = match parts.as_slice() {
                [f] => (None, (*f).to_string()),
                [t, f] => (Some((*t).to_string()), (*f).to_string()),
                _ => unreachable!("checked above"),
            };
            pieces.push(Piece::Ref {
                term,
                field,
                offset: i,
            });
            // Past the reference's closing brace.
            at = i + 1 + end + 1;
        }
        lit.push_str(&source[at..]);
        if !lit.is_empty() {
            pieces.push(Piece::Literal(lit));
        }
        Ok(Text {
            source: source.to_string(),
            pieces,
        })
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Text as written in the spec; {term.field} interpolates a value, {{ and }} are literal braces."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references_and_escapes() {
        let t = Text::parse("目標値{availability.target}以上{{注}}{label}").unwrap();
        assert_eq!(
            t.pieces,
            vec![
                Piece::Literal("目標値".into()),
                Piece::Ref {
                    term: Some("availability".into()),
                    field: "target".into(),
                    offset: 9
                },
                Piece::Literal("以上{注}".into()),
                Piece::Ref {
                    term: None,
                    field: "label".into(),
                    offset: 43
                },
            ]
        );
    }

    #[test]
    fn literal_runs_between_braces() {
        let t = Text::parse("}}前{{後}}{a}").unwrap();
        assert_eq!(
            t.pieces,
            vec![
                Piece::Literal("}前{後}".into()),
                Piece::Ref {
                    term: None,
                    field: "a".into(),
                    offset: 12
                },
            ]
        );
        assert_eq!(
            Text::parse("文").unwrap().pieces,
            vec![Piece::Literal("文".into())]
        );
        assert!(Text::parse("").unwrap().pieces.is_empty());
        assert_eq!(Text::parse("ab}c").unwrap_err().offset, 2);
        assert_eq!(Text::parse("{{a}").unwrap_err().offset, 3);
        assert_eq!(Text::parse("x{a} {b").unwrap_err().offset, 5);
    }

    #[test]
    fn rejects_unbalanced_braces() {
        assert!(Text::parse("a{b").is_err());
        assert!(Text::parse("a}b").is_err());
        assert!(Text::parse("a{b c}").is_err());
        assert!(Text::parse("a{}").is_err());
    }
}

/// A string from a spec (or a file it reads) as every output shows it: a carriage return, alone
/// or before a line feed, becomes a line feed (CommonMark and GFM end a line at a bare CR, so it
/// could otherwise start a heading, list or table row in Markdown), and every other control
/// character except the tab becomes its visible picture (`␛` for ESC, `␀` for NUL, `␡` for
/// DEL, `�` for a C1 control), so no text can drive a terminal, be refused by an HTML checker or
/// vanish from a PDF. Borrowed when nothing changes.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| c != '\n' && c != '\t' && c.is_control();
    if !s.chars().any(needs) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if needs(c) => out.push(control_picture(c)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The Unicode control picture of a control character (U+2400 block), `�` for C1 controls.
fn control_picture(c: char) -> char {
    match u32::from(c) {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7f => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn line_ends_become_line_feeds_and_controls_become_pictures() {
        assert_eq!(printable("a\r# b\r\nc\nd\te"), "a\n# b\nc\nd\te");
        assert_eq!(
            printable("\u{1b}]0;x\u{7}\0\u{7f}\u{9b}"),
            "␛]0;x␇␀␡\u{FFFD}"
        );
        assert!(matches!(
            printable("普通の文"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

/// Why `s` is not an address a document may link to, or `None` when it is one: an absolute
/// `http` or `https` URL with a host, without spaces, control characters, quotes, angle brackets
/// or backslashes (each would end a Markdown autolink, an HTML attribute or a Typst string, or
/// is read differently by different parsers). The URL syntax itself is the WHATWG parser's
/// (`url`), which also checks the host.
pub fn web_address_problem(s: &str) -> Option<&'static str> {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Some("does not start with `https://` or `http://`");
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains a space or a control character");
    }
    if s.contains(['"', '\'', '<', '>', '\\', '`']) {
        return Some("contains a quote, an angle bracket or a backslash");
    }
    match url::Url::parse(s) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => None,
        Ok(_) => Some("names no host"),
        Err(_) => Some("is not a valid URL"),
    }
}

#[cfg(test)]
mod web_address_tests {
    use super::web_address_problem;

    #[test]
    fn only_absolute_http_addresses_without_spaces_or_quotes_are_links() {
        for good in [
            "https://support.crmstyle.com/contract/contract-sla",
            "http://example.com",
            "HTTPS://example.com/a?b=c#d",
            "https://例え.jp/変更履歴",
        ] {
            assert_eq!(web_address_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "example.com/sla",
            "javascript:alert(1)",
            "ftp://example.com",
            "https:example.com",
            "/sla/history",
            "https://",
            "https://exa mple.com",
            "https://example.com/\u{1b}[2J",
            "https://example.com/\"onmouseover=\"x",
            "https://example.com/<b>",
            "https://example.com/a\\b",
            "https://exa_mple com",
        ] {
            assert!(web_address_problem(bad).is_some(), "{bad:?}");
        }
    }
}

/// A count with thousands separators: 3990 → `3,990`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
