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

use super::build::{self, BuildOptions, BuildResult, CACHE_AGE, Output, Renderers, build_once};
use crate::cli::WatchArgs;
use crate::error::{Error, Kind};
use crate::render::pdf::world::Layouts;

/// How long the folders must be quiet after a change before a rebuild: an
/// editor's save (write, rename, touch) arrives as one batch.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// A steady stream of changes still rebuilds after this long.
const MAX_BATCH: Duration = Duration::from_millis(500);
/// How often the Ctrl-C flag is checked while waiting.
const POLL: Duration = Duration::from_millis(100);

pub fn run(args: &WatchArgs) -> Result<ExitCode, Error> {
    let layouts = build::layouts(args.layouts.as_deref())?;
    let sources = match args.sources.canonicalize() {
        Ok(p) if p.is_dir() => p,
        _ => {
            return Err(Error::input(format!(
                "de bronnenmap {} bestaat niet",
                args.sources.display()
            ))
            .with_hint("geef de map met plan.toml op met --sources DIR"));
        }
    };
    let mut roots = vec![Root::new(sources, &args.sources, "de bronnenmap")];
    if let Layouts::Folder(dir) = &layouts {
        let shown = args.layouts.clone().unwrap_or_default();
        roots.push(Root::new(dir.clone(), &shown, "de layoutmap"));
    }
    // Outputs inside a watched folder would be changes of their own: refused
    // rather than recognised, because the outputs' names follow the plan's
    // title (which an edit can change), and because the sources folder is
    // what editors edit and keep in version control, not a place for PDFs.
    let out = resolved(&args.out);
    if let Some(root) = roots.iter().find(|r| out.starts_with(&r.real)) {
        return Err(Error::input(format!(
            "de uitvoermap {} ligt in {} {}; watch zou zijn eigen uitvoer dan als wijziging zien",
            args.out.display(),
            root.what,
            root.shown.display()
        ))
        .with_hint("kies met --out een map buiten de bronnen en de layouts, zoals --out out"));
    }
    if let Err(e) = super::catch_interrupts() {
        eprintln!("warning: Ctrl-C wordt niet afgevangen: {e}");
    }

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => return Err(Error::input(format!("kan de bronnen niet bewaken: {e}"))),
    };
    for root in &roots {
        if let Err(e) = watcher.watch(&root.real, RecursiveMode::Recursive) {
            return Err(Error::input(format!(
                "kan {} niet bewaken: {e}",
                root.shown.display()
            )));
        }
    }

    let options = BuildOptions {
        sources: args.sources.clone(),
        out: args.out.clone(),
        outputs: Output::for_format(args.format),
        final_: false,
        layouts,
        section: None,
        since: None,
    };
    let watched: Vec<String> = roots
        .iter()
        .map(|r| r.shown.display().to_string())
        .collect();
    crate::say!(
        "watch: bewaakt {}; stoppen met Ctrl-C",
        watched.join(" en ")
    );
    let mut renderers = Renderers::default();
    let mut shown = Shown::default();
    let built = build_once(&options, &mut renderers);
    report("eerste build", &built, &mut shown);

    while !super::interrupted() {
        let Some(changed) = wait(&rx, &mut watcher, &mut roots) else {
            break;
        };
        let built = build_once(&options, &mut renderers);
        comemo::evict(CACHE_AGE);
        report(&describe(&changed), &built, &mut shown);
    }
    crate::say!("watch: gestopt");
    Ok(ExitCode::SUCCESS)
}

/// A watched folder: its real path, how the user named it, what it is
/// (in messages) and which folder it is (to notice it was replaced).
struct Root {
    real: PathBuf,
    shown: PathBuf,
    what: &'static str,
    identity: Option<Identity>,
}

impl Root {
    fn new(real: PathBuf, shown: &Path, what: &'static str) -> Root {
        Root {
            identity: identity(&real),
            real,
            shown: shown.to_path_buf(),
            what,
        }
    }
}

/// Which folder is at a path: (device, inode) on Unix. A folder deleted
/// and made again, or another one moved into its place, is another folder.
type Identity = (u64, u64);

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// A watch ends with the folder it was on. When a watched folder is gone
/// this says so once; when a folder is at its path again (also one put
/// there between two looks), it is watched again and named as changed,
/// so that it is rebuilt.
fn reattach(watcher: &mut impl Watcher, roots: &mut [Root]) -> Vec<(String, PathBuf)> {
    let mut back = Vec::new();
    for root in roots {
        let now = identity(&root.shown);
        if now == root.identity {
            continue;
        }
        root.identity = now;
        let _ = watcher.unwatch(&root.real);
        let Some(real) = now.and_then(|_| root.shown.canonicalize().ok()) else {
            crate::say!(
                "watch: {} is verdwenen; watch wacht tot de map er weer is",
                root.shown.display()
            );
            continue;
        };
        match watcher.watch(&real, RecursiveMode::Recursive) {
            Ok(()) => {
                crate::say!(
                    "watch: {} is er weer en wordt opnieuw bewaakt",
                    root.shown.display()
                );
                back.push((root.shown.display().to_string(), real.clone()));
            }
            Err(e) => eprint!(
                "{}",
                Error::input(format!(
                    "kan {} niet opnieuw bewaken: {e}; wijzigingen daarin worden niet meer gezien",
                    root.shown.display()
                ))
                .render()
            ),
        }
        root.real = real;
    }
    back
}

