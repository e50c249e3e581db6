//! The one table of the language's statements. Everything that lists statement kinds or their
//! keywords derives from it: the [`Kind`] enum of the syntax tree, the map from the grammar's
//! rules to kinds (`parser.rs`), the block each statement belongs in (for "`target` is not
//! allowed in a clause: it belongs in an availability block"), the name messages give a block,
//! which statements declare terms, and the keywords the formatter and editors know. The grammar
//! (`grammar/slagen.pest`) and the manual (`grammar/README.md`) are text: the test
//! `tests/integration/keywords.rs` fails when a keyword of this table is missing from either, or
//! when the grammar has a statement keyword this table does not know.
//!
//! A row reads: `Variant = "keyword", grammar_rule, strict_rule, "what messages call it", "the
//! block it belongs in", term`. The strict rule is the grammar's `check_*` entry point that
//! explains a statement this block could not parse (`none` for statements without a block); the
//! block it belongs in is empty for statements of the document itself; `term` marks statements
//! that declare a term other statements can refer to.

/// Calls `$m!` with every row of the table.
macro_rules! statements {
    ($m:ident) => {
        $m! {
            Sla = "sla", sla, check_doc, "the spec", "", false;
            Service = "service", service, none, "the service name", "", false;
            Company = "company", company, none, "the company name", "", false;
            DocumentNumber = "document_number", document_number, none, "the document number", "", false;
            Contact = "contact", contact, none, "the contact point", "", false;
            HistoryUrl = "history_url", history_url, none, "the address of the change history", "", false;
            Revised = "revised", revised, none, "the revision date", "", false;
            Effective = "effective", effective, none, "the effective date", "", false;
            Timezone = "timezone", timezone, none, "the time zone", "", false;
            Parties = "parties", parties, check_party, "parties", "", false;
            Party = "provider/customer", party, none, "a party", "parties", false;
            Style = "style", style, check_style, "style", "", false;
            StyleItem = "style item", style_item, none, "a style", "style", false;
            Revision = "revision", revision, check_rev, "a revision record", "", false;
            Summary = "summary", summary, none, "a summary", "a revision record", false;
            Reason = "reason", reason, none, "a reason", "a revision record", false;
            Chapter = "chapter", chapter, check_doc, "a chapter", "", false;
            Section = "section", section, check_doc, "a section", "", false;
            Clause = "clause", clause, check_doc, "a clause", "", false;
            Text = "text", text, none, "a text", "", false;
            Note = "note", note, none, "a note", "", false;
            Field = "field", field, none, "a field", "", false;
            List = "list", list, check_list, "a list", "", false;
            Table = "table", table, check_table, "a table", "", false;
            Columns = "columns", columns, none, "column headings", "a table", false;
            Row = "row", row, none, "a row", "a table", false;
            Calendar = "calendar", calendar, check_cal, "a calendar", "", true;
            Open = "open", open, none, "open days", "a calendar or hours block", false;
            Closed = "closed", closed, none, "closed days", "a calendar or hours block", false;
            National = "national_holidays", national, none, "national holidays", "", false;
            CompanyDays = "company_holidays", company_days, none, "company holidays", "", false;
            Closure = "annual closure", closure, none, "an annual closure", "", false;
            ClosedDate = "closed date", closed_date, none, "a closed date", "", false;
            CompanyHolidays = "company_holidays", company_holidays, check_chol, "company_holidays", "", false;
            HolidayDate = "holiday date", holiday_date, none, "a company holiday", "company_holidays", false;
            HolidayFile = "file", holiday_file, none, "a holiday file", "company_holidays", false;
            Hours = "hours", hours, check_hours, "hours", "", true;
            Always = "always", always, none, "round the clock", "", false;
            Alias = "=", alias, none, "an alias", "", false;
            UseCalendar = "calendar", use_calendar, none, "a calendar reference", "", false;
            Windows = "windows", windows, none, "time windows", "an hours block", false;
            Wording = "wording", wording, none, "a wording", "a term's block", false;
            Availability = "availability", availability, check_avail, "an availability objective", "", true;
            Target = "target", target, none, "a target", "an availability block", false;
            Guarantee = "guarantee", guarantee, none, "a guaranteed target", "an availability block", false;
            Efforts = "efforts", efforts, none, "a best-efforts target", "an availability block", false;
            Period = "period", period, none, "a period", "an availability block", false;
            Rolling = "rolling", rolling, none, "a rolling period", "", false;
            Measures = "measures", measures, none, "what is measured", "an availability block", false;
            Functions = "functions", functions, none, "functions", "an availability block", false;
            Audience = "audience", audience, none, "an audience", "an availability block", false;
            Formula = "formula", formula, none, "a formula", "an availability block", false;
            Excludes = "excludes", excludes, none, "exclusions", "an availability block", false;
            MinOutage = "min_outage", min_outage, none, "a minimum outage", "an availability block", false;
            Rounding = "rounding", rounding, none, "a rounding", "an availability block", false;
            Interval = "interval", interval, none, "an interval", "", false;
            Per = "per", per, none, "a scope unit", "an availability block", false;
            ErrorThreshold = "error_threshold", error_threshold, none, "an error threshold", "an availability block", false;
            Weighted = "weighted", weighted, none, "a weighting", "an availability block", false;
            DownAfter = "down_after", down_after, none, "a count of failed probes", "an availability block", false;
            Truncate = "truncate", truncate, none, "a truncation of outage time", "an availability block", false;
            Applies = "applies", applies, check_applies, "a scope", "", true;
            Covers = "covers", covers, none, "what the objective covers", "an availability, severities or applies block", false;
            NotCovered = "not_covered", not_covered, none, "what the objective leaves out", "an availability block", false;
            DownWhen = "down_when", down_when, none, "what counts as down", "an availability block", false;
            RecordedBy = "recorded_by", recorded_by, none, "whose records count", "an availability block", false;
            Publish = "publish", publish, none, "where the figures are published", "an availability block", false;
            Latency = "latency", latency, check_latency, "a latency objective", "", true;
            LatTarget = "target", lat_target, none, "a latency target", "a latency block", false;
            LatGuarantee = "guarantee", lat_guarantee, none, "a guaranteed latency", "a latency block", false;
            MeasuredBetween = "measured_between", measured_between, none, "where latency is measured", "a latency block", false;
            ExcludesOutages = "excludes_outages", excludes_outages, none, "outages left out of the average", "a latency block", false;
            Consecutive = "consecutive", consecutive, none, "a run of periods", "a latency block", false;
            Measure = "measure", measure, check_measure, "a measurement", "an availability block", false;
            Probe = "probe", probe, none, "a probe", "a measure block", false;
            Errors = "errors", errors, none, "an error query", "a measure block", false;
            Total = "total", total, none, "a total query", "a measure block", false;
            Internal = "internal", internal, none, "an internal objective", "a measure block", false;
            Exclusions = "exclusions", exclusions, check_excls, "an exclusions list", "", true;
            Exclusion = "exclusion", exclusion, check_excl, "an exclusion", "an exclusions list or an availability block", true;
            ExclusionKind = "kind", kind, none, "an exclusion kind", "an exclusion", false;
            Notice = "notice", notice, none, "a notice period", "an exclusion", false;
            Examples = "examples", examples, none, "examples", "an exclusion", false;
            Maintenance = "maintenance", maintenance, check_maint, "a maintenance window", "", true;
            WindowProp = "window", window_prop, none, "a window", "a maintenance block", false;
            Schedule = "schedule", schedule, none, "a schedule", "a maintenance block", false;
            Stops = "stops", stops, none, "what stops", "a maintenance block", false;
            ChannelsProp = "channels", channels_prop, none, "channels", "", false;
            Emergency = "emergency", emergency, none, "an emergency exception", "a maintenance block", false;
            OffPeak = "off_peak", off_peak, none, "off-peak timing", "a maintenance block", false;
            ProviderSchedules = "provider_schedules", provider_schedules, none, "the provider's choice of time", "a maintenance block", false;
            MaintLimit = "limit", maint_limit, none, "a limit on maintenance time", "a maintenance block", false;
            Severities = "severities", severities, check_sevs, "severities", "", true;
            Severity = "severity", severity, check_sev, "a severity level", "a severities block", false;
            ClassifiedBy = "classified_by", classified_by, none, "what decides a level", "a severities block", false;
            Respond = "respond", respond, none, "a response target", "a severity level", false;
            Resolve = "resolve", resolve, none, "a resolution target", "a severity level", false;
            Notify = "notify", notify, none, "a notification target", "a severity level", false;
            Update = "update", update, none, "a status-update cadence", "a severity level", false;
            Description = "description", description, none, "a description", "a severity level", false;
            UseHours = "hours", use_hours, none, "an hours reference", "", false;
            Layout = "layout", layout, none, "a layout", "", false;
            Credit = "credit", credit, check_credit, "a credit", "", true;
            Credits = "credits", credits, check_credits, "a credit table", "", true;
            Fee = "fee", fee, none, "a fee", "a credit block", false;
            Basis = "basis", basis, none, "a basis", "a credit block", false;
            Tier = "below", tier, none, "a credit tier", "a credit block", false;
            OutageTier = "over", outage_tier, none, "a credit by outage length", "a credit block", false;
            Each = "each", each, none, "a repeating credit", "a credit block", false;
            ProRata = "pro_rata", pro_rata, none, "a pro-rata credit", "a credit block", false;
            Cap = "cap", cap, none, "a cap", "a credit block", false;
            Claim = "claim", claim, none, "a claim rule", "a credit block", false;
            ClaimWithin = "within", claim_within, none, "a claim period", "", false;
            ClaimBy = "by day", claim_by, none, "a claim day", "", false;
            Form = "form", form, none, "a credit form", "a credit block", false;
            Paid = "paid", paid, none, "a payout time", "a credit block", false;
            Minimum = "minimum", minimum, none, "a minimum amount", "a credit block", false;
            ClaimVia = "claim_via", claim_via, none, "claim channels", "a credit block", false;
            Evidence = "evidence", evidence, none, "the evidence of a claim", "a credit block", false;
            ClaimIncludes = "claim_includes", claim_includes, none, "the contents of a claim", "a credit block", false;
            ProviderFault = "provider_fault", provider_fault, none, "a fault condition", "a credit block", false;
            Review = "review", review, none, "a review of claims", "a credit block", false;
            Forfeit = "forfeit", forfeit, none, "a forfeit of late claims", "a credit block", false;
            SoleRemedy = "sole_remedy", sole_remedy, none, "a sole-remedy clause", "a credit block", false;
            EntireLiability = "entire_liability", entire_liability, none, "a limit of liability", "a credit block", false;
            Notification = "notification", notification, check_notif, "a notification", "", true;
            Within = "within", within, none, "a notification time", "a notification block", false;
            Monitoring = "monitoring", monitoring, check_mon, "monitoring", "", true;
            Manned = "manned", manned, none, "manned monitoring", "a monitoring block", false;
            Tool = "tool", tool, none, "a tool", "a monitoring block", false;
            Checks = "checks", checks, none, "checks", "a monitoring block", false;
            Area = "area", area, none, "a monitored area", "a monitoring block", false;
            Backup = "backup", backup, check_backup, "a backup", "", true;
            Every = "every", every, none, "a backup interval", "a backup block", false;
            Between = "between", between, none, "a backup window", "", false;
            Generations = "generations", generations, none, "generations", "a backup block", false;
            Keeps = "keeps", keeps, none, "a retention", "a backup block", false;
            Security = "security", security, check_sec, "security", "", true;
            SecurityItem = "item", sec_item, none, "a security item", "a security block", false;
            Network = "network", network, check_net, "a network", "", true;
            NetworkTier = "tier", net_tier, none, "a bandwidth tier", "a network block", false;
            Recovery = "recovery", recovery, check_rec, "a recovery rule", "", true;
            Scope = "scope", scope, none, "a scope", "a recovery block", false;
            Stopped = "stopped", stopped, none, "what stopped", "a recovery block", false;
            Action = "action", action, none, "an action", "a recovery block", false;
            Quiet = "quiet", quiet, none, "quiet hours", "a recovery block", false;
            Channels = "channels", channels, check_chan, "channels", "", true;
            Items = "items", items, none, "items", "a channels block", false;
            Separator = "separator", separator, none, "a separator", "a channels block", false;
            AfterHours = "after_hours", after_hours, check_ah, "after_hours", "", true;
            Outside = "outside", outside, none, "the hours it is outside", "an after_hours block", false;
            Conditions = "conditions", conditions, none, "conditions", "an after_hours block", false;
            Fact = "fact", fact, none, "a fact", "", true;
        }
    };
}
pub(crate) use statements;

