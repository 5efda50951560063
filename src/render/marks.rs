//! Change marks over the view, for `build --since`: what a reader sees
//! differently in this version than in an earlier one, placed where the
//! renderers print it. An overlay: the view itself is unchanged, and a
//! build without marks writes exactly the bytes it wrote before.
//!
//! Which version is compared with which (loading the earlier sources,
//! validated like the current ones) is `changes`; here the two views are
//! laid side by side, part by part (a district, a theme, the board, the
//! organisation, the budget, the results: matched by their anchor, the
//! section's identity), so that every mark sits on what is printed,
//! computed totals and formatted numbers included. A place is a JSON
//! pointer into the part's view (`/lookback`, `/themes/0/text`,
//! `/targets/2/count`): the PDF layout reads the same JSON, and the DOCX
//! writer names the place of what it writes the same way.
//!
//! Rich text is compared block by block, and a paragraph that changed word
//! by word, keeping each word's formatting (bold, italic, link), so that
//! the DOCX can write it as Word revisions whose acceptance gives exactly
//! the current text.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::changes::words::{self, PieceKind, similarity as similarity_of};
use serde::Serialize;
use serde_json::Value;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::richtext::{Block, Inline};
use crate::render::view::{LABELS, View};

/// The revisions' author in the DOCX.
pub const AUTHOR: &str = "uitvoeringsplan";

/// Keys of a part's view that no renderer prints as part of the text (the
/// section's open values are listed in the section DOCX's instruction
/// block, which the importer ignores).
const UNPRINTED: &[&str] = &["open", "anchor", "id"];

/// The marks of one build.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// The cover's line: "Wijzigingen sinds <REF> zijn in de marge gemarkeerd".
    pub note: String,
    /// The revisions' date (`w:date`): the build's date, at midnight UTC.
    pub date: String,
    /// By the anchor of the view part they lie in: `district-<id>`,
    /// `thema-<id>`, `bestuur`, `organisatie`, `begroting`, `resultaten`,
    /// and `meta` for the cover.
    pub parts: BTreeMap<String, PartMarks>,
    /// The earlier version's view: what the DOCX writes as deleted (a
    /// table row, a heading where a moved section was).
    pub old: Option<Arc<View>>,
}

/// What changed in one part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartMarks {
    /// The part is new.
    pub added: bool,
    /// Rich-text fields that changed, by pointer: the steps from the old
    /// blocks to the new ones.
    pub rich: BTreeMap<String, Vec<Step>>,
    /// Every other place that changed (a heading, a table row, a cell, a
    /// value), by pointer, with the old text when it was a text.
    pub places: BTreeMap<String, Option<String>>,
    /// The part only moved in the order of its kind (districts, themes):
    /// the pointer of its heading (`/name`, `/title`), which is marked.
    pub moved: Option<String>,
}

/// One step from the old blocks of a rich-text field to the new ones, in
/// order; every step but `Removed` stands for the next new block.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Same,
    Added,
    /// An old block, not in the new text, here.
    Removed(Block),
    /// A paragraph whose words changed.
    Words(Vec<Word>),
    /// A list whose items changed.
    List(Vec<ItemStep>),
}

/// One step through a list's items, like [`Step`].
#[derive(Debug, Clone, PartialEq)]
pub enum ItemStep {
    Same,
    Added,
    Removed(Vec<Block>),
    /// An item of one paragraph whose words changed.
    Words(Vec<Word>),
}

/// Whether a word is in both versions, only the new or only the old.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Op {
    Same,
    Added,
    Removed,
}

/// How a word is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
}

/// A word, a run of spaces or punctuation (as Unicode splits words), or a
/// line break (`None`), with its formatting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word {
    pub op: Op,
    pub text: Option<String>,
    pub style: Style,
}

impl Marks {
    /// The marks of `part`, if anything in it changed.
    pub fn part(&self, anchor: &str) -> Option<&PartMarks> {
        self.parts.get(anchor)
    }

    /// The steps of the rich-text field at `pointer` of `part`.
    pub fn rich(&self, part: &str, pointer: &str) -> Option<&[Step]> {
        let p = self.parts.get(part)?;
        if p.added {
            return None;
        }
        p.rich.get(pointer).map(Vec::as_slice)
    }

