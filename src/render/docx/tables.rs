//! The plan's tables in Word: board, targets, partner x theme matrix, budget
//! (with its differences), results and the results' charts (as label/value
//! tables). Every figure is a string from the view, printed as is; money
//! columns are right-aligned (`Geldcel`); header rows repeat on every page.

use docx_rs::{
    BorderType, Paragraph, Shading, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::body::{Composer, text};
use super::patch::TableFix;
use super::styles::{GELDCEL, House, TABELTEKST, hex};
use crate::model::Mark;
use crate::render::view::{
    Board, Budget, BudgetRow, BudgetTotal, Chart, Labels, Matrix, Results, Target,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
}

/// A cell text's colour, from the house style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Colour {
    /// The body text colour (the style's).
    #[default]
    Text,
    /// Headers and group labels.
    Primary,
    /// Labels.
    Grey,
}

/// How a cell's text is set.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    colour: Colour,
    /// A heavier rule above the cell (before a total).
    rule: bool,
    /// Left indent in twips.
    indent: i32,
    /// An open value for the district staff to fill in: the cell is
    /// shaded (its sign, `?` or `—`, says it too).
    open: bool,
}

const BOLD: Look = Look {
    bold: true,
    italic: false,
    colour: Colour::Text,
    rule: false,
    indent: 0,
    open: false,
};

/// Header cells and group labels.
const HEAD: Look = Look {
    colour: Colour::Primary,
    ..BOLD
};

/// Cell margins (left and right) in twips.
const CELL_MARGIN: usize = 80;

/// Builds one table: widths (twips) and rows of cells.
struct Grid<'h> {
    house: &'h House,
    widths: Vec<usize>,
    rows: Vec<TableRow>,
    header_rows: usize,
    /// All borders (the matrix) instead of horizontal rules only.
    boxed: bool,
    /// Text size in half-points when not the table style's.
    size: Option<usize>,
    /// Every row keeps with the next (the table with what follows it).
    keep: bool,
    /// Each row's identity (the header's rows are `head`): how
    /// `revisions::table` pairs a row with the earlier version's.
    keys: Vec<String>,
}

impl<'h> Grid<'h> {
    /// Columns sized by `weights`, filling `total` twips.
    fn new(house: &'h House, total: usize, weights: &[f64]) -> Self {
        let sum: f64 = weights.iter().sum();
        let mut widths: Vec<usize> = weights
            .iter()
            .map(|w| (w / sum * total as f64).floor() as usize)
            .collect();
        let used: usize = widths.iter().sum();
        if let Some(last) = widths.last_mut() {
            *last += total - used;
        }
        Grid {
            house,
            widths,
            rows: Vec::new(),
            header_rows: 0,
            boxed: false,
            size: None,
            keep: false,
            keys: Vec::new(),
        }
    }

    /// Names the last row written `key` (and every row before it without
    /// a name, the header's, `head`).
    fn key(&mut self, key: impl Into<String>) {
        self.keys.resize(self.rows.len() - 1, "head".to_string());
        self.keys.push(key.into());
    }

    fn paragraph(&self, s: &str, align: Align, look: Look) -> Paragraph {
        let style = if align == Align::Right {
            GELDCEL
        } else {
            TABELTEKST
        };
        let mut p = Paragraph::new().style(style).keep_next(self.keep);
        if align == Align::Center {
            p = p.align(docx_rs::AlignmentType::Center);
        }
        if look.indent > 0 {
            p = p.indent(Some(look.indent), None, None, None);
        }
        if s.is_empty() {
            return p;
        }
        // A line break in the text is a break in the run.
        let mut lines = s.split('\n');
        let mut r = text(lines.next().unwrap_or_default());
        for line in lines {
            let line = text(line);
            r = r.add_break(docx_rs::BreakType::TextWrapping);
            r.children.extend(line.children);
        }
        if let Some(size) = self.size {
            r = r.size(size);
        }
        if look.bold {
            r = r.bold();
        }
        if look.italic {
            r = r.italic();
        }
        match look.colour {
            Colour::Text => {}
            Colour::Primary => r = r.color(hex(&self.house.kleur.primair)),
            Colour::Grey => r = r.color(hex(&self.house.kleur.grijs)),
        }
        p.add_run(r)
    }

