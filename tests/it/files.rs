//! Files and the file system: imports into one source at once, temporary
//! files that no planted symlink can redirect, FIFOs where files should
//! be, the data folder's clean-up, editors' leftovers in `sources/`.
//! The refusals with a fixed message are cases in `tests/fixtures/invalid/`.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

const DOCX_NAME: &str = "uitvoeringsplan-testregio-2025-2026.docx";

/// Makes a FIFO (named pipe) at `path`.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Waits for a child at most `limit`; kills it and fails when it hangs.
fn finish(mut child: Child, limit: Duration, what: &str) -> std::process::Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?} (it hangs)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn spawn(cwd: &Path, args: &[&str]) -> Child {
    Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_imports_into_one_section_at_once_never_lose_an_edit() {
    let tmp = minimal_copy("files-concurrent");
    let export = export(&tmp, "noord");
    // Two districts' staff edit two copies of the export, in different places.
    let a = tmp.path().join("a.docx");
    let b = tmp.path().join("b.docx");
    edit_document(
        &export,
        &a,
        "In 2024 is veel gedaan.",
        "In 2024 is heel veel gedaan.",
    );
    edit_document(
        &export,
        &b,
        "Havens zijn kwetsbaar.",
        "Havens zijn zeer kwetsbaar.",
    );
    let toml = tmp.path().join("sources/districten/noord.toml");
    let backups = tmp.path().join(".uitvoeringsplan");
    let original = fs::read_to_string(&toml).unwrap();
    let mut refused_under_the_lock = 0;
    for round in 0..30 {
        fs::write(&toml, &original).unwrap();
        let _ = fs::remove_dir_all(&backups);
        let first = spawn(tmp.path(), &["import", "a.docx"]);
        let second = spawn(tmp.path(), &["import", "b.docx"]);
        let outs = [
            finish(first, Duration::from_secs(60), "import a"),
            finish(second, Duration::from_secs(60), "import b"),
        ];
        let now = fs::read_to_string(&toml).unwrap();
        let edits = [
            "In 2024 is heel veel gedaan.",
            "Havens zijn zeer kwetsbaar.",
        ];
        let mut written = Vec::new();
        for (i, out) in outs.iter().enumerate() {
            let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
            match out.status.code() {
                Some(0) => {
                    assert!(stdout.contains("geschreven: "), "round {round}: {stdout}");
                    written.push(i);
                }
                Some(1) => {
                    let clear = stderr.contains("is gewijzigd terwijl deze import liep")
                        || stderr.contains("is gewijzigd sinds dit document werd gemaakt");
                    assert!(
                        clear,
                        "round {round}: refused without a clear reason:\n{stderr}"
                    );
                    assert!(stderr.contains("import: niets geschreven"), "{stderr}");
                    refused_under_the_lock +=
                        usize::from(stderr.contains("terwijl deze import liep"));
                }
                code => panic!("round {round}: exit {code:?}\n{stderr}"),
            }
        }
        assert!(!written.is_empty(), "round {round}: both refused");
        // Every import that said "geschreven" has its edit in the file.
        for &i in &written {
            assert!(
                now.contains(edits[i]),
                "round {round}: edit {i} is gone:\n{now}"
            );
        }
        // The backup holds what the last write replaced.
        let bak = fs::read_to_string(latest_backup(tmp.path(), "districten/noord.toml").unwrap())
            .unwrap();
        if written.len() == 1 {
            assert!(!now.contains(edits[1 - written[0]]), "round {round}");
            assert_eq!(
                bak, original,
                "round {round}: the backup is not the file replaced"
            );
        } else {
            let with_one = edits.iter().filter(|e| bak.contains(*e)).count();
            assert_eq!(
                with_one, 1,
                "round {round}: backup after two writes:\n{bak}"
            );
        }
    }
    eprintln!("{refused_under_the_lock} of 30 rounds refused under the lock");
}

#[test]
fn a_symlink_planted_at_a_temporary_name_is_not_followed() {
    let tmp = minimal_copy("files-symlink");
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "van iemand anders").unwrap();
    // The name the temporary file used to have (`.NAME.tmp-PID`), planted
    // by a shell that then becomes the build, keeping its process id.
    let script = format!(
        "ln -s ../victim.txt \"out/.{DOCX_NAME}.tmp-$$\" && exec \"$0\" build --format docx"
    );
    let status = Command::new("sh")
        .current_dir(tmp.path())
        .args(["-c", &script, bin().to_str().unwrap()])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "van iemand anders");
    let docx = out.join(DOCX_NAME);
    let meta = fs::symlink_metadata(&docx).unwrap();
    assert!(meta.is_file(), "the output is not a regular file");
    assert!(fs::read(&docx).unwrap().starts_with(b"PK"), "not a DOCX");
    // The planted link is not ours: it stays, and only it and the output
    // are there (no temporary file left).
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&DOCX_NAME.to_string()), "{names:?}");
}

