//! `uitvoeringsplan data`: writes the JSON view the layouts read, so a
//! designer can run the typst CLI on `layouts/` alone.

use std::process::ExitCode;

use crate::cli::DataArgs;
use crate::output::write_atomic;
use crate::render::{pdf, view};

pub fn run(args: &DataArgs) -> ExitCode {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, _) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan else {
        eprint!("{}", super::check::render(&report));
        return ExitCode::from(super::EXIT_INPUT_ERROR);
    };
    let (date, from_sources) = super::build::plan_date(&plan);
    let json = pdf::data_json(&view::view(&plan, date, from_sources));
    match write_atomic(&args.out, &json) {
        Ok(()) => {
            println!("{}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: kan {} niet schrijven: {e}", args.out.display());
            ExitCode::from(super::EXIT_INPUT_ERROR)
        }
    }
}
