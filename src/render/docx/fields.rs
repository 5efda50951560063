//! The contract between the DOCX export of a section and its import: one
//! table, [`FIELDS`], with a row per field a district or theme document
//! carries: its bookmark, the style of its text, where its value lives in
//! the section's source file, and what kind of content it holds. The writer
//! (`content.rs`) writes the fields by these rows, the importer
//! (`import::map`, `import::document`) recognises and maps bookmarks by
//! them, and the tests compare a fresh export with [`instances`].
//!
//! [`FORMAT_VERSION`] is the version of this contract, recorded in every
//! export (custom property [`PROP_FORMAT`]) and checked on import: change
//! it when a row changes or the importer would read an older export
//! differently.

use super::styles::{NORMAL, TABELTEKST, TERUGBLIK, VOORUITBLIK};
use crate::render::view::View;
use crate::source::write::Seg;

/// The version of the export's fields and structure that this tool writes
/// and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The custom document property holding [`FORMAT_VERSION`].
pub const PROP_FORMAT: &str = "uitvoeringsplan.formaat";

/// What every field bookmark begins with (in a whole-plan export after the
/// section's prefix, `d1_` or `t2_`).
const PREFIX: &str = "f_";

/// The kind of section a field belongs to, and so its source folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `sources/districten/<id>.toml`
    District,
    /// `sources/themas/<id>.toml`
    Theme,
}

/// What a field holds, which decides how it is written and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Rich text (Markdown in the source), in paragraphs of the field's
    /// style (quotes and lists in theirs).
    Prose,
    /// A theme's goals: one numbered paragraph per goal, an array of
    /// one-line texts in the source.
    Goals,
    /// A district's targets table: the count of each `doel` can change.
    Targets,
    /// A district's partner × theme matrix: each row's `ja` and `nee`.
    Matrix,
}

/// How many of a field a section has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// One, always there in a section document (empty when the source is).
    Once,
    /// One when the section has it (targets, a matrix, goals, the
    /// "in de districten" part); none otherwise.
    IfAny,
    /// One per item, numbered from 1 in the bookmark (`f_thema_1`): per
    /// theme of a district, per paragraph of a theme, per district of a
    /// theme's "in de districten".
    PerItem,
}

/// One row of the table: a field of a section document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub section: Section,
    /// The bookmark (`f_terugblik`); for a field per item its stem, to
    /// which the item's number is added (`f_thema_` → `f_thema_1`).
    pub bookmark: &'static str,
    pub repeat: Repeat,
    /// The paragraph style of the field's text (of a table's cells).
    pub style: &'static str,
    /// Where the value lives in the section's file, as a key path: `[]` is
    /// the item's index, `<district>` the id of the item's district.
    pub key: &'static str,
    pub content: Content,
}

pub const DISTRICT_LOOKBACK: Spec = Spec {
    section: Section::District,
    bookmark: "f_terugblik",
    repeat: Repeat::Once,
    style: TERUGBLIK,
    key: "terugblik",
    content: Content::Prose,
};
pub const DISTRICT_OUTLOOK: Spec = Spec {
    section: Section::District,
    bookmark: "f_vooruitblik",
    repeat: Repeat::Once,
    style: VOORUITBLIK,
    key: "vooruitblik",
    content: Content::Prose,
};
pub const DISTRICT_TARGETS: Spec = Spec {
    section: Section::District,
    bookmark: "f_doelen",
    repeat: Repeat::IfAny,
    style: TABELTEKST,
    key: "doel",
    content: Content::Targets,
};
pub const DISTRICT_MATRIX: Spec = Spec {
    section: Section::District,
    bookmark: "f_matrix",
    repeat: Repeat::IfAny,
    style: TABELTEKST,
    key: "matrix.rij",
    content: Content::Matrix,
};
pub const DISTRICT_THEME: Spec = Spec {
    section: Section::District,
    bookmark: "f_thema_",
    repeat: Repeat::PerItem,
    style: NORMAL,
    key: "thema[].tekst",
    content: Content::Prose,
};
pub const THEME_INTRO: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_inleiding",
    repeat: Repeat::Once,
    style: NORMAL,
    key: "inleiding",
    content: Content::Prose,
};
pub const THEME_LOOKBACK: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_terugblik",
    repeat: Repeat::Once,
    style: TERUGBLIK,
    key: "terugblik",
    content: Content::Prose,
};
pub const THEME_OUTLOOK: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_vooruitblik",
    repeat: Repeat::Once,
    style: VOORUITBLIK,
    key: "vooruitblik",
    content: Content::Prose,
};
pub const THEME_GOALS: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_doelen",
    repeat: Repeat::IfAny,
    style: NORMAL,
    key: "doelen",
    content: Content::Goals,
};
pub const THEME_PARAGRAPH: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_paragraaf_",
    repeat: Repeat::PerItem,
    style: NORMAL,
    key: "paragraaf[].tekst",
    content: Content::Prose,
};
pub const THEME_IN_DISTRICTS_INTRO: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_idd_inleiding",
    repeat: Repeat::IfAny,
    style: NORMAL,
    key: "in_de_districten.inleiding",
    content: Content::Prose,
};
pub const THEME_IN_DISTRICT: Spec = Spec {
    section: Section::Theme,
    bookmark: "f_idd_",
    repeat: Repeat::PerItem,
    style: NORMAL,
    key: "in_de_districten.per_district.<district>",
    content: Content::Prose,
};

