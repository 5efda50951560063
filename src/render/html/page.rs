//! The frame of every page: the document head, the skip link, the header
//! with the plan's title and its CONCEPT state in words, the navigation
//! between the parts with the current one marked (`aria-current`), the
//! content in `<main>`, links to the page before and after, and the footer.

use maud::{DOCTYPE, Markup, html};

use super::STYLESHEET;
use super::site::{PageKind, Site};
use crate::render::view::View;

/// The id of `<main>`, the skip link's target.
const MAIN: &str = "inhoud";

/// Longest `<title>` with the plan's title after the part's.
const MAX_TITLE: usize = 70;

/// Page `index` of `site` around `content`.
pub fn page(view: &View, site: &Site, index: usize, content: Markup) -> Markup {
    let m = &view.meta;
    let l = &view.labels;
    let this = &site.pages[index];
    // The part, then the plan, unless that makes a title too long for a
    // tab or a search result.
    let title = match this.kind {
        PageKind::Cover => m.title.clone(),
        _ if this.title.chars().count() + m.title.chars().count() + 3 <= MAX_TITLE => {
            format!("{} – {}", this.title, m.title)
        }
        _ => this.title.clone(),
    };
    let previous = index.checked_sub(1).map(|i| &site.pages[i]);
    let next = site.pages.get(index + 1);
    html! {
        (DOCTYPE)
        html lang="nl" class="utrecht-html" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                meta name="description" content=(m.slogan);
                meta name="generator" content="uitvoeringsplan";
                link rel="stylesheet" href=(STYLESHEET);
            }
            body {
                a.skip href={ "#" (MAIN) } { (l.skip_to_content) }
                header.kop {
                    p.organisatie { (m.organisation) }
                    p.plan {
                        @if this.kind == PageKind::Cover {
                            (m.title)
                        } @else {
                            a href="index.html" { (m.title) }
                        }
                    }
                    @if let Some(note) = &m.concept_note {
                        p.concept {
                            strong.stempel { (l.concept) }
                            " "
                            (note)
                        }
                    }
                }
                div.raam {
                    (navigation(view, site, index))
                    main id=(MAIN) tabindex="-1" {
                        (content)
                        nav.bladeren aria-label=(l.paging) {
                            @if let Some(p) = previous {
                                a.vorige href=(p.file) rel="prev" {
                                    span.richting { (l.previous) }
                                    " "
                                    span.titel { (p.title) }
                                }
                            }
                            @if let Some(p) = next {
                                a.volgende href=(p.file) rel="next" {
                                    span.richting { (l.next) }
                                    " "
                                    span.titel { (p.title) }
                                }
                            }
                        }
                    }
                }
                footer.voet {
                    p {
                        (m.organisation) " · " (m.title) " · "
                        (l.status) " " (m.status) " · " (l.date) " " (m.date)
                        @if let Some(note) = &m.date_note { " (" (note) ")" }
                    }
                }
            }
        }
    }
}

/// The navigation: every page, grouped as the PDF's contents are.
fn navigation(view: &View, site: &Site, index: usize) -> Markup {
    let n = &view.nav;
    let current = site.pages[index].kind;
    let item = |kind: PageKind| {
        let p = site.page(kind);
        html! {
            li {
                a href=(p.file) aria-current=[(kind == current).then_some("page")] { (p.label) }
            }
        }
    };
    let group = |title: &str, kinds: Vec<PageKind>| {
        html! {
            li.groep {
                span.groepsnaam { (title) }
                ul { @for k in kinds { (item(k)) } }
            }
        }
    };
    html! {
        nav.navigatie aria-label=(view.labels.navigation) {
            ul {
                (item(PageKind::Cover))
                (group(&n.districts_title, (0..view.districts.len()).map(PageKind::District).collect()))
                (group(&n.themes_title, (0..view.themes.len()).map(PageKind::Theme).collect()))
                (item(PageKind::Organisation))
                (item(PageKind::Budget))
                (group(&n.appendix_title, vec![PageKind::Results]))
            }
        }
    }
}
