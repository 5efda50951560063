//! `uitvoeringsplan changes --since <REF>`: what changed since an earlier
//! version (a folder or a git revision), one line per changed section on
//! the terminal and the report `out/<plan>-wijzigingen.pdf` (and `.docx`).
//! The earlier version and the comparison are `crate::changes`; the
//! report's view is `changes::report`, its layout `layouts/wijzigingen.typ`.

use std::process::ExitCode;

use crate::changes::{self, report};
use crate::cli::{ChangesArgs, Format};
use crate::error::Error;
use crate::output::{slug, write_atomic};
use crate::render::pdf::{PdfCompiler, PdfSettings};
use crate::render::view::{self, plan_date};

pub fn run(args: &ChangesArgs) -> Result<ExitCode, Error> {
    if args.format == Format::Html {
        return Err(Error::input(
            "het wijzigingsoverzicht is er als PDF en als DOCX, niet als webuitgave",
        )
        .with_hint("gebruik --format pdf, docx of all"));
    }
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan.filter(|_| report.errors() == 0) else {
        return Err(Error::sources(
            super::check::render(&report),
            "changes: niets geschreven",
        ));
    };
    let reference = changes::reference::resolve(&args.since, &args.sources)
        .map_err(|e| e.with_outcome("changes: niets geschreven"))?;
    let earlier = reference
        .load()
        .map_err(|e| e.with_outcome("changes: niets geschreven"))?;
    let found = changes::compare(&earlier.plan, &plan);
    if found.is_empty() {
        crate::say!("geen wijzigingen sinds {}", args.since);
        return Ok(ExitCode::SUCCESS);
    }
    for s in &found.sections {
        crate::say!("{}", summary_line(s));
    }
    let (date, from_sources) = plan_date(&plan);
    let plan_view = view::view(&plan, date, from_sources);
    let settings = PdfSettings {
        layouts: super::build::layouts(None)?,
        sources: args.sources.canonicalize().ok(),
        images: set
            .images
            .iter()
            .map(|(k, v)| (k.clone(), v.data.clone()))
            .collect(),
        ident: format!("{}/wijzigingen/{}", super::build::ident(&plan), args.since),
        date,
    };
    let pages = PdfCompiler::new().anchor_pages(&plan_view, &settings)?;
    let since = report::Since {
        name: args.since.clone(),
        date: reference.date(),
    };
    let view = report::report(&found, &since, &plan, &pages);
    let stem = format!("{}-wijzigingen", slug(&plan.meta.title));
    let mut failed = false;
    if matches!(args.format, Format::Pdf | Format::All) {
        let data = serde_json::to_vec_pretty(&view).expect("the report is plain data");
        let path = args.out.join(format!("{stem}.pdf"));
        let written = crate::render::pdf::report::render(data, &settings).and_then(|pdf| {
            write_atomic(&path, &pdf.bytes)
                .map(|()| (pdf.pages, pdf.bytes.len()))
                .map_err(|e| {
                    Error::write(format!("kan {} niet schrijven: {e}", path.display()))
                        .with_hint(crate::output::write_hint(&e))
                })
        });
        match written {
            Ok((pages, size)) => crate::say!(
                "{}  {}  {}",
                path.display(),
                crate::format::pages(pages),
                crate::format::file_size(size)
            ),
            Err(e) => {
                eprint!("{}", e.render());
                failed = true;
            }
        }
    }
    if matches!(args.format, Format::Docx | Format::All) {
        let path = args.out.join(format!("{stem}.docx"));
        let written = crate::render::docx::report::render(&view, &plan_view)
            .map_err(Error::render_failed)
            .and_then(|bytes| {
                write_atomic(&path, &bytes)
                    .map(|()| bytes.len())
                    .map_err(|e| {
                        Error::write(format!("kan {} niet schrijven: {e}", path.display()))
                            .with_hint(crate::output::write_hint(&e))
                    })
            });
        match written {
            Ok(size) => crate::say!("{}  {}", path.display(), crate::format::file_size(size)),
            Err(e) => {
                eprint!("{}", e.render());
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(super::EXIT_INPUT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

/// `Noord (districten/noord.toml): 3 teksten, 1 cijfer, 2 matrixcellen`.
pub fn summary_line(s: &changes::SectionChanges) -> String {
    let c = s.counts();
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    count(c.texts, "tekst", "teksten");
    count(c.figures, "cijfer", "cijfers");
    count(c.marks, "matrixcel", "matrixcellen");
    count(
        c.structure,
        "onderdeel toegevoegd, verwijderd of verplaatst",
        "onderdelen toegevoegd, verwijderd of verplaatst",
    );
    let effects = s
        .changes
        .iter()
        .filter(|c| c.what.category() == changes::Category::Effect)
        .count();
    count(
        effects,
        "gevolg voor de totalen",
        "gevolgen voor de totalen",
    );
    format!(
        "{} ({}): {}",
        s.title,
        crate::console::path(&s.section.file()),
        parts.join(", ")
    )
}
