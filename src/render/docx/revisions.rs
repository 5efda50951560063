//! Word revisions for `build --since`: what changed in a rich-text field
//! since the earlier version, written as tracked changes (`w:ins`,
//! `w:del` with `w:delText`; a paragraph added or removed whole has its
//! paragraph mark inserted or deleted too), by the author
//! [`marks::AUTHOR`] on the build's date. Accepting every change gives
//! exactly the current text, formatting and links included; rejecting
//! every change gives the earlier one. The revisions' ids are numbered in
//! document order by the patch step.

use docx_rs::{
    BreakType, Delete, DeleteText, Hyperlink, HyperlinkType, Insert, Paragraph, ParagraphChild,
    Run, RunChild, RunProperty, TableCell, TableCellContent, TableChild, TableRow, TableRowChild,
};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::blocks::{block, list_item};
use super::body::{BULLETS, BodyChild, Composer, numbered, text};
use super::styles::HYPERLINK;
use crate::model::richtext::{Block, Inline};
use crate::render::marks::{AUTHOR, ItemStep, Op, Step, Word};
use crate::render::view::leads_in;

/// Rich text with the steps from its earlier version.
pub fn rich(body: &mut Composer, blocks: &[Block], steps: &[Step], style: &str, date: &str) {
    let mut next = blocks.iter();
    for step in steps {
        match step {
            Step::Removed(old) => {
                let at = body.items.len();
                block(body, old, style, None);
                deleted(&mut body.items[at..], date);
            }
            step => {
                let Some(b) = next.next() else { break };
                match (step, b) {
                    (Step::Added, _) => {
                        let at = body.items.len();
                        block(body, b, style, None);
                        inserted(&mut body.items[at..], date);
                    }
                    (Step::Words(words), _) => {
                        let p = Paragraph::new().style(style).keep_next(leads_in(b));
                        body.paragraph(revised(p, words, date));
                    }
                    (
                        Step::List(items),
                        Block::List {
                            ordered,
                            start,
                            items: new,
                        },
                    ) => {
                        let num = if *ordered {
                            body.ordered(*start, 0)
                        } else {
                            BULLETS
                        };
                        list(body, new, items, style, num, date);
                        body.end_list();
                    }
                    _ => block(body, b, style, None),
                }
            }
        }
    }
    // Blocks the steps did not reach (none, when they are the steps of
    // these blocks).
    for b in next {
        block(body, b, style, None);
    }
}

/// A list's items (at level 0, numbered with `num`) with their steps.
fn list(
    body: &mut Composer,
    items: &[Vec<Block>],
    steps: &[ItemStep],
    style: &str,
    num: usize,
    date: &str,
) {
    let mut next = items.iter();
    for step in steps {
        match step {
            ItemStep::Removed(old) => {
                let at = body.items.len();
                list_item(body, old, style, num, 0);
                deleted(&mut body.items[at..], date);
            }
            step => {
                let Some(item) = next.next() else { break };
                match step {
                    ItemStep::Added => {
                        let at = body.items.len();
                        list_item(body, item, style, num, 0);
                        inserted(&mut body.items[at..], date);
                    }
                    ItemStep::Words(words) => {
                        let p = numbered(Paragraph::new().style(style), num, 0);
                        body.paragraph(revised(p, words, date));
                    }
                    _ => list_item(body, item, style, num, 0),
                }
            }
        }
    }
    for item in next {
        list_item(body, item, style, num, 0);
    }
}

/// Numbered paragraphs (a theme's goals) with their steps: each paragraph
/// is one step of `steps` (the steps of the paragraphs as blocks).
pub fn numbered_paragraphs(
    body: &mut Composer,
    paragraphs: &[Vec<Inline>],
    steps: &[Step],
    style: &str,
    num: usize,
    date: &str,
) {
    let items: Vec<Vec<Block>> = paragraphs
        .iter()
        .map(|inlines| {
            vec![Block::Paragraph {
                inlines: inlines.clone(),
            }]
        })
        .collect();
    let item_steps: Vec<ItemStep> = steps
        .iter()
        .map(|s| match s {
            Step::Same => ItemStep::Same,
            Step::Added => ItemStep::Added,
            Step::Removed(b) => ItemStep::Removed(vec![b.clone()]),
            Step::Words(w) => ItemStep::Words(w.clone()),
            // Paragraphs have no list steps; shown as new.
            Step::List(_) => ItemStep::Added,
        })
        .collect();
    list(body, &items, &item_steps, style, num, date);
}

