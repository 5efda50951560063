//! The earlier version to compare with (`--since <REF>`): a folder that
//! holds an earlier copy of the sources, or a git revision (tag, branch,
//! commit) of the repository that holds the sources folder.
//!
//! A revision is read with the `git` command, from git's object store,
//! never through the working tree: `rev-parse` finds the repository, the
//! sources folder's place in it and the commit; `ls-tree` lists the
//! folder's files at that commit and one `cat-file --batch` reads them into
//! a private temporary folder, which is loaded like any sources folder and
//! removed afterwards. The `git` command rather than the `gix` crate: four
//! read-only plumbing commands are all this needs, git reads every
//! repository the editors' own git reads (packs, worktrees, partial
//! clones, alternates, SHA-256) exactly as it does, and the tool stays
//! free of gix's many crates (build time, the Windows cross-build, the
//! licences to ship). Editors who tag versions have git installed; without
//! it, a folder still works.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::Report;
use crate::error::Error;
use crate::model::Plan;
use crate::source::SourceSet;

/// Where the earlier version comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A folder with the earlier sources.
    Folder(PathBuf),
    /// A git revision.
    Git {
        /// The full commit id.
        commit: String,
        /// The commit's date (committer date, in its own time zone).
        date: Option<chrono::NaiveDate>,
    },
}

/// The earlier version, resolved: where it comes from and the folder its
/// sources can be read from (a temporary one for a git revision, removed
/// when this is dropped).
#[derive(Debug)]
pub struct Reference {
    /// As the user gave it (`v1.0`, `../oud/sources`).
    pub name: String,
    pub origin: Origin,
    /// How its files are named in messages: the folder as given, or
    /// `<REF>:<sources folder in the repository>`.
    pub shown: String,
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

/// The earlier version, loaded and validated.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    /// Its warnings (its errors stop the comparison).
    pub report: Report,
    pub set: SourceSet,
}

impl Reference {
    /// The folder its sources are read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The commit date of a git revision.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        match &self.origin {
            Origin::Git { date, .. } => *date,
            Origin::Folder(_) => None,
        }
    }

    /// The commit id of a git revision, abbreviated (`3f2a9c1`).
    pub fn short_commit(&self) -> Option<&str> {
        match &self.origin {
            Origin::Git { commit, .. } => Some(&commit[..commit.len().min(7)]),
            Origin::Folder(_) => None,
        }
    }

    /// Loads and validates the earlier sources like the current ones; their
    /// problems are located in that version (`v1.0:sources/plan.toml:3:5`).
    /// A version with errors cannot be compared: the error holds its
    /// rendered report.
    pub fn load(&self) -> Result<Loaded, Error> {
        let (plan, report, set) = crate::load_plan(&self.dir, &self.shown);
        match plan {
            Some(plan) if report.errors() == 0 => Ok(Loaded { plan, report, set }),
            _ => Err(Error::input(format!(
                "de eerdere versie `{}` heeft fouten; zo is er niets te vergelijken",
                self.name
            ))
            .with_hint(
                "kies een versie die `uitvoeringsplan check` goedkeurde, of geef met --since een map met zo'n versie",
            )
            .after(crate::diag::Report::render(&report))),
        }
    }
}

/// Resolves `since`: an existing folder is read as it is; anything else is
/// a git revision of the repository that holds `sources`.
pub fn resolve(since: &str, sources: &Path) -> Result<Reference, Error> {
    let path = Path::new(since);
    if path.is_dir() {
        return Ok(Reference {
            name: since.to_string(),
            origin: Origin::Folder(path.to_path_buf()),
            shown: since.trim_end_matches(['/', '\\']).to_string(),
            dir: path.to_path_buf(),
            _temp: None,
        });
    }
    if path.exists() {
        return Err(Error::input(format!(
            "`{since}` is een bestand, geen map met bronnen en geen versie"
        ))
        .with_hint("geef met --since een map met een eerdere versie van de bronnen, of een git-versie (tag, branch of commit)"));
    }
    git_revision(since, sources)
}

/// Runs git in `dir` with `args`; its standard output, or the first line of
/// what it said on failure.
fn git(dir: &Path, args: &[&str], since: &str) -> Result<Result<Vec<u8>, String>, Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| missing_git(since, &e))?;
    Ok(if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string())
    })
}

