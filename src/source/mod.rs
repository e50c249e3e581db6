//! Sources: the one place that reads what a run reads — spec files, an editor's unsaved
//! buffers, files as they were in a git revision (`REV:path`, [`git`]), company holiday files,
//! series from a Prometheus server ([`prometheus`]) —
//! and the files it has read, by [`FileId`], with their line index for positions and the
//! printing of diagnostics.
//!
//! Reads take regular files only (a FIFO would block, a device never ends) up to
//! [`MAX_FILE_BYTES`]. What a spec names (`use`, `company_holidays { file }`) is read only inside
//! one directory tree, its [`Root`]; a file under `--templates` or `--font-path` only inside that
//! directory. Paths are resolved (symbolic links followed) before the check, so a link inside the
//! tree that points out of it is refused like the path it points to. Lines end at `\n`, `\r\n` or a lone `\r`, as the grammar reads them;
//! columns count characters, and a byte order mark does not count.

pub mod git;
pub mod prometheus;

use crate::diagnostic::{Diagnostic, Severity};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// The largest file slagen reads (specs, holiday files, templates, outage logs): 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a regular file of at most [`MAX_FILE_BYTES`]. Anything else (a directory, FIFO,
/// device, socket, or a larger file) is an error that says what it is, and nothing of its
/// content is read.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path, MAX_FILE_BYTES)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Opens a regular file of at most `limit` bytes; anything else is an error that says what it is.
fn open_regular(path: &Path, limit: u64) -> io::Result<(std::fs::File, std::fs::Metadata)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file"
        };
        return Err(io::Error::new(io::ErrorKind::InvalidInput, what));
    }
    if meta.len() > limit {
        return Err(too_large_for(limit));
    }
    Ok((file, meta))
}

fn too_large() -> io::Error {
    too_large_for(MAX_FILE_BYTES)
}

fn too_large_for(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than {} MiB", limit / (1024 * 1024)),
    )
}

/// The largest data file slagen reads (outage logs): 4 GiB. A year of one million outage
/// records is ≈ 60 MB as CSV and ≈ 100 MB as JSON, so logs get a limit of their own.
pub const MAX_DATA_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// A data file's bytes, mapped rather than copied: the pages come from the page cache as the
/// parser reaches them, so a log of hundreds of megabytes costs no heap and no copy (reading it
/// into a buffer spent a fifth of a one-million-record report zeroing and filling pages).
pub enum DataFile {
    Mapped(memmap2::Mmap),
    Empty,
}

impl std::ops::Deref for DataFile {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            DataFile::Mapped(m) => m,
            DataFile::Empty => &[],
        }
    }
}

/// Maps a regular file of at most [`MAX_DATA_BYTES`] (see [`read_file`] for what is refused).
/// The file must not be truncated while the run reads it (a log being rotated is copied first).
pub fn map_data_file(path: &Path) -> io::Result<DataFile> {
    let (file, meta) = open_regular(path, MAX_DATA_BYTES)?;
    if meta.len() == 0 {
        return Ok(DataFile::Empty);
    }
    // SAFETY: the map is read-only and private to this process; the one hazard is another
    // process truncating the file while it is mapped (SIGBUS), which the doc above excludes,
    // as ripgrep and other readers of large files do.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(DataFile::Mapped(map))
}

/// The directory tree the files a spec names may be read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Root {
    /// The git work tree that holds the spec (the nearest directory above it with a `.git`),
    /// else the spec's own directory: the command line's default.
    #[default]
    Auto,
    /// One directory (`--root DIR`), whatever the spec.
    Dir(PathBuf),
    /// The workspace folder that holds the spec; for a spec in none of them (or a client that
    /// names none), as [`Root::Auto`]: the language server's rule.
    Workspace(Vec<PathBuf>),
}

impl Root {
    /// `--root DIR`: the directory, which must exist, resolved.
    pub fn dir(dir: &Path) -> io::Result<Root> {
        let canonical = dir.canonicalize()?;
        if !canonical.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a directory",
            ));
        }
        Ok(Root::Dir(canonical))
    }

    /// The tree (resolved) that reads for the spec at `spec` stay in.
    pub fn tree_for(&self, spec: &Path) -> PathBuf {
        let parent = match spec.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        self.tree_in(parent)
    }

    /// The tree (resolved) that reads for a spec in the directory `dir` stay in.
    pub fn tree_in(&self, dir: &Path) -> PathBuf {
        let dir = existing_dir(dir);
        match self {
            Root::Dir(d) => d.clone(),
            Root::Auto => work_tree_or(dir),
            Root::Workspace(folders) => folders
                .iter()
                .filter_map(|f| f.canonicalize().ok())
                .filter(|f| dir.starts_with(f))
                .max_by_key(|f| f.components().count())
                .unwrap_or_else(|| work_tree_or(dir)),
        }
    }
}

