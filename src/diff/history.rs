//! The change history (変更履歴): the amendments between consecutive revisions of one or more
//! specs, on one page. Revisions are read from git by `crate::source::git`.

use super::{Amendment, Labels, compare};
use crate::model::Spec;
use crate::render::doc::Doc;
use crate::render::words;
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
    /// The service.
    pub service: String,
    /// The date the SLA was introduced (制定), from the first revision record (else the oldest
    /// version's revision date), as printed: 2007年4月2日.
    pub enacted: String,
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
    /// The opening paragraph of a change history: when each service introduced the SLA
    /// (empty for a single amendment).
    pub intro: Vec<String>,
    /// The latest revision date on the page, as printed.
    pub date: String,
    /// The provider's company, when the specs give one.
    pub company: Option<String>,
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
    let mut latest: Option<(crate::model::RevisionDate, crate::model::Style)> = None;
    let mut company = None;
    for (id, mut vs) in groups {
        vs.sort_by_key(|v| v.spec.revised.first_day());
        vs.dedup_by_key(|v| v.spec.revised);
        let title = vs.last().map(|v| v.spec.title.clone()).unwrap_or_default();
        let enacted = vs
            .last()
            .and_then(|v| v.spec.revisions.first().map(|r| (r.date, &v.spec.style)))
            .or_else(|| vs.first().map(|v| (v.spec.revised, &v.spec.style)))
            .map(|(d, style)| words::revision_date(d, style))
            .unwrap_or_default();
        let service = vs
            .last()
            .map(|v| v.spec.service.clone())
            .unwrap_or_default();
        let revisions = vs
            .windows(2)
            .map(|p| compare(&p[0].spec, &p[0].doc, &p[1].spec, &p[1].doc, labels))
            .collect();
        if let Some(v) = vs.last()
            && latest
                .as_ref()
                .is_none_or(|(d, _)| v.spec.revised.first_day() > d.first_day())
        {
            latest = Some((v.spec.revised, v.spec.style.clone()));
        }
        if company.is_none() {
            company = vs.last().and_then(|v| v.spec.company.clone());
        }
        specs.push(SpecHistory {
            heading: format!("{title}：変更履歴"),
            service,
            enacted,
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
    let intro = intro(&specs);
    Page {
        title,
        intro,
        date: latest
            .map(|(d, style)| words::revision_date(d, &style))
            .unwrap_or_default(),
        company,
        labels: labels.clone(),
        specs,
    }
}

/// The opening paragraph of the change history, as the seed's page has it: 「「Synergy!」には
/// 2007年4月2日より、また「Synergy!LINK」には2013年10月1日より、サービス品質保証制度(SLA)を
/// 導入いたしました。」 and that the services are provided under it.
fn intro(specs: &[SpecHistory]) -> Vec<String> {
    let Some(first) = specs.first() else {
        return Vec::new();
    };
    // The name of the scheme: the title without the service's name before it.
    let scheme = first
        .title
        .strip_prefix(&first.service)
        .filter(|s| !s.is_empty())
        .unwrap_or(&first.title);
    let dates: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "{}「{}」には{}より",
                if i > 0 { "また" } else { "" },
                s.service,
                s.enacted
            )
        })
        .collect();
    let services: Vec<String> = specs.iter().map(|s| s.service.clone()).collect();
    let after = if services.len() > 1 {
        format!(
            "今後{}の各サービスは同制度に則り提供いたします。",
            services.join("ならびに")
        )
    } else {
        format!("今後{}は同制度に則り提供いたします。", services[0])
    };
    vec![
        format!("{}、{scheme}を導入いたしました。", dates.join("、")),
        after,
    ]
}

/// The page of one amendment (新旧対照表): titled 「Synergy!サービス品質保証制度(SLA) 新旧対照表」.
pub fn amendment_page(old: Version, new: Version, amendment: Amendment, labels: &Labels) -> Page {
    Page {
        title: format!("{} 新旧対照表", new.spec.title),
        intro: Vec::new(),
        date: amendment.date.clone(),
        company: new.spec.company.clone(),
        labels: labels.clone(),
        specs: vec![SpecHistory {
            id: new.spec.id.clone(),
            title: new.spec.title.clone(),
            heading: new.spec.title.clone(),
            service: new.spec.service.clone(),
            enacted: String::new(),
            origins: vec![old.origin, new.origin],
            revisions: vec![amendment],
        }],
    }
}
