//! `slagen diff OLD NEW` (新旧対照表) and `slagen history SPEC...` (変更履歴).

use super::{Cli, Failure, diagnostics};
use crate::check::{Loader, RevisionReader};
use crate::diff::history::{self, Page, Version};
use crate::diff::{Amendment, Labels};
use crate::output;
use crate::render::{self, Format, Templates};
use crate::source::git;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Output formats of diff and history.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// Markdown (changed text underlined with <ins>).
    Md,
    /// A standalone HTML page.
    Html,
    /// PDF.
    Pdf,
    /// The amendment as data: rows, marks, term changes, unfavourable flags.
    Json,
}

/// Options shared by diff and history.
#[derive(Args, Debug)]
pub struct TableArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Output file (stdout when absent; required for PDF).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Column labels, old/new: 改定前/改定後 (default), 変更前/変更後, 旧/新, 現行/改定案, ...
    #[arg(long, default_value = "改定前/改定後")]
    pub columns: String,
    /// Put the new text in the left column.
    #[arg(long)]
    pub new_left: bool,
    /// The old cell of an added clause (掲載はありません。 by default; e.g. （新設）).
    #[arg(long, default_value = "掲載はありません。")]
    pub added_text: String,
    /// The new cell of a removed clause.
    #[arg(long, default_value = "（削除）")]
    pub removed_text: String,
    /// The legend above the tables, at the right.
    #[arg(long, default_value = "（傍線部分は改定部分）")]
    pub legend: String,
    /// Column labels without their revision dates (改定前, not 改定前（2017年5月8日版）).
    #[arg(long)]
    pub undated_columns: bool,
    /// A 備考 column with each row's kind of change: （新設）（変更）（削除）（移動）.
    #[arg(long)]
    pub remarks: bool,
    /// A directory whose files replace the embedded templates (history.*.j2, wording.toml).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Extra font directories for PDF.
    #[arg(long = "font-path")]
    pub font_paths: Vec<PathBuf>,
}

/// Arguments of `diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old revision: a path, or REV:path from git (HEAD~1:specs/calltree.sla).
    pub old: String,
    /// The new revision: a path, or REV:path.
    pub new: String,
    #[command(flatten)]
    pub table: TableArgs,
}

/// Arguments of `history`.
#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// One spec (its revisions come from git), or several files of revisions (ordered by their
    /// revision dates; several specs make several sections). A directory stands for every
    /// `.sla` file under it.
    #[arg(required = true)]
    pub specs: Vec<String>,
    #[command(flatten)]
    pub table: TableArgs,
}

impl TableArgs {
    fn labels(&self) -> Result<Labels, Failure> {
        let (old, new) = self.columns.split_once('/').ok_or_else(|| {
            Failure::Usage(format!(
                "--columns takes OLD/NEW labels, e.g. 改定前/改定後 (got `{}`)",
                self.columns
            ))
        })?;
        Ok(Labels {
            old: old.trim().into(),
            new: new.trim().into(),
            new_left: self.new_left,
            added: self.added_text.clone(),
            removed: self.removed_text.clone(),
            legend: self.legend.clone(),
            dated: !self.undated_columns,
            remarks: self.remarks,
        })
    }
}

/// Loads one revision: a file, or `REV:path` through git.
fn load_version(
    cli: &Cli,
    loader: &mut Loader,
    templates: &Templates,
    arg: &str,
) -> Result<Version, Failure> {
    let (checked, origin) = match git::parse_rev(arg) {
        Some((rev, path)) => {
            // The spec and the specs it uses, all as they were in that revision.
            let read_rev = rev.clone();
            let read: RevisionReader =
                Box::new(move |p: &Path| git::show(&read_rev, p).map_err(|e| e.to_string()));
            let checked = loader
                .load_revision(&rev, &path, read)
                .map_err(Failure::Usage)?;
            (checked, arg.to_string())
        }
        None => {
            let path = Path::new(arg);
            let checked = loader
                .load(path)
                .map_err(|e| Failure::Usage(format!("cannot read {arg}: {e}")))?;
            (checked, arg.to_string())
        }
    };
    diagnostics::print(cli, &loader.sources, &checked.diagnostics);
    let spec = checked.spec.ok_or(Failure::Spec)?;
    let doc = render::layout(&spec, templates.wording(), None).map_err(render_failure)?;
    Ok(Version { origin, spec, doc })
}

fn render_failure(e: render::RenderError) -> Failure {
    match e {
        render::RenderError::Value { .. } => {
            crate::output::stderr_line(&format!("error: {e}"));
            Failure::Spec
        }
        render::RenderError::TooLarge { .. } => {
            crate::output::stderr_line(&e.to_string());
            Failure::Spec
        }
        other => Failure::Usage(other.to_string()),
    }
}

