//! The end-to-end test of `slagen lsp` with an independent client: pytest-lsp (PyPI, installed
//! by `.ci/deps`) starts the real binary and talks to it over stdio (`tests/lsp/test_e2e.py`).

use crate::common::root;
use std::process::Command;

#[test]
fn pytest_lsp_drives_the_real_server() {
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lsp"])
        .current_dir(root())
        .env("SLAGEN", env!("CARGO_BIN_EXE_slagen"))
        .output()
        .expect("python3 runs (.ci/deps installs what the tests need)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pytest-lsp failed (run .ci/deps if pytest_lsp is missing):\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
