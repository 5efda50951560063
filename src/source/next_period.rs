//! The sources of the next plan from this plan's (`new-period`): which
//! fields are kept, which are opened (`"open"` for a value, `""` for a text
//! to write), and what stays as guidance (the previous outlook as a comment
//! and in `[referentie]`). Every file is edited as a toml_edit document of
//! the old file, so its comments, key order and layout survive; only the
//! fields named here change.

use std::collections::BTreeSet;

use toml_edit::{DocumentMut, Item, Table, Value};

use super::SourceSet;

/// The old plan's period and look-back year, and the new period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub old_from: i64,
    pub old_to: i64,
    pub old_lookback: i64,
    pub new_from: i64,
    pub new_to: i64,
}

impl Periods {
    /// The years between the two plans' starts.
    fn shift(&self) -> i64 {
        self.new_from - self.old_from
    }

    /// The new look-back year: as far before the new period as the old one was.
    pub fn new_lookback(&self) -> i64 {
        self.old_lookback + self.shift()
    }

    fn old_label(&self) -> String {
        format!("{}-{}", self.old_from, self.old_to)
    }

    /// A year in a title or label that belongs to the old plan: from its
    /// look-back year to one period after it (`Totale subsidie 2023 t/m
    /// 2025`). Such a year moves with the plan.
    fn moves(&self, year: i64) -> bool {
        let span = self.old_to - self.old_from + 1;
        (self.old_lookback..=self.old_to + span).contains(&year)
    }

    /// `s` with every year of the old plan moved to the new one: the period
    /// `2023-2024` becomes `2025-2026`, `Begroting 2023` becomes
    /// `Begroting 2025`. Only whole four-digit numbers are years.
    pub fn relabel(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let starts = c.is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
            if starts {
                let end = (i..chars.len())
                    .find(|&j| !chars[j].is_ascii_digit())
                    .unwrap_or(chars.len());
                let digits: String = chars[i..end].iter().collect();
                let mut end = end;
                match digits.parse::<i64>() {
                    Ok(year) if end - i == 4 && self.moves(year) => {
                        out.push_str(&(year + self.shift()).to_string());
                        // A short second year: `2023-24`, `2023/24`.
                        let short = chars.get(end..end + 3).filter(|c| {
                            matches!(c[0], '-' | '–' | '/')
                                && c[1].is_ascii_digit()
                                && c[2].is_ascii_digit()
                                && chars.get(end + 3).is_none_or(|d| !d.is_ascii_digit())
                        });
                        if let Some(c) = short {
                            let yy =
                                i64::from(c[1] as u8 - b'0') * 10 + i64::from(c[2] as u8 - b'0');
                            let second = year / 100 * 100 + yy;
                            if self.moves(second) {
                                let moved = (second + self.shift()) % 100;
                                out.push_str(&format!("{}{moved:02}", c[0]));
                                end += 3;
                            }
                        }
                    }
                    _ => out.push_str(&digits),
                }
                i = end;
            } else {
                out.push(c);
                i += 1;
            }
        }
        out
    }
}

/// The new folder's files and what the editors should know about them.
#[derive(Debug, Default)]
pub struct Scaffold {
    /// Every file, by path relative to the folder (`/` separated), in order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Titles and labels whose years moved: `file: key: old → new`.
    pub relabelled: Vec<String>,
}

/// The keys whose values are titles or labels: years in them move with
/// the plan.
const LABEL_KEYS: [&str; 6] = [
    "titel",
    "label",
    "totaal_label",
    "termijn",
    "vooruitblik_titel",
    "navigatie",
];

/// What a file is, for what changes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Plan,
    Board,
    Organisation,
    Budget,
    Results,
    District,
    Theme,
}

