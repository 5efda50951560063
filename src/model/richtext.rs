//! The plan's rich text: the Markdown subset editors may write (paragraphs,
//! lists, bold, italic, links, block quotes with attribution), parsed once.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::links::{self, LinkProblem};

/// A block of rich text. Its JSON for the layouts is written by the view
/// (`render::view`), which adds how the block is presented.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
        attribution: Option<Vec<Inline>>,
    },
}

/// A piece of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Strong { inlines: Vec<Inline> },
    Emphasis { inlines: Vec<Inline> },
    Link { url: String, inlines: Vec<Inline> },
    LineBreak,
}

/// Rich text: a sequence of blocks.
pub type RichText = Vec<Block>;

/// A construct outside the subset, with its byte range in the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden {
    pub what: &'static str,
    pub range: std::ops::Range<usize>,
}

/// The dash that starts a quote's attribution paragraph.
pub const ATTRIBUTION_DASH: &str = "— ";

/// Deepest nesting of lists and quotes.
pub const MAX_NESTING: usize = 4;

/// Deepest nesting of bold, italic and links in one another. Text from
/// Word has at most three (a bold, italic link); far deeper nesting only
/// costs memory and stack in every renderer.
pub const MAX_INLINE_NESTING: usize = 10;

/// What [`parse`] calls bold, italic or links nested deeper than
/// [`MAX_INLINE_NESTING`] (reported once per text).
pub const TOO_DEEP_INLINE: &str = "vet, cursief of een link die meer dan 10 lagen diep genest is";

/// What [`parse`] calls a link whose address is longer than
/// [`super::text::MAX_URL_CHARS`].
pub const TOO_LONG_URL: &str = "een link met een adres van meer dan 2.000 tekens";

/// Parses Markdown in the plan's subset; every construct outside it is returned.
pub fn parse(markdown: &str) -> Result<RichText, Vec<Forbidden>> {
    let mut forbidden = Vec::new();
    let mut stack: Vec<Frame> = vec![Frame::Root(Vec::new())];
    let mut too_deep = false;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        let refuse = |what: &'static str, forbidden: &mut Vec<Forbidden>| {
            forbidden.push(Forbidden {
                what,
                range: range.clone(),
            })
        };
        // Inside a refused construct everything is skipped (only counted).
        if matches!(stack.last(), Some(Frame::Ignored)) {
            match event {
                Event::Start(_) => stack.push(Frame::Ignored),
                Event::End(_) => {
                    stack.pop();
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. })
                if inline_nesting(&stack) >= MAX_INLINE_NESTING =>
            {
                if !too_deep {
                    too_deep = true;
                    refuse(TOO_DEEP_INLINE, &mut forbidden);
                }
                stack.push(Frame::Ignored);
            }
            Event::Start(tag) => match tag {
                Tag::Paragraph => stack.push(Frame::Inlines(InlineKind::Paragraph, Vec::new())),
                Tag::Strong => stack.push(Frame::Inlines(InlineKind::Strong, Vec::new())),
                Tag::Emphasis => stack.push(Frame::Inlines(InlineKind::Emphasis, Vec::new())),
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    if !matches!(
                        link_type,
                        LinkType::Inline | LinkType::Autolink | LinkType::Email
                    ) {
                        refuse("een verwijzingslink ([tekst][label])", &mut forbidden);
                    }
                    let url = if link_type == LinkType::Email
                        && !dest_url.to_ascii_lowercase().starts_with("mailto:")
                    {
                        format!("mailto:{dest_url}")
                    } else {
                        dest_url.to_string()
                    };
                    if let Some(problem) = links::problem(&url) {
                        refuse(
                            match problem {
                                LinkProblem::Scheme => {
                                    "een link die niet met https://, http:// of mailto: begint"
                                }
                                LinkProblem::NoHost => {
                                    "een link zonder webadres na https:// of http://"
                                }
                                LinkProblem::NoAddress => "een mailto:-link zonder e-mailadres",
                            },
                            &mut forbidden,
                        );
                    } else if url.chars().count() > super::text::MAX_URL_CHARS {
                        refuse(TOO_LONG_URL, &mut forbidden);
                    }
                    stack.push(Frame::Inlines(InlineKind::Link(url), Vec::new()));
                }
                Tag::List(_) | Tag::BlockQuote(_) if nesting(&stack) >= MAX_NESTING => {
                    refuse(
                        "een lijst of citaat die meer dan 4 niveaus diep genest is",
                        &mut forbidden,
                    );
                    stack.push(Frame::Ignored);
                }
                Tag::List(start) => stack.push(Frame::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                }),
                Tag::Item => stack.push(Frame::Item(Vec::new())),
                Tag::BlockQuote(_) => stack.push(Frame::Quote(Vec::new())),
                Tag::Heading { .. } => {
                    refuse("een kop (#)", &mut forbidden);
                    stack.push(Frame::Inlines(InlineKind::Paragraph, Vec::new()));
                }
                Tag::CodeBlock(_) => {
                    refuse("een codeblok", &mut forbidden);
                    stack.push(Frame::Ignored);
                }
                Tag::Image { .. } => {
                    refuse("een afbeelding", &mut forbidden);
                    stack.push(Frame::Ignored);
                }
                Tag::HtmlBlock => {
                    refuse("HTML", &mut forbidden);
                    stack.push(Frame::Ignored);
                }
                _ => {
                    refuse("een onbekende opmaak", &mut forbidden);
                    stack.push(Frame::Ignored);
                }
            },
            Event::End(end) => {
                let Some(frame) = stack.pop() else { continue };
                let parent = stack.last_mut();
                match (frame, parent) {
                    (Frame::Ignored, _) => {}
                    (Frame::Inlines(kind, inlines), Some(parent)) => {
                        let _ = end == TagEnd::Paragraph;
                        match kind {
                            InlineKind::Paragraph => {
                                parent.push_block(Block::Paragraph { inlines })
                            }
                            InlineKind::Strong => parent.push_inline(Inline::Strong { inlines }),
                            InlineKind::Emphasis => {
                                parent.push_inline(Inline::Emphasis { inlines })
                            }
                            InlineKind::Link(url) => {
                                parent.push_inline(Inline::Link { url, inlines })
                            }
                        }
                    }
                    (Frame::Item(blocks), Some(Frame::List { items, .. })) => items.push(blocks),
                    (
                        Frame::List {
                            ordered,
                            start,
                            items,
                        },
                        Some(parent),
                    ) => parent.push_block(Block::List {
                        ordered,
                        start,
                        items,
                    }),
                    // An empty quote (a lone `>`) carries nothing: it is dropped.
                    (Frame::Quote(blocks), Some(_)) if blocks.is_empty() => {}
                    (Frame::Quote(blocks), Some(parent)) => parent.push_block(quote(blocks)),
                    _ => {}
                }
            }
            Event::Text(text) => push_text(&mut stack, &text),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => {
                if let Some(top) = stack.last_mut() {
                    top.push_inline(Inline::LineBreak);
                }
            }
            Event::Code(_) => refuse("code (`...`)", &mut forbidden),
            Event::Html(_) | Event::InlineHtml(_) => refuse("HTML", &mut forbidden),
            Event::Rule => refuse("een scheidingslijn", &mut forbidden),
            _ => refuse("een onbekende opmaak", &mut forbidden),
        }
    }
    if !forbidden.is_empty() {
        return Err(forbidden);
    }
    match stack.pop() {
        Some(Frame::Root(blocks)) => Ok(blocks),
        _ => Ok(Vec::new()),
    }
}