fn insertion(date: &str) -> Insert {
    Insert::new_with_empty().author(AUTHOR).date(date)
}

fn deletion(date: &str) -> Delete {
    Delete::new().author(AUTHOR).date(date)
}

/// Marks the paragraphs just written as inserted: their runs and their
/// paragraph marks.
fn inserted(items: &mut [BodyChild], date: &str) {
    for item in items {
        let BodyChild::Paragraph(p) = item else {
            continue;
        };
        inserted_runs(p, date);
        p.property.run_property = p.property.run_property.clone().insert(insertion(date));
    }
}

/// Puts a paragraph's runs (also a link's) in insertions.
fn inserted_runs(p: &mut Paragraph, date: &str) {
    let wrap = |c: ParagraphChild| match c {
        ParagraphChild::Run(r) => ParagraphChild::Insert(insertion(date).add_run(*r)),
        c => c,
    };
    p.children = std::mem::take(&mut p.children)
        .into_iter()
        .map(|c| match c {
            ParagraphChild::Hyperlink(mut h) => {
                h.children = std::mem::take(&mut h.children)
                    .into_iter()
                    .map(wrap)
                    .collect();
                ParagraphChild::Hyperlink(h)
            }
            c => wrap(c),
        })
        .collect();
}

/// Marks the paragraphs just written as deleted: their runs (text as
/// `w:delText`; a link's text without its link) and their paragraph marks.
fn deleted(items: &mut [BodyChild], date: &str) {
    for item in items {
        let BodyChild::Paragraph(p) = item else {
            continue;
        };
        let children = std::mem::take(&mut p.children);
        let mut out = Vec::new();
        for c in children {
            match c {
                ParagraphChild::Run(r) => {
                    out.push(ParagraphChild::Delete(
                        deletion(date).add_run(deleted_run(*r)),
                    ));
                }
                ParagraphChild::Hyperlink(h) => {
                    for c in h.children {
                        if let ParagraphChild::Run(r) = c {
                            out.push(ParagraphChild::Delete(
                                deletion(date).add_run(deleted_run(*r)),
                            ));
                        }
                    }
                }
                c => out.push(c),
            }
        }
        p.children = out;
        p.property.run_property = p.property.run_property.clone().delete(deletion(date));
    }
}

/// A run's text as deleted text.
fn deleted_run(mut r: Run) -> Run {
    r.children = std::mem::take(&mut r.children)
        .into_iter()
        .map(|c| match c {
            RunChild::Text(t) => RunChild::DeleteText(DeleteText::new(t.text)),
            c => c,
        })
        .collect();
    r
}

/// A paragraph whose words changed: the words both versions have as they
/// are, inserted ones in `w:ins`, deleted ones in `w:del`, each with its
/// formatting; the words of a link inside the link (a link wholly deleted
/// is deleted text).
fn revised(mut p: Paragraph, words: &[Word], date: &str) -> Paragraph {
    let mut i = 0;
    while i < words.len() {
        let link = words[i].style.link.clone();
        let mut j = i + 1;
        while j < words.len() && words[j].style.link == link {
            j += 1;
        }
        let group = &words[i..j];
        match &link {
            Some(url) if group.iter().any(|w| w.op != Op::Removed) => {
                let mut h = Hyperlink::new(url, HyperlinkType::External);
                for c in pieces(group, date, true, &RunProperty::new()) {
                    h.children.push(c);
                }
                p = p.add_hyperlink(h);
            }
            _ => {
                for c in pieces(group, date, false, &RunProperty::new()) {
                    p.children.push(c);
                }
            }
        }
        i = j;
    }
    p
}

