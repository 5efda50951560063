//! Compares two validated plans by identity, not by page: sections by id,
//! fields by key, list items in order, table rows by their key (budget
//! function, funding row, result measure, target, board role, partner),
//! matrix cells by partner and column, the plan's metadata, and the
//! effect on the budget's computed totals and stated-vs-computed
//! differences. Text is compared paragraph by paragraph, word by word.

use std::collections::{BTreeMap, BTreeSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::labels::CHANGE_LABELS as L;
use super::words::{self, PieceKind};
use super::{
    Change, Changes, PartEvent, Place, Quantity, SectionChanges, SectionId, TextChange, What,
};
use crate::format;
use crate::model::budget::{self, Budget, Total};
use crate::model::richtext::{Block, RichText, plain};
use crate::model::{self, Mark, OpenOr, Plan, Status};
use crate::render::docx::fields::{self, Spec};
use crate::render::view::LABELS;

/// Every change from `old` to `new`, per section, in the current plan's
/// order (a removed district or theme where it stood before).
pub fn compare(old: &Plan, new: &Plan) -> Changes {
    let mut sections = Vec::new();
    let mut push = |section: SectionId, title: String, heading: Vec<String>, out: Out| {
        if !out.0.is_empty() {
            sections.push(SectionChanges {
                section,
                title,
                heading,
                changes: out.0,
            });
        }
    };
    push(
        SectionId::Plan,
        new.meta.title.clone(),
        vec![L.cover.to_string()],
        meta(old, new),
    );
    push(
        SectionId::Board,
        new.board.title.clone(),
        vec![new.board.title.clone()],
        board(&old.board, &new.board),
    );
    for (o, n, event) in keyed(&old.districts, &new.districts, |d| d.id.clone()) {
        let d = n.or(o).map(|(_, d)| d).expect("one side");
        let id = SectionId::District(d.id.clone());
        let at = At::section(&id, n.is_none());
        let mut out = Out::default();
        part_event(&mut out, &at, &LABELS.district.to_lowercase(), event);
        // An added or removed district is compared with an empty one: all
        // its content is listed as added or removed.
        let blank = blank_district(&d.id);
        let (o, n) = (o.map_or(&blank, |x| x.1), n.map_or(&blank, |x| x.1));
        district(&mut out, &at, old, new, o, n);
        push(
            id,
            d.name.clone(),
            vec![LABELS.districts_title.into(), d.name.clone()],
            out,
        );
    }
    for (o, n, event) in keyed(&old.themes, &new.themes, |t| t.id.clone()) {
        let t = n.or(o).map(|(_, t)| t).expect("one side");
        let id = SectionId::Theme(t.id.clone());
        let at = At::section(&id, n.is_none());
        let mut out = Out::default();
        part_event(&mut out, &at, L.theme, event);
        let blank = blank_theme(&t.id);
        let (o, n) = (o.map_or(&blank, |x| x.1), n.map_or(&blank, |x| x.1));
        theme(&mut out, &at, old, new, o, n);
        push(
            id,
            t.title.clone(),
            vec![LABELS.themes_title.into(), t.title.clone()],
            out,
        );
    }
    push(
        SectionId::Organisation,
        new.organisation.title.clone(),
        vec![new.organisation.title.clone()],
        organisation(old, new),
    );
    push(
        SectionId::Budget,
        new.budget.title.clone(),
        vec![new.organisation.title.clone(), new.budget.title.clone()],
        budget_changes(&old.budget, &new.budget),
    );
    push(
        SectionId::Results,
        new.results.title.clone(),
        vec![LABELS.appendix_title.into(), new.results.title.clone()],
        results(&old.results, &new.results),
    );
    Changes { sections }
}

/// The changes of one section, as they are found.
#[derive(Default)]
struct Out(Vec<Change>);

impl Out {
    fn push(&mut self, at: &At, what: What) {
        self.0.push(Change {
            place: at.place(),
            what,
        });
    }
}

/// Where the comparison is: what becomes a change's [`Place`].
#[derive(Debug, Clone, Default)]
struct At {
    anchor: Option<String>,
    heading: Vec<String>,
    key: String,
    field: Option<String>,
    row: Option<String>,
    block: Option<usize>,
    removed: bool,
}

impl At {
    fn section(id: &SectionId, removed: bool) -> At {
        At {
            anchor: id.anchor(),
            removed,
            ..At::default()
        }
    }

    /// One key deeper: `thema[2]` then `.tekst`.
    fn key(&self, key: impl AsRef<str>) -> At {
        let key = key.as_ref();
        let mut at = self.clone();
        at.key = match (self.key.is_empty(), key.starts_with('[')) {
            (true, _) | (false, true) => format!("{}{key}", self.key),
            (false, false) => format!("{}.{key}", self.key),
        };
        at
    }

    fn item(&self, key: &str, n: usize) -> At {
        self.key(format!("{key}[{n}]"))
    }

    fn heading(&self, heading: impl Into<String>) -> At {
        let mut at = self.clone();
        at.heading.push(heading.into());
        at
    }

    fn anchor(&self, anchor: String) -> At {
        At {
            anchor: Some(anchor),
            ..self.clone()
        }
    }

    fn field(&self, spec: &Spec, n: Option<usize>) -> At {
        At {
            field: Some(spec.name(n)),
            ..self.clone()
        }
    }

    fn row(&self, row: impl Into<String>) -> At {
        At {
            row: Some(row.into()),
            ..self.clone()
        }
    }

    fn removed(&self, removed: bool) -> At {
        At {
            removed: self.removed || removed,
            ..self.clone()
        }
    }

    fn place(&self) -> Place {
        Place {
            anchor: self.anchor.clone(),
            heading: self.heading.clone(),
            key: self.key.clone(),
            field: self.field.clone(),
            row: self.row.clone(),
            block: self.block,
            removed: self.removed,
        }
    }
}

// ---------------------------------------------------------------------------
// The comparisons of values.

/// A one-line text (a title, a name, an address).
fn text(out: &mut Out, at: &At, label: &str, old: &str, new: &str) {
    if old == new {
        return;
    }
    let (change, pieces) = if old.is_empty() {
        (TextChange::Added, words::whole(PieceKind::Inserted, new))
    } else if new.is_empty() {
        (TextChange::Removed, words::whole(PieceKind::Deleted, old))
    } else {
        (TextChange::Changed, words::diff(old, new))
    };
    out.push(
        at,
        What::Text {
            label: label.to_string(),
            change,
            pieces,
        },
    );
}

fn opt_text(out: &mut Out, at: &At, label: &str, old: Option<&str>, new: Option<&str>) {
    text(
        out,
        at,
        label,
        old.unwrap_or_default(),
        new.unwrap_or_default(),
    );
}

fn yes_no(v: bool) -> &'static str {
    if v { L.yes } else { L.no }
}

