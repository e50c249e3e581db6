//! The document templates: embedded, overridable file by file, strict, escaping per format.

use super::RenderError;
use super::doc::Doc;
use super::wording::Wording;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// Typst markup (the PDF's source).
    Typst,
    /// PDF, typeset from the Typst output.
    Pdf,
}

impl Format {
    fn template(self) -> &'static str {
        match self {
            Format::Markdown => "document.md.j2",
            Format::Html => "document.html.j2",
            Format::Typst | Format::Pdf => "document.typ.j2",
        }
    }
}

/// The embedded templates, by file name.
const EMBEDDED: [(&str, &str); 9] = [
    (
        "document.md.j2",
        include_str!("../../templates/ja/document.md.j2"),
    ),
    (
        "document.html.j2",
        include_str!("../../templates/ja/document.html.j2"),
    ),
    (
        "document.typ.j2",
        include_str!("../../templates/ja/document.typ.j2"),
    ),
    (
        "history.md.j2",
        include_str!("../../templates/ja/history.md.j2"),
    ),
    (
        "history.html.j2",
        include_str!("../../templates/ja/history.html.j2"),
    ),
    (
        "history.typ.j2",
        include_str!("../../templates/ja/history.typ.j2"),
    ),
    (
        "report.md.j2",
        include_str!("../../templates/ja/report.md.j2"),
    ),
    (
        "report.html.j2",
        include_str!("../../templates/ja/report.html.j2"),
    ),
    (
        "report.typ.j2",
        include_str!("../../templates/ja/report.typ.j2"),
    ),
];

/// The templates and sentence table of one run.
pub struct Templates {
    env: Environment<'static>,
    wording: Wording,
    /// The override directory, to name the file an error is in.
    dir: Option<PathBuf>,
}