    /// True when the part is new or the place (or anything in it) changed.
    pub fn changed(&self, part: &str, pointer: &str) -> bool {
        self.parts.get(part).is_some_and(|p| p.changed(pointer))
    }

    /// The anchors the PDF's navigation marks: every part with a change
    /// (the budget is shown under the organisation).
    pub fn nav(&self) -> Vec<String> {
        let mut out: BTreeSet<String> = BTreeSet::new();
        for anchor in self.parts.keys() {
            out.insert(match anchor.as_str() {
                "begroting" => "organisatie".to_string(),
                a => a.to_string(),
            });
        }
        out.into_iter().collect()
    }
}

impl PartMarks {
    /// True when the part is new or the place (or anything in it) changed.
    pub fn changed(&self, pointer: &str) -> bool {
        let within = |p: &String| {
            p == pointer
                || p.starts_with(&format!("{pointer}/"))
                || pointer.starts_with(&format!("{p}/"))
        };
        self.added
            || self.places.keys().any(within)
            || self.rich.keys().any(within)
            || self.moved.as_ref().is_some_and(within)
    }

    fn is_empty(&self) -> bool {
        !self.added && self.rich.is_empty() && self.places.is_empty() && self.moved.is_none()
    }
}

/// The cover's line about the marks.
pub fn note(since: &str) -> String {
    format!("{} {since} {}", LABELS.changes_since, LABELS.changes_marked)
}

/// The marks from the `old` view to the `new` one; `since` names the old
/// version (as the user gave it). None when the reader sees no difference.
pub fn compare(old: &View, new: &View, since: &str) -> Option<Marks> {
    let mut marks = Marks {
        note: note(since),
        date: format!("{}T00:00:00Z", new.meta.date_iso),
        parts: BTreeMap::new(),
        old: Some(Arc::new(old.clone())),
    };
    let (old_parts, new_parts) = (parts(old), parts(new));
    let anchors = |v: &View, districts: bool| -> Vec<String> {
        if districts {
            v.districts.iter().map(|d| d.anchor.clone()).collect()
        } else {
            v.themes.iter().map(|t| t.anchor.clone()).collect()
        }
    };
    let mut moved = BTreeMap::new();
    for (districts, heading) in [(true, "/name"), (false, "/title")] {
        for anchor in moved_in_order(&anchors(old, districts), &anchors(new, districts)) {
            moved.insert(anchor, heading.to_string());
        }
    }
    for (anchor, value) in &new_parts {
        let mut part = PartMarks::default();
        match old_parts.get(anchor) {
            None => part.added = true,
            Some(before) => walk(before, value, "", &mut part),
        }
        part.moved = moved.remove(anchor);
        if !part.is_empty() {
            marks.parts.insert(anchor.clone(), part);
        }
    }
    (!marks.parts.is_empty()).then_some(marks)
}

/// The items of both orders that are not where they were: those outside
/// the longest run of items both have in the same order (added and
/// removed ones are not moved).
pub fn moved_in_order(old: &[String], new: &[String]) -> Vec<String> {
    let old: Vec<&String> = old.iter().filter(|a| new.contains(a)).collect();
    let new: Vec<&String> = new.iter().filter(|a| old.contains(a)).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        if !matches!(op, DiffOp::Equal { .. }) {
            out.extend(new[op.new_range()].iter().map(|a| a.to_string()));
        }
    }
    out
}

/// The view's parts as JSON, by anchor (as the PDF reads them), and the
/// cover's meta as `meta`.
fn parts(view: &View) -> BTreeMap<String, Value> {
    let json = |v: &dyn ErasedValue| v.value();
    let mut out = BTreeMap::new();
    let mut meta = json(&view.meta);
    if let Value::Object(m) = &mut meta {
        // Derived from what is marked elsewhere, or not printed as text.
        for key in [
            "open_count",
            "concept_note",
            "date_iso",
            "keywords",
            "round",
        ] {
            m.remove(key);
        }
    }
    out.insert("meta".to_string(), meta);
    out.insert("bestuur".to_string(), json(&view.board));
    for d in &view.districts {
        out.insert(d.anchor.clone(), json(d));
    }
    for t in &view.themes {
        out.insert(t.anchor.clone(), json(t));
    }
    out.insert(view.organisation.anchor.clone(), json(&view.organisation));
    out.insert(view.budget.anchor.clone(), json(&view.budget));
    out.insert(view.results.anchor.clone(), json(&view.results));
    out
}

