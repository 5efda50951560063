//! What the document says, in order: the cover and contents, the board,
//! each district and theme (with the field bookmarks the importer maps edits
//! back by), the organisation with the budget on its own landscape pages,
//! and the results. Mirrors `layouts/uitvoeringsplan.typ`.

use docx_rs::{
    FieldCharType, Hyperlink, HyperlinkType, InstrText, PageMargin, PageOrientationType, PageSize,
    Paragraph, Run, SectionProperty, Shading,
};
use docx_rs::{FooterReference, HeaderReference};

use super::blocks::{inline, internal_link, link, rich};
use super::body::{BodyChild, Composer, numbered, text};
use super::fields;
use super::figures::{self, figures};
use super::revisions;
use super::styles::{
    A4, CAPTION, HEADINGS, House, INSTRUCTIE, NORMAL, REFERENTIE, TERUGBLIK, TITEL, TOC,
    TOC_HEADING, VOETNOOT, VOORUITBLIK, half_points, hex,
};
use super::tables;
use crate::model::richtext::RichText;
use crate::render::view::{District, Labels, Reference, Theme, View};

/// Relationship ids docx-rs gives the header and footer parts, in the order
/// `mod.rs` adds them: the default ones, then the empty first-page ones.
pub const HEADER_RID: &str = "rIdHeader1";
pub const FOOTER_RID: &str = "rIdFooter1";
pub const FIRST_HEADER_RID: &str = "rIdHeader2";
pub const FIRST_FOOTER_RID: &str = "rIdFooter2";

/// The field instruction of the contents: heading levels 1 and 2 (as in
/// the PDF), as links.
pub const TOC_FIELD: &str = r#"TOC \o "1-2" \h"#;

/// Deepest heading level the contents list.
const TOC_DEPTH: usize = 2;

/// Which section a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Plan,
    /// Index into `view.districts`.
    District(usize),
    /// Index into `view.themes`.
    Theme(usize),
}

/// A heading; `level` is absolute (1..=4). `new_page` starts a page unless
/// a section break just did. A heading with an anchor, up to [`TOC_DEPTH`],
/// is listed in the contents.
fn heading(body: &mut Composer, level: usize, s: &str, new_page: bool, anchor: Option<String>) {
    let mut p = Paragraph::new()
        .style(HEADINGS[level.clamp(1, 4) - 1])
        .add_run(text(s));
    if new_page && !std::mem::take(&mut body.fresh_page) {
        p = p.page_break_before(true);
    }
    body.fresh_page = false;
    if let Some(a) = anchor {
        p = body.anchored(p, &a);
        if level <= TOC_DEPTH {
            body.contents.push((level, s.to_string(), a));
        }
    }
    body.paragraph(p);
}

/// [`heading`] of the text at `at` in the part being written, with its
/// words as revisions when it changed.
fn heading_at(
    body: &mut Composer,
    level: usize,
    s: &str,
    new_page: bool,
    anchor: Option<String>,
    at: &str,
) {
    heading(body, level, s, new_page, anchor);
    revise_last(body, at);
}

/// A paragraph set in a light box, like the PDF's `kader` (links to full plans).
fn boxed(body: &Composer, mut p: Paragraph) -> Paragraph {
    p.property = p
        .property
        .shading(Shading::new().fill(hex(&body.house.kleur.licht)));
    p
}

fn plain(body: &mut Composer, style: &str, s: &str) {
    body.fresh_page = false;
    body.paragraph(Paragraph::new().style(style).add_run(text(s)));
}

/// [`plain`] of the text at `at` in the part being written: with change
/// marks, its words as revisions when it changed.
fn plain_at(body: &mut Composer, style: &str, s: &str, at: &str) {
    plain(body, style, s);
    revise_last(body, at);
}

/// With change marks, the paragraph just written (a heading, a caption:
/// one text) as revisions when the text at `at` of the part changed.
fn revise_last(body: &mut Composer, at: &str) {
    let Some((old, date)) = body.was(at) else {
        return;
    };
    if let Some(BodyChild::Paragraph(p)) = body.items.last_mut() {
        revisions::retext(p, &old, date);
    }
}

/// Rich text that is not a field of a section document (the cover's,
/// the board's and the organisation's), at `at` in the part being
/// written: with change marks, as revisions when it changed.
fn rich_at(body: &mut Composer, at: &str, blocks: &RichText, style: &str) {
    match body.steps(at) {
        Some((steps, date)) => revisions::rich(body, blocks, steps, style, date),
        None => rich(body, blocks, style),
    }
}