/// A block quote: its last paragraph starting with "— " is the attribution.
fn quote(mut blocks: Vec<Block>) -> Block {
    let attribution = match blocks.last() {
        Some(Block::Paragraph { inlines }) => match inlines.first() {
            Some(Inline::Text { text }) if text.starts_with(ATTRIBUTION_DASH) => {
                let mut inlines = inlines.clone();
                if let Some(Inline::Text { text }) = inlines.first_mut() {
                    *text = text[ATTRIBUTION_DASH.len()..].to_string();
                }
                Some(inlines)
            }
            _ => None,
        },
        _ => None,
    };
    if attribution.is_some() {
        blocks.pop();
    }
    Block::Quote {
        blocks,
        attribution,
    }
}

/// How many bold, italic and link frames are open.
fn inline_nesting(stack: &[Frame]) -> usize {
    stack
        .iter()
        .filter(|f| {
            matches!(
                f,
                Frame::Inlines(
                    InlineKind::Strong | InlineKind::Emphasis | InlineKind::Link(_),
                    _
                )
            )
        })
        .count()
}

/// How many lists and quotes are open.
fn nesting(stack: &[Frame]) -> usize {
    stack
        .iter()
        .filter(|f| matches!(f, Frame::List { .. } | Frame::Quote(_)))
        .count()
}

fn push_text(stack: &mut [Frame], text: &str) {
    let Some(top) = stack.last_mut() else { return };
    match top {
        Frame::Ignored => {}
        Frame::Inlines(_, inlines) => match inlines.last_mut() {
            Some(Inline::Text { text: prev }) => prev.push_str(text),
            _ => inlines.push(Inline::Text {
                text: text.to_string(),
            }),
        },
        // Tight list items hold text without a paragraph.
        Frame::Item(blocks) => match blocks.last_mut() {
            Some(Block::Paragraph { inlines }) => match inlines.last_mut() {
                Some(Inline::Text { text: prev }) => prev.push_str(text),
                _ => inlines.push(Inline::Text {
                    text: text.to_string(),
                }),
            },
            _ => blocks.push(Block::Paragraph {
                inlines: vec![Inline::Text {
                    text: text.to_string(),
                }],
            }),
        },
        _ => {}
    }
}

