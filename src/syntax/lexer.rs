//! Splits text the grammar gives no token of its own into tokens of the tree: the trivia
//! between tokens (whitespace, line ends, comments), the grammar's literal words and
//! punctuation (`sla`, `{`, `=>`, `..`), and the text of statements it could not read. With the
//! tokens pest gives for values, this makes the tree cover every byte.

use super::cst::SyntaxKind;

/// Calls `emit` with each token of `text`, in order; the tokens cover `text` exactly.
pub fn lex(text: &str, mut emit: impl FnMut(SyntaxKind, &str)) {
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
            let len = rest
                .char_indices()
                .find(|(_, c)| !matches!(c, ' ' | '\t' | '\u{3000}' | '\u{FEFF}'))
                .map_or(rest.len(), |(i, _)| i);
            (SyntaxKind::Whitespace, len)
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
            let len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (SyntaxKind::Number, len)
        }
        c if c.is_alphabetic() || c == '_' => {
            let len = rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
                .map_or(rest.len(), |(i, _)| i);
            (SyntaxKind::Keyword, len)
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
