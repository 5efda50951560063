//! What each page says, in the order of the PDF: the cover with the plan's
//! facts and the board, a district, a theme, the organisation, the budget
//! and the results. Headings start at `<h1>` on every page and skip no level.

use maud::{Markup, html};

use super::rich::{blocks, inlines};
use super::site::{Page, PageKind, Site, url_path};
use super::{chart, tables};
use crate::render::view::{Figure, View};

/// The content of `page`.
pub fn content(view: &View, site: &Site, page: &Page) -> Markup {
    match page.kind {
        PageKind::Cover => cover(view),
        PageKind::District(i) => district(view, site, i),
        PageKind::Theme(i) => theme(view, site, i),
        PageKind::Organisation => organisation(view, site),
        PageKind::Budget => budget(view),
        PageKind::Results => results(view),
    }
}

fn cover(view: &View) -> Markup {
    let m = &view.meta;
    let l = &view.labels;
    let b = &view.board;
    html! {
        h1 { (m.title) }
        p.slogan { (m.slogan) }
        dl.feiten {
            div { dt { (l.region) } dd { (m.region) } }
            div { dt { (l.period) } dd { (m.period) } }
            div { dt { (l.programme) } dd { (m.programme) " (" (m.programme_short) ")" } }
            div { dt { (l.status) } dd { strong { (m.status) } } }
            div {
                dt { (l.date) }
                dd {
                    time datetime=(m.date_iso) { (m.date) }
                    @if let Some(note) = &m.date_note { " (" (note) ")" }
                }
            }
        }
        (blocks(&m.intro, None))
        section aria-labelledby="bestuur" {
            h2 id="bestuur" { (b.title) }
            (blocks(&b.intro, None))
            (tables::board(b))
            @if let Some(note) = &b.note { p.voetnoot { (note) } }
            p.voetnoot { (b.open_legend) }
        }
    }
}

fn district(view: &View, site: &Site, i: usize) -> Markup {
    let d = &view.districts[i];
    let m = &view.meta;
    let l = &view.labels;
    html! {
        h1 { (d.name) }
        @if d.plan_url.is_some() || d.partner_url.is_some() {
            p.kader {
                @if let Some(url) = &d.plan_url {
                    (l.district_plan) " " a href=(url) { (l.district_plan_link) } ". "
                }
                @if let Some(url) = &d.partner_url {
                    (l.partner_part) " " a href=(url) { (l.partner_part_link) " " (d.name) } "."
                }
            }
        }
        h2 { (m.lookback_title) }
        (blocks(&d.lookback, Some("terugblik")))
        h2 { (m.outlook_title) }
        (blocks(&d.outlook, Some("vooruitblik")))
        @if !d.targets.is_empty() {
            h2 { (l.targets) }
            (tables::targets(l, &d.targets))
        }
        @if let Some(mx) = &d.matrix {
            h2 { (l.matrix) }
            (tables::matrix(l, mx))
            p.voetnoot { (mx.legend) }
            @if let Some(note) = &mx.note { p.voetnoot { (note) } }
            p.voetnoot { (l.in_words) " " (mx.summary) }
        }
        @for t in &d.themes {
            h2 id=(t.anchor) { (t.title) }
            (blocks(&t.text, None))
            @if let Some(r) = &t.regional {
                p.voetnoot {
                    (l.see_regional) " "
                    @match site.href(&r.anchor) {
                        Some(href) => a href=(href) { (r.label) },
                        None => (r.label),
                    }
                    "."
                }
            }
        }
        (figures(&d.figures))
    }
}

