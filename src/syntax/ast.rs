//! The abstract syntax tree: what a spec says, loosely typed and fully spanned.
//!
//! The tree is deliberately generic. Every statement becomes a [`Node`] with its [`Kind`], the id
//! it declares, its label, the typed values it was given and the statements of its block. The
//! grammar has already made sure each statement has the right shape; the checker
//! (`crate::check`) gives the values their meaning and reports what is wrong with them. Keeping
//! the tree generic keeps this stage small: one walk over pest's pairs builds it.

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A parsed spec file.
#[derive(Debug, Clone)]
pub struct File {
    /// `use NAME = "path"` declarations: other specs whose terms this one refers to.
    pub uses: Vec<Use>,
    /// The `sla` block.
    pub sla: Node,
}

/// `use synergy = "../synergy/2017-05-08.sla"`.
#[derive(Debug, Clone)]
pub struct Use {
    /// The name references use (`synergy.support_hours`).
    pub name: Spanned<String>,
    /// The path as written, relative to the spec that says it.
    pub path: Spanned<String>,
    /// The whole declaration.
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone)]
pub struct Node {
    /// Which statement this is.
    pub kind: Kind,
    /// The whole statement, block included.
    pub span: Span,
    /// The id the statement declares (`clause hours "回答時間"` declares `hours`).
    pub id: Option<Spanned<String>>,
    /// The label or title string, unescaped.
    pub label: Option<Spanned<String>>,
    /// The values given to the statement, in order; lists are flattened.
    pub args: Vec<Value>,
    /// The statements of its block, and structured parts such as the items of `closed`.
    pub children: Vec<Node>,
}

impl Node {
    /// The first value of the statement, if any.
    pub fn first_arg(&self) -> Option<&Value> {
        self.args.first()
    }
}

/// A typed value as written. Numbers stay text here: the checker decides their range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string, unescaped (interpolations such as `{a.b}` are still in it).
    Str(Spanned<String>),
    /// An identifier or dotted path.
    Path(Spanned<String>),
    /// A keyword value such as `month`, `irregular`, `yes`.
    Word(Spanned<String>),
    /// A whole number.
    Integer(Spanned<String>),
    /// `98%`: the number before the sign.
    Percent(Spanned<String>),
    /// `2h`, `~2 months`, `2 business_days`.
    Duration {
        /// Written with `~` or `約`.
        approx: bool,
        /// The amount as written.
        amount: Spanned<String>,
        /// The unit as written.
        unit: Spanned<String>,
        /// The whole value.
        span: Span,
    },
    /// `1..2 weeks`.
    Range {
        /// Written with `~` or `約`.
        approx: bool,
        /// The lower bound as written.
        min: Spanned<String>,
        /// The upper bound as written.
        max: Spanned<String>,
        /// The unit as written.
        unit: Spanned<String>,
        /// The whole value.
        span: Span,
    },
    /// `10:00`.
    Time(Spanned<String>),
    /// `22:00-09:00 overnight`.
    Window {
        /// Start time as written.
        start: Spanned<String>,
        /// End time as written.
        end: Spanned<String>,
        /// Marked as crossing midnight.
        overnight: bool,
        /// The whole value.
        span: Span,
    },
    /// `2017-05-08`.
    Date(Spanned<String>),
    /// `2024-05`.
    YearMonth(Spanned<String>),
    /// `12-28..01-04`.
    Annual {
        /// First day, `MM-DD`.
        start: Spanned<String>,
        /// Last day, `MM-DD`.
        end: Spanned<String>,
        /// The whole value.
        span: Span,
    },
    /// `mon` or `mon..fri`.
    Weekdays {
        /// First day.
        from: Spanned<String>,
        /// Last day of a range.
        to: Option<Spanned<String>>,
        /// The whole value.
        span: Span,
    },
    /// `10..20 Mbps`, `100.. Mbps`, `5 Mbps`.
    Bandwidth {
        /// Lower bound as written.
        min: Spanned<String>,
        /// Upper bound as written; `None` for `100..` (open) and for a single value.
        max: Option<Spanned<String>>,
        /// True for `100..` (no upper bound).
        open: bool,
        /// Unit as written.
        unit: Spanned<String>,
        /// The whole value.
        span: Span,
    },
}

impl Value {
    /// Where the value was written.
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s)
            | Value::Path(s)
            | Value::Word(s)
            | Value::Integer(s)
            | Value::Percent(s)
            | Value::Time(s)
            | Value::Date(s)
            | Value::YearMonth(s) => s.span,
            Value::Duration { span, .. }
            | Value::Range { span, .. }
            | Value::Window { span, .. }
            | Value::Annual { span, .. }
            | Value::Weekdays { span, .. }
            | Value::Bandwidth { span, .. } => *span,
        }
    }

    /// What sort of value this is, for messages ("expected a duration, found a string").
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Path(_) => "a name",
            Value::Word(_) => "a keyword",
            Value::Integer(_) => "a number",
            Value::Percent(_) => "a percentage",
            Value::Duration { .. } => "a duration",
            Value::Range { .. } => "a duration range",
            Value::Time(_) => "a time of day",
            Value::Window { .. } => "a time window",
            Value::Date(_) => "a date",
            Value::YearMonth(_) => "a year and month",
            Value::Annual { .. } => "an annual date range",
            Value::Weekdays { .. } => "weekdays",
            Value::Bandwidth { .. } => "a bandwidth",
        }
    }
}