/// Runs of words with the same change and formatting, each in its
/// revision element.
fn pieces(words: &[Word], date: &str, in_link: bool, base: &RunProperty) -> Vec<ParagraphChild> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (op, bold, italic) = (words[i].op, words[i].style.bold, words[i].style.italic);
        let mut j = i;
        let mut run = Run {
            run_property: base.clone(),
            ..Run::new()
        };
        let mut pending = String::new();
        while j < words.len()
            && words[j].op == op
            && words[j].style.bold == bold
            && words[j].style.italic == italic
        {
            match &words[j].text {
                Some(t) => pending.push_str(t),
                None => {
                    run = append(run, &std::mem::take(&mut pending));
                    run = run.add_break(BreakType::TextWrapping);
                }
            }
            j += 1;
        }
        run = append(run, &pending);
        if bold {
            run = run.bold();
        }
        if italic {
            run = run.italic();
        }
        if in_link && op != Op::Removed {
            run = run.style(HYPERLINK);
        }
        out.push(match op {
            Op::Same => ParagraphChild::Run(Box::new(run)),
            Op::Added => ParagraphChild::Insert(insertion(date).add_run(run)),
            Op::Removed => ParagraphChild::Delete(deletion(date).add_run(deleted_run(run))),
        });
        i = j;
    }
    out
}

/// `s` appended to a run, as [`text`] writes it (tabs as Word's tab).
fn append(mut run: Run, s: &str) -> Run {
    if s.is_empty() {
        return run;
    }
    run.children.extend(text(s).children);
    run
}

/// Where a prose field of the section table (`fields`) sits in its part's
/// view, as the marks name it (`/lookback`, `/themes/2/text`).
pub fn pointer(spec: &super::fields::Spec, n: Option<usize>) -> Option<String> {
    use super::fields::*;
    let i = n.unwrap_or(0);
    let table: [(&Spec, String); 10] = [
        (&DISTRICT_LOOKBACK, "/lookback".into()),
        (&DISTRICT_OUTLOOK, "/outlook".into()),
        (&DISTRICT_THEME, format!("/themes/{i}/text")),
        (&THEME_INTRO, "/intro".into()),
        (&THEME_LOOKBACK, "/lookback".into()),
        (&THEME_OUTLOOK, "/outlook".into()),
        (&THEME_GOALS, "/goals".into()),
        (&THEME_PARAGRAPH, format!("/sections/{i}/text")),
        (&THEME_IN_DISTRICTS_INTRO, "/in_districts/intro".into()),
        (
            &THEME_IN_DISTRICT,
            format!("/in_districts/districts/{i}/text"),
        ),
    ];
    table
        .into_iter()
        .find(|(s, _)| s.section == spec.section && s.bookmark == spec.bookmark)
        .map(|(_, p)| p)
}

/// A table as the earlier version wrote it: its rows and their keys (as
/// `tables` names them).
pub struct Earlier {
    pub rows: Vec<TableRow>,
    pub keys: Vec<String>,
}

impl Earlier {
    /// The first table `items` hold, with `keys`.
    pub fn from(items: Vec<BodyChild>, keys: Vec<String>) -> Option<Earlier> {
        let table = items.into_iter().find_map(|i| match i {
            BodyChild::Table(t) => Some(t),
            _ => None,
        })?;
        let rows = table
            .rows
            .into_iter()
            .map(|TableChild::TableRow(r)| r)
            .collect();
        Some(Earlier { rows, keys })
    }
}

