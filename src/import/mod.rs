//! Reading a revised DOCX section back into the sources: the file is opened
//! defensively (`package`), its body parsed (`document`) and compared, field
//! by field, with a fresh export of the same section (`map`); only fields
//! that really changed are written back, with toml_edit, into the section's
//! own file. Anything that cannot be mapped is an error and nothing is written.

pub mod document;
pub mod map;
pub mod package;
pub mod sheet;
pub mod summary;
pub mod symbols;

use std::collections::BTreeMap;

use document::{Body, Item, Unheld, Unsupported};
use map::Field;

use crate::error::Error;
use crate::model::Plan;
use crate::render::docx::fields::{FORMAT_VERSION, PROP_FORMAT, is_field};
use crate::render::docx::{self, PROP_FINGERPRINT, PROP_SECTION, PROP_VERSION};
use crate::render::quotes;
use crate::render::view::View;
use crate::source::SourceSet;
use crate::source::write::{self, Edit, NewValue, Seg};

/// What `import` may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub dry_run: bool,
    pub accept_changes: bool,
    pub force: bool,
}

/// The result of an import.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The source file (as shown) the section lives in.
    pub file: String,
    /// (field, what changed) for every changed field.
    pub changes: Vec<(String, String)>,
    /// (author, text, anchor) of every comment in the document.
    pub comments: Vec<document::Comment>,
    /// The new text of the source file (when anything changed).
    pub new_text: Option<String>,
    /// How many tracked changes were accepted.
    pub accepted: usize,
}

/// An import that cannot go ahead: a message and a hint (an empty hint is none).
fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::input(message).with_hint(hint)
}

