//! The two passes that turn a syntax tree into a [`Spec`]: collect ids, then build.

use super::values::units;
use super::{Checker, IdKind};
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::*;
use crate::syntax::ast::{self, Kind, Node, Span, Spanned, Value};

/// A text waiting for its interpolations to be checked (once every term is known).
pub(super) struct PendingText {
    pub text: Text,
    pub span: Span,
    /// Index in `terms` of the term whose wording this is.
    pub owner: Option<usize>,
}

/// What the build collects besides the document.
#[derive(Default)]
pub(super) struct Collected {
    pub terms: Vec<Term>,
    pub spans: Vec<Span>,
    pub texts: Vec<PendingText>,
    pub severity_spans: Vec<Vec<Span>>,
    pub tier_spans: Vec<(usize, Vec<Span>)>,
}

/// Where a block of statements is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    Chapter,
    Section,
    Clause(u32),
}

impl Ctx {
    fn name(self) -> &'static str {
        match self {
            Ctx::Top => "the spec",
            Ctx::Chapter => "a chapter",
            Ctx::Section => "a section",
            Ctx::Clause(_) => "a clause",
        }
    }
}

fn is_meta(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Service
            | Kind::Company
            | Kind::DocumentNumber
            | Kind::Contact
            | Kind::HistoryUrl
            | Kind::Revised
            | Kind::Effective
            | Kind::Timezone
            | Kind::Parties
            | Kind::Style
            | Kind::Revision
            | Kind::CompanyHolidays
    )
}

