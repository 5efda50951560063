//! The one place where the XML parts docx-rs rendered (`Docx::build`) are
//! corrected before packing. docx-rs 0.4.22 cannot write, or writes wrongly:
//!
//! - element order: children of `w:pPr`, `w:rPr`, `w:tblPr`, `w:tcPr`,
//!   `w:sectPr`, `w:style`, `w:lvl`, ... come out of schema order, which
//!   strict validators reject: every such element is re-sorted here;
//! - `w:tblHeader` (repeated header rows) and `w:tblDescription` (a table's
//!   alternative text), from the `TableFix` of each body-level table;
//! - `w:lang` (Dutch spell checking) in the default run properties and
//!   `w:default="1"` on the Normal style;
//! - core properties (title, creator, subject, ...): rewritten whole;
//! - custom properties (the importer's provenance): rewritten whole, in a
//!   fixed order (docx-rs keeps them in a `HashMap`);
//! - ids that depend on what the process built before: `w14:paraId`
//!   (dropped; Word adds its own), hyperlink relationship ids (renumbered in
//!   document order; docx-rs draws them from a process-wide counter and
//!   lists them in `HashMap` order);
//! - a relationship to `commentsExtended.xml` even without comments (dropped);
//! - a second `Normal` style (docx-rs always adds its own: dropped) and a
//!   `w:type` on `w:gridCol` (not in the schema: dropped);
//! - pictures: `wp:docPr` gets a unique id, the file name and the
//!   alternative text (`descr`), from the `PictureFix` of each drawing in
//!   document order; the media parts get names from their image's path
//!   (docx-rs names them after the relationship id and always `.png`);
//! - parts docx-rs does not write (the theme): added with their relationship;
//! - the house font in the font table (with its family, for substitution),
//!   embedded when it is the bundled one (`embed`), with
//!   `w:embedTrueTypeFonts` in the settings.

use std::collections::HashMap;

use docx_rs::XMLDocx;

use super::embed;
use super::xml::{self, Element, Node};

/// What the patch step adds to a table, by the table's position in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFix {
    /// The first `header_rows` rows repeat on every page (`w:tblHeader`).
    pub header_rows: usize,
    /// Alternative text for the table (`w:tblDescription`).
    pub description: Option<String>,
}

/// One distinct image in the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The relationship id the document uses.
    pub rid: String,
    /// The part's target relative to `word/`: `media/afbeeldingen-kaart.png`.
    pub target: String,
    /// The image's path under the sources folder.
    pub source: String,
}

/// What the patch step adds to a picture, by its position in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureFix {
    /// The relationship id its `a:blip` must point at (a consistency check).
    pub rid: String,
    /// `wp:docPr name`: the image's file name.
    pub name: String,
    /// `wp:docPr descr`: the alternative text.
    pub descr: String,
}

/// What the patch adds, besides the fixed corrections.
#[derive(Debug, Clone)]
pub struct Fixes {
    /// One entry per body-level table, in document order.
    pub tables: Vec<TableFix>,
    /// Bookmark names written, for a consistency check.
    pub bookmarks: Vec<String>,
    /// The distinct images, with their relationship ids and part names.
    pub media: Vec<Media>,
    /// One entry per picture, in document order.
    pub pictures: Vec<PictureFix>,
    pub core: Core,
    /// Custom document properties (name, text), written in this order.
    pub custom: Vec<(String, String)>,
    /// The house font family.
    pub font: String,
    /// Parts to add to the package, each with a relationship from the document.
    pub extra: Vec<ExtraPart>,
}

/// A part docx-rs does not write.
#[derive(Debug, Clone)]
pub struct ExtraPart {
    /// Relationship id, target (relative to `word/`) and type.
    pub id: String,
    pub target: String,
    pub rel_type: String,
    pub bytes: Vec<u8>,
}

/// Core document properties.
#[derive(Debug, Clone)]
pub struct Core {
    pub title: String,
    pub creator: String,
    pub subject: String,
    pub description: String,
    pub keywords: String,
    /// W3CDTF, e.g. `2023-01-01T00:00:00Z`.
    pub date: String,
}

/// The document language (spell checking, hyphenation).
pub const LANGUAGE: &str = "nl-NL";

const HYPERLINK_RID: &str = "rIdHyperlink";

