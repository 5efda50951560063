//! The machinery of the Word-edit fuzz target: a real section export taken
//! apart into the blocks of its body (each tagged with the field bookmark it
//! lies in), the edits a person makes in Word applied to them as the
//! fuzzer's bytes choose, and what a document shows, field by field, read
//! independently of the importer: the oracle an import is held to.

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use crate::render::docx::fields;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Choices read from the fuzzer's bytes (zeros once they run out).
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let v = if n > 256 {
            usize::from(self.byte()) << 8 | usize::from(self.byte())
        } else {
            usize::from(self.byte())
        };
        v % n
    }

    pub fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub fn left(&self) -> bool {
        self.at < self.data.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Para,
    Table,
    /// A bookmark between blocks, or the section properties.
    Other,
}

/// One child of the body, as XML, with the field it lies in.
#[derive(Debug, Clone)]
pub struct Block {
    pub xml: String,
    pub kind: Kind,
    pub field: Option<String>,
    /// Ends a field bookmark that started before a table.
    pub ends_table_field: bool,
}

/// A document.xml as the text before its body's children, the children
/// and the text after them.
pub struct Parts {
    pub head: String,
    pub blocks: Vec<Block>,
    pub tail: String,
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn wattr<'a>(n: &Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// Takes a document.xml from the DOCX writer apart. The field of each block
/// follows the writer's bookmarks: a prose field's start sits in its first
/// paragraph and its end in its last; a table's are between blocks.
pub fn parts(xml: &str) -> Option<Parts> {
    let doc = Document::parse(xml).ok()?;
    let body = doc.root_element().children().find(|n| is(n, "body"))?;
    let children: Vec<Node> = body.children().filter(Node::is_element).collect();
    let (first, last) = (children.first()?, children.last()?);
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut table_field = false;
    for n in &children {
        let kind = match n.tag_name().name() {
            "p" => Kind::Para,
            "tbl" => Kind::Table,
            _ => Kind::Other,
        };
        let start = if is(n, "bookmarkStart") {
            Some(*n)
        } else if kind == Kind::Para {
            n.descendants().find(|d| is(d, "bookmarkStart"))
        } else {
            None
        };
        if let Some(s) = start
            && let Some(name) = wattr(&s, "name").filter(|m| fields::is_field(m))
        {
            current = Some((name.to_string(), wattr(&s, "id").unwrap_or("").to_string()));
            table_field = kind == Kind::Other;
        }
        let ends = current.as_ref().is_some_and(|(_, id)| {
            n.descendants()
                .any(|d| is(&d, "bookmarkEnd") && wattr(&d, "id") == Some(id.as_str()))
        });
        blocks.push(Block {
            xml: xml[n.range()].to_string(),
            kind,
            field: if kind == Kind::Other {
                None
            } else {
                current.as_ref().map(|(name, _)| name.clone())
            },
            ends_table_field: ends && kind == Kind::Other && table_field,
        });
        if ends {
            current = None;
        }
    }
    Some(Parts {
        head: xml[..first.range().start].to_string(),
        blocks,
        tail: xml[last.range().end..].to_string(),
    })
}

impl Parts {
    /// The fields that are tables (their paragraphs are cells, not prose).
    fn table_fields(&self) -> Vec<String> {
        self.blocks
            .iter()
            .filter(|b| b.kind == Kind::Table)
            .filter_map(|b| b.field.clone())
            .collect()
    }

    pub fn xml(&self) -> String {
        let mut out = self.head.clone();
        for b in &self.blocks {
            out.push_str(&b.xml);
        }
        out.push_str(&self.tail);
        out
    }
}

/// Symbols the edits insert: font, code, and the character the sources
/// should get (None: there is none, the import must refuse).
pub const SYMBOLS: [(&str, &str, Option<char>); 7] = [
    ("Symbol", "F0B7", Some('•')),
    ("Symbol", "F061", Some('α')),
    ("Symbol", "F0A3", Some('≤')),
    ("Arial", "00E9", Some('é')),
    ("Symbol", "F0E6", None),
    ("Wingdings", "F0FC", None),
    ("Wingdings", "0021", None),
];

fn symbol(font: &str, code: &str) -> Option<char> {
    SYMBOLS
        .iter()
        .find(|(f, c, _)| f.eq_ignore_ascii_case(font) && c.eq_ignore_ascii_case(code))
        .and_then(|s| s.2)
}

/// What a document shows in each field: per prose field its non-empty
/// paragraphs (line breaks as `\n`, spaces at the edges of lines left
/// out: they do not show), and the counts of the targets table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    pub fields: BTreeMap<String, Vec<String>>,
    pub counts: Vec<String>,
}

