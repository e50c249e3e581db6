//! Syntax tree → typed model, with every semantic check.
//!
//! [`Loader`] reads spec files (and the specs they `use`), parses them and runs the checker.
//! The checker makes two passes over a tree: the first collects every declared id (so that
//! references may point forward), the second builds the [`Spec`], converting each value to its
//! unit and resolving each reference. Rules that look at several terms at once (credit tiers,
//! severity order, revision dates, interpolations) run last, in `rules`. Every problem is
//! collected; a spec with an error produces no model.

mod build;
mod rules;
mod values;

use crate::diagnostic::{Diagnostic, FileId, Problem, Sources};
use crate::model::Spec;
use crate::source::Root;
use crate::syntax::{self, Kind, ast::Span};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What checking one spec gave.
pub struct Checked {
    /// The file in [`Sources`].
    pub file: FileId,
    /// The model, when the spec has no errors.
    pub spec: Option<Spec>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The lossless syntax tree of the file (absent when it is not UTF-8): what an editor reads
    /// for positions, with no re-parse. Spans of the model and diagnostics are offsets in it.
    pub tree: Option<rowan::GreenNode>,
}

impl Checked {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and checks specs, keeping every file it read in [`Sources`] for diagnostics.
pub struct Loader {
    /// The files read so far.
    pub sources: Sources,
    /// Specs loaded through `use`, by canonical path.
    cache: HashMap<PathBuf, Option<Rc<Spec>>>,
    /// Canonical paths being loaded, to find cycles.
    stack: Vec<PathBuf>,
    /// Specs on `stack` that a spec they use (directly or not) uses back: the cycle is
    /// reported where it is found and again at the `use` of the spec it leads back to, which
    /// is the one the user is checking.
    open_cycles: Vec<PathBuf>,
    /// While a spec of a past revision is being checked, where the specs it `use`s are read:
    /// from the same revision, not from the working tree.
    revision: Option<Revision>,
    /// Where the files specs name may be read from.
    root: Root,
    /// The resolved tree of the spec being loaded (set for the run of one spec given by the
    /// caller, and kept for the specs it uses).
    tree: Option<PathBuf>,
}

/// Reads a file as it was in one revision (e.g. `git show REV:path`).
pub type RevisionReader = Box<dyn Fn(&Path) -> Result<Vec<u8>, String>>;

struct Revision {
    /// Names the revision in diagnostics and cache keys (`HEAD~1`).
    name: String,
    read: RevisionReader,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

impl Loader {
    /// A loader with no files, reading inside [`Root::Auto`].
    pub fn new() -> Loader {
        Loader::with_root(Root::Auto)
    }

    /// A loader with no files that reads what specs name only inside `root`.
    pub fn with_root(root: Root) -> Loader {
        Loader {
            sources: Sources::new(),
            cache: HashMap::new(),
            stack: Vec::new(),
            open_cycles: Vec::new(),
            revision: None,
            root,
            tree: None,
        }
    }

    /// Runs `f` with the tree of the spec at `path` as the one reads stay in, when no spec is
    /// being loaded yet (a spec the caller gives, not one reached by `use`).
    fn in_tree<T>(&mut self, path: &Path, f: impl FnOnce(&mut Loader) -> T) -> T {
        if self.tree.is_some() {
            return f(self);
        }
        self.tree = Some(self.root.tree_for(path));
        let out = f(self);
        self.tree = None;
        out
    }

    /// Reads and checks a spec as it was in a revision: `read` gives a file's bytes in that
    /// revision, for the spec and for every spec it `use`s (directly or not), so that a past
    /// revision is checked against the specs of its own time. `rev` names the revision in
    /// diagnostics (`HEAD~1:specs/x.sla`). An error reading the spec itself is returned.
    pub fn load_revision(
        &mut self,
        rev: &str,
        path: &Path,
        read: RevisionReader,
    ) -> Result<Checked, String> {
        let bytes = read(path)?;
        let outer = self.revision.replace(Revision {
            name: rev.to_string(),
            read,
        });
        let key = self.revision_key(path);
        let checked = self.in_tree(path, |l| l.load_on_stack(Some(&key), &key, path, bytes));
        self.revision = outer;
        Ok(checked)
    }

    /// Checks a spec while `key` (its canonical path or `REV:path`) is on the stack, so that a
    /// spec it uses that uses it back is found to be a cycle. `path` is where it is, for the
    /// directory its `use` paths start from; `display` names it in diagnostics.
    fn load_on_stack(
        &mut self,
        key: Option<&PathBuf>,
        display: &Path,
        path: &Path,
        bytes: Vec<u8>,
    ) -> Checked {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(k) = key {
            self.stack.push(k.clone());
        }
        let checked = self.load_bytes(display, &base, bytes);
        if let Some(k) = key {
            self.stack.pop();
            self.open_cycles.retain(|open| open != k);
        }
        checked
    }