/// A view part as JSON, behind one trait object: its value, and the bytes
/// the PDF renderer writes for it (implemented there).
pub trait Erased: ErasedValue {
    fn json(&self) -> Vec<u8>;
}

fn value_of(v: &impl Serialize) -> Value {
    serde_json::to_value(v).expect("the view is plain data")
}

/// A view part as a JSON value.
pub trait ErasedValue {
    fn value(&self) -> Value;
}

impl<T: Serialize> ErasedValue for T {
    fn value(&self) -> Value {
        value_of(self)
    }
}

/// Records in `part` where `new` differs from `old`, below `at`.
fn walk(old: &Value, new: &Value, at: &str, part: &mut PartMarks) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, value) in n {
                if UNPRINTED.contains(&key.as_str()) {
                    continue;
                }
                let here = format!("{at}/{}", escape(key));
                match o.get(key) {
                    Some(before) => walk(before, value, &here, part),
                    None => {
                        part.places.insert(here, None);
                    }
                }
            }
        }
        (Value::Array(o), Value::Array(n)) if is_rich(o) && is_rich(n) => {
            let (old, new) = (blocks(o), blocks(n));
            part.rich.insert(at.to_string(), rich_steps(&old, &new));
        }
        // Paragraphs of inlines (a theme's goals): as paragraph blocks.
        (Value::Array(o), Value::Array(n)) if is_paragraphs(o) && is_paragraphs(n) => {
            let (old, new) = (paragraphs(o), paragraphs(n));
            part.rich.insert(at.to_string(), rich_steps(&old, &new));
        }
        (Value::Array(o), Value::Array(n)) => {
            let key = |v: &Value| v.get("anchor").and_then(Value::as_str).map(str::to_string);
            let keyed = |xs: &[Value]| xs.iter().map(key).collect::<Option<Vec<_>>>();
            match (keyed(o), keyed(n)) {
                // Items with an identity (a district's themes): by it.
                (Some(ok), Some(nk)) => {
                    for (i, value) in n.iter().enumerate() {
                        let here = format!("{at}/{i}");
                        match ok.iter().position(|k| *k == nk[i]) {
                            Some(j) => walk(&o[j], value, &here, part),
                            None => {
                                part.places.insert(here, None);
                            }
                        }
                    }
                    if ok.iter().any(|k| !nk.contains(k)) {
                        part.places.insert(at.to_string(), None);
                    }
                }
                // Rows and cells: by position.
                _ => {
                    for (i, value) in n.iter().enumerate() {
                        let here = format!("{at}/{i}");
                        match o.get(i) {
                            Some(before) => walk(before, value, &here, part),
                            None => {
                                part.places.insert(here, None);
                            }
                        }
                    }
                    if o.len() > n.len() {
                        part.places.insert(at.to_string(), None);
                    }
                }
            }
        }
        (old, _) => {
            part.places
                .insert(at.to_string(), old.as_str().map(str::to_string));
        }
    }
}

/// A JSON pointer's escaping of a key.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether a JSON array is rich text (every element a block; an empty one
/// is, only if the other side is).
fn is_rich(xs: &[Value]) -> bool {
    xs.iter().all(|x| {
        matches!(
            x.get("kind").and_then(Value::as_str),
            Some("paragraph" | "list" | "quote")
        )
    })
}

/// Whether a JSON array holds paragraphs as arrays of inlines.
fn is_paragraphs(xs: &[Value]) -> bool {
    xs.iter().all(|x| {
        x.as_array().is_some_and(|i| {
            i.iter().all(|i| {
                matches!(
                    i.get("kind").and_then(Value::as_str),
                    Some("text" | "strong" | "emphasis" | "link" | "line_break")
                )
            })
        })
    })
}

fn paragraphs(xs: &[Value]) -> Vec<Block> {
    xs.iter()
        .filter_map(|x| serde_json::from_value::<Vec<Inline>>(x.clone()).ok())
        .map(|inlines| Block::Paragraph { inlines })
        .collect()
}

fn blocks(xs: &[Value]) -> Vec<Block> {
    xs.iter().filter_map(block).collect()
}

