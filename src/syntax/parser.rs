//! pest → lossless syntax tree. Nothing of pest leaves this module: callers get the tree
//! ([`super::cst`]), the AST lowered from it and diagnostics.
//!
//! pest recognises the text and says which rule matched where; this module turns its pairs into
//! nodes and tokens of the tree, and the text between pairs (the grammar's literal words,
//! punctuation, whitespace and comments, which pest does not report) into tokens with
//! [`super::lexer`], so that the tree covers every byte. A file whose overall shape pest cannot
//! accept still gets a tree: one error node holding its tokens.

use super::cst::GreenBuilder;
use super::cst::SyntaxKind;
use super::kinds::{Kind, statements};
use super::lexer;
use crate::diagnostic::{Diagnostic, FileId, Problem};
use crate::source::skip_plain;
use crate::syntax::ast::Span;
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use rowan::GreenNode;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/slagen.pest"]
struct SlaParser;

/// Deepest nesting of `{ }` blocks accepted. Real specs use four or five levels; the limit keeps
/// recursive stages (parser, checker, renderer) far from the end of the stack.
pub const MAX_DEPTH: usize = 64;

/// Parses a spec's text into its lossless tree. The flag is false when the file's overall shape
/// is broken (the tree then holds one error node); the diagnostics are every syntax error.
pub fn parse_tree(text: &str, file: FileId) -> (GreenNode, bool, Vec<Diagnostic>) {
    let mut builder = Builder {
        text,
        file,
        diags: Vec::new(),
        depth: 0,
        green: GreenBuilder::new(text),
        pos: 0,
    };
    if let Some(offset) = too_deep(text) {
        let d = Diagnostic::new(
            Problem::NestingTooDeep { limit: MAX_DEPTH },
            file,
            Span::new(offset, offset + 1),
        );
        return (builder.unreadable(), false, vec![d]);
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
    match SlaParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file_pair = pairs.next().expect("the file rule always produces a pair");
            builder.green.start_node(SyntaxKind::Root);
            for p in file_pair.into_inner() {
                builder.element(p, Rule::file);
            }
            builder.gap(text.len());
            builder.green.finish_node();
            (builder.green.finish(), true, builder.diags)
        }
        Err(e) => {
            pest::set_error_detail(true);
            let e = SlaParser::parse(Rule::file, text).err().unwrap_or(e);
            let d = builder.syntax_error(&e, 0, "the file");
            (builder.unreadable(), false, vec![d])
        }
    }
}