pub use super::kinds::Kind;

// ---------------------------------------------------------------- typed views over the tree

use super::cst::{SyntaxKind, SyntaxNode, SyntaxToken};
use super::kinds::statements;

/// A typed view of a statement node of the lossless tree ([`super::cst`]). One view type a
/// statement kind, generated from the keyword table: `Hours::cast(node)` is `Some` for an
/// `hours` statement, and `hours.children::<Windows>()` gives its `windows` statements. Views
/// read the tree in place: what the formatter and the language server use, with no re-parse.
pub trait AstNode: Sized {
    /// The statement kind this view is for.
    const KIND: Kind;

    /// The view of a node of this kind.
    fn cast(node: SyntaxNode) -> Option<Self>;

    /// The node it views.
    fn syntax(&self) -> &SyntaxNode;

    /// The keyword the statement starts with.
    fn keyword(&self) -> Option<SyntaxToken> {
        self.syntax()
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| !t.kind().is_trivia())
    }

    /// The id the statement declares (`hours support_hours` → `support_hours`).
    fn name(&self) -> Option<SyntaxToken> {
        child_token(self.syntax(), SyntaxKind::Name, SyntaxKind::Ident)
    }

    /// The label string as written, quotes included.
    fn label(&self) -> Option<SyntaxToken> {
        child_token(self.syntax(), SyntaxKind::Label, SyntaxKind::Str)
    }

    /// The statements directly inside it, of every kind.
    fn statements(&self) -> impl Iterator<Item = SyntaxNode> {
        self.syntax()
            .children()
            .filter(|n| matches!(n.kind(), SyntaxKind::Stmt(_)))
    }

    /// The statements directly inside it of one kind.
    fn children<T: AstNode>(&self) -> impl Iterator<Item = T> {
        self.syntax().children().filter_map(T::cast)
    }

    /// The byte range of the whole statement.
    fn span(&self) -> Span {
        let r = self.syntax().text_range();
        Span::new(r.start().into(), r.end().into())
    }
}

fn child_token(node: &SyntaxNode, wrapper: SyntaxKind, want: SyntaxKind) -> Option<SyntaxToken> {
    node.children()
        .find(|n| n.kind() == wrapper)?
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == want)
}

macro_rules! define_views {
    ($($variant:ident = $keyword:literal, $rule:ident, $check:ident, $noun:literal, $home:literal, $term:literal;)*) => {
        $(
            #[doc = concat!("A `", $keyword, "` statement of the tree.")]
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub struct $variant(SyntaxNode);

            impl AstNode for $variant {
                const KIND: Kind = Kind::$variant;

                fn cast(node: SyntaxNode) -> Option<Self> {
                    (node.kind() == SyntaxKind::Stmt(Kind::$variant)).then(|| $variant(node))
                }

                fn syntax(&self) -> &SyntaxNode {
                    &self.0
                }
            }
        )*
    };
}
statements!(define_views);

impl Hours {
    /// Its `windows` statements.
    pub fn windows(&self) -> impl Iterator<Item = Windows> {
        self.children()
    }
}

impl Sla {
    /// Every statement of the spec, at any depth, in file order.
    pub fn all_statements(&self) -> impl Iterator<Item = SyntaxNode> {
        self.0
            .descendants()
            .filter(|n| matches!(n.kind(), SyntaxKind::Stmt(_)))
    }
}

/// The innermost statement that contains a byte offset (for an editor's cursor), or `None`
/// outside the `sla` block.
pub fn statement_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxNode> {
    let offset = rowan::TextSize::try_from(offset).ok()?;
    if offset > root.text_range().end() {
        return None;
    }
    let token = root.token_at_offset(offset).left_biased()?;
    token
        .parent_ancestors()
        .find(|n| matches!(n.kind(), SyntaxKind::Stmt(_)))
}

/// The node or token a span of the checker covers: the source map from diagnostics and model
/// spans back to the tree.
pub fn covering(root: &SyntaxNode, span: Span) -> Option<super::cst::SyntaxElement> {
    let start = rowan::TextSize::try_from(span.start).ok()?;
    let end = rowan::TextSize::try_from(span.end).ok()?;
    let range = rowan::TextRange::new(start, end.max(start));
    root.text_range()
        .contains_range(range)
        .then(|| root.covering_element(range))
}
