//! Writing rich text back as Markdown in the plan's subset: the importer's
//! way of turning a revised document into source text. `richtext::parse` of
//! the output gives the same rich text back.

use super::richtext::{ATTRIBUTION_DASH, Block, Inline};

/// Width at which paragraphs are wrapped (Markdown joins the lines again).
const WIDTH: usize = 78;

/// Rich text as Markdown, ending without a newline.
pub fn to_markdown(blocks: &[Block]) -> String {
    let alt = alternate(blocks);
    let mut out = Vec::new();
    for (b, alt) in blocks.iter().zip(alt) {
        out.push(block_with(b, 0, alt));
    }
    out.join("\n\n")
}

/// Which lists take the other marker (`*` for `-`, `1)` for `1.`): a list
/// right after a list of the same kind, which Markdown would otherwise
/// read as part of it.
fn alternate(blocks: &[Block]) -> Vec<bool> {
    let mut out: Vec<bool> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let alt = match (i.checked_sub(1).map(|p| &blocks[p]), b) {
            (Some(Block::List { ordered: a, .. }), Block::List { ordered: b, .. }) if a == b => {
                !out[i - 1]
            }
            _ => false,
        };
        out.push(alt);
    }
    out
}

fn block(b: &Block, indent: usize) -> String {
    block_with(b, indent, false)
}

