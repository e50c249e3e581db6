//! The PDF engine: Typst, embedded as a library, compiles generated Typst source to PDF bytes.
//!
//! Everything happens in memory. The [`World`] that Typst sees here has exactly one file, the
//! main source passed to [`PdfEngine::compile`]; every other path (`#read`, `#image`,
//! `#include`, `#import`, packages) fails with an error, so even a template bug or an escaping
//! bug cannot make a document read the disk or the network. `datetime.today()` returns the
//! document date the caller passes in, never the clock.
//!
//! The IPAex fonts (Gothic and Mincho, IPA Font License v1.0, see `fonts/README.md`) are
//! compiled into the binary, so a machine without Japanese fonts produces the same PDF as any
//! other. Fonts from `--font-dir`-style directories can be added; they are read once, when the
//! engine is created, in sorted order.
//!
//! Output is deterministic: the same source and date give byte-identical PDFs. The PDF's
//! creation date is the document date and its identifier is a hash of the source and date
//! (see [`PdfEngine::compile`]).
//!
//! Japanese line breaking (kinsoku: no 、。） at a line start) comes from Typst itself once the
//! source says `#set text(lang: "ja")`; the tests below check it.

use std::fmt::{self, Display, Formatter};
use std::ops::Range;
use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_pdf::{PdfOptions, Timestamp};

/// IPAex Gothic (Typst family name `IPAexGothic`): headings, tables, labels.
const IPAEX_GOTHIC: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/ipaexg.ttf"));
/// IPAex Mincho (Typst family name `IPAexMincho`): body text.
const IPAEX_MINCHO: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/ipaexm.ttf"));

/// The Typst family name of the bundled Gothic (sans-serif) font.
pub const GOTHIC_FAMILY: &str = "IPAexGothic";
/// The Typst family name of the bundled Mincho (serif) font.
pub const MINCHO_FAMILY: &str = "IPAexMincho";

/// File extensions recognised as fonts in extra font directories (compared case-insensitively).
const FONT_EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

/// The largest Typst source the engine typesets: 4 MiB, about a 5 MB spec of ordinary clauses
/// and 1,500 pages.
///
/// Typst keeps the whole laid-out document and its memo cache in memory until the PDF is
/// written, about 600 bytes of memory per byte of source (a debug build measured 490 MB for the
/// 0.78 MB source of the benchmark's 1 MB spec), so this bounds the PDF path near 2.5 GB; a
/// larger source is refused before layout ([`PdfError::TooLarge`], E0701) instead of taking the
/// machine's memory. It is the document's size, not the spec's (a short text can repeat a long
/// `{service}`). Markdown and HTML have no such limit, and no real SLA comes near it (the specs
/// in `specs/` make 3–14 KB of source).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// Compiles Typst source to PDF. Create it once: it holds the parsed fonts and the Typst standard
/// library, and can be shared between threads and reused for any number of documents.
pub struct PdfEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// A successful compilation: the PDF and Typst's warnings (unknown font families, layout that
/// did not converge, …), which callers may print or, in tests, require to be empty.
#[derive(Debug)]
pub struct CompiledPdf {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Typst's warnings, located in the generated source.
    pub warnings: Vec<TypstDiagnostic>,
}

impl PdfEngine {
    /// Loads the bundled fonts and every `.ttf`/`.otf`/`.ttc`/`.otc` file found (recursively) in
    /// `extra_font_dirs`. Directories are walked in sorted order and bundled fonts come first, so
    /// font selection does not depend on the order the file system lists files in.
    ///
    /// A directory that cannot be read, or a font file that cannot be read or contains no font
    /// Typst can use, is an error: these directories are asked for explicitly, so a silent skip
    /// would only produce a PDF in the wrong font.
    pub fn new(extra_font_dirs: &[PathBuf]) -> Result<PdfEngine, PdfError> {
        let mut fonts = Vec::new();
        for (name, data) in [("IPAexGothic", IPAEX_GOTHIC), ("IPAexMincho", IPAEX_MINCHO)] {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(PdfError::BundledFont { name });
            }
        }

        for dir in extra_font_dirs {
            let mut files = Vec::new();
            collect_font_files(dir, &mut files)?;
            for path in files {
                // Inside the directory asked for, links resolved.
                let data =
                    crate::source::read_under(dir, &path).map_err(|source| PdfError::FontFile {
                        path: path.clone(),
                        source,
                    })?;
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() == before {
                    return Err(PdfError::InvalidFont { path });
                }
            }
        }

        let book = FontBook::from_fonts(&fonts);
        Ok(PdfEngine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
        })
    }

    /// The family names of all loaded fonts, sorted and without duplicates (for `--list-fonts`
    /// style output and for tests).
    pub fn font_families(&self) -> Vec<String> {
        let mut families: Vec<String> = self
            .fonts
            .iter()
            .map(|font| font.info().family.clone())
            .collect();
        families.sort();
        families.dedup();
        families
    }

    /// Compiles `typst_source` to PDF. `document_date` is what `datetime.today()` returns and
    /// becomes the PDF's creation date; the PDF's document identifier is derived from the source
    /// and the date, so identical inputs give identical bytes.
    pub fn compile(
        &self,
        typst_source: &str,
        document_date: jiff::civil::Date,
    ) -> Result<Vec<u8>, PdfError> {
        self.compile_with_warnings(typst_source, document_date)
            .map(|compiled| compiled.pdf)
    }

    /// Like [`compile`](Self::compile), but also returns Typst's warnings.
    pub fn compile_with_warnings(
        &self,
        typst_source: &str,
        document_date: jiff::civil::Date,
    ) -> Result<CompiledPdf, PdfError> {
        if typst_source.len() > MAX_SOURCE_BYTES {
            return Err(PdfError::TooLarge {
                bytes: typst_source.len(),
            });
        }
        let today = Datetime::from_ymd(
            i32::from(document_date.year()),
            document_date.month().unsigned_abs(),
            document_date.day().unsigned_abs(),
        )
        .ok_or(PdfError::InvalidDate {
            date: document_date,
        })?;
        let world = SlagenWorld {
            engine: self,
            main: Source::new(main_file_id(), typst_source.to_owned()),
            today,
        };
        let result = world.compile_pdf(document_date);
        // Typst memoizes across compilations in a global cache; drop entries that the last
        // few compilations did not use so a long run over many documents does not grow forever.
        typst::comemo::evict(10);
        result
    }
}

