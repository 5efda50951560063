//! `cargo bench`: how fast the plan builds, compared with the typst CLI
//! compiling the same layouts and data to PDF.
//!
//! Measured on the bundled plan and on a synthetic plan ten times larger
//! (generated here from the bundled one: ten regions' worth of districts,
//! themes and budget groups), each step several times, median reported:
//!
//! - loading and validating the sources (and composing the view);
//! - the PDF alone, in a fresh typst world;
//! - the full build as `build` does it (`build_once`: load, every output,
//!   atomic writes; the DOCX joins as soon as its renderer exists);
//! - a rebuild after a one-paragraph edit in a warm world, as `watch` does;
//! - `status` (the editors' to-do list), with an exports folder holding a
//!   DOCX of every section, as `status --exports` reads it;
//! - the typst CLI compiling `layouts/uitvoeringsplan.typ` with the same
//!   data (`TYPST_CLI`, else `typst` on PATH, else
//!   `~/.cache/typst-cli/bin/typst`; skipped with a message when absent);
//! - `changes --since` (the change report, PDF and DOCX) of the bundled
//!   plan against a copy with ten edits of different kinds;
//! - peak memory (VmHWM) of this process, and of the CLI.
//!
//! It then checks the targets (within 1.2x of the CLI for a full build,
//! a rebuild under 150 ms, `status` under 100 ms, the change report under
//! 500 ms, `build --since` within 1.1x of `build`, peak memory under 300 MB,
//! the ten-times plan within ten times the bundled plan's time) and says
//! which are met. `cargo bench --bench speed -- changes` (or `since`,
//! `status`) runs only that step and its target. Runs per
//! step: `BENCH_RUNS` (default 10; the ten-times plan uses half).
//! `BENCH_X10=DIR` only writes the ten-times plan's sources into DIR;
//! `BENCH_ALLEEN_GEBUNDELD=1` skips the ten-times plan; `BENCH_HERBOUWEN=N`
//! sets the number of warm rebuilds (default four times the runs), to see
//! memory stay flat over many.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use uitvoeringsplan::cli::Format;
use uitvoeringsplan::commands::build::{
    ALL_SECTIONS, BuildOptions, CACHE_AGE, Output, Renderers, build_once, ident, plan_date,
};
use uitvoeringsplan::commands::status;
use uitvoeringsplan::render::pdf::{self, PdfSettings, world::Layouts};
use uitvoeringsplan::render::view;

/// Targets from the project's issue (release build, two cores).
const TARGET_BUILD_VS_CLI: f64 = 1.2;
const TARGET_REBUILD_MS: f64 = 150.0;
const TARGET_PEAK_MB: f64 = 300.0;
const TARGET_TEN_TIMES: f64 = 10.0;
/// `status`, with an exports folder of every section, on the bundled plan.
const TARGET_STATUS_MS: f64 = 100.0;
/// `changes --since`: the report of the bundled plan against ten edits.
const TARGET_CHANGES_MS: f64 = 500.0;
/// `build --since` against a ten-edit earlier version, to `build`.
const TARGET_SINCE_VS_BUILD: f64 = 1.1;

