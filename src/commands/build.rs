//! `uitvoeringsplan build`: validate, then write the PDF (and the DOCX) of
//! the plan, atomically, with a one-line summary per output.
//!
//! [`build_once`] is the whole build, from the sources to the files in
//! `out/`; it prints nothing and returns what happened per output. `build`
//! calls it once, `watch` after every change with the same [`Renderers`]
//! kept warm, so the two commands cannot drift.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::{BuildArgs, Format};
use crate::diag::Report;
use crate::error::{Error, Kind};
use crate::model::Plan;
use crate::output::{slug, write_atomic, write_folder};
use crate::render::pdf::world::{Layouts, MAX_FILE_BYTES};
use crate::render::pdf::{PdfCompiler, PdfSettings};
pub use crate::render::view::plan_date;
use crate::render::view::{self, View};
use crate::render::{docx, html};
use crate::source::SourceSet;

pub fn run(args: &BuildArgs) -> Result<ExitCode, Error> {
    // Ctrl-C lets the output being written finish and skips the rest.
    if let Err(e) = super::catch_interrupts() {
        eprintln!("warning: Ctrl-C wordt niet afgevangen: {e}");
    }
    let layouts = layouts(args.layouts.as_deref())?;
    if args.section.is_some() && matches!(args.format, Format::Pdf | Format::Html | Format::Xlsx) {
        let format = match args.format {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            _ => "html",
        };
        return Err(
            Error::input("--section maakt alleen een DOCX van één onderdeel").with_hint(format!(
                "laat --format {format} weg, of bouw de {} zonder --section",
                format.to_uppercase()
            )),
        );
    }
    let options = BuildOptions {
        sources: args.sources.clone(),
        out: args.out.clone(),
        // One section is a DOCX for the district staff, never a PDF.
        outputs: if args.section.is_some() {
            vec![Output::Docx]
        } else {
            Output::for_format(args.format)
        },
        final_: args.final_,
        layouts,
        section: args.section.clone(),
        since: args.since.clone(),
    };
    let built = build_once(&options, &mut Renderers::default());
    if built.report.errors() > 0 {
        return Err(Error::sources(
            super::check::render(&built.report),
            "build: niets geschreven",
        ));
    }
    // The warnings about what is built: a section's own file, or everything.
    let warnings = built.report.warnings_in(&built.section_files);
    if args.verbose && warnings.warnings() > 0 {
        eprint!("{}", warnings.render_short());
    }
    if let Some(refusal) = built.refusal {
        return Err(refusal);
    }
    if let Some(since) = &built.unchanged_since {
        crate::say!("geen wijzigingen sinds {since}: gebouwd zonder markeringen");
    }
    let mut rendering_warnings = 0;
    for o in &built.outputs {
        if args.verbose {
            eprint!("{}", o.warnings);
        }
        rendering_warnings += o.warning_count;
        match &o.result {
            Ok(written) => crate::say!("{}", summary_line(written)),
            Err(e) => {
                let e = match e.kind() {
                    Kind::Render { .. } => e.clone().with_outcome(format!(
                        "build: {} niet geschreven (de vorige blijft staan)",
                        o.output.name()
                    )),
                    _ => e.clone(),
                };
                eprint!("{}", e.render());
            }
        }
    }
    if !args.verbose
        && let Some(line) = warning_summary(warnings.warnings(), rendering_warnings)
    {
        eprintln!("{line}");
    }
    Ok(if built.interrupted {
        eprintln!("build: onderbroken");
        ExitCode::from(super::EXIT_INTERRUPTED as u8)
    } else if built.failed() {
        ExitCode::from(super::EXIT_INPUT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

/// `7 waarschuwingen; `uitvoeringsplan check` toont ze`: the one line a
/// build prints about warnings without `--verbose` (`None` without any).
/// The count is `check`'s (the sources' warnings) unless a renderer warned
/// too; then the line says how many are whose, so that it never seems to
/// disagree with `check`.
pub fn warning_summary(in_sources: usize, in_rendering: usize) -> Option<String> {
    let n = in_sources + in_rendering;
    let count = |n: usize| {
        if n == 1 {
            format!("{n} waarschuwing")
        } else {
            format!("{n} waarschuwingen")
        }
    };
    match (in_sources, in_rendering) {
        (0, 0) => None,
        (_, 0) => Some(format!("{}; `uitvoeringsplan check` toont ze", count(n))),
        (0, r) => Some(format!(
            "{} bij het opmaken (niet in de bronnen: `check` kent ze niet); `uitvoeringsplan build --verbose` toont ze",
            count(r)
        )),
        (s, r) => Some(format!(
            "{}: {s} in de bronnen (die telt en toont `uitvoeringsplan check` ook) en {r} bij het opmaken; `uitvoeringsplan build --verbose` toont ze alle",
            count(n)
        )),
    }
}

/// The layouts given with `--layouts` (a folder with `uitvoeringsplan.typ`),
/// or the embedded ones; the error when the folder does not exist.
pub fn layouts(flag: Option<&Path>) -> Result<Layouts, Error> {
    match flag {
        None => Ok(Layouts::Embedded),
        Some(dir) => match dir.canonicalize() {
            Ok(p) if p.is_dir() => Ok(Layouts::Folder(p)),
            _ => Err(
                Error::input(format!("de layoutmap {} bestaat niet", dir.display()))
                    .with_hint("geef met --layouts een map met uitvoeringsplan.typ"),
            ),
        },
    }
}

/// What a build makes, from the flags of `build` and `watch`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub sources: PathBuf,
    pub out: PathBuf,
    pub outputs: Vec<Output>,
    /// Refuse while the plan is a concept or has open values.
    pub final_: bool,
    pub layouts: Layouts,
    /// One district or theme (a DOCX of that section alone), [`ALL_SECTIONS`]
    /// (a DOCX of each), or the whole plan.
    pub section: Option<String>,
    /// Mark what changed since this earlier version (`build --since`).
    pub since: Option<String>,
}

/// `--section all`: a DOCX of every district and theme.
pub const ALL_SECTIONS: &str = "all";

/// One kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Pdf,
    Docx,
    /// The web publication: a folder of pages, written file by file.
    Html,
    /// The results spreadsheet (`render::xlsx`).
    Xlsx,
}

impl Output {
    /// The outputs `--format` asks for, in the order they are built.
    pub fn for_format(format: Format) -> Vec<Output> {
        match format {
            Format::Pdf => vec![Output::Pdf],
            Format::Docx => vec![Output::Docx],
            Format::Html => vec![Output::Html],
            Format::Xlsx => vec![Output::Xlsx],
            Format::All => vec![Output::Pdf, Output::Docx, Output::Html, Output::Xlsx],
        }
    }

    /// Where the output of the plan `stem` goes in `out`: a file, or for
    /// the web publication the first page of its folder.
    pub fn path(self, out: &Path, stem: &str) -> PathBuf {
        match self {
            Output::Pdf => out.join(format!("{stem}.pdf")),
            Output::Docx => out.join(format!("{stem}.docx")),
            Output::Html => out.join(stem).join("index.html"),
            Output::Xlsx => out.join(format!("{stem}-resultaten.xlsx")),
        }
    }

    /// The name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Output::Pdf => "PDF",
            Output::Docx => "DOCX",
            Output::Html => "HTML",
            Output::Xlsx => "XLSX",
        }
    }
}

