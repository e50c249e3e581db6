//! Completion: at the start of a statement, the keywords the grammar accepts in the enclosing
//! block (words of the keyword table); after a number, duration units; in `open`/`closed`,
//! weekday names; where a reference is expected, the ids of the kinds the table of references
//! (`src/syntax/kinds.rs`, which the checker is tested against) accepts there; inside `{` of a text, the ids of terms.
//!
//! The cursor's context is read from the text, not the tree: a half-typed statement (`hou`,
//! a `{` not closed yet) is what completion sees most, and the tree of a file whose braces do
//! not balance has no blocks. The scan skips strings, text blocks and comments as the lexer
//! does.

use super::analysis::{Index, is_ident_char};
use crate::syntax::{
    BANDWIDTH_UNITS, Kind, REFERENCES, UNITS, VALUE_KEYWORDS, WEEKDAYS, statement_keywords,
};
use lsp_types::{CompletionItem, CompletionItemKind};

/// Where the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// In a comment.
    Comment,
    /// In a string; `interpolation` when after an unclosed `{`.
    Str { interpolation: bool },
    /// In code, inside the blocks of these statement keywords (outermost first).
    Code { blocks: Vec<String> },
}

/// Scans `text` up to `offset`. Only ASCII bytes matter (`"`, `/`, `{`, `}`, line ends), and
/// no byte of a multi-byte character is one of them, so the scan goes byte by byte; the word
/// a block starts with is read back from the `{` (a completion in the middle of a 1 MB spec
/// scans half a megabyte per request).
fn place(text: &str, offset: usize) -> Place {
    let b = text.as_bytes();
    let end = offset.min(b.len());
    let mut blocks: Vec<String> = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while i < end {
        match b[i] {
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                let start = i + 3;
                match find(&b[start..], b"\"\"\"") {
                    Some(j) if start + j + 3 <= end => i = start + j + 3,
                    _ => return string_place(&text[start..end]),
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' && b[j] != b'\n' && b[j] != b'\r' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if j >= end {
                    return string_place(&text[start..end]);
                }
                i = j + 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                if i >= end {
                    return Place::Comment;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match find(&b[i + 2..], b"*/") {
                Some(j) if i + 2 + j + 2 <= end => i = i + 2 + j + 2,
                _ => return Place::Comment,
            },
            b'\n' | b'\r' => {
                i += 1;
                line_start = i;
            }
            b'{' => {
                // The first word on the line (after a `}` that closes a block before it).
                let line = text[line_start..i]
                    .trim_start_matches(|c: char| !c.is_alphabetic() && c != '_');
                blocks.push(first_word(line).unwrap_or("").to_string());
                i += 1;
            }
            b'}' => {
                blocks.pop();
                i += 1;
            }
            _ => i += 1,
        }
    }
    Place::Code { blocks }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Inside a string whose text so far is `inner`.
fn string_place(inner: &str) -> Place {
    let interpolation = match inner.rfind('{') {
        Some(i) => {
            let after = &inner[i + 1..];
            !inner[..i].ends_with('{') && after.chars().all(|c| is_ident_char(c) || c == '.')
        }
        None => false,
    };
    Place::Str { interpolation }
}

/// The statement kind a block keyword opens (the first row of the table with that keyword:
/// `hours` is the hours term, not the reference inside severities).
fn block_kind(word: &str) -> Option<Kind> {
    Kind::ALL.iter().copied().find(|k| k.keyword() == word)
}

/// Completion items at a byte offset of `text`.
pub fn complete(text: &str, offset: usize, index: &Index) -> Vec<CompletionItem> {
    let offset = floor_char_boundary(text, offset);
    let blocks = match place(text, offset) {
        Place::Comment => return Vec::new(),
        Place::Str { interpolation } => {
            return if interpolation {
                ids(index, |k| k.is_term())
            } else {
                Vec::new()
            };
        }
        Place::Code { blocks } => blocks,
    };
    let before_cursor = &text[..offset];
    let word_start = before_cursor
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_ident_char(*c) || *c == '.')
        .last()
        .map_or(offset, |(i, _)| i);
    let word = &text[word_start..offset];
    let line_start = before_cursor[..word_start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let line_before = &text[line_start..word_start];
    let block = blocks.last().map(String::as_str);

    // A number right before the cursor (`2` `2 ` `2bus`): a unit.
    let digits = word.chars().take_while(|c| c.is_ascii_digit()).count();
    let attached = digits > 0
        && word[digits..]
            .chars()
            .all(|c| c.is_alphabetic() || c == '_');
    let last_value = line_before
        .split([' ', '\t', ',', '\u{3000}'])
        .rfind(|w| !w.is_empty());
    let after_number = last_value.is_some_and(is_number);
    let statement = first_word(line_before);
    if attached || (after_number && !line_before.trim().is_empty()) {
        let units: &[&str] = if statement == Some("tier") {
            BANDWIDTH_UNITS
        } else {
            UNITS
        };
        return words(units, CompletionItemKind::UNIT, "unit");
    }

    // The start of a statement: the keywords of the block.
    if line_before
        .trim_matches([' ', '\t', '\u{3000}', '\u{FEFF}'])
        .is_empty()
    {
        let kind = match block {
            None => None,
            Some(w) => match block_kind(w) {
                Some(k) => Some(k),
                None => return Vec::new(),
            },
        };
        return keywords(kind);
    }

    // Inside a statement: its values.
    let Some(statement) = statement else {
        return Vec::new();
    };
    let previous = last_value.unwrap_or("");
    let mut out = Vec::new();
    match statement {
        "open" | "closed" => {
            out = words(WEEKDAYS, CompletionItemKind::ENUM_MEMBER, "weekday");
            if statement == "closed" {
                for k in [Kind::National, Kind::CompanyDays] {
                    out.push(item(k.keyword(), CompletionItemKind::KEYWORD, k.noun()));
                }
            }
        }
        "schedule" if previous == "weekly" => {
            out = words(WEEKDAYS, CompletionItemKind::ENUM_MEMBER, "weekday");
        }
        word if let Some(accepts) = referenced(word, previous, block) => {
            out = ids(index, |k| accepts.contains(&k));
        }
        other if previous == "=" => {
            if let Some(k) = block_kind(other).filter(|k| k.is_term()) {
                out = ids(index, |d| d == k);
            }
        }
        _ => {}
    }
    out
}

/// The kinds of id the statement a line starts with refers to at the cursor, from the table
/// of references ([`REFERENCES`]). A keyword that also declares a term (`hours`, `calendar`)
/// refers only inside the block of another statement (a severity level, an hours block); where
/// terms are declared, it starts a new one.
fn referenced(word: &str, previous: &str, block: Option<&str>) -> Option<&'static [Kind]> {
    let in_a_term = block
        .and_then(block_kind)
        .is_some_and(|k| !matches!(k, Kind::Sla | Kind::Chapter | Kind::Section | Kind::Clause));
    let declares = Kind::ALL.iter().any(|k| k.keyword() == word && k.is_term());
    REFERENCES
        .iter()
        .find(|(kind, after, _)| {
            kind.keyword() == word
                && after.is_none_or(|a| a == previous)
                && (in_a_term || !declares)
        })
        .map(|(_, _, accepts)| *accepts)
}

/// True for `2`, `99.9`, `1..2`, `~2`, `約2`.
fn is_number(w: &str) -> bool {
    let w = w.trim_start_matches(['~', '約']);
    !w.is_empty()
        && w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The first word of a line's text.
fn first_word(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t', '\u{3000}', '\u{FEFF}']);
    let len = t
        .char_indices()
        .find(|(_, c)| !(is_ident_char(*c)))
        .map_or(t.len(), |(i, _)| i);
    (len > 0).then(|| &t[..len])
}

/// The keywords of the table that the grammar accepts at the start of a statement in a block.
fn keywords(block: Option<Kind>) -> Vec<CompletionItem> {
    let table = statement_keywords();
    crate::syntax::keywords_in_block(block)
        .into_iter()
        .filter(|w| table.contains(&w.as_str()) || VALUE_KEYWORDS.contains(&w.as_str()))
        .map(|w| {
            let noun = Kind::ALL
                .iter()
                .find(|k| k.keyword() == w)
                .map_or("", |k| k.noun());
            item(&w, CompletionItemKind::KEYWORD, noun)
        })
        .collect()
}

fn words(list: &[&str], kind: CompletionItemKind, detail: &str) -> Vec<CompletionItem> {
    list.iter().map(|w| item(w, kind, detail)).collect()
}

/// The ids the document declares with a statement of an accepted kind, in file order.
fn ids(index: &Index, accept: impl Fn(Kind) -> bool) -> Vec<CompletionItem> {
    index
        .order
        .iter()
        .filter_map(|id| {
            let d = &index.decls[id];
            accept(d.kind).then(|| item(id, CompletionItemKind::REFERENCE, d.kind.noun()))
        })
        .collect()
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        ..Default::default()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_skips_strings_and_comments() {
        let text = "sla a \"{ x\" { // {\n  clause c { text \"a {b";
        assert_eq!(
            place(text, text.len()),
            Place::Str {
                interpolation: true
            }
        );
        let at = text.find("text").unwrap();
        assert_eq!(
            place(text, at),
            Place::Code {
                blocks: vec!["sla".into(), "clause".into()]
            }
        );
        assert_eq!(place("/* {", 4), Place::Comment);
    }
}
