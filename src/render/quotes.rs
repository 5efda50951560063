//! Typographic quotes and apostrophes: the straight `'` and `"` editors
//! type become ’ ‘ “ ” in every output. The view applies [`smart`] to all
//! its texts once (see `view::Typography`); the importer uses [`plain`] to
//! write back what it reads in the form the sources use.
//!
//! Rules, in Dutch text:
//! - an apostrophe inside a word (`thema's`, `OMG's`) is ’;
//! - a Dutch elision at the start of a word (`'s avonds`, `'s-Hertogenbosch`,
//!   `'t`, `'n`, `'k`, `'m`, `'r`) and a shortened year (`'23`) is ’;
//! - any other quote opens (‘ “) after the start of the text, a space, an
//!   opening bracket, a dash or another opening quote, and closes (’ ”)
//!   elsewhere: after a letter, a digit or punctuation (`'ogen'.`, `"ja!"`);
//! - a word that contains `://` (a web address written out) is left as typed.
//!
//! Rich text is handled as one sequence per paragraph, so a quote at the
//! edge of a bold or linked run sees the character before it; link
//! addresses are never touched.

use crate::model::richtext::{Block, Inline};

/// Letters that follow an elision apostrophe in Dutch: 's, 't, 'n, 'k, 'm, 'r.
const ELISIONS: [char; 6] = ['s', 't', 'n', 'k', 'm', 'r'];

/// Typographic quotes in `text`, which follows the character `before`.
pub fn smart(text: &str, before: Option<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = before;
    let mut in_address = false;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() || i == 0 {
            in_address = word_at(&chars, i).contains("://");
        }
        let next = chars.get(i + 1).copied();
        let after_next = chars.get(i + 2).copied();
        let typed = match c {
            '\'' if !in_address => Some(single(prev, next, after_next, &chars[i + 1..])),
            '"' if !in_address => Some(if opens(prev) { '“' } else { '”' }),
            _ => None,
        };
        let c = typed.unwrap_or(c);
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The word (up to the next whitespace) that starts at or after `i`.
fn word_at(chars: &[char], i: usize) -> String {
    chars[i..]
        .iter()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Whether a quote after `prev` opens.
fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || "([{‘“–—-/".contains(p),
    }
}

fn single(prev: Option<char>, next: Option<char>, after_next: Option<char>, rest: &[char]) -> char {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if letter(prev) && letter(next) {
        return '’';
    }
    if opens(prev) {
        // 's avonds, 't, 's-Hertogenbosch: a lone letter after the apostrophe.
        let elision = next.is_some_and(|n| ELISIONS.contains(&n)) && !letter(after_next);
        // '23: two digits and no more.
        let year = rest.len() >= 2
            && rest[..2].iter().all(char::is_ascii_digit)
            && !rest.get(2).is_some_and(|c| c.is_alphanumeric());
        return if elision || year { '’' } else { '‘' };
    }
    '’'
}

/// Typographic quotes in a paragraph's runs; `before` carries the last
/// character across runs. Link addresses are left alone.
pub fn smart_inlines(inlines: &mut [Inline], before: &mut Option<char>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                *text = smart(text, *before);
                if let Some(c) = text.chars().last() {
                    *before = Some(c);
                }
            }
            Inline::Strong { inlines }
            | Inline::Emphasis { inlines }
            | Inline::Link { inlines, .. } => smart_inlines(inlines, before),
            Inline::LineBreak => *before = Some('\n'),
        }
    }
}

/// Typographic quotes in rich text: each paragraph starts afresh.
pub fn smart_blocks(blocks: &mut [Block]) {
    for b in blocks {
        match b {
            Block::Paragraph { inlines } => smart_inlines(inlines, &mut None),
            Block::List { items, .. } => items.iter_mut().for_each(|i| smart_blocks(i)),
            Block::Quote {
                blocks,
                attribution,
            } => {
                smart_blocks(blocks);
                if let Some(a) = attribution {
                    smart_inlines(a, &mut None);
                }
            }
        }
    }
}

/// The form the sources use: each typographic quote that [`smart`] would
/// make from a straight one in its place becomes straight again; one it
/// would not make (typed on purpose, such as ’ where ‘ was due) stays.
/// So `smart(&plain(t, None), None) == t` for every text `t`.
pub fn plain(text: &str, before: Option<char>) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect();
    let again: Vec<char> = smart(&straight, before).chars().collect();
    text.chars()
        .zip(straight.chars())
        .zip(again)
        .map(
            |((typed, straight), smartened)| {
                if typed == smartened { straight } else { typed }
            },
        )
        .collect()
}

