//! `uitvoeringsplan check`: load and validate everything, print every
//! problem and every open value, write nothing.

use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::diag::Report;

pub fn run(args: &CheckArgs) -> ExitCode {
    let shown = args.sources.to_string_lossy().into_owned();
    let (_, report, _) = crate::load_plan(&args.sources, &shown);
    eprint!("{}", render(&report));
    if report.errors() > 0 {
        ExitCode::from(super::EXIT_INPUT_ERROR)
    } else {
        ExitCode::SUCCESS
    }
}

/// The full output of `check`: diagnostics, open values and a summary line.
pub fn render(report: &Report) -> String {
    let mut out = report.render();
    let open = &report.open;
    if !open.is_empty() {
        out.push_str(&format!("open waarden ({}):\n", open.len()));
        out.push_str(&open_list(
            open.iter().map(|(p, w)| (p.as_str(), w.as_str())),
            "  ",
        ));
    }
    out.push_str(&summary(report, open.len()));
    out
}

/// Open values one per line, `place  what`, the places padded to one width.
pub fn open_list<'a>(
    open: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    indent: &str,
) -> String {
    let width = open
        .clone()
        .map(|(place, _)| place.len())
        .max()
        .unwrap_or(0);
    // `file:line` in the console's form (the same length on every platform).
    open.map(|(place, what)| format!("{indent}{:width$}  {what}\n", crate::console::path(place)))
        .collect()
}

/// `check: 0 fouten, 3 waarschuwingen, 57 open waarden`
pub fn summary(report: &Report, open: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "check: {}, {}, {}\n",
        plural(report.errors(), "fout", "fouten"),
        plural(report.warnings(), "waarschuwing", "waarschuwingen"),
        plural(open, "open waarde", "open waarden"),
    )
}