/// A table (written by `write` from `new`) of the part being written;
/// with change marks in that part, revised against the same table as the
/// earlier version wrote it (`old` finds its data in the earlier view;
/// None when it had none). Unchanged rows and cells stay as they are, so
/// an unchanged table is the plain one.
fn tracked<'a, T: ?Sized>(
    body: &mut Composer<'a>,
    new: &T,
    old: Option<&T>,
    write: impl Fn(&mut Composer<'a>, &T),
) {
    let at = body.items.len();
    write(body, new);
    let Some(marks) = body.marks else { return };
    // An unchanged part is written plain; a new one is inserted whole.
    if marks.part(&body.part).is_none_or(|p| p.added) {
        return;
    }
    let keys = std::mem::take(&mut body.row_keys);
    let old = old.and_then(|t| {
        let mut scratch = Composer::new(body.house.clone(), body.whole, body.images);
        scratch.level = body.level;
        write(&mut scratch, t);
        let keys = std::mem::take(&mut scratch.row_keys);
        revisions::Earlier::from(scratch.items, keys)
    });
    revisions::table(&mut body.items[at..], &keys, old, &marks.date);
}

/// With change marks, the earlier version's view.
fn earlier<'a>(body: &Composer<'a>) -> Option<&'a View> {
    body.marks.and_then(|m| m.old.as_deref())
}

/// The earlier version's district with `anchor`.
fn old_district<'v>(old: &'v View, anchor: &str) -> Option<&'v District> {
    old.districts.iter().find(|d| d.anchor == anchor)
}

/// The runs of a field: begin, instruction, separator, shown result, end.
pub fn field(instr: &str, result: &str, dirty: bool) -> Vec<Run> {
    let mut runs = field_start(instr, dirty);
    runs.extend([text(result), field_end()]);
    runs
}

/// The runs that open a field up to its shown result: begin, instruction, separator.
fn field_start(instr: &str, dirty: bool) -> Vec<Run> {
    vec![
        Run::new().add_field_char(FieldCharType::Begin, dirty),
        Run::new().add_instr_text(InstrText::Unsupported(format!(" {instr} "))),
        Run::new().add_field_char(FieldCharType::Separate, false),
    ]
}

fn field_end() -> Run {
    Run::new().add_field_char(FieldCharType::End, false)
}

/// Page setup of a section (the header and footer parts are shared by all
/// sections; the first section of the whole plan has an empty cover header).
pub fn section_property(house: &House, landscape: bool, title_page: bool) -> SectionProperty {
    let (top, right, bottom, left) = house.margins();
    let (w, h) = if landscape { (A4.1, A4.0) } else { A4 };
    let mut size = PageSize::new().size(w, h);
    if landscape {
        size = size.orient(PageOrientationType::Landscape);
    }
    let mut s = SectionProperty::new().page_size(size).page_margin(
        PageMargin::new()
            .top(top)
            .right(right)
            .bottom(bottom)
            .left(left)
            .header(top / 2)
            .footer(bottom / 2)
            .gutter(0),
    );
    s.header_reference = Some(HeaderReference::new("default", HEADER_RID));
    s.footer_reference = Some(FooterReference::new("default", FOOTER_RID));
    if title_page {
        s.first_header_reference = Some(HeaderReference::new("first", FIRST_HEADER_RID));
        s.first_footer_reference = Some(FooterReference::new("first", FIRST_FOOTER_RID));
        s.title_pg = true;
    }
    s
}

/// Ends the current section (portrait, or landscape when `landscape`).
fn section_break(body: &mut Composer, landscape: bool) {
    let title_page = body.whole && !body.title_page_done;
    body.title_page_done = true;
    let s = section_property(&body.house, landscape, title_page);
    body.paragraph(Paragraph::new().style(NORMAL).section_property(s));
    body.fresh_page = true;
}

/// Writes the document for `part`.
pub fn write(body: &mut Composer, view: &View, part: Scope) {
    match part {
        Scope::Plan => plan(body, view),
        Scope::District(i) => {
            let d = &view.districts[i];
            let what = format!("{} {}", view.labels.district, d.name);
            section_cover(body, view, &what, &d.open, view.labels.instructions_edit);
            reference(body, view, d.reference.as_ref());
            district(body, view, i);
        }
        Scope::Theme(i) => {
            let t = &view.themes[i];
            section_cover(
                body,
                view,
                &t.title,
                &t.open,
                view.labels.instructions_edit_theme,
            );
            reference(body, view, t.reference.as_ref());
            theme(body, view, i);
        }
    }
}

