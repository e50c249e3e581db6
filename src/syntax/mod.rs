//! Text → syntax tree. The pest grammar (`grammar/slagen.pest`) and everything that touches
//! pest's types stay in this module. [`parse`] gives the lossless tree ([`cst`]: every byte,
//! comments too, also for a file with errors), the [`ast`] lowered from it for the checker, and
//! the syntax diagnostics. [`Kind`] comes from the one table of statements and keywords
//! (`kinds.rs`).

pub mod ast;
pub mod cst;
mod kinds;
mod lexer;
mod lower;
mod parser;

pub use kinds::{
    BANDWIDTH_UNITS, Kind, REFERENCES, UNITS, VALUE_KEYWORDS, WEEKDAYS, statement_keywords,
};
pub use parser::{MAX_DEPTH, keywords_in_block};

use crate::diagnostic::{Diagnostic, FileId};
use rowan::GreenNode;

/// What parsing a spec gives.
#[derive(Debug, Clone)]
pub struct Parse {
    /// The lossless tree; [`Parse::syntax`] gives its root node.
    pub green: GreenNode,
    /// The statements, for the checker; absent when the file's overall shape is broken.
    pub ast: Option<ast::File>,
    /// Every syntax error.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parse {
    /// The root of the tree.
    pub fn syntax(&self) -> cst::SyntaxNode {
        cst::SyntaxNode::new_root(self.green.clone())
    }
}

/// Parses a spec's text (as read: a byte order mark, CRLF and lone CR line ends are kept).
pub fn parse(text: &str, file: FileId) -> Parse {
    let (green, whole, mut diagnostics) = parser::parse_tree(text, file);
    let ast = if whole {
        let (ast, more) = lower::file(&green, file);
        diagnostics.extend(more);
        ast
    } else {
        None
    };
    Parse {
        green,
        ast,
        diagnostics,
    }
}