enum InlineKind {
    Paragraph,
    Strong,
    Emphasis,
    Link(String),
}

enum Frame {
    Root(Vec<Block>),
    Inlines(InlineKind, Vec<Inline>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Quote(Vec<Block>),
    Ignored,
}

impl Frame {
    fn push_block(&mut self, block: Block) {
        match self {
            Frame::Root(b) | Frame::Item(b) | Frame::Quote(b) => b.push(block),
            _ => {}
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self {
            Frame::Inlines(_, inlines) => inlines.push(inline),
            // Tight list items hold inlines without a paragraph.
            Frame::Item(blocks) => match blocks.last_mut() {
                Some(Block::Paragraph { inlines }) => inlines.push(inline),
                _ => blocks.push(Block::Paragraph {
                    inlines: vec![inline],
                }),
            },
            _ => {}
        }
    }
}

/// The plain text of inlines (for searching, alt texts and checks).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Strong { inlines }
            | Inline::Emphasis { inlines }
            | Inline::Link { inlines, .. } => out.push_str(&plain(inlines)),
            Inline::LineBreak => out.push(' '),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn paragraphs_and_emphasis() {
        let rt = parse("Een **vet** en *schuin*\nwoord.\n\nTweede alinea.").unwrap();
        assert_eq!(
            rt,
            vec![
                Block::Paragraph {
                    inlines: vec![
                        text("Een "),
                        Inline::Strong {
                            inlines: vec![text("vet")]
                        },
                        text(" en "),
                        Inline::Emphasis {
                            inlines: vec![text("schuin")]
                        },
                        text(" woord."),
                    ]
                },
                Block::Paragraph {
                    inlines: vec![text("Tweede alinea.")]
                },
            ]
        );
    }

    #[test]
    fn lists_nested_and_numbered() {
        let rt = parse("3. drie\n4. vier\n   - sub").unwrap();
        let Block::List {
            ordered,
            start,
            items,
        } = &rt[0]
        else {
            panic!("{rt:?}")
        };
        assert!(*ordered);
        assert_eq!(*start, 3);
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1][1], Block::List { ordered: false, .. }));
    }

    #[test]
    fn quote_with_attribution() {
        let rt = parse("> Mooi werk.\n>\n> — Jan, burgemeester").unwrap();
        assert_eq!(
            rt,
            vec![Block::Quote {
                blocks: vec![Block::Paragraph {
                    inlines: vec![text("Mooi werk.")]
                }],
                attribution: Some(vec![text("Jan, burgemeester")]),
            }]
        );
    }

    #[test]
    fn links_keep_their_url() {
        let rt = parse("Zie [het plan](https://example.org/a%20b.pdf).").unwrap();
        let Block::Paragraph { inlines } = &rt[0] else {
            panic!()
        };
        assert_eq!(
            inlines[1],
            Inline::Link {
                url: "https://example.org/a%20b.pdf".into(),
                inlines: vec![text("het plan")]
            }
        );
    }

    #[test]
    fn typst_and_markup_characters_are_plain_text() {
        let rt = parse(r#"#read("/etc/passwd") $x$ ] \* @ref \<label\>"#).unwrap();
        let Block::Paragraph { inlines } = &rt[0] else {
            panic!()
        };
        assert_eq!(
            plain(inlines),
            r#"#read("/etc/passwd") $x$ ] * @ref <label>"#
        );
    }

    #[test]
    fn everything_outside_the_subset_is_refused_with_its_place() {
        for (md, what) in [
            ("# Kop", "een kop (#)"),
            ("tekst\n\n<div>x</div>", "HTML"),
            ("![kaart](kaart.png)", "een afbeelding"),
            ("```\ncode\n```", "een codeblok"),
            ("a `b` c", "code (`...`)"),
            (
                "[x](javascript:alert(1))",
                "een link die niet met https://, http:// of mailto: begint",
            ),
            ("---", "een scheidingslijn"),
            (
                "- a\n  - b\n    - c\n      - d\n        - e",
                "een lijst of citaat die meer dan 4 niveaus diep genest is",
            ),
            (
                "> > > > > diep",
                "een lijst of citaat die meer dan 4 niveaus diep genest is",
            ),
        ] {
            let err = parse(md).expect_err(md);
            assert_eq!(err[0].what, what, "{md}");
        }
        assert!(
            parse(&">".repeat(100_000)).is_err(),
            "deep input is refused, not overflowed"
        );
        let err = parse("goed\n\n## kop").unwrap_err();
        assert_eq!(err[0].range.start, 6);
    }
}
