//! slagen turns a Service Level Agreement written as a `.sla` spec into the documents and
//! configurations a Japanese SaaS company needs around it.
//!
//! The pipeline, one stage a module, each taking the previous stage's type:
//!
//! ```text
//!  source ──syntax──▶ cst (lossless) ──▶ ast::File ──check──▶ model::Spec ─┬─render──▶ Markdown / HTML / PDF
//!  (files,   (pest,     └──fmt──▶ text      (spanned)  (typed,   (resolved)  ├─diff────▶ 新旧対照表, 変更履歴
//!  buffers,   keyword                                   checked)              ├─export──▶ JSON (+ schema)
//!  git revs)  table)                                                          ├─calendar▶ holidays, deadlines
//!                                                                             └─report──▶ monthly availability
//!                                                                                  ▲       and credits
//!                                                                        outage log┘
//! ```
//!
//! [`source`] is the one place that reads files. [`syntax`] turns text into the lossless
//! syntax tree (every byte, comments too; [`syntax::cst`]) and lowers it to the spanned AST the
//! checker reads; its statement kinds and keywords come from one table. [`fmt`] prints the
//! tree in the canonical layout. [`lsp`] is the language server editors start (`slagen lsp`):
//! it checks documents as they are typed and reads the tree and the model for hover, navigation
//! and completion.
//!
//! Problems at any stage are [`diagnostic::Diagnostic`]s: data with a stable code and a span,
//! printed by [`source::Sources`], the one place that reads files. The command line in [`cli`] only wires stages together.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod lsp;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;
