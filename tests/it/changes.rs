//! What changed since an earlier version: the comparison engine on pairs
//! made from the minimal plan by edits (each asserting the exact list of
//! changes), the earlier version read from a git repository made here, and
//! the `changes` command.

use std::fs;
use std::path::Path;
use std::process::Command;

use uitvoeringsplan::changes;

use crate::support::*;

/// An edit of one source file: replace `from` (which must be there) by `to`.
type Edit<'a> = (&'a str, &'a str, &'a str);

/// The minimal plan as `old/`, and with `edits` as `new/`, in `dir`.
fn pair(dir: &Path, edits: &[Edit]) {
    let minimal = fixtures().join("valid/minimal/sources");
    copy_dir(&minimal, &dir.join("old"));
    copy_dir(&minimal, &dir.join("new"));
    edit(&dir.join("new"), edits);
}

fn edit(sources: &Path, edits: &[Edit]) {
    for (file, from, to) in edits {
        let path = sources.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from:?} not found");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

/// The listing of the changes from the minimal plan to the minimal plan
/// with `edits`.
fn listing(edits: &[Edit]) -> String {
    let tmp = TempDir::new("changes-pair");
    pair(tmp.path(), edits);
    let load = |name: &str| {
        let (plan, report, _) = uitvoeringsplan::load_plan(&tmp.path().join(name), name);
        assert_eq!(report.errors(), 0, "{name}: {}", report.render());
        plan.unwrap()
    };
    changes::compare(&load("old"), &load("new")).listing()
}

#[test]
fn identical_versions_have_no_changes() {
    assert_eq!(listing(&[]), "");
    // Comments and the form of the TOML are not the plan.
    assert_eq!(
        listing(&[(
            "plan.toml",
            "slogan = \"Samen sterk\"",
            "# een opmerking\nslogan   =   \"Samen sterk\""
        )]),
        ""
    );
}

#[test]
fn text_changes_word_by_word_per_paragraph() {
    assert_eq!(
        listing(&[
            (
                "districten/noord.toml",
                "We gaan door.",
                "We gaan met kracht door."
            ),
            (
                "districten/noord.toml",
                "In 2024 is veel gedaan.\n",
                "In 2024 is veel gedaan.\n\nEen nieuwe alinea.\n"
            ),
            ("districten/noord.toml", "- tweede punt\n", ""),
            ("districten/noord.toml", "Havens zijn kwetsbaar.", "Havens zijn **kwetsbaar**."),
            ("themas/geldstromen.toml", "Met alle partners.", "Met alle partners samen."),
        ]),
        "\
districten/noord.toml terugblik [f_terugblik] #1: Terugblik 2024 toegevoegd: {+Een nieuwe alinea.+}
districten/noord.toml terugblik [f_terugblik] #1 -: Terugblik 2024 verwijderd: [-tweede punt-]
districten/noord.toml vooruitblik [f_vooruitblik] #0: Vooruitblik 2025-2026 gewijzigd: We gaan {+met kracht +}door. Zie het plan.
districten/noord.toml thema[0].tekst [f_thema_1] #0: Tekst opmaak gewijzigd (vet, cursief of een link), de woorden niet: Havens zijn kwetsbaar.
themas/geldstromen.toml paragraaf[0].tekst [f_paragraaf_1] #0: Tekst gewijzigd: Met alle partners{+ samen+}.
"
    );
}

#[test]
fn numbers_with_the_difference_and_the_effect_on_the_totals() {
    assert_eq!(
        listing(&[("begroting.toml", "bedrag = 30000\nverdeling = { partners = 30000 }", "bedrag = 30002\nverdeling = { partners = 30002 }")]),
        "\
begroting.toml groep[0].regel[1].bedrag (Uitvoering / Adviseur): bedrag € 30.000 → € 30.002 (+€ 2)
begroting.toml groep[0].regel[1].verdeling.partners (Uitvoering / Adviseur): kolom Partners € 30.000 → € 30.002 (+€ 2)
begroting.toml (Totaal Uitvoering): = Totaal Uitvoering € 130.000 → € 130.002 (+€ 2)
begroting.toml (Totaal Uitvoering): = Totaal Uitvoering, kolom Partners € 30.000 → € 30.002 (+€ 2)
begroting.toml (Totaal uitvoering): = Totaal uitvoering € 215.000 → € 215.002 (+€ 2)
begroting.toml (Totaal uitvoering): = Totaal uitvoering, kolom Partners € 65.000 → € 65.002 (+€ 2)
begroting.toml (Verschil): = Verschil € 0 → -€ 2 (-€ 2)
begroting.toml (Verschil): = Verschil, kolom Partners € 0 → -€ 2 (-€ 2)
begroting.toml (Totaal Uitvoering): ≠ Totaal Uitvoering: nieuw verschil € 130.000 / € 130.002 / +€ 2
begroting.toml (Totaal Uitvoering, kolom Partners): ≠ Totaal Uitvoering, kolom Partners: nieuw verschil € 30.000 / € 30.002 / +€ 2
begroting.toml (Totaal uitvoering): ≠ Totaal uitvoering: nieuw verschil € 215.000 / € 215.002 / +€ 2
begroting.toml (Totaal uitvoering, kolom Partners): ≠ Totaal uitvoering, kolom Partners: nieuw verschil € 65.000 / € 65.002 / +€ 2
begroting.toml (Verschil): ≠ Verschil: nieuw verschil € 0 / -€ 2 / -€ 2
begroting.toml (Verschil, kolom Partners): ≠ Verschil, kolom Partners: nieuw verschil € 0 / -€ 2 / -€ 2
"
        .replace("€ ", "€\u{a0}")
    );
}

#[test]
fn budget_amounts_opened_and_filled_like_other_values() {
    // A stream's amount and a funding row opened, as `new-period` does:
    // the subsidy and the balance are then open too.
    let opened = [
        ("begroting.toml", "bedrag = 65000\n", "bedrag = \"open\"\n"),
        (
            "begroting.toml",
            "omschrijving = \"Subsidie\"\nbedrag = 215000\nverdeling = { rijk = 150000, partners = 65000 }",
            "omschrijving = \"Subsidie\"\nbedrag = \"open\"\nverdeling = \"open\"",
        ),
    ];
    assert_eq!(
        listing(&opened).replace('\u{a0}', " "),
        "\
begroting.toml kolom[1].bedrag (Partners): bedrag Partners € 65.000 → open, weer open
begroting.toml financiering[0].bedrag (Subsidie): bedrag € 215.000 → open, weer open
begroting.toml financiering[0].verdeling.rijk (Subsidie): kolom Rijk € 150.000 → open, weer open
begroting.toml financiering[0].verdeling.partners (Subsidie): kolom Partners € 65.000 → open, weer open
begroting.toml (Totale subsidie): = Totale subsidie € 215.000 → open, weer open
begroting.toml (Totale subsidie): = Totale subsidie, kolom Rijk € 150.000 → open, weer open
begroting.toml (Totale subsidie): = Totale subsidie, kolom Partners € 65.000 → open, weer open
begroting.toml (Verschil): = Verschil € 0 → open, weer open
begroting.toml (Verschil): = Verschil, kolom Rijk € 0 → open, weer open
begroting.toml (Verschil): = Verschil, kolom Partners € 0 → open, weer open
begroting.toml (Totale subsidie): ≠ Totale subsidie: nieuw verschil € 215.000 / € 0 en 1 open / niet te controleren
begroting.toml (Verschil): ≠ Verschil: nieuw verschil € 0 / — / niet te controleren
begroting.toml (Verschil, kolom Rijk): ≠ Verschil, kolom Rijk: nieuw verschil € 0 / — / niet te controleren
begroting.toml (Verschil, kolom Partners): ≠ Verschil, kolom Partners: nieuw verschil € 0 / — / niet te controleren
"
    );
    // Filled in again: each open value and total reads "open → € …".
    let tmp = TempDir::new("changes-budget-filled");
    pair(tmp.path(), &opened);
    let load = |name: &str| {
        uitvoeringsplan::load_plan(&tmp.path().join(name), name)
            .0
            .unwrap()
    };
    let filled = changes::compare(&load("new"), &load("old")).listing();
    assert!(
        filled.replace('\u{a0}', " ").contains(
            "begroting.toml kolom[1].bedrag (Partners): bedrag Partners open → € 65.000, ingevuld\n"
        ),
        "{filled}"
    );
    assert!(
        filled.replace('\u{a0}', " ").contains(
            "begroting.toml (Totale subsidie): = Totale subsidie open → € 215.000, ingevuld\n"
        ),
        "{filled}"
    );
}

#[test]
fn structure_rows_marks_open_values_and_metadata() {
    let out = listing(&[
        // Metadata: status, date, period.
        ("plan.toml", "TP 1.0", "TP 1.1"),
        (
            "plan.toml",
            "publicatiedatum = 2025-02-14",
            "publicatiedatum = \"open\"",
        ),
        ("plan.toml", "tot = 2026", "tot = 2027"),
        // Districts in another order; a theme added.
        (
            "plan.toml",
            "[\"noord\", \"zuid\"]",
            "[\"zuid\", \"noord\"]",
        ),
        // A target from a number to open, a matrix mark, a partner added.
        ("districten/noord.toml", "aantal = 12", "aantal = \"open\""),
        (
            "districten/noord.toml",
            "nee = [\"geld\"]",
            "ja = [\"geld\"]",
        ),
        ("districten/noord.toml", "ja = [\"havens\"]\n", ""),
        // A district's themes in another order.
        (
            "districten/noord.toml",
            "[[thema]]\nid = \"havens\"",
            "[[thema]]\nid = \"geld\"\ntitel = \"Geldstromen\"\nregiothema = \"geldstromen\"\ntekst = \"Volg het geld.\"\n\n[[thema]]\nid = \"havens\"",
        ),
        (
            "districten/noord.toml",
            "\n[[thema]]\nid = \"geld\"\ntitel = \"Geldstromen\"\nregiothema = \"geldstromen\"\ntekst = \"Volg het geld.\"\n\n[matrix]",
            "\n[matrix]",
        ),
        // A goal added, a paragraph added.
        (
            "themas/geldstromen.toml",
            "\"Facilitators aanpakken.\"]",
            "\"Facilitators aanpakken.\", \"Beslag leggen.\"]",
        ),
        (
            "themas/geldstromen.toml",
            "[in_de_districten]",
            "[[paragraaf]]\ntitel = \"Nieuw\"\ntekst = \"Een nieuwe paragraaf.\"\n\n[in_de_districten]",
        ),
        // A board member filled in, a result filled in, a budget row added.
        (
            "bestuur.toml",
            "rol = \"Secretaris\"",
            "functie = \"Directeur\"\nrol = \"Secretaris\"",
        ),
        ("resultaten.toml", "waarde = \"open\"", "waarde = 2"),
        (
            "begroting.toml",
            "[opgegeven]",
            "[[regel]]\nfunctie = \"Reiskosten\"\nbedrag = 2\nverdeling = { rijk = 2 }\n\n[opgegeven]",
        ),
    ]);
    assert_eq!(
        out.replace('\u{a0}', " "),
        "\
plan.toml periode.tot: periode tot en met 2026 → 2027 (+1)
plan.toml publicatiedatum: publicatiedatum 14 februari 2025 → open, weer open
plan.toml programma_afkorting: afkorting van het programma gewijzigd: TP [-1.0-]{+1.1+}
bestuur.toml lid[1].functie (Secretaris): Functie toegevoegd: {+Directeur+}
districten/zuid.toml: district verplaatst van plaats 2 naar 1
districten/noord.toml doel[0].aantal [f_doelen] (havens gecontroleerd): Aantal 12 → open, weer open
districten/noord.toml matrix.rij[1] [f_matrix] (Bedum): Bedum × Havens: ja → open
districten/noord.toml matrix.rij[1] [f_matrix] (Bedum): Bedum × Geld: nee → ja
districten/noord.toml thema[0]: thema verplaatst van plaats 2 naar 1
themas/geldstromen.toml doelen[2] [f_doelen] #2: doelstelling 3 toegevoegd: {+Beslag leggen.+}
themas/geldstromen.toml paragraaf[1]: paragraaf toegevoegd
themas/geldstromen.toml paragraaf[1].tekst [f_paragraaf_2] #0: Tekst toegevoegd: {+Een nieuwe paragraaf.+}
begroting.toml regel[1] (Reiskosten): Begroting 2025 toegevoegd: Reiskosten |  |  | € 2
begroting.toml (Totaal uitvoering): = Totaal uitvoering € 215.000 → € 215.002 (+€ 2)
begroting.toml (Totaal uitvoering): = Totaal uitvoering, kolom Rijk € 150.000 → € 150.002 (+€ 2)
begroting.toml (Verschil): = Verschil € 0 → -€ 2 (-€ 2)
begroting.toml (Verschil): = Verschil, kolom Rijk € 0 → -€ 2 (-€ 2)
begroting.toml (Totaal uitvoering): ≠ Totaal uitvoering: nieuw verschil € 215.000 / € 215.002 / +€ 2
begroting.toml (Totaal uitvoering, kolom Rijk): ≠ Totaal uitvoering, kolom Rijk: nieuw verschil € 150.000 / € 150.002 / +€ 2
begroting.toml (Verschil): ≠ Verschil: nieuw verschil € 0 / -€ 2 / -€ 2
begroting.toml (Verschil, kolom Rijk): ≠ Verschil, kolom Rijk: nieuw verschil € 0 / -€ 2 / -€ 2
resultaten.toml maat[1].regel[1].deel[0].waarde (2 b / Signaal vanuit gemeente): Signaal vanuit gemeente 2024 open → 2, ingevuld
"
    );
}

#[test]
fn sections_added_and_removed_list_their_content() {
    let tmp = TempDir::new("changes-sections");
    pair(
        tmp.path(),
        &[(
            "plan.toml",
            "themas = [\"geldstromen\"]",
            "themas = [\"geldstromen\", \"nieuw\"]",
        )],
    );
    fs::write(
        tmp.path().join("new/themas/nieuw.toml"),
        "titel = \"Nieuw thema\"\ninleiding = \"Een begin.\"\n",
    )
    .unwrap();
    let load = |name: &str| {
        uitvoeringsplan::load_plan(&tmp.path().join(name), name)
            .0
            .unwrap()
    };
    let (old, new) = (load("old"), load("new"));
    assert_eq!(
        changes::compare(&old, &new).listing(),
        "\
themas/nieuw.toml: thema toegevoegd
themas/nieuw.toml titel: titel toegevoegd: {+Nieuw thema+}
themas/nieuw.toml navigatie: naam in de navigatie toegevoegd: {+Nieuw thema+}
themas/nieuw.toml inleiding [f_inleiding] #0: Inleiding toegevoegd: {+Een begin.+}
"
    );
    let back = changes::compare(&new, &old);
    assert!(
        back.listing()
            .starts_with("themas/nieuw.toml -: thema verwijderd\n"),
        "{}",
        back.listing()
    );
    let section = back
        .section(&changes::SectionId::Theme("nieuw".into()))
        .unwrap();
    assert_eq!(section.title, "Nieuw thema");
    assert_eq!(section.counts().texts, 3);
    assert_eq!(section.counts().structure, 1);
}

/// Runs git in `dir` for a test repository (fixed author and dates).
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Redactie",
            "-c",
            "user.email=redactie@example.org",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2025-03-01T10:00:00+01:00")
        .env("GIT_COMMITTER_DATE", "2025-03-01T10:00:00+01:00")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

fn has_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: git is not installed");
    }
    found
}

