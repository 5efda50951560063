//! What changed between two versions of the plan: the earlier version
//! (`reference`: a folder, or a git revision read from git's object store)
//! and the comparison of the two validated models by identity (`compare`:
//! sections by id, fields by key, rows by their key, matrix cells by
//! partner and column, text word by word with `words`).
//!
//! The result, [`Changes`], is typed and complete: every change has a
//! stable [`Place`] (section, view anchor, key path in the section's
//! source file, DOCX field bookmark, row key, block index), numbers keep
//! their type (formatted only through `format`, by [`Quantity::text`]),
//! and text changes carry their word-level [`words::Piece`]s. Renderers
//! (the change report, `build --since`) read it; nothing here prints.

pub mod compare;
pub mod labels;
pub mod reference;
pub mod report;
pub mod words;

use crate::format;
use crate::model::{Euro, Fte, Mark};
pub use compare::compare;
pub use words::{Piece, PieceKind};

/// Every change between two versions, per section, in the order of the
/// current plan (a removed section where it stood in the earlier one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub sections: Vec<SectionChanges>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The changes of one section, when it has any.
    pub fn section(&self, id: &SectionId) -> Option<&SectionChanges> {
        self.sections.iter().find(|s| &s.section == id)
    }

    /// Every change, with its section.
    pub fn iter(&self) -> impl Iterator<Item = (&SectionChanges, &Change)> {
        self.sections
            .iter()
            .flat_map(|s| s.changes.iter().map(move |c| (s, c)))
    }
}

/// A part of the plan that the comparison treats as one: it has a row in
/// the report's summary and its own heading in the plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionId {
    /// `plan.toml`: the cover, the metadata and the introduction.
    Plan,
    /// `bestuur.toml`.
    Board,
    /// `districten/<id>.toml`.
    District(String),
    /// `themas/<id>.toml`.
    Theme(String),
    /// `organisatie.toml`.
    Organisation,
    /// `begroting.toml`.
    Budget,
    /// `resultaten.toml`.
    Results,
}

impl SectionId {
    /// The section's source file, relative to the sources folder.
    pub fn file(&self) -> String {
        match self {
            SectionId::Plan => "plan.toml".into(),
            SectionId::Board => "bestuur.toml".into(),
            SectionId::District(id) => format!("{}/{id}.toml", crate::source::DISTRICT_DIR),
            SectionId::Theme(id) => format!("{}/{id}.toml", crate::source::THEME_DIR),
            SectionId::Organisation => "organisatie.toml".into(),
            SectionId::Budget => "begroting.toml".into(),
            SectionId::Results => "resultaten.toml".into(),
        }
    }

    /// The anchor of the section's heading in the view (and the label in
    /// the PDF); `None` for the cover.
    pub fn anchor(&self) -> Option<String> {
        match self {
            SectionId::Plan => None,
            SectionId::Board => Some("bestuur".into()),
            SectionId::District(id) => Some(format!("district-{id}")),
            SectionId::Theme(id) => Some(format!("thema-{id}")),
            SectionId::Organisation => Some("organisatie".into()),
            SectionId::Budget => Some("begroting".into()),
            SectionId::Results => Some("resultaten".into()),
        }
    }

    /// The id of a district or theme (what `--section` takes).
    pub fn section_id(&self) -> Option<&str> {
        match self {
            SectionId::District(id) | SectionId::Theme(id) => Some(id),
            _ => None,
        }
    }
}

/// The changes of one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChanges {
    pub section: SectionId,
    /// Its title in the current version (the earlier one when removed).
    pub title: String,
    /// The headings above it in the plan (for a district: the chapter of
    /// the districts), then its title.
    pub heading: Vec<String>,
    pub changes: Vec<Change>,
}

impl SectionChanges {
    /// How many changes of each kind the section has.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for change in &self.changes {
            match change.what.category() {
                Category::Text => c.texts += 1,
                Category::Figure => c.figures += 1,
                Category::Mark => c.marks += 1,
                Category::Structure => c.structure += 1,
                Category::Effect => {}
            }
        }
        c
    }
}

/// The counts of a section's changes, as the summary shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Paragraphs and other texts changed, added or removed.
    pub texts: usize,
    /// Numbers (amounts, FTE, counts, dates, years) and table rows.
    pub figures: usize,
    /// Cells of a partner × theme matrix.
    pub marks: usize,
    /// The section or a part of it added, removed or moved.
    pub structure: usize,
}

/// One change, where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub place: Place,
    pub what: What,
}

