//! The typed SLA: what a spec means, with every value in its unit and every reference resolved.
//!
//! The checker (`crate::check`) builds a [`Spec`] from the syntax tree; rendering, diffing,
//! calendars and exports read only this. It is serialised as the JSON export (`slagen export
//! --to json`), so field names here are a public contract: add fields, do not rename them.
//!
//! A spec is two things at once. `document` is the document's structure in order — chapters,
//! sections, clauses, paragraphs, lists, tables — where a typed term appears as
//! [`Block::Term`] naming its id. `terms` holds every term's typed data, in declaration order,
//! each tagged with its kind, so a machine can find e.g. all availability objectives without
//! walking the document.

pub mod text;
pub mod units;

use schemars::JsonSchema;
use serde::Serialize;

pub use text::{Piece, Text};
pub use units::{
    Bandwidth, Date, Duration, DurationRange, MonthDay, Percent, RevisionDate, TimeOfDay, TimeUnit,
    Weekday, Window,
};

/// One SLA as a spec states it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Spec {
    /// The spec's id (`sla calltree ...`).
    pub id: String,
    /// The document's title.
    pub title: String,
    /// The service the SLA covers.
    pub service: String,
    /// The provider's company name, if the spec gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The document's number (文書番号), if the spec gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Where customers ask about the SLA (お問い合わせ先), if the spec gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Where the change history (変更履歴) of this SLA is published, if the spec gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_url: Option<String>,
    /// The revision this spec is (改定日).
    pub revised: RevisionDate,
    /// When it takes effect (施行日), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// IANA time zone of every time in the spec.
    pub timezone: String,
    /// How the document names the parties.
    pub parties: Parties,
    /// Document style choices (numbering, signs).
    pub style: Style,
    /// Other specs this one refers to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<UsedSpec>,
    /// The company's own holidays (弊社所定の休日).
    pub company_holidays: CompanyHolidays,
    /// The document, in order.
    pub document: Vec<Block>,
    /// Every typed term, in declaration order.
    pub terms: Vec<Term>,
    /// The revision records, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Position of each term in `terms` by id, for lookups in constant time (built by
    /// [`Spec::index_terms`]; not exported).
    #[serde(skip)]
    #[schemars(skip)]
    pub term_index: std::collections::HashMap<String, usize>,
}

/// How the document refers to the parties.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Parties {
    /// The provider: 弊社 or 当社.
    pub provider: String,
    /// The customer: お客様 or 利用者.
    pub customer: String,
}

impl Default for Parties {
    fn default() -> Parties {
        Parties {
            provider: "弊社".into(),
            customer: "お客様".into(),
        }
    }
}

/// Document style: every choice the seeds make differently, with the usual default.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Style {
    /// Chapter headings; `{n}` is the number, `{title}` the title.
    pub chapter: String,
    /// Section headings.
    pub section: String,
    /// Clause headings.
    pub clause: String,
    /// Clauses inside clauses.
    pub subclause: String,
    /// The percent sign: `%` or `％`.
    pub percent: String,
    /// Between the ends of a time range: `～` or `~`.
    pub range: String,
    /// Bullet of bullet lists.
    pub bullet: String,
    /// Dates: `western` (2024年5月), `padded` (2024年05月) or `wareki` (令和6年5月).
    pub dates: String,
    /// Times: `plain` (9:00), `padded` (09:00) or `as_written` (each time as the spec wrote it).
    pub time: String,
    /// The body face of the PDF and HTML: `mincho` (the default) or `gothic` (as many SaaS
    /// documents are set).
    pub font: String,
    /// `on` ends the document with 附則 and the sentence 「本規定は…から施行します。」 (the
    /// 施行日, or the 改定日 when the spec has none); `off` (the default) does not.
    pub supplement: String,
    /// A closing word printed at the end, right-aligned (以上); empty (the default) for none.
    pub closing: String,
    /// Divisions with no content: `mark` (the default) prints 「（略）」 under the heading,
    /// `hide` leaves them out of the document.
    pub omitted: String,
    /// Item numbers of a change notice: `several` (the default) numbers them only when a
    /// revision has more than one item; `always` numbers a single item 「1.」 too.
    pub items: String,
    /// The sentence ending of generated sentences: `desu_masu` (the default, 「…とします。」) or
    /// `dearu` (「…とする。」), for SLAs written in である調.
    pub tone: String,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            chapter: "第{n}章 {title}".into(),
            section: "第{n}節 {title}".into(),
            clause: "{n}.{title}".into(),
            subclause: "({n}){title}".into(),
            percent: "%".into(),
            range: "～".into(),
            bullet: "・".into(),
            dates: "western".into(),
            time: "plain".into(),
            font: "mincho".into(),
            supplement: "off".into(),
            closing: String::new(),
            omitted: "mark".into(),
            items: "several".into(),
            tone: "desu_masu".into(),
        }
    }
}

impl Style {
    /// The keys a `style` block accepts.
    pub const KEYS: [&'static str; 15] = [
        "chapter",
        "section",
        "clause",
        "subclause",
        "percent",
        "range",
        "bullet",
        "dates",
        "time",
        "font",
        "supplement",
        "closing",
        "omitted",
        "items",
        "tone",
    ];

