//! The lossless concrete syntax tree: every byte of a spec — comments, blank lines, whitespace,
//! a byte order mark, CRLF — is in it, and [`SyntaxNode::to_string`] gives the input back byte
//! for byte. It is a red-green tree ([`rowan`], as rust-analyzer and taplo use): the formatter
//! and the language server read it, and the checker reads the [`crate::syntax::ast`] lowered
//! from it. Byte offsets in the tree are the offsets every span and diagnostic uses, so a span
//! finds its node with [`SyntaxNode::covering_element`] (the source map).
//!
//! Statements are nodes of kind [`SyntaxKind::Stmt`] (one per [`Kind`] of the keyword table);
//! values with parts (`2 business_days`, `10:00-19:00`, `98%`) are nodes of their own; single
//! values, keywords, punctuation and trivia are tokens.

use super::kinds::Kind;

/// The kind of a node or token of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SyntaxKind {
    // ---- trivia
    /// Spaces, tabs, U+3000 and a byte order mark.
    Whitespace,
    /// `\n`, `\r\n` or a lone `\r`.
    Newline,
    /// `// ...` to the end of the line, or `/* ... */`.
    Comment,
    // ---- tokens
    /// A word of the grammar: a statement keyword or one inside a statement (`below`, `by`).
    Keyword,
    /// `{`, `}`, `,`, `=`, `=>`, `..`, `%`, `-`, `~`, ...
    Punct,
    /// A name or dotted path (`support_hours`, `synergy.support_hours`).
    Ident,
    /// A string literal as written, quotes included (`"…"` or `"""…"""`).
    Str,
    /// A number (`98`, `99.9`).
    Number,
    /// A duration unit (`h`, `business_days`).
    Unit,
    /// `~` or `約` before a duration.
    Approx,
    /// `10:00`.
    Time,
    /// `overnight` after a window.
    Overnight,
    /// `2024-05-01`.
    Date,
    /// `2024-05`.
    YearMonth,
    /// `12-28`.
    MonthDay,
    /// `mon`.
    Weekday,
    /// `Mbps`.
    BandwidthUnit,
    /// A word value of a closed set (`month`, `yes`, `irregular`, `discount`).
    Word,
    /// Text of a statement the grammar could not read, that is no other token.
    Garbage,
    // ---- nodes
    /// The whole file.
    Root,
    /// `use name = "path"`.
    Use,
    /// The id a statement declares.
    Name,
    /// The label of a statement.
    Label,
    /// `98%`.
    Percent,
    /// `2h`, `~2 months`.
    Duration,
    /// `1..2 weeks`.
    Range,
    /// `10:00-19:00 overnight`.
    Window,
    /// `12-28..01-04`.
    Annual,
    /// `mon..fri`.
    Weekdays,
    /// `10..20 Mbps`.
    Bandwidth,
    /// A statement of the keyword table; [`Kind::Error`] for text the grammar could not read.
    Stmt(Kind),
}

/// The kinds without data, in raw order; statement kinds follow them.
const SIMPLE: &[SyntaxKind] = &[
    SyntaxKind::Whitespace,
    SyntaxKind::Newline,
    SyntaxKind::Comment,
    SyntaxKind::Keyword,
    SyntaxKind::Punct,
    SyntaxKind::Ident,
    SyntaxKind::Str,
    SyntaxKind::Number,
    SyntaxKind::Unit,
    SyntaxKind::Approx,
    SyntaxKind::Time,
    SyntaxKind::Overnight,
    SyntaxKind::Date,
    SyntaxKind::YearMonth,
    SyntaxKind::MonthDay,
    SyntaxKind::Weekday,
    SyntaxKind::BandwidthUnit,
    SyntaxKind::Word,
    SyntaxKind::Garbage,
    SyntaxKind::Root,
    SyntaxKind::Use,
    SyntaxKind::Name,
    SyntaxKind::Label,
    SyntaxKind::Percent,
    SyntaxKind::Duration,
    SyntaxKind::Range,
    SyntaxKind::Window,
    SyntaxKind::Annual,
    SyntaxKind::Weekdays,
    SyntaxKind::Bandwidth,
];

impl SyntaxKind {
    /// True for whitespace, newlines and comments.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            SyntaxKind::Whitespace | SyntaxKind::Newline | SyntaxKind::Comment
        )
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> rowan::SyntaxKind {
        // A match, not a search of SIMPLE: this runs for every token the parser makes. The
        // test `raw_kinds_round_trip` holds the numbers to SIMPLE's order.
        let raw = match kind {
            SyntaxKind::Whitespace => 0,
            SyntaxKind::Newline => 1,
            SyntaxKind::Comment => 2,
            SyntaxKind::Keyword => 3,
            SyntaxKind::Punct => 4,
            SyntaxKind::Ident => 5,
            SyntaxKind::Str => 6,
            SyntaxKind::Number => 7,
            SyntaxKind::Unit => 8,
            SyntaxKind::Approx => 9,
            SyntaxKind::Time => 10,
            SyntaxKind::Overnight => 11,
            SyntaxKind::Date => 12,
            SyntaxKind::YearMonth => 13,
            SyntaxKind::MonthDay => 14,
            SyntaxKind::Weekday => 15,
            SyntaxKind::BandwidthUnit => 16,
            SyntaxKind::Word => 17,
            SyntaxKind::Garbage => 18,
            SyntaxKind::Root => 19,
            SyntaxKind::Use => 20,
            SyntaxKind::Name => 21,
            SyntaxKind::Label => 22,
            SyntaxKind::Percent => 23,
            SyntaxKind::Duration => 24,
            SyntaxKind::Range => 25,
            SyntaxKind::Window => 26,
            SyntaxKind::Annual => 27,
            SyntaxKind::Weekdays => 28,
            SyntaxKind::Bandwidth => 29,
            SyntaxKind::Stmt(k) => SIMPLE.len() as u16 + k as u16,
        };
        rowan::SyntaxKind(raw)
    }
}