fn number(out: &mut Out, at: &At, label: &str, old: Quantity, new: Quantity) {
    if old != new {
        out.push(
            at,
            What::Number {
                label: label.to_string(),
                old,
                new,
            },
        );
    }
}

fn count(v: &OpenOr<u64>) -> Quantity {
    match v {
        OpenOr::Known(n) => Quantity::Count(*n),
        OpenOr::Open => Quantity::Open,
    }
}

fn euro(v: &OpenOr<model::Euro>) -> Quantity {
    match v {
        OpenOr::Known(n) => Quantity::Euro(*n),
        OpenOr::Open => Quantity::Open,
    }
}

/// A paragraph of rich text: its top-level block, its words, and the whole
/// of it (so that a change of bold or a link is seen too).
struct Para {
    block: usize,
    words: String,
    whole: String,
}

/// The paragraphs of a rich text, in reading order: a list item and each
/// paragraph of a quote count as one.
fn paragraphs(rt: &[Block]) -> Vec<Para> {
    fn blocks(bs: &[Block], top: Option<usize>, out: &mut Vec<Para>) {
        for (i, b) in bs.iter().enumerate() {
            let block = top.unwrap_or(i);
            match b {
                Block::Paragraph { inlines } => out.push(Para {
                    block,
                    words: plain(inlines),
                    whole: format!("{inlines:?}"),
                }),
                Block::List { items, .. } => {
                    for item in items {
                        out.push(Para {
                            block,
                            words: crate::render::view::rich_plain(item),
                            whole: format!("{item:?}"),
                        });
                    }
                }
                Block::Quote {
                    blocks: inner,
                    attribution,
                } => {
                    self::paragraphs_into(inner, block, out);
                    if let Some(a) = attribution {
                        out.push(Para {
                            block,
                            words: format!("{}{}", LABELS.attribution, plain(a)),
                            whole: format!("{a:?}"),
                        });
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    blocks(rt, None, &mut out);
    out
}

fn paragraphs_into(bs: &[Block], top: usize, out: &mut Vec<Para>) {
    for b in bs {
        let mut inner = paragraphs(std::slice::from_ref(b));
        for p in &mut inner {
            p.block = top;
        }
        out.extend(inner);
    }
}

/// Rich text, paragraph by paragraph: paragraphs added, removed, changed
/// (word by word) or with only their formatting changed.
fn rich(out: &mut Out, at: &At, label: &str, old: &RichText, new: &RichText) {
    if old == new {
        return;
    }
    let a = paragraphs(old);
    let b = paragraphs(new);
    let ka: Vec<&str> = a.iter().map(|p| p.whole.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|p| p.whole.as_str()).collect();
    let mut push = |o: Option<&Para>, n: Option<&Para>| {
        let (change, pieces) = match (o, n) {
            (Some(o), Some(n)) if o.words == n.words => (
                TextChange::Formatting,
                words::whole(PieceKind::Same, &n.words),
            ),
            (Some(o), Some(n)) => (TextChange::Changed, words::diff(&o.words, &n.words)),
            (None, Some(n)) => (
                TextChange::Added,
                words::whole(PieceKind::Inserted, &n.words),
            ),
            (Some(o), None) => (
                TextChange::Removed,
                words::whole(PieceKind::Deleted, &o.words),
            ),
            (None, None) => return,
        };
        let mut at = at.removed(n.is_none());
        at.block = n.or(o).map(|p| p.block);
        out.push(
            &at,
            What::Text {
                label: label.to_string(),
                change,
                pieces,
            },
        );
    };
    for (olds, news) in runs(&ka, &kb) {
        let paired = olds.len().min(news.len());
        for i in 0..paired {
            push(Some(&a[olds[i]]), Some(&b[news[i]]));
        }
        for &i in &olds[paired..] {
            push(Some(&a[i]), None);
        }
        for &i in &news[paired..] {
            push(None, Some(&b[i]));
        }
    }
}

/// The stretches where two sequences differ: the indexes on each side
/// (one side may be empty), in order.
fn runs<T: Eq + std::hash::Hash + Ord>(a: &[T], b: &[T]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut open = false;
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, ra, rb) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            open = false;
            continue;
        }
        if !open {
            out.push((Vec::new(), Vec::new()));
            open = true;
        }
        let last = out.last_mut().expect("pushed");
        last.0.extend(ra);
        last.1.extend(rb);
    }
    out
}

/// A list of one-line texts (goals, partners), item by item; `key` names
/// the list in the source, `label` an item.
fn list(out: &mut Out, at: &At, key: &str, label: &str, old: &[String], new: &[String]) {
    for (olds, news) in runs(old, new) {
        let paired = olds.len().min(news.len());
        let item = |i: usize, removed: bool| {
            let mut at = at.item(key, i).removed(removed);
            at.block = Some(i);
            at
        };
        for i in 0..paired {
            let (o, n) = (olds[i], news[i]);
            text(
                out,
                &item(n, false),
                &format!("{label} {}", n + 1),
                &old[o],
                &new[n],
            );
        }
        for &o in &olds[paired..] {
            text(
                out,
                &item(o, true),
                &format!("{label} {}", o + 1),
                &old[o],
                "",
            );
        }
        for &n in &news[paired..] {
            text(
                out,
                &item(n, false),
                &format!("{label} {}", n + 1),
                "",
                &new[n],
            );
        }
    }
}

/// Pairs the items of two lists by key, in the current order (the removed
/// ones after), with what happened to each in the order: added, removed,
/// or moved (an item out of the longest run kept in order).
#[allow(clippy::type_complexity)]
fn keyed<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> String,
) -> Vec<(
    Option<(usize, &'a T)>,
    Option<(usize, &'a T)>,
    Option<PartEvent>,
)> {
    let old_keys: Vec<String> = old.iter().map(&key).collect();
    let new_keys: Vec<String> = new.iter().map(&key).collect();
    let in_old: BTreeMap<&str, usize> = old_keys
        .iter()
        .enumerate()
        .rev()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let in_new: BTreeSet<&str> = new_keys.iter().map(String::as_str).collect();
    // The common keys in each order; those outside their longest common
    // run have moved.
    let common_old: Vec<&str> = old_keys
        .iter()
        .map(String::as_str)
        .filter(|k| in_new.contains(k))
        .collect();
    let common_new: Vec<&str> = new_keys
        .iter()
        .map(String::as_str)
        .filter(|k| in_old.contains_key(k))
        .collect();
    let mut moved: BTreeSet<&str> = BTreeSet::new();
    for (_, news) in runs(&common_old, &common_new) {
        moved.extend(news.iter().map(|&i| common_new[i]));
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (j, (k, n)) in new_keys.iter().zip(new).enumerate() {
        if !seen.insert(k.as_str()) {
            continue;
        }
        match in_old.get(k.as_str()) {
            Some(&i) => {
                let event = moved.contains(k.as_str()).then_some(PartEvent::Moved {
                    from: i + 1,
                    to: j + 1,
                });
                out.push((Some((i, &old[i])), Some((j, n)), event));
            }
            None => out.push((None, Some((j, n)), Some(PartEvent::Added))),
        }
    }
    for (i, (k, o)) in old_keys.iter().zip(old).enumerate() {
        if !in_new.contains(k.as_str()) && seen.insert(k.as_str()) {
            out.push((Some((i, o)), None, Some(PartEvent::Removed)));
        }
    }
    out
}

fn part_event(out: &mut Out, at: &At, label: &str, event: Option<PartEvent>) {
    if let Some(event) = event {
        out.push(
            at,
            What::Part {
                label: label.to_string(),
                event,
            },
        );
    }
}

fn row(out: &mut Out, at: &At, table: &str, added: bool, cells: Vec<String>) {
    out.push(
        &at.removed(!added),
        What::Row {
            table: table.to_string(),
            added,
            cells,
        },
    );
}

// ---------------------------------------------------------------------------
// The sections.

fn meta(old: &Plan, new: &Plan) -> Out {
    let (o, n) = (&old.meta, &new.meta);
    let mut out = Out::default();
    let at = At::default();
    let out_ = &mut out;
    text(out_, &at.key("titel"), L.title, &o.title, &n.title);
    text(out_, &at.key("slogan"), L.slogan, &o.slogan, &n.slogan);
    text(
        out_,
        &at.key("regio"),
        &LABELS.region.to_lowercase(),
        &o.region,
        &n.region,
    );
    text(
        out_,
        &at.key("organisatie"),
        L.organisation,
        &o.organisation,
        &n.organisation,
    );
    number(
        out_,
        &at.key("periode.van"),
        L.period_from,
        Quantity::Year(o.period_from),
        Quantity::Year(n.period_from),
    );
    number(
        out_,
        &at.key("periode.tot"),
        L.period_to,
        Quantity::Year(o.period_to),
        Quantity::Year(n.period_to),
    );
    number(
        out_,
        &at.key("terugblikjaar"),
        L.lookback_year,
        Quantity::Year(o.lookback_year),
        Quantity::Year(n.lookback_year),
    );
    let date = |d: Option<chrono::NaiveDate>| d.map_or(Quantity::Open, Quantity::Date);
    number(
        out_,
        &at.key("publicatiedatum"),
        L.publication_date,
        date(o.publication_date),
        date(n.publication_date),
    );
    text(
        out_,
        &at.key("programma"),
        &LABELS.programme.to_lowercase(),
        &o.programme,
        &n.programme,
    );
    text(
        out_,
        &at.key("programma_afkorting"),
        L.programme_short,
        &o.programme_short,
        &n.programme_short,
    );
    let status = |s: Status| match s {
        Status::Concept => LABELS.status_concept,
        Status::Definitief => LABELS.status_final,
    };
    text(
        out_,
        &at.key("status"),
        &LABELS.status.to_lowercase(),
        status(o.status),
        status(n.status),
    );
    rich(
        out_,
        &at.key("inleiding").heading(L.intro),
        L.intro,
        &o.intro,
        &n.intro,
    );
    opt_text(
        out_,
        &at.key("ronde.contact"),
        L.round_contact,
        o.round.as_ref().map(|r| r.contact.as_str()),
        n.round.as_ref().map(|r| r.contact.as_str()),
    );
    let return_by = |r: &Option<model::Round>| {
        r.as_ref()
            .and_then(|r| r.return_by)
            .map_or(Quantity::Absent, Quantity::Date)
    };
    number(
        out_,
        &at.key("ronde.retour_voor"),
        L.round_return_by,
        return_by(&o.round),
        return_by(&n.round),
    );
    out
}

fn board(o: &model::Board, n: &model::Board) -> Out {
    let mut out = Out::default();
    let at = At::section(&SectionId::Board, false);
    text(&mut out, &at.key("titel"), L.title, &o.title, &n.title);
    rich(&mut out, &at.key("inleiding"), L.intro, &o.intro, &n.intro);
    for (om, nm, event) in keyed(&o.members, &n.members, |m| m.role.clone()) {
        let function = |m: &model::BoardMember| m.function.clone().unwrap_or_default();
        match (om, nm) {
            (Some((_, om)), Some((j, nm))) => {
                let at = at.item("lid", j).row(nm.role.clone());
                opt_text(
                    &mut out,
                    &at.key("functie"),
                    LABELS.board_header[0],
                    om.function.as_deref(),
                    nm.function.as_deref(),
                );
                if om.uncertain != nm.uncertain {
                    text(
                        &mut out,
                        &at.key("functie_onzeker"),
                        L.uncertain,
                        yes_no(om.uncertain),
                        yes_no(nm.uncertain),
                    );
                }
            }
            (Some((i, m)), None) | (None, Some((i, m))) => {
                let added = matches!(event, Some(PartEvent::Added));
                row(
                    &mut out,
                    &at.item("lid", i).row(m.role.clone()),
                    &n.title,
                    added,
                    vec![function(m), m.role.clone()],
                );
            }
            (None, None) => {}
        }
    }
    opt_text(
        &mut out,
        &at.key("toelichting"),
        L.note,
        o.note.as_deref(),
        n.note.as_deref(),
    );
    out
}

fn district(
    out: &mut Out,
    at: &At,
    old: &Plan,
    new: &Plan,
    o: &model::District,
    n: &model::District,
) {
    text(out, &at.key("naam"), L.name, &o.name, &n.name);
    opt_text(
        out,
        &at.key("districtsplan"),
        L.plan_link,
        o.plan_url.as_deref(),
        n.plan_url.as_deref(),
    );
    opt_text(
        out,
        &at.key("partnerdeel"),
        L.partner_link,
        o.partner_url.as_deref(),
        n.partner_url.as_deref(),
    );
    list(
        out,
        at,
        "partners",
        &LABELS.matrix_corner.to_lowercase(),
        &o.partners,
        &n.partners,
    );
    let lookback = |p: &Plan| format!("{} {}", LABELS.lookback, p.meta.lookback_year);
    let outlook = |p: &Plan| {
        format!(
            "{} {}",
            LABELS.outlook,
            format::period(p.meta.period_from, p.meta.period_to)
        )
    };
    let h = lookback(new);
    rich(
        out,
        &at.key("terugblik")
            .heading(&h)
            .field(&fields::DISTRICT_LOOKBACK, None),
        &h,
        &o.lookback,
        &n.lookback,
    );
    let h = outlook(new);
    rich(
        out,
        &at.key("vooruitblik")
            .heading(&h)
            .field(&fields::DISTRICT_OUTLOOK, None),
        &h,
        &o.outlook,
        &n.outlook,
    );
    let _ = (lookback(old), outlook(old));
    // Targets, by their description.
    let targets_at = at
        .heading(LABELS.targets)
        .field(&fields::DISTRICT_TARGETS, None);
    for (ot, nt, event) in keyed(&o.targets, &n.targets, |t| t.description.clone()) {
        match (ot, nt) {
            (Some((_, ot)), Some((j, nt))) => {
                let at = targets_at.item("doel", j).row(nt.description.clone());
                number(
                    out,
                    &at.key("aantal"),
                    LABELS.target_count,
                    count(&ot.count),
                    count(&nt.count),
                );
                opt_text(
                    out,
                    &at.key("termijn"),
                    LABELS.target_term,
                    ot.term.as_deref(),
                    nt.term.as_deref(),
                );
                opt_text(
                    out,
                    &at.key("thema"),
                    L.theme,
                    ot.theme.as_deref(),
                    nt.theme.as_deref(),
                );
            }
            (Some((i, t)), None) | (None, Some((i, t))) => row(
                out,
                &targets_at.item("doel", i).row(t.description.clone()),
                LABELS.targets,
                matches!(event, Some(PartEvent::Added)),
                vec![
                    format::count_or_open(&t.count),
                    t.description.clone(),
                    t.term.clone().unwrap_or_default(),
                ],
            ),
            (None, None) => {}
        }
    }
    matrix(out, &at.heading(LABELS.matrix), o, n);
    // The district's themes, by id.
    for (ot, nt, event) in keyed(&o.themes, &n.themes, |t| t.id.clone()) {
        let (i, t) = nt.or(ot).expect("one side");
        let anchor = format!("district-{}-{}", n.id, t.id);
        let at = at
            .item("thema", i)
            .anchor(anchor)
            .heading(t.title.clone())
            .removed(nt.is_none());
        part_event(out, &at, L.theme, event);
        let blank = model::DistrictTheme {
            id: t.id.clone(),
            title: String::new(),
            regional_theme: None,
            text: Vec::new(),
        };
        {
            let (ot, nt) = (ot.map_or(&blank, |x| x.1), nt.map_or(&blank, |x| x.1));
            let j = i;
            text(out, &at.key("titel"), L.title, &ot.title, &nt.title);
            let title = |p: &Plan, id: &Option<String>| {
                id.as_deref()
                    .map(|id| p.theme(id).map_or(id.to_string(), |t| t.title.clone()))
            };
            opt_text(
                out,
                &at.key("regiothema"),
                L.regional_theme,
                title(old, &ot.regional_theme).as_deref(),
                title(new, &nt.regional_theme).as_deref(),
            );
            rich(
                out,
                &at.key("tekst").field(&fields::DISTRICT_THEME, Some(j)),
                L.text,
                &ot.text,
                &nt.text,
            );
        }
    }
    figures(out, at, &o.figures, &n.figures);
}

fn matrix(out: &mut Out, at: &At, o: &model::District, n: &model::District) {
    let empty = model::Matrix {
        note: None,
        columns: Vec::new(),
        rows: Vec::new(),
    };
    let (om, nm) = match (&o.matrix, &n.matrix) {
        (None, None) => return,
        (om, nm) => (om.as_ref().unwrap_or(&empty), nm.as_ref().unwrap_or(&empty)),
    };
    let at = at.key("matrix").field(&fields::DISTRICT_MATRIX, None);
    opt_text(
        out,
        &at.key("toelichting"),
        L.note,
        om.note.as_deref(),
        nm.note.as_deref(),
    );
    let mark_text = |m: &Mark| crate::render::view::mark_sign(m).to_string();
    for (oc, nc, event) in keyed(&om.columns, &nm.columns, |c| c.id.clone()) {
        match (oc, nc) {
            (Some((_, oc)), Some((j, nc))) => {
                let at = at.item("kolom", j);
                text(out, &at.key("titel"), L.column, &oc.title, &nc.title);
                opt_text(
                    out,
                    &at.key("groep"),
                    L.column,
                    oc.group.as_deref(),
                    nc.group.as_deref(),
                );
            }
            (Some((i, c)), None) | (None, Some((i, c))) => row(
                out,
                &at.item("kolom", i),
                LABELS.matrix,
                matches!(event, Some(PartEvent::Added)),
                vec![L.column.to_string(), c.title.clone()],
            ),
            (None, None) => {}
        }
    }
    for (or, nr, event) in keyed(&om.rows, &nm.rows, |r| r.partner.clone()) {
        match (or, nr) {
            (Some((_, or)), Some((j, nr))) => {
                let at = at.item("rij", j).row(nr.partner.clone());
                for (ci, c) in nm.columns.iter().enumerate() {
                    let Some(oi) = om.columns.iter().position(|x| x.id == c.id) else {
                        continue;
                    };
                    let (old, new) = (or.marks.get(oi).copied(), nr.marks.get(ci).copied());
                    if old != new {
                        out.push(
                            &at,
                            What::Mark {
                                partner: nr.partner.clone(),
                                column: c.title.clone(),
                                old,
                                new,
                            },
                        );
                    }
                }
            }
            (Some((i, r)), None) | (None, Some((i, r))) => {
                let mut cells = vec![r.partner.clone()];
                cells.extend(r.marks.iter().map(mark_text));
                row(
                    out,
                    &at.item("rij", i).row(r.partner.clone()),
                    LABELS.matrix,
                    matches!(event, Some(PartEvent::Added)),
                    cells,
                );
            }
            (None, None) => {}
        }
    }
}

fn figures(out: &mut Out, at: &At, o: &[model::Figure], n: &[model::Figure]) {
    for (of, nf, event) in keyed(o, n, |f| f.path.clone()) {
        let (i, f) = nf.or(of).expect("one side");
        let at = at
            .item("afbeelding", i)
            .row(f.path.clone())
            .removed(nf.is_none());
        part_event(out, &at, &format!("{} {}", L.figure, f.path), event);
        if let (Some((_, of)), Some((_, nf))) = (of, nf) {
            text(out, &at.key("alt"), L.alt, &of.alt, &nf.alt);
            opt_text(
                out,
                &at.key("bijschrift"),
                L.caption,
                of.caption.as_deref(),
                nf.caption.as_deref(),
            );
        }
    }
}

fn theme(out: &mut Out, at: &At, old: &Plan, new: &Plan, o: &model::Theme, n: &model::Theme) {
    text(out, &at.key("titel"), L.title, &o.title, &n.title);
    text(out, &at.key("navigatie"), L.nav_name, &o.nav, &n.nav);
    rich(
        out,
        &at.key("inleiding").field(&fields::THEME_INTRO, None),
        L.intro,
        &o.intro,
        &n.intro,
    );
    let lookback = format!("{} {}", LABELS.lookback, new.meta.lookback_year);
    rich(
        out,
        &at.key("terugblik")
            .heading(&lookback)
            .field(&fields::THEME_LOOKBACK, None),
        &lookback,
        &o.lookback,
        &n.lookback,
    );
    let outlook = n.outlook_title.clone().unwrap_or_else(|| {
        format!(
            "{} {}",
            LABELS.outlook,
            format::period(new.meta.period_from, new.meta.period_to)
        )
    });
    opt_text(
        out,
        &at.key("vooruitblik_titel"),
        L.outlook_title,
        o.outlook_title.as_deref(),
        n.outlook_title.as_deref(),
    );
    rich(
        out,
        &at.key("vooruitblik")
            .heading(&outlook)
            .field(&fields::THEME_OUTLOOK, None),
        &outlook,
        &o.outlook,
        &n.outlook,
    );
    let goals = |t: &model::Theme| -> Vec<String> { t.goals.iter().map(|g| plain(g)).collect() };
    list(
        out,
        &at.heading(LABELS.goals).field(&fields::THEME_GOALS, None),
        "doelen",
        L.goal,
        &goals(o),
        &goals(n),
    );
    opt_text(
        out,
        &at.key("uitvoeringsplan.tekst"),
        L.full_plan,
        o.full_plan.as_ref().map(|f| f.text.as_str()),
        n.full_plan.as_ref().map(|f| f.text.as_str()),
    );
    opt_text(
        out,
        &at.key("uitvoeringsplan.url"),
        L.full_plan_link,
        o.full_plan.as_ref().and_then(|f| f.url.as_deref()),
        n.full_plan.as_ref().and_then(|f| f.url.as_deref()),
    );
    // The paragraphs, by title (an untitled one by its place among the
    // untitled).
    let keys = |t: &model::Theme| -> Vec<String> {
        let mut untitled = 0;
        t.sections
            .iter()
            .map(|s| match &s.title {
                Some(title) => title.clone(),
                None => {
                    untitled += 1;
                    format!("\u{0}{untitled}")
                }
            })
            .collect()
    };
    let (ko, kn) = (keys(o), keys(n));
    let paired = keyed(&ko, &kn, Clone::clone);
    for (os, ns, event) in paired {
        let (i, _) = ns.or(os).expect("one side");
        let section = ns
            .map(|(j, _)| &n.sections[j])
            .or(os.map(|(i, _)| &o.sections[i]))
            .expect("one side");
        let mut at = at.item("paragraaf", i).removed(ns.is_none());
        if let Some(title) = &section.title {
            at = at.heading(title.clone());
        }
        part_event(out, &at, L.paragraph, event);
        let none = Vec::new();
        rich(
            out,
            &at.key("tekst").field(&fields::THEME_PARAGRAPH, Some(i)),
            L.text,
            os.map_or(&none, |(oi, _)| &o.sections[oi].text),
            ns.map_or(&none, |(j, _)| &n.sections[j].text),
        );
    }
    // In the districts.
    let empty = model::InDistricts {
        title: String::new(),
        intro: Vec::new(),
        per_district: Vec::new(),
    };
    if o.in_districts.is_some() || n.in_districts.is_some() {
        let oi = o.in_districts.as_ref().unwrap_or(&empty);
        let ni = n.in_districts.as_ref().unwrap_or(&empty);
        let title = if ni.title.is_empty() {
            &oi.title
        } else {
            &ni.title
        };
        let at = at.key("in_de_districten").heading(title.clone());
        text(out, &at.key("titel"), L.title, &oi.title, &ni.title);
        rich(
            out,
            &at.key("inleiding")
                .field(&fields::THEME_IN_DISTRICTS_INTRO, None),
            L.intro,
            &oi.intro,
            &ni.intro,
        );
        for (od, nd, _) in keyed(&oi.per_district, &ni.per_district, |(id, _)| id.clone()) {
            let (i, (id, _)) = nd.or(od).expect("one side");
            let name = new
                .district(id)
                .or(old.district(id))
                .map_or(id.clone(), |d| d.name.clone());
            let at = at
                .key(format!("per_district.{id}"))
                .heading(name.clone())
                .field(&fields::THEME_IN_DISTRICT, Some(i))
                .removed(nd.is_none());
            let none = Vec::new();
            rich(
                out,
                &at,
                &name,
                od.map_or(&none, |(_, (_, t))| t),
                nd.map_or(&none, |(_, (_, t))| t),
            );
        }
    }
    figures(out, at, &o.figures, &n.figures);
}

fn organisation(old: &Plan, new: &Plan) -> Out {
    let (o, n) = (&old.organisation, &new.organisation);
    let mut out = Out::default();
    let at = At::section(&SectionId::Organisation, false);
    text(&mut out, &at.key("titel"), L.title, &o.title, &n.title);
    rich(&mut out, &at.key("inleiding"), L.intro, &o.intro, &n.intro);
    for (op, np, event) in keyed(&o.parts, &n.parts, |p| p.id.clone()) {
        let (i, p) = np.or(op).expect("one side");
        let at = at
            .item("onderdeel", i)
            .anchor(format!("organisatie-{}", p.id))
            .heading(p.title.clone())
            .removed(np.is_none());
        part_event(&mut out, &at, L.part, event);
        let blank = model::OrganisationPart {
            id: p.id.clone(),
            title: String::new(),
            text: Vec::new(),
            lookback: Vec::new(),
            outlook: Vec::new(),
            budget: false,
            closing: Vec::new(),
        };
        let (op, np) = (op.map_or(&blank, |x| x.1), np.map_or(&blank, |x| x.1));
        let out = &mut out;
        text(out, &at.key("titel"), L.title, &op.title, &np.title);
        rich(out, &at.key("tekst"), L.text, &op.text, &np.text);
        let lookback = format!("{} {}", LABELS.lookback, new.meta.lookback_year);
        rich(
            out,
            &at.key("terugblik").heading(&lookback),
            &lookback,
            &op.lookback,
            &np.lookback,
        );
        let outlook = format!(
            "{} {}",
            LABELS.outlook,
            format::period(new.meta.period_from, new.meta.period_to)
        );
        rich(
            out,
            &at.key("vooruitblik").heading(&outlook),
            &outlook,
            &op.outlook,
            &np.outlook,
        );
        if op.budget != np.budget {
            text(
                out,
                &at.key("begroting"),
                L.budget_part,
                yes_no(op.budget),
                yes_no(np.budget),
            );
        }
        rich(out, &at.key("slot"), L.closing, &op.closing, &np.closing);
    }
    out
}

/// A budget row with its key: `groep / functie`, or the function alone
/// for a single row.
fn budget_rows(b: &Budget) -> Vec<(String, String, &budget::Row)> {
    let mut out = Vec::new();
    for (gi, g) in b.groups.iter().enumerate() {
        for (ri, r) in g.rows.iter().enumerate() {
            out.push((
                format!("{} / {}", g.name, r.function),
                format!("groep[{gi}].regel[{ri}]"),
                r,
            ));
        }
    }
    for (ri, r) in b.rows.iter().enumerate() {
        out.push((r.function.clone(), format!("regel[{ri}]"), r));
    }
    out
}

fn budget_changes(o: &Budget, n: &Budget) -> Out {
    let mut out = Out::default();
    let at = At::section(&SectionId::Budget, false);
    let out_ = &mut out;
    text(out_, &at.key("titel"), L.title, &o.title, &n.title);
    text(
        out_,
        &at.key("totaal_label"),
        L.total_label,
        &o.total_label,
        &n.total_label,
    );
    text(
        out_,
        &at.key("subsidie.label"),
        L.subsidy_label,
        &o.subsidy_label,
        &n.subsidy_label,
    );
    text(
        out_,
        &at.key("verschil.label"),
        L.difference_label,
        &o.difference_label,
        &n.difference_label,
    );
    // The streams (columns), by id.
    for (oc, nc, event) in keyed(&o.columns, &n.columns, |c| c.id.clone()) {
        let (i, c) = nc.or(oc).expect("one side");
        let at = at.item("kolom", i).row(c.name.clone());
        match (oc, nc) {
            (Some((_, oc)), Some((_, nc))) => {
                text(out_, &at.key("naam"), L.column, &oc.name, &nc.name);
                number(
                    out_,
                    &at.key("bedrag"),
                    &format!("{} {}", L.amount, nc.name),
                    Quantity::Euro(oc.amount),
                    Quantity::Euro(nc.amount),
                );
                rich(
                    out_,
                    &at.key("toelichting"),
                    L.stream_note,
                    &oc.note,
                    &nc.note,
                );
            }
            _ => row(
                out_,
                &at,
                L.column,
                matches!(event, Some(PartEvent::Added)),
                vec![c.name.clone(), format::euro(c.amount)],
            ),
        }
    }
    // The rows, by group and function.
    let (ro, rn) = (budget_rows(o), budget_rows(n));
    for (or, nr, event) in keyed(&ro, &rn, |(k, _, _)| k.clone()) {
        match (or, nr) {
            (Some((_, (_, _, or))), Some((_, (k, key, nr)))) => {
                let at = at.key(key).row(k.clone());
                opt_text(
                    out_,
                    &at.key("schaal"),
                    L.scale,
                    or.scale.as_ref().map(open_text).as_deref(),
                    nr.scale.as_ref().map(open_text).as_deref(),
                );
                let fte = |r: &budget::Row| match r.fte {
                    None => Quantity::Absent,
                    Some(OpenOr::Open) => Quantity::Open,
                    Some(OpenOr::Known(f)) => Quantity::Fte(f),
                };
                number(
                    out_,
                    &at.key("fte"),
                    LABELS.budget_header[2],
                    fte(or),
                    fte(nr),
                );
                number(
                    out_,
                    &at.key("bedrag"),
                    L.amount,
                    euro(&or.amount),
                    euro(&nr.amount),
                );
                split(out_, &at.key("verdeling"), o, n, &or.split, &nr.split);
                if or.new != nr.new {
                    text(
                        out_,
                        &at.key("nieuw"),
                        L.new_function,
                        yes_no(or.new),
                        yes_no(nr.new),
                    );
                }
            }
            (Some((_, (k, key, r))), None) | (None, Some((_, (k, key, r)))) => row(
                out_,
                &at.key(key).row(k.clone()),
                &n.title,
                matches!(event, Some(PartEvent::Added)),
                vec![
                    r.function.clone(),
                    r.scale.as_ref().map(open_text).unwrap_or_default(),
                    r.fte.as_ref().map_or(String::new(), |f| match f {
                        OpenOr::Known(f) => format::fte(*f),
                        OpenOr::Open => format::OPEN.to_string(),
                    }),
                    format::euro_or_open(&r.amount),
                ],
            ),
            (None, None) => {}
        }
    }
    // The funding rows, by description.
    for (of, nf, event) in keyed(&o.funding, &n.funding, |f| f.description.clone()) {
        let (i, f) = nf.or(of).expect("one side");
        let at = at.item("financiering", i).row(f.description.clone());
        match (of, nf) {
            (Some((_, of)), Some((_, nf))) => {
                number(
                    out_,
                    &at.key("bedrag"),
                    L.amount,
                    Quantity::Euro(of.amount),
                    Quantity::Euro(nf.amount),
                );
                split(
                    out_,
                    &at.key("verdeling"),
                    o,
                    n,
                    &OpenOr::Known(of.split.clone()),
                    &OpenOr::Known(nf.split.clone()),
                );
            }
            _ => row(
                out_,
                &at,
                LABELS.funding,
                matches!(event, Some(PartEvent::Added)),
                vec![f.description.clone(), format::euro(f.amount)],
            ),
        }
    }
    totals(out_, &at, o, n);
    // The stated totals that differ from the computed ones.
    let differences = |b: &Budget| -> BTreeMap<String, [String; 3]> {
        b.differences
            .iter()
            .map(|d| {
                (
                    d.what(&b.total_label(d.total), &b.columns),
                    format::difference(d),
                )
            })
            .collect()
    };
    let (dold, dnew) = (differences(o), differences(n));
    let labels: BTreeSet<&String> = dold.keys().chain(dnew.keys()).collect();
    // In the order the current budget lists them, then the ones gone.
    let mut ordered: Vec<&String> = n
        .differences
        .iter()
        .map(|d| d.what(&n.total_label(d.total), &n.columns))
        .filter_map(|w| labels.iter().find(|l| ***l == w).copied())
        .collect();
    for l in &labels {
        if !ordered.contains(l) {
            ordered.push(l);
        }
    }
    ordered.dedup();
    for label in ordered {
        let (a, b) = (dold.get(label), dnew.get(label));
        if a != b {
            out_.push(
                &at.row(label.clone()),
                What::Stated {
                    label: label.clone(),
                    old: a.cloned(),
                    new: b.cloned(),
                },
            );
        }
    }
    out
}

fn open_text(v: &OpenOr<String>) -> String {
    match v {
        OpenOr::Known(s) => s.clone(),
        OpenOr::Open => L.open.to_string(),
    }
}

/// A split over the columns: each column's amount, by the column's id.
fn split(
    out: &mut Out,
    at: &At,
    ob: &Budget,
    nb: &Budget,
    o: &OpenOr<Vec<model::Euro>>,
    n: &OpenOr<Vec<model::Euro>>,
) {
    for (j, c) in nb.columns.iter().enumerate() {
        let old = match ob.columns.iter().position(|x| x.id == c.id) {
            None => Quantity::Absent,
            Some(i) => match o {
                OpenOr::Open => Quantity::Open,
                OpenOr::Known(v) => v.get(i).map_or(Quantity::Absent, |e| Quantity::Euro(*e)),
            },
        };
        let new = match n {
            OpenOr::Open => Quantity::Open,
            OpenOr::Known(v) => v.get(j).map_or(Quantity::Absent, |e| Quantity::Euro(*e)),
        };
        number(
            out,
            &at.key(&c.id),
            &format!("{} {}", L.column, c.name),
            old,
            new,
        );
    }
}

/// What the changes did to the computed totals: per group, all spending,
/// the subsidy and the balance, each amount, FTE and column.
fn totals(out: &mut Out, at: &At, o: &Budget, n: &Budget) {
    let all = |b: &Budget| -> Vec<(String, budget::Totals)> {
        let mut v: Vec<(String, budget::Totals)> = b
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (b.total_label(Total::Group(i)), g.total.clone()))
            .collect();
        v.push((b.total_label(Total::Spending), b.total.clone()));
        v.push((
            b.total_label(Total::Subsidy),
            budget::Totals {
                amounts: b.subsidy.clone(),
                ..Default::default()
            },
        ));
        v.push((
            b.total_label(Total::Balance),
            budget::Totals {
                amounts: b.difference.clone(),
                ..Default::default()
            },
        ));
        v
    };
    let old: BTreeMap<String, budget::Totals> = all(o).into_iter().collect();
    for (label, t) in all(n) {
        let Some(ot) = old.get(&label) else { continue };
        let at = at.row(label.clone());
        let mut total = |what: String, a: Quantity, b: Quantity| {
            if a != b {
                out.push(
                    &at,
                    What::Total {
                        label: what,
                        old: a,
                        new: b,
                    },
                );
            }
        };
        total(
            label.clone(),
            Quantity::Euro(ot.amounts.amount),
            Quantity::Euro(t.amounts.amount),
        );
        if ot.fte != t.fte {
            total(
                format!("{label}, {}", LABELS.budget_header[2].to_lowercase()),
                Quantity::Fte(ot.fte),
                Quantity::Fte(t.fte),
            );
        }
        for (j, c) in n.columns.iter().enumerate() {
            let Some(i) = o.columns.iter().position(|x| x.id == c.id) else {
                continue;
            };
            let (a, b) = (ot.amounts.split.get(i), t.amounts.split.get(j));
            if let (Some(a), Some(b)) = (a, b) {
                total(
                    format!("{label}, {} {}", L.column, c.name),
                    Quantity::Euro(*a),
                    Quantity::Euro(*b),
                );
            }
        }
    }
}

/// The values of a measure, row or part, per year of its results: each
/// year of either version compared on its own (`waarde 2024`).
#[allow(clippy::too_many_arguments)]
fn per_year(
    out: &mut Out,
    at: &At,
    label: &str,
    old_years: &[i32],
    old: Option<&model::PerYear<u64>>,
    new_years: &[i32],
    new: Option<&model::PerYear<u64>>,
) {
    let value = |years: &[i32], values: Option<&model::PerYear<u64>>, y: i32| {
        years
            .iter()
            .position(|&x| x == y)
            .and_then(|i| values?.get(i))
            .map_or(Quantity::Absent, count)
    };
    let mut years: Vec<i32> = old_years.iter().chain(new_years).copied().collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        number(
            out,
            at,
            &format!("{label} {}", format::year(y)),
            value(old_years, old, y),
            value(new_years, new, y),
        );
    }
}

/// A list of values per year as one cell: `3 / 5`.
fn years_text(values: Option<&model::PerYear<u64>>) -> String {
    values.map_or(String::new(), |v| {
        v.iter()
            .map(format::count_or_open)
            .collect::<Vec<_>>()
            .join(" / ")
    })
}

/// A measure of the results, a row of one, or a part of a row (of its
/// breakdown or its `deel`s): what one walk compares at every level.
struct ResultLine<'a> {
    /// The id, unique in the results (see `model::Measure::id`).
    id: &'a str,
    /// The row as the table names it: `2`, `2 a`, `2 b / Signaal vanuit OM`.
    name: String,
    /// The first cell of the line added or removed: the measure's number,
    /// the row's name (a part has none: its description says it).
    first: Option<String>,
    description: Option<&'a str>,
    value: Option<&'a model::PerYear<u64>>,
    /// What a year's value is called: `waarde`, or a part's description.
    value_label: &'a str,
    unit: Option<model::Unit>,
    footnote: Option<&'a str>,
    /// The lists below it, by their key in the source (`regel`,
    /// `uitsplitsing`, `deel`).
    children: Vec<(&'static str, Vec<ResultLine<'a>>)>,
}

impl ResultLine<'_> {
    /// The cells of the line added or removed.
    fn cells(&self) -> Vec<String> {
        self.first
            .iter()
            .cloned()
            .chain([
                self.description.unwrap_or_default().to_string(),
                years_text(self.value),
            ])
            .collect()
    }
}

