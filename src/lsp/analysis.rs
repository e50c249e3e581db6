//! One document as the server knows it: the result of checking it (the same [`Loader`] as
//! `slagen check`, with the editor's unsaved buffers standing for their files), its syntax tree,
//! an index of the ids it declares and refers to, and conversions between LSP positions (lines
//! and UTF-16 columns) and the byte offsets every span uses.

use crate::check::Loader;
use crate::diagnostic::{Diagnostic, FileId, Severity, Sources};
use crate::model::Spec;
use crate::syntax::Kind;
use crate::syntax::cst::{SyntaxKind, SyntaxNode, SyntaxToken};
use lsp_types as lsp;
use rowan::{GreenNode, TextRange, TextSize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::outline::{Headings, Place, Symbol};

/// A checked document.
pub struct Analysis {
    /// The files the check read (this one first, then the specs it uses).
    pub sources: Sources,
    /// This document in [`Self::sources`].
    pub file: FileId,
    /// Its lossless tree.
    pub green: GreenNode,
    /// True when the tree has the file's statements (its overall shape could be read).
    pub whole: bool,
    /// Every error and warning, as `slagen check` reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// The model, when the spec has no errors.
    pub spec: Option<Arc<Spec>>,
    /// Canonical paths of the specs it uses, directly or not.
    pub deps: Vec<PathBuf>,
    /// Ids declared and referred to, read from the tree when first asked for (not every
    /// check needs them: the time goes to the diagnostics after an edit).
    index: OnceLock<Arc<Index>>,
    /// The semantic tokens of the tree, in its text (made when first asked for).
    tokens: OnceLock<Vec<super::tokens::Piece>>,
    /// The outline of the tree (made when first asked for).
    outline: OnceLock<Vec<Symbol>>,
    /// The headings the document prints, by id, when there is a model.
    headings: OnceLock<Headings>,
    /// The answers about the whole text (made by [`Self::prepare`]).
    answers: OnceLock<Answers>,
    /// The text formatted (`None` when it has syntax errors), made by [`Self::format`].
    formatted: OnceLock<Option<String>>,
}

/// The answers to the requests about a whole document (outline, semantic tokens) for the text
/// of a check, made once on the worker: the 1 MB spec's outline is 1.5 MB of JSON, its tokens
/// a walk over the whole tree, too much to make while an editor waits. A request copies them
/// (moved through the edits made since, [`Moves`]).
pub struct Answers {
    /// The result of `textDocument/documentSymbol`.
    pub outline: Value,
    /// A copy of [`Self::outline`] made ahead, off the server's loop: copying the 1 MB spec's
    /// outline costs as much as everything else its request does.
    spare: Mutex<Option<Value>>,
    /// The semantic tokens, encoded as the protocol sends them (five numbers a token).
    pub tokens: Arc<Vec<u32>>,
}

impl Analysis {
    /// Checks `path` with `buffers` (path → text) standing for files on disk; the document's
    /// own text must be among them. Files the spec names are read inside `root`.
    pub fn check(
        path: &Path,
        buffers: &[(PathBuf, Arc<str>)],
        root: &crate::source::Root,
    ) -> Analysis {
        let mut loader = Loader::with_root(root.clone());
        for (p, text) in buffers {
            loader.sources.set_buffer(p, Some(text.to_string()));
        }
        let checked = loader.load(path);
        let mut sources = std::mem::take(&mut loader.sources);
        let Ok(checked) = checked else {
            // Only for a file that is neither open nor readable (a `use`d spec that is gone):
            // it reads as empty, and its users report the failed `use`.
            let file = sources.add(path, String::new());
            let parse = crate::syntax::parse("", file);
            return Analysis::new(sources, file, parse.green, Vec::new(), None);
        };
        let green = match checked.tree {
            Some(g) => g,
            None => crate::syntax::parse("", checked.file).green,
        };
        let mut a = Analysis::new(
            sources,
            checked.file,
            green,
            checked.diagnostics,
            checked.spec.map(Arc::new),
        );
        a.deps = a
            .sources
            .paths()
            .enumerate()
            .filter(|(id, _)| *id != a.file)
            .map(|(_, p)| canonical(p))
            .collect();
        a
    }

    /// A text read but not checked (no model, no `use`d specs): what the outline and the
    /// semantic tokens are made from before the first check of a document finishes.
    pub fn parsed(path: &Path, text: &str) -> Analysis {
        let mut sources = Sources::new();
        let file = sources.add(path, text.to_string());
        let parse = crate::syntax::parse(text, file);
        Analysis::new(sources, file, parse.green, parse.diagnostics, None)
    }

    fn new(
        sources: Sources,
        file: FileId,
        green: GreenNode,
        diagnostics: Vec<Diagnostic>,
        spec: Option<Arc<Spec>>,
    ) -> Analysis {
        let whole = SyntaxNode::new_root(green.clone())
            .children()
            .any(|n| n.kind() != SyntaxKind::Stmt(Kind::Error));
        Analysis {
            sources,
            file,
            green,
            whole,
            diagnostics,
            spec,
            deps: Vec::new(),
            index: OnceLock::new(),
            tokens: OnceLock::new(),
            outline: OnceLock::new(),
            headings: OnceLock::new(),
            answers: OnceLock::new(),
            formatted: OnceLock::new(),
        }
    }

    /// The ids it declares and refers to.
    pub fn index(&self) -> &Arc<Index> {
        self.index
            .get_or_init(|| Arc::new(Index::build(&self.root())))
    }

    /// Makes what requests read (the index, the answers about the whole text, the formatted
    /// text when `format`), so that no request waits for it: the worker calls it once the check
    /// is handed over. Without a model, the outline is named by `fallback`, the headings of the
    /// last check that had one. Between its steps it stops when `newer` says that a newer text
    /// of the document waits to be checked; it returns whether everything was made.
    pub fn prepare(
        &self,
        fallback: Option<&Analysis>,
        format: bool,
        newer: &mut dyn FnMut() -> bool,
    ) -> bool {
        let steps: [&dyn Fn(); 4] = [
            &|| {
                self.index();
                self.tokens();
            },
            &|| {
                self.outline();
                self.headings();
            },
            &|| {
                self.answers(fallback);
            },
            &|| {
                if format {
                    self.format();
                }
            },
        ];
        for step in steps {
            if newer() {
                return false;
            }
            step();
        }
        true
    }

    /// The answers about the whole text (see [`Self::prepare`]).
    pub fn answers(&self, fallback: Option<&Analysis>) -> &Answers {
        self.answers.get_or_init(|| {
            let headings = match fallback {
                Some(f) if self.spec.is_none() => f.headings(),
                _ => self.headings(),
            };
            let place = Place {
                lines: &self.sources,
                file: self.file,
            };
            let tokens = super::tokens::encode(self.tokens().iter().map(|p| (p, p.at())));
            let outline = super::outline::answer(self.outline(), place, headings);
            Answers {
                spare: Mutex::new(Some(outline.clone())),
                outline,
                tokens: Arc::new(tokens),
            }
        })
    }

    /// The text formatted as `slagen fmt` formats it (`None` when it has syntax errors), made
    /// once: ahead on the worker for an editor that formats, or when first asked.
    pub fn format(&self) -> &Option<String> {
        self.formatted.get_or_init(|| {
            // From the tree of the check when it read the whole text without a syntax error
            // (E000x): the parse is most of the cost of formatting a large spec.
            let syntax_error = self
                .diagnostics
                .iter()
                .any(|d| d.file == self.file && d.problem.is_syntax());
            let root = self.root();
            if !self.whole || syntax_error {
                None
            } else if usize::from(root.text_range().len()) == self.text().len() {
                Some(crate::fmt::print(&root, self.text()))
            } else {
                crate::fmt::format(self.text(), self.file).ok()
            }
        })
    }

    /// The semantic tokens of the tree.
    pub fn tokens(&self) -> &[super::tokens::Piece] {
        self.tokens.get_or_init(|| super::tokens::pieces(self))
    }

    /// The statements the outline shows, in the checked text.
    pub fn outline(&self) -> &[Symbol] {
        self.outline.get_or_init(|| Symbol::of(&self.root()))
    }

    /// The headings the document prints (第3章 カスタマーサポート), by id; empty without a model.
    pub fn headings(&self) -> &Headings {
        self.headings.get_or_init(|| {
            self.spec
                .as_ref()
                .map(|s| super::hover::headings(s))
                .unwrap_or_default()
        })
    }

    /// The root of the tree.
    pub fn root(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    /// The document's text, as checked.
    pub fn text(&self) -> &str {
        self.sources.text(self.file)
    }

    /// The editor position of a byte offset.
    pub fn position(&self, offset: usize) -> lsp::Position {
        position_in(&self.sources, self.file, offset)
    }

    /// The editor range of a byte range.
    pub fn range(&self, range: TextRange) -> lsp::Range {
        lsp::Range::new(
            self.position(range.start().into()),
            self.position(range.end().into()),
        )
    }

    /// The diagnostics of this document for the editor: code, message and help as `slagen
    /// check` prints them, secondary labels as related information.
    pub fn lsp_diagnostics(&self) -> Vec<lsp::Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.file == self.file)
            .map(|d| self.lsp_diagnostic(d))
            .collect()
    }

    fn lsp_diagnostic(&self, d: &Diagnostic) -> lsp::Diagnostic {
        let mut message = d.problem.message();
        if let Some(help) = d.problem.help() {
            message.push_str("\nhelp: ");
            message.push_str(&help);
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .filter_map(|(file, span, note)| {
                let uri = file_url(self.sources.path(*file))?;
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(
                        uri,
                        lsp::Range::new(
                            position_in(&self.sources, *file, span.start),
                            position_in(&self.sources, *file, span.end),
                        ),
                    ),
                    message: note.clone(),
                })
            })
            .collect();
        lsp::Diagnostic {
            range: lsp::Range::new(self.position(d.span.start), self.position(d.span.end)),
            severity: Some(match d.problem.severity() {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            }),
            code: Some(lsp::NumberOrString::String(d.problem.code().to_string())),
            source: Some("slagen".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }
}

/// How an analysis's text became the document's current text: one replaced stretch between an
/// unchanged start and an unchanged end (full synchronisation sends whole texts; typing changes
/// one place). Offsets outside the stretch map both ways; the stretch itself has no counterpart.
/// This lets requests be answered from the last finished check while the next one runs, as
/// rust-analyzer answers from its last analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    /// Bytes both texts start with.
    prefix: usize,
    /// Where the unchanged end starts in the analysis's text.
    old_end: usize,
    /// Where the unchanged end starts in the current text.
    new_end: usize,
}

