//! A chart of the results as inline SVG: one horizontal bar per value, its
//! label above it and its figure after it. The SVG is one image to
//! assistive technology (`role="img"`, named by its `<title>` and described
//! by its `<desc>`, the view's alternative text); the table beside it holds
//! the same figures for everyone.

use maud::{Markup, html};

use crate::render::view::{Chart, Labels};

/// Width of the drawing in SVG units: CSS pixels at its full size
/// (`layout.css` keeps it at most this wide; narrower on a phone).
const WIDTH: u64 = 400;
/// Room after the longest bar, for its figure.
const FIGURE_ROOM: u64 = 80;
/// A label longer than this many characters might not fit the width at
/// 14px: it is set to the width (`textLength`), letters a little closer.
const LABEL_CHARS: usize = 48;
/// Height of one bar's label line, above its bars.
const LABEL_ROW: u64 = 22;
/// Height of one bar, and the room between the bars of one label (a bar
/// per year) and after the last.
const BAR: u64 = 16;
const BAR_GAP: u64 = 3;
const GROUP_GAP: u64 = 6;

/// Chart `index` of the results page (ids must differ between charts). A
/// group of bars per label, one bar per year; with several years each
/// figure names its year, so the colours are not the only way to tell
/// them apart.
pub fn chart(l: &Labels, c: &Chart, index: usize) -> Markup {
    let id = format!("grafiek-{}", index + 1);
    let several = c.series.len() > 1;
    let max = c
        .bars
        .iter()
        .flat_map(|b| b.values.iter().map(|v| v.value))
        .max()
        .unwrap_or(0);
    let years = c.series.len().max(1) as u64;
    let row = LABEL_ROW + years * (BAR + BAR_GAP) + GROUP_GAP;
    let height = row * c.bars.len() as u64 + 8;
    let length = |v: u64| -> u64 {
        if max == 0 {
            0
        } else {
            // u128: no overflow for any bounded count.
            (u128::from(v) * u128::from(WIDTH - FIGURE_ROOM) / u128::from(max)) as u64
        }
    };
    html! {
        section.grafiek aria-labelledby={ (id) "-kop" } {
            h2 id={ (id) "-kop" } { (c.title) }
            div.grafiek-raam {
                svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) }
                    role="img" aria-labelledby={ (id) "-titel" } aria-describedby={ (id) "-uitleg" } {
                    title id={ (id) "-titel" } { (c.title) }
                    desc id={ (id) "-uitleg" } { (c.alt) }
                    @for (i, b) in c.bars.iter().enumerate() {
                        @let y = row * i as u64;
                        @let squeeze = (b.label.chars().count() > LABEL_CHARS).then_some(WIDTH);
                        text.label x="0" y=(y + 16) textLength=[squeeze]
                            lengthAdjust=[squeeze.map(|_| "spacingAndGlyphs")] { (b.label) }
                        @for (k, v) in b.values.iter().enumerate() {
                            @let top = y + LABEL_ROW + k as u64 * (BAR + BAR_GAP);
                            @let w = length(v.value);
                            rect class={ "staaf" @if k + 1 < b.values.len() { " eerder" } } x="0" y=(top) width=(w.max(1)) height=(BAR) {}
                            text.waarde x=(w + 6) y=(top + BAR - 3) { (v.beside) }
                        }
                    }
                }
                table.grafiek-cijfers {
                    caption { (c.title) " " (l.chart_data) }
                    thead {
                        tr {
                            th scope="col" { (l.chart_label) }
                            @if several {
                                @for y in &c.series { th.getal scope="col" { (y) } }
                            } @else {
                                th.getal scope="col" { (l.chart_value) }
                            }
                        }
                    }
                    tbody {
                        @for b in &c.bars {
                            tr {
                                th scope="row" { (b.label) }
                                @for v in &b.values { td.getal { (v.display) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
