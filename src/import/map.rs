//! Mapping a parsed document onto the section's fields: which bookmark is
//! which source field, how paragraphs become rich text again, and how the
//! matrix and target tables become values.

use std::collections::BTreeMap;

use super::document::{Body, Item, Para, Table};
use crate::model::richtext::{Block, Inline, RichText};
use crate::render::docx;
use crate::render::docx::fields::{self, Content};
use crate::render::view::{self, View};
use crate::source::write::{NewValue, Seg};

/// Styles of the quote paragraphs the DOCX writer uses.
pub const QUOTE: &str = docx::QUOTE_STYLE;
pub const QUOTE_SOURCE: &str = docx::QUOTE_SOURCE_STYLE;

/// What a section's field bookmark stands for, with the key path of its
/// value in the section's file (from the table in `render::docx::fields`).
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// Prose at a path.
    Prose(Vec<Seg>),
    /// The theme's numbered goals (an array of one-line texts).
    Goals(Vec<Seg>),
    /// The district's targets table: the array of targets.
    Targets(Vec<Seg>),
    /// The district's partner x theme matrix: the array of its rows.
    Matrix(Vec<Seg>),
}

/// Every field of the section `id` that its export carries, by bookmark
/// name: the rows of `render::docx::fields` this section has.
pub fn fields(view: &View, id: &str) -> BTreeMap<String, Field> {
    fields::instances(view, id)
        .into_iter()
        .map(|f| {
            let field = match f.spec.content {
                Content::Prose => Field::Prose(f.path),
                Content::Goals => Field::Goals(f.path),
                Content::Targets => Field::Targets(f.path),
                Content::Matrix => Field::Matrix(f.path),
            };
            (f.name, field)
        })
        .collect()
}

/// The paragraphs lying in field `name`, in order.
pub fn paragraphs<'a>(body: &'a Body, name: &str) -> Vec<&'a Para> {
    body.items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) if p.fields.contains(name) => Some(p),
            _ => None,
        })
        .collect()
}

/// The table lying in field `name`, if any.
pub fn table<'a>(body: &'a Body, name: &str) -> Option<&'a Table> {
    body.items.iter().find_map(|i| match i {
        Item::Table(t) if t.fields.contains(name) => Some(t),
        _ => None,
    })
}

/// Paragraphs back to rich text: lists from their numbering, quotes from
/// their style; empty paragraphs are dropped.
pub fn blocks(paras: &[&Para], ordered: &BTreeMap<String, bool>) -> RichText {
    let mut out: RichText = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = paras[i];
        if p.text().trim().is_empty() {
            i += 1;
            continue;
        }
        if p.style == QUOTE || p.style == QUOTE_SOURCE {
            let mut inner = Vec::new();
            let mut attribution = None;
            // The source ends a quote: what follows it (another source, more
            // quoted text) is a quote of its own, so nothing is overwritten
            // or moved.
            while i < paras.len() && (paras[i].style == QUOTE || paras[i].style == QUOTE_SOURCE) {
                let q = paras[i];
                i += 1;
                if q.text().trim().is_empty() {
                    continue;
                }
                if q.style == QUOTE_SOURCE {
                    // Only the dash: no source.
                    let source = trim(&strip_dash(trim(&q.inlines)));
                    if source.is_empty() {
                        continue;
                    }
                    attribution = Some(source);
                    break;
                }
                inner.push(Block::Paragraph {
                    inlines: trim(&q.inlines),
                });
            }
            out.push(Block::Quote {
                blocks: inner,
                attribution,
            });
            continue;
        }
        if p.list.is_some() {
            let start = i;
            // Empty paragraphs between items do not end the list.
            while i < paras.len() && (paras[i].list.is_some() || paras[i].text().trim().is_empty())
            {
                i += 1;
            }
            // An empty item shows nothing but its bullet: left out, as an
            // empty paragraph is.
            let items: Vec<&Para> = paras[start..i]
                .iter()
                .filter(|p| !p.text().trim().is_empty())
                .copied()
                .collect();
            out.extend(list(&items, 0, ordered));
            continue;
        }
        out.push(Block::Paragraph {
            inlines: trim(&p.inlines),
        });
        i += 1;
    }
    out
}