    /// `REV:path`, the path with `.` and `..` resolved without the file system (the file may
    /// not exist in the working tree).
    fn revision_key(&self, path: &Path) -> PathBuf {
        let rev = self.revision.as_ref().map_or("", |r| r.name.as_str());
        PathBuf::from(format!("{rev}:{}", lexical_normal(path).display()))
    }

    /// Reads and checks a spec file. An I/O error (missing file, unreadable) is returned as
    /// such: it is a usage problem, not a problem of the spec.
    pub fn load(&mut self, path: &Path) -> std::io::Result<Checked> {
        let bytes = self.sources.read(path)?;
        // Also the spec given on the command line is on the stack, for cycles through it.
        let canonical = path.canonicalize().ok();
        Ok(self.in_tree(path, |l| {
            l.load_on_stack(canonical.as_ref(), path, path, bytes)
        }))
    }

    /// Checks a spec given as bytes (e.g. read from git). `display` names it in diagnostics;
    /// `base` is the directory its `use` paths are relative to.
    pub fn load_bytes(&mut self, display: &Path, base: &Path, bytes: Vec<u8>) -> Checked {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = self.sources.add(display, lossy);
                let d = Diagnostic::new(Problem::InvalidUtf8, file, Span::new(offset, offset + 1));
                return Checked {
                    file,
                    spec: None,
                    diagnostics: vec![d],
                    tree: None,
                };
            }
        };
        // The text is kept as read (byte order mark, CRLF, lone CR): the syntax tree holds every
        // byte, and `Sources` counts lines and columns as the grammar and editors do.
        let file = self.sources.add(display, text);
        let text = self.sources.text(file).to_string();
        let parse = syntax::parse(&text, file);
        let mut diags = parse.diagnostics;
        let green = parse.green;
        let Some(tree) = parse.ast else {
            return Checked {
                file,
                spec: None,
                diagnostics: diags,
                tree: Some(green),
            };
        };
        // Load the specs this one uses before checking it.
        let mut uses = HashMap::new();
        for u in &tree.uses {
            let target = base.join(&u.path.value);
            match self.load_used(&target) {
                Ok(Some(spec)) => {
                    uses.insert(u.name.value.clone(), (spec, u.path.value.clone()));
                }
                Ok(None) => diags.push(Diagnostic::new(
                    Problem::ImportFailed {
                        path: u.path.value.clone(),
                        reason: "it has errors (check it on its own)".into(),
                    },
                    file,
                    u.path.span,
                )),
                Err(UseError::Cycle) => diags.push(Diagnostic::new(
                    Problem::ImportCycle {
                        path: u.path.value.clone(),
                    },
                    file,
                    u.path.span,
                )),
                Err(UseError::Outside(root)) => diags.push(Diagnostic::new(
                    Problem::OutsideRoot {
                        path: u.path.value.clone(),
                        root: root.display().to_string(),
                    },
                    file,
                    u.path.span,
                )),
                Err(UseError::Io(e)) => diags.push(Diagnostic::new(
                    Problem::ImportFailed {
                        path: u.path.value.clone(),
                        reason: e,
                    },
                    file,
                    u.path.span,
                )),
            }
        }
        let syntax_ok = diags.is_empty();
        let failed_uses = tree
            .uses
            .iter()
            .map(|u| u.name.value.clone())
            .filter(|n| !uses.contains_key(n))
            .collect();
        let reads_in = self.tree.clone().unwrap_or_else(|| self.root.tree_in(base));
        let mut checker = Checker::new(file, &text, uses, failed_uses, base, reads_in);
        let spec = checker.spec(&tree);
        diags.extend(checker.diags);
        diags.sort_by_key(|d| (d.file != file, d.span.start, d.problem.code()));
        diags.dedup();
        let has_errors = diags.iter().any(Diagnostic::is_error);
        Checked {
            file,
            spec: if has_errors || !syntax_ok { None } else { spec },
            diagnostics: diags,
            tree: Some(green),
        }
    }

    fn load_used(&mut self, path: &Path) -> Result<Option<Rc<Spec>>, UseError> {
        let canonical = match &self.revision {
            Some(_) => self.revision_key(path),
            None => {
                let canonical = path
                    .canonicalize()
                    .map_err(|e| UseError::Io(format!("{}: {e}", path.display())))?;
                // Outside the tree: refused before anything of it is read.
                if let Some(tree) = &self.tree
                    && !canonical.starts_with(tree)
                {
                    return Err(UseError::Outside(tree.clone()));
                }
                canonical
            }
        };
        if self.stack.contains(&canonical) {
            if self.stack.last() != Some(&canonical) {
                self.open_cycles.push(canonical);
            }
            return Err(UseError::Cycle);
        }
        if let Some(hit) = self.cache.get(&canonical) {
            return Ok(hit.clone());
        }
        let checked = match &self.revision {
            Some(r) => {
                let path = lexical_normal(path);
                let bytes = (r.read)(&path).map_err(UseError::Io)?;
                self.load_on_stack(Some(&canonical), &canonical, &path, bytes)
            }
            None => self
                .load(path)
                .map_err(|e| UseError::Io(format!("{}: {e}", path.display())))?,
        };
        let spec = checked.spec.map(Rc::new);
        self.cache.insert(canonical, spec.clone());
        // The used spec leads back to the one using it: a cycle here too, not just errors.
        if let Some(me) = self.stack.last()
            && let Some(i) = self.open_cycles.iter().position(|c| c == me)
        {
            self.open_cycles.swap_remove(i);
            return Err(UseError::Cycle);
        }
        Ok(spec)
    }
}

