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
    /// Leest herziene onderdelen (DOCX) terug in de bronnen, elk apart.
    Import(ImportArgs),
    /// Wat er nog open is, per onderdeel: open waarden, fouten, waarschuwingen,
    /// met --exports de stand van elke export; en wat `build --final` tegenhoudt.
    Status(StatusArgs),
    /// Bouwt opnieuw zodra een bron (of een layout uit --layouts) verandert; stoppen met Ctrl-C.
    Watch(WatchArgs),
    /// Schrijft de gegevens voor de layouts (data.json en data/), voor vormgevers.
    Data(DataArgs),
    /// Maakt de bronnen van het volgende plan uit die van dit plan, in een
    /// nieuwe map: zelfde districten, thema's, partners en begrotingsregels;
    /// teksten leeg (de oude als commentaar), getallen open.
    NewPeriod(NewPeriodArgs),
    /// Wat er veranderde sinds een eerdere versie (een map of een git-versie):
    /// per onderdeel op het scherm, en als out/<plan>-wijzigingen.pdf en .docx.
    Changes(ChangesArgs),
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
    /// The results spreadsheet `<plan>-resultaten.xlsx`, to fill in and
    /// import.
    Xlsx,
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
    /// Word te herzien: out/<plan>-<id>.docx; `all` schrijft er een voor elk
    /// district en thema. Met --format all (de standaard) wordt alleen de DOCX
    /// geschreven; met --format pdf is het een fout.
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
    /// Markeer wat er anders is dan in een eerdere versie: een map met de
    /// bronnen van toen, of een git-versie (tag, tak, commit) van de
    /// repository met de bronnen. De PDF krijgt strepen in de marge, de DOCX
    /// bijgehouden wijzigingen (ook met --section).
    #[arg(long, value_name = "REF")]
    pub since: Option<String>,
    /// Toon elke waarschuwing, niet alleen hoeveel het er zijn.
    #[arg(long, short = 'v')]
    pub verbose: bool,
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
pub struct StatusArgs {
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// Een map met geëxporteerde onderdelen (DOCX): toon per district en
    /// thema of het is geëxporteerd, sindsdien in de bronnen gewijzigd, of ingelezen.
    #[arg(long, value_name = "DIR")]
    pub exports: Option<PathBuf>,
    /// Schrijf de stand als JSON, voor scripts.
    #[arg(long)]
    pub json: bool,
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
    /// De herziene .docx-bestanden (exports van `build --format docx --section <id>`),
    /// één of meer; elk wordt apart gecontroleerd en geschreven.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// Laat zien wat er zou veranderen, maar schrijf niets (voor elk bestand).
    #[arg(long)]
    pub dry_run: bool,
    /// Accepteer alle bijgehouden wijzigingen in het document.
    #[arg(long)]
    pub accept_changes: bool,
    /// Importeer ook als het onderdeel sinds de export in de bronnen is gewijzigd.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NewPeriodArgs {
    /// De periode van het nieuwe plan, <van>-<tot>, zoals 2025-2026; ze
    /// begint het jaar na de periode van dit plan.
    #[arg(value_name = "VAN-TOT")]
    pub period: String,
    /// De nieuwe map voor de bronnen van het nieuwe plan (mag nog niet
    /// bestaan, of moet leeg zijn), zoals sources-2025-2026.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// De map met de bronnen van dit plan; die wordt alleen gelezen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// De eerdere versie: een map met de bronnen van toen, of een git-versie
    /// (tag, branch of commit) van de repository waarin de bronnen staan.
    #[arg(long, value_name = "REF")]
    pub since: String,
    /// De map met plan.toml en de andere bronnen.
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// De map waarin het overzicht komt.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Welke uitvoer: pdf, docx of all.
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
}
