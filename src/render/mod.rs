//! Model → Japanese document: Markdown, HTML and PDF.
//!
//! Rendering has two steps. [`layout`] turns a [`Spec`] into a [`doc::Doc`] — plain text in a
//! tree, numbers generated, terms worded with the sentences of `templates/ja/wording.toml`. Then a
//! minijinja template per format (`templates/ja/document.{md,html,typ}.j2`, embedded, overridable
//! file by file with `--templates DIR`) turns the tree into markup. Templates are strict (an
//! undefined value is an error) and escape every piece of text for their format, so nothing a
//! spec says can become markup or code. PDF is the Typst output compiled in memory
//! ([`pdf`]).

pub mod doc;
pub mod layout;
pub mod pdf;
mod templates;
mod terms;
pub mod wording;
pub mod words;

use crate::model::Spec;
use std::fmt;
use std::path::PathBuf;

pub use templates::{Format, Templates, escape_markdown};

/// What can go wrong while rendering.
#[derive(Debug)]
pub enum RenderError {
    /// A template or sentence table that cannot be used (a usage problem: exit 2).
    Template {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A value a text refers to that the term does not have (a spec problem: exit 1).
    Value {
        /// The placeholder.
        placeholder: String,
        /// The text.
        text: String,
        /// The term whose wording it is.
        term: Option<String>,
    },
    /// Typst could not typeset the document.
    Pdf(String),
    /// The document is larger than the PDF path typesets ([`pdf::MAX_SOURCE_BYTES`]; a spec
    /// problem, E0701, exit 1).
    TooLarge {
        /// The Typst source's size in bytes.
        bytes: usize,
    },
}

impl RenderError {
    /// The diagnostic of an error that is the spec's own problem and has a code (E0701), at the
    /// start of the spec file `file`.
    pub fn diagnostic(&self, file: crate::source::FileId) -> Option<crate::diagnostic::Diagnostic> {
        match self {
            RenderError::TooLarge { bytes } => Some(crate::diagnostic::Diagnostic::new(
                crate::diagnostic::Problem::PdfTooLarge {
                    bytes: *bytes,
                    limit: pdf::MAX_SOURCE_BYTES,
                },
                file,
                crate::syntax::ast::Span::new(0, 0),
            )),
            _ => None,
        }
    }
}

impl From<pdf::PdfError> for RenderError {
    fn from(e: pdf::PdfError) -> RenderError {
        match e {
            pdf::PdfError::TooLarge { bytes } => RenderError::TooLarge { bytes },
            other => RenderError::Pdf(other.to_string()),
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Template { file, message } => write!(f, "{file}: {message}"),
            RenderError::Value {
                placeholder,
                text,
                term,
            } => match term {
                Some(t) => write!(
                    f,
                    "{placeholder} in the wording of `{t}` has no value (\"{text}\")"
                ),
                None => write!(f, "{placeholder} has no value (\"{text}\")"),
            },
            RenderError::Pdf(m) => write!(f, "cannot typeset the PDF: {m}"),
            RenderError::TooLarge { bytes } => write!(
                f,
                "error[E0701]: {}",
                crate::diagnostic::Problem::PdfTooLarge {
                    bytes: *bytes,
                    limit: pdf::MAX_SOURCE_BYTES
                }
                .message()
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// Options of a rendering.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date under the title (else the revision date).
    pub date: Option<jiff::civil::Date>,
    /// A directory whose files replace the embedded templates one by one.
    pub templates: Option<PathBuf>,
    /// Extra font directories for PDF.
    pub font_paths: Vec<PathBuf>,
}

/// Lays out a spec with a sentence table.
pub fn layout(
    spec: &Spec,
    words: &wording::Wording,
    date: Option<jiff::civil::Date>,
) -> Result<doc::Doc, RenderError> {
    // である調 is the same table with plain endings: one table of sentences, two styles.
    let plain;
    let words = if spec.style.tone == "dearu" {
        plain = words.dearu();
        &plain
    } else {
        words
    };
    layout::Renderer { spec, words, date }.doc()
}

/// Renders a spec to the bytes of a format.
pub fn render(spec: &Spec, format: Format, options: &Options) -> Result<Vec<u8>, RenderError> {
    let templates = Templates::load(options.templates.as_deref())?;
    let doc = layout(spec, templates.wording(), options.date)?;
    match format {
        Format::Pdf => {
            let source = templates.render(Format::Typst, &doc)?;
            let engine = pdf::PdfEngine::new(&options.font_paths)
                .map_err(|e| RenderError::Pdf(e.to_string()))?;
            let date = options.date.unwrap_or_else(|| spec.revised.first_day());
            Ok(engine.compile(&source, date)?)
        }
        other => Ok(templates.render(other, &doc)?.into_bytes()),
    }
}