/// A block back from the JSON the view writes for it.
fn block(v: &Value) -> Option<Block> {
    let inlines = |v: &Value| serde_json::from_value::<Vec<Inline>>(v.clone()).ok();
    Some(match v.get("kind")?.as_str()? {
        "paragraph" => Block::Paragraph {
            inlines: inlines(v.get("inlines")?)?,
        },
        "list" => Block::List {
            ordered: v.get("ordered")?.as_bool()?,
            start: v.get("start")?.as_u64()?,
            items: v
                .get("items")?
                .as_array()?
                .iter()
                .map(|i| Some(blocks(i.as_array()?)))
                .collect::<Option<_>>()?,
        },
        "quote" => Block::Quote {
            blocks: blocks(v.get("blocks")?.as_array()?),
            attribution: match v.get("attribution")? {
                Value::Null => None,
                a => Some(inlines(a)?),
            },
        },
        _ => return None,
    })
}

/// The steps from `old` blocks to `new` ones: equal blocks stay; where
/// blocks were replaced, a paragraph by a paragraph changes word by word
/// and a list by a list item by item; the rest is removed and added.
pub fn rich_steps(old: &[Block], new: &[Block]) -> Vec<Step> {
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &keys(old), &keys(new)) {
        match op {
            DiffOp::Equal { len, .. } => steps.extend((0..len).map(|_| Step::Same)),
            op => {
                let (o, n) = (op.old_range(), op.new_range());
                let (o, n) = (&old[o], &new[n]);
                for a in align(o.len(), n.len(), |i, j| similarity(&o[i], &n[j])) {
                    match a {
                        Align::Old(i) => steps.push(Step::Removed(o[i].clone())),
                        Align::New => steps.push(Step::Added),
                        Align::Pair(i, j) => steps.extend(replaced(&o[i], &n[j])),
                    }
                }
            }
        }
    }
    steps
}

/// One place in the alignment of two replaced runs of blocks.
enum Align {
    Old(usize),
    New,
    Pair(usize, usize),
}

/// Below this share of equal words two blocks are not one changed block
/// but one removed and one added.
const SIMILAR: f32 = 0.4;

/// Pairs the blocks of two runs in order, each pair at least [`SIMILAR`],
/// with the greatest total similarity; the rest is removed or added, in
/// order (removals before additions at the same place).
fn align(old: usize, new: usize, sim: impl Fn(usize, usize) -> f32) -> Vec<Align> {
    // best[i][j]: the best total for old[i..] and new[j..].
    let mut best = vec![vec![0f32; new + 1]; old + 1];
    let mut pair = vec![vec![None; new + 1]; old + 1];
    for i in (0..old).rev() {
        for j in (0..new).rev() {
            let mut b = best[i + 1][j].max(best[i][j + 1]);
            let s = sim(i, j);
            if s >= SIMILAR && s + best[i + 1][j + 1] > b {
                b = s + best[i + 1][j + 1];
                pair[i][j] = Some(s);
            }
            best[i][j] = b;
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old || j < new {
        if i < old && j < new && pair[i][j].is_some_and(|s| s + best[i + 1][j + 1] >= best[i][j]) {
            out.push(Align::Pair(i, j));
            i += 1;
            j += 1;
        } else if i < old && (j == new || best[i + 1][j] >= best[i][j + 1]) {
            out.push(Align::Old(i));
            i += 1;
        } else {
            out.push(Align::New);
            j += 1;
        }
    }
    out
}

/// The share of words two blocks have in common (0 to 1).
fn similarity(old: &Block, new: &Block) -> f32 {
    let plain = |b: &Block| crate::render::view::rich_plain(&vec![b.clone()]);
    similarity_of(&plain(old), &plain(new))
}

/// What the block diff compares: a hash of each block (or item).
fn keys<T: std::hash::Hash>(xs: &[T]) -> Vec<u64> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    xs.iter()
        .map(|x| BuildHasherDefault::<DefaultHasher>::default().hash_one(x))
        .collect()
}

/// The steps for a block replaced by another: one, or the removal and
/// the addition when they cannot be compared within.
fn replaced(old: &Block, new: &Block) -> Vec<Step> {
    let step = match (old, new) {
        (Block::Paragraph { inlines: o }, Block::Paragraph { inlines: n }) => {
            Step::Words(words(o, n))
        }
        (
            Block::List {
                ordered: oo,
                start: os,
                items: oi,
            },
            Block::List {
                ordered: no,
                start: ns,
                items: ni,
            },
        ) if oo == no && os == ns => Step::List(item_steps(oi, ni)),
        _ => return vec![Step::Removed(old.clone()), Step::Added],
    };
    vec![step]
}

/// The steps through a list's items.
fn item_steps(old: &[Vec<Block>], new: &[Vec<Block>]) -> Vec<ItemStep> {
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &keys(old), &keys(new)) {
        match op {
            DiffOp::Equal { len, .. } => steps.extend((0..len).map(|_| ItemStep::Same)),
            op => {
                let (o, n) = (&old[op.old_range()], &new[op.new_range()]);
                let plain = |item: &Vec<Block>| crate::render::view::rich_plain(item);
                let sim = |i: usize, j: usize| similarity_of(&plain(&o[i]), &plain(&n[j]));
                for a in align(o.len(), n.len(), sim) {
                    match a {
                        Align::Old(i) => steps.push(ItemStep::Removed(o[i].clone())),
                        Align::New => steps.push(ItemStep::Added),
                        Align::Pair(i, j) => match (&o[i][..], &n[j][..]) {
                            (
                                [Block::Paragraph { inlines: a }],
                                [Block::Paragraph { inlines: b }],
                            ) => steps.push(ItemStep::Words(words(a, b))),
                            (a, _) => {
                                steps.push(ItemStep::Removed(a.to_vec()));
                                steps.push(ItemStep::Added);
                            }
                        },
                    }
                }
            }
        }
    }
    steps
}