/// Applies every correction to the parts; returns the extra parts to pack
/// (path in the package, bytes).
pub fn apply(parts: &mut XMLDocx, fixes: &Fixes) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut document = xml::parse(&parts.document)?;
    fix_tables(&mut document, &fixes.tables)?;
    check_bookmarks(&document, &fixes.bookmarks)?;
    fix_pictures(&mut document, &fixes.pictures)?;
    let links = renumber_hyperlinks(&mut document);
    tidy(&mut document);
    parts.document = xml::serialize(&document);

    parts.document_rels =
        fix_document_rels(&parts.document_rels, &links, &fixes.extra, &fixes.media)?;
    let media = media_parts(std::mem::take(&mut parts.media), &fixes.media)?;

    let mut styles = xml::parse(&parts.styles)?;
    fix_styles(&mut styles);
    tidy(&mut styles);
    parts.styles = xml::serialize(&styles);

    // The house font, embedded when it is the bundled one.
    let embedded = embed::embed(&fixes.font)?;
    let mut settings = xml::parse(&parts.settings)?;
    if embedded.is_some() {
        settings.ensure_child("w:embedTrueTypeFonts", None);
    }
    parts.settings = xml::serialize(&settings);
    for part in [&mut parts.numberings, &mut parts.settings]
        .into_iter()
        .chain(parts.headers.iter_mut())
        .chain(parts.footers.iter_mut())
    {
        let mut root = xml::parse(part)?;
        tidy(&mut root);
        *part = xml::serialize(&root);
    }

    let mut fonts = xml::parse(&parts.font_table)?;
    let mut font_parts = Vec::new();
    if let Some(e) = embedded {
        embed::set_entry(&mut fonts, e.entry.clone());
        font_parts.push((embed::RELS_PART.to_string(), e.rels.clone()));
    } else if !fonts
        .elements()
        .any(|f| f.attr("w:name") == Some(&fixes.font))
    {
        fonts.children.insert(
            0,
            Node::Element(
                Element::new("w:font")
                    .with_attr("w:name", &fixes.font)
                    .with_child(Element::new("w:family").with_attr("w:val", "swiss"))
                    .with_child(Element::new("w:pitch").with_attr("w:val", "variable")),
            ),
        );
    }
    parts.font_table = xml::serialize(&fonts);

    parts.doc_props.core = core(&fixes.core);
    parts.doc_props.custom = custom(&fixes.custom);
    parts.doc_props.app = app(&fixes.core.creator);
    Ok(fixes
        .extra
        .iter()
        .map(|x| (format!("word/{}", x.target), x.bytes.clone()))
        .chain(media)
        .chain(font_parts)
        .collect())
}

/// Id, name and alternative text of every picture, in document order; each
/// must show the image it was written for.
fn fix_pictures(document: &mut Element, fixes: &[PictureFix]) -> Result<(), String> {
    let mut count = 0;
    let mut result = Ok(());
    document.walk_mut(&mut |e| {
        if e.name != "w:drawing" || result.is_err() {
            return;
        }
        count += 1;
        let Some(fix) = fixes.get(count - 1) else {
            return;
        };
        let mut embed = None;
        e.walk(&mut |x| {
            if x.name == "a:blip" {
                embed = x.attr("r:embed").map(str::to_string);
            }
        });
        if embed.as_deref() != Some(fix.rid.as_str()) {
            result = Err(format!(
                "afbeelding {count} in document.xml toont {} in plaats van {}",
                embed.unwrap_or_default(),
                fix.rid
            ));
            return;
        }
        e.walk_mut(&mut |x| match x.name.as_str() {
            "wp:docPr" => {
                x.set_attr("id", &count.to_string());
                x.set_attr("name", &fix.name);
                x.set_attr("descr", &fix.descr);
            }
            "pic:cNvPr" => {
                x.set_attr("id", "0");
                x.set_attr("name", &fix.name);
            }
            _ => {}
        });
    });
    result?;
    if count != fixes.len() {
        return Err(format!(
            "afbeeldingen: {} geschreven, {count} in document.xml",
            fixes.len()
        ));
    }
    Ok(())
}

/// The media parts under the names `media` gives them, in the order docx-rs
/// wrote them (document order).
fn media_parts(
    written: Vec<(String, Vec<u8>)>,
    media: &[Media],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    written
        .into_iter()
        .map(|(id, bytes)| {
            let m = media
                .iter()
                .find(|m| m.rid == id)
                .ok_or_else(|| format!("onbekend mediaonderdeel {id}"))?;
            Ok((format!("word/{}", m.target), bytes))
        })
        .collect()
}