/// The top of a section document: the plan's title, what this part is,
/// the draft note with this section's own count of open values, and the
/// instruction block for the district staff.
fn section_cover(body: &mut Composer, view: &View, what: &str, open: &[String], edit: &str) {
    let m = &view.meta;
    let l = &view.labels;
    plain(body, TITEL, &m.title);
    let p = Paragraph::new()
        .style(NORMAL)
        .add_run(text(what).bold())
        .add_run(text(&format!(" — {} {}", m.status, m.shown_date())));
    body.paragraph(p);
    if m.concept {
        let note = format!(
            "{} {} {}.",
            l.section_draft,
            l.section_open,
            crate::format::thousands(open.len() as u64)
        );
        let r = text(&note)
            .color(hex(&body.house.kleur.concept))
            .size(half_points(body.house.omslag.concept));
        body.paragraph(Paragraph::new().style(NORMAL).add_run(r));
    }
    instructions(body, view, open, edit);
}

/// With change marks (`build --since`): the line on the whole plan's
/// cover that says since which version the changes are tracked, as the
/// PDF's cover has it (a section document has it in its instruction block).
fn marks_note(body: &mut Composer) {
    if let Some(marks) = body.marks {
        let r = text(&marks.note).size(half_points(body.house.omslag.concept));
        body.paragraph(Paragraph::new().style(NORMAL).add_run(r));
    }
}

/// The instruction block: paragraphs in the `Instructie` style, which the
/// importer skips wherever they are (edited, shortened or deleted, they
/// change nothing). Not a field: no bookmark.
/// `edit` says what to change (a district's or a theme's fields differ).
fn instructions(body: &mut Composer, view: &View, open: &[String], edit: &str) {
    let l = &view.labels;
    let para = |s: &str| Paragraph::new().style(INSTRUCTIE).add_run(text(s));
    body.paragraph(
        Paragraph::new()
            .style(INSTRUCTIE)
            .add_run(text(l.instructions_title).bold()),
    );
    // With change marks (`build --since`): since which version, in the
    // block the importer skips.
    if let Some(marks) = body.marks {
        body.paragraph(para(&marks.note));
    }
    for s in [edit, l.instructions_keep, l.instructions_review] {
        body.paragraph(para(s));
    }
    if open.is_empty() {
        body.paragraph(para(l.section_open_none));
    } else {
        let count = format!(
            "{} {}. {}",
            l.section_open,
            crate::format::thousands(open.len() as u64),
            l.section_open_where
        );
        body.paragraph(para(&count));
        for what in open {
            body.paragraph(para(&format!("•\u{a0}{what}")));
        }
    }
    let back = match &view.meta.round {
        Some(r) => {
            let mut s = format!("{} {}", l.instructions_return_to, r.contact);
            if let Some(by) = &r.return_by {
                s.push_str(&format!(" {} {by}", l.instructions_return_by));
            }
            s.push('.');
            s
        }
        None => l.instructions_return.to_string(),
    };
    body.paragraph(para(&back));
    body.paragraph(para(l.instructions_ignored));
}

/// The reference block under the instructions: the previous plan's
/// outlook (`[referentie]`, written by `new-period`), for whoever writes the
/// new one. Every paragraph is in the `Referentie` style, lists included,
/// and a quote is set as plain paragraphs, so the importer skips all of it
/// (edited or deleted, it changes nothing). Not a field: no bookmark.
fn reference(body: &mut Composer, view: &View, r: Option<&Reference>) {
    let Some(r) = r else { return };
    body.paragraph(
        Paragraph::new()
            .style(REFERENTIE)
            .add_run(text(&r.title).bold()),
    );
    body.paragraph(
        Paragraph::new()
            .style(REFERENTIE)
            .add_run(text(view.labels.reference_note).italic()),
    );
    rich(body, &unquoted(&r.outlook), REFERENTIE);
}

/// Rich text with its quotes set as their paragraphs (a quote has a style
/// of its own, which the reference block cannot have).
fn unquoted(blocks: &RichText) -> RichText {
    use crate::model::richtext::Block;
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Quote {
                blocks,
                attribution,
            } => {
                out.extend(unquoted(blocks));
                if let Some(a) = attribution {
                    out.push(Block::Paragraph { inlines: a.clone() });
                }
            }
            Block::List {
                ordered,
                start,
                items,
            } => out.push(Block::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(unquoted).collect(),
            }),
            other => out.push(other.clone()),
        }
    }
    out
}

