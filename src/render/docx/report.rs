//! The change report as a DOCX (`changes --format docx|all`): the same
//! view as the PDF report (`changes::report::ReportView`), with the house
//! styles; the summary a table with a row per changed section (its header
//! row repeated on every page, as the plan's tables); deleted words struck
//! through and inserted words underlined, each run after its visible word
//! ("verwijderd:", "ingevoegd:"), so neither colour nor formatting alone
//! carries the change.

use std::collections::BTreeMap;

use docx_rs::{Docx, Paragraph, Run};

use super::body::Composer;
use super::embed;
use super::styles::{self, HEADINGS, House, NORMAL, VOETNOOT, half_points};
use super::{package, patch, tables, theme};
use crate::changes::labels::CHANGE_LABELS as L;
use crate::changes::report::ReportView;
use crate::changes::{Piece, PieceKind};
use crate::render::view::View;

/// The report's DOCX bytes (deterministic: the plan's date, no clock).
pub fn render(report: &ReportView, plan: &View) -> Result<Vec<u8>, String> {
    let house = House::load()?;
    let heading = |level: usize, text: &str| {
        Paragraph::new()
            .style(HEADINGS[level - 1])
            .add_run(Run::new().add_text(text))
    };
    let small = |text: &str| {
        Paragraph::new()
            .style(VOETNOOT)
            .add_run(Run::new().add_text(text))
    };
    let no_images = BTreeMap::new();
    let mut body = Composer::new(house.clone(), false, &no_images);
    body.paragraph(heading(1, &report.meta.title));
    body.paragraph(
        Paragraph::new()
            .style(NORMAL)
            .add_run(Run::new().add_text(&report.meta.plan).bold()),
    );
    body.paragraph(
        Paragraph::new()
            .style(NORMAL)
            .add_run(Run::new().add_text(&report.meta.compared)),
    );
    body.paragraph(small(L.legend));
    body.paragraph(heading(2, L.summary));
    let rows: Vec<[&str; 5]> = report
        .summary
        .iter()
        .map(|r| [&*r.title, &*r.texts, &*r.figures, &*r.marks, &*r.page])
        .collect();
    tables::summary(
        &mut body,
        &L.summary_header,
        &rows,
        format!("{}: {}", L.summary, L.summary_header.join(", ")),
    );
    body.paragraph(heading(2, L.changes_title));
    let small_size = half_points(house.lettertype.voetnoot);
    for s in &report.sections {
        body.paragraph(heading(3, &s.title));
        if !s.path.is_empty() {
            body.paragraph(small(&s.path));
        }
        for g in &s.groups {
            if !g.heading.is_empty() {
                body.paragraph(heading(4, &g.heading));
            }
            for c in &g.changes {
                body.paragraph(small(&c.label));
                let mut p = Paragraph::new().style(NORMAL);
                if c.pieces.is_empty() {
                    p = p.add_run(Run::new().add_text(&c.line));
                }
                for piece in &c.pieces {
                    p = add_piece(p, piece, small_size);
                }
                body.paragraph(p);
            }
        }
    }
    let tables = std::mem::take(&mut body.tables);
    let docx = body.into_docx(Docx::new().styles(styles::styles(&house)));
    let mut parts = docx.build();
    let m = &plan.meta;
    let fixes = patch::Fixes {
        tables,
        bookmarks: Vec::new(),
        media: Vec::new(),
        pictures: Vec::new(),
        core: patch::Core {
            title: report.meta.title.clone(),
            creator: m.organisation.clone(),
            subject: report.meta.plan.clone(),
            description: report.meta.compared.clone(),
            keywords: report.meta.keywords.join("; "),
            date: format!("{}T00:00:00Z", m.date_iso),
        },
        custom: Vec::new(),
        font: house.lettertype.familie.clone(),
        extra: vec![patch::ExtraPart {
            id: "rIdTheme1".into(),
            target: theme::TARGET.into(),
            rel_type: theme::REL_TYPE.into(),
            bytes: theme::theme(&house),
        }],
    };
    let extra = patch::apply(&mut parts, &fixes)?;
    let fonts = embed::embed(&house.lettertype.familie)?.map(|e| e.fonts.as_slice());
    package::pack(parts, extra, fonts)
}

/// A piece of a changed text: a deleted or inserted one after its word
/// ("verwijderd:", "ingevoegd:"), in brackets, in the small size.
fn add_piece(p: Paragraph, piece: &Piece, small: usize) -> Paragraph {
    let word = |label: &str| Run::new().add_text(format!("[{label} ")).size(small);
    let close = || Run::new().add_text("]").size(small);
    match piece.kind {
        PieceKind::Same => p.add_run(Run::new().add_text(&piece.text)),
        PieceKind::Deleted => p
            .add_run(word(L.deleted_words))
            .add_run(Run::new().add_text(&piece.text).strike())
            .add_run(close()),
        PieceKind::Inserted => p
            .add_run(word(L.inserted_words))
            .add_run(Run::new().add_text(&piece.text).underline("single").bold())
            .add_run(close()),
    }
}