/// Keywords that stand inside a statement rather than start one (`below 98% => discount`,
/// `claim by day 15 of next month`, `down 10..20 Mbps`), and the closed sets of word values. The
/// formatter, completion and the drift test read this list; the checker gives each its meaning.
pub const VALUE_KEYWORDS: &[&str] = &[
    "use",
    "by",
    "day",
    "of",
    "next",
    "month",
    "down",
    "up",
    "quarter",
    "year",
    "discount",
    "automatic",
    "on_request",
    "region",
    "plan",
    "contract",
    "line",
    "instance",
    "function",
    "account",
    "requests",
    "users",
    "servers",
    "total_time",
    "realtime",
    "exempt",
    "ms",
    "after",
    "incident",
    "above",
    "at_most",
    "fixed",
    "failures",
    "reduction",
    "refund",
    "service_credit",
    "extension",
    "next_month_end",
    "next_invoice",
    "invoice_after",
    "JPY",
    "USD",
    "EUR",
    "overnight",
    "yes",
    "no",
    "bullet",
    "numbered",
    "paren",
    "roman",
    "alpha",
    "plain",
    "dash",
    "service_hours",
    "calendar_minutes",
    "irregular",
    "daily",
    "weekly",
    "monthly",
    "nearest",
    "list",
    "provider",
    "customer",
];

