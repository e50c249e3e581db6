//! pest → AST. Nothing of pest leaves this module: callers get [`ast::File`] and diagnostics.

use super::ast::{self, Kind, Node, Span, Spanned, Value};
use crate::diagnostic::{Diagnostic, FileId, Problem};
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/slagen.pest"]
struct SlaParser;

/// Deepest nesting of `{ }` blocks accepted. Real specs use four or five levels; the limit keeps
/// recursive stages (parser, checker, renderer) far from the end of the stack.
pub const MAX_DEPTH: usize = 64;

/// Parses a spec's text. Returns the tree (absent when the file's overall shape is broken) and
/// every syntax diagnostic.
pub fn parse(text: &str, file: FileId) -> (Option<ast::File>, Vec<Diagnostic>) {
    if let Some(offset) = too_deep(text) {
        let d = Diagnostic::new(
            Problem::NestingTooDeep { limit: MAX_DEPTH },
            file,
            Span::new(offset, offset + 1),
        );
        return (None, vec![d]);
    }
    // Error detail (every token tried, for messages) costs about a third of the parse of a
    // valid spec, so the first parse goes without it; a failed parse is repeated with it, and
    // the explanation of a bad statement turns it on for its own small parse.
    pest::set_error_detail(false);
    // A generous budget of rule calls: linear in the input, so pathological input fails with a
    // diagnostic instead of hanging.
    pest::set_call_limit(std::num::NonZeroUsize::new(
        text.len().saturating_mul(400).saturating_add(1_000_000),
    ));
    let mut builder = Builder {
        text,
        file,
        diags: Vec::new(),
        depth: 0,
    };
    match SlaParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file_pair = pairs.next().expect("the file rule always produces a pair");
            let tree = builder.file(file_pair);
            (Some(tree), builder.diags)
        }
        Err(e) => {
            pest::set_error_detail(true);
            let e = SlaParser::parse(Rule::file, text).err().unwrap_or(e);
            let d = builder.syntax_error(&e, 0, "the file");
            (None, vec![d])
        }
    }
}

/// Finds the first `{` that opens a block deeper than [`MAX_DEPTH`], skipping strings and
/// comments.
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    i += 1;
                }
                i += 3;
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !b[i..].starts_with(b"*/") {
                    i += 1;
                }
                i += 1;
            }
            b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