    /// Sets a key; false if the key is unknown.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        let slot = match key {
            "chapter" => &mut self.chapter,
            "section" => &mut self.section,
            "clause" => &mut self.clause,
            "subclause" => &mut self.subclause,
            "percent" => &mut self.percent,
            "range" => &mut self.range,
            "bullet" => &mut self.bullet,
            "dates" => &mut self.dates,
            "time" => &mut self.time,
            "font" => &mut self.font,
            "supplement" => &mut self.supplement,
            "closing" => &mut self.closing,
            "omitted" => &mut self.omitted,
            "items" => &mut self.items,
            "tone" => &mut self.tone,
            _ => return false,
        };
        *slot = value;
        true
    }
}

/// Another spec this one refers to (`use synergy = "../synergy/2017-05-08.sla"`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UsedSpec {
    /// The name references use.
    pub name: String,
    /// The path as written.
    pub path: String,
    /// That spec's id.
    pub spec: String,
    /// That spec's service name.
    pub service: String,
}

/// The company's own holidays, by date.
#[derive(Debug, Clone, Serialize, JsonSchema, Default, PartialEq, Eq)]
pub struct CompanyHolidays {
    /// What documents call them (弊社所定の休日 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The dates.
    pub dates: Vec<NamedDate>,
}

/// A date with a name.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct NamedDate {
    /// The date.
    pub date: Date,
    /// Its name, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A part of the document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A chapter, section or clause with its own blocks.
    Division(Division),
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: Text,
    },
    /// A note (※).
    Note {
        /// Its text.
        text: Text,
    },
    /// A labelled line: 「サポート窓口：電話 / メール」.
    Field {
        /// The label.
        label: Text,
        /// The value.
        value: Text,
    },
    /// A list.
    List {
        /// Its markers.
        style: ListStyle,
        /// Its items.
        items: Vec<Text>,
    },
    /// A table.
    Table {
        /// Column headings (may be empty).
        columns: Vec<Text>,
        /// Rows of cells.
        rows: Vec<Vec<Text>>,
    },
    /// A typed term, rendered where it is declared.
    Term {
        /// The term's id in `terms`.
        id: String,
    },
}

/// What kind of division.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DivisionKind {
    /// 第N章
    Chapter,
    /// 第N節
    Section,
    /// N. (and (N) inside a clause)
    Clause,
}

/// A chapter, section or clause.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Division {
    /// Chapter, section or clause.
    pub kind: DivisionKind,
    /// Stable id: the same clause keeps it across revisions and renumbering.
    pub id: String,
    /// Its title, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its number among the siblings of its kind, from 1.
    pub number: u32,
    /// How many clauses enclose it (0 for a top clause; 1 gives the (1) style).
    pub depth: u32,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// List markers.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// ・
    Bullet,
    /// 1.
    Numbered,
    /// (1)
    Paren,
    /// i.
    Roman,
    /// a.
    Alpha,
    /// No marker: one item a line.
    Plain,
    /// -
    Dash,
}

/// A revision record: what changed at a revision and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Revision {
    /// The revision date.
    pub date: RevisionDate,
    /// A sentence about the whole revision, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The reasons, one per item of the change notice.
    pub reasons: Vec<Reason>,
}

/// One item of a change notice: the divisions it concerns and the reason sentence.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Reason {
    /// Ids of the chapters, sections or clauses concerned.
    pub targets: Vec<String>,
    /// The sentence; `{chapter}`, `{section}`, `{clause}` and `{clauses}` name the targets.
    pub text: String,
}

/// A typed term.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Term {
    /// A business calendar.
    Calendar(Calendar),
    /// Service or support hours.
    Hours(Hours),
    /// An availability objective.
    Availability(Availability),
    /// A latency objective.
    Latency(Latency),
    /// What the SLA or a part of it applies to.
    Applies(Applies),
    /// A list of exclusions from the SLA.
    Exclusions(ExclusionList),
    /// One exclusion.
    Exclusion(Exclusion),
    /// A maintenance window.
    Maintenance(Maintenance),
    /// Severity levels and their targets.
    Severities(Severities),
    /// A service credit.
    Credit(Credit),
    /// Credits on several objectives in one table (`credits`), by the ids of its credits.
    Credits(CreditTable),
    /// Incident notification.
    Notification(Notification),
    /// Monitoring.
    Monitoring(Monitoring),
    /// A backup schedule.
    Backup(Backup),
    /// Security measures.
    Security(Security),
    /// Recommended network tiers.
    Network(Network),
    /// A recovery rule.
    Recovery(Recovery),
    /// Contact channels.
    Channels(Channels),
    /// After-hours emergency support.
    AfterHours(AfterHours),
    /// A named value.
    Fact(Fact),
}

/// What every term has.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TermHead {
    /// The term's id.
    pub id: String,
    /// Its label (the name documents use).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A sentence that replaces the generated wording; `{field}` interpolates the term's values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<Text>,
}

