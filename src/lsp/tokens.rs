//! Semantic tokens (`textDocument/semanticTokens/full`): what each word of a spec is, read from
//! the syntax tree of the last finished check, so that an editor colours keywords, ids by what
//! they name, texts, quantities, dates and comments the way the language sees them — not by
//! guessing from a TextMate grammar.
//!
//! The token kinds are the tree's: keywords are the tree's `Keyword` tokens (the words of the
//! keyword table, `src/syntax/kinds.rs`, as the parser found them), an id's colour comes from
//! the [`Kind`] of the statement that declares it (a term, a chapter/section/clause, a calendar,
//! a severity level). Tokens are split at line ends (not every client draws tokens over several
//! lines). While a check runs after an edit, the tokens of the changed stretch are left out and
//! the others moved to where they are now.
//!
//! The tokens of a check are encoded once, on the worker ([`encode`]); a request gets them whole
//! (moved through an edit: [`moved`], two copied stretches), as the change from the ones the
//! editor has (`full/delta`, [`delta`]) or for the lines it shows (`range`, [`range`]).

use super::analysis::{Analysis, Index, Moves, Shift};
use crate::diagnostic::Sources;
use crate::syntax::Kind;
use crate::syntax::cst::{SyntaxKind, SyntaxToken};
use lsp_types as lsp;

/// The token types of the legend, in the order their numbers refer to.
pub const TYPES: &[lsp::SemanticTokenType] = &[
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::ENUM_MEMBER,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::TYPE,
];

/// What a token is, by its number in [`TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Keyword = 0,
    String = 1,
    Comment = 2,
    /// Numbers, units, times, dates.
    Number = 3,
    /// Weekdays, word values (`month`, `yes`) and severity levels.
    EnumMember = 4,
    /// A term's id (hours, availability, credit, ...).
    Term = 5,
    /// A chapter, section or clause id, the spec's own id and the name of a `use`d spec.
    Division = 6,
    /// A calendar id.
    Calendar = 7,
}

/// The modifiers of the legend, bit by bit.
pub const MODIFIERS: &[lsp::SemanticTokenModifier] = &[
    lsp::SemanticTokenModifier::DECLARATION,
    lsp::SemanticTokenModifier::new("date"),
    lsp::SemanticTokenModifier::new("unit"),
];
const DECLARATION: u32 = 1;
const DATE: u32 = 2;
const UNIT: u32 = 4;

/// The legend the server announces.
pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

/// The colour of an id that a statement of `kind` declares.
fn id_type(kind: Kind) -> Option<Type> {
    match kind {
        Kind::Chapter | Kind::Section | Kind::Clause | Kind::Sla => Some(Type::Division),
        Kind::Calendar => Some(Type::Calendar),
        Kind::Severity => Some(Type::EnumMember),
        k if k.is_term() => Some(Type::Term),
        _ => None,
    }
}

/// The pieces of a token to colour: byte offsets from its start, lengths, types, modifiers.
fn classify(token: &SyntaxToken, index: &Index, out: &mut Vec<(usize, usize, Type, u32)>) {
    let len = token.text().len();
    let whole = |t: Type, m: u32| (0, len, t, m);
    let parent = token.parent().map(|p| p.kind());
    let piece = match token.kind() {
        SyntaxKind::Comment => whole(Type::Comment, 0),
        SyntaxKind::Keyword | SyntaxKind::Overnight => whole(Type::Keyword, 0),
        SyntaxKind::Str => whole(Type::String, 0),
        SyntaxKind::Number | SyntaxKind::Time | SyntaxKind::Approx => whole(Type::Number, 0),
        SyntaxKind::Unit | SyntaxKind::BandwidthUnit => whole(Type::Number, UNIT),
        SyntaxKind::Punct if parent == Some(SyntaxKind::Percent) => whole(Type::Number, UNIT),
        SyntaxKind::Date | SyntaxKind::YearMonth | SyntaxKind::MonthDay => {
            whole(Type::Number, DATE)
        }
        SyntaxKind::Weekday | SyntaxKind::Word => whole(Type::EnumMember, 0),
        SyntaxKind::Ident => return ident(token, index, out),
        _ => return,
    };
    out.push(piece);
}

