//! Integration tests: each runs the real `slagen` binary. One test binary keeps link time down;
//! each area has its own module.

mod bad_input;
mod calendar;
mod checks;
mod common;
mod diff;
mod language;
mod lsp;
mod lsp_e2e;
mod proptest_edits;
mod readme;
mod render;
mod render_common;
mod render_fidelity;
mod render_injection;
mod render_pdf;
mod render_templates;
mod specs;
mod support;
mod syntax_tree;
