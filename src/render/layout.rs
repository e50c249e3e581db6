//! Model → [`Doc`]: numbering, interpolation, and the document's frame. Terms become prose in
//! `terms.rs`.

use super::RenderError;
use super::doc::{Doc, Item, MetaLine, Node, Section, Supplement};
use super::wording::{Wording, fill};
use super::words;
use crate::model::{Block, Division, DivisionKind, ListStyle, Spec, Style, Term, Text};
use std::collections::BTreeMap;

/// Values a sentence can use, by placeholder name.
pub type Vals = BTreeMap<&'static str, String>;

/// A division's generated number (第3章, 2., (1), or empty) and its whole heading as the
/// document prints it (第3章 カスタマーサポート), in the spec's style.
pub fn heading(style: &Style, d: &Division) -> (String, String) {
    let pattern = pattern(style, d);
    let title = d.title.as_deref().unwrap_or_default();
    let number = pattern
        .split("{title}")
        .next()
        .unwrap_or("")
        .replace("{n}", &d.number.to_string())
        .trim_end()
        .to_string();
    let heading = pattern
        .replace("{n}", &d.number.to_string())
        .replace("{title}", title)
        .trim_end()
        .to_string();
    (number, heading)
}

/// The style's heading pattern for a division (`第{n}章 {title}`, `●{title}`).
fn pattern<'s>(style: &'s Style, d: &Division) -> &'s str {
    match (d.kind, d.depth) {
        (DivisionKind::Chapter, _) => &style.chapter,
        (DivisionKind::Section, _) => &style.section,
        (DivisionKind::Clause, 0) => &style.clause,
        (DivisionKind::Clause, _) => &style.subclause,
    }
}

/// Lays out one spec.
pub struct Renderer<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// The sentence table.
    pub words: &'a Wording,
    /// The document date shown under the title, if not the revision date.
    pub date: Option<jiff::civil::Date>,
}