/// The git work tree that holds `dir` (the nearest directory with a `.git`), else `dir`.
fn work_tree_or(dir: PathBuf) -> PathBuf {
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// A directory, resolved; for one that does not exist (of a file in a past revision), the
/// nearest directory above it that does, else the working directory.
fn existing_dir(dir: &Path) -> PathBuf {
    dir.ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .find_map(|a| a.canonicalize().ok())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

/// Why a file under a tree was not read.
#[derive(Debug)]
pub enum ReadError {
    /// It resolves to a place outside the tree.
    Outside {
        /// The tree.
        root: PathBuf,
    },
    /// It could not be read (missing, not a regular file, too large, ...).
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Outside { root } => write!(f, "outside {}", root.display()),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// The resolved path of `path` when it lies inside the resolved directory `tree`.
pub fn inside(tree: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let resolved = path.canonicalize().map_err(ReadError::Io)?;
    if resolved.starts_with(tree) {
        Ok(resolved)
    } else {
        Err(ReadError::Outside {
            root: tree.to_path_buf(),
        })
    }
}

/// Reads a regular file (see [`read_file`]) when it lies inside the resolved directory `tree`.
pub fn read_inside(tree: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    read_file(&inside(tree, path)?).map_err(ReadError::Io)
}

/// Reads a file under a directory named on the command line (`--templates`, `--font-path`):
/// inside that directory only.
pub fn read_under(dir: &Path, path: &Path) -> io::Result<Vec<u8>> {
    let tree = dir.canonicalize()?;
    read_inside(&tree, path).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::Outside { root } => io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("resolves to a file outside {}", root.display()),
        ),
    })
}

/// Reads a regular file as UTF-8 text (see [`read_file`]).
pub fn read_text(path: &Path) -> io::Result<String> {
    utf8(read_file(path)?)
}

/// Bytes read as UTF-8 text; the error says only that they are not (nothing of them).
pub fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The spec files named on a command line: a file as it is, a directory as every `.sla` file
/// under it (sorted, hidden directories skipped).
pub fn spec_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type()?;
        if kind.is_dir() && !hidden {
            walk(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "sla") {
            out.push(path);
        }
    }
    Ok(())
}

/// The key of an editor buffer: the canonical path when the file exists, so that a `use` path
/// written as `../synergy/x.sla` finds the buffer of `specs/synergy/x.sla`; the path as given for
/// a file that is not on disk (yet).
fn buffer_key(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Reads standard input to the end, as text.
pub fn read_stdin() -> io::Result<String> {
    let mut text = String::new();
    io::stdin()
        .take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

/// Where each line starts: after `\n`, `\r\n` or a lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    loop {
        i = skip_plain(b, i, b"\n\r");
        match b.get(i) {
            None => break,
            Some(b'\r') if b.get(i + 1) == Some(&b'\n') => i += 2,
            Some(_) => i += 1,
        }
        starts.push(i);
    }
    starts
}

/// The first index from `i` whose byte is one of `special` (or the end), found eight bytes a
/// step: a spec is mostly Japanese text, three-byte characters none of whose bytes is ASCII, so
/// scans for line ends, quotes and braces pass over most of it a word at a time.
pub(crate) fn skip_plain(b: &[u8], mut i: usize, special: &[u8]) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if has_any_byte(word, special) {
            break;
        }
        i += 8;
    }
    while i < b.len() && !special.contains(&b[i]) {
        i += 1;
    }
    i
}

/// Whether any byte of `word` is one of `bytes` (the bit trick that finds a zero byte, applied
/// to the word xor each of them).
pub(crate) fn has_any_byte(word: u64, bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    bytes.iter().any(|&c| zero_in(word ^ (ONES * u64::from(c))))
}

/// The files a run has read, for positions and printing.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// Editor buffers: text that stands for a file's content on disk.
    buffers: HashMap<PathBuf, String>,
}

