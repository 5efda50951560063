//! Rich text to Word: paragraphs in a given style, bulleted and numbered
//! lists (nested by `w:ilvl`, numbering restarted per list), block quotes
//! with their attribution, bold, italic, line breaks and real hyperlinks.

use docx_rs::{
    BreakType, Hyperlink, HyperlinkType, LineSpacing, Paragraph, Run, SpecialIndentType,
};

use super::body::{BULLETS, Composer, LIST_GAP, numbered, text};
use super::styles::{CITAAT, CITAATBRON, HYPERLINK, list_indent};
use crate::model::richtext::{Block, Inline};
use crate::render::view::{LABELS, leads_in};

/// Writes rich text as paragraphs in `style`.
pub fn rich(body: &mut Composer, blocks: &[Block], style: &str) {
    for b in blocks {
        block(body, b, style, None);
    }
}

/// One block. `level` is the list level the block sits in (None outside lists).
pub(super) fn block(body: &mut Composer, b: &Block, style: &str, level: Option<usize>) {
    match b {
        Block::Paragraph { inlines } => {
            let p = indented(Paragraph::new().style(style), level).keep_next(leads_in(b));
            body.paragraph(inline(p, inlines));
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            let level = level.map_or(0, |l| l + 1);
            let num = if *ordered {
                body.ordered(*start, level)
            } else {
                BULLETS
            };
            for item in items {
                list_item(body, item, style, num, level);
            }
            if level == 0 {
                body.end_list();
            }
        }
        Block::Quote {
            blocks,
            attribution,
        } => {
            for b in blocks {
                block(body, b, CITAAT, level);
            }
            if let Some(a) = attribution {
                let p = Paragraph::new()
                    .style(CITAATBRON)
                    .add_run(text(LABELS.attribution));
                body.paragraph(inline(p, a));
            }
        }
    }
}

/// A list item: its first paragraph carries the number or bullet; further
/// paragraphs are indented to the item's text; nested lists go one level deeper.
pub(super) fn list_item(
    body: &mut Composer,
    item: &[Block],
    style: &str,
    num: usize,
    level: usize,
) {
    let mut first = true;
    for b in item {
        match b {
            Block::Paragraph { inlines } if first => {
                let p = numbered(Paragraph::new().style(style), num, level);
                body.paragraph(inline(p, inlines));
            }
            _ => block(body, b, style, Some(level)),
        }
        first = false;
    }
    if item.is_empty() {
        body.paragraph(numbered(Paragraph::new().style(style), num, level));
    }
}

/// A paragraph inside a list item, aligned with the item's text.
fn indented(p: Paragraph, level: Option<usize>) -> Paragraph {
    match level {
        None => p,
        Some(l) => p
            .indent(
                Some(list_indent(l).0),
                None::<SpecialIndentType>,
                None,
                None,
            )
            .line_spacing(LineSpacing::new().after(LIST_GAP)),
    }
}

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
}

/// Appends inline content to a paragraph.
pub fn inline(mut p: Paragraph, inlines: &[Inline]) -> Paragraph {
    for piece in pieces(inlines, Format::default()) {
        p = match piece {
            Piece::Run(r) => p.add_run(*r),
            Piece::Link(h) => p.add_hyperlink(h),
        };
    }
    p
}

enum Piece {
    Run(Box<Run>),
    Link(Hyperlink),
}

fn pieces(inlines: &[Inline], f: Format) -> Vec<Piece> {
    let mut out = Vec::new();
    for i in inlines {
        match i {
            Inline::Text { text: t } => out.push(Piece::Run(Box::new(formatted(text(t), f)))),
            Inline::Strong { inlines } => out.extend(pieces(inlines, Format { bold: true, ..f })),
            Inline::Emphasis { inlines } => {
                out.extend(pieces(inlines, Format { italic: true, ..f }))
            }
            Inline::LineBreak => out.push(Piece::Run(Box::new(
                Run::new().add_break(BreakType::TextWrapping),
            ))),
            Inline::Link { url, inlines } => {
                let mut h = Hyperlink::new(url, HyperlinkType::External);
                for piece in pieces(inlines, f) {
                    if let Piece::Run(r) = piece {
                        h = h.add_run(r.style(HYPERLINK));
                    }
                }
                out.push(Piece::Link(h));
            }
        }
    }
    out
}

fn formatted(mut r: Run, f: Format) -> Run {
    if f.bold {
        r = r.bold();
    }
    if f.italic {
        r = r.italic();
    }
    r
}

/// A link to `url` showing `label`, for composed paragraphs.
pub fn link(url: &str, label: &str) -> Hyperlink {
    Hyperlink::new(url, HyperlinkType::External).add_run(text(label).style(HYPERLINK))
}

/// A link to a bookmark in this document.
pub fn internal_link(bookmark: &str, label: &str) -> Hyperlink {
    Hyperlink::new(bookmark, HyperlinkType::Anchor).add_run(text(label).style(HYPERLINK))
}
