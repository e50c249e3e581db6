//! The laid-out document: what every output format shows, as plain text in a tree.
//!
//! Layout (`layout.rs`) turns the model into a [`Doc`]: numbers are generated, terms have become
//! sentences, lists and tables, interpolations are filled in. Everything here is plain Unicode
//! text — markup is added only by the format templates, which escape it — so a [`Doc`] is also
//! what the amendment table compares ([`Section::text`]).

use serde::{Deserialize, Serialize};

/// A whole document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Doc {
    /// The title (SLA（サービス品質保証）規定).
    pub title: String,
    /// The service.
    pub service: String,
    /// The provider's company, if given.
    pub company: Option<String>,
    /// Lines under the title: 文書番号, サービス名, 制定日, 改定日, 施行日, 発行日, 提供者,
    /// お問い合わせ先, 変更履歴 (each at most once).
    pub meta: Vec<MetaLine>,
    /// The running header of the PDF: the title and the revision (「… 2024年5月改定」).
    pub header: String,
    /// The latest date the document states (発行日, else 改定日): HTML's 「最終更新日」 line.
    pub updated: MetaLine,
    /// The body face: `mincho` or `gothic` (`style { font … }`).
    pub font: String,
    /// True when the document has chapters: it gets a table of contents (目次).
    pub contents: bool,
    /// What a division with no content prints under its heading (「（略）」).
    pub omitted: String,
    /// The document's content.
    pub blocks: Vec<Node>,
    /// 附則 at the end, when the spec asks for it.
    pub supplement: Option<Supplement>,
    /// A closing word at the end (以上), or empty.
    pub closing: String,
}

/// The supplementary provisions (附則) at the end of a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Supplement {
    /// 附則
    pub heading: String,
    /// 本規定は2024年5月1日から施行します。
    pub text: String,
}

/// A labelled line in the title block.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MetaLine {
    /// 改定日
    pub label: String,
    /// 2024年5月
    pub value: String,
    /// The address the value links to (the 変更履歴's `history_url`), already checked to be an
    /// absolute http(s) URL that needs no escaping in a link; `None` for plain lines.
    #[serde(default)]
    pub url: Option<String>,
}

/// A part of the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Node {
    /// A chapter, section or clause.
    Section(Section),
    /// A paragraph; each line ends with a line break except the last.
    Paragraph {
        /// The lines.
        lines: Vec<String>,
    },
    /// A note, shown with ※.
    Note {
        /// The lines.
        lines: Vec<String>,
    },
    /// A list with generated markers.
    List {
        /// `bullet`, `numbered`, `paren`, `roman`, `alpha`, `plain`, `dash`.
        style: String,
        /// The items.
        items: Vec<Item>,
    },
    /// A table.
    Table {
        /// Column headings (may be empty).
        head: Vec<Cell>,
        /// Rows.
        rows: Vec<Vec<Cell>>,
        /// Per column: true when every body cell is a number (98%, 1,000), set right-aligned.
        numeric: Vec<bool>,
    },
}

/// A list item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Item {
    /// The marker as printed: ・, i., a., (1), 1., or empty.
    pub marker: String,
    /// The item's lines.
    pub lines: Vec<String>,
}

/// A table cell: lines.
pub type Cell = Vec<String>;

/// A chapter, section or clause with its generated number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Section {
    /// The division's stable id (anchors, diff matching).
    pub id: String,
    /// `chapter`, `section` or `clause`.
    pub kind: String,
    /// Heading level from 1 (a top-level division).
    pub level: usize,
    /// The full heading as printed: 第3章 カスタマーサポート, 2.回答時間, ●サービス稼働率.
    pub heading: String,
    /// The number part alone: 第3章, 2., (1), or empty.
    pub number: String,
    /// The title alone.
    pub title: String,
    /// The number part when it is an ornament, not a number (the 「●」 of 「●{title}」): HTML
    /// draws it with the stylesheet instead of printing it in the heading. Empty otherwise.
    pub ornament: String,
    /// The content.
    pub blocks: Vec<Node>,
}

impl Node {
    /// A table; which columns are numeric is worked out from the rows.
    pub fn table(head: Vec<Cell>, rows: Vec<Vec<Cell>>) -> Node {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        let numeric = (0..columns)
            .map(|c| {
                !rows.is_empty()
                    && rows
                        .iter()
                        .all(|r| r.get(c).is_some_and(|cell| is_number(&cell.join(""))))
            })
            .collect();
        Node::Table {
            head,
            rows,
            numeric,
        }
    }