/// Finds the first `{` that opens a block deeper than [`MAX_DEPTH`], skipping strings and
/// comments.
fn too_deep(text: &str) -> Option<usize> {
    const SPECIAL: &[u8] = b"\"/{}";
    const IN_STRING: &[u8] = b"\"\n\\";
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        i = skip_plain(b, i, SPECIAL);
        match b.get(i) {
            None => break,
            Some(b'"') if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    i = skip_plain(b, i, b"\"");
                    if i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                }
                i += 3;
                continue;
            }
            Some(b'"') => {
                i += 1;
                loop {
                    i = skip_plain(b, i, IN_STRING);
                    if i >= b.len() || b[i] == b'"' || b[i] == b'\n' {
                        break;
                    }
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            Some(b'/') if b.get(i + 1) == Some(&b'/') => i = skip_plain(b, i, b"\n"),
            Some(b'/') if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !b[i..].starts_with(b"*/") {
                    i += 1;
                }
                i += 1;
            }
            Some(b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            Some(b'}') => depth = depth.saturating_sub(1),
            Some(_) => {}
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
    green: GreenBuilder<'t>,
    /// How much of the text is in the tree so far.
    pos: usize,
}

/// The statement kind of a rule, for rules that are statements.
fn kind_of(rule: Rule) -> Option<Kind> {
    macro_rules! arms {
        ($($variant:ident = $keyword:literal, $rule:ident, $check:ident, $noun:literal, $home:literal, $term:literal;)*) => {
            match rule {
                $(Rule::$rule => Some(Kind::$variant),)*
                Rule::bad_stmt => Some(Kind::Error),
                _ => None,
            }
        };
    }
    statements!(arms)
}

/// The strict rule that explains a bad statement inside a block of this rule, and how messages
/// name the block.
fn block_context(parent: Rule) -> (Rule, &'static str) {
    macro_rules! strict {
        (none) => {
            None
        };
        ($check:ident) => {
            Some(Rule::$check)
        };
    }
    macro_rules! arms {
        ($($variant:ident = $keyword:literal, $rule:ident, $check:ident, $noun:literal, $home:literal, $term:literal;)*) => {
            match parent {
                $(Rule::$rule => strict!($check).map(|r| (r, $noun)),)*
                _ => None,
            }
        };
    }
    statements!(arms).unwrap_or((Rule::check_file, "the file"))
}

/// The words the grammar accepts at the start of a statement inside the block of a `kind`
/// statement (`None`: the top level of the file), sorted: what an editor offers to complete
/// there. Found by asking the block's strict rule what it expected instead of a character no
/// statement starts with, so it follows the grammar as it is; empty for statements without a
/// block.
pub fn keywords_in_block(kind: Option<Kind>) -> Vec<String> {
    macro_rules! strict {
        (none) => {
            None
        };
        ($check:ident) => {
            Some(Rule::$check)
        };
    }
    macro_rules! arms {
        ($($variant:ident = $keyword:literal, $rule:ident, $check:ident, $noun:literal, $home:literal, $term:literal;)*) => {
            match kind {
                None => Some(Rule::check_file),
                $(Some(Kind::$variant) => strict!($check),)*
                Some(Kind::Error) => None,
            }
        };
    }
    let Some(rule) = statements!(arms) else {
        return Vec::new();
    };
    pest::set_error_detail(true);
    let mut words: Vec<String> = match SlaParser::parse(rule, "\u{1}") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .parse_attempts()
            .map(|a| {
                a.expected_tokens()
                    .into_iter()
                    .map(|t| t.to_string())
                    .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_alphabetic() || c == '_'))
                    .collect()
            })
            .unwrap_or_default(),
    };
    words.sort();
    words.dedup();
    words
}

/// Whether pest's expected token is one of WHITESPACE's or COMMENT's (`/`, and ranges such as
/// `\t..\n`): pest lists them wherever whitespace may come, which is everywhere, so a message
/// naming them would say nothing.
fn is_trivia_token(token: &str) -> bool {
    let is_space = |s: &str| {
        let mut c = s.chars();
        c.next().is_some_and(char::is_whitespace) && c.next().is_none() || s == "\u{feff}"
    };
    match token.split_once("..") {
        Some((a, b)) => is_space(a) && is_space(b),
        None => matches!(token, "/" | "//" | "/*"),
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
        Rule::formula_sh | Rule::formula_cm => {
            "`calendar_minutes`, `total_time`, `service_hours HOURS` or `fixed DURATION`"
        }
        Rule::rounding_kw => "`down`, `up` or `nearest`",
        Rule::schedule_kw => "`irregular`, `daily`, `weekly` or `monthly`",
        Rule::layout_kw => "`table` or `list`",
        Rule::party_role => "`provider` or `customer`",
        Rule::discount => "`discount`",
        Rule::automatic => "`automatic`",
        Rule::on_request => "`on_request`",
        Rule::after_incident => "`after incident`",
        Rule::above => "`above`",
        Rule::at_most => "`at_most`",
        Rule::formula_fx => "`fixed`",
        Rule::form_kw => "`reduction`, `refund`, `service_credit` or `extension`",
        Rule::paid_kw => "`next_month_end`, `next_invoice` or `invoice_after DURATION`",
        Rule::currency => "a currency (JPY, USD, EUR)",
        Rule::per_kw => "`region`, `plan`, `contract`, `line`, `instance`, `function` or `account`",
        Rule::weight_kw => "`requests`, `users` or `servers`",
        Rule::publish_kw => "`monthly`, `realtime` or `on_request`",
        Rule::EOI => "the end of the statement",
        _ => return None,
    })
}

impl<'t> Builder<'t> {
    /// The text from where the tree stands to `to`, as tokens.
    fn gap(&mut self, to: usize) {
        if to > self.pos {
            let green = &mut self.green;
            lexer::lex(&self.text[self.pos..to], |k, t| green.token(k, t));
            self.pos = to;
        }
    }

    fn open(&mut self, kind: SyntaxKind, at: usize) {
        self.gap(at);
        self.green.start_node(kind);
    }