fn main() {
    // `cargo bench --bench speed -- <filter>`: only the steps whose name
    // contains the filter (`changes`, `since`, `status`), with their
    // targets; `cargo bench` itself passes `--bench`, which is skipped.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .max(3);
    // `BENCH_X10=DIR cargo bench`: only write the ten-times plan's sources.
    if let Some(dir) = std::env::var_os("BENCH_X10") {
        ten_times(&root.join("sources"), Path::new(&dir));
        println!("×10-plan geschreven in {}", Path::new(&dir).display());
        return;
    }
    let tmp = std::env::temp_dir().join(format!("uitvoeringsplan-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).expect("temp dir");

    println!(
        "uitvoeringsplan-benchmark: release, {} kernen, mediaan van {runs} metingen (×10-plan: {})",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        (runs / 2).max(3)
    );
    let cli = typst_cli();
    match &cli {
        Some(c) => println!("typst CLI: {} ({})", c.display(), cli_version(c)),
        None => println!(
            "typst CLI niet gevonden (TYPST_CLI, PATH, ~/.cache/typst-cli/bin/typst): vergelijking overgeslagen"
        ),
    }
    println!();

    let bundled = tmp.join("gebundeld/sources");
    copy_dir(&root.join("sources"), &bundled);
    if let Some(filter) = &filter {
        only(filter, &bundled, runs, &tmp);
        let _ = fs::remove_dir_all(&tmp);
        return;
    }
    let ten = tmp.join("x10/sources");
    ten_times(&root.join("sources"), &ten);

    let mut results = Vec::new();
    let one = measure_plan(&root, "gebundeld", &bundled, runs, cli.as_deref(), &tmp);
    let status_took = measure_status(&bundled, runs, &tmp);
    let edited = ten_edits(&bundled, &tmp.join("wijzigingen/sources"));
    let changes_took = measure_changes(&bundled, &edited, runs);
    let (plain, since) = measure_since(&bundled, &edited, runs, &tmp);
    let (since_line, since_met) = since_target(plain, since);
    let peak_bundled = vm_hwm_mb();
    results.push(one);
    if std::env::var_os("BENCH_ALLEEN_GEBUNDELD").is_some() {
        println!();
        println!("piekgeheugen: {peak_bundled:.0} MB (×10-plan overgeslagen)");
        println!(
            "status --exports < {TARGET_STATUS_MS} ms: {} ms: {}",
            ms(status_took),
            if status_took.as_secs_f64() * 1000.0 < TARGET_STATUS_MS {
                "gehaald"
            } else {
                "NIET gehaald"
            }
        );
        let (line, met) = changes_target(changes_took);
        println!("{line}: {}", if met { "gehaald" } else { "NIET gehaald" });
        println!(
            "{since_line}: {}",
            if since_met { "gehaald" } else { "NIET gehaald" }
        );
        let _ = fs::remove_dir_all(&tmp);
        return;
    }
    let ten = measure_plan(&root, "×10", &ten, (runs / 2).max(3), cli.as_deref(), &tmp);
    let peak_ten = vm_hwm_mb();
    results.push(ten);

    println!();
    let (one, ten) = (&results[0], &results[1]);
    // The two plans' full builds once more, in turns, for a fair ratio.
    let (mut one_times, mut ten_times_) = (Vec::new(), Vec::new());
    for _ in 0..(runs / 2).max(3) {
        one_times.push(cold_build(&one.options));
        ten_times_.push(cold_build(&ten.options));
    }
    let (one_build, ten_build) = (median(&one_times), median(&ten_times_));
    row(
        "gebundeld",
        "volledige build, om en om met ×10",
        &one_times,
        None,
    );
    row(
        "×10",
        "volledige build, om en om met gebundeld",
        &ten_times_,
        None,
    );
    println!();
    println!("Doelen:");
    let mut all_met = true;
    let mut check = |what: String, met: Option<bool>| {
        let mark = match met {
            Some(true) => "gehaald",
            Some(false) => {
                all_met = false;
                "NIET gehaald"
            }
            None => "niet gemeten",
        };
        println!("  {what}: {mark}");
    };
    match one.cli {
        Some(cli) => check(
            format!(
                "volledige build gebundeld plan ≤ {TARGET_BUILD_VS_CLI}× typst CLI: {}× ({} ms tegen {} ms)",
                ratio(one.build, cli),
                ms(one.build),
                ms(cli)
            ),
            Some(one.build.as_secs_f64() <= TARGET_BUILD_VS_CLI * cli.as_secs_f64()),
        ),
        None => check(
            format!("volledige build ≤ {TARGET_BUILD_VS_CLI}× typst CLI"),
            None,
        ),
    }
    check(
        format!(
            "herbouw na één alinea < {TARGET_REBUILD_MS} ms (mediaan): {} ms",
            ms(one.rebuild)
        ),
        Some(one.rebuild.as_secs_f64() * 1000.0 < TARGET_REBUILD_MS),
    );
    check(
        format!(
            "status --exports < {TARGET_STATUS_MS} ms (gebundeld plan, mediaan): {} ms",
            ms(status_took)
        ),
        Some(status_took.as_secs_f64() * 1000.0 < TARGET_STATUS_MS),
    );
    check(since_line, Some(since_met));
    let (line, met) = changes_target(changes_took);
    check(line, Some(met));
    check(
        format!(
            "piekgeheugen < {TARGET_PEAK_MB} MB (gebundeld plan, build en watch): {peak_bundled:.0} MB"
        ),
        Some(peak_bundled < TARGET_PEAK_MB),
    );
    check(
        format!(
            "×10-plan ≤ {TARGET_TEN_TIMES}× de tijd van het gebundelde plan: {}× ({} ms tegen {} ms)",
            ratio(ten_build, one_build),
            ms(ten_build),
            ms(one_build)
        ),
        Some(ten_build.as_secs_f64() <= TARGET_TEN_TIMES * one_build.as_secs_f64()),
    );
    println!("  (piekgeheugen na ook het ×10-plan: {peak_ten:.0} MB)");
    let _ = fs::remove_dir_all(&tmp);
    if !all_met {
        println!("Niet alle doelen gehaald.");
    }
}

/// Only the steps named by `filter`, each with its target.
fn only(filter: &str, bundled: &Path, runs: usize, tmp: &Path) {
    let wants = |name: &str| name.contains(filter) || filter.contains(name);
    let mut targets = Vec::new();
    if wants("status") {
        let took = measure_status(bundled, runs, tmp);
        targets.push((
            format!("status --exports < {TARGET_STATUS_MS} ms: {} ms", ms(took)),
            took.as_secs_f64() * 1000.0 < TARGET_STATUS_MS,
        ));
    }
    if wants("changes") || wants("since") {
        let edited = ten_edits(bundled, &tmp.join("wijzigingen/sources"));
        if wants("changes") {
            let took = measure_changes(bundled, &edited, runs);
            targets.push(changes_target(took));
        }
        if wants("since") {
            let (plain, since) = measure_since(bundled, &edited, runs, tmp);
            targets.push(since_target(plain, since));
        }
    }
    if targets.is_empty() {
        println!("geen stap heet `{filter}`: kies changes, since of status (of geen filter)");
        return;
    }
    println!();
    println!("Doelen:");
    for (what, met) in targets {
        println!("  {what}: {}", if met { "gehaald" } else { "NIET gehaald" });
    }
}

fn changes_target(took: Duration) -> (String, bool) {
    (
        format!(
            "changes --since (rapport PDF en DOCX, tien wijzigingen) < {TARGET_CHANGES_MS} ms (mediaan): {} ms",
            ms(took)
        ),
        took.as_secs_f64() * 1000.0 < TARGET_CHANGES_MS,
    )
}

fn since_target(plain: Duration, since: Duration) -> (String, bool) {
    (
        format!(
            "build --since (tien wijzigingen) ≤ {TARGET_SINCE_VS_BUILD}× build (gebundeld plan, mediaan): {}× ({} ms tegen {} ms)",
            ratio(since, plain),
            ms(since),
            ms(plain)
        ),
        since.as_secs_f64() <= TARGET_SINCE_VS_BUILD * plain.as_secs_f64(),
    )
}

/// A copy of the bundled plan in `to` with ten edits of different kinds:
/// words in a paragraph, a date from open to filled, two districts in
/// another order, a matrix mark, a goal added, a budget amount (and its
/// split, so the totals follow), a scale from open to filled, a sentence
/// of the organisation, a result from open to filled, a theme paragraph's
/// title. Each edit must apply, and the comparison must find each: the
/// changes engine is asked, and the copy is refused otherwise.
fn ten_edits(bundled: &Path, to: &Path) -> PathBuf {
    copy_dir(bundled, to);
    let edit = |file: &str, from: &str, replacement: &str| {
        let path = to.join(file);
        let text = fs::read_to_string(&path).expect("source");
        assert!(text.contains(from), "{file}: {from:?}");
        fs::write(&path, text.replacen(from, replacement, 1)).expect("write");
    };
    edit(
        "districten/flevoland.toml",
        "De komende twee jaar zet Flevoland in op zeven",
        "De komende jaren zet Flevoland vooral in op zeven",
    );
    edit(
        "plan.toml",
        "publicatiedatum = \"open\"",
        "publicatiedatum = 2023-03-15",
    );
    edit(
        "plan.toml",
        "districten = [\"flevoland\", \"gooi-en-vechtstreek\"",
        "districten = [\"gooi-en-vechtstreek\", \"flevoland\"",
    );
    edit(
        "districten/flevoland.toml",
        "partner = \"Almere\"\nja = [\"transport\", \"vastgoed\", \"horeca\", \"omg\"]",
        "partner = \"Almere\"\nja = [\"transport\", \"vastgoed\", \"omg\"]",
    );
    edit(
        "themas/criminele-geldstromen.toml",
        "doelen = [\n",
        "doelen = [\n  \"Meer zicht op ondergronds bankieren.\",\n",
    );
    edit(
        "begroting.toml",
        "bedrag = 128157\nverdeling = { basis-riec = 128157 }",
        "bedrag = 128159\nverdeling = { basis-riec = 128159 }",
    );
    edit("begroting.toml", "schaal = \"open\"", "schaal = \"11\"");
    edit(
        "organisatie.toml",
        "Actieplan 3.0 en jonge aanwas. ",
        "Actieplan 3.0 en jonge aanwas, samen met de gemeenten. ",
    );
    edit(
        "themas/mensenhandel.toml",
        "titel = \"Mensenhandel in de districten\"",
        "titel = \"Mensenhandel per district\"",
    );
    edit(
        "resultaten.toml",
        "omschrijving = \"Signaal vanuit OM\"\nwaarde = \"open\"",
        "omschrijving = \"Signaal vanuit OM\"\nwaarde = 7",
    );
    let load = |sources: &Path| {
        let (plan, report, _) = uitvoeringsplan::load_plan(sources, "bench");
        assert_eq!(report.errors(), 0, "{}", report.render());
        plan.expect("valid")
    };
    let found = uitvoeringsplan::changes::compare(&load(bundled), &load(to));
    // Ten edits in seven sections (two each in plan.toml, Flevoland and
    // the budget; the districts' new order is a district moved).
    let sections = found.sections.len();
    let changes = found.iter().count();
    assert!(
        sections >= 7 && changes >= 10,
        "the ten edits touch seven sections:\n{}",
        found.listing()
    );
    println!(
        "tien wijzigingen: {changes} gevonden in {sections} onderdelen (met de gevolgen voor de totalen)"
    );
    to.to_path_buf()
}

/// `changes --since` as an editor runs it (the binary: load both
/// versions, compare, page numbers from the plan, the PDF and DOCX
/// report), the edited copy against the bundled plan: the median of the
/// wall time, beside the processor time the runs took (less sensitive
/// to other load on the machine).
fn measure_changes(bundled: &Path, edited: &Path, runs: usize) -> Duration {
    let dir = edited.parent().expect("the copy's folder");
    let since = bundled.display().to_string();
    let mut command = Command::new(env!("CARGO_BIN_EXE_uitvoeringsplan"));
    command.current_dir(dir).args([
        "changes",
        "--since",
        &since,
        "--sources",
        "sources",
        "--out",
        "out",
    ]);
    // Once to see that it reports the edits and writes the report.
    let first = clone_command(&command).output().expect("changes runs");
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success() && said.contains("wijzigingen.pdf") && said.contains("Flevoland"),
        "changes --since: {said}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let cpu_before = children_cpu();
    let times = time(runs, || {
        let status = clone_command(&command)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("changes runs");
        assert!(status.success(), "changes --since failed");
    });
    let cpu = (children_cpu() - cpu_before) / runs as u32;
    row(
        "gebundeld",
        "changes --since (tien wijzigingen)",
        &times,
        None,
    );
    println!(
        "{:12}  {:44}  {:>7} ms",
        "",
        "  processortijd per run (gemiddeld)",
        ms(cpu)
    );
    median(&times)
}

/// `status` of the bundled plan, with every section exported beside it
/// (`build --format docx --section all`): the median.
fn measure_status(sources: &Path, runs: usize, tmp: &Path) -> Duration {
    let exports = tmp.join("status-exports");
    let options = BuildOptions {
        sources: sources.to_path_buf(),
        out: exports.clone(),
        outputs: vec![Output::Docx],
        final_: false,
        layouts: Layouts::Embedded,
        section: Some(ALL_SECTIONS.to_string()),
        since: None,
    };
    let built = build_once(&options, &mut Renderers::default());
    assert_eq!(built.outputs.len(), 11, "every section exported");
    let t = time(runs, || {
        let s = status::status(sources, Some(&exports));
        assert!(s.parts.len() > 11);
    });
    row("gebundeld", "status --exports (11 DOCX)", &t, None);
    median(&t)
}

/// The medians of one plan, and how it is built.
struct PlanResult {
    options: BuildOptions,
    build: Duration,
    rebuild: Duration,
    cli: Option<Duration>,
}

fn measure_plan(
    root: &Path,
    name: &str,
    sources: &Path,
    runs: usize,
    cli: Option<&Path>,
    tmp: &Path,
) -> PlanResult {
    let shown = sources.to_string_lossy().into_owned();
    let (plan, report, set) = uitvoeringsplan::load_plan(sources, &shown);
    let Some(plan) = plan else {
        eprint!("{}", report.render());
        panic!("the {name} plan does not validate");
    };
    let (date, from_sources) = plan_date(&plan);
    let the_view = view::view(&plan, date, from_sources);
    let settings = PdfSettings {
        layouts: Layouts::Embedded,
        sources: sources.canonicalize().ok(),
        images: set
            .images
            .iter()
            .map(|(k, v)| (k.clone(), v.data.clone()))
            .collect(),
        ident: ident(&plan),
        date,
    };
    let pages = pdf::render(&the_view, &settings)
        .expect("the plan compiles")
        .pages;
    println!(
        "{name}: {} districten, {} thema's, {} begrotingsgroepen, {pages} pagina's",
        plan.districts.len(),
        plan.themes.len(),
        plan.budget.groups.len()
    );

    // The typst CLI on the same layouts with this plan's data, our full
    // build and the PDF alone, measured in turns so that other load on the
    // machine falls on all alike.
    let cli_command = cli.map(|cli| {
        let layouts = tmp.join(format!("layouts-{}", slug(name)));
        copy_dir(&root.join("layouts"), &layouts);
        for (rel, bytes) in pdf::data_files(&the_view) {
            let path = layouts.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let mut command = Command::new(cli);
        command
            .arg("compile")
            .arg("--font-path")
            .arg(root.join("fonts"))
            .arg("--ignore-system-fonts")
            .arg(layouts.join("uitvoeringsplan.typ"))
            .arg(tmp.join("cli.pdf"));
        command
    });
    let out = tmp.join(format!("out-{}", slug(name)));
    let options = BuildOptions {
        sources: sources.to_path_buf(),
        out: out.clone(),
        outputs: Output::for_format(Format::All),
        final_: false,
        layouts: Layouts::Embedded,
        section: None,
        since: None,
    };
    let mut cli_times = Vec::new();
    let mut build = Vec::new();
    let mut pdf_times = Vec::new();
    for _ in 0..runs {
        if let Some(mut command) = cli_command.as_ref().map(clone_command) {
            let t = Instant::now();
            let o = command.output().expect("typst runs");
            cli_times.push(t.elapsed());
            assert!(
                o.status.success(),
                "typst CLI failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let t = Instant::now();
        let built = build_once(&options, &mut Renderers::default());
        build.push(t.elapsed());
        assert!(!built.failed(), "build failed");
        comemo::evict(0);
        let t = Instant::now();
        std::hint::black_box(pdf::render(&the_view, &settings).unwrap());
        pdf_times.push(t.elapsed());
    }
    let cli_time = (!cli_times.is_empty()).then(|| median(&cli_times));
    if cli_time.is_some() {
        row(name, "typst CLI: layouts en data → PDF", &cli_times, None);
        if let Some(mb) = children_peak_mb() {
            println!("{:12}  {:44}  {mb:>7.0} MB", "", "  piekgeheugen typst CLI");
        }
    }
    row(name, "volledige build (koud, build_once)", &build, cli_time);
    // The DOCX on its own (its time is also in the full build above).
    let mut renderers = Renderers::default();
    let docx_only = BuildOptions {
        outputs: vec![Output::Docx],
        ..options.clone()
    };
    let t = time(runs, || {
        build_once(&docx_only, &mut renderers);
    });
    row(
        name,
        "  waarvan DOCX (build_once, alleen DOCX)",
        &t,
        cli_time,
    );
    // The web publication on its own (in the full build too): its share of
    // the full build, loading and validating included, must stay under 10 %.
    let html_only = BuildOptions {
        outputs: vec![Output::Html],
        ..options.clone()
    };
    let t = time(runs, || {
        build_once(&html_only, &mut renderers);
    });
    row(
        name,
        "  waarvan HTML (build_once, alleen HTML)",
        &t,
        cli_time,
    );
    println!(
        "{:12}  {:44}  {:>6.1} %  (doel: < 10 %)",
        "",
        "  HTML als deel van de volledige build",
        100.0 * median(&t).as_secs_f64() / median(&build).as_secs_f64()
    );

    let load = time(runs, || {
        let (plan, _, _) = uitvoeringsplan::load_plan(sources, &shown);
        let plan = plan.unwrap();
        let (date, from_sources) = plan_date(&plan);
        std::hint::black_box(view::view(&plan, date, from_sources));
    });
    row(name, "  laden, valideren en weergave", &load, cli_time);

    row(
        name,
        "  PDF alleen (koude typst-wereld)",
        &pdf_times,
        cli_time,
    );

    // A rebuild after a one-paragraph edit, in one warm world, as `watch`.
    let district = &plan.districts[plan.districts.len() / 2].id;
    let file = sources.join(format!("districten/{district}.toml"));
    let original = fs::read_to_string(&file).unwrap();
    let mut renderers = Renderers::default();
    let warm = build_once(&options, &mut renderers);
    assert!(!warm.failed());
    let rebuilds = std::env::var("BENCH_HERBOUWEN")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(runs * 4)
        .max(CACHE_AGE + 2);
    let mut rss_after_first = 0.0;
    let mut n = 0;
    let rebuild = time(rebuilds, || {
        n += 1;
        fs::write(&file, edit_paragraph(&original, n)).unwrap();
        let built = build_once(&options, &mut renderers);
        assert!(!built.failed(), "rebuild failed");
        comemo::evict(CACHE_AGE);
        if n == CACHE_AGE {
            rss_after_first = vm_rss_mb();
        }
    });
    fs::write(&file, &original).unwrap();
    row(
        name,
        &format!("herbouw na één alinea (warm, {district})"),
        &rebuild,
        cli_time,
    );
    println!(
        "{:12}  {:44}  {rss_after_first:>7.0} MB na {CACHE_AGE}, {:.0} MB na de laatste",
        "",
        format!("  geheugen (RSS) over {rebuilds} herbouwen"),
        vm_rss_mb()
    );
    PlanResult {
        options,
        build: median(&build),
        rebuild: median(&rebuild),
        cli: cli_time,
    }
}

/// `build` of the ten-edit copy, and `build --since` the bundled plan,
/// cold and in turns: the medians (wall time), with the processor time
/// of each beside them.
fn measure_since(bundled: &Path, edited: &Path, runs: usize, tmp: &Path) -> (Duration, Duration) {
    let plain = BuildOptions {
        sources: edited.to_path_buf(),
        out: tmp.join("out-since"),
        outputs: Output::for_format(Format::All),
        final_: false,
        layouts: Layouts::Embedded,
        section: None,
        since: None,
    };
    let since = BuildOptions {
        since: Some(bundled.to_string_lossy().into_owned()),
        ..plain.clone()
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let (mut cpu_a, mut cpu_b) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..runs {
        let c = self_cpu();
        a.push(cold_build(&plain));
        cpu_a += self_cpu() - c;
        let c = self_cpu();
        b.push(cold_build(&since));
        cpu_b += self_cpu() - c;
    }
    row(
        "gebundeld",
        "volledige build, om en om met --since",
        &a,
        None,
    );
    row("gebundeld", "build --since (tien wijzigingen)", &b, None);
    println!(
        "{:12}  {:44}  {:>7} ms tegen {} ms: {}×",
        "",
        "  processortijd per build (gemiddeld)",
        ms(cpu_b / runs as u32),
        ms(cpu_a / runs as u32),
        ratio(cpu_b, cpu_a)
    );
    (median(&a), median(&b))
}

/// One full build as `build` does it, in a fresh typst world; its time.
fn cold_build(options: &BuildOptions) -> Duration {
    let t = Instant::now();
    let built = build_once(options, &mut Renderers::default());
    let took = t.elapsed();
    assert!(!built.failed(), "build failed");
    comemo::evict(0);
    took
}

/// The source with the first line of the district's `terugblik` changed.
fn edit_paragraph(original: &str, n: usize) -> String {
    let mut out = String::new();
    let mut after = false;
    let mut done = false;
    for line in original.lines() {
        out.push_str(line);
        if after && !done && !line.trim().is_empty() {
            out.push_str(&format!(" Bewerking {n} van deze alinea."));
            done = true;
        }
        if line.starts_with("terugblik = \"\"\"") {
            after = true;
        }
        out.push('\n');
    }
    assert!(done, "no terugblik paragraph to edit");
    out
}

/// A fresh command with the program, arguments and working folder of `c`.
fn clone_command(c: &Command) -> Command {
    let mut new = Command::new(c.get_program());
    new.args(c.get_args());
    if let Some(dir) = c.get_current_dir() {
        new.current_dir(dir);
    }
    new
}

/// Runs `f` `runs` times; the durations.
fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn median(t: &[Duration]) -> Duration {
    let mut v = t.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn row(plan: &str, what: &str, t: &[Duration], cli: Option<Duration>) {
    let mut v = t.to_vec();
    v.sort();
    let vs = cli.map_or_else(String::new, |c| format!("  {}× CLI", ratio(median(t), c)));
    println!(
        "{plan:12}  {what:44}  {:>7} ms  (min {} ms, max {} ms){vs}",
        ms(median(t)),
        ms(v[0]),
        ms(v[v.len() - 1])
    );
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}", a.as_secs_f64() / b.as_secs_f64()).replace('.', ",")
}

fn slug(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// A field of /proc/self/status in MB (0 where there is no /proc).
fn proc_status_mb(field: &str) -> f64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn vm_hwm_mb() -> f64 {
    proc_status_mb("VmHWM:")
}

fn vm_rss_mb() -> f64 {
    proc_status_mb("VmRSS:")
}

/// The processor time (user and system) of `who` so far.
fn cpu(who: libc::c_int) -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let ok = unsafe { libc::getrusage(who, usage.as_mut_ptr()) } == 0;
    // SAFETY: initialised by getrusage (or zeroed).
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    if ok {
        time(usage.ru_utime) + time(usage.ru_stime)
    } else {
        Duration::ZERO
    }
}

/// Of this process (every thread).
fn self_cpu() -> Duration {
    cpu(libc::RUSAGE_SELF)
}

/// Of the child processes that have ended and been waited for.
fn children_cpu() -> Duration {
    cpu(libc::RUSAGE_CHILDREN)
}

/// The largest peak resident size of the child processes run so far.
fn children_peak_mb() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) } == 0;
    // SAFETY: initialised by getrusage (or zeroed).
    let usage = unsafe { usage.assume_init() };
    (ok && usage.ru_maxrss > 0).then(|| usage.ru_maxrss as f64 / 1024.0)
}

/// The typst CLI: `TYPST_CLI`, else `typst` on PATH, else the one
/// `cargo install typst-cli --root ~/.cache/typst-cli` puts there.
fn typst_cli() -> Option<PathBuf> {
    let works = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if let Some(p) = std::env::var_os("TYPST_CLI") {
        let p = PathBuf::from(p);
        return works(&p).then_some(p);
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join("typst");
            if p.is_file() && works(&p) {
                return Some(p);
            }
        }
    }
    let home = std::env::var_os("HOME")?;
    let p = PathBuf::from(home).join(".cache/typst-cli/bin/typst");
    works(&p).then_some(p)
}

fn cli_version(cli: &Path) -> String {
    Command::new(cli)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Writes a plan ten times the bundled one into `to`: every district and
/// theme file cloned under nine new ids (`<id>-r2` .. `<id>-r10`, "regio N"
/// in the name) in the plan's order, and every budget group ten times. The
/// grand totals the source states are dropped (they no longer apply); the
/// group totals stay and are checked as usual.
fn ten_times(from: &Path, to: &Path) {
    use toml_edit::{DocumentMut, Item, value};
    copy_dir(from, to);
    let read = |p: &Path| -> DocumentMut { fs::read_to_string(p).unwrap().parse().unwrap() };
    let plan_path = to.join("plan.toml");
    let mut plan = read(&plan_path);
    for (key, dir, name_key) in [
        ("districten", "districten", "naam"),
        ("themas", "themas", "titel"),
    ] {
        let ids: Vec<String> = plan["volgorde"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let mut order = toml_edit::Array::new();
        for id in &ids {
            order.push(id.as_str());
        }
        for r in 2..=10 {
            for id in &ids {
                let new_id = format!("{id}-r{r}");
                let mut doc = read(&to.join(format!("{dir}/{id}.toml")));
                let name = doc[name_key].as_str().unwrap().to_string();
                doc[name_key] = value(format!("{name} (regio {r})"));
                if let Some(nav) = doc.get("nav").and_then(Item::as_str).map(str::to_string) {
                    doc["nav"] = value(format!("{nav} ({r})"));
                }
                fs::write(to.join(format!("{dir}/{new_id}.toml")), doc.to_string()).unwrap();
                order.push(new_id.as_str());
            }
        }
        plan["volgorde"][key] = value(order);
    }
    fs::write(&plan_path, plan.to_string()).unwrap();

    // The groups are copied as text (cloned toml_edit tables would keep
    // their positions and interleave their `[[groep.regel]]` headers).
    let budget_path = to.join("begroting.toml");
    let text = fs::read_to_string(&budget_path).unwrap();
    let first_group = text.find("\n[[groep]]").expect("budget groups") + 1;
    let after_groups = first_group
        + text[first_group..]
            .find("\n[[regel]]")
            .expect("budget rows")
        + 1;
    let groups = &text[first_group..after_groups];
    let mut copies = String::new();
    for r in 2..=10 {
        let mut in_header = false;
        for line in groups.lines() {
            if line == "[[groep]]" {
                in_header = true;
            } else if in_header && line.starts_with("naam = \"") {
                copies.push_str(line.trim_end_matches('"'));
                copies.push_str(&format!(" (regio {r})\"\n"));
                in_header = false;
                continue;
            }
            copies.push_str(line);
            copies.push('\n');
        }
    }
    let text = format!("{}{copies}{}", &text[..after_groups], &text[after_groups..]);
    let mut budget: DocumentMut = text.parse().unwrap();
    budget.remove("opgegeven");
    for key in ["subsidie", "verschil"] {
        budget[key].as_table_mut().unwrap().remove("opgegeven");
    }
    fs::write(&budget_path, budget.to_string()).unwrap();
}