/// How many builds an unused entry of typst's caches survives in `watch`
/// (`comemo::evict(CACHE_AGE)` after each build): what an edit makes
/// obsolete is dropped, so memory stays flat over many rebuilds.
pub const CACHE_AGE: usize = 10;

/// The renderers' state kept between builds: `watch` keeps one for its
/// whole run, so typst's incremental compilation stays warm.
#[derive(Default)]
pub struct Renderers {
    pub pdf: PdfCompiler,
}

/// A rendered output, before it is written.
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// A folder of files instead of one file (the web publication): paths
    /// inside the folder that holds `index.html`, and their bytes.
    pub folder: Option<Vec<(String, Vec<u8>)>>,
    /// Pages, for outputs that have them.
    pub pages: Option<usize>,
    /// The renderer's warnings, rendered (empty when none).
    pub warnings: String,
    pub warning_count: usize,
}

/// A file written by the build.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub pages: Option<usize>,
    pub size: usize,
    /// Rendering and writing this output.
    pub took: Duration,
}

/// What happened to one output.
#[derive(Debug)]
pub struct OutputResult {
    pub output: Output,
    pub path: PathBuf,
    /// The renderer's warnings, rendered (empty when none).
    pub warnings: String,
    pub warning_count: usize,
    /// The error is of kind `Render` (the renderer refused; the previous
    /// file stays) or `Write`.
    pub result: Result<Written, Error>,
}

/// Everything one build did.
#[derive(Debug)]
pub struct BuildResult {
    /// The sources' diagnostics; with errors, nothing was rendered.
    pub report: Report,
    /// Why `--final` refused, when it did; nothing was rendered.
    pub refusal: Option<Error>,
    pub outputs: Vec<OutputResult>,
    /// Ctrl-C arrived: the outputs after the one being made were skipped.
    pub interrupted: bool,
    /// The source files of the sections built (as shown); empty for the
    /// whole plan.
    pub section_files: Vec<String>,
    /// Loading and validating the sources.
    pub load_took: Duration,
    /// The whole build.
    pub took: Duration,
    /// `--since` found no difference: the version named (the outputs
    /// have no marks).
    pub unchanged_since: Option<String>,
}