impl Shift {
    /// The shift between a text and itself.
    pub const IDENTITY: Shift = Shift {
        prefix: 0,
        old_end: 0,
        new_end: 0,
    };

    /// The shift from `old` to `new` (the identity when they are equal).
    pub fn between(old: &str, new: &str) -> Shift {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(a, b);
        while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
            prefix -= 1;
        }
        let max = a.len().min(b.len()) - prefix;
        let mut suffix = common_suffix(&a[a.len() - max..], &b[b.len() - max..]);
        while !(old.is_char_boundary(a.len() - suffix) && new.is_char_boundary(b.len() - suffix)) {
            suffix -= 1;
        }
        Shift {
            prefix,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
        }
    }

    /// The length of the unchanged start.
    pub fn prefix(self) -> usize {
        self.prefix
    }

    /// Where the unchanged end starts: in the analysis's text and in the current text.
    pub fn ends(self) -> (usize, usize) {
        (self.old_end, self.new_end)
    }

    /// True when the texts are equal.
    pub fn is_identity(self) -> bool {
        self.prefix == self.old_end && self.old_end == self.new_end
    }

    /// The analysis's offset for an offset of the current text (`None` inside the change).
    pub fn to_old(self, offset: usize) -> Option<usize> {
        if offset <= self.prefix {
            Some(offset)
        } else if offset >= self.new_end {
            Some(offset - self.new_end + self.old_end)
        } else {
            None
        }
    }

    /// A range of the analysis's text (a token, a name) in the current text, when it lies in
    /// the unchanged start or end.
    pub fn range_to_new(self, r: TextRange) -> Option<TextRange> {
        let (start, end): (usize, usize) = (r.start().into(), r.end().into());
        if self.is_identity() || end <= self.prefix {
            Some(r)
        } else if start >= self.old_end {
            let moved = |o: usize| size(o - self.old_end + self.new_end);
            Some(TextRange::new(moved(start), moved(end)))
        } else {
            None
        }
    }
}

