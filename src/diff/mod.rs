//! Model × model → amendment: the 新旧対照表 between two revisions of a spec.
//!
//! Both revisions are laid out (`crate::render::layout`) so that each cell holds the clause as
//! the document prints it: number, title and full text. Clauses are matched by their stable id,
//! not by position — a renumbered clause is the same clause, a clause under another parent has
//! moved. Only changed clauses get a row. The unit of a row is a top-level clause (a clause not
//! inside another clause) with everything in it; chapters and sections get a row only when their
//! own text, outside their clauses, changes. Rows are grouped into the items of the change
//! notice by the reasons of the new revision's record ([`group`]); changed characters are marked
//! with [`marks`]; term-level changes and whether they are unfavourable to the customer come from
//! [`terms`].

pub mod history;
pub mod marks;
pub mod terms;

use crate::model::{RevisionDate, Spec};
use crate::render::doc::{Doc, Node, Section};
use crate::render::words;
use serde::Serialize;
use std::collections::HashMap;

/// How the table is labelled and what added/removed cells say.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// The old column: 改定前.
    pub old: String,
    /// The new column: 改定後.
    pub new: String,
    /// New text in the left column.
    pub new_left: bool,
    /// The old cell of an added clause: 掲載はありません。
    pub added: String,
    /// The new cell of a removed clause: （削除）
    pub removed: String,
    /// Above the tables, at the right: （傍線部分は改定部分）
    pub legend: String,
    /// Each column label names its revision: 改定前（2017年5月8日版）.
    pub dated: bool,
    /// A third column, 備考, with each row's kind of change: （新設）（変更）（削除）（移動）.
    pub remarks: bool,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels {
            old: "改定前".into(),
            new: "改定後".into(),
            new_left: false,
            added: "掲載はありません。".into(),
            removed: "（削除）".into(),
            legend: "（傍線部分は改定部分）".into(),
            dated: true,
            remarks: false,
        }
    }
}

/// What happened to a clause.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Its text changed.
    Modified,
    /// Only its number changed.
    Renumbered,
    /// It is under another parent now.
    Moved,
    /// It is new.
    Added,
    /// It is gone.
    Removed,
}

impl Change {
    /// The 備考 of a row with this change.
    pub fn remark(self) -> &'static str {
        match self {
            Change::Modified => "（変更）",
            Change::Renumbered => "（番号変更）",
            Change::Moved => "（移動）",
            Change::Added => "（新設）",
            Change::Removed => "（削除）",
        }
    }
}

/// A run of text in a cell, changed or not.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Seg {
    /// The text (no newlines).
    pub text: String,
    /// Underlined as changed.
    pub changed: bool,
}

/// One side of a row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cell {
    /// The number as printed (2.), empty for an absent side.
    pub number: String,
    /// The title.
    pub title: String,
    /// The whole text as printed, lines joined with newlines; empty for an absent side.
    pub text: String,
    /// The text's lines as marked segments; for an absent side, the placeholder unmarked.
    pub lines: Vec<Vec<Seg>>,
    /// Chapter and section headings above the clause (for context; not in the cell text).
    pub context: Vec<String>,
}

/// One row of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The clause's stable id.
    pub id: String,
    /// What happened.
    pub change: Change,
    /// The old side.
    pub old: Cell,
    /// The new side.
    pub new: Cell,
    /// A note for the reader: where a moved clause came from.
    pub note: Option<String>,
    /// The 備考 of the row: （新設）（変更）（削除）（移動）（番号変更）.
    pub remark: String,
}

/// One item of the change notice: a reason and its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// 1, 2, ... in the revision.
    pub number: usize,
    /// The item line as printed, without its number.
    pub line: String,
    /// True when the reason came from the revision record, false when generated.
    pub recorded: bool,
    /// The rows.
    pub rows: Vec<Row>,
}

