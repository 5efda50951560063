//! The pages of the publication, in reading order, and where every anchor
//! of the view lives: a part of the plan is a page (`district-<id>.html`),
//! a place inside it a fragment (`district-<id>.html#district-<id>-<thema>`).
//!
//! One page per part rather than one long page: a phone loads and scrolls
//! one district, not the whole plan; the navigation marks the part being
//! read; and each page is short enough to print on its own.

use std::collections::BTreeMap;

use crate::render::view::View;

/// What a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The cover, the plan's introduction and the board.
    Cover,
    /// Index into `view.districts`.
    District(usize),
    /// Index into `view.themes`.
    Theme(usize),
    Organisation,
    Budget,
    Results,
}

/// One page: its file name, its title (`<title>`, the links to the page
/// before and after) and its label in the navigation (the view's, short
/// as in the PDF's margin).
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub file: String,
    pub title: String,
    pub label: String,
}

/// The pages and the anchors in them.
#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    /// Anchor (as the view names it) to the address of its place.
    anchors: BTreeMap<String, String>,
}

impl Site {
    pub fn new(view: &View) -> Site {
        let mut pages = vec![Page {
            kind: PageKind::Cover,
            file: "index.html".into(),
            title: view.labels.cover.into(),
            label: view.labels.cover.into(),
        }];
        let mut anchors = BTreeMap::new();
        let mut page = |kind, anchor: &str, title: &str, label: &str, inner: Vec<&str>| {
            let file = format!("{anchor}.html");
            anchors.insert(anchor.to_string(), file.clone());
            for a in inner {
                anchors.insert(a.to_string(), format!("{file}#{a}"));
            }
            pages.push(Page {
                kind,
                file,
                title: title.to_string(),
                label: label.to_string(),
            });
        };
        let n = &view.nav;
        let label = |items: &[crate::render::view::NavItem], anchor: &str, or: &str| {
            items
                .iter()
                .find(|x| x.anchor == anchor)
                .map_or(or, |x| x.label.as_str())
                .to_string()
        };
        for (i, d) in view.districts.iter().enumerate() {
            let inner = d.themes.iter().map(|t| t.anchor.as_str()).collect();
            let l = label(&n.districts, &d.anchor, &d.name);
            page(PageKind::District(i), &d.anchor, &d.name, &l, inner);
        }
        for (i, t) in view.themes.iter().enumerate() {
            let l = label(&n.themes, &t.anchor, &t.title);
            page(PageKind::Theme(i), &t.anchor, &t.title, &l, Vec::new());
        }
        let o = &view.organisation;
        let inner = o.parts.iter().map(|p| p.anchor.as_str()).collect();
        page(
            PageKind::Organisation,
            &o.anchor,
            &o.title,
            &n.organisation.label,
            inner,
        );
        let b = &view.budget;
        page(PageKind::Budget, &b.anchor, &b.title, &b.title, Vec::new());
        let r = &view.results;
        page(
            PageKind::Results,
            &r.anchor,
            &r.title,
            &n.appendix.label,
            Vec::new(),
        );
        Site { pages, anchors }
    }

    /// The address of a view anchor, relative to any page (all pages are
    /// in one folder); `None` for an anchor no page holds.
    pub fn href(&self, anchor: &str) -> Option<&str> {
        self.anchors.get(anchor).map(String::as_str)
    }

    /// The page that holds `kind`.
    pub fn page(&self, kind: PageKind) -> &Page {
        self.pages
            .iter()
            .find(|p| p.kind == kind)
            .expect("every part has a page")
    }
}

/// A path inside the publication as a URL path: every byte outside the
/// unreserved characters and `/` percent-encoded (image names may hold
/// spaces, `#` or `?`).
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn image_paths_are_percent_encoded_but_for_their_folders() {
        assert_eq!(
            url_path("afbeeldingen/kaart 1#2?.png"),
            "afbeeldingen/kaart%201%232%3F.png"
        );
        assert_eq!(url_path("a/é.png"), "a/%C3%A9.png");
        assert_eq!(url_path("a-b_c~d.e/f.jpg"), "a-b_c~d.e/f.jpg");
    }
}