impl Answers {
    /// A copy of the outline to send: the one made ahead when there is one (taking it costs
    /// nothing), else one made now.
    pub fn outline_copy(&self) -> Value {
        let spare = self.spare.lock().ok().and_then(|mut s| s.take());
        spare.unwrap_or_else(|| self.outline.clone())
    }

    /// Makes the next copy of the outline ahead, when there is none.
    pub fn make_spare(&self) {
        if self.spare.lock().is_ok_and(|s| s.is_some()) {
            return;
        }
        let copy = self.outline.clone();
        if let Ok(mut s) = self.spare.lock() {
            *s = Some(copy);
        }
    }
}

/// A [`Shift`] in editor positions (line, UTF-16 column): how the places of an answer made for
/// a check's text move to the current text. It moves answers made once (the outline as JSON,
/// the encoded semantic tokens) without going back to their byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moves {
    /// The end of the unchanged start.
    prefix: (u32, u32),
    /// Where the unchanged end starts, in the check's text and in the current one.
    old_end: (u32, u32),
    new_end: (u32, u32),
}

impl Moves {
    /// The moves of a shift from the text of `a` to the current text (`lines`, file 0).
    pub fn new(shift: Shift, a: &Analysis, lines: &Sources) -> Moves {
        let at = |p: lsp::Position| (p.line, p.character);
        let (old_end, new_end) = shift.ends();
        Moves {
            prefix: at(a.position(shift.prefix())),
            old_end: at(a.position(old_end)),
            new_end: at(position_in(lines, 0, new_end)),
        }
    }

