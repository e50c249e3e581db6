//! The change history (変更履歴): the amendments between consecutive revisions of one or more
//! specs, on one page, and reading revisions from git.

use super::{Amendment, Labels, compare};
use crate::model::Spec;
use crate::render::doc::Doc;
use crate::render::words;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// A problem talking to git.
#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        let msg = msg
            .lines()
            .find(|l| l.starts_with("fatal:"))
            .map(|l| l.trim_start_matches("fatal:").trim().to_string())
            .unwrap_or(msg);
        return Err(GitError(msg));
    }
    Ok(out.stdout)
}

/// The directory to run git in for a path, and the path relative to it.
fn split(path: &Path) -> (PathBuf, PathBuf) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file = path.file_name().map(PathBuf::from).unwrap_or_default();
    (dir, file)
}

/// The file at a revision: `git show REV:./path`, run in the nearest directory of the path that
/// exists in the working tree (a directory may have been removed since that revision).
pub fn show(rev: &str, path: &Path) -> Result<Vec<u8>, GitError> {
    let (mut dir, file) = split(path);
    let mut rest = file;
    while !dir.is_dir() {
        let (up, name) = split(&dir);
        if up == dir {
            return Err(GitError(format!("no directory {}", dir.display())));
        }
        rest = name.join(rest);
        dir = up;
    }
    git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        GitError(format!(
            "{} is not in a git repository ({e})",
            path.display()
        ))
    })?;
    git(
        &dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| GitError(format!("unknown revision `{rev}`")))?;
    git(&dir, &["show", &format!("{rev}:./{}", rest.display())])
        .map_err(|e| GitError(format!("{rev}:{}: {e}", path.display())))
}

/// The commits that touched a file, oldest first (following renames).
pub fn commits(path: &Path) -> Result<Vec<String>, GitError> {
    let (dir, file) = split(path);
    git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        GitError(format!(
            "{} is not in a git repository ({e})",
            path.display()
        ))
    })?;
    let out = git(
        &dir,
        &[
            "log",
            "--format=%H",
            "--follow",
            "--",
            &file.display().to_string(),
        ],
    )?;
    let mut list: Vec<String> = String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_string)
        .collect();
    if list.is_empty() {
        return Err(GitError(format!(
            "{} has no commits in git (commit it first)",
            path.display()
        )));
    }
    list.reverse();
    Ok(list)
}

/// Splits `REV:path` when the argument is not an existing file and has a revision part.
pub fn parse_rev(arg: &str) -> Option<(String, PathBuf)> {
    if Path::new(arg).exists() {
        return None;
    }
    let (rev, path) = arg.split_once(':')?;
    if rev.is_empty() || path.is_empty() {
        return None;
    }
    Some((rev.to_string(), PathBuf::from(path)))
}
