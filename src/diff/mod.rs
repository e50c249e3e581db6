//! Model × model → amendment: clause matching by stable id and character-level change marks.

pub mod marks;