/// One file: its name, text and where its lines start.
struct SourceFile {
    path: PathBuf,
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

/// A position: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file; invalid UTF-8 is replaced so that positions can still be shown.
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        let line_starts = line_starts(&text);
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            name: path.display().to_string(),
            text,
            line_starts,
        });
        self.files.len() - 1
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id).map_or("", |f| f.text.as_str())
    }

    /// The path of a file.
    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id].path
    }

    /// The file added last with this path, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().rposition(|f| f.path == path)
    }

    /// Line and column of a byte offset.
    pub fn position(&self, id: FileId, offset: usize) -> Position {
        let line = self.line_of(id, offset);
        let column = self.column_of(id, line, offset);
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a line (from 0) and a column in characters (from 0), clamped to the
    /// line: what an editor's position means.
    pub fn offset(&self, id: FileId, line: usize, column: usize) -> usize {
        let f = &self.files[id];
        let Some(&start) = f.line_starts.get(line) else {
            return f.text.len();
        };
        let range = self.line_span(id, line);
        let text = &f.text[range.clone()];
        let text = text.trim_end_matches(['\n', '\r']);
        text.char_indices()
            .nth(column)
            .map_or(start + text.len(), |(i, _)| start + i)
    }

    /// The source line containing a byte offset, without its line ending.
    pub fn line_text(&self, id: FileId, offset: usize) -> &str {
        let line = self.line_of(id, offset);
        let r = self.line_span(id, line);
        let line = self.text(id)[r].trim_end_matches(['\n', '\r']);
        line.strip_prefix('\u{FEFF}').unwrap_or(line)
    }

    /// The source line of a byte offset as a diagnostic shows it: the whole line, or for a
    /// long line the window around the offset, with `…` where it is cut.
    pub fn shown_line(&self, id: FileId, offset: usize) -> String {
        let text = self.text(id);
        let line = self.line_span(id, self.line_of(id, offset));
        let end = line.start + text[line.clone()].trim_end_matches(['\n', '\r']).len();
        // A byte order mark is not shown.
        let content = if text[line.start..end].starts_with('\u{FEFF}') {
            line.start + '\u{FEFF}'.len_utf8()
        } else {
            line.start
        };
        let w = self.window_at(id, offset);
        let (from, to) = (w.start.max(content), w.end.max(content));
        let mut out = String::new();
        if from > content {
            out.push('…');
        }
        out.push_str(&text[from..to]);
        if to < end {
            out.push('…');
        }
        out
    }

    /// The line (from 0) of a byte offset.
    fn line_of(&self, id: FileId, offset: usize) -> usize {
        let starts = &self.files[id].line_starts;
        match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The bytes of a line (from 0), its line ending included.
    fn line_span(&self, id: FileId, line: usize) -> std::ops::Range<usize> {
        let f = &self.files[id];
        let start = f.line_starts.get(line).copied().unwrap_or(f.text.len());
        let end = f.line_starts.get(line + 1).copied().unwrap_or(f.text.len());
        start..end
    }

    /// The column (from 1, in characters) of a byte offset on its line. A byte order mark is
    /// not a character an editor shows, so it does not count.
    fn column_of(&self, id: FileId, line: usize, offset: usize) -> usize {
        let f = &self.files[id];
        let start = self.line_span(id, line).start;
        let mut end = offset.min(f.text.len());
        while !f.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &f.text[start..end.max(start)];
        let before = before.strip_prefix('\u{FEFF}').unwrap_or(before);
        before.chars().count() + 1
    }

    /// Reads a file as bytes: an editor's buffer for it when there is one, else the file on
    /// disk (see [`read_file`]).
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if let Some(text) = self.buffers.get(&buffer_key(path)) {
            return Ok(text.clone().into_bytes());
        }
        read_file(path)
    }

    /// Makes `text` stand for the content of `path` in every later [`Sources::read`] (an
    /// editor's unsaved buffer); `None` goes back to the file on disk.
    pub fn set_buffer(&mut self, path: &Path, text: Option<String>) {
        match text {
            Some(t) => {
                self.buffers.insert(buffer_key(path), t);
            }
            None => {
                self.buffers.remove(&buffer_key(path));
            }
        }
    }

    /// The paths of the files read so far, by [`FileId`] (a spec and the specs it `use`s).
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// The diagnostic for codespan, its labels inside the windows of long lines (see
    /// [`Window`]); a secondary label outside the window of its line is left out.
    fn to_codespan(&self, d: &Diagnostic, windows: &mut Window) -> cs::Diagnostic<FileId> {
        let base = match d.problem.severity() {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        };
        let primary = windows.fit(self, d.file, d.span.start..d.span.end);
        let mut labels = vec![cs::Label::primary(d.file, primary.unwrap_or(0..0))];
        for (file, span, note) in &d.labels {
            if let Some(range) = windows.fit(self, *file, span.start..span.end) {
                labels.push(cs::Label::secondary(*file, range).with_message(note));
            }
        }
        let mut out = base
            .with_code(d.problem.code())
            .with_message(d.problem.message())
            .with_labels(labels);
        if let Some(help) = d.problem.help() {
            out = out.with_notes(vec![format!("help: {help}")]);
        }
        out
    }

    /// The byte range shown of the line around `offset`: the whole line (without its ending)
    /// when it is at most [`MAX_SHOWN_CHARS`] characters, else [`WINDOW_CHARS`] characters that
    /// start [`WINDOW_BEFORE`] characters before `offset`. Only the window is scanned, so
    /// printing a diagnostic on a line of megabytes costs what a short line does.
    fn window_at(&self, id: FileId, offset: usize) -> std::ops::Range<usize> {
        let text = self.text(id);
        let line = self.line_of(id, offset);
        let span = self.line_span(id, line);
        let end = span.start + text[span.clone()].trim_end_matches(['\n', '\r']).len();
        let whole = span.start..end;
        if end - span.start <= MAX_SHOWN_CHARS
            || chars_after(text, span.start, MAX_SHOWN_CHARS + 1, end) <= MAX_SHOWN_CHARS
        {
            return whole;
        }
        let mut at = offset.clamp(span.start, end);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let start = step_back(text, at, WINDOW_BEFORE, span.start);
        let stop = step_forward(text, start, WINDOW_CHARS, end);
        start..stop
    }

    /// The diagnostic as people read it: file:line:column, the source line with a marker, the
    /// code, the message and help.
    pub fn render(&self, d: &Diagnostic, color: bool) -> String {
        let config = term::Config::default();
        let mut windows = Window::default();
        let diag = self.to_codespan(d, &mut windows);
        let view = View {
            sources: self,
            windows: &windows,
        };
        let plain = term::emit_into_string(&config, &view, &diag)
            .unwrap_or_else(|e| format!("{}: {}\n", d.problem.code(), e));
        // Control characters from the spec (in the source line or quoted in the message) are
        // shown as pictures, never sent to the terminal; such a diagnostic goes without colour,
        // whose own escape sequences could not be told apart from the spec's.
        let shown = crate::model::text::printable(&plain);
        if color && matches!(shown, std::borrow::Cow::Borrowed(_)) {
            let mut buf = termcolor::Buffer::ansi();
            if term::emit_to_write_style(&mut buf, &config, &view, &diag).is_ok() {
                return String::from_utf8_lossy(buf.as_slice()).into_owned();
            }
        }
        shown.into_owned()
    }

    /// The diagnostic as one JSON object, for editors and CI.
    pub fn to_json(&self, d: &Diagnostic) -> serde_json::Value {
        let start = self.position(d.file, d.span.start);
        let end = self.position(d.file, d.span.end);
        serde_json::json!({
            "severity": d.problem.severity(),
            "code": d.problem.code(),
            "message": d.problem.message(),
            "help": d.problem.help(),
            "file": self.path(d.file).display().to_string(),
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "source_line": self.shown_line(d.file, d.span.start),
            "labels": d.labels.iter().map(|(f, s, note)| {
                let p = self.position(*f, s.start);
                serde_json::json!({
                    "file": self.path(*f).display().to_string(),
                    "line": p.line,
                    "column": p.column,
                    "message": note,
                })
            }).collect::<Vec<_>>(),
        })
    }
}