/// Every field of a section document, in the order the document has them.
pub const FIELDS: &[Spec] = &[
    DISTRICT_LOOKBACK,
    DISTRICT_OUTLOOK,
    DISTRICT_TARGETS,
    DISTRICT_MATRIX,
    DISTRICT_THEME,
    THEME_INTRO,
    THEME_LOOKBACK,
    THEME_OUTLOOK,
    THEME_GOALS,
    THEME_PARAGRAPH,
    THEME_IN_DISTRICTS_INTRO,
    THEME_IN_DISTRICT,
];

impl Spec {
    /// The bookmark of the field, or of its `n`-th item (from 0).
    pub fn name(&self, n: Option<usize>) -> String {
        match n {
            Some(n) if self.repeat == Repeat::PerItem => format!("{}{}", self.bookmark, n + 1),
            _ => self.bookmark.to_string(),
        }
    }

    /// The key path of the value, for item `n` (from 0) of district
    /// `district` where the key has `[]` or `<district>`.
    pub fn path(&self, n: Option<usize>, district: Option<&str>) -> Vec<Seg> {
        let mut out = Vec::new();
        for part in self.key.split('.') {
            match part.strip_suffix("[]") {
                Some(key) => {
                    out.push(Seg::Key(key.to_string()));
                    out.push(Seg::Index(n.unwrap_or(0)));
                }
                None if part == "<district>" => {
                    out.push(Seg::Key(district.unwrap_or_default().to_string()))
                }
                None => out.push(Seg::Key(part.to_string())),
            }
        }
        out
    }
}

/// A field as one section document carries it: its row, its bookmark and
/// the key path of its value in the section's file.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub spec: &'static Spec,
    pub name: String,
    pub path: Vec<Seg>,
}

/// Every field the document of section `id` (a district or a theme)
/// carries, in document order; none for an unknown id.
pub fn instances(view: &View, id: &str) -> Vec<Instance> {
    let one = |spec: &'static Spec| Instance {
        spec,
        name: spec.name(None),
        path: spec.path(None, None),
    };
    let item = |spec: &'static Spec, n: usize, district: Option<&str>| Instance {
        spec,
        name: spec.name(Some(n)),
        path: spec.path(Some(n), district),
    };
    let mut out = Vec::new();
    if let Some(d) = view.districts.iter().find(|d| d.id == id) {
        out.push(one(&DISTRICT_LOOKBACK));
        out.push(one(&DISTRICT_OUTLOOK));
        if !d.targets.is_empty() {
            out.push(one(&DISTRICT_TARGETS));
        }
        if d.matrix.is_some() {
            out.push(one(&DISTRICT_MATRIX));
        }
        out.extend((0..d.themes.len()).map(|n| item(&DISTRICT_THEME, n, None)));
    } else if let Some(t) = view.themes.iter().find(|t| t.id == id) {
        out.push(one(&THEME_INTRO));
        out.push(one(&THEME_LOOKBACK));
        out.push(one(&THEME_OUTLOOK));
        if !t.goals.is_empty() {
            out.push(one(&THEME_GOALS));
        }
        out.extend((0..t.sections.len()).map(|n| item(&THEME_PARAGRAPH, n, None)));
        if let Some(ind) = &t.in_districts {
            out.push(one(&THEME_IN_DISTRICTS_INTRO));
            for (n, x) in ind.districts.iter().enumerate() {
                let district = x.anchor.strip_prefix("district-").unwrap_or(&x.anchor);
                out.push(item(&THEME_IN_DISTRICT, n, Some(district)));
            }
        }
    }
    out
}

/// The row a bookmark of a section document belongs to, in a section of
/// kind `section`, or `None` when the bookmark is not a field's there.
pub fn spec_in(section: Section, name: &str) -> Option<&'static Spec> {
    FIELDS
        .iter()
        .filter(|s| s.section == section)
        .find(|s| s.matches(name))
}

/// The row a bookmark of a section document belongs to (in either kind of
/// section: a district's first), or `None` when the bookmark is not a
/// field's (a heading's anchor, Word's `_GoBack`, one an editor added).
pub fn spec_of(name: &str) -> Option<&'static Spec> {
    if !name.starts_with(PREFIX) {
        return None;
    }
    FIELDS.iter().find(|s| s.matches(name))
}

