//! The change report's view: the [`Changes`] composed for the reader, every
//! number through `format` (by [`Quantity::text`] and [`Quantity::delta`]),
//! every fixed text from the labels. The PDF layout (`layouts/wijzigingen.typ`)
//! reads it as JSON; the DOCX report walks the same structure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::labels::CHANGE_LABELS as L;
use super::{Changes, Mark, PartEvent, Piece, PieceKind, Quantity, TextChange, Transition, What};
use crate::format;
use crate::render::view::LABELS;

/// The report as the reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub labels: serde_json::Value,
    pub meta: ReportMeta,
    pub summary: Vec<SummaryRow>,
    pub sections: Vec<ReportSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportMeta {
    /// "Wijzigingen sinds v1.0"
    pub title: String,
    /// The plan's title.
    pub plan: String,
    pub organisation: String,
    pub subtitle: String,
    /// "Vergeleken: de bronnen van v1.0 (versie van 1 maart 2025)"
    pub compared: String,
    pub keywords: Vec<String>,
}

/// One row of the summary: a changed section and its counts.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub title: String,
    pub texts: String,
    pub figures: String,
    pub marks: String,
    /// The page of the section in the current plan ("–" when it is not in
    /// the plan any more).
    pub page: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportSection {
    pub title: String,
    /// The headings above the section ("Districtelijke uitvoeringsplannen").
    pub path: String,
    /// The changes, grouped by the heading inside the section.
    pub groups: Vec<ReportGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportGroup {
    /// "Vooruitblik 2025-2026 › Havens"; empty for the section itself.
    pub heading: String,
    pub changes: Vec<ReportChange>,
}

/// One change: what it is (`label`), and either the word pieces of a text
/// or one line (a number, a mark).
#[derive(Debug, Clone, Serialize)]
pub struct ReportChange {
    pub label: String,
    pub pieces: Vec<Piece>,
    pub line: String,
}

/// What the earlier version is, for the title.
#[derive(Debug, Clone)]
pub struct Since {
    /// As the user gave it.
    pub name: String,
    /// The commit date of a git revision.
    pub date: Option<chrono::NaiveDate>,
}

/// Composes the report. `pages` are the pages of the current plan's
/// anchors (`PdfCompiler::anchor_pages`).
pub fn report(
    changes: &Changes,
    since: &Since,
    plan: &crate::model::Plan,
    pages: &BTreeMap<String, usize>,
) -> ReportView {
    let mut labels = serde_json::to_value(&L).expect("labels are plain data");
    if let Some(o) = labels.as_object_mut() {
        o.insert("page".into(), LABELS.page.into());
        o.insert("page_of".into(), LABELS.page_of.into());
    }
    let mut compared = format!("{} {}", L.compared_with, since.name);
    if let Some(d) = since.date {
        compared.push_str(&format!(" ({} {})", L.version_of, format::date(d)));
    }
    let meta = ReportMeta {
        title: format!("{} {} {}", L.report_title, L.since, since.name),
        plan: plan.meta.title.clone(),
        organisation: plan.meta.organisation.clone(),
        subtitle: compared.clone(),
        compared,
        keywords: vec![plan.meta.region.clone(), L.report_title.to_string()],
    };
    let summary = changes
        .sections
        .iter()
        .map(|s| {
            let c = s.counts();
            let removed = s.changes.iter().any(|c| {
                c.place.key.is_empty()
                    && matches!(
                        c.what,
                        What::Part {
                            event: PartEvent::Removed,
                            ..
                        }
                    )
            });
            let page = match s.section.anchor() {
                _ if removed => "–".to_string(),
                None => format::thousands(1),
                Some(a) => pages
                    .get(&a)
                    .map_or("–".to_string(), |p| format::thousands(*p as u64)),
            };
            SummaryRow {
                title: if removed {
                    format!("{} ({})", s.title, L.not_in_plan)
                } else {
                    s.title.clone()
                },
                texts: format::thousands((c.texts + c.structure) as u64),
                figures: format::thousands(c.figures as u64),
                marks: format::thousands(c.marks as u64),
                page,
            }
        })
        .collect();
    let sections = changes
        .sections
        .iter()
        .map(|s| {
            let mut groups: Vec<ReportGroup> = Vec::new();
            for c in &s.changes {
                let mut path = c.place.heading.clone();
                path.extend(c.place.row.clone());
                let heading = path.join(" › ");
                let change = change(&c.what);
                match groups.last_mut() {
                    Some(g) if g.heading == heading => g.changes.push(change),
                    _ => groups.push(ReportGroup {
                        heading,
                        changes: vec![change],
                    }),
                }
            }
            ReportSection {
                title: s.title.clone(),
                path: s.heading[..s.heading.len().saturating_sub(1)].join(" › "),
                groups,
            }
        })
        .collect();
    ReportView {
        labels,
        meta,
        summary,
        sections,
    }
}

/// A value as the report prints it: the number, or open, or not given.
pub fn value(q: &Quantity) -> String {
    q.text().unwrap_or_else(|| match q {
        Quantity::Open => L.open.to_string(),
        _ => L.absent.to_string(),
    })
}

/// "€ 128.157 → € 131.000 (+€ 2.843)", with "; ingevuld" or "; weer open".
pub fn number_line(old: &Quantity, new: &Quantity) -> String {
    number_text(old, new, "; ")
}

/// Old → new (the difference), with how it was filled or opened after
/// `separator`.
pub(super) fn number_text(old: &Quantity, new: &Quantity, separator: &str) -> String {
    let mut s = format!("{} → {}", value(old), value(new));
    if let Some(d) = Quantity::delta(old, new) {
        s.push_str(&format!(" ({d})"));
    }
    match Quantity::transition(old, new) {
        Transition::Filled => s.push_str(&format!("{separator}{}", L.filled)),
        Transition::Opened => s.push_str(&format!("{separator}{}", L.reopened)),
        Transition::Changed => {}
    }
    s
}

/// What happened to a text, in words: toegevoegd, verwijderd, gewijzigd.
pub(super) fn text_change(c: &TextChange) -> &'static str {
    match c {
        TextChange::Added => L.added,
        TextChange::Removed => L.removed,
        TextChange::Changed => L.changed,
        TextChange::Formatting => L.formatting,
    }
}