/// Longest source line a diagnostic shows whole, in characters.
const MAX_SHOWN_CHARS: usize = 160;
/// Characters shown of a longer line.
const WINDOW_CHARS: usize = 120;
/// Of them, before the column the diagnostic is about.
const WINDOW_BEFORE: usize = 40;

/// Characters in `text[from..limit]`, counting at most `max`.
fn chars_after(text: &str, from: usize, max: usize, limit: usize) -> usize {
    text[from..limit].chars().take(max).count()
}

/// The byte offset `n` characters before `at`, not before `floor`.
fn step_back(text: &str, mut at: usize, n: usize, floor: usize) -> usize {
    for _ in 0..n {
        if at <= floor {
            break;
        }
        at -= 1;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
    }
    at.max(floor)
}

/// The byte offset `n` characters after `at`, not after `ceil`.
fn step_forward(text: &str, at: usize, n: usize, ceil: usize) -> usize {
    text[at..ceil]
        .char_indices()
        .nth(n)
        .map_or(ceil, |(i, _)| at + i)
}

/// The windows of long lines one diagnostic shows, by file and line (from 0).
#[derive(Default)]
struct Window(HashMap<(FileId, usize), std::ops::Range<usize>>);

impl Window {
    /// `range` inside the window of its line (the first label on a line sets its window, around
    /// where that label starts); `None` when it lies outside a window already set.
    fn fit(
        &mut self,
        sources: &Sources,
        id: FileId,
        range: std::ops::Range<usize>,
    ) -> Option<std::ops::Range<usize>> {
        let len = sources.text(id).len();
        let (start, end) = (range.start.min(len), range.end.min(len));
        let first = sources.line_of(id, start);
        let w = self
            .0
            .entry((id, first))
            .or_insert_with(|| sources.window_at(id, start))
            .clone();
        if start < w.start || start > w.end {
            return None;
        }
        let last = sources.line_of(id, end);
        let end = if last == first {
            end.clamp(start, w.end)
        } else {
            let w = self
                .0
                .entry((id, last))
                .or_insert_with(|| sources.window_at(id, end))
                .clone();
            end.clamp(w.start, w.end)
        };
        Some(start..end)
    }
}

