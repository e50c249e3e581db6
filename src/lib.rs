//! slagen turns a Service Level Agreement written as a `.sla` spec into the documents and
//! configurations a Japanese SaaS company needs around it.
//!
//! The pipeline, one stage a module, each taking the previous stage's type:
//!
//! ```text
//!  .sla text ──syntax──▶ ast::File ──check──▶ model::Spec ─┬─render──▶ Markdown / HTML / PDF
//!                (pest)   (spanned)  (typed,   (resolved)  ├─diff────▶ 新旧対照表, 変更履歴
//!                                    checked)              ├─export──▶ JSON (+ schema)
//!                                                          ├─calendar▶ holidays, deadlines
//!                                                          └─report──▶ monthly availability
//!                                                               ▲       and credits
//!                                                     outage log┘
//! ```
//!
//! Problems at any stage are [`diagnostic::Diagnostic`]s: data with a stable code and a span,
//! printed by [`diagnostic::Sources`]. The command line in [`cli`] only wires stages together.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod syntax;