/// A matrix cell's value in words: ja, nee, open, niet vermeld.
pub(super) fn mark(m: &Option<Mark>) -> &'static str {
    match m {
        Some(Mark::Yes) => L.yes,
        Some(Mark::No) => L.no,
        Some(Mark::Open) => L.open,
        None => L.absent,
    }
}

fn change(what: &What) -> ReportChange {
    let line = |label: String, line: String| ReportChange {
        label,
        pieces: Vec::new(),
        line,
    };
    match what {
        What::Part { label, event } => line(
            label.clone(),
            match event {
                PartEvent::Added => L.added.to_string(),
                PartEvent::Removed => L.removed.to_string(),
                PartEvent::Moved { from, to } => format!(
                    "{} {} {} {}",
                    L.moved,
                    format::thousands(*from as u64),
                    L.moved_to,
                    format::thousands(*to as u64)
                ),
            },
        ),
        What::Text {
            label,
            change,
            pieces,
        } => {
            let what = text_change(change);
            ReportChange {
                label: format!("{label}: {what}"),
                pieces: pieces.clone(),
                line: String::new(),
            }
        }
        What::Number { label, old, new } => line(label.clone(), number_line(old, new)),
        What::Row {
            table,
            added,
            cells,
        } => {
            let text = cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ");
            ReportChange {
                label: format!("{table}: {}", if *added { L.added } else { L.removed }),
                pieces: vec![Piece {
                    kind: if *added {
                        PieceKind::Inserted
                    } else {
                        PieceKind::Deleted
                    },
                    text,
                }],
                line: String::new(),
            }
        }
        What::Mark {
            partner,
            column,
            old,
            new,
        } => line(
            format!("{partner} × {column}"),
            format!("{} → {}", mark(old), mark(new)),
        ),
        What::Total { label, old, new } => {
            line(format!("{}: {label}", L.effects), number_line(old, new))
        }
        What::Stated { label, old, new } => line(
            format!("{}: {label}", L.stated),
            match (old, new) {
                (None, Some(n)) => format!("{}: {}", L.stated_new, n.join(" / ")),
                (Some(o), None) => format!("{}: {}", L.stated_gone, o.join(" / ")),
                (Some(o), Some(n)) => format!("{} → {}", o.join(" / "), n.join(" / ")),
                (None, None) => String::new(),
            },
        ),
    }
}