fn concept_note(body: &mut Composer, view: &View) {
    let Some(note) = &view.meta.concept_note else {
        return;
    };
    let r = text(note)
        .color(hex(&body.house.kleur.concept))
        .size(half_points(body.house.omslag.concept));
    body.paragraph(Paragraph::new().style(NORMAL).add_run(r));
}

fn plan(body: &mut Composer, view: &View) {
    cover(body, view);
    contents_heading(body, &view.labels);
    let contents_at = body.items.len();
    board(body, view);
    heading(
        body,
        1,
        &view.nav.districts_title,
        true,
        Some("h_districten".into()),
    );
    for i in 0..view.districts.len() {
        moved_from(body, true, Some(&view.districts[i].anchor));
        district(body, view, i);
    }
    moved_from(body, true, None);
    heading(
        body,
        1,
        &view.nav.themes_title,
        true,
        Some("h_themas".into()),
    );
    for i in 0..view.themes.len() {
        moved_from(body, false, Some(&view.themes[i].anchor));
        theme(body, view, i);
    }
    moved_from(body, false, None);
    organisation(body, view);
    results(body, view);
    let entries = contents(body);
    body.items.splice(
        contents_at..contents_at,
        entries
            .into_iter()
            .map(|p| BodyChild::Paragraph(Box::new(p))),
    );
}

fn cover(body: &mut Composer, view: &View) {
    let m = &view.meta;
    let k = body.house.kleur.clone();
    let sizes = &body.house.omslag;
    let mut org = text(&m.organisation)
        .bold()
        .size(half_points(sizes.organisatie))
        .color(hex(&k.grijs));
    org.run_property = org.run_property.caps();
    body.part = "meta".to_string();
    body.paragraph(Paragraph::new().style(NORMAL).add_run(org));
    revise_last(body, "/organisation");
    plain_at(body, TITEL, &m.title, "/title");
    let slogan = text(&m.slogan)
        .size(half_points(body.house.omslag.slogan))
        .color(hex(&k.accent));
    body.paragraph(Paragraph::new().style(NORMAL).add_run(slogan));
    revise_last(body, "/slogan");
    tracked(body, view, earlier(body), facts);
    concept_note(body, view);
    marks_note(body);
    rich_at(body, "/intro", &m.intro, NORMAL);
}

/// The cover's facts (region, period, programme, status, date).
fn facts(body: &mut Composer, view: &View) {
    let m = &view.meta;
    let value = |s: &str| {
        Paragraph::new()
            .style(super::styles::TABELTEKST)
            .add_run(text(s))
    };
    let date = m.shown_date();
    let l = &view.labels;
    let facts = [
        (l.region, value(&m.region)),
        (l.period, value(&m.period)),
        (
            l.programme,
            value(&format!("{} ({})", m.programme, m.programme_short)),
        ),
        (
            l.status,
            Paragraph::new()
                .style(super::styles::TABELTEKST)
                .add_run(text(&m.status).bold()),
        ),
        (l.date, value(&date)),
    ];
    tables::facts(body, &facts);
}

fn contents_heading(body: &mut Composer, labels: &Labels) {
    let p = Paragraph::new()
        .style(TOC_HEADING)
        .page_break_before(true)
        .add_run(text(labels.contents));
    body.paragraph(p);
}

/// The contents: a TOC field, already filled with the headings written,
/// each a link to its heading, so that every reader shows it as it is. Page
/// numbers are not known here (LibreOffice does not compute a PAGEREF
/// inside the contents, and a dot leader to nothing reads as broken), so
/// the entries have none. The field is marked dirty: Word updates it, page
/// numbers included, on opening; the TOC styles carry the dot leader.
fn contents(body: &Composer) -> Vec<Paragraph> {
    let n = body.contents.len();
    body.contents
        .iter()
        .enumerate()
        .map(|(i, (level, title, bookmark))| {
            let mut p = Paragraph::new().style(TOC[(*level).clamp(1, TOC_DEPTH) - 1]);
            if i == 0 {
                for r in field_start(TOC_FIELD, true) {
                    p = p.add_run(r);
                }
            }
            p = p.add_hyperlink(
                Hyperlink::new(bookmark, HyperlinkType::Anchor).add_run(text(title)),
            );
            if i + 1 == n {
                p = p.add_run(field_end());
            }
            p
        })
        .collect()
}