enum UseError {
    Cycle,
    /// The spec lies outside this tree.
    Outside(PathBuf),
    Io(String),
}

/// What an id names, for resolution and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    Division,
    Term(Kind),
    SeverityLevel,
}

impl IdKind {
    fn describe(self) -> &'static str {
        match self {
            IdKind::Division => "a chapter, section or clause",
            IdKind::SeverityLevel => "a severity level",
            IdKind::Term(k) => k.noun(),
        }
    }
}

/// State of checking one spec.
pub(crate) struct Checker<'t> {
    file: FileId,
    text: &'t str,
    diags: Vec<Diagnostic>,
    /// Every declared id: what it names and where.
    ids: FxHashMap<String, (IdKind, Span)>,
    /// Specs named by `use`, with the path written.
    uses: HashMap<String, (Rc<Spec>, String)>,
    /// Names of `use`s that could not be loaded: already reported at the `use`, so references
    /// through them are not reported again.
    failed_uses: HashSet<String>,
    /// Calendar declarations by id, so hours can use a calendar declared after them.
    calendar_decls: FxHashMap<String, crate::syntax::ast::Node>,
    /// The directory relative paths in the spec start from.
    base: PathBuf,
    /// The resolved tree files the spec names must lie in.
    tree: PathBuf,
}

impl<'t> Checker<'t> {
    fn new(
        file: FileId,
        text: &'t str,
        uses: HashMap<String, (Rc<Spec>, String)>,
        failed_uses: HashSet<String>,
        base: &Path,
        tree: PathBuf,
    ) -> Self {
        Checker {
            file,
            text,
            diags: Vec::new(),
            ids: FxHashMap::default(),
            uses,
            failed_uses,
            calendar_decls: FxHashMap::default(),
            base: base.to_path_buf(),
            tree,
        }
    }

    fn error(&mut self, problem: Problem, span: Span) {
        self.diags.push(Diagnostic::new(problem, self.file, span));
    }

    /// The closest declared id of the wanted kind, for "did you mean".
    fn suggest(&self, name: &str, want: impl Fn(IdKind) -> bool) -> Option<String> {
        let mut best: Option<(usize, &String)> = None;
        for (id, (kind, _)) in &self.ids {
            if !want(*kind) {
                continue;
            }
            let d = edit_distance(name, id);
            if d <= 2.max(name.chars().count() / 3)
                && best.is_none_or(|(b, bid)| (d, id) < (b, bid))
            {
                best = Some((d, id));
            }
        }
        best.map(|(_, id)| id.clone())
    }

    /// Resolves a local reference to an id of an accepted kind.
    fn resolve(
        &mut self,
        name: &str,
        span: Span,
        accept: &[IdKind],
        expected: &'static str,
    ) -> Option<String> {
        match self.ids.get(name) {
            Some((kind, _)) if accept.contains(kind) => Some(name.to_string()),
            Some((kind, _)) => {
                let found = kind.describe();
                self.error(
                    Problem::WrongKind {
                        name: name.into(),
                        expected,
                        found,
                    },
                    span,
                );
                None
            }
            None => {
                let suggestion = self.suggest(name, |k| accept.contains(&k));
                self.error(
                    Problem::UnknownReference {
                        name: name.into(),
                        expected,
                        suggestion,
                    },
                    span,
                );
                None
            }
        }
    }

    /// Byte offset in the file of `offset` inside the value of the string literal at `span`.
    fn offset_in_literal(&self, span: Span, value: &str, offset: usize) -> usize {
        let raw = &self.text[span.start..span.end.min(self.text.len())];
        let needle_end = value[offset..]
            .find('}')
            .map(|e| offset + e + 1)
            .unwrap_or(value.len());
        let needle = &value[offset..needle_end];
        // The literal's source is never shorter than its value before a point (quotes,
        // escapes, a text block's indentation and CRLF only add to it), so the needle is
        // looked for from `offset` on: the right one of several equal interpolations, and a
        // scan of a few bytes, not of the whole line for each of thousands on it.
        let mut from = offset.min(raw.len());
        while !raw.is_char_boundary(from) {
            from += 1;
        }
        raw[from..]
            .find(needle)
            .map(|i| span.start + from + i)
            .or_else(|| raw.find(needle).map(|i| span.start + i))
            .unwrap_or(span.start)
    }
}

/// The path with `.` dropped and `..` taking back the component before it, where there is one.
fn lexical_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Levenshtein distance over characters, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
