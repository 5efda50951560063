//! The document theme (`word/theme/theme1.xml`): the house colours as the
//! theme's colour scheme and the house font as its heading and body font, so
//! Word's theme pickers offer the house style. docx-rs writes no theme;
//! validators require one.

use super::styles::{House, hex};
use super::xml::{self, Element};

/// Where the theme part lives, relative to `word/`.
pub const TARGET: &str = "theme/theme1.xml";
pub const REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

fn colour(name: &str, rgb: &str) -> Element {
    Element::new(&format!("a:{name}"))
        .with_child(Element::new("a:srgbClr").with_attr("val", &hex(rgb)))
}

fn font(name: &str, family: &str) -> Element {
    Element::new(&format!("a:{name}"))
        .with_child(Element::new("a:latin").with_attr("typeface", family))
        .with_child(Element::new("a:ea").with_attr("typeface", ""))
        .with_child(Element::new("a:cs").with_attr("typeface", ""))
}

fn placeholder_fill() -> Element {
    Element::new("a:solidFill").with_child(Element::new("a:schemeClr").with_attr("val", "phClr"))
}

/// The theme part.
pub fn theme(house: &House) -> Vec<u8> {
    let k = &house.kleur;
    let family = &house.lettertype.familie;
    let mut colours = Element::new("a:clrScheme").with_attr("name", "Huisstijl");
    for (name, rgb) in [
        ("dk1", k.tekst.as_str()),
        ("lt1", "#FFFFFF"),
        ("dk2", &k.primair),
        ("lt2", &k.licht),
        ("accent1", &k.primair),
        ("accent2", &k.accent),
        ("accent3", &k.lijn),
        ("accent4", &k.grijs),
        ("accent5", &k.concept),
        ("accent6", &k.licht),
        ("hlink", &k.accent),
        ("folHlink", &k.primair),
    ] {
        colours = colours.with_child(colour(name, rgb));
    }
    let three = |list: &str, item: &dyn Fn() -> Element| {
        let mut e = Element::new(list);
        for _ in 0..3 {
            e = e.with_child(item());
        }
        e
    };
    let formats = Element::new("a:fmtScheme")
        .with_attr("name", "Huisstijl")
        .with_child(three("a:fillStyleLst", &placeholder_fill))
        .with_child(three("a:lnStyleLst", &|| {
            Element::new("a:ln")
                .with_attr("w", "6350")
                .with_child(placeholder_fill())
        }))
        .with_child(three("a:effectStyleLst", &|| {
            Element::new("a:effectStyle").with_child(Element::new("a:effectLst"))
        }))
        .with_child(three("a:bgFillStyleLst", &placeholder_fill));
    let root = Element::new("a:theme")
        .with_attr(
            "xmlns:a",
            "http://schemas.openxmlformats.org/drawingml/2006/main",
        )
        .with_attr("name", "Huisstijl")
        .with_child(
            Element::new("a:themeElements")
                .with_child(colours)
                .with_child(
                    Element::new("a:fontScheme")
                        .with_attr("name", "Huisstijl")
                        .with_child(font("majorFont", family))
                        .with_child(font("minorFont", family)),
                )
                .with_child(formats),
        )
        .with_child(Element::new("a:objectDefaults"))
        .with_child(Element::new("a:extraClrSchemeLst"));
    xml::serialize(&root)
}