    /// The node as plain lines: list items with their markers, notes with ※, table rows with
    /// cells separated by an ideographic space, sections with their heading first.
    pub fn lines(&self, out: &mut Vec<String>) {
        match self {
            Node::Section(s) => s.lines(true, out),
            Node::Paragraph { lines } => out.extend(lines.iter().cloned()),
            Node::Note { lines } => {
                for (i, l) in lines.iter().enumerate() {
                    out.push(if i == 0 { format!("※{l}") } else { l.clone() });
                }
            }
            Node::List { items, .. } => {
                for item in items {
                    for (i, l) in item.lines.iter().enumerate() {
                        out.push(if i == 0 {
                            format!("{}{l}", item.marker)
                        } else {
                            l.clone()
                        });
                    }
                }
            }
            Node::Table { head, rows, .. } => {
                for row in std::iter::once(head).chain(rows).filter(|r| !r.is_empty()) {
                    let cells: Vec<String> = row.iter().map(|c| c.join(" ")).collect();
                    out.push(cells.join("　"));
                }
            }
        }
    }
}

impl Section {
    /// The section as plain lines: its heading, its content, and (if `nested`) its
    /// subsections.
    pub fn lines(&self, nested: bool, out: &mut Vec<String>) {
        out.push(self.heading.clone());
        for b in &self.blocks {
            if !nested && matches!(b, Node::Section(_)) {
                continue;
            }
            b.lines(out);
        }
    }

    /// The section as text, lines joined with newlines (subsections included).
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        self.lines(true, &mut out);
        out.join("\n")
    }

    /// Its direct subsections.
    pub fn subsections(&self) -> impl Iterator<Item = &Section> {
        self.blocks.iter().filter_map(|b| match b {
            Node::Section(s) => Some(s),
            _ => None,
        })
    }
}

impl Doc {
    /// Every section, depth first, with its ancestors (outermost first).
    pub fn sections(&self) -> Vec<(Vec<&Section>, &Section)> {
        fn walk<'a>(
            nodes: &'a [Node],
            path: &mut Vec<&'a Section>,
            out: &mut Vec<(Vec<&'a Section>, &'a Section)>,
        ) {
            for n in nodes {
                if let Node::Section(s) = n {
                    out.push((path.clone(), s));
                    path.push(s);
                    walk(&s.blocks, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut Vec::new(), &mut out);
        out
    }

    /// The whole document as plain text.
    pub fn text(&self) -> String {
        let mut out = vec![self.title.clone()];
        for m in &self.meta {
            out.push(format!("{}：{}", m.label, m.value));
        }
        for b in &self.blocks {
            b.lines(&mut out);
        }
        if let Some(s) = &self.supplement {
            out.push(s.heading.clone());
            out.push(s.text.clone());
        }
        if !self.closing.is_empty() {
            out.push(self.closing.clone());
        }
        out.join("\n")
    }
}

/// A number as a table cell holds it: digits with `,` or `.` between them, an optional sign
/// before and an optional percent sign after (half- or full-width). 「2時間以内」 is not one.
pub fn is_number(cell: &str) -> bool {
    let s = cell.trim();
    let s = s.strip_prefix(['+', '-', '−']).unwrap_or(s);
    let s = s.strip_suffix(['%', '％']).unwrap_or(s);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let chars: Vec<char> = s.chars().collect();
    !chars.is_empty()
        && digit(chars[0])
        && digit(chars[chars.len() - 1])
        && chars
            .iter()
            .all(|&c| digit(c) || matches!(c, ',' | '.' | '，' | '．'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_numbers_and_words_are_not() {
        for n in ["98%", "99.9％", "1,000", "２", "-5"] {
            assert!(is_number(n), "{n}");
        }
        for w in ["2時間以内", "10～20Mbps", "", "%", "1.", "有り"] {
            assert!(!is_number(w), "{w}");
        }
    }

    #[test]
    fn a_column_is_numeric_only_when_every_row_is() {
        let cell = |s: &str| vec![s.to_string()];
        let Node::Table { numeric, .. } = Node::table(
            vec![cell("区分"), cell("値")],
            vec![vec![cell("a"), cell("98%")], vec![cell("b"), cell("10%")]],
        ) else {
            unreachable!()
        };
        assert_eq!(numeric, [false, true]);
        let Node::Table { numeric, .. } = Node::table(
            vec![cell("区分"), cell("値")],
            vec![vec![cell("a"), cell("98%")], vec![cell("b"), cell("なし")]],
        ) else {
            unreachable!()
        };
        assert_eq!(numeric, [false, false]);
    }
}
