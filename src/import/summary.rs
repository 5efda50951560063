//! What an import changes, in words for the editor: the changed words of a
//! text field shown in their context, old → new, as `import` and
//! `import --dry-run` print them.

use crate::model::richtext::Block;
use crate::render::view;

/// Words of context shown on each side of a change.
const CONTEXT: usize = 3;
/// Most changed words shown of one change (on each side of the arrow).
const SHOWN: usize = 12;
/// Most changes listed per field.
const LISTED: usize = 5;
/// Longest stretch of words compared word by word (longer ones are shown
/// as one change).
const COMPARED: usize = 600;

/// A description of a changed text field: each change on its own line.
pub fn describe(old: &[Block], new: &[Block]) -> String {
    let plain = |b: &[Block]| view::rich_plain(&b.to_vec());
    let (old_text, new_text) = (plain(old), plain(new));
    let a: Vec<&str> = old_text.split_whitespace().collect();
    let b: Vec<&str> = new_text.split_whitespace().collect();
    if a == b {
        return "alleen de opmaak is gewijzigd (alinea's, lijsten, citaten, vet, cursief of links)"
            .into();
    }
    let hunks = merge(diff(&a, &b));
    let mut lines = vec!["tekst gewijzigd:".to_string()];
    for h in hunks.iter().take(LISTED) {
        lines.push(format!("    {}", show(&a, &b, h)));
    }
    if hunks.len() > LISTED {
        let more = hunks.len() - LISTED;
        lines.push(format!(
            "    en nog {more} {}",
            if more == 1 {
                "wijziging"
            } else {
                "wijzigingen"
            }
        ));
    }
    lines.join("\n")
}

/// A changed stretch: words `a.0..a.1` of the old text became `b.0..b.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hunk {
    a: (usize, usize),
    b: (usize, usize),
}

/// The changed stretches between two word lists: the common start and end
/// are cut off, the middle compared word by word (longest common
/// subsequence) when it is not too long.
fn diff(a: &[&str], b: &[&str]) -> Vec<Hunk> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    if ma.len() > COMPARED || mb.len() > COMPARED {
        return vec![Hunk {
            a: (pre, pre + ma.len()),
            b: (pre, pre + mb.len()),
        }];
    }
    // lcs[i][j]: length of the longest common subsequence of ma[i..], mb[j..].
    let w = mb.len() + 1;
    let mut lcs = vec![0u32; (ma.len() + 1) * w];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i * w + j] = if ma[i] == mb[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Hunk> = None;
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            hunks.extend(open.take());
            i += 1;
            j += 1;
            continue;
        }
        let h = open.get_or_insert(Hunk {
            a: (pre + i, pre + i),
            b: (pre + j, pre + j),
        });
        if j < mb.len() && (i == ma.len() || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
            j += 1;
            h.b.1 = pre + j;
        } else {
            i += 1;
            h.a.1 = pre + i;
        }
    }
    hunks.extend(open);
    hunks
}

/// Changes closer together than their context are shown as one.
fn merge(hunks: Vec<Hunk>) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for h in hunks {
        match out.last_mut() {
            Some(last) if h.a.0 <= last.a.1 + 2 * CONTEXT => {
                last.a.1 = h.a.1;
                last.b.1 = h.b.1;
            }
            _ => out.push(h),
        }
    }
    out
}

/// `"…before old after…" → "…before new after…"`.
fn show(a: &[&str], b: &[&str], h: &Hunk) -> String {
    let before_start = h.a.0.saturating_sub(CONTEXT);
    let before = &a[before_start..h.a.0];
    let after_end = (h.a.1 + CONTEXT).min(a.len());
    let after = &a[h.a.1..after_end];
    let side = |words: &[&str]| {
        let mut parts: Vec<String> = Vec::new();
        if before_start > 0 {
            parts.push("…".into());
        }
        parts.extend(before.iter().map(|w| w.to_string()));
        if words.len() > SHOWN {
            parts.extend(words[..SHOWN / 2].iter().map(|w| w.to_string()));
            parts.push(format!("[{} woorden]", words.len() - SHOWN));
            parts.extend(
                words[words.len() - SHOWN / 2..]
                    .iter()
                    .map(|w| w.to_string()),
            );
        } else {
            parts.extend(words.iter().map(|w| w.to_string()));
        }
        parts.extend(after.iter().map(|w| w.to_string()));
        if after_end < a.len() {
            parts.push("…".into());
        }
        format!("\"{}\"", parts.join(" "))
    };
    format!("{} → {}", side(&a[h.a.0..h.a.1]), side(&b[h.b.0..h.b.1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::richtext::parse;

    #[test]
    fn changed_words_are_shown_in_context() {
        let old =
            parse("De bestuurders zijn vooral tevreden over de samenwerking in de regio.").unwrap();
        let new =
            parse("De bestuurders zijn zeer tevreden (echt) over de samenwerking in de regio.")
                .unwrap();
        assert_eq!(
            describe(&old, &new),
            "tekst gewijzigd:\n    \"De bestuurders zijn vooral tevreden over de samenwerking …\" → \"De bestuurders zijn zeer tevreden (echt) over de samenwerking …\""
        );
    }

    #[test]
    fn far_apart_changes_are_listed_apart_and_formatting_is_named() {
        let words = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien";
        let old = parse(words).unwrap();
        let new = parse(&words.replace("een", "EEN").replace("dertien", "13")).unwrap();
        let d = describe(&old, &new);
        assert_eq!(d.lines().count(), 3, "{d}");
        assert!(
            d.contains("\"een twee drie vier …\" → \"EEN twee drie vier …\""),
            "{d}"
        );
        assert!(
            d.contains("\"… tien elf twaalf dertien\" → \"… tien elf twaalf 13\""),
            "{d}"
        );
        let bold = parse("**een** twee").unwrap();
        let plain = parse("een twee").unwrap();
        assert!(describe(&plain, &bold).starts_with("alleen de opmaak"));
        let added = parse("een\n\nnieuw blok").unwrap();
        assert_eq!(
            describe(&parse("een").unwrap(), &added),
            "tekst gewijzigd:\n    \"een\" → \"een nieuw blok\""
        );
    }
}