/// Reads what the blocks of `parts` show, field by field, with tracked
/// changes accepted (`accept`) or not.
pub fn shown(parts: &Parts, accept: bool) -> Option<Shown> {
    let mut out = Shown::default();
    let tables = parts.table_fields();
    for b in &parts.blocks {
        let Some(field) = &b.field else { continue };
        // The block alone, in the document's own root (its namespaces).
        let xml = format!("{}{}</w:body></w:document>", parts.head, b.xml);
        let doc = Document::parse(&xml).ok()?;
        let body = doc.root_element().children().find(|n| is(n, "body"))?;
        let node = body.first_element_child()?;
        match b.kind {
            Kind::Para if !tables.contains(field) => {
                let mut text = paragraph(node, accept);
                // The dash before a quote's source is the writer's, as a
                // bullet is: the importer leaves it out, the writer adds it.
                if b.xml.contains("<w:pStyle w:val=\"Citaatbron\"/>") {
                    text = text
                        .trim_start_matches(|c: char| {
                            matches!(c, '—' | '–' | '-') || c.is_whitespace()
                        })
                        .to_string();
                }
                let entry = out.fields.entry(field.clone()).or_default();
                if !text.trim().is_empty() {
                    entry.push(text);
                }
            }
            Kind::Table if field == fields::DISTRICT_TARGETS.bookmark => {
                for tr in node.children().filter(|n| is(n, "tr")).skip(1) {
                    let cell = tr.children().find(|n| is(n, "tc"))?;
                    let text: String = cell
                        .children()
                        .filter(|n| is(n, "p"))
                        .map(|p| paragraph(p, accept))
                        .collect();
                    out.counts.push(text.trim().to_string());
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// The text a paragraph shows.
fn paragraph(p: Node, accept: bool) -> String {
    let mut raw = String::new();
    for d in p.descendants().filter(|d| d.is_element()) {
        let (gone, font) = run_format(d);
        if gone || changed_away(d, p, accept) {
            continue;
        }
        match d.tag_name().name() {
            "t" | "delText" => {
                for c in d.text().unwrap_or("").chars() {
                    if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                        let code = format!("{:04X}", u32::from(c));
                        raw.extend(symbol(font, &code));
                    } else {
                        raw.push(c);
                    }
                }
            }
            "tab" => raw.push('\t'),
            "br" if matches!(wattr(&d, "type"), None | Some("textWrapping")) => raw.push('\n'),
            "sym" => raw.extend(symbol(
                wattr(&d, "font").unwrap_or(""),
                wattr(&d, "char").unwrap_or(""),
            )),
            _ => {}
        }
    }
    let lines: Vec<&str> = raw.split('\n').map(|l| l.trim_matches(' ')).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// Is `d` (below `top`) left out of what shows: in a tracked change that
/// is not in the text (with `accept`, deletions; without, insertions)?
fn changed_away(d: Node, top: Node, accept: bool) -> bool {
    d.ancestors().take_while(|a| *a != top).any(|a| {
        let name = a.tag_name().name();
        (accept && matches!(name, "del" | "moveFrom"))
            || (!accept && matches!(name, "ins" | "moveTo"))
    })
}

/// The run formatting of the run `d` lies in: (hidden or struck, font).
fn run_format<'a>(d: Node<'a, 'a>) -> (bool, &'a str) {
    let rpr = d
        .ancestors()
        .find(|a| is(a, "r"))
        .and_then(|r| r.children().find(|c| is(c, "rPr")));
    let gone = rpr.is_some_and(|rpr| {
        rpr.children()
            .any(|f| matches!(f.tag_name().name(), "vanish" | "strike" | "dstrike"))
    });
    let font = rpr
        .and_then(|rpr| rpr.children().find(|c| is(c, "rFonts")))
        .and_then(|f| wattr(&f, "ascii"))
        .unwrap_or("");
    (gone, font)
}

/// Why an import of `xml` must be refused, whatever else: tracked changes
/// not accepted, or shown content the sources cannot hold.
pub fn unheld(xml: &str, accept: bool) -> Option<&'static str> {
    let doc = Document::parse(xml).ok()?;
    let body = doc.root_element().children().find(|n| is(n, "body"))?;
    for d in body.descendants().filter(Node::is_element) {
        let name = d.tag_name().name();
        if !accept && matches!(name, "ins" | "del" | "moveFrom" | "moveTo") {
            return Some("tracked changes not accepted");
        }
        if changed_away(d, body, accept) {
            continue;
        }
        let (gone, font) = run_format(d);
        let why = match name {
            "footnoteReference" | "endnoteReference" => Some("a footnote"),
            "br" if matches!(wattr(&d, "type"), Some("page" | "column")) => Some("a page break"),
            "sym"
                if symbol(
                    wattr(&d, "font").unwrap_or(""),
                    wattr(&d, "char").unwrap_or(""),
                )
                .is_none() =>
            {
                Some("a symbol without a character")
            }
            "t" if gone && !d.text().unwrap_or("").is_empty() => Some("hidden or struck text"),
            "t" if d.text().unwrap_or("").chars().any(|c| {
                ('\u{E000}'..='\u{F8FF}').contains(&c)
                    && symbol(font, &format!("{:04X}", u32::from(c))).is_none()
            }) =>
            {
                Some("a symbol without a character")
            }
            _ => None,
        };
        if why.is_some() {
            return why;
        }
    }
    None
}

/// The words each comment's range covers (comment id → text), as shown.
pub fn anchors(xml: &str, accept: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(doc) = Document::parse(xml) else {
        return out;
    };
    let Some(body) = doc.root_element().children().find(|n| is(n, "body")) else {
        return out;
    };
    let mut open: Vec<String> = Vec::new();
    for d in body.descendants().filter(Node::is_element) {
        match d.tag_name().name() {
            "commentRangeStart" => {
                let id = wattr(&d, "id").unwrap_or("").to_string();
                out.insert(id.clone(), String::new());
                open.push(id);
            }
            "commentRangeEnd" => open.retain(|i| Some(i.as_str()) != wattr(&d, "id")),
            "t" | "tab" | "sym" if !changed_away(d, body, accept) && !run_format(d).0 => {
                let text = match d.tag_name().name() {
                    "t" => d.text().unwrap_or("").to_string(),
                    "tab" => "\t".into(),
                    _ => symbol(
                        wattr(&d, "font").unwrap_or(""),
                        wattr(&d, "char").unwrap_or(""),
                    )
                    .map(String::from)
                    .unwrap_or_default(),
                };
                for id in &open {
                    out.entry(id.clone()).or_default().push_str(&text);
                }
            }
            _ => {}
        }
    }
    out
}

/// Escapes text for XML character data.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Undoes the escapes the DOCX writer makes.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The byte ranges of the contents of the `w:t` elements in `xml`.
pub fn texts(xml: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = xml[from..].find("<w:t") {
        let at = from + i + 4;
        from = at;
        if !matches!(xml.as_bytes().get(at), Some(b'>' | b' ')) {
            continue;
        }
        let Some(open_end) = xml[at..].find('>') else {
            break;
        };
        let start = at + open_end + 1;
        if xml[..start].ends_with("/>") {
            continue;
        }
        let Some(len) = xml[start..].find("</w:t>") else {
            break;
        };
        out.push((start, start + len));
        from = start + len;
    }
    out
}

/// The byte ranges of the runs (`<w:r>` … `</w:r>`) in `xml`.
pub fn runs(xml: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = xml[from..].find("<w:r") {
        let at = from + i;
        from = at + 4;
        if !matches!(xml.as_bytes().get(at + 4), Some(b'>' | b' ')) {
            continue;
        }
        let Some(len) = xml[at..].find("</w:r>") else {
            break;
        };
        out.push((at, at + len + "</w:r>".len()));
        from = at + len;
    }
    out
}

/// Text a person might type: words, and plain text that looks like markup.
const WORDS: [&str; 34] = [
    "nieuw",
    "tekst",
    "2023.",
    "1.",
    "3)",
    "-",
    "+",
    "#",
    ">",
    "*",
    "**",
    "_",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "&",
    "<b>",
    "`",
    "~~~",
    "===",
    "---",
    "https://x.nl",
    "ĳ",
    "—",
    "“aan”",
    "  ",
    "\u{a0}",
    "a*b",
    "1.5",
    "100%",
    "\t",
    "&amp;",
];

/// What a series of edits made, and what the import must do with it.
pub struct Edited {
    /// The edited document.xml.
    pub xml: String,
    /// Its blocks, with the field each edit put them in.
    pub parts: Parts,
    /// Why the import must refuse, when it must.
    pub must_refuse: Option<&'static str>,
    /// A comments part to add, when comments were made.
    pub comments: Option<String>,
    /// Row (from 0) of the targets table → the count the re-export shows
    /// (None: what was typed last is ambiguous, the import must refuse).
    pub counts: BTreeMap<usize, Option<String>>,
}

/// Counts typed in a count cell and what the re-export shows (None: the
/// import must refuse).
const COUNTS: [(&str, Option<&str>); 14] = [
    ("1.5", None),
    ("1,5", None),
    ("1,500", None),
    ("1.50", None),
    ("-3", None),
    ("veel", None),
    ("1.500", Some("1.500")),
    ("1500", Some("1.500")),
    ("1 500", Some("1.500")),
    ("15", Some("15")),
    ("0", Some("0")),
    ("12.345.678", Some("12.345.678")),
    ("—", Some("—")),
    ("", Some("—")),
];

fn typed(c: &mut Choices) -> String {
    let n = 1 + c.below(3);
    let sep = if c.flag() { " " } else { "" };
    (0..n)
        .map(|_| WORDS[c.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(sep)
}

fn must_refuse_because(e: &mut Edited, why: &'static str) {
    e.must_refuse.get_or_insert(why);
}

/// Applies the edits the input chooses to the document.xml `xml`.
pub fn edit(xml: &str, c: &mut Choices, accept: bool) -> Option<Edited> {
    let mut parts = parts(xml)?;
    let mut e = Edited {
        xml: String::new(),
        parts: Parts {
            head: String::new(),
            blocks: Vec::new(),
            tail: String::new(),
        },
        must_refuse: None,
        comments: None,
        counts: BTreeMap::new(),
    };
    let tables = parts.table_fields();
    let prose =
        |b: &Block| b.kind == Kind::Para && b.field.as_ref().is_some_and(|f| !tables.contains(f));
    let mut comments = Vec::new();
    let mut id = 900;
    for _ in 0..1 + c.below(5) {
        if !c.left() {
            break;
        }
        id += 1;
        let candidates: Vec<usize> = (0..parts.blocks.len())
            .filter(|&i| prose(&parts.blocks[i]))
            .collect();
        let pick = candidates.get(c.below(candidates.len())).copied();
        match c.below(9) {
            // Change the text of a run.
            0 => {
                let Some(i) = pick else { continue };
                let xml = &mut parts.blocks[i].xml;
                let ts = texts(xml);
                let Some(&(a, b)) = ts.get(c.below(ts.len())) else {
                    continue;
                };
                xml.replace_range(a..b, &escape(&typed(c)));
            }
            // Split a run in two.
            1 => {
                let Some(i) = pick else { continue };
                let xml = &mut parts.blocks[i].xml;
                let ts = texts(xml);
                let Some(&(a, b)) = ts.get(c.below(ts.len())) else {
                    continue;
                };
                let text = unescape(&xml[a..b]);
                let chars: Vec<char> = text.chars().collect();
                if chars.len() < 2 {
                    continue;
                }
                let at = 1 + c.below(chars.len() - 1);
                let (x, y): (String, String) =
                    (chars[..at].iter().collect(), chars[at..].iter().collect());
                let run_start = xml[..a].rfind("<w:r>").unwrap_or(0);
                let rpr = xml[run_start..a]
                    .find("<w:rPr>")
                    .and_then(|s| {
                        let s = run_start + s;
                        xml[s..a]
                            .find("</w:rPr>")
                            .map(|l| xml[s..s + l + 8].to_string())
                    })
                    .unwrap_or_default();
                let split = format!(
                    "{}</w:t></w:r><w:r>{rpr}<w:t xml:space=\"preserve\">{}",
                    escape(&x),
                    escape(&y)
                );
                xml.replace_range(a..b, &split);
            }
            // A new run, of one kind or another.
            2 | 3 => {
                let Some(i) = pick else { continue };
                let run = new_run(c, id, &mut comments);
                let xml = &mut parts.blocks[i].xml;
                let mut places: Vec<usize> = runs(xml).iter().map(|r| r.1).collect();
                places.extend(xml.rfind("</w:p>"));
                let Some(&at) = places.get(c.below(places.len())) else {
                    continue;
                };
                xml.insert_str(at, &run);
            }
            // Delete a run as a tracked change.
            4 => {
                let Some(i) = pick else { continue };
                let xml = &mut parts.blocks[i].xml;
                let rs: Vec<(usize, usize)> = runs(xml)
                    .into_iter()
                    .filter(|&(a, _)| {
                        !xml[..a].contains("<w:del ") && !xml[..a].contains("<w:ins ")
                    })
                    .collect();
                let Some(&(a, b)) = rs.get(c.below(rs.len())) else {
                    continue;
                };
                let run = xml[a..b]
                    .replace("<w:t>", "<w:delText>")
                    .replace(
                        "<w:t xml:space=\"preserve\">",
                        "<w:delText xml:space=\"preserve\">",
                    )
                    .replace("</w:t>", "</w:delText>");
                let del = format!(
                    "<w:del w:id=\"{id}\" w:author=\"Fuzz\" w:date=\"2025-01-01T00:00:00Z\">{run}</w:del>"
                );
                xml.replace_range(a..b, &del);
            }
            // A new paragraph after a block.
            5 | 6 => {
                // Mostly in a field, sometimes anywhere (before the
                // section properties that end the body).
                let last = parts.blocks.len().saturating_sub(1);
                let i = match pick {
                    Some(i) if c.flag() => i,
                    _ => c.below(last),
                };
                let text = typed(c);
                let before = &parts.blocks[i];
                let style = before
                    .xml
                    .find("<w:pStyle w:val=\"")
                    .filter(|_| before.kind == Kind::Para)
                    .and_then(|s| {
                        let rest = &before.xml[s + 17..];
                        rest.find('"').map(|l| rest[..l].to_string())
                    })
                    .unwrap_or_else(|| "Normal".into());
                let num = match c.below(3) {
                    0 => format!(
                        "<w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"2\"/></w:numPr>",
                        c.below(6)
                    ),
                    _ => String::new(),
                };
                // Typed in the instruction block, it takes the block's
                // style, and the import ignores it with the block.
                let ignored = crate::render::docx::IGNORED_STYLES.contains(&style.as_str());
                let field = if prose(before) {
                    before.field.clone()
                } else {
                    if !ignored && !text.trim().is_empty() {
                        must_refuse_because(
                            &mut e,
                            if before.kind == Kind::Table || before.ends_table_field {
                                "text right after a table"
                            } else {
                                "text outside a field"
                            },
                        );
                    }
                    None
                };
                let xml = format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{num}</w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    escape(&text)
                );
                parts.blocks.insert(
                    i + 1,
                    Block {
                        xml,
                        kind: Kind::Para,
                        field,
                        ends_table_field: false,
                    },
                );
            }
            // Remove a paragraph (one without bookmarks).
            7 => {
                let Some(i) = pick else { continue };
                if !parts.blocks[i].xml.contains("bookmark") {
                    parts.blocks.remove(i);
                }
            }
            // Indent a paragraph (or make it a list item), or type a count.
            _ => {
                if c.flag() {
                    let Some(i) = pick else { continue };
                    let level = c.below(6);
                    let xml = &mut parts.blocks[i].xml;
                    if let Some(s) = xml.find("<w:ilvl w:val=\"") {
                        let end = s + xml[s..].find("/>").unwrap_or(0) + 2;
                        xml.replace_range(s..end, &format!("<w:ilvl w:val=\"{level}\"/>"));
                    } else if let Some(s) = xml.find("</w:pPr>") {
                        xml.insert_str(
                            s,
                            &format!(
                                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"2\"/></w:numPr>"
                            ),
                        );
                    }
                } else {
                    count(&mut parts, c, &mut e);
                }
            }
        }
    }
    if !comments.is_empty() {
        e.comments = Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"{W}\">{}</w:comments>",
            comments.concat()
        ));
    }
    e.xml = parts.xml();
    e.parts = parts;
    if e.counts.values().any(Option::is_none) {
        must_refuse_because(&mut e, "an ambiguous count");
    }
    if let Some(why) = unheld(&e.xml, accept) {
        must_refuse_because(&mut e, why);
    }
    Some(e)
}

/// A new run: text (plain, bold or italic), a tab, a line or page break,
/// a symbol, hidden or struck text, a footnote or endnote, a tracked
/// insertion, or text with a comment.
fn new_run(c: &mut Choices, id: usize, comments: &mut Vec<String>) -> String {
    let t = |s: &str| format!("<w:t xml:space=\"preserve\">{}</w:t>", escape(s));
    let text = typed(c);
    match c.below(12) {
        0 => format!("<w:r>{}</w:r>", t(&text)),
        1 => format!("<w:r><w:rPr><w:b/></w:rPr>{}</w:r>", t(&text)),
        2 => "<w:r><w:tab/></w:r>".into(),
        3 => format!("<w:r><w:br/>{}</w:r>", t(&text)),
        4 => "<w:r><w:br w:type=\"page\"/></w:r>".into(),
        5 => {
            let (font, code, _) = SYMBOLS[c.below(SYMBOLS.len())];
            if c.flag() {
                format!("<w:r><w:sym w:font=\"{font}\" w:char=\"{code}\"/></w:r>")
            } else {
                let pua = u32::from_str_radix(code, 16).ok().and_then(char::from_u32);
                let pua = pua.filter(|p| ('\u{E000}'..='\u{F8FF}').contains(p));
                let Some(p) = pua else {
                    return format!("<w:r><w:sym w:font=\"{font}\" w:char=\"{code}\"/></w:r>");
                };
                format!(
                    "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"/></w:rPr>{}</w:r>",
                    t(&p.to_string())
                )
            }
        }
        6 => format!("<w:r><w:rPr><w:vanish/></w:rPr>{}</w:r>", t(&text)),
        7 => {
            let strike = if c.flag() { "strike" } else { "dstrike" };
            format!("<w:r><w:rPr><w:{strike}/></w:rPr>{}</w:r>", t(&text))
        }
        8 => {
            let note = if c.flag() { "footnote" } else { "endnote" };
            format!("<w:r><w:{note}Reference w:id=\"{id}\"/></w:r>")
        }
        9 | 10 => format!(
            "<w:ins w:id=\"{id}\" w:author=\"Fuzz\" w:date=\"2025-01-01T00:00:00Z\"><w:r>{}</w:r></w:ins>",
            t(&text)
        ),
        _ => {
            let words = typed(c).replace('\t', " ");
            let note = format!("opmerking {id}");
            comments.push(format!(
                "<w:comment w:id=\"{id}\" w:author=\"Fuzz\"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:comment>"
            ));
            format!(
                "<w:commentRangeStart w:id=\"{id}\"/><w:r>{}</w:r><w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>",
                t(&words)
            )
        }
    }
}

/// Types a count in a row of the targets table.
fn count(parts: &mut Parts, c: &mut Choices, e: &mut Edited) {
    let Some(table) = parts.blocks.iter_mut().find(|b| {
        b.kind == Kind::Table && b.field.as_deref() == Some(fields::DISTRICT_TARGETS.bookmark)
    }) else {
        return;
    };
    let rows: Vec<usize> = table.xml.match_indices("<w:tr>").map(|(i, _)| i).collect();
    if rows.len() < 2 {
        return;
    }
    let row = 1 + c.below(rows.len() - 1);
    let at = rows[row];
    let Some(&(a, b)) = texts(&table.xml[at..]).first() else {
        return;
    };
    let (value, shows) = COUNTS[c.below(COUNTS.len())];
    table.xml.replace_range(at + a..at + b, &escape(value));
    e.counts.insert(row - 1, shows.map(str::to_string));
}
