//! What every text that reaches a renderer must satisfy, so that whatever
//! `check` accepts also builds: characters the bundled fonts can print (no
//! control characters), words the PDF can hold on a line, and lengths the
//! PDF's strings (headings become bookmarks, alt texts and addresses are
//! PDF strings of at most 32.767 bytes) and a page can take.
//!
//! The checks return byte ranges inside the text; `build` maps them to the
//! file.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;

use crate::fonts;

/// Longest word (characters without a space) in any text. typst breaks
/// lines between words only, so a longer word runs off the page; at about
/// 16.000 characters the PDF cannot be written at all.
pub const MAX_WORD_CHARS: usize = 100;
/// Longest web or e-mail address, also as a word in running text (typst
/// breaks an address after `/`, `.`, `-` and the like).
pub const MAX_URL_CHARS: usize = 2_000;
/// Longest name, title, label or other one-line text.
pub const MAX_LINE_CHARS: usize = 300;
/// Longest one-paragraph note: alt text, caption, footnote, explanation.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Longest title of the plan: it names the PDF and the DOCX (a file name
/// holds 255 bytes, with a section's id and a temporary suffix).
pub const MAX_TITLE_CHARS: usize = 150;
/// Longest id of a district or theme (its file name without `.toml`),
/// which names the section's DOCX after the plan's title.
pub const MAX_ID_CHARS: usize = 64;
/// At most this many problems of characters, and of words, are reported per
/// text (each distinct character once); more are counted in one message.
const MAX_CHAR_PROBLEMS: usize = 5;

/// What a text is, which decides its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name, title or label: one line, at most [`MAX_LINE_CHARS`].
    Line,
    /// A note, alt text or caption: one paragraph, at most [`MAX_NOTE_CHARS`].
    Note,
    /// A web or e-mail address, at most [`MAX_URL_CHARS`].
    Url,
    /// Text read from Markdown (line breaks are the Markdown's own).
    Prose,
}

/// A problem with a text, at a byte range inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    pub hint: String,
}

/// Every problem of `text` as a text of `kind`.
pub fn check(text: &str, kind: Kind) -> Vec<Problem> {
    let mut out = Vec::new();
    let len = text.chars().count();
    let max = match kind {
        Kind::Line => MAX_LINE_CHARS,
        Kind::Note => MAX_NOTE_CHARS,
        Kind::Url => MAX_URL_CHARS,
        Kind::Prose => usize::MAX,
    };
    if len > max {
        let (what, hint) = match kind {
            Kind::Line => (
                "een naam, titel of label",
                "houd het kort; een toelichting hoort in een tekstveld (zoals `tekst` of `inleiding`)",
            ),
            Kind::Url => (
                "een adres",
                "gebruik een korter adres (een webadres is hoogstens 2.000 tekens)",
            ),
            _ => (
                "een toelichting, bijschrift of alt-tekst",
                "houd het tot een paar zinnen; een langere tekst hoort in een tekstveld (zoals `tekst`)",
            ),
        };
        out.push(Problem {
            range: 0..text.len(),
            message: format!(
                "deze tekst is te lang ({} tekens; hoogstens {} voor {what})",
                thousands(len),
                thousands(max)
            ),
            hint: hint.into(),
        });
    }
    characters(text, kind, &mut out);
    if kind != Kind::Url {
        words(text, &mut out);
    }
    out
}

/// Does the text show nothing (only white space and invisible characters)?
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || fonts::is_default_ignorable(c))
}