fn board(body: &mut Composer, view: &View) {
    let b = &view.board;
    body.part = "bestuur".to_string();
    heading_at(body, 1, &b.title, true, Some("h_bestuur".into()), "/title");
    rich_at(body, "/intro", &b.intro, NORMAL);
    tracked(body, b, earlier(body).map(|o| &o.board), tables::board);
    if let Some(note) = &b.note {
        plain_at(body, VOETNOOT, note, "/note");
    }
    plain_at(body, VOETNOOT, &b.open_legend, "/open_legend");
}

fn district(body: &mut Composer, view: &View, i: usize) {
    let d: &District = &view.districts[i];
    let m = &view.meta;
    let l = body.level;
    body.prefix = if body.whole {
        format!("d{}_", i + 1)
    } else {
        String::new()
    };
    body.part = d.anchor.clone();
    let start = body.items.len();
    let anchor = body.whole.then(|| format!("h_d{}", i + 1));
    let new_page = body.whole && i > 0;
    heading_at(body, l, &d.name, new_page, anchor, "/name");
    moved_heading(body);
    if d.plan_url.is_some() || d.partner_url.is_some() {
        let mut p = Paragraph::new().style(NORMAL);
        if let Some(url) = &d.plan_url {
            p = p
                .add_run(text(&format!("{} ", view.labels.district_plan)))
                .add_hyperlink(link(url, view.labels.district_plan_link))
                .add_run(text(". "));
        }
        if let Some(url) = &d.partner_url {
            p = p
                .add_run(text(&format!("{} ", view.labels.partner_part)))
                .add_hyperlink(link(
                    url,
                    &format!("{} {}", view.labels.partner_part_link, d.name),
                ))
                .add_run(text("."));
        }
        let p = boxed(body, p);
        body.paragraph(p);
    }
    heading(body, l + 1, &m.lookback_title, false, None);
    prose_field(body, &fields::DISTRICT_LOOKBACK, None, &d.lookback);
    heading(body, l + 1, &m.outlook_title, false, None);
    prose_field(body, &fields::DISTRICT_OUTLOOK, None, &d.outlook);
    if !d.targets.is_empty() {
        heading(body, l + 1, view.labels.targets, false, None);
        body.field(&fields::DISTRICT_TARGETS.name(None), |b| {
            let old = earlier(b)
                .and_then(|old| old_district(old, &d.anchor))
                .map(|o| &o.targets[..])
                .filter(|t| !t.is_empty());
            tracked(b, &d.targets[..], old, |b, t| {
                tables::targets(b, &view.labels, t)
            });
        });
    }
    if let Some(mx) = &d.matrix {
        heading(body, l + 1, view.labels.matrix, false, None);
        plain_at(body, CAPTION, &mx.caption, "/matrix/caption");
        body.field(&fields::DISTRICT_MATRIX.name(None), |b| {
            let old = earlier(b)
                .and_then(|old| old_district(old, &d.anchor))
                .and_then(|o| o.matrix.as_ref());
            tracked(b, mx, old, tables::matrix);
        });
        plain_at(body, VOETNOOT, &mx.legend, "/matrix/legend");
        if let Some(note) = &mx.note {
            plain_at(body, VOETNOOT, note, "/matrix/note");
        }
        plain(
            body,
            VOETNOOT,
            &format!("{} {}", view.labels.in_words, mx.summary),
        );
        if let Some((old, date)) = body.was("/matrix/summary")
            && let Some(BodyChild::Paragraph(p)) = body.items.last_mut()
        {
            revisions::retext(p, &format!("{} {old}", view.labels.in_words), date);
        }
    }
    for (n, t) in d.themes.iter().enumerate() {
        heading_at(
            body,
            l + 1,
            &t.title,
            false,
            None,
            &format!("/themes/{n}/title"),
        );
        prose_field(body, &fields::DISTRICT_THEME, Some(n), &t.text);
        if let Some(r) = &t.regional {
            let mut p = Paragraph::new()
                .style(VOETNOOT)
                .add_run(text(&format!("{} ", view.labels.see_regional)));
            let target = view.themes.iter().position(|x| x.anchor == r.anchor);
            p = match target {
                Some(k) if body.whole => {
                    p.add_hyperlink(internal_link(&format!("h_t{}", k + 1), &r.label))
                }
                _ => p.add_run(text(&r.label)),
            };
            body.paragraph(p.add_run(text(".")));
        }
    }
    figures(body, &d.figures);
    body.prefix.clear();
    inserted_if_new(body, start);
}