impl Term {
    /// The common part.
    pub fn head(&self) -> &TermHead {
        match self {
            Term::Calendar(t) => &t.head,
            Term::Hours(t) => &t.head,
            Term::Availability(t) => &t.head,
            Term::Latency(t) => &t.head,
            Term::Applies(t) => &t.head,
            Term::Exclusions(t) => &t.head,
            Term::Credits(t) => &t.head,
            Term::Exclusion(t) => &t.head,
            Term::Maintenance(t) => &t.head,
            Term::Severities(t) => &t.head,
            Term::Credit(t) => &t.head,
            Term::Notification(t) => &t.head,
            Term::Monitoring(t) => &t.head,
            Term::Backup(t) => &t.head,
            Term::Security(t) => &t.head,
            Term::Network(t) => &t.head,
            Term::Recovery(t) => &t.head,
            Term::Channels(t) => &t.head,
            Term::AfterHours(t) => &t.head,
            Term::Fact(t) => &t.head,
        }
    }

    /// The term's id.
    pub fn id(&self) -> &str {
        &self.head().id
    }

    /// The statement kind of the keyword table that declares this term.
    pub fn kind(&self) -> crate::syntax::Kind {
        use crate::syntax::Kind;
        match self {
            Term::Calendar(_) => Kind::Calendar,
            Term::Hours(_) => Kind::Hours,
            Term::Availability(_) => Kind::Availability,
            Term::Latency(_) => Kind::Latency,
            Term::Applies(_) => Kind::Applies,
            Term::Exclusions(_) => Kind::Exclusions,
            Term::Credits(_) => Kind::Credits,
            Term::Exclusion(_) => Kind::Exclusion,
            Term::Maintenance(_) => Kind::Maintenance,
            Term::Severities(_) => Kind::Severities,
            Term::Credit(_) => Kind::Credit,
            Term::Notification(_) => Kind::Notification,
            Term::Monitoring(_) => Kind::Monitoring,
            Term::Backup(_) => Kind::Backup,
            Term::Security(_) => Kind::Security,
            Term::Network(_) => Kind::Network,
            Term::Recovery(_) => Kind::Recovery,
            Term::Channels(_) => Kind::Channels,
            Term::AfterHours(_) => Kind::AfterHours,
            Term::Fact(_) => Kind::Fact,
        }
    }

    /// The kind's keyword.
    pub fn kind_name(&self) -> &'static str {
        self.kind().keyword()
    }

    /// The fields a text may interpolate from this term (`{id.field}`), and a term's own
    /// `wording` (`{field}`). `label` works for every term.
    pub fn fields(&self) -> &'static [&'static str] {
        match self {
            Term::Calendar(_) => &["label", "closed", "closed_short", "days"],
            Term::Hours(_) => &[
                "label",
                "closed",
                "closed_short",
                "days",
                "windows",
                "hours",
                "excludes",
            ],
            Term::Availability(_) => &[
                "label",
                "target",
                "bound",
                "period",
                "measures",
                "functions",
                "audience",
            ],
            Term::Latency(_) => &["label", "target", "period", "between"],
            Term::Applies(_) => &["label", "covers", "not_covered"],
            Term::Exclusions(_) => &["label", "items"],
            Term::Credits(_) => &["label"],
            Term::Exclusion(_) => &["label", "notice", "examples"],
            Term::Maintenance(_) => &["label", "window", "schedule", "stops", "notice", "channels"],
            Term::Severities(_) => &["label"],
            Term::Credit(_) => &[
                "label",
                "fee",
                "threshold",
                "cap",
                "claim",
                "period",
                "form",
                "paid",
                "minimum",
            ],
            Term::Notification(_) => &["label", "within", "channels"],
            Term::Monitoring(_) => &["label", "interval", "tool", "checks", "hours"],
            Term::Backup(_) => &["label", "every", "between", "generations", "keeps"],
            Term::Security(_) => &["label"],
            Term::Network(_) => &["label"],
            Term::Recovery(_) => &["label", "scope", "stopped", "action", "quiet", "resume"],
            Term::Channels(_) => &["label", "items"],
            Term::AfterHours(_) => &["label", "conditions"],
            Term::Fact(_) => &["label", "value"],
        }
    }

    /// Whether `field` (one of [`Term::fields`]) has a value in this term: the fields that come
    /// from optional statements have none when the statement is absent. The checker refuses an
    /// interpolation of a field without a value (E0110) and the renderer offers exactly these, so
    /// a spec that checks clean never fails to render for a missing value.
    pub fn has_value(&self, field: &str) -> bool {
        if !self.fields().contains(&field) {
            return false;
        }
        match (self, field) {
            (Term::Availability(a), "target" | "bound") => a.target.is_some(),
            (Term::Exclusion(e), "notice") => e.notice.is_some(),
            (Term::Applies(s), "covers") => !s.covers.is_empty(),
            (Term::Hours(h), "excludes") => !h.excludes.is_empty(),
            (Term::Applies(s), "not_covered") => !s.not_covered.is_empty(),
            (Term::Maintenance(m), "notice") => m.notice.is_some(),
            (Term::Maintenance(m), "window") => m.window.is_some(),
            (Term::Credit(c), "threshold") => !c.tiers.is_empty(),
            (Term::Credit(c), "cap") => c.cap.is_some() || c.cap_days.is_some(),
            // `{claim}` is the deadline: an automatic credit or one on request has none.
            (Term::Credit(c), "claim") => matches!(
                c.claim,
                Some(Claim::Within { .. } | Claim::ByDayOfNextMonth { .. })
            ),
            (Term::Credit(c), "paid") => c.paid.is_some(),
            (Term::Credit(c), "minimum") => c.minimum.is_some(),
            (Term::Monitoring(m), "interval") => m.interval.is_some(),
            (Term::Monitoring(m), "tool") => m.tool.is_some(),
            (Term::Monitoring(m), "hours") => m.always,
            (Term::Backup(b), "between") => b.between.is_some(),
            (Term::Backup(b), "generations") => b.generations.is_some(),
            (Term::Backup(b), "keeps") => b.keeps.is_some(),
            _ => true,
        }
    }
}