/// The amendment between two revisions of a spec.
#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    /// The spec's id.
    pub spec: String,
    /// The document title.
    pub title: String,
    /// The old revision date.
    pub old_revised: RevisionDate,
    /// The new revision date.
    pub new_revised: RevisionDate,
    /// 2017年5月8日
    pub date: String,
    /// The old revision's date as printed: 2012年12月1日.
    pub old_date: String,
    /// The new revision's 施行日 as printed, when the spec gives one.
    pub effective: Option<String>,
    /// Whether the items are printed with their numbers: when there are several, or when the
    /// spec asks for numbers always (`style { items "always" }`).
    pub numbered: bool,
    /// The new revision record's summary sentence, if any.
    pub summary: Option<String>,
    /// The items, in document order of their first row.
    pub items: Vec<Item>,
    /// Changes of typed terms.
    pub changes: Vec<terms::TermChange>,
    /// True when any change is unfavourable to the customer.
    pub unfavourable: bool,
}

impl Amendment {
    /// True when nothing changed (no rows and no term changes).
    pub fn is_empty(&self) -> bool {
        self.items.iter().all(|i| i.rows.is_empty()) && self.changes.is_empty()
    }
}

/// A unit of comparison: a top-level clause, or the own text of a chapter or section. Its text
/// is made only for the units that need a cell (changed, added or removed ones).
struct Unit<'a> {
    section: &'a Section,
    ancestors: Vec<&'a Section>,
    /// The id of the nearest enclosing chapter or section (for moves).
    parent: Option<String>,
    /// Position in document order.
    order: usize,
}

fn units(doc: &Doc) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    for (ancestors, s) in doc.sections() {
        let inside_clause = ancestors.iter().any(|a| a.kind == "clause");
        if inside_clause {
            continue;
        }
        out.push(Unit {
            parent: ancestors.last().map(|a| a.id.clone()),
            ancestors,
            section: s,
            order: out.len(),
        });
    }
    out
}

impl Unit<'_> {
    fn is_clause(&self) -> bool {
        self.section.kind == "clause"
    }

    /// The text in the cell: a clause with everything in it; a chapter or section with its own
    /// text only (the heading and the blocks outside its divisions).
    fn text(&self) -> String {
        let mut lines = Vec::new();
        self.section.lines(self.is_clause(), &mut lines);
        lines.join("\n")
    }

    /// What decides whether the unit changed: the cell text for a clause; for a chapter or
    /// section, its own text without its heading (a renamed chapter is not a row of its own).
    fn key(&self) -> String {
        if self.is_clause() {
            return self.text();
        }
        let mut lines = Vec::new();
        self.section.lines(false, &mut lines);
        lines[1..].join("\n")
    }

    /// The blocks outside its divisions.
    fn own_blocks(&self) -> impl Iterator<Item = &Node> {
        self.section
            .blocks
            .iter()
            .filter(|b| !matches!(b, Node::Section(_)))
    }

    /// True when the key is the same, without making text when the layout is equal (text is a
    /// function of the layout, so equal layout means equal text).
    fn same_key(&self, other: &Unit<'_>) -> bool {
        let same_layout = if self.is_clause() {
            self.section == other.section
        } else {
            self.own_blocks().eq(other.own_blocks())
        };
        same_layout || self.key() == other.key()
    }
}

fn own_content_is_empty(s: &Section) -> bool {
    s.blocks.iter().all(|b| matches!(b, Node::Section(_)))
}

fn cell(unit: &Unit<'_>, text: String, segments: Option<&[marks::Segment]>) -> Cell {
    let lines = match segments {
        Some(segs) => split_lines(segs),
        None => text
            .split('\n')
            .map(|l| {
                vec![Seg {
                    text: l.to_string(),
                    changed: true,
                }]
            })
            .collect(),
    };
    Cell {
        number: unit.section.number.clone(),
        title: unit.section.title.clone(),
        text,
        lines,
        context: unit.ancestors.iter().map(|a| a.heading.clone()).collect(),
    }
}