struct Builder<'t> {
    text: &'t str,
    file: FileId,
    diags: Vec<Diagnostic>,
    /// Chapters, sections and clauses enclosing the node being built.
    depth: usize,
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn spanned(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned {
        value: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

/// The statement kind of a rule, for rules that are statements.
fn kind_of(rule: Rule) -> Option<Kind> {
    Some(match rule {
        Rule::sla => Kind::Sla,
        Rule::bad_stmt => Kind::Error,
        Rule::service => Kind::Service,
        Rule::company => Kind::Company,
        Rule::revised => Kind::Revised,
        Rule::effective => Kind::Effective,
        Rule::timezone => Kind::Timezone,
        Rule::parties => Kind::Parties,
        Rule::party => Kind::Party,
        Rule::style => Kind::Style,
        Rule::style_item => Kind::StyleItem,
        Rule::revision => Kind::Revision,
        Rule::summary => Kind::Summary,
        Rule::reason => Kind::Reason,
        Rule::chapter => Kind::Chapter,
        Rule::section => Kind::Section,
        Rule::clause => Kind::Clause,
        Rule::text => Kind::Text,
        Rule::note => Kind::Note,
        Rule::field => Kind::Field,
        Rule::list => Kind::List,
        Rule::table => Kind::Table,
        Rule::columns => Kind::Columns,
        Rule::row => Kind::Row,
        Rule::calendar => Kind::Calendar,
        Rule::open => Kind::Open,
        Rule::closed => Kind::Closed,
        Rule::national => Kind::National,
        Rule::company_days => Kind::CompanyDays,
        Rule::closure => Kind::Closure,
        Rule::closed_date => Kind::ClosedDate,
        Rule::company_holidays => Kind::CompanyHolidays,
        Rule::holiday_date => Kind::HolidayDate,
        Rule::holiday_file => Kind::HolidayFile,
        Rule::hours => Kind::Hours,
        Rule::always => Kind::Always,
        Rule::alias => Kind::Alias,
        Rule::use_calendar => Kind::UseCalendar,
        Rule::windows => Kind::Windows,
        Rule::wording => Kind::Wording,
        Rule::availability => Kind::Availability,
        Rule::target => Kind::Target,
        Rule::period => Kind::Period,
        Rule::rolling => Kind::Rolling,
        Rule::measures => Kind::Measures,
        Rule::functions => Kind::Functions,
        Rule::audience => Kind::Audience,
        Rule::formula => Kind::Formula,
        Rule::excludes => Kind::Excludes,
        Rule::min_outage => Kind::MinOutage,
        Rule::rounding => Kind::Rounding,
        Rule::interval => Kind::Interval,
        Rule::exclusions => Kind::Exclusions,
        Rule::exclusion => Kind::Exclusion,
        Rule::kind => Kind::ExclusionKind,
        Rule::notice => Kind::Notice,
        Rule::examples => Kind::Examples,
        Rule::maintenance => Kind::Maintenance,
        Rule::window_prop => Kind::WindowProp,
        Rule::schedule => Kind::Schedule,
        Rule::stops => Kind::Stops,
        Rule::channels_prop => Kind::ChannelsProp,
        Rule::severities => Kind::Severities,
        Rule::severity => Kind::Severity,
        Rule::respond => Kind::Respond,
        Rule::resolve => Kind::Resolve,
        Rule::notify => Kind::Notify,
        Rule::use_hours => Kind::UseHours,
        Rule::layout => Kind::Layout,
        Rule::credit => Kind::Credit,
        Rule::fee => Kind::Fee,
        Rule::basis => Kind::Basis,
        Rule::tier => Kind::Tier,
        Rule::cap => Kind::Cap,
        Rule::claim => Kind::Claim,
        Rule::claim_within => Kind::ClaimWithin,
        Rule::claim_by => Kind::ClaimBy,
        Rule::notification => Kind::Notification,
        Rule::within => Kind::Within,
        Rule::monitoring => Kind::Monitoring,
        Rule::tool => Kind::Tool,
        Rule::checks => Kind::Checks,
        Rule::area => Kind::Area,
        Rule::backup => Kind::Backup,
        Rule::every => Kind::Every,
        Rule::between => Kind::Between,
        Rule::generations => Kind::Generations,
        Rule::keeps => Kind::Keeps,
        Rule::security => Kind::Security,
        Rule::sec_item => Kind::SecurityItem,
        Rule::network => Kind::Network,
        Rule::net_tier => Kind::NetworkTier,
        Rule::recovery => Kind::Recovery,
        Rule::scope => Kind::Scope,
        Rule::stopped => Kind::Stopped,
        Rule::action => Kind::Action,
        Rule::quiet => Kind::Quiet,
        Rule::channels => Kind::Channels,
        Rule::items => Kind::Items,
        Rule::separator => Kind::Separator,
        Rule::after_hours => Kind::AfterHours,
        Rule::outside => Kind::Outside,
        Rule::conditions => Kind::Conditions,
        Rule::fact => Kind::Fact,
        _ => return None,
    })
}

/// The strict rule that explains a bad statement inside a block of this rule, and how messages
/// name the block.
fn block_context(parent: Rule) -> (Rule, &'static str) {
    match parent {
        Rule::sla => (Rule::check_doc, "the spec"),
        Rule::chapter => (Rule::check_doc, "a chapter"),
        Rule::section => (Rule::check_doc, "a section"),
        Rule::clause => (Rule::check_doc, "a clause"),
        Rule::parties => (Rule::check_party, "parties"),
        Rule::style => (Rule::check_style, "style"),
        Rule::revision => (Rule::check_rev, "a revision record"),
        Rule::list => (Rule::check_list, "a list"),
        Rule::table => (Rule::check_table, "a table"),
        Rule::calendar => (Rule::check_cal, "a calendar"),
        Rule::company_holidays => (Rule::check_chol, "company_holidays"),
        Rule::hours => (Rule::check_hours, "hours"),
        Rule::availability => (Rule::check_avail, "an availability objective"),
        Rule::exclusions => (Rule::check_excls, "an exclusions list"),
        Rule::exclusion => (Rule::check_excl, "an exclusion"),
        Rule::maintenance => (Rule::check_maint, "a maintenance window"),
        Rule::severities => (Rule::check_sevs, "severities"),
        Rule::severity => (Rule::check_sev, "a severity level"),
        Rule::credit => (Rule::check_credit, "a credit"),
        Rule::notification => (Rule::check_notif, "a notification"),
        Rule::monitoring => (Rule::check_mon, "monitoring"),
        Rule::backup => (Rule::check_backup, "a backup"),
        Rule::security => (Rule::check_sec, "security"),
        Rule::network => (Rule::check_net, "a network"),
        Rule::recovery => (Rule::check_rec, "a recovery rule"),
        Rule::channels => (Rule::check_chan, "channels"),
        Rule::after_hours => (Rule::check_ah, "after_hours"),
        _ => (Rule::check_file, "the file"),
    }
}

/// How messages name a token rule; `None` for rules users need not hear about.
fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::decl_id => "a name",
        Rule::path | Rule::path_list => "a name",
        Rule::label | Rule::string | Rule::quoted | Rule::text_block | Rule::string_list => {
            "a string"
        }
        Rule::quoted_inner => "the closing `\"` of the string",
        Rule::escape => "an escape (\\\" \\\\ \\n \\t \\u{...})",
        Rule::number => "a number",
        Rule::integer => "a whole number",
        Rule::percent => "a percentage (98%)",
        Rule::duration => "a duration (2h, 15s, 2 business_days)",
        Rule::span => "a duration range (1..2 weeks)",
        Rule::unit => {
            "a unit (s, min, h, days, weeks, months, years, business_hours, business_days)"
        }
        Rule::approx => "`~`",
        Rule::time => "a time (HH:MM)",
        Rule::window | Rule::window_list => "a time window (10:00-12:00)",
        Rule::overnight => "`overnight`",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::year_month => "a year and month (YYYY-MM)",
        Rule::month_day => "a day of the year (MM-DD)",
        Rule::annual => "an annual range (12-28..01-04)",
        Rule::weekday | Rule::weekdays | Rule::weekday_list => "a weekday (mon..sun)",
        Rule::bandwidth => "a bandwidth (10..20 Mbps)",
        Rule::bw_unit => "a bandwidth unit (kbps, Mbps, Gbps)",
        Rule::yes_no => "`yes` or `no`",
        Rule::list_style => "a list style (bullet, numbered, paren, roman, alpha, plain, dash)",
        Rule::period_kw => "`month`, `quarter` or `year`",
        Rule::formula_sh | Rule::formula_cm => "`calendar_minutes` or `service_hours HOURS`",
        Rule::rounding_kw => "`down`, `up` or `nearest`",
        Rule::schedule_kw => "`irregular`, `daily`, `weekly` or `monthly`",
        Rule::layout_kw => "`table` or `list`",
        Rule::party_role => "`provider` or `customer`",
        Rule::discount => "`discount`",
        Rule::automatic => "`automatic`",
        Rule::EOI => "the end of the statement",
        _ => return None,
    })
}