fn ident(token: &SyntaxToken, index: &Index, out: &mut Vec<(usize, usize, Type, u32)>) {
    let text = token.text();
    let Some(parent) = token.parent() else {
        return;
    };
    match parent.kind() {
        // The name of a `use`d spec, where it is declared.
        SyntaxKind::Name | SyntaxKind::Use
            if parent.kind() == SyntaxKind::Use
                || parent.parent().is_some_and(|g| g.kind() == SyntaxKind::Use) =>
        {
            out.push((0, text.len(), Type::Division, DECLARATION));
        }
        SyntaxKind::Name => {
            if let Some(SyntaxKind::Stmt(kind)) = parent.parent().map(|s| s.kind())
                && let Some(t) = id_type(kind)
            {
                out.push((0, text.len(), t, DECLARATION));
            }
        }
        // Keys of the language, not references.
        SyntaxKind::Stmt(Kind::StyleItem | Kind::ExclusionKind) => {}
        _ => match text.split_once('.') {
            // `synergy.support_hours`: a used spec, then one of its terms.
            Some((spec, rest)) if index.uses.contains_key(spec) => {
                let name = rest.split('.').next().unwrap_or(rest);
                out.push((0, spec.len(), Type::Division, 0));
                out.push((spec.len() + 1, name.len(), Type::Term, 0));
            }
            Some(_) => {}
            None => {
                if let Some(t) = index.decls.get(text).and_then(|d| id_type(d.kind)) {
                    out.push((0, text.len(), t, 0));
                }
            }
        },
    }
}

/// Where the walk is: line and UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    line: u32,
    col: u32,
}

impl At {
    /// Moves over text (a byte order mark is no column, as in every position of the server).
    fn advance(&mut self, text: &str) {
        if text.is_ascii() && !text.contains(['\n', '\r']) {
            self.col += text.len() as u32;
            return;
        }
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    self.line += 1;
                    self.col = 0;
                }
                '\u{FEFF}' => {}
                c => self.col += c.len_utf16() as u32,
            }
        }
    }
}

/// A token to colour, on one line of the checked text.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Bytes of the whole token (all its lines) in the checked text: what is mapped.
    start: usize,
    end: usize,
    at: At,
    /// UTF-16 units.
    len: u32,
    ty: u32,
    mods: u32,
}

/// The pieces of a check's tree, in the checked text (made once per check, on the worker).
pub fn pieces(a: &Analysis) -> Vec<Piece> {
    let index = a.index();
    let mut out = Vec::new();
    let mut pos = At { line: 0, col: 0 };
    let mut classified = Vec::new();
    for token in a
        .root()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let text = token.text();
        let start: usize = token.text_range().start().into();
        classified.clear();
        classify(&token, index, &mut classified);
        for &(from, len, t, m) in &classified {
            let mut p = pos;
            p.advance(&text[..from]);
            // One piece a line.
            for (i, line) in text[from..from + len].split('\n').enumerate() {
                if i > 0 {
                    p = At {
                        line: p.line + 1,
                        col: 0,
                    };
                }
                let line = line.trim_end_matches('\r');
                let units: u32 = line.chars().map(|c| c.len_utf16() as u32).sum();
                if units > 0 {
                    out.push(Piece {
                        start: start + from,
                        end: start + from + len,
                        at: p,
                        len: units,
                        ty: t as u32,
                        mods: m,
                    });
                }
                p.advance(line);
            }
        }
        pos.advance(text);
    }
    out
}

impl Piece {
    /// Where it is in the checked text.
    pub fn at(&self) -> At {
        self.at
    }
}

