//! Writing results, and the only place that writes to stdout and stderr.
//!
//! The rule for `-o PATH` (also in the README):
//! - a character device or a FIFO (`-o /dev/stdout`, a named pipe) is written through: opened for
//!   writing and written, never replaced;
//! - a symlink is followed, and the file it finally points to is replaced, atomically, by a
//!   temporary file in *that* file's directory: the link itself stays a link;
//! - a regular file is replaced atomically (a temporary file in the same directory, renamed into
//!   place, so a failed run never leaves half a file) and keeps its permission bits;
//! - a new file is created with mode 0666 less the umask, like any other tool's output;
//! - anything else (a directory, a block device, a socket) is refused.
//!
//! stdout and stderr are written through a duplicate of their descriptor, so that a closed
//! descriptor is an error (the standard library silently drops output to a closed stdout or
//! stderr) and a full one (`>/dev/full`) is an error, not a panic. A reader that went away
//! (`| head`) is not an error. A failed write to stderr is remembered, and [`stderr_failed`] lets
//! the command line exit 2 at the end.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// How many symlinks are followed before giving up (the kernel's own limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` following the rule in the module documentation.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // The kernel follows every link here, also `/proc`'s (`/dev/stdout` → `pipe:[…]`).
    match fs::metadata(path) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_char_device() || kind.is_fifo() {
                let mut f = OpenOptions::new().write(true).open(path)?;
                f.write_all(bytes)?;
                return f.flush();
            }
            if kind.is_file() {
                return replace(&fs::canonicalize(path)?, bytes, Some(meta.permissions()));
            }
            Err(io::Error::other(
                "not a regular file, a character device or a FIFO; not written",
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => replace(&new_target(path)?, bytes, None),
        Err(e) => Err(e),
    }
}

/// Where a new file named `path` is created: `path` itself, or the end of the chain of
/// symlinks it starts (a dangling link is followed to the file it names).
fn new_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes a temporary file next to `target` and renames it over `target`. `keep` is the mode of
/// the file being replaced; without it the new file gets 0666 less the umask (the kernel applies
/// the umask to the mode given at creation).
fn replace(target: &Path, bytes: &[u8], keep: Option<Permissions>) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".slagen-")
        .suffix(".tmp")
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    if let Some(perms) = keep {
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` to stdout; a reader that went away (`| head`) is not an error, a closed or
/// full stdout is.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(closed_error());
    }
    let mut out = io::stdout().lock();
    out.flush()?;
    match write_fd(out.as_fd(), bytes) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether a write to stderr failed during this run.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);
/// Whether stdout was closed when the process started (see `main.rs`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Whether stderr was closed when the process started.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Records which of stdout and stderr were closed when the process started: the standard library
/// reopens them on `/dev/null` before `main`, where the loss can no longer be seen.
pub fn closed_at_start(stdout: bool, stderr: bool) {
    STDOUT_CLOSED.store(stdout, Ordering::Relaxed);
    STDERR_CLOSED.store(stderr, Ordering::Relaxed);
}

fn closed_error() -> io::Error {
    io::Error::other("the descriptor was closed when slagen started (>&-)")
}

/// Writes `text` to stderr; a failure is remembered for [`stderr_failed`], never a panic.
pub fn write_stderr(text: &str) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        STDERR_FAILED.store(true, Ordering::Relaxed);
        return;
    }
    let err = io::stderr().lock();
    if write_fd(err.as_fd(), text.as_bytes()).is_err() {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// Writes one line to stderr (see [`write_stderr`]); control characters in it (from spec text
/// quoted in a warning) are shown as pictures, never sent to the terminal.
pub fn stderr_line(line: &str) {
    write_stderr(&format!("{}\n", crate::model::text::printable(line)));
}

/// Whether some write to stderr failed (closed, full, or a reader that went away).
pub fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// Writes through a duplicate of `fd`: a closed descriptor fails to duplicate with `EBADF`.
fn write_fd(fd: std::os::fd::BorrowedFd<'_>, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::from(fd.try_clone_to_owned()?);
    file.write_all(bytes)?;
    file.flush()
}

/// Writes to `path` when given, else to stdout.
pub fn emit(path: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    match path {
        Some(p) => write_file(p, bytes),
        None => write_stdout(bytes),
    }
}