/// Which days are open, and which closures apply.
#[derive(Debug, Clone, Serialize, JsonSchema, Default, PartialEq, Eq)]
pub struct CalendarRules {
    /// Weekdays that are open unless closed otherwise.
    pub open_days: Vec<Weekday>,
    /// Closures, in the order the spec lists them (documents list them in that order).
    pub closed: Vec<Closure>,
    /// Dates open although a rule closes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_dates: Vec<NamedDate>,
}

impl CalendarRules {
    /// The weekdays closed every week.
    pub fn closed_weekdays(&self) -> Vec<Weekday> {
        self.closed
            .iter()
            .flat_map(|c| match c {
                Closure::Weekdays { days } => days.clone(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// One reason a day is closed.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Closure {
    /// Every such weekday (土曜日).
    Weekdays {
        /// The days.
        days: Vec<Weekday>,
    },
    /// Japan's national holidays (国民の祝日, computed from the law).
    NationalHolidays {
        /// What the document calls them (国民の祝日 by default; 祝日 in older texts).
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The company's own holidays (弊社所定の休日).
    CompanyHolidays {
        /// What the document calls them.
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A period that recurs every year, possibly across the new year (年末年始 12-28..01-04).
    Annual {
        /// Its name.
        name: String,
        /// First closed day.
        start: MonthDay,
        /// Last closed day.
        end: MonthDay,
    },
    /// One date.
    Date {
        /// The date.
        date: Date,
        /// Its name, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
}

/// A named business calendar.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Calendar {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Its days.
    pub rules: CalendarRules,
}

/// Service or support hours.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hours {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Around the clock, every day (24時間365日).
    pub always: bool,
    /// The named calendar used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The days (the named calendar's rules, or the ones written here).
    pub rules: CalendarRules,
    /// The daily windows on open days.
    pub windows: Vec<Window>,
    /// When the hours are another spec's: which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<ExternalRef>,
    /// Ids of the maintenance the hours leave out (`excludes planned`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub excludes: Vec<String>,
}

impl Hours {
    /// The company holidays these hours close on: those of the spec they come from when they
    /// are another spec's and it lists any, else those of `spec`, the spec they are in.
    pub fn company_holidays<'a>(&'a self, spec: &'a Spec) -> &'a CompanyHolidays {
        self.refers_to
            .as_ref()
            .and_then(|r| r.company_holidays.as_ref())
            .unwrap_or(&spec.company_holidays)
    }
}

/// A term of another spec.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct ExternalRef {
    /// The `use` name.
    pub spec: String,
    /// That spec's service name.
    pub service: String,
    /// The term's id there.
    pub term: String,
    /// Titles of the divisions enclosing the term there, outermost first.
    pub titles: Vec<String>,
    /// That spec's company holidays, when the term's days close on them and that spec lists
    /// any: hours keep the holidays of the company that set them.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub company_holidays: Option<CompanyHolidays>,
}

/// How long an availability period is.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Period {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
    /// The last N days.
    Rolling {
        /// N.
        days: u32,
    },
}

/// How the minutes of a period are counted.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Formula {
    /// Days × 24 × 60 minus excluded minutes.
    CalendarMinutes,
    /// Only the minutes inside the given hours, minus excluded minutes.
    ServiceHours {
        /// Id of the hours term.
        hours: String,
    },
    /// The whole period (days × 24 × 60): excluded time is not down time but stays in the
    /// period (「(月間総稼働時間－累計障害時間)÷月間総稼働時間×100」).
    TotalTime {
        /// A fixed length (`total_time fixed 720h`); the month's days × 24 h when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        length: Option<Duration>,
    },
    /// A period of fixed length whatever the month (43,200 minutes), minus excluded minutes.
    Fixed {
        /// The length (`43200min`, `720h`, `30 days`).
        length: Duration,
    },
}

/// Whether the objective is promised or aimed at.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// 目標とします (`target`).
    #[default]
    Objective,
    /// 保証します (`guarantee`).
    Guarantee,
    /// 商業上合理的な努力を行います (`efforts`): neither promised nor only aimed at.
    Efforts,
}

impl Commitment {
    /// The default.
    pub fn is_objective(&self) -> bool {
        *self == Commitment::Objective
    }
}

impl Bound {
    /// `Inclusive`.
    pub fn is_inclusive(&self) -> bool {
        *self == Bound::Inclusive
    }