/// Makes the next plan's files from `set` (loaded without errors).
/// `readme` is the sources folder's `README.md` when it has one.
pub fn scaffold(
    set: &SourceSet,
    periods: &Periods,
    readme: Option<Vec<u8>>,
) -> Result<Scaffold, String> {
    let mut out = Scaffold::default();
    let old_title = set
        .plan
        .as_ref()
        .map(|p| p.data.title.get_ref().clone())
        .unwrap_or_default();
    let mut entries: Vec<(FileKind, &str, &std::path::Path)> = Vec::new();
    let singles = [
        (
            FileKind::Plan,
            set.plan.as_ref().map(|l| (&l.file, &l.path)),
        ),
        (
            FileKind::Board,
            set.board.as_ref().map(|l| (&l.file, &l.path)),
        ),
        (
            FileKind::Organisation,
            set.organisation.as_ref().map(|l| (&l.file, &l.path)),
        ),
        (
            FileKind::Budget,
            set.budget.as_ref().map(|l| (&l.file, &l.path)),
        ),
        (
            FileKind::Results,
            set.results.as_ref().map(|l| (&l.file, &l.path)),
        ),
    ];
    for (kind, loaded) in singles {
        let (file, path) = loaded.ok_or("een bronbestand ontbreekt")?;
        entries.push((kind, file, path));
    }
    for d in &set.districts {
        entries.push((FileKind::District, &d.file, &d.path));
    }
    for t in &set.themes {
        entries.push((FileKind::Theme, &t.file, &t.path));
    }
    for (kind, file, path) in entries {
        let rel = relative(set, path)?;
        let text = set
            .texts
            .get(file)
            .ok_or_else(|| format!("{file} is niet gelezen"))?;
        let new = next_file(kind, text, periods, &old_title, &rel, &mut out.relabelled)
            .map_err(|e| format!("{file}: {e}"))?;
        out.files.push((rel, new.into_bytes()));
    }
    // The images the sections show, as they are.
    let mut images: BTreeSet<&String> = BTreeSet::new();
    for f in set
        .districts
        .iter()
        .flat_map(|d| &d.data.figures)
        .chain(set.themes.iter().flat_map(|t| &t.data.figures))
    {
        images.insert(f.file.get_ref());
    }
    for rel in images {
        let bytes = crate::input::read_limited(&set.root.join(rel), super::images::MAX_IMAGE_BYTES)
            .map_err(|e| format!("{rel}: {e}"))?;
        out.files.push((rel.clone(), bytes));
    }
    if let Some(readme) = readme {
        out.files.push(("README.md".into(), readme));
    }
    Ok(out)
}

/// `path` relative to the sources folder, `/` separated.
fn relative(set: &SourceSet, path: &std::path::Path) -> Result<String, String> {
    let rel = path
        .strip_prefix(&set.root)
        .map_err(|_| format!("{} ligt niet in de bronnenmap", path.display()))?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/"))
}

/// One file of the next plan, from the text of this plan's file. A byte
/// order mark and Windows line endings stay as they were.
fn next_file(
    kind: FileKind,
    text: &str,
    p: &Periods,
    old_title: &str,
    rel: &str,
    relabelled: &mut Vec<String>,
) -> Result<String, String> {
    if kind == FileKind::Board {
        return Ok(text.to_string());
    }
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = body.matches("\r\n").count() * 2 > body.matches('\n').count();
    let body = body.replace("\r\n", "\n");
    let mut doc: DocumentMut = body
        .parse()
        .map_err(|e| format!("geen geldige TOML: {e}"))?;
    let root = doc.as_table_mut();
    relabel_table(root, p, rel, "", relabelled);
    let guide = Guide {
        period: p.old_label(),
    };
    match kind {
        FileKind::Plan => plan(root, p, &guide),
        FileKind::Organisation => organisation(root, &guide),
        FileKind::Budget => budget(root),
        FileKind::Results => results(root, p),
        FileKind::District => district(root, &guide, old_title)?,
        FileKind::Theme => theme(root, &guide, old_title)?,
        FileKind::Board => {}
    }
    let mut new = doc.to_string();
    if crlf {
        new = new.replace('\n', "\r\n");
    }
    Ok(format!("{bom}{new}"))
}

/// Moves the years in every title and label of `table` (see [`Periods::relabel`]).
fn relabel_table(table: &mut Table, p: &Periods, rel: &str, at: &str, log: &mut Vec<String>) {
    for (key, item) in table.iter_mut() {
        let path = if at.is_empty() {
            key.get().to_string()
        } else {
            format!("{at}.{}", key.get())
        };
        match item {
            Item::Value(v) => relabel_value(v, key.get(), p, rel, &path, log),
            Item::Table(t) => relabel_table(t, p, rel, &path, log),
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter_mut().enumerate() {
                    relabel_table(t, p, rel, &format!("{path}[{}]", i + 1), log);
                }
            }
            Item::None => {}
        }
    }
}

