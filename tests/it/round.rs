//! The section round: every section exported at once, many imported at
//! once, `status` as the editors' to-do list, and imports that keep the
//! source file's form (byte order mark, line endings, untouched lines, the
//! wrapping of a changed paragraph). Expected outputs of successful runs are
//! in `tests/fixtures/outputs/` (`UPDATE_EXPECTED=1` rewrites them).

use std::fs;
use std::path::{Path, PathBuf};

use uitvoeringsplan::model::richtext;
use uitvoeringsplan::source::write::{Edit, NewValue, Seg, apply_keeping_form};

use crate::support::*;

fn outputs() -> PathBuf {
    fixtures().join("outputs")
}

/// `build --format docx --section all` into `out/`; the files, sorted.
fn export_all(tmp: &Path) -> (String, Vec<PathBuf>) {
    let out = run_ok(
        tmp,
        &[
            "build",
            "--format",
            "docx",
            "--section",
            "all",
            "--out",
            "out",
        ],
    );
    let mut files: Vec<PathBuf> = fs::read_dir(tmp.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    (text(&out.stdout), files)
}

fn import_all(tmp: &Path, files: &[PathBuf], flags: &[&str]) -> std::process::Output {
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(flags.iter().map(|f| f.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(tmp, &args)
}

#[test]
fn section_all_writes_eleven_files_that_each_import_back_unchanged() {
    let tmp = bundled_copy("round-all");
    let before = snapshot(&tmp.path().join("sources"));
    let (stdout, files) = export_all(tmp.path());
    assert_eq!(files.len(), 11, "{files:?}");
    // One line per file, named as a single-section export is.
    assert_eq!(stdout.lines().count(), 11, "{stdout}");
    let single = export(&tmp, "mensenhandel");
    assert!(files.contains(&tmp.path().join("out").join(single.file_name().unwrap())));
    for f in &files {
        assert!(stdout.contains(&format!(
            "{}  ",
            f.strip_prefix(tmp.path()).unwrap().display()
        )));
    }
    let relative: Vec<PathBuf> = files
        .iter()
        .map(|f| f.strip_prefix(tmp.path()).unwrap().to_path_buf())
        .collect();
    let out = import_all(tmp.path(), &relative, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("import: 11 bestanden: 11 ingelezen, 0 geweigerd\n"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("  geen wijzigingen\n").count(),
        11,
        "{stdout}"
    );
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "a source changed"
    );
    // Every document is now recorded as imported.
    let status = run_ok(tmp.path(), &["status", "--exports", "out"]);
    assert_eq!(text(&status.stdout).matches("  ingelezen").count(), 11);
}

#[test]
fn a_batch_with_one_refused_file_writes_the_others() {
    let tmp = minimal_copy("round-batch");
    let (_, files) = export_all(tmp.path());
    let doc = |id: &str| {
        files
            .iter()
            .find(|f| f.to_string_lossy().ends_with(&format!("-{id}.docx")))
            .unwrap()
            .clone()
    };
    let noord = tmp.path().join("noord.docx");
    edit_document(
        &doc("noord"),
        &noord,
        "In 2024 is veel gedaan.",
        "In 2024 is heel veel gedaan.",
    );
    let zuid = tmp.path().join("zuid.docx");
    edit_document(&doc("zuid"), &zuid, "Zuid", "Zuid");
    // Zuid's source changes after its export: its import is refused.
    let zuid_toml = tmp.path().join("sources/districten/zuid.toml");
    let changed = fs::read_to_string(&zuid_toml).unwrap() + "\n# later toegevoegd\n";
    fs::write(&zuid_toml, &changed).unwrap();
    let out = import_all(
        tmp.path(),
        &[PathBuf::from("zuid.docx"), PathBuf::from("noord.docx")],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stderr.contains("import: zuid.docx: niets geschreven"),
        "{stderr}"
    );
    assert!(
        stdout.ends_with(
            "import: 2 bestanden: 1 ingelezen, 1 geweigerd\n  zuid.docx   zuid   geweigerd: sources/districten/zuid.toml is gewijzigd sinds dit document werd gemaakt; importeren zou die wijzigingen kunnen overschrijven\n  noord.docx  noord  1 veld gewijzigd\n"
        ),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&zuid_toml).unwrap(), changed);
    let noord_toml = fs::read_to_string(tmp.path().join("sources/districten/noord.toml")).unwrap();
    assert!(noord_toml.contains("In 2024 is heel veel gedaan."));
    // --force applies to every file of the batch.
    let out = import_all(tmp.path(), &[PathBuf::from("zuid.docx")], &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// The status of a plan, as printed, and the same as JSON.
fn status(tmp: &Path, exports: bool) -> String {
    let mut args = vec!["status"];
    if exports {
        args.extend(["--exports", "out"]);
    }
    let out = run_ok(tmp, &args);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    args.push("--json");
    let json: serde_json::Value = serde_json::from_slice(&run_ok(tmp, &args).stdout).unwrap();
    let printed = text(&out.stdout);
    // The JSON holds the same rows.
    let parts = json["parts"].as_array().unwrap();
    assert_eq!(parts.len() + 2, printed.lines().count());
    assert_eq!(json["exports_checked"], exports);
    printed
}

#[test]
fn status_of_the_bundled_plan() {
    let tmp = bundled_copy("round-status-bundled");
    assert_expected(
        &outputs().join("status-bundled.txt"),
        &status(tmp.path(), false),
    );
    export_all(tmp.path());
    assert_expected(
        &outputs().join("status-bundled-exports.txt"),
        &status(tmp.path(), true),
    );
}

#[test]
fn status_of_the_minimal_plan_through_a_round() {
    let tmp = minimal_copy("round-status-minimal");
    let files_before: Vec<PathBuf> = snapshot(&tmp.path().join("sources")).into_keys().collect();
    assert_expected(
        &outputs().join("status-minimal.txt"),
        &status(tmp.path(), false),
    );
    let (_, files) = export_all(tmp.path());
    // noord: edited and imported; zuid: its source changed since the
    // export; geldstromen: exported, nothing since.
    let noord = files
        .iter()
        .find(|f| f.to_string_lossy().ends_with("-noord.docx"))
        .unwrap();
    let edited = tmp.path().join("out/noord-herzien.docx");
    edit_document(
        noord,
        &edited,
        "In 2024 is veel gedaan.",
        "In 2024 is meer gedaan.",
    );
    // The district's copy came back later than the export.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(&edited)
        .unwrap()
        .set_modified(later)
        .unwrap();
    run_ok(tmp.path(), &["import", "out/noord-herzien.docx"]);
    let zuid = tmp.path().join("sources/districten/zuid.toml");
    fs::write(&zuid, fs::read_to_string(&zuid).unwrap() + "# nagekomen\n").unwrap();
    assert_expected(
        &outputs().join("status-minimal-exports.txt"),
        &status(tmp.path(), true),
    );
    // Nothing of the round is in the sources folder.
    let after: Vec<PathBuf> = snapshot(&tmp.path().join("sources")).into_keys().collect();
    let stray: Vec<&PathBuf> = after.iter().filter(|p| !files_before.contains(p)).collect();
    assert!(stray.is_empty(), "stray files in sources/: {stray:?}");
}

#[test]
fn a_section_build_mentions_only_its_own_warnings() {
    let tmp = minimal_copy("round-quiet");
    copy_dir(
        &fixtures().join("valid/budget-warnings/sources"),
        &tmp.path().join("sources"),
    );
    let whole = run_ok(tmp.path(), &["build", "--format", "docx"]);
    let section = run_ok(tmp.path(), &["build", "--section", "noord"]);
    let verbose = run_ok(tmp.path(), &["build", "--format", "docx", "--verbose"]);
    let shown = format!(
        "--- build --format docx\n{}{}--- build --section noord\n{}{}--- build --format docx --verbose\n{}{}",
        text(&whole.stderr),
        text(&whole.stdout),
        text(&section.stderr),
        text(&section.stdout),
        text(&verbose.stderr),
        text(&verbose.stdout),
    );
    // Sizes and times vary: keep the names.
    let shown: String = shown
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((name, _)) if name.ends_with(".docx") => format!("{name}  …\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    assert_expected(&outputs().join("build-warnings.txt"), &shown);
}

/// Lines with their endings.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// How many lines of `new` are not in `old` (by a longest common
/// subsequence), and whether every line of `keep` (indices into `old`) is
/// in that subsequence.
fn line_changes(old: &[Vec<u8>], new: &[Vec<u8>]) -> (usize, Vec<bool>) {
    let (n, m) = (old.len(), new.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if old[i] == new[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let mut kept = vec![false; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            kept[i] = true;
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (m - t[0][0], kept)
}

/// The noord district with a byte order mark and CRLF, or plain LF, an
/// edit imported: every other line byte for byte, every line ending the
/// file's own.
#[test]
fn an_import_keeps_bom_crlf_or_lf_and_every_unchanged_line() {
    for (bom, crlf) in [(true, true), (false, false), (false, true), (true, false)] {
        let tmp = minimal_copy("round-form");
        let toml = tmp.path().join("sources/districten/noord.toml");
        let lf = fs::read_to_string(&toml).unwrap();
        let mut original = Vec::new();
        if bom {
            original.extend_from_slice(b"\xEF\xBB\xBF");
        }
        original.extend(if crlf { lf.replace('\n', "\r\n") } else { lf }.bytes());
        fs::write(&toml, &original).unwrap();
        let docx = export(&tmp, "noord");
        let edited = tmp.path().join("e.docx");
        edit_document(
            &docx,
            &edited,
            "In 2024 is veel gedaan.",
            "In 2024 is veel gedaan.</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">Een nieuwe alinea.",
        );
        run_ok(tmp.path(), &["import", "e.docx"]);
        let now = fs::read(&toml).unwrap();
        let what = format!("bom {bom}, crlf {crlf}");
        assert_eq!(now.starts_with(b"\xEF\xBB\xBF"), bom, "{what}");
        let body = text(&now);
        let crlfs = body.matches("\r\n").count();
        assert_eq!(
            crlfs,
            if crlf { body.matches('\n').count() } else { 0 },
            "{what}"
        );
        assert!(body.contains("Een nieuwe alinea."), "{what}");
        let (old, new) = (lines(&original), lines(&now));
        let (added, kept) = line_changes(&old, &new);
        // Two lines added (a blank one and the paragraph); none removed.
        assert_eq!(added, 2, "{what}: {body}");
        assert!(kept.iter().all(|k| *k), "{what}: a line changed\n{body}");
    }
}

#[test]
fn a_one_word_edit_in_a_wrapped_paragraph_changes_one_line() {
    let tmp = bundled_copy("round-one-word");
    let toml = tmp.path().join("sources/districten/flevoland.toml");
    let original = fs::read(&toml).unwrap();
    let docx = export(&tmp, "flevoland");
    let edited = tmp.path().join("e.docx");
    edit_document(
        &docx,
        &edited,
        "relatief veel casuïstiek",
        "relatief weinig casuïstiek",
    );
    run_ok(tmp.path(), &["import", "e.docx"]);
    let now = fs::read(&toml).unwrap();
    let (old, new) = (lines(&original), lines(&now));
    let (added, kept) = line_changes(&old, &new);
    let removed = kept.iter().filter(|k| !**k).count();
    assert!(
        (1..=2).contains(&added) && removed == 1,
        "{added} added, {removed} removed:\n{}",
        text(&now)
    );
    assert!(text(&now).contains("relatief weinig"));
}

// ---------------------------------------------------------------------------
// Property test of the form-keeping write-back: generated paragraphs,
// wrapped at generated widths, LF or CRLF, with or without a byte order
// mark; generated word edits, the new paragraphs laid out anew.

const WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "gemeente",
    "district",
    "ondermijning",
    "aanpak",
    "integraal",
    "samenwerking",
    "bestuurlijke",
    "weerbaarheid",
    "casussen",
    "in",
    "en",
    "van",
    "met",
    "2023",
    "83%",
    "RIEC-breed",
    "*nadruk*",
    "**vet**",
    "(DTO-0)",
    "‘citaat’",
    "co-op",
    "-",
    "+",
    "1.",
    "2)",
    ">",
    "#3",
    "=",
    "e.a.",
    "Straatwaarde(n)",
    "Ω",
    "zeer-lange-samenstelling-van-woorden",
];

/// Could a line starting with this word begin a Markdown block?
fn starts_block(w: &str) -> bool {
    w.starts_with(['-', '+', '*', '#', '>', '=', '~', '`', '|', '<', '_'])
        || (w.starts_with(|c: char| c.is_ascii_digit()) && w.ends_with(['.', ')']))
}

/// Words laid out in lines of at most `width` (none starts with a block
/// marker; the first word never is one).
fn layout(words: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in words {
        if line.is_empty() {
            line.push_str(w);
        } else if line.chars().count() + 1 + w.chars().count() <= width || starts_block(w) {
            line.push(' ');
            line.push_str(w);
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(w);
        }
    }
    lines.push(line);
    lines
}

fn paragraph(rng: &mut Rng) -> Vec<String> {
    let n = 3 + rng.below(40);
    let mut words: Vec<String> = (0..n)
        .map(|_| WORDS[rng.below(WORDS.len())].to_string())
        .collect();
    while starts_block(&words[0]) {
        words[0] = "Zo".into();
    }
    words
}

fn same(a: &str, b: &str) -> bool {
    matches!((richtext::parse(a), richtext::parse(b)), (Ok(x), Ok(y)) if x == y)
}

#[test]
fn the_write_back_keeps_every_unchanged_line_and_reads_as_the_edit() {
    let seed: u64 = std::env::var("UITVOERINGSPLAN_FORM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x005E_C710_2026);
    let mut rng = Rng(seed);
    let mut tried = 0;
    for case in 0..400 {
        let (bom, crlf) = (rng.below(2) == 0, rng.below(2) == 0);
        let width = 30 + rng.below(70);
        let paras: Vec<Vec<String>> = (0..1 + rng.below(4)).map(|_| paragraph(&mut rng)).collect();
        let old_md: Vec<String> = paras.iter().map(|p| layout(p, width).join("\n")).collect();
        // Edit one paragraph: replace, insert or delete a word, or one of each.
        let target = rng.below(paras.len());
        let mut words = paras[target].clone();
        let kind = rng.below(4);
        let mut single = kind == 0;
        for step in 0..if kind == 3 { 3 } else { 1 } {
            let at = 1 + rng.below(words.len() - 1).min(words.len() - 2);
            let word = WORDS[rng.below(WORDS.len())].to_string();
            match (kind, step) {
                (0, _) | (3, 0) => {
                    // A word no longer than the one it replaces fits on its
                    // line; a block marker would move to the line before.
                    single &=
                        !starts_block(&word) && word.chars().count() <= words[at].chars().count();
                    words[at] = word;
                }
                (1, _) | (3, 1) => words.insert(at, word),
                _ if words.len() > 2 => {
                    words.remove(at);
                }
                _ => {}
            }
        }
        // The import writes a changed paragraph anew: on one line or
        // wrapped at its own width.
        let new_width = if rng.below(3) == 0 {
            usize::MAX
        } else {
            40 + rng.below(50)
        };
        let mut new_md = old_md.clone();
        new_md[target] = layout(&words, new_width).join("\n");
        let (old_value, new_value) = (old_md.join("\n\n"), new_md.join("\n\n"));
        if richtext::parse(&new_value).is_err() || same(&old_value, &new_value) {
            continue;
        }
        tried += 1;
        let lf = format!(
            "# Een district\nnaam = \"Noord\"\ntekst = \"\"\"\n{old_value}\n\"\"\"\nslot = 3 # blijft\n"
        );
        let mut file = if crlf { lf.replace('\n', "\r\n") } else { lf };
        if bom {
            file.insert(0, '\u{feff}');
        }
        let edit = Edit {
            path: vec![Seg::Key("tekst".into())],
            value: NewValue::Prose(new_value.clone()),
        };
        let what = format!("case {case} (seed {seed}): bom {bom}, crlf {crlf}\n{file}");
        let out = apply_keeping_form(&file, &[edit], &same).unwrap();
        assert_eq!(out.starts_with('\u{feff}'), bom, "{what}");
        let body = out.trim_start_matches('\u{feff}');
        assert_eq!(
            body.matches("\r\n").count(),
            if crlf { body.matches('\n').count() } else { 0 },
            "{what}\n{out}"
        );
        let v: toml::Table = toml::from_str(body).unwrap_or_else(|e| panic!("{what}\n{out}\n{e}"));
        assert!(
            same(v["tekst"].as_str().unwrap(), &new_value),
            "{what}\nreads differently:\n{out}"
        );
        assert_eq!(v["naam"].as_str(), Some("Noord"));
        assert_eq!(v["slot"].as_integer(), Some(3));
        // Every line outside the edited paragraph is kept byte for byte.
        let (old, new) = (lines(file.as_bytes()), lines(out.as_bytes()));
        let (added, kept) = line_changes(&old, &new);
        let first = 4 + old_md[..target]
            .iter()
            .map(|p| p.lines().count() + 1)
            .sum::<usize>()
            - 1;
        let last = first + old_md[target].lines().count();
        for (i, k) in kept.iter().enumerate() {
            assert!(
                *k || (first..last).contains(&i),
                "{what}\nline {} changed:\n{out}",
                i + 1
            );
        }
        // A word replaced by one no longer rewrites that one line.
        if single {
            assert!(added <= 1, "{what}\n{added} lines new:\n{out}");
        }
    }
    assert!(tried > 200, "only {tried} cases tried");
}