fn str_args(node: &Node) -> Vec<&Spanned<String>> {
    node.args
        .iter()
        .filter_map(|a| match a {
            Value::Str(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn first_str(node: &Node) -> Option<&Spanned<String>> {
    str_args(node).into_iter().next()
}

fn words(node: &Node) -> Vec<&Spanned<String>> {
    node.args
        .iter()
        .filter_map(|a| match a {
            Value::Word(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn paths(node: &Node) -> Vec<&Spanned<String>> {
    node.args
        .iter()
        .filter_map(|a| match a {
            Value::Path(s) => Some(s),
            _ => None,
        })
        .collect()
}

impl Checker<'_> {
    // ------------------------------------------------------------ pass 1

    fn collect_ids(&mut self, node: &Node) {
        let kind = match node.kind {
            Kind::Chapter | Kind::Section | Kind::Clause => Some(IdKind::Division),
            Kind::Severity => Some(IdKind::SeverityLevel),
            k if k.is_term() => Some(IdKind::Term(k)),
            _ => None,
        };
        if let (Some(kind), Some(id)) = (kind, &node.id) {
            if let Some((_, first)) = self.ids.get(&id.value) {
                let first = *first;
                self.diags.push(
                    Diagnostic::new(
                        Problem::DuplicateId {
                            id: id.value.clone(),
                        },
                        self.file,
                        id.span,
                    )
                    .with_label(self.file, first, "first defined here"),
                );
            } else {
                self.ids.insert(id.value.clone(), (kind, id.span));
            }
        }
        if node.kind == Kind::Calendar
            && let Some(id) = &node.id
        {
            self.calendar_decls
                .entry(id.value.clone())
                .or_insert_with(|| node.clone());
        }
        for c in &node.children {
            self.collect_ids(c);
        }
    }

    // ------------------------------------------------------------ pass 2

    /// Builds the spec; `None` when something required is missing.
    pub(super) fn spec(&mut self, tree: &ast::File) -> Option<Spec> {
        self.collect_ids(&tree.sla);
        let sla = &tree.sla;
        let mut out = Collected::default();

        let mut service = None;
        let mut company = None;
        let mut document_number = None;
        let mut history_url = None;
        let mut contact = None;
        let mut revised = None;
        let mut effective = None;
        let mut timezone = "Asia/Tokyo".to_string();
        let mut parties = Parties::default();
        let mut style = Style::default();
        let mut revisions = Vec::new();
        let mut revision_spans = Vec::new();
        let mut company_holidays = CompanyHolidays::default();
        let mut seen: Vec<(Kind, Span)> = Vec::new();

        for n in &sla.children {
            if !is_meta(n.kind) {
                continue;
            }
            if !matches!(n.kind, Kind::Revision) {
                if let Some((_, _first)) = seen.iter().find(|(k, _)| *k == n.kind) {
                    self.error(
                        Problem::DuplicateField {
                            field: n.kind.keyword(),
                        },
                        n.span,
                    );
                    continue;
                }
                seen.push((n.kind, n.span));
            }
            match n.kind {
                Kind::Service => service = first_str(n).map(|s| s.value.clone()),
                Kind::Company => company = first_str(n).map(|s| s.value.clone()),
                Kind::DocumentNumber => document_number = first_str(n).map(|s| s.value.clone()),
                Kind::Contact => contact = first_str(n).map(|s| s.value.clone()),
                Kind::HistoryUrl => {
                    if let Some(s) = first_str(n) {
                        if let Some(reason) = crate::model::text::web_address_problem(&s.value) {
                            self.error(Problem::BadWebAddress { reason }, s.span);
                        }
                        history_url = Some(s.value.clone());
                    }
                }
                Kind::Revised => revised = n.first_arg().and_then(|v| self.revision_date(v)),
                Kind::Effective => {
                    effective = match n.first_arg() {
                        Some(Value::Date(s)) => self.date(s),
                        _ => None,
                    }
                }
                Kind::Timezone => {
                    if let Some(s) = first_str(n) {
                        if jiff::tz::db().get(&s.value).is_err() {
                            self.error(
                                Problem::UnknownTimeZone {
                                    name: s.value.clone(),
                                },
                                s.span,
                            );
                        }
                        timezone = s.value.clone();
                    }
                }
                Kind::Parties => {
                    for p in &n.children {
                        let (Some(role), Some(name)) = (words(p).first().copied(), first_str(p))
                        else {
                            continue;
                        };
                        match role.value.as_str() {
                            "provider" => parties.provider = name.value.clone(),
                            _ => parties.customer = name.value.clone(),
                        }
                    }
                }
                Kind::Style => {
                    for item in &n.children {
                        let (Some(key), Some(value)) =
                            (paths(item).first().copied(), first_str(item))
                        else {
                            continue;
                        };
                        if !style.set(&key.value, value.value.clone()) {
                            self.error(
                                Problem::UnknownStyleKey {
                                    key: key.value.clone(),
                                },
                                key.span,
                            );
                        } else {
                            let (what, allowed): (&'static str, &[&'static str]) =
                                match key.value.as_str() {
                                    "dates" => ("date style", &["western", "padded", "wareki"]),
                                    "time" => ("time style", &["plain", "padded", "as_written"]),
                                    "font" => ("body face", &["mincho", "gothic"]),
                                    "supplement" => ("supplement setting", &["on", "off"]),
                                    "omitted" => ("omitted-division setting", &["mark", "hide"]),
                                    "items" => ("item numbering", &["several", "always"]),
                                    "tone" => ("sentence tone", &["desu_masu", "dearu"]),
                                    _ => ("", &[]),
                                };
                            if !allowed.is_empty() && !allowed.contains(&value.value.as_str()) {
                                self.error(
                                    Problem::UnknownKeyword {
                                        word: value.value.clone(),
                                        what,
                                        allowed: allowed.to_vec(),
                                    },
                                    value.span,
                                );
                            }
                        }
                    }
                }
                Kind::Revision => {
                    if let Some(r) = self.revision(n) {
                        revisions.push(r);
                        revision_spans.push(n.span);
                    }
                }
                Kind::CompanyHolidays => company_holidays = self.company_holidays(n),
                _ => {}
            }
        }

        let document = self.blocks(&sla.children, Ctx::Top, &mut out);

        let mut uses: Vec<UsedSpec> = self
            .uses
            .iter()
            .map(|(name, (spec, path))| UsedSpec {
                name: name.clone(),
                path: path.clone(),
                spec: spec.id.clone(),
                service: spec.service.clone(),
            })
            .collect();
        uses.sort_by(|a, b| a.name.cmp(&b.name));

        let head_span = Span::new(sla.span.start, sla.span.start + 3);
        if service.is_none() && !self.unparsable(sla, "service") {
            self.error(
                Problem::MissingField {
                    owner: "the spec".into(),
                    field: "service",
                },
                head_span,
            );
        }
        if revised.is_none()
            && !seen.iter().any(|(k, _)| *k == Kind::Revised)
            && !self.unparsable(sla, "revised")
        {
            self.error(
                Problem::MissingField {
                    owner: "the spec".into(),
                    field: "revised",
                },
                head_span,
            );
        }

        let revised_known = revised.is_some();
        let revised_date = revised;
        let mut spec = Spec {
            id: sla.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
            title: sla
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            service: service.unwrap_or_default(),
            company,
            document_number,
            contact,
            history_url,
            // A missing or impossible date is already reported; a stand-in keeps the rules below
            // running so that every error is reported in one run.
            revised: revised_date.unwrap_or(RevisionDate {
                year: 1970,
                month: 1,
                day: None,
            }),
            effective,
            timezone,
            parties,
            style,
            uses,
            company_holidays,
            document,
            terms: std::mem::take(&mut out.terms),
            revisions,
            term_index: Default::default(),
        };
        for i in resolve_local_aliases(&mut spec.terms) {
            let span = out.spans.get(i).copied().unwrap_or_default();
            let name = spec.terms[i].id().to_string();
            // Shown at the `hours` keyword: the whole statement is the alias.
            let keyword = Span::new(span.start, span.start + Kind::Hours.keyword().len());
            self.error(Problem::AliasCycle { name }, keyword);
        }
        spec.index_terms();
        self.spec_rules(&spec, &out, &revision_spans, revised_known);
        Some(spec)
    }

    fn blocks(&mut self, nodes: &[Node], ctx: Ctx, out: &mut Collected) -> Vec<Block> {
        let mut blocks = Vec::new();
        let (mut chapters, mut sections, mut clauses) = (0u32, 0u32, 0u32);
        for n in nodes {
            if is_meta(n.kind) {
                if ctx != Ctx::Top {
                    self.error(
                        Problem::NotAllowedHere {
                            statement: n.kind.keyword(),
                            context: ctx.name(),
                            help: "metadata, style, company holidays and revision records go at the top level of the spec",
                        },
                        Span::new(n.span.start, n.span.start + n.kind.keyword().len()),
                    );
                }
                continue;
            }
            match n.kind {
                Kind::Error => {}
                Kind::Chapter | Kind::Section | Kind::Clause => {
                    let (allowed, help) = match n.kind {
                        Kind::Chapter => (ctx == Ctx::Top, "chapters go at the top level"),
                        Kind::Section => (ctx == Ctx::Chapter, "sections go inside chapters"),
                        _ => (true, ""),
                    };
                    if !allowed {
                        self.error(
                            Problem::NotAllowedHere {
                                statement: n.kind.keyword(),
                                context: ctx.name(),
                                help,
                            },
                            Span::new(n.span.start, n.span.start + n.kind.keyword().len()),
                        );
                        continue;
                    }
                    let (kind, number, inner, depth) = match n.kind {
                        Kind::Chapter => {
                            chapters += 1;
                            (DivisionKind::Chapter, chapters, Ctx::Chapter, 0)
                        }
                        Kind::Section => {
                            sections += 1;
                            (DivisionKind::Section, sections, Ctx::Section, 0)
                        }
                        _ => {
                            clauses += 1;
                            let depth = match ctx {
                                Ctx::Clause(d) => d + 1,
                                _ => 0,
                            };
                            (DivisionKind::Clause, clauses, Ctx::Clause(depth), depth)
                        }
                    };
                    let inner_blocks = self.blocks(&n.children, inner, out);
                    blocks.push(Block::Division(Division {
                        kind,
                        id: n.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
                        title: n.label.as_ref().map(|l| l.value.clone()),
                        number,
                        depth,
                        blocks: inner_blocks,
                    }));
                }
                Kind::Text => {
                    if let Some(t) = self.text_arg(n, out, None) {
                        blocks.push(Block::Paragraph { text: t });
                    }
                }
                Kind::Note => {
                    if let Some(t) = self.text_arg(n, out, None) {
                        blocks.push(Block::Note { text: t });
                    }
                }
                Kind::Field => {
                    let s = str_args(n);
                    if let [label, value] = s.as_slice() {
                        let label = self.text(label, out, None);
                        let value = self.text(value, out, None);
                        blocks.push(Block::Field { label, value });
                    }
                }
                Kind::List => {
                    let style = match words(n).first().map(|w| w.value.as_str()) {
                        Some("numbered") => ListStyle::Numbered,
                        Some("paren") => ListStyle::Paren,
                        Some("roman") => ListStyle::Roman,
                        Some("alpha") => ListStyle::Alpha,
                        Some("plain") => ListStyle::Plain,
                        Some("dash") => ListStyle::Dash,
                        _ => ListStyle::Bullet,
                    };
                    let items = str_args(n)
                        .into_iter()
                        .map(|s| self.text(s, out, None))
                        .collect();
                    blocks.push(Block::List { style, items });
                }
                Kind::Table => {
                    let mut columns = Vec::new();
                    let mut rows = Vec::new();
                    for c in &n.children {
                        let cells: Vec<Text> = str_args(c)
                            .into_iter()
                            .map(|s| self.text(s, out, None))
                            .collect();
                        match c.kind {
                            Kind::Columns => columns = cells,
                            Kind::Row => {
                                if !columns.is_empty() && cells.len() != columns.len() {
                                    self.error(
                                        Problem::TableShape {
                                            columns: columns.len(),
                                            cells: cells.len(),
                                        },
                                        c.span,
                                    );
                                }
                                rows.push(cells);
                            }
                            _ => {}
                        }
                    }
                    blocks.push(Block::Table { columns, rows });
                }
                k if k.is_term() => {
                    if let Some(id) = self.term(n, out)
                        && !matches!(k, Kind::Calendar | Kind::Fact)
                    {
                        blocks.push(Block::Term { id });
                    }
                }
                _ => {}
            }
        }
        blocks
    }

    /// Parses a string into a text with interpolations, remembering it for the final check.
    fn text(&mut self, s: &Spanned<String>, out: &mut Collected, owner: Option<usize>) -> Text {
        match Text::parse(&s.value) {
            Ok(t) => {
                out.texts.push(PendingText {
                    text: t.clone(),
                    span: s.span,
                    owner,
                });
                t
            }
            Err(e) => {
                let at = self.offset_in_literal(s.span, &s.value, e.offset);
                self.error(
                    Problem::BadInterpolation { message: e.message },
                    Span::new(at, at + 1),
                );
                Text::literal(s.value.clone())
            }
        }
    }

    fn text_arg(&mut self, n: &Node, out: &mut Collected, owner: Option<usize>) -> Option<Text> {
        first_str(n).map(|s| self.text(s, out, owner))
    }

    /// The single child of a kind; a second one is reported.
    fn one<'n>(&mut self, node: &'n Node, kind: Kind) -> Option<&'n Node> {
        let mut found = node.children.iter().filter(|c| c.kind == kind);
        let first = found.next();
        for extra in found {
            self.error(
                Problem::DuplicateField {
                    field: kind.keyword(),
                },
                Span::new(extra.span.start, extra.span.start + kind.keyword().len()),
            );
        }
        first
    }

    /// True when one of the node's statements could not be parsed and starts with `keyword`:
    /// the field is there, and its syntax error is already reported.
    fn unparsable(&self, node: &Node, keyword: &str) -> bool {
        let keyword = keyword.split(' ').next().unwrap_or(keyword);
        node.children.iter().any(|c| {
            c.kind == Kind::Error
                && self
                    .text
                    .get(c.span.start..c.span.end)
                    .and_then(|t| t.strip_prefix(keyword))
                    .is_some_and(|rest| {
                        !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
        })
    }

    /// Like [`Self::require`] for a value read from the child statement `kind`: when that
    /// statement is there, its value was invalid and has been reported; it is not also missing.
    fn require_given<T>(
        &mut self,
        value: Option<T>,
        node: &Node,
        kind: Kind,
        field: &'static str,
    ) -> Option<T> {
        if value.is_none() && node.children.iter().any(|c| c.kind == kind) {
            return None;
        }
        self.require(value, node, field)
    }

    fn require<T>(&mut self, value: Option<T>, node: &Node, field: &'static str) -> Option<T> {
        if value.is_none() && !self.unparsable(node, field) {
            let owner = format!(
                "{} `{}`",
                node.kind.keyword(),
                node.id.as_ref().map(|i| i.value.as_str()).unwrap_or("")
            );
            let end = node
                .id
                .as_ref()
                .map(|i| i.span.end)
                .unwrap_or(node.span.start + node.kind.keyword().len());
            self.error(
                Problem::MissingField { owner, field },
                Span::new(node.span.start, end),
            );
        }
        value
    }

    fn one_str(&mut self, node: &Node, kind: Kind) -> Option<String> {
        self.one(node, kind)
            .and_then(first_str)
            .map(|s| s.value.clone())
    }

    fn strings(&mut self, node: &Node, kind: Kind) -> Vec<String> {
        self.one(node, kind)
            .map(|c| str_args(c).into_iter().map(|s| s.value.clone()).collect())
            .unwrap_or_default()
    }

    fn one_duration(&mut self, node: &Node, kind: Kind, allowed: &[TimeUnit]) -> Option<Duration> {
        let c = self.one(node, kind)?;
        let v = c.first_arg()?;
        self.duration(v, kind.keyword(), allowed)
    }

    fn head(&mut self, node: &Node, out: &mut Collected, index: usize) -> TermHead {
        let wording = self
            .one(node, Kind::Wording)
            .and_then(first_str)
            .cloned()
            .map(|s| self.text(&s, out, Some(index)));
        TermHead {
            id: node
                .id
                .as_ref()
                .map(|i| i.value.clone())
                .unwrap_or_default(),
            label: node.label.as_ref().map(|l| l.value.clone()),
            wording,
        }
    }

    /// Builds one term and adds it (and any terms declared inside it) to `out`.
    fn term(&mut self, node: &Node, out: &mut Collected) -> Option<String> {
        let index = out.terms.len();
        // Reserve the slot so that the term keeps its declaration order even when terms
        // declared inside it (inline exclusions) are added first.
        out.terms.push(Term::Fact(Fact {
            head: TermHead {
                id: String::new(),
                label: None,
                wording: None,
            },
            value: FactValue::Bool(false),
        }));
        out.spans.push(node.span);
        let head = self.head(node, out, index);
        let built = match node.kind {
            Kind::Calendar => Some(Term::Calendar(Calendar {
                head,
                rules: self.calendar_rules(node, None),
            })),
            Kind::Hours => self.hours(node, head).map(|mut h| {
                // Maintenance the hours leave out (「計画停止・定期保守を除く」).
                h.excludes = self.hours_excludes(node);
                Term::Hours(h)
            }),
            Kind::Availability => self.availability(node, head, out).map(Term::Availability),
            Kind::Latency => self.latency(node, head).map(Term::Latency),
            Kind::Applies => {
                let covers = self.strings(node, Kind::Covers);
                let not_covered = self.strings(node, Kind::NotCovered);
                if covers.is_empty() && not_covered.is_empty() {
                    self.require(None::<()>, node, "covers (or not_covered)");
                    return None;
                }
                Some(Term::Applies(Applies {
                    head,
                    covers,
                    not_covered,
                }))
            }
            Kind::Exclusions => {
                let mut items = Vec::new();
                for c in node.children.iter().filter(|c| c.kind == Kind::Exclusion) {
                    if let Some(id) = self.term(c, out) {
                        items.push(id);
                    }
                }
                Some(Term::Exclusions(ExclusionList { head, items }))
            }
            Kind::Exclusion => self.exclusion(node, head).map(Term::Exclusion),
            Kind::Maintenance => self.maintenance(node, head).map(Term::Maintenance),
            Kind::Severities => self
                .severities(node, head, out, index)
                .map(Term::Severities),
            Kind::Credit => self.credit(node, head, out, index).map(Term::Credit),
            Kind::Credits => self.credit_table(node, head, out),
            Kind::Notification => {
                let within = self.one_duration(node, Kind::Within, units::TARGET);
                let within = self.require_given(within, node, Kind::Within, "within")?;
                Some(Term::Notification(Notification {
                    head,
                    within,
                    channels: self.strings(node, Kind::ChannelsProp),
                }))
            }
            Kind::Monitoring => Some(Term::Monitoring(Monitoring {
                head,
                always: self.one(node, Kind::Always).is_some(),
                manned: self.one(node, Kind::Manned).is_some(),
                interval: self.one_duration(node, Kind::Interval, units::PROBE),
                tool: self.one_str(node, Kind::Tool),
                checks: self.strings(node, Kind::Checks),
                areas: node
                    .children
                    .iter()
                    .filter(|c| c.kind == Kind::Area)
                    .filter_map(|c| match str_args(c).as_slice() {
                        [name, watches] => Some(Area {
                            name: name.value.clone(),
                            watches: watches.value.clone(),
                        }),
                        _ => None,
                    })
                    .collect(),
            })),
            Kind::Backup => {
                let every = self.one_duration(node, Kind::Every, units::EVERY);
                let every = self.require_given(every, node, Kind::Every, "every")?;
                let between = match self.one(node, Kind::Between).and_then(|c| c.first_arg()) {
                    Some(v) => self.window(v),
                    None => None,
                };
                let generations = match self
                    .one(node, Kind::Generations)
                    .and_then(|c| c.first_arg())
                {
                    Some(Value::Integer(s)) => match self.count(s) {
                        Some(0) => {
                            self.error(
                                Problem::ZeroValue {
                                    statement: "generations".into(),
                                },
                                s.span,
                            );
                            None
                        }
                        n => n,
                    },
                    _ => None,
                };
                Some(Term::Backup(Backup {
                    head,
                    every,
                    between,
                    generations,
                    keeps: self.one_duration(node, Kind::Keeps, units::KEEP),
                }))
            }
            Kind::Security => {
                let columns = self.strings(node, Kind::Columns);
                let items = node
                    .children
                    .iter()
                    .filter(|c| c.kind == Kind::SecurityItem)
                    .filter_map(|c| {
                        let s = str_args(c);
                        let name = s.first()?.value.clone();
                        let present = words(c).first().map(|w| w.value == "yes");
                        let text = s.get(1).map(|t| t.value.clone());
                        Some(SecurityItem {
                            name,
                            present,
                            text,
                        })
                    })
                    .collect();
                Some(Term::Security(Security {
                    head,
                    columns,
                    items,
                }))
            }
            Kind::Network => {
                let columns = self.strings(node, Kind::Columns);
                let mut tiers = Vec::new();
                for c in node.children.iter().filter(|c| c.kind == Kind::NetworkTier) {
                    let name = first_str(c).map(|s| s.value.clone()).unwrap_or_default();
                    let bws: Vec<&Value> = c
                        .args
                        .iter()
                        .filter(|a| matches!(a, Value::Bandwidth { .. }))
                        .collect();
                    if let [d, u] = bws.as_slice() {
                        let down = self.bandwidth(d);
                        let up = self.bandwidth(u);
                        if let (Some(down), Some(up)) = (down, up) {
                            tiers.push(NetworkTier { name, down, up });
                        }
                    }
                }
                Some(Term::Network(Network {
                    head,
                    columns,
                    tiers,
                }))
            }
            Kind::Recovery => {
                let scope = self.one_str(node, Kind::Scope);
                let stopped = self.one_str(node, Kind::Stopped);
                let action = self.one_str(node, Kind::Action);
                let quiet_node = self.one(node, Kind::Quiet);
                let (quiet, resume) = match quiet_node {
                    Some(q) => {
                        let w = q.args.iter().find(|a| matches!(a, Value::Window { .. }));
                        let t = q.args.iter().find_map(|a| match a {
                            Value::Time(s) => Some(s),
                            _ => None,
                        });
                        (w.and_then(|w| self.window(w)), t.and_then(|t| self.time(t)))
                    }
                    None => (None, None),
                };
                let scope = self.require(scope, node, "scope");
                let stopped = self.require(stopped, node, "stopped");
                let action = self.require(action, node, "action");
                let has_quiet = quiet_node.is_some();
                let quiet = if has_quiet {
                    quiet
                } else {
                    self.require(quiet, node, "quiet")
                };
                Some(Term::Recovery(Recovery {
                    head,
                    scope: scope?,
                    stopped: stopped?,
                    action: action?,
                    quiet: quiet?,
                    resume: resume?,
                }))
            }
            Kind::Channels => {
                let items = self.strings(node, Kind::Items);
                let items = self.require((!items.is_empty()).then_some(items), node, "items")?;
                Some(Term::Channels(Channels {
                    head,
                    items,
                    separator: self.one_str(node, Kind::Separator),
                }))
            }
            Kind::AfterHours => {
                let outside = match self
                    .one(node, Kind::Outside)
                    .and_then(|c| paths(c).first().copied())
                {
                    Some(p) => {
                        self.resolve(&p.value, p.span, &[IdKind::Term(Kind::Hours)], "hours")
                    }
                    None => None,
                };
                let conditions = self.strings(node, Kind::Conditions);
                let conditions = self.require(
                    (!conditions.is_empty()).then_some(conditions),
                    node,
                    "conditions",
                )?;
                Some(Term::AfterHours(AfterHours {
                    head,
                    outside,
                    conditions,
                }))
            }
            Kind::Fact => {
                let value = node.first_arg().and_then(|v| self.fact_value(v));
                value.map(|value| Term::Fact(Fact { head, value }))
            }
            _ => None,
        };
        match built {
            Some(t) => {
                let id = t.id().to_string();
                out.terms[index] = t;
                Some(id)
            }
            None => None,
        }
    }

    fn fact_value(&mut self, v: &Value) -> Option<FactValue> {
        Some(match v {
            Value::Duration { .. } => FactValue::Duration(self.duration(v, "fact", units::ANY)?),
            Value::Range { .. } => FactValue::DurationRange(self.duration_range(v, "fact")?),
            Value::Percent(s) => FactValue::Percent(self.percent(s)?),
            Value::Bandwidth { .. } => FactValue::Bandwidth(self.bandwidth(v)?),
            Value::Word(w) => FactValue::Bool(w.value == "yes"),
            Value::Integer(s) => match s.value.parse::<u64>() {
                Ok(n) => FactValue::Count(n),
                Err(_) => {
                    self.error(
                        Problem::NumberTooLarge {
                            value: s.value.clone(),
                            max: u64::MAX.to_string(),
                        },
                        s.span,
                    );
                    return None;
                }
            },
            Value::Str(s) => FactValue::Text(s.value.clone()),
            _ => return None,
        })
    }

    /// The days of a calendar or of an hours block, starting from a named calendar's rules.
    fn calendar_rules(&mut self, node: &Node, base: Option<CalendarRules>) -> CalendarRules {
        let mut rules = base.unwrap_or_default();
        let mut open_days: Vec<Weekday> = rules.open_days.clone();
        let mut explicit_open = !open_days.is_empty();
        for c in &node.children {
            match c.kind {
                Kind::Open => {
                    if let Some(Value::Date(d)) = c.first_arg() {
                        if let Some(date) = self.date(d) {
                            rules.open_dates.push(NamedDate {
                                date,
                                name: c.label.as_ref().map(|l| l.value.clone()),
                            });
                        }
                        continue;
                    }
                    explicit_open = true;
                    for a in &c.args {
                        if matches!(a, Value::Weekdays { .. }) {
                            for d in self.weekdays(a) {
                                if !open_days.contains(&d) {
                                    open_days.push(d);
                                }
                            }
                        }
                    }
                }
                Kind::Closed => {
                    // Items in written order: weekday values are args, the others children.
                    let mut items: Vec<(usize, Closure)> = Vec::new();
                    for a in &c.args {
                        if matches!(a, Value::Weekdays { .. }) {
                            items.push((
                                a.span().start,
                                Closure::Weekdays {
                                    days: self.weekdays(a),
                                },
                            ));
                        }
                    }
                    for item in &c.children {
                        let label = item.label.as_ref().map(|l| l.value.clone());
                        let closure = match item.kind {
                            Kind::National => Some(Closure::NationalHolidays { label }),
                            Kind::CompanyDays => Some(Closure::CompanyHolidays { label }),
                            Kind::Closure => match (first_str(item), item.first_arg()) {
                                (Some(name), _) => item.args.iter().find_map(|a| match a {
                                    Value::Annual { start, end, .. } => {
                                        let s = self.month_day(start);
                                        let e = self.month_day(end);
                                        Some(Closure::Annual {
                                            name: name.value.clone(),
                                            start: s?,
                                            end: e?,
                                        })
                                    }
                                    _ => None,
                                }),
                                (None, _) => {
                                    self.error(
                                        Problem::MissingField {
                                            owner: "an annual closure".into(),
                                            field: "a name (\"年末年始\" 12-28..01-04)",
                                        },
                                        item.span,
                                    );
                                    None
                                }
                            },
                            Kind::ClosedDate => match item.first_arg() {
                                Some(Value::Date(d)) => {
                                    self.date(d).map(|date| Closure::Date { date, name: label })
                                }
                                _ => None,
                            },
                            _ => None,
                        };
                        if let Some(cl) = closure {
                            items.push((item.span.start, cl));
                        }
                    }
                    items.sort_by_key(|(at, _)| *at);
                    for (_, cl) in items {
                        // A closure already there (from a named calendar, or written twice) is
                        // not repeated; weekdays already closed are not closed again.
                        let cl = match cl {
                            Closure::Weekdays { days } => {
                                let already = rules.closed_weekdays();
                                let days: Vec<Weekday> =
                                    days.into_iter().filter(|d| !already.contains(d)).collect();
                                if days.is_empty() {
                                    continue;
                                }
                                Closure::Weekdays { days }
                            }
                            other => other,
                        };
                        let same_kind = |c: &Closure| match (c, &cl) {
                            (
                                Closure::NationalHolidays { .. },
                                Closure::NationalHolidays { .. },
                            )
                            | (Closure::CompanyHolidays { .. }, Closure::CompanyHolidays { .. }) => {
                                true
                            }
                            (a, b) => a == b,
                        };
                        if rules.closed.iter().any(same_kind) {
                            continue;
                        }
                        match (rules.closed.last_mut(), cl) {
                            (
                                Some(Closure::Weekdays { days }),
                                Closure::Weekdays { days: more },
                            ) => days.extend(more),
                            (_, cl) => rules.closed.push(cl),
                        }
                    }
                }
                _ => {}
            }
        }
        if !explicit_open {
            open_days = Weekday::ALL.to_vec();
        }
        let closed_days = rules.closed_weekdays();
        open_days.retain(|d| !closed_days.contains(d));
        open_days.sort();
        rules.open_days = open_days;
        rules
    }

    fn hours(&mut self, node: &Node, head: TermHead) -> Option<Hours> {
        if let Some(alias) = node.children.iter().find(|c| c.kind == Kind::Alias) {
            return self.external_hours(alias, head);
        }
        if node.children.iter().any(|c| c.kind == Kind::Always) {
            return Some(Hours {
                excludes: Vec::new(),
                head,
                always: true,
                calendar: None,
                rules: CalendarRules {
                    open_days: Weekday::ALL.to_vec(),
                    closed: Vec::new(),
                    open_dates: Vec::new(),
                },
                windows: vec![Window {
                    start: TimeOfDay::MIDNIGHT,
                    end: TimeOfDay::END_OF_DAY,
                    overnight: false,
                }],
                refers_to: None,
            });
        }
        let mut calendar = None;
        let mut base = None;
        if let Some(c) = self.one(node, Kind::UseCalendar)
            && let Some(p) = paths(c).first()
        {
            calendar = self.resolve(
                &p.value,
                p.span,
                &[IdKind::Term(Kind::Calendar)],
                "calendar",
            );
            base = calendar.as_ref().map(|_| p.value.clone());
        }
        let base_rules = base.and_then(|id| self.calendar_rules_of(node, &id));
        let rules = self.calendar_rules(node, base_rules);
        let mut windows: Vec<(Window, Span)> = Vec::new();
        for c in node
            .children
            .iter()
            .filter(|c| matches!(c.kind, Kind::Windows | Kind::Open))
        {
            for a in &c.args {
                if matches!(a, Value::Window { .. })
                    && let Some(w) = self.window(a)
                {
                    windows.push((w, a.span()));
                }
            }
        }
        self.check_overlaps(&windows);
        let windows: Vec<Window> = windows.into_iter().map(|(w, _)| w).collect();
        // Windows that were written but are invalid have been reported; they are not missing.
        let written = node.children.iter().any(|c| {
            matches!(c.kind, Kind::Windows | Kind::Open)
                && c.args.iter().any(|a| matches!(a, Value::Window { .. }))
        });
        if windows.is_empty() && written {
            return None;
        }
        let windows = self.require((!windows.is_empty()).then_some(windows), node, "windows")?;
        Some(Hours {
            excludes: Vec::new(),
            head,
            always: false,
            calendar,
            rules,
            windows,
            refers_to: None,
        })
    }

    /// The rules of a calendar declared anywhere in the spec (declarations may come later).
    fn calendar_rules_of(&mut self, _from: &Node, id: &str) -> Option<CalendarRules> {
        // Taken out and put back rather than cloned: hours name their calendar hundreds of times
        // in a large spec, and `calendar_rules` does not read the declarations.
        let (key, decl) = self.calendar_decls.remove_entry(id)?;
        let rules = self.calendar_rules(&decl, None);
        self.calendar_decls.insert(key, decl);
        Some(rules)
    }

    fn check_overlaps(&mut self, windows: &[(Window, Span)]) {
        let mut ranges: Vec<(u16, u16, usize)> = Vec::new();
        for (i, (w, _)) in windows.iter().enumerate() {
            for (a, b) in w.day_ranges() {
                ranges.push((a, b, i));
            }
        }
        ranges.sort();
        let mut reported = std::collections::HashSet::new();
        // Sweep in order of start, comparing each range with the furthest end so far (not only
        // with the range before it: 01:00-10:00 covers 04:00-05:00 even after 02:00-03:00).
        let mut reach: Option<(u16, usize)> = None;
        for &(start, end, i) in &ranges {
            if let Some((far, owner)) = reach
                && start < far
                && owner != i
            {
                // The later of the two as written is the one that overlaps an earlier window.
                let later = i.max(owner);
                if reported.insert(later) {
                    let (_, span) = windows[later];
                    // Quoted as written (`05:00-07:00`, not the document style's `5:00-7:00`).
                    let window = self
                        .text
                        .get(span.start..span.end)
                        .unwrap_or("")
                        .to_string();
                    self.error(Problem::WindowsOverlap { window }, span);
                }
            }
            if reach.is_none_or(|(far, _)| end > far) {
                reach = Some((end, i));
            }
        }
    }

    fn external_hours(&mut self, alias: &Node, head: TermHead) -> Option<Hours> {
        let p = paths(alias).first().copied()?;
        let Some((spec_name, term_id)) = p.value.split_once('.') else {
            // A local alias: the same hours under another id.
            let id = self.resolve(&p.value, p.span, &[IdKind::Term(Kind::Hours)], "hours")?;
            return Some(Hours {
                excludes: Vec::new(),
                head,
                always: false,
                calendar: None,
                rules: CalendarRules::default(),
                windows: Vec::new(),
                refers_to: Some(ExternalRef {
                    spec: String::new(),
                    service: String::new(),
                    term: id,
                    titles: Vec::new(),
                    company_holidays: None,
                }),
            });
        };
        let Some((spec, _)) = self.uses.get(spec_name).cloned() else {
            if self.failed_uses.contains(spec_name) {
                return None;
            }
            self.error(
                Problem::UnknownSpec {
                    name: spec_name.into(),
                },
                Span::new(p.span.start, p.span.start + spec_name.len()),
            );
            return None;
        };
        match spec.term(term_id) {
            Some(Term::Hours(h)) => {
                let titles = spec
                    .term_divisions(term_id)
                    .iter()
                    .filter_map(|d| d.title.clone())
                    .collect();
                let closes_on_company_holidays = h
                    .rules
                    .closed
                    .iter()
                    .any(|c| matches!(c, Closure::CompanyHolidays { .. }));
                let theirs = h.company_holidays(&spec);
                let company_holidays = (closes_on_company_holidays
                    && (theirs.label.is_some() || !theirs.dates.is_empty()))
                .then(|| theirs.clone());
                Some(Hours {
                    excludes: Vec::new(),
                    head,
                    always: h.always,
                    calendar: None,
                    rules: h.rules.clone(),
                    windows: h.windows.clone(),
                    refers_to: Some(ExternalRef {
                        spec: spec_name.into(),
                        service: spec.service.clone(),
                        term: term_id.into(),
                        titles,
                        company_holidays,
                    }),
                })
            }
            Some(other) => {
                self.error(
                    Problem::WrongKind {
                        name: p.value.clone(),
                        expected: "hours",
                        found: match other {
                            Term::Calendar(_) => "a calendar",
                            _ => "another kind of term",
                        },
                    },
                    p.span,
                );
                None
            }
            None => {
                let mut best = None;
                for t in &spec.terms {
                    if matches!(t, Term::Hours(_)) {
                        let d = super::edit_distance(term_id, t.id());
                        if d <= 3 && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                            best = Some((d, format!("{spec_name}.{}", t.id())));
                        }
                    }
                }
                self.error(
                    Problem::UnknownReference {
                        name: p.value.clone(),
                        expected: "hours",
                        suggestion: best.map(|(_, s)| s),
                    },
                    p.span,
                );
                None
            }
        }
    }

    fn availability(
        &mut self,
        node: &Node,
        head: TermHead,
        out: &mut Collected,
    ) -> Option<Availability> {
        // `target` (an objective) or `guarantee` (a promise), never both.
        let target_node = self.one(node, Kind::Target);
        let guarantee_node = self.one(node, Kind::Guarantee);
        if let (Some(_), Some(g)) = (target_node, guarantee_node) {
            self.error(
                Problem::NotAllowedHere {
                    statement: "guarantee",
                    context: "an availability block with a target",
                    help: "an objective is either aimed at (`target`) or promised (`guarantee`)",
                },
                Span::new(g.span.start, g.span.start + "guarantee".len()),
            );
        }
        // `efforts` is a third kind of commitment, with neither of the others.
        let efforts_node = self.one(node, Kind::Efforts);
        if let (Some(e), true) = (efforts_node, target_node.or(guarantee_node).is_some()) {
            self.error(
                Problem::NotAllowedHere {
                    statement: "efforts",
                    context: "an availability block with a target or guarantee",
                    help: "an objective is aimed at (`target`), promised (`guarantee`) or worked for (`efforts`): one of them",
                },
                Span::new(e.span.start, e.span.start + "efforts".len()),
            );
        }
        let commitment = match (target_node, guarantee_node, efforts_node) {
            (None, Some(_), _) => Commitment::Guarantee,
            (None, None, Some(_)) => Commitment::Efforts,
            _ => Commitment::Objective,
        };
        let target_stmt = target_node.or(guarantee_node).or(efforts_node);
        let bound = match target_stmt.map(|t| words(t).is_empty()) {
            Some(false) => Bound::Strict,
            _ => Bound::Inclusive,
        };
        let target = match target_stmt
            .and_then(|c| c.args.iter().find(|a| matches!(a, Value::Percent(_))))
        {
            Some(Value::Percent(s)) => self.percent(s),
            _ => None,
        };
        let period = match self.one(node, Kind::Period) {
            Some(p) => match (words(p).first(), p.children.first()) {
                (Some(w), _) => match w.value.as_str() {
                    "quarter" => Period::Quarter,
                    "year" => Period::Year,
                    _ => Period::Month,
                },
                (None, Some(rolling)) => {
                    let d = rolling
                        .first_arg()
                        .and_then(|v| self.duration(v, "rolling", units::ROLLING));
                    match d {
                        Some(d) if d.unit == TimeUnit::Weeks => Period::Rolling {
                            days: d.amount.saturating_mul(7),
                        },
                        Some(d) => Period::Rolling { days: d.amount },
                        None => Period::Month,
                    }
                }
                _ => Period::Month,
            },
            None => Period::Month,
        };
        let formula = match self.one(node, Kind::Formula) {
            Some(f) => match words(f).first().map(|w| w.value.as_str()) {
                Some("fixed") => f
                    .args
                    .iter()
                    .find(|a| matches!(a, Value::Duration { .. }))
                    .and_then(|d| self.duration(d, "formula fixed", units::FIXED))
                    .map(|length| Formula::Fixed { length }),
                Some("service_hours") => match paths(f).first() {
                    Some(p) => self
                        .resolve(&p.value, p.span, &[IdKind::Term(Kind::Hours)], "hours")
                        .map(|hours| Formula::ServiceHours { hours }),
                    None => {
                        self.error(
                            Problem::MissingField {
                                owner: "formula service_hours".into(),
                                field: "the hours it counts",
                            },
                            f.span,
                        );
                        None
                    }
                },
                Some("total_time") => Some(Formula::TotalTime {
                    length: match f.args.iter().find(|a| matches!(a, Value::Duration { .. })) {
                        Some(d) => {
                            Some(self.duration(d, "formula total_time fixed", units::FIXED)?)
                        }
                        None => None,
                    },
                }),
                _ => Some(Formula::CalendarMinutes),
            },
            None => None,
        };
        // Exclusions in written order: references and inline declarations.
        let mut excluded: Vec<(usize, String)> = Vec::new();
        for c in &node.children {
            match c.kind {
                Kind::Excludes => {
                    for p in paths(c) {
                        if let Some(id) = self.resolve(
                            &p.value,
                            p.span,
                            &[
                                IdKind::Term(Kind::Exclusion),
                                IdKind::Term(Kind::Maintenance),
                            ],
                            "exclusion or maintenance window",
                        ) {
                            excluded.push((p.span.start, id));
                        }
                    }
                }
                Kind::Exclusion => {
                    if let Some(id) = self.term(c, out) {
                        excluded.push((c.span.start, id));
                    }
                }
                _ => {}
            }
        }
        excluded.sort_by_key(|(at, _)| *at);
        let rounding = self.one(node, Kind::Rounding).and_then(|r| {
            let mode = match words(r).first().map(|w| w.value.as_str()) {
                Some("up") => RoundingMode::Up,
                Some("nearest") => RoundingMode::Nearest,
                _ => RoundingMode::Down,
            };
            let places = r.args.iter().find_map(|a| match a {
                Value::Integer(s) => Some(s.clone()),
                _ => None,
            })?;
            let places = self.count(&places)?;
            if places > 4 {
                self.error(
                    Problem::NumberTooLarge {
                        value: places.to_string(),
                        max: "4".into(),
                    },
                    r.span,
                );
                return None;
            }
            Some(Rounding { mode, places })
        });
        if target.is_none() && formula.is_none() && target_stmt.is_none() {
            self.require(None::<()>, node, "target");
        }
        let down_after = match self.one(node, Kind::DownAfter).and_then(|c| c.first_arg()) {
            Some(Value::Integer(s)) => match self.count(s) {
                Some(0) => {
                    self.error(
                        Problem::ZeroValue {
                            statement: "down_after".into(),
                        },
                        s.span,
                    );
                    None
                }
                n => n,
            },
            _ => None,
        };
        Some(Availability {
            head,
            target,
            period,
            measures: self.one_str(node, Kind::Measures),
            functions: self.strings(node, Kind::Functions),
            audience: self.one_str(node, Kind::Audience),
            formula,
            excludes: excluded.into_iter().map(|(_, id)| id).collect(),
            min_outage: self.one_duration(node, Kind::MinOutage, units::PROBE),
            rounding,
            interval: self.one_duration(node, Kind::Interval, units::PROBE),
            down_after,
            down_after_within: match self
                .one(node, Kind::DownAfter)
                .and_then(|c| c.args.iter().find(|a| matches!(a, Value::Duration { .. })))
            {
                Some(d) => self.duration(d, "down_after within", units::PROBE),
                None => None,
            },
            covers: self.strings(node, Kind::Covers),
            not_covered: self.strings(node, Kind::NotCovered),
            down_when: self.strings(node, Kind::DownWhen),
            recorded_by: self.strings(node, Kind::RecordedBy),
            publish: self.publish(node),
            truncate: self.one_duration(node, Kind::Truncate, units::PROBE),
            per: self
                .one(node, Kind::Per)
                .and_then(|p| words(p).first().map(|w| w.value.clone())),
            error_threshold: match self
                .one(node, Kind::ErrorThreshold)
                .and_then(|c| c.first_arg())
            {
                Some(Value::Percent(s)) => self.percent(s),
                _ => None,
            },
            weighted: self
                .one(node, Kind::Weighted)
                .and_then(|p| words(p).first().map(|w| w.value.clone())),
            commitment,
            bound,
            measure: self
                .one(node, Kind::Measure)
                .and_then(|m| self.measure(m, target)),
            span: Span::new(
                node.span.start,
                node.id
                    .as_ref()
                    .map(|i| i.span.end)
                    .unwrap_or(node.span.start + node.kind.keyword().len()),
            ),
        })
    }

    /// `latency ID { target 30ms ... }`: one target (aimed at or promised), the period, where
    /// and how often it is measured, and the run of periods that breaches it.
    fn latency(&mut self, node: &Node, head: TermHead) -> Option<Latency> {
        let target = self.one(node, Kind::LatTarget);
        let guarantee = self.one(node, Kind::LatGuarantee);
        if let (Some(_), Some(g)) = (target, guarantee) {
            self.error(
                Problem::NotAllowedHere {
                    statement: "guarantee",
                    context: "a latency block with a target",
                    help: "a latency objective is either aimed at (`target`) or promised (`guarantee`)",
                },
                g.span,
            );
        }
        let commitment = if target.is_none() && guarantee.is_some() {
            Commitment::Guarantee
        } else {
            Commitment::Objective
        };
        let ms = match target.or(guarantee).and_then(|t| t.first_arg()) {
            Some(Value::Integer(s)) => match self.count(s) {
                Some(0) => {
                    self.error(
                        Problem::ZeroValue {
                            statement: "latency target".into(),
                        },
                        s.span,
                    );
                    None
                }
                n => n,
            },
            _ => None,
        };
        let kind = if target.is_none() && guarantee.is_some() {
            Kind::LatGuarantee
        } else {
            Kind::LatTarget
        };
        let target_ms = self.require_given(ms, node, kind, "target");
        let period = match self.one(node, Kind::Period) {
            Some(p) => match words(p).first().map(|w| w.value.as_str()) {
                Some("quarter") => Period::Quarter,
                Some("year") => Period::Year,
                Some(_) => Period::Month,
                None => {
                    self.error(
                        Problem::NotAllowedHere {
                            statement: "period rolling",
                            context: "a latency block",
                            help: "a latency average is over a `month`, `quarter` or `year`",
                        },
                        p.span,
                    );
                    Period::Month
                }
            },
            None => Period::Month,
        };
        let consecutive = match self
            .one(node, Kind::Consecutive)
            .and_then(|c| c.first_arg())
        {
            Some(v) => self.duration(v, "consecutive", units::RUN),
            None => None,
        };
        Some(Latency {
            head,
            target_ms: target_ms?,
            commitment,
            period,
            between: self.one_str(node, Kind::MeasuredBetween),
            interval: self.one_duration(node, Kind::Interval, units::PROBE),
            excludes_outages: self.one(node, Kind::ExcludesOutages).is_some(),
            consecutive,
            not_covered: self.strings(node, Kind::NotCovered),
            publish: self.publish(node),
        })
    }

    /// The maintenance an `hours` block leaves out (`excludes planned`).
    fn hours_excludes(&mut self, node: &Node) -> Vec<String> {
        let Some(c) = self.one(node, Kind::Excludes) else {
            return Vec::new();
        };
        paths(c)
            .into_iter()
            .filter_map(|p| {
                self.resolve(
                    &p.value,
                    p.span,
                    &[IdKind::Term(Kind::Maintenance)],
                    "maintenance window",
                )
            })
            .collect()
    }

    /// Every `publish` of a block: a term may publish monthly figures and a status page both.
    fn publish(&mut self, node: &Node) -> Vec<Publish> {
        node.children
            .iter()
            .filter(|c| c.kind == Kind::Publish)
            .map(|p| Publish {
                cadence: words(p).first().map(|w| w.value.clone()),
                channels: str_args(p).into_iter().map(|s| s.value.clone()).collect(),
            })
            .collect()
    }

    /// `measure { probe "…" }` or `measure { errors "…" total "…" }`, with an optional
    /// `internal` objective that must not be looser than the contract's `target`.
    fn measure(&mut self, node: &Node, target: Option<Percent>) -> Option<Measure> {
        let probe = self.one(node, Kind::Probe).and_then(first_str).cloned();
        let errors = self.one(node, Kind::Errors).and_then(first_str).cloned();
        let total = self.one(node, Kind::Total).and_then(first_str).cloned();
        let internal = match self.one(node, Kind::Internal) {
            Some(i) => match i.first_arg() {
                Some(Value::Percent(p)) => {
                    let value = self.percent(p)?;
                    if let Some(target) = target.filter(|t| value < *t) {
                        self.error(
                            Problem::InternalLooser {
                                internal: p.value.clone(),
                                target: target.to_string(),
                            },
                            i.span,
                        );
                    }
                    Some(value)
                }
                _ => None,
            },
            None => None,
        };
        let sli = match (probe, errors, total) {
            (Some(probe), None, None) => Sli::Probe { query: probe.value },
            (Some(_), Some(e), _) | (Some(_), None, Some(e)) => {
                self.error(
                    Problem::NotAllowedHere {
                        statement: "errors/total",
                        context: "a measure block with a probe",
                        help: "measure by a probe or by an event ratio, not both",
                    },
                    e.span,
                );
                return None;
            }
            (None, Some(errors), Some(total)) => {
                for q in [&errors, &total] {
                    if !q.value.contains(Sli::WINDOW) {
                        self.error(Problem::QueryWithoutWindow, q.span);
                    }
                }
                Sli::Events {
                    errors: errors.value,
                    total: total.value,
                }
            }
            (None, errors, _) => {
                let field = match errors {
                    Some(_) => "total",
                    None if self.one(node, Kind::Total).is_some() => "errors",
                    None => "probe",
                };
                self.require(None::<()>, node, field);
                return None;
            }
        };
        Some(Measure { sli, internal })
    }

    fn exclusion(&mut self, node: &Node, head: TermHead) -> Option<Exclusion> {
        let kind = match self
            .one(node, Kind::ExclusionKind)
            .and_then(|k| paths(k).first().copied())
        {
            Some(w) => match ExclusionKind::ALL.iter().find(|(name, _)| *name == w.value) {
                Some((_, k)) => Some(*k),
                None => {
                    self.error(
                        Problem::UnknownKeyword {
                            word: w.value.clone(),
                            what: "exclusion kind",
                            allowed: ExclusionKind::ALL.iter().map(|(n, _)| *n).collect(),
                        },
                        w.span,
                    );
                    return None;
                }
            },
            None => None,
        };
        let kind = self.require(kind, node, "kind")?;
        Some(Exclusion {
            head,
            kind,
            notice: self.one_duration(node, Kind::Notice, units::NOTICE),
            examples: self.strings(node, Kind::Examples),
        })
    }

    fn maintenance(&mut self, node: &Node, head: TermHead) -> Option<Maintenance> {
        let window = match self.one(node, Kind::WindowProp).and_then(|c| c.first_arg()) {
            Some(v) => self.window(v),
            None => None,
        };
        let has_window = self.one(node, Kind::WindowProp).is_some();
        let (schedule, days) = match self.one(node, Kind::Schedule) {
            Some(s) => {
                let kind = match words(s).first().map(|w| w.value.as_str()) {
                    Some("daily") => ScheduleKind::Daily,
                    Some("weekly") => ScheduleKind::Weekly,
                    Some("monthly") => ScheduleKind::Monthly,
                    _ => ScheduleKind::Irregular,
                };
                let mut days = Vec::new();
                for a in &s.args {
                    if matches!(a, Value::Weekdays { .. }) {
                        days.extend(self.weekdays(a));
                    }
                }
                if kind == ScheduleKind::Weekly && days.is_empty() {
                    self.error(
                        Problem::MissingField {
                            owner: "schedule weekly".into(),
                            field: "the weekdays",
                        },
                        s.span,
                    );
                }
                (Some(kind), days)
            }
            None => (None, Vec::new()),
        };
        let notice = self.one_duration(node, Kind::Notice, units::NOTICE);
        let has_notice = self.one(node, Kind::Notice).is_some();
        // Maintenance without a fixed time is announced each time: it needs the notice instead.
        let (window, schedule) = if has_window {
            (Some(window?), self.require(schedule, node, "schedule")?)
        } else if has_notice {
            (None, schedule.unwrap_or(ScheduleKind::Irregular))
        } else {
            self.require(None::<()>, node, "window (or notice)")?;
            return None;
        };
        // `emergency exempt` is an exception to the notice: without one it has nothing to except.
        let emergency = self.one(node, Kind::Emergency);
        if let (Some(e), false) = (emergency, has_notice) {
            self.error(
                Problem::NotAllowedHere {
                    statement: "emergency exempt",
                    context: "a maintenance block without a notice",
                    help: "add `notice DURATION`: urgent work is exempt from that notice",
                },
                e.span,
            );
        }
        Some(Maintenance {
            head,
            window,
            schedule,
            days,
            stops: self.strings(node, Kind::Stops),
            notice,
            channels: self.strings(node, Kind::ChannelsProp),
            emergency_exempt: emergency.is_some(),
            provider_schedules: self.one(node, Kind::ProviderSchedules).is_some(),
            off_peak: self.one(node, Kind::OffPeak).is_some(),
            limit: self.maintenance_limit(node),
        })
    }

    /// `credits`: the credits inside, each a term of its own, which must share every term but
    /// their objective and tiers (the table says the shared ones once) and be by availability
    /// tier (the table's rows).
    fn credit_table(&mut self, node: &Node, head: TermHead, out: &mut Collected) -> Option<Term> {
        // A credit's terms but the ones each row has of its own, to compare with the first's.
        let shared = |c: &Credit| {
            let mut v = serde_json::to_value(c).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                for own in ["id", "label", "wording", "basis", "tiers"] {
                    o.remove(own);
                }
            }
            v
        };
        let mut items = Vec::new();
        let mut first: Option<serde_json::Value> = None;
        for c in node.children.iter().filter(|c| c.kind == Kind::Credit) {
            let index = out.terms.len();
            let Some(id) = self.term(c, out) else {
                continue;
            };
            let Some(Term::Credit(credit)) = out.terms.get(index) else {
                continue;
            };
            let by_tier = credit.outage_tiers.is_empty()
                && credit.each.is_none()
                && !credit.pro_rata
                && credit.head.wording.is_none();
            let terms = shared(credit);
            let problem = if !by_tier {
                Some((
                    "a credit table",
                    "a table's credits are by availability tier (`below`, `at_most`) and worded by the table: write this one as a credit of its own",
                ))
            } else if first.as_ref().is_some_and(|f| *f != terms) {
                Some((
                    "a credit table whose first credit has other terms",
                    "the credits of one table share their fee, form, payout, cap and claim rules: give this one the same, or write it as a credit of its own",
                ))
            } else {
                None
            };
            if let Some((context, help)) = problem {
                self.error(
                    Problem::NotAllowedHere {
                        statement: "credit",
                        context,
                        help,
                    },
                    Span::new(c.span.start, c.span.start + "credit".len()),
                );
            }
            first.get_or_insert(terms);
            items.push(id);
        }
        if items.is_empty() {
            self.require(None::<()>, node, "credit");
            return None;
        }
        Some(Term::Credits(CreditTable { head, items }))
    }

    /// `limit 4h per quarter`: the most maintenance time in each month, quarter or year.
    fn maintenance_limit(&mut self, node: &Node) -> Option<MaintenanceLimit> {
        let l = self.one(node, Kind::MaintLimit)?;
        let time = self.duration(l.first_arg()?, "limit", units::MAINT_LIMIT)?;
        let per = match words(l).first().map(|w| w.value.as_str()) {
            Some("quarter") => Period::Quarter,
            Some("year") => Period::Year,
            _ => Period::Month,
        };
        Some(MaintenanceLimit { time, per })
    }

    fn hours_ref(&mut self, node: &Node) -> Option<String> {
        let p = self
            .one(node, Kind::UseHours)
            .and_then(|c| paths(c).first().copied())?;
        self.resolve(&p.value, p.span, &[IdKind::Term(Kind::Hours)], "hours")
    }

    fn severities(
        &mut self,
        node: &Node,
        head: TermHead,
        out: &mut Collected,
        index: usize,
    ) -> Option<Severities> {
        let hours = self.hours_ref(node);
        let layout = self
            .one(node, Kind::Layout)
            .and_then(|l| words(l).first().map(|w| w.value.clone()))
            .unwrap_or_else(|| "table".into());
        let columns_node = self.one(node, Kind::Columns).map(|c| c.span);
        let columns = self.strings(node, Kind::Columns);
        let mut levels = Vec::new();
        let mut spans = Vec::new();
        for c in node.children.iter().filter(|c| c.kind == Kind::Severity) {
            let respond = self.one_duration(c, Kind::Respond, units::TARGET);
            let resolve = self.one_duration(c, Kind::Resolve, units::TARGET);
            let notify = self.one_duration(c, Kind::Notify, units::TARGET);
            let update = self.one_duration(c, Kind::Update, units::TARGET);
            let has_any = [Kind::Respond, Kind::Resolve, Kind::Notify, Kind::Update]
                .iter()
                .any(|k| c.children.iter().any(|x| x.kind == *k));
            if !has_any {
                self.require(None::<()>, c, "resolve");
            }
            let level_hours = self.hours_ref(c);
            let name = c
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default();
            let business = [respond, resolve, notify, update]
                .iter()
                .flatten()
                .any(|d| d.unit.is_business());
            if business
                && level_hours.is_none()
                && hours.is_none()
                && self.one(node, Kind::UseHours).is_none()
                && self.one(c, Kind::UseHours).is_none()
            {
                self.error(
                    Problem::NoHoursForBusinessTime {
                        severity: name.clone(),
                    },
                    c.span.start_span(c),
                );
            }
            let wording = self
                .one(c, Kind::Wording)
                .and_then(first_str)
                .cloned()
                .map(|s| self.text(&s, out, Some(index)));
            levels.push(Severity {
                id: c.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
                name,
                respond,
                resolve,
                notify,
                update,
                description: self.one_str(c, Kind::Description),
                examples: self.strings(c, Kind::Examples),
                hours: level_hours,
                wording,
            });
            spans.push(c.span.start_span(c));
        }
        out.severity_spans.push(spans);
        // The table has a column for the names, one per target some level has, and one for the
        // examples if any level has them; given headings must match.
        if let Some(span) = columns_node {
            // Targets as written, valid or not: an invalid one is reported on its own and
            // must not also change the expected number of columns.
            let written = |kind: Kind| {
                node.children
                    .iter()
                    .filter(|c| c.kind == Kind::Severity)
                    .any(|c| c.children.iter().any(|x| x.kind == kind))
            };
            let targets = [
                written(Kind::Description),
                written(Kind::Respond),
                written(Kind::Resolve),
                written(Kind::Notify),
                written(Kind::Update),
            ];
            let expected = 1
                + targets.iter().filter(|t| **t).count()
                + usize::from(levels.iter().any(|l| !l.examples.is_empty()));
            if columns.len() != expected {
                self.error(
                    Problem::TableShape {
                        columns: expected,
                        cells: columns.len(),
                    },
                    span,
                );
            }
        }
        Some(Severities {
            head,
            levels,
            hours,
            layout,
            columns,
            covers: self.strings(node, Kind::Covers),
            classified_by: self.strings(node, Kind::ClassifiedBy),
        })
    }

    fn credit(
        &mut self,
        node: &Node,
        head: TermHead,
        out: &mut Collected,
        index: usize,
    ) -> Option<Credit> {
        let fee = self.one_str(node, Kind::Fee);
        let basis = match self
            .one(node, Kind::Basis)
            .and_then(|c| paths(c).first().copied())
        {
            Some(p) => self.resolve(
                &p.value,
                p.span,
                &[IdKind::Term(Kind::Availability)],
                "availability objective",
            ),
            None => None,
        };
        let mut tiers = Vec::new();
        let mut spans = Vec::new();
        for t in node.children.iter().filter(|c| c.kind == Kind::Tier) {
            let mut pcts = t.args.iter().filter_map(|a| match a {
                Value::Percent(s) => Some(s.clone()),
                _ => None,
            });
            let below = pcts.next().and_then(|s| self.percent(&s));
            let credit = pcts.next().and_then(|s| self.percent(&s));
            let is_discount = words(t).iter().any(|w| w.value == "discount");
            let bound = if words(t).iter().any(|w| w.value == "at_most") {
                Bound::Inclusive
            } else {
                Bound::Strict
            };
            if let Some(below) = below
                && (credit.is_some() || is_discount)
            {
                tiers.push(CreditTier {
                    below,
                    credit,
                    bound,
                });
                spans.push(t.span);
            }
        }
        out.tier_spans.push((index, spans));
        let (cap, cap_days) = match self.one(node, Kind::Cap).and_then(|c| c.first_arg()) {
            Some(Value::Percent(s)) => (self.percent(s), None),
            Some(d @ Value::Duration { .. }) => (
                None,
                self.duration(d, "cap", units::SERVICE_DAYS)
                    .map(|d| d.amount),
            ),
            _ => (None, None),
        };
        let outage_tiers: Vec<OutageTier> = node
            .children
            .iter()
            .filter(|c| c.kind == Kind::OutageTier)
            .filter_map(|t| self.outage_tier(t, "over"))
            .collect();
        let each = self
            .one(node, Kind::Each)
            .and_then(|t| self.outage_tier(t, "each"));
        let pro_rata = self.one(node, Kind::ProRata).is_some();
        let claim = match self.one(node, Kind::Claim) {
            Some(c) => {
                if words(c).iter().any(|w| w.value == "automatic") {
                    Some(Claim::Automatic)
                } else if words(c).iter().any(|w| w.value == "on_request") {
                    Some(Claim::OnRequest)
                } else if let Some(w) = c.children.iter().find(|x| x.kind == Kind::ClaimWithin) {
                    let after_incident = !words(w).is_empty();
                    w.first_arg()
                        .and_then(|v| self.duration(v, "claim within", units::CLAIM))
                        .map(|duration| Claim::Within {
                            duration,
                            after_incident,
                        })
                } else if let Some(b) = c.children.iter().find(|x| x.kind == Kind::ClaimBy) {
                    match b.first_arg() {
                        Some(Value::Integer(s)) => match self.count(s) {
                            Some(day) if (1..=31).contains(&day) => {
                                Some(Claim::ByDayOfNextMonth { day })
                            }
                            Some(_) => {
                                self.error(
                                    Problem::DayOutOfRange {
                                        value: s.value.clone(),
                                    },
                                    s.span,
                                );
                                None
                            }
                            None => None,
                        },
                        _ => None,
                    }
                } else {
                    None
                }
            }
            None => None,
        };
        let form = match self
            .one(node, Kind::Form)
            .and_then(|f| words(f).first().copied())
        {
            Some(w) => CreditForm::ALL
                .iter()
                .find(|(k, _)| *k == w.value)
                .map(|(_, f)| *f)
                .unwrap_or_default(),
            None => CreditForm::Reduction,
        };
        let paid = match self.one(node, Kind::Paid) {
            Some(p) => match words(p).first().map(|w| w.value.as_str()) {
                Some("next_month_end") => Some(Payout::NextMonthEnd),
                Some("next_invoice") => Some(Payout::NextInvoice),
                _ => p
                    .first_arg()
                    .and_then(|v| self.duration(v, "paid invoice_after", units::PAYOUT))
                    .map(|after| Payout::InvoiceAfter { after }),
            },
            None => None,
        };
        let minimum = self.one(node, Kind::Minimum).and_then(|m| {
            let amount = m.args.iter().find_map(|a| match a {
                Value::Integer(s) => Some(s.value.clone()),
                _ => None,
            })?;
            let currency = words(m).first()?.value.clone();
            Some(Money { amount, currency })
        });
        // `forfeit` voids a late claim: it needs a deadline to be late for.
        let forfeit = self.one(node, Kind::Forfeit);
        let has_deadline = matches!(
            claim,
            Some(Claim::Within { .. } | Claim::ByDayOfNextMonth { .. })
        );
        if let (Some(f), false) = (forfeit, has_deadline) {
            self.error(
                Problem::NotAllowedHere {
                    statement: "forfeit",
                    context: "a credit without a claim deadline",
                    help: "write `claim within DURATION` or `claim by day N of next month`",
                },
                f.span,
            );
        }
        let forfeit = forfeit.is_some() && has_deadline;
        let has_tiers = node.children.iter().any(|c| {
            matches!(
                c.kind,
                Kind::Tier | Kind::OutageTier | Kind::Each | Kind::ProRata
            )
        });
        if !has_tiers {
            self.require(
                None::<()>,
                node,
                "below ... => ... (a tier), over, each or pro_rata",
            );
        }
        Some(Credit {
            head,
            fee,
            basis,
            tiers,
            outage_tiers,
            each,
            pro_rata,
            cap,
            cap_days,
            claim,
            form,
            paid,
            minimum,
            claim_via: self.strings(node, Kind::ClaimVia),
            evidence: self.strings(node, Kind::Evidence),
            claim_includes: self.strings(node, Kind::ClaimIncludes),
            provider_fault: self.one(node, Kind::ProviderFault).is_some(),
            review: self.one(node, Kind::Review).is_some(),
            review_within: self
                .one(node, Kind::Review)
                .and_then(|r| r.first_arg())
                .and_then(|v| self.duration(v, "review within", units::REVIEW)),
            sole_remedy: self.one(node, Kind::SoleRemedy).is_some(),
            entire_liability: self.one(node, Kind::EntireLiability).is_some(),
            forfeit,
        })
    }

    /// `over 4h => 10%` or `each 96h => 1 day`: a length of outage and what it gives.
    fn outage_tier(&mut self, t: &Node, keyword: &str) -> Option<OutageTier> {
        let mut values = t
            .args
            .iter()
            .filter(|a| matches!(a, Value::Duration { .. } | Value::Percent(_)));
        let over = self.duration(values.next()?, keyword, units::TARGET)?;
        let credit = match values.next()? {
            Value::Percent(s) => CreditAmount::Share(self.percent(s)?),
            d => CreditAmount::Days(self.duration(d, "=>", units::SERVICE_DAYS)?.amount),
        };
        Some(OutageTier { over, credit })
    }

    fn revision(&mut self, n: &Node) -> Option<Revision> {
        let date = n.first_arg().and_then(|v| self.revision_date(v))?;
        let summary = n
            .children
            .iter()
            .find(|c| c.kind == Kind::Summary)
            .and_then(first_str)
            .map(|s| s.value.clone());
        let mut reasons = Vec::new();
        for r in n.children.iter().filter(|c| c.kind == Kind::Reason) {
            let mut targets = Vec::new();
            for p in paths(r) {
                if let Some(id) = self.resolve(
                    &p.value,
                    p.span,
                    &[IdKind::Division],
                    "chapter, section or clause",
                ) {
                    targets.push(id);
                }
            }
            let Some(text) = first_str(r) else { continue };
            match Text::parse(&text.value) {
                Ok(t) => {
                    for piece in &t.pieces {
                        if let Piece::Ref {
                            term,
                            field,
                            offset,
                        } = piece
                        {
                            let ok = term.is_none()
                                && matches!(
                                    field.as_str(),
                                    "chapter" | "section" | "clause" | "clauses"
                                );
                            if !ok {
                                let at = self.offset_in_literal(text.span, &text.value, *offset);
                                self.error(
                                    Problem::UnknownField {
                                        term: "a revision reason".into(),
                                        field: match term {
                                            Some(t) => format!("{t}.{field}"),
                                            None => field.clone(),
                                        },
                                        known: vec!["chapter", "section", "clause", "clauses"],
                                    },
                                    Span::new(at, at + 1),
                                );
                            }
                        }
                    }
                }
                Err(e) => {
                    let at = self.offset_in_literal(text.span, &text.value, e.offset);
                    self.error(
                        Problem::BadInterpolation { message: e.message },
                        Span::new(at, at + 1),
                    );
                }
            }
            reasons.push(Reason {
                targets,
                text: text.value.clone(),
            });
        }
        Some(Revision {
            date,
            summary,
            reasons,
        })
    }

    fn company_holidays(&mut self, n: &Node) -> CompanyHolidays {
        let mut dates = Vec::new();
        for c in &n.children {
            match c.kind {
                Kind::HolidayDate => {
                    if let Some(Value::Date(d)) = c.first_arg()
                        && let Some(date) = self.date(d)
                    {
                        dates.push(NamedDate {
                            date,
                            name: c.label.as_ref().map(|l| l.value.clone()),
                        });
                    }
                }
                Kind::HolidayFile => {
                    if let Some(path) = first_str(c) {
                        match self.read_holiday_file(&path.value) {
                            Ok(more) => dates.extend(more),
                            Err(HolidayFileError::Outside(root)) => self.error(
                                Problem::OutsideRoot {
                                    path: path.value.clone(),
                                    root: root.display().to_string(),
                                },
                                path.span,
                            ),
                            Err(HolidayFileError::Unusable(reason)) => {
                                self.error(Problem::HolidayFile { reason }, path.span)
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        dates.sort_by_key(|d| d.date);
        dates.dedup_by_key(|d| d.date);
        CompanyHolidays {
            label: n.label.as_ref().map(|l| l.value.clone()),
            dates,
        }
    }

    /// The dates of a holiday file inside the spec's tree. An error says where and why, never
    /// what the file holds: the file may be anything (a secret, a binary), and only the spec's
    /// own text is shown back.
    fn read_holiday_file(&self, path: &str) -> Result<Vec<NamedDate>, HolidayFileError> {
        use crate::source::{self, ReadError};
        let full = self.base.join(path);
        let unusable = |e: std::io::Error| HolidayFileError::Unusable(format!("{path}: {e}"));
        let bytes = source::read_inside(&self.tree, &full).map_err(|e| match e {
            ReadError::Outside { root } => HolidayFileError::Outside(root),
            ReadError::Io(e) => unusable(e),
        })?;
        let text = source::utf8(bytes).map_err(unusable)?;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let parsed = date.parse::<jiff::civil::Date>().map_err(|_| {
                HolidayFileError::Unusable(format!(
                    "{path}, line {}: the line does not start with a date (YYYY-MM-DD)",
                    i + 1
                ))
            })?;
            out.push(NamedDate {
                date: Date(parsed),
                name: (!name.trim().is_empty()).then(|| name.trim().to_string()),
            });
        }
        Ok(out)
    }
}

/// Why a company holiday file gave no dates.
enum HolidayFileError {
    /// It lies outside the spec's tree (resolved).
    Outside(std::path::PathBuf),
    /// It cannot be read or is not a holiday list.
    Unusable(String),
}

/// A local alias (`hours b = a`) carries the days and windows of the hours it names, as an
/// alias into another spec does: a reader of the model needs no second lookup. Chains of
/// aliases are followed; returns the aliases caught in a cycle.
fn resolve_local_aliases(terms: &mut [Term]) -> Vec<usize> {
    use rustc_hash::FxHashMap;
    /// Where the chain from a term ends.
    #[derive(Clone, Copy, PartialEq)]
    enum End {
        /// On the path being followed now.
        Open,
        /// At the hours with this index, or at nothing to copy (`None`).
        At(Option<usize>),
        /// In a circle.
        Cycle,
    }
    // Each id once (the first term that declares it, as a lookup by id finds), and each chain
    // followed once: a term's end is remembered, so a chain of n aliases costs n steps.
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, t) in terms.iter().enumerate() {
        index.entry(t.id()).or_insert(i);
    }
    fn local_alias(t: &Term) -> Option<&str> {
        match t {
            Term::Hours(Hours {
                refers_to: Some(r), ..
            }) if r.spec.is_empty() => Some(r.term.as_str()),
            _ => None,
        }
    }
    let mut ends: Vec<Option<End>> = vec![None; terms.len()];
    let mut cycles = Vec::new();
    let mut copies = Vec::new();
    for i in 0..terms.len() {
        if local_alias(&terms[i]).is_none() || ends[i].is_some() {
            continue;
        }
        let mut path = vec![i];
        ends[i] = Some(End::Open);
        let mut at = i;
        let end = loop {
            let target = local_alias(&terms[at]).expect("only aliases are followed");
            match index.get(target).copied() {
                Some(next) if matches!(terms[next], Term::Hours(_)) => match ends[next] {
                    Some(End::Open) => break End::Cycle,
                    Some(known) => break known,
                    None if local_alias(&terms[next]).is_some() => {
                        ends[next] = Some(End::Open);
                        path.push(next);
                        at = next;
                    }
                    None => break End::At(Some(next)),
                },
                _ => break End::At(None),
            }
        };
        for p in path {
            ends[p] = Some(end);
        }
    }
    for (i, end) in ends.iter().enumerate() {
        match end {
            Some(End::Cycle) => cycles.push(i),
            Some(End::At(Some(src))) => copies.push((i, *src)),
            _ => {}
        }
    }
    for (i, src) in copies {
        let Term::Hours(src) = &terms[src] else {
            continue;
        };
        let (always, calendar, rules, windows) = (
            src.always,
            src.calendar.clone(),
            src.rules.clone(),
            src.windows.clone(),
        );
        if let Term::Hours(h) = &mut terms[i] {
            h.always = always;
            h.calendar = calendar;
            h.rules = rules;
            h.windows = windows;
        }
    }
    cycles
}

trait StartSpan {
    fn start_span(&self, node: &Node) -> Span;
}

impl StartSpan for Span {
    /// From the keyword to the end of the id (or of the keyword).
    fn start_span(&self, node: &Node) -> Span {
        let end = node
            .id
            .as_ref()
            .map(|i| i.span.end)
            .unwrap_or(self.start + node.kind.keyword().len());
        Span::new(self.start, end)
    }
}