fn block_with(b: &Block, indent: usize, alt: bool) -> String {
    match b {
        Block::Paragraph { inlines } => wrap(&escape_start(&inlines_md(inlines)), indent),
        Block::List {
            ordered,
            start,
            items,
        } => {
            // Loose (blank lines between items) only when an item has more
            // than one paragraph; a nested list keeps a list tight.
            let loose = items.iter().any(|i| {
                i.iter()
                    .filter(|b| !matches!(b, Block::List { .. }))
                    .count()
                    > 1
            });
            let mut lines = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let marker = match (*ordered, alt) {
                    (true, false) => format!("{}. ", start + n as u64),
                    (true, true) => format!("{}) ", start + n as u64),
                    (false, false) => "- ".to_string(),
                    (false, true) => "* ".to_string(),
                };
                let inner = indent + marker.len();
                let body: Vec<String> = item
                    .iter()
                    .zip(alternate(item))
                    .map(|(b, alt)| block_with(b, inner, alt))
                    .collect();
                let body = body.join(if loose { "\n\n" } else { "\n" });
                // The first line carries the marker instead of the indent.
                let body = body.get(inner..).unwrap_or("").to_string();
                lines.push(format!("{}{marker}{body}", " ".repeat(indent)));
            }
            lines.join(if loose { "\n\n" } else { "\n" })
        }
        Block::Quote {
            blocks,
            attribution,
        } => {
            let mut parts: Vec<String> = blocks.iter().map(|b| block(b, 0)).collect();
            if let Some(a) = attribution {
                // Wrapped, so that a line after a line break is escaped.
                parts.push(wrap(&format!("{ATTRIBUTION_DASH}{}", inlines_md(a)), 0));
            }
            let text = parts.join("\n\n");
            text.lines()
                .map(|l| {
                    let pad = " ".repeat(indent);
                    if l.is_empty() {
                        format!("{pad}>")
                    } else {
                        format!("{pad}> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

fn inlines_md(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Strong { inlines } => delimit(&mut out, &inlines_md(inlines), "**"),
            Inline::Emphasis { inlines } => delimit(&mut out, &inlines_md(inlines), "*"),
            Inline::Link { url, inlines } => {
                out.push('[');
                out.push_str(&inlines_md(inlines));
                out.push_str("](");
                out.push_str(&destination(url));
                out.push(')');
            }
            Inline::LineBreak => out.push_str("\\\n"),
        }
    }
    out
}

/// `**text**`, with surrounding spaces moved outside the markers (Markdown
/// does not read `** text**` as bold).
fn delimit(out: &mut String, inner: &str, marker: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    let lead = &inner[..inner.len() - inner.trim_start().len()];
    let trail = &inner[inner.trim_end().len()..];
    out.push_str(lead);
    out.push_str(marker);
    out.push_str(trimmed);
    out.push_str(marker);
    out.push_str(trail);
}

/// Markdown that is known to read back as `blocks`, up to [`canonical`]
/// (white space at the edges of bold, italic and links is written outside
/// them, which reads the same); an error when the text defeats the writer
/// (emphasis markers wedged between punctuation can read differently), so
/// that the importer refuses instead of altering text.
pub fn to_markdown_exact(blocks: &[Block], md: String) -> Result<String, Inexact> {
    to_markdown_exact_as(blocks, md, |_| {})
}

/// [`to_markdown_exact`], with both sides passed through `render` before
/// they are compared: the importer compares as the reader sees the text
/// (with typographic quotes, whichever form the Markdown uses).
pub fn to_markdown_exact_as(
    blocks: &[Block],
    md: String,
    render: impl Fn(&mut [Block]),
) -> Result<String, Inexact> {
    let rendered = |b: &[Block]| {
        let mut b = b.to_vec();
        render(&mut b);
        canonical(&b)
    };
    match super::richtext::parse(&md) {
        Ok(back) if rendered(&back) == rendered(blocks) => Ok(md),
        Ok(_) => Err(Inexact::Emphasis),
        Err(forbidden) => Err(Inexact::Forbidden(
            forbidden.iter().map(|f| f.what).collect(),
        )),
    }
}

/// Why rich text cannot be written as Markdown of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inexact {
    /// Emphasis markers wedged between punctuation would read differently.
    Emphasis,
    /// The text holds what the subset does not allow (a link to
    /// `javascript:`, say): the constructs, in words.
    Forbidden(Vec<&'static str>),
}

impl Inexact {
    /// The message and the hint for whoever made the text.
    pub fn explain(&self) -> (String, &'static str) {
        match self {
            Inexact::Emphasis => (
                "deze opmaak (vet of cursief direct tegen leestekens) laat zich niet exact als Markdown schrijven".into(),
                "zet een spatie tussen het vette of cursieve woord en het leesteken ernaast, of pas de tekst aan in sources/",
            ),
            Inexact::Forbidden(what) => (
                format!("niet toegestaan in tekst: {}", what.join(", ")),
                if what.iter().any(|w| w.contains("genest")) {
                    "lijsten en citaten gaan hoogstens 4 niveaus diep: zet de diepste punten een niveau hoger (in Word: Spatie terug of Inspringing verkleinen)"
                } else {
                    "links wijzen naar een webadres (https://...) of een e-mailadres (mailto:...); pas het document aan"
                },
            ),
        }
    }
}

/// Rich text with white space at the edges of bold, italic and links moved
/// outside them and neighbouring text joined: what reads the same is equal.
pub fn canonical(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { inlines } => Block::Paragraph {
                inlines: canonical_inlines(inlines),
            },
            Block::List {
                ordered,
                start,
                items,
            } => Block::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(|i| canonical(i)).collect(),
            },
            Block::Quote {
                blocks,
                attribution,
            } => Block::Quote {
                blocks: canonical(blocks),
                attribution: attribution.as_ref().map(|a| canonical_inlines(a)),
            },
        })
        .collect()
}

/// Builds a container inline around new contents.
type Rewrap = Box<dyn Fn(Vec<Inline>) -> Inline>;

fn canonical_inlines(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in inlines {
        let (inner, make): (&[Inline], Rewrap) = match i {
            Inline::Text { text } => {
                push_text(&mut out, text);
                continue;
            }
            Inline::LineBreak => {
                out.push(Inline::LineBreak);
                continue;
            }
            Inline::Strong { inlines } => (inlines, Box::new(|v| Inline::Strong { inlines: v })),
            Inline::Emphasis { inlines } => {
                (inlines, Box::new(|v| Inline::Emphasis { inlines: v }))
            }
            Inline::Link { url, inlines } => {
                let url = url.clone();
                (
                    inlines,
                    Box::new(move |v| Inline::Link {
                        url: url.clone(),
                        inlines: v,
                    }),
                )
            }
        };
        let (lead, inner, trail) = split_edges(canonical_inlines(inner));
        push_text(&mut out, &lead);
        if !inner.is_empty() {
            out.push(make(inner));
        }
        push_text(&mut out, &trail);
    }
    out
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text { text }) => text.push_str(t),
        _ => out.push(Inline::Text {
            text: t.to_string(),
        }),
    }
}