/// The table just written (the first one in `items`, its rows named by
/// `keys`) revised against the earlier version's (`old`; None when it had
/// none: every row inserted). Rows are paired by their key (a budget line
/// by its group and function, a measure by its id, a partner by name), in
/// order; a run of rows replaced by as many others is paired row by row (a
/// renamed line). A paired row's cells that differ have the old text
/// deleted and the new inserted; a row only the new table has is an
/// inserted row (`w:trPr/w:ins`), one only the old has a deleted row
/// (`w:trPr/w:del`, its text deleted) where it was.
pub fn table(items: &mut [BodyChild], keys: &[String], old: Option<Earlier>, date: &str) {
    let Some(table) = items.iter_mut().find_map(|i| match i {
        BodyChild::Table(t) => Some(t),
        _ => None,
    }) else {
        return;
    };
    let mut new: Vec<Option<TableRow>> = std::mem::take(&mut table.rows)
        .into_iter()
        .map(|TableChild::TableRow(r)| Some(r))
        .collect();
    let mut rows = Vec::with_capacity(new.len());
    let keys = &keys[..keys.len().min(new.len())];
    let mut take = |i: usize| new[i].take().expect("each row once");
    match old {
        None => rows.extend((0..keys.len()).map(|i| inserted_row(take(i), date))),
        Some(old) => {
            for op in capture_diff_slices(Algorithm::Myers, &old.keys, keys) {
                let (o, n) = (op.old_range(), op.new_range());
                let paired = matches!(op, DiffOp::Equal { .. })
                    || matches!(op, DiffOp::Replace { .. }) && o.len() == n.len();
                if paired {
                    for (i, j) in o.zip(n) {
                        rows.push(revised_row(take(j), &old.rows[i], date));
                    }
                } else {
                    rows.extend(o.map(|i| deleted_row(old.rows[i].clone(), date)));
                    rows.extend(n.map(|j| inserted_row(take(j), date)));
                }
            }
        }
    }
    // Rows without a key (none: every table names its rows) stay as they are.
    rows.extend(new.into_iter().flatten());
    table.rows = rows.into_iter().map(TableChild::TableRow).collect();
}

/// A row's cells.
fn row_cells(row: &mut TableRow) -> impl Iterator<Item = &mut TableCell> {
    row.cells.iter_mut().map(|c| match c {
        TableRowChild::TableCell(cell) => cell,
    })
}

/// A cell's paragraphs.
fn cell_paragraphs(cell: &mut TableCell) -> impl Iterator<Item = &mut Paragraph> {
    cell.children.iter_mut().filter_map(|c| match c {
        TableCellContent::Paragraph(p) => Some(&mut **p),
        _ => None,
    })
}

