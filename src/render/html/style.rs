//! The stylesheet: the NL Design System's styles for semantic HTML
//! (`vendor/utrecht-html.css`, EUPL-1.2, unchanged), its design tokens set
//! from the house style (`huisstijl.toml`, built in or a designer's from
//! `--layouts`: the values the PDF and the DOCX use), and the page layout in `layout.css`: header, navigation,
//! scroll regions, charts, phone widths and print. Also the font files.

use crate::render::docx::styles::House;

/// The NL Design System's element styles, vendored.
const UTRECHT: &str = include_str!("vendor/utrecht-html.css");
/// The page layout, written for this publication (reads the tokens below).
const LAYOUT: &str = include_str!("layout.css");

/// The licences of the bundled fonts, copied beside them.
pub const FONT_LICENCES: &[(&str, &[u8])] = &[
    (
        "OFL-Inter.txt",
        include_bytes!("../../../fonts/OFL-Inter.txt"),
    ),
    (
        "LICENSE-DejaVu.txt",
        include_bytes!("../../../fonts/LICENSE-DejaVu.txt"),
    ),
];

/// The font files copied into the publication ([`crate::fonts::FONTS`],
/// the files the PDF is set in: Inter and DejaVu Sans for what Inter
/// lacks), then their licences.
pub fn font_files() -> impl Iterator<Item = &'static (&'static str, &'static [u8])> {
    crate::fonts::FONTS.iter().chain(FONT_LICENCES)
}

/// `@font-face` rules for the files above: (file, weight, italic).
const FACES: &[(&str, u16, bool)] = &[
    ("Inter-Regular.otf", 400, false),
    ("Inter-Italic.otf", 400, true),
    ("Inter-SemiBold.otf", 600, false),
    ("Inter-SemiBoldItalic.otf", 600, true),
    ("Inter-Bold.otf", 700, false),
    ("Inter-BoldItalic.otf", 700, true),
];

/// The whole stylesheet, in the house style `house`.
pub fn stylesheet(house: &House) -> String {
    let mut css = String::from(
        "/* Uitvoeringsplan: huisstijl (layouts/huisstijl.toml), NL Design System (EUPL-1.2), layout. */\n",
    );
    for (file, weight, italic) in FACES {
        let style = if *italic { "italic" } else { "normal" };
        css.push_str(&format!(
            "@font-face {{ font-family: \"Inter\"; src: url(\"fonts/{file}\") format(\"opentype\"); font-weight: {weight}; font-style: {style}; font-display: swap; }}\n"
        ));
    }
    css.push_str("@font-face { font-family: \"DejaVu Sans\"; src: url(\"fonts/DejaVuSans.ttf\") format(\"truetype\"); font-weight: 400; font-style: normal; font-display: swap; }\n");
    css.push_str(&tokens(house));
    css.push_str(UTRECHT);
    css.push('\n');
    css.push_str(LAYOUT);
    css
}