/// For a property keyword used in the wrong block: the block it belongs to.
fn home_of(word: &str) -> Option<&'static str> {
    Some(match word {
        "target" | "period" | "measures" | "functions" | "audience" | "formula" | "excludes"
        | "min_outage" | "rounding" => "an availability block",
        "resolve" | "respond" | "notify" => "a severity level",
        "severity" => "a severities block",
        "fee" | "below" | "cap" | "claim" | "basis" => "a credit block",
        "every" | "generations" | "keeps" => "a backup block",
        "window" | "stops" | "schedule" => "a maintenance block",
        "open" | "closed" => "a calendar or hours block",
        "windows" => "an hours block",
        "kind" | "notice" | "examples" => "an exclusion",
        "exclusion" => "an exclusions list or an availability block",
        "item" => "a security block",
        "tier" => "a network block",
        "within" => "a notification block",
        "tool" | "checks" | "area" => "a monitoring block",
        "scope" | "stopped" | "action" | "quiet" => "a recovery block",
        "items" | "separator" => "a channels block",
        "conditions" | "outside" => "an after_hours block",
        "summary" | "reason" => "a revision record",
        "columns" | "row" => "a table",
        "wording" => "a term",
        _ => return None,
    })
}

impl Builder<'_> {
    fn file(&mut self, pair: Pair<'_, Rule>) -> ast::File {
        let mut uses = Vec::new();
        let mut sla = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::use_decl => {
                    let span = span_of(&p);
                    let mut inner = p.into_inner();
                    let name = inner.next().map(|n| self.decl_id(n));
                    let path = inner.next().map(|s| self.string(s));
                    if let (Some(name), Some(path)) = (name, path) {
                        uses.push(ast::Use { name, path, span });
                    }
                }
                Rule::sla => sla = Some(self.node(p)),
                _ => {}
            }
        }
        ast::File {
            uses,
            sla: sla.expect("the grammar requires an sla block"),
        }
    }

    fn decl_id(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        spanned(&pair)
    }

    /// A statement and everything in it.
    fn node(&mut self, pair: Pair<'_, Rule>) -> Node {
        let rule = pair.as_rule();
        let kind = kind_of(rule).expect("node() is called on statement rules");
        // Divisions are the only statements that nest without bound. `too_deep` usually stops
        // deep nesting before parsing, but it reads `"""` as a text block wherever it appears,
        // so a stray `"""` hides the braces after it from it; this limit holds whatever the
        // text, and keeps the recursive stages after the parser off the end of the stack.
        let divides = matches!(rule, Rule::chapter | Rule::section | Rule::clause);
        if divides && self.depth + 2 > MAX_DEPTH {
            let span = span_of(&pair);
            let head_end = pair
                .clone()
                .into_inner()
                .filter(|p| matches!(p.as_rule(), Rule::decl_id | Rule::label))
                .map(|p| p.as_span().end())
                .max()
                .unwrap_or(span.start);
            let brace = self.text[head_end..span.end]
                .find('{')
                .map_or(span.start, |i| head_end + i);
            self.diags.push(Diagnostic::new(
                Problem::NestingTooDeep { limit: MAX_DEPTH },
                self.file,
                Span::new(brace, brace + 1),
            ));
            return Node {
                kind: Kind::Error,
                span,
                id: None,
                label: None,
                args: Vec::new(),
                children: Vec::new(),
            };
        }
        let mut node = Node {
            kind,
            span: span_of(&pair),
            id: None,
            label: None,
            args: Vec::new(),
            children: Vec::new(),
        };
        if divides {
            self.depth += 1;
        }
        for p in pair.into_inner() {
            self.part(rule, &mut node, p);
        }
        if divides {
            self.depth -= 1;
        }
        node
    }

    fn part(&mut self, parent: Rule, node: &mut Node, p: Pair<'_, Rule>) {
        match p.as_rule() {
            Rule::decl_id => node.id = Some(self.decl_id(p)),
            Rule::label => {
                if let Some(s) = p.into_inner().next() {
                    node.label = Some(self.string(s));
                }
            }
            Rule::string_list | Rule::path_list | Rule::window_list | Rule::weekday_list => {
                for q in p.into_inner() {
                    self.part(parent, node, q);
                }
            }
            Rule::bad_stmt => {
                let d = self.explain_bad(&p, parent);
                self.diags.push(d);
                node.children.push(Node {
                    kind: Kind::Error,
                    span: span_of(&p),
                    id: None,
                    label: None,
                    args: Vec::new(),
                    children: Vec::new(),
                });
            }
            r if kind_of(r).is_some() => {
                let child = self.node(p);
                node.children.push(child);
            }
            _ => {
                if let Some(v) = self.value(p) {
                    node.args.push(v);
                }
            }
        }
    }

    fn value(&mut self, p: Pair<'_, Rule>) -> Option<Value> {
        let span = span_of(&p);
        Some(match p.as_rule() {
            Rule::string => Value::Str(self.string(p)),
            Rule::ident | Rule::path => Value::Path(spanned(&p)),
            Rule::integer => Value::Integer(spanned(&p)),
            Rule::number => Value::Integer(spanned(&p)),
            Rule::percent => {
                let n = p.into_inner().next().expect("percent has a number");
                Value::Percent(spanned(&n))
            }
            Rule::duration => {
                let mut approx = false;
                let mut amount = None;
                let mut unit = None;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::approx => approx = true,
                        Rule::number => amount = Some(spanned(&q)),
                        Rule::unit => unit = Some(spanned(&q)),
                        _ => {}
                    }
                }
                Value::Duration {
                    approx,
                    amount: amount?,
                    unit: unit?,
                    span,
                }
            }
            Rule::span => {
                let mut approx = false;
                let mut nums = Vec::new();
                let mut unit = None;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::approx => approx = true,
                        Rule::number => nums.push(spanned(&q)),
                        Rule::unit => unit = Some(spanned(&q)),
                        _ => {}
                    }
                }
                let mut nums = nums.into_iter();
                Value::Range {
                    approx,
                    min: nums.next()?,
                    max: nums.next()?,
                    unit: unit?,
                    span,
                }
            }
            Rule::time => Value::Time(spanned(&p)),
            Rule::window => {
                let mut times = Vec::new();
                let mut overnight = false;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::time => times.push(spanned(&q)),
                        Rule::overnight => overnight = true,
                        _ => {}
                    }
                }
                let mut times = times.into_iter();
                Value::Window {
                    start: times.next()?,
                    end: times.next()?,
                    overnight,
                    span,
                }
            }
            Rule::date => Value::Date(spanned(&p)),
            Rule::year_month => Value::YearMonth(spanned(&p)),
            Rule::annual => {
                let mut days = p.into_inner().map(|q| spanned(&q));
                Value::Annual {
                    start: days.next()?,
                    end: days.next()?,
                    span,
                }
            }
            Rule::weekdays => {
                let mut days = p.into_inner().map(|q| spanned(&q));
                Value::Weekdays {
                    from: days.next()?,
                    to: days.next(),
                    span,
                }
            }
            Rule::bandwidth => {
                let text = p.as_str();
                let open = text.contains("..") && {
                    let after = text.split_once("..").map(|x| x.1).unwrap_or("");
                    !after.trim_start().starts_with(|c: char| c.is_ascii_digit())
                };
                let mut nums = Vec::new();
                let mut unit = None;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::number => nums.push(spanned(&q)),
                        Rule::bw_unit => unit = Some(spanned(&q)),
                        _ => {}
                    }
                }
                let mut nums = nums.into_iter();
                Value::Bandwidth {
                    min: nums.next()?,
                    max: nums.next(),
                    open,
                    unit: unit?,
                    span,
                }
            }
            Rule::yes_no
            | Rule::list_style
            | Rule::period_kw
            | Rule::formula_sh
            | Rule::formula_cm
            | Rule::rounding_kw
            | Rule::schedule_kw
            | Rule::layout_kw
            | Rule::party_role
            | Rule::discount
            | Rule::automatic => Value::Word(spanned(&p)),
            _ => return None,
        })
    }

    /// The value of a string literal: escapes replaced, text blocks dedented.
    fn string(&mut self, p: Pair<'_, Rule>) -> Spanned<String> {
        let span = span_of(&p);
        let inner = p.into_inner().next();
        let value = match inner {
            Some(q) if q.as_rule() == Rule::quoted => {
                let raw = q.into_inner().next();
                let at = raw.as_ref().map_or(span.start, |r| r.as_span().start());
                let raw = raw.map(|r| r.as_str()).unwrap_or("");
                self.check_unicode_escapes(raw, at);
                unescape(raw)
            }
            Some(q) if q.as_rule() == Rule::text_block => {
                let raw = q.into_inner().next().map(|r| r.as_str()).unwrap_or("");
                dedent(raw)
            }
            _ => String::new(),
        };
        Spanned { value, span }
    }

    /// `\u{...}` must name a character: not a surrogate, not beyond U+10FFFF (the grammar
    /// only checks that it is one to six hex digits). `at` is where `raw` starts in the file.
    fn check_unicode_escapes(&mut self, raw: &str, at: usize) {
        let mut rest = raw;
        let mut offset = 0;
        while let Some(i) = rest.find('\\') {
            let esc = &rest[i..];
            let len = if let Some(hex) = esc.strip_prefix("\\u{") {
                let digits = hex.find('}').unwrap_or(hex.len());
                let ok = u32::from_str_radix(&hex[..digits], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .is_some();
                let len = 3 + digits + 1;
                if !ok {
                    let start = at + offset + i;
                    self.diags.push(Diagnostic::new(
                        Problem::Syntax {
                            expected: vec![
                                "a character code (\\u{0} to \\u{10FFFF}, not a surrogate)".into(),
                            ],
                            found: format!("`{}`", &esc[..len.min(esc.len())]),
                            context: "a string",
                            allowed: Vec::new(),
                        },
                        self.file,
                        Span::new(start, start + len.min(esc.len())),
                    ));
                }
                len
            } else {
                // `\"`, `\\`, `\n`, `\t`: two characters (the grammar allows nothing else).
                2
            };
            let skip = (i + len).min(rest.len());
            offset += skip;
            rest = &rest[skip..];
        }
    }

    /// Explains a statement the grammar could not accept by parsing it again with the strict
    /// rule of its block.
    fn explain_bad(&self, p: &Pair<'_, Rule>, parent: Rule) -> Diagnostic {
        let (rule, context) = block_context(parent);
        let start = p.as_span().start();
        let text = p.as_str();
        if let Some(d) = self.unclosed(start, text, context) {
            return d;
        }
        let first_word: String = text
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        pest::set_error_detail(true);
        match SlaParser::parse(rule, text) {
            Err(e) => {
                let d = self.syntax_error(&e, start, context);
                if let Problem::Syntax { allowed, .. } = &d.problem {
                    let at_start = d.span.start == start;
                    if at_start
                        && !first_word.is_empty()
                        && let Some(home) = home_of(&first_word)
                        && !allowed.iter().any(|a| a == &first_word)
                    {
                        return Diagnostic::new(
                            Problem::NotAllowedHere {
                                statement: static_word(&first_word),
                                context,
                                help: home_help(home),
                            },
                            self.file,
                            Span::new(start, start + first_word.len()),
                        );
                    }
                }
                d
            }
            // The strict rule accepts it, so the statement is fine on its own; what follows it
            // on the line is not.
            Ok(_) => Diagnostic::new(
                Problem::Syntax {
                    expected: vec!["the end of the statement".into()],
                    found: describe_found(text),
                    context,
                    allowed: Vec::new(),
                },
                self.file,
                Span::new(start, start + text.len()),
            ),
        }
    }

    /// A `/*` comment or a `"""` text block in a bad statement that nothing after it closes:
    /// the statement is bad because of that, and saying so at the opening beats any guess at
    /// what the statement should have been.
    fn unclosed(&self, start: usize, stmt: &str, context: &'static str) -> Option<Diagnostic> {
        // `text """` without its end parses as `text ""` (an empty string) followed by a bad
        // statement that starts with the third quote.
        let (start, stmt) = if stmt.starts_with('"') && self.text[..start].ends_with("\"\"") {
            (start - 2, &self.text[start - 2..start + stmt.len()])
        } else {
            (start, stmt)
        };
        let b = stmt.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (open, close, what) = if b[i..].starts_with(b"\"\"\"") {
                ("\"\"\"", "\"\"\"", "`\"\"\"` to close the text block")
            } else if b[i..].starts_with(b"/*") {
                ("/*", "*/", "`*/` to close the comment")
            } else if b[i] == b'"' {
                // A one-line string: skip it, escapes included.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            } else {
                i += 1;
                continue;
            };
            let at = start + i;
            if self.text[at + open.len()..].contains(close) {
                return None;
            }
            return Some(Diagnostic::new(
                Problem::Syntax {
                    expected: vec![what.into()],
                    found: "the end of the file".into(),
                    context,
                    allowed: Vec::new(),
                },
                self.file,
                Span::new(at, at + open.len()),
            ));
        }
        None
    }

    /// Turns a pest error (positions relative to `base`) into a diagnostic.
    fn syntax_error(
        &self,
        e: &pest::error::Error<Rule>,
        base: usize,
        context: &'static str,
    ) -> Diagnostic {
        let rule_pos = match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        // pest places the error at the furthest *rule* it tried; a literal tried further on
        // (the `{` after `sla t "x"`) only shows in the parse attempts. The furthest is where
        // the text stops making sense, and the rules tried before it are no longer relevant.
        let further = e
            .parse_attempts()
            .map(|a| a.max_position)
            .filter(|&m| m > rule_pos);
        let pos = further.unwrap_or(rule_pos);
        let at = base + pos;
        let mut expected: Vec<String> = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        if let ErrorVariant::ParsingError { positives, .. } = &e.variant
            && further.is_none()
        {
            for r in positives {
                match describe_rule(*r) {
                    Some(_) if *r == Rule::EOI && context == "the file" => {
                        expected.push("nothing more".into());
                    }
                    Some(d) => expected.push(d.to_string()),
                    None => {}
                }
            }
        }
        if let Some(attempts) = e.parse_attempts() {
            // `ParsingToken` is not exported by pest; its Display gives the literal text.
            for t in attempts.expected_tokens() {
                let token = t.to_string();
                if token == "BUILTIN_RULE" || token.trim().is_empty() || token == "\u{feff}" {
                    continue;
                }
                if token.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
                    keywords.push(token);
                } else if token == "0..9" {
                    expected.push("a digit".into());
                } else if !matches!(token.as_str(), "//" | "/*")
                    && (token != "\"" || further.is_some())
                {
                    expected.push(format!("`{token}`"));
                }
            }
        }
        if is_limit(e) {
            // Where the rule that ran out of budget started, not how far it got.
            let at = base + rule_pos;
            return Diagnostic::new(Problem::TooComplex, self.file, Span::new(at, at));
        }
        // "a number or a digit" says the same thing twice.
        if expected
            .iter()
            .any(|x| x.starts_with("a ") && x != "a digit")
        {
            expected.retain(|x| x != "a digit");
        }
        keywords.sort();
        keywords.dedup();
        let mut allowed = Vec::new();
        if keywords.len() > 4 {
            expected.insert(0, "a statement".into());
            allowed = keywords;
        } else {
            expected.extend(keywords.into_iter().map(|k| format!("`{k}`")));
        }
        let mut seen = std::collections::HashSet::new();
        expected.retain(|x| seen.insert(x.clone()));
        let found_text = &self.text[at.min(self.text.len())..];
        let found = describe_found(found_text);
        let end = at + first_token_len(found_text);
        Diagnostic::new(
            Problem::Syntax {
                expected,
                found,
                context,
                allowed,
            },
            self.file,
            Span::new(at, end.max(at)),
        )
    }
}

