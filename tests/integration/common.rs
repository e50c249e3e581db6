//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every spec in `specs/` that slagen is built from (CALLTREE, Synergy!, Synergy!LINK), sorted.
/// The corpus of other published SLAs in `specs/corpus/` (issue 13) is left out: those specs are
/// contracts only (no `measure`, often no support hours), and `corpus.rs` tests them.
pub fn spec_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let specs = root().join("specs");
    for entry in std::fs::read_dir(&specs).expect("specs/ exists") {
        let path = entry.expect("readable").path();
        if path.is_dir() && path.file_name().is_some_and(|n| n == "corpus") {
            continue;
        }
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).expect("readable") {
                let p = inner.expect("readable").path();
                if p.extension().is_some_and(|e| e == "sla") {
                    out.push(p);
                }
            }
        } else if path.extension().is_some_and(|e| e == "sla") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The result of running slagen.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Standard output, raw.
    pub bytes: Vec<u8>,
}

/// Runs slagen with colour off, in the project root.
pub fn slagen<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    slagen_in(&root(), args, None)
}

/// Runs slagen in a directory, optionally with stdin.
pub fn slagen_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slagen"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("slagen runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input)
            .expect("stdin written");
    }
    let out: Output = child.wait_with_output().expect("slagen finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        bytes: out.stdout,
    }
}

/// Writes a spec to a temporary directory and returns the directory and the path.
pub fn temp_spec(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("spec.sla");
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

/// Diagnostics printed with `--message-format json`, parsed.
pub fn json_diagnostics(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// A minimal valid spec with `body` inside the sla block.
pub fn minimal(body: &str) -> String {
    format!("sla t \"テスト\" {{\n  service \"X\"\n  revised 2024-05\n{body}\n}}\n")
}
