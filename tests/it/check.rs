//! `check` over the fixture folders: every valid plan (the minimal plan,
//! or its `sources/` laid over the minimal plan) loads with its expected
//! output, warnings included (the invalid cases are in `cases.rs`).

use std::fs;

use crate::support::*;

#[test]
fn bundled_sources_load_without_errors() {
    let out = run(&root(), &["check"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("check: 0 fouten"), "{err}");
    assert!(!err.contains("error"), "{err}");
}

/// `build` of the bundled plan counts the warnings `check` counts (the
/// bundled layouts add none; a renderer's own would be named apart).
#[test]
fn build_counts_the_warnings_check_counts() {
    let out = run(&root(), &["check"]);
    let err = text(&out.stderr);
    let counted = err
        .lines()
        .find_map(|l| l.strip_prefix("check: 0 fouten, "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_else(|| panic!("{err}"))
        .to_string();
    assert_eq!(
        counted,
        err.lines()
            .filter(|l| l.starts_with("warning: "))
            .count()
            .to_string(),
        "{err}"
    );
    let tmp = TempDir::new("check-build-warnings");
    let built = run_ok(
        &root(),
        &[
            "build",
            "--format",
            "all",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
    let line = text(&built.stderr);
    assert_eq!(
        line.trim_end(),
        format!("{counted} waarschuwingen; `uitvoeringsplan check` toont ze"),
        "{line}"
    );
}

#[test]
fn valid_fixtures_pass_with_their_expected_output() {
    for entry in fs::read_dir(fixtures().join("valid")).unwrap() {
        let dir = entry.unwrap().path();
        let tmp = TempDir::new("valid");
        case_sources(&dir, &tmp);
        let out = run(tmp.path(), &["check", "--sources", "sources"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            dir.display(),
            text(&out.stderr)
        );
        assert_expected(&dir.join("expected.txt"), &text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn check_writes_nothing() {
    let tmp = minimal_copy("writes-nothing");
    run(tmp.path(), &["check", "--sources", "sources"]);
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("sources")]);
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&root(), &["check", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&root(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_sources_folder_is_an_error_not_a_panic() {
    let tmp = TempDir::new("nofolder");
    let out = run(tmp.path(), &["check", "--sources", "nergens"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("de bronnenmap bestaat niet"));
}

#[test]
fn an_oversized_source_file_is_refused_before_parsing() {
    let tmp = minimal_copy("oversized");
    let big = format!("naam = \"Zuid\"\n# {}\n", "x".repeat(3 * 1024 * 1024));
    fs::write(tmp.path().join("sources/districten/zuid.toml"), big).unwrap();
    let out = run(tmp.path(), &["check", "--sources", "sources"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bestand is te groot"), "{err}");
}