/// A paragraph's words, old against new, each with its formatting: the
/// change report's word diff (`changes::words::align`) over words that
/// carry their formatting, so that a word set bold is a change. Spaces
/// (or a line break) alone between two changes join them, and within a
/// change the removed words come before the added ones; accepting gives
/// the new text, rejecting the old.
pub fn words(old: &[Inline], new: &[Inline]) -> Vec<Word> {
    let (o, n) = (tokens(old), tokens(new));
    let blank =
        |(text, _): &(Option<String>, Style)| text.as_deref().is_none_or(|t| t.trim().is_empty());
    words::align(&o, &n, blank)
        .into_iter()
        .map(|(kind, i)| {
            let ((text, style), op) = match kind {
                PieceKind::Same => (&n[i], Op::Same),
                PieceKind::Inserted => (&n[i], Op::Added),
                PieceKind::Deleted => (&o[i], Op::Removed),
            };
            Word {
                op,
                text: text.clone(),
                style: style.clone(),
            }
        })
        .collect()
}

/// Inline text as words (as the change report splits them,
/// `changes::words::tokens`) with their formatting; a line break is
/// `None`.
fn tokens(inlines: &[Inline]) -> Vec<(Option<String>, Style)> {
    fn go(inlines: &[Inline], style: &Style, out: &mut Vec<(Option<String>, Style)>) {
        for i in inlines {
            match i {
                Inline::Text { text } => out.extend(
                    crate::changes::words::tokens(text)
                        .into_iter()
                        .map(|w| (Some(w.to_string()), style.clone())),
                ),
                Inline::Strong { inlines } => go(
                    inlines,
                    &Style {
                        bold: true,
                        ..style.clone()
                    },
                    out,
                ),
                Inline::Emphasis { inlines } => go(
                    inlines,
                    &Style {
                        italic: true,
                        ..style.clone()
                    },
                    out,
                ),
                Inline::Link { url, inlines } => go(
                    inlines,
                    &Style {
                        link: Some(url.clone()),
                        ..style.clone()
                    },
                    out,
                ),
                Inline::LineBreak => out.push((None, style.clone())),
            }
        }
    }
    let mut out = Vec::new();
    go(inlines, &Style::default(), &mut out);
    out
}

