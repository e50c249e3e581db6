//! Integration tests: each runs the real `slagen` binary. One test binary keeps link time down;
//! each area has its own module.

mod bad_input;
mod calendar;
mod checks;
mod common;
mod diff;
mod exports;
mod language;
mod lsp;
mod lsp_e2e;
mod output;
mod proptest_edits;
mod publish;
mod readme;
mod render;
mod render_common;
mod render_controls;
mod render_fidelity;
mod render_injection;
mod render_pdf;
mod render_templates;
mod report;
mod report_docs;
mod report_prometheus;
mod specs;
mod support;
mod syntax_tree;