/// Characters the renderers cannot print, each distinct one once.
fn characters(text: &str, kind: Kind, out: &mut Vec<Problem>) {
    // Plain ASCII (most of a plan) prints: Inter has all of it.
    let plain = |b: &u8| (0x20..0x7F).contains(b) || (*b == b'\n' && kind == Kind::Prose);
    if text.as_bytes().iter().all(plain) {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    // The first character past the limit, and how many more there are.
    let mut more: Option<(Range<usize>, usize)> = None;
    for (at, cluster) in text.grapheme_indices(true) {
        let problem = match cluster {
            "\n" | "\r\n" if kind == Kind::Prose => None,
            "\n" | "\r\n" | "\r" => Some((
                "een regelovergang in een tekst van één regel".to_string(),
                "zet de tekst op één regel (een naam, titel, toelichting of adres heeft geen regelovergangen)".to_string(),
            )),
            _ => cluster_problem(cluster, kind),
        };
        let Some((message, hint)) = problem else {
            continue;
        };
        if seen.contains(&cluster) {
            continue;
        }
        seen.push(cluster);
        if seen.len() > MAX_CHAR_PROBLEMS {
            let (_, n) = more.get_or_insert((at..at + cluster.len(), 0));
            *n += 1;
            continue;
        }
        out.push(Problem {
            range: at..at + cluster.len(),
            message,
            hint,
        });
    }
    if let Some((range, n)) = more {
        out.push(Problem {
            range,
            message: format!(
                "en nog {n} {} in deze tekst die niet {} worden afgedrukt",
                if n == 1 {
                    "ander teken"
                } else {
                    "andere tekens"
                },
                if n == 1 { "kan" } else { "kunnen" }
            ),
            hint: "zie de meldingen hierboven; na het verbeteren noemt `check` de volgende".into(),
        });
    }
}

/// Why one grapheme cluster cannot be printed, with a hint; `None` when it can.
fn cluster_problem(cluster: &str, kind: Kind) -> Option<(String, String)> {
    let first = cluster.chars().next()?;
    let code = codes(cluster);
    if let Some(c) = cluster.chars().find(|c| c.is_control()) {
        if c == '\t' {
            return Some((
                "een tab in de tekst".into(),
                "vervang de tab door een spatie: een tab kan niet worden afgedrukt".into(),
            ));
        }
        return Some((
            format!("een stuurteken (U+{:04X}) in de tekst", c as u32),
            "verwijder het: een stuurteken is onzichtbaar en kan niet worden afgedrukt (vaak meegekomen bij kopiëren en plakken)".into(),
        ));
    }
    if let Some(c) = cluster.chars().find(|c| is_unusable(*c)) {
        let kind = match c.general_category_group() {
            GeneralCategoryGroup::Other if is_private_use(c) => {
                "een teken uit het privégebied van Unicode"
            }
            _ => "een teken zonder betekenis in Unicode",
        };
        return Some((
            format!("{kind} (U+{:04X}) in de tekst", c as u32),
            "verwijder het: het heeft geen vaste vorm en kan niet worden afgedrukt (vaak een symbool uit een speciaal lettertype)".into(),
        ));
    }
    // An address is a link's target, not printed with a font.
    if kind == Kind::Url {
        return None;
    }
    // A combining mark belongs on the letter before it; one at the start
    // of a text or after a space (a cluster of its own) has none, and typst
    // cannot always place it (after a line break it fails the PDF).
    let visible = cluster.chars().find(|c| !fonts::is_default_ignorable(*c));
    if visible.is_some_and(|c| c.is_whitespace() || is_mark(c))
        && let Some(mark) = cluster
            .chars()
            .find(|c| is_mark(*c) && !fonts::is_default_ignorable(*c))
    {
        return Some((
            format!(
                "een los accentteken (U+{:04X}) zonder letter ervoor",
                mark as u32
            ),
            "zet het direct achter de letter waar het bij hoort, of verwijder het".into(),
        ));
    }
    if fonts::printable(cluster) {
        return None;
    }
    // A compatibility form (a ligature, a full-width letter, a superscript)
    // whose plain form prints: suggest that.
    let plain: String = cluster.nfkc().collect();
    let hint = if plain != cluster
        && !plain.trim().is_empty()
        && plain.graphemes(true).all(fonts::printable)
    {
        format!("schrijf `{plain}` (meestal meegekomen bij kopiëren uit een PDF)")
    } else if cluster.chars().all(char::is_whitespace) {
        "vervang het door een gewone spatie (of in een tekstveld door een regelovergang)".into()
    } else if is_emoji(first) {
        "laat de emoji weg of beschrijf het in woorden; de lettertypen van het plan hebben geen emoji".into()
    } else {
        format!(
            "vervang het door gewone tekst of laat het weg; het plan wordt gezet in {} en die hebben dit teken niet",
            fonts::FAMILIES
        )
    };
    let shown = if cluster
        .chars()
        .any(|c| c.is_whitespace() || fonts::is_default_ignorable(c))
    {
        String::new()
    } else {
        format!("`{cluster}` ")
    };
    Some((
        format!(
            "het teken {shown}({code}) kan niet worden afgedrukt: het staat niet in de lettertypen van het plan"
        ),
        hint,
    ))
}

/// Characters no renderer can show: private use (a symbol font's own
/// meaning), surrogates and noncharacters.
fn is_unusable(c: char) -> bool {
    let n = c as u32;
    is_private_use(c) || (n & 0xFFFE) == 0xFFFE || (0xFDD0..=0xFDEF).contains(&n)
}

fn is_mark(c: char) -> bool {
    use unicode_properties::GeneralCategory::*;
    matches!(
        c.general_category(),
        NonspacingMark | SpacingMark | EnclosingMark
    )
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// `U+FB01`, or `U+0065 U+0301` for a cluster.
fn codes(cluster: &str) -> String {
    cluster
        .chars()
        .map(|c| format!("U+{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words longer than a line can take (addresses may be longer: typst breaks them).
fn words(text: &str, out: &mut Vec<Problem>) {
    let mut start = None;
    let mut reported = 0;
    let bounds = text
        .char_indices()
        .map(|(i, c)| (i, c.is_whitespace()))
        .chain(std::iter::once((text.len(), true)));
    for (i, space) in bounds {
        match (space, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                start = None;
                let word = &text[s..i];
                let n = word.chars().count();
                if n <= MAX_WORD_CHARS {
                    continue;
                }
                let address = is_address(word);
                if address && n <= MAX_URL_CHARS {
                    continue;
                }
                let (max, what) = if address {
                    (MAX_URL_CHARS, "een adres")
                } else {
                    (MAX_WORD_CHARS, "een woord")
                };
                out.push(Problem {
                    range: s..i,
                    message: format!(
                        "een woord van {} tekens zonder spatie (hoogstens {} voor {what})",
                        thousands(n),
                        thousands(max)
                    ),
                    hint: "zet spaties tussen de woorden: een regel breekt alleen tussen woorden, en een te lang woord loopt van de pagina".into(),
                });
                reported += 1;
                if reported >= MAX_CHAR_PROBLEMS {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// Does a word look like a web or e-mail address (which typst can break)?
fn is_address(word: &str) -> bool {
    word.contains("://") || word.contains("www.") || word.contains("mailto:")
}

/// `12345` → `12.345`
fn thousands(n: usize) -> String {
    crate::format::thousands(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str, kind: Kind) -> Vec<String> {
        check(text, kind).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn plain_dutch_text_passes() {
        assert!(check("Ĳsselstein: € 3.737.600 – “goed” ✓", Kind::Line).is_empty());
        assert!(check("Twee\nregels\r\nen meer.", Kind::Prose).is_empty());
    }

    #[test]
    fn a_ligature_gets_its_letters_as_hint() {
        let p = check("de ﬁets", Kind::Prose);
        assert_eq!(p.len(), 0, "ﬁ is in DejaVu Sans: {p:?}");
        let p = check("het ﬀﬃ", Kind::Line);
        assert!(p.iter().all(|p| p.hint.contains("schrijf")), "{p:?}");
    }

    #[test]
    fn what_cannot_be_printed_is_found_once_with_its_place() {
        let text = "a 中 b 中 c 👍";
        let p = check(text, Kind::Prose);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(&text[p[0].range.clone()], "中");
        assert!(p[0].message.contains("U+4E2D"), "{}", p[0].message);
        assert!(p[1].hint.contains("emoji"), "{}", p[1].hint);
    }

    #[test]
    fn control_characters_and_line_breaks_where_none_belong() {
        assert_eq!(
            messages("a\u{1}b", Kind::Prose),
            ["een stuurteken (U+0001) in de tekst"]
        );
        assert_eq!(
            messages("Noord\nZuid", Kind::Line),
            ["een regelovergang in een tekst van één regel"]
        );
        assert_eq!(messages("a\tb", Kind::Line), ["een tab in de tekst"]);
        assert_eq!(
            messages("een \u{301}los accent", Kind::Line),
            ["een los accentteken (U+0301) zonder letter ervoor"]
        );
        assert!(check("e\u{301}", Kind::Line).is_empty());
        assert_eq!(
            messages("\u{E000}", Kind::Line),
            ["een teken uit het privégebied van Unicode (U+E000) in de tekst"]
        );
    }

    #[test]
    fn long_words_and_texts() {
        let word = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(
            messages(&format!("een {word} woord"), Kind::Prose),
            ["een woord van 101 tekens zonder spatie (hoogstens 100 voor een woord)"]
        );
        let url = format!("https://example.org/{}", "a".repeat(500));
        assert!(check(&url, Kind::Prose).is_empty());
        assert_eq!(
            messages(&"ab ".repeat(101), Kind::Line),
            ["deze tekst is te lang (303 tekens; hoogstens 300 voor een naam, titel of label)"]
        );
    }
}
