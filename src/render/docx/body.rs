//! The document body under construction: paragraphs and tables in order,
//! the field bookmarks around them, the list numbering instances, and what
//! the patch step must add to each table (docx-rs cannot say it).

use docx_rs::{
    AbstractNumbering, BookmarkEnd, BookmarkStart, Docx, IndentLevel, Level, LevelJc,
    LevelOverride, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, Paragraph,
    ParagraphChild, Run, SpecialIndentType, Start, Table,
};

use std::collections::BTreeMap;

use super::patch::{Media, PictureFix, TableFix};
use super::styles::{House, list_indent};
use super::xml::xml_char;
use crate::source::images::ImageFile;

/// One child of the body being written (the importer's is `import::document::Item`).
#[derive(Debug)]
pub enum BodyChild {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
    /// A bookmark start between blocks (before a table).
    BookmarkStart(usize, String),
    /// A bookmark end between blocks (after a table).
    BookmarkEnd(usize),
}

/// `w:abstractNum` / `w:num` ids. docx-rs writes id 1 itself.
pub const BULLETS: usize = 2;
const ABSTRACT_BULLETS: usize = 2;
const ABSTRACT_ORDERED: usize = 3;

/// Bookmark names Word accepts: at most 40 characters.
pub const MAX_BOOKMARK: usize = 40;

/// The document body under construction (the writer's; what the importer
/// reads back is `import::document::Body`).
#[derive(Debug)]
pub struct Composer<'a> {
    pub house: House,
    /// The checked images, by path under the sources folder.
    pub images: &'a BTreeMap<String, ImageFile>,
    /// The distinct images written, in order of first appearance.
    pub media: Vec<Media>,
    /// What the patch step adds to each picture, in document order.
    pub pictures: Vec<PictureFix>,
    /// The results' charts as images, in the view's order (the whole
    /// plan's, when typst drew them; else none: the tables carry them).
    pub charts: &'a [super::figures::ChartImage],
    /// Figures whose image is not among `images`.
    pub missing_images: Vec<String>,
    pub items: Vec<BodyChild>,
    pub tables: Vec<TableFix>,
    /// Numbering instances for ordered lists (ids from 3 up; 2 is the bullets).
    pub numberings: Vec<Numbering>,
    /// Prefix of field bookmarks: `d1_`, `t2_` or empty in a section document.
    pub prefix: String,
    /// Bookmark names used, to keep them unique.
    pub bookmarks: Vec<String>,
    /// Heading level of the section's title (1 in a section document, 2 in the plan).
    pub level: usize,
    /// Whole plan: internal links between parts work.
    pub whole: bool,
    /// A section break just started a page (the next heading need not).
    pub fresh_page: bool,
    /// The cover's section (with its empty first-page header) is closed.
    pub title_page_done: bool,
    /// The headings the contents list, as written: (level, text, bookmark).
    pub contents: Vec<(usize, String, String)>,
    /// What changed since an earlier version (`build --since`): written
    /// as revisions (`revisions`).
    pub marks: Option<&'a crate::render::marks::Marks>,
    /// The anchor of the view part being written (`district-<id>`), where
    /// its marks are found.
    pub part: String,
    /// The identity of each row of the table written last (`tables`), by
    /// which `revisions::table` pairs it with the earlier version's.
    pub row_keys: Vec<String>,
}

impl<'a> Composer<'a> {
    pub fn new(house: House, whole: bool, images: &'a BTreeMap<String, ImageFile>) -> Self {
        Composer {
            house,
            images,
            media: Vec::new(),
            pictures: Vec::new(),
            charts: &[],
            missing_images: Vec::new(),
            items: Vec::new(),
            tables: Vec::new(),
            numberings: Vec::new(),
            prefix: String::new(),
            bookmarks: Vec::new(),
            level: if whole { 2 } else { 1 },
            whole,
            fresh_page: false,
            title_page_done: false,
            contents: Vec::new(),
            marks: None,
            part: String::new(),
            row_keys: Vec::new(),
        }
    }