/// Works out what importing `bytes` into the section it came from would change.
pub fn plan_import(
    bytes: &[u8],
    plan: &Plan,
    set: &SourceSet,
    view: &View,
    opts: Options,
) -> Result<Outcome, Error> {
    let package = package::open(bytes).map_err(|m| {
        refuse(
            m,
            "lever het .docx-bestand aan dat Word of LibreOffice heeft opgeslagen",
        )
    })?;
    let mut body = document::parse(&package, opts.accept_changes)
        .map_err(|m| refuse(m, "lever een .docx-bestand aan dat met `uitvoeringsplan build --format docx --section <id>` is gemaakt"))?;
    document::skip_instructions(&mut body);
    let section = body.properties.get(PROP_SECTION).cloned().ok_or_else(|| {
        refuse(
            "dit document is geen export van uitvoeringsplan (het mist de herkomstgegevens)",
            "maak het document met `uitvoeringsplan build --format docx --section <id>` en bewerk dat",
        )
    })?;
    if section == docx::WHOLE_PLAN {
        return Err(refuse(
            "dit is het hele plan; importeren gaat per district of thema",
            "maak per onderdeel een document met `uitvoeringsplan build --format docx --section <id>`",
        ));
    }
    if plan.district(&section).is_none() && plan.theme(&section).is_none() {
        return Err(refuse(
            format!("het onderdeel `{section}` van dit document bestaat niet (meer) in de bronnen"),
            "controleer of het bestand in sources/districten/ of sources/themas/ hernoemd is",
        ));
    }
    check_format(&body.properties, &section)?;
    let file = set
        .section_file(&section)
        .ok_or_else(|| {
            refuse(
                format!("het bronbestand van `{section}` is niet gevonden"),
                "controleer de bronnenmap",
            )
        })?
        .to_string();
    let current = set.section_fingerprint(Some(&section));
    let recorded = body
        .properties
        .get(PROP_FINGERPRINT)
        .cloned()
        .unwrap_or_default();
    if recorded != current && !opts.force {
        return Err(refuse(
            format!(
                "{file} is gewijzigd sinds dit document werd gemaakt; importeren zou die wijzigingen kunnen overschrijven"
            ),
            "maak een nieuwe export en breng de wijzigingen daarin over, of gebruik --force als u zeker weet dat niets verloren gaat",
        ));
    }
    if !opts.accept_changes && !body.changes.is_empty() {
        let places: Vec<String> = body
            .changes
            .iter()
            .take(3)
            .map(|c| {
                let author = if c.author.is_empty() {
                    "onbekend"
                } else {
                    &c.author
                };
                let place = if c.context.trim().is_empty() {
                    "aan het begin van een alinea".to_string()
                } else {
                    format!("na \"{}\"", c.context.trim_start())
                };
                format!("{} door {author}: \"{}\" {place}", c.kind, c.words)
            })
            .collect();
        let n = body.changes.len();
        let (noun, verb) = if n == 1 {
            ("bijgehouden wijziging", "is")
        } else {
            ("bijgehouden wijzigingen", "zijn")
        };
        return Err(refuse(
            format!(
                "het document bevat {n} {noun} die nog niet {verb} geaccepteerd: {}",
                places.join("; ")
            ),
            "accepteer of weiger ze in Word (Controleren → Accepteren), of gebruik --accept-changes om ze allemaal te accepteren",
        ));
    }
    // A fresh export of the same section is the reference.
    let fresh_bytes = docx::render_sources(view, Some(&section), set).map_err(|m| {
        refuse(
            format!("kan de vergelijkingsexport niet maken: {m}"),
            "meld dit als fout",
        )
    })?;
    let fresh_pkg = package::open(&fresh_bytes).map_err(|m| refuse(m, "meld dit als fout"))?;
    let mut fresh =
        document::parse(&fresh_pkg, false).map_err(|m| refuse(m, "meld dit als fout"))?;
    document::skip_instructions(&mut fresh);
    check_images(&package, &body, &fresh_pkg, &fresh)?;

    let fields = map::fields(view, &section);
    // A deleted bookmark is named before its text shows up as text outside
    // a field: the first is what the editor did, the second a consequence.
    check_fields_present(&fields, &body, &fresh)?;
    attach_to_fields(&mut body, &fresh)?;
    if let Some(u) = body.unsupported.first() {
        return Err(unsupported(u, &body, &fields));
    }

    let mut edits = Vec::new();
    let mut changes = Vec::new();
    for (name, field) in &fields {
        if !field_present(&fresh, name) {
            continue;
        }
        match field {
            Field::Prose(path) | Field::Goals(path) => {
                let new = map::blocks(&map::paragraphs(&body, name), &body.ordered);
                let old = map::blocks(&map::paragraphs(&fresh, name), &fresh.ordered);
                // A straight quote typed where the export shows a typographic
                // one reads the same: no change.
                let mut typeset = new.clone();
                quotes::smart_blocks(&mut typeset);
                if typeset == old {
                    continue;
                }
                // The document shows typographic quotes (the view makes
                // them); what is written back uses the sources' straight
                // form wherever the view would make the same quote again,
                // and keeps a form the editor typed against that rule.
                let (new_plain, old_plain) =
                    (quotes::plain_blocks(&new), quotes::plain_blocks(&old));
                let value = if matches!(field, Field::Goals(_)) {
                    NewValue::ProseList(goal_lines(&new_plain)?)
                } else {
                    // Unchanged paragraphs keep the editor's own Markdown.
                    let original =
                        write::read_string(set.texts.get(&file).map_or("", String::as_str), path)
                            .unwrap_or_default();
                    let md = crate::model::markdown::to_markdown_keeping(
                        &new_plain, &old_plain, &original,
                    );
                    let md = crate::model::markdown::to_markdown_exact_as(
                        &new,
                        md,
                        quotes::smart_blocks,
                    )
                    .map_err(|e| {
                        let (message, hint) = e.explain();
                        refuse(format!("{}: {message}", write::path_name(path)), hint)
                    })?;
                    NewValue::Prose(md)
                };
                changes.push((write::path_name(path), summary::describe(&old, &new)));
                edits.push(Edit {
                    path: path.clone(),
                    value,
                });
            }
            Field::Targets(path) => {
                text_beside_table(&body, &fresh, name, field).and_then(|()| {
                    table_edits(
                        &body,
                        &fresh,
                        name,
                        TableKind::Targets(path.clone()),
                        &mut edits,
                        &mut changes,
                    )
                })?
            }
            Field::Matrix(path) => {
                text_beside_table(&body, &fresh, name, field).and_then(|()| {
                    table_edits(
                        &body,
                        &fresh,
                        name,
                        TableKind::Matrix(path.clone(), matrix_columns(plan, &section)),
                        &mut edits,
                        &mut changes,
                    )
                })?
            }
        }
    }
    let old_text = set.texts.get(&file).cloned().unwrap_or_default();
    let new_text = if edits.is_empty() {
        None
    } else {
        Some(
            write::apply_keeping_form(&old_text, &edits, &same_markdown)
                .map_err(|m| refuse(m, "meld dit als fout"))?,
        )
    };
    Ok(Outcome {
        file,
        changes,
        comments: body.comments,
        new_text,
        accepted: if opts.accept_changes {
            body.changes.len()
        } else {
            0
        },
    })
}

