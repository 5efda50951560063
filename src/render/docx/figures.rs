//! Images from the sources as inline pictures: sized like the PDF sizes them
//! (wide images across the text width, small ones at the house style's
//! points per pixel), each in its own paragraph with its caption below, and
//! everything the patch step needs to finish them: the media part names
//! (from the image's path, not a counter) and the alternative text for
//! `wp:docPr descr` (docx-rs cannot write it). The results' charts come
//! the same way, as images drawn by the PDF's layout ([`ChartImage`]).

use docx_rs::{AlignmentType, Paragraph, Pic, Run};

use super::body::{Composer, text};
use super::patch::{Media, PictureFix};
use super::styles::{A4, CAPTION, NORMAL};
use crate::render::view::{Chart, Figure};
use crate::source::images::ImageFile;

/// EMUs per twip (914400 per inch, 1440 twips per inch).
const EMU_PER_TWIP: u64 = 635;
/// EMUs per point (12700).
const EMU_PER_POINT: f64 = 12_700.0;
/// The tallest picture, as a share of the text height: room for its caption.
const MAX_HEIGHT_SHARE: (u64, u64) = (4, 5);
/// Prefix of the picture relationship ids: `rIdImage1`, `rIdImage2`, ...
/// numbered by first appearance in the document.
pub const IMAGE_RID: &str = "rIdImage";

/// A chart of the results appendix as an image, drawn by the PDF's layout
/// (`render::pdf::charts`, which needs typst; without it the DOCX has the
/// charts' tables only).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartImage {
    /// The PNG's bytes.
    pub png: Vec<u8>,
    /// Its size in pixels.
    pub width: u32,
    pub height: u32,
    /// Its width on the page, in points: the PDF's text column.
    pub width_pt: f64,
}

/// The `Media::source` of chart `index` (counted from 1): a name no image
/// of the sources has (theirs end in `.png` or `.jpg`).
fn chart_source(index: usize) -> String {
    format!("grafiek-{index}")
}

/// The bytes of a media part written before: an image of the sources or a chart.
fn media_bytes<'b>(body: &'b Composer, m: &Media) -> Option<&'b [u8]> {
    if let Some(image) = body.images.get(&m.source) {
        return Some(&image.data);
    }
    let index: usize = m.source.strip_prefix("grafiek-")?.parse().ok()?;
    Some(&body.charts.get(index.checked_sub(1)?)?.png)
}

/// The picture's size in EMU for `width` × `height` pixels.
pub fn extent(body: &Composer, width: u32, height: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    // As the PDF layout sizes it, from the house style: wide images across
    // the text width, small ones at so many points per pixel.
    let sizing = &body.house.afbeelding;
    let emu_per_pixel = (sizing.punt_per_beeldpunt * EMU_PER_POINT).round().max(1.0) as u64;
    let cx = if width >= sizing.volle_breedte_vanaf {
        u64::MAX
    } else {
        w * emu_per_pixel
    };
    fit(body, cx, w, h)
}

/// A picture `cx` EMU wide, of `w` × `h` pixels, within the text width and
/// the tallest picture's height, its proportions kept.
fn fit(body: &Composer, cx: u64, w: u64, h: u64) -> (u32, u32) {
    let (top, _, bottom, _) = body.house.margins();
    let text_width = body.house.text_width(false) as u64 * EMU_PER_TWIP;
    let text_height = (A4.1 as i64 - i64::from(top) - i64::from(bottom)).max(1440) as u64
        * EMU_PER_TWIP
        * MAX_HEIGHT_SHARE.0
        / MAX_HEIGHT_SHARE.1;
    let mut cx = cx.min(text_width);
    let mut cy = cx * h / w;
    if cy > text_height {
        cy = text_height;
        cx = cy * w / h;
    }
    (
        cx.clamp(1, u64::from(u32::MAX)) as u32,
        cy.clamp(1, u64::from(u32::MAX)) as u32,
    )
}