/// The pieces of a check placed in the current text (`lines`, file 0), in order, from the
/// first that ends after byte `from` of the checked text: those of the unchanged start as they
/// are, those of the unchanged end moved, none of the change.
fn placed_from<'a>(
    a: &'a Analysis,
    shift: Shift,
    lines: &Sources,
    from: usize,
) -> impl Iterator<Item = (&'a Piece, At)> {
    let moves = (!shift.is_identity()).then(|| Moves::new(shift, a, lines));
    let (old_end, _) = shift.ends();
    let place = move |p: &Piece| -> Option<At> {
        match moves {
            None => Some(p.at),
            Some(_) if p.end <= shift.prefix() => Some(p.at),
            Some(m) if p.start >= old_end => {
                let (line, col) = m.to_new((p.at.line, p.at.col))?;
                Some(At { line, col })
            }
            Some(_) => None,
        }
    };
    let pieces = a.tokens();
    let first = pieces.partition_point(|p| p.end <= from);
    pieces[first..]
        .iter()
        .filter_map(move |p| place(p).map(|here| (p, here)))
}

/// The tokens of a check as the protocol's numbers (`made`, encoded for the check's own text)
/// moved to the current text: those before the change as they are, those after it too but for
/// the first (each token is placed relative to the one before), none of the change. A copy of
/// two stretches, not a walk over the tokens.
pub fn moved(a: &Analysis, made: &[u32], shift: Shift, lines: &Sources) -> Vec<u32> {
    let pieces = a.tokens();
    debug_assert_eq!(made.len(), pieces.len() * 5);
    let before = pieces.partition_point(|p| p.end <= shift.prefix());
    let after = pieces.partition_point(|p| p.start < shift.ends().0);
    let mut out = Vec::with_capacity(made.len());
    out.extend_from_slice(&made[..5 * before]);
    let Some(first) = pieces.get(after) else {
        return out;
    };
    let Some((line, col)) = Moves::new(shift, a, lines).to_new((first.at.line, first.at.col))
    else {
        return out;
    };
    let last = before
        .checked_sub(1)
        .map_or(At { line: 0, col: 0 }, |i| pieces[i].at);
    out.extend([
        line - last.line,
        if line == last.line {
            col - last.col
        } else {
            col
        },
    ]);
    out.extend_from_slice(&made[5 * after + 2..]);
    out
}

/// The tokens that start in a range of the current text (`textDocument/semanticTokens/
/// range`: an editor asks for the lines it shows).
pub fn range(a: &Analysis, shift: Shift, lines: &Sources, range: lsp::Range) -> Vec<u32> {
    let (start, end) = (at(range.start), at(range.end));
    // The first piece that may be in the range: from the checked offset of its start (the
    // start of the change when the range starts inside it).
    let from = super::analysis::offset_in(lines, 0, range.start);
    let from = shift.to_old(from).unwrap_or(shift.prefix());
    encode(
        placed_from(a, shift, lines, from)
            .skip_while(|(_, here)| *here < start)
            .take_while(|(_, here)| *here < end),
    )
}

/// Pieces with their places, in order, as the protocol's numbers.
pub fn encode<'a>(placed: impl Iterator<Item = (&'a Piece, At)>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut last = At { line: 0, col: 0 };
    for (p, here) in placed {
        out.extend([
            here.line - last.line,
            if here.line == last.line {
                here.col - last.col
            } else {
                here.col
            },
            p.len,
            p.ty,
            p.mods,
        ]);
        last = here;
    }
    out
}

/// The edit that turns the numbers an editor has (`old`) into `new`
/// (`textDocument/semanticTokens/full/delta`): the stretch between their common start and end,
/// whole tokens only; none when they are equal.
pub fn delta(old: &[u32], new: &[u32]) -> Vec<lsp::SemanticTokensEdit> {
    let tokens = |n: usize| n - n % 5;
    let same_start = tokens(old.iter().zip(new).take_while(|(a, b)| a == b).count());
    let max = old.len().min(new.len()) - same_start;
    let same_end = tokens(
        old.iter()
            .rev()
            .zip(new.iter().rev())
            .take(max)
            .take_while(|(a, b)| a == b)
            .count(),
    );
    if same_start == old.len() && old.len() == new.len() {
        return Vec::new();
    }
    let (old_stop, new_stop) = (old.len() - same_end, new.len() - same_end);
    let data = new[same_start..new_stop]
        .chunks(5)
        .map(|t| lsp::SemanticToken {
            delta_line: t[0],
            delta_start: t[1],
            length: t[2],
            token_type: t[3],
            token_modifiers_bitset: t[4],
        })
        .collect();
    vec![lsp::SemanticTokensEdit {
        start: same_start as u32,
        delete_count: (old_stop - same_start) as u32,
        data: Some(data),
    }]
}