    /// Where a place of the check's text is now (`None` inside the change). At an insertion
    /// point, the place goes with what follows it.
    pub fn to_new(self, p: (u32, u32)) -> Option<(u32, u32)> {
        if p >= self.old_end {
            Some(if p.0 == self.old_end.0 {
                (self.new_end.0, p.1 - self.old_end.1 + self.new_end.1)
            } else {
                (p.0 - self.old_end.0 + self.new_end.0, p.1)
            })
        } else if p <= self.prefix {
            Some(p)
        } else {
            None
        }
    }

    /// A range (a name, a token) now, when it lies in the unchanged start or end; as
    /// [`Shift::range_to_new`].
    pub fn range_to_new(self, start: (u32, u32), end: (u32, u32)) -> Option<[(u32, u32); 2]> {
        if end <= self.prefix {
            Some([start, end])
        } else if start >= self.old_end {
            Some([self.to_new(start)?, self.to_new(end)?])
        } else {
            None
        }
    }

    /// A range that may hold the change (a statement, a block) now: its ends moved, its
    /// inside as it is now.
    pub fn enclosing_to_new(self, start: (u32, u32), end: (u32, u32)) -> Option<[(u32, u32); 2]> {
        let start = if start <= self.prefix {
            start
        } else {
            self.to_new(start)?
        };
        let end = self.to_new(end)?;
        (start <= end).then_some([start, end])
    }
}

fn size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or_default()
}

/// The length of the common start of two byte strings, compared a block at a time (slice
/// equality is `memcmp`, fast even in a debug build; a 1 MB text is compared per request).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The length of the common end of two byte strings of equal length.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len();
    let mut k = 0;
    while k + BLOCK <= n && a[n - k - BLOCK..n - k] == b[n - k - BLOCK..n - k] {
        k += BLOCK;
    }
    while k < n && a[n - k - 1] == b[n - k - 1] {
        k += 1;
    }
    k
}