    /// A cell spanning `span` columns starting at column `col`.
    fn cell(&self, p: Paragraph, col: usize, span: usize, look: Look) -> TableCell {
        let width: usize = self.widths[col..col + span].iter().sum();
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        if span > 1 {
            c = c.grid_span(span);
        }
        if look.open {
            c = c.shading(Shading::new().fill(hex(&self.house.kleur.open)));
        }
        if look.rule {
            c = c.set_borders(
                TableCellBorders::with_empty().set(
                    TableCellBorder::new(TableCellBorderPosition::Top)
                        .border_type(BorderType::Single)
                        .size(8)
                        .color(hex(&self.house.kleur.primair)),
                ),
            );
        }
        c
    }

    /// A header row; `cells` are (text, span, align).
    fn header(&mut self, cells: &[(&str, usize, Align)]) {
        let mut col = 0;
        let mut out = Vec::new();
        for (s, span, align) in cells {
            let p = self.paragraph(s, *align, HEAD);
            out.push(self.head_cell(self.cell(p, col, *span, Look::default())));
            col += span;
        }
        self.rows.push(TableRow::new(out).cant_split());
        self.header_rows += 1;
    }

    fn head_cell(&self, c: TableCell) -> TableCell {
        c.shading(Shading::new().fill(hex(&self.house.kleur.licht)))
    }

    /// A body row of single-column cells.
    fn row(&mut self, cells: &[(&str, Align, Look)]) {
        let out = cells
            .iter()
            .enumerate()
            .map(|(i, (s, align, look))| self.cell(self.paragraph(s, *align, *look), i, 1, *look))
            .collect();
        self.rows.push(TableRow::new(out).cant_split());
    }

    /// A row with one cell across the whole table.
    fn full_row(&mut self, s: &str, look: Look) {
        let p = self.paragraph(s, Align::Left, look);
        let c = self.cell(p, 0, self.widths.len(), Look::default());
        self.rows.push(TableRow::new(vec![c]).cant_split());
    }

    fn finish(mut self, body: &mut Composer, description: Option<String>) {
        self.keys.resize(self.rows.len(), "head".to_string());
        body.row_keys = std::mem::take(&mut self.keys);
        let lijn = hex(&self.house.kleur.lijn);
        let rule = |pos| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(4)
                .color(&lijn)
        };
        let none = |pos| TableBorder::new(pos).border_type(BorderType::Nil).size(0);
        let mut borders = TableBorders::new()
            .set(rule(TableBorderPosition::Top))
            .set(rule(TableBorderPosition::Bottom))
            .set(rule(TableBorderPosition::InsideH));
        borders = if self.boxed {
            borders
                .set(rule(TableBorderPosition::Left))
                .set(rule(TableBorderPosition::Right))
                .set(rule(TableBorderPosition::InsideV))
        } else {
            borders
                .set(none(TableBorderPosition::Left))
                .set(none(TableBorderPosition::Right))
                .set(none(TableBorderPosition::InsideV))
        };
        let total: usize = self.widths.iter().sum();
        let table = Table::new(self.rows)
            .set_grid(self.widths)
            .width(total, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(40, CELL_MARGIN, 40, CELL_MARGIN));
        body.table(
            table,
            TableFix {
                header_rows: self.header_rows,
                description,
            },
        );
    }
}

fn portrait(house: &House) -> usize {
    house.text_width(false)
}

/// The board: function and role.
pub fn board(body: &mut Composer, b: &Board) {
    let house = body.house.clone();
    let mut g = Grid::new(&house, portrait(&house), &[1.0, 1.6]);
    g.header(&[
        (&b.header[0], 1, Align::Left),
        (&b.header[1], 1, Align::Left),
    ]);
    for m in &b.members {
        g.row(&[
            (&m.function, Align::Left, Look::default()),
            (&m.role, Align::Left, Look::default()),
        ]);
        g.key(&m.function);
    }
    g.finish(body, None);
}

/// The change report's summary: a row per changed section with its counts
/// and its page (right-aligned); the header row repeats on every page.
/// `description` is the table's alternative text.
pub fn summary(body: &mut Composer, header: &[&str; 5], rows: &[[&str; 5]], description: String) {
    let house = body.house.clone();
    let mut g = Grid::new(&house, portrait(&house), &[4.0, 1.0, 1.0, 1.0, 1.0]);
    let align = |i: usize| if i == 0 { Align::Left } else { Align::Right };
    let head: Vec<(&str, usize, Align)> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, 1, align(i)))
        .collect();
    g.header(&head);
    for r in rows {
        let cells: Vec<(&str, Align, Look)> = r
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, align(i), Look::default()))
            .collect();
        g.row(&cells);
    }
    g.finish(body, Some(description));
}