/// A part's JSON for the PDF with its marks: `"changed": true` on every
/// marked block (and on each block of a marked list item), and the other
/// marked places as `"changes": [pointer, ...]` on the part. A block
/// removed is marked on the block after it (or before it, at the end);
/// a field whose every block went, on the field itself (its pointer in
/// `changes`). A new part has every block and place marked (`"added":
/// true`).
pub fn annotate(part: &mut Value, marks: &PartMarks) {
    let mut places: BTreeSet<String> = marks.places.keys().cloned().collect();
    places.extend(marks.moved.clone());
    for (pointer, steps) in &marks.rich {
        let Some(Value::Array(blocks)) = part.pointer_mut(pointer) else {
            continue;
        };
        match mark_blocks(blocks, steps) {
            None => {
                places.insert(pointer.clone());
            }
            Some(marked) => {
                for (i, b) in blocks.iter_mut().enumerate() {
                    if !marked[i] {
                        continue;
                    }
                    match b {
                        Value::Object(o) => {
                            o.insert("changed".into(), Value::Bool(true));
                        }
                        // A paragraph as an array of inlines: by its place.
                        _ => {
                            places.insert(format!("{pointer}/{i}"));
                        }
                    }
                }
            }
        }
    }
    if marks.added {
        mark_all(part);
    }
    if let Value::Object(m) = part {
        if marks.added {
            m.insert("added".into(), Value::Bool(true));
        }
        m.insert(
            "changes".into(),
            Value::Array(places.into_iter().map(Value::String).collect()),
        );
    }
}

/// Marks every block in `v` (a new part).
fn mark_all(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let block = matches!(
                o.get("kind").and_then(Value::as_str),
                Some("paragraph" | "list" | "quote")
            );
            for x in o.values_mut() {
                mark_all(x);
            }
            if block {
                o.insert("changed".into(), Value::Bool(true));
            }
        }
        Value::Array(xs) => xs.iter_mut().for_each(mark_all),
        _ => {}
    }
}

/// Which blocks the steps say changed (a list's items are marked in it);
/// None when a removal has no block left to be marked beside.
fn mark_blocks(blocks: &mut [Value], steps: &[Step]) -> Option<Vec<bool>> {
    let mut marked = vec![false; blocks.len()];
    let mut i = 0;
    let mut removed_before = false;
    for s in steps {
        match s {
            Step::Removed(_) => removed_before = true,
            step => {
                if i < blocks.len() {
                    let changed = !matches!(step, Step::Same) || removed_before;
                    marked[i] |= changed;
                    if let (Step::List(items), Some(Value::Array(list))) =
                        (step, blocks[i].get_mut("items"))
                    {
                        mark_items(list, items);
                    }
                }
                removed_before = false;
                i += 1;
            }
        }
    }
    if removed_before {
        *marked.last_mut()? = true;
    }
    Some(marked)
}

/// Marks the changed items of a list (each block of the item).
fn mark_items(items: &mut [Value], steps: &[ItemStep]) {
    let mut marked = vec![false; items.len()];
    let mut i = 0;
    let mut removed_before = false;
    for s in steps {
        match s {
            ItemStep::Removed(_) => removed_before = true,
            step => {
                if i < items.len() {
                    marked[i] |= !matches!(step, ItemStep::Same) || removed_before;
                }
                removed_before = false;
                i += 1;
            }
        }
    }
    if removed_before && let Some(last) = marked.last_mut() {
        *last = true;
    }
    for (item, m) in items.iter_mut().zip(marked) {
        if m && let Value::Array(bs) = item {
            for b in bs {
                if let Value::Object(o) = b {
                    o.insert("changed".into(), Value::Bool(true));
                }
            }
        }
    }
}

/// What every page of the PDF reads about the marks (in `data.json`).
#[derive(Debug, Serialize)]
pub struct Common {
    pub note: String,
    /// The anchors the navigation marks.
    pub nav: Vec<String>,
    /// The cover's places that changed.
    pub cover: Vec<String>,
}

