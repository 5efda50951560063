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
    /// Bouwt het plan: out/<plan>.pdf, out/<plan>.docx en de webuitgave
    /// out/<plan>/index.html; met --section één
    /// district of thema als out/<plan>-<id>.docx.
    Build(BuildArgs),
    /// Leest een herzien onderdeel (DOCX) terug in de bronnen.
    Import(ImportArgs),
    /// Bouwt opnieuw zodra een bron (of een layout uit --layouts) verandert; stoppen met Ctrl-C.
    Watch(WatchArgs),
    /// Schrijft de gegevens voor de layouts (data.json en data/), voor vormgevers.
    Data(DataArgs),
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
    /// The web publication: a folder `<plan>/` with `index.html`.
    Html,
    All,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// De map waarin de uitvoer komt.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Welke uitvoer: pdf, docx, html (een map met webpagina's) of all.
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Weiger te bouwen zolang het plan niet definitief is of waarden open zijn.
    #[arg(long = "final")]
    pub final_: bool,
    /// Een map met eigen layouts (voor vormgevers) in plaats van de ingebouwde.
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
    /// Alleen dit district of thema (id, zoals `flevoland`), als DOCX om in
    /// Word te herzien: out/<plan>-<id>.docx. Met --format all (de standaard)
    /// wordt alleen die DOCX geschreven; met --format pdf is het een fout.
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// De map waarin de uitvoer komt.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Welke uitvoer: pdf, docx, html (een map met webpagina's) of all.
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Een map met eigen layouts (voor vormgevers), die ook bewaakt wordt.
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DataArgs {
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// Het bestand om te schrijven.
    #[arg(long, default_value = "layouts/data.json", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Het herziene .docx-bestand (een export van `build --format docx --section <id>`).
    pub file: PathBuf,
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// Laat zien wat er zou veranderen, maar schrijf niets.
    #[arg(long)]
    pub dry_run: bool,
    /// Accepteer alle bijgehouden wijzigingen in het document.
    #[arg(long)]
    pub accept_changes: bool,
    /// Importeer ook als het onderdeel sinds de export in de bronnen is gewijzigd.
    #[arg(long)]
    pub force: bool,
}