    /// `Strict`.
    pub fn is_strict(&self) -> bool {
        *self == Bound::Strict
    }

    /// The bound of a `below` tier.
    pub fn strict() -> Bound {
        Bound::Strict
    }
}

/// How a bound compares.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The value itself is inside (99%以上, 99%以下).
    #[default]
    Inclusive,
    /// The value itself is outside (99%を超える, 99%未満).
    Strict,
}

/// How a computed availability is rounded.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Rounding {
    /// Direction.
    pub mode: RoundingMode,
    /// Decimal places of the percentage.
    pub places: u32,
}

/// Rounding direction.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 切り捨て
    Down,
    /// 切り上げ
    Up,
    /// 四捨五入
    Nearest,
}

/// An availability objective or measure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Availability {
    /// Id, label (目標値, 目標運用値), wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The target, if the objective has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Percent>,
    /// Whether the target is promised (`guarantee`) or aimed at (`target`, the default, left
    /// out of the export).
    #[serde(skip_serializing_if = "Commitment::is_objective", default)]
    pub commitment: Commitment,
    /// Whether availability must reach the target (99%以上, the default, left out of the
    /// export) or exceed it (`above`: 99%を超える).
    #[serde(skip_serializing_if = "Bound::is_inclusive", default)]
    pub bound: Bound,
    /// The period measured.
    pub period: Period,
    /// What is measured (コンシューマ機能); the whole service when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    /// The functions that must all work for the measured part to count as up.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
    /// Who must be able to use them (一般ユーザ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// How the period's minutes are counted, if the spec states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<Formula>,
    /// Ids of the exclusions and maintenance windows not counted, in order.
    pub excludes: Vec<String>,
    /// Outages shorter than this do not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_outage: Option<Duration>,
    /// Rounding of the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// How often availability is probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Duration>,
    /// The unit each availability is computed for (`per region`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// A slot is down when at least this share of its requests fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_threshold: Option<Percent>,
    /// Availability as a share of `requests` or `users` rather than of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<String>,
    /// A stop counts from this many consecutive failed probes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_after: Option<u32>,
    /// The failed probes of `down_after` fall within this time (「5分以内に2回連続」).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_after_within: Option<Duration>,
    /// What the objective covers (plans, products, the part of the network).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// What it leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_covered: Vec<String>,
    /// The states that count as down (any one of them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub down_when: Vec<String>,
    /// Whose records establish outage time (any one of them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recorded_by: Vec<String>,
    /// Where and how often the measured figures are published (monthly on a page, a status
    /// page in real time, reports on request: one sentence each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publish: Vec<Publish>,
    /// Outage time is counted in whole units of this length, the rest dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncate: Option<Duration>,
    /// How the monitoring measures it (`measure { ... }`), for the monitoring exports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// Where the objective is declared, for errors of the exports (not exported).
    #[serde(skip)]
    #[schemars(skip)]
    pub span: crate::syntax::ast::Span,
}

/// A latency objective: the period's average round-trip time at most the target.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Latency {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The most the average may be, in milliseconds.
    pub target_ms: u32,
    /// Promised (`guarantee`) or aimed at (`target`, left out of the export).
    #[serde(skip_serializing_if = "Commitment::is_objective", default)]
    pub commitment: Commitment,
    /// The period averaged over.
    pub period: Period,
    /// Between which points it is measured (各ネットワークセンター間).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub between: Option<String>,
    /// How often it is measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Duration>,
    /// Outage time is left out of the average.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub excludes_outages: bool,
    /// The objective is missed only when the average is over in this many periods running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consecutive: Option<Duration>,
    /// What it leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_covered: Vec<String>,
    /// Where and how often the measured figures are published (monthly on a page, a status
    /// page in real time, reports on request: one sentence each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publish: Vec<Publish>,
}

/// What the SLA, or one part of it (support), applies to and leaves out.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Applies {
    /// Id, label (適用範囲, サポート範囲), wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// What it applies to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// What it leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_covered: Vec<String>,
}

/// Publication of the measured figures (稼働実績の公開).
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Publish {
    /// `monthly`, `realtime` (a status page) or `on_request`; absent when the SLA only says
    /// where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence: Option<String>,
    /// Where (当社Webサイト, a status page).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
}

/// How an availability objective is measured by the monitoring.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Measure {
    /// The service level indicator.
    pub sli: Sli,
    /// The provider's own objective, stricter than the contract's target, that alerts use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<Percent>,
}