    fn close(&mut self, at: usize) {
        self.gap(at);
        self.green.finish_node();
    }

    fn leaf(&mut self, kind: SyntaxKind, p: &Pair<'t, Rule>) {
        let s = p.as_span();
        self.gap(s.start());
        self.green.token(kind, s.as_str());
        self.pos = s.end();
    }

    /// The tree of a file pest could not read as a whole: one error node of tokens.
    fn unreadable(mut self) -> GreenNode {
        self.green.start_node(SyntaxKind::Root);
        self.green.start_node(SyntaxKind::Stmt(Kind::Error));
        self.gap(self.text.len());
        self.green.finish_node();
        self.green.finish_node();
        self.green.finish()
    }

    /// One pair of pest's and what it contains; `parent` is the statement rule it is in.
    fn element(&mut self, p: Pair<'t, Rule>, parent: Rule) {
        let rule = p.as_rule();
        let token = match rule {
            Rule::EOI => return,
            Rule::bad_stmt => {
                let d = self.explain_bad(&p, parent);
                self.diags.push(d);
                let s = p.as_span();
                self.open(SyntaxKind::Stmt(Kind::Error), s.start());
                self.close(s.end());
                return;
            }
            Rule::decl_id => {
                let s = p.as_span();
                self.open(SyntaxKind::Name, s.start());
                self.leaf(SyntaxKind::Ident, &p);
                self.close(s.end());
                return;
            }
            Rule::label => {
                let s = p.as_span();
                self.open(SyntaxKind::Label, s.start());
                self.leaf(SyntaxKind::Str, &p);
                self.close(s.end());
                return;
            }
            Rule::string => SyntaxKind::Str,
            Rule::ident | Rule::path => SyntaxKind::Ident,
            Rule::number | Rule::integer | Rule::ms_number => SyntaxKind::Number,
            Rule::unit => SyntaxKind::Unit,
            Rule::approx => SyntaxKind::Approx,
            Rule::time => SyntaxKind::Time,
            Rule::overnight => SyntaxKind::Overnight,
            Rule::date => SyntaxKind::Date,
            Rule::year_month => SyntaxKind::YearMonth,
            Rule::month_day => SyntaxKind::MonthDay,
            Rule::weekday => SyntaxKind::Weekday,
            Rule::bw_unit => SyntaxKind::BandwidthUnit,
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
            | Rule::automatic
            | Rule::on_request
            | Rule::after_incident
            | Rule::above
            | Rule::at_most
            | Rule::formula_fx
            | Rule::form_kw
            | Rule::paid_kw
            | Rule::currency
            | Rule::per_kw
            | Rule::weight_kw
            | Rule::formula_tt
            | Rule::publish_kw => SyntaxKind::Word,
            _ => {
                let node = match rule {
                    Rule::use_decl => Some(SyntaxKind::Use),
                    Rule::percent => Some(SyntaxKind::Percent),
                    Rule::duration => Some(SyntaxKind::Duration),
                    Rule::span => Some(SyntaxKind::Range),
                    Rule::window => Some(SyntaxKind::Window),
                    Rule::annual => Some(SyntaxKind::Annual),
                    Rule::weekdays => Some(SyntaxKind::Weekdays),
                    Rule::bandwidth => Some(SyntaxKind::Bandwidth),
                    _ => None,
                };
                match (node, kind_of(rule)) {
                    (Some(kind), _) => {
                        let end = p.as_span().end();
                        self.open(kind, p.as_span().start());
                        for q in p.into_inner() {
                            self.element(q, parent);
                        }
                        self.close(end);
                    }
                    (None, Some(_)) => self.statement(p),
                    // Lists and silent groupings: their parts go where they are.
                    (None, None) => {
                        for q in p.into_inner() {
                            self.element(q, parent);
                        }
                    }
                }
                return;
            }
        };
        self.leaf(token, &p);
    }