fn placeholder(text: &str) -> Cell {
    Cell {
        number: String::new(),
        title: String::new(),
        text: String::new(),
        lines: vec![vec![Seg {
            text: text.to_string(),
            changed: false,
        }]],
        context: Vec::new(),
    }
}

/// Splits marked segments into lines at newlines, dropping empty segments.
fn split_lines(segs: &[marks::Segment]) -> Vec<Vec<Seg>> {
    let mut lines: Vec<Vec<Seg>> = vec![Vec::new()];
    for s in segs {
        for (i, part) in s.text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                let line = lines.last_mut().expect("never empty");
                match line.last_mut() {
                    Some(last) if last.changed == s.changed => last.text.push_str(part),
                    _ => line.push(Seg {
                        text: part.to_string(),
                        changed: s.changed,
                    }),
                }
            }
        }
    }
    lines
}

/// The changed rows between two laid-out revisions, in the new document's order (removed
/// clauses where they stood).
pub fn rows(old: &Doc, new: &Doc, labels: &Labels) -> Vec<Row> {
    let old_units = units(old);
    let new_units = units(new);
    let old_by_id: HashMap<&str, &Unit<'_>> = old_units
        .iter()
        .map(|u| (u.section.id.as_str(), u))
        .collect();
    let new_ids: HashMap<&str, ()> = new_units
        .iter()
        .map(|u| (u.section.id.as_str(), ()))
        .collect();
    let opts = marks::MarkOptions::default();
    let mut out: Vec<(usize, Row)> = Vec::new();
    let mut removed: Vec<&Unit<'_>> = old_units
        .iter()
        .filter(|u| !new_ids.contains_key(u.section.id.as_str()))
        .collect();
    removed.sort_by_key(|u| u.order);
    for nu in &new_units {
        let id = nu.section.id.as_str();
        match old_by_id.get(id) {
            Some(ou) => {
                if ou.parent == nu.parent && nu.same_key(ou) {
                    continue;
                }
                let (ot, nt) = (ou.text(), nu.text());
                let change = if ou.parent != nu.parent {
                    Change::Moved
                } else if strip_number(&ot, ou.section) == strip_number(&nt, nu.section) {
                    Change::Renumbered
                } else {
                    Change::Modified
                };
                let m = marks::mark(&ot, &nt, &opts);
                let note = (change == Change::Moved).then(|| {
                    let place = |u: &Unit<'_>| {
                        u.ancestors
                            .last()
                            .map(|a| format!("「{}」", a.heading))
                            .unwrap_or_else(|| "本文".into())
                    };
                    format!("{}から{}へ移動", place(ou), place(nu))
                });
                out.push((
                    nu.order,
                    Row {
                        id: id.to_string(),
                        change,
                        old: cell(ou, ot, Some(&m.old)),
                        new: cell(nu, nt, Some(&m.new)),
                        note,
                        remark: change.remark().into(),
                    },
                ));
            }
            None => {
                if nu.section.kind != "clause" && own_content_is_empty(nu.section) {
                    continue;
                }
                out.push((
                    nu.order,
                    Row {
                        id: id.to_string(),
                        change: Change::Added,
                        old: placeholder(&labels.added),
                        new: cell(nu, nu.text(), None),
                        note: None,
                        remark: Change::Added.remark().into(),
                    },
                ));
            }
        }
    }
    // A removed unit goes right after the new position of the unit that preceded it in the old
    // document.
    let new_order: HashMap<&str, usize> = new_units
        .iter()
        .map(|u| (u.section.id.as_str(), u.order))
        .collect();
    for ru in removed {
        if ru.section.kind != "clause" && own_content_is_empty(ru.section) {
            continue;
        }
        let before = old_units[..ru.order]
            .iter()
            .rev()
            .find_map(|u| new_order.get(u.section.id.as_str()).copied());
        let at = before.map_or(0, |o| o + 1);
        out.push((
            at,
            Row {
                id: ru.section.id.clone(),
                change: Change::Removed,
                old: cell(ru, ru.text(), None),
                new: placeholder(&labels.removed),
                note: None,
                remark: Change::Removed.remark().into(),
            },
        ));
    }
    out.sort_by_key(|(order, row)| (*order, row.change != Change::Removed));
    out.into_iter().map(|(_, r)| r).collect()
}

