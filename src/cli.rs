//! Command-line flags (clap derive), one struct per command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "uitvoeringsplan",
    version,
    about = "Bouwt het uitvoeringsplan uit de bronnen: een PDF voor het bestuur en een DOCX voor de districten."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controleert de bronnen en meldt elk probleem; schrijft niets.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
}

/// Which outputs `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
    All,
}