/// [`plain`] over rich text, paragraph by paragraph, as [`smart_blocks`] reads it.
pub fn plain_blocks(blocks: &[Block]) -> Vec<Block> {
    let mut out = blocks.to_vec();
    plain_blocks_in(&mut out);
    out
}

fn plain_blocks_in(blocks: &mut [Block]) {
    for b in blocks {
        match b {
            Block::Paragraph { inlines } => plain_inlines(inlines, &mut None),
            Block::List { items, .. } => items.iter_mut().for_each(|i| plain_blocks_in(i)),
            Block::Quote {
                blocks,
                attribution,
            } => {
                plain_blocks_in(blocks);
                if let Some(a) = attribution {
                    plain_inlines(a, &mut None);
                }
            }
        }
    }
}

fn plain_inlines(inlines: &mut [Inline], before: &mut Option<char>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                // The context is the typographic text, as smart saw it.
                let last = text.chars().last();
                *text = plain(text, *before);
                if last.is_some() {
                    *before = last;
                }
            }
            Inline::Strong { inlines }
            | Inline::Emphasis { inlines }
            | Inline::Link { inlines, .. } => plain_inlines(inlines, before),
            Inline::LineBreak => *before = Some('\n'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> String {
        smart(t, None)
    }

    #[test]
    fn apostrophes_inside_words_close() {
        assert_eq!(s("thema's en OMG's"), "thema’s en OMG’s");
        assert_eq!(s("Csv's"), "Csv’s");
    }

    #[test]
    fn dutch_elisions_and_years_are_apostrophes() {
        assert_eq!(
            s("'s avonds in 's-Hertogenbosch"),
            "’s avonds in ’s-Hertogenbosch"
        );
        assert_eq!(s("Zo gaat 't, 'n keer"), "Zo gaat ’t, ’n keer");
        assert_eq!(s("in '23 en '24."), "in ’23 en ’24.");
        // A word that starts with one of those letters is a quotation.
        assert_eq!(s("'samen' en 'test'"), "‘samen’ en ‘test’");
    }

    #[test]
    fn quotes_open_and_close_around_punctuation() {
        assert_eq!(
            s("de campagne 'Open je ogen'."),
            "de campagne ‘Open je ogen’."
        );
        assert_eq!(s("('Open je ogen')"), "(‘Open je ogen’)");
        assert_eq!(s("\"ja!\", zei ze"), "“ja!”, zei ze");
        assert_eq!(
            s("hoofdstuk \"weerbare overheid\"."),
            "hoofdstuk “weerbare overheid”."
        );
        assert_eq!(s("— 'citaat'"), "— ‘citaat’");
        assert_eq!(s("zie 'x';"), "zie ‘x’;");
    }

    #[test]
    fn typographic_text_and_addresses_stay_as_they_are() {
        assert_eq!(s("thema’s ‘al’ “klaar”"), "thema’s ‘al’ “klaar”");
        assert_eq!(
            s("zie https://example.org/it's'x en 'dit'"),
            "zie https://example.org/it's'x en ‘dit’"
        );
    }

    #[test]
    fn runs_share_their_context_and_links_keep_their_address() {
        let mut inlines = vec![
            Inline::Text {
                text: "de campagne ".into(),
            },
            Inline::Strong {
                inlines: vec![Inline::Text {
                    text: "'Open je ogen".into(),
                }],
            },
            Inline::Text { text: "'.".into() },
            Inline::Link {
                url: "https://example.org/a'b".into(),
                inlines: vec![Inline::Text {
                    text: "Mark's site".into(),
                }],
            },
        ];
        smart_inlines(&mut inlines, &mut None);
        let texts: Vec<String> = inlines
            .iter()
            .map(|i| match i {
                Inline::Text { text } => text.clone(),
                Inline::Strong { inlines } => match &inlines[0] {
                    Inline::Text { text } => text.clone(),
                    _ => unreachable!(),
                },
                Inline::Link { url, inlines } => match &inlines[0] {
                    Inline::Text { text } => format!("{url} {text}"),
                    _ => unreachable!(),
                },
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "de campagne ",
                "‘Open je ogen",
                "’.",
                "https://example.org/a'b Mark’s site"
            ]
        );
    }

    #[test]
    fn plain_undoes_only_what_smart_would_do() {
        for t in [
            "thema's 'Open je ogen' \"ja\" 's avonds",
            "al typografisch: thema’s",
            "",
        ] {
            assert_eq!(smart(&plain(&smart(t, None), None), None), smart(t, None));
        }
        assert_eq!(plain("thema’s ‘Open’ “ja”", None), "thema's 'Open' \"ja\"");
        // Typed on purpose against the rule: kept.
        assert_eq!(plain("’Open’", None), "’Open'");
        let word = "’t is ‘mooi’";
        assert_eq!(smart(&plain(word, None), None), word);
    }
}
