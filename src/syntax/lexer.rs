//! Splits text the grammar gives no token of its own into tokens of the tree: the trivia
//! between tokens (whitespace, line ends, comments), the grammar's literal words and
//! punctuation (`sla`, `{`, `=>`, `..`), and the text of statements it could not read. With the
//! tokens pest gives for values, this makes the tree cover every byte.

use super::cst::SyntaxKind;

/// Calls `emit` with each token of `text`, in order; the tokens cover `text` exactly.
pub fn lex<'a>(text: &'a str, mut emit: impl FnMut(SyntaxKind, &'a str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let (kind, len) = token(rest);
        debug_assert!(len > 0 && rest.is_char_boundary(len));
        emit(kind, &rest[..len]);
        i += len;
    }
}

/// The token at the start of `rest` (not empty) and its length in bytes.
fn token(rest: &str) -> (SyntaxKind, usize) {
    let b = rest.as_bytes();
    let c = rest.chars().next().expect("token() is called on text");
    match c {
        '\n' => (SyntaxKind::Newline, 1),
        '\r' if b.get(1) == Some(&b'\n') => (SyntaxKind::Newline, 2),
        '\r' => (SyntaxKind::Newline, 1),
        ' ' | '\t' | '\u{3000}' | '\u{FEFF}' => {
            // Bytes, not chars: runs of spaces are most of the gaps between tokens.
            let mut j = 0;
            while j < b.len() {
                j += match b[j] {
                    b' ' | b'\t' => 1,
                    _ if rest[j..].starts_with(['\u{3000}', '\u{FEFF}']) => 3,
                    _ => break,
                };
            }
            (SyntaxKind::Whitespace, j)
        }
        '/' if b.get(1) == Some(&b'/') => {
            let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
            (SyntaxKind::Comment, len)
        }
        '/' if b.get(1) == Some(&b'*') => {
            let len = rest[2..].find("*/").map_or(rest.len(), |i| i + 4);
            (SyntaxKind::Comment, len)
        }
        '"' if rest.starts_with("\"\"\"") => {
            let len = rest[3..].find("\"\"\"").map_or(rest.len(), |i| i + 6);
            (SyntaxKind::Str, len)
        }
        '"' => {
            // To the closing quote or the end of the line, escapes skipped.
            let mut j = 1;
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' && b[j] != b'\r' {
                j += if b[j] == b'\\' && j + 1 < b.len() && b[j + 1] != b'\n' {
                    2
                } else {
                    1
                };
            }
            let j = if j < b.len() && b[j] == b'"' {
                j + 1
            } else {
                j
            };
            (SyntaxKind::Str, floor_boundary(rest, j))
        }
        c if c.is_ascii_digit() => {
            let len = b
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(b.len());
            (SyntaxKind::Number, len)
        }
        c if c.is_alphabetic() || c == '_' => {
            // ASCII a byte at a time; other characters decoded.
            let mut j = 0;
            while j < b.len() {
                if b[j].is_ascii() {
                    if !(b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
                        break;
                    }
                    j += 1;
                } else {
                    let c = rest[j..].chars().next().expect("j is a char boundary");
                    if !c.is_alphanumeric() {
                        break;
                    }
                    j += c.len_utf8();
                }
            }
            (SyntaxKind::Keyword, j)
        }
        _ => {
            for p in ["=>", ".."] {
                if rest.starts_with(p) {
                    return (SyntaxKind::Punct, 2);
                }
            }
            let len = c.len_utf8();
            let kind = if matches!(
                c,
                '{' | '}' | ',' | '=' | '%' | '％' | '-' | '~' | '～' | ':' | '.' | '>'
            ) {
                SyntaxKind::Punct
            } else {
                SyntaxKind::Garbage
            };
            (kind, len)
        }
    }
}

/// `i`, or the nearest char boundary after it.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SyntaxKind, String)> {
        let mut out = Vec::new();
        lex(text, |k, t| out.push((k, t.to_string())));
        out
    }

    #[test]
    fn covers_every_byte() {
        for text in [
            "sla x \"y\" {\r\n  // c\r\n}\n",
            "\u{feff}  /* a\n b */ => .. ％ ～ 約 \"unclosed\n\"\"\"open",
            "\r\r\n\n",
            "\"\\\"",
        ] {
            let joined: String = kinds(text).into_iter().map(|(_, t)| t).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn whitespace_runs_and_words_with_other_scripts() {
        let k = kinds("\u{feff} \u{3000}\t名前_a-1\u{3000}x9");
        let got: Vec<(SyntaxKind, &str)> = k.iter().map(|(k, t)| (*k, t.as_str())).collect();
        use SyntaxKind::*;
        assert_eq!(
            got,
            [
                (Whitespace, "\u{feff} \u{3000}\t"),
                (Keyword, "名前_a-1"),
                (Whitespace, "\u{3000}"),
                (Keyword, "x9"),
            ]
        );
        assert_eq!(kinds("123abc")[0], (Number, "123".to_string()));
        assert_eq!(kinds("ab、c")[0], (Keyword, "ab".to_string()));
    }

    #[test]
    fn words_punctuation_and_trivia() {
        let k = kinds("below 98 => x // c\r\n");
        let got: Vec<SyntaxKind> = k.iter().map(|(k, _)| *k).collect();
        use SyntaxKind::*;
        assert_eq!(
            got,
            [
                Keyword, Whitespace, Number, Whitespace, Punct, Whitespace, Keyword, Whitespace,
                Comment, Newline
            ]
        );
    }
}