/// The design tokens: the house style's colours and sizes, for screen
/// (sizes relative to the body text, which follows the reader's setting)
/// and for print (the house style's points).
fn tokens(h: &House) -> String {
    let f = &h.lettertype;
    let k = &h.kleur;
    let rel = |pt: f64| format!("{:.3}em", pt / f.grootte);
    let line = format!("{:.2}", 1.0 + f.regelafstand);
    let family = format!("\"{}\", \"DejaVu Sans\", system-ui, sans-serif", f.familie);
    let mut out = String::from(":root {\n");
    let mut set = |name: &str, value: &str| out.push_str(&format!("  --{name}: {value};\n"));
    // The house style, for layout.css.
    set("huis-primair", &k.primair);
    set("huis-accent", &k.accent);
    set("huis-licht", &k.licht);
    set("huis-lijn", &k.lijn);
    set("huis-tekst", &k.tekst);
    set("huis-grijs", &k.grijs);
    set("huis-concept", &k.concept);
    set("huis-tabel", &rel(f.tabel));
    set("huis-regel", &line);
    set("huis-grootte-druk", &format!("{}pt", f.grootte));
    // The NL Design System's tokens.
    set("utrecht-document-font-family", &family);
    set("utrecht-document-color", &k.tekst);
    set("utrecht-document-background-color", "#ffffff");
    set("utrecht-document-font-size", "1.0625rem");
    set("utrecht-document-line-height", &line);
    set("utrecht-heading-font-family", &family);
    set("utrecht-heading-color", &k.primair);
    set("utrecht-heading-font-weight", "600");
    for (n, pt) in [(1, f.kop1), (2, f.kop2), (3, f.kop3), (4, f.kop4)] {
        set(&format!("utrecht-heading-{n}-font-size"), &rel(pt));
        set(&format!("utrecht-heading-{n}-line-height"), "1.25");
        set(&format!("utrecht-heading-{n}-margin-block-start"), "1.2em");
        set(&format!("utrecht-heading-{n}-margin-block-end"), "0.4em");
    }
    set("utrecht-paragraph-margin-block-start", "0.75em");
    set("utrecht-paragraph-margin-block-end", "0");
    set("utrecht-link-color", &k.accent);
    set("utrecht-link-hover-color", &k.primair);
    set("utrecht-link-visited-color", &k.primair);
    set("utrecht-link-focus-color", &k.tekst);
    set("utrecht-link-focus-background-color", "#ffe066");
    set("utrecht-focus-outline-color", &k.tekst);
    set("utrecht-focus-outline-style", "solid");
    set("utrecht-focus-outline-width", "3px");
    set("utrecht-focus-outline-offset", "2px");
    set("utrecht-focus-inverse-outline-color", "#ffffff");
    set("utrecht-ordered-list-margin-block-start", "0.75em");
    set("utrecht-ordered-list-padding-inline-start", "1.75em");
    set("utrecht-ordered-list-item-margin-block-start", "0.25em");
    set("utrecht-unordered-list-margin-block-start", "0.75em");
    set("utrecht-unordered-list-padding-inline-start", "1.5em");
    set("utrecht-unordered-list-item-margin-block-start", "0.25em");
    set("utrecht-unordered-list-marker-color", &k.primair);
    set("utrecht-blockquote-border-color", &k.accent);
    set("utrecht-blockquote-border-inline-start-width", "4px");
    set("utrecht-blockquote-margin-block-start", "1em");
    set("utrecht-blockquote-padding-inline-start", "1em");
    set("utrecht-blockquote-font-style", "italic");
    set("utrecht-figure-margin-block-start", "1.5em");
    set("utrecht-figure-margin-block-end", "1.5em");
    set("utrecht-figure-caption-color", &k.grijs);
    set("utrecht-figure-caption-font-size", "0.875em");
    set(
        "utrecht-table-font-size",
        &rel(f.tabel.max(f.grootte * 0.9)),
    );
    set("utrecht-table-line-height", "1.4");
    set("utrecht-table-margin-block-start", "1em");
    set("utrecht-table-margin-block-end", "0.5em");
    set("utrecht-table-caption-color", &k.primair);
    set("utrecht-table-caption-font-weight", "600");
    set("utrecht-table-caption-text-align", "start");
    set("utrecht-table-caption-margin-block-end", "0.4em");
    set("utrecht-table-header-background-color", &k.licht);
    set("utrecht-table-header-cell-color", &k.primair);
    set("utrecht-table-header-cell-font-weight", "600");
    set("utrecht-table-header-border-block-end-color", &k.primair);
    set("utrecht-table-header-border-block-end-width", "2px");
    set("utrecht-table-row-border-block-end-color", &k.lijn);
    set("utrecht-table-row-border-block-end-width", "1px");
    set("utrecht-table-cell-padding-block-start", "0.4em");
    set("utrecht-table-cell-padding-block-end", "0.4em");
    set("utrecht-table-cell-padding-inline-start", "0.5em");
    set("utrecht-table-cell-padding-inline-end", "0.5em");
    set("utrecht-emphasis-strong-font-weight", "600");
    out.push_str("}\n");
    let p = &h.pagina;
    out.push_str(&format!(
        "@media print {{ @page {{ size: A4; margin: {}mm {}mm {}mm; }} }}\n",
        p.marge_boven, p.marge_links, p.marge_onder
    ));
    out
}
