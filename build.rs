//! Links the `slagen` executable as a position-dependent (non-PIE) binary on Linux.
//!
//! The binary embeds Typst and its fonts (77 MB in release). As a PIE, the dynamic loader
//! relocates every pointer in its data at each start: `slagen --version` spent 4.1 ms of CPU
//! and 681 page faults there (perf: `_dl_relocate_object`), more than an export of calltree
//! itself. Linked at a fixed address it starts in 1.6 ms with 162 page faults, so every command
//! gains about 5 ms (issue 10: each export of calltree in under 10 ms as a process). Only the
//! executable's link changes; the crates are compiled as before.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