fn theme(body: &mut Composer, view: &View, i: usize) {
    let t: &Theme = &view.themes[i];
    let m = &view.meta;
    let l = body.level;
    body.prefix = if body.whole {
        format!("t{}_", i + 1)
    } else {
        String::new()
    };
    body.part = t.anchor.clone();
    let start = body.items.len();
    let anchor = body.whole.then(|| format!("h_t{}", i + 1));
    let new_page = body.whole && i > 0;
    heading_at(body, l, &t.title, new_page, anchor, "/title");
    moved_heading(body);
    if let Some(fp) = &t.full_plan {
        let p = Paragraph::new().style(NORMAL);
        let p = match &fp.url {
            Some(url) => p.add_hyperlink(link(url, &fp.text)),
            None => p.add_run(text(&fp.text)),
        };
        let p = boxed(body, p);
        body.paragraph(p);
    }
    prose_field(body, &fields::THEME_INTRO, None, &t.intro);
    // A section document shows empty headed fields too, to be filled in.
    if !t.lookback.is_empty() || !body.whole {
        heading(body, l + 1, &m.lookback_title, false, None);
        prose_field(body, &fields::THEME_LOOKBACK, None, &t.lookback);
    }
    if !t.outlook.is_empty() || !body.whole {
        heading_at(body, l + 1, &t.outlook_title, false, None, "/outlook_title");
        prose_field(body, &fields::THEME_OUTLOOK, None, &t.outlook);
    }
    if !t.goals.is_empty() {
        // Under the outlook's heading, or the theme's when there is none
        // (heading levels skip none, as in the PDF).
        let under_outlook = !body.whole || !t.lookback.is_empty() || !t.outlook.is_empty();
        heading_at(
            body,
            if under_outlook { l + 2 } else { l + 1 },
            &t.goals_title,
            false,
            None,
            "/goals_title",
        );
        let steps = revisions::pointer(&fields::THEME_GOALS, None).and_then(|p| body.steps(&p));
        body.field(&fields::THEME_GOALS.name(None), |b| {
            let num = b.ordered(1, 0);
            if let Some((steps, date)) = steps {
                let style = fields::THEME_GOALS.style;
                revisions::numbered_paragraphs(b, &t.goals, steps, style, num, date);
                b.end_list();
                return;
            }
            for g in &t.goals {
                let p = numbered(Paragraph::new().style(fields::THEME_GOALS.style), num, 0);
                b.paragraph(inline(p, g));
            }
            b.end_list();
        });
    }
    for (n, s) in t.sections.iter().enumerate() {
        if let Some(title) = &s.title {
            heading_at(
                body,
                l + 1,
                title,
                false,
                None,
                &format!("/sections/{n}/title"),
            );
        }
        prose_field(body, &fields::THEME_PARAGRAPH, Some(n), &s.text);
    }
    if let Some(ind) = &t.in_districts {
        heading_at(body, l + 1, &ind.title, false, None, "/in_districts/title");
        prose_field(body, &fields::THEME_IN_DISTRICTS_INTRO, None, &ind.intro);
        for (n, x) in ind.districts.iter().enumerate() {
            let target = view.districts.iter().position(|d| d.anchor == x.anchor);
            let mut p = Paragraph::new().style(HEADINGS[(l + 2).min(4) - 1]);
            p = match target {
                Some(k) if body.whole => {
                    p.add_hyperlink(internal_link(&format!("h_d{}", k + 1), &x.name))
                }
                _ => p.add_run(text(&x.name)),
            };
            body.paragraph(p);
            if let Some((old, date)) = body.was(&format!("/in_districts/districts/{n}/name"))
                && let Some(BodyChild::Paragraph(p)) = body.items.last_mut()
            {
                revisions::retext(p, &old, date);
            }
            prose_field(body, &fields::THEME_IN_DISTRICT, Some(n), &x.text);
        }
    }
    figures(body, &t.figures);
    body.prefix.clear();
    inserted_if_new(body, start);
}

