//! The `slagen` command. Everything happens in [`slagen::cli::run`].

fn main() -> std::process::ExitCode {
    slagen::cli::run()
}