/// A service level indicator as PromQL.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Sli {
    /// An expression that is 1 while the service answers and 0 while it does not (blackbox
    /// `probe_success`): time-based, each sample a slice of time.
    Probe {
        /// The PromQL expression.
        query: String,
    },
    /// Failed and total events, each a PromQL expression with Sloth's `{{.window}}` placeholder
    /// for the range.
    Events {
        /// Failed events over `{{.window}}`.
        errors: String,
        /// All events over `{{.window}}`.
        total: String,
    },
}

impl Sli {
    /// The placeholder an event query writes for the range of a rate (Sloth's).
    pub const WINDOW: &'static str = "{{.window}}";
}

/// Why downtime does not count.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionKind {
    /// Planned maintenance notified in advance.
    PlannedMaintenance,
    /// Emergency maintenance.
    EmergencyMaintenance,
    /// Force majeure: natural disasters and the like.
    ForceMajeure,
    /// Causes beyond the provider's reasonable control.
    BeyondControl,
    /// The customer's intent or negligence.
    CustomerFault,
    /// The customer's own environment (PC, network).
    CustomerEnvironment,
    /// Third-party software or OS.
    ThirdPartySoftware,
    /// Third-party services, servers or lines the provider uses.
    ThirdPartyService,
    /// Attacks by third parties.
    Attack,
    /// Rate limits and access limits.
    RateLimit,
    /// Whatever the contract puts outside the provider's responsibility.
    Contract,
    /// Anything else.
    Other,
}

impl ExclusionKind {
    /// All kinds with their keywords.
    pub const ALL: [(&'static str, ExclusionKind); 12] = [
        ("planned_maintenance", ExclusionKind::PlannedMaintenance),
        ("emergency_maintenance", ExclusionKind::EmergencyMaintenance),
        ("force_majeure", ExclusionKind::ForceMajeure),
        ("beyond_control", ExclusionKind::BeyondControl),
        ("customer_fault", ExclusionKind::CustomerFault),
        ("customer_environment", ExclusionKind::CustomerEnvironment),
        ("third_party_software", ExclusionKind::ThirdPartySoftware),
        ("third_party_service", ExclusionKind::ThirdPartyService),
        ("attack", ExclusionKind::Attack),
        ("rate_limit", ExclusionKind::RateLimit),
        ("contract", ExclusionKind::Contract),
        ("other", ExclusionKind::Other),
    ];
}

/// A list of exclusions, rendered as a list where declared.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExclusionList {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Ids of the exclusions, in order.
    pub items: Vec<String>,
}

/// One exclusion.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Exclusion {
    /// Id, label (its short name), wording (its full sentence).
    #[serde(flatten)]
    pub head: TermHead,
    /// What kind of cause.
    #[serde(rename = "type")]
    pub kind: ExclusionKind,
    /// Minimum advance notice (planned maintenance).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Duration>,
    /// Listed examples (不可抗力、行政行為、洪水…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// When maintenance happens.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    /// 不定期
    Irregular,
    /// Every day.
    Daily,
    /// On the given weekdays.
    Weekly,
    /// Once a month.
    Monthly,
}

/// A maintenance window.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Maintenance {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Time of day; absent for maintenance announced each time (then `notice` is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// How often.
    pub schedule: ScheduleKind,
    /// Days, for weekly maintenance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Weekday>,
    /// Functions unavailable during it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stops: Vec<String>,
    /// Advance notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Duration>,
    /// Where it is announced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// Urgent work may go without the notice (`emergency exempt`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub emergency_exempt: bool,
    /// The provider sets when the work is done (`provider_schedules`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub provider_schedules: bool,
    /// Done in the hours the service is least used (`off_peak`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub off_peak: bool,
    /// At most this much maintenance a period (`limit 4h per quarter`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<MaintenanceLimit>,
}

/// At most `time` of maintenance in each `per` period.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
pub struct MaintenanceLimit {
    /// The most maintenance time.
    pub time: Duration,
    /// In each month, quarter or year.
    pub per: Period,
}

/// Severity levels, most severe first.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Severities {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The levels, most severe first.
    pub levels: Vec<Severity>,
    /// Hours that business-time targets count in, unless a level says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    /// `table` or `list`.
    pub layout: String,
    /// Column headings for the table layout.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// What the support covers (the systems and work it applies to).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// What decides an incident's level (影響度, 緊急度).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classified_by: Vec<String>,
}

/// One severity level.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Severity {
    /// Stable id.
    pub id: String,
    /// Its name (緊急).
    pub name: String,
    /// First response target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respond: Option<Duration>,
    /// Resolution target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve: Option<Duration>,
    /// Customer notification target: the first notice within this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<Duration>,
    /// How often progress is reported while the incident lasts (`update every 1h`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<Duration>,
    /// What the level means (a definition, printed as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Example events.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Hours its business-time targets count in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    /// A sentence replacing the generated one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<Text>,
}

