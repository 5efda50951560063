//! Generated version pairs (issue 14): the bundled plan as the earlier
//! version, and a copy with random edits of different kinds as the current
//! one (words in paragraphs, one-line texts and metadata, numbers of the
//! targets, the budget and the results, open to filled and back, rows and
//! list items added or removed, matrix marks, sections in another order).
//! For every pair:
//!
//! (a) the change list names exactly the edited places: every edit is
//!     found, at its file and key, and every change listed (but the
//!     effects on computed totals) is at an edited place;
//! (b) a version compared with itself has no changes;
//! (c) comparing the other way round swaps old and new: deleted words
//!     become inserted ones, added rows removed ones, old numbers new ones;
//! (d) `build --since` marks exactly the sections the change list names
//!     (`render::marks`, compared part by part), and for the first pairs
//!     the build itself writes the PDF and the DOCX.
//!
//! `UITVOERINGSPLAN_CHANGES_CASES` sets the number of pairs (default 16),
//! `UITVOERINGSPLAN_CHANGES_SEED` the seed (printed either way). At most
//! one edit per source file, so that each change has one edit to answer to.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, value};
use uitvoeringsplan::changes::{self, Category, Changes, PartEvent, PieceKind, TextChange, What};
use uitvoeringsplan::commands::build::{BuildOptions, Output, Renderers, build_once, plan_date};
use uitvoeringsplan::model::Plan;
use uitvoeringsplan::render::pdf::world::Layouts;
use uitvoeringsplan::render::{marks, view};

use crate::support::*;

/// Words put into texts (none of them in a source as a whole word).
const NEW_WORDS: &[&str] = &["gezamenlijk", "voortaan", "aantoonbaar", "wijkgericht"];

/// What an edit must be found as: a change in one of `files` whose key
/// starts with `key`.
#[derive(Debug)]
struct Expect {
    files: Vec<String>,
    key: String,
    what: String,
}

/// The source files being edited, parsed, by path under `sources/`.
struct Docs<'a> {
    sources: &'a Path,
    docs: BTreeMap<String, DocumentMut>,
}

impl Docs<'_> {
    fn get(&mut self, file: &str) -> &mut DocumentMut {
        let sources = self.sources;
        self.docs.entry(file.to_string()).or_insert_with(|| {
            fs::read_to_string(sources.join(file))
                .unwrap()
                .parse()
                .unwrap()
        })
    }

    fn write(self) {
        for (file, doc) in self.docs {
            fs::write(self.sources.join(file), doc.to_string()).unwrap();
        }
    }
}

/// The item at a key path such as `thema[2].tekst` or `volgorde.districten`.
fn at<'a>(doc: &'a mut DocumentMut, path: &str) -> Option<&'a mut Item> {
    let mut cur = doc.as_item_mut();
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, Some(i.trim_end_matches(']').parse::<usize>().ok()?)),
            None => (part, None),
        };
        cur = cur.get_mut(name)?;
        if let Some(i) = index {
            cur = cur.get_mut(i)?;
        }
    }
    Some(cur)
}

/// How many tables (or values) the array at `path` has.
fn count(doc: &mut DocumentMut, path: &str) -> usize {
    match at(doc, path) {
        Some(Item::ArrayOfTables(a)) => a.len(),
        Some(Item::Value(v)) => v.as_array().map_or(0, |a| a.len()),
        _ => 0,
    }
}

/// One word of the text at `path` replaced, inserted after, or removed.
fn edit_words(rng: &mut Rng, doc: &mut DocumentMut, path: &str) -> Option<String> {
    let item = at(doc, path)?;
    let old = item.as_str()?.to_string();
    let mut words: Vec<String> = old.split(' ').map(str::to_string).collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 3 && words[i].chars().all(char::is_alphabetic))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let i = *rng.pick(&candidates);
    let word = rng.pick(NEW_WORDS).to_string();
    let what = match rng.below(3) {
        0 => {
            words[i] = word;
            "word replaced"
        }
        1 => {
            words.insert(i + 1, word);
            "word inserted"
        }
        _ if candidates.len() > 2 => {
            words.remove(i);
            "word removed"
        }
        _ => return None,
    };
    let new = words.join(" ");
    if new == old {
        return None;
    }
    *item = value(new);
    Some(format!("{path}: {what}"))
}

