//! `slagen report SPEC --month YYYY-MM[..YYYY-MM] [--outages FILE] [--prometheus URL]
//! [--format md|html|pdf|json]`.
//!
//! Reads the arguments and the outage log, asks Prometheus for the measured down time when
//! given a URL ([`crate::source::prometheus`], read by [`crate::report::measured`]), and hands
//! the records to [`crate::report`]. Bad records are printed as diagnostics (file, line, column,
//! code) all at once, with exit code 1 and nothing written, and so is a month the spec does not
//! govern (E0509, at the spec's `revised` or `effective`); bad arguments, an unreadable file and
//! a Prometheus that cannot answer are exit 2.

use super::{Cli, Failure, diagnostics, load_one};
use crate::diagnostic::{Diagnostic, Problem, Sources};
use crate::output;
use crate::report::compute::{MeasuredBy, Options};
use crate::report::document::{self, DocOptions, ReportFormat};
use crate::report::log::{self, Context, LogFormat, Objectives};
use crate::report::{self, NotCovered, ReportError, measured};
use crate::source::prometheus::Server;
use crate::syntax::Kind;
use crate::syntax::ast::Span;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Arguments of `report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The spec.
    pub spec: PathBuf,
    /// The month (`2026-10`) or months (`2026-04..2026-09`).
    #[arg(long)]
    pub month: String,
    /// The outage log: CSV, JSON or JSON Lines (see docs/report.md).
    #[arg(long, required_unless_present = "prometheus")]
    pub outages: Option<PathBuf>,
    /// A Prometheus server (http://127.0.0.1:9090) to read each objective's `measure` from.
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// Seconds one request to Prometheus may take.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::source::prometheus::REQUEST_TIMEOUT.as_secs(), requires = "prometheus",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub prometheus_timeout: u64,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportDocFormat::Md)]
    pub format: ReportDocFormat,
    /// List every record with its part (`all`), or only the totals by rule and by day
    /// (`none`: for logs of many thousand records).
    #[arg(long, value_enum, default_value_t = RecordList::All)]
    pub records: RecordList,
    /// Output file (stdout when absent; required for PDF).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The monthly fee in yen, to state the credit in yen.
    #[arg(long)]
    pub fee: Option<u64>,
    /// The document date (YYYY-MM-DD; PDF creation date): the day after the last month when absent.
    #[arg(long, value_parser = super::render::parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// A directory whose files replace the embedded report templates one by one
    /// (report.md.j2, report.html.j2, report.typ.j2).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Extra font directories for PDF.
    #[arg(long = "font-path")]
    pub font_paths: Vec<PathBuf>,
}

/// Whether the report lists the records.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordList {
    /// Every record with the minutes it contributed and why.
    All,
    /// Only their number; the totals by rule and by day stay.
    None,
}

/// Report formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportDocFormat {
    /// Markdown.
    Md,
    /// A standalone HTML page with a chart.
    Html,
    /// A PDF with a chart.
    Pdf,
    /// The Typst source of the PDF.
    Typst,
    /// Every figure and record, as JSON.
    Json,
}

/// Reads the outage log's bytes (the one place this command reads it).
fn read_log(path: &Path) -> Result<crate::source::DataFile, Failure> {
    crate::source::map_data_file(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

/// At most this many bad records are printed; the count of the rest follows.
const MAX_PRINTED: usize = 200;

/// Runs `report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> Result<(), Failure> {
    if args.format == ReportDocFormat::Pdf && args.output.is_none() {
        return Err(Failure::Usage(
            "a PDF needs an output file: add -o FILE.pdf".into(),
        ));
    }
    let months = report::parse_months(&args.month).map_err(Failure::Usage)?;
    let (mut loader, checked) = load_one(cli, &args.spec)?;
    let spec = checked.spec.as_ref().ok_or(Failure::Spec)?;
    let tz =
        crate::calendar::business::time_zone(spec).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Err(e) = report::compute::check_months(spec, &months) {
        return Err(match e {
            ReportError::MonthNotCovered(n) => {
                let span = governing_statement(loader.sources.text(checked.file), &n);
                let d = Diagnostic::new(
                    Problem::ReportMonthNotCovered {
                        message: n.message(),
                        help: n.help(),
                    },
                    checked.file,
                    span,
                );
                diagnostics::print(cli, &loader.sources, &[d]);
                Failure::Spec
            }
            e => Failure::Usage(e.to_string()),
        });
    }
    let objectives = Objectives::of(spec);
    let cx = Context {
        tz: &tz,
        objectives: &objectives,
    };
    let mut outages = Vec::new();
    if let Some(path) = &args.outages {
        let bytes = read_log(path)?;
        let format = LogFormat::detect(&path.to_string_lossy(), &bytes);
        outages = match log::parse(&bytes, format, &cx) {
            Ok(o) => o,
            Err(errors) => {
                print_log_errors(cli, &mut loader.sources, path, &bytes, &errors);
                return Err(Failure::Spec);
            }
        };
    }
    let mut measured_by = None;
    if let Some(url) = &args.prometheus {
        let server = Server::new(url, Duration::from_secs(args.prometheus_timeout));
        let collected = measured::collect(spec, &tz, &months, outages, |q, a, b, step| {
            server.query_range(q, a, b, step)
        })
        .map_err(Failure::Usage)?;
        for (id, missing, steps) in &collected.gaps {
            eprintln!(
                "warning: Prometheus has no sample of `{id}` at {missing} of the {steps} steps of the months reported; those steps count as up"
            );
        }
        outages = collected.outages;
        measured_by = Some(MeasuredBy {
            prometheus: server.url().to_string(),
            queries: collected.queries,
            step_seconds: collected.step,
        });
    }
    let options = Options {
        fee: args.fee,
        source: args
            .outages
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        measured: measured_by,
        list_records: args.records == RecordList::All,
    };
    let report = report::compute(spec, &outages, &months, &options)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let doc_format = match args.format {
        ReportDocFormat::Md => ReportFormat::Markdown,
        ReportDocFormat::Html => ReportFormat::Html,
        ReportDocFormat::Pdf => ReportFormat::Pdf,
        ReportDocFormat::Typst => ReportFormat::Typst,
        ReportDocFormat::Json => ReportFormat::Json,
    };
    let doc_options = DocOptions {
        percent: spec.style.percent.clone(),
        templates: args.templates.clone(),
        font_paths: args.font_paths.clone(),
        date: args.date,
    };
    let bytes = document::render(&report, doc_format, &doc_options).map_err(|e| {
        match e.diagnostic(checked.file) {
            Some(d) => {
                diagnostics::print(cli, &loader.sources, &[d]);
                Failure::Spec
            }
            None => Failure::Usage(e.to_string()),
        }
    })?;
    output::emit(args.output.as_deref(), &bytes).map_err(|e| super::io_failure(&args.output, e))
}