/// With change marks, a district or theme the earlier version did not
/// have (everything written for it from `items[start]`) as inserted.
fn inserted_if_new(body: &mut Composer, start: usize) {
    let Some(marks) = body.marks else { return };
    if marks.part(&body.part).is_some_and(|p| p.added) {
        revisions::inserted_all(&mut body.items[start..], &marks.date);
    }
}

/// With change marks, the heading just written of a district or theme
/// that only moved in the order: its text and mark as inserted here (the
/// whole plan has the heading deleted where it was, `moved_from`).
fn moved_heading(body: &mut Composer) {
    let Some(marks) = body.marks else { return };
    if !body.whole || marks.part(&body.part).is_none_or(|p| p.moved.is_none()) {
        return;
    }
    if let Some(BodyChild::Paragraph(p)) = body.items.last_mut() {
        revisions::inserted_paragraph(p, &marks.date);
    }
}

/// With change marks, where moved districts (or themes) were: their
/// earlier headings, deleted, before the section that followed them then
/// (`next`, an anchor; None after the last).
fn moved_from(body: &mut Composer, districts: bool, next: Option<&str>) {
    let Some(marks) = body.marks else { return };
    let Some(old) = marks.old.as_deref() else {
        return;
    };
    let order: Vec<(&str, &str)> = if districts {
        old.districts
            .iter()
            .map(|d| (d.anchor.as_str(), d.name.as_str()))
            .collect()
    } else {
        old.themes
            .iter()
            .map(|t| (t.anchor.as_str(), t.title.as_str()))
            .collect()
    };
    let moved = |a: &str| marks.part(a).is_some_and(|p| p.moved.is_some());
    for (i, (anchor, name)) in order.iter().enumerate() {
        if !moved(anchor) {
            continue;
        }
        let after = order[i + 1..].iter().map(|(a, _)| *a).find(|a| !moved(a));
        if after != next {
            continue;
        }
        let mut p = Paragraph::new()
            .style(HEADINGS[body.level.clamp(1, 4) - 1])
            .add_run(text(name));
        revisions::delete_paragraph(&mut p, &marks.date);
        body.paragraph(p);
    }
}

fn organisation(body: &mut Composer, view: &View) {
    let o = &view.organisation;
    let m = &view.meta;
    body.part = o.anchor.clone();
    heading_at(
        body,
        1,
        &o.title,
        true,
        Some("h_organisatie".into()),
        "/title",
    );
    rich_at(body, "/intro", &o.intro, NORMAL);
    for (i, p) in o.parts.iter().enumerate() {
        let at = |rest: &str| format!("/parts/{i}/{rest}");
        heading_at(
            body,
            2,
            &p.title,
            false,
            Some(format!("h_o{}", i + 1)),
            &at("title"),
        );
        rich_at(body, &at("text"), &p.text, NORMAL);
        if !p.lookback.is_empty() {
            heading(body, 3, &m.lookback_title, false, None);
            rich_at(body, &at("lookback"), &p.lookback, TERUGBLIK);
        }
        if !p.outlook.is_empty() {
            heading(body, 3, &m.outlook_title, false, None);
            rich_at(body, &at("outlook"), &p.outlook, VOORUITBLIK);
        }
        if p.budget {
            let num = body.ordered(1, 0);
            streams(body, view, i, num);
            body.end_list();
            rich_at(body, &at("closing"), &p.closing, NORMAL);
            budget(body, view);
            body.part = o.anchor.clone();
        }
    }
}