fn relabel_value(
    v: &mut Value,
    key: &str,
    p: &Periods,
    rel: &str,
    path: &str,
    log: &mut Vec<String>,
) {
    match v {
        Value::String(s) if LABEL_KEYS.contains(&key) => {
            let old = s.value().clone();
            let new = p.relabel(&old);
            if new != old {
                log.push(format!("{rel}: {path}: “{old}” → “{new}”"));
                replace(v, Value::from(new));
            }
        }
        Value::InlineTable(t) => {
            for (k, v) in t.iter_mut() {
                let path = format!("{path}.{}", k.get());
                relabel_value(v, k.get(), p, rel, &path, log);
            }
        }
        _ => {}
    }
}

/// Sets `v` to `new`, keeping the whitespace and comments around it.
fn replace(v: &mut Value, mut new: Value) {
    *new.decor_mut() = v.decor().clone();
    *v = new;
}

/// Sets the value of `key` in `table`, when it is there.
fn set(table: &mut Table, key: &str, new: Value) {
    if let Some(v) = table.get_mut(key).and_then(Item::as_value_mut) {
        replace(v, new);
    }
}

/// How texts of the old plan are kept as guidance.
struct Guide {
    /// The old plan's period, `2023-2024`.
    period: String,
}

impl Guide {
    /// Empties the text at `key` (a text to write for the new plan) and
    /// keeps the old one as a comment above it, headed by `what`.
    /// Returns the old text, if there was one.
    fn open_text(&self, table: &mut Table, key: &str, what: &str) -> Option<String> {
        let old = table.get(key)?.as_str()?.to_string();
        set(table, key, Value::from(""));
        if !old.trim().is_empty()
            && let Some(mut k) = table.key_mut(key)
        {
            let decor = k.leaf_decor_mut();
            let before = decor
                .prefix()
                .and_then(|r| r.as_str())
                .unwrap_or("")
                .to_string();
            let comment = comment(
                &format!(
                    "{what} uit het vorige plan ({}), ter referentie:",
                    self.period
                ),
                &old,
            );
            decor.set_prefix(format!("{before}{comment}"));
        }
        Some(old)
    }

    /// Empties every text in `keys` that `table` has, keeping each as a comment.
    fn open_texts(&self, table: &mut Table, keys: &[(&str, &str)]) {
        for (key, what) in keys {
            self.open_text(table, key, what);
        }
    }
}