    /// The steps of the rich-text field at `pointer` of the part being
    /// written, with the revisions' date, when it changed.
    pub fn steps(&self, pointer: &str) -> Option<(&'a [crate::render::marks::Step], &'a str)> {
        let marks = self.marks?;
        Some((marks.rich(&self.part, pointer)?, marks.date.as_str()))
    }

    /// The old text of the place at `pointer` of the part being written
    /// (empty when it had none), with the revisions' date, when it
    /// changed and the part is not new (a new part is inserted whole).
    pub fn was(&self, pointer: &str) -> Option<(String, &'a str)> {
        let marks = self.marks?;
        let part = marks.part(&self.part).filter(|p| !p.added)?;
        let old = part.places.get(pointer)?;
        Some((old.clone().unwrap_or_default(), marks.date.as_str()))
    }

    pub fn paragraph(&mut self, p: Paragraph) {
        self.items.push(BodyChild::Paragraph(Box::new(p)));
    }

    pub fn table(&mut self, t: Table, fix: TableFix) {
        self.items.push(BodyChild::Table(Box::new(t)));
        self.tables.push(fix);
    }

    /// A fresh bookmark id (ids start at 1 in every document).
    fn bookmark_id(&mut self, name: String) -> usize {
        debug_assert!(valid_bookmark(&name), "bookmark name {name}");
        debug_assert!(!self.bookmarks.contains(&name), "duplicate bookmark {name}");
        self.bookmarks.push(name);
        self.bookmarks.len()
    }

    /// Wraps what `f` writes in the bookmark `<prefix><name>`: the start
    /// before the first paragraph's content, the end after the last's (or
    /// around a table, between blocks). Writes no bookmark when `f` wrote nothing.
    pub fn field(&mut self, name: &str, f: impl FnOnce(&mut Composer<'a>)) {
        let first = self.items.len();
        f(self);
        if self.items.len() == first {
            return;
        }
        let name = format!("{}{name}", self.prefix);
        let id = self.bookmark_id(name.clone());
        match &mut self.items[first] {
            BodyChild::Paragraph(p) => p.children.insert(
                0,
                ParagraphChild::BookmarkStart(BookmarkStart::new(id, name)),
            ),
            _ => self.items.insert(first, BodyChild::BookmarkStart(id, name)),
        }
        match self.items.last_mut() {
            Some(BodyChild::Paragraph(p)) => p
                .children
                .push(ParagraphChild::BookmarkEnd(BookmarkEnd::new(id))),
            _ => self.items.push(BodyChild::BookmarkEnd(id)),
        }
    }

    /// A paragraph with a bookmark around its content (a link target).
    pub fn anchored(&mut self, p: Paragraph, name: &str) -> Paragraph {
        let id = self.bookmark_id(name.to_string());
        let mut p = p;
        p.children.insert(
            0,
            ParagraphChild::BookmarkStart(BookmarkStart::new(id, name)),
        );
        p.add_bookmark_end(id)
    }

    /// Ends a list: its last paragraph gets the style's spacing after again
    /// (list items are set closer together, see `numbered`).
    pub fn end_list(&mut self) {
        if let Some(BodyChild::Paragraph(p)) = self.items.last_mut() {
            p.property.line_spacing = None;
        }
    }

    /// A numbering instance for an ordered list at `level` that starts at `start`.
    pub fn ordered(&mut self, start: u64, level: usize) -> usize {
        let id = ABSTRACT_ORDERED + self.numberings.len();
        self.numberings.push(
            Numbering::new(id, ABSTRACT_ORDERED)
                .add_override(LevelOverride::new(level).start(start as usize)),
        );
        id
    }

    /// Moves the body, numbering and all, into `docx`.
    pub fn into_docx(self, mut docx: Docx) -> Docx {
        for a in abstract_numberings() {
            docx = docx.add_abstract_numbering(a);
        }
        docx = docx.add_numbering(Numbering::new(BULLETS, ABSTRACT_BULLETS));
        for n in self.numberings {
            docx = docx.add_numbering(n);
        }
        for item in self.items {
            docx = match item {
                BodyChild::Paragraph(p) => docx.add_paragraph(*p),
                BodyChild::Table(t) => docx.add_table(*t),
                BodyChild::BookmarkStart(id, name) => docx.add_bookmark_start(id, name),
                BodyChild::BookmarkEnd(id) => docx.add_bookmark_end(id),
            };
        }
        docx
    }
}

/// Space after a list item, in twips: items sit closer than paragraphs.
pub const LIST_GAP: u32 = 60;

/// A paragraph in a list: numbered with `num` at `level`.
pub fn numbered(p: Paragraph, num: usize, level: usize) -> Paragraph {
    p.numbering(NumberingId::new(num), IndentLevel::new(level))
        .line_spacing(LineSpacing::new().after(LIST_GAP))
}

/// A run of plain text; a tab is written as Word's tab (`w:tab`), which
/// the importer reads back as a tab. Characters XML 1.0 cannot carry (most
/// control characters, which a TOML escape can produce) are left out: one
/// would make the whole document unreadable.
pub fn text(s: &str) -> Run {
    let s: std::borrow::Cow<str> = if s.chars().all(xml_char) {
        s.into()
    } else {
        s.chars()
            .filter(|c| xml_char(*c))
            .collect::<String>()
            .into()
    };
    if !s.contains('\t') {
        return Run::new().add_text(s);
    }
    let mut run = Run::new();
    for (i, part) in s.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !part.is_empty() {
            run = run.add_text(part);
        }
    }
    run
}