/// The byte offset of an editor position in a file of `sources`: the line, then UTF-16 code
/// units along it (LSP's default encoding); a byte order mark is not a column.
pub fn offset_in(sources: &Sources, file: FileId, pos: lsp::Position) -> usize {
    let text = sources.text(file);
    let mut start = sources.offset(file, pos.line as usize, 0);
    if start == 0 && text.starts_with('\u{FEFF}') {
        start = '\u{FEFF}'.len_utf8();
    }
    if start >= text.len() {
        return text.len();
    }
    let mut units = 0u32;
    for (i, c) in text[start..].char_indices() {
        if c == '\n' || c == '\r' || units >= pos.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The editor position (line, UTF-16 column) of a byte offset in a file of `sources`.
pub fn position_in(sources: &Sources, file: FileId, offset: usize) -> lsp::Position {
    let p = sources.position(file, offset);
    let line = sources.line_text(file, offset);
    let character: usize = line
        .chars()
        .take(p.column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    lsp::Position::new((p.line - 1) as u32, character as u32)
}

/// The `file://` URL of a path (made absolute and canonical where it exists).
pub fn file_url(path: &Path) -> Option<lsp::Url> {
    lsp::Url::from_file_path(canonical(path)).ok()
}

/// The canonical path when the file exists; else the path made absolute, `.` and `..` resolved
/// by their names.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An id a statement declares.
#[derive(Debug, Clone)]
pub struct Decl {
    /// The statement that declares it.
    pub kind: Kind,
    /// The id's token.
    pub name: TextRange,
}

/// A place that names an id.
#[derive(Debug, Clone)]
pub struct Ref {
    /// The `use` name for `synergy.support_hours`; `None` for an id of this spec.
    pub spec: Option<String>,
    /// The id.
    pub name: String,
    /// Where the id (without the `use` name) is written.
    pub range: TextRange,
}

/// The ids of a document: what it declares, what it refers to, and the specs it names with
/// `use`.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Declarations by id (the first one when an id is declared twice).
    pub decls: HashMap<String, Decl>,
    /// Declared ids in file order.
    pub order: Vec<String>,
    /// References to declared ids and to ids of used specs, in file order.
    pub refs: Vec<Ref>,
    /// `use` names: the path as written and where the name is.
    pub uses: HashMap<String, (String, TextRange)>,
}

impl Index {
    /// Reads the ids of a tree. References are names in value positions (and `{id}` or
    /// `{id.field}` in texts) that name a declared id or an id of a used spec; the key of a
    /// `style` item and the kind of an exclusion are words of the language, not references.
    pub fn build(root: &SyntaxNode) -> Index {
        let mut index = Index::default();
        let mut candidates: Vec<Ref> = Vec::new();
        for token in root
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
        {
            match token.kind() {
                SyntaxKind::Ident => index.ident(&token, &mut candidates),
                SyntaxKind::Str => interpolations(&token, &mut candidates),
                _ => {}
            }
        }
        index.refs = candidates
            .into_iter()
            .filter(|r| match &r.spec {
                Some(u) => index.uses.contains_key(u),
                None => index.decls.contains_key(&r.name),
            })
            .collect();
        index
    }

    fn ident(&mut self, token: &SyntaxToken, candidates: &mut Vec<Ref>) {
        let Some(parent) = token.parent() else {
            return;
        };
        match parent.kind() {
            SyntaxKind::Name if parent.parent().is_some_and(|g| g.kind() == SyntaxKind::Use) => {
                if let Some(u) = parent.parent() {
                    self.use_name(token, &u);
                }
            }
            SyntaxKind::Name => {
                let Some(stmt) = parent.parent() else {
                    return;
                };
                let SyntaxKind::Stmt(kind) = stmt.kind() else {
                    return;
                };
                let id = token.text().to_string();
                if !self.decls.contains_key(&id) {
                    self.order.push(id.clone());
                    self.decls.insert(
                        id,
                        Decl {
                            kind,
                            name: token.text_range(),
                        },
                    );
                }
            }
            SyntaxKind::Use => self.use_name(token, &parent),
            SyntaxKind::Stmt(Kind::StyleItem | Kind::ExclusionKind) => {}
            _ => {
                let text = token.text();
                let start = token.text_range().start();
                match text.split_once('.') {
                    Some((spec, rest)) => {
                        let name = rest.split('.').next().unwrap_or(rest);
                        let at = start + TextSize::of(spec) + TextSize::of('.');
                        candidates.push(Ref {
                            spec: Some(spec.to_string()),
                            name: name.to_string(),
                            range: TextRange::at(at, TextSize::of(name)),
                        });
                    }
                    None => candidates.push(Ref {
                        spec: None,
                        name: text.to_string(),
                        range: token.text_range(),
                    }),
                }
            }
        }
    }

    /// `use NAME = "path"`: the name and the path as written.
    fn use_name(&mut self, token: &SyntaxToken, node: &SyntaxNode) {
        let path = node
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == SyntaxKind::Str)
            .map(|t| unquote(t.text()))
            .unwrap_or_default();
        self.uses
            .insert(token.text().to_string(), (path, token.text_range()));
    }

    /// The declaration or reference at a byte offset: the `use` name it goes through and the
    /// id, with the range of the id.
    pub fn at(&self, offset: usize) -> Option<(Option<String>, String, TextRange)> {
        let o = TextSize::try_from(offset).ok()?;
        let hit = |r: &TextRange| r.contains_inclusive(o);
        if let Some((id, d)) = self.decls.iter().find(|(_, d)| hit(&d.name)) {
            return Some((None, id.clone(), d.name));
        }
        self.refs
            .iter()
            .find(|r| hit(&r.range))
            .map(|r| (r.spec.clone(), r.name.clone(), r.range))
    }
}

/// `{id}` and `{id.field}` in a string literal: candidate references to ids (`{{` is a literal
/// brace).
fn interpolations(token: &SyntaxToken, out: &mut Vec<Ref>) {
    let text = token.text();
    let start = token.text_range().start();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let rest = &text[i + 1..];
            let len = rest
                .char_indices()
                .find(|(_, c)| !is_ident_char(*c))
                .map_or(rest.len(), |(j, _)| j);
            if len > 0 && matches!(rest.as_bytes().get(len), Some(b'.' | b'}')) {
                let name = &rest[..len];
                let at = start + TextSize::try_from(i + 1).unwrap_or_default();
                out.push(Ref {
                    spec: None,
                    name: name.to_string(),
                    range: TextRange::at(at, TextSize::of(name)),
                });
            }
        }
        i += 1;
    }
}