/// Two Markdown texts that read the same (the write-back may move line
/// breaks inside a paragraph, never change what it says). Quotes count as the document shows them: a typographic quote the editor
/// kept in a line of the source reads the same as the straight one the
/// import would write there.
fn same_markdown(a: &str, b: &str) -> bool {
    use crate::model::richtext::parse;
    match (parse(a), parse(b)) {
        (Ok(mut x), Ok(mut y)) => {
            quotes::smart_blocks(&mut x);
            quotes::smart_blocks(&mut y);
            x == y
        }
        _ => false,
    }
}

/// The export's format version must be the one this tool reads: the
/// fields of an older (or newer) export may mean something else.
fn check_format(properties: &BTreeMap<String, String>, section: &str) -> Result<(), Error> {
    let made_by = match properties.get(PROP_VERSION) {
        Some(v) => format!("uitvoeringsplan {}", v.trim()),
        None => "versie onbekend".into(),
    };
    let again = format!(
        "exporteer de sectie opnieuw met deze versie (`uitvoeringsplan build --format docx --section {section}`), breng uw wijzigingen daarin over en importeer die"
    );
    let recorded = properties.get(PROP_FORMAT).map(|v| v.trim());
    match recorded.map(str::parse::<u32>) {
        Some(Ok(v)) if v == FORMAT_VERSION => Ok(()),
        Some(Ok(v)) if v > FORMAT_VERSION => Err(refuse(
            format!(
                "dit document is gemaakt met een nieuwere versie ({made_by}, exportformaat {v}); deze versie leest exportformaat {FORMAT_VERSION}"
            ),
            format!("werk uitvoeringsplan bij, of {again}"),
        )),
        Some(Ok(v)) => Err(refuse(
            format!(
                "dit document is gemaakt met een oudere versie ({made_by}, exportformaat {v}); deze versie leest exportformaat {FORMAT_VERSION}"
            ),
            again,
        )),
        None => Err(refuse(
            format!(
                "dit document is gemaakt met een oudere versie ({made_by}, zonder exportformaat); deze versie leest exportformaat {FORMAT_VERSION}"
            ),
            again,
        )),
        Some(Err(_)) => Err(refuse(
            format!(
                "het exportformaat van dit document (\"{}\") is onleesbaar",
                recorded.unwrap_or_default()
            ),
            again,
        )),
    }
}

/// The images the export holds may stay (Word may rename their parts, so
/// they are recognised by their bytes); an added image, or an extra copy of
/// one, cannot be read back.
fn check_images(
    package: &package::Package,
    body: &Body,
    fresh_pkg: &package::Package,
    fresh: &Body,
) -> Result<(), Error> {
    let foreign = package
        .media
        .iter()
        .filter(|(_, bytes)| !fresh_pkg.media.iter().any(|(_, b)| b == bytes))
        .count();
    let added = foreign.max(body.pictures.saturating_sub(fresh.pictures));
    if added > 0 {
        return Err(refuse(
            format!(
                "het document bevat {added} {}; die {} niet worden ingelezen",
                if added == 1 {
                    "toegevoegde afbeelding"
                } else {
                    "toegevoegde afbeeldingen"
                },
                if added == 1 { "kan" } else { "kunnen" }
            ),
            "verwijder de toegevoegde afbeeldingen uit het document (afbeeldingen horen in sources/ met een [[afbeelding]] en alt-tekst); is een afbeelding in sources/ sinds de export vervangen, maak dan een nieuwe export",
        ));
    }
    Ok(())
}

/// Every field of the fresh export is in the document (Word drops a
/// bookmark whose text is all deleted), and no field the export lacks.
fn check_fields_present(
    fields: &BTreeMap<String, Field>,
    body: &Body,
    fresh: &Body,
) -> Result<(), Error> {
    for (name, field) in fields {
        if field_present(fresh, name) && !field_present(body, name) {
            return Err(refuse(
                format!(
                    "het veld {} ontbreekt in het document (de bladwijzer {name} is verwijderd)",
                    field_label(field)
                ),
                "zet de tekst terug (Word verwijdert een bladwijzer als alle tekst erin wordt gewist) of maak een nieuwe export",
            ));
        }
    }
    let in_body = body.items.iter().flat_map(|i| match i {
        Item::Para(p) => &p.fields,
        Item::Table(t) => &t.fields,
    });
    if let Some(name) = in_body
        .filter(|f| is_field(f))
        .find(|f| !fields.contains_key(*f))
    {
        return Err(refuse(
            format!("het document bevat een veld ({name}) dat de export niet kent"),
            "maak een nieuwe export",
        ));
    }
    Ok(())
}