/// Duration units, as the grammar spells them.
pub const UNITS: &[&str] = &[
    "business_days",
    "business_day",
    "business_hours",
    "business_hour",
    "seconds",
    "second",
    "sec",
    "s",
    "minutes",
    "minute",
    "min",
    "hours",
    "hour",
    "h",
    "days",
    "day",
    "d",
    "weeks",
    "week",
    "w",
    "months",
    "month",
    "years",
    "year",
];

/// Weekday names.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Bandwidth units.
pub const BANDWIDTH_UNITS: &[&str] = &["Gbps", "Mbps", "kbps"];

macro_rules! define_kind {
    ($($variant:ident = $keyword:literal, $rule:ident, $check:ident, $noun:literal, $home:literal, $term:literal;)*) => {
        /// Every statement of the language. The keyword is what a user writes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            /// A statement the grammar could not accept (its text is kept in the tree).
            Error,
            $(
                #[doc = concat!("`", $keyword, "`")]
                $variant,
            )*
        }

        impl Kind {
            /// Every kind but [`Kind::Error`], in table order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The keyword a user writes for this statement.
            pub fn keyword(self) -> &'static str {
                match self {
                    Kind::Error => "<unparsable statement>",
                    $(Kind::$variant => $keyword,)*
                }
            }

            /// How messages name this statement or its block ("an availability objective").
            pub fn noun(self) -> &'static str {
                match self {
                    Kind::Error => "a statement",
                    $(Kind::$variant => $noun,)*
                }
            }

            /// For a statement that belongs in one kind of block: the help that says which.
            pub fn home_help(self) -> Option<&'static str> {
                match self {
                    Kind::Error => None,
                    $(Kind::$variant => {
                        if $home.is_empty() { None } else { Some(concat!("it belongs in ", $home)) }
                    })*
                }
            }

            /// True for statements that declare a term (`hours`, `availability`, `fact`, ...).
            pub fn is_term(self) -> bool {
                match self {
                    Kind::Error => false,
                    $(Kind::$variant => $term,)*
                }
            }

            /// The statement that a keyword starts and that belongs in a known block, for a
            /// keyword written in the wrong block. Keywords that start several statements
            /// resolve to the first row of the table that has a home.
            pub fn misplaced(word: &str) -> Option<Kind> {
                Kind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.keyword() == word && k.home_help().is_some())
            }
        }
    };
}
statements!(define_kind);

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Every word a statement can start with, sorted and without repeats (for completion and the
/// formatter). Kinds whose keyword is not a word (`=`, `by day`, `style item`) are left out.
pub fn statement_keywords() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Kind::ALL
        .iter()
        .map(|k| k.keyword())
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Which ids a reference may name: the statement that refers, the word the id follows when it
/// does not follow the keyword (`formula service_hours support_hours`), and the kinds of
/// statement that may declare the id. The checker resolves each of these references; completion
/// offers the ids of these kinds. `tests/integration/lsp.rs` checks every row against the
/// checker (an id of every other kind is refused with E0103, of these kinds accepted). An alias
/// (`hours h "…" = other`) names an id of its own statement's kind and is not a row.
pub const REFERENCES: &[(Kind, Option<&str>, &[Kind])] = &[
    (Kind::UseHours, None, &[Kind::Hours]),
    (Kind::UseCalendar, None, &[Kind::Calendar]),
    (Kind::Outside, None, &[Kind::Hours]),
    (Kind::Basis, None, &[Kind::Availability]),
    (Kind::Excludes, None, &[Kind::Exclusion, Kind::Maintenance]),
    (Kind::Formula, Some("service_hours"), &[Kind::Hours]),
    (
        Kind::Reason,
        None,
        &[Kind::Chapter, Kind::Section, Kind::Clause],
    ),
];
