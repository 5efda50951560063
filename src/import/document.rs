//! The body of a DOCX as the importer sees it: paragraphs (style, list
//! level, rich runs, the field bookmarks they lie in) and tables, plus the
//! tracked changes and comments found. Parsed with roxmltree, which refuses
//! DTDs; the package was size- and depth-checked before.

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::{Document, Node};

use super::package::Package;
use crate::model::richtext::Inline;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MATH: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";

/// A paragraph of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// The paragraph style id (`Heading2`, `Terugblik`, ...).
    pub style: String,
    /// List membership: (numbering id, level), when numbered or bulleted.
    pub list: Option<(String, u32)>,
    pub inlines: Vec<Inline>,
    /// Bookmarks (field names) the paragraph's text lies in.
    pub fields: BTreeSet<String>,
    /// 1-based position among the body's paragraphs, for messages.
    pub number: usize,
}

impl Para {
    pub fn text(&self) -> String {
        crate::model::richtext::plain(&self.inlines)
    }
}

/// A table: its cells' plain text, row by row, and the fields it lies in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    pub fields: BTreeSet<String>,
    /// Position of the paragraph before it, for messages.
    pub after_para: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Para(Para),
    Table(Table),
}

/// A tracked change still in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: &'static str,
    pub author: String,
    /// The words changed (inserted, deleted, moved or reformatted).
    pub words: String,
    /// The text of its paragraph before it (for messages).
    pub context: String,
    /// 1-based position of its paragraph among the body's paragraphs.
    pub para: usize,
}

/// What the sources cannot hold, found in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unheld {
    /// Text formatted as hidden (`w:vanish`).
    Hidden,
    /// Struck-through text (`w:strike`, `w:dstrike`).
    Struck,
    Footnote,
    Endnote,
    /// A page or column break.
    PageBreak,
    /// A character from a symbol font without an unambiguous Unicode one.
    Symbol,
    /// An equation (Office Math).
    Formula,
}

/// Something the sources cannot hold, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported {
    pub kind: Unheld,
    /// 1-based position among the body's paragraphs.
    pub para: usize,
    /// The text concerned (hidden or struck words, the symbol's font and code).
    pub detail: String,
    /// The text of its paragraph before it.
    pub context: String,
}

/// A comment with the text it is attached to.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub author: String,
    pub text: String,
    pub anchor: String,
}

#[derive(Debug, Default)]
pub struct Body {
    pub items: Vec<Item>,
    pub changes: Vec<Change>,
    pub comments: Vec<Comment>,
    /// What the sources cannot hold, in document order.
    pub unsupported: Vec<Unsupported>,
    /// Custom document properties (docProps/custom.xml).
    pub properties: BTreeMap<String, String>,
    /// Numbering id → is it an ordered (numbered) list?
    pub ordered: BTreeMap<String, bool>,
    /// Drawings, VML pictures and embedded objects anywhere in the body.
    pub pictures: usize,
}

/// Parses the body. With `accept`, insertions are kept and deletions dropped;
/// without, they are only counted (the text read is then the original).
pub fn parse(package: &Package, accept: bool) -> Result<Body, String> {
    let xml = package
        .text("word/document.xml")
        .ok_or("het bestand heeft geen word/document.xml: geen Word-document")?;
    let doc =
        Document::parse(xml).map_err(|e| format!("word/document.xml is geen geldige XML ({e})"))?;
    let rels = relationships(package);
    let mut cx = Cx {
        rels,
        accept,
        open: BTreeMap::new(),
        ids: BTreeMap::new(),
        body: Body::default(),
        paras: 0,
        comment_anchors: BTreeMap::new(),
        open_comments: BTreeSet::new(),
        started: BTreeSet::new(),
        para_text: String::new(),
    };
    cx.body.ordered = numbering(package);
    cx.body.properties = custom_properties(package);
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or("word/document.xml heeft geen body")?;
    cx.body.pictures = body
        .descendants()
        .filter(|n| is(n, "drawing") || is(n, "pict") || is(n, "object"))
        .count();
    let mut items = Vec::new();
    cx.block_children(body, &mut items);
    cx.body.items = items;
    cx.body.comments = comments(package, &cx.comment_anchors);
    Ok(cx.body)
}

