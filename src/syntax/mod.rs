//! Text → syntax tree. The pest grammar (`grammar/slagen.pest`) and everything that touches
//! pest's types stay in this module; the rest of the crate sees [`ast`] and diagnostics.

pub mod ast;
mod parser;

pub use parser::{MAX_DEPTH, parse};