/// The media part for `image`: its path with `/` and other characters a part
/// name had better not hold as `-`, the extension from its kind; a path that
/// comes out like an earlier one gets the image's number appended.
fn target(image: &ImageFile, taken: &[Media], number: usize) -> String {
    let stem = image
        .rel
        .rsplit_once('.')
        .map_or(image.rel.as_str(), |(stem, _)| stem);
    let mut slug: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if slug.is_empty() {
        slug = "afbeelding".into();
    }
    let ext = if image.kind == "jpeg" { "jpeg" } else { "png" };
    let name = format!("media/{slug}.{ext}");
    if taken.iter().any(|m| m.target == name) {
        format!("media/{slug}-{number}.{ext}")
    } else {
        name
    }
}

/// Writes the figures: each picture in a centred paragraph, kept with its
/// caption below it. An image the sources did not load is recorded as missing.
pub fn figures(body: &mut Composer, figures: &[Figure]) {
    for f in figures {
        let rel = f.src.strip_prefix("sources/").unwrap_or(&f.src);
        let Some(image) = body.images.get(rel) else {
            body.missing_images.push(rel.to_string());
            continue;
        };
        // Two paths with the same bytes share one part (docx-rs would merge them anyway).
        let known = body
            .media
            .iter()
            .find(|m| m.source == rel || media_bytes(body, m) == Some(&image.data[..]));
        let rid = match known {
            Some(m) => m.rid.clone(),
            None => {
                let number = body.media.len() + 1;
                let media = Media {
                    rid: format!("{IMAGE_RID}{number}"),
                    target: target(image, &body.media, number),
                    source: rel.to_string(),
                };
                let rid = media.rid.clone();
                body.media.push(media);
                rid
            }
        };
        let (cx, cy) = extent(body, image.width, image.height);
        let pic = Pic::new_with_dimensions(image.data.clone(), image.width, image.height)
            .id(rid.clone())
            .size(cx, cy);
        let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
        body.pictures.push(PictureFix {
            rid,
            name,
            descr: f.alt.split_whitespace().collect::<Vec<_>>().join(" "),
        });
        let mut p = Paragraph::new()
            .style(NORMAL)
            .align(AlignmentType::Center)
            .add_run(Run::new().add_image(pic));
        if f.caption.is_some() {
            p = p.keep_next(true);
        }
        body.fresh_page = false;
        body.paragraph(p);
        if let Some(caption) = &f.caption {
            body.paragraph(
                Paragraph::new()
                    .style(CAPTION)
                    .align(AlignmentType::Center)
                    .add_run(text(caption)),
            );
        }
    }
}

/// Chart `index` (counted from 0) of the results as its image, in a
/// paragraph of its own kept with the chart's table below it, at the size
/// the PDF prints it (the text column's width), with the chart's
/// alternative text. Charts with the same pixels share one part.
pub fn chart(body: &mut Composer, image: &ChartImage, chart: &Chart, index: usize) {
    let source = chart_source(index + 1);
    let known = body
        .media
        .iter()
        .find(|m| media_bytes(body, m) == Some(&image.png[..]));
    let rid = match known {
        Some(m) => m.rid.clone(),
        None => {
            let number = body.media.len() + 1;
            let mut target = format!("media/{source}.png");
            if body.media.iter().any(|m| m.target == target) {
                target = format!("media/{source}-{number}.png");
            }
            let media = Media {
                rid: format!("{IMAGE_RID}{number}"),
                target,
                source: source.clone(),
            };
            let rid = media.rid.clone();
            body.media.push(media);
            rid
        }
    };
    // As wide as the PDF prints it; narrower only when the DOCX's text
    // (or a page) has less room: an inline picture does not break.
    let cx = (image.width_pt * EMU_PER_POINT).round().max(1.0) as u64;
    let (w, h) = (
        u64::from(image.width.max(1)),
        u64::from(image.height.max(1)),
    );
    let (cx, cy) = fit(body, cx, w, h);
    let pic = Pic::new_with_dimensions(image.png.clone(), image.width, image.height)
        .id(rid.clone())
        .size(cx, cy);
    body.pictures.push(PictureFix {
        rid,
        name: format!("{source}.png"),
        descr: chart.alt.split_whitespace().collect::<Vec<_>>().join(" "),
    });
    body.fresh_page = false;
    body.paragraph(
        Paragraph::new()
            .style(NORMAL)
            .keep_next(true)
            .add_run(Run::new().add_image(pic)),
    );
}
