//! The abstract syntax tree: what a spec says, loosely typed and fully spanned.
//!
//! The tree is deliberately generic. Every statement becomes a [`Node`] with its [`Kind`], the id
//! it declares, its label, the typed values it was given and the statements of its block. The
//! grammar has already made sure each statement has the right shape; the checker
//! (`crate::check`) gives the values their meaning and reports what is wrong with them. Keeping
//! the tree generic keeps this stage small: one walk over pest's pairs builds it.

use std::fmt;

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

macro_rules! kinds {
    ($($variant:ident => $keyword:literal,)*) => {
        /// Every statement of the language. The keyword is what a user writes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $(
                #[doc = concat!("`", $keyword, "`")]
                $variant,
            )*
        }

        impl Kind {
            /// The keyword a user writes for this statement.
            pub fn keyword(self) -> &'static str {
                match self {
                    $(Kind::$variant => $keyword,)*
                }
            }
        }
    };
}

kinds! {
    Sla => "sla",
    Error => "<unparsable statement>",
    Service => "service",
    Company => "company",
    Revised => "revised",
    Effective => "effective",
    Timezone => "timezone",
    Parties => "parties",
    Party => "provider/customer",
    Style => "style",
    StyleItem => "style item",
    Revision => "revision",
    Summary => "summary",
    Reason => "reason",
    Chapter => "chapter",
    Section => "section",
    Clause => "clause",
    Text => "text",
    Note => "note",
    Field => "field",
    List => "list",
    ListItem => "list item",
    Table => "table",
    Columns => "columns",
    Row => "row",
    Calendar => "calendar",
    Open => "open",
    Closed => "closed",
    National => "national_holidays",
    CompanyDays => "company_holidays",
    Closure => "annual closure",
    ClosedDate => "closed date",
    CompanyHolidays => "company_holidays",
    HolidayDate => "holiday date",
    HolidayFile => "file",
    Hours => "hours",
    Always => "always",
    Alias => "=",
    UseCalendar => "calendar",
    Windows => "windows",
    Wording => "wording",
    Availability => "availability",
    Target => "target",
    Period => "period",
    Rolling => "rolling",
    Measures => "measures",
    Functions => "functions",
    Audience => "audience",
    Formula => "formula",
    Excludes => "excludes",
    MinOutage => "min_outage",
    Rounding => "rounding",
    Interval => "interval",
    Exclusions => "exclusions",
    Exclusion => "exclusion",
    ExclusionKind => "kind",
    Notice => "notice",
    Examples => "examples",
    Maintenance => "maintenance",
    WindowProp => "window",
    Schedule => "schedule",
    Stops => "stops",
    ChannelsProp => "channels",
    Severities => "severities",
    Severity => "severity",
    Respond => "respond",
    Resolve => "resolve",
    Notify => "notify",
    UseHours => "hours",
    Layout => "layout",
    Credit => "credit",
    Fee => "fee",
    Basis => "basis",
    Tier => "below",
    Cap => "cap",
    Claim => "claim",
    ClaimWithin => "within",
    ClaimBy => "by day",
    Notification => "notification",
    Within => "within",
    Monitoring => "monitoring",
    Tool => "tool",
    Checks => "checks",
    Area => "area",
    Backup => "backup",
    Every => "every",
    Between => "between",
    Generations => "generations",
    Keeps => "keeps",
    Security => "security",
    SecurityItem => "item",
    Network => "network",
    NetworkTier => "tier",
    Recovery => "recovery",
    Scope => "scope",
    Stopped => "stopped",
    Action => "action",
    Quiet => "quiet",
    Channels => "channels",
    Items => "items",
    Separator => "separator",
    AfterHours => "after_hours",
    Outside => "outside",
    Conditions => "conditions",
    Fact => "fact",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}