/// A repository in `dir/repo`: a commit without sources (tag `leeg`), the
/// minimal plan (tag `v1`), then an edit committed and one not committed.
fn repository(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    fs::write(repo.join("LEESMIJ"), "plan\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "begin"]);
    git(&repo, &["tag", "leeg"]);
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &repo.join("sources"),
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "naar het bestuur"]);
    git(&repo, &["tag", "v1"]);
    edit(
        &repo.join("sources"),
        &[("districten/zuid.toml", "Rustig jaar.", "Een druk jaar.")],
    );
    git(&repo, &["commit", "-q", "-am", "herzien"]);
    // Not committed: the working tree differs from every revision.
    edit(
        &repo.join("sources"),
        &[("districten/zuid.toml", "Meer van hetzelfde.", "Meer.")],
    );
    repo
}

#[test]
fn an_earlier_version_from_git_without_touching_the_working_tree() {
    if !has_git() {
        return;
    }
    let tmp = TempDir::new("changes-git");
    let repo = repository(tmp.path());
    let sources = repo.join("sources");
    let before = snapshot(&repo);
    let reference = changes::reference::resolve("v1", &sources).unwrap();
    assert_eq!(reference.shown, "v1:sources");
    assert_eq!(
        reference.date(),
        chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
    );
    assert_eq!(reference.short_commit().map(str::len), Some(7));
    let earlier = reference.load().unwrap();
    let (current, report, _) = uitvoeringsplan::load_plan(&sources, "sources");
    assert_eq!(report.errors(), 0);
    assert_eq!(
        changes::compare(&earlier.plan, &current.unwrap()).listing(),
        "\
districten/zuid.toml terugblik [f_terugblik] #0: Terugblik 2024 gewijzigd: [-Rustig-]{+Een druk+} jaar.
districten/zuid.toml vooruitblik [f_vooruitblik] #0: Vooruitblik 2025-2026 gewijzigd: Meer[- van hetzelfde-].
"
    );
    // A branch, a commit and HEAD are revisions too.
    for rev in ["HEAD", "HEAD~1", "master~1"] {
        if let Ok(r) = changes::reference::resolve(rev, &sources) {
            assert!(r.load().is_ok(), "{rev}");
        }
    }
    let dir = reference.dir().to_path_buf();
    drop(reference);
    assert!(!dir.exists(), "the temporary folder is removed");
    assert_eq!(snapshot(&repo), before, "the repository is as it was");
}