/// [`Sources`] as codespan reads them for one diagnostic: a long line is its window.
struct View<'s> {
    sources: &'s Sources,
    windows: &'s Window,
}

impl<'a> Files<'a> for View<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.sources.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.sources.source(id)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        self.sources.line_index(id, byte_index)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        if let Some(w) = self.windows.0.get(&(id, line_index)) {
            return Ok(w.clone());
        }
        let whole = self.sources.line_range(id, line_index)?;
        // A context line with no label: its start, when it is long.
        Ok(self.sources.window_at(id, whole.start))
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        self.sources.column_number(id, line_index, byte_index)
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        if id >= self.files.len() {
            return Err(FilesError::FileMissing);
        }
        Ok(self.line_of(id, byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        if line_index >= f.line_starts.len() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: f.line_starts.len() - 1,
            });
        }
        Ok(self.line_span(id, line_index))
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if id >= self.files.len() {
            return Err(FilesError::FileMissing);
        }
        Ok(self.column_of(id, line_index, byte_index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let mut s = Sources::new();
        let id = s.add(Path::new("x"), "a\r\nb\rc\nd".into());
        assert_eq!(s.position(id, 3).line, 2);
        assert_eq!(s.position(id, 5).line, 3);
        assert_eq!(s.position(id, 7), Position { line: 4, column: 1 });
        assert_eq!(s.line_text(id, 0), "a");
        assert_eq!(s.line_text(id, 3), "b");
        assert_eq!(s.offset(id, 2, 0), 5);
    }

    #[test]
    fn line_starts_with_and_without_carriage_returns() {
        assert_eq!(line_starts("a\nbc\n\nd"), [0, 2, 5, 6]);
        assert_eq!(line_starts("a\n"), [0, 2]);
        assert_eq!(line_starts(""), [0]);
        assert_eq!(line_starts("a\r\nbc\r\rd\n"), [0, 3, 6, 7, 9]);
        // Line ends at every place of the eight-byte steps, after Japanese text and ASCII.
        for pad in 0..17 {
            let line = format!("{}稼働率", "x".repeat(pad));
            for end in ["\n", "\r\n", "\r"] {
                let text = format!("{line}{end}{line}{end}{line}");
                let second = line.len() + end.len();
                assert_eq!(line_starts(&text), [0, second, 2 * second], "{pad} {end:?}");
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let mut s = Sources::new();
        let id = s.add(Path::new("x"), "\u{FEFF}ab".into());
        assert_eq!(s.position(id, 4), Position { line: 1, column: 2 });
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        use crate::diagnostic::Problem;
        use crate::syntax::ast::Span;
        let mut s = Sources::new();
        let long = "x".repeat(5000) + "ERR" + &"あ".repeat(5000);
        let id = s.add(Path::new("f.sla"), format!("a\n{long}\n{long}\nb\n"));
        let at = 2 + 5000;
        // A secondary label far along the same line, and one over two long lines.
        let d = Diagnostic::new(Problem::TooComplex, id, Span::new(at, at + 3))
            .with_label(id, Span::new(at + 9000, at + 9003), "far")
            .with_label(id, Span::new(at + 100, at + long.len() + 1 + 20), "across");
        for color in [false, true] {
            let out = s.render(&d, color);
            assert!(out.contains("f.sla:2:5001"), "{out}");
            assert!(out.contains("xxERRああ"), "{out}");
            assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
        }
        assert_eq!(
            s.shown_line(id, at).chars().count(),
            WINDOW_CHARS + 2,
            "with `…` at both ends"
        );
        assert_eq!(s.shown_line(id, 0), "a");
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(dir.path()).unwrap_err();
        assert!(err.to_string().contains("directory"), "{err}");
    }
}
