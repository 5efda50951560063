//! `uitvoeringsplan watch`: rebuilds the outputs whenever a file under the
//! sources (or the layouts folder given with `--layouts`) changes, in one
//! process that keeps typst's incremental compilation warm.
//!
//! Every rebuild is `build::build_once`, the same as `build`, with the same
//! `Renderers` kept between rebuilds; typst's caches are trimmed after each
//! (`comemo::evict(CACHE_AGE)`) so memory stays flat. One line per rebuild
//! says what changed, what was written, how long it took and how many
//! problems there are; errors are shown in full and never stop the watcher.
//! Ctrl-C is checked between builds, so an output being written is finished
//! and nothing partial is left.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::build::{
    self, BuildOptions, BuildResult, CACHE_AGE, Output, OutputError, Renderers, build_once,
};
use crate::cli::WatchArgs;
use crate::render::pdf::world::Layouts;

/// How long the folders must be quiet after a change before a rebuild: an
/// editor's save (write, rename, touch) arrives as one batch.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// A steady stream of changes still rebuilds after this long.
const MAX_BATCH: Duration = Duration::from_millis(500);
/// How often the Ctrl-C flag is checked while waiting.
const POLL: Duration = Duration::from_millis(100);

pub fn run(args: &WatchArgs) -> ExitCode {
    let layouts = match build::layouts(args.layouts.as_deref()) {
        Ok(l) => l,
        Err(message) => {
            eprint!("{message}");
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
    };
    let sources = match args.sources.canonicalize() {
        Ok(p) if p.is_dir() => p,
        _ => {
            eprintln!(
                "error: de bronnenmap {} bestaat niet\n  = hint: geef de map met plan.toml op met --sources DIR",
                args.sources.display()
            );
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
    };
    if let Err(e) = super::catch_interrupts() {
        eprintln!("warning: Ctrl-C wordt niet afgevangen: {e}");
    }
    // The output folder exists from the start, so that its own changes can
    // be recognised and ignored when it lies inside a watched folder.
    let _ = std::fs::create_dir_all(&args.out);
    let mut roots = vec![Root {
        real: sources,
        shown: args.sources.clone(),
    }];
    if let Layouts::Folder(dir) = &layouts {
        roots.push(Root {
            real: dir.clone(),
            shown: args.layouts.clone().unwrap_or_default(),
        });
    }
    let out = args.out.canonicalize().ok();

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: kan de bronnen niet bewaken: {e}");
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
    };
    for root in &roots {
        if let Err(e) = watcher.watch(&root.real, RecursiveMode::Recursive) {
            eprintln!("error: kan {} niet bewaken: {e}", root.shown.display());
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
    }

    let options = BuildOptions {
        sources: args.sources.clone(),
        out: args.out.clone(),
        outputs: Output::for_format(args.format),
        final_: false,
        layouts,
        section: None,
    };
    let watched: Vec<String> = roots
        .iter()
        .map(|r| r.shown.display().to_string())
        .collect();
    println!(
        "watch: bewaakt {}; stoppen met Ctrl-C",
        watched.join(" en ")
    );
    let mut renderers = Renderers::default();
    let mut shown = Shown::default();
    let built = build_once(&options, &mut renderers);
    report("eerste build", &built, &mut shown);

    while !super::interrupted() {
        let Some(changed) = wait(&rx, &roots, out.as_deref()) else {
            break;
        };
        let built = build_once(&options, &mut renderers);
        comemo::evict(CACHE_AGE);
        report(&describe(&changed), &built, &mut shown);
    }
    println!("watch: gestopt");
    ExitCode::SUCCESS
}

/// A watched folder: its real path and how the user named it.
struct Root {
    real: PathBuf,
    shown: PathBuf,
}

/// Waits for a batch of relevant changes; `None` after Ctrl-C or when the
/// watcher stopped. Returns the changed files as the user names them.
/// A file both created and gone within the batch (an editor's or `sed -i`'s
/// temporary file) does not count.
fn wait(
    rx: &Receiver<notify::Result<Event>>,
    roots: &[Root],
    out: Option<&Path>,
) -> Option<BTreeSet<String>> {
    // Shown name -> (real path, created in this batch).
    let mut changed: BTreeMap<String, (PathBuf, bool)> = BTreeMap::new();
    let mut first: Option<Instant> = None;
    loop {
        if super::interrupted() {
            return None;
        }
        let timeout = if changed.is_empty() { POLL } else { DEBOUNCE };
        let batch_done = match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => {
                let created = matches!(event.kind, EventKind::Create(_));
                for (shown, real) in relevant(&event, roots, out) {
                    changed.entry(shown).or_insert((real, created));
                    first.get_or_insert_with(Instant::now);
                }
                first.is_some_and(|t| t.elapsed() >= MAX_BATCH)
            }
            Ok(Err(e)) => {
                eprintln!("watch: {e}");
                false
            }
            Err(RecvTimeoutError::Timeout) => !changed.is_empty(),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        if batch_done {
            let lasting: BTreeSet<String> = std::mem::take(&mut changed)
                .into_iter()
                .filter(|(_, (real, created))| !*created || real.exists())
                .map(|(shown, _)| shown)
                .collect();
            first = None;
            if !lasting.is_empty() {
                return Some(lasting);
            }
        }
    }
}

/// The changed paths of an event that can affect the outputs, as (named as
/// the user names the folders, real path): not reads, not the output folder,
/// not hidden files or editors' backup and swap files.
fn relevant(event: &Event, roots: &[Root], out: Option<&Path>) -> Vec<(String, PathBuf)> {
    if !matches!(
        event.kind,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| out.is_none_or(|out| !p.starts_with(out)))
        .filter_map(|p| {
            let root = roots.iter().find(|r| p.starts_with(&r.real))?;
            let rel = p.strip_prefix(&root.real).ok()?;
            if rel.components().any(|c| match c {
                Component::Normal(name) => ignored(&name.to_string_lossy()),
                _ => false,
            }) {
                return None;
            }
            let shown = root.shown.join(rel);
            Some((shown.to_string_lossy().into_owned(), p.clone()))
        })
        .collect()
}

/// Names that never affect the outputs: hidden files (also our own
/// temporary files) and editors' backup, swap and probe files.
fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// `a.toml`, `a.toml, b.toml`, `a.toml, b.toml, c.toml en 2 andere`.
fn describe(changed: &BTreeSet<String>) -> String {
    let names: Vec<&str> = changed.iter().map(String::as_str).collect();
    if names.len() <= 3 {
        names.join(", ")
    } else {
        format!("{} en {} andere", names[..3].join(", "), names.len() - 3)
    }
}

/// What the previous rebuilds showed, so that unchanged warnings are
/// counted but not repeated.
#[derive(Default)]
struct Shown {
    warnings: String,
}

/// Prints the diagnostics of a rebuild (stderr) and its one line (stdout):
/// `sources/plan.toml: PDF geschreven (38 pagina's, 634 kB) in 74 ms; 7 waarschuwingen`.
fn report(what: &str, built: &BuildResult, shown: &mut Shown) {
    if built.report.errors() > 0 {
        eprint!("{}", built.report.errors_only().render());
    }
    let warnings = built.report.render_short();
    if built.report.errors() == 0 && warnings != shown.warnings {
        eprint!("{warnings}");
        shown.warnings = warnings;
    }
    let mut done = Vec::new();
    for o in &built.outputs {
        eprint!("{}", o.warnings);
        match &o.result {
            Ok(w) => {
                let pages = w
                    .pages
                    .map(|p| format!("{p} pagina's, "))
                    .unwrap_or_default();
                done.push(format!(
                    "{} geschreven ({pages}{})",
                    o.output.name(),
                    crate::format::file_size(w.size)
                ));
            }
            Err(OutputError::Render { diagnostics, .. }) => {
                eprint!("{diagnostics}");
                done.push(format!(
                    "{} niet geschreven (de vorige blijft staan)",
                    o.output.name()
                ));
            }
            Err(OutputError::Write(message)) => {
                eprintln!("error: kan {} niet schrijven: {message}", o.path.display());
                done.push(format!("{} niet geschreven", o.output.name()));
            }
        }
    }
    if built.report.errors() > 0 {
        done.push("niets gebouwd (fouten in de bronnen)".into());
    }
    if built.interrupted {
        done.push("onderbroken".into());
    }
    if done.is_empty() {
        done.push("niets te schrijven".into());
    }
    println!(
        "{what}: {} in {} ms; {}",
        done.join(", "),
        built.took.as_millis(),
        problems(built)
    );
}

/// `geen problemen`, `1 fout`, `2 fouten, 7 waarschuwingen`.
fn problems(built: &BuildResult) -> String {
    let (errors, warnings) = (built.errors(), built.warnings());
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!(
            "{errors} {}",
            if errors == 1 { "fout" } else { "fouten" }
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{warnings} {}",
            if warnings == 1 {
                "waarschuwing"
            } else {
                "waarschuwingen"
            }
        ));
    }
    if parts.is_empty() {
        "geen problemen".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    fn relevant_names(event: &Event, roots: &[Root], out: Option<&Path>) -> Vec<String> {
        relevant(event, roots, out)
            .into_iter()
            .map(|(shown, _)| shown)
            .collect()
    }

    #[test]
    fn only_changes_that_can_affect_the_outputs_count() {
        use notify::event::{AccessKind, CreateKind, ModifyKind};
        let roots = [Root {
            real: PathBuf::from("/w/bronnen"),
            shown: PathBuf::from("sources"),
        }];
        let out = Some(Path::new("/w/bronnen/out"));
        let modify = EventKind::Modify(ModifyKind::Any);
        assert_eq!(
            relevant_names(
                &event(modify, "/w/bronnen/districten/noord.toml"),
                &roots,
                out
            ),
            ["sources/districten/noord.toml"]
        );
        assert_eq!(
            relevant_names(
                &event(EventKind::Create(CreateKind::File), "/w/bronnen/plan.toml"),
                &roots,
                out
            ),
            ["sources/plan.toml"]
        );
        for ignored in [
            "/w/bronnen/.plan.toml.swp",
            "/w/bronnen/plan.toml~",
            "/w/bronnen/districten/4913",
            "/w/bronnen/out/plan.pdf",
            "/w/bronnen/.git/index",
            "/elders/plan.toml",
        ] {
            assert!(
                relevant_names(&event(modify, ignored), &roots, out).is_empty(),
                "{ignored}"
            );
        }
        let read = EventKind::Access(AccessKind::Any);
        assert!(relevant_names(&event(read, "/w/bronnen/plan.toml"), &roots, out).is_empty());
    }

    #[test]
    fn many_changes_are_summed_up() {
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        assert_eq!(describe(&set(&["a", "b"])), "a, b");
        assert_eq!(
            describe(&set(&["a", "b", "c", "d", "e"])),
            "a, b, c en 2 andere"
        );
    }
}