fn theme(view: &View, site: &Site, i: usize) -> Markup {
    let t = &view.themes[i];
    let m = &view.meta;
    let has_prose = !t.lookback.is_empty() || !t.outlook.is_empty();
    html! {
        h1 { (t.title) }
        @if let Some(fp) = &t.full_plan {
            p.kader {
                @match &fp.url {
                    Some(url) => a href=(url) { (fp.text) },
                    None => (fp.text),
                }
            }
        }
        (blocks(&t.intro, None))
        @if !t.lookback.is_empty() {
            h2 { (m.lookback_title) }
            (blocks(&t.lookback, Some("terugblik")))
        }
        @if !t.outlook.is_empty() {
            h2 { (t.outlook_title) }
            (blocks(&t.outlook, Some("vooruitblik")))
        }
        @if !t.goals.is_empty() {
            // Under the outlook's heading, or the theme's when there is none.
            @if has_prose { h3 { (t.goals_title) } } @else { h2 { (t.goals_title) } }
            ol.doelen {
                @for g in &t.goals { li { (inlines(g)) } }
            }
        }
        @for s in &t.sections {
            @if let Some(title) = &s.title { h2 { (title) } }
            (blocks(&s.text, None))
        }
        @if let Some(ind) = &t.in_districts {
            h2 { (ind.title) }
            (blocks(&ind.intro, None))
            @for x in &ind.districts {
                h3 {
                    @match site.href(&x.anchor) {
                        Some(href) => a href=(href) { (x.name) },
                        None => (x.name),
                    }
                }
                (blocks(&x.text, None))
            }
        }
        (figures(&t.figures))
    }
}

fn organisation(view: &View, site: &Site) -> Markup {
    let o = &view.organisation;
    let m = &view.meta;
    let budget = site.page(PageKind::Budget);
    html! {
        h1 { (o.title) }
        (blocks(&o.intro, None))
        @for p in &o.parts {
            section aria-labelledby=(p.anchor) {
                h2 id=(p.anchor) { (p.title) }
                (blocks(&p.text, None))
                @if !p.lookback.is_empty() {
                    h3 { (m.lookback_title) }
                    (blocks(&p.lookback, Some("terugblik")))
                }
                @if !p.outlook.is_empty() {
                    h3 { (m.outlook_title) }
                    (blocks(&p.outlook, Some("vooruitblik")))
                }
                @if p.budget {
                    ol.stromen {
                        @for s in &p.streams {
                            li {
                                strong { (s.name) ":" } " " (s.amount) " "
                                @if let Some(crate::model::richtext::Block::Paragraph { inlines: i }) = s.note.first() {
                                    (inlines(i))
                                }
                            }
                        }
                    }
                    (blocks(&p.closing, None))
                    p.kader { a href=(budget.file) { (budget.title) } }
                }
            }
        }
    }
}

fn budget(view: &View) -> Markup {
    let b = &view.budget;
    html! {
        h1 { (b.title) }
        (tables::budget(&view.labels, b))
        @for l in &b.legend { p.voetnoot { (l) } }
        @if !b.differences.is_empty() {
            h2 { (b.differences_title) }
            (tables::differences(&view.labels, b))
        }
    }
}

fn results(view: &View) -> Markup {
    let r = &view.results;
    html! {
        p.bovenkop { (view.nav.appendix_title) }
        h1 { (r.title) }
        (tables::results(r))
        @for f in &r.footnotes { p.voetnoot { (f) } }
        @if let Some(note) = &r.open_note { p.voetnoot { (note) } }
        @for (i, c) in r.charts.iter().enumerate() {
            (chart::chart(&view.labels, c, i))
        }
    }
}

/// Figures with their alternative text and caption.
fn figures(figures: &[Figure]) -> Markup {
    html! {
        @for f in figures {
            figure.afbeelding {
                img src=(image_src(f)) alt=(f.alt) width=(f.width) height=(f.height);
                @if let Some(c) = &f.caption { figcaption { (c) } }
            }
        }
    }
}

/// The address of a figure's image inside the publication (its path under
/// the sources).
pub fn image_src(f: &Figure) -> String {
    let rel = f.src.strip_prefix("sources/").unwrap_or(&f.src);
    url_path(rel)
}