impl Spec {
    /// True when `name` is this field's bookmark (or one of its items').
    fn matches(&self, name: &str) -> bool {
        match self.repeat {
            Repeat::PerItem => name.strip_prefix(self.bookmark).is_some_and(|n| {
                !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
            }),
            _ => name == self.bookmark,
        }
    }
}

/// True for the bookmark of a field, in a section document (`f_terugblik`)
/// or with a whole plan's section prefix (`d1_f_terugblik`).
pub fn is_field(name: &str) -> bool {
    spec_of(name).is_some()
        || name
            .split_once('_')
            .filter(|(section, _)| {
                section.len() > 1
                    && matches!(section.as_bytes()[0], b'd' | b't')
                    && section[1..].bytes().all(|b| b.is_ascii_digit())
            })
            .is_some_and(|(_, rest)| spec_of(rest).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_are_consistent() {
        for s in FIELDS {
            assert!(s.bookmark.starts_with(PREFIX), "{s:?}");
            assert_eq!(
                s.repeat == Repeat::PerItem,
                s.bookmark.ends_with('_'),
                "a numbered field's stem ends in _: {s:?}"
            );
            assert_eq!(
                s.repeat == Repeat::PerItem,
                s.key.contains("[]") || s.key.contains('<')
            );
            assert!(super::super::body::valid_bookmark(&format!(
                "d12_{}",
                s.name(Some(98))
            )));
        }
        // A bookmark names one kind of content in every section kind.
        for a in FIELDS {
            for b in FIELDS {
                if a.section != b.section && a.bookmark == b.bookmark {
                    assert_eq!(
                        a.content == Content::Prose,
                        b.content == Content::Prose,
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    /// The table as it was when [`FORMAT_VERSION`] was set. A change to a
    /// row fails here: raise the version (older exports are then refused
    /// with a request to export again) and write the new table below.
    #[test]
    fn the_format_version_changes_with_the_table() {
        let table: Vec<String> = FIELDS
            .iter()
            .map(|f| {
                format!(
                    "{:?} {} {:?} {} {} {:?}",
                    f.section, f.bookmark, f.repeat, f.style, f.key, f.content
                )
            })
            .collect();
        assert_eq!(
            FORMAT_VERSION, 1,
            "write the table of the new version below"
        );
        assert_eq!(
            table,
            [
                "District f_terugblik Once Terugblik terugblik Prose",
                "District f_vooruitblik Once Vooruitblik vooruitblik Prose",
                "District f_doelen IfAny Tabeltekst doel Targets",
                "District f_matrix IfAny Tabeltekst matrix.rij Matrix",
                "District f_thema_ PerItem Normal thema[].tekst Prose",
                "Theme f_inleiding Once Normal inleiding Prose",
                "Theme f_terugblik Once Terugblik terugblik Prose",
                "Theme f_vooruitblik Once Vooruitblik vooruitblik Prose",
                "Theme f_doelen IfAny Normal doelen Goals",
                "Theme f_paragraaf_ PerItem Normal paragraaf[].tekst Prose",
                "Theme f_idd_inleiding IfAny Normal in_de_districten.inleiding Prose",
                "Theme f_idd_ PerItem Normal in_de_districten.per_district.<district> Prose",
            ],
            "the field table changed: raise FORMAT_VERSION"
        );
    }

    #[test]
    fn bookmarks_and_paths() {
        assert_eq!(DISTRICT_THEME.name(Some(0)), "f_thema_1");
        assert_eq!(DISTRICT_LOOKBACK.name(None), "f_terugblik");
        let key = |k: &str| Seg::Key(k.into());
        assert_eq!(
            DISTRICT_THEME.path(Some(2), None),
            [key("thema"), Seg::Index(2), key("tekst")]
        );
        assert_eq!(
            THEME_IN_DISTRICT.path(Some(0), Some("noord")),
            [key("in_de_districten"), key("per_district"), key("noord")]
        );
        assert_eq!(spec_of("f_thema_12"), Some(&DISTRICT_THEME));
        assert_eq!(spec_in(Section::Theme, "f_doelen"), Some(&THEME_GOALS));
        assert_eq!(
            spec_in(Section::District, "f_doelen"),
            Some(&DISTRICT_TARGETS)
        );
        assert_eq!(spec_in(Section::Theme, "f_thema_1"), None);
        assert_eq!(spec_of("f_idd_inleiding"), Some(&THEME_IN_DISTRICTS_INTRO));
        assert_eq!(spec_of("f_idd_3"), Some(&THEME_IN_DISTRICT));
        for not in [
            "f_thema_",
            "f_thema_01",
            "f_thema_x",
            "f_x",
            "h_d1",
            "_GoBack",
            "f_terugblik2",
        ] {
            assert_eq!(spec_of(not), None, "{not}");
        }
        assert!(is_field("d1_f_terugblik") && is_field("t12_f_paragraaf_3"));
        assert!(!is_field("x1_f_terugblik") && !is_field("d_f_terugblik") && !is_field("d1_f_x"));
    }
}