/// A district's targets: count, goal (with its theme), term.
pub fn targets(body: &mut Composer, labels: &Labels, targets: &[Target]) {
    let house = body.house.clone();
    let mut g = Grid::new(&house, portrait(&house), &[0.8, 4.0, 1.4]);
    g.header(&[
        (labels.target_count, 1, Align::Right),
        (labels.target_goal, 1, Align::Left),
        (labels.target_term, 1, Align::Left),
    ]);
    // A section document marks its open values where they sit.
    let mark_open = !body.whole;
    for t in targets {
        let count_look = Look {
            open: mark_open && t.count == crate::format::OPEN,
            ..BOLD
        };
        let goal = if t.theme.is_empty() {
            t.description.clone()
        } else {
            format!("{} ({})", t.description, t.theme)
        };
        g.row(&[
            (&t.count, Align::Right, count_look),
            (&goal, Align::Left, Look::default()),
            (&t.term, Align::Left, Look::default()),
        ]);
        g.key(&t.description);
    }
    g.finish(body, None);
}

/// The partner x theme matrix, with its column groups when there are any.
/// Its summary in words is the table's alternative text.
pub fn matrix(body: &mut Composer, mx: &Matrix) {
    let house = body.house.clone();
    let size = house.lettertype.matrix;
    // Columns as wide as their longest word needs (so words do not break),
    // then stretched to the text width.
    let mut weights = vec![
        mx.rows
            .iter()
            .map(|r| need(&r.partner, false, size))
            .fold(need(&mx.corner, true, size), f64::max),
    ];
    weights.extend(mx.columns.iter().map(|c| need(c, true, size)));
    // Too wide: the partner names keep their room, the theme columns share the rest.
    let total = portrait(&house) as f64;
    let themes: f64 = weights[1..].iter().sum();
    if weights[0] + themes > total && themes > 0.0 {
        let scale = (total - weights[0]).max(total / 2.0) / themes;
        for w in &mut weights[1..] {
            *w *= scale;
        }
    }
    let mut g = Grid::new(&house, portrait(&house), &weights);
    g.boxed = true;
    g.size = Some(super::styles::half_points(size));
    let head = |g: &Grid, s: &str, col: usize, span: usize, align: Align| {
        let p = g.paragraph(s, align, HEAD);
        g.head_cell(g.cell(p, col, span, Look::default()))
    };
    if mx.has_groups {
        let mut first =
            vec![head(&g, &mx.corner, 0, 1, Align::Left).vertical_merge(VMergeType::Restart)];
        let mut col = 1;
        for (name, span) in &mx.groups {
            first.push(head(&g, name, col, *span, Align::Center));
            col += span;
        }
        let mut second = vec![head(&g, "", 0, 1, Align::Left).vertical_merge(VMergeType::Continue)];
        for (i, c) in mx.columns.iter().enumerate() {
            second.push(head(&g, c, i + 1, 1, Align::Center));
        }
        g.rows.push(TableRow::new(first).cant_split());
        g.rows.push(TableRow::new(second).cant_split());
        g.header_rows = 2;
    } else {
        let mut cells = vec![(mx.corner.as_str(), 1, Align::Left)];
        cells.extend(mx.columns.iter().map(|c| (c.as_str(), 1, Align::Center)));
        g.header(&cells);
    }
    // A section document marks its open values where they sit.
    let mark_open = !body.whole;
    for r in &mx.rows {
        let mut cells = vec![(r.partner.as_str(), Align::Left, Look::default())];
        cells.extend(r.cells.iter().zip(&r.marks).map(|(c, m)| {
            let look = Look {
                open: mark_open && *m == Mark::Open,
                ..Look::default()
            };
            (c.as_str(), Align::Center, look)
        }));
        g.row(&cells);
        g.key(&r.partner);
    }
    g.finish(body, Some(mx.summary.clone()));
}

