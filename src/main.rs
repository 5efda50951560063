//! The `uitvoeringsplan` binary: parse the flags, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    uitvoeringsplan::commands::run(uitvoeringsplan::cli::Cli::parse())
}