#[test]
fn git_errors_say_what_is_wrong() {
    if !has_git() {
        return;
    }
    let tmp = TempDir::new("changes-git-errors");
    let repo = repository(tmp.path());
    let sources = repo.join("sources");
    let error = |since: &str, sources: &Path| {
        changes::reference::resolve(since, sources)
            .unwrap_err()
            .render()
            .replace(&tmp.path().display().to_string(), "TMP")
    };
    let mut printed = String::new();
    printed.push_str(&error("v9", &sources));
    printed.push_str(&error("--all", &sources));
    printed.push_str(&error("leeg", &sources));
    let bare = tmp.path().join("los");
    copy_dir(&fixtures().join("valid/minimal/sources"), &bare);
    printed.push_str(&error("v1", &bare));
    fs::write(tmp.path().join("bestand"), "x").unwrap();
    printed.push_str(&error(
        &tmp.path().join("bestand").display().to_string(),
        &sources,
    ));
    // An earlier version with errors is not compared.
    let broken = tmp.path().join("oud");
    copy_dir(&fixtures().join("valid/minimal/sources"), &broken);
    edit(&broken, &[("plan.toml", "tot = 2026", "tot = \"later\"")]);
    let shown = broken.display().to_string();
    let failed = changes::reference::resolve(&shown, &sources)
        .unwrap()
        .load()
        .unwrap_err();
    printed.push_str(
        &failed
            .render()
            .replace(&tmp.path().display().to_string(), "TMP"),
    );
    assert_expected(&fixtures().join("outputs/changes-git-errors.txt"), &printed);
}