/// Builds the green tree as the parser walks the text. rowan's `GreenNodeBuilder` interns every
/// token and every node of up to three children in a hash table; most of a spec's text is in
/// string tokens that never repeat, so here only short tokens (trivia, keywords, punctuation,
/// names: the ones that do repeat) are interned, keyed by the text they borrow, and strings and
/// nodes are built directly. On the generated 1 MB spec this halves the cost of building the
/// tree's tokens and nodes (callgrind, see `bench/check-instructions.sh`).
pub(super) struct GreenBuilder<'t> {
    parents: Vec<(rowan::SyntaxKind, usize)>,
    children: Vec<rowan::NodeOrToken<rowan::GreenNode, rowan::GreenToken>>,
    tokens: rustc_hash::FxHashMap<(rowan::SyntaxKind, &'t str), rowan::GreenToken>,
    /// The token last seen in each of a few slots chosen by kind, length and end bytes: most
    /// tokens are a line end, an indentation or a brace seen a moment ago, found here without
    /// hashing their text.
    recent: Vec<Option<rowan::GreenToken>>,
}

/// Slots of [`GreenBuilder::recent`] (a power of two).
const RECENT: usize = 256;

/// Tokens longer than this are not interned.
const INTERNED_LEN: usize = 32;

impl<'t> GreenBuilder<'t> {
    /// A builder for a tree of `text`.
    pub(super) fn new(text: &'t str) -> GreenBuilder<'t> {
        GreenBuilder {
            parents: Vec::new(),
            children: Vec::with_capacity(64),
            recent: vec![None; RECENT],
            tokens: rustc_hash::FxHashMap::with_capacity_and_hasher(
                (text.len() / 256).min(4096),
                Default::default(),
            ),
        }
    }

    /// Adds a token of the node being built.
    pub(super) fn token(&mut self, kind: SyntaxKind, text: &'t str) {
        let kind = rowan::SyntaxKind::from(kind);
        let token = if text.len() > INTERNED_LEN {
            rowan::GreenToken::new(kind, text)
        } else {
            let b = text.as_bytes();
            let (first, last) = (b.first().copied(), b.last().copied());
            let slot = (usize::from(kind.0).wrapping_mul(0x9E37)
                ^ b.len().wrapping_mul(0x51)
                ^ usize::from(first.unwrap_or(0))
                ^ (usize::from(last.unwrap_or(0)) << 3))
                & (RECENT - 1);
            match &self.recent[slot] {
                Some(t) if t.kind() == kind && t.text() == text => t.clone(),
                _ => {
                    let t = self
                        .tokens
                        .entry((kind, text))
                        .or_insert_with(|| rowan::GreenToken::new(kind, text))
                        .clone();
                    self.recent[slot] = Some(t.clone());
                    t
                }
            }
        };
        self.children.push(rowan::NodeOrToken::Token(token));
    }

    /// Starts a node; the tokens and nodes added until [`GreenBuilder::finish_node`] are its
    /// children.
    pub(super) fn start_node(&mut self, kind: SyntaxKind) {
        self.parents.push((kind.into(), self.children.len()));
    }

    /// Ends the node started last.
    pub(super) fn finish_node(&mut self) {
        let (kind, first) = self
            .parents
            .pop()
            .expect("finish_node() follows a start_node()");
        let node = rowan::GreenNode::new(kind, self.children.drain(first..));
        self.children.push(rowan::NodeOrToken::Node(node));
    }

    /// The tree: the one node built at the top level.
    pub(super) fn finish(mut self) -> rowan::GreenNode {
        debug_assert!(self.parents.is_empty() && self.children.len() == 1);
        match self.children.pop() {
            Some(rowan::NodeOrToken::Node(node)) => node,
            _ => unreachable!("the parser builds one root node"),
        }
    }
}

/// The language of the tree, for rowan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sla {}

impl rowan::Language for Sla {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        let i = raw.0 as usize;
        if i < SIMPLE.len() {
            SIMPLE[i]
        } else if i == SIMPLE.len() {
            SyntaxKind::Stmt(Kind::Error)
        } else {
            SyntaxKind::Stmt(Kind::ALL[i - SIMPLE.len() - 1])
        }
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

/// A node of the tree (a statement, a value with parts, the file).
pub type SyntaxNode = rowan::SyntaxNode<Sla>;
/// A token of the tree (a word, a string, punctuation, trivia).
pub type SyntaxToken = rowan::SyntaxToken<Sla>;
/// A node or a token.
pub type SyntaxElement = rowan::SyntaxElement<Sla>;

#[cfg(test)]
mod tests {
    use super::*;
    use rowan::Language;

    #[test]
    fn raw_kinds_round_trip() {
        let mut all: Vec<SyntaxKind> = SIMPLE.to_vec();
        all.push(SyntaxKind::Stmt(Kind::Error));
        all.extend(Kind::ALL.iter().map(|k| SyntaxKind::Stmt(*k)));
        for k in all {
            assert_eq!(Sla::kind_from_raw(Sla::kind_to_raw(k)), k);
        }
    }
}