/// Where a change sits, stable across runs: enough for the report to put
/// it under its heading, and for `build --since` to find the block of the
/// view and the DOCX field it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The anchor of the nearest part of the view that has one (a
    /// district's theme `district-noord-mensenhandel`, an organisation
    /// part `organisatie-riec`), or of the section; `None` for the cover.
    pub anchor: Option<String>,
    /// The headings inside the section, down to the change
    /// (`["Vooruitblik 2023-2024"]`); empty for the section itself.
    pub heading: Vec<String>,
    /// The key path of the value in the section's source file, with
    /// 0-based indexes of the current version (of the earlier one for
    /// what was removed): `vooruitblik`, `thema[2].tekst`, `doel[1].aantal`.
    pub key: String,
    /// The bookmark of the field in a section DOCX, from
    /// `render::docx::fields` (`f_vooruitblik`, `f_thema_3`, `f_matrix`),
    /// where the value is one.
    pub field: Option<String>,
    /// The key of the table row: a budget function (`groep / functie`), a
    /// result measure's number and row, a partner, a target's description.
    pub row: Option<String>,
    /// For rich text: the index of the top-level block (paragraph, list,
    /// quote) in the field's text, in the current version (the earlier
    /// one for a removed paragraph), as the view holds it.
    pub block: Option<usize>,
    /// True when the place is in the earlier version only (removed).
    pub removed: bool,
}

/// What kind of change, and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A section, or a part of one (a district's theme, a theme's
    /// paragraph, an organisation part), added, removed or moved.
    Part {
        /// What the part is ("thema", "paragraaf", "district").
        label: String,
        event: PartEvent,
    },
    /// A text: a paragraph of rich text, a goal, a title, a single-line
    /// value, added, removed or changed.
    Text {
        /// What the text is (`Vooruitblik 2023-2024`, `titel`, `doelstelling 2`).
        label: String,
        change: TextChange,
        /// The word-level difference (the whole text for an added or
        /// removed one; only kept pieces when only the formatting changed).
        pieces: Vec<Piece>,
    },
    /// A number or date.
    Number {
        label: String,
        old: Quantity,
        new: Quantity,
    },
    /// A row of a table added or removed, with its cells as printed.
    Row {
        /// The table ("begroting", "doelen in cijfers", "matrix").
        table: String,
        added: bool,
        cells: Vec<String>,
    },
    /// A cell of a partner × theme matrix.
    Mark {
        partner: String,
        column: String,
        old: Option<Mark>,
        new: Option<Mark>,
    },
    /// The effect of the changes on a computed total of the budget.
    Total {
        label: String,
        old: Quantity,
        new: Quantity,
    },
    /// A difference between a stated and a computed total that appeared,
    /// went away or changed: `format::difference` of each side.
    Stated {
        label: String,
        old: Option<[String; 3]>,
        new: Option<[String; 3]>,
    },
}

/// What happened to a section or a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEvent {
    Added,
    Removed,
    /// Moved in the order: from position `from` to `to` (1-based).
    Moved {
        from: usize,
        to: usize,
    },
}

/// What happened to a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextChange {
    Added,
    Removed,
    Changed,
    /// The words are the same; bold, italic or a link changed.
    Formatting,
}

/// How a change is counted in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Text,
    Figure,
    Mark,
    Structure,
    /// A consequence of other changes (a computed total), not counted.
    Effect,
}

impl What {
    pub fn category(&self) -> Category {
        match self {
            What::Part { .. } => Category::Structure,
            What::Text { .. } => Category::Text,
            What::Number { .. } | What::Row { .. } => Category::Figure,
            What::Mark { .. } => Category::Mark,
            What::Total { .. } | What::Stated { .. } => Category::Effect,
        }
    }
}

/// A value that can be a number, a date, open, or absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Euro(Euro),
    Fte(Fte),
    Count(u64),
    Year(i32),
    Date(chrono::NaiveDate),
    /// Left open in the sources (`"open"`).
    Open,
    /// Not there (a value the source leaves out).
    Absent,
}

/// How a value went from the earlier version to the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// From open to a value.
    Filled,
    /// From a value back to open.
    Opened,
    /// From one value to another (or to or from absent).
    Changed,
}

impl Quantity {
    /// The value as the plan prints it (through `format`); `None` when
    /// open or absent (the renderer names those with its labels).
    pub fn text(&self) -> Option<String> {
        match *self {
            Quantity::Euro(e) => Some(format::euro(e)),
            Quantity::Fte(f) => Some(format::fte(f)),
            Quantity::Count(n) => Some(format::thousands(n)),
            Quantity::Year(y) => Some(format::year(y)),
            Quantity::Date(d) => Some(format::date(d)),
            Quantity::Open | Quantity::Absent => None,
        }
    }

