//! Word-level differences of one text (a paragraph, a title, a goal), with
//! the `similar` crate: the pieces kept, deleted and inserted, in reading
//! order, each deleted run before the inserted run that replaces it.

use serde::Serialize;
use std::hash::Hash;

use similar::{Algorithm, DiffTag, capture_diff_slices};

/// What a piece of a compared text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PieceKind {
    /// In both versions.
    Same,
    /// Only in the earlier version.
    Deleted,
    /// Only in the current version.
    Inserted,
}

/// A run of words (with the spaces between them) of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub kind: PieceKind,
    pub text: String,
}

impl Piece {
    fn new(kind: PieceKind, text: impl Into<String>) -> Piece {
        Piece {
            kind,
            text: text.into(),
        }
    }
}

/// The word-level difference between two texts: runs of kept, deleted and
/// inserted words that together spell `old` (kept and deleted) and `new`
/// (kept and inserted). A space between two changed words belongs to the
/// change, so "a b c" → "x y z" reads as one deletion and one insertion.
pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    let mut out: Vec<Piece> = Vec::new();
    for (kind, i) in align(&a, &b, |t| t.trim().is_empty()) {
        let text = if kind == PieceKind::Deleted {
            a[i]
        } else {
            b[i]
        };
        match out.last_mut() {
            Some(p) if p.kind == kind => p.text.push_str(text),
            _ => out.push(Piece::new(kind, text)),
        }
    }
    out
}

/// The word diff itself, over any tokens (the words of a text, or words
/// with their formatting, as `render::marks` compares rich text): each
/// token with its kind, in reading order, and its index (in `old` for a
/// deleted token, in `new` for the others). A blank token kept between
/// two changes belongs to both (deleted and inserted), and within each
/// stretch of changes the deleted tokens come before the inserted ones.
pub fn align<T: Hash + Ord>(
    old: &[T],
    new: &[T],
    blank: impl Fn(&T) -> bool,
) -> Vec<(PieceKind, usize)> {
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    let mut tagged: Vec<(PieceKind, usize)> = Vec::new();
    for op in &ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => tagged.extend(new_range.map(|i| (PieceKind::Same, i))),
            DiffTag::Delete => tagged.extend(old_range.map(|i| (PieceKind::Deleted, i))),
            DiffTag::Insert => tagged.extend(new_range.map(|i| (PieceKind::Inserted, i))),
            DiffTag::Replace => {
                tagged.extend(old_range.map(|i| (PieceKind::Deleted, i)));
                tagged.extend(new_range.map(|i| (PieceKind::Inserted, i)));
            }
        }
    }
    // A kept blank between two changes joins them: deleted (the old
    // version's copy of it) and inserted.
    let old_index = |i: usize| -> usize {
        // The old token equal to kept new token `i`.
        ops.iter()
            .find_map(|op| {
                let (tag, o, n) = op.as_tag_tuple();
                (tag == DiffTag::Equal && n.contains(&i)).then(|| o.start + (i - n.start))
            })
            .expect("a kept token is in both")
    };
    let changed = |k: Option<&(PieceKind, usize)>| k.is_some_and(|(k, _)| *k != PieceKind::Same);
    let mut joined: Vec<(PieceKind, usize)> = Vec::with_capacity(tagged.len());
    for i in 0..tagged.len() {
        let (kind, at) = tagged[i];
        if kind == PieceKind::Same
            && blank(&new[at])
            && i > 0
            && changed(tagged.get(i - 1))
            && changed(tagged.get(i + 1))
        {
            joined.push((PieceKind::Deleted, old_index(at)));
            joined.push((PieceKind::Inserted, at));
        } else {
            joined.push((kind, at));
        }
    }
    // Within each stretch of changes, the deleted tokens first.
    let mut out = Vec::with_capacity(joined.len());
    let mut inserted = Vec::new();
    for (kind, at) in joined {
        match kind {
            PieceKind::Deleted => out.push((kind, at)),
            PieceKind::Inserted => inserted.push((kind, at)),
            PieceKind::Same => {
                out.append(&mut inserted);
                out.push((kind, at));
            }
        }
    }
    out.append(&mut inserted);
    out
}

