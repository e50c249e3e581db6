//! The outage log: CSV, a JSON array or JSON Lines, read from bytes into [`Outage`] records.
//!
//! Every record is checked on its own and every bad record is reported, each with the byte span
//! of the field that is wrong (or of the whole record), so the command can print them all at
//! once with file, line and column. The file itself is read by the caller: this module only
//! parses bytes, so the source layer can own all file reading.
//!
//! Fields (the same names in every format; see `docs/report.md`):
//! `start`, `end` (required), `kind` (required: [`OutageKind::KEYWORDS`]), `notified_at`,
//! `objectives` and `functions` (which objectives the outage touches; all when both are empty;
//! `;`-separated in CSV, a string or an array of strings in JSON), `note`.

use super::OutageKind;
use crate::diagnostic::Problem;
use crate::model::{Spec, Term};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::ops::Range;

/// One outage as the log records it. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// The line of the record in its file (1-based).
    pub line: u32,
    /// When the service stopped.
    pub start: i64,
    /// When it was back (exclusive).
    pub end: i64,
    /// Why it stopped.
    pub kind: OutageKind,
    /// When a planned stop was announced.
    pub notified_at: Option<i64>,
    /// The objectives it touches, as a bit set over [`Objectives`]' order.
    pub affects: u64,
    /// A note, shown in the report.
    pub note: Option<Box<str>>,
}

/// How the log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// CSV with a header line (RFC 4180).
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object a line.
    JsonLines,
}

impl LogFormat {
    /// The format a file name says (`.csv`, `.json`, `.jsonl`/`.ndjson`), else the one its
    /// first non-blank byte says (`[` JSON, `{` JSON Lines, anything else CSV).
    pub fn detect(name: &str, bytes: &[u8]) -> LogFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            return LogFormat::Csv;
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            return LogFormat::JsonLines;
        }
        if lower.ends_with(".json") {
            return LogFormat::Json;
        }
        match strip_bom(bytes).iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => LogFormat::Json,
            Some(b'{') => LogFormat::JsonLines,
            _ => LogFormat::Csv,
        }
    }
}

/// A bad record: what is wrong and where (a byte range of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError {
    /// What is wrong.
    pub problem: Problem,
    /// Where, in bytes of the file.
    pub span: Range<usize>,
}

/// The availability objectives of a spec, in declaration order: what `objectives` and
/// `functions` of a record may name.
#[derive(Debug, Clone)]
pub struct Objectives {
    /// Ids.
    pub ids: Vec<String>,
    /// Labels (目標値), for matching a record that names one.
    pub labels: Vec<Option<String>>,
    /// The functions each objective measures.
    pub functions: Vec<Vec<String>>,
}

impl Objectives {
    /// The most objectives a spec may have for a report (records keep them in a 64-bit set).
    pub const MAX: usize = 64;

    /// The objectives of a spec.
    pub fn of(spec: &Spec) -> Objectives {
        let mut o = Objectives {
            ids: Vec::new(),
            labels: Vec::new(),
            functions: Vec::new(),
        };
        for t in &spec.terms {
            if let Term::Availability(a) = t {
                o.ids.push(a.head.id.clone());
                o.labels.push(a.head.label.clone());
                o.functions.push(a.functions.clone());
            }
        }
        o
    }

    /// Every objective.
    pub fn all(&self) -> u64 {
        if self.ids.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.ids.len()) - 1
        }
    }

    fn objective(&self, name: &str) -> Option<usize> {
        self.ids
            .iter()
            .position(|i| i == name)
            .or_else(|| self.labels.iter().position(|l| l.as_deref() == Some(name)))
    }

    fn function(&self, name: &str) -> u64 {
        let mut set = 0;
        for (i, fs) in self.functions.iter().enumerate() {
            if fs.iter().any(|f| f == name || base_name(f) == name) {
                set |= 1 << i;
            }
        }
        set
    }

    fn all_functions(&self) -> Vec<String> {
        let mut v: Vec<String> = self.functions.iter().flatten().cloned().collect();
        v.dedup();
        v
    }
}

/// 「フォーム機能(BASIC)」 is also named 「フォーム機能」.
fn base_name(f: &str) -> &str {
    match f.find(['(', '（']) {
        Some(i) if i > 0 => f[..i].trim_end(),
        _ => f,
    }
}

/// What a parse needs from the spec: its time zone and objectives.
pub struct Context<'a> {
    /// The spec's time zone, for times without an offset.
    pub tz: &'a TimeZone,
    /// The objectives records may name.
    pub objectives: &'a Objectives,
}

/// The known field names.
pub const FIELDS: [&str; 7] = [
    "start",
    "end",
    "kind",
    "notified_at",
    "objectives",
    "functions",
    "note",
];