/// Header rows and descriptions of the body-level tables.
fn fix_tables(document: &mut Element, fixes: &[TableFix]) -> Result<(), String> {
    let body = document
        .child_mut("w:body")
        .ok_or("document.xml zonder w:body")?;
    let mut tables = body.elements_mut().filter(|e| e.name == "w:tbl");
    for fix in fixes {
        let table = tables
            .next()
            .ok_or("minder tabellen in document.xml dan geschreven")?;
        if let Some(text) = &fix.description {
            table
                .ensure_child("w:tblPr", Some(0))
                .children
                .push(Node::Element(
                    Element::new("w:tblDescription").with_attr("w:val", text),
                ));
        }
        for row in table
            .elements_mut()
            .filter(|e| e.name == "w:tr")
            .take(fix.header_rows)
        {
            row.ensure_child("w:trPr", Some(0))
                .children
                .push(Node::Element(Element::new("w:tblHeader")));
        }
    }
    if tables.next().is_some() {
        return Err("meer tabellen in document.xml dan geschreven".into());
    }
    Ok(())
}

/// Every bookmark written is in the document once, with a unique id.
fn check_bookmarks(document: &Element, names: &[String]) -> Result<(), String> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut ends = 0;
    document.walk(&mut |e| match e.name.as_str() {
        "w:bookmarkStart" => {
            if let (Some(id), Some(name)) = (e.attr("w:id"), e.attr("w:name")) {
                seen.insert(id.to_string(), name.to_string());
            }
        }
        "w:bookmarkEnd" => ends += 1,
        _ => {}
    });
    if seen.len() != names.len() || ends != names.len() {
        return Err(format!(
            "bladwijzers: {} geschreven, {} begin en {ends} eind in document.xml",
            names.len(),
            seen.len()
        ));
    }
    Ok(())
}

/// Renumbers external hyperlink ids in document order; returns old -> new.
fn renumber_hyperlinks(document: &mut Element) -> HashMap<String, String> {
    let mut map = HashMap::new();
    document.walk_mut(&mut |e| {
        if e.name != "w:hyperlink" {
            return;
        }
        if let Some(old) = e.attr("r:id").map(str::to_string) {
            let n = map.len() + 1;
            let new = map
                .entry(old)
                .or_insert_with(|| format!("{HYPERLINK_RID}{n}"))
                .clone();
            e.set_attr("r:id", &new);
        }
    });
    map
}

/// Renames hyperlink relationships, drops the empty comments-extended
/// relationship, adds the extra parts, and sorts: parts first (as docx-rs
/// wrote them), then links by number.
fn fix_document_rels(
    rels: &[u8],
    links: &HashMap<String, String>,
    extra: &[ExtraPart],
    media: &[Media],
) -> Result<Vec<u8>, String> {
    let mut root = xml::parse(rels)?;
    for r in root.elements_mut() {
        if let Some(m) = r
            .attr("Id")
            .and_then(|id| media.iter().find(|m| m.rid == id))
        {
            r.set_attr("Target", &m.target);
        }
    }
    for x in extra {
        root.children.push(Node::Element(
            Element::new("Relationship")
                .with_attr("Id", &x.id)
                .with_attr("Type", &x.rel_type)
                .with_attr("Target", &x.target),
        ));
    }
    let has_comments = root
        .elements()
        .any(|r| r.attr("Target") == Some("comments.xml"));
    root.children.retain(|n| match n {
        Node::Element(r) => has_comments || r.attr("Target") != Some("commentsExtended.xml"),
        Node::Text(_) => false,
    });
    for r in root.elements_mut() {
        if let Some(new) = r.attr("Id").and_then(|id| links.get(id)).cloned() {
            r.set_attr("Id", &new);
        }
    }
    let key = |n: &Node| match n {
        Node::Element(r) => r
            .attr("Id")
            .and_then(|id| id.strip_prefix(HYPERLINK_RID))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0),
        Node::Text(_) => 0,
    };
    root.children.sort_by_key(key);
    Ok(xml::serialize(&root))
}