impl BuildResult {
    /// True when the build stopped before rendering.
    pub fn stopped(&self) -> bool {
        self.report.errors() > 0 || self.refusal.is_some()
    }

    /// True when something asked for was not written because of an error.
    pub fn failed(&self) -> bool {
        self.stopped() || self.outputs.iter().any(|o| o.result.is_err())
    }

    /// Errors of every kind: in the sources, the refusal, per output.
    pub fn errors(&self) -> usize {
        self.report.errors()
            + usize::from(self.refusal.is_some())
            + self
                .outputs
                .iter()
                .map(|o| o.result.as_ref().err().map_or(0, Error::errors))
                .sum::<usize>()
    }

    /// Warnings of every kind: in the sources and from the renderers.
    pub fn warnings(&self) -> usize {
        self.report.warnings()
            + self
                .outputs
                .iter()
                .map(|o| match &o.result {
                    Err(e) => e.warnings(),
                    Ok(_) => o.warning_count,
                })
                .sum::<usize>()
    }
}

/// Builds the plan once: load and validate the sources, compose the view,
/// render every output asked for and write it atomically. Prints nothing.
/// After Ctrl-C (see `commands::catch_interrupts`) no further output is begun.
pub fn build_once(options: &BuildOptions, renderers: &mut Renderers) -> BuildResult {
    let started = Instant::now();
    let shown = options.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&options.sources, &shown);
    let load_took = started.elapsed();
    let mut built = BuildResult {
        report,
        refusal: None,
        outputs: Vec::new(),
        interrupted: false,
        section_files: Vec::new(),
        load_took,
        took: load_took,
        unchanged_since: None,
    };
    let Some(plan) = plan else {
        return built;
    };
    if options.final_ && !plan.is_final() {
        built.refusal = Some(final_refusal(&plan));
        built.took = started.elapsed();
        return built;
    }
    let (date, from_sources) = plan_date(&plan);
    let mut view = view::view(&plan, date, from_sources);
    if let Some(since) = &options.since {
        match since_marks(since, &plan, &view, options) {
            Ok(Some(marks)) => view.marks = Some(marks),
            Ok(None) => built.unchanged_since = Some(since.to_string()),
            Err(e) => {
                built.refusal = Some(e);
                built.took = started.elapsed();
                return built;
            }
        }
    }
    let section = options.section.as_deref();
    if let Some(id) = section
        && id != ALL_SECTIONS
        && let Err(e) = docx::check_section(&view, id)
    {
        built.refusal = Some(e);
        built.took = started.elapsed();
        return built;
    }
    // What to write: each output of the plan or of one section, or the
    // DOCX of every section.
    let jobs: Vec<(Output, Option<String>)> = match section {
        Some(ALL_SECTIONS) => docx::section_ids(&view)
            .into_iter()
            .map(|id| (Output::Docx, Some(id)))
            .collect(),
        _ => options
            .outputs
            .iter()
            .map(|&o| (o, section.map(str::to_string)))
            .collect(),
    };
    built.section_files = jobs
        .iter()
        .filter_map(|(_, id)| set.section_file(id.as_deref()?).map(str::to_string))
        .collect();
    built.section_files.dedup();
    // The house style the DOCX, the web edition and the results sheet are
    // made in: the one the PDF's layouts read (read anew each build:
    // `watch` sees a change; only when one of them is built).
    let house_style = std::cell::OnceCell::new();
    let house = || house_style.get_or_init(|| house(&options.layouts)).clone();
    for (output, section) in jobs {
        if super::interrupted() {
            built.interrupted = true;
            break;
        }
        let section = section.as_deref();
        let stem = match section {
            Some(id) => format!("{}-{id}", slug(&plan.meta.title)),
            None => slug(&plan.meta.title),
        };
        let out_started = Instant::now();
        let path = output.path(&options.out, &stem);
        let rendered = match output {
            Output::Pdf => render_pdf(&view, &plan, &set, options, renderers),
            Output::Docx => {
                house().and_then(|h| render_docx(&view, section, &set, &h, &options.layouts))
            }
            Output::Html => house().and_then(|h| render_html(&view, &set, &h)),
            Output::Xlsx => house().and_then(|h| render_xlsx(&view, &plan, &set, &h)),
        };
        let (warnings, warning_count) = match &rendered {
            Ok(r) => (r.warnings.clone(), r.warning_count),
            Err(_) => (String::new(), 0),
        };
        let result = rendered.and_then(|r| {
            let written = match &r.folder {
                Some(files) => write_folder(&path, files, html::GENERATED_PAGE.as_bytes()),
                None => write_atomic(&path, &r.bytes).map(|()| r.bytes.len()),
            };
            match written {
                Ok(size) => Ok(Written {
                    path: path.clone(),
                    pages: r.pages,
                    size,
                    took: out_started.elapsed(),
                }),
                Err(e) => Err(
                    Error::write(format!("kan {} niet schrijven: {e}", path.display()))
                        .with_hint(crate::output::write_hint(&e)),
                ),
            }
        });
        built.outputs.push(OutputResult {
            output,
            path,
            warnings,
            warning_count,
            result,
        });
    }
    built.took = started.elapsed();
    built
}