/// A service credit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Credit {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The fee the credit is taken from; absent when the SLA does not say (the document then
    /// says 利用料金).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    /// The availability objective measured, if named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Tiers, highest threshold first.
    pub tiers: Vec<CreditTier>,
    /// Credits by the length of one outage, shortest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outage_tiers: Vec<OutageTier>,
    /// A credit for each further stretch of outage (`each 96h => 1 day`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub each: Option<OutageTier>,
    /// The credit is the share of the period the service was down (停止時間 ÷ 提供時間 × 料金).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub pro_rata: bool,
    /// Most the credit can be, as a share of the fee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Percent>,
    /// Most the credit can be, in days of service (`cap 30 days`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_days: Option<u32>,
    /// How the credit is obtained.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
    /// What the customer gets (a reduction, the default, is left out of the export).
    #[serde(skip_serializing_if = "CreditForm::is_reduction", default)]
    pub form: CreditForm,
    /// When it is paid, if the spec says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<Payout>,
    /// No credit under this amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Money>,
    /// Where a claim is made (メール, サポート窓口).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claim_via: Vec<String>,
    /// What a claim must be accompanied by (稼働率を証明するデータ).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// What a claim must state (契約ID, 障害の発生日時).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claim_includes: Vec<String>,
    /// Only outages the provider is at fault for give a credit.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub provider_fault: bool,
    /// The provider investigates each claim and decides whether the credit applies.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub review: bool,
    /// The time within which the provider answers a claim (`review within 15 business_days`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_within: Option<Duration>,
    /// The credit is the customer's only remedy for a missed objective (`sole_remedy`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub sole_remedy: bool,
    /// The provider's whole liability for a missed objective is the credit (`entire_liability`).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub entire_liability: bool,
    /// A claim after the deadline gives nothing.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub forfeit: bool,
}

/// Credits on several objectives that share their terms: one table, the shared sentences once.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CreditTable {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The ids of its credits, in order; each is a credit term of its own.
    pub items: Vec<String>,
}

/// What a credit gives.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum CreditForm {
    /// A reduction of the fee (減額).
    #[default]
    Reduction,
    /// A refund (返金).
    Refund,
    /// A credit for future service (サービスクレジット).
    ServiceCredit,
    /// An extension of the term (利用期間の延長).
    Extension,
}

impl CreditForm {
    /// The default form.
    pub fn is_reduction(&self) -> bool {
        *self == CreditForm::Reduction
    }

    /// Keywords and forms.
    pub const ALL: [(&'static str, CreditForm); 4] = [
        ("reduction", CreditForm::Reduction),
        ("refund", CreditForm::Refund),
        ("service_credit", CreditForm::ServiceCredit),
        ("extension", CreditForm::Extension),
    ];

    /// The keyword.
    pub fn key(self) -> &'static str {
        match self {
            CreditForm::Reduction => "reduction",
            CreditForm::Refund => "refund",
            CreditForm::ServiceCredit => "service_credit",
            CreditForm::Extension => "extension",
        }
    }
}

/// When a credit is paid.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payout {
    /// By the end of the month after the period (翌月末).
    NextMonthEnd,
    /// On the next invoice.
    NextInvoice,
    /// On the invoice this long after the period.
    InvoiceAfter {
        /// How long after (in months).
        after: Duration,
    },
}

/// An amount of money.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Money {
    /// The amount as written (`1`, `0.5`).
    pub amount: String,
    /// ISO 4217 code: JPY, USD, EUR.
    pub currency: String,
}

/// Availability below `below` gives `credit` of the fee (an unstated discount when `None`).
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct CreditTier {
    /// The threshold.
    pub below: Percent,
    /// The share of the fee; absent when the document promises a discount without a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<Percent>,
    /// `strict` for `below` (99.9%未満, the default, left out of the export), `inclusive` for
    /// `at_most` (99.9%以下).
    #[serde(skip_serializing_if = "Bound::is_strict", default = "Bound::strict")]
    pub bound: Bound,
}

/// A credit by the length of an outage: over `over` (or for each `over`), `credit`.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct OutageTier {
    /// The length of one outage beyond which (or each stretch of which) the credit is given.
    pub over: Duration,
    /// What is given.
    pub credit: CreditAmount,
}

/// How much a credit gives.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum CreditAmount {
    /// A share of the fee.
    Share(Percent),
    /// Days of service (the fee of that many days, or that many days added to the term).
    Days(u32),
}

/// How a credit is obtained.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Claim {
    /// Applied without a claim.
    Automatic,
    /// Claimed within a time after the period (or after the incident).
    Within {
        /// The time.
        duration: Duration,
        /// Counted from the incident rather than from the end of the period.
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        after_incident: bool,
    },
    /// Applied on the customer's request, with no deadline.
    OnRequest,
    /// Claimed by a day of the next month.
    ByDayOfNextMonth {
        /// The day.
        day: u32,
    },
}

/// Incident notification to customers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Notification {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Target time from detection.
    pub within: Duration,
    /// Channels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
}

/// Monitoring.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Monitoring {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Around the clock.
    pub always: bool,
    /// Watched by staff, not only by tools (有人監視).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub manned: bool,
    /// Probe interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Duration>,
    /// The monitoring system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// What is checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// Monitored areas and what is watched in each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
}