/// A whole number or `"open"` at `path` changed: open filled, a number
/// opened or moved by a few.
fn edit_number(rng: &mut Rng, doc: &mut DocumentMut, path: &str, may_open: bool) -> Option<String> {
    let item = at(doc, path)?;
    let what = if item.as_str() == Some("open") {
        *item = value(1 + rng.below(40) as i64);
        "open filled"
    } else if let Some(n) = item.as_integer() {
        if may_open && rng.one_in(3) {
            *item = value("open");
            "number opened"
        } else {
            *item = value(n + 1 + rng.below(9) as i64);
            "number changed"
        }
    } else {
        return None;
    };
    Some(format!("{path}: {what}"))
}

/// The budget without its stated totals (`opgegeven`), which an edited
/// amount would contradict (`check` refuses a difference beyond rounding);
/// what that does to the report is an effect, which (a) leaves aside.
fn drop_stated(doc: &mut DocumentMut) {
    doc.remove("opgegeven");
    for key in ["subsidie", "verschil"] {
        if let Some(t) = doc.get_mut(key).and_then(Item::as_table_like_mut) {
            t.remove("opgegeven");
        }
    }
    if let Some(Item::ArrayOfTables(groups)) = doc.get_mut("groep") {
        for g in groups.iter_mut() {
            g.remove("opgegeven");
        }
    }
}

/// The files of the bundled plan by kind.
struct Files {
    districts: Vec<String>,
    themes: Vec<String>,
}

fn files(sources: &Path) -> Files {
    let list = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(sources.join(dir))
            .unwrap()
            .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".toml"))
            .collect();
        v.sort();
        v
    };
    Files {
        districts: list("districten"),
        themes: list("themas"),
    }
}