#[test]
fn the_command_reports_per_section_and_writes_the_report() {
    let tmp = TempDir::new("changes-command");
    pair(
        tmp.path(),
        &[
            (
                "districten/noord.toml",
                "We gaan door.",
                "We gaan met kracht door.",
            ),
            ("districten/noord.toml", "aantal = 12", "aantal = 14"),
            (
                "districten/noord.toml",
                "ja = [\"havens\"]\nnee = [\"geld\"]",
                "ja = [\"havens\", \"geld\"]",
            ),
        ],
    );
    // Identical versions: said, and nothing written.
    let same = run_ok(
        tmp.path(),
        &["changes", "--since", "old", "--sources", "old"],
    );
    assert_eq!(text(&same.stdout), "geen wijzigingen sinds old\n");
    assert!(!tmp.path().join("out").exists());
    let out = run_ok(
        tmp.path(),
        &["changes", "--since", "old", "--sources", "new"],
    );
    assert_eq!(
        text(&out.stdout),
        "\
Noord (districten/noord.toml): 1 tekst, 1 cijfer, 1 matrixcel
out/uitvoeringsplan-testregio-2025-2026-wijzigingen.pdf  1 pagina  25 kB
out/uitvoeringsplan-testregio-2025-2026-wijzigingen.docx  771 kB
"
    );
    let pdf = tmp
        .path()
        .join("out/uitvoeringsplan-testregio-2025-2026-wijzigingen.pdf");
    let first = fs::read(&pdf).unwrap();
    run_ok(
        tmp.path(),
        &[
            "changes",
            "--since",
            "old",
            "--sources",
            "new",
            "--format",
            "pdf",
        ],
    );
    assert_eq!(fs::read(&pdf).unwrap(), first, "the same bytes every time");
    let words = pdf_extract::extract_text_from_mem(&first).unwrap();
    for expected in [
        "Wijzigingen sinds old",
        "ingevoegd:",
        "met kracht",
        "12 → 14 (+2)",
    ] {
        assert!(
            words.contains(expected),
            "{expected:?} not in the report:\n{words}"
        );
    }
}

#[test]
fn without_git_a_revision_cannot_be_read() {
    let tmp = TempDir::new("changes-no-git");
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &tmp.path().join("sources"),
    );
    let out = Command::new(bin())
        .current_dir(tmp.path())
        .args(["changes", "--since", "v1"])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!tmp.path().join("out").exists());
    assert_expected(
        &fixtures().join("outputs/changes-without-git.txt"),
        &text(&out.stderr),
    );
}