    /// A statement and everything in it.
    fn statement(&mut self, pair: Pair<'t, Rule>) {
        let rule = pair.as_rule();
        let kind = kind_of(rule).expect("statement() is called on statement rules");
        let (start, end) = (pair.as_span().start(), pair.as_span().end());
        // Divisions are the only statements that nest without bound. `too_deep` usually stops
        // deep nesting before parsing, but it reads `"""` as a text block wherever it appears,
        // so a stray `"""` hides the braces after it from it; this limit holds whatever the
        // text, and keeps the recursive stages after the parser off the end of the stack.
        let divides = matches!(rule, Rule::chapter | Rule::section | Rule::clause);
        if divides && self.depth + 2 > MAX_DEPTH {
            let head_end = pair
                .clone()
                .into_inner()
                .filter(|p| matches!(p.as_rule(), Rule::decl_id | Rule::label))
                .map(|p| p.as_span().end())
                .max()
                .unwrap_or(start);
            let brace = self.text[head_end..end]
                .find('{')
                .map_or(start, |i| head_end + i);
            self.diags.push(Diagnostic::new(
                Problem::NestingTooDeep { limit: MAX_DEPTH },
                self.file,
                Span::new(brace, brace + 1),
            ));
            self.open(SyntaxKind::Stmt(Kind::Error), start);
            self.close(end);
            return;
        }
        self.open(SyntaxKind::Stmt(kind), start);
        if divides {
            self.depth += 1;
        }
        for p in pair.into_inner() {
            self.element(p, rule);
        }
        if divides {
            self.depth -= 1;
        }
        self.close(end);
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
                        && let Some(home) = Kind::misplaced(&first_word)
                        && let Some(help) = home.home_help()
                        && !allowed.iter().any(|a| a == &first_word)
                    {
                        return Diagnostic::new(
                            Problem::NotAllowedHere {
                                statement: home.keyword(),
                                context,
                                help,
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
            // Name the statement whose text block it is (`text`, `note`, `wording`, …): the
            // first word of the line the block opens on.
            let line_start = self.text[..at].rfind('\n').map_or(0, |n| n + 1);
            let keyword: String = self.text[line_start..at]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let what = if open == "\"\"\"" && !keyword.is_empty() {
                format!("{what} of `{keyword}` that opens here")
            } else {
                what.to_string()
            };
            return Some(Diagnostic::new(
                Problem::Syntax {
                    expected: vec![what],
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
                } else if !is_trivia_token(&token) && (token != "\"" || further.is_some()) {
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
            // A keyword a description already names (`calendar_minutes`, `service_hours HOURS`
            // or `fixed DURATION`) is not listed a second time.
            let described = expected.join(" ");
            expected.extend(
                keywords
                    .into_iter()
                    .filter(|k| !described.contains(&format!("`{k}")))
                    .map(|k| format!("`{k}`")),
            );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::has_any_byte;

    #[test]
    fn depth_limit_skips_strings() {
        let deep = "{".repeat(MAX_DEPTH + 1);
        assert_eq!(too_deep(&deep), Some(MAX_DEPTH));
        let quoted = format!("\"{deep}\"");
        assert_eq!(too_deep(&quoted), None);
    }

    #[test]
    fn depth_limit_finds_braces_at_every_alignment_of_the_fast_skip() {
        // Braces after runs of Japanese text and ASCII of every length modulo 8, so that each
        // falls at each place of an eight-byte step; a comment and a string hide theirs.
        for pad in 0..16 {
            let filler = format!("{}稼働率 text", "x".repeat(pad));
            let mut text = String::new();
            let mut want = None;
            for level in 0..=MAX_DEPTH {
                text.push_str(&filler);
                text.push_str(" // { hidden\n\"}{\" ");
                if level == MAX_DEPTH {
                    want = Some(text.len());
                }
                text.push('{');
            }
            assert_eq!(too_deep(&text), want, "pad {pad}");
            let closed = text.replace('{', "{}");
            assert_eq!(too_deep(&closed), None, "pad {pad}");
        }
    }

    #[test]
    fn special_bytes_are_found_in_any_place_of_a_word() {
        for place in 0..8 {
            for c in [b'"', b'/', b'{', b'}'] {
                let mut bytes = *b"abcdefgh";
                bytes[place] = c;
                assert!(has_any_byte(u64::from_le_bytes(bytes), b"\"/{}"));
            }
        }
        for word in ["abcdefgh", "稼働率ab", "|z~[]\\!#"] {
            let bytes: [u8; 8] = word.as_bytes()[..8].try_into().unwrap();
            assert!(!has_any_byte(u64::from_le_bytes(bytes), b"\"/{}"), "{word}");
        }
    }
}