/// The text without the heading's number, to tell a renumbering from a change.
fn strip_number(text: &str, s: &Section) -> String {
    match text.split_once('\n') {
        Some((_, rest)) => format!("{}\n{rest}", s.title),
        None => s.title.clone(),
    }
}

/// Compares two revisions of a spec.
pub fn compare(old: &Spec, old_doc: &Doc, new: &Spec, new_doc: &Doc, labels: &Labels) -> Amendment {
    let rows = rows(old_doc, new_doc, labels);
    let items = group(old, old_doc, new, new_doc, rows);
    let changes = terms::changes(old, new);
    let unfavourable = changes.iter().any(|c| c.unfavourable.is_some());
    let record = new
        .revisions
        .iter()
        .rev()
        .find(|r| r.date == new.revised && r.date > old.revised);
    Amendment {
        spec: new.id.clone(),
        title: new.title.clone(),
        old_revised: old.revised,
        new_revised: new.revised,
        date: words::revision_date(new.revised, &new.style),
        old_date: words::revision_date(old.revised, &new.style),
        effective: new.effective.map(|e| words::date(e.0, &new.style)),
        numbered: items.len() > 1 || new.style.items == "always",
        summary: record.and_then(|r| r.summary.clone()),
        items,
        changes,
        unfavourable,
    }
}

/// Groups rows into the items of the change notice.
///
/// The new spec's revision record for its revision date gives the items: each reason names the
/// divisions it concerns, and takes the rows of those divisions (and of the clauses inside
/// them). Rows no reason claims are grouped by chapter under a generated neutral reason.
pub fn group(old: &Spec, old_doc: &Doc, new: &Spec, new_doc: &Doc, rows: Vec<Row>) -> Vec<Item> {
    let record = new
        .revisions
        .iter()
        .rev()
        .find(|r| r.date == new.revised && r.date > old.revised);
    let new_secs = new_doc.sections();
    let old_secs = old_doc.sections();
    // Sections by id; where both revisions have one, the new one's.
    let mut by_id: HashMap<&str, &Located<'_>> = HashMap::new();
    for located in old_secs.iter().chain(&new_secs) {
        by_id.insert(located.1.id.as_str(), located);
    }
    let heading_of = |id: &str| -> Option<Located<'_>> { by_id.get(id).map(|l| (*l).clone()) };
    // The ids of a division's ancestors and its own, outermost first.
    let lineage = |id: &str| -> Vec<&str> {
        match by_id.get(id) {
            Some((anc, s)) => anc
                .iter()
                .map(|a| a.id.as_str())
                .chain([s.id.as_str()])
                .collect(),
            None => Vec::new(),
        }
    };
    let mut items: Vec<Item> = Vec::new();
    // The item each row goes to.
    let mut assigned: Vec<Option<usize>> = vec![None; rows.len()];
    if let Some(record) = record {
        for reason in &record.reasons {
            let k = items.len();
            for (i, row) in rows.iter().enumerate() {
                if assigned[i].is_some() {
                    continue;
                }
                let line = lineage(&row.id);
                let hit = reason
                    .targets
                    .iter()
                    .any(|t| line.contains(&t.as_str()) || lineage(t).contains(&row.id.as_str()));
                if hit {
                    assigned[i] = Some(k);
                }
            }
            items.push(Item {
                number: 0,
                line: reason_line(&reason.text, &reason.targets, &heading_of),
                recorded: true,
                rows: Vec::new(),
            });
        }
    }
    // Unclaimed rows: one generated item per chapter (or top-level clause) and kind of change.
    let mut generated: HashMap<(String, String), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if assigned[i].is_some() {
            continue;
        }
        let top = lineage(&row.id)
            .first()
            .copied()
            .unwrap_or(row.id.as_str())
            .to_string();
        let name = heading_of(&top)
            .map(|(_, s)| s.heading.clone())
            .unwrap_or_else(|| top.clone());
        let own = || {
            heading_of(&row.id)
                .map(|(_, s)| s.heading.clone())
                .unwrap_or_default()
        };
        let text = match row.change {
            Change::Added if top == row.id => format!("「{name}」を追加します。"),
            Change::Removed if top == row.id => format!("「{name}」を削除します。"),
            Change::Added => format!("「{name}」に「{}」を追加します。", own()),
            Change::Removed => format!("「{name}」の「{}」を削除します。", own()),
            Change::Moved => format!(
                "「{}」を{}します。",
                own(),
                row.note.as_deref().unwrap_or("移動")
            ),
            Change::Renumbered => {
                format!("「{name}」において、条項の追加または削除に伴い番号を変更します。")
            }
            Change::Modified => format!("「{name}」の記載を変更します。"),
        };
        let k = *generated.entry((top, text.clone())).or_insert_with(|| {
            items.push(Item {
                number: 0,
                line: text,
                recorded: false,
                rows: Vec::new(),
            });
            items.len() - 1
        });
        assigned[i] = Some(k);
    }
    for (row, k) in rows.into_iter().zip(assigned) {
        if let Some(k) = k {
            items[k].rows.push(row);
        }
    }
    for (n, item) in items.iter_mut().enumerate() {
        item.number = n + 1;
    }
    items
}