#[test]
fn a_fifo_as_source_image_import_or_layout_is_refused_without_hanging() {
    let tmp = minimal_copy("files-fifo");
    let sources = tmp.path().join("sources");
    // A source file.
    fs::remove_file(sources.join("districten/zuid.toml")).unwrap();
    mkfifo(&sources.join("districten/zuid.toml"));
    let out = finish(
        spawn(tmp.path(), &["check"]),
        Duration::from_secs(60),
        "check with a FIFO as source",
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "error: dit is geen gewoon bestand maar een FIFO (named pipe)\n  ┌─ sources/districten/zuid.toml"
        ),
        "{err}"
    );
    fs::remove_file(sources.join("districten/zuid.toml")).unwrap();
    fs::copy(
        fixtures().join("valid/minimal/sources/districten/zuid.toml"),
        sources.join("districten/zuid.toml"),
    )
    .unwrap();

    // An image.
    let noord = sources.join("districten/noord.toml");
    let text_noord = fs::read_to_string(&noord).unwrap();
    fs::write(
        &noord,
        format!("{text_noord}\n[[afbeelding]]\nbestand = \"afbeeldingen/pijp.png\"\nalt = \"Een pijp\"\n"),
    )
    .unwrap();
    mkfifo(&sources.join("afbeeldingen/pijp.png"));
    let out = finish(
        spawn(tmp.path(), &["check"]),
        Duration::from_secs(60),
        "check with a FIFO as image",
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: afbeelding `afbeeldingen/pijp.png` is geen gewoon bestand maar een FIFO (named pipe)"),
        "{err}"
    );
    fs::write(&noord, &text_noord).unwrap();

    // The document to import.
    mkfifo(&tmp.path().join("pijp.docx"));
    let out = finish(
        spawn(tmp.path(), &["import", "pijp.docx"]),
        Duration::from_secs(60),
        "import of a FIFO",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: pijp.docx is geen gewoon bestand maar een FIFO (named pipe)\n  = hint: geef het pad van het herziene .docx-bestand\nimport: niets geschreven\n"
    );

    // A file of a designer's layouts folder.
    let layouts = tmp.path().join("lay");
    fs::create_dir_all(&layouts).unwrap();
    for name in ["uitvoeringsplan.typ", "grafiek.typ"] {
        fs::copy(root().join("layouts").join(name), layouts.join(name)).unwrap();
    }
    mkfifo(&layouts.join("huisstijl.toml"));
    let out = finish(
        spawn(
            tmp.path(),
            &[
                "build",
                "--format",
                "pdf",
                "--layouts",
                "lay",
                "--out",
                "out",
            ],
        ),
        Duration::from_secs(120),
        "build with a FIFO in the layouts",
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("huisstijl.toml is geen gewoon bestand maar een FIFO (named pipe)"),
        "{err}"
    );
}

