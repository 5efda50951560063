//! The plan's rich text as HTML: paragraphs, lists, block quotes with their
//! attribution, bold, italic, links and line breaks. Every text goes
//! through maud's escaping; addresses are attribute values, escaped too.

use maud::{Markup, html};

use crate::model::richtext::{Block, Inline};
use crate::render::view::LABELS;

/// A run of blocks; `class` goes on each paragraph (the lookback and
/// outlook have their own look, as in the PDF).
pub fn blocks(blocks: &[Block], class: Option<&str>) -> Markup {
    html! {
        @for b in blocks {
            (block(b, class))
        }
    }
}

fn block(b: &Block, class: Option<&str>) -> Markup {
    match b {
        Block::Paragraph { inlines: i } => html! {
            p class=[class] { (inlines(i)) }
        },
        Block::List {
            ordered: true,
            start,
            items,
        } => html! {
            ol start=[(*start != 1).then_some(*start)] {
                @for item in items { li { (list_item(item, class)) } }
            }
        },
        Block::List { items, .. } => html! {
            ul {
                @for item in items { li { (list_item(item, class)) } }
            }
        },
        Block::Quote {
            blocks: inner,
            attribution,
        } => html! {
            figure.citaat {
                blockquote { (blocks(inner, None)) }
                @if let Some(a) = attribution {
                    figcaption { (LABELS.attribution) (inlines(a)) }
                }
            }
        },
    }
}

/// A list item: a single paragraph is written bare (no `<p>` in the `<li>`).
fn list_item(item: &[Block], class: Option<&str>) -> Markup {
    match item {
        [Block::Paragraph { inlines: i }] => inlines(i),
        _ => blocks(item, class),
    }
}

pub fn inlines(inlines: &[Inline]) -> Markup {
    html! {
        @for i in inlines {
            @match i {
                Inline::Text { text } => (text),
                Inline::Strong { inlines: inner } => strong { (self::inlines(inner)) },
                Inline::Emphasis { inlines: inner } => em { (self::inlines(inner)) },
                Inline::Link { url, inlines: inner } => a href=(url) { (self::inlines(inner)) },
                Inline::LineBreak => br;
            }
        }
    }
}
