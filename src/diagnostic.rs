//! Diagnostics: every problem slagen reports about a spec, as data.
//!
//! A [`Diagnostic`] is a [`Problem`] (which carries its own data) at a place in a file, with
//! optional secondary labels ("first defined here"). Codes, severities, messages and help texts
//! come from one exhaustive `match` each in [`Problem`], so a new problem that nobody wrote a
//! message for does not compile. Codes are stable: tests, editors and CI scripts match on them.
//!
//! [`Sources`] (in `crate::source`) holds the files a run has read; it turns byte spans into
//! line and column and prints diagnostics with codespan-reporting, or as JSON lines.

use crate::syntax::ast::Span;
use serde::Serialize;

pub use crate::source::{FileId, Position, Sources};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec is wrong; nothing is produced from it.
    Error,
    /// The spec is valid but probably not what was meant.
    Warning,
}

/// Everything slagen can find wrong with a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The grammar does not accept the text here.
    Syntax {
        /// What would have been accepted, already worded for users.
        expected: Vec<String>,
        /// What was found instead.
        found: String,
        /// What kind of block the statement is in.
        context: &'static str,
        /// The statements the block accepts, when the problem is an unknown statement.
        allowed: Vec<String>,
    },
    /// The file is not UTF-8.
    InvalidUtf8,
    /// Blocks nested deeper than the limit.
    NestingTooDeep {
        /// The limit.
        limit: usize,
    },
    /// The parser gave up on pathological input.
    TooComplex,
    /// An id declared twice.
    DuplicateId {
        /// The id.
        id: String,
    },
    /// A reference to an id that does not exist.
    UnknownReference {
        /// The reference as written.
        name: String,
        /// What kind of thing was looked for.
        expected: &'static str,
        /// A close existing id.
        suggestion: Option<String>,
    },
    /// A reference to the wrong kind of thing.
    WrongKind {
        /// The reference.
        name: String,
        /// What the place needs.
        expected: &'static str,
        /// What the name is.
        found: &'static str,
    },
    /// `a.b` where `a` is not a `use` name.
    UnknownSpec {
        /// The name.
        name: String,
    },
    /// A `use` that could not be loaded.
    ImportFailed {
        /// The path as written.
        path: String,
        /// Why.
        reason: String,
    },
    /// A file the spec names (`use`, a holiday file) that lies outside the tree slagen may
    /// read (symbolic links resolved).
    OutsideRoot {
        /// The path as written.
        path: String,
        /// The tree.
        root: String,
    },
    /// A `use` chain that comes back to a spec already being read.
    ImportCycle {
        /// The path as written.
        path: String,
    },
    /// Aliases (`hours a = b`, `hours b = a`) that name each other in a circle.
    AliasCycle {
        /// The alias.
        name: String,
    },
    /// `{term.field}` naming a field the term does not have.
    UnknownField {
        /// The term's id or `the spec`.
        term: String,
        /// The field.
        field: String,
        /// The fields it has.
        known: Vec<&'static str>,
    },
    /// `{term.field}` or `{field}` naming a field that exists but has no value in this spec
    /// (`{company}` without `company`, `{credit.cap}` without `cap`).
    NoValue {
        /// The term's id; `None` for a field of the spec itself.
        term: Option<String>,
        /// The field.
        field: String,
        /// The interpolation as written (`{cap}` or `{credit.cap}`).
        written: String,
    },
    /// A `{` without `}` or a malformed value name in a text.
    BadInterpolation {
        /// What is wrong.
        message: String,
    },
    /// A percentage outside 0–100.
    PercentOutOfRange {
        /// As written.
        value: String,
    },
    /// A number that does not fit the value's type.
    NumberTooLarge {
        /// As written.
        value: String,
        /// The largest allowed.
        max: String,
    },
    /// A date that does not exist.
    ImpossibleDate {
        /// As written.
        value: String,
    },
    /// A time of day that does not exist.
    ImpossibleTime {
        /// As written.
        value: String,
    },
    /// A window whose end is not after its start, without `overnight`.
    WindowEndsBeforeStart {
        /// As written.
        window: String,
    },
    /// A window marked `overnight` that ends after it starts.
    NotOvernight {
        /// As written.
        window: String,
    },
    /// Two windows of the same day overlap.
    WindowsOverlap {
        /// The later window.
        window: String,
    },
    /// A duration unit that makes no sense here.
    UnitNotAllowed {
        /// The unit.
        unit: String,
        /// The statement.
        context: String,
        /// The units that do.
        allowed: Vec<&'static str>,
    },
    /// A duration with decimals, or a range whose ends are reversed.
    BadDuration {
        /// What is wrong.
        message: String,
    },
    /// A time zone that is not in the IANA database.
    UnknownTimeZone {
        /// As written.
        name: String,
    },
    /// A `style` key slagen does not know.
    UnknownStyleKey {
        /// The key.
        key: String,
    },
    /// A value of a closed set slagen does not know (exclusion kind, ...).
    UnknownKeyword {
        /// The word.
        word: String,
        /// What it should name.
        what: &'static str,
        /// The words allowed.
        allowed: Vec<&'static str>,
    },
    /// A required statement is missing.
    MissingField {
        /// The statement that lacks it.
        owner: String,
        /// What is missing.
        field: &'static str,
    },
    /// A statement given twice where once is allowed.
    DuplicateField {
        /// The statement.
        field: &'static str,
    },
    /// A statement in a block where it means nothing.
    NotAllowedHere {
        /// The statement.
        statement: &'static str,
        /// The block.
        context: &'static str,
        /// Where it belongs.
        help: &'static str,
    },
    /// An outage log that cannot be read as its format (CSV, JSON, JSON Lines).
    OutageSyntax {
        /// What is wrong.
        message: String,
    },
    /// A field an outage record needs is missing or empty.
    OutageMissingField {
        /// The field.
        field: &'static str,
    },
    /// A column or field outage records do not have.
    OutageUnknownField {
        /// The name as written.
        field: String,
    },
    /// A time in an outage record that cannot be read.
    OutageBadTime {
        /// The field.
        field: &'static str,
        /// As written.
        value: String,
        /// Why.
        reason: String,
    },
    /// An outage that does not end after it starts.
    OutageEndsBeforeStart {
        /// Its start as written.
        start: String,
        /// Its end as written.
        end: String,
    },
    /// An outage kind slagen does not know.
    OutageUnknownKind {
        /// As written.
        kind: String,
    },
    /// A planned stop notified after it started.
    OutageNotifiedAfterStart {
        /// The notification time as written.
        notified: String,
        /// The start as written.
        start: String,
    },
    /// An objective or function the spec does not have.
    OutageUnknownTarget {
        /// As written.
        name: String,
        /// `objective` or `function`.
        what: &'static str,
        /// What the spec has.
        known: Vec<String>,
    },
    /// A report month the spec does not govern (before its revision or effective date).
    ReportMonthNotCovered {
        /// What is wrong, naming the month and the revision.
        message: String,
        /// The revision in force then, or that none is recorded.
        help: String,
    },
    /// Credit tiers that do not give more as availability falls.
    CreditNotIncreasing {
        /// The tier that breaks the order.
        tier: String,
    },
    /// A revision record dated before the previous one.
    RevisionOutOfOrder {
        /// Its date.
        date: String,
        /// The previous one's.
        previous: String,
    },
    /// A revision record dated after the spec's `revised` date.
    RevisionAfterRevised {
        /// Its date.
        date: String,
        /// The spec's.
        revised: String,
    },
    /// A more severe level with a looser target than a less severe one.
    SeverityLooser {
        /// The target (`resolve`).
        target: &'static str,
        /// The more severe level.
        severe: String,
        /// The less severe level.
        lenient: String,
    },
    /// The newest revision record does not match `revised`.
    RevisedNotLatest {
        /// The spec's `revised`.
        revised: String,
        /// The newest record.
        latest: String,
    },
    /// A percentage with more than four decimals.
    TooPrecise {
        /// As written.
        value: String,
    },
    /// A `history_url` that is not an absolute `http`/`https` address a document can link to.
    BadWebAddress {
        /// Why not (`contains a space or a control character`).
        reason: &'static str,
    },
    /// `claim by day 40 of next month`: not a day of a month.
    DayOutOfRange {
        /// As written.
        value: String,
    },
    /// Zero where only a positive amount means anything (`rolling 0 days`, `every 0min`,
    /// `generations 0`, `interval 0s`).
    ZeroValue {
        /// The statement (`rolling`, `every`).
        statement: String,
    },
    /// A business-time target without hours to count in.
    NoHoursForBusinessTime {
        /// The level.
        severity: String,
    },
    /// A table row with a different number of cells than the table has columns.
    TableShape {
        /// Columns.
        columns: usize,
        /// Cells in the row.
        cells: usize,
    },
    /// A company holiday file that cannot be used.
    HolidayFile {
        /// Why.
        reason: String,
    },
    /// An event query of a `measure` block without the `{{.window}}` placeholder.
    QueryWithoutWindow,
    /// An `internal` objective below the contract's target: alerts would fire after the
    /// contract is already breached.
    InternalLooser {
        /// The internal objective, as written.
        internal: String,
        /// The contract's target.
        target: String,
    },
    /// An export needs something the spec does not say (a measurement, hours, ...).
    ExportNeeds {
        /// The export (`prometheus`).
        export: &'static str,
        /// What is missing.
        what: &'static str,
        /// How to add it.
        help: &'static str,
    },
    /// A document too large for the PDF path (src/render/pdf.rs, `MAX_SOURCE_BYTES`).
    PdfTooLarge {
        /// The size of the document's Typst source, in bytes.
        bytes: usize,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl Problem {
    /// Whether the text could not be read as the grammar says (E000x): such a file has no
    /// statements to format or check.
    pub fn is_syntax(&self) -> bool {
        matches!(
            self,
            Problem::Syntax { .. }
                | Problem::InvalidUtf8
                | Problem::NestingTooDeep { .. }
                | Problem::TooComplex
        )
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Syntax { .. } => "E0001",
            Problem::InvalidUtf8 => "E0002",
            Problem::NestingTooDeep { .. } => "E0003",
            Problem::TooComplex => "E0004",
            Problem::DuplicateId { .. } => "E0101",
            Problem::UnknownReference { .. } => "E0102",
            Problem::WrongKind { .. } => "E0103",
            Problem::UnknownSpec { .. } => "E0104",
            Problem::ImportFailed { .. } => "E0105",
            Problem::ImportCycle { .. } => "E0106",
            Problem::UnknownField { .. } => "E0107",
            Problem::AliasCycle { .. } => "E0109",
            Problem::BadInterpolation { .. } => "E0108",
            Problem::NoValue { .. } => "E0110",
            Problem::OutsideRoot { .. } => "E0111",
            Problem::PercentOutOfRange { .. } => "E0201",
            Problem::NumberTooLarge { .. } => "E0202",
            Problem::ImpossibleDate { .. } => "E0203",
            Problem::ImpossibleTime { .. } => "E0204",
            Problem::WindowEndsBeforeStart { .. } => "E0205",
            Problem::NotOvernight { .. } => "E0206",
            Problem::WindowsOverlap { .. } => "E0207",
            Problem::UnitNotAllowed { .. } => "E0208",
            Problem::BadDuration { .. } => "E0209",
            Problem::UnknownTimeZone { .. } => "E0210",
            Problem::UnknownStyleKey { .. } => "E0211",
            Problem::UnknownKeyword { .. } => "E0212",
            Problem::TooPrecise { .. } => "E0213",
            Problem::ZeroValue { .. } => "E0214",
            Problem::DayOutOfRange { .. } => "E0215",
            Problem::BadWebAddress { .. } => "E0216",
            Problem::MissingField { .. } => "E0301",
            Problem::DuplicateField { .. } => "E0302",
            Problem::NotAllowedHere { .. } => "E0303",
            Problem::OutageSyntax { .. } => "E0501",
            Problem::OutageMissingField { .. } => "E0502",
            Problem::OutageUnknownField { .. } => "E0503",
            Problem::OutageBadTime { .. } => "E0504",
            Problem::OutageEndsBeforeStart { .. } => "E0505",
            Problem::OutageUnknownKind { .. } => "E0506",
            Problem::OutageNotifiedAfterStart { .. } => "E0507",
            Problem::OutageUnknownTarget { .. } => "E0508",
            Problem::ReportMonthNotCovered { .. } => "E0509",
            Problem::CreditNotIncreasing { .. } => "E0304",
            Problem::RevisionOutOfOrder { .. } => "E0305",
            Problem::RevisionAfterRevised { .. } => "E0306",
            Problem::NoHoursForBusinessTime { .. } => "E0307",
            Problem::TableShape { .. } => "E0308",
            Problem::HolidayFile { .. } => "E0309",
            Problem::QueryWithoutWindow => "E0310",
            Problem::ExportNeeds { .. } => "E0601",
            Problem::PdfTooLarge { .. } => "E0701",
            Problem::SeverityLooser { .. } => "W0401",
            Problem::RevisedNotLatest { .. } => "W0402",
            Problem::InternalLooser { .. } => "W0403",
        }
    }

    /// What the problem's code means in general (an editor shows it on hover, next to the
    /// message, which says what happened in this instance).
    pub fn explanation(&self) -> &'static str {
        match self {
            Problem::Syntax { .. } => "The grammar does not accept the text here.",
            Problem::InvalidUtf8 => "The file is not UTF-8.",
            Problem::NestingTooDeep { .. } => "Blocks nested deeper than the limit.",
            Problem::TooComplex => "The parser gave up on pathological input.",
            Problem::DuplicateId { .. } => "An id declared twice.",
            Problem::UnknownReference { .. } => "A reference to an id that does not exist.",
            Problem::WrongKind { .. } => "A reference to the wrong kind of thing.",
            Problem::UnknownSpec { .. } => "`a.b` where `a` is not a `use` name.",
            Problem::ImportFailed { .. } => "A `use` that could not be loaded.",
            Problem::OutsideRoot { .. } => {
                "A file the spec names lies outside the directory tree slagen may read."
            }
            Problem::ImportCycle { .. } => {
                "A `use` chain that comes back to a spec already being read."
            }
            Problem::AliasCycle { .. } => {
                "Aliases (`hours a = b`, `hours b = a`) that name each other in a circle."
            }
            Problem::UnknownField { .. } => "`{term.field}` naming a field the term does not have.",
            Problem::BadInterpolation { .. } => {
                "A `{` without `}` or a malformed value name in a text."
            }
            Problem::PercentOutOfRange { .. } => "A percentage outside 0–100.",
            Problem::NumberTooLarge { .. } => "A number that does not fit the value's type.",
            Problem::ImpossibleDate { .. } => "A date that does not exist.",
            Problem::ImpossibleTime { .. } => "A time of day that does not exist.",
            Problem::WindowEndsBeforeStart { .. } => {
                "A window whose end is not after its start, without `overnight`."
            }
            Problem::NotOvernight { .. } => {
                "A window marked `overnight` that ends after it starts."
            }
            Problem::WindowsOverlap { .. } => "Two windows of the same day overlap.",
            Problem::UnitNotAllowed { .. } => "A duration unit that makes no sense here.",
            Problem::BadDuration { .. } => {
                "A duration with decimals, or a range whose ends are reversed."
            }
            Problem::UnknownTimeZone { .. } => "A time zone that is not in the IANA database.",
            Problem::UnknownStyleKey { .. } => "A `style` key slagen does not know.",
            Problem::UnknownKeyword { .. } => {
                "A value of a closed set slagen does not know (exclusion kind, ...)."
            }
            Problem::MissingField { .. } => "A required statement is missing.",
            Problem::DuplicateField { .. } => "A statement given twice where once is allowed.",
            Problem::NotAllowedHere { .. } => "A statement in a block where it means nothing.",
            Problem::CreditNotIncreasing { .. } => {
                "Credit tiers that do not give more as availability falls."
            }
            Problem::RevisionOutOfOrder { .. } => {
                "A revision record dated before the previous one."
            }
            Problem::RevisionAfterRevised { .. } => {
                "A revision record dated after the spec's `revised` date."
            }
            Problem::SeverityLooser { .. } => {
                "A more severe level with a looser target than a less severe one."
            }
            Problem::RevisedNotLatest { .. } => {
                "The newest revision record does not match `revised`."
            }
            Problem::TooPrecise { .. } => "A percentage with more than four decimals.",
            Problem::ZeroValue { .. } => "Zero where only a positive amount means anything.",
            Problem::DayOutOfRange { .. } => "A day of the month outside 1–31.",
            Problem::BadWebAddress { .. } => {
                "An address to link to that is not an absolute http or https URL."
            }
            Problem::NoHoursForBusinessTime { .. } => {
                "A business-time target without hours to count in."
            }
            Problem::TableShape { .. } => {
                "A table row with a different number of cells than the table has columns."
            }
            Problem::HolidayFile { .. } => "A company holiday file that cannot be used.",
            Problem::NoValue { .. } => {
                "A value named in a text that this spec does not give (`{company}` without `company`)."
            }
            Problem::OutageSyntax { .. } => {
                "An outage log that cannot be read as its format (CSV, JSON, JSON Lines)."
            }
            Problem::OutageMissingField { .. } => {
                "A field an outage record needs is missing or empty."
            }
            Problem::OutageUnknownField { .. } => "A column or field outage records do not have.",
            Problem::OutageBadTime { .. } => "A time in an outage record that cannot be read.",
            Problem::OutageEndsBeforeStart { .. } => "An outage that does not end after it starts.",
            Problem::OutageUnknownKind { .. } => "An outage kind slagen does not know.",
            Problem::OutageNotifiedAfterStart { .. } => "A planned stop notified after it started.",
            Problem::OutageUnknownTarget { .. } => {
                "An outage record naming an objective or function the spec does not have."
            }
            Problem::ReportMonthNotCovered { .. } => {
                "A report month before the revision (or effective date) of the spec given."
            }
            Problem::QueryWithoutWindow => {
                "An event query of a `measure` block without the `{{.window}}` placeholder."
            }
            Problem::ExportNeeds { .. } => {
                "An export needs something the spec does not say (a measurement, hours, ...)."
            }
            Problem::PdfTooLarge { .. } => {
                "A document too large to typeset as PDF within bounded time and memory."
            }
            Problem::InternalLooser { .. } => {
                "An internal objective below the contract's target: alerts would fire only after the contract is breached."
            }
        }
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        if self.code().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        match self {
            Problem::Syntax {
                expected,
                found,
                context,
                ..
            } => {
                let what = match expected.as_slice() {
                    [] => "something else".to_string(),
                    [one] => one.clone(),
                    many => format!(
                        "{} or {}",
                        many[..many.len() - 1].join(", "),
                        many[many.len() - 1]
                    ),
                };
                format!("expected {what} in {context}, found {found}")
            }
            Problem::InvalidUtf8 => "the file is not valid UTF-8".into(),
            Problem::NestingTooDeep { limit } => {
                format!("blocks are nested more than {limit} levels deep")
            }
            Problem::TooComplex => "the file is too complex to parse".into(),
            Problem::DuplicateId { id } => format!("`{id}` is declared more than once"),
            Problem::UnknownReference { name, expected, .. } => {
                format!("no {expected} named `{name}`")
            }
            Problem::WrongKind {
                name,
                expected,
                found,
            } => format!("`{name}` is {found}, but {expected} is needed here"),
            Problem::UnknownSpec { name } => {
                format!("`{name}` is not the name of a spec this one uses")
            }
            Problem::ImportFailed { path, reason } => {
                format!("cannot use the spec `{path}`: {reason}")
            }
            Problem::ImportCycle { path } => {
                format!("`{path}` uses, directly or through others, the spec that uses it")
            }
            Problem::OutsideRoot { path, root } => {
                format!("`{path}` is outside {root}, the directory tree this spec may read")
            }
            Problem::AliasCycle { name } => {
                format!("`{name}` is an alias that comes back to itself")
            }
            Problem::UnknownField { term, field, .. } => {
                format!("{term} has no value `{field}` to interpolate")
            }
            Problem::NoValue {
                term,
                field,
                written,
            } => match term {
                Some(t) => format!("`{t}` does not give `{field}`, so `{written}` has no value"),
                None => format!("the spec does not give `{field}`, so `{written}` has no value"),
            },
            Problem::BadInterpolation { message } => message.clone(),
            Problem::PercentOutOfRange { value } => {
                format!("{value}% is not a percentage between 0 and 100")
            }
            Problem::NumberTooLarge { value, max } => {
                format!("{value} is too large here (at most {max})")
            }
            Problem::ImpossibleDate { value } => format!("{value} is not a date that exists"),
            Problem::ImpossibleTime { value } => {
                format!("{value} is not a time of day (00:00 to 24:00)")
            }
            Problem::WindowEndsBeforeStart { window } => {
                format!("the window {window} ends before it starts")
            }
            Problem::NotOvernight { window } => {
                format!("the window {window} is marked overnight but ends after it starts")
            }
            Problem::WindowsOverlap { window } => {
                format!("the window {window} overlaps an earlier window")
            }
            Problem::UnitNotAllowed { unit, context, .. } => {
                format!("a duration in {unit} makes no sense for `{context}`")
            }
            Problem::BadDuration { message } => message.clone(),
            Problem::UnknownTimeZone { name } => format!("unknown time zone `{name}`"),
            Problem::UnknownStyleKey { key } => format!("unknown style `{key}`"),
            Problem::UnknownKeyword { word, what, .. } => format!("unknown {what} `{word}`"),
            Problem::MissingField { owner, field } => format!("{owner} needs `{field}`"),
            Problem::DuplicateField { field } => format!("`{field}` is given more than once"),
            Problem::NotAllowedHere {
                statement, context, ..
            } => format!("`{statement}` is not allowed in {context}"),
            Problem::OutageSyntax { message } => message.clone(),
            Problem::OutageMissingField { field } => {
                format!("the outage record has no `{field}`")
            }
            Problem::OutageUnknownField { field } => {
                format!("outage records have no field `{field}`")
            }
            Problem::OutageBadTime {
                field,
                value,
                reason,
            } => format!("`{field}` {value:?} is not a usable time: {reason}"),
            Problem::OutageEndsBeforeStart { start, end } => {
                format!("the outage ends ({end}) before or when it starts ({start})")
            }
            Problem::OutageUnknownKind { kind } => format!("unknown outage kind `{kind}`"),
            Problem::OutageNotifiedAfterStart { notified, start } => {
                format!("the stop was notified ({notified}) after it started ({start})")
            }
            Problem::OutageUnknownTarget { name, what, .. } => {
                format!("the spec has no availability {what} `{name}`")
            }
            Problem::ReportMonthNotCovered { message, .. } => message.clone(),
            Problem::CreditNotIncreasing { tier } => {
                format!("the credit tier `{tier}` does not give more than the tier above it")
            }
            Problem::RevisionOutOfOrder { date, previous } => {
                format!("the revision {date} is older than the revision {previous} before it")
            }
            Problem::RevisionAfterRevised { date, revised } => format!(
                "the revision record {date} is newer than the spec's revision date {revised}"
            ),
            Problem::SeverityLooser {
                target,
                severe,
                lenient,
            } => format!(
                "`{target}` of the more severe level {severe} is looser than that of {lenient}"
            ),
            Problem::RevisedNotLatest { revised, latest } => {
                format!("the spec is revised {revised} but its newest revision record is {latest}")
            }
            Problem::TooPrecise { value } => {
                format!("{value}% has more than four decimal places")
            }
            Problem::ZeroValue { statement } => format!("`{statement}` must be more than zero"),
            Problem::DayOutOfRange { value } => {
                format!("day {value} is not a day of a month")
            }
            Problem::BadWebAddress { reason } => {
                format!("the address of the change history {reason}")
            }
            Problem::NoHoursForBusinessTime { severity } => {
                format!("{severity} has a target in business time but no hours to count it in")
            }
            Problem::TableShape { columns, cells } => {
                format!("{cells} cells or headings given where the table has {columns} columns")
            }
            Problem::HolidayFile { reason } => format!("cannot use the holiday file: {reason}"),
            Problem::QueryWithoutWindow => {
                "the event query has no `{{.window}}` placeholder for its range".into()
            }
            Problem::InternalLooser { internal, target } => format!(
                "the internal objective {internal}% is looser than the contract's target {target}%"
            ),
            Problem::ExportNeeds { export, what, .. } => {
                format!("`export --to {export}` needs {what}")
            }
            Problem::PdfTooLarge { bytes, limit } => format!(
                "the document is too large to typeset as PDF: its Typst source is {:.1} MiB, the limit is {} MiB",
                *bytes as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024)
            ),
        }
    }

    /// A hint on how to fix it.
    pub fn help(&self) -> Option<String> {
        match self {
            Problem::Syntax { allowed, .. } => (!allowed.is_empty())
                .then(|| format!("statements allowed here: {}", allowed.join(", "))),
            Problem::InvalidUtf8 => Some("save the spec as UTF-8".into()),
            Problem::NestingTooDeep { .. } => {
                Some("chapters, sections and clauses rarely need more than a few levels".into())
            }
            Problem::TooComplex => Some("split the spec or simplify the statement".into()),
            Problem::DuplicateId { .. } => {
                Some("ids are unique in a spec; rename one of them".into())
            }
            Problem::UnknownReference { suggestion, .. } => {
                suggestion.as_ref().map(|s| format!("did you mean `{s}`?"))
            }
            Problem::WrongKind { .. } => None,
            Problem::UnknownSpec { .. } => {
                Some("declare it first: use NAME = \"path/to/spec.sla\"".into())
            }
            Problem::ImportFailed { .. } => {
                Some("paths are relative to the spec that says `use`".into())
            }
            Problem::ImportCycle { .. } => None,
            Problem::OutsideRoot { .. } => Some(
                "a spec reads only inside its root: the git work tree that holds it, else its own directory; `--root DIR` sets another"
                    .into(),
            ),
            Problem::AliasCycle { .. } => {
                Some("one of the hours in the circle must give its days and windows".into())
            }
            Problem::UnknownField { known, .. } => {
                Some(format!("available: {}", known.join(", ")))
            }
            Problem::NoValue { term, field, .. } => Some(match term {
                Some(t) => format!("add `{field}` to `{t}`, or write the value in the text"),
                None => format!("add `{field}` to the spec, or write the value in the text"),
            }),
            Problem::BadInterpolation { .. } => None,
            Problem::PercentOutOfRange { .. } => None,
            Problem::NumberTooLarge { .. } => None,
            Problem::ImpossibleDate { .. } => Some("dates are written YYYY-MM-DD".into()),
            Problem::ImpossibleTime { .. } => Some("times are written HH:MM".into()),
            Problem::WindowEndsBeforeStart { .. } => Some(
                "write `overnight` after a window that crosses midnight (22:00-09:00 overnight)"
                    .into(),
            ),
            Problem::NotOvernight { .. } => Some("remove `overnight`".into()),
            Problem::WindowsOverlap { .. } => Some("merge the windows into one".into()),
            Problem::UnitNotAllowed { allowed, .. } => {
                Some(format!("use one of: {}", allowed.join(", ")))
            }
            Problem::BadDuration { .. } => None,
            Problem::UnknownTimeZone { .. } => {
                Some("use an IANA name such as \"Asia/Tokyo\"".into())
            }
            Problem::UnknownStyleKey { .. } => Some(format!(
                "known styles: {}",
                crate::model::Style::KEYS.join(", ")
            )),
            Problem::UnknownKeyword { allowed, .. } => {
                Some(format!("one of: {}", allowed.join(", ")))
            }
            Problem::MissingField { .. } => None,
            Problem::DuplicateField { .. } => Some("remove one of them".into()),
            Problem::NotAllowedHere { help, .. } => Some((*help).into()),
            Problem::OutageSyntax { .. } => Some(
                "see docs/report.md for the outage log formats (CSV with a header, a JSON array, JSON Lines)"
                    .into(),
            ),
            Problem::OutageMissingField { .. } => {
                Some("every outage needs start, end and kind".into())
            }
            Problem::OutageUnknownField { .. } => Some(
                "fields: start, end, kind, notified_at, objectives, functions, note".into(),
            ),
            Problem::OutageBadTime { .. } => Some(
                "write 2026-10-05T02:00:00+09:00 (an instant), or 2026-10-05 02:00 in the spec's time zone"
                    .into(),
            ),
            Problem::OutageEndsBeforeStart { .. } => None,
            Problem::OutageUnknownKind { .. } => Some(format!(
                "one of: {}",
                crate::report::OutageKind::KEYWORDS.join(", ")
            )),
            Problem::OutageNotifiedAfterStart { .. } => Some(
                "notified_at is when the stop was announced; leave it empty if it was not".into(),
            ),
            Problem::OutageUnknownTarget { known, .. } => {
                Some(format!("the spec has: {}", known.join(", ")))
            }
            Problem::ReportMonthNotCovered { help, .. } => Some(help.clone()),
            Problem::CreditNotIncreasing { .. } => Some(
                "list tiers from the highest threshold down; each lower threshold must give a larger credit"
                    .into(),
            ),
            Problem::RevisionOutOfOrder { .. } => {
                Some("list revision records oldest first".into())
            }
            Problem::RevisionAfterRevised { .. } => {
                Some("set `revised` to the newest revision".into())
            }
            Problem::SeverityLooser { .. } => Some(
                "levels are listed most severe first; a more severe level usually has the shorter target"
                    .into(),
            ),
            Problem::RevisedNotLatest { .. } => None,
            Problem::TooPrecise { .. } => None,
            Problem::BadWebAddress { .. } => Some(
                "write the whole address as a browser shows it, e.g. \"https://example.com/sla/history\" (spaces as %20)".into(),
            ),
            Problem::DayOutOfRange { .. } => Some(
                "write a day from 1 to 31; in a shorter month the deadline is its last day".into(),
            ),
            Problem::ZeroValue { .. } => {
                Some("leave the statement out if there is no such rule".into())
            }
            Problem::NoHoursForBusinessTime { .. } => Some(
                "say `hours SUPPORT_HOURS` in the severities block or the level".into(),
            ),
            Problem::TableShape { .. } => None,
            Problem::HolidayFile { .. } => Some(
                "one holiday a line: YYYY-MM-DD and a name; `#` starts a comment; the path is relative to the spec"
                    .into(),
            ),
            Problem::QueryWithoutWindow => Some(
                "write the range as Sloth does: rate(http_requests_total{code=~\"5..\"}[{{.window}}])"
                    .into(),
            ),
            Problem::InternalLooser { .. } => Some(
                "the internal objective is what alerts use; make it at least the contract's target"
                    .into(),
            ),
            Problem::ExportNeeds { help, .. } => Some((*help).into()),
            Problem::PdfTooLarge { .. } => Some(
                "HTML and Markdown have no such limit; a PDF this large would need gigabytes of memory (the limit is explained in grammar/README.md, Diagnostics)"
                    .into(),
            ),
        }
    }
}

/// A problem at a place, with optional secondary places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub problem: Problem,
    /// In which file.
    pub file: FileId,
    /// Where.
    pub span: Span,
    /// Related places with a note each.
    pub labels: Vec<(FileId, Span, String)>,
}

impl Diagnostic {
    /// A diagnostic without secondary labels.
    pub fn new(problem: Problem, file: FileId, span: Span) -> Diagnostic {
        Diagnostic {
            problem,
            file,
            span,
            labels: Vec::new(),
        }
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, file: FileId, span: Span, note: impl Into<String>) -> Diagnostic {
        self.labels.push((file, span, note.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.problem.severity() == Severity::Error
    }
}