fn field_label(field: &Field) -> String {
    match field {
        Field::Prose(p) | Field::Goals(p) => write::path_name(p),
        Field::Targets(_) => "doelen (de tabel Doelen in cijfers)".into(),
        Field::Matrix(_) => "matrix (de tabel Partners en thema's)".into(),
    }
}

fn field_present(body: &Body, name: &str) -> bool {
    body.items.iter().any(|i| match i {
        Item::Para(p) => p.fields.contains(name),
        Item::Table(t) => t.fields.contains(name),
    })
}

/// Text that is not in a field: headings, labels, link boxes (and Word's
/// table of contents, which is skipped).
fn furniture(item: &Item) -> Option<String> {
    match item {
        Item::Para(p) if !p.fields.iter().any(|f| is_field(f)) => {
            let t = p.text().trim().to_string();
            let style = p.style.to_lowercase();
            let toc = style.starts_with("toc")
                || style.starts_with("contents")
                || style.starts_with("inhopg");
            (!t.is_empty() && !toc).then_some(t)
        }
        Item::Table(t) if !t.fields.iter().any(|f| is_field(f)) => Some(format!(
            "[tabel: {}]",
            t.rows.first().map(|r| r.join(" | ")).unwrap_or_default()
        )),
        _ => None,
    }
}

/// The furniture must be as exported, in order. A paragraph outside any
/// field bookmark that follows a field's text (Word leaves a paragraph typed
/// after a bookmark's end outside it) belongs to that field; other text
/// outside the fields is refused.
fn attach_to_fields(body: &mut Body, fresh: &Body) -> Result<(), Error> {
    let want: Vec<String> = fresh.items.iter().filter_map(furniture).collect();
    let mut wi = 0;
    let mut last_field: Option<String> = None;
    for item in &mut body.items {
        let own = match &*item {
            Item::Para(p) => p.fields.iter().find(|f| is_field(f)).cloned(),
            Item::Table(t) => t.fields.iter().find(|f| is_field(f)).cloned(),
        };
        if let Some(f) = own {
            last_field = Some(f);
            continue;
        }
        let Some(text) = furniture(item) else {
            continue;
        };
        if want.get(wi) == Some(&text) {
            wi += 1;
            last_field = None;
            continue;
        }
        // Word's updated table of contents repeats headings: skip those.
        if want[..wi].iter().any(|w| w == &text) && last_field.is_none() {
            continue;
        }
        match (&last_field, item) {
            (Some(field), Item::Para(p)) => {
                p.fields.insert(field.clone());
            }
            (_, Item::Table(t)) => {
                let place = match t.after_para {
                    0 => "aan het begin van het document".to_string(),
                    n => format!("na alinea {n}"),
                };
                return Err(refuse(
                    format!("{place} staat een nieuwe tabel; die kan niet worden ingelezen"),
                    "verwijder de tabel; tabellen komen uit de bronnen",
                ));
            }
            (None, Item::Para(p)) => {
                let message = match want.get(wi) {
                    Some(w) => format!(
                        "bij alinea {} staat \"{}\" waar de vaste tekst \"{}\" hoort: een kop is veranderd of er staat tekst buiten een veld",
                        p.number,
                        short(&text),
                        short(w)
                    ),
                    None => format!(
                        "tekst buiten een veld bij alinea {}: \"{}\"",
                        p.number,
                        short(&text)
                    ),
                };
                return Err(refuse(
                    message,
                    "koppen en vaste teksten komen uit de bronnen: zet ze terug zoals ze waren en schrijf nieuwe tekst onder een bestaande kop",
                ));
            }
        }
    }
    if let Some(missing) = want.get(wi) {
        return Err(refuse(
            format!(
                "de kop of vaste tekst \"{}\" ontbreekt of is veranderd",
                short(missing)
            ),
            "koppen en vaste teksten komen uit de bronnen: zet ze terug zoals ze waren, of wijzig ze in sources/",
        ));
    }
    Ok(())
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(70).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn goal_lines(blocks: &[crate::model::richtext::Block]) -> Result<Vec<String>, Error> {
    use crate::model::richtext::Block;
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::List { items, .. } => {
                for item in items {
                    out.push(crate::model::markdown::to_markdown(item));
                }
            }
            Block::Paragraph { .. } => {
                out.push(crate::model::markdown::to_markdown(std::slice::from_ref(b)))
            }
            Block::Quote { .. } => {
                return Err(refuse(
                    "een doelstelling kan geen citaat zijn",
                    "maak van elke doelstelling één genummerde regel",
                ));
            }
        }
    }
    Ok(out)
}

