//! `uitvoeringsplan new-period <van>-<tot> --out DIR`: the sources of the
//! next plan, made from this plan's (`source::next_period` says what
//! changes), in a new folder that passes `check`. The folder is written
//! whole or not at all: every file goes into a hidden temporary folder
//! beside it, which is checked as `check` would and then renamed into
//! place. The sources folder itself is only read.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::NewPeriodArgs;
use crate::error::Error;
use crate::source::next_period::{self, Periods};

/// Largest `README.md` of a sources folder that is copied along.
const MAX_README_BYTES: u64 = 2 * 1024 * 1024;

pub fn run(args: &NewPeriodArgs) -> Result<ExitCode, Error> {
    let (new_from, new_to) = parse_period(&args.period)?;
    let out = &args.out;
    let out_shown = out.to_string_lossy().into_owned();
    check_out(out, &out_shown, &args.sources, (new_from, new_to))?;

    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan.filter(|_| report.errors() == 0) else {
        return Err(Error::sources(
            super::check::render(&report),
            "new-period: niets geschreven (herstel eerst de fouten in de bronnen van dit plan)",
        ));
    };
    let meta = &plan.meta;
    let periods = Periods {
        old_from: i64::from(meta.period_from),
        old_to: i64::from(meta.period_to),
        old_lookback: i64::from(meta.lookback_year),
        new_from,
        new_to,
    };
    if new_from != periods.old_to + 1 {
        return Err(Error::input(format!(
            "de periode {new_from}-{new_to} sluit niet aan op die van het plan in {shown} ({}-{})",
            periods.old_from, periods.old_to
        ))
        .with_hint(format!(
            "het volgende plan begint in {}, het jaar na {}: bijvoorbeeld `uitvoeringsplan new-period {}-{}`",
            periods.old_to + 1,
            periods.old_to,
            periods.old_to + 1,
            periods.old_to + 1 + (periods.old_to - periods.old_from)
        )));
    }

    let readme = crate::input::read_limited(&args.sources.join("README.md"), MAX_README_BYTES).ok();
    let scaffold = next_period::scaffold(&set, &periods, readme).map_err(|m| {
        Error::input(format!(
            "kan de bronnen van het nieuwe plan niet maken: {m}"
        ))
        .with_hint("meld dit als fout, met de bronnen erbij")
    })?;

    let written = write_folder(out, &out_shown, &scaffold.files, |tmp| {
        // What `check` says of the new folder before it takes its place.
        let (new_plan, new_report, _) = crate::load_plan(tmp, &out_shown);
        match new_plan {
            Some(_) if new_report.errors() == 0 => Ok(new_report),
            _ => Err(Error::sources(
                super::check::render(&new_report),
                "new-period: niets geschreven (de nieuwe bronnen zouden `check` niet doorstaan; meld dit als fout)",
            )),
        }
    })?;

    crate::say!(
        "{out_shown}: bronnen voor {new_from}-{new_to} geschreven ({} bestanden), uit {shown} ({}-{}); {} open waarden",
        scaffold.files.len(),
        periods.old_from,
        periods.old_to,
        written.open.len()
    );
    if !scaffold.relabelled.is_empty() {
        crate::say!("  jaartallen in titels verschoven (controleer ze):");
        for line in &scaffold.relabelled {
            crate::say!("    {line}");
        }
    }
    crate::say!(
        "  verder: schrijf de teksten (leeg, met de oude tekst als commentaar erboven), vul de open waarden in; \
         `uitvoeringsplan status --sources {out_shown}` toont wat er nog open is"
    );
    Ok(ExitCode::SUCCESS)
}

