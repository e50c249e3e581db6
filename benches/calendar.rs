//! Benchmark: calendar (filled in by its issue).

fn main() {}
