//! `slagen fmt`: formats specs in place, checks that they are formatted, or formats stdin.

use super::{Cli, Failure, diagnostics};
use crate::diagnostic::Sources;
use crate::{fmt, output, source};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `slagen fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Spec files, or directories of them (every `.sla` file under them).
    #[arg(required_unless_present = "stdin")]
    pub specs: Vec<PathBuf>,
    /// Change nothing: print a diff of what would change and exit 1 if anything would.
    #[arg(long)]
    pub check: bool,
    /// Format standard input to standard output.
    #[arg(long, conflicts_with = "specs")]
    pub stdin: bool,
}

/// Runs `slagen fmt`.
pub fn run(cli: &Cli, args: &FmtArgs) -> Result<(), Failure> {
    let mut sources = Sources::new();
    if args.stdin {
        let text =
            source::read_stdin().map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
        let file = sources.add(Path::new("<stdin>"), text);
        let text = sources.text(file).to_string();
        return match fmt::format(&text, file) {
            Ok(out) if args.check && out != text => {
                output::write_stdout(fmt::diff("<stdin>", &text, &out).as_bytes())?;
                Err(Failure::Spec)
            }
            Ok(_) if args.check => Ok(()),
            Ok(out) => Ok(output::write_stdout(out.as_bytes())?),
            Err(diags) => {
                diagnostics::print(cli, &sources, &diags);
                Err(Failure::Spec)
            }
        };
    }
    let files = source::spec_files(&args.specs).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut failed = false;
    let mut io_errors = Vec::new();
    for path in files {
        let bytes = match sources.read(&path) {
            Ok(b) => b,
            Err(e) => {
                io_errors.push(format!("cannot read {}: {e}", path.display()));
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            io_errors.push(format!("cannot read {}: not UTF-8 text", path.display()));
            continue;
        };
        let file = sources.add(&path, text);
        let text = sources.text(file).to_string();
        match fmt::format(&text, file) {
            Ok(out) if out == text => {}
            Ok(out) if args.check => {
                let name = path.display().to_string();
                output::write_stdout(fmt::diff(&name, &text, &out).as_bytes())?;
                failed = true;
            }
            Ok(out) => output::write_file(&path, out.as_bytes())
                .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?,
            Err(diags) => {
                diagnostics::print(cli, &sources, &diags);
                failed = true;
            }
        }
    }
    if !io_errors.is_empty() {
        return Err(Failure::Usage(io_errors.join("\nerror: ")));
    }
    if failed {
        return Err(Failure::Spec);
    }
    Ok(())
}