/// True when pest gave up because of its call or stack budget.
fn is_limit(e: &pest::error::Error<Rule>) -> bool {
    matches!(&e.variant, ErrorVariant::CustomError { message }
        if message.contains("call limit") || message.contains("stack limit"))
}

fn home_help(home: &'static str) -> &'static str {
    match home {
        "an availability block" => "it belongs in an availability block",
        "a severity level" => "it belongs in a severity level",
        "a severities block" => "it belongs in a severities block",
        "a credit block" => "it belongs in a credit block",
        "a backup block" => "it belongs in a backup block",
        "a maintenance block" => "it belongs in a maintenance block",
        "a calendar or hours block" => "it belongs in a calendar or hours block",
        "an hours block" => "it belongs in an hours block",
        "an exclusion" => "it belongs in an exclusion",
        "an exclusions list or an availability block" => {
            "it belongs in an exclusions list or an availability block"
        }
        "a security block" => "it belongs in a security block",
        "a network block" => "it belongs in a network block",
        "a notification block" => "it belongs in a notification block",
        "a monitoring block" => "it belongs in a monitoring block",
        "a recovery block" => "it belongs in a recovery block",
        "a channels block" => "it belongs in a channels block",
        "an after_hours block" => "it belongs in an after_hours block",
        "a revision record" => "it belongs in a revision record",
        "a table" => "it belongs in a table",
        _ => "it belongs in a term's block",
    }
}

/// The keyword as a static string (messages hold `&'static str`).
fn static_word(word: &str) -> &'static str {
    const WORDS: &[&str] = &[
        "target",
        "period",
        "measures",
        "functions",
        "audience",
        "formula",
        "excludes",
        "min_outage",
        "rounding",
        "resolve",
        "respond",
        "notify",
        "severity",
        "fee",
        "below",
        "cap",
        "claim",
        "basis",
        "every",
        "generations",
        "keeps",
        "window",
        "stops",
        "schedule",
        "open",
        "closed",
        "windows",
        "kind",
        "notice",
        "examples",
        "exclusion",
        "item",
        "tier",
        "within",
        "tool",
        "checks",
        "area",
        "scope",
        "stopped",
        "action",
        "quiet",
        "items",
        "separator",
        "conditions",
        "outside",
        "summary",
        "reason",
        "columns",
        "row",
        "wording",
    ];
    WORDS
        .iter()
        .find(|w| **w == word)
        .copied()
        .unwrap_or("statement")
}

