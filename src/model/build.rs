//! Validation: from the parsed source files to the typed plan. Every
//! reference is resolved, every prose field parsed, every total computed and
//! compared; every problem is reported with its place, not just the first.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::budget::{self, Budget, Column, Group, Row, Stated, Weight};
use super::links::{self, LinkProblem};
use super::richtext::{self, Block, Inline, RichText};
use super::text;
use super::*;
use crate::diag::{Diagnostic, Report, Severity, line_col};
use crate::source::parse::{MAX_PROBLEMS_PER_FILE, closest};
use crate::source::types as src;
use crate::source::values::Yearly;
use crate::source::{Loaded, SourceSet};

/// Builds the plan from the sources; `None` when any file could not be read
/// or any error was found (all of them are then in `report`).
pub fn build(set: &SourceSet, report: &mut Report) -> Option<Plan> {
    let mut cx = Cx {
        set,
        report,
        open: Vec::new(),
        file: String::new(),
        counted: BTreeMap::new(),
    };
    let district_order: Vec<&Loaded<src::DistrictFile>>;
    let theme_order: Vec<&Loaded<src::ThemeFile>>;
    if let Some(p) = &set.plan {
        cx.file = p.file.clone();
        district_order = cx.resolve_order(
            &p.data.order.districts,
            &set.districts,
            &set.district_ids,
            "district",
            "districten",
        );
        theme_order = cx.resolve_order(
            &p.data.order.themes,
            &set.themes,
            &set.theme_ids,
            "thema",
            "themas",
        );
    } else {
        district_order = set.districts.iter().collect();
        theme_order = set.themes.iter().collect();
    }
    for (id, file) in set
        .districts
        .iter()
        .map(|d| (&d.id, &d.file))
        .chain(set.themes.iter().map(|t| (&t.id, &t.file)))
    {
        let n = id.chars().count();
        if n > text::MAX_ID_CHARS {
            cx.report.push(
                Diagnostic::error(
                    file,
                    None,
                    format!(
                        "de id `{id}` is te lang ({n} tekens; hoogstens {})",
                        text::MAX_ID_CHARS
                    ),
                )
                .with_hint("de id (de bestandsnaam zonder .toml) is ook deel van de naam van de DOCX van dit onderdeel; kies een kortere"),
            );
        }
    }
    let meta = set.plan.as_ref().map(|p| {
        cx.file = p.file.clone();
        cx.meta(&p.data)
    });
    let board = set.board.as_ref().map(|b| {
        cx.file = b.file.clone();
        cx.board(&b.data)
    });
    let districts: Vec<District> = district_order
        .iter()
        .map(|d| {
            cx.file = d.file.clone();
            cx.district(&d.id, &d.data)
        })
        .collect();
    let themes: Vec<Theme> = theme_order
        .iter()
        .map(|t| {
            cx.file = t.file.clone();
            cx.theme(&t.id, &t.data, &district_order)
        })
        .collect();
    let organisation = set.organisation.as_ref().map(|o| {
        cx.file = o.file.clone();
        cx.organisation(&o.data)
    });
    let budget = set.budget.as_ref().map(|b| {
        cx.file = b.file.clone();
        cx.budget(&b.data)
    });
    let results = set.results.as_ref().map(|r| {
        cx.file = r.file.clone();
        cx.results(&r.data)
    });

    if let (Some(meta), Some(p)) = (&meta, &set.plan)
        && meta.status == Status::Definitief
        && !cx.open.is_empty()
    {
        let n = cx.open.len();
        cx.report.push(
            Diagnostic::error(
                &p.file,
                Some(p.data.status.span()),
                format!("status is \"definitief\", maar {n} waarden zijn nog open"),
            )
            .with_hint("vul de open waarden in (`check` noemt ze) of zet status = \"concept\""),
        );
    }

    let open_items = std::mem::take(&mut cx.open);
    cx.report.open = open_items
        .iter()
        .map(|o| (o.place.clone(), o.what.clone()))
        .collect();
    if cx.report.errors() > 0 {
        return None;
    }
    Some(Plan {
        meta: meta?,
        board: board?,
        districts,
        themes,
        organisation: organisation?,
        budget: budget?,
        results: results?,
        open_items,
    })
}