/// The white space at the start and end of inlines, and what is between.
fn split_edges(mut inner: Vec<Inline>) -> (String, Vec<Inline>, String) {
    let mut lead = String::new();
    let mut trail = String::new();
    if let Some(Inline::Text { text }) = inner.first_mut() {
        let t = text.trim_start().to_string();
        lead = text[..text.len() - t.len()].to_string();
        *text = t;
    }
    if let Some(Inline::Text { text }) = inner.last_mut() {
        let t = text.trim_end().to_string();
        trail = text[t.len()..].to_string();
        *text = t;
    }
    inner.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    (lead, inner, trail)
}

/// Top-level blocks of `original` that reappear unchanged in `blocks` keep
/// their original Markdown (wrapping, escapes); only changed blocks are
/// written anew. `reference` is what `original` reads as (the same length).
pub fn to_markdown_keeping(blocks: &[Block], reference: &[Block], original: &str) -> String {
    let slices = top_level_slices(original);
    if slices.len() != reference.len() {
        return to_markdown(blocks);
    }
    let mut used = vec![false; reference.len()];
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| {
            match reference
                .iter()
                .enumerate()
                .position(|(i, r)| !used[i] && r == b)
            {
                Some(i) => {
                    used[i] = true;
                    slices[i].clone()
                }
                None => block(b, 0),
            }
        })
        .collect();
    parts.join("\n\n")
}

/// The source text of each top-level block of a Markdown text.
fn top_level_slices(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(md, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    out.push(md[range].trim_end().to_string());
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(md[range].trim_end().to_string()),
            _ => {}
        }
    }
    out
}

/// Escapes what Markdown would read as markup inside a line (and tabs).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        // A tab as a character reference: Markdown would drop it at the
        // start or end of a line.
        if c == '\t' {
            out.push_str("&#9;");
            continue;
        }
        let needs = match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '`' => true,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link address as a Markdown link destination that reads back as
/// exactly `url`: spaces as `%20` (the importer reads them so), and the
/// characters that would end or change the destination escaped.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' | ')' | '\\' | '<' | '>' | '&' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("%{:02X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a line start that Markdown would read as a block marker.
fn escape_start(text: &str) -> String {
    let first = text.split([' ', '\t']).next().unwrap_or("");
    if !starts_block(first) {
        return text.to_string();
    }
    // A list number: the dot or bracket after the digits is escaped (a
    // backslash before a digit would stay as text).
    let digits = first.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    format!("\\{text}")
}

/// Would a line starting with the word `first` begin a list, heading,
/// quote, rule, code fence or the underline of a heading?
fn starts_block(first: &str) -> bool {
    if matches!(first, "-" | "+" | "*")
        || first.starts_with(['#', '>', '~'])
        || first.starts_with("```")
        || (!first.is_empty() && first.chars().all(|c| c == '=' || c == '-'))
    {
        return true;
    }
    let digits = first.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&first[digits..], "." | ")")
}

