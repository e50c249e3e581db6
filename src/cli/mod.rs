//! The command line: clap arguments, one function a command, diagnostics printing and exit
//! codes (0 ok, 1 the spec has errors, 2 usage, I/O or internal problems).

mod calendar;
mod diagnostics;
mod diff;
mod fmt;
mod render;
mod report;

use crate::check::{Checked, Loader};
use crate::export;
use crate::output;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// slagen — Japanese SLA documents, amendment tables, calendars and monitoring configs from one
/// `.sla` spec.
#[derive(Parser, Debug)]
#[command(name = "slagen", version, about, long_about = None)]
pub struct Cli {
    /// How diagnostics are printed.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Colour in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The directory tree the files a spec names (`use`, holiday files) may be read from;
    /// default: the git work tree that holds the spec, else the spec's directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// Diagnostic output format.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageFormat {
    /// For people: source line, marker, help.
    Human,
    /// One JSON object a line, for editors and CI.
    Json,
}

/// When to colour.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// When stderr is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check specs and report every error and warning.
    Check {
        /// Spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Render the customer-facing Japanese document.
    Render(render::RenderArgs),
    /// The amendment table (新旧対照表) between two revisions of a spec.
    Diff(diff::DiffArgs),
    /// The change history (変更履歴): every revision of a spec from git, or of the files given.
    History(diff::HistoryArgs),
    /// Format specs in the canonical layout (in place; `--check` only reports).
    Fmt(fmt::FmtArgs),
    /// Export a spec as machine-readable data.
    Export {
        /// The spec.
        spec: PathBuf,
        /// Format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        to: ExportFormat,
        /// Output file (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// First year of dated output (closures), 1948–2099; default: the spec's effective or
        /// revision year.
        #[arg(long)]
        year: Option<i16>,
        /// How many years of dated output, 1–50.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=50))]
        years: Option<u16>,
    },
    /// Print the JSON Schema of `export --to json`.
    Schema {
        /// Output file (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// List Japan's national holidays of a range of years.
    Holidays(calendar::HolidaysArgs),
    /// Show every closed day of a year and the support hours of a spec's calendar.
    Calendar(calendar::CalendarArgs),
    /// Compute the response, resolution and notification deadlines of a severity.
    Deadline(calendar::DeadlineArgs),
    /// The monthly availability and service-credit report, from an outage log.
    Report(report::ReportArgs),
    /// Run the language server over stdio, for editors (see docs/editor.md).
    Lsp,
}

/// Export formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The typed model (see `slagen schema`).
    Json,
    /// OpenSLO v1 (YAML): a Service and an SLO per measured objective.
    Openslo,
    /// iCalendar: closed days of the support hours and regular maintenance windows.
    Ical,
    /// Alertmanager: support hours, closures and maintenance as time intervals, and routes.
    Alertmanager,
    /// Prometheus: Sloth-compatible SLI, meta and burn-rate alert rules, maintenance excluded.
    Prometheus,
    /// Every config into the directory `-o DIR`: openslo.yaml, prometheus-rules.yml,
    /// alertmanager.yml, calendar.ics.
    All,
}

impl ExportFormat {
    /// The one target, or `None` for `all`.
    fn target(self) -> Option<export::Target> {
        Some(match self {
            ExportFormat::Json => export::Target::Json,
            ExportFormat::Openslo => export::Target::Openslo,
            ExportFormat::Ical => export::Target::Ical,
            ExportFormat::Alertmanager => export::Target::Alertmanager,
            ExportFormat::Prometheus => export::Target::Prometheus,
            ExportFormat::All => return None,
        })
    }
}

/// A command's failure: the exit code to use; messages are already printed.
#[derive(Debug)]
pub enum Failure {
    /// The spec has errors (exit 1).
    Spec,
    /// Usage or I/O (exit 2), with a message to print.
    Usage(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Usage(e.to_string())
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp
                | clap::error::ErrorKind::DisplayVersion
                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let code = match dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Spec) => ExitCode::from(1),
        Err(Failure::Usage(msg)) => {
            output::stderr_line(&format!("error: {msg}"));
            ExitCode::from(2)
        }
    };
    // Diagnostics or warnings that could not be written are an I/O failure of their own.
    if output::stderr_failed() {
        return ExitCode::from(2);
    }
    code
}