/// One random edit in a file not edited yet; None when the edit drawn
/// does not apply there.
fn one_edit(rng: &mut Rng, docs: &mut Docs, f: &Files, used: &BTreeSet<String>) -> Option<Expect> {
    let kind = rng.below(12);
    let file = match kind {
        0..=3 => rng.pick(&f.districts).clone(),
        4 | 5 => rng.pick(&f.themes).clone(),
        6 | 7 => "begroting.toml".to_string(),
        8 => "resultaten.toml".to_string(),
        9 => "organisatie.toml".to_string(),
        _ => "plan.toml".to_string(),
    };
    if used.contains(&file) {
        return None;
    }
    let expect = |key: String, what: String| Expect {
        files: vec![file.clone()],
        key,
        what,
    };
    let doc = docs.get(&file);
    match kind {
        // A district: words of a text, a target's number, a target added
        // or removed, a matrix mark.
        0 => {
            let n = count(doc, "thema");
            let key = match rng.below(3) {
                0 => "terugblik".to_string(),
                1 => "vooruitblik".to_string(),
                _ if n > 0 => format!("thema[{}].tekst", rng.below(n)),
                _ => return None,
            };
            let what = edit_words(rng, doc, &key)?;
            Some(expect(key, what))
        }
        1 => {
            let n = count(doc, "doel");
            if n == 0 {
                return None;
            }
            let key = format!("doel[{}]", rng.below(n));
            let what = edit_number(rng, doc, &format!("{key}.aantal"), true)?;
            Some(expect(key, what))
        }
        2 => {
            let n = count(doc, "doel");
            let targets = match at(doc, "doel") {
                Some(Item::ArrayOfTables(a)) => a,
                _ => return None,
            };
            if n > 1 && rng.one_in(2) {
                let i = rng.below(n);
                targets.remove(i);
                Some(expect(format!("doel[{i}]"), "target removed".into()))
            } else {
                let mut t = Table::new();
                t["omschrijving"] = value(format!("{} controles", rng.pick(NEW_WORDS)));
                t["aantal"] = value(1 + rng.below(20) as i64);
                t["termijn"] = value("2023-2024");
                targets.push(t);
                Some(expect(format!("doel[{n}]"), "target added".into()))
            }
        }
        3 => {
            let rows = count(doc, "matrix.rij");
            if rows == 0 {
                return None;
            }
            let i = rng.below(rows);
            let row = at(doc, &format!("matrix.rij[{i}]"))?.as_table_like_mut()?;
            let (from, to) = if rng.one_in(2) {
                ("ja", "nee")
            } else {
                ("nee", "ja")
            };
            let moved = {
                let list = row.get_mut(from)?.as_array_mut()?;
                if list.is_empty() {
                    return None;
                }
                let j = rng.below(list.len());
                list.remove(j)
            };
            match row.get_mut(to).and_then(Item::as_array_mut) {
                Some(list) => list.push(moved),
                None => {
                    let mut list = toml_edit::Array::new();
                    list.push(moved);
                    row.insert(to, value(list));
                }
            }
            Some(expect(
                format!("matrix.rij[{i}]"),
                format!("mark {from} → {to}"),
            ))
        }
        // A theme: words, a goal added or removed.
        4 => {
            let key = if rng.one_in(2) {
                "terugblik"
            } else {
                "vooruitblik"
            };
            let what = edit_words(rng, doc, key)?;
            Some(expect(key.into(), what))
        }
        5 => {
            let goals = at(doc, "doelen")?.as_array_mut()?;
            let n = goals.len();
            if n > 1 && rng.one_in(2) {
                let i = rng.below(n);
                goals.remove(i);
                Some(expect(format!("doelen[{i}]"), "goal removed".into()))
            } else {
                let i = rng.below(n + 1);
                goals.insert(i, format!("{} samenwerken.", rng.pick(NEW_WORDS)));
                Some(expect(format!("doelen[{i}]"), "goal added".into()))
            }
        }
        // The budget: a row's amount, FTE or scale; a row removed.
        6 => {
            let g = rng.below(count(doc, "groep"));
            let r = rng.below(count(doc, &format!("groep[{g}].regel")));
            let key = format!("groep[{g}].regel[{r}]");
            let split_open = at(doc, &format!("{key}.verdeling"))?.as_str() == Some("open");
            let what = match rng.below(3) {
                0 if split_open => edit_number(rng, doc, &format!("{key}.bedrag"), true)?,
                1 => edit_number(rng, doc, &format!("{key}.fte"), true)?,
                _ => {
                    let scale = at(doc, &format!("{key}.schaal"))?;
                    let new = if scale.as_str() == Some("open") {
                        "11"
                    } else {
                        "open"
                    };
                    *scale = value(new);
                    format!("{key}.schaal: scale {new}")
                }
            };
            drop_stated(doc);
            Some(expect(key, what))
        }
        7 => {
            let g = rng.below(count(doc, "groep"));
            let n = count(doc, &format!("groep[{g}].regel"));
            if n < 2 {
                return None;
            }
            let r = rng.below(n);
            match at(doc, &format!("groep[{g}].regel"))? {
                Item::ArrayOfTables(a) => a.remove(r),
                _ => return None,
            }
            drop_stated(doc);
            Some(expect(
                format!("groep[{g}].regel[{r}]"),
                "budget row removed".into(),
            ))
        }
        // The results: a value of a measure, a row or a part (not of a
        // row with a breakdown, whose parts must add up).
        8 => {
            let mut keys = Vec::new();
            for m in 0..count(doc, "maat") {
                keys.push(format!("maat[{m}]"));
                for r in 0..count(doc, &format!("maat[{m}].regel")) {
                    let row = format!("maat[{m}].regel[{r}]");
                    if count(doc, &format!("{row}.uitsplitsing")) == 0 {
                        keys.push(row.clone());
                    }
                    for d in 0..count(doc, &format!("{row}.deel")) {
                        keys.push(format!("{row}.deel[{d}]"));
                    }
                }
            }
            let key = rng.pick(&keys).clone();
            let what = edit_number(rng, doc, &format!("{key}.waarde"), true)?;
            Some(expect(format!("{key}.waarde"), what))
        }
        // The organisation: words of a part.
        9 => {
            let n = count(doc, "onderdeel");
            let i = rng.below(n);
            let field = *rng.pick(&["tekst", "terugblik", "vooruitblik"]);
            let key = format!("onderdeel[{i}].{field}");
            let what = edit_words(rng, doc, &key)?;
            Some(expect(key, what))
        }
        // The plan: metadata, or two districts or themes in another order.
        10 => match rng.below(3) {
            0 => {
                let what = edit_words(rng, doc, "slogan")?;
                Some(expect("slogan".into(), what))
            }
            1 => {
                let date = at(doc, "publicatiedatum")?;
                let what = if date.as_str() == Some("open") {
                    *date = value("2023-03-15".parse::<toml_edit::Datetime>().unwrap());
                    "date filled"
                } else {
                    *date = value("open");
                    "date opened"
                };
                Some(expect("publicatiedatum".into(), what.into()))
            }
            _ => {
                let short = at(doc, "programma_afkorting")?;
                let new = format!("{} {}", short.as_str()?, rng.pick(NEW_WORDS));
                *short = value(new);
                Some(expect("programma_afkorting".into(), "abbreviation".into()))
            }
        },
        _ => {
            let (key, dir) = if rng.one_in(2) {
                ("volgorde.districten", "districten")
            } else {
                ("volgorde.themas", "themas")
            };
            let order = at(doc, key)?.as_array_mut()?;
            let i = rng.below(order.len() - 1);
            let a = order.get(i)?.as_str()?.to_string();
            let b = order.get(i + 1)?.as_str()?.to_string();
            order.replace(i, b.as_str());
            order.replace(i + 1, a.as_str());
            // The move is named at one of the two; plan.toml is not used
            // by another edit meanwhile (its `used` entry).
            Some(Expect {
                files: vec![format!("{dir}/{a}.toml"), format!("{dir}/{b}.toml")],
                key: String::new(),
                what: format!("{key}: {a} swapped with {b}: sections swapped"),
            })
        }
    }
}