/// A cell's text as printed: its paragraphs by line, a break as `\n`, a
/// tab as `\t`.
fn cell_text(cell: &TableCell) -> String {
    let run = |r: &Run, out: &mut String| {
        for c in &r.children {
            match c {
                RunChild::Text(t) => out.push_str(&t.text),
                RunChild::Tab(_) => out.push('\t'),
                RunChild::Break(_) => out.push('\n'),
                _ => {}
            }
        }
    };
    let mut lines = Vec::new();
    for c in &cell.children {
        let TableCellContent::Paragraph(p) = c else {
            continue;
        };
        let mut line = String::new();
        for c in &p.children {
            match c {
                ParagraphChild::Run(r) => run(r, &mut line),
                ParagraphChild::Hyperlink(h) => {
                    for c in &h.children {
                        if let ParagraphChild::Run(r) = c {
                            run(r, &mut line);
                        }
                    }
                }
                _ => {}
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// A paragraph's text (as [`cell_text`] reads it).
fn cell_text_of(p: &Paragraph) -> String {
    let cell = TableCell::new().add_paragraph(p.clone());
    cell_text(&cell)
}

/// `s` in a run formatted like `like`: a line break as a break, a tab as
/// a tab.
fn run_like(like: &Run, s: &str) -> Run {
    let mut run = Run {
        run_property: like.run_property.clone(),
        ..Run::new()
    };
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = append(run, line);
    }
    run
}

/// A row paired with the earlier version's: each cell whose text differs
/// has the old text deleted (in the new text's formatting) before the new
/// text inserted.
fn revised_row(mut row: TableRow, old: &TableRow, date: &str) -> TableRow {
    let old: Vec<String> = old
        .cells
        .iter()
        .map(|TableRowChild::TableCell(c)| cell_text(c))
        .collect();
    for (i, cell) in row_cells(&mut row).enumerate() {
        let was = old.get(i).map(String::as_str).unwrap_or_default();
        if cell_text(cell) == was {
            continue;
        }
        let Some(p) = cell_paragraphs(cell).next() else {
            continue;
        };
        // Text: word by word; a number, a mark or a sign: whole.
        let words = |s: &str| s.chars().any(char::is_alphabetic);
        if words(was) && words(&cell_text_of(p)) {
            retext(p, was, date);
            continue;
        }
        let like = p
            .children
            .iter()
            .find_map(|c| match c {
                ParagraphChild::Run(r) => Some((**r).clone()),
                _ => None,
            })
            .unwrap_or_default();
        inserted_runs(p, date);
        if !was.is_empty() {
            let run = deleted_run(run_like(&like, was));
            p.children
                .insert(0, ParagraphChild::Delete(deletion(date).add_run(run)));
        }
    }
    row
}

/// A row only the new version has: the row and its text inserted.
fn inserted_row(mut row: TableRow, date: &str) -> TableRow {
    row.property = row.property.clone().insert(insertion(date));
    for cell in row_cells(&mut row) {
        for p in cell_paragraphs(cell) {
            inserted_runs(p, date);
        }
    }
    row
}

/// A row only the earlier version had: the row, its text and its cells'
/// paragraph marks deleted, as Word writes a deleted row.
fn deleted_row(mut row: TableRow, date: &str) -> TableRow {
    row.property = row.property.clone().delete(deletion(date));
    for cell in row_cells(&mut row) {
        for p in cell_paragraphs(cell) {
            delete_paragraph(p, date);
        }
    }
    row
}

/// Everything written from `items[at]` on as inserted (a part the earlier
/// version did not have): paragraphs with their marks, tables by row.
pub fn inserted_all(items: &mut [BodyChild], date: &str) {
    for item in items {
        match item {
            BodyChild::Paragraph(_) => inserted(std::slice::from_mut(item), date),
            BodyChild::Table(t) => {
                t.rows = std::mem::take(&mut t.rows)
                    .into_iter()
                    .map(|TableChild::TableRow(r)| TableChild::TableRow(inserted_row(r, date)))
                    .collect();
            }
            _ => {}
        }
    }
}

/// A paragraph of one text (a heading, a caption, a note), just written,
/// whose text was `old`: its first run becomes the words kept, deleted
/// and inserted, each run formatted like it.
pub fn retext(p: &mut Paragraph, old: &str, date: &str) {
    // The text's run, or a link's (a heading that links).
    let children = match p
        .children
        .iter()
        .position(|c| matches!(c, ParagraphChild::Run(_) | ParagraphChild::Hyperlink(_)))
    {
        Some(i) => match &mut p.children[i] {
            ParagraphChild::Hyperlink(h) => &mut h.children,
            _ => &mut p.children,
        },
        None => return,
    };
    let Some(at) = children
        .iter()
        .position(|c| matches!(c, ParagraphChild::Run(_)))
    else {
        return;
    };
    let ParagraphChild::Run(run) = children.remove(at) else {
        unreachable!("found as a run")
    };
    // The run's text with its line breaks and tabs, as inlines.
    let mut new = Vec::new();
    let mut line = String::new();
    for c in &run.children {
        match c {
            RunChild::Text(t) => line.push_str(&t.text),
            RunChild::Tab(_) => line.push('\t'),
            RunChild::Break(_) => {
                new.push(Inline::Text {
                    text: std::mem::take(&mut line),
                });
                new.push(Inline::LineBreak);
            }
            _ => {}
        }
    }
    new.push(Inline::Text { text: line });
    let mut was = Vec::new();
    for (i, line) in old.split('\n').enumerate() {
        if i > 0 {
            was.push(Inline::LineBreak);
        }
        was.push(Inline::Text {
            text: line.to_string(),
        });
    }
    let words = crate::render::marks::words(&was, &new);
    children.splice(at..at, pieces(&words, date, false, &run.run_property));
}

/// A paragraph (a heading of a moved section) whose text and mark are
/// inserted.
pub fn inserted_paragraph(p: &mut Paragraph, date: &str) {
    inserted_runs(p, date);
    p.property.run_property = p.property.run_property.clone().insert(insertion(date));
}

/// A paragraph whose text and mark are deleted (where a moved section's
/// heading was).
pub fn delete_paragraph(p: &mut Paragraph, date: &str) {
    let mut item = [BodyChild::Paragraph(Box::new(std::mem::take(p)))];
    deleted(&mut item, date);
    let [BodyChild::Paragraph(done)] = item else {
        unreachable!("one paragraph")
    };
    *p = *done;
}