/// The measures of the results as lines, with their rows and parts.
fn lines<'a>(r: &'a model::Results) -> Vec<ResultLine<'a>> {
    fn part<'a>(name: &str, p: &'a model::MeasurePart) -> ResultLine<'a> {
        ResultLine {
            id: &p.id,
            name: format!("{name} / {}", p.description),
            first: None,
            description: Some(&p.description),
            value: Some(&p.value),
            value_label: &p.description,
            unit: None,
            footnote: p.footnote.as_deref(),
            children: Vec::new(),
        }
    }
    r.measures
        .iter()
        .map(|m| {
            let number = m.number.to_string();
            let rows = m
                .rows
                .iter()
                .map(|row| {
                    let label = row.label.as_deref().or(row.description.as_deref());
                    let name = format!("{number} {}", label.unwrap_or_default());
                    let parts = |list: &'a [model::MeasurePart]| -> Vec<ResultLine<'a>> {
                        list.iter().map(|p| part(&name, p)).collect()
                    };
                    ResultLine {
                        id: &row.id,
                        children: vec![
                            ("uitsplitsing", parts(&row.breakdown)),
                            ("deel", parts(&row.parts)),
                        ],
                        first: Some(name.clone()),
                        name,
                        description: row.description.as_deref(),
                        value: row.value.as_ref(),
                        value_label: L.value,
                        unit: Some(row.unit),
                        footnote: row.footnote.as_deref(),
                    }
                })
                .collect();
            ResultLine {
                id: &m.id,
                name: number.clone(),
                first: Some(number),
                description: m.description.as_deref(),
                value: m.value.as_ref(),
                value_label: L.value,
                unit: Some(m.unit),
                footnote: m.footnote.as_deref(),
                children: vec![("regel", rows)],
            }
        })
        .collect()
}