/// `2025-2026` as (2025, 2026); a period is two years, the second not
/// before the first.
fn parse_period(s: &str) -> Result<(i64, i64), Error> {
    let year = |y: &str| {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse::<i64>().ok())
            .flatten()
    };
    let hint = "schrijf de periode als <van>-<tot>, zoals `uitvoeringsplan new-period 2025-2026 --out sources-2025-2026`";
    let Some((from, to)) = s
        .trim()
        .split_once('-')
        .and_then(|(a, b)| Some((year(a)?, year(b)?)))
    else {
        return Err(Error::input(format!("`{s}` is geen periode")).with_hint(hint));
    };
    if to < from {
        return Err(
            Error::input(format!("de periode {from}-{to} eindigt vóór ze begint"))
                .with_hint(format!("bedoelt u {to}-{from}? {hint}")),
        );
    }
    Ok((from, to))
}

/// The new folder may not be there (or only as an empty folder), and may
/// not lie inside the sources folder.
fn check_out(out: &Path, shown: &str, sources: &Path, (from, to): (i64, i64)) -> Result<(), Error> {
    let hint = format!(
        "kies met --out een nieuwe map naast de bronnen, zoals --out sources-{from}-{to}; new-period schrijft nooit over bestaande bestanden"
    );
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.is_dir() => {
            let empty = fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
            if !empty {
                return Err(
                    Error::input(format!("de map {shown} bestaat al en is niet leeg"))
                        .with_hint(hint),
                );
            }
        }
        Ok(meta) => {
            let what = if meta.is_file() {
                "een bestand"
            } else {
                crate::input::kind(&meta)
            };
            return Err(
                Error::input(format!("{shown} bestaat al en is {what}, geen lege map"))
                    .with_hint(hint),
            );
        }
        Err(_) => {}
    }
    let abs = |p: &Path| -> Option<PathBuf> {
        // The folder itself may not exist yet: its parent does, or will.
        let p = std::path::absolute(p).ok()?;
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            rest.push(existing.file_name()?.to_owned());
            existing = existing.parent()?.to_path_buf();
        }
        let mut real = existing.canonicalize().ok()?;
        real.extend(rest.iter().rev());
        Some(real)
    };
    if let (Some(o), Some(s)) = (abs(out), abs(sources))
        && o.starts_with(&s)
    {
        return Err(Error::input(format!(
            "de nieuwe map {shown} ligt in de bronnenmap {}",
            sources.display()
        ))
        .with_hint(format!(
            "kies met --out een map naast de bronnen, zoals --out sources-{from}-{to}: in de bronnenmap zou `check` de nieuwe bestanden als bronnen van dit plan lezen"
        )));
    }
    Ok(())
}

/// Writes `files` into a hidden temporary folder beside `out`, lets `verify`
/// look at it, and renames it to `out` (an empty folder there is replaced).
/// On any failure the temporary folder is removed and `out` stays as it was.
fn write_folder<T>(
    out: &Path,
    shown: &str,
    files: &[(String, Vec<u8>)],
    verify: impl FnOnce(&Path) -> Result<T, Error>,
) -> Result<T, Error> {
    let failed = |e: std::io::Error| {
        Error::write(format!("kan {shown} niet schrijven: {e}"))
            .with_hint("kies met --out een map waarin geschreven kan worden")
            .with_outcome("new-period: niets geschreven")
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A file where a folder of the path should be: said as such.
    if let Some(file) = parent.ancestors().find(|a| a.is_file()) {
        return Err(failed(std::io::Error::other(format!(
            "{} is een bestand, geen map",
            file.display()
        ))));
    }
    fs::create_dir_all(parent).map_err(failed)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bronnen".into());
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
        .tempdir_in(parent)
        .map_err(failed)?;
    for (rel, bytes) in files {
        let path = tmp.path().join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(failed)?;
        }
        fs::write(&path, bytes).map_err(failed)?;
    }
    let result = verify(tmp.path())?;
    // An empty folder at `out` makes way (it was checked to be empty).
    if out.is_dir() {
        fs::remove_dir(out).map_err(failed)?;
    }
    let tmp = tmp.keep();
    if let Err(e) = fs::rename(&tmp, out) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(failed(e));
    }
    Ok(result)
}
