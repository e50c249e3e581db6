//! Benchmark: diff (filled in by its issue).

fn main() {}