/// The share of words two texts have in common (0 to 1), by [`align`]:
/// how alike two paragraphs are.
pub fn similarity(old: &str, new: &str) -> f32 {
    let (a, b) = (tokens(old), tokens(new));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let same = align(&a, &b, |_| false)
        .iter()
        .filter(|(k, _)| *k == PieceKind::Same)
        .count();
    (2 * same) as f32 / (a.len() + b.len()) as f32
}

/// The whole text as one piece of `kind` (a paragraph added or removed).
pub fn whole(kind: PieceKind, text: &str) -> Vec<Piece> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Piece::new(kind, text)]
    }
}

/// Words (runs of letters and digits, with an apostrophe or hyphen
/// inside), each punctuation mark on its own, and the runs of white space
/// between them.
pub fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Space,
        Word,
        Mark,
    }
    let class = |c: char| {
        if c.is_whitespace() {
            Class::Space
        } else if c.is_alphanumeric() {
            Class::Word
        } else {
            Class::Mark
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    let mut last: Option<Class> = None;
    let mut previous = ' ';
    while let Some((i, c)) = chars.next() {
        let mut k = class(c);
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        // `RIEC’s`, `mid-sized`, `1.250`, `2,5`: a mark inside a word or
        // a number stays in it.
        let inside = ("'’-".contains(c) && previous.is_alphanumeric() && next.is_alphanumeric())
            || (".,".contains(c) && previous.is_ascii_digit() && next.is_ascii_digit());
        if k == Class::Mark && last == Some(Class::Word) && inside {
            k = Class::Word;
        }
        previous = c;
        let split = match last {
            None => false,
            Some(Class::Mark) => true,
            Some(l) => l != k,
        };
        if split {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.kind {
                PieceKind::Same => p.text.clone(),
                PieceKind::Deleted => format!("[-{}-]", p.text),
                PieceKind::Inserted => format!("{{+{}+}}", p.text),
            })
            .collect()
    }

    #[test]
    fn words_are_deleted_and_inserted() {
        assert_eq!(
            show(&diff("De aanpak werkt goed.", "De aanpak werkt zeer goed.")),
            "De aanpak werkt {+zeer +}goed."
        );
        assert_eq!(
            show(&diff(
                "Wij gaan in 2023 verder.",
                "Wij gaan in 2024 verder."
            )),
            "Wij gaan in [-2023-]{+2024+} verder."
        );
        assert_eq!(
            show(&diff("a b c d", "x y z d")),
            "[-a b c-]{+x y z+} d",
            "the spaces between changed words belong to the change"
        );
        assert_eq!(show(&diff("Twee zinnen.", "")), "[-Twee zinnen.-]");
        assert_eq!(show(&diff("", "Nieuw.")), "{+Nieuw.+}");
        assert_eq!(show(&diff("Gelijk.", "Gelijk.")), "Gelijk.");
        assert_eq!(
            show(&diff("Meer van hetzelfde.", "Meer.")),
            "Meer[- van hetzelfde-].",
            "punctuation is a token of its own"
        );
        assert_eq!(
            show(&diff("het RIEC’s plan", "het RIEC’s nieuwe plan")),
            "het RIEC’s {+nieuwe +}plan"
        );
        assert_eq!(
            show(&diff("versie 1.0 van € 1.250", "versie 1.1 van € 1.250")),
            "versie [-1.0-]{+1.1+} van € 1.250"
        );
    }

    #[test]
    fn the_pieces_spell_both_versions() {
        let cases = [
            (
                "Het RIEC ondersteunt de partners bij de aanpak.",
                "Het RIEC helpt alle partners bij hun aanpak van ondermijning.",
            ),
            ("  spaties  voor en na ", "spaties na"),
            ("één twee drie", "drie twee één"),
        ];
        for (old, new) in cases {
            let pieces = diff(old, new);
            let spell = |keep: PieceKind| -> String {
                pieces
                    .iter()
                    .filter(|p| p.kind == PieceKind::Same || p.kind == keep)
                    .map(|p| p.text.as_str())
                    .collect()
            };
            assert_eq!(spell(PieceKind::Deleted), old);
            assert_eq!(spell(PieceKind::Inserted), new);
            assert!(pieces.iter().all(|p| !p.text.is_empty()));
        }
    }
}