/// A section with its ancestors, outermost first.
type Located<'a> = (Vec<&'a Section>, &'a Section);

/// The item line: the reason with `{chapter}`, `{section}`, `{clause}`, `{clauses}` filled in
/// (each name in 「」), or, when the reason names none, 「第3章 …」の記載において、 before it.
fn reason_line<'a>(
    text: &str,
    targets: &[String],
    heading_of: &dyn Fn(&str) -> Option<Located<'a>>,
) -> String {
    let found: Vec<Located<'_>> = targets.iter().filter_map(|t| heading_of(t)).collect();
    let bracket = |s: &str| format!("「{s}」");
    let of_kind = |kind: &str| -> Option<String> {
        let (anc, s) = found.first()?;
        if s.kind == kind {
            return Some(bracket(&s.heading));
        }
        anc.iter()
            .find(|a| a.kind == kind)
            .map(|a| bracket(&a.heading))
    };
    let chapter = of_kind("chapter");
    let section = of_kind("section");
    let clause = found.first().and_then(|(anc, s)| {
        if s.kind == "clause" {
            Some(bracket(&s.heading))
        } else {
            anc.iter()
                .rev()
                .find(|a| a.kind == "clause")
                .map(|a| bracket(&a.heading))
        }
    });
    let clauses: String = found.iter().map(|(_, s)| bracket(&s.heading)).collect();
    if !text.contains('{') {
        let name = chapter
            .clone()
            .or(section.clone())
            .or(clause.clone())
            .unwrap_or_default();
        return if name.is_empty() {
            text.to_string()
        } else {
            format!("{name}の記載において、{text}")
        };
    }
    text.replace("{chapter}", chapter.as_deref().unwrap_or(""))
        .replace("{section}", section.as_deref().unwrap_or(""))
        .replace("{clauses}", &clauses)
        .replace("{clause}", clause.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_into_lines() {
        let segs = vec![
            marks::Segment {
                text: "a\nb".into(),
                changed: false,
            },
            marks::Segment {
                text: "c\n".into(),
                changed: true,
            },
        ];
        let lines = split_lines(&segs);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].len(), 2);
        assert!(lines[2].is_empty());
    }
}