/// Consecutive list paragraphs at `level` and deeper as (possibly several) lists.
fn list(paras: &[&Para], level: u32, ordered: &BTreeMap<String, bool>) -> Vec<Block> {
    let mut lists: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let (id, lvl) = paras[i]
            .list
            .as_ref()
            .map(|(id, l)| (id.as_str(), *l))
            .unwrap_or(("", 0));
        if lvl > level {
            // Deeper items belong to the previous item; an orphan starts an item of its own.
            let start = i;
            while i < paras.len() && paras[i].list.as_ref().is_some_and(|(_, l)| *l > level) {
                i += 1;
            }
            let nested = list(&paras[start..i], level + 1, ordered);
            match lists.last_mut() {
                Some(Block::List { items, .. }) if !items.is_empty() => {
                    items.last_mut().unwrap().extend(nested)
                }
                _ => lists.push(Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![nested],
                }),
            }
            continue;
        }
        let item = vec![Block::Paragraph {
            inlines: trim(&paras[i].inlines),
        }];
        let is_ordered = *ordered.get(id).unwrap_or(&false);
        match lists.last_mut() {
            Some(Block::List {
                items, ordered: o, ..
            // Adjacent items of one kind form one list, whatever their
            // numbering ids (LibreOffice renumbers a list's first item).
            }) if *o == is_ordered => items.push(item),
            _ => lists.push(Block::List {
                ordered: is_ordered,
                start: 1,
                items: vec![item],
            }),
        }
        i += 1;
    }
    lists
}

/// Inlines without the spaces and line breaks at their start and end, or
/// spaces next to a line break: none shows, and Markdown cannot hold them.
/// (Tabs are kept: they show.)
fn trim(inlines: &[Inline]) -> Vec<Inline> {
    let mut v = super::document::normalize(inlines.to_vec());
    for i in 0..v.len() {
        let before_break = matches!(v.get(i + 1), Some(Inline::LineBreak));
        let after_break = i > 0 && matches!(v[i - 1], Inline::LineBreak);
        if let Inline::Text { text } = &mut v[i] {
            if before_break {
                *text = text.trim_end_matches(' ').to_string();
            }
            if after_break {
                *text = text.trim_start_matches(' ').to_string();
            }
        }
    }
    v.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    trim_edge(&mut v, Edge::Start);
    trim_edge(&mut v, Edge::End);
    v
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Removes the spaces and line breaks at one edge of inlines, inside bold,
/// italic and links too (which then may go, empty).
fn trim_edge(v: &mut Vec<Inline>, edge: Edge) {
    loop {
        let at = match edge {
            Edge::Start => 0,
            Edge::End => v.len().wrapping_sub(1),
        };
        let Some(inline) = v.get_mut(at) else { return };
        let emptied = match inline {
            Inline::LineBreak => true,
            Inline::Text { text } => {
                let t = match edge {
                    Edge::Start => text.trim_start_matches(' '),
                    Edge::End => text.trim_end_matches(' '),
                };
                if t.len() == text.len() {
                    return;
                }
                *text = t.to_string();
                text.is_empty()
            }
            Inline::Strong { inlines }
            | Inline::Emphasis { inlines }
            | Inline::Link { inlines, .. } => {
                trim_edge(inlines, edge);
                if !inlines.is_empty() {
                    return;
                }
                true
            }
        };
        if !emptied {
            return;
        }
        v.remove(at);
    }
}

fn strip_dash(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        let t =
            text.trim_start_matches(|c: char| matches!(c, '—' | '-' | '–') || c.is_whitespace());
        *text = t.to_string();
    }
    inlines
}