/// A character of an identifier after its first (`support_hours`, `緊急`, `a-b`).
pub fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The text of a one-line string literal without its quotes (escapes are kept: `use` paths have
/// none in practice).
fn unquote(s: &str) -> String {
    s.trim_start_matches('"').trim_end_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_maps_the_unchanged_start_and_end() {
        let old = "hours a {\n  open mon\n}\n";
        let new = "hours a {\n  // 追記\n  open mon\n}\n";
        let s = Shift::between(old, new);
        assert!(!s.is_identity());
        let open_old = old.find("open").unwrap();
        let open_new = new.find("open").unwrap();
        assert_eq!(s.to_old(open_new), Some(open_old));
        assert_eq!(s.to_old(3), Some(3));
        // Inside the inserted comment there is nothing in the old text.
        assert_eq!(s.to_old(new.find("追記").unwrap()), None);
        // A token after the change moves; the block holding the change does not.
        let token = TextRange::at(size(open_old), size(4));
        assert_eq!(
            s.range_to_new(token),
            Some(TextRange::at(size(open_new), size(4)))
        );
        let block = TextRange::new(size(8), size(old.len() - 1));
        assert_eq!(s.range_to_new(block), None);
        assert!(Shift::between(new, new).is_identity());
    }

    #[test]
    fn moves_are_the_shift_in_lines_and_columns() {
        // `hours a {\n  open mon\n}`: a comment line inserted before `open` (line 1, column 2).
        let m = Moves {
            prefix: (1, 2),
            old_end: (1, 2),
            new_end: (2, 2),
        };
        assert_eq!(m.to_new((0, 6)), Some((0, 6)));
        assert_eq!(
            m.to_new((1, 2)),
            Some((2, 2)),
            "the insertion point goes with `open`"
        );
        assert_eq!(m.to_new((1, 7)), Some((2, 7)));
        assert_eq!(m.to_new((2, 0)), Some((3, 0)));
        assert_eq!(m.range_to_new((1, 2), (1, 6)), Some([(2, 2), (2, 6)]));
        // The block holding the change stretches; a range across it is no token of the text.
        assert_eq!(m.enclosing_to_new((0, 0), (2, 1)), Some([(0, 0), (3, 1)]));
        assert_eq!(m.range_to_new((0, 0), (2, 1)), None);
        // A replaced stretch within a line (`mon` → `tue,wed`): nothing inside it maps.
        let m = Moves {
            prefix: (1, 7),
            old_end: (1, 10),
            new_end: (1, 14),
        };
        assert_eq!(m.to_new((1, 8)), None);
        assert_eq!(m.to_new((1, 10)), Some((1, 14)));
        assert_eq!(m.to_new((2, 1)), Some((2, 1)));
        assert_eq!(m.enclosing_to_new((1, 8), (2, 1)), None);
    }

    #[test]
    fn a_shift_never_cuts_a_character() {
        // The texts differ in the last byte of a three-byte character.
        let s = Shift::between("「あ」", "「い」");
        assert_eq!(s.prefix(), "「".len());
        assert_eq!(s.ends(), ("「あ".len(), "「い".len()));
        // Long equal stretches are compared a block at a time.
        let a = format!("{}x{}", "a".repeat(10_000), "b".repeat(9_000));
        let b = format!("{}yy{}", "a".repeat(10_000), "b".repeat(9_000));
        let s = Shift::between(&a, &b);
        assert_eq!((s.prefix(), s.ends()), (10_000, (10_001, 10_002)));
    }
}