impl<'a> Renderer<'a> {
    /// The document's style.
    pub fn style(&self) -> &'a Style {
        &self.spec.style
    }

    /// The whole document.
    pub fn doc(&self) -> Result<Doc, RenderError> {
        let spec = self.spec;
        let style = self.style();
        let line = |key: &str, value: String| MetaLine {
            label: self.words.get(key).into(),
            value,
            url: None,
        };
        let revised = words::revision_date(spec.revised, style);
        // 制定日: the first revision record, when it is older than this revision (a first
        // edition has one date, printed once as its 制定日).
        let enacted = spec
            .revisions
            .first()
            .map(|r| r.date)
            .filter(|d| *d != spec.revised);
        let mut meta = Vec::new();
        if let Some(n) = &spec.document_number {
            meta.push(line("document.number", n.clone()));
        }
        meta.push(line("document.service", spec.service.clone()));
        match enacted {
            Some(d) => {
                meta.push(line("document.enacted", words::revision_date(d, style)));
                meta.push(line("document.revised", revised.clone()));
            }
            None if spec.revisions.is_empty() => {
                meta.push(line("document.revised", revised.clone()))
            }
            None => meta.push(line("document.enacted", revised.clone())),
        }
        if let Some(e) = spec.effective {
            meta.push(line("document.effective", words::date(e.0, style)));
        }
        let updated = match self.date {
            Some(d) => {
                let issued = line("document.date", words::date(d, style));
                meta.push(issued.clone());
                line("document.updated", issued.value)
            }
            None => line("document.updated", revised.clone()),
        };
        if let Some(c) = &spec.company {
            meta.push(line("document.company", c.clone()));
        }
        if let Some(c) = &spec.contact {
            meta.push(line("document.contact", c.clone()));
        }
        // The checker refuses any other address (E0216), so the filter only keeps a spec that
        // was not checked from becoming a link.
        if let Some(u) = spec
            .history_url
            .as_ref()
            .filter(|u| crate::model::text::web_address_problem(u).is_none())
        {
            meta.push(MetaLine {
                url: Some(u.clone()),
                ..line("document.history", u.clone())
            });
        }
        let header = format!(
            "{}　{}{}",
            spec.title,
            revised,
            self.words.get("document.edition")
        );
        let supplement = if style.supplement == "on" {
            let mut vals = Vals::new();
            let date = match spec.effective {
                Some(e) => words::date(e.0, style),
                None => revised.clone(),
            };
            vals.insert("date", date);
            Some(Supplement {
                heading: self.words.get("document.supplement_heading").into(),
                text: self.sentence("document.supplement", &vals)?,
            })
        } else {
            None
        };
        let blocks = self.blocks(&spec.document, 1)?;
        let contents = blocks
            .iter()
            .any(|b| matches!(b, Node::Section(s) if s.kind == "chapter"));
        Ok(Doc {
            title: spec.title.clone(),
            service: spec.service.clone(),
            company: spec.company.clone(),
            meta,
            header,
            updated,
            font: style.font.clone(),
            contents,
            omitted: self.words.get("document.omitted").into(),
            blocks,
            supplement,
            closing: style.closing.clone(),
        })
    }

    /// Content blocks at a heading level.
    pub fn blocks(&self, blocks: &[Block], level: usize) -> Result<Vec<Node>, RenderError> {
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::Division(d) => {
                    let section = self.section(d, level)?;
                    // `style { omitted "hide" }`: a division with nothing in it is left out.
                    if !(section.blocks.is_empty() && self.style().omitted == "hide") {
                        out.push(Node::Section(section));
                    }
                }
                Block::Paragraph { text } => out.push(Node::Paragraph {
                    lines: lines(&self.text(text, None)?),
                }),
                Block::Note { text } => out.push(Node::Note {
                    lines: lines(&self.text(text, None)?),
                }),
                Block::Field { label, value } => out.push(Node::Paragraph {
                    lines: lines(&format!(
                        "{}：{}",
                        self.text(label, None)?,
                        self.text(value, None)?
                    )),
                }),
                Block::List { style, items } => {
                    let texts = items
                        .iter()
                        .map(|t| self.text(t, None))
                        .collect::<Result<Vec<_>, _>>()?;
                    out.push(self.list(*style, texts));
                }
                Block::Table { columns, rows } => {
                    let head = columns
                        .iter()
                        .map(|c| self.text(c, None).map(|s| lines(&s)))
                        .collect::<Result<Vec<_>, _>>()?;
                    let rows = rows
                        .iter()
                        .map(|r| {
                            r.iter()
                                .map(|c| self.text(c, None).map(|s| lines(&s)))
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    out.push(Node::table(head, rows));
                }
                Block::Term { id } => {
                    if let Some(t) = self.spec.term(id) {
                        out.extend(self.term(t)?);
                    }
                }
            }
        }
        Ok(out)
    }

    fn section(&self, d: &Division, level: usize) -> Result<Section, RenderError> {
        let kind = match d.kind {
            DivisionKind::Chapter => "chapter",
            DivisionKind::Section => "section",
            DivisionKind::Clause => "clause",
        };
        let title = d.title.clone().unwrap_or_default();
        let (number, heading) = heading(self.style(), d);
        // A prefix without a number (`●`) is an ornament the templates draw as a style.
        let prefix = pattern(self.style(), d)
            .split("{title}")
            .next()
            .unwrap_or("");
        let ornament = if prefix.contains("{n}") {
            String::new()
        } else {
            prefix.trim_end().to_string()
        };
        Ok(Section {
            id: d.id.clone(),
            kind: kind.into(),
            level,
            heading,
            number,
            title,
            ornament,
            blocks: self.blocks(&d.blocks, level + 1)?,
        })
    }

    /// A list with generated markers.
    pub fn list(&self, style: ListStyle, items: Vec<String>) -> Node {
        let (name, marker): (&str, Box<dyn Fn(usize) -> String>) = match style {
            ListStyle::Bullet => ("bullet", Box::new(|_| self.style().bullet.clone())),
            ListStyle::Numbered => ("numbered", Box::new(|i| format!("{i}."))),
            ListStyle::Paren => ("paren", Box::new(|i| format!("({i})"))),
            ListStyle::Roman => ("roman", Box::new(|i| format!("{}.", words::roman(i)))),
            ListStyle::Alpha => ("alpha", Box::new(|i| format!("{}.", words::alpha(i)))),
            ListStyle::Plain => ("plain", Box::new(|_| String::new())),
            ListStyle::Dash => ("dash", Box::new(|_| "-".into())),
        };
        Node::List {
            style: name.into(),
            items: items
                .into_iter()
                .enumerate()
                .map(|(i, t)| Item {
                    marker: marker(i + 1),
                    lines: lines(&t),
                })
                .collect(),
        }
    }

    /// A spec-level value: `{service}`, `{revised}` ...
    pub fn spec_field(&self, name: &str) -> Option<String> {
        let s = self.spec;
        Some(match name {
            "service" => s.service.clone(),
            "title" => s.title.clone(),
            "company" => s.company.clone()?,
            "document_number" => s.document_number.clone()?,
            "contact" => s.contact.clone()?,
            "history_url" => s.history_url.clone()?,
            "revised" => words::revision_date(s.revised, self.style()),
            "effective" => words::date(s.effective?.0, self.style()),
            "provider" => s.parties.provider.clone(),
            "customer" => s.parties.customer.clone(),
            _ => return None,
        })
    }

    /// Fills a text from the spec: `{term.field}`, `{field}` of `own`, spec fields, facts.
    pub fn text(&self, text: &Text, own: Option<(&Term, &Vals)>) -> Result<String, RenderError> {
        let lookup = |term: Option<&str>, field: &str| -> Option<String> {
            match term {
                Some(t) => {
                    let term = self.spec.term(t).filter(|term| term.has_value(field))?;
                    self.fields(term).ok()?.get(field).cloned()
                }
                None => {
                    if let Some((_, vals)) = own
                        && let Some(v) = vals.get(field)
                    {
                        return Some(v.clone());
                    }
                    if let Some(v) = self.spec_field(field) {
                        return Some(v);
                    }
                    match self.spec.term(field) {
                        Some(t @ Term::Fact(_)) => self.fields(t).ok()?.get("value").cloned(),
                        _ => None,
                    }
                }
            }
        };
        fill(text, &lookup).map_err(|placeholder| RenderError::Value {
            placeholder,
            text: text.source.clone(),
            term: own.map(|(t, _)| t.id().to_string()),
        })
    }

    /// Fills a sentence of the table with `vals` (and spec fields).
    pub fn sentence(&self, key: &str, vals: &Vals) -> Result<String, RenderError> {
        let source = self.words.get(key);
        let text = Text::parse(source).map_err(|e| RenderError::Template {
            file: self.words.source().to_string(),
            message: format!("`{key}`: {}", e.message),
        })?;
        let lookup = |term: Option<&str>, field: &str| -> Option<String> {
            if term.is_some() {
                return None;
            }
            vals.get(field).cloned().or_else(|| self.spec_field(field))
        };
        fill(&text, &lookup).map_err(|placeholder| RenderError::Template {
            file: self.words.source().to_string(),
            message: format!("`{key}` uses {placeholder}, which this sentence does not have"),
        })
    }
}

/// A string split into lines (a final empty line dropped).
pub fn lines(s: &str) -> Vec<String> {
    s.split('\n').map(str::to_string).collect()
}