/// How a message names what was found at an error: the token there, or the end of the file.
fn describe_found(rest: &str) -> String {
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() {
        return "the end of the file".into();
    }
    if rest.starts_with(['\n', '\r']) {
        return "the end of the line".into();
    }
    let n = first_token_len(rest);
    let tok: String = rest[..n].chars().take(30).collect();
    format!("`{tok}`")
}

/// Length in bytes of the token at the start of `rest` (at least one character).
fn first_token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    if first.is_alphanumeric() || first == '_' {
        rest.char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.' || *c == ':'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    }
}

/// Replaces the escapes of a quoted string. The grammar has checked them.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                out.push(ch);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The content of a `"""` block: without the first line break, the common indentation of its
/// lines, and the indentation before the closing quotes.
fn dedent(raw: &str) -> String {
    let raw = raw
        .strip_prefix("\r\n")
        .or_else(|| raw.strip_prefix('\n'))
        .unwrap_or(raw);
    let lines: Vec<&str> = raw.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_blocks_are_dedented() {
        assert_eq!(dedent("\n    a\n      b\n    "), "a\n  b");
        assert_eq!(dedent("one line"), "one line");
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\u{3042}"#), "a\"b\\c\ndあ");
    }

    #[test]
    fn depth_limit_skips_strings() {
        let deep = "{".repeat(MAX_DEPTH + 1);
        assert_eq!(too_deep(&deep), Some(MAX_DEPTH));
        let quoted = format!("\"{deep}\"");
        assert_eq!(too_deep(&quoted), None);
    }
}