/// A table field, with the key path of its rows' array.
enum TableKind {
    Targets(Vec<Seg>),
    /// The matrix, with its column ids in order.
    Matrix(Vec<Seg>, Vec<String>),
}

fn matrix_columns(plan: &Plan, section: &str) -> Vec<String> {
    plan.district(section)
        .and_then(|d| d.matrix.as_ref())
        .map(|m| m.columns.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}

fn table_edits(
    body: &Body,
    fresh: &Body,
    name: &str,
    kind: TableKind,
    edits: &mut Vec<Edit>,
    changes: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    let (Some(new), Some(old)) = (map::table(body, name), map::table(fresh, name)) else {
        return Err(refuse(
            format!("de tabel {} ontbreekt", table_name(&kind)),
            "zet de tabel terug of maak een nieuwe export",
        ));
    };
    if new.rows.len() != old.rows.len()
        || new
            .rows
            .iter()
            .zip(&old.rows)
            .any(|(a, b)| a.len() != b.len())
    {
        return Err(refuse(
            format!(
                "rijen of kolommen van de tabel {} zijn toegevoegd of verwijderd",
                table_name(&kind)
            ),
            "voeg doelen, partners of thema's toe in sources/; in Word kunnen alleen de waarden in de cellen worden gewijzigd",
        ));
    }
    let key = |k: &str| Seg::Key(k.to_string());
    match kind {
        TableKind::Targets(rows) => {
            for (i, (a, b)) in new.rows.iter().zip(&old.rows).enumerate().skip(1) {
                if a[1..] != b[1..] {
                    return Err(refuse(
                        format!("de omschrijving of termijn van doel {i} is gewijzigd"),
                        "in Word kan alleen het aantal worden gewijzigd; wijzig de omschrijving in sources/",
                    ));
                }
                if a[0] != b[0] {
                    let value = map::count(&a[0]).map_err(|m| {
                        refuse(
                            format!("doel {i} in de tabel Doelen in cijfers: {m}"),
                            "schrijf een heel getal zonder komma of decimale punt (15, 1500 of 1.500 met een punt tussen de duizendtallen), of — als het nog open is",
                        )
                    })?;
                    let mut path = rows.clone();
                    path.extend([Seg::Index(i - 1), key("aantal")]);
                    changes.push((write::path_name(&path), format!("{} → {}", b[0], a[0])));
                    edits.push(Edit { path, value });
                }
            }
        }
        TableKind::Matrix(rows, columns) => {
            let header_rows = old
                .rows
                .iter()
                .take_while(|r| {
                    r.iter()
                        .skip(1)
                        .all(|c| map::mark(c).is_err() || c.trim().is_empty())
                })
                .count()
                .max(1);
            for (i, (a, b)) in new.rows.iter().zip(&old.rows).enumerate() {
                if i < header_rows || a == b {
                    if i < header_rows && a != b {
                        return Err(refuse(
                            "de kop van de matrix is gewijzigd",
                            "wijzig thema's en partners in sources/",
                        ));
                    }
                    continue;
                }
                if a[0] != b[0] {
                    return Err(refuse(
                        format!("de partnernaam \"{}\" in de matrix is gewijzigd", b[0]),
                        "wijzig partners in sources/",
                    ));
                }
                let mut yes = Vec::new();
                let mut no = Vec::new();
                for (c, cell) in a.iter().skip(1).enumerate() {
                    match map::mark(cell).map_err(|m| {
                        refuse(format!("matrix, {}: {m}", a[0]), "gebruik ✓, – of ?")
                    })? {
                        Some(true) => yes.push(columns.get(c).cloned().unwrap_or_default()),
                        Some(false) => no.push(columns.get(c).cloned().unwrap_or_default()),
                        None => {}
                    }
                }
                let row = i - header_rows;
                let mut base = rows.clone();
                base.push(Seg::Index(row));
                let mut p_yes = base.clone();
                p_yes.push(key("ja"));
                let mut p_no = base.clone();
                p_no.push(key("nee"));
                changes.push((
                    format!("{} ({})", write::path_name(&base), a[0]),
                    format!("ja: {}; nee: {}", list_or_none(&yes), list_or_none(&no)),
                ));
                edits.push(Edit {
                    path: p_yes,
                    value: NewValue::Strings(yes),
                });
                edits.push(Edit {
                    path: p_no,
                    value: NewValue::Strings(no),
                });
            }
        }
    }
    Ok(())
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        crate::format::OPEN.into()
    } else {
        v.join(", ")
    }
}

