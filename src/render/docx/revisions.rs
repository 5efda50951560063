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
    Run, RunChild,
};

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
                for c in pieces(group, date, true) {
                    h.children.push(c);
                }
                p = p.add_hyperlink(h);
            }
            _ => {
                for c in pieces(group, date, false) {
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
fn pieces(words: &[Word], date: &str, in_link: bool) -> Vec<ParagraphChild> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (op, bold, italic) = (words[i].op, words[i].style.bold, words[i].style.italic);
        let mut j = i;
        let mut run = Run::new();
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

/// A table just written (the first one from `items[at]`) with its
/// changed cells as revisions: `cells` are (row below the header, column,
/// the old text; None for a row that is new, whose every cell and the row
/// itself are inserted). The new text is what the cell holds.
pub fn cells(
    items: &mut [BodyChild],
    header_rows: usize,
    cells: &[(usize, usize, Option<String>)],
    date: &str,
) {
    let Some(table) = items.iter_mut().find_map(|i| match i {
        BodyChild::Table(t) => Some(t),
        _ => None,
    }) else {
        return;
    };
    for (row, col, old) in cells {
        let Some(docx_rs::TableChild::TableRow(tr)) = table.rows.get_mut(header_rows + row) else {
            continue;
        };
        if old.is_none() {
            tr.property = tr.property.clone().insert(insertion(date));
        }
        for (c, child) in tr.cells.iter_mut().enumerate() {
            let docx_rs::TableRowChild::TableCell(cell) = child;
            if c != *col && old.is_some() {
                continue;
            }
            for content in &mut cell.children {
                let docx_rs::TableCellContent::Paragraph(p) = content else {
                    continue;
                };
                let first = p.children.iter().find_map(|c| match c {
                    ParagraphChild::Run(r) => Some((**r).clone()),
                    _ => None,
                });
                inserted_runs(p, date);
                if let Some(old) = old.as_ref().filter(|o| !o.is_empty()) {
                    // The old text in the new text's formatting.
                    let mut run = first.unwrap_or_default();
                    run.children
                        .retain(|c| !matches!(c, RunChild::Text(_) | RunChild::Tab(_)));
                    let run = append(run, old);
                    p.children.insert(
                        0,
                        ParagraphChild::Delete(deletion(date).add_run(deleted_run(run))),
                    );
                }
                break;
            }
        }
    }
}

/// The changed places under `prefix` of the part being written, as (row,
/// the rest of the pointer, old text): `/targets/2/count` is (2, `count`).
/// A new row has an empty rest and no old text.
fn rows_changed(body: &Composer, prefix: &str) -> Vec<(usize, String, Option<String>)> {
    let Some(part) = body.marks.and_then(|m| m.part(&body.part)) else {
        return Vec::new();
    };
    part.places
        .iter()
        .filter_map(|(pointer, old)| {
            let rest = pointer.strip_prefix(prefix)?.strip_prefix('/')?;
            let (row, rest) = rest.split_once('/').unwrap_or((rest, ""));
            Some((row.parse().ok()?, rest.to_string(), old.clone()))
        })
        .collect()
}

/// The targets table just written (from `items[at]`) with its changes.
pub fn targets(body: &mut Composer, at: usize, targets: &[crate::render::view::Target]) {
    let Some(date) = body.marks.map(|m| m.date.clone()) else {
        return;
    };
    let mut changed = Vec::new();
    let rows = rows_changed(body, "/targets");
    for (row, rest, old) in &rows {
        let Some(t) = targets.get(*row) else { continue };
        match rest.as_str() {
            "" => changed.push((*row, 0, None)),
            "count" => changed.push((*row, 0, old.clone())),
            "term" => changed.push((*row, 2, old.clone())),
            "description" | "theme" => {
                // The goal cell: the description with its theme.
                let was = |key: &str, now: &str| {
                    rows.iter()
                        .find(|(r, k, _)| r == row && k == key)
                        .and_then(|(_, _, o)| o.clone())
                        .unwrap_or_else(|| now.to_string())
                };
                let (d, th) = (was("description", &t.description), was("theme", &t.theme));
                let goal = if th.is_empty() {
                    d
                } else {
                    format!("{d} ({th})")
                };
                if !changed.iter().any(|(r, c, _)| r == row && *c == 1) {
                    changed.push((*row, 1, Some(goal)));
                }
            }
            _ => {}
        }
    }
    cells(&mut body.items[at..], 1, &changed, &date);
}

/// The matrix just written (from `items[at]`) with its changed marks and
/// partners, and its new rows.
pub fn matrix(body: &mut Composer, at: usize, header_rows: usize) {
    let Some(date) = body.marks.map(|m| m.date.clone()) else {
        return;
    };
    let changed: Vec<(usize, usize, Option<String>)> = rows_changed(body, "/matrix/rows")
        .into_iter()
        .filter_map(|(row, rest, old)| match rest.split_once('/') {
            _ if rest.is_empty() => Some((row, 0, None)),
            None if rest == "partner" => Some((row, 0, old)),
            Some(("cells", c)) => Some((row, c.parse::<usize>().ok()? + 1, old)),
            _ => None,
        })
        .collect();
    cells(&mut body.items[at..], header_rows, &changed, &date);
}