/// The funding streams of organisation part `i` (numbered with `num`);
/// with change marks, those that changed as revisions (a stream new or
/// gone as an inserted or deleted paragraph, by its name).
fn streams(body: &mut Composer, view: &View, i: usize, num: usize) {
    use crate::model::richtext::{Block, Inline};
    let part = &view.organisation.parts[i];
    let paragraph = |s: &crate::render::view::Stream| {
        let mut inlines = vec![
            Inline::Strong {
                inlines: vec![Inline::Text {
                    text: format!("{}:", s.name),
                }],
            },
            Inline::Text {
                text: format!(" {} ", s.amount),
            },
        ];
        if let Some(Block::Paragraph { inlines: note }) = s.note.first() {
            inlines.extend(note.iter().cloned());
        }
        inlines
    };
    let changed = body
        .marks
        .zip(body.marks.and_then(|m| m.old.as_deref()))
        .filter(|(m, _)| {
            m.part(&body.part)
                .is_some_and(|p| !p.added && p.changed(&format!("/parts/{i}/streams")))
        });
    if let Some((marks, old)) = changed {
        let was: Vec<Vec<Inline>> = old
            .organisation
            .parts
            .iter()
            .find(|o| o.anchor == part.anchor)
            .map(|o| o.streams.iter().map(paragraph).collect())
            .unwrap_or_default();
        let now: Vec<Vec<Inline>> = part.streams.iter().map(paragraph).collect();
        let blocks = |ps: &[Vec<Inline>]| -> Vec<Block> {
            ps.iter()
                .map(|inlines| Block::Paragraph {
                    inlines: inlines.clone(),
                })
                .collect()
        };
        let steps = crate::render::marks::rich_steps(&blocks(&was), &blocks(&now));
        revisions::numbered_paragraphs(body, &now, &steps, NORMAL, num, &marks.date);
        return;
    }
    for s in &part.streams {
        let mut para = numbered(Paragraph::new().style(NORMAL), num, 0)
            .add_run(text(&format!("{}:", s.name)).bold())
            .add_run(text(&format!(" {} ", s.amount)));
        if let Some(Block::Paragraph { inlines }) = s.note.first() {
            para = inline(para, inlines);
        }
        body.paragraph(para);
    }
}

/// The budget on landscape pages: a section break before and after.
fn budget(body: &mut Composer, view: &View) {
    let b = &view.budget;
    body.part = b.anchor.clone();
    section_break(body, false);
    heading_at(
        body,
        3,
        &b.title,
        false,
        Some("h_begroting".into()),
        "/title",
    );
    let labels = &view.labels;
    tracked(body, b, earlier(body).map(|o| &o.budget), |body, b| {
        tables::budget(body, labels, b)
    });
    for (i, l) in b.legend.iter().enumerate() {
        plain_at(body, VOETNOOT, l, &format!("/legend/{i}"));
    }
    if !b.differences.is_empty() {
        plain_at(body, CAPTION, &b.differences_title, "/differences_title");
        let old = earlier(body)
            .map(|o| &o.budget)
            .filter(|o| !o.differences.is_empty());
        tracked(body, b, old, |body, b| tables::differences(body, labels, b));
    }
    section_break(body, true);
}

fn results(body: &mut Composer, view: &View) {
    let r = &view.results;
    heading(
        body,
        1,
        &view.nav.appendix_title,
        true,
        Some("h_bijlage".into()),
    );
    body.part = r.anchor.clone();
    heading_at(
        body,
        2,
        &r.title,
        false,
        Some("h_resultaten".into()),
        "/title",
    );
    // The table, its notes and the charts stay on one page, as in the PDF.
    tracked(body, r, earlier(body).map(|o| &o.results), tables::results);
    let keep = |body: &mut Composer, s: &str| {
        body.fresh_page = false;
        body.paragraph(
            Paragraph::new()
                .style(VOETNOOT)
                .keep_next(true)
                .add_run(text(s)),
        );
    };
    for (i, f) in r.footnotes.iter().enumerate() {
        keep(body, f);
        revise_last(body, &format!("/footnotes/{i}"));
    }
    if let Some(note) = &r.open_note {
        keep(body, note);
        revise_last(body, "/open_note");
    }
    // Each chart under its caption, as the PDF draws it (an image, when
    // there are images), and its figures in a table, for everyone.
    for (i, c) in r.charts.iter().enumerate() {
        plain_at(body, CAPTION, &c.title, &format!("/charts/{i}/title"));
        if let Some(image) = body.charts.get(i) {
            figures::chart(body, image, c, i);
        }
        let old = earlier(body).and_then(|o| o.results.charts.iter().find(|o| o.title == c.title));
        tracked(body, c, old, tables::chart);
    }
}

/// A field of prose in `style`. In a section document (to be revised in
/// Word) a field that is empty in the sources is one empty paragraph
/// holding its bookmark, so that it can be filled in and imported.
/// A prose field of the table in `fields` (item `n` of a numbered one), in
/// the field's style.
fn prose_field(body: &mut Composer, field: &fields::Spec, n: Option<usize>, text: &RichText) {
    let style = field.style;
    let steps = revisions::pointer(field, n).and_then(|p| body.steps(&p));
    body.field(&field.name(n), |b| {
        match steps {
            Some((steps, date)) => revisions::rich(b, text, steps, style, date),
            None => rich(b, text, style),
        }
        if text.is_empty() && !b.whole {
            b.paragraph(Paragraph::new().style(style));
        }
    });
}