fn load(sources: &Path) -> Plan {
    let (plan, report, _) = uitvoeringsplan::load_plan(sources, "sources");
    assert_eq!(report.errors(), 0, "{}", report.render());
    plan.unwrap()
}

/// A change as it reads from either side: what the earlier version had
/// and what the current one has, swapped when `flip`. None for a move
/// (which of two swapped neighbours moved depends on the direction).
fn signature(file: &str, what: &What, flip: bool) -> Option<String> {
    let pair = |a: String, b: String| if flip { (b, a) } else { (a, b) };
    Some(match what {
        What::Part {
            event: PartEvent::Moved { .. },
            ..
        } => return None,
        What::Part { label, event } => {
            let added = (*event == PartEvent::Added) != flip;
            format!("{file} part {label} added={added}")
        }
        What::Text {
            label,
            change,
            pieces,
        } => {
            let spell = |keep: PieceKind| -> String {
                pieces
                    .iter()
                    .filter(|p| p.kind == PieceKind::Same || p.kind == keep)
                    .map(|p| p.text.as_str())
                    .collect()
            };
            let (old, new) = pair(spell(PieceKind::Deleted), spell(PieceKind::Inserted));
            let formatting = *change == TextChange::Formatting;
            format!("{file} text {label} formatting={formatting} {old:?} → {new:?}")
        }
        What::Number { label, old, new } => {
            let (old, new) = pair(format!("{old:?}"), format!("{new:?}"));
            format!("{file} number {label} {old} → {new}")
        }
        What::Total { label, old, new } => {
            let (old, new) = pair(format!("{old:?}"), format!("{new:?}"));
            format!("{file} total {label} {old} → {new}")
        }
        What::Row {
            table,
            added,
            cells,
        } => format!("{file} row {table} added={} {cells:?}", *added != flip),
        What::Mark {
            partner,
            column,
            old,
            new,
        } => {
            let (old, new) = pair(format!("{old:?}"), format!("{new:?}"));
            format!("{file} mark {partner} {column} {old} → {new}")
        }
        What::Stated { label, old, new } => {
            let (old, new) = pair(format!("{old:?}"), format!("{new:?}"));
            format!("{file} stated {label} {old} → {new}")
        }
    })
}