fn table_name(kind: &TableKind) -> &'static str {
    match kind {
        TableKind::Targets(_) => "met doelen",
        TableKind::Matrix(..) => "partners en thema's",
    }
}

/// Text typed right after a table (before the next heading) lands in the
/// table's field: a table field holds no text, so it is refused with its
/// place rather than dropped. (After the targets table comes a heading;
/// after the matrix its legend.)
fn text_beside_table(body: &Body, fresh: &Body, name: &str, field: &Field) -> Result<(), Error> {
    let texts = |b: &Body| {
        map::paragraphs(b, name)
            .into_iter()
            .filter(|p| !p.text().trim().is_empty())
            .map(|p| (p.number, p.text()))
            .collect::<Vec<_>>()
    };
    if map::table(body, name).is_none() {
        // The table itself is gone: `table_edits` says so.
        return Ok(());
    }
    let (now, was) = (texts(body), texts(fresh));
    let was: Vec<&String> = was.iter().map(|(_, t)| t).collect();
    if let Some((n, text)) = now.iter().find(|(_, t)| !was.contains(&t)) {
        return Err(refuse(
            format!(
                "alinea {n} (\"{}\") staat direct onder de tabel {}; daar hoort geen tekst en hij kan niet worden ingelezen",
                short(text),
                match field {
                    Field::Matrix(_) => "Partners en thema's",
                    _ => "Doelen in cijfers",
                }
            ),
            "zet de tekst onder de kop van een tekstveld (zoals Vooruitblik of een thema), of verwijder hem; doelen en partners staan in sources/",
        ));
    }
    Ok(())
}

/// The refusal for what the sources cannot hold, with its place.
fn unsupported(u: &Unsupported, body: &Body, fields: &BTreeMap<String, Field>) -> Error {
    let field = body.items.iter().find_map(|i| match i {
        Item::Para(p) if p.number == u.para => {
            p.fields.iter().find_map(|f| fields.get(f)).map(field_label)
        }
        _ => None,
    });
    let mut place = format!("alinea {}", u.para);
    if let Some(f) = field {
        place.push_str(&format!(" (veld {f})"));
    }
    let after = if u.context.trim().is_empty() {
        String::new()
    } else {
        format!(" na \"{}\"", u.context.trim_start())
    };
    let (what, hint) = match u.kind {
        Unheld::Hidden => (
            format!("verborgen tekst (\"{}\"){after}", u.detail),
            "maak de tekst zichtbaar (Lettertype → Verborgen uitzetten) of verwijder hem; de bronnen kennen geen verborgen tekst",
        ),
        Unheld::Struck => (
            format!("doorgehaalde tekst (\"{}\"){after}", u.detail),
            "de bronnen kennen geen doorhaling: verwijder de tekst als die weg moet (met Wijzigingen bijhouden blijft dat zichtbaar), of haal de doorhaling weg",
        ),
        Unheld::Footnote | Unheld::Endnote => (
            format!(
                "een {}{after}",
                if u.kind == Unheld::Footnote {
                    "voetnoot"
                } else {
                    "eindnoot"
                }
            ),
            "voetnoten en eindnoten kunnen niet worden ingelezen: zet hun tekst in de alinea zelf (bijvoorbeeld tussen haakjes) en verwijder de noot",
        ),
        Unheld::PageBreak => (
            format!("een pagina- of kolomeinde{after}"),
            "verwijder het pagina-einde: de indeling in pagina's komt uit de huisstijl",
        ),
        Unheld::Symbol => (
            format!(
                "een symbool uit een symboollettertype ({}){after} dat geen vast Unicode-teken heeft",
                u.detail
            ),
            "voeg het teken in uit een gewoon lettertype (Invoegen → Symbool, lettertype \"(normale tekst)\") of typ het, of verwijder het",
        ),
        Unheld::Formula => (
            format!("een formule{after}"),
            "schrijf de formule als gewone tekst; formules kunnen niet worden ingelezen",
        ),
    };
    refuse(
        format!("{place} bevat {what}; dat kan niet worden ingelezen"),
        hint,
    )
}
