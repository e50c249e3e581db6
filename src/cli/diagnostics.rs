//! Printing diagnostics on stderr, for people or as JSON lines.

use super::{Cli, Color, MessageFormat};
use crate::diagnostic::{Diagnostic, Sources};
use crate::output;
use std::io::IsTerminal;

/// Prints diagnostics in the format the user chose.
pub fn print(cli: &Cli, sources: &Sources, diags: &[Diagnostic]) {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    for d in diags {
        let text = match cli.message_format {
            MessageFormat::Human => sources.render(d, color),
            MessageFormat::Json => format!("{}\n", sources.to_json(d)),
        };
        output::write_stderr(&text);
    }
}

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