#[test]
fn data_removes_only_the_parts_it_wrote_for_chapters_that_are_gone() {
    let tmp = minimal_copy("files-data");
    let dir = tmp.path().join("ontwerp");
    run_ok(tmp.path(), &["data", "--out", "ontwerp/x.json"]);
    let parts = dir.join("data");
    // A district that is gone: its part, as `data` wrote it, under its name.
    let ours = fs::read_to_string(parts.join("district-noord.json"))
        .unwrap()
        .replacen("\"district-noord\"", "\"district-oud\"", 1);
    fs::write(parts.join("district-oud.json"), ours).unwrap();
    // What a designer keeps there, and files that only look like ours.
    let kept = [
        ("notities.json", "{\"anchor\": \"notities\"}"),
        ("district-proef.json", "{\"titel\": \"mijn proef\"}"),
        ("thema-schets.json", "niet eens JSON"),
        ("district-ander.json", "{\"anchor\": \"district-noord\"}"),
        ("leesmij.txt", "hallo"),
    ];
    for (name, content) in kept {
        fs::write(parts.join(name), content).unwrap();
    }
    run_ok(tmp.path(), &["data", "--out", "ontwerp/x.json"]);
    assert!(
        !parts.join("district-oud.json").exists(),
        "the stale part stayed"
    );
    for (name, content) in kept {
        assert_eq!(
            fs::read_to_string(parts.join(name)).unwrap(),
            content,
            "{name}"
        );
    }
    assert!(parts.join("district-noord.json").is_file());
}

#[test]
fn editors_leftovers_in_the_sources_are_passed_by() {
    let tmp = minimal_copy("files-leftovers");
    let sources = tmp.path().join("sources");
    let noord = fs::read(sources.join("districten/noord.toml")).unwrap();
    for dir in ["districten", "themas", ""] {
        for name in [
            "._noord.toml",
            "noord.toml~",
            ".noord.toml.swp",
            ".noord.toml.swx",
            "4913",
            "~$noord.toml",
            "#noord.toml#",
            ".DS_Store",
            "Thumbs.db",
            ".Noord Kopie.toml",
        ] {
            fs::write(sources.join(dir).join(name), &noord).unwrap();
        }
        // Emacs' lock file: a symlink to nowhere.
        std::os::unix::fs::symlink(
            "iemand@host.1234:1700000000",
            sources.join(dir).join(".#noord.toml"),
        )
        .unwrap();
    }
    let out = run_ok(tmp.path(), &["check"]);
    let err = text(&out.stderr);
    assert!(!err.contains("error"), "{err}");
    // A file that is not hidden and not a leftover still counts.
    fs::write(sources.join("districten/Noord Kopie.toml"), &noord).unwrap();
    let out = run(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("`Noord Kopie` is geen geldige id"));
}

#[test]
fn links_with_an_upper_case_scheme_build() {
    let tmp = minimal_copy("files-links");
    let noord = tmp.path().join("sources/districten/noord.toml");
    let text_noord = fs::read_to_string(&noord)
        .unwrap()
        .replace(
            "https://example.org/noord.pdf).",
            "HTTPS://Example.org/noord.pdf) of [mail](MAILTO:info@example.org).",
        )
        .replacen(
            "districtsplan = \"https://",
            "districtsplan = \"Https://",
            1,
        );
    fs::write(&noord, text_noord).unwrap();
    run_ok(tmp.path(), &["check"]);
    run_ok(tmp.path(), &["build", "--out", "out"]);
}

#[test]
fn an_import_keeps_the_byte_order_mark_and_backs_up_the_bytes_it_replaced() {
    let tmp = minimal_copy("files-bom");
    let toml = tmp.path().join("sources/districten/noord.toml");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(fs::read(&toml).unwrap());
    fs::write(&toml, &with_bom).unwrap();
    let export = export(&tmp, "noord");
    let edited = tmp.path().join("e.docx");
    edit_document(
        &export,
        &edited,
        "In 2024 is veel gedaan.",
        "In 2024 is echt veel gedaan.",
    );
    run_ok(tmp.path(), &["import", "e.docx"]);
    let now = fs::read(&toml).unwrap();
    assert!(
        now.starts_with(b"\xEF\xBB\xBF"),
        "the byte order mark is gone"
    );
    assert!(text(&now).contains("In 2024 is echt veel gedaan."));
    let backup = latest_backup(tmp.path(), "districten/noord.toml").unwrap();
    assert_eq!(fs::read(backup).unwrap(), with_bom);
    assert!(!toml.with_extension("toml.bak").exists());
}