fn dispatch(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Check {
            specs,
            deny_warnings,
        } => check(cli, specs, *deny_warnings),
        Command::Render(args) => render::run(cli, args),
        Command::Fmt(args) => fmt::run(cli, args),
        Command::Diff(args) => diff::run_diff(cli, args),
        Command::History(args) => diff::run_history(cli, args),
        Command::Export {
            spec,
            to,
            output,
            year,
            years,
        } => {
            if let Some(y) = year.filter(|y| !(1948..=2099).contains(y)) {
                return Err(Failure::Usage(format!(
                    "--year {y} is outside 1948–2099 (the years the holiday law can be computed for)"
                )));
            }
            if let Some(y) =
                year.filter(|y| i32::from(*y) + i32::from(years.unwrap_or(2)) - 1 > 2099)
            {
                return Err(Failure::Usage(format!(
                    "--year {y} with --years {} goes past 2099",
                    years.unwrap_or(2)
                )));
            }
            let options = export::Options {
                year: *year,
                years: *years,
            };
            run_export(cli, spec, *to, output, options)
        }
        Command::Schema { output } => {
            output::emit(output.as_deref(), export::json::schema().as_bytes())
                .map_err(|e| io_failure(output, e))
        }
        Command::Holidays(args) => calendar::holidays(args),
        Command::Calendar(args) => calendar::calendar(cli, args),
        Command::Deadline(args) => calendar::deadline(cli, args),
        Command::Report(args) => report::run(cli, args),
        Command::Lsp => crate::lsp::run_stdio().map_err(Failure::Usage),
    }
}

/// `slagen export`: one export to `-o FILE` or stdout, or every config into `-o DIR`. Every
/// file is built before any is written, and each is written atomically.
fn run_export(
    cli: &Cli,
    spec: &Path,
    to: ExportFormat,
    output: &Option<PathBuf>,
    options: export::Options,
) -> Result<(), Failure> {
    if to == ExportFormat::All && output.is_none() {
        return Err(Failure::Usage(
            "--to all writes one file per tool: give the directory with -o DIR".into(),
        ));
    }
    let (loader, checked) = load_one(cli, spec)?;
    let model = checked.spec.as_ref().ok_or(Failure::Spec)?;
    let printed = |diags: Vec<crate::diagnostic::Diagnostic>| {
        diagnostics::print(cli, &loader.sources, &diags);
        Failure::Spec
    };
    let Some(target) = to.target() else {
        let files = export::all(model, checked.file, options).map_err(printed)?;
        let dir = output.as_deref().expect("checked above");
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
        for (name, text) in files {
            let path = dir.join(name);
            output::write_file(&path, text.as_bytes())
                .map_err(|e| io_failure(&Some(path.clone()), e))?;
        }
        return Ok(());
    };
    let text = export::export(model, checked.file, target, options).map_err(printed)?;
    output::emit(output.as_deref(), text.as_bytes()).map_err(|e| io_failure(output, e))
}

impl Cli {
    /// A loader that reads inside `--root`, or the default root of each spec.
    pub(crate) fn loader(&self) -> Result<Loader, Failure> {
        let root = match &self.root {
            Some(dir) => crate::source::Root::dir(dir)
                .map_err(|e| Failure::Usage(format!("--root {}: {e}", dir.display())))?,
            None => crate::source::Root::Auto,
        };
        Ok(Loader::with_root(root))
    }
}

fn io_failure(path: &Option<PathBuf>, e: std::io::Error) -> Failure {
    match path {
        Some(p) => Failure::Usage(format!("cannot write {}: {e}", p.display())),
        None => Failure::Usage(format!("cannot write to stdout: {e}")),
    }
}

/// Loads one spec, prints its diagnostics, and fails unless it produced a model.
pub(crate) fn load_one(cli: &Cli, path: &Path) -> Result<(Loader, Checked), Failure> {
    let mut loader = cli.loader()?;
    let checked = loader
        .load(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    diagnostics::print(cli, &loader.sources, &checked.diagnostics);
    if checked.spec.is_none() {
        return Err(Failure::Spec);
    }
    Ok((loader, checked))
}

fn check(cli: &Cli, specs: &[PathBuf], deny_warnings: bool) -> Result<(), Failure> {
    let mut loader = cli.loader()?;
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut io_errors = Vec::new();
    for (i, path) in specs.iter().enumerate() {
        match loader.load(path) {
            Ok(checked) => {
                diagnostics::print(cli, &loader.sources, &checked.diagnostics);
                for d in &checked.diagnostics {
                    if d.is_error() {
                        errors += 1;
                    } else {
                        warnings += 1;
                    }
                }
                // The last spec's tree and model are given back to the system with the
                // process, not freed piece by piece: on a large spec freeing them costs about
                // a twentieth of the check (compilers skip it at exit for the same reason).
                // Earlier specs are freed, so memory stays that of one spec.
                if i + 1 == specs.len() {
                    std::mem::forget(checked);
                }
            }
            Err(e) => io_errors.push(format!("cannot read {}: {e}", path.display())),
        }
    }
    if cli.message_format == MessageFormat::Human {
        diagnostics::summary(specs.len() - io_errors.len(), errors, warnings);
    }
    if !io_errors.is_empty() {
        return Err(Failure::Usage(io_errors.join("\nerror: ")));
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        return Err(Failure::Spec);
    }
    Ok(())
}