/// Runs `diff`.
pub fn run_diff(cli: &Cli, args: &DiffArgs) -> Result<(), Failure> {
    let templates = Templates::load(args.table.templates.as_deref()).map_err(render_failure)?;
    let labels = args.table.labels()?;
    let mut loader = cli.loader()?;
    let old = load_version(cli, &mut loader, &templates, &args.old)?;
    let new = load_version(cli, &mut loader, &templates, &args.new)?;
    let amendment = crate::diff::compare(&old.spec, &old.doc, &new.spec, &new.doc, &labels);
    warn_unfavourable(std::slice::from_ref(&amendment));
    let page = history::amendment_page(old, new, amendment.clone(), &labels);
    emit(&args.table, &templates, &page, || {
        serde_json::to_string_pretty(&amendment).expect("amendments serialise")
    })
}

/// Runs `history`.
pub fn run_history(cli: &Cli, args: &HistoryArgs) -> Result<(), Failure> {
    let templates = Templates::load(args.table.templates.as_deref()).map_err(render_failure)?;
    let labels = args.table.labels()?;
    let mut loader = cli.loader()?;
    let mut versions = Vec::new();
    let specs = expand_dirs(&args.specs)?;
    if let [single] = specs.as_slice() {
        // One spec: every committed revision from git.
        let path = Path::new(single);
        let commits = git::commits(path).map_err(|e| Failure::Usage(e.to_string()))?;
        for c in commits {
            let arg = format!("{c}:{}", path.display());
            versions.push(load_version(cli, &mut loader, &templates, &arg)?);
        }
        // Uncommitted changes count as the newest revision.
        if path.is_file() {
            versions.push(load_version(cli, &mut loader, &templates, single)?);
        }
    } else {
        for s in &specs {
            versions.push(load_version(cli, &mut loader, &templates, s)?);
        }
    }
    let page = history::page(versions, &labels);
    let all: Vec<Amendment> = page
        .specs
        .iter()
        .flat_map(|s| s.revisions.iter().cloned())
        .collect();
    warn_unfavourable(&all);
    emit(&args.table, &templates, &page, || {
        serde_json::to_string_pretty(&page).expect("pages serialise")
    })
}

/// The spec arguments with each directory replaced by the `.sla` files under it (sorted); a
/// file or `REV:path` stays as it is.
fn expand_dirs(specs: &[String]) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    for s in specs {
        let path = Path::new(s);
        if git::parse_rev(s).is_some() || !path.is_dir() {
            out.push(s.clone());
            continue;
        }
        let found = crate::source::spec_files(&[path.to_path_buf()])?;
        if found.is_empty() {
            return Err(Failure::Usage(format!(
                "{s}: no .sla files in the directory"
            )));
        }
        out.extend(found.iter().map(|p| p.display().to_string()));
    }
    Ok(out)
}

fn warn_unfavourable(amendments: &[Amendment]) {
    for a in amendments {
        for c in &a.changes {
            if let Some(why) = &c.unfavourable {
                crate::output::stderr_line(&format!(
                    "warning: {} {}付: {} — {}（お客様に不利な変更）",
                    a.title, a.date, c.description, why
                ));
            }
        }
    }
}

fn emit(
    args: &TableArgs,
    templates: &Templates,
    page: &Page,
    json: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let bytes = match args.format {
        DiffFormat::Json => {
            let mut s = json();
            s.push('\n');
            s.into_bytes()
        }
        DiffFormat::Md => templates
            .render_history(Format::Markdown, page)
            .map_err(render_failure)?
            .into_bytes(),
        DiffFormat::Html => templates
            .render_history(Format::Html, page)
            .map_err(render_failure)?
            .into_bytes(),
        DiffFormat::Pdf => {
            if args.output.is_none() {
                return Err(Failure::Usage(
                    "a PDF needs an output file: add -o FILE.pdf".into(),
                ));
            }
            let source = templates
                .render_history(Format::Typst, page)
                .map_err(render_failure)?;
            let engine = render::pdf::PdfEngine::new(&args.font_paths)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let date = page
                .specs
                .iter()
                .flat_map(|s| &s.revisions)
                .map(|a| a.new_revised.first_day())
                .max()
                .unwrap_or(jiff::civil::Date::constant(2000, 1, 1));
            engine
                .compile(&source, date)
                .map_err(|e| render_failure(e.into()))?
        }
    };
    output::emit(args.output.as_deref(), &bytes).map_err(|e| match &args.output {
        Some(p) => Failure::Usage(format!("cannot write {}: {e}", p.display())),
        None => Failure::Usage(format!("cannot write to stdout: {e}")),
    })
}
