//! Characters inserted from a symbol font (Word's Insert → Symbol writes
//! `<w:sym w:font="Symbol" w:char="F0B7"/>`, or text in the private use
//! area with the font set on the run): their Unicode character where the
//! font's mapping gives one without doubt. Only the Symbol font has such a
//! mapping (Adobe's Symbol encoding, as in the PDF reference, Appendix D);
//! Wingdings, Webdings and the like draw pictures at ordinary code points
//! and have none, so their characters are refused by the importer.

/// Fonts whose code points are pictures, not the characters they name.
const PICTURE_FONTS: [&str; 8] = [
    "wingdings",
    "wingdings 2",
    "wingdings 3",
    "webdings",
    "marlett",
    "zapf dingbats",
    "zapfdingbats",
    "mt extra",
];

/// The Unicode character of `code` (as `w:char` or the text gives it) in
/// `font`; None when it has no unambiguous one.
pub fn character(font: &str, code: u32) -> Option<char> {
    let font = font.trim().to_lowercase();
    if font == "symbol" {
        // Word puts the font's bytes at U+F000..U+F0FF; older files use the byte.
        let byte = match code {
            0xF020..=0xF0FF => code - 0xF000,
            0x20..=0xFF => code,
            _ => return None,
        };
        return SYMBOL
            .binary_search_by_key(&byte, |&(b, _)| u32::from(b))
            .ok()
            .map(|i| SYMBOL[i].1);
    }
    if PICTURE_FONTS.contains(&font.as_str()) {
        return None;
    }
    char::from_u32(code).filter(|c| !private_use(*c) && !c.is_control())
}

