//! The bundled fonts cover every character the bundled sources use, in the
//! plan's own letter (Inter): the fallback (DejaVu Sans) is for what
//! editors paste, not for the plan's text.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::support::*;

fn chars_in(dir: &Path, out: &mut BTreeSet<char>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            chars_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.extend(
                fs::read_to_string(&path)
                    .unwrap()
                    .chars()
                    .filter(|c| !c.is_control()),
            );
        }
    }
}

#[test]
fn every_character_in_the_sources_has_a_glyph_in_every_bundled_face() {
    let mut chars = BTreeSet::new();
    chars_in(&root().join("sources"), &mut chars);
    // What the layouts add: marks, dashes, the euro sign and no-break space.
    chars.extend([
        '✓', '–', '—', '€', '\u{a0}', '?', '•', 'ĳ', 'Ĳ', 'ë', 'ï', 'é',
    ]);
    let store = uitvoeringsplan::render::pdf::world::fonts();
    let book = store.book();
    let mut faces = 0;
    for i in 0.. {
        let Some(info) = book.info(i) else { break };
        if info.family != "Inter" {
            continue;
        }
        faces += 1;
        let missing: String = chars
            .iter()
            .filter(|c| !info.coverage.contains(**c as u32))
            .collect();
        assert!(
            missing.is_empty(),
            "{} {:?} lacks {missing:?}",
            info.family,
            info.variant
        );
    }
    assert_eq!(faces, 6, "six Inter faces are bundled");
    let families: std::collections::BTreeSet<&str> = (0..)
        .map_while(|i| book.info(i))
        .map(|info| info.family.as_str())
        .collect();
    assert_eq!(
        families.into_iter().collect::<Vec<_>>(),
        ["DejaVu Sans", "Inter"],
        "Inter and the fallback DejaVu Sans"
    );
}