/// The lines of one list (`key` in the source) by id: added and removed
/// ones as rows, the others value by value, then their own lists.
fn result_lines(
    out: &mut Out,
    at: &At,
    key: &str,
    o: &[ResultLine],
    n: &[ResultLine],
    years: (&[i32], &[i32]),
) {
    let unit = |u: model::Unit| format!("{u:?}").to_lowercase();
    for (a, b, event) in keyed(o, n, |l| l.id.to_string()) {
        let (i, l) = b.or(a).expect("one side");
        let at = at.item(key, i).row(l.name.clone());
        let (Some((_, a)), Some((_, b))) = (a, b) else {
            let added = matches!(event, Some(PartEvent::Added));
            let measure = LABELS.results_header.to_lowercase();
            row(out, &at, &measure, added, l.cells());
            continue;
        };
        opt_text(
            out,
            &at.key("omschrijving"),
            L.description,
            a.description,
            b.description,
        );
        per_year(
            out,
            &at.key("waarde"),
            b.value_label,
            years.0,
            a.value,
            years.1,
            b.value,
        );
        if let (Some(ua), Some(ub)) = (a.unit, b.unit) {
            text(out, &at.key("eenheid"), L.unit, &unit(ua), &unit(ub));
        }
        opt_text(out, &at.key("voetnoot"), L.footnote, a.footnote, b.footnote);
        for ((key, ac), (_, bc)) in a.children.iter().zip(&b.children) {
            result_lines(out, &at, key, ac, bc, years);
        }
    }
}