fn at(p: lsp::Position) -> At {
    At {
        line: p.line,
        col: p.character,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const SPEC: &str = "sla x \"X\" {\n  service \"X\"\n  hours h \"営業時間\" {\n    open mon..fri 09:00-18:00\n  }\n  // 「注」\n  clause c \"C\" {\n    text \"{h}\"\n  }\n}\n";

    #[test]
    fn tokens_moved_as_numbers_are_the_pieces_placed_again() {
        let a = Analysis::parsed(Path::new("x.sla"), SPEC);
        let made = encode(a.tokens().iter().map(|p| (p, p.at)));
        assert!(made.len() > 40, "{made:?}");
        // Typing in several places: a line above everything, inside a token, on the line of
        // a token after the change, at the end, and a deleted stretch.
        let edits = [
            SPEC.replacen("sla", "\nsla", 1),
            SPEC.replacen("営業時間", "営業の時間", 1),
            SPEC.replacen("mon..fri", "mon..sat", 1),
            SPEC.replacen("  // 「注」\n", "", 1),
            format!("{SPEC}// 末尾\n"),
            SPEC.replacen("09:00-18:00", "", 1),
        ];
        for new in &edits {
            let shift = Shift::between(SPEC, new);
            let mut lines = Sources::new();
            lines.add(Path::new("x.sla"), new.clone());
            let walked = encode(placed_from(&a, shift, &lines, 0));
            assert_eq!(moved(&a, &made, shift, &lines), walked, "{new}");
        }
    }

    #[test]
    fn a_delta_turns_the_old_numbers_into_the_new() {
        let old: Vec<u32> = (0..40).collect();
        let mut new = old.clone();
        new.splice(10..15, [7, 7, 7, 7, 7, 8, 8, 8, 8, 8]);
        let edits = delta(&old, &new);
        assert_eq!(edits.len(), 1);
        let e = &edits[0];
        assert_eq!((e.start, e.delete_count), (10, 5));
        let mut patched = old.clone();
        let data: Vec<u32> = e
            .data
            .iter()
            .flatten()
            .flat_map(|t| {
                [
                    t.delta_line,
                    t.delta_start,
                    t.length,
                    t.token_type,
                    t.token_modifiers_bitset,
                ]
            })
            .collect();
        patched.splice(10..15, data);
        assert_eq!(patched, new);
        assert!(delta(&new, &new).is_empty());
        // Whole tokens only, even where the numbers around the change agree.
        let mut shorter = old.clone();
        shorter.drain(35..40);
        let e = &delta(&old, &shorter)[0];
        assert_eq!(
            (e.start, e.delete_count, e.data.as_ref().map(Vec::len)),
            (35, 5, Some(0))
        );
    }

    #[test]
    fn the_legend_numbers_the_types_in_order() {
        for (t, name) in [
            (Type::Keyword, "keyword"),
            (Type::String, "string"),
            (Type::Comment, "comment"),
            (Type::Number, "number"),
            (Type::EnumMember, "enumMember"),
            (Type::Term, "variable"),
            (Type::Division, "namespace"),
            (Type::Calendar, "type"),
        ] {
            assert_eq!(TYPES[t as usize].as_str(), name);
        }
        assert_eq!(MODIFIERS[DATE.trailing_zeros() as usize].as_str(), "date");
        assert_eq!(MODIFIERS[UNIT.trailing_zeros() as usize].as_str(), "unit");
    }
}