/// Wraps a paragraph at `WIDTH`, never starting a line with a block marker.
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    for (n, hard) in text.split('\n').enumerate() {
        // After a line break the line starts anew: escape a block marker.
        let hard = if n > 0 {
            escape_start(hard)
        } else {
            hard.to_string()
        };
        let mut line = String::new();
        for word in hard.split(' ') {
            let fits = line.chars().count() + 1 + word.chars().count() + indent <= WIDTH;
            // Never break next to a run of spaces or a tab: Markdown would
            // drop them.
            if line.is_empty()
                || fits
                || starts_block(word.split('\t').next().unwrap_or(""))
                || word.is_empty()
                || word.starts_with('\t')
                || line.ends_with([' ', '\t'])
            {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            } else {
                lines.push(format!("{pad}{line}"));
                line = word.to_string();
            }
        }
        lines.push(format!("{pad}{line}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::richtext::parse;
    use super::*;

    fn round_trip(md: &str) {
        let rt = parse(md).unwrap();
        let written = to_markdown(&rt);
        assert_eq!(
            parse(&written).unwrap(),
            rt,
            "\n--- in\n{md}\n--- out\n{written}"
        );
    }

    #[test]
    fn the_subset_survives_a_round_trip() {
        round_trip("Een **vette** en *schuine* zin met een [link](https://example.org/a%20b.pdf).");
        round_trip("- een\n- twee\n  - genest\n- drie");
        round_trip("3. drie\n4. vier\n\n   met een tweede alinea");
        round_trip("> Mooi.\n>\n> Echt.\n>\n> — Jan, burgemeester");
        round_trip(r"Tekens: \* \_ \[x\] \<b\> \` 2 \* 3 = 6 en &amp; en \\ en 100%");
        round_trip("\\- geen lijst\n\n\\1. geen nummer\n\n\\# geen kop");
        round_trip("2023\\. was een goed jaar\n\n1\\. begin\n\n3\\) drie\n\n\\~~~ golf");
        round_trip(&"lang woord ".repeat(40));
        round_trip(
            "regel met - streep en 1. nummer midden in een zin die lang genoeg is om af te breken - echt - 2. zo",
        );
    }

    fn para(inlines: Vec<Inline>) -> Vec<Block> {
        vec![Block::Paragraph { inlines }]
    }

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    /// Plain text that only looks like Markdown is written so that it
    /// reads back exactly (it was refused as "vet of cursief ..." before).
    #[test]
    fn text_that_looks_like_markdown_comes_back_exactly() {
        let cases = [
            para(vec![text("2023. Een goed jaar.")]),
            para(vec![text("1. Eerst dit.")]),
            para(vec![text("3) Dan dat.")]),
            para(vec![text("12345678901. Geen lijst, te veel cijfers.")]),
            para(vec![text("~~~ golf")]),
            para(vec![text("=== streep")]),
            para(vec![text("een"), Inline::LineBreak, text("- geen lijst")]),
            para(vec![text("een"), Inline::LineBreak, text("2. geen lijst")]),
            para(vec![text("een"), Inline::LineBreak, text("===")]),
            para(vec![text("een"), Inline::LineBreak, text("# geen kop")]),
            para(vec![text("\tingesprongen\tmet tabs\t")]),
            vec![
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![para(vec![text("een")])],
                },
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![para(vec![text("andere lijst")])],
                },
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![para(vec![text("derde")])],
                },
            ],
            para(vec![text(&"woord\t".repeat(40))]),
            para(vec![
                text("Zie "),
                Inline::Link {
                    url: "https://nl.wikipedia.org/wiki/Plan_(document)".into(),
                    inlines: vec![text("het plan")],
                },
                text(" en "),
                Inline::Link {
                    url: r"https://x.nl/a\b?c=1&amp;d=<2>".into(),
                    inlines: vec![text("dit")],
                },
                text("."),
            ]),
        ];
        for blocks in cases {
            let md = to_markdown(&blocks);
            assert_eq!(
                to_markdown_exact(&blocks, md.clone()),
                Ok(md.clone()),
                "{blocks:?} as {md:?}"
            );
        }
    }

    #[test]
    fn spaces_move_outside_bold_and_italic() {
        let rt = vec![Block::Paragraph {
            inlines: vec![
                Inline::Text { text: "a".into() },
                Inline::Strong {
                    inlines: vec![Inline::Text {
                        text: " vet ".into(),
                    }],
                },
                Inline::Text { text: "b".into() },
            ],
        }];
        assert_eq!(to_markdown(&rt), "a **vet** b");
    }

    #[test]
    fn unchanged_blocks_keep_their_original_text() {
        let original = "Eerste  alinea,\nzoals   de redacteur\nhem schreef.\n\n- een\n- twee";
        let reference = parse(original).unwrap();
        let mut changed = reference.clone();
        changed.push(Block::Paragraph {
            inlines: vec![Inline::Text {
                text: "Nieuw.".into(),
            }],
        });
        assert_eq!(
            to_markdown_keeping(&changed, &reference, original),
            "Eerste  alinea,\nzoals   de redacteur\nhem schreef.\n\n- een\n- twee\n\nNieuw."
        );
    }

    #[test]
    fn every_prose_field_of_the_bundled_sources_survives_a_round_trip() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
        let mut n = 0;
        for dir in [root.clone(), root.join("districten"), root.join("themas")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                let value: toml::Value =
                    toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                let mut strings = Vec::new();
                collect(&value, &mut strings);
                for s in strings.iter().filter(|s| s.contains(' ')) {
                    if let Ok(rt) = parse(s) {
                        let written = to_markdown(&rt);
                        assert_eq!(
                            parse(&written).unwrap(),
                            rt,
                            "{}: {written}",
                            path.display()
                        );
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 100, "only {n} fields");
    }

    fn collect(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
}