/// A monitored area.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Area {
    /// Its name (Infra).
    pub name: String,
    /// What is watched.
    pub watches: String,
}

/// A backup schedule.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Backup {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// How often.
    pub every: Duration,
    /// During which hours of the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub between: Option<Window>,
    /// Generations kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generations: Option<u32>,
    /// How far back the kept generations reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keeps: Option<Duration>,
}

/// Security measures.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Security {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Column headings.
    pub columns: Vec<String>,
    /// The measures.
    pub items: Vec<SecurityItem>,
}

/// A security measure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SecurityItem {
    /// What.
    pub name: String,
    /// 有り (true) or なし (false), if stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// Detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Recommended network tiers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Network {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// Column headings.
    pub columns: Vec<String>,
    /// The tiers, lowest first.
    pub tiers: Vec<NetworkTier>,
}

/// A bandwidth tier.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NetworkTier {
    /// Its name (最低ライン).
    pub name: String,
    /// Download bandwidth.
    pub down: Bandwidth,
    /// Upload bandwidth.
    pub up: Bandwidth,
}

/// What happens after an outage: redo the stopped work, but not at night.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Recovery {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The function concerned.
    pub scope: String,
    /// What stopped.
    pub stopped: String,
    /// What is redone.
    pub action: String,
    /// Recovery inside this window defers the action...
    pub quiet: Window,
    /// ...to this time.
    pub resume: TimeOfDay,
}

/// Contact channels.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Channels {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The channels.
    pub items: Vec<String>,
    /// What separates them in the document (、 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
}

/// Emergency support outside support hours.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AfterHours {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The support hours it is outside of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside: Option<String>,
    /// The events that trigger it.
    pub conditions: Vec<String>,
}

/// A named typed value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Fact {
    /// Id, label, wording.
    #[serde(flatten)]
    pub head: TermHead,
    /// The value.
    pub value: FactValue,
}

/// The value of a fact.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FactValue {
    /// A duration.
    Duration(Duration),
    /// A range of durations.
    DurationRange(DurationRange),
    /// A percentage.
    Percent(Percent),
    /// A bandwidth.
    Bandwidth(Bandwidth),
    /// Yes or no.
    Bool(bool),
    /// A count.
    Count(u64),
    /// Text.
    Text(String),
}

/// Fields of the spec itself that texts may interpolate (`{service}`).
pub const SPEC_FIELDS: [&str; 10] = [
    "service",
    "title",
    "company",
    "document_number",
    "contact",
    "history_url",
    "revised",
    "effective",
    "provider",
    "customer",
];

impl Spec {
    /// Whether the spec field `field` (one of [`SPEC_FIELDS`]) has a value: `company`,
    /// `document_number`, `contact`, `history_url` and `effective` are optional statements.
    pub fn has_value(&self, field: &str) -> bool {
        match field {
            "company" => self.company.is_some(),
            "document_number" => self.document_number.is_some(),
            "contact" => self.contact.is_some(),
            "history_url" => self.history_url.is_some(),
            "effective" => self.effective.is_some(),
            _ => SPEC_FIELDS.contains(&field),
        }
    }

    /// The term with this id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        match self.term_index.get(id) {
            Some(&i) => self.terms.get(i).filter(|t| t.id() == id),
            None if self.term_index.is_empty() => self.terms.iter().find(|t| t.id() == id),
            None => None,
        }
    }

    /// Builds the index of `term`; call after changing `terms`.
    pub fn index_terms(&mut self) {
        self.term_index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id().to_string(), i))
            .collect();
    }

    /// The divisions enclosing the block that declares a term, outermost first.
    pub fn term_divisions(&self, id: &str) -> Vec<&Division> {
        fn walk<'a>(blocks: &'a [Block], id: &str, path: &mut Vec<&'a Division>) -> bool {
            for b in blocks {
                match b {
                    Block::Term { id: t } if t == id => return true,
                    Block::Division(d) => {
                        path.push(d);
                        if walk(&d.blocks, id, path) {
                            return true;
                        }
                        path.pop();
                    }
                    _ => {}
                }
            }
            false
        }
        let mut path = Vec::new();
        if walk(&self.document, id, &mut path) {
            path
        } else {
            Vec::new()
        }
    }

    /// The division with this id, with its ancestors (outermost first).
    pub fn division(&self, id: &str) -> Option<(Vec<&Division>, &Division)> {
        self.divisions().into_iter().find(|(_, d)| d.id == id)
    }

    /// Every division, depth first, with its ancestors (outermost first).
    pub fn divisions(&self) -> Vec<(Vec<&Division>, &Division)> {
        fn walk<'a>(
            blocks: &'a [Block],
            path: &mut Vec<&'a Division>,
            out: &mut Vec<(Vec<&'a Division>, &'a Division)>,
        ) {
            for b in blocks {
                if let Block::Division(d) = b {
                    out.push((path.clone(), d));
                    path.push(d);
                    walk(&d.blocks, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.document, &mut Vec::new(), &mut out);
        out
    }
}