/// The marks of `build --since`: the earlier version resolved and loaded
/// (validated; its problems located in it) by the changes engine, which
/// says whether anything changed; the marks then place every difference
/// where the plan prints it (`render::marks`, comparing the two views).
/// None when nothing changed.
fn since_marks(
    since: &str,
    plan: &Plan,
    view: &View,
    options: &BuildOptions,
) -> Result<Option<crate::render::marks::Marks>, Error> {
    let reference = crate::changes::reference::resolve(since, &options.sources)?;
    let old = reference.load()?.plan;
    if crate::changes::compare(&old, plan).is_empty() {
        return Ok(None);
    }
    // A git revision is named with its date: "v1.0 (12 maart 2023)".
    let name = match reference.date() {
        Some(d) => format!("{since} ({})", crate::format::date(d)),
        None => since.to_string(),
    };
    let (date, from_sources) = plan_date(&old);
    let old_view = view::view(&old, date, from_sources);
    Ok(crate::render::marks::compare(&old_view, view, &name))
}

fn render_pdf(
    view: &View,
    plan: &Plan,
    set: &SourceSet,
    options: &BuildOptions,
    renderers: &mut Renderers,
) -> Result<Rendered, Error> {
    let (date, _) = plan_date(plan);
    let settings = PdfSettings {
        layouts: options.layouts.clone(),
        sources: options.sources.canonicalize().ok(),
        images: set
            .images
            .iter()
            .map(|(k, v)| (k.clone(), v.data.clone()))
            .collect(),
        ident: ident(plan),
        date,
    };
    match renderers.pdf.render(view, &settings) {
        Ok(out) => Ok(Rendered {
            bytes: out.bytes,
            folder: None,
            pages: Some(out.pages),
            warnings: out.warnings,
            warning_count: out.warning_count,
        }),
        Err(failure) => Err(failure),
    }
}