impl Marks {
    pub fn common(&self) -> Common {
        let mut cover = Vec::new();
        if let Some(p) = self.parts.get("meta") {
            cover.extend(p.places.keys().cloned());
            cover.extend(p.rich.keys().cloned());
        }
        Common {
            note: self.note.clone(),
            nav: self.nav(),
            cover,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::richtext::parse;

    fn rich(md: &str) -> Vec<Block> {
        parse(md).unwrap()
    }

    /// The words of a change as `[-removed-]{+added+}`.
    fn show(words: &[Word]) -> String {
        let mut out = String::new();
        for w in words {
            let t = w.text.clone().unwrap_or("\n".into());
            match w.op {
                Op::Same => out.push_str(&t),
                Op::Removed => out.push_str(&format!("[-{t}-]")),
                Op::Added => out.push_str(&format!("{{+{t}+}}")),
            }
        }
        out.replace("-][-", "").replace("+}{+", "")
    }

    #[test]
    fn a_changed_paragraph_is_compared_word_by_word_removed_before_added() {
        let steps = rich_steps(
            &rich("Een twee drie vier.\n\nZelfde."),
            &rich("Een vijf zes vier.\n\nZelfde."),
        );
        let [Step::Words(words), Step::Same] = steps.as_slice() else {
            panic!("{steps:?}")
        };
        assert_eq!(show(words), "Een [-twee drie-]{+vijf zes+} vier.");
    }

    #[test]
    fn blocks_pair_by_similarity_the_rest_is_removed_or_added() {
        let old = rich("Alleen toen.\n\nWe investeren in bewustwording.\n\nSlot.");
        let new = rich(
            "We investeren in bewustwording en alertheid.\n\nNieuw hier, heel anders.\n\nSlot.",
        );
        let steps = rich_steps(&old, &new);
        let kinds: Vec<&str> = steps
            .iter()
            .map(|s| match s {
                Step::Same => "same",
                Step::Added => "added",
                Step::Removed(_) => "removed",
                Step::Words(_) => "words",
                Step::List(_) => "list",
            })
            .collect();
        assert_eq!(kinds, ["removed", "words", "added", "same"]);
    }

    #[test]
    fn list_items_change_one_by_one_and_formatting_counts_as_a_change() {
        let steps = rich_steps(
            &rich("- een\n- twee drie\n- weg"),
            &rich("- een\n- twee **drie**"),
        );
        let [Step::List(items)] = steps.as_slice() else {
            panic!("{steps:?}")
        };
        assert!(matches!(items[0], ItemStep::Same));
        let ItemStep::Words(words) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(show(words), "twee [-drie-]{+drie+}");
        assert!(words.last().unwrap().style.bold);
        assert!(matches!(&items[2], ItemStep::Removed(b) if b.len() == 1));
    }

    #[test]
    fn the_layout_data_marks_changed_blocks_and_places() {
        let mut part = serde_json::json!({
            "lookback": [
                {"kind": "paragraph", "inlines": [], "leads_in": false},
                {"kind": "paragraph", "inlines": [], "leads_in": false},
            ],
            "outlook": [],
        });
        let mut marks = PartMarks::default();
        marks.rich.insert(
            "/lookback".into(),
            vec![Step::Same, Step::Removed(rich("x").remove(0)), Step::Same],
        );
        marks
            .rich
            .insert("/outlook".into(), vec![Step::Removed(rich("y").remove(0))]);
        marks
            .places
            .insert("/targets/1/count".into(), Some("3".into()));
        annotate(&mut part, &marks);
        assert_eq!(part["lookback"][0].get("changed"), None);
        assert_eq!(part["lookback"][1]["changed"], true);
        assert_eq!(
            part["changes"],
            serde_json::json!(["/outlook", "/targets/1/count"])
        );
    }

    #[test]
    fn the_same_plan_has_no_marks_and_an_edit_is_found_where_it_is_printed() {
        let (plan, report, _) = crate::load_plan(std::path::Path::new("sources"), "sources");
        let plan = plan.unwrap_or_else(|| panic!("{}", report.render()));
        let v = crate::render::view::view(&plan, chrono::NaiveDate::MIN, true);
        assert!(compare(&v, &v, "v1").is_none());
        let mut old = v.clone();
        old.districts[0].targets.clear();
        old.budget.total.amount = "€ 1".into();
        let marks = compare(&old, &v, "v1").expect("marks");
        assert_eq!(
            marks.note,
            "Wijzigingen sinds v1 zijn in de marge gemarkeerd"
        );
        let d = &v.districts[0].anchor;
        assert!(marks.changed(d, "/targets") || v.districts[0].targets.is_empty());
        assert!(marks.changed("begroting", "/total/amount"));
        assert_eq!(
            marks.part("begroting").unwrap().places.get("/total/amount"),
            Some(&Some("€ 1".to_string()))
        );
        assert!(marks.nav().contains(&"organisatie".to_string()));
    }
}