/// Is `c` in a private use area (a font's own glyph, meaning nothing)?
pub fn private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Adobe's Symbol encoding: byte → Unicode, with Greek letters for Delta, Omega and mu (as Adobe's SYMBOL.TXT maps them), without the bytes that map to
/// the private use area (pieces of large brackets, serif and sans-serif
/// variants of ©, ® and ™) or to nothing.
const SYMBOL: [(u8, char); 165] = [
    (0x20, '\u{0020}'),
    (0x21, '\u{0021}'),
    (0x22, '\u{2200}'),
    (0x23, '\u{0023}'),
    (0x24, '\u{2203}'),
    (0x25, '\u{0025}'),
    (0x26, '\u{0026}'),
    (0x27, '\u{220B}'),
    (0x28, '\u{0028}'),
    (0x29, '\u{0029}'),
    (0x2A, '\u{2217}'),
    (0x2B, '\u{002B}'),
    (0x2C, '\u{002C}'),
    (0x2D, '\u{2212}'),
    (0x2E, '\u{002E}'),
    (0x2F, '\u{002F}'),
    (0x30, '\u{0030}'),
    (0x31, '\u{0031}'),
    (0x32, '\u{0032}'),
    (0x33, '\u{0033}'),
    (0x34, '\u{0034}'),
    (0x35, '\u{0035}'),
    (0x36, '\u{0036}'),
    (0x37, '\u{0037}'),
    (0x38, '\u{0038}'),
    (0x39, '\u{0039}'),
    (0x3A, '\u{003A}'),
    (0x3B, '\u{003B}'),
    (0x3C, '\u{003C}'),
    (0x3D, '\u{003D}'),
    (0x3E, '\u{003E}'),
    (0x3F, '\u{003F}'),
    (0x40, '\u{2245}'),
    (0x41, '\u{0391}'),
    (0x42, '\u{0392}'),
    (0x43, '\u{03A7}'),
    (0x44, '\u{0394}'),
    (0x45, '\u{0395}'),
    (0x46, '\u{03A6}'),
    (0x47, '\u{0393}'),
    (0x48, '\u{0397}'),
    (0x49, '\u{0399}'),
    (0x4A, '\u{03D1}'),
    (0x4B, '\u{039A}'),
    (0x4C, '\u{039B}'),
    (0x4D, '\u{039C}'),
    (0x4E, '\u{039D}'),
    (0x4F, '\u{039F}'),
    (0x50, '\u{03A0}'),
    (0x51, '\u{0398}'),
    (0x52, '\u{03A1}'),
    (0x53, '\u{03A3}'),
    (0x54, '\u{03A4}'),
    (0x55, '\u{03A5}'),
    (0x56, '\u{03C2}'),
    (0x57, '\u{03A9}'),
    (0x58, '\u{039E}'),
    (0x59, '\u{03A8}'),
    (0x5A, '\u{0396}'),
    (0x5B, '\u{005B}'),
    (0x5C, '\u{2234}'),
    (0x5D, '\u{005D}'),
    (0x5E, '\u{22A5}'),
    (0x5F, '\u{005F}'),
    (0x61, '\u{03B1}'),
    (0x62, '\u{03B2}'),
    (0x63, '\u{03C7}'),
    (0x64, '\u{03B4}'),
    (0x65, '\u{03B5}'),
    (0x66, '\u{03C6}'),
    (0x67, '\u{03B3}'),
    (0x68, '\u{03B7}'),
    (0x69, '\u{03B9}'),
    (0x6A, '\u{03D5}'),
    (0x6B, '\u{03BA}'),
    (0x6C, '\u{03BB}'),
    (0x6D, '\u{03BC}'),
    (0x6E, '\u{03BD}'),
    (0x6F, '\u{03BF}'),
    (0x70, '\u{03C0}'),
    (0x71, '\u{03B8}'),
    (0x72, '\u{03C1}'),
    (0x73, '\u{03C3}'),
    (0x74, '\u{03C4}'),
    (0x75, '\u{03C5}'),
    (0x76, '\u{03D6}'),
    (0x77, '\u{03C9}'),
    (0x78, '\u{03BE}'),
    (0x79, '\u{03C8}'),
    (0x7A, '\u{03B6}'),
    (0x7B, '\u{007B}'),
    (0x7C, '\u{007C}'),
    (0x7D, '\u{007D}'),
    (0x7E, '\u{223C}'),
    (0xA1, '\u{03D2}'),
    (0xA2, '\u{2032}'),
    (0xA3, '\u{2264}'),
    (0xA4, '\u{2044}'),
    (0xA5, '\u{221E}'),
    (0xA6, '\u{0192}'),
    (0xA7, '\u{2663}'),
    (0xA8, '\u{2662}'),
    (0xA9, '\u{2661}'),
    (0xAA, '\u{2660}'),
    (0xAB, '\u{2194}'),
    (0xAC, '\u{2190}'),
    (0xAD, '\u{2191}'),
    (0xAE, '\u{2192}'),
    (0xAF, '\u{2193}'),
    (0xB0, '\u{00B0}'),
    (0xB1, '\u{00B1}'),
    (0xB2, '\u{2033}'),
    (0xB3, '\u{2265}'),
    (0xB4, '\u{00D7}'),
    (0xB5, '\u{221D}'),
    (0xB6, '\u{2202}'),
    (0xB7, '\u{2022}'),
    (0xB8, '\u{00F7}'),
    (0xB9, '\u{2260}'),
    (0xBA, '\u{2261}'),
    (0xBB, '\u{2248}'),
    (0xBC, '\u{2026}'),
    (0xBD, '\u{2195}'),
    (0xBF, '\u{21B5}'),
    (0xC0, '\u{2135}'),
    (0xC1, '\u{2111}'),
    (0xC2, '\u{211C}'),
    (0xC3, '\u{2118}'),
    (0xC4, '\u{2297}'),
    (0xC5, '\u{2295}'),
    (0xC6, '\u{2205}'),
    (0xC7, '\u{2229}'),
    (0xC8, '\u{222A}'),
    (0xC9, '\u{2283}'),
    (0xCA, '\u{2287}'),
    (0xCB, '\u{2284}'),
    (0xCC, '\u{2282}'),
    (0xCD, '\u{2286}'),
    (0xCE, '\u{2208}'),
    (0xCF, '\u{2209}'),
    (0xD0, '\u{2220}'),
    (0xD1, '\u{2207}'),
    (0xD5, '\u{220F}'),
    (0xD6, '\u{221A}'),
    (0xD7, '\u{22C5}'),
    (0xD8, '\u{00AC}'),
    (0xD9, '\u{2227}'),
    (0xDA, '\u{2228}'),
    (0xDB, '\u{21D4}'),
    (0xDC, '\u{21D0}'),
    (0xDD, '\u{21D1}'),
    (0xDE, '\u{21D2}'),
    (0xDF, '\u{21D3}'),
    (0xE0, '\u{25CA}'),
    (0xE1, '\u{2329}'),
    (0xE5, '\u{2211}'),
    (0xE7, '\u{007C}'),
    (0xED, '\u{007C}'),
    (0xEF, '\u{007C}'),
    (0xF1, '\u{232A}'),
    (0xF2, '\u{222B}'),
    (0xF3, '\u{2320}'),
    (0xF5, '\u{2321}'),
    (0xF7, '\u{007C}'),
    (0xFD, '\u{2016}'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_font_characters_map_and_picture_fonts_do_not() {
        assert_eq!(character("Symbol", 0xF0B7), Some('•'));
        assert_eq!(character("Symbol", 0xF061), Some('α'));
        assert_eq!(character("Symbol", 0xF0A3), Some('≤'));
        assert_eq!(character("symbol", 0x0057), Some('\u{03A9}'));
        // A piece of a large bracket: only the font knows it.
        assert_eq!(character("Symbol", 0xF0E6), None);
        assert_eq!(character("Wingdings", 0xF0FC), None);
        assert_eq!(character("Wingdings", 0x0021), None);
        assert_eq!(character("Arial", 0x00E9), Some('é'));
        assert_eq!(character("Arial", 0xF0B7), None);
        assert!(SYMBOL.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }
}