    /// `new - old` as the plan prints a signed figure, when both are
    /// known numbers of one kind.
    pub fn delta(old: &Quantity, new: &Quantity) -> Option<String> {
        match (*old, *new) {
            (Quantity::Euro(a), Quantity::Euro(b)) => {
                Some(format::euro_signed(Euro(b.0.saturating_sub(a.0))))
            }
            (Quantity::Fte(a), Quantity::Fte(b)) => {
                Some(format::fte_signed(Fte(b.0.saturating_sub(a.0))))
            }
            (Quantity::Count(a), Quantity::Count(b)) => {
                Some(format::count_signed(i128::from(b) - i128::from(a)))
            }
            (Quantity::Year(a), Quantity::Year(b)) => {
                Some(format::count_signed(i128::from(b) - i128::from(a)))
            }
            _ => None,
        }
    }

    /// Open to a value (filled), a value to open, or otherwise changed.
    pub fn transition(old: &Quantity, new: &Quantity) -> Transition {
        match (old, new) {
            (Quantity::Open, n) if !matches!(n, Quantity::Open | Quantity::Absent) => {
                Transition::Filled
            }
            (o, Quantity::Open) if !matches!(o, Quantity::Open | Quantity::Absent) => {
                Transition::Opened
            }
            _ => Transition::Changed,
        }
    }
}

impl Changes {
    /// Every change on one line, in order: `file key [field] (row) #block:
    /// what`. A plain listing for tests and scripts, with the report's
    /// words; the report itself is composed by `commands::changes`.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (s, c) in self.iter() {
            out.push_str(&s.section.file());
            let p = &c.place;
            if !p.key.is_empty() {
                out.push(' ');
                out.push_str(&p.key);
            }
            if let Some(f) = &p.field {
                out.push_str(&format!(" [{f}]"));
            }
            if let Some(r) = &p.row {
                out.push_str(&format!(" ({r})"));
            }
            if let Some(b) = p.block {
                out.push_str(&format!(" #{b}"));
            }
            if p.removed {
                out.push_str(" -");
            }
            out.push_str(": ");
            out.push_str(&c.what.describe());
            out.push('\n');
        }
        out
    }
}

impl What {
    /// The change in one line of plain text (deleted words in `[-…-]`,
    /// inserted ones in `{+…+}`), with the report's words.
    pub fn describe(&self) -> String {
        let l = &labels::CHANGE_LABELS;
        let number = |label: &str, old: &Quantity, new: &Quantity| {
            format!("{label} {}", report::number_text(old, new, ", "))
        };
        let mark = report::mark;
        match self {
            What::Part { label, event } => match event {
                PartEvent::Added => format!("{label} {}", l.added),
                PartEvent::Removed => format!("{label} {}", l.removed),
                PartEvent::Moved { from, to } => {
                    format!("{label} {} {from} {} {to}", l.moved, l.moved_to)
                }
            },
            What::Text {
                label,
                change,
                pieces,
            } => {
                let what = report::text_change(change);
                let text: String = pieces
                    .iter()
                    .map(|p| match p.kind {
                        PieceKind::Same => p.text.clone(),
                        PieceKind::Deleted => format!("[-{}-]", p.text),
                        PieceKind::Inserted => format!("{{+{}+}}", p.text),
                    })
                    .collect();
                format!("{label} {what}: {text}")
            }
            What::Number { label, old, new } => number(label, old, new),
            What::Total { label, old, new } => format!("= {}", number(label, old, new)),
            What::Row {
                table,
                added,
                cells,
            } => format!(
                "{table} {}: {}",
                if *added { l.added } else { l.removed },
                cells.join(" | ")
            ),
            What::Mark {
                partner,
                column,
                old,
                new,
            } => format!("{partner} × {column}: {} → {}", mark(old), mark(new)),
            What::Stated { label, old, new } => match (old, new) {
                (None, Some(n)) => format!("≠ {label}: {} {}", l.stated_new, n.join(" / ")),
                (Some(o), None) => format!("≠ {label}: {} {}", l.stated_gone, o.join(" / ")),
                (Some(o), Some(n)) => format!("≠ {label}: {} → {}", o.join(" / "), n.join(" / ")),
                (None, None) => format!("≠ {label}"),
            },
        }
    }
}