/// A count as printed ("1.000", "46", "—") back to a value. Only what is
/// unambiguous is read: digits, optionally grouped in thousands by dots or
/// spaces in groups of exactly three ("1.500", "12 000"). "1.5", "1,5" or
/// "1,500" could mean a decimal or an English thousand: refused.
pub fn count(cell: &str) -> Result<NewValue, String> {
    let t = cell.trim();
    if t.is_empty() || t == crate::format::OPEN || t == "-" || t.eq_ignore_ascii_case("open") {
        return Ok(NewValue::Open);
    }
    let groups: Vec<&str> = t.split(['.', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    let digits_only = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    if digits_only && (groups.len() == 1 || grouped) {
        return groups
            .concat()
            .parse::<i64>()
            .map(NewValue::Integer)
            .map_err(|_| format!("\"{t}\" is te groot voor een aantal"));
    }
    if t.contains([',', '.']) && t.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{t}\" is geen heel getal: een aantal heeft geen decimalen, en een punt scheidt alleen duizendtallen (1.500)"
        ));
    }
    Err(format!("\"{t}\" is geen aantal"))
}

/// A matrix mark as printed back to yes (Some(true)), no (Some(false)) or open (None).
pub fn mark(cell: &str) -> Result<Option<bool>, String> {
    match cell.trim().to_lowercase().as_str() {
        view::YES | "v" | "x" | "ja" | "✔" | "☑" => Ok(Some(true)),
        "–" | "-" | "nee" | "n" => Ok(Some(false)),
        "?" | "" | "open" => Ok(None),
        other => Err(format!(
            "\"{other}\" is geen markering: gebruik {} (ja), – (nee) of ? (onbekend)",
            view::YES
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(style: &str, list: Option<(&str, u32)>, text: &str) -> Para {
        Para {
            style: style.into(),
            list: list.map(|(a, b)| (a.to_string(), b)),
            inlines: vec![Inline::Text { text: text.into() }],
            ..Para::default()
        }
    }

    #[test]
    fn paragraphs_lists_and_quotes_come_back() {
        let ps = [
            para("Normal", None, "Intro."),
            para("Normal", Some(("3", 0)), "een"),
            para("Normal", Some(("3", 1)), "genest"),
            para("Normal", Some(("3", 0)), "twee"),
            para("Normal", None, ""),
            para(QUOTE, None, "Mooi."),
            para(QUOTE_SOURCE, None, "— Jan"),
        ];
        let refs: Vec<&Para> = ps.iter().collect();
        let ordered = BTreeMap::from([("3".to_string(), false)]);
        let md = crate::model::markdown::to_markdown(&blocks(&refs, &ordered));
        assert_eq!(
            md,
            "Intro.\n\n- een\n  - genest\n- twee\n\n> Mooi.\n>\n> — Jan"
        );
    }

    #[test]
    fn counts_and_marks_read_back() {
        assert_eq!(count("1.250").unwrap(), NewValue::Integer(1250));
        assert_eq!(count("12.345.678").unwrap(), NewValue::Integer(12_345_678));
        assert_eq!(count("1 500").unwrap(), NewValue::Integer(1500));
        assert_eq!(count("0015").unwrap(), NewValue::Integer(15));
        for ambiguous in [
            "1.5",
            "1,5",
            "1,500",
            "1.50",
            "1.5000",
            "12.34.567",
            ".500",
            "1.",
        ] {
            let e = count(ambiguous).unwrap_err();
            assert!(e.contains("geen heel getal"), "{ambiguous}: {e}");
        }
        assert!(count("-3").is_err());
        assert_eq!(count("—").unwrap(), NewValue::Open);
        assert!(count("veel").is_err());
        assert_eq!(mark("✓").unwrap(), Some(true));
        assert_eq!(mark("Nee").unwrap(), Some(false));
        assert_eq!(mark("?").unwrap(), None);
        assert!(mark("misschien").is_err());
    }
}