/// The spec's `effective` statement when it decides the first month governed, else its
/// `revised` statement: where a month before them is reported.
fn governing_statement(text: &str, n: &NotCovered) -> Span {
    let want = if n.by_effective {
        Kind::Effective
    } else {
        Kind::Revised
    };
    crate::syntax::parse(text, 0)
        .ast
        .and_then(|f| f.sla.children.into_iter().find(|c| c.kind == want))
        .map(|c| c.span)
        .unwrap_or(Span { start: 0, end: 0 })
}

fn print_log_errors(
    cli: &Cli,
    sources: &mut Sources,
    path: &Path,
    bytes: &[u8],
    errors: &[log::LogError],
) {
    let file = sources.add(path, String::from_utf8_lossy(bytes).into_owned());
    let diags: Vec<Diagnostic> = errors
        .iter()
        .take(MAX_PRINTED)
        .map(|e| {
            Diagnostic::new(
                e.problem.clone(),
                file,
                Span {
                    start: e.span.start,
                    end: e.span.end,
                },
            )
        })
        .collect();
    diagnostics::print(cli, sources, &diags);
    if errors.len() > MAX_PRINTED {
        eprintln!(
            "error: {} more bad records in {} are not shown",
            errors.len() - MAX_PRINTED,
            path.display()
        );
    }
    eprintln!(
        "error: {} bad record{} in {}; nothing was written",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        path.display()
    );
}
