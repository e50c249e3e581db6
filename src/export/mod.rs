//! Model → machine-readable formats.

pub mod json;