/// Word's rule for bookmark names: a letter first, then letters, digits and
/// underscores, at most 40 characters.
pub fn valid_bookmark(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= MAX_BOOKMARK
}

/// The two list definitions: bullets (•, –, ▪) and numbers (1., a., i.).
fn abstract_numberings() -> [AbstractNumbering; 2] {
    let level = |i: usize, fmt: &str, text: &str| {
        let (left, hanging) = list_indent(i);
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(fmt),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(left),
            Some(SpecialIndentType::Hanging(hanging)),
            None,
            None,
        )
    };
    let mut bullets = AbstractNumbering::new(ABSTRACT_BULLETS);
    let mut ordered = AbstractNumbering::new(ABSTRACT_ORDERED);
    for i in 0..9 {
        bullets = bullets.add_level(level(i, "bullet", ["•", "–", "▪"][i % 3]));
        let (fmt, text) = match i % 3 {
            0 => ("decimal", format!("%{}.", i + 1)),
            1 => ("lowerLetter", format!("%{}.", i + 1)),
            _ => ("lowerRoman", format!("%{}.", i + 1)),
        };
        ordered = ordered.add_level(level(i, fmt, &text));
    }
    [bullets, ordered]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_leaves_out_what_xml_cannot_carry() {
        let mut d = docx_rs::Docx::new()
            .add_paragraph(Paragraph::new().add_run(text("a\u{0B}b\u{0}c & <d>\u{FFFF}")))
            .build();
        let xml = String::from_utf8(std::mem::take(&mut d.document)).unwrap();
        assert!(xml.contains(">abc &amp; &lt;d&gt;</w:t>"), "{xml}");
    }

    #[test]
    fn bookmark_names() {
        use super::super::fields;
        assert!(valid_bookmark(&format!(
            "d1_{}",
            fields::DISTRICT_LOOKBACK.name(None)
        )));
        assert!(valid_bookmark(&fields::THEME_IN_DISTRICT.name(Some(11))));
        assert!(!valid_bookmark("1_f"));
        assert!(!valid_bookmark("f-x"));
        assert!(!valid_bookmark(&"a".repeat(41)));
    }
}