struct Cx {
    rels: BTreeMap<String, String>,
    accept: bool,
    /// Open bookmarks, by name (name → name).
    open: BTreeMap<String, String>,
    /// Every bookmark id seen → its name.
    ids: BTreeMap<String, String>,
    body: Body,
    paras: usize,
    /// Comment id → the text its range covers.
    comment_anchors: BTreeMap<String, String>,
    /// Comments whose range is open.
    open_comments: BTreeSet<String>,
    /// Field bookmarks started in the paragraph being read.
    started: BTreeSet<String>,
    /// The text read so far of the paragraph being read (for messages).
    para_text: String,
}

/// The deepest list level (`w:ilvl`) Word has.
pub const MAX_LIST_LEVEL: u32 = 8;

/// Most characters of text kept for a message.
const SNIPPET: usize = 60;

/// Whether a paragraph's mark is deleted (`w:pPr/w:rPr/w:del`).
fn mark_deleted(p: Node) -> bool {
    p.children()
        .find(|c| is(c, "pPr"))
        .and_then(|ppr| ppr.children().find(|c| is(c, "rPr")))
        .is_some_and(|r| r.children().any(|c| is(&c, "del")))
}

/// A paragraph whose mark was deleted, joined with the next one: an empty
/// one (a paragraph deleted whole) leaves the next as it is; otherwise its
/// text comes first, in the next one's paragraph (whose mark remains).
fn join(before: Para, next: Para) -> Para {
    if before.inlines.is_empty() {
        return next;
    }
    let mut inlines = before.inlines;
    inlines.extend(next.inlines);
    let mut fields = before.fields;
    fields.extend(next.fields);
    Para {
        inlines: normalize(inlines),
        fields,
        number: before.number,
        ..next
    }
}

/// The last `SNIPPET` characters of `s`.
fn tail(s: &str) -> String {
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(SNIPPET)).collect()
}