/// Twips a cell needs for the longest word of `s` in `size` points
/// (widths in em estimated for Inter, generously: a fallback font may be
/// wider), plus the cell's margins.
fn need(s: &str, bold: bool, size: f64) -> f64 {
    let extra = if bold { 0.06 } else { 0.0 };
    let width = |w: &str| -> f64 {
        w.chars()
            .map(|c| {
                extra
                    + if c.is_uppercase() {
                        0.78
                    } else if c.is_ascii_digit() {
                        0.64
                    } else if "ijlft.,:;'()".contains(c) {
                        0.34
                    } else {
                        0.6
                    }
            })
            .sum()
    };
    let em = s.split_whitespace().map(width).fold(1.0, f64::max);
    em * size * 20.0 + 2.0 * CELL_MARGIN as f64 + 60.0
}

fn money_row(labels: &Labels, r: &BudgetRow) -> Vec<(String, Align, Look)> {
    let look = Look {
        italic: r.illegible,
        ..Look::default()
    };
    let function = if r.new {
        format!("{}{}", r.function, labels.new_mark)
    } else {
        r.function.clone()
    };
    let mut cells = vec![
        (function, Align::Left, look),
        (r.scale.clone(), Align::Right, look),
        (r.fte.clone(), Align::Right, look),
        (r.amount.clone(), Align::Right, look),
    ];
    cells.extend(r.split.iter().map(|s| (s.clone(), Align::Right, look)));
    cells
}

fn total_row(t: &BudgetTotal, rule: bool) -> Vec<(String, Align, Look)> {
    let look = Look {
        bold: true,
        rule,
        ..Look::default()
    };
    let mut cells = vec![
        (t.label.clone(), Align::Left, look),
        (String::new(), Align::Right, look),
        (t.fte.clone(), Align::Right, look),
        (t.amount.clone(), Align::Right, look),
    ];
    cells.extend(t.split.iter().map(|s| (s.clone(), Align::Right, look)));
    cells
}

fn owned_row(g: &mut Grid, cells: Vec<(String, Align, Look)>) {
    let refs: Vec<(&str, Align, Look)> =
        cells.iter().map(|(s, a, l)| (s.as_str(), *a, *l)).collect();
    g.row(&refs);
}

/// The budget (for a landscape page): groups with totals, the rows outside
/// groups, the total, the funding, the subsidy and the difference.
pub fn budget(body: &mut Composer, labels: &Labels, b: &Budget) {
    let house = body.house.clone();
    let mut weights = vec![3.4, 0.8, 0.8];
    weights.extend(std::iter::repeat_n(1.25, 1 + b.columns.len()));
    let mut g = Grid::new(&house, house.text_width(true), &weights);
    let mut head: Vec<(&str, usize, Align)> = vec![(b.header[0].as_str(), 1, Align::Left)];
    head.extend(
        b.header[1..]
            .iter()
            .chain(&b.columns)
            .map(|h| (h.as_str(), 1, Align::Right)),
    );
    g.header(&head);
    for group in &b.groups {
        g.full_row(&group.name, HEAD);
        g.key(format!("groep {}", group.name));
        for r in &group.rows {
            owned_row(&mut g, money_row(labels, r));
            g.key(format!("regel {} / {}", group.name, r.function));
        }
        owned_row(&mut g, total_row(&group.total, true));
        g.key(format!("totaal {}", group.name));
    }
    if !b.rows.is_empty() {
        g.full_row("", Look::default());
        g.key("los");
        for r in &b.rows {
            owned_row(&mut g, money_row(labels, r));
            g.key(format!("regel / {}", r.function));
        }
    }
    owned_row(&mut g, total_row(&b.total, true));
    g.key("totaal");
    g.full_row(labels.funding, HEAD);
    g.key("dekking");
    for f in &b.funding {
        owned_row(&mut g, total_row(f, false));
        g.key(format!("dekking {}", f.label));
    }
    owned_row(&mut g, total_row(&b.subsidy, true));
    g.key("subsidie");
    owned_row(&mut g, total_row(&b.difference, false));
    g.key("verschil");
    g.finish(body, None);
}

