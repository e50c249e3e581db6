//! Benchmark: render (filled in by its issue).

fn main() {}