/// The house style of the layouts: the built-in one, or a designer's
/// `huisstijl.toml` in the `--layouts` folder (which the PDF reads too).
pub fn house(layouts: &Layouts) -> Result<docx::House, Error> {
    let Layouts::Folder(dir) = layouts else {
        return docx::House::load().map_err(Error::render_failed);
    };
    let path = dir.join(HOUSE_STYLE);
    // As the user named it: relative to the working folder when inside it.
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    let shown = match here.as_ref().map(|here| path.strip_prefix(here)) {
        Ok(Ok(rel)) => rel.display().to_string(),
        _ => path.display().to_string(),
    };
    let bytes = crate::input::read_limited(&path, MAX_FILE_BYTES).map_err(|e| {
        Error::render_failed(format!("{shown} {}", e.reason(MAX_FILE_BYTES))).with_hint(format!(
            "de PDF, de DOCX en de webuitgave lezen maten en kleuren uit {HOUSE_STYLE} in de layoutmap; begin met een kopie van layouts/{HOUSE_STYLE}"
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::render_failed(format!("{shown} is geen UTF-8-tekst"))
            .with_hint("sla het bestand op als UTF-8")
    })?;
    docx::House::parse(&text, &shown).map_err(|e| {
        Error::render_failed(e).with_hint(format!(
            "vergelijk met layouts/{HOUSE_STYLE}: dezelfde tabellen en sleutels, getallen zonder eenheid"
        ))
    })
}

/// The house style's file name in a layouts folder.
const HOUSE_STYLE: &str = "huisstijl.toml";

/// The DOCX of the whole plan or of one section, with its provenance (the
/// section and a fingerprint of its sources) for the importer. The whole
/// plan gets the results' charts as images, drawn by the layouts as the
/// PDF draws them (`render::pdf::charts`).
fn render_docx(
    view: &View,
    section: Option<&str>,
    set: &SourceSet,
    house: &docx::House,
    layouts: &Layouts,
) -> Result<Rendered, Error> {
    let (charts, warnings, warning_count) = match section {
        None => crate::render::pdf::charts::render(view, layouts)?,
        Some(_) => (Vec::new(), String::new(), 0),
    };
    let bytes = docx::render_sources_styled(view, section, set, house, &charts)
        .map_err(Error::render_failed)?;
    Ok(Rendered {
        bytes,
        folder: None,
        pages: None,
        warnings,
        warning_count,
    })
}

/// The results spreadsheet, marked with the fingerprint of `resultaten.toml`
/// and dated with the plan's date, in the house style's colours.
fn render_xlsx(
    view: &View,
    plan: &Plan,
    set: &SourceSet,
    house: &docx::House,
) -> Result<Rendered, Error> {
    let text = set
        .results
        .as_ref()
        .and_then(|r| set.texts.get(&r.file))
        .map_or("", String::as_str);
    let fingerprint = crate::source::fingerprint(&[text]);
    let (date, _) = plan_date(plan);
    let bytes = crate::render::xlsx::render(&view.results, &fingerprint, date, house)
        .map_err(Error::render_failed)?;
    Ok(Rendered {
        bytes,
        folder: None,
        pages: None,
        warnings: String::new(),
        warning_count: 0,
    })
}

/// The web publication: its pages, stylesheet, fonts and images.
fn render_html(view: &View, set: &SourceSet, house: &docx::House) -> Result<Rendered, Error> {
    let publication =
        html::render_styled(view, &set.images, house).map_err(Error::render_failed)?;
    Ok(Rendered {
        bytes: Vec::new(),
        pages: Some(publication.pages),
        folder: Some(
            publication
                .files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect(),
        ),
        warnings: String::new(),
        warning_count: 0,
    })
}

/// `out/plan.pdf  38 pagina's  634 kB  217 ms`: one output on one line.
pub fn summary_line(w: &Written) -> String {
    let pages = w
        .pages
        .map(|p| format!("  {}", crate::format::pages(p)))
        .unwrap_or_default();
    format!(
        "{}{pages}  {}  {} ms",
        w.path.display(),
        crate::format::file_size(w.size),
        w.took.as_millis()
    )
}

/// Why `build --final` refuses: the plan's status and every open value.
pub fn final_refusal(plan: &Plan) -> Error {
    let mut out = String::from("het plan kan nog niet definitief worden gebouwd");
    if plan.meta.status != crate::model::Status::Definitief {
        out.push_str("\n  - status in plan.toml is \"concept\"");
    }
    if !plan.open_items.is_empty() {
        out.push_str(&format!(
            "\n  - {} waarden zijn nog open:\n",
            plan.open_items.len()
        ));
        out.push_str(&super::check::open_list(
            plan.open_items
                .iter()
                .map(|o| (o.place.as_str(), o.what.as_str())),
            "      ",
        ));
    }
    Error::input(out.trim_end()).with_hint(
        "vul de open waarden in en zet status = \"definitief\"; zonder --final wordt een concept gebouwd",
    )
}

/// A stable id for the PDF: the same plan keeps it, another plan differs.
pub fn ident(plan: &Plan) -> String {
    format!(
        "uitvoeringsplan/{}/{}/{}/{}-{}",
        plan.meta.organisation,
        plan.meta.region,
        plan.meta.title,
        plan.meta.period_from,
        plan.meta.period_to
    )
}

/// The default output folder.
pub fn default_out() -> PathBuf {
    PathBuf::from("out")
}

#[cfg(test)]
mod tests {
    use super::warning_summary;

    #[test]
    fn the_warning_line_says_whose_warnings_it_counts() {
        assert_eq!(warning_summary(0, 0), None);
        assert_eq!(
            warning_summary(14, 0).unwrap(),
            "14 waarschuwingen; `uitvoeringsplan check` toont ze"
        );
        assert_eq!(
            warning_summary(1, 0).unwrap(),
            "1 waarschuwing; `uitvoeringsplan check` toont ze"
        );
        assert_eq!(
            warning_summary(12, 2).unwrap(),
            "14 waarschuwingen: 12 in de bronnen (die telt en toont `uitvoeringsplan check` ook) en 2 bij het opmaken; `uitvoeringsplan build --verbose` toont ze alle"
        );
        assert_eq!(
            warning_summary(0, 1).unwrap(),
            "1 waarschuwing bij het opmaken (niet in de bronnen: `check` kent ze niet); `uitvoeringsplan build --verbose` toont ze"
        );
    }
}