/// Parses a log; every bad record is returned, in file order.
///
/// A large log is read on two threads, each from one half (cut at a line, and only where the
/// first half really ends a record there: else one thread reads it all), so the records, their
/// lines and the errors are the same, in the same order, as read on one.
pub fn parse(bytes: &[u8], format: LogFormat, cx: &Context) -> Result<Vec<Outage>, Vec<LogError>> {
    let halves = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
    parse_with(
        bytes,
        format,
        cx,
        if halves { PARALLEL_BYTES } else { usize::MAX },
    )
}

/// Logs smaller than this are read on one thread (a thread costs more than it saves there).
const PARALLEL_BYTES: usize = 1 << 20;

/// [`parse`], reading on two threads when the text has at least `parallel` bytes.
fn parse_with(
    bytes: &[u8],
    format: LogFormat,
    cx: &Context,
    parallel: usize,
) -> Result<Vec<Outage>, Vec<LogError>> {
    let bom = bytes.len() - strip_bom(bytes).len();
    let body = &bytes[bom..];
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            let at = bom + e.valid_up_to();
            return Err(vec![LogError {
                problem: Problem::OutageSyntax {
                    message: "the outage log is not valid UTF-8".into(),
                },
                span: at..at + 1,
            }]);
        }
    };
    let mut sink = Sink::new(bom);
    let split = |from: usize| split_point(text, from, parallel);
    match format {
        LogFormat::Csv => parse_csv(text, cx, &mut sink, split),
        LogFormat::Json => parse_json(text, cx, &mut sink, split),
        LogFormat::JsonLines => parse_json_lines(text, cx, &mut sink, split),
    }
    if sink.errors.is_empty() {
        Ok(sink.out)
    } else {
        Err(sink.errors)
    }
}

/// Where to cut `text[from..]` in two: just after the first newline past its middle. `None`
/// when the rest is shorter than `parallel` bytes or has no newline there.
fn split_point(text: &str, from: usize, parallel: usize) -> Option<usize> {
    let rest = text.len().checked_sub(from)?;
    if rest < parallel.max(2) {
        return None;
    }
    let mid = from + rest / 2;
    let nl = text.as_bytes()[mid..].iter().position(|b| *b == b'\n')?;
    Some(mid + nl + 1).filter(|s| *s < text.len())
}

/// Reads records from `from` (on line `line`) on this thread up to the first record at or after
/// `cut`, and from `cut` to the end on another, at the same time. `read` reads records from a
/// byte and a line up to a bound, into a sink, and says where it stopped: at the first record at
/// or past the bound ([`Ended::At`]), or at the end of the text or at an error that ends the
/// reading ([`Ended::Done`]). When the first half stops exactly at `cut` (a record starts there
/// in the one-thread reading), the second half's records (lines counted from 1 at `cut`) join
/// the first's; else the second half's work is dropped and this thread goes on from where it
/// stopped.
fn in_two<F>(from: usize, line: u64, cut: usize, sink: &mut Sink, read: F)
where
    F: Fn(usize, u64, usize, &mut Sink) -> Ended + Sync,
{
    std::thread::scope(|scope| {
        let base = sink.base;
        let read = &read;
        let second = scope.spawn(move || {
            let mut part = Sink::new(base);
            let ended = read(cut, 1, usize::MAX, &mut part);
            (part, ended)
        });
        let ended = read(from, line, cut, sink);
        match (ended, second.join()) {
            (Ended::At(at, line), Ok((part, Ended::Done))) if at == cut => sink.append(part, line),
            (Ended::At(at, line), _) => {
                read(at, line, usize::MAX, sink);
            }
            (Ended::Done, _) => {}
        }
    });
}

/// How a reading of records ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    /// At the end of the text, or at an error after which nothing more is read.
    Done,
    /// At the first record at or past the bound: it starts at this byte, on this line.
    At(usize, u64),
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

struct Sink {
    out: Vec<Outage>,
    errors: Vec<LogError>,
    /// Bytes before the text (a BOM), added to every span.
    base: usize,
    /// The text is not what the fast reading of a JSON array expects (read it again whole).
    broken: bool,
}

impl Sink {
    fn new(base: usize) -> Sink {
        Sink {
            out: Vec::new(),
            errors: Vec::new(),
            base,
            broken: false,
        }
    }

    fn error(&mut self, problem: Problem, span: Range<usize>) {
        self.errors.push(LogError {
            problem,
            span: span.start + self.base..span.end + self.base,
        });
    }

    /// Adds what was read after this sink's part, its lines counted from 1 at `line`.
    fn append(&mut self, mut part: Sink, line: u64) {
        let shift = line.saturating_sub(1) as u32;
        self.out.reserve(part.out.len());
        self.out.extend(part.out.drain(..).map(|o| Outage {
            line: o.line + shift,
            ..o
        }));
        self.errors.append(&mut part.errors);
        self.broken |= part.broken;
    }
}

