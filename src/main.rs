//! The `slagen` command. Everything happens in [`slagen::cli::run`].
//!
//! Before the standard library starts, it reopens a closed stdin, stdout or stderr on
//! `/dev/null`, so that `slagen render spec.sla >&-` would lose the document and exit 0. A
//! constructor that runs before that (from `.init_array`, like C's `__attribute__((constructor))`)
//! notes which of stdout and stderr were closed, and [`slagen::output`] treats writing to them as
//! the I/O error it is.

use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Runs before `main` and before the standard library's own start-up code.
extern "C" fn probe_standard_fds() {
    for (fd, flag) in [(1, &STDOUT_CLOSED), (2, &STDERR_CLOSED)] {
        // SAFETY: the descriptor is only borrowed for the duplication below, which fails with
        // EBADF when it is closed; the duplicate is closed again at once.
        let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
        if borrowed.try_clone_to_owned().is_err() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

#[used]
#[unsafe(link_section = ".init_array")]
static PROBE_STANDARD_FDS: extern "C" fn() = probe_standard_fds;

fn main() -> std::process::ExitCode {
    slagen::output::closed_at_start(
        STDOUT_CLOSED.load(Ordering::Relaxed),
        STDERR_CLOSED.load(Ordering::Relaxed),
    );
    slagen::cli::run()
}
