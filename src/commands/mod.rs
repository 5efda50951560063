//! One module per command; each returns the process exit code.

pub mod build;
pub mod check;
pub mod data;
pub mod import;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Data(args) => data::run(&args),
        Command::Import(args) => import::run(&args),
    }
}

/// Exit code for a run with errors in the input.
pub const EXIT_INPUT_ERROR: u8 = 1;