/// Stated against computed totals.
pub fn differences(body: &mut Composer, labels: &Labels, b: &Budget) {
    let house = body.house.clone();
    let mut g = Grid::new(&house, house.text_width(true), &[4.0, 1.3, 1.3, 1.3, 1.5]);
    let [what, stated, computed, delta, kind] = labels.differences_header;
    g.header(&[
        (what, 1, Align::Left),
        (stated, 1, Align::Right),
        (computed, 1, Align::Right),
        (delta, 1, Align::Right),
        (kind, 1, Align::Left),
    ]);
    for d in &b.differences {
        g.row(&[
            (&d.what, Align::Left, Look::default()),
            (&d.stated, Align::Right, Look::default()),
            (&d.computed, Align::Right, Look::default()),
            (&d.delta, Align::Right, Look::default()),
            (&d.kind, Align::Left, Look::default()),
        ]);
        g.key(&d.what);
    }
    g.finish(body, None);
}

/// The results table: measures, their rows and parts, indented by level.
/// The results table; it keeps with what follows (its notes and charts).
pub fn results(body: &mut Composer, r: &Results) {
    let house = body.house.clone();
    // The description narrows as year columns are added.
    let mut weights = vec![0.5, 7.4 - 1.4 * r.years.len() as f64];
    weights.extend(r.years.iter().map(|_| 1.4));
    let mut g = Grid::new(&house, portrait(&house), &weights);
    g.keep = true;
    let mut head = vec![(r.header[0].as_str(), 2, Align::Left)];
    head.extend(r.header[1..].iter().map(|h| (h.as_str(), 1, Align::Right)));
    g.header(&head);
    for row in &r.rows {
        let top = row.level == 0;
        let look = Look {
            bold: top,
            ..Look::default()
        };
        let mut label = [row.label.as_str(), row.description.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let indented = Look {
            indent: i32::from(row.level) * 200,
            ..look
        };
        // A value in the plan's own words goes under the description.
        for line in &row.wording {
            label.push('\n');
            label.push_str(line);
        }
        let mut cells = vec![
            (
                if top { row.number.as_str() } else { "" },
                Align::Left,
                look,
            ),
            (label.as_str(), Align::Left, indented),
        ];
        cells.extend(
            row.values
                .iter()
                .map(|c| (c.text.as_str(), Align::Right, look)),
        );
        g.row(&cells);
        g.key(&row.id);
    }
    g.finish(body, None);
}

/// A chart of the results as a table: a row per bar, a column per year; its
/// description is the chart's alternative text. Its rows keep together (and
/// with what follows).
pub fn chart(body: &mut Composer, c: &Chart) {
    let house = body.house.clone();
    let mut weights = vec![3.0];
    weights.extend(c.series.iter().map(|_| 1.0));
    let mut g = Grid::new(&house, portrait(&house) * 3 / 4, &weights);
    g.keep = true;
    if c.series.len() > 1 {
        let mut head = vec![("", 1, Align::Left)];
        head.extend(c.series.iter().map(|y| (y.as_str(), 1, Align::Right)));
        g.header(&head);
    }
    for bar in &c.bars {
        let mut cells = vec![(bar.label.as_str(), Align::Left, Look::default())];
        cells.extend(
            bar.values
                .iter()
                .map(|v| (v.display.as_str(), Align::Right, Look::default())),
        );
        g.row(&cells);
        g.key(&bar.label);
    }
    g.finish(body, Some(c.alt.clone()));
}

/// The cover's facts (region, period, ...): label and value, no rules.
pub fn facts(body: &mut Composer, facts: &[(&str, Paragraph)]) {
    let house = body.house.clone();
    let mut g = Grid::new(&house, portrait(&house), &[1.0, 4.0]);
    for (label, value) in facts {
        let key = label.to_string();
        let grey = Look {
            colour: Colour::Grey,
            ..Look::default()
        };
        let label = g.paragraph(label, Align::Left, grey);
        let cells = vec![
            g.cell(label, 0, 1, Look::default()),
            g.cell(value.clone(), 1, 1, Look::default()),
        ];
        g.rows.push(TableRow::new(cells).cant_split());
        g.key(key);
    }
    g.keys.resize(g.rows.len(), "head".to_string());
    body.row_keys = std::mem::take(&mut g.keys);
    let none = |pos| TableBorder::new(pos).border_type(BorderType::Nil).size(0);
    let total: usize = g.widths.iter().sum();
    let mut borders = TableBorders::new();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders.set(none(pos));
    }
    let table = Table::new(g.rows)
        .set_grid(g.widths)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(30, 80, 30, 0));
    body.table(table, TableFix::default());
}