fn signatures(changes: &Changes, flip: bool) -> Vec<String> {
    let mut v: Vec<String> = changes
        .iter()
        .filter_map(|(s, c)| signature(&s.section.file(), &c.what, flip))
        .collect();
    v.sort();
    v
}

/// The parts `render::marks` marks, and those the change list names (by
/// the view's anchors; the cover is `meta`).
fn marked_and_listed(
    old: &Plan,
    new: &Plan,
    found: &Changes,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let view_of = |p: &Plan| {
        let (date, from_sources) = plan_date(p);
        view::view(p, date, from_sources)
    };
    let marked: BTreeSet<String> = marks::compare(&view_of(old), &view_of(new), "vorige")
        .map(|m| m.parts.keys().cloned().collect())
        .unwrap_or_default();
    // A section that only moved in the order: the marks bar the heading of
    // those outside the longest run kept in order (of two swapped, one),
    // the change list may name each; a marked one must be listed as moved.
    let only_moved = |s: &changes::SectionChanges| {
        s.changes.iter().all(|c| {
            matches!(
                c.what,
                What::Part {
                    event: PartEvent::Moved { .. },
                    ..
                }
            )
        })
    };
    let listed: BTreeSet<String> = found
        .sections
        .iter()
        .filter(|s| !only_moved(s))
        .map(|s| s.section.anchor().unwrap_or_else(|| "meta".to_string()))
        .collect();
    let moved: BTreeSet<String> = found
        .sections
        .iter()
        .filter(|s| only_moved(s))
        .filter_map(|s| s.section.anchor())
        .collect();
    let marked = marked
        .into_iter()
        .filter(|m| listed.contains(m) || !moved.contains(m))
        .collect();
    (marked, listed)
}

/// Checks (a) to (d) for one pair; a description of what failed.
fn check_pair(old_dir: &Path, new_dir: &Path, edits: &[Expect]) -> Result<(), String> {
    let (old, new) = (load(old_dir), load(new_dir));
    let found = changes::compare(&old, &new);
    let listing = found.listing();
    let context = || format!("edits: {edits:#?}\nchange list:\n{listing}");
    // (a) Every edit found at its place…
    for e in edits {
        let hit = found.iter().any(|(s, c)| {
            e.files.contains(&s.section.file())
                && c.what.category() != Category::Effect
                && c.place.key.starts_with(&e.key)
        });
        if !hit {
            return Err(format!(
                "(a) the edit `{}` is not found\n{}",
                e.what,
                context()
            ));
        }
    }
    // …and nothing but the edits (and their effect on totals).
    for (s, c) in found.iter() {
        if c.what.category() == Category::Effect {
            continue;
        }
        let file = s.section.file();
        let explained = edits.iter().any(|e| {
            e.files.contains(&file)
                && (c.place.key.starts_with(&e.key) || e.key.starts_with(&c.place.key))
        });
        if !explained {
            return Err(format!(
                "(a) a change no edit made: {file} {} {}\n{}",
                c.place.key,
                c.what.describe(),
                context()
            ));
        }
    }
    // (b) A version against itself.
    for (name, plan) in [("earlier", &old), ("current", &new)] {
        let same = changes::compare(plan, plan);
        if !same.is_empty() {
            return Err(format!(
                "(b) the {name} version against itself:\n{}",
                same.listing()
            ));
        }
    }
    // (c) The other way round.
    let back = changes::compare(&new, &old);
    let (forward, backward) = (signatures(&found, true), signatures(&back, false));
    if forward != backward {
        return Err(format!(
            "(c) comparing the other way round does not swap the versions:\nforward, swapped:\n{}\nbackward:\n{}\n{}",
            forward.join("\n"),
            backward.join("\n"),
            context()
        ));
    }
    // (d) The marks of `build --since`: the sections listed, no others.
    let (marked, listed) = marked_and_listed(&old, &new, &found);
    if marked != listed {
        return Err(format!(
            "(d) build --since marks {marked:?}, the change list names {listed:?}\n{}",
            context()
        ));
    }
    Ok(())
}