/// Where `path` is, or would be once made: the real path of its deepest
/// existing ancestor with the rest of `path` after it.
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return abs,
        }
    }
}

/// Waits for a batch of relevant changes; `None` after Ctrl-C or when the
/// watcher stopped. Returns the changed files as the user names them.
/// A file both created and gone within the batch (an editor's or `sed -i`'s
/// temporary file) does not count. Between events it looks whether a
/// watched folder was replaced (see [`reattach`]).
fn wait(
    rx: &Receiver<notify::Result<Event>>,
    watcher: &mut impl Watcher,
    roots: &mut [Root],
) -> Option<BTreeSet<String>> {
    // Shown name -> (real path, created in this batch).
    let mut changed: BTreeMap<String, (PathBuf, bool)> = BTreeMap::new();
    let mut first: Option<Instant> = None;
    let mut looked = Instant::now();
    loop {
        if super::interrupted() {
            return None;
        }
        if looked.elapsed() >= POLL {
            looked = Instant::now();
            for (shown, real) in reattach(watcher, roots) {
                changed.insert(shown, (real, false));
                first.get_or_insert_with(Instant::now);
            }
        }
        let timeout = if changed.is_empty() { POLL } else { DEBOUNCE };
        let batch_done = match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => {
                let created = matches!(event.kind, EventKind::Create(_));
                for (shown, real) in relevant(&event, roots) {
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
/// the user names the folders, real path): not reads, not hidden files or
/// editors' backup and swap files. (The output folder is never inside a
/// watched folder; `run` refuses that.)
fn relevant(event: &Event, roots: &[Root]) -> Vec<(String, PathBuf)> {
    if !matches!(
        event.kind,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) {
        return Vec::new();
    }
    event
        .paths
        .iter()
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
/// temporary files) and editors' backup, swap and probe files, the same
/// that `check` passes by.
fn ignored(name: &str) -> bool {
    crate::source::is_leftover(name)
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
                    .map(|p| format!("{}, ", crate::format::pages(p)))
                    .unwrap_or_default();
                done.push(format!(
                    "{} geschreven ({pages}{})",
                    o.output.name(),
                    crate::format::file_size(w.size)
                ));
            }
            Err(e) => {
                eprint!("{}", e.render());
                done.push(match e.kind() {
                    Kind::Render { .. } => format!(
                        "{} niet geschreven (de vorige blijft staan)",
                        o.output.name()
                    ),
                    _ => format!("{} niet geschreven", o.output.name()),
                });
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
    crate::say!(
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

    fn relevant_names(event: &Event, roots: &[Root]) -> Vec<String> {
        relevant(event, roots)
            .into_iter()
            .map(|(shown, _)| shown)
            .collect()
    }

    #[test]
    fn only_changes_that_can_affect_the_outputs_count() {
        use notify::event::{AccessKind, CreateKind, ModifyKind};
        let roots = [Root::new(
            PathBuf::from("/w/bronnen"),
            Path::new("sources"),
            "de bronnenmap",
        )];
        let modify = EventKind::Modify(ModifyKind::Any);
        assert_eq!(
            relevant_names(&event(modify, "/w/bronnen/districten/noord.toml"), &roots),
            ["sources/districten/noord.toml"]
        );
        assert_eq!(
            relevant_names(
                &event(EventKind::Create(CreateKind::File), "/w/bronnen/plan.toml"),
                &roots
            ),
            ["sources/plan.toml"]
        );
        for ignored in [
            "/w/bronnen/.plan.toml.swp",
            "/w/bronnen/plan.toml~",
            "/w/bronnen/districten/4913",
            "/w/bronnen/.#plan.toml",
            "/w/bronnen/districten/~$noord.docx",
            "/w/bronnen/.git/index",
            "/elders/plan.toml",
        ] {
            assert!(
                relevant_names(&event(modify, ignored), &roots).is_empty(),
                "{ignored}"
            );
        }
        let read = EventKind::Access(AccessKind::Any);
        assert!(relevant_names(&event(read, "/w/bronnen/plan.toml"), &roots).is_empty());
    }

    #[test]
    fn a_path_not_yet_made_resolves_below_its_real_ancestor() {
        let base = std::env::temp_dir().canonicalize().unwrap();
        let here = std::env::temp_dir().join("nog/niet/gemaakt");
        assert_eq!(resolved(&here), base.join("nog/niet/gemaakt"));
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