/// Dutch as the document language; Normal as the default paragraph style,
/// once (docx-rs adds an empty one of its own first: the last one wins).
fn fix_styles(styles: &mut Element) {
    let id = |n: &Node| match n {
        Node::Element(e) if e.name == "w:style" => e.attr("w:styleId").map(str::to_string),
        _ => None,
    };
    let ids: Vec<Option<String>> = styles.children.iter().map(id).collect();
    let mut index = 0;
    styles.children.retain(|_| {
        let keep = match &ids[index] {
            Some(me) => !ids[index + 1..]
                .iter()
                .any(|other| other.as_ref() == Some(me)),
            None => true,
        };
        index += 1;
        keep
    });
    let defaults = styles.ensure_child("w:docDefaults", Some(0));
    let rpr = defaults
        .ensure_child("w:rPrDefault", Some(0))
        .ensure_child("w:rPr", None);
    rpr.children
        .retain(|n| !matches!(n, Node::Element(e) if e.name == "w:lang"));
    rpr.children.push(Node::Element(
        Element::new("w:lang")
            .with_attr("w:val", LANGUAGE)
            .with_attr("w:eastAsia", LANGUAGE)
            .with_attr("w:bidi", "ar-SA"),
    ));
    for style in styles.elements_mut().filter(|e| e.name == "w:style") {
        if style.attr("w:styleId") == Some("Normal") && style.attr("w:type") == Some("paragraph") {
            style.set_attr("w:default", "1");
        }
        if style.attr("w:type") == Some("character") {
            style
                .children
                .retain(|n| !matches!(n, Node::Element(e) if e.name == "w:pPr"));
        }
    }
}

/// Schema order of the children of the elements docx-rs gets wrong.
/// Names not listed sort after the listed ones, keeping their order.
pub(super) fn order_of(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        "w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        "w:tblBorders" | "w:tcBorders" | "w:pBdr" | "w:tblCellMar" | "w:tcMar" => &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
            "w:between",
            "w:bar",
        ],
        "w:tbl" => &["w:tblPr", "w:tblGrid"],
        "w:tr" => &["w:tblPrEx", "w:trPr"],
        "w:tc" => &["w:tcPr"],
        "w:p" => &["w:pPr"],
        "w:r" => &["w:rPr"],
        "w:sectPr" => &[
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        "w:styles" => &["w:docDefaults", "w:latentStyles", "w:style"],
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        "w:numbering" => &[
            "w:numPicBullet",
            "w:abstractNum",
            "w:num",
            "w:numIdMacAtCleanup",
        ],
        "w:abstractNum" => &[
            "w:nsid",
            "w:multiLevelType",
            "w:tmpl",
            "w:name",
            "w:styleLink",
            "w:numStyleLink",
            "w:lvl",
        ],
        "w:lvl" => &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
        "w:num" => &["w:abstractNumId", "w:lvlOverride"],
        "w:numPr" => &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
        "w:lvlOverride" => &["w:startOverride", "w:lvl"],
        "w:settings" => SETTINGS,
        _ => return None,
    })
}

/// CT_Settings, in schema order.
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
];

pub(super) fn rank(order: &[&str], name: &str) -> usize {
    order
        .iter()
        .position(|o| *o == name || o.split('|').any(|x| x == name))
        .unwrap_or(order.len())
}

/// The corrections every WordprocessingML part gets: paragraph ids and the
/// grid columns' `w:type` dropped, empty property elements dropped,
/// children put in schema order.
fn tidy(root: &mut Element) {
    root.walk_mut(&mut |e| {
        e.remove_attr("w14:paraId");
        if e.name == "w:gridCol" {
            e.remove_attr("w:type");
        }
        e.children.retain(|n| {
            !matches!(n, Node::Element(c)
                if matches!(c.name.as_str(), "w:rPr" | "w:pPr" | "w:trPr" | "w:tcPr")
                    && c.children.is_empty() && c.attrs.is_empty())
        });
        if let Some(order) = order_of(&e.name) {
            e.children.sort_by_key(|n| match n {
                Node::Element(c) => rank(order, &c.name),
                Node::Text(_) => order.len(),
            });
        }
    });
}

fn core(c: &Core) -> Vec<u8> {
    let date = |name: &str| {
        Element::new(name)
            .with_attr("xsi:type", "dcterms:W3CDTF")
            .with_text(&c.date)
    };
    let root = Element::new("cp:coreProperties")
        .with_attr(
            "xmlns:cp",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        )
        .with_attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        .with_attr("xmlns:dcterms", "http://purl.org/dc/terms/")
        .with_attr("xmlns:dcmitype", "http://purl.org/dc/dcmitype/")
        .with_attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .with_child(Element::new("dc:title").with_text(&c.title))
        .with_child(Element::new("dc:subject").with_text(&c.subject))
        .with_child(Element::new("dc:creator").with_text(&c.creator))
        .with_child(Element::new("cp:keywords").with_text(&c.keywords))
        .with_child(Element::new("dc:description").with_text(&c.description))
        .with_child(Element::new("cp:lastModifiedBy").with_text(&c.creator))
        .with_child(Element::new("cp:revision").with_text("1"))
        .with_child(date("dcterms:created"))
        .with_child(date("dcterms:modified"))
        .with_child(Element::new("dc:language").with_text(LANGUAGE));
    xml::serialize(&root)
}

