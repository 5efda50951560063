//! The change report as a DOCX (`changes --format docx|all`): the same
//! view as the PDF report (`changes::report::ReportView`), with the house
//! styles; deleted words struck through and inserted words underlined,
//! each run after its visible word ("verwijderd:", "ingevoegd:"), so
//! neither colour nor formatting alone carries the change.

use docx_rs::{Docx, Paragraph, Run};

use super::embed;
use super::styles::{self, HEADINGS, House, NORMAL, VOETNOOT};
use super::{package, patch, theme};
use crate::changes::report::ReportView;
use crate::changes::{Piece, PieceKind};
use crate::render::view::View;

/// The report's DOCX bytes (deterministic: the plan's date, no clock).
pub fn render(report: &ReportView, plan: &View) -> Result<Vec<u8>, String> {
    let house = House::load()?;
    let l = &report.labels;
    let label = |name: &str| {
        l.get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
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
    let mut docx = Docx::new().styles(styles::styles(&house));
    docx = docx
        .add_paragraph(heading(1, &report.meta.title))
        .add_paragraph(
            Paragraph::new()
                .style(NORMAL)
                .add_run(Run::new().add_text(&report.meta.plan).bold()),
        )
        .add_paragraph(
            Paragraph::new()
                .style(NORMAL)
                .add_run(Run::new().add_text(&report.meta.compared)),
        )
        .add_paragraph(small(&label("legend")))
        .add_paragraph(heading(2, &label("summary")));
    let header: Vec<String> = l
        .get("summary_header")
        .and_then(|v| v.as_array())
        .map(|xs| {
            xs.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for row in &report.summary {
        let cells = [&row.texts, &row.figures, &row.marks, &row.page];
        let counts: Vec<String> = header
            .iter()
            .skip(1)
            .zip(cells)
            .map(|(h, v)| format!("{h} {v}"))
            .collect();
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(NORMAL)
                .add_run(Run::new().add_text(&row.title).bold())
                .add_run(Run::new().add_text(format!(": {}", counts.join(", ")))),
        );
    }
    docx = docx.add_paragraph(heading(2, &label("changes_title")));
    for s in &report.sections {
        docx = docx.add_paragraph(heading(3, &s.title));
        if !s.path.is_empty() {
            docx = docx.add_paragraph(small(&s.path));
        }
        for g in &s.groups {
            if !g.heading.is_empty() {
                docx = docx.add_paragraph(heading(4, &g.heading));
            }
            for c in &g.changes {
                docx = docx.add_paragraph(small(&c.label));
                let mut p = Paragraph::new().style(NORMAL);
                if c.pieces.is_empty() {
                    p = p.add_run(Run::new().add_text(&c.line));
                }
                for piece in &c.pieces {
                    p = add_piece(p, piece, &label("deleted_words"), &label("inserted_words"));
                }
                docx = docx.add_paragraph(p);
            }
        }
    }
    let mut parts = docx.build();
    let m = &plan.meta;
    let fixes = patch::Fixes {
        tables: Vec::new(),
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

fn add_piece(p: Paragraph, piece: &Piece, deleted: &str, inserted: &str) -> Paragraph {
    match piece.kind {
        PieceKind::Same => p.add_run(Run::new().add_text(&piece.text)),
        PieceKind::Deleted => p
            .add_run(Run::new().add_text(format!("[{deleted} ")).size(16))
            .add_run(Run::new().add_text(&piece.text).strike())
            .add_run(Run::new().add_text("]").size(16)),
        PieceKind::Inserted => p
            .add_run(Run::new().add_text(format!("[{inserted} ")).size(16))
            .add_run(Run::new().add_text(&piece.text).underline("single").bold())
            .add_run(Run::new().add_text("]").size(16)),
    }
}
