//! Files as they were in a git revision, and the commits that touched a file: `git show` and
//! `git log`, run as a child process in the file's directory.

use std::path::{Path, PathBuf};
use std::process::Command;

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
    // A blob only: `git show` of a directory prints a tree listing, which is no spec.
    let object = format!("{rev}:./{}", rest.display());
    git(&dir, &["cat-file", "blob", &object]).map_err(|e| {
        let kind = git(&dir, &["cat-file", "-t", &object]).unwrap_or_default();
        if kind.trim_ascii() == b"tree" {
            GitError(format!(
                "{rev}:{}: a directory in that revision, not a spec",
                path.display()
            ))
        } else {
            GitError(format!("{rev}:{}: {e}", path.display()))
        }
    })
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