/// `build --since` of a pair writes both outputs, with marks.
fn build_since(old_dir: &Path, new_dir: &Path, out: &Path) -> Result<(), String> {
    let options = BuildOptions {
        sources: new_dir.to_path_buf(),
        out: out.to_path_buf(),
        outputs: vec![Output::Pdf, Output::Docx],
        final_: false,
        layouts: Layouts::Embedded,
        section: None,
        since: Some(old_dir.to_string_lossy().into_owned()),
    };
    let built = build_once(&options, &mut Renderers::default());
    if built.failed() || built.outputs.len() != 2 {
        let why: Vec<String> = built
            .outputs
            .iter()
            .filter_map(|o| o.result.as_ref().err().map(|e| e.render()))
            .collect();
        return Err(format!(
            "(d) build --since failed:\n{}{}",
            built.report.render(),
            why.join("\n")
        ));
    }
    if built.unchanged_since.is_some() {
        return Err("(d) build --since found no change".into());
    }
    Ok(())
}

#[test]
fn generated_version_pairs_list_exactly_their_edits() {
    let cases: usize = std::env::var("UITVOERINGSPLAN_CHANGES_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let seed: u64 = std::env::var("UITVOERINGSPLAN_CHANGES_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .unwrap_or(0x0C4A_2614);
    eprintln!(
        "change pairs: seed {seed:#x} (UITVOERINGSPLAN_CHANGES_SEED to repeat), {cases} pairs"
    );
    let tmp = TempDir::new("change-pairs");
    let old_dir = tmp.path().join("old");
    copy_dir(&root().join("sources"), &old_dir);
    let f = files(&old_dir);
    let mut rng = Rng(seed);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for case in 0..cases {
        let new_dir = tmp.path().join(format!("new-{case}"));
        copy_dir(&old_dir, &new_dir);
        let mut docs = Docs {
            sources: &new_dir,
            docs: BTreeMap::new(),
        };
        let mut edits: Vec<Expect> = Vec::new();
        let mut used: BTreeSet<String> = BTreeSet::new();
        let wanted = 1 + rng.below(4);
        let mut tries = 0;
        while edits.len() < wanted && tries < 200 {
            tries += 1;
            // A failed draw may have left a document half-edited: draw on
            // a fresh parse of a file no edit has touched.
            let before: BTreeSet<String> = docs.docs.keys().cloned().collect();
            match one_edit(&mut rng, &mut docs, &f, &used) {
                Some(e) => {
                    // The file edited, and plan.toml for a swap.
                    let touched: Vec<String> = docs
                        .docs
                        .keys()
                        .filter(|k| !used.contains(*k))
                        .cloned()
                        .collect();
                    used.extend(touched);
                    used.extend(e.files.iter().cloned());
                    // What kind of edit: the part after the key.
                    let kind = e.what.rsplit(": ").next().unwrap_or(&e.what);
                    *kinds.entry(kind.to_string()).or_default() += 1;
                    edits.push(e);
                }
                None => {
                    docs.docs
                        .retain(|k, _| before.contains(k) && used.contains(k));
                }
            }
        }
        assert!(!edits.is_empty(), "case {case}: no edit applied");
        docs.write();
        if let Err(why) = check_pair(&old_dir, &new_dir, &edits) {
            panic!("case {case} of seed {seed:#x}: {why}");
        }
        if case < 2
            && let Err(why) =
                build_since(&old_dir, &new_dir, &tmp.path().join(format!("out-{case}")))
        {
            panic!("case {case} of seed {seed:#x}: {why}");
        }
        let _ = fs::remove_dir_all(&new_dir);
    }
    eprintln!("change pairs: edits made {kinds:?}");
    // The generator reaches every kind of edit in the default run.
    if cases >= 16 {
        assert!(kinds.len() >= 8, "too few kinds of edits: {kinds:?}");
    }
}