fn custom(props: &[(String, String)]) -> Vec<u8> {
    let mut root = Element::new("Properties")
        .with_attr(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        )
        .with_attr(
            "xmlns:vt",
            "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        );
    for (i, (name, value)) in props.iter().enumerate() {
        root = root.with_child(
            Element::new("property")
                .with_attr("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}")
                // Property ids 0 and 1 are reserved.
                .with_attr("pid", &(i + 2).to_string())
                .with_attr("name", name)
                .with_child(Element::new("vt:lpwstr").with_text(value)),
        );
    }
    xml::serialize(&root)
}

fn app(company: &str) -> Vec<u8> {
    let root = Element::new("Properties")
        .with_attr(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )
        .with_attr(
            "xmlns:vt",
            "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        )
        .with_child(Element::new("Company").with_text(company))
        .with_child(
            Element::new("Application")
                .with_text(&format!("uitvoeringsplan {}", env!("CARGO_PKG_VERSION"))),
        );
    xml::serialize(&root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(e: &Element) -> Vec<&str> {
        e.elements().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn tidy_sorts_into_schema_order_and_drops_empty_properties() {
        let mut p = xml::parse(
            br#"<w:p w14:paraId="0000002A"><w:pPr><w:rPr><w:sz w:val="2"/><w:b/></w:rPr><w:jc w:val="right"/><w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr><w:pStyle w:val="X"/></w:pPr><w:r><w:rPr/><w:t>a</w:t></w:r></w:p>"#,
        )
        .unwrap();
        tidy(&mut p);
        assert_eq!(p.attr("w14:paraId"), None);
        let ppr = p.child("w:pPr").unwrap();
        assert_eq!(names(ppr), ["w:pStyle", "w:numPr", "w:jc", "w:rPr"]);
        assert_eq!(names(ppr.child("w:numPr").unwrap()), ["w:ilvl", "w:numId"]);
        assert_eq!(names(ppr.child("w:rPr").unwrap()), ["w:b", "w:sz"]);
        assert_eq!(names(p.child("w:r").unwrap()), ["w:t"]);
    }

    #[test]
    fn section_properties_put_references_first() {
        let mut s = xml::parse(
            br#"<w:sectPr><w:pgSz/><w:pgMar/><w:cols/><w:headerReference/><w:footerReference/><w:headerReference/><w:titlePg/></w:sectPr>"#,
        )
        .unwrap();
        tidy(&mut s);
        assert_eq!(
            names(&s),
            [
                "w:headerReference",
                "w:footerReference",
                "w:headerReference",
                "w:pgSz",
                "w:pgMar",
                "w:cols",
                "w:titlePg"
            ]
        );
    }

    #[test]
    fn tables_get_header_rows_and_descriptions_in_order() {
        let mut d = xml::parse(
            br#"<w:document><w:body><w:tbl><w:tblPr/><w:tr/><w:tr/></w:tbl><w:p/><w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr><w:tr/><w:tr/></w:tbl></w:body></w:document>"#,
        )
        .unwrap();
        let fixes = [
            TableFix::default(),
            TableFix {
                header_rows: 2,
                description: Some("Alt & tekst".into()),
            },
        ];
        fix_tables(&mut d, &fixes).unwrap();
        let out = String::from_utf8(xml::serialize(&d)).unwrap();
        assert_eq!(out.matches("<w:tblHeader/>").count(), 2);
        assert!(out.contains(r#"<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#));
        assert!(out.contains(r#"<w:tblDescription w:val="Alt &amp; tekst"/>"#));
        assert!(fix_tables(&mut d, &fixes[..1]).is_err(), "count mismatch");
    }

    #[test]
    fn hyperlink_ids_renumbered_and_relationships_sorted() {
        let mut d = xml::parse(
            br#"<w:body><w:hyperlink r:id="rIdHyperlink17"/><w:hyperlink w:anchor="x"/><w:hyperlink r:id="rIdHyperlink9"/></w:body>"#,
        )
        .unwrap();
        let map = renumber_hyperlinks(&mut d);
        assert_eq!(map["rIdHyperlink17"], "rIdHyperlink1");
        assert_eq!(map["rIdHyperlink9"], "rIdHyperlink2");
        let rels = br#"<Relationships><Relationship Id="rIdHyperlink9" Target="b"/><Relationship Id="rId1" Target="styles.xml"/><Relationship Id="rId5" Target="commentsExtended.xml"/><Relationship Id="rIdHyperlink17" Target="a"/></Relationships>"#;
        let out = String::from_utf8(fix_document_rels(rels, &map, &[], &[]).unwrap()).unwrap();
        assert!(!out.contains("commentsExtended"));
        let a = out.find(r#"Id="rIdHyperlink1" Target="a""#).unwrap();
        let b = out.find(r#"Id="rIdHyperlink2" Target="b""#).unwrap();
        assert!(out.find("styles.xml").unwrap() < a && a < b, "{out}");
    }

    #[test]
    fn later_style_definition_wins_and_language_is_dutch() {
        let mut s = xml::parse(
            br#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:color w:val="1A1A1A"/></w:rPr></w:style><w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:pPr/></w:style></w:styles>"#,
        )
        .unwrap();
        fix_styles(&mut s);
        tidy(&mut s);
        let out = String::from_utf8(xml::serialize(&s)).unwrap();
        assert_eq!(out.matches(r#"w:styleId="Normal""#).count(), 1);
        assert!(out.contains(
            r#"w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:rPr><w:color"#
        ));
        assert!(out.contains(r#"<w:sz w:val="20"/><w:lang w:val="nl-NL""#));
        assert!(!out.contains("<w:pPr/>"));
    }

    #[test]
    fn pictures_get_ids_names_and_alt_text_in_order() {
        let drawing = |rid: &str| {
            format!(
                r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Figure"/><a:graphic><a:graphicData><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name=""/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
            )
        };
        let xml = format!(
            "<w:body><w:p>{}</w:p><w:p>{}</w:p></w:body>",
            drawing("rIdImage1"),
            drawing("rIdImage2")
        );
        let fix = |rid: &str, name: &str, descr: &str| PictureFix {
            rid: rid.into(),
            name: name.into(),
            descr: descr.into(),
        };
        let fixes = [
            fix("rIdImage1", "kaart.png", "Kaart & \"haven\""),
            fix("rIdImage2", "foto.jpeg", "Foto"),
        ];
        let mut d = xml::parse(xml.as_bytes()).unwrap();
        fix_pictures(&mut d, &fixes).unwrap();
        let out = String::from_utf8(xml::serialize(&d)).unwrap();
        assert!(out.contains(
            r#"<wp:docPr id="1" name="kaart.png" descr="Kaart &amp; &quot;haven&quot;"/>"#
        ));
        assert!(out.contains(r#"<wp:docPr id="2" name="foto.jpeg" descr="Foto"/>"#));
        assert!(out.contains(r#"<pic:cNvPr id="0" name="foto.jpeg"/>"#));

        let mut d = xml::parse(xml.as_bytes()).unwrap();
        assert!(fix_pictures(&mut d, &fixes[..1]).is_err(), "count mismatch");
        let swapped = [fixes[1].clone(), fixes[0].clone()];
        let mut d = xml::parse(xml.as_bytes()).unwrap();
        let err = fix_pictures(&mut d, &swapped).unwrap_err();
        assert!(err.contains("rIdImage1"), "{err}");
    }

    #[test]
    fn media_parts_are_named_after_their_images() {
        let media = [Media {
            rid: "rIdImage1".into(),
            target: "media/afbeeldingen-kaart.png".into(),
            source: "afbeeldingen/kaart.png".into(),
        }];
        let rels = br#"<Relationships><Relationship Id="rIdImage1" Type="image" Target="media/rIdImage1.png"/></Relationships>"#;
        let out = String::from_utf8(fix_document_rels(rels, &HashMap::new(), &[], &media).unwrap())
            .unwrap();
        assert!(
            out.contains(r#"Target="media/afbeeldingen-kaart.png""#),
            "{out}"
        );
        let parts = media_parts(vec![("rIdImage1".into(), b"png".to_vec())], &media).unwrap();
        assert_eq!(
            parts,
            [(
                "word/media/afbeeldingen-kaart.png".to_string(),
                b"png".to_vec()
            )]
        );
        assert!(media_parts(vec![("rIdImage9".into(), vec![])], &media).is_err());
    }
}
