//! Benchmark: check (filled in by its issue).

fn main() {}