fn results(o: &model::Results, n: &model::Results) -> Out {
    let mut out = Out::default();
    let at = At::section(&SectionId::Results, false);
    let out_ = &mut out;
    text(out_, &at.key("titel"), L.title, &o.title, &n.title);
    let years = |r: &model::Results| {
        r.years
            .iter()
            .map(|y| format::year(*y))
            .collect::<Vec<_>>()
            .join(", ")
    };
    text(out_, &at.key("jaren"), L.year, &years(o), &years(n));
    result_lines(
        out_,
        &at,
        "maat",
        &lines(o),
        &lines(n),
        (&o.years, &n.years),
    );
    let footnote = |f: &model::Footnote| -> String {
        f.segments
            .iter()
            .map(|s| match s {
                model::FootnoteSegment::Text(t) => t.clone(),
                model::FootnoteSegment::Amount { values, .. } => values
                    .iter()
                    .map(format::euro_or_open)
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    };
    for (of, nf, _) in keyed(&o.footnotes, &n.footnotes, |f| f.sign.clone()) {
        let (i, f) = nf.or(of).expect("one side");
        text(
            out_,
            &at.item("voetnoot", i)
                .row(f.sign.clone())
                .removed(nf.is_none()),
            &format!("{} {}", L.footnote, f.sign),
            &of.map(|(_, f)| footnote(f)).unwrap_or_default(),
            &nf.map(|(_, f)| footnote(f)).unwrap_or_default(),
        );
    }
    out
}

/// A district without content, to compare an added or removed one with.
fn blank_district(id: &str) -> model::District {
    model::District {
        id: id.to_string(),
        name: String::new(),
        plan_url: None,
        partner_url: None,
        partners: Vec::new(),
        lookback: Vec::new(),
        outlook: Vec::new(),
        themes: Vec::new(),
        matrix: None,
        targets: Vec::new(),
        figures: Vec::new(),
        reference: None,
    }
}

/// A theme without content, to compare an added or removed one with.
fn blank_theme(id: &str) -> model::Theme {
    model::Theme {
        id: id.to_string(),
        title: String::new(),
        nav: String::new(),
        intro: Vec::new(),
        lookback: Vec::new(),
        outlook: Vec::new(),
        outlook_title: None,
        goals: Vec::new(),
        full_plan: None,
        sections: Vec::new(),
        in_districts: None,
        figures: Vec::new(),
        reference: None,
    }
}