impl Templates {
    /// The embedded templates, with the files of `dir` (if given) replacing them one by one.
    pub fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html.j2") {
                AutoEscape::Html
            } else if name.ends_with(".md.j2") {
                AutoEscape::Custom("markdown".into())
            } else if name.ends_with(".typ.j2") {
                AutoEscape::Custom("typst".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            let format = state.auto_escape();
            match format {
                AutoEscape::Custom(kind) if !value.is_safe() => {
                    let text = if value.is_undefined() || value.is_none() {
                        String::new()
                    } else {
                        value.to_string()
                    };
                    let escaped = match kind.as_ref() {
                        "markdown" => escape_markdown(&text),
                        // Numbers stay numbers: templates also print them in code (`level: 2`).
                        _ if value.as_str().is_none() => super::pdf::escape_markup_chars(&text),
                        _ => super::pdf::escape_markup_unbroken(&text),
                    };
                    out.write_str(&escaped)
                        .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
                }
                AutoEscape::Html if !value.is_safe() => {
                    match value.as_str() {
                        // Control characters are shown, not passed on (NUL fails the Nu checker).
                        Some(s) => minijinja::escape_formatter(
                            out,
                            state,
                            &Value::from(crate::model::text::printable(s).as_ref()),
                        ),
                        None => minijinja::escape_formatter(out, state, value),
                    }
                }
                _ => minijinja::escape_formatter(out, state, value),
            }
        });
        // A `|` in a GFM table cell: `\|` is split by pandoc, the entity is kept in the cell by
        // every GFM reader (the cell is split before entities are read). A line feed would end
        // the table row: it becomes `<br>` as between a cell's lines.
        env.add_filter("cell", |v: String| {
            escape_markdown(&v)
                .replace("\\|", "&#124;")
                .replace('\n', "<br>")
        });
        env.add_filter("typst_string", |v: String| super::pdf::escape_string(&v));
        // HTML text whose dates, times and ranges stay on one line (`<span class="nobr">`).
        env.add_filter("nobr", |v: String| {
            Value::from_safe_string(html_unbroken(&[(v.as_str(), false)]))
        });
        // A line of a 新旧対照表 cell in HTML: changed runs underlined, dates kept whole.
        env.add_filter(
            "marked_line",
            |line: Vec<Value>| -> Result<Value, minijinja::Error> {
                let mut pieces = Vec::with_capacity(line.len());
                for seg in &line {
                    let text = seg.get_attr("text")?;
                    let text = text.as_str().unwrap_or_default().to_string();
                    pieces.push((text, seg.get_attr("changed")?.is_true()));
                }
                let pieces: Vec<(&str, bool)> =
                    pieces.iter().map(|(t, c)| (t.as_str(), *c)).collect();
                Ok(Value::from_safe_string(html_unbroken(&pieces)))
            },
        );
        // The last line of a Typst paragraph or item: escaped, its end kept together.
        env.add_filter("line", |v: String| {
            Value::from_safe_string(super::pdf::escape_line(&v))
        });
        // The lines of a Typst paragraph, note or item, each end kept together, joined by
        // forced line breaks: one string between groups, so a long paragraph stays cheap.
        env.add_filter("lines", |v: Vec<String>| {
            Value::from_safe_string(super::pdf::escape_lines(&v))
        });
        // Paid for before the string is made: the render's fuel bounds its size.
        env.add_filter(
            "repeat",
            |state: &minijinja::State, s: String, n: usize| -> Result<String, minijinja::Error> {
                let len = s.len().checked_mul(n).ok_or_else(out_of_fuel)?;
                state.consume_fuel(len as u64 / 64)?;
                Ok(s.repeat(n))
            },
        );
        // The lines of a paragraph, note or list as printed: markers and ※ in place.
        env.add_filter(
            "node_lines",
            |node: Value| -> Result<Vec<String>, minijinja::Error> {
                let node: super::doc::Node =
                    serde_json::from_value(serde_json::to_value(&node).map_err(|e| {
                        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
                    })?)
                    .map_err(|e| {
                        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
                    })?;
                let mut out = Vec::new();
                node.lines(&mut out);
                Ok(out)
            },
        );
        env.add_global("br", Value::from_safe_string("\\".into()));

        let mut wording = Wording::embedded();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(RenderError::Template {
                    file: dir.display().to_string(),
                    message: if dir.exists() {
                        "the template directory is not a directory".into()
                    } else {
                        "the template directory does not exist".into()
                    },
                });
            }
            let wording_path = dir.join("wording.toml");
            if wording_path.is_file() {
                let text = read(dir, &wording_path)?;
                wording = Wording::parse(&text, &wording_path.display().to_string())?;
            }
        }
        for (name, source) in EMBEDDED {
            let text = match dir.and_then(|d| Some((d, d.join(name))).filter(|(_, p)| p.is_file()))
            {
                Some((dir, path)) => read(dir, &path)?,
                None => source.to_string(),
            };
            env.add_template_owned(name, text)
                .map_err(|e| template_error(name, dir, &e))?;
        }
        Ok(Templates {
            env,
            wording,
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// The sentence table.
    pub fn wording(&self) -> &Wording {
        &self.wording
    }

    /// Renders a laid-out document in a format (not PDF: that is the Typst output compiled).
    pub fn render(&self, format: Format, doc: &Doc) -> Result<String, RenderError> {
        self.render_named(format.template(), "doc", doc)
    }

    /// Renders a change-history page (`history.*.j2`) in a format.
    pub fn render_history<T: serde::Serialize>(
        &self,
        format: Format,
        page: &T,
    ) -> Result<String, RenderError> {
        let name = match format {
            Format::Markdown => "history.md.j2",
            Format::Html => "history.html.j2",
            Format::Typst | Format::Pdf => "history.typ.j2",
        };
        self.render_named(name, "page", page)
    }

    /// Renders a monthly availability report (`report.*.j2`, see `crate::report::document`).
    pub fn render_report<T: serde::Serialize>(
        &self,
        format: Format,
        page: &T,
    ) -> Result<String, RenderError> {
        let name = match format {
            Format::Markdown => "report.md.j2",
            Format::Html => "report.html.j2",
            Format::Typst | Format::Pdf => "report.typ.j2",
        };
        self.render_named(name, "page", page)
    }

    fn render_named<T: serde::Serialize>(
        &self,
        name: &str,
        var: &str,
        value: &T,
    ) -> Result<String, RenderError> {
        // The budget of this render: a template does work in proportion to what it is given,
        // so a loop without end or a huge `repeat` stops with an error instead of taking the
        // machine's time or memory.
        let mut env = self.env.clone();
        env.set_fuel(Some(fuel_for(value)));
        let tmpl = env
            .get_template(name)
            .map_err(|e| template_error(name, self.dir.as_deref(), &e))?;
        let ctx = Value::from_pairs([(var, Value::from(minijinja::value::Serde(value)))]);
        tmpl.render(ctx)
            .map_err(|e| template_error(name, self.dir.as_deref(), &e))
    }
}

/// Reads a template file, which must lie (links resolved) inside the template directory.
fn read(dir: &Path, path: &Path) -> Result<String, RenderError> {
    let source = crate::source::read_under(dir, path).and_then(crate::source::utf8);
    source.map_err(|e| RenderError::Template {
        file: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Fuel every render has, whatever its input: about a million steps, or 64 MiB of text.
const FUEL_BASE: u64 = 1 << 20;

/// Fuel for each byte of the value a template is given (as JSON). The embedded templates use
/// about a quarter of a unit a byte (the 1 MB benchmark spec's HTML: 0.5 M units).
const FUEL_PER_BYTE: u64 = 2;

/// The fuel of one render of `value` (see minijinja's `Environment::set_fuel`: a unit is about
/// one instruction or 64 bytes of data made).
fn fuel_for<T: serde::Serialize>(value: &T) -> u64 {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A value that does not serialise fails the render itself, with its own message.
    let _ = serde_json::to_writer(&mut count, value);
    FUEL_BASE.saturating_add(count.0.saturating_mul(FUEL_PER_BYTE))
}

fn out_of_fuel() -> minijinja::Error {
    minijinja::Error::from(minijinja::ErrorKind::OutOfFuel)
}

fn template_error(name: &str, dir: Option<&Path>, e: &minijinja::Error) -> RenderError {
    let mut message = if e.kind() == minijinja::ErrorKind::OutOfFuel {
        "the template stopped: it did far more work than the document needs (a loop that does \
         not end, or a `repeat` or `*` that makes gigabytes?); slagen gives a render a budget \
         in proportion to the document"
            .to_string()
    } else {
        e.to_string()
    };
    if let Some(line) = e.line() {
        message = format!("line {line}: {message}");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    RenderError::Template {
        // The file the template came from: the override, or the embedded default.
        file: match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            Some(path) => path.display().to_string(),
            None => format!("templates/ja/{name} (embedded)"),
        },
        message,
    }
}

/// HTML for a line made of pieces, each changed (`<u class="chg">`) or not: escaped (controls
/// shown as pictures), and every date, time or range the PDF keeps in one box (「9:00～12:00」
/// 「12月28日」, `pdf::unbroken_runs`) inside a `<span class="nobr">` that the stylesheet keeps
/// on one line — a run that crosses a changed piece holds both parts of it.
pub fn html_unbroken(pieces: &[(&str, bool)]) -> String {
    let text: String = pieces.iter().map(|(t, _)| *t).collect();
    let mut regions = Vec::new();
    let mut pos = 0;
    for (start, end) in super::pdf::unbroken_runs(&text) {
        if start > pos {
            regions.push((pos, start, false));
        }
        regions.push((start, end, true));
        pos = end;
    }
    if pos < text.len() {
        regions.push((pos, text.len(), false));
    }
    let mut bounds = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for (t, changed) in pieces {
        bounds.push((at, at + t.len(), *changed));
        at += t.len();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (start, end, run) in regions {
        if run {
            out.push_str("<span class=\"nobr\">");
        }
        for &(from, to, changed) in &bounds {
            let (a, z) = (from.max(start), to.min(end));
            if a >= z {
                continue;
            }
            let escaped =
                minijinja::HtmlEscape(&crate::model::text::printable(&text[a..z])).to_string();
            if changed {
                out.push_str("<u class=\"chg\">");
                out.push_str(&escaped);
                out.push_str("</u>");
            } else {
                out.push_str(&escaped);
            }
        }
        if run {
            out.push_str("</span>");
        }
    }
    out
}

/// Makes text literal in Markdown (CommonMark and GFM): characters that could start markup are
/// backslash-escaped, and so are line-start markers (`- `, `1.`, `#`, `>`) and leading spaces.
pub fn escape_markdown(text: &str) -> String {
    // A bare CR ends a line in CommonMark: every line end is a line feed before the line-start
    // rules below run, and control characters are shown, not passed on.
    let text = crate::model::text::printable(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t']);
        // A line that starts with digits followed by `.` or `)` and a space would start an
        // ordered list (「1.目標値」 does not: the marker needs the space).
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let spaced_after = |at: usize| {
            line[at + 1..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
        };
        for (at, c) in line.char_indices() {
            let rest = &line[at + c.len_utf8()..];
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '$' => {
                    out.push('\\');
                    out.push(c);
                }
                // An image starts with `![`; an entity with `&name;` or `&#`.
                '!' if rest.starts_with('[') => out.push_str("\\!"),
                '&' if rest.starts_with('#')
                    || rest.split_once(';').is_some_and(|(name, _)| {
                        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
                    }) =>
                {
                    out.push_str("\\&")
                }
                // Spec text never becomes a link: GFM's autolink extension links `scheme://`
                // and `www.` in plain text, and the escape stops it.
                ':' if rest.starts_with("//") => out.push_str("\\:"),
                '.' if at >= 3 && line.as_bytes()[at - 3..at].eq_ignore_ascii_case(b"www") => {
                    out.push_str("\\.")
                }
                '-' | '+' | '=' if at == 0 => {
                    out.push('\\');
                    out.push(c);
                }
                '.' | ')' if digits > 0 && at == digits && spaced_after(at) => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_could_be_markup() {
        assert_eq!(escape_markdown("*a* [b](c)"), "\\*a\\* \\[b\\](c)");
        assert_eq!(escape_markdown("1. item"), "1\\. item");
        assert_eq!(escape_markdown("- x\n# y"), "\\- x\n\\# y");
        assert_eq!(escape_markdown("9:00～12:00"), "9:00～12:00");
        // What cannot become markup stays as written.
        assert_eq!(
            escape_markdown("1.目標値 Synergy! R&D {x}"),
            "1.目標値 Synergy! R&D {x}"
        );
        assert_eq!(
            escape_markdown("![i](x) &amp; &#35;"),
            "\\!\\[i\\](x) \\&amp; \\&\\#35;"
        );
    }
}