/// The text rich text prints, paragraph by paragraph (a paragraph per
/// line), and the addresses of its links.
fn collect_text(blocks: &[Block], printed: &mut String, urls: &mut Vec<String>) {
    fn inlines(xs: &[Inline], printed: &mut String, urls: &mut Vec<String>) {
        for x in xs {
            match x {
                Inline::Text { text } => printed.push_str(text),
                Inline::LineBreak => printed.push(' '),
                Inline::Strong { inlines: i } | Inline::Emphasis { inlines: i } => {
                    inlines(i, printed, urls)
                }
                Inline::Link { url, inlines: i } => {
                    urls.push(url.clone());
                    inlines(i, printed, urls);
                }
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph { inlines: i } => {
                inlines(i, printed, urls);
                printed.push('\n');
            }
            Block::List { items, .. } => {
                for item in items {
                    collect_text(item, printed, urls);
                }
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                collect_text(blocks, printed, urls);
                if let Some(a) = attribution {
                    inlines(a, printed, urls);
                    printed.push('\n');
                }
            }
        }
    }
}

/// The byte offset in `raw`, the TOML source of a string value (with its
/// quotes), of byte `inner` of the value TOML reads from it.
fn raw_offset(raw: &str, inner: usize) -> usize {
    let (open, literal) = if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else if raw.starts_with('\'') {
        (1, true)
    } else {
        (0, true)
    };
    let mut pos = open;
    // A newline right after the opening quotes of a multi-line string is
    // not part of the value.
    if open == 3 {
        if raw[pos..].starts_with("\r\n") {
            pos += 2;
        } else if raw[pos..].starts_with('\n') {
            pos += 1;
        }
    }
    let mut value = 0;
    while value < inner && pos < raw.len() {
        let rest = &raw[pos..];
        if rest.starts_with("\r\n") {
            (pos, value) = (pos + 2, value + 1);
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if literal || c != '\\' {
            (pos, value) = (pos + c.len_utf8(), value + c.len_utf8());
            continue;
        }
        let esc = rest[1..].chars().next().unwrap_or(' ');
        let (digits, skip) = match esc {
            'u' => (4, 6),
            'U' => (8, 10),
            ' ' | '\t' | '\r' | '\n' => {
                // A line-ending backslash: white space and newlines vanish.
                pos += 1 + rest[1..]
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len() - 1);
                continue;
            }
            _ => (0, 1 + esc.len_utf8()),
        };
        let len = if digits > 0 {
            rest.get(2..2 + digits)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
                .map_or(1, char::len_utf8)
        } else {
            1
        };
        (pos, value) = (pos + skip, value + len);
    }
    pos.min(raw.len())
}

/// The offset just past the character at `at` (or `at` at the end).
fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Names for a hint: the first ten, and how many more there are.
fn short_list(names: &[String]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{}, … (en {} meer)",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}

/// Longest prose field, in characters.
pub const MAX_PROSE_CHARS: usize = 100_000;
/// Most rows in any list of the sources (districts, themes, budget rows,
/// matrix rows and columns, targets, measures).
pub const MAX_ROWS: usize = 500;

struct Cx<'a> {
    set: &'a SourceSet,
    report: &'a mut Report,
    open: Vec<OpenItem>,
    /// The file being validated, as shown.
    file: String,
    /// Problems found per file and severity, shown or not.
    counted: BTreeMap<(String, Severity), usize>,
}

impl Cx<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        if self.count(Severity::Error) {
            let d = Diagnostic::error(&self.file, Some(span), message).with_hint(hint);
            self.report.push(d);
        }
    }

    fn warning(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        if self.count(Severity::Warning) {
            let d = Diagnostic::warning(&self.file, Some(span), message).with_hint(hint);
            self.report.push(d);
        }
    }

    /// Counts a problem in the current file; false (and counted as hidden
    /// in the report) when the file already shows as many of its kind as
    /// are shown.
    fn count(&mut self, severity: Severity) -> bool {
        let key = (self.file.clone(), severity);
        let n = self.counted.entry(key.clone()).or_default();
        *n += 1;
        if *n <= MAX_PROBLEMS_PER_FILE {
            return true;
        }
        *self.report.hidden.entry(key).or_default() += 1;
        false
    }

    fn mark_open(&mut self, span: Range<usize>, what: impl Into<String>) {
        let text = self
            .set
            .texts
            .get(&self.file)
            .map(String::as_str)
            .unwrap_or("");
        let (line, _) = line_col(text, span.start);
        self.open.push(OpenItem {
            place: format!("{}:{line}", self.file),
            what: what.into(),
        });
    }

    /// An unknown reference: names the closest known id.
    fn unknown_ref(&mut self, r: &Spanned<String>, kind: &str, known: &[String]) {
        let hint = match closest(r.get_ref(), known) {
            Some(best) => format!("bedoel je `{best}`?"),
            None if known.is_empty() => format!("er is geen enkel(e) {kind} om naar te verwijzen"),
            None => format!("bekend: {}", short_list(known)),
        };
        self.error(
            r.span(),
            format!("onbekend(e) {kind} `{}`", r.get_ref()),
            hint,
        );
    }

    /// Resolves an order list against the loaded files; reports unknown ids,
    /// doubles, and files that the order leaves out.
    fn resolve_order<'s, T>(
        &mut self,
        refs: &[Spanned<String>],
        files: &'s [Loaded<T>],
        present: &[String],
        kind: &str,
        dir: &str,
    ) -> Vec<&'s Loaded<T>> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for r in refs {
            let id = r.get_ref();
            if !seen.insert(id.clone()) {
                self.error(
                    r.span(),
                    format!("{kind} `{id}` staat twee keer in de volgorde"),
                    "noem elk onderdeel één keer",
                );
                continue;
            }
            match files.iter().find(|f| &f.id == id) {
                Some(f) => out.push(f),
                // Present but broken: its own errors say why.
                None if present.contains(id) => {}
                None => {
                    self.unknown_ref(r, kind, present);
                }
            }
        }
        for id in present {
            if !seen.contains(id) {
                let file = format!("{}/{dir}/{id}.toml", self.set_shown_root());
                self.report.push(
                    Diagnostic::error(
                        &file,
                        None,
                        format!("{kind} `{id}` staat niet in [volgorde] van plan.toml"),
                    )
                    .with_hint(format!("voeg \"{id}\" toe aan volgorde.{dir} in plan.toml")),
                );
            }
        }
        out
    }

    fn set_shown_root(&self) -> String {
        // The plan file's shown name minus "plan.toml" is the shown root.
        self.file
            .strip_suffix("plan.toml")
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string()
    }

    /// Parses a prose field; forbidden constructs are reported at their
    /// place, and so is every character, word or address of the text that
    /// a renderer could not take (see [`text`]).
    fn prose(&mut self, field: &Spanned<String>) -> RichText {
        let len = field.get_ref().chars().count();
        if len > MAX_PROSE_CHARS {
            self.error(
                field.span(),
                format!("deze tekst is te lang ({len} tekens; hoogstens {MAX_PROSE_CHARS})"),
                "verdeel de tekst over meer thema's of paragrafen",
            );
            return Vec::new();
        }
        match richtext::parse(field.get_ref()) {
            Ok(rt) => {
                self.prose_text(field, &rt);
                rt
            }
            Err(forbidden) => {
                for f in forbidden {
                    let span = self.map_into_string(field, f.range.clone());
                    let hint = if f.what == richtext::TOO_DEEP_INLINE {
                        "schrijf het eenvoudiger: vet, cursief en links gaan hoogstens 10 lagen diep in elkaar"
                    } else if f.what == richtext::TOO_LONG_URL {
                        "gebruik een korter adres (een webadres is hoogstens 2.000 tekens)"
                    } else if f.what.contains("genest") {
                        "maak de lijst of het citaat minder diep: hoogstens 4 niveaus"
                    } else if f.what.contains("link") {
                        "een link wijst naar een webadres (https://...) of een e-mailadres (mailto:...)"
                    } else {
                        "tekst kent alleen alinea's, lijsten (- of 1.), **vet**, *cursief*, [links](https://...) en citaten (>); schrijf \\# of \\< voor een letterlijk teken (in een '''...'''-tekst)"
                    };
                    self.error(span, format!("niet toegestaan in tekst: {}", f.what), hint);
                }
                Vec::new()
            }
        }
    }

    /// Checks what a prose field prints (after Markdown: entities read,
    /// escapes gone) and the addresses of its links. A problem is shown at
    /// the first place in the field where its text occurs (or at the
    /// field's start when the field spells it differently, as an entity).
    fn prose_text(&mut self, field: &Spanned<String>, rt: &RichText) {
        let mut printed = String::new();
        let mut urls = Vec::new();
        collect_text(rt, &mut printed, &mut urls);
        let mut found: Vec<(String, text::Problem)> = text::check(&printed, text::Kind::Prose)
            .into_iter()
            .map(|p| (printed[p.range.clone()].to_string(), p))
            .collect();
        for url in &urls {
            found.extend(text::check(url, text::Kind::Url).into_iter().map(|mut p| {
                p.message = format!("in het adres van een link: {}", p.message);
                (url.clone(), p)
            }));
        }
        for (piece, p) in found {
            let needle: String = piece.chars().take(20).collect();
            let value = field.get_ref();
            let inner = match value.find(&needle) {
                Some(at) if !needle.is_empty() => at..(at + piece.len()).min(value.len()),
                _ => 0..0,
            };
            let span = self.map_into_string(field, inner);
            self.error(span, p.message, p.hint);
        }
    }

    /// A text of the plan that someone has to write: present but empty
    /// (`""`, as `new-period` leaves every text of the next plan) it is
    /// open, listed by `check` and `status` as `tekst: <what>`, and
    /// `build --final` refuses it.
    fn written(&mut self, field: &Spanned<String>, what: &str) -> RichText {
        if field.get_ref().trim().is_empty() {
            self.mark_open(field.span(), format!("tekst: {what}"));
        }
        self.prose(field)
    }

    fn written_opt(&mut self, field: &Option<Spanned<String>>, what: &str) -> RichText {
        field
            .as_ref()
            .map(|f| self.written(f, what))
            .unwrap_or_default()
    }

    fn prose_opt(&mut self, field: &Option<Spanned<String>>) -> RichText {
        field.as_ref().map(|f| self.prose(f)).unwrap_or_default()
    }

    /// A one-paragraph prose field (a goal, a note), as inlines.
    fn prose_line(&mut self, field: &Spanned<String>) -> Vec<Inline> {
        let rt = self.prose(field);
        match rt.as_slice() {
            [] => Vec::new(),
            [Block::Paragraph { inlines }] => inlines.clone(),
            _ => {
                self.error(
                    field.span(),
                    "hier hoort één alinea, zonder lijst of citaat",
                    "maak er één zin of alinea van",
                );
                Vec::new()
            }
        }
    }

    /// A plain text field that a renderer prints: a name, title or label
    /// ([`text::Kind::Line`]), a note, caption or alt text
    /// ([`text::Kind::Note`]) or an address; every problem at its place.
    fn plain(&mut self, field: &Spanned<String>, kind: text::Kind) -> String {
        for p in text::check(field.get_ref(), kind) {
            let span = self.map_into_string(field, p.range);
            self.error(span, p.message, p.hint);
        }
        field.get_ref().clone()
    }

    fn line(&mut self, field: &Spanned<String>) -> String {
        self.plain(field, text::Kind::Line)
    }

    /// A name or title that becomes a heading (and a bookmark, and a line
    /// of the contents): a line with something visible in it.
    fn heading(&mut self, field: &Spanned<String>) -> String {
        let line = self.line(field);
        if text::is_blank(&line) {
            self.error(
                field.span(),
                "deze naam of titel is leeg of bestaat alleen uit onzichtbare tekens",
                "een naam of titel wordt een kop in de PDF, met een bladwijzer; schrijf hem voluit",
            );
        }
        line
    }

    fn heading_opt(&mut self, field: &Option<Spanned<String>>) -> Option<String> {
        field.as_ref().map(|f| self.heading(f))
    }

    fn line_opt(&mut self, field: &Option<Spanned<String>>) -> Option<String> {
        field.as_ref().map(|f| self.line(f))
    }

    fn note_opt(&mut self, field: &Option<Spanned<String>>) -> Option<String> {
        field.as_ref().map(|f| self.plain(f, text::Kind::Note))
    }

    /// Maps a byte range inside a string value to the file, exactly: the
    /// value's escapes (`\u0001`, `\"`, a line-ending backslash) and line
    /// endings are read as TOML reads them. The range shown stays on one
    /// line and covers at least one character.
    fn map_into_string(&self, field: &Spanned<String>, inner: Range<usize>) -> Range<usize> {
        let span = field.span();
        let text = self
            .set
            .texts
            .get(&self.file)
            .map(String::as_str)
            .unwrap_or("");
        let raw = text.get(span.clone()).unwrap_or("");
        let begin = (span.start + raw_offset(raw, inner.start)).min(text.len());
        let end = span.start + raw_offset(raw, inner.end);
        let line_end = text[begin..].find('\n').map_or(text.len(), |i| begin + i);
        let end = end.min(line_end).max(next_char(text, begin));
        begin..end
    }

    fn url(&mut self, field: &Option<Spanned<String>>) -> Option<String> {
        let f = field.as_ref()?;
        match links::problem(f.get_ref()) {
            None => {}
            Some(LinkProblem::Scheme) => self.error(
                f.span(),
                "een link moet met https://, http:// of mailto: beginnen",
                "schrijf het volledige adres, zoals https://www.example.nl/plan.pdf",
            ),
            Some(LinkProblem::NoHost) => self.error(
                f.span(),
                "een link moet na https:// of http:// een webadres hebben",
                "schrijf het volledige adres, zoals https://www.example.nl/plan.pdf",
            ),
            Some(LinkProblem::NoAddress) => self.error(
                f.span(),
                "een mailto:-link moet een e-mailadres hebben",
                "schrijf het adres, zoals mailto:info@example.nl",
            ),
        }
        Some(self.plain(f, text::Kind::Url))
    }

    /// Images need alt text; the file itself was checked when loading.
    fn figures(&mut self, figures: &[src::Figure]) -> Vec<Figure> {
        self.limit(figures, |f| f.file.span(), "afbeeldingen");
        figures
            .iter()
            .filter_map(|f| {
                let alt = f.alt.as_ref().map(|a| a.get_ref().trim().to_string()).unwrap_or_default();
                if let Some(a) = &f.alt {
                    self.plain(a, text::Kind::Note);
                }
                if alt.is_empty() {
                    let span = f.alt.as_ref().map_or_else(|| f.file.span(), |a| a.span());
                    self.error(
                        span,
                        format!("afbeelding `{}` heeft geen alt-tekst", f.file.get_ref()),
                        "schrijf onder bestand = ... een regel alt = \"...\" die zegt wat de afbeelding laat zien, voor wie haar niet kan zien",
                    );
                }
                let caption = self.note_opt(&f.caption);
                let img = self.set.images.get(f.file.get_ref())?;
                Some(Figure {
                    path: img.rel.clone(),
                    alt,
                    caption,
                    width: img.width,
                    height: img.height,
                })
            })
            .collect()
    }

    fn meta(&mut self, p: &src::PlanFile) -> Meta {
        let period = p.period.get_ref();
        if period.from > period.to {
            self.error(
                p.period.span(),
                format!(
                    "periode loopt van {} tot {}: het eerste jaar ligt na het laatste",
                    period.from, period.to
                ),
                "schrijf periode = { van = 2023, tot = 2024 }",
            );
        }
        let year = |v: i64| i32::try_from(v).unwrap_or(0);
        let publication_date = match p.publication_date.get_ref() {
            OpenOr::Open => {
                self.mark_open(p.publication_date.span(), "publicatiedatum");
                None
            }
            OpenOr::Known(dt) => self.date(dt, p.publication_date.span(), "publicatiedatum"),
        };
        let round = p.round.as_ref().map(|r| {
            if text::is_blank(r.contact.get_ref()) {
                self.error(
                    r.contact.span(),
                    "contact in [ronde] is leeg",
                    "schrijf wie de documenten terugkrijgt, met een adres, zoals contact = \"de redactie, plan@riec-mn.nl\"",
                );
            }
            crate::model::Round {
                contact: self.line(&r.contact),
                return_by: r
                    .return_by
                    .as_ref()
                    .and_then(|d| self.date(d.get_ref(), d.span(), "retour_voor")),
            }
        });
        let title_len = p.title.get_ref().chars().count();
        if (text::MAX_TITLE_CHARS + 1..=text::MAX_LINE_CHARS).contains(&title_len) {
            self.error(
                p.title.span(),
                format!(
                    "de titel van het plan is te lang ({title_len} tekens; hoogstens {})",
                    text::MAX_TITLE_CHARS
                ),
                "de titel is ook de naam van de PDF en de DOCX, en een bestandsnaam is hoogstens 255 tekens; maak hem korter",
            );
        }
        for (field, name) in [(&p.title, "titel"), (&p.organisation, "organisatie")] {
            if text::is_blank(field.get_ref()) {
                self.error(
                    field.span(),
                    format!("{name} is leeg"),
                    format!("vul {name} in"),
                );
            }
        }
        Meta {
            title: self.line(&p.title),
            slogan: self.line(&p.slogan),
            region: self.line(&p.region),
            organisation: self.line(&p.organisation),
            period_from: year(period.from),
            period_to: year(period.to),
            lookback_year: year(*p.lookback_year.get_ref()),
            publication_date,
            programme: self.line(&p.programme),
            programme_short: self.line(&p.programme_short),
            status: *p.status.get_ref(),
            intro: self.written_opt(&p.intro, "inleiding van het plan"),
            round,
        }
    }

    /// A date without a time (`2023-03-01`) from `field`; an error otherwise.
    fn date(
        &mut self,
        dt: &toml::value::Datetime,
        span: Range<usize>,
        field: &str,
    ) -> Option<chrono::NaiveDate> {
        match dt.date {
            Some(d) if dt.time.is_none() => {
                let date = chrono::NaiveDate::from_ymd_opt(
                    i32::from(d.year),
                    u32::from(d.month),
                    u32::from(d.day),
                );
                if date.is_none() {
                    self.error(
                        span,
                        "geen bestaande datum",
                        "schrijf bijvoorbeeld 2023-03-01",
                    );
                }
                date
            }
            _ => {
                self.error(
                    span,
                    format!("{field} moet een datum zonder tijd zijn"),
                    "schrijf bijvoorbeeld 2023-03-01",
                );
                None
            }
        }
    }

    fn board(&mut self, b: &src::BoardFile) -> Board {
        self.limit(&b.members, |m| m.role.span(), "leden");
        let mut members = Vec::new();
        for m in &b.members {
            let uncertain = m.uncertain.as_ref().is_some_and(|u| *u.get_ref());
            if let (Some(u), true) = (&m.uncertain, uncertain) {
                if m.function.is_none() {
                    self.error(
                        u.span(),
                        format!(
                            "`functie_onzeker` bij \"{}\", maar dit lid heeft geen `functie`",
                            m.role.get_ref()
                        ),
                        "vul de functie in die mogelijk bij deze rol hoort, of verwijder `functie_onzeker`",
                    );
                } else if b.note.is_none() {
                    self.error(
                        u.span(),
                        "een functie is als onzeker gemarkeerd, maar `toelichting` ontbreekt",
                        "leg in `toelichting` (bovenaan bestuur.toml) uit waarom de koppeling onzeker is; het plan drukt die onder de tabel af",
                    );
                }
            }
            members.push(BoardMember {
                function: self.line_opt(&m.function),
                role: self.line(&m.role),
                uncertain,
            });
        }
        Board {
            title: self.heading(&b.title),
            intro: self.prose_opt(&b.intro),
            members,
            note: self.note_opt(&b.note),
        }
    }

    /// Refuses absurdly long lists, pointing at the first entry past the limit.
    fn limit<T>(&mut self, items: &[T], span: impl Fn(&T) -> Range<usize>, what: &str) {
        if let Some(first_over) = items.get(MAX_ROWS) {
            self.error(
                span(first_over),
                format!("te veel {what} ({}; hoogstens {MAX_ROWS})", items.len()),
                "splits de inhoud of controleer of het bestand niet per ongeluk is vermenigvuldigd",
            );
        }
    }

    fn district(&mut self, id: &str, d: &src::DistrictFile) -> District {
        self.limit(&d.themes, |t| t.id.span(), "thema's");
        self.limit(&d.targets, |t| t.description.span(), "doelen");
        self.limit(&d.partners, |p| p.span(), "partners");
        if let Some(m) = &d.matrix {
            self.limit(&m.rows, |r| r.partner.span(), "matrixrijen");
            self.limit(&m.columns, |c| c.id.span(), "matrixkolommen");
        }
        // In file order: the texts come before the themes.
        let lookback = self.written(&d.lookback, "terugblik");
        let outlook = self.written(&d.outlook, "vooruitblik");
        let theme_ids: Vec<String> = self.set.theme_ids.clone();
        let mut own_ids: Vec<String> = Vec::new();
        let mut themes = Vec::new();
        for t in &d.themes {
            let tid = t.id.get_ref();
            if own_ids.contains(tid) {
                self.error(
                    t.id.span(),
                    format!("thema-id `{tid}` komt twee keer voor in dit district"),
                    "geef elk [[thema]] een eigen id",
                );
            } else if !crate::source::valid_id(tid) {
                self.error(
                    t.id.span(),
                    format!("`{tid}` is geen geldige id"),
                    "gebruik kleine letters, cijfers en streepjes",
                );
            }
            own_ids.push(tid.clone());
            if let Some(r) = &t.regional_theme
                && !theme_ids.contains(r.get_ref())
            {
                self.unknown_ref(r, "regiothema", &theme_ids);
            }
            themes.push(DistrictTheme {
                id: tid.clone(),
                title: self.heading(&t.title),
                regional_theme: t.regional_theme.as_ref().map(|r| r.get_ref().clone()),
                text: self.written(&t.text, t.title.get_ref()),
            });
        }
        let partners: Vec<String> = d.partners.iter().map(|p| self.line(p)).collect();
        let matrix = d
            .matrix
            .as_ref()
            .map(|m| self.matrix(m, &partners, &own_ids));
        let targets = d
            .targets
            .iter()
            .map(|t| {
                if let Some(th) = &t.theme
                    && !own_ids.contains(th.get_ref())
                {
                    self.unknown_ref(th, "thema", &own_ids);
                }
                if t.count.get_ref().is_open() {
                    self.mark_open(
                        t.count.span(),
                        format!("doel \"{}\"", t.description.get_ref()),
                    );
                }
                Target {
                    description: self.line(&t.description),
                    count: *t.count.get_ref(),
                    term: self.line_opt(&t.term),
                    theme: t.theme.as_ref().map(|s| s.get_ref().clone()),
                }
            })
            .collect();
        District {
            id: id.to_string(),
            name: self.heading(&d.name),
            plan_url: self.url(&d.plan_url),
            partner_url: self.url(&d.partner_url),
            partners,
            lookback,
            outlook,
            themes,
            matrix,
            targets,
            figures: self.figures(&d.figures),
            reference: self.reference(&d.reference),
        }
    }

    /// `[referentie]`: checked as every printed text is, since the section
    /// document prints it.
    fn reference(&mut self, r: &Option<src::Reference>) -> Option<Reference> {
        r.as_ref().map(|r| Reference {
            plan: r.plan.as_ref().map(|p| self.line(p)),
            outlook: self.prose(&r.outlook),
        })
    }

    fn matrix(&mut self, m: &src::Matrix, partners: &[String], theme_ids: &[String]) -> Matrix {
        let mut col_ids: Vec<String> = Vec::new();
        let mut columns = Vec::new();
        for c in &m.columns {
            if col_ids.contains(c.id.get_ref()) {
                self.error(
                    c.id.span(),
                    format!("kolom `{}` komt twee keer voor", c.id.get_ref()),
                    "geef elke kolom een eigen id",
                );
            }
            col_ids.push(c.id.get_ref().clone());
            if let Some(t) = &c.theme
                && !theme_ids.contains(t.get_ref())
            {
                self.unknown_ref(t, "thema", theme_ids);
            }
            columns.push(MatrixColumn {
                id: c.id.get_ref().clone(),
                title: self.line(&c.title),
                group: self.line_opt(&c.group),
                theme: c.theme.as_ref().map(|t| t.get_ref().clone()),
            });
        }
        let mut rows = Vec::new();
        let mut seen_partners = BTreeSet::new();
        for r in &m.rows {
            let name = r.partner.get_ref();
            if !partners.contains(name) {
                let hint = match closest(name, partners) {
                    Some(best) => {
                        format!("bedoel je `{best}`? Anders: voeg \"{name}\" toe aan `partners`")
                    }
                    None => format!("voeg \"{name}\" toe aan `partners` bovenaan dit bestand"),
                };
                self.error(
                    r.partner.span(),
                    format!("partner `{name}` is niet opgegeven in `partners`"),
                    hint,
                );
            }
            if !seen_partners.insert(name.clone()) {
                self.error(
                    r.partner.span(),
                    format!("partner `{name}` heeft twee rijen"),
                    "voeg de rijen samen",
                );
            }
            let mut marks = vec![Mark::Open; col_ids.len()];
            for (list, mark) in [(&r.yes, Mark::Yes), (&r.no, Mark::No)] {
                for c in list {
                    match col_ids.iter().position(|id| id == c.get_ref()) {
                        Some(i) if marks[i] != Mark::Open => self.error(
                            c.span(),
                            format!("kolom `{}` staat al eerder in deze rij", c.get_ref()),
                            "een kolom staat in ja of in nee, niet in beide",
                        ),
                        Some(i) => marks[i] = mark,
                        None => {
                            let ids = col_ids.clone();
                            self.unknown_ref(c, "kolom", &ids);
                        }
                    }
                }
            }
            let open: Vec<&str> = col_ids
                .iter()
                .zip(&marks)
                .filter(|(_, m)| **m == Mark::Open)
                .map(|(id, _)| id.as_str())
                .collect();
            if !open.is_empty() {
                let what = format!("matrix {name}: {}", open.join(", "));
                self.mark_open(r.partner.span(), what);
            }
            rows.push(MatrixRow {
                partner: name.clone(),
                marks,
            });
        }
        Matrix {
            note: self.note_opt(&m.note),
            columns,
            rows,
        }
    }

    fn theme(
        &mut self,
        id: &str,
        t: &src::ThemeFile,
        districts: &[&Loaded<src::DistrictFile>],
    ) -> Theme {
        self.limit(&t.sections, |s| s.text.span(), "paragrafen");
        self.limit(&t.goals, |g| g.span(), "doelen");
        // In file order: the texts atop the file come first.
        let intro = self.written_opt(&t.intro, "inleiding");
        let lookback = self.written_opt(&t.lookback, "terugblik");
        let outlook = self.written_opt(&t.outlook, "vooruitblik");
        let in_districts = t.in_districts.as_ref().map(|ind| {
            let intro = self.written_opt(&ind.intro, "inleiding in de districten");
            let known: Vec<String> = self.set.district_ids.clone();
            for key in ind.per_district.keys() {
                if !known.contains(key.get_ref()) {
                    self.unknown_ref(key, "district", &known);
                }
            }
            let per_district = districts
                .iter()
                .filter_map(|d| {
                    let (_, text) = ind
                        .per_district
                        .iter()
                        .find(|(k, _)| k.get_ref() == &d.id)?;
                    Some((d.id.clone(), text))
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|(id, text)| {
                    let what = format!("in de districten, {id}");
                    (id, self.written(text, &what))
                })
                .collect();
            InDistricts {
                title: self
                    .heading_opt(&ind.title)
                    .unwrap_or_else(|| format!("{} in de districten", t.title.get_ref())),
                intro,
                per_district,
            }
        });
        let full_plan = t.full_plan.as_ref().map(|f| FullPlan {
            text: self.plain(&f.text, text::Kind::Note),
            url: self.url(&f.url),
        });
        Theme {
            id: id.to_string(),
            title: self.heading(&t.title),
            nav: self
                .heading_opt(&t.nav)
                .unwrap_or_else(|| t.title.get_ref().clone()),
            intro,
            lookback,
            outlook,
            outlook_title: self.heading_opt(&t.outlook_title),
            goals: t.goals.iter().map(|g| self.prose_line(g)).collect(),
            full_plan,
            sections: t
                .sections
                .iter()
                .map(|s| Section {
                    title: self.heading_opt(&s.title),
                    text: {
                        let what = s
                            .title
                            .as_ref()
                            .map_or("paragraaf", |t| t.get_ref().as_str());
                        self.written(&s.text, what)
                    },
                })
                .collect(),
            in_districts,
            figures: self.figures(&t.figures),
            reference: self.reference(&t.reference),
        }
    }

    fn organisation(&mut self, o: &src::OrganisationFile) -> Organisation {
        self.limit(&o.parts, |p| p.id.span(), "onderdelen");
        let mut ids: Vec<String> = Vec::new();
        let mut budget_parts = 0;
        let parts = o
            .parts
            .iter()
            .map(|p| {
                if ids.contains(p.id.get_ref()) {
                    self.error(
                        p.id.span(),
                        format!("onderdeel `{}` komt twee keer voor", p.id.get_ref()),
                        "geef elk onderdeel een eigen id",
                    );
                }
                ids.push(p.id.get_ref().clone());
                if p.budget {
                    budget_parts += 1;
                    if budget_parts > 1 {
                        self.error(
                            p.id.span(),
                            "de begroting staat al bij een eerder onderdeel",
                            "zet begroting = true bij één onderdeel",
                        );
                    }
                }
                OrganisationPart {
                    id: p.id.get_ref().clone(),
                    title: self.heading(&p.title),
                    text: self.written_opt(&p.text, p.title.get_ref()),
                    lookback: self
                        .written_opt(&p.lookback, &format!("{}, terugblik", p.title.get_ref())),
                    outlook: self
                        .written_opt(&p.outlook, &format!("{}, vooruitblik", p.title.get_ref())),
                    budget: p.budget,
                    closing: self.prose_opt(&p.closing),
                }
            })
            .collect();
        Organisation {
            title: self.heading(&o.title),
            intro: self.prose_opt(&o.intro),
            parts,
        }
    }

    /// Resolves a `verdeling` table to one amount per column.
    fn split(
        &mut self,
        split: &std::collections::BTreeMap<Spanned<String>, Spanned<Euro>>,
        col_ids: &[String],
    ) -> Vec<Option<Euro>> {
        let mut out = vec![None; col_ids.len()];
        for (k, v) in split {
            match col_ids.iter().position(|c| c == k.get_ref()) {
                Some(i) => out[i] = Some(*v.get_ref()),
                None => self.unknown_ref(k, "kolom", col_ids),
            }
        }
        out
    }

    fn row(&mut self, r: &src::BudgetRow, col_ids: &[String], split_errors: &mut usize) -> Row {
        let function = r.function.get_ref();
        let amount = *r.amount.get_ref();
        let split = match r.split.get_ref() {
            OpenOr::Open => OpenOr::Open,
            OpenOr::Known(columns) => {
                let split: Vec<Euro> = self
                    .split(columns, col_ids)
                    .into_iter()
                    .map(|v| v.unwrap_or_default())
                    .collect();
                let sum = budget::sum(split.iter().copied()).0;
                // An unknown column is reported on its own; the sum cannot be judged.
                let all_known = columns.keys().all(|k| col_ids.contains(k.get_ref()));
                if !all_known {
                    *split_errors += 1;
                }
                // An open amount leaves nothing to add up to.
                if let (OpenOr::Known(amount), true) = (amount, all_known)
                    && sum != amount.0
                {
                    *split_errors += 1;
                    self.error(
                        r.split.span(),
                        format!(
                            "de verdeling van \"{function}\" telt op tot {}, maar het bedrag is {}",
                            crate::format::euro(Euro(sum)),
                            crate::format::euro(amount)
                        ),
                        format!(
                            "het verschil is {}; pas de verdeling of het bedrag aan",
                            crate::format::euro(Euro(amount.0.saturating_sub(sum)))
                        ),
                    );
                }
                OpenOr::Known(split)
            }
        };
        if let Some(s) = &r.scale
            && s.get_ref().is_open()
        {
            self.mark_open(s.span(), format!("schaal van \"{function}\""));
        }
        if let Some(f) = &r.fte
            && f.get_ref().is_open()
        {
            self.mark_open(f.span(), format!("fte van \"{function}\""));
        }
        if amount.is_open() {
            self.mark_open(r.amount.span(), format!("bedrag van \"{function}\""));
        }
        if split.is_open() {
            self.mark_open(r.split.span(), format!("verdeling van \"{function}\""));
        }
        Row {
            function: self.line(&r.function),
            scale: r.scale.as_ref().map(|s| {
                if let OpenOr::Known(v) = s.get_ref() {
                    self.line(&Spanned::new(s.span(), v.clone()));
                }
                s.get_ref().clone()
            }),
            fte: r.fte.as_ref().map(|f| *f.get_ref()),
            amount,
            split,
            new: r.new,
            illegible: r.illegible,
        }
    }

    fn stated(&mut self, s: &Option<src::Stated>, col_ids: &[String]) -> Option<Stated> {
        let s = s.as_ref()?;
        Some(Stated {
            fte: s.fte.as_ref().map(|f| *f.get_ref()),
            amount: *s.amount.get_ref(),
            split: self.split(&s.split, col_ids),
        })
    }

    fn budget(&mut self, b: &src::BudgetFile) -> Budget {
        self.limit(&b.groups, |g| g.name.span(), "groepen");
        self.limit(&b.rows, |r| r.function.span(), "regels");
        self.limit(&b.columns, |c| c.id.span(), "kolommen");
        self.limit(&b.funding, |f| f.description.span(), "financieringsregels");
        for g in &b.groups {
            self.limit(&g.rows, |r| r.function.span(), "regels in een groep");
        }
        let mut col_ids: Vec<String> = Vec::new();
        let mut columns = Vec::new();
        for c in &b.columns {
            if col_ids.contains(c.id.get_ref()) {
                self.error(
                    c.id.span(),
                    format!("kolom `{}` komt twee keer voor", c.id.get_ref()),
                    "geef elke kolom een eigen id",
                );
            }
            col_ids.push(c.id.get_ref().clone());
            if c.amount.get_ref().is_open() {
                self.mark_open(
                    c.amount.span(),
                    format!("bedrag van kolom \"{}\"", c.name.get_ref()),
                );
            }
            columns.push(Column {
                id: c.id.get_ref().clone(),
                name: self.line(&c.name),
                amount: *c.amount.get_ref(),
                note: self.prose_opt(&c.note),
            });
        }
        let n = columns.len();
        let tolerance = (b.tolerance.amount, b.tolerance.fte);
        let mut differences = Vec::new();
        let mut groups = Vec::new();
        // A row whose split is wrong makes every total above it differ too:
        // only that row is reported, the comparisons wait until it is fixed.
        let mut split_errors = 0;
        let rows_of = |cx: &mut Self, rows: &[src::BudgetRow], errors: &mut usize| -> Vec<Row> {
            rows.iter().map(|r| cx.row(r, &col_ids, errors)).collect()
        };
        let group_rows: Vec<Vec<Row>> = b
            .groups
            .iter()
            .map(|g| rows_of(self, &g.rows, &mut split_errors))
            .collect();
        let rows: Vec<Row> = rows_of(self, &b.rows, &mut split_errors);
        // As for a row: an open amount leaves nothing to add up to, an open
        // split nothing to add.
        let funding_split_errors = b
            .funding
            .iter()
            .filter(|f| match (f.split.get_ref(), f.amount.get_ref()) {
                (OpenOr::Open, _) => false,
                (OpenOr::Known(split), amount) => {
                    !split.keys().all(|k| col_ids.contains(k.get_ref()))
                        || amount.known().is_some_and(|a| {
                            budget::sum(split.values().map(|v| *v.get_ref())) != *a
                        })
                }
            })
            .count();
        let compare_totals = split_errors + funding_split_errors == 0;
        for (g, rows) in b.groups.iter().zip(group_rows) {
            let total = budget::sum_rows(&rows, n);
            let stated = self.stated(&g.stated, &col_ids);
            if let (Some(s), true) = (&stated, compare_totals) {
                let label = budget::group_total_label(g.name.get_ref());
                let found = budget::compare(
                    budget::Total::Group(groups.len()),
                    s,
                    &total.amounts,
                    Some((total.fte, total.fte_open)),
                    tolerance,
                );
                self.report_differences(&found, &label, g.stated.as_ref(), &columns, &col_ids);
                differences.extend(found);
            }
            groups.push(Group {
                name: self.line(&g.name),
                rows,
                total,
                stated,
            });
        }
        let single = budget::sum_rows(&rows, n);
        let total = budget::add_totals(groups.iter().map(|g| &g.total).chain([&single]), n);
        let stated_total = self.stated(&b.stated, &col_ids);
        if let (Some(s), true) = (&stated_total, compare_totals) {
            let found = budget::compare(
                budget::Total::Spending,
                s,
                &total.amounts,
                Some((total.fte, total.fte_open)),
                tolerance,
            );
            self.report_differences(
                &found,
                b.total_label.get_ref(),
                b.stated.as_ref(),
                &columns,
                &col_ids,
            );
            differences.extend(found);
        }
        let funding: Vec<budget::FundingRow> = b
            .funding
            .iter()
            .map(|f| {
                let description = f.description.get_ref();
                let amount = *f.amount.get_ref();
                let split = match f.split.get_ref() {
                    OpenOr::Open => OpenOr::Open,
                    OpenOr::Known(columns) => {
                        let split: Vec<Euro> = self
                            .split(columns, &col_ids)
                            .into_iter()
                            .map(Option::unwrap_or_default)
                            .collect();
                        let sum = budget::sum(split.iter().copied()).0;
                        let all_known = columns.keys().all(|k| col_ids.contains(k.get_ref()));
                        if let (OpenOr::Known(amount), true) = (amount, all_known)
                            && sum != amount.0
                        {
                            self.error(
                                f.split.span(),
                                format!(
                                    "de verdeling van \"{description}\" telt op tot {}, maar het bedrag is {}",
                                    crate::format::euro(Euro(sum)),
                                    crate::format::euro(amount)
                                ),
                                "pas de verdeling of het bedrag aan",
                            );
                        }
                        OpenOr::Known(split)
                    }
                };
                if amount.is_open() {
                    self.mark_open(
                        f.amount.span(),
                        format!("bedrag van financiering \"{description}\""),
                    );
                }
                if split.is_open() {
                    self.mark_open(
                        f.split.span(),
                        format!("verdeling van financiering \"{description}\""),
                    );
                }
                budget::FundingRow {
                    description: self.line(&f.description),
                    amount,
                    split,
                }
            })
            .collect();
        let subsidy = budget::sum_funding(&funding, n);
        let stated_subsidy = self.stated(&b.subsidy.stated, &col_ids);
        if let (Some(s), true) = (&stated_subsidy, compare_totals) {
            let found = budget::compare(budget::Total::Subsidy, s, &subsidy, None, tolerance);
            self.report_differences(
                &found,
                b.subsidy.label.get_ref(),
                b.subsidy.stated.as_ref(),
                &columns,
                &col_ids,
            );
            differences.extend(found);
        }
        let difference = budget::subtract(&subsidy, &total.amounts);
        let stated_difference = self.stated(&b.difference.stated, &col_ids);
        if let (Some(s), true) = (&stated_difference, compare_totals) {
            let found = budget::compare(budget::Total::Balance, s, &difference, None, tolerance);
            self.report_differences(
                &found,
                b.difference.label.get_ref(),
                b.difference.stated.as_ref(),
                &columns,
                &col_ids,
            );
            differences.extend(found);
        }
        Budget {
            title: self.heading(&b.title),
            total_label: self.line(&b.total_label),
            columns,
            groups,
            rows,
            total,
            stated_total,
            funding,
            subsidy_label: self.line(&b.subsidy.label),
            subsidy,
            stated_subsidy,
            difference_label: self.line(&b.difference.label),
            difference,
            stated_difference,
            differences,
        }
    }

    /// Reports each difference at the stated value it concerns.
    fn report_differences(
        &mut self,
        found: &[budget::Difference],
        label: &str,
        stated: Option<&src::Stated>,
        columns: &[budget::Column],
        col_ids: &[String],
    ) {
        for d in found {
            let what = d.what(label, columns);
            let [stated_text, computed, delta] = crate::format::difference(d);
            let span = stated
                .and_then(|s| match d.part {
                    budget::Part::Amount => Some(s.amount.span()),
                    budget::Part::Fte => s.fte.as_ref().map(|f| f.span()),
                    budget::Part::Column(i) => s
                        .split
                        .iter()
                        .find(|(k, _)| col_ids.get(i) == Some(k.get_ref()))
                        .map(|(_, v)| v.span()),
                })
                .unwrap_or(0..0);
            let msg = format!(
                "opgegeven {what} ({stated_text}) wijkt af van de berekende som ({computed}): {delta}"
            );
            match d.weight {
                Weight::Rounding => self.warning(span, msg, "binnen de tolerantie: een afrondingsverschil; het plan toont de berekende som en vermeldt het verschil"),
                Weight::Error => self.error(span, msg, "controleer de regels en het opgegeven totaal; het verschil is groter dan [tolerantie]"),
                Weight::Unverifiable(open) => {
                    let (value, fill) = match d.part {
                        budget::Part::Fte => ("de fte-waarde", "vul de open fte-waarden in"),
                        budget::Part::Amount => ("het bedrag", "vul de open bedragen in"),
                        budget::Part::Column(_) => ("de verdeling", "vul de open verdelingen in"),
                    };
                    self.warning(
                        span,
                        format!(
                            "opgegeven {what} ({stated_text}) is niet te controleren: {open} van de regels {} {value} nog open",
                            if open == 1 { "heeft" } else { "hebben" }
                        ),
                        fill,
                    )
                }
            }
        }
    }

    fn results(&mut self, r: &src::ResultsFile) -> Results {
        let years = self.results_years(r);
        self.limit(&r.measures, |m| m.number.span(), "maten");
        self.limit(&r.footnotes, |f| f.sign.span(), "voetnoten");
        for m in &r.measures {
            self.limit(
                &m.rows,
                |row| row.value.as_ref().map_or(m.number.span(), |v| v.span()),
                "regels in een maat",
            );
            for row in &m.rows {
                self.limit(
                    &row.breakdown,
                    |p| p.description.span(),
                    "regels in een uitsplitsing",
                );
                self.limit(&row.parts, |p| p.description.span(), "delen");
            }
        }
        let signs: Vec<String> = r
            .footnotes
            .iter()
            .map(|f| f.sign.get_ref().clone())
            .collect();
        let mut ids: Vec<(String, Range<usize>)> = Vec::new();
        let measures = r
            .measures
            .iter()
            .map(|m| {
                let what = m.description.as_ref().map_or_else(
                    || format!("maat {}", m.number.get_ref()),
                    |d| d.get_ref().clone(),
                );
                let id = m.number.get_ref().to_string();
                ids.push((id.clone(), m.number.span()));
                let value = self.value(&m.value, &years, &what);
                if let Some(f) = &m.footnote {
                    self.footnote_ref(f, &signs);
                }
                if m.value.is_some() && !m.rows.is_empty() {
                    self.error(
                        m.number.span(),
                        "een maat heeft een waarde of regels, niet beide",
                        "zet de waarde in een [[maat.regel]]",
                    );
                }
                let rows = m
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let row_id = match &row.label {
                            Some(l) => format!("{id}{}", l.get_ref()),
                            None => format!("{id}.{}", i + 1),
                        };
                        let span = row.label.as_ref().map_or_else(
                            || row.value.as_ref().map_or(m.number.span(), |v| v.span()),
                            |l| l.span(),
                        );
                        ids.push((row_id.clone(), span));
                        self.measure_row(row, row_id, &years, &what, &signs)
                    })
                    .collect();
                Measure {
                    id,
                    number: *m.number.get_ref(),
                    description: self.line_opt(&m.description),
                    value,
                    unit: m.unit.as_ref().map(|u| *u.get_ref()).unwrap_or_default(),
                    footnote: m.footnote.as_ref().map(|f| f.get_ref().clone()),
                    rows,
                }
            })
            .collect();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, span) in &ids {
            let n = seen.entry(id.as_str()).or_default();
            *n += 1;
            if *n == 2 {
                self.error(
                    span.clone(),
                    format!("maat of regel `{id}` staat er twee keer in"),
                    "geef elke maat een eigen `nummer` en elke regel in een maat een eigen `label`: het resultatenblad vindt de cijfers aan dit kenmerk",
                );
            }
        }
        let footnotes = r
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| self.footnote(f, i, &years))
            .collect();
        Results {
            title: self.heading(&r.title),
            years,
            measures,
            footnotes,
        }
    }

    /// The years of the results file: `jaar` or `jaren`, checked.
    fn results_years(&mut self, r: &src::ResultsFile) -> Vec<i32> {
        const MAX_YEARS: usize = 6;
        let year = |cx: &mut Self, y: &Spanned<i64>| {
            let v = *y.get_ref();
            if !(1900..=2200).contains(&v) {
                cx.error(
                    y.span(),
                    format!("{v} is geen jaar waarover het plan cijfers kan geven"),
                    "schrijf het jaar voluit, zoals 2022",
                );
            }
            i32::try_from(v).unwrap_or(0)
        };
        match (&r.year, &r.years) {
            (Some(one), Some(many)) => {
                self.error(
                    many.span(),
                    "`jaar` en `jaren` staan er allebei",
                    "houd er één: `jaar = 2022` voor cijfers over één jaar, `jaren = [2022, 2023]` voor meer jaren",
                );
                vec![year(self, one)]
            }
            (Some(one), None) => vec![year(self, one)],
            (None, Some(many)) => {
                let list: Vec<i32> = many.get_ref().iter().map(|y| year(self, y)).collect();
                if list.is_empty() {
                    self.error(
                        many.span(),
                        "`jaren` is leeg",
                        "noem minstens één jaar, zoals `jaren = [2022]`",
                    );
                    return vec![0];
                }
                if let Some(over) = many.get_ref().get(MAX_YEARS) {
                    self.error(
                        over.span(),
                        format!("te veel jaren ({}; hoogstens {MAX_YEARS})", list.len()),
                        "de bijlage heeft een kolom per jaar; laat de oudste jaren weg",
                    );
                }
                for (pair, y) in list.windows(2).zip(&many.get_ref()[1..]) {
                    if pair[1] <= pair[0] {
                        self.error(
                            y.span(),
                            format!("{} staat na {} in `jaren`", pair[1], pair[0]),
                            "noem elk jaar één keer, van oud naar nieuw, zoals `jaren = [2022, 2023]`",
                        );
                    }
                }
                list
            }
            (None, None) => {
                self.error(
                    r.title.span(),
                    "verplichte sleutel `jaar` ontbreekt",
                    "voeg `jaar = 2022` toe (het jaar van de cijfers), of `jaren = [2022, 2023]` voor meer jaren",
                );
                vec![0]
            }
        }
    }

    fn value(
        &mut self,
        v: &Option<Spanned<Yearly<u64>>>,
        years: &[i32],
        what: &str,
    ) -> Option<PerYear<u64>> {
        v.as_ref().map(|v| self.yearly(v, years, what))
    }

    /// A value per year: one value when the file has one year, else a table
    /// with exactly the file's years. Marks every open year as open.
    fn yearly<T: Copy>(&mut self, v: &Spanned<Yearly<T>>, years: &[i32], what: &str) -> PerYear<T> {
        let open_what = |year: i32| {
            if years.len() == 1 {
                what.to_string()
            } else {
                format!("{what} ({year})")
            }
        };
        let list = || {
            years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match v.get_ref() {
            Yearly::One(x) => {
                if years.len() > 1 {
                    let example: Vec<String> = years.iter().map(|y| format!("{y} = ...")).collect();
                    self.error(
                        v.span(),
                        format!("hier hoort een waarde per jaar: dit bestand heeft de jaren {}", list()),
                        format!(
                            "schrijf een tabel, zoals {{ {} }}; \"open\" voor een jaar waarvan het cijfer nog niet bekend is",
                            example.join(", ")
                        ),
                    );
                }
                if x.is_open() {
                    self.mark_open(v.span(), open_what(years[0]));
                }
                vec![*x; years.len()]
            }
            Yearly::PerYear(entries) => {
                let mut out: Vec<Option<OpenOr<T>>> = vec![None; years.len()];
                for (key, value) in entries {
                    let at = key
                        .get_ref()
                        .parse::<i32>()
                        .ok()
                        .and_then(|y| years.iter().position(|&z| z == y));
                    match at {
                        Some(i) => {
                            if value.get_ref().is_open() {
                                self.mark_open(value.span(), open_what(years[i]));
                            }
                            out[i] = Some(*value.get_ref());
                        }
                        None => self.error(
                            key.span(),
                            format!("onbekend jaar `{}` in deze waarde", key.get_ref()),
                            format!(
                                "de jaren van dit bestand zijn {} (`jaar` of `jaren` bovenaan); voeg het jaar daar toe of verbeter het hier",
                                list()
                            ),
                        ),
                    }
                }
                let missing: Vec<String> = years
                    .iter()
                    .zip(&out)
                    .filter(|(_, v)| v.is_none())
                    .map(|(y, _)| y.to_string())
                    .collect();
                if let Some(first) = missing.first() {
                    self.error(
                        v.span(),
                        format!("de waarde voor {} ontbreekt", missing.join(", ")),
                        format!(
                            "voeg {first} = ... toe aan de tabel; schrijf \"open\" als het cijfer nog niet bekend is"
                        ),
                    );
                }
                out.into_iter().map(|v| v.unwrap_or(OpenOr::Open)).collect()
            }
        }
    }

    fn footnote_ref(&mut self, f: &Spanned<String>, signs: &[String]) {
        if !signs.contains(f.get_ref()) {
            self.unknown_ref(f, "voetnoot", signs);
        }
    }

    fn measure_row(
        &mut self,
        row: &src::MeasureRow,
        id: String,
        years: &[i32],
        measure: &str,
        signs: &[String],
    ) -> MeasureRow {
        let what = match (&row.label, &row.description) {
            (_, Some(d)) => d.get_ref().clone(),
            (Some(l), None) => format!("{measure}, regel {}", l.get_ref()),
            _ => measure.to_string(),
        };
        let value = self.value(&row.value, years, &what);
        if let Some(f) = &row.footnote {
            self.footnote_ref(f, signs);
        }
        let part = |cx: &mut Self, k: usize, p: &src::Part| {
            let value = cx.yearly(
                &p.value,
                years,
                &format!("{what}: {}", p.description.get_ref()),
            );
            if let Some(f) = &p.footnote {
                cx.footnote_ref(f, signs);
            }
            MeasurePart {
                id: format!("{id}.{}", k + 1),
                description: cx.line(&p.description),
                value,
                footnote: p.footnote.as_ref().map(|f| f.get_ref().clone()),
            }
        };
        let breakdown: Vec<MeasurePart> = row
            .breakdown
            .iter()
            .enumerate()
            .map(|(k, p)| part(self, k, p))
            .collect();
        let parts: Vec<MeasurePart> = row
            .parts
            .iter()
            .enumerate()
            .map(|(k, p)| part(self, breakdown.len() + k, p))
            .collect();
        if let (Some(values), false) = (&value, breakdown.is_empty()) {
            for (i, total) in values.iter().enumerate() {
                let OpenOr::Known(total) = *total else {
                    continue;
                };
                // Summed in 128 bits: a breakdown can never wrap around to its total.
                let known: Option<u128> = breakdown
                    .iter()
                    .map(|p| p.value[i].known().map(|&v| u128::from(v)))
                    .sum();
                if let Some(sum) = known
                    && sum != u128::from(total)
                {
                    let span = row.value.as_ref().map_or(0..0, |v| v.span());
                    let (sum, total) = (
                        crate::format::thousands(u64::try_from(sum).unwrap_or(u64::MAX)),
                        crate::format::thousands(total),
                    );
                    let message = if years.len() > 1 {
                        format!(
                            "in {} telt de uitsplitsing op tot {sum}, maar de waarde is {total}",
                            years[i]
                        )
                    } else {
                        format!("de uitsplitsing telt op tot {sum}, maar de waarde is {total}")
                    };
                    self.error(span, message, "pas de uitsplitsing of de waarde aan");
                }
            }
        }
        let wording = row
            .wording
            .as_ref()
            .map(|w| self.wording(w, breakdown.len()));
        MeasureRow {
            id,
            label: self.line_opt(&row.label),
            description: self.line_opt(&row.description),
            value,
            unit: row.unit.as_ref().map(|u| *u.get_ref()).unwrap_or_default(),
            footnote: row.footnote.as_ref().map(|f| f.get_ref().clone()),
            breakdown,
            wording,
            parts,
        }
    }

    /// Parses a `waarde_tekst`: `{waarde}` and `{1}` to `{parts}`, each once,
    /// and `{jaar}` as often as the editor likes.
    fn wording(&mut self, w: &Spanned<String>, parts: usize) -> Vec<WordingSegment> {
        self.plain(w, text::Kind::Note);
        let names = || {
            let mut names = vec!["{waarde}".to_string()];
            names.extend((1..=parts).map(|i| format!("{{{i}}}")));
            names
        };
        let mut segments = Vec::new();
        let mut used = vec![0usize; parts + 1];
        let mut rest = w.get_ref().as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            segments.push(WordingSegment::Text(rest[..open].to_string()));
            if name == "jaar" {
                segments.push(WordingSegment::Year);
                rest = &rest[open + close + 1..];
                continue;
            }
            let index = match name {
                "waarde" => Some(0),
                n => n.parse::<usize>().ok().filter(|i| (1..=parts).contains(i)),
            };
            match index {
                Some(0) => segments.push(WordingSegment::Value),
                Some(i) => segments.push(WordingSegment::Part(i - 1)),
                None => self.error(
                    w.span(),
                    format!("onbekende plaatshouder {{{name}}} in `waarde_tekst`"),
                    format!(
                        "gebruik {}: de waarde en de delen van `uitsplitsing`, in hun volgorde (en eventueel {{jaar}})",
                        names().join(", ")
                    ),
                ),
            }
            if let Some(i) = index {
                used[i] += 1;
            }
            rest = &rest[open + close + 1..];
        }
        segments.push(WordingSegment::Text(rest.to_string()));
        let wrong: Vec<String> = names()
            .into_iter()
            .zip(&used)
            .filter(|(_, n)| **n != 1)
            .map(|(name, _)| name)
            .collect();
        if !wrong.is_empty() {
            self.error(
                w.span(),
                format!(
                    "`waarde_tekst` noemt {} niet precies één keer",
                    wrong.join(", ")
                ),
                "noem de waarde en elk deel van `uitsplitsing` precies één keer, zodat de tekst bij de getallen blijft passen",
            );
        }
        segments
    }

    fn footnote(&mut self, f: &src::Footnote, index: usize, years: &[i32]) -> Footnote {
        self.plain(&f.text, text::Kind::Note);
        let amounts: BTreeMap<&str, PerYear<Euro>> = f
            .values
            .iter()
            .map(|(name, v)| {
                let what = format!("voetnoot {}: {name}", f.sign.get_ref());
                (name.as_str(), self.yearly(v, years, &what))
            })
            .collect();
        let text = f.text.get_ref();
        let mut segments = Vec::new();
        let mut used = BTreeSet::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            segments.push(FootnoteSegment::Text(rest[..open].to_string()));
            match amounts.get(name) {
                Some(values) => {
                    segments.push(FootnoteSegment::Amount {
                        id: format!("voetnoot{}.{name}", index + 1),
                        values: values.clone(),
                    });
                    used.insert(name.to_string());
                }
                None => {
                    let names: Vec<String> = f.values.keys().cloned().collect();
                    let hint = match closest(name, &names) {
                        Some(b) => {
                            format!("bedoel je {{{b}}}? Anders: voeg {name} toe aan `waarden`")
                        }
                        None => format!("voeg {name} = ... toe aan `waarden`"),
                    };
                    self.error(
                        f.text.span(),
                        format!("onbekende plaatshouder {{{name}}} in de voetnoot"),
                        hint,
                    );
                }
            }
            rest = &rest[open + close + 1..];
        }
        segments.push(FootnoteSegment::Text(rest.to_string()));
        for (name, v) in &f.values {
            if !used.contains(name) {
                self.error(
                    v.span(),
                    format!("waarde `{name}` wordt in de tekst niet gebruikt"),
                    format!("zet {{{name}}} in de tekst of verwijder de waarde"),
                );
            }
        }
        Footnote {
            sign: self.line(&f.sign),
            segments,
        }
    }
}
