//! The document outline (`textDocument/documentSymbol`): the spec, its chapters, sections and
//! clauses with the headings the document prints (第3章 カスタマーサポート, 2.回答時間), the terms
//! and the severity levels.
//!
//! The outline is complete (the generated 1 MB spec has about 6,000 entries, which is what an
//! editor's outline view and breadcrumbs show), so its answer is large: the worker makes it,
//! as JSON, when a check finishes ([`super::analysis::Analysis::prepare`]), and the server only
//! sends a copy. While the next check runs, that JSON is moved to the current text through the
//! edit ([`Moves`]) — once per version, on the server's loop.

use super::analysis::{Moves, position_in};
use crate::diagnostic::{FileId, Sources};
use crate::syntax::Kind;
use crate::syntax::cst::{SyntaxKind, SyntaxNode};
use lsp_types as lsp;
use rowan::TextRange;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The headings the document prints, by id: (number, heading).
pub type Headings = HashMap<String, (String, String)>;

/// A statement of the outline: the spec, chapters, sections, clauses, terms, severity levels.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub kind: Kind,
    /// The id it declares (empty for none).
    pub id: String,
    /// Its label, without quotes.
    pub label: Option<String>,
    /// The whole statement.
    pub range: TextRange,
    /// The id's token.
    pub name: Option<TextRange>,
    pub children: Vec<Symbol>,
}

impl Symbol {
    /// The outline under a node; statements not shown lend their children to their parent.
    pub fn of(node: &SyntaxNode) -> Vec<Symbol> {
        let mut out = Vec::new();
        for child in node.children() {
            let SyntaxKind::Stmt(kind) = child.kind() else {
                continue;
            };
            let shown = matches!(
                kind,
                Kind::Sla | Kind::Chapter | Kind::Section | Kind::Clause | Kind::Severity
            ) || kind.is_term();
            let children = Symbol::of(&child);
            if !shown {
                out.extend(children);
                continue;
            }
            let name = child
                .children()
                .find(|n| n.kind() == SyntaxKind::Name)
                .and_then(|n| n.first_token());
            out.push(Symbol {
                kind,
                id: name
                    .as_ref()
                    .map(|t| t.text().to_string())
                    .unwrap_or_default(),
                label: child
                    .children()
                    .find(|n| n.kind() == SyntaxKind::Label)
                    .map(|n| n.text().to_string().trim_matches('"').to_string()),
                range: child.text_range(),
                name: name.map(|t| t.text_range()),
                children,
            });
        }
        out
    }
}

/// The text the outline is placed in: file `file` of `lines`, the one its symbols were read
/// from.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    pub lines: &'a Sources,
    pub file: FileId,
}

impl Place<'_> {
    fn range(&self, r: TextRange) -> lsp::Range {
        lsp::Range::new(
            position_in(self.lines, self.file, r.start().into()),
            position_in(self.lines, self.file, r.end().into()),
        )
    }
}

/// The answer to `textDocument/documentSymbol` for the text the symbols were read from, named
/// by `headings` where the document prints a heading.
pub fn answer(list: &[Symbol], place: Place, headings: &Headings) -> Value {
    let nested = lsp::DocumentSymbolResponse::Nested(symbols(list, place, headings));
    serde_json::to_value(nested).unwrap_or(Value::Null)
}

fn symbols(list: &[Symbol], place: Place, headings: &Headings) -> Vec<lsp::DocumentSymbol> {
    let mut out = Vec::new();
    for s in list {
        let inner = symbols(&s.children, place, headings);
        let name = match headings.get(&s.id) {
            Some((_, heading)) if !heading.is_empty() => heading.clone(),
            _ => s.label.clone().unwrap_or_else(|| s.id.clone()),
        };
        let name = if name.is_empty() {
            s.kind.keyword().to_string()
        } else {
            name
        };
        let symbol_kind = match s.kind {
            Kind::Sla => lsp::SymbolKind::FILE,
            Kind::Chapter => lsp::SymbolKind::MODULE,
            Kind::Section => lsp::SymbolKind::NAMESPACE,
            Kind::Clause => lsp::SymbolKind::STRUCT,
            Kind::Severity => lsp::SymbolKind::ENUM_MEMBER,
            _ => lsp::SymbolKind::PROPERTY,
        };
        let range = place.range(s.range);
        let selection = s.name.map_or(range, |r| place.range(r));
        let detail = if s.id.is_empty() {
            s.kind.keyword().to_string()
        } else {
            format!("{} {}", s.kind.keyword(), s.id)
        };
        #[allow(deprecated)]
        out.push(lsp::DocumentSymbol {
            name,
            detail: Some(detail),
            kind: symbol_kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: selection,
            children: (!inner.is_empty()).then_some(inner),
        });
    }
    out
}

/// An answer of [`answer`] moved through an edit: the symbols before and after the change
/// moved, those that hold it stretched over what is there now; a symbol whose start or end
/// was edited is left out (its children take its place) until the next check.
pub fn moved(made: &Value, moves: Moves) -> Value {
    let mut out = Vec::new();
    if let Value::Array(list) = made {
        move_into(list, moves, &mut out);
    }
    Value::Array(out)
}

fn move_into(list: &[Value], moves: Moves, out: &mut Vec<Value>) {
    for s in list {
        let mut children = Vec::new();
        if let Some(Value::Array(inner)) = s.get("children") {
            move_into(inner, moves, &mut children);
        }
        let range = ends(&s["range"]).and_then(|(a, b)| moves.enclosing_to_new(a, b));
        let (Some([start, end]), Value::Object(fields)) = (range, s) else {
            out.extend(children);
            continue;
        };
        let [sel_start, sel_end] = ends(&s["selectionRange"])
            .and_then(|(a, b)| moves.range_to_new(a, b))
            .unwrap_or([start, end]);
        let mut m = Map::new();
        for (k, v) in fields {
            if !matches!(k.as_str(), "range" | "selectionRange" | "children") {
                m.insert(k.clone(), v.clone());
            }
        }
        m.insert("range".into(), range_json(start, end));
        m.insert("selectionRange".into(), range_json(sel_start, sel_end));
        if !children.is_empty() {
            m.insert("children".into(), Value::Array(children));
        }
        out.push(Value::Object(m));
    }
}

/// The ends of an LSP range in JSON.
fn ends(range: &Value) -> Option<((u32, u32), (u32, u32))> {
    let at = |p: &Value| -> Option<(u32, u32)> {
        Some((
            u32::try_from(p["line"].as_u64()?).ok()?,
            u32::try_from(p["character"].as_u64()?).ok()?,
        ))
    };
    Some((at(&range["start"])?, at(&range["end"])?))
}

fn range_json(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": {"line": start.0, "character": start.1},
        "end": {"line": end.0, "character": end.1},
    })
}