/// The text (inserted or deleted) inside a change element.
fn change_words(n: &Node) -> String {
    let mut out = String::new();
    for t in n.descendants().filter(|d| is(d, "t") || is(d, "delText")) {
        out.push_str(t.text().unwrap_or(""));
        if out.chars().count() > SNIPPET {
            break;
        }
    }
    out.chars().take(SNIPPET).collect()
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn attr<'a>(n: &'a Node, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

impl Cx {
    fn block_children(&mut self, parent: Node, out: &mut Vec<Item>) {
        // A paragraph whose mark is deleted (and the deletion accepted)
        // joins the next one, as in Word.
        let mut joining: Option<Para> = None;
        for n in parent.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" if is(&n, "p") => {
                    let mut p = self.paragraph(n);
                    if let Some(before) = joining.take() {
                        p = join(before, p);
                    }
                    if self.accept && mark_deleted(n) {
                        joining = Some(p);
                    } else {
                        out.push(Item::Para(p));
                    }
                }
                "tbl" if is(&n, "tbl") => {
                    let t = self.table(n);
                    out.push(Item::Table(t));
                }
                "bookmarkStart" | "bookmarkEnd" => self.bookmark(n),
                "sdt" => {
                    if let Some(content) = n.children().find(|c| is(c, "sdtContent")) {
                        self.block_children(content, out);
                    }
                }
                "ins" | "del" | "moveFrom" | "moveTo" => {
                    self.change(&n, None);
                    if self.accept == matches!(n.tag_name().name(), "ins" | "moveTo")
                        || !self.accept && matches!(n.tag_name().name(), "del" | "moveFrom")
                    {
                        self.block_children(n, out);
                    }
                }
                "customXml" | "smartTag" => self.block_children(n, out),
                _ => {}
            }
        }
        if let Some(p) = joining {
            out.push(Item::Para(p));
        }
    }

    /// Bookmarks are tracked by name: LibreOffice re-saves a bookmark over
    /// several paragraphs as a start in the first and a second start/end
    /// pair of the same name in the last, so a field runs from the first
    /// start of its name to the last end of any bookmark with that name.
    fn bookmark(&mut self, n: Node) {
        let id = attr(&n, "id").unwrap_or("").to_string();
        if n.tag_name().name() == "bookmarkStart" {
            let name = attr(&n, "name").unwrap_or("").to_string();
            if crate::render::docx::fields::is_field(&name) {
                self.started.insert(name.clone());
            }
            self.ids.insert(id, name.clone());
            self.open.insert(name.clone(), name);
        } else if let Some(name) = self.ids.get(&id) {
            self.open.remove(name);
        }
    }

    /// A tracked change `n`; `words` says what it changed when `n` holds
    /// no text itself (a formatting change: the run or paragraph).
    fn change(&mut self, n: &Node, words: Option<String>) {
        let kind = match n.tag_name().name() {
            "ins" => "invoeging",
            "del" => "verwijdering",
            "moveFrom" | "moveTo" => "verplaatsing",
            _ => "opmaakwijziging",
        };
        self.body.changes.push(Change {
            kind,
            author: attr(n, "author").unwrap_or("").to_string(),
            words: words.unwrap_or_else(|| change_words(n)),
            context: tail(&self.para_text),
            para: self.paras,
        });
    }

    fn unsupported(&mut self, kind: Unheld, detail: String) {
        self.body.unsupported.push(Unsupported {
            kind,
            para: self.paras,
            detail: detail.chars().take(SNIPPET).collect(),
            context: tail(&self.para_text),
        });
    }

    fn paragraph(&mut self, p: Node) -> Para {
        self.paras += 1;
        let mut para = Para {
            number: self.paras,
            ..Para::default()
        };
        if let Some(ppr) = p.children().find(|c| is(c, "pPr")) {
            if let Some(s) = ppr.children().find(|c| is(c, "pStyle")) {
                para.style = attr(&s, "val").unwrap_or("").to_string();
            }
            if let Some(num) = ppr.children().find(|c| is(c, "numPr")) {
                let id = num
                    .children()
                    .find(|c| is(c, "numId"))
                    .and_then(|c| attr(&c, "val").map(str::to_string));
                let lvl = num
                    .children()
                    .find(|c| is(c, "ilvl"))
                    .and_then(|c| attr(&c, "val").and_then(|v| v.parse::<u32>().ok()))
                    .unwrap_or(0)
                    // Word's deepest level is 8; the lists are built by
                    // recursion over the levels.
                    .min(MAX_LIST_LEVEL);
                if let Some(id) = id.filter(|i| i != "0") {
                    para.list = Some((id, lvl));
                }
            }
            // An inserted or deleted paragraph mark: one change with the
            // paragraph's words when nothing in it is marked besides.
            let mark = ppr
                .children()
                .find(|c| is(c, "rPr"))
                .and_then(|r| r.children().find(|c| is(c, "ins") || is(c, "del")));
            if let Some(c) = mark
                && !p.descendants().any(|d| {
                    d != c
                        && ["ins", "del", "moveFrom", "moveTo"]
                            .iter()
                            .any(|k| is(&d, k))
                })
            {
                let words = p
                    .descendants()
                    .filter(|d| is(d, "t") || is(d, "delText"))
                    .filter_map(|d| d.text())
                    .collect::<String>();
                self.change(&c, Some(words.chars().take(SNIPPET).collect()));
            }
            if let Some(c) = ppr.children().find(|c| is(c, "pPrChange")) {
                let words = p
                    .descendants()
                    .filter(|d| is(d, "t"))
                    .filter_map(|d| d.text())
                    .collect::<String>();
                self.change(&c, Some(words.chars().take(SNIPPET).collect()));
            }
        }
        self.para_text.clear();
        let before = self.open.values().cloned().collect::<BTreeSet<_>>();
        self.started.clear();
        let mut fields = BTreeSet::new();
        let mut inlines = Vec::new();
        self.inline_children(p, Format::default(), &mut inlines, &mut fields);
        // A field that is empty in the sources is an empty paragraph with a
        // collapsed bookmark; text typed there may land after the bookmark's
        // end, and still belongs to it.
        let started = std::mem::take(&mut self.started);
        para.fields = if !fields.is_empty() {
            fields
        } else if inlines.is_empty() {
            before.into_iter().chain(started).collect()
        } else {
            started
        };
        para.inlines = normalize(inlines);
        self.para_text.clear();
        para
    }

    fn inline_children(
        &mut self,
        parent: Node,
        f: Format,
        out: &mut Vec<Inline>,
        fields: &mut BTreeSet<String>,
    ) {
        for n in parent.children().filter(Node::is_element) {
            if n.tag_name().namespace() == Some(MATH) {
                if matches!(n.tag_name().name(), "oMath" | "oMathPara") {
                    self.unsupported(Unheld::Formula, String::new());
                }
                continue;
            }
            if n.tag_name().namespace() != Some(W) {
                continue;
            }
            match n.tag_name().name() {
                "r" => self.run(n, f.clone(), out, fields),
                "hyperlink" => {
                    let url = n
                        .attribute((R, "id"))
                        .and_then(|id| self.rels.get(id).map(|u| canonical_url(u)))
                        .or_else(|| attr(&n, "anchor").map(|a| format!("#{a}")));
                    let mut inner = Vec::new();
                    self.inline_children(n, f.clone(), &mut inner, fields);
                    match url {
                        Some(url) => out.push(Inline::Link {
                            url,
                            inlines: normalize(inner),
                        }),
                        None => out.extend(inner),
                    }
                }
                "bookmarkStart" | "bookmarkEnd" => self.bookmark(n),
                "ins" | "moveTo" => {
                    self.change(&n, None);
                    if self.accept {
                        self.inline_children(n, f.clone(), out, fields);
                    }
                }
                "del" | "moveFrom" => {
                    self.change(&n, None);
                    if !self.accept {
                        self.inline_children(n, f.clone(), out, fields);
                    }
                }
                "commentRangeStart" => {
                    if let Some(id) = attr(&n, "id") {
                        self.comment_anchors.insert(id.to_string(), String::new());
                        self.open_comments.insert(id.to_string());
                    }
                }
                "commentRangeEnd" => {
                    if let Some(id) = attr(&n, "id") {
                        self.open_comments.remove(id);
                    }
                }
                "smartTag" | "customXml" | "fldSimple" | "sdt" | "sdtContent" => {
                    self.inline_children(n, f.clone(), out, fields)
                }
                _ => {}
            }
        }
    }

    fn run(
        &mut self,
        r: Node,
        mut f: Format,
        out: &mut Vec<Inline>,
        fields: &mut BTreeSet<String>,
    ) {
        if let Some(rpr) = r.children().find(|c| is(c, "rPr")) {
            let on = |name: &str| {
                rpr.children()
                    .find(|c| is(c, name))
                    .map(|c| !matches!(attr(&c, "val"), Some("0" | "false" | "none" | "off")))
            };
            if let Some(b) = on("b") {
                f.bold = b;
            }
            if let Some(i) = on("i") {
                f.italic = i;
            }
            if let Some(h) = on("vanish") {
                f.hidden = h;
            }
            let strike = on("strike").unwrap_or(false) || on("dstrike").unwrap_or(false);
            if on("strike").is_some() || on("dstrike").is_some() {
                f.struck = strike;
            }
            if let Some(fonts) = rpr.children().find(|c| is(c, "rFonts")) {
                f.font = attr(&fonts, "ascii")
                    .or_else(|| attr(&fonts, "hAnsi"))
                    .map(str::to_string)
                    .or(f.font);
            }
            if let Some(c) = rpr.children().find(|c| is(c, "rPrChange")) {
                let words = r
                    .children()
                    .filter(|d| is(d, "t"))
                    .filter_map(|d| d.text())
                    .collect::<String>();
                self.change(&c, Some(words.chars().take(SNIPPET).collect()));
            }
        }
        for n in r.children().filter(Node::is_element) {
            if n.tag_name().namespace() != Some(W) {
                continue;
            }
            let text = match n.tag_name().name() {
                "t" | "delText" => self.run_text(n.text().unwrap_or(""), &f),
                // A tab stays a tab (the DOCX writer writes it as one again).
                "tab" | "ptab" => "\t".to_string(),
                "noBreakHyphen" => "-".to_string(),
                "softHyphen" => String::new(),
                "sym" => {
                    let font = attr(&n, "font").or(f.font.as_deref()).unwrap_or("");
                    let code = attr(&n, "char").unwrap_or("");
                    let c = u32::from_str_radix(code, 16)
                        .ok()
                        .and_then(|c| super::symbols::character(font, c));
                    match c {
                        Some(c) => c.to_string(),
                        None => {
                            self.unsupported(Unheld::Symbol, format!("{font} {code}"));
                            continue;
                        }
                    }
                }
                "footnoteReference" => {
                    self.unsupported(Unheld::Footnote, String::new());
                    continue;
                }
                "endnoteReference" => {
                    self.unsupported(Unheld::Endnote, String::new());
                    continue;
                }
                "br" if matches!(attr(&n, "type"), Some("page" | "column")) => {
                    self.unsupported(Unheld::PageBreak, String::new());
                    continue;
                }
                "br" | "cr" => {
                    out.push(Inline::LineBreak);
                    self.para_text.push(' ');
                    continue;
                }
                _ => continue,
            };
            if text.is_empty() {
                continue;
            }
            if f.hidden || f.struck {
                let kind = if f.hidden {
                    Unheld::Hidden
                } else {
                    Unheld::Struck
                };
                self.unsupported(kind, text);
                continue;
            }
            self.para_text.push_str(&text);
            for id in &self.open_comments {
                if let Some(anchor) = self.comment_anchors.get_mut(id)
                    && anchor.chars().count() < SNIPPET
                {
                    anchor.push_str(&text);
                }
            }
            fields.extend(self.open.values().cloned());
            let mut inline = Inline::Text { text };
            if f.italic {
                inline = Inline::Emphasis {
                    inlines: vec![inline],
                };
            }
            if f.bold {
                inline = Inline::Strong {
                    inlines: vec![inline],
                };
            }
            out.push(inline);
        }
    }

    /// The text of a `w:t`: line ends inside it show as spaces; characters
    /// of a symbol font come back as their Unicode characters, and a
    /// private-use character that has none is refused.
    fn run_text(&mut self, t: &str, f: &Format) -> String {
        let mut out = String::with_capacity(t.len());
        for c in t.chars() {
            match c {
                '\n' | '\r' => out.push(' '),
                c if super::symbols::private_use(c) => {
                    let font = f.font.as_deref().unwrap_or("");
                    match super::symbols::character(font, u32::from(c)) {
                        Some(m) if !font.is_empty() => out.push(m),
                        _ => {
                            let detail = format!("{font} {:04X}", u32::from(c));
                            self.unsupported(Unheld::Symbol, detail.trim().to_string());
                        }
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    fn table(&mut self, t: Node) -> Table {
        let mut table = Table {
            after_para: self.paras,
            ..Table::default()
        };
        for tr in t.children().filter(|c| is(c, "tr")) {
            // A row deleted as a tracked change (`w:trPr/w:del`): gone when
            // the changes are accepted; its text is deleted text, a change.
            let deleted = tr
                .children()
                .filter(|c| is(c, "trPr"))
                .flat_map(|p| p.children())
                .find(|c| is(c, "del"));
            if let Some(del) = deleted {
                if !tr.descendants().any(|c| is(&c, "del") && c != del) {
                    self.change(&del, Some(change_words(&tr)));
                }
                if self.accept {
                    continue;
                }
            }
            let mut row = Vec::new();
            for tc in tr.children().filter(|c| is(c, "tc")) {
                let mut items = Vec::new();
                self.block_children(tc, &mut items);
                let mut cell = Vec::new();
                for item in items {
                    if let Item::Para(p) = item {
                        table.fields.extend(p.fields.iter().cloned());
                        cell.push(p.text());
                    }
                }
                row.push(cell.join("\n").trim().to_string());
            }
            table.rows.push(row);
        }
        table
    }
}

#[derive(Debug, Clone, Default)]
struct Format {
    bold: bool,
    italic: bool,
    hidden: bool,
    struck: bool,
    /// The run's font (`w:rFonts w:ascii`), for symbol characters.
    font: Option<String>,
}

/// Merges neighbouring runs of the same kind, so re-saved files (which split
/// runs freely) read the same as the original.
pub fn normalize(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in inlines {
        let i = match i {
            Inline::Strong { inlines } => Inline::Strong {
                inlines: normalize(inlines),
            },
            Inline::Emphasis { inlines } => Inline::Emphasis {
                inlines: normalize(inlines),
            },
            Inline::Link { url, inlines } => Inline::Link {
                url,
                inlines: normalize(inlines),
            },
            other => other,
        };
        match (out.last_mut(), i) {
            (Some(Inline::Text { text: a }), Inline::Text { text: b }) => a.push_str(&b),
            (Some(Inline::Strong { inlines: a }), Inline::Strong { inlines: b }) => {
                a.extend(b);
                *a = normalize(std::mem::take(a));
            }
            // Re-saved files may split one link into several.
            (
                Some(Inline::Link {
                    url: ua,
                    inlines: a,
                }),
                Inline::Link {
                    url: ub,
                    inlines: b,
                },
            ) if *ua == ub => {
                a.extend(b);
                *a = normalize(std::mem::take(a));
            }
            (Some(Inline::Emphasis { inlines: a }), Inline::Emphasis { inlines: b }) => {
                a.extend(b);
                *a = normalize(std::mem::take(a));
            }
            (_, i) => out.push(i),
        }
    }
    out
}

/// Link targets as the sources write them: LibreOffice stores them with the
/// percent-encoding undone, so spaces and the like are encoded again.
fn canonical_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

fn relationships(package: &Package) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(xml) = package.text("word/_rels/document.xml.rels")
        && let Ok(doc) = Document::parse(xml)
    {
        for n in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            if let (Some(id), Some(target)) = (n.attribute("Id"), n.attribute("Target")) {
                out.insert(id.to_string(), target.to_string());
            }
        }
    }
    out
}

/// Numbering id → ordered (decimal) or not (bullet), from numbering.xml.
fn numbering(package: &Package) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let Some(xml) = package.text("word/numbering.xml") else {
        return out;
    };
    let Ok(doc) = Document::parse(xml) else {
        return out;
    };
    let mut abstract_ordered = BTreeMap::new();
    for a in doc.descendants().filter(|n| is(n, "abstractNum")) {
        let id = attr(&a, "abstractNumId").unwrap_or("").to_string();
        let fmt = a
            .descendants()
            .find(|n| is(n, "numFmt"))
            .and_then(|n| attr(&n, "val").map(str::to_string))
            .unwrap_or_default();
        abstract_ordered.insert(id, fmt != "bullet" && fmt != "none" && !fmt.is_empty());
    }
    for n in doc.descendants().filter(|n| is(n, "num")) {
        let id = attr(&n, "numId").unwrap_or("").to_string();
        let abs = n
            .children()
            .find(|c| is(c, "abstractNumId"))
            .and_then(|c| attr(&c, "val").map(str::to_string))
            .unwrap_or_default();
        out.insert(id, *abstract_ordered.get(&abs).unwrap_or(&false));
    }
    out
}

/// The custom document properties (`docProps/custom.xml`): where an export
/// records its section and the fingerprint of its sources.
pub fn custom_properties(package: &Package) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(xml) = package.text("docProps/custom.xml") else {
        return out;
    };
    let Ok(doc) = Document::parse(xml) else {
        return out;
    };
    for p in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "property")
    {
        if let Some(name) = p.attribute("name") {
            let value = p
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>();
            out.insert(name.to_string(), value);
        }
    }
    out
}