/// A field's text and its span.
type RawField<'t> = Option<(Text<'t>, Range<usize>)>;

/// A field's text as a record holds it: one value (no allocation for the common case), a CSV
/// cell of `;`-separated names, or a JSON list.
enum Text<'t> {
    /// One value.
    One(Cow<'t, str>),
    /// Names separated by `;` (CSV `objectives` and `functions`).
    Split(&'t str),
    /// A JSON array of strings, or `null` (empty).
    List(Vec<Cow<'t, str>>),
}

impl Text<'_> {
    fn first(&self) -> Option<&str> {
        match self {
            Text::One(s) => Some(s.as_ref()),
            Text::Split(s) => s.split(';').next(),
            Text::List(v) => v.first().map(|s| s.as_ref()),
        }
    }

    fn items(&self) -> Vec<&str> {
        match self {
            Text::One(s) => vec![s.as_ref()],
            Text::Split(s) => s.split(';').collect(),
            Text::List(v) => v.iter().map(|s| s.as_ref()).collect(),
        }
    }
}

/// One record's fields as text with their spans (in the text), before checking.
#[derive(Default)]
struct RawRecord<'t> {
    fields: [RawField<'t>; 7],
    line: u32,
    span: Range<usize>,
}

impl<'t> RawRecord<'t> {
    fn one(&self, i: usize) -> Option<(&str, Range<usize>)> {
        self.fields[i]
            .as_ref()
            .and_then(|(v, r)| v.first().map(|s| (s, r.clone())))
            .filter(|(s, _)| !trim(s).is_empty())
    }
}

/// `str::trim`, without looking at each character when the text starts and ends with a
/// printable ASCII character (as nearly every field does).
fn trim(s: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    if printable(s.as_bytes().first()) && printable(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Checks one record and adds it, or its errors.
fn finish(raw: RawRecord, cx: &Context, sink: &mut Sink) {
    let before = sink.errors.len();
    let need = |i: usize, sink: &mut Sink| match raw.one(i) {
        Some(v) => Some(v),
        None => {
            let span = raw.fields[i]
                .as_ref()
                .map(|(_, r)| r.clone())
                .unwrap_or(raw.span.clone());
            sink.error(Problem::OutageMissingField { field: FIELDS[i] }, span);
            None
        }
    };
    let start = need(0, sink);
    let end = need(1, sink);
    let kind = need(2, sink);
    let time = |i: usize, (text, span): (&str, Range<usize>), sink: &mut Sink| match parse_time(
        trim(text),
        cx.tz,
    ) {
        Ok(t) => Some(t),
        Err(reason) => {
            sink.error(
                Problem::OutageBadTime {
                    field: FIELDS[i],
                    value: text.to_string(),
                    reason,
                },
                span,
            );
            None
        }
    };
    let start_t = start.clone().and_then(|v| time(0, v, sink));
    let end_t = end.clone().and_then(|v| time(1, v, sink));
    let notified = raw.one(3);
    let notified_t = notified.clone().and_then(|v| time(3, v, sink));
    let kind = kind.and_then(|(k, span)| match OutageKind::parse(trim(k)) {
        Some(k) => Some(k),
        None => {
            sink.error(
                Problem::OutageUnknownKind {
                    kind: k.to_string(),
                },
                span,
            );
            None
        }
    });
    if let (Some(a), Some(b)) = (start_t, end_t)
        && b <= a
    {
        let (s, _) = start.clone().unwrap_or_default();
        let (e, span) = end.clone().unwrap_or_default();
        sink.error(
            Problem::OutageEndsBeforeStart {
                start: trim(s).into(),
                end: trim(e).into(),
            },
            span,
        );
    }
    if let (Some(a), Some(n)) = (start_t, notified_t)
        && n > a
    {
        let (s, _) = start.clone().unwrap_or_default();
        let (nt, span) = notified.clone().unwrap_or_default();
        sink.error(
            Problem::OutageNotifiedAfterStart {
                notified: trim(nt).into(),
                start: trim(s).into(),
            },
            span,
        );
    }
    let mut affects = 0u64;
    let mut named = false;
    if let Some((names, span)) = &raw.fields[4] {
        for n in names
            .items()
            .iter()
            .map(|n| trim(n))
            .filter(|n| !n.is_empty())
        {
            named = true;
            match cx.objectives.objective(n) {
                Some(i) => affects |= 1 << i,
                None => sink.error(
                    Problem::OutageUnknownTarget {
                        name: n.into(),
                        what: "objective",
                        known: cx.objectives.ids.clone(),
                    },
                    span.clone(),
                ),
            }
        }
    }
    if let Some((names, span)) = &raw.fields[5] {
        for n in names
            .items()
            .iter()
            .map(|n| trim(n))
            .filter(|n| !n.is_empty())
        {
            named = true;
            match cx.objectives.function(n) {
                0 => sink.error(
                    Problem::OutageUnknownTarget {
                        name: n.into(),
                        what: "function",
                        known: cx.objectives.all_functions(),
                    },
                    span.clone(),
                ),
                set => affects |= set,
            }
        }
    }
    if !named {
        affects = cx.objectives.all();
    }
    if sink.errors.len() != before {
        return;
    }
    let (Some(start), Some(end), Some(kind)) = (start_t, end_t, kind) else {
        return;
    };
    sink.out.push(Outage {
        line: raw.line,
        start,
        end,
        kind,
        notified_at: notified_t,
        affects,
        note: raw.one(6).map(|(n, _)| trim(n).into()),
    });
}

// ---------------------------------------------------------------------------------------------
// CSV

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Reports a record the CSV reader cannot read (at `at` when it does not say where).
fn csv_error(text: &str, from: usize, at: usize, e: &csv::Error, sink: &mut Sink) {
    let at = e.position().map_or(at, |p| from + p.byte() as usize);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    sink.error(
        Problem::OutageSyntax {
            message: format!("this CSV record cannot be read: {e}"),
        },
        at..end.max(at + 1).min(text.len().max(at + 1)),
    );
}

fn parse_csv(text: &str, cx: &Context, sink: &mut Sink, split: impl Fn(usize) -> Option<usize>) {
    // The header line names the columns.
    let mut reader = csv_reader(text);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            sink.error(
                Problem::OutageSyntax {
                    message: "the CSV outage log is empty: it starts with a header line".into(),
                },
                0..0,
            );
            return;
        }
        Err(e) => return csv_error(text, 0, 0, &e, sink),
    }
    let at = record.position().map_or(0, |p| p.byte() as usize);
    let mut spans = Vec::new();
    field_spans_into(text, at, record.len(), &mut spans);
    let mut columns: Vec<Option<usize>> = Vec::new();
    for (i, name) in record.iter().enumerate() {
        let name = name.trim();
        match FIELDS.iter().position(|f| *f == name) {
            Some(k) if columns.contains(&Some(k)) => sink.error(
                Problem::OutageSyntax {
                    message: format!("the column `{name}` appears twice"),
                },
                spans[i].clone(),
            ),
            Some(k) => columns.push(Some(k)),
            None => {
                sink.error(
                    Problem::OutageUnknownField { field: name.into() },
                    spans[i].clone(),
                );
                columns.push(None);
            }
        }
    }
    for (k, f) in FIELDS.iter().enumerate().take(3) {
        if !columns.contains(&Some(k)) {
            sink.error(
                Problem::OutageMissingField { field: f },
                spans_all(&spans, at),
            );
        }
    }
    if !sink.errors.is_empty() {
        return;
    }
    // The records.
    let (from, line) = (reader.position().byte() as usize, reader.position().line());
    let read = |from: usize, line: u64, until: usize, sink: &mut Sink| {
        csv_records(text, from, line, until, &columns, cx, sink)
    };
    match split(from) {
        Some(cut) => in_two(from, line, cut, sink, read),
        None => {
            read(from, line, usize::MAX, sink);
        }
    }
}

/// Reads the CSV records of `text` from byte `from` (on line `line`) up to the first that starts
/// at or after `until`.
fn csv_records(
    text: &str,
    from: usize,
    line: u64,
    until: usize,
    columns: &[Option<usize>],
    cx: &Context,
    sink: &mut Sink,
) -> Ended {
    let mut reader = csv_reader(&text[from..]);
    let mut record = csv::StringRecord::new();
    let mut spans: Vec<Range<usize>> = Vec::new(); // reused: no allocation a record
    loop {
        let before = from + reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => return Ended::Done,
            Ok(true) => {}
            Err(e) => {
                csv_error(text, from, before, &e, sink);
                return Ended::Done;
            }
        }
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let at = from + pos.byte() as usize;
        let record_line = line + pos.line() - 1;
        if at >= until {
            return Ended::At(at, record_line);
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        field_spans_into(text, at, record.len(), &mut spans);
        let whole = spans_all(&spans, at);
        if record.len() != columns.len() {
            sink.error(
                Problem::OutageSyntax {
                    message: format!(
                        "this record has {} fields where the header has {}",
                        record.len(),
                        columns.len()
                    ),
                },
                whole,
            );
            continue;
        }
        let mut raw = RawRecord {
            line: record_line as u32,
            span: whole,
            ..RawRecord::default()
        };
        for (i, value) in record.iter().enumerate() {
            if let Some(k) = columns[i] {
                let values = if k == 4 || k == 5 {
                    Text::Split(value)
                } else {
                    Text::One(Cow::Borrowed(value))
                };
                raw.fields[k] = Some((values, spans[i].clone()));
            }
        }
        finish(raw, cx, sink);
    }
}

fn spans_all(spans: &[Range<usize>], at: usize) -> Range<usize> {
    match (spans.first(), spans.last()) {
        (Some(a), Some(b)) => a.start..b.end.max(a.start),
        _ => at..at,
    }
}

/// The byte ranges of the `n` fields of the CSV record starting at `at` (quotes included).
#[cfg(test)]
fn field_spans(text: &str, at: usize, n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    field_spans_into(text, at, n, &mut out);
    out
}

/// [`field_spans`] into a buffer the caller reuses.
fn field_spans_into(text: &str, at: usize, n: usize, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    out.clear();
    let mut i = at;
    for _ in 0..n {
        let start = i;
        if b.get(i) == Some(&b'"') {
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        out.push(start..i);
        if b.get(i) == Some(&b',') {
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

fn offset_of(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

fn line_of(text: &str, at: usize, from: (usize, u32)) -> u32 {
    let (pos, line) = from;
    line + text.as_bytes()[pos..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
}

fn json_error(text: &str, e: &serde_json::Error) -> Range<usize> {
    // serde_json counts lines from 1 and columns from 1 in bytes.
    let mut at = 0;
    for _ in 1..e.line() {
        match text[at..].find('\n') {
            Some(i) => at += i + 1,
            None => break,
        }
    }
    let at = (at + e.column().saturating_sub(1)).min(text.len());
    at..(at + 1).min(text.len())
}

fn parse_json(text: &str, cx: &Context, sink: &mut Sink, split: impl Fn(usize) -> Option<usize>) {
    // A well-formed array is read element by element, each straight into its fields; anything
    // else is read again as a whole below, for serde_json's own message and position.
    let b = text.as_bytes();
    let open = skip_space(b, 0);
    if b.get(open) == Some(&b'[') {
        let from = skip_space(b, open + 1);
        if b.get(from) == Some(&b']') {
            if skip_space(b, from + 1) == b.len() {
                return;
            }
        } else {
            let mut part = Sink::new(sink.base);
            let line = line_of(text, from, (0, 1)) as u64;
            let read = |from: usize, line: u64, until: usize, sink: &mut Sink| {
                json_elements(text, from, line, until, cx, sink)
            };
            match split(from).map(|cut| skip_space(b, cut)) {
                Some(cut) if cut < b.len() => in_two(from, line, cut, &mut part, read),
                _ => {
                    read(from, line, usize::MAX, &mut part);
                }
            }
            if !part.broken {
                sink.out = part.out;
                sink.errors = part.errors;
                return;
            }
        }
    }
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            sink.error(
                Problem::OutageSyntax {
                    message: format!("the JSON outage log must be an array of objects: {e}"),
                },
                json_error(text, &e),
            );
            return;
        }
    };
    sink.out.reserve(items.len());
    let mut cursor = (0usize, 1u32);
    for item in items {
        let at = offset_of(text, item.get());
        let line = line_of(text, at, cursor);
        cursor = (at, line);
        json_record(text, item, line, cx, sink);
    }
}

fn skip_space(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && matches!(b[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// Reads the elements of a JSON array from `from` (the start of an element, on line `line`)
/// up to the first that starts at or after `until`. An element that is not valid JSON, or a
/// separator that is not `,` or the final `]`, marks the sink broken (the caller reads the
/// whole text again to say what is wrong).
fn json_elements(
    text: &str,
    from: usize,
    line: u64,
    until: usize,
    cx: &Context,
    sink: &mut Sink,
) -> Ended {
    let b = text.as_bytes();
    let mut at = from;
    let mut cursor = (from, line as u32);
    loop {
        let line = line_of(text, at, cursor);
        cursor = (at, line);
        if at >= until {
            return Ended::At(at, u64::from(line));
        }
        let mut one = serde_json::Deserializer::from_str(&text[at..]).into_iter::<JsonRow>();
        let end = match one.next() {
            Some(Ok(row)) => {
                let end = at + one.byte_offset();
                json_row(text, &row, at..end, line, cx, sink);
                end
            }
            _ => {
                let mut one =
                    serde_json::Deserializer::from_str(&text[at..]).into_iter::<&RawValue>();
                match one.next() {
                    Some(Ok(item)) => {
                        json_record(text, item, line, cx, sink);
                        at + one.byte_offset()
                    }
                    _ => {
                        sink.broken = true;
                        return Ended::Done;
                    }
                }
            }
        };
        let next = skip_space(b, end);
        match b.get(next) {
            Some(b',') => at = skip_space(b, next + 1),
            Some(b']') if skip_space(b, next + 1) == b.len() => return Ended::Done,
            _ => {
                sink.broken = true;
                return Ended::Done;
            }
        }
    }
}

fn parse_json_lines(
    text: &str,
    cx: &Context,
    sink: &mut Sink,
    split: impl Fn(usize) -> Option<usize>,
) {
    let read = |from: usize, line: u64, until: usize, sink: &mut Sink| {
        json_lines(text, from, line, until, cx, sink)
    };
    match split(0) {
        Some(cut) => in_two(0, 1, cut, sink, read),
        None => {
            read(0, 1, usize::MAX, sink);
        }
    }
}

/// Reads the lines of a JSON Lines log from byte `from` (the start of line `line`) up to the
/// first that starts at or after `until`.
fn json_lines(
    text: &str,
    from: usize,
    line: u64,
    until: usize,
    cx: &Context,
    sink: &mut Sink,
) -> Ended {
    let mut at = from;
    for (n, line_text) in text[from..].split('\n').enumerate() {
        let start = at;
        let number = line + n as u64;
        if start >= until {
            return Ended::At(start, number);
        }
        at += line_text.len() + 1;
        let trimmed = line_text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line_text.len() - line_text.trim_start().len();
        let slice = &text[start + lead..start + lead + trimmed.len()];
        match serde_json::from_str::<&RawValue>(slice) {
            Ok(item) => json_record(text, item, number as u32, cx, sink),
            Err(e) => {
                let col = e.column().saturating_sub(1).min(slice.len());
                let pos = start + lead + col;
                sink.error(
                    Problem::OutageSyntax {
                        message: format!("this line is not a JSON object: {e}"),
                    },
                    pos..(pos + 1).min(text.len()),
                );
            }
        }
    }
    Ended::Done
}

/// A JSON value a field may hold: a string, `null`, or (objectives, functions) a list of
/// strings. `None` for anything else.
fn json_strings<'t>(v: &'t RawValue) -> Option<Text<'t>> {
    let s = v.get();
    // A string without escapes is its own text (the value is valid JSON already).
    if s.len() >= 2 && s.starts_with('"') && !s.as_bytes().contains(&b'\\') {
        return Some(Text::One(Cow::Borrowed(&s[1..s.len() - 1])));
    }
    if let Ok(one) = serde_json::from_str::<&str>(s) {
        return Some(Text::One(Cow::Borrowed(one)));
    }
    if let Ok(one) = serde_json::from_str::<String>(s) {
        return Some(Text::One(Cow::Owned(one)));
    }
    if s.trim() == "null" {
        return Some(Text::List(Vec::new()));
    }
    serde_json::from_str::<Vec<String>>(s)
        .ok()
        .map(|v| Text::List(v.into_iter().map(Cow::Owned).collect()))
}

/// The fields of an outage object, unread (the fast path: no map, no copies).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow<'a> {
    #[serde(borrow, default)]
    start: Option<&'a RawValue>,
    #[serde(borrow, default)]
    end: Option<&'a RawValue>,
    #[serde(borrow, default)]
    kind: Option<&'a RawValue>,
    #[serde(borrow, default)]
    notified_at: Option<&'a RawValue>,
    #[serde(borrow, default)]
    objectives: Option<&'a RawValue>,
    #[serde(borrow, default)]
    functions: Option<&'a RawValue>,
    #[serde(borrow, default)]
    note: Option<&'a RawValue>,
}

impl<'a> JsonRow<'a> {
    /// The fields in the order of [`FIELDS`].
    fn values(&self) -> [Option<&'a RawValue>; 7] {
        [
            self.start,
            self.end,
            self.kind,
            self.notified_at,
            self.objectives,
            self.functions,
            self.note,
        ]
    }
}

fn json_record(text: &str, item: &RawValue, line: u32, cx: &Context, sink: &mut Sink) {
    let at = offset_of(text, item.get());
    let span = at..at + item.get().len();
    let row: JsonRow = match serde_json::from_str(item.get()) {
        Ok(row) => row,
        Err(_) => {
            // Say which field is unknown, or that this is not an object.
            match serde_json::from_str::<std::collections::BTreeMap<String, &RawValue>>(item.get())
            {
                Ok(map) => {
                    for (key, value) in map {
                        if !FIELDS.contains(&key.as_str()) {
                            let a = offset_of(text, value.get());
                            sink.error(
                                Problem::OutageUnknownField { field: key },
                                a..a + value.get().len(),
                            );
                        }
                    }
                }
                Err(_) => sink.error(
                    Problem::OutageSyntax {
                        message: "each outage must be a JSON object".into(),
                    },
                    span,
                ),
            }
            return;
        }
    };
    json_row(text, &row, span, line, cx, sink);
}

/// Checks the fields of one outage object (at `span` of the text) and adds it, or its errors.
fn json_row(
    text: &str,
    row: &JsonRow,
    span: Range<usize>,
    line: u32,
    cx: &Context,
    sink: &mut Sink,
) {
    let mut raw = RawRecord {
        line,
        span,
        ..RawRecord::default()
    };
    let mut bad = false;
    for (k, value) in row.values().into_iter().enumerate() {
        let Some(value) = value else { continue };
        let a = offset_of(text, value.get());
        let vspan = a..a + value.get().len();
        match json_strings(value) {
            Some(v) if k == 4 || k == 5 || !matches!(&v, Text::List(l) if l.len() > 1) => {
                raw.fields[k] = Some((v, vspan))
            }
            _ => {
                let what = if k == 4 || k == 5 {
                    "a string or a list of strings"
                } else {
                    "a string"
                };
                sink.error(
                    Problem::OutageSyntax {
                        message: format!("`{}` must be {what}", FIELDS[k]),
                    },
                    vspan,
                );
                bad = true;
            }
        }
    }
    if !bad {
        finish(raw, cx, sink);
    }
}

// ---------------------------------------------------------------------------------------------
// Times

/// Reads a time: an instant with an offset (`2026-10-05T02:00:00+09:00`, `…Z`), or a civil time
/// (`2026-10-05T02:00`, `2026-10-05 02:00:00`) in the spec's zone, which must name one instant.
/// Returns Unix seconds (fractions of a second are dropped).
pub fn parse_time(text: &str, tz: &TimeZone) -> Result<i64, String> {
    if let Some(r) = fast_time(text.as_bytes(), tz) {
        return r;
    }
    if let Ok(z) = text.parse::<jiff::Zoned>() {
        return Ok(z.timestamp().as_second());
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    match text.parse::<DateTime>() {
        Ok(dt) if text.len() > 10 => civil(dt, tz),
        _ => Err("expected a date and time such as 2026-10-05T02:00:00+09:00".into()),
    }
}

fn civil(dt: DateTime, tz: &TimeZone) -> Result<i64, String> {
    tz.to_ambiguous_timestamp(dt)
        .unambiguous()
        .map(|t| t.as_second())
        .map_err(|_| {
            format!(
                "{dt} does not name one instant in {} (a clock change skips or repeats it); give an offset",
                tz.iana_name().unwrap_or("the spec's time zone")
            )
        })
}

/// The common shapes, without allocation: `YYYY-MM-DD[T ]HH:MM[:SS][Z|±HH:MM]`. `None` when the
/// text has another shape (jiff reads it then).
fn fast_time(b: &[u8], tz: &TimeZone) -> Option<Result<i64, String>> {
    // Two digits at `i` (the shapes are fixed, so every number is read two digits at a time).
    let two = |i: usize| -> Option<i64> {
        let (x, y) = (
            b.get(i)?.wrapping_sub(b'0'),
            b.get(i + 1)?.wrapping_sub(b'0'),
        );
        (x < 10 && y < 10).then(|| i64::from(x * 10 + y))
    };
    if b.len() < 16
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b' ')
        || b[13] != b':'
    {
        return None;
    }
    let (y, mo, d, h, mi) = (
        two(0)? * 100 + two(2)?,
        two(5)?,
        two(8)?,
        two(11)?,
        two(14)?,
    );
    let mut i = 16;
    let mut s = 0;
    if b.get(i) == Some(&b':') {
        s = two(17)?;
        i = 19;
    }
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59 {
        return Some(Err("the date or time does not exist".into()));
    }
    let local = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
    match b.get(i) {
        None => {
            let dt =
                jiff::civil::date(y as i16, mo as i8, d as i8).at(h as i8, mi as i8, s as i8, 0);
            Some(civil(dt, tz))
        }
        Some(b'Z') if i + 1 == b.len() => Some(Ok(local)),
        Some(&c @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let (oh, om) = (two(i + 1)?, two(i + 4)?);
            if oh > 23 || om > 59 {
                return Some(Err("the offset does not exist".into()));
            }
            let off = oh * 3600 + om * 60;
            Some(Ok(if c == b'+' { local - off } else { local + off }))
        }
        _ => None,
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokyo() -> TimeZone {
        jiff::tz::db().get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn times_agree_with_jiff() {
        let tz = tokyo();
        for text in [
            "2026-10-05T02:00:00+09:00",
            "2026-10-05T02:00+09:00",
            "2024-02-29T23:59:59Z",
            "2026-10-05T02:00:00-03:30",
            "1999-12-31 23:00:00+00:00",
        ] {
            let jiff: jiff::Timestamp = text.replace(' ', "T").parse().unwrap();
            assert_eq!(parse_time(text, &tz), Ok(jiff.as_second()), "{text}");
        }
        let civil = parse_time("2026-10-05 02:00", &tz).unwrap();
        assert_eq!(civil, parse_time("2026-10-04T17:00:00Z", &tz).unwrap());
        assert!(parse_time("2026-02-29T00:00+09:00", &tz).is_err());
        assert!(parse_time("2026-10-05T24:00+09:00", &tz).is_err());
        assert!(parse_time("yesterday", &tz).is_err());
        for bad in [
            "2026-1a-05T02:00+09:00",
            "2026-10-05T02:0x+09:00",
            "2026-10-05T02:00:6+09:00",
            "2026-10-05T02:00+0x:00",
        ] {
            assert!(parse_time(bad, &tz).is_err(), "{bad}");
        }
        assert_eq!(
            parse_time("2026-10-05T02:00:59-00:30", &tz),
            Ok(parse_time("2026-10-05T02:30:59Z", &tz).unwrap())
        );
        let ny = jiff::tz::db().get("America/New_York").unwrap();
        assert!(
            parse_time("2026-03-08T02:30", &ny).is_err(),
            "a skipped time"
        );
    }

    /// Logs whose middle falls at every kind of place: inside a quoted CSV field across lines,
    /// inside a pretty-printed JSON object, at blank lines, CRLF line ends, bad records in
    /// either half, and a JSON syntax error late in the file.
    fn logs() -> Vec<(LogFormat, String)> {
        let mut out = Vec::new();
        let time = |i: usize| {
            format!(
                "2026-10-{:02}T{:02}:{:02}:00+09:00",
                1 + i % 28,
                i % 24,
                i % 60
            )
        };
        let (mut csv, mut crlf, mut json, mut pretty, mut lines) = (
            String::from("start,end,kind,note\n"),
            String::from("start,end,kind\r\n"),
            String::from("[\n"),
            String::from("[\n"),
            String::new(),
        );
        for i in 0..60 {
            let (a, b) = (time(i), time(i + 1).replace("+09:00", ":30+09:00"));
            let b = if i % 17 == 5 {
                a.clone()
            } else {
                b[..19].to_string() + "+09:00"
            };
            let kind = if i % 13 == 7 { "storm" } else { "unplanned" };
            let note = match i % 4 {
                0 => "\"a\nlong, \"\"quoted\"\"\nnote\"".to_string(),
                1 => String::new(),
                _ => "x".repeat(i),
            };
            csv += &format!("{a},{b},{kind},{note}\n");
            if i % 9 == 0 {
                csv += "\n";
            }
            crlf += &format!("{a},{b},{kind}\r\n");
            let sep = if i == 59 { "" } else { "," };
            json +=
                &format!("{{\"start\": \"{a}\", \"end\": \"{b}\", \"kind\": \"{kind}\"}}{sep}\n");
            pretty += &format!(
                "  {{\n    \"start\": \"{a}\",\n    \"end\": \"{b}\",\n    \"kind\": \"{kind}\",\n    \"objectives\": [\n      \"service\"\n    ]\n  }}{sep}\n"
            );
            lines +=
                &format!("{{\"start\": \"{a}\", \"end\": \"{b}\", \"kind\": \"unplanned\"}}\n");
            if i % 11 == 3 {
                lines += "{\"start\": 5}\n\n";
            }
        }
        json += "]\n";
        pretty += "]";
        let broken = json
            .replacen("}},\n{{", "}},,\n{{", 1)
            .replacen("\"}, ", "\"}; ", 1);
        let late = json.replace("\"}\n]", "\", }\n]");
        out.push((LogFormat::Csv, csv));
        out.push((LogFormat::Csv, crlf));
        out.push((LogFormat::Json, json.clone()));
        out.push((LogFormat::Json, json.replace("storm", "unplanned")));
        out.push((LogFormat::Json, pretty.clone()));
        out.push((LogFormat::Json, pretty.replace("storm", "unplanned")));
        out.push((LogFormat::Json, broken));
        out.push((LogFormat::Json, late));
        out.push((LogFormat::JsonLines, lines));
        out
    }

    #[test]
    fn two_threads_read_what_one_reads() {
        let tz = tokyo();
        let objectives = Objectives {
            ids: vec!["service".into()],
            labels: vec![None],
            functions: vec![vec![]],
        };
        let cx = Context {
            tz: &tz,
            objectives: &objectives,
        };
        let mut cut = 0;
        for (format, log) in logs() {
            // Every prefix of whole lines, so the middle falls everywhere.
            let ends: Vec<usize> = log.match_indices('\n').map(|(i, _)| i + 1).collect();
            for end in ends {
                let text = &log.as_bytes()[..end];
                let one = parse_with(text, format, &cx, usize::MAX);
                let two = parse_with(text, format, &cx, 0);
                assert_eq!(one, two, "{format:?} {:?}", &log[..end]);
                cut += usize::from(split_point(&log[..end], 0, 0).is_some());
            }
        }
        assert!(cut > 300, "the logs were cut {cut} times");
    }

    #[test]
    fn csv_field_spans_cover_quotes() {
        let t = "a,\"b,\"\"c\",d\n";
        let s = field_spans(t, 0, 3);
        assert_eq!(
            s.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            ["a", "\"b,\"\"c\"", "d"]
        );
    }
}
