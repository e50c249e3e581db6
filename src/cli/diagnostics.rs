//! Printing diagnostics on stderr, for people or as JSON lines.

use super::{Cli, Color, MessageFormat};
use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::output;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;

/// Prints diagnostics in the format the user chose.
pub fn print(cli: &Cli, sources: &Sources, diags: &[Diagnostic]) {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if cli.message_format == MessageFormat::Json {
        // Every one: a program reads them.
        for d in diags {
            output::write_stderr(&format!("{}\n", sources.to_json(d)));
        }
        return;
    }
    // For people, the first few of each code in each file, then how many more: a thousand
    // copies of one mistake tell no more than ten.
    let mut shown: HashMap<(FileId, &str), usize> = HashMap::new();
    let mut left: BTreeMap<(FileId, &str), usize> = BTreeMap::new();
    for d in diags {
        let key = (d.file, d.problem.code());
        let n = shown.entry(key).or_default();
        if *n < MAX_SHOWN_PER_CODE {
            *n += 1;
            output::write_stderr(&sources.render(d, color));
        } else {
            *left.entry(key).or_default() += 1;
        }
    }
    for ((file, code), n) in left {
        output::stderr_line(&format!(
            "… and {} more {code} in {} (`--message-format json` lists every one)",
            crate::model::text::thousands(n as u64),
            sources.path(file).display()
        ));
    }
}

/// Diagnostics of one code in one file printed for people before the rest are counted.
const MAX_SHOWN_PER_CODE: usize = 10;

/// One line after `check`: how many specs, errors and warnings.
pub fn summary(specs: usize, errors: usize, warnings: usize) {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    output::stderr_line(&format!(
        "checked {}: {}, {}",
        plural(specs, "spec"),
        plural(errors, "error"),
        plural(warnings, "warning")
    ));
}