fn comments(package: &Package, anchors: &BTreeMap<String, String>) -> Vec<Comment> {
    let mut out = Vec::new();
    let Some(xml) = package.text("word/comments.xml") else {
        return out;
    };
    let Ok(doc) = Document::parse(xml) else {
        return out;
    };
    for c in doc.descendants().filter(|n| is(n, "comment")) {
        let text = c
            .descendants()
            .filter(|n| is(n, "t"))
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("");
        let id = attr(&c, "id").unwrap_or("");
        out.push(Comment {
            author: attr(&c, "author").unwrap_or("").to_string(),
            text,
            anchor: anchors
                .get(id)
                .map(|a| a.chars().take(SNIPPET).collect())
                .unwrap_or_default(),
        });
    }
    out
}

/// Leaves out the instruction block atop a section document (its
/// paragraphs are in the `Instructie` style, wherever they are) and the
/// reference block under it (style `Referentie`: the previous plan's
/// outlook), with any tracked change or unsupported content in them:
/// whatever the district staff did to them changes nothing.
pub fn skip_instructions(body: &mut Body) {
    let ignored = crate::render::docx::IGNORED_STYLES;
    let skipped: BTreeSet<usize> = body
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) if ignored.iter().any(|s| p.style.eq_ignore_ascii_case(s)) => {
                Some(p.number)
            }
            _ => None,
        })
        .collect();
    body.items
        .retain(|i| !matches!(i, Item::Para(p) if skipped.contains(&p.number)));
    body.changes.retain(|c| !skipped.contains(&c.para));
    body.unsupported.retain(|u| !skipped.contains(&u.para));
}
