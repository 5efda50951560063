//! One module per command; each returns the process exit code.

pub mod build;
pub mod check;
pub mod data;
pub mod import;
pub mod new_period;
pub mod status;
pub mod watch;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::{Cli, Command};
use crate::error::Error;

/// Runs the parsed command line: each command returns its exit code, or
/// the error that stopped it, which is printed here.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => Ok(check::run(&args)),
        Command::Build(args) => build::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Data(args) => data::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Status(args) => status::run(&args),
        Command::NewPeriod(args) => new_period::run(&args),
    };
    result.unwrap_or_else(|e| fail(&e))
}

/// Prints an error the one way errors are printed ([`Error::render`]) and
/// gives the exit code of a run that failed on its input.
pub fn fail(e: &Error) -> ExitCode {
    eprint!("{}", e.render());
    ExitCode::from(EXIT_INPUT_ERROR)
}

/// Set by the first Ctrl-C (SIGINT) or SIGTERM once [`catch_interrupts`]
/// is in place.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Turns Ctrl-C and SIGTERM into a flag that the commands check between
/// steps, so that a file being written is finished (or not begun) and no
/// temporary file is left behind. A second signal ends the process at once.
/// On Windows, Ctrl-C and Ctrl-Break reach the console's handler instead
/// (`console::catch_ctrl_c`): the C runtime's `signal` that signal-hook
/// uses there is not dependable (under Wine it crashed the process).
pub fn catch_interrupts() -> std::io::Result<()> {
    #[cfg(windows)]
    return crate::console::catch_ctrl_c(&INTERRUPTED, EXIT_INTERRUPTED);
    #[cfg(not(windows))]
    unix_signals()
}

#[cfg(not(windows))]
fn unix_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        // The shutdown goes first: it acts only once the flag is set.
        signal_hook::flag::register_conditional_shutdown(signal, EXIT_INTERRUPTED, &INTERRUPTED)?;
        signal_hook::flag::register(signal, &INTERRUPTED)?;
    }
    Ok(())
}

/// True once Ctrl-C (or SIGTERM) arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Exit code for a run with errors in the input.
pub const EXIT_INPUT_ERROR: u8 = 1;

/// Exit code of a `build` stopped by Ctrl-C (128 + SIGINT, as shells do).
pub const EXIT_INTERRUPTED: i32 = 130;
