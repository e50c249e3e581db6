//! `slagen render SPEC --format md|html|pdf [-o FILE]`.

use super::{Cli, Failure, load_one};
use crate::output;
use crate::render::{self, Format, Options, RenderError};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Arguments of `render`.
#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The spec.
    pub spec: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,
    /// Output file (stdout when absent; required for PDF).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The document date shown under the title (YYYY-MM-DD); the spec's revision date when absent.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// A directory whose files replace the embedded templates one by one
    /// (document.md.j2, document.html.j2, document.typ.j2, wording.toml).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Extra font directories for PDF (the bundled IPAex fonts are always available).
    #[arg(long = "font-path")]
    pub font_paths: Vec<PathBuf>,
}

/// Document formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    /// GitHub-flavoured Markdown.
    Md,
    /// A standalone HTML page.
    Html,
    /// A PDF (A4, bundled Japanese fonts).
    Pdf,
    /// The Typst source of the PDF.
    Typst,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// Runs `render`.
pub fn run(cli: &Cli, args: &RenderArgs) -> Result<(), Failure> {
    if args.format == DocFormat::Pdf && args.output.is_none() {
        return Err(Failure::Usage(
            "a PDF needs an output file: add -o FILE.pdf".into(),
        ));
    }
    let format = match args.format {
        DocFormat::Md => Format::Markdown,
        DocFormat::Html => Format::Html,
        DocFormat::Pdf => Format::Pdf,
        DocFormat::Typst => Format::Typst,
    };
    let options = Options {
        date: args.date,
        templates: args.templates.clone(),
        font_paths: args.font_paths.clone(),
    };
    let (loader, checked) = load_one(cli, &args.spec)?;
    let spec = checked.spec.as_ref().ok_or(Failure::Spec)?;
    let bytes = render::render(spec, format, &options).map_err(|e| match e {
        RenderError::Value { .. } => {
            crate::output::stderr_line(&format!("error: {}: {e}", args.spec.display()));
            Failure::Spec
        }
        RenderError::TooLarge { .. } => {
            let d = e.diagnostic(checked.file).expect("a coded error");
            super::diagnostics::print(cli, &loader.sources, &[d]);
            Failure::Spec
        }
        other => Failure::Usage(other.to_string()),
    })?;
    output::emit(args.output.as_deref(), &bytes).map_err(|e| match &args.output {
        Some(p) => Failure::Usage(format!("cannot write {}: {e}", p.display())),
        None => Failure::Usage(format!("cannot write to stdout: {e}")),
    })
}