/// `head` and `text` as TOML comment lines, the text indented and wrapped
/// at 78 characters.
fn comment(head: &str, text: &str) -> String {
    let mut out = format!("# {head}\n");
    for line in text.trim_end().lines() {
        if line.trim().is_empty() {
            out.push_str("#\n");
            continue;
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > 74 {
                out.push_str(&format!("#   {indent}{current}\n"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&format!("#   {indent}{current}\n"));
    }
    out
}

fn plan(root: &mut Table, p: &Periods, guide: &Guide) {
    if let Some(period) = root.get_mut("periode").and_then(Item::as_inline_table_mut) {
        for (key, year) in [("van", p.new_from), ("tot", p.new_to)] {
            if let Some(v) = period.get_mut(key) {
                replace(v, Value::from(year));
            }
        }
    }
    set(root, "terugblikjaar", Value::from(p.new_lookback()));
    set(root, "publicatiedatum", Value::from("open"));
    set(root, "status", Value::from("concept"));
    guide.open_text(root, "inleiding", "Inleiding");
    // The old round's return date has passed; whom to send to may stay.
    if let Some(round) = root.get_mut("ronde").and_then(Item::as_table_mut) {
        round.remove("retour_voor");
    }
}

fn district(root: &mut Table, guide: &Guide, old_title: &str) -> Result<(), String> {
    // The links to the old district plan: kept as a comment.
    for key in ["districtsplan", "partnerdeel"] {
        comment_out(root, key, &guide.period);
    }
    guide.open_text(root, "terugblik", "Terugblik");
    let outlook = guide.open_text(root, "vooruitblik", "Vooruitblik");
    if let Some(themes) = root.get_mut("thema").and_then(Item::as_array_of_tables_mut) {
        for t in themes.iter_mut() {
            guide.open_text(t, "tekst", "Tekst");
        }
    }
    if let Some(targets) = root.get_mut("doel").and_then(Item::as_array_of_tables_mut) {
        for t in targets.iter_mut() {
            set(t, "aantal", Value::from("open"));
        }
    }
    reference(root, outlook, old_title)
}

fn theme(root: &mut Table, guide: &Guide, old_title: &str) -> Result<(), String> {
    guide.open_texts(
        root,
        &[("inleiding", "Inleiding"), ("terugblik", "Terugblik")],
    );
    let outlook = guide.open_text(root, "vooruitblik", "Vooruitblik");
    if let Some(full) = root.get_mut("uitvoeringsplan").and_then(Item::as_table_mut) {
        comment_out(full, "url", &guide.period);
    }
    if let Some(sections) = root
        .get_mut("paragraaf")
        .and_then(Item::as_array_of_tables_mut)
    {
        for s in sections.iter_mut() {
            guide.open_text(s, "tekst", "Tekst");
        }
    }
    if let Some(ind) = root
        .get_mut("in_de_districten")
        .and_then(Item::as_table_mut)
    {
        guide.open_text(ind, "inleiding", "Inleiding");
        if let Some(per) = ind.get_mut("per_district").and_then(Item::as_table_mut) {
            let keys: Vec<String> = per.iter().map(|(k, _)| k.to_string()).collect();
            for k in keys {
                guide.open_text(per, &k, "Tekst");
            }
        }
    }
    reference(root, outlook, old_title)
}

fn organisation(root: &mut Table, guide: &Guide) {
    guide.open_text(root, "inleiding", "Inleiding");
    if let Some(parts) = root
        .get_mut("onderdeel")
        .and_then(Item::as_array_of_tables_mut)
    {
        for part in parts.iter_mut() {
            guide.open_texts(
                part,
                &[
                    ("tekst", "Tekst"),
                    ("terugblik", "Terugblik"),
                    ("vooruitblik", "Vooruitblik"),
                    ("slot", "Slot"),
                ],
            );
        }
    }
}

/// The comment where a remainder row's `niet_leesbaar = true` was.
const REMAINDER: &str = "# In het vorige plan een restregel (niet_leesbaar = true) bij de opgegeven\n\
                         # totalen; nu een gewone regel: vul hem in of haal hem weg.\n";

/// Most years the results appendix shows (as `check` allows).
const MAX_RESULT_YEARS: usize = 6;

/// The results: the years the old plan had keep their figures; the years
/// since, up to the new look-back year, are added with every value open
/// (the oldest years make way beyond [`MAX_RESULT_YEARS`]). A file with one
/// `jaar` becomes one with `jaren`, each value a table per year, and that
/// year in a `waarde_tekst` becomes `{jaar}`.
fn results(root: &mut Table, p: &Periods) {
    let single = root.get("jaar").and_then(Item::as_integer);
    let old: Vec<i64> = match single {
        Some(y) => vec![y],
        None => root
            .get("jaren")
            .and_then(Item::as_array)
            .map(|a| a.iter().filter_map(Value::as_integer).collect())
            .unwrap_or_default(),
    };
    let Some(&last) = old.last() else { return };
    let mut years = old.clone();
    years.extend(last + 1..=p.new_lookback());
    if years.len() > MAX_RESULT_YEARS {
        years.drain(..years.len() - MAX_RESULT_YEARS);
    }
    if years == old && single.is_none() {
        return;
    }
    let list = Value::Array(years.iter().map(|y| Value::from(*y)).collect());
    if single.is_some() {
        // `jaar = 2022` becomes `jaren = [...]` in its place and with its comments.
        let prefix = leaf_prefix(root, "jaar");
        let decor = root
            .get("jaar")
            .and_then(Item::as_value)
            .map(|v| v.decor().clone());
        root.remove("jaar");
        let mut list = list;
        if let Some(d) = decor {
            *list.decor_mut() = d;
        }
        // After the other plain keys (`titel`), before the tables.
        root.insert("jaren", Item::Value(list));
        if let Some(mut k) = root.key_mut("jaren") {
            k.leaf_decor_mut().set_prefix(prefix);
        }
    } else {
        set(root, "jaren", list);
    }
    let per_year = |v: &mut Value| per_year(v, single, &years);
    let wording = |t: &mut Table| {
        if let (Some(y), Some(w)) = (single, t.get("waarde_tekst").and_then(Item::as_str)) {
            let new = w.replace(&y.to_string(), "{jaar}");
            set(t, "waarde_tekst", Value::from(new));
        }
    };
    let value_of = |t: &mut Table| {
        if let Some(v) = t.get_mut("waarde").and_then(Item::as_value_mut) {
            per_year(v);
        }
    };
    if let Some(measures) = root.get_mut("maat").and_then(Item::as_array_of_tables_mut) {
        for m in measures.iter_mut() {
            value_of(m);
            let Some(rows) = m.get_mut("regel").and_then(Item::as_array_of_tables_mut) else {
                continue;
            };
            for r in rows.iter_mut() {
                value_of(r);
                wording(r);
                if let Some(parts) = r.get_mut("uitsplitsing").and_then(Item::as_array_mut) {
                    for part in parts.iter_mut() {
                        if let Some(v) =
                            part.as_inline_table_mut().and_then(|t| t.get_mut("waarde"))
                        {
                            per_year(v);
                        }
                    }
                }
                if let Some(parts) = r.get_mut("deel").and_then(Item::as_array_of_tables_mut) {
                    parts.iter_mut().for_each(value_of);
                }
            }
        }
    }
    if let Some(notes) = root
        .get_mut("voetnoot")
        .and_then(Item::as_array_of_tables_mut)
    {
        for n in notes.iter_mut() {
            if let Some(values) = n.get_mut("waarden").and_then(Item::as_inline_table_mut) {
                for (_, v) in values.iter_mut() {
                    per_year(v);
                }
            }
        }
    }
}

/// A value of the results for `years`: a table per year keeps the years
/// it had (of `years`) and gets the others open; a single value (of the
/// one year `single`) becomes such a table.
fn per_year(v: &mut Value, single: Option<i64>, years: &[i64]) {
    let fresh = |v: &Value| match v {
        Value::Integer(n) => Some(Value::from(*n.value())),
        Value::String(s) => Some(Value::from(s.value().as_str())),
        _ => None,
    };
    let mut table = toml_edit::InlineTable::new();
    match (&*v, single) {
        (Value::InlineTable(old), _) => {
            for y in years {
                let key = y.to_string();
                let value = old
                    .get(&key)
                    .and_then(fresh)
                    .unwrap_or_else(|| Value::from("open"));
                table.insert(&key, value);
            }
        }
        (scalar, Some(year)) => {
            let Some(known) = fresh(scalar) else { return };
            for y in years {
                let value = if *y == year {
                    known.clone()
                } else {
                    Value::from("open")
                };
                table.insert(y.to_string(), value);
            }
        }
        _ => return,
    }
    table.fmt();
    replace(v, Value::InlineTable(table));
}

/// The budget: every line kept (rows, streams, funding) with its amounts
/// open; the totals the old source stated are gone (the new ones are
/// computed, or stated anew).
fn budget(root: &mut Table) {
    let open_row = |row: &mut Table| {
        for key in ["fte", "bedrag", "verdeling"] {
            set(row, key, Value::from("open"));
        }
    };
    // A remainder row (`niet_leesbaar`) was the old stated group total
    // minus the legible rows, and so stood in for their open values; with
    // the stated totals gone it is an ordinary row, whose open values count.
    let ordinary = |row: &mut Table| {
        if row.get("niet_leesbaar").and_then(Item::as_bool) == Some(true) {
            let next = next_value_key(row, "niet_leesbaar");
            let prefix = leaf_prefix(row, "niet_leesbaar");
            row.remove("niet_leesbaar");
            put_before(row, next, &format!("{prefix}{REMAINDER}"));
        }
    };
    if let Some(groups) = root.get_mut("groep").and_then(Item::as_array_of_tables_mut) {
        for g in groups.iter_mut() {
            remove_keeping_comments(g, "opgegeven");
            if let Some(rows) = g.get_mut("regel").and_then(Item::as_array_of_tables_mut) {
                rows.iter_mut().for_each(open_row);
                rows.iter_mut().for_each(ordinary);
            }
        }
    }
    if let Some(rows) = root.get_mut("regel").and_then(Item::as_array_of_tables_mut) {
        rows.iter_mut().for_each(open_row);
        rows.iter_mut().for_each(ordinary);
    }
    remove_keeping_comments(root, "opgegeven");
    // A stream's amount; a funding row's amount and split.
    for key in ["kolom", "financiering"] {
        if let Some(rows) = root.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            rows.iter_mut().for_each(open_row);
        }
    }
    for key in ["subsidie", "verschil"] {
        if let Some(t) = root.get_mut(key).and_then(Item::as_table_mut) {
            remove_keeping_comments(t, "opgegeven");
        }
    }
}

/// Removes `key` from `table`; a comment above it moves to what follows,
/// or stays as the table's last comment.
fn remove_keeping_comments(table: &mut Table, key: &str) {
    let prefix = leaf_prefix(table, key);
    let next = next_value_key(table, key);
    let Some(removed) = table.remove(key) else {
        return;
    };
    let prefix = match removed {
        // A table of its own (`[opgegeven]`): the comment above its header.
        Item::Table(t) => t
            .decor()
            .prefix()
            .and_then(|r| r.as_str())
            .unwrap_or("")
            .to_string(),
        _ => prefix,
    };
    if prefix.contains('#') {
        put_before(table, next, &prefix);
    }
}

/// The whitespace and comments before `key` in `table`.
fn leaf_prefix(table: &Table, key: &str) -> String {
    table
        .key(key)
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(|r| r.as_str())
        .unwrap_or("")
        .to_string()
}

/// The key that follows `key` in `table`.
fn next_value_key(table: &Table, key: &str) -> Option<String> {
    table
        .iter()
        .skip_while(|(k, _)| *k != key)
        .nth(1)
        .map(|(k, _)| k.to_string())
}

/// Puts `lines` (comments) before `next` in `table` (a key, or the header
/// of a table), or after the table's last value when nothing follows.
fn put_before(table: &mut Table, next: Option<String>, lines: &str) {
    fn prepend(decor: &mut toml_edit::Decor, lines: &str) {
        let after = decor
            .prefix()
            .and_then(|r| r.as_str())
            .unwrap_or("")
            .to_string();
        decor.set_prefix(format!("{lines}{after}"));
    }
    let Some(next) = next else {
        let last = table
            .iter()
            .filter(|(_, item)| item.is_value())
            .last()
            .map(|(k, _)| k.to_string());
        if let Some(v) = last.and_then(|k| table.get_mut(&k)?.as_value_mut()) {
            let before = v
                .decor()
                .suffix()
                .and_then(|r| r.as_str())
                .unwrap_or("")
                .to_string();
            let lines = lines.trim_end_matches('\n');
            v.decor_mut().set_suffix(format!("{before}\n{lines}"));
        }
        return;
    };
    match table.get_mut(&next) {
        Some(Item::Table(t)) => prepend(t.decor_mut(), lines),
        Some(Item::ArrayOfTables(a)) => {
            if let Some(t) = a.get_mut(0) {
                prepend(t.decor_mut(), lines);
            }
        }
        Some(Item::Value(_)) => {
            if let Some(mut k) = table.key_mut(&next) {
                prepend(k.leaf_decor_mut(), lines);
            }
        }
        _ => {}
    }
}

/// Replaces `key = "..."` by a comment with the same line, under a note
/// that it comes from the old plan.
fn comment_out(table: &mut Table, key: &str, period: &str) {
    let Some(old) = table.get(key).and_then(Item::as_str).map(str::to_string) else {
        return;
    };
    let lines = format!(
        "{}# Uit het vorige plan ({period}); zet hier de link voor het nieuwe plan:\n# {key} = {}\n",
        leaf_prefix(table, key),
        Value::from(old.as_str()).to_string().trim()
    );
    let next = next_value_key(table, key);
    table.remove(key);
    put_before(table, next, &lines);
}

/// `[referentie]`: the old outlook for the section document (replacing a
/// reference the old file had: the guidance is always the latest plan's).
fn reference(root: &mut Table, outlook: Option<String>, old_title: &str) -> Result<(), String> {
    root.remove("referentie");
    let Some(outlook) = outlook.filter(|o| !o.trim().is_empty()) else {
        return Ok(());
    };
    let mut t = Table::new();
    t.insert("plan", toml_edit::value(old_title));
    let text = super::write::prose_repr(outlook.trim_end())
        .parse::<Value>()
        .map_err(|e| format!("kan de vooruitblik niet overnemen: {e}"))?;
    t.insert("vooruitblik", Item::Value(text));
    t.decor_mut().set_prefix(
        "\n# De vooruitblik uit het vorige plan, ter referentie. Alleen het document\n\
         # voor dit onderdeel (build --format docx --section <id>) toont hem, in een\n\
         # kader dat niet wordt ingelezen; het plan zelf niet. Weg te halen zodra de\n\
         # nieuwe tekst er staat.\n",
    );
    root.insert("referentie", Item::Table(t));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Periods = Periods {
        old_from: 2023,
        old_to: 2024,
        old_lookback: 2022,
        new_from: 2025,
        new_to: 2026,
    };

    #[test]
    fn years_of_the_old_plan_move_in_labels() {
        assert_eq!(
            P.relabel("Uitvoeringsplan Midden-Nederland 2023-2024"),
            "Uitvoeringsplan Midden-Nederland 2025-2026"
        );
        assert_eq!(P.relabel("Begroting 2023"), "Begroting 2025");
        assert_eq!(
            P.relabel("Totale subsidie 2023 t/m 2025"),
            "Totale subsidie 2025 t/m 2027"
        );
        assert_eq!(P.relabel("eind 2024"), "eind 2026");
        assert_eq!(P.relabel("opgave 2023-24"), "opgave 2025-26");
        // Not a year of the plan, or not a year at all.
        assert_eq!(P.relabel("WPDG 3.0, 1990, 20231"), "WPDG 3.0, 1990, 20231");
    }

    #[test]
    fn an_old_text_becomes_a_comment_above_the_emptied_field() {
        let text = "# vooraf\nvooruitblik = \"\"\"\nEerste regel.\n\nTweede.\n\"\"\" # na\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        let guide = Guide {
            period: "2023-2024".into(),
        };
        let old = guide.open_text(doc.as_table_mut(), "vooruitblik", "Vooruitblik");
        assert_eq!(old.as_deref(), Some("Eerste regel.\n\nTweede.\n"));
        assert_eq!(
            doc.to_string(),
            "# vooraf\n# Vooruitblik uit het vorige plan (2023-2024), ter referentie:\n#   Eerste regel.\n#\n#   Tweede.\nvooruitblik = \"\" # na\n"
        );
    }

    #[test]
    fn a_removed_total_leaves_its_comment() {
        let text = "[[groep]]\nnaam = \"a\"\n# zo stond het er\nopgegeven = { bedrag = 5 }\n\n[[groep.regel]]\nbedrag = 5\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        budget(doc.as_table_mut());
        let out = doc.to_string();
        assert!(!out.contains("opgegeven"), "{out}");
        assert!(out.contains("# zo stond het er"), "{out}");
        assert!(out.contains("bedrag = \"open\""), "{out}");
    }

    #[test]
    fn a_remainder_row_becomes_an_ordinary_row() {
        let text = "[[groep]]\nnaam = \"a\"\nopgegeven = { bedrag = 5 }\n\n[[groep.regel]]\nfunctie = \"Rest\"\nniet_leesbaar = true\nbedrag = 5\nverdeling = \"open\"\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        budget(doc.as_table_mut());
        assert_eq!(
            doc.to_string(),
            format!(
                "[[groep]]\nnaam = \"a\"\n\n[[groep.regel]]\nfunctie = \"Rest\"\n{REMAINDER}bedrag = \"open\"\nverdeling = \"open\"\n"
            )
        );
    }

    #[test]
    fn streams_and_funding_are_opened_with_their_comments() {
        let text = "[[kolom]]\nid = \"rijk\"\nnaam = \"Rijk\"\n# uit de brief\nbedrag = 150000 # afgerond\n\n\
                    [[financiering]]\nomschrijving = \"Subsidie\"\nbedrag = 150000\nverdeling = { rijk = 150000 }\n\n\
                    [subsidie]\nlabel = \"Totaal\"\nopgegeven = { bedrag = 150000 }\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        budget(doc.as_table_mut());
        assert_eq!(
            doc.to_string(),
            "[[kolom]]\nid = \"rijk\"\nnaam = \"Rijk\"\n# uit de brief\nbedrag = \"open\" # afgerond\n\n\
             [[financiering]]\nomschrijving = \"Subsidie\"\nbedrag = \"open\"\nverdeling = \"open\"\n\n\
             [subsidie]\nlabel = \"Totaal\"\n"
        );
    }
}
