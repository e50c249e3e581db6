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
pub fn parse(bytes: &[u8], format: LogFormat, cx: &Context) -> Result<Vec<Outage>, Vec<LogError>> {
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
    let mut sink = Sink {
        out: Vec::new(),
        errors: Vec::new(),
        base: bom,
    };
    match format {
        LogFormat::Csv => parse_csv(text, cx, &mut sink),
        LogFormat::Json => parse_json(text, cx, &mut sink),
        LogFormat::JsonLines => parse_json_lines(text, cx, &mut sink),
    }
    if sink.errors.is_empty() {
        Ok(sink.out)
    } else {
        Err(sink.errors)
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

struct Sink {
    out: Vec<Outage>,
    errors: Vec<LogError>,
    /// Bytes before the text (a BOM), added to every span.
    base: usize,
}

impl Sink {
    fn error(&mut self, problem: Problem, span: Range<usize>) {
        self.errors.push(LogError {
            problem,
            span: span.start + self.base..span.end + self.base,
        });
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
            .filter(|(s, _)| !s.trim().is_empty())
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
        text.trim(),
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
    let kind = kind.and_then(|(k, span)| match OutageKind::parse(k.trim()) {
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
                start: s.trim().into(),
                end: e.trim().into(),
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
                notified: nt.trim().into(),
                start: s.trim().into(),
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
            .map(|n| n.trim())
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
            .map(|n| n.trim())
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
        note: raw.one(6).map(|(n, _)| n.trim().into()),
    });
}

// ---------------------------------------------------------------------------------------------
// CSV

fn parse_csv(text: &str, cx: &Context, sink: &mut Sink) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut columns: Vec<Option<usize>> = Vec::new();
    let mut header = true;
    let mut spans: Vec<Range<usize>> = Vec::new(); // reused: no allocation a record
    loop {
        let pos_before = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (at, line) = match e.position() {
                    Some(p) => (p.byte() as usize, p.line()),
                    None => (pos_before, 0),
                };
                let _ = line;
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                sink.error(
                    Problem::OutageSyntax {
                        message: format!("this CSV record cannot be read: {e}"),
                    },
                    at..end.max(at + 1).min(text.len().max(at + 1)),
                );
                if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    continue;
                }
                break;
            }
        }
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let at = pos.byte() as usize;
        field_spans_into(text, at, record.len(), &mut spans);
        if header {
            header = false;
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
            continue;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
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
            line: pos.line() as u32,
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
    if header {
        sink.error(
            Problem::OutageSyntax {
                message: "the CSV outage log is empty: it starts with a header line".into(),
            },
            0..0,
        );
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

fn parse_json(text: &str, cx: &Context, sink: &mut Sink) {
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

fn parse_json_lines(text: &str, cx: &Context, sink: &mut Sink) {
    let mut at = 0usize;
    for (n, line) in text.split('\n').enumerate() {
        let start = at;
        at += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let slice = &text[start + lead..start + lead + trimmed.len()];
        match serde_json::from_str::<&RawValue>(slice) {
            Ok(item) => json_record(text, item, n as u32 + 1, cx, sink),
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
    let num = |r: Range<usize>| -> Option<i64> {
        let mut n = 0i64;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i64::from(c - b'0');
        }
        Some(n)
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
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    let mut i = 16;
    let mut s = 0;
    if b.get(i) == Some(&b':') {
        s = num(17..19)?;
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
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
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
        let ny = jiff::tz::db().get("America/New_York").unwrap();
        assert!(
            parse_time("2026-03-08T02:30", &ny).is_err(),
            "a skipped time"
        );
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
