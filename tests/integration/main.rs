//! Integration tests: each runs the real `slagen` binary. One test binary keeps link time down;
//! each area has its own module.

mod calendar;
mod common;
mod specs;