fn missing_git(since: &str, e: &std::io::Error) -> Error {
    let _ = e;
    Error::input(format!(
        "`{since}` is geen map, en git is niet gevonden om het als versie te lezen"
    ))
    .with_hint("installeer git, of geef met --since een map met een eerdere versie van de bronnen")
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

fn git_revision(since: &str, sources: &Path) -> Result<Reference, Error> {
    let shown_sources = crate::console::path(&sources.to_string_lossy()).into_owned();
    let not_a_repo = || {
        Error::input(format!(
            "`{since}` is geen map, en de bronnenmap {shown_sources} staat niet in een git-repository"
        ))
        .with_hint(
            "geef met --since een map met een eerdere versie van de bronnen, of beheer de bronnen met git (zie de README)",
        )
    };
    let top = match git(
        sources,
        &["rev-parse", "--show-toplevel", "--show-prefix"],
        since,
    )? {
        Ok(out) => text(out),
        Err(_) => return Err(not_a_repo()),
    };
    let mut lines = top.lines();
    let (Some(toplevel), prefix) = (lines.next(), lines.next().unwrap_or_default()) else {
        return Err(not_a_repo());
    };
    let toplevel = PathBuf::from(toplevel);
    let prefix = prefix.trim_end_matches('/').to_string();
    let unknown = || {
        Error::input(format!(
            "versie `{since}` bestaat niet in de git-repository van {shown_sources}"
        ))
        .with_hint(
            "geef een tag, branch of commit: `git tag` toont de tags, `git log --oneline` de commits; of geef een map",
        )
    };
    // A revision never starts with `-` (git would read it as an option).
    if since.starts_with('-') || since.is_empty() {
        return Err(unknown());
    }
    let commit = match git(
        &toplevel,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{since}^{{commit}}"),
        ],
        since,
    )? {
        Ok(out) => text(out),
        Err(_) => return Err(unknown()),
    };
    let date = git(&toplevel, &["show", "-s", "--format=%cI", &commit], since)?
        .ok()
        .and_then(|out| chrono::NaiveDate::parse_from_str(text(out).get(..10)?, "%Y-%m-%d").ok());
    let folder = if prefix.is_empty() {
        "./".to_string()
    } else {
        format!("{prefix}/")
    };
    let tree = format!("{commit}:{prefix}");
    let is_tree =
        git(&toplevel, &["cat-file", "-t", &tree], since)?.is_ok_and(|out| text(out) == "tree");
    if !is_tree {
        return Err(Error::input(format!(
            "versie `{since}` heeft geen bronnenmap {folder}"
        ))
        .with_hint(
            "kies een versie waarin de bronnen al in deze map stonden, of geef met --since een map met de eerdere bronnen",
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix("uitvoeringsplan-versie-")
        .tempdir()
        .map_err(|e| {
            Error::write(format!(
                "kan geen tijdelijke map maken voor versie `{since}`: {e}"
            ))
            .with_hint("controleer of de tijdelijke map (TMPDIR) bestaat en beschrijfbaar is")
        })?;
    extract(&toplevel, &commit, &prefix, temp.path(), since)?;
    let shown = if prefix.is_empty() {
        format!("{since}:")
    } else {
        format!("{since}:{prefix}")
    };
    Ok(Reference {
        name: since.to_string(),
        origin: Origin::Git { commit, date },
        shown,
        dir: temp.path().to_path_buf(),
        _temp: Some(temp),
    })
}

/// Writes the files of `prefix` at `commit` into `dir`: the listing from
/// `ls-tree`, the contents from one `cat-file --batch`.
fn extract(
    toplevel: &Path,
    commit: &str,
    prefix: &str,
    dir: &Path,
    since: &str,
) -> Result<(), Error> {
    let failed = |what: String| {
        Error::input(format!("git kon versie `{since}` niet lezen: {what}"))
            .with_hint("controleer de repository met `git fsck`, of geef met --since een map met de eerdere bronnen")
    };
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
    if !prefix.is_empty() {
        args.extend(["--", prefix]);
    }
    let listing = git(toplevel, &args, since)?.map_err(failed)?;
    // `<mode> <type> <object>\t<path>`, each ended by NUL.
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some(kind), Some(object)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        // Regular files only: no symbolic links, no submodules.
        if kind != "blob" || !(mode == "100644" || mode == "100755") {
            continue;
        }
        let rel = if prefix.is_empty() {
            path
        } else {
            match path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/')) {
                Some(rel) => rel,
                None => continue,
            }
        };
        let rel = Path::new(rel);
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            files.push((object.to_string(), rel.to_path_buf()));
        }
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(toplevel)
        .args(["cat-file", "--batch"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| missing_git(since, &e))?;
    let mut stdin = child.stdin.take().expect("piped");
    let ids: String = files.iter().map(|(id, _)| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(ids.as_bytes());
    });
    let mut out = Vec::new();
    let read = child.stdout.take().expect("piped").read_to_end(&mut out);
    let _ = writer.join();
    let status = child.wait();
    if read.is_err() || !status.is_ok_and(|s| s.success()) {
        return Err(failed("cat-file".into()));
    }
    // `<object> blob <size>\n<content>\n` per file, in the order asked.
    let mut at = 0;
    for (_, rel) in &files {
        let header_end = out[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| at + p)
            .ok_or_else(|| failed("onvolledige uitvoer van cat-file".into()))?;
        let header = String::from_utf8_lossy(&out[at..header_end]).to_string();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(header.clone()))?;
        let start = header_end + 1;
        let content = out
            .get(start..start + size)
            .ok_or_else(|| failed("onvolledige uitvoer van cat-file".into()))?;
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed(e.to_string()))?;
        }
        std::fs::write(&target, content).map_err(|e| failed(e.to_string()))?;
        at = start + size + 1;
    }
    Ok(())
}
