//! Where output goes: the `-o` rule (devices and FIFOs written through, symlinks kept, modes
//! kept or from the umask) and closed or full stdout/stderr (exit 2, never a panic). Device nodes
//! and FIFOs are made by the tests in their own temporary directory, never in the real `/dev`.

use crate::common::{root, slagen};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What `slagen schema` prints: a fixed output of 68 KB, more than a pipe holds.
fn schema() -> Vec<u8> {
    let run = slagen(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.bytes
}

/// Runs `script` under `sh` with `$S` the slagen binary, in `dir`; returns (exit code, stdout,
/// stderr).
fn sh(dir: &Path, script: &str) -> (i32, Vec<u8>, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("S", env!("CARGO_BIN_EXE_slagen"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Makes a node with a tool (`mkfifo`, `mknod`), failing the test when it cannot.
fn make_node(args: &[&str]) {
    let status = Command::new(args[0])
        .args(&args[1..])
        .status()
        .expect("tool runs");
    assert!(status.success(), "{args:?} failed");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn new_files_follow_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = sh(tmp.path(), "umask 022; exec \"$S\" schema -o a.json");
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&tmp.path().join("a.json")), 0o644);
    let (code, _, err) = sh(tmp.path(), "umask 077; exec \"$S\" schema -o b.json");
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&tmp.path().join("b.json")), 0o600);
}

#[test]
fn a_replaced_file_keeps_its_mode_and_gets_the_new_content() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("out.json");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&path), 0o640);
    assert_eq!(std::fs::read(&path).unwrap(), schema());
}

#[test]
fn a_symlink_stays_a_link_and_its_target_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let real_dir = tmp.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let target = real_dir.join("out.json");
    std::fs::write(&target, "old").unwrap();
    let link = tmp.path().join("link.json");
    std::os::unix::fs::symlink("real/out.json", &link).unwrap();
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), link.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(std::fs::read(&target).unwrap(), schema());
    // The temporary file was made next to the target, and nothing is left behind anywhere.
    assert_eq!(std::fs::read_dir(&real_dir).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    // A dangling link: its target is created.
    let dangling = tmp.path().join("dangling.json");
    std::os::unix::fs::symlink("real/new.json", &dangling).unwrap();
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), dangling.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(real_dir.join("new.json")).unwrap(), schema());
}

#[test]
fn a_fifo_is_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe");
    make_node(&["mkfifo", fifo.to_str().unwrap()]);
    // The reader blocks until a writer opens the FIFO; if slagen replaced the FIFO instead, it
    // stays blocked and the assertions below fail first.
    let (tx, rx) = std::sync::mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(reader_path));
    });
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), fifo.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let got = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the reader got the output")
        .unwrap();
    assert_eq!(got, schema());
}

#[test]
fn a_character_device_is_written_through_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let null = tmp.path().join("null");
    // A copy of /dev/null (major 1, minor 3) in the temporary directory.
    make_node(&["mknod", null.to_str().unwrap(), "c", "1", "3"]);
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), null.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A link to our own stdout (what /dev/stdout is) writes to the pipe.
    let stdout_link = tmp.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), stdout_link.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.bytes, schema());
    assert!(
        std::fs::symlink_metadata(&stdout_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = slagen(&["schema".as_ref(), "-o".as_ref(), tmp.path().as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_closed_stdout_is_exit_2() {
    let spec = root().join("specs/calltree.sla");
    let script = format!("exec \"$S\" render '{}' --format md >&-", spec.display());
    let (code, _, err) = sh(&root(), &script);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write to stdout"), "{err}");
}

#[test]
fn a_full_stdout_or_stderr_is_exit_2_without_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    // A copy of /dev/full (major 1, minor 7): every write fails with ENOSPC.
    make_node(&[
        "mknod",
        tmp.path().join("full").to_str().unwrap(),
        "c",
        "1",
        "7",
    ]);
    std::fs::write(tmp.path().join("bad.sla"), "sla {").unwrap();
    let (code, _, err) = sh(tmp.path(), "exec \"$S\" schema >full");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("No space left"), "{err}");
    // A usage error with nowhere to say it.
    let (code, out, _) = sh(tmp.path(), "exec \"$S\" check missing.sla 2>full");
    assert_eq!(code, 2, "{}", String::from_utf8_lossy(&out));
    // Diagnostics with nowhere to go: the spec has errors, but nobody was told.
    let (code, _, _) = sh(tmp.path(), "exec \"$S\" check bad.sla 2>full");
    assert_eq!(code, 2);
}

#[test]
fn a_closed_stderr_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.sla"), "sla {").unwrap();
    let (code, _, _) = sh(tmp.path(), "exec \"$S\" check bad.sla 2>&-");
    assert_eq!(code, 2);
    // Nothing to say: a closed stderr does not matter.
    let spec = root().join("specs/calltree.sla");
    let (code, out, _) = sh(
        tmp.path(),
        &format!("exec \"$S\" render '{}' --format md 2>&-", spec.display()),
    );
    assert_eq!(code, 0);
    assert!(!out.is_empty());
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let spec = root().join("specs/calltree.sla");
    // The reader closes its end before slagen writes anything.
    let mut child = Command::new(env!("CARGO_BIN_EXE_slagen"))
        .args(["render", spec.to_str().unwrap(), "--format", "md"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
