//! The change history (変更履歴): the amendments between consecutive revisions of one or more
//! specs, on one page. Revisions are read from git by `crate::source::git`.

use super::{Amendment, Labels, compare};
use crate::model::Spec;
use crate::render::doc::Doc;
use serde::Serialize;

/// One revision of a spec, laid out.
pub struct Version {
    /// Where it came from (a path or `REV:path`).
    pub origin: String,
    /// The model.
    pub spec: Spec,
    /// The laid-out document.
    pub doc: Doc,
}

/// The history of one spec.
#[derive(Debug, Clone, Serialize)]
pub struct SpecHistory {
    /// The spec's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// 「Synergy!サービス品質保証制度(SLA)：変更履歴」
    pub heading: String,
    /// Where its versions came from, oldest first.
    pub origins: Vec<String>,
    /// The amendments, oldest first.
    pub revisions: Vec<Amendment>,
}

/// A history page: one or more specs.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The page title.
    pub title: String,
    /// Column labels and placeholders.
    pub labels: Labels,
    /// The specs, in the order first given.
    pub specs: Vec<SpecHistory>,
}

impl Page {
    /// True when any amendment on the page is unfavourable to the customer.
    pub fn unfavourable(&self) -> bool {
        self.specs
            .iter()
            .flat_map(|s| &s.revisions)
            .any(|a| a.unfavourable)
    }
}

/// Builds the page from versions: grouped by spec id in order of first appearance, each group
/// ordered by revision date; consecutive versions are compared. Versions with the same revision
/// date as the previous one are skipped.
pub fn page(versions: Vec<Version>, labels: &Labels) -> Page {
    let mut groups: Vec<(String, Vec<Version>)> = Vec::new();
    for v in versions {
        match groups.iter_mut().find(|(id, _)| *id == v.spec.id) {
            Some((_, vs)) => vs.push(v),
            None => groups.push((v.spec.id.clone(), vec![v])),
        }
    }
    let mut specs = Vec::new();
    for (id, mut vs) in groups {
        vs.sort_by_key(|v| v.spec.revised.first_day());
        vs.dedup_by_key(|v| v.spec.revised);
        let title = vs.last().map(|v| v.spec.title.clone()).unwrap_or_default();
        let revisions = vs
            .windows(2)
            .map(|p| compare(&p[0].spec, &p[0].doc, &p[1].spec, &p[1].doc, labels))
            .collect();
        specs.push(SpecHistory {
            heading: format!("{title}：変更履歴"),
            id,
            title,
            origins: vs.iter().map(|v| v.origin.clone()).collect(),
            revisions,
        });
    }
    let title = match specs.as_slice() {
        [one] => one.heading.clone(),
        _ => "変更履歴".into(),
    };
    Page {
        title,
        labels: labels.clone(),
        specs,
    }
}