/// Appends the font files under `dir` (recursively, sorted by path) to `out`. Symbolic links to
/// directories are not followed, so a link cycle cannot make this loop.
fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PdfError> {
    let dir_error = |source| PdfError::FontDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(dir_error)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(dir_error)?;
    entries.sort();
    for path in entries {
        let link = std::fs::symlink_metadata(&path).map_err(|source| PdfError::FontDir {
            path: path.clone(),
            source,
        })?;
        if link.is_dir() {
            collect_font_files(&path, out)?;
        } else if is_font_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            FONT_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// The id of the only file the world has. Interned once per process by Typst.
fn main_file_id() -> FileId {
    let path = VirtualPath::new("/main.typ").expect("\"/main.typ\" is a valid virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// What Typst sees during one compilation: the engine's fonts and library, one source file, and
/// a fixed date.
struct SlagenWorld<'a> {
    engine: &'a PdfEngine,
    main: Source,
    today: Datetime,
}

impl SlagenWorld<'_> {
    /// Compiles the main source and writes the PDF.
    fn compile_pdf(&self, document_date: jiff::civil::Date) -> Result<CompiledPdf, PdfError> {
        let typst_source = self.main.text();
        let result = typst::compile(self);
        let warnings = self.diagnostics(&result.warnings);
        let document = result.output.map_err(|errors| PdfError::Compile {
            diagnostics: self.diagnostics(&errors),
        })?;
        // The laid-out document holds every frame the PDF needs. Typst's memo cache still holds
        // the work of every layout iteration (frames of superseded iterations, the constraint
        // trees of each memoized call, a quarter of the heap of a large document). Emptied
        // here, it does not add to what the PDF writer builds on top (the benchmark's 1 MB
        // spec: 505 → 491 MB peak in a debug build; the peak is mostly the layout itself).
        typst::comemo::evict(0);

        let options = PdfOptions {
            // Hashed by the PDF writer into the file identifier; the text itself is not written.
            ident: Smart::Custom(format!("slagen\n{document_date}\n{typst_source}")),
            creator: Smart::Custom(Some(format!(
                "slagen {} (Typst {})",
                env!("CARGO_PKG_VERSION"),
                typst::utils::version().raw()
            ))),
            // Used unless the source sets `document(date: ..)` itself.
            timestamp: Some(Timestamp::new_utc(self.today)),
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export {
            diagnostics: self.diagnostics(&errors),
        })?;
        Ok(CompiledPdf { pdf, warnings })
    }

    fn diagnostics(&self, diagnostics: &[SourceDiagnostic]) -> Vec<TypstDiagnostic> {
        diagnostics
            .iter()
            .map(|diagnostic| self.diagnostic(diagnostic))
            .collect()
    }

    fn diagnostic(&self, diagnostic: &SourceDiagnostic) -> TypstDiagnostic {
        let range = self
            .range(diagnostic.span)
            .filter(|_| diagnostic.span.id() == Some(self.main.id()));
        let location = range.as_ref().and_then(|range| self.location(range.start));
        let source_line = location.map(|location| self.line_text(location.line));
        let trace = diagnostic
            .trace
            .iter()
            .map(|point| {
                let at = self
                    .range(point.span)
                    .and_then(|range| self.location(range.start))
                    .map(|location| format!(" at {location}"))
                    .unwrap_or_default();
                format!("{}{at}", point.v)
            })
            .collect();
        TypstDiagnostic {
            severity: match diagnostic.severity {
                Severity::Error => TypstSeverity::Error,
                Severity::Warning => TypstSeverity::Warning,
            },
            message: diagnostic.message.to_string(),
            range,
            location,
            source_line,
            hints: diagnostic
                .hints
                .iter()
                .map(|hint| hint.v.to_string())
                .collect(),
            trace,
        }
    }

    fn location(&self, byte: usize) -> Option<LineColumn> {
        let (line, column) = self.main.lines().byte_to_line_column(byte)?;
        Some(LineColumn {
            line: line + 1,
            column: column + 1,
        })
    }

    fn line_text(&self, line: usize) -> String {
        self.main
            .text()
            .lines()
            .nth(line - 1)
            .unwrap_or_default()
            .to_owned()
    }

    fn denied(id: FileId) -> FileError {
        let what = match id.root() {
            VirtualRoot::Project => format!("file {}", id.vpath().get_with_slash()),
            VirtualRoot::Package(package) => format!("package {package}"),
        };
        FileError::Other(Some(
            format!("{what}: slagen's PDF engine does not read files or packages").into(),
        ))
    }
}

impl World for SlagenWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(Self::denied(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        // Even the main source is refused as raw bytes: Typst only needs it as a `Source`, and
        // `#read("main.typ")` has no business in a generated document.
        Err(Self::denied(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The document date is a calendar date in the spec; a UTC offset does not change it.
        Some(self.today)
    }
}

/// A line and column in the generated Typst source, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// Line number, from 1.
    pub line: usize,
    /// Column in Unicode scalar values, from 1.
    pub column: usize,
}

impl Display for LineColumn {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Whether a Typst diagnostic stops the compilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypstSeverity {
    /// Compilation failed.
    Error,
    /// Compilation went on.
    Warning,
}

/// One Typst diagnostic, located in the generated source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstDiagnostic {
    /// Error or warning.
    pub severity: TypstSeverity,
    /// Typst's message, in English.
    pub message: String,
    /// Byte range in the generated source, when the diagnostic points into it.
    pub range: Option<Range<usize>>,
    /// Where `range` starts.
    pub location: Option<LineColumn>,
    /// The text of the source line at `location`.
    pub source_line: Option<String>,
    /// Typst's hints.
    pub hints: Vec<String>,
    /// The calls and show rules the problem happened in, innermost first.
    pub trace: Vec<String>,
}

impl Display for TypstDiagnostic {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            TypstSeverity::Error => "error",
            TypstSeverity::Warning => "warning",
        };
        match self.location {
            Some(location) => write!(f, "{severity} at {location}: {}", self.message)?,
            None => write!(f, "{severity}: {}", self.message)?,
        }
        if let (Some(location), Some(line)) = (self.location, &self.source_line) {
            write!(f, "\n  {:>5} | {}", location.line, shorten(line, 160))?;
        }
        for point in &self.trace {
            write!(f, "\n  note: {point}")?;
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

fn shorten(line: &str, max_chars: usize) -> String {
    if line.chars().count() <= max_chars {
        line.to_owned()
    } else {
        let mut short: String = line.chars().take(max_chars).collect();
        short.push('…');
        short
    }
}

/// Why the PDF engine could not start or could not produce a PDF.
#[derive(Debug)]
pub enum PdfError {
    /// A bundled font did not parse; the binary was built from broken font files.
    BundledFont {
        /// The font's family name.
        name: &'static str,
    },
    /// An extra font directory (or an entry in it) could not be read.
    FontDir {
        /// The directory or entry.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A font file in an extra font directory could not be read.
    FontFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file with a font extension held no font Typst can use.
    InvalidFont {
        /// The file.
        path: PathBuf,
    },
    /// The document date cannot be represented as a Typst date.
    InvalidDate {
        /// The date.
        date: jiff::civil::Date,
    },
    /// The Typst source is larger than [`MAX_SOURCE_BYTES`]: the document is not typeset.
    TooLarge {
        /// The source's size in bytes.
        bytes: usize,
    },
    /// The Typst source has errors (a template bug: user text is escaped).
    Compile {
        /// Typst's errors.
        diagnostics: Vec<TypstDiagnostic>,
    },
    /// The laid-out document could not be written as PDF.
    Export {
        /// Typst's errors.
        diagnostics: Vec<TypstDiagnostic>,
    },
}

impl Display for PdfError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::BundledFont { name } => {
                write!(
                    f,
                    "the bundled font {name} could not be parsed (broken build)"
                )
            }
            PdfError::FontDir { path, source } => {
                write!(f, "cannot read font directory {}: {source}", path.display())
            }
            PdfError::FontFile { path, source } => {
                write!(f, "cannot read font file {}: {source}", path.display())
            }
            PdfError::InvalidFont { path } => {
                write!(
                    f,
                    "{} is not a font file that Typst can use",
                    path.display()
                )
            }
            PdfError::InvalidDate { date } => {
                write!(
                    f,
                    "the document date {date} is outside the range Typst supports"
                )
            }
            PdfError::TooLarge { bytes } => write!(
                f,
                "the document is too large to typeset as PDF: its Typst source is {bytes} bytes, the limit is {MAX_SOURCE_BYTES}"
            ),
            PdfError::Compile { diagnostics } => {
                write!(f, "the generated Typst source does not compile")?;
                write_diagnostics(f, diagnostics)
            }
            PdfError::Export { diagnostics } => {
                write!(f, "the document could not be written as PDF")?;
                write_diagnostics(f, diagnostics)
            }
        }
    }
}

fn write_diagnostics(f: &mut Formatter<'_>, diagnostics: &[TypstDiagnostic]) -> fmt::Result {
    for diagnostic in diagnostics {
        write!(f, "\n{diagnostic}")?;
    }
    Ok(())
}

impl std::error::Error for PdfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PdfError::FontDir { source, .. } | PdfError::FontFile { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The most groups (`#box[…]`: a date, time or range, or the end of a line) that one escaped
/// text keeps on one line; the rest of the text is left to Typst's line breaking.
///
/// Every group is an item of its own in the Typst paragraph, and Typst finds the source of each
/// glyph by walking the paragraph's items from the start (`SpanMapper::span_at` in typst-layout),
/// so a paragraph costs (glyphs × items). With the text itself one item (one string, see
/// [`escape_markup`]) and at most this many groups, a paragraph of any length is typeset in
/// linear time. A thousand is far more than any real paragraph holds (a date or a line end every
/// few hundred characters), and the groups past it are only a typographic nicety.
pub const MAX_GROUPS: usize = 1000;

/// Makes arbitrary text literal in Typst markup (the body of a document, `[...]` content blocks,
/// headings, list items, table cells): the text becomes one Typst string, `#"…";`.
///
/// Inside the string only `\` and `"` are escaped, so nothing the text holds can end it; the
/// `;` ends the embedded expression, so whatever a template writes after it (`(`, `[`, `.x`) is
/// markup again and cannot extend it. One string is one item in Typst's paragraph, however long
/// and however much punctuation it holds (escaping every punctuation mark in markup made each
/// mark an item, and the paragraph quadratic to typeset, see [`MAX_GROUPS`]).
///
/// The string is spelled as the markup would read: line breaks (`\n`, `\r\n`, `\r` and the other
/// characters Typst treats as newlines) are forced line breaks, with the spaces around them
/// dropped; runs of spaces and tabs are one space; a space at either end is written as a markup
/// space outside the string, so it collapses with its neighbours and vanishes at a paragraph's
/// edge as markup spaces do. The result never spans several source lines and is safe inside
/// line-based constructs such as `= heading` or `- item`. A blank line in the text therefore
/// gives an empty line, not a new paragraph: callers that want paragraphs should split the text
/// on blank lines themselves.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 6);
    push_literal(&mut out, &crate::model::text::printable(text));
    out
}

/// Makes a short text literal in Typst markup character by character: every ASCII punctuation
/// character gets a backslash (a valid Typst escape for any non-space character), line breaks
/// become `\ `. For numbers and other values that are not strings: a number comes out as its
/// digits, so a template can print it in code too (`#heading(level: {{ n }})`), while `-1` or
/// `1.` at a line start stay text. Each escape is an item of its own in Typst's paragraph, so
/// spec text goes through [`escape_markup`] instead.
pub fn escape_markup_chars(text: &str) -> String {
    let text = crate::model::text::printable(text);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if typst::syntax::is_newline(c) {
            out.push_str("\\ ");
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`escape_markup`], and keeps dates, times and ranges on one line: each run such as
/// 「9:00～12:00」「22:00～翌9:00」「12月28日」「2024年5月1日」「2時間」 is put in an inline
/// `#box[…]`, which Typst never breaks. Runs longer than 24 characters are left breakable, and so
/// are those after the first [`MAX_GROUPS`].
pub fn escape_markup_unbroken(text: &str) -> String {
    let mut markup = Markup::new(text.len());
    markup.unbroken(&crate::model::text::printable(text));
    markup.finish()
}

/// Like [`escape_markup_unbroken`], for the last line of a paragraph or item: its last five
/// characters are kept together (moved left so that the group neither starts with a closing
/// mark such as 「。」「」」 nor follows an opening one, nor cuts a date), so the line can never
/// end the paragraph with only 「す。」 on it.
pub fn escape_line(text: &str) -> String {
    let mut markup = Markup::new(text.len());
    markup.line(&crate::model::text::printable(text));
    markup.finish()
}

/// The lines of a paragraph, note or list item, each as [`escape_line`] writes it and each
/// ended by a forced line break but the last, as one piece of markup: the text between the
/// groups is one string, so the paragraph is a few items whatever its number of lines.
pub fn escape_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut markup = Markup::new(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            markup.pending.push('\n');
        }
        markup.line(&crate::model::text::printable(line.as_ref()));
    }
    markup.finish()
}

/// Typst markup being written: text waits in `pending` until a group opens or closes, so
/// neighbouring text (line breaks included) becomes one string.
struct Markup {
    out: String,
    pending: String,
    groups_left: usize,
}

impl Markup {
    fn new(capacity: usize) -> Markup {
        Markup {
            out: String::with_capacity(capacity + capacity / 8 + 8),
            pending: String::new(),
            groups_left: MAX_GROUPS,
        }
    }

    fn flush(&mut self) {
        push_literal(&mut self.out, &self.pending);
        self.pending.clear();
    }

    /// Writes `inner` inside a `#box[…]`, or as plain text once the groups are spent.
    fn group(&mut self, inner: impl FnOnce(&mut Markup)) {
        if self.groups_left == 0 {
            inner(self);
            return;
        }
        self.groups_left -= 1;
        self.flush();
        self.out.push_str("#box[");
        inner(self);
        self.flush();
        self.out.push(']');
    }

    /// Text whose dates, times and ranges are kept on one line.
    fn unbroken(&mut self, text: &str) {
        let mut at = 0;
        for (start, end) in unbroken_runs(text) {
            self.pending.push_str(&text[at..start]);
            self.group(|m| m.pending.push_str(&text[start..end]));
            at = end;
        }
        self.pending.push_str(&text[at..]);
    }

    /// A line whose end is kept together (see [`escape_line`]).
    fn line(&mut self, text: &str) {
        match line_tail(text) {
            Some(split) => {
                self.unbroken(&text[..split]);
                self.group(|m| m.unbroken(&text[split..]));
            }
            None => self.unbroken(text),
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// Where the group that ends a line starts (see [`escape_line`]), if the line is long enough to
/// have one.
fn line_tail(text: &str) -> Option<usize> {
    const TAIL: usize = 5;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() < 3 * TAIL {
        return None;
    }
    let closing = |c: char| {
        "、。，．）」』】〕〉》｝］・：；！？ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
            .contains(c)
            || (c.is_ascii_punctuation() && !"([{".contains(c))
    };
    let opening = |c: char| "（「『【〔〈《｛［".contains(c) || "([{".contains(c);
    let mut k = chars.len() - TAIL;
    while k > 0 && (closing(chars[k].1) || opening(chars[k - 1].1)) {
        k -= 1;
    }
    // Not inside a run that must not break.
    let byte = chars[k].0;
    if let Some((s, _)) = unbroken_runs(text)
        .into_iter()
        .find(|&(s, e)| s < byte && byte < e)
    {
        k = chars.iter().position(|(b, _)| *b == s).unwrap_or(k);
    }
    Some(chars[k].0).filter(|&split| split > 0)
}

/// Appends `text` (control characters already shown as pictures) to `out` as one Typst string
/// spelled as markup would read it (see [`escape_markup`]).
fn push_literal(out: &mut String, text: &str) {
    let is_space = |c: char| c == ' ' || c == '\t';
    if text.is_empty() {
        return;
    }
    let newline = typst::syntax::is_newline;
    if !text.contains(newline) && text.chars().all(is_space) {
        out.push(' ');
        return;
    }
    let lines: Vec<&str> = text.split(newline).collect();
    // A space at either end that is not next to a line break is a markup space.
    let has_text = |line: &str| !line.trim_matches(is_space).is_empty();
    let (first, last) = (lines[0], lines[lines.len() - 1]);
    let lead = first.starts_with(is_space) && has_text(first);
    let trail = last.ends_with(is_space) && has_text(last);
    if lead {
        out.push(' ');
    }
    out.push_str("#\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        let mut in_space = false;
        for c in line.trim_matches(is_space).chars() {
            if is_space(c) {
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
                continue;
            }
            in_space = false;
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                c => out.push(c),
            }
        }
    }
    out.push_str("\";");
    if trail {
        out.push(' ');
    }
}

/// The byte ranges of the runs of `text` that must not break, in order: each starts with a
/// digit, goes on over digits, 「:」「～」「年」「月」「日」「時」「時間」「分」「秒」「翌」, and
/// holds at least one character that is not a digit. One pass over the text.
pub(super) fn unbroken_runs(text: &str) -> Vec<(usize, usize)> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let joiner = |c: char| {
        matches!(
            c,
            ':' | '：' | '～' | '〜' | '~' | '年' | '月' | '日' | '時' | '間' | '分' | '秒' | '翌'
        )
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            // 「間」 only as the end of 「時間」.
            let ok =
                digit(c) || (joiner(c) && (c != '間' || (j > start && chars[j - 1].1 == '時')));
            if !ok {
                break;
            }
            j += 1;
        }
        // A run ends on a digit or a unit, not on 「:」「～」「翌」 (「内容001：」 is not a time).
        while j > start + 1 && matches!(chars[j - 1].1, ':' | '：' | '～' | '〜' | '~' | '翌') {
            j -= 1;
        }
        let run = &chars[start..j];
        let joined = run.iter().any(|(_, c)| !digit(*c));
        if joined && run.len() >= 2 && run.len() <= 24 {
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            runs.push((chars[start].0, end));
        }
        i = j.max(i + 1);
    }
    runs
}
/// Makes arbitrary text safe inside a Typst string literal `"..."` (returns the text without the
/// quotes): escapes `\` and `"`, writes newlines, carriage returns and tabs as `\n`, `\r`, `\t`
/// and other control characters as `\u{..}`.
pub fn escape_string(text: &str) -> String {
    let text = crate::model::text::printable(text);
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::sync::OnceLock;

    use typst::syntax::{SyntaxKind, ast};

    use super::*;

    /// One engine for all tests: the fonts are parsed once, as in the real program.
    fn engine() -> &'static PdfEngine {
        static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
        ENGINE.get_or_init(|| PdfEngine::new(&[]).expect("bundled fonts load"))
    }

    fn date() -> jiff::civil::Date {
        jiff::civil::date(2025, 4, 1)
    }

    /// Runs a poppler tool on `pdf` and returns its output. A missing tool fails the test: these
    /// checks are the only proof that the PDF holds the right text and fonts.
    fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("document.pdf");
        std::fs::write(&path, pdf).expect("write the PDF");
        let output = Command::new(tool)
            .args(args)
            .arg(&path)
            .args(if tool == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|err| {
                panic!("cannot run `{tool}` ({err}); install poppler-utils to run these tests")
            });
        assert!(
            output.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("poppler prints UTF-8")
    }

    fn pdftotext(pdf: &[u8]) -> String {
        poppler("pdftotext", &["-enc", "UTF-8"], pdf)
    }

    fn without_whitespace(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The set-up a Japanese SLA document uses: A4, Mincho body, Gothic headings, page numbers.
    const PREAMBLE: &str = r#"#set document(title: "サービスレベル合意書", author: "slagen")
#set page(
  paper: "a4",
  margin: (top: 25mm, bottom: 25mm, x: 22mm),
  footer: context align(center, text(size: 9pt)[#counter(page).display("1 / 1", both: true)]),
)
#set text(font: "IPAexMincho", lang: "ja", size: 10.5pt)
#set par(justify: true, leading: 0.9em, first-line-indent: (amount: 1em, all: true))
#show heading: set text(font: "IPAexGothic", weight: "regular")
#set heading(numbering: "1.")
#show table.cell.where(y: 0): set text(font: "IPAexGothic")
"#;

    const SENTENCES: [&str; 4] = [
        "本合意書は、株式会社サンプルが提供するクラウドサービスの品質水準を定めるものです。",
        "稼働率は暦月ごとに算出し、計画停止の時間は算出の対象から除きます。",
        "障害の連絡は、検知から三十分以内に電子メールおよび電話で行います。",
        "目標を下回った場合は、次の表に定める割合で月額料金を減額します。",
    ];

    fn sample_document(rows: usize) -> String {
        let mut source = String::from(PREAMBLE);
        source.push_str(
            "#align(center, text(font: \"IPAexGothic\", size: 18pt)[サービスレベル合意書])\n\
             #align(right)[改定日：#datetime.today().display(\"[year]年[month padding:none]月[day padding:none]日\")]\n\n\
             = 目的\n",
        );
        source.push_str(&format!("{}{}\n\n", SENTENCES[0], SENTENCES[1]));
        source.push_str("== 連絡体制\n");
        source.push_str(&format!("{}\n\n", SENTENCES[2]));
        source.push_str("- 平日 9:00〜18:00 は電話で受け付けます。\n- 夜間と休日は電子メールで受け付けます。\n\n");
        source.push_str("= 減額\n");
        source.push_str(&format!("{}\n\n", SENTENCES[3]));
        source.push_str(
            "#table(\n  columns: (4em, 1fr, 7em),\n  align: (right, left, right),\n  \
             table.header(repeat: true, [番号], [監視項目], [月間稼働率]),\n",
        );
        for row in 1..=rows {
            source.push_str(&format!(
                "  [{row}], [第{row}監視対象サービスの応答], [99.{}%],\n",
                row % 10
            ));
        }
        source.push_str(")\n");
        source
    }

    /// The PDF of a Typst source that compiles without errors or warnings.
    fn compile_clean(source: &str) -> Vec<u8> {
        let compiled = engine()
            .compile_with_warnings(source, date())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            compiled.warnings.is_empty(),
            "warnings: {:?}",
            compiled.warnings
        );
        compiled.pdf
    }

    #[test]
    fn japanese_document_is_deterministic_and_readable() {
        let source = sample_document(90);
        let pdf = compile_clean(&source);
        assert!(pdf.starts_with(b"%PDF-"));

        // Same engine, and a second engine (as in another process): identical bytes.
        assert!(
            engine().compile(&source, date()).unwrap() == pdf,
            "recompilation differs"
        );
        let fresh = PdfEngine::new(&[]).unwrap();
        assert!(
            fresh.compile(&source, date()).unwrap() == pdf,
            "a fresh engine differs"
        );
        // The date is part of the document: another date gives another PDF.
        assert!(
            engine()
                .compile(&source, jiff::civil::date(2025, 4, 2))
                .unwrap()
                != pdf
        );

        let text = pdftotext(&pdf);
        let flat = without_whitespace(&text);
        for sentence in SENTENCES {
            assert!(flat.contains(sentence), "missing {sentence:?} in:\n{text}");
        }
        assert!(flat.contains("改定日：2025年4月1日"), "{text}");
        assert!(
            flat.contains("平日9:00〜18:00は電話で受け付けます。"),
            "{text}"
        );

        // The table breaks across pages and repeats its header; every page is numbered.
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|page| !page.trim().is_empty())
            .collect();
        assert!(
            pages.len() >= 3,
            "expected at least 3 pages, got {}",
            pages.len()
        );
        for (number, page) in pages.iter().enumerate() {
            let page = without_whitespace(page);
            assert!(
                page.contains(&format!("{}/{}", number + 1, pages.len())),
                "page {number}: {page}"
            );
            if number > 0 {
                assert!(
                    page.contains("番号監視項目月間稼働率"),
                    "no header on page {}: {page}",
                    number + 1
                );
            }
        }
        assert!(flat.contains("第90監視対象サービスの応答"));

        let fonts = poppler("pdffonts", &[], &pdf);
        for family in [GOTHIC_FAMILY, MINCHO_FAMILY] {
            let line = fonts
                .lines()
                .find(|line| line.contains(family))
                .unwrap_or_else(|| panic!("{family} not in pdffonts output:\n{fonts}"));
            // Columns: name type encoding emb sub uni object ID.
            let columns: Vec<&str> = line.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{family} not embedded:\n{fonts}");
        }
    }

    #[test]
    fn metadata_comes_from_the_document_date() {
        let pdf = engine()
            .compile("#set text(font: \"IPAexMincho\")\nあ", date())
            .unwrap();
        let info = poppler("pdfinfo", &["-isodates"], &pdf);
        assert!(info.contains("2025-04-01"), "{info}");
        assert!(info.contains("slagen"), "{info}");
    }

    #[test]
    fn kinsoku_keeps_punctuation_off_line_starts() {
        let sentence = "これは禁則処理の確認です、句読点が行頭に来ないことを確かめます。括弧（かっこ）の中身も同様です。「引用」もあります。";
        let mut source = String::from(PREAMBLE);
        source.push_str("#set par(justify: false, first-line-indent: 0em)\n#block(width: 9em)[\n");
        for offset in 0..24 {
            source.push_str(&format!("{}{}\n\n", "あ".repeat(offset % 9), sentence));
        }
        source.push_str("]\n");
        let text = pdftotext(&engine().compile(&source, date()).unwrap());
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert!(lines.len() > 24 * 4, "the paragraphs should wrap:\n{text}");
        for line in &lines {
            let first = line.chars().next().unwrap();
            let last = line.chars().last().unwrap();
            assert!(
                !"、。）」".contains(first),
                "line starts with {first:?}: {line}\n{text}"
            );
            assert!(
                !"（「".contains(last),
                "line ends with {last:?}: {line}\n{text}"
            );
        }
    }

    /// What spec authors might write that means something in Typst.
    const HOSTILE: [&str; 21] = [
        "<script>alert(1)</script>",
        "#read(\"/etc/passwd\")",
        "$x$",
        "@ref",
        "[link](x)",
        "*bold*",
        "_u_",
        "= heading",
        "- item",
        "+ item",
        "1. item",
        "back\\slash \\u{41}",
        "// comment",
        "/* c */",
        "`raw`",
        "a~b",
        "'quote'",
        "\"dq\"",
        "http://example.com/a_b",
        "... -- --- -? -1 / term: x",
        "#{ let x = 1 } #set text(red) <label> ] ) ;",
    ];

    #[test]
    fn escaped_text_comes_out_literally() {
        let mut source = String::from(PREAMBLE);
        source.push_str("#set par(first-line-indent: 0em)\n");
        for text in HOSTILE {
            // Each item at a line start, in a heading, a list item and a table cell.
            let escaped = escape_markup(text);
            source.push_str(&format!(
                "{escaped}\n\n= {escaped}\n- {escaped}\n\n#table([{escaped}])\n\n"
            ));
        }
        let text = pdftotext(&compile_clean(&source));
        assert!(!text.contains("root:"), "file content leaked");
        let flat = without_whitespace(&text);
        for hostile in HOSTILE {
            let expected = without_whitespace(hostile);
            assert_eq!(
                flat.matches(&expected).count(),
                4,
                "{hostile:?} not literal 4 times in:\n{text}"
            );
        }
    }

    #[test]
    fn escaped_newlines_are_line_breaks() {
        let source = format!(
            "#set text(font: \"IPAexMincho\", lang: \"ja\")\n= {}\n",
            escape_markup("一行目\n二行目\r\n三行目\r四行目")
        );
        let text = pdftotext(&engine().compile(&source, date()).unwrap());
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["一行目", "二行目", "三行目", "四行目"]);
    }

    /// The text a piece of escaped markup spells: its string literals, its spaces and its line
    /// breaks, in order. Panics on anything else (code other than a string, markup syntax).
    fn spelled(escaped: &str) -> String {
        let root = typst::syntax::parse(escaped);
        assert!(!root.diagnosis().either(), "{escaped:?}");
        let mut out = String::new();
        for node in root.children() {
            match node.kind() {
                SyntaxKind::Hash | SyntaxKind::Semicolon => {}
                SyntaxKind::Str => {
                    out.push_str(node.cast::<ast::Str>().expect("a string").get().as_str())
                }
                SyntaxKind::Space => out.push(' '),
                kind => panic!("{escaped:?} has a {kind:?} node"),
            }
        }
        out
    }

    /// The escaped text parses as nothing but string literals and spaces, and those spell the
    /// original text as markup reads it (runs of spaces one space, line breaks kept), for every
    /// ASCII character and for the hostile samples.
    #[test]
    fn escape_markup_yields_only_literal_text() {
        let mut samples: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
        samples.extend((0u8..128).map(|b| format!("{0}x{0} {0}", char::from(b))));
        samples.push("全角＃＄＊、「かぎ」\u{2028}改行\u{85}終わり\r\n".into());
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for sample in samples {
            let escaped = escape_markup(&sample);
            assert!(
                !escaped.chars().any(typst::syntax::is_newline),
                "{escaped:?}"
            );
            // Control characters are shown as their pictures (model::text::printable).
            let expected: String = crate::model::text::printable(&sample)
                .chars()
                .map(|c| {
                    if typst::syntax::is_newline(c) {
                        '\n'
                    } else {
                        c
                    }
                })
                .collect();
            let spelled = spelled(&escaped);
            assert_eq!(squash(&spelled), squash(&expected), "{escaped:?}");
            assert_eq!(
                spelled.matches('\n').count(),
                expected.matches('\n').count(),
                "{escaped:?}"
            );
        }
    }

    /// The strings typeset exactly as the markup escapes did (every ASCII mark a backslash
    /// escape): the same words at the same places, spaces collapsed and dropped at line breaks
    /// and at the edges as markup spaces are.
    #[test]
    fn strings_typeset_as_the_markup_escapes_did() {
        let samples = [
            "a  b\tc",
            " lead",
            "trail ",
            "  ",
            " \n ",
            "x \n y",
            "one\n\nthree",
            "\n",
            "a\u{2028}b",
            "平日9:00～12:00、12月28日から1月4日まで",
            "#set text(red) *b* _u_ \\",
            "'quote' \"dq\" a~b -- ---",
            "http://example.com/a_b",
            "  両端  と  中  ",
        ];
        let document = |escape: fn(&str) -> String| {
            let mut source = String::from(PREAMBLE);
            source.push_str("#set par(first-line-indent: 0em)\n");
            for sample in samples {
                let e = escape(sample);
                source.push_str(&format!(
                    "[{e}]{e}[{e}]\n\n#block(width: 6em)[{e}]\n\n= {e}\n- x{e}y\n\n#table([{e}], [a{e}])\n\n"
                ));
            }
            compile_clean(&source)
        };
        let bbox = |pdf: &[u8]| poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], pdf);
        let old = bbox(&document(escape_markup_chars));
        let new = bbox(&document(escape_markup));
        assert!(old.matches("<word ").count() > 100, "{old}");
        assert_eq!(old, new);
    }

    /// A paragraph is a few items for Typst's layout however long it is: its text one string
    /// between groups (escaping every punctuation mark in markup made each an item, and the
    /// paragraph quadratic to typeset), and at most [`MAX_GROUPS`] groups.
    #[test]
    fn a_long_paragraph_is_a_few_items() {
        // Each embedded expression (`#"…";`, `#box[…]`) and each space is an item.
        let items = |markup: &str| {
            typst::syntax::parse(markup)
                .children()
                .filter(|n| matches!(n.kind(), SyntaxKind::Hash | SyntaxKind::Space))
                .count()
        };
        let sentence =
            "稼働率(月間)は99.9%以上; 詳細はhttps://example.com/a_b#c を参照 [注] *重要*。";
        // One line of 200 KB of text with ASCII punctuation: one string.
        let long = sentence.repeat(2_500);
        assert!(long.len() > 200_000);
        assert_eq!(items(&escape_markup(&long)), 1);
        assert!(items(&escape_lines(&[long.as_str()])) <= 3);
        // 3,000 lines, each with a date and a line end kept together: the groups stop at
        // MAX_GROUPS, each a box and the string after it.
        let lines: Vec<String> = (0..3_000)
            .map(|i| {
                format!(
                    "{sentence}受付は{}月{}日まで、{sentence}",
                    i % 12 + 1,
                    i % 28 + 1
                )
            })
            .collect();
        let markup = escape_lines(&lines);
        assert_eq!(markup.matches("#box[").count(), MAX_GROUPS);
        assert!(items(&markup) <= 2 * MAX_GROUPS + 1, "{}", items(&markup));
        // Nothing is lost past the groups.
        let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let unboxed = markup.replace("#box[", "").replace("\";]", "\";");
        assert!(
            flat(&spelled(&unboxed)) == flat(&lines.join("")),
            "text lost or added"
        );
    }

    #[test]
    fn dates_and_ranges_are_kept_on_one_line() {
        assert_eq!(
            super::escape_markup_unbroken("平日9:00～12:00、12月28日から1月4日"),
            "#\"平日\";#box[#\"9:00～12:00\";]#\"、\";#box[#\"12月28日\";]#\"から\";#box[#\"1月4日\";]"
        );
        assert_eq!(
            super::escape_markup_unbroken("1.監視体制 24"),
            "#\"1.監視体制 24\";"
        );
        assert_eq!(
            super::escape_markup_unbroken("24時間365日"),
            "#box[#\"24時間365日\";]"
        );
        assert_eq!(
            super::escape_markup_unbroken("2時間以内"),
            "#box[#\"2時間\";]#\"以内\";"
        );
    }

    #[test]
    fn a_last_line_keeps_its_last_characters_together() {
        assert_eq!(
            super::escape_line("変更の場合、ウェブサイトにて事前に通知を行います。"),
            "#\"変更の場合、ウェブサイトにて事前に通知を\";#box[#\"行います。\";]"
        );
        // Not starting with 「」」, not after 「「」.
        assert_eq!(
            super::escape_line("これは長い説明の文であり「あいう」。"),
            "#\"これは長い説明の文であり\";#box[#\"「あいう」。\";]"
        );
        // A short line is left alone.
        assert_eq!(super::escape_line("以上です。"), "#\"以上です。\";");
        // Lines of a paragraph: each end kept, one string across the line break.
        assert_eq!(
            super::escape_lines(&[
                "変更の場合、ウェブサイトにて事前に通知を行います。",
                "以上です。"
            ]),
            "#\"変更の場合、ウェブサイトにて事前に通知を\";#box[#\"行います。\";]#\"\\n以上です。\";"
        );
    }

    #[test]
    fn escape_string_round_trips() {
        let mut samples: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
        samples.push((0u8..128).map(char::from).collect());
        samples.push("日本語\u{2028}\u{85}\"\\".into());
        for sample in samples {
            let literal = format!("\"{}\"", escape_string(&sample));
            let root = typst::syntax::parse_code(&literal);
            assert!(!root.diagnosis().either(), "{literal:?}");
            let string = root
                .children()
                .find_map(|node| node.cast::<ast::Str>())
                .unwrap_or_else(|| panic!("{literal:?} is not one string"));
            assert_eq!(
                string.get().as_str(),
                crate::model::text::printable(&sample)
            );
        }
    }

    #[test]
    fn files_and_packages_are_refused() {
        for (code, path) in [
            ("#read(\"/etc/passwd\")", "/etc/passwd"),
            // Typst itself refuses paths above the root, before asking the world.
            (
                "#read(\"../../../../etc/passwd\")",
                "would escape the project root",
            ),
            ("#image(\"/etc/passwd\")", "/etc/passwd"),
            ("#include \"/etc/passwd\"", "/etc/passwd"),
            ("#import \"/etc/hosts.typ\": *", "/etc/hosts.typ"),
            ("#json(\"/proc/self/environ\")", "/proc/self/environ"),
            (
                "#import \"@preview/example:0.1.0\": *",
                "@preview/example:0.1.0",
            ),
            ("#read(\"main.typ\").len()", "/main.typ"),
        ] {
            let source = format!("#set text(font: \"IPAexMincho\")\n{code}\n");
            match engine().compile(&source, date()) {
                Err(error @ PdfError::Compile { .. }) => {
                    let message = error.to_string();
                    assert!(message.contains(path), "{message}");
                    assert!(
                        message.contains("does not read files")
                            || message.contains("would escape the project root"),
                        "{message}"
                    );
                    assert!(message.contains("at 2:"), "{message}");
                    assert!(!message.contains("root:"), "{message}");
                }
                Err(other) => panic!("{code}: unexpected {other}"),
                Ok(pdf) => panic!("{code} compiled:\n{}", pdftotext(&pdf)),
            }
        }
    }

    #[test]
    fn today_is_the_document_date() {
        let source = "#set text(font: \"IPAexMincho\")\n#datetime.today().display() #datetime.today(offset: -12).display()";
        let text = pdftotext(&engine().compile(source, date()).unwrap());
        assert_eq!(text.trim(), "2025-04-01 2025-04-01");
    }

    #[test]
    fn bad_source_reports_line_and_column() {
        let source =
            "#set text(font: \"IPAexMincho\")\n本文\n  #undefined_function(1)\n#table(columns: [\n";
        let error = engine().compile(source, date()).unwrap_err();
        let PdfError::Compile { diagnostics } = &error else {
            panic!("{error}")
        };
        assert!(!diagnostics.is_empty());
        let message = error.to_string();
        assert!(
            message.starts_with("the generated Typst source does not compile"),
            "{message}"
        );
        assert!(message.contains("error at 4:"), "{message}");
        assert!(message.contains("|"), "{message}");
    }

    #[test]
    fn unknown_variable_is_located() {
        let error = engine()
            .compile("文\n  #undefined_function(1)\n", date())
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("error at 2:4: unknown variable: undefined_function"),
            "{message}"
        );
        assert!(
            message.contains("    2 |   #undefined_function(1)"),
            "{message}"
        );
    }

    #[test]
    fn font_directories_are_checked() {
        let missing = PathBuf::from("/nonexistent/slagen-fonts");
        let error = PdfEngine::new(std::slice::from_ref(&missing))
            .err()
            .expect("an error");
        assert!(matches!(error, PdfError::FontDir { .. }));
        assert!(
            error
                .to_string()
                .starts_with("cannot read font directory /nonexistent/slagen-fonts: "),
            "{error}"
        );

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.txt"), "not a font, ignored").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/broken.TTF"), "not a font").unwrap();
        let error = PdfEngine::new(&[dir.path().to_path_buf()])
            .err()
            .expect("an error");
        assert!(matches!(error, PdfError::InvalidFont { .. }), "{error}");
        assert!(
            error
                .to_string()
                .ends_with("broken.TTF is not a font file that Typst can use"),
            "{error}"
        );

        std::fs::remove_file(dir.path().join("sub/broken.TTF")).unwrap();
        std::fs::write(dir.path().join("sub/gothic.ttf"), IPAEX_GOTHIC).unwrap();
        let engine = PdfEngine::new(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(engine.font_families(), [GOTHIC_FAMILY, MINCHO_FAMILY]);
        assert_eq!(engine.fonts.len(), 3);
    }
}
