//! The plan's tables as HTML tables: a caption, the header in `<thead>`
//! with `th scope`, each row's first cell a row header. The budget, wider
//! than a phone, scrolls sideways in a region that takes keyboard focus.

use maud::{Markup, html};

use crate::render::view::{Board, Budget, BudgetRow, BudgetTotal, Labels, Matrix, Results, Target};

pub fn board(b: &Board) -> Markup {
    html! {
        table {
            caption { (b.title) }
            thead { tr { th scope="col" { (b.header[0]) } th scope="col" { (b.header[1]) } } }
            tbody {
                @for m in &b.members {
                    tr { th scope="row" { (m.function) } td { (m.role) } }
                }
            }
        }
    }
}

pub fn targets(l: &Labels, targets: &[Target]) -> Markup {
    html! {
        table {
            caption { (l.targets) }
            thead {
                tr {
                    th.getal scope="col" { (l.target_count) }
                    th scope="col" { (l.target_goal) }
                    th scope="col" { (l.target_term) }
                }
            }
            tbody {
                @for t in targets {
                    tr {
                        td.getal { strong { (t.count) } }
                        th scope="row" {
                            (t.description)
                            @if !t.theme.is_empty() { " (" (t.theme) ")" }
                        }
                        td { (t.term) }
                    }
                }
            }
        }
    }
}

pub fn matrix(l: &Labels, mx: &Matrix) -> Markup {
    html! {
        (scroll(l, &mx.caption, html! {
            table.matrix {
                caption { (mx.caption) }
                thead {
                    @if mx.has_groups {
                        tr {
                            td.hoek {}
                            @for (name, span) in &mx.groups {
                                @if name.is_empty() {
                                    td colspan=(span) {}
                                } @else {
                                    th scope="colgroup" colspan=(span) { (name) }
                                }
                            }
                        }
                    }
                    tr {
                        th scope="col" { (mx.corner) }
                        @for c in &mx.columns { th.merk scope="col" { (c) } }
                    }
                }
                tbody {
                    @for r in &mx.rows {
                        tr {
                            th scope="row" { (r.partner) }
                            @for c in &r.cells { td.merk { (c) } }
                        }
                    }
                }
            }
        }))
    }
}

/// A wide table in a region (a `<section>` with a name is one) that scrolls sideways on a narrow screen and
/// can be scrolled with the keyboard (it takes focus; its name says what it
/// is). On a narrow screen a line above it says that it scrolls.
fn scroll(l: &Labels, title: &str, table: Markup) -> Markup {
    html! {
        p.schuif-hint aria-hidden="true" { (l.scroll_hint) }
        section.schuif aria-label={ (l.scroll_table) " " (title) } tabindex="0" {
            (table)
        }
    }
}

pub fn budget(l: &Labels, b: &Budget) -> Markup {
    let money_row = |r: &BudgetRow| money_row(l, r);
    let width = b.header.len() + b.columns.len();
    html! {
        (scroll(l, &b.title, html! {
            table.begroting {
                caption { (b.title) }
                thead {
                    tr {
                        th scope="col" { (b.header[0]) }
                        @for h in b.header[1..].iter().chain(&b.columns) { th.getal scope="col" { (h) } }
                    }
                }
                @for g in &b.groups {
                    tbody {
                        tr.groep { th scope="rowgroup" colspan=(width) { (g.name) } }
                        @for r in &g.rows { (money_row(r)) }
                        (total_row(&g.total, "totaal"))
                    }
                }
                @if !b.rows.is_empty() {
                    tbody { @for r in &b.rows { (money_row(r)) } }
                }
                tbody {
                    (total_row(&b.total, "totaal"))
                }
                tbody {
                    tr.groep { th scope="rowgroup" colspan=(width) { (l.funding) } }
                    @for f in &b.funding { (total_row(f, "financiering")) }
                    (total_row(&b.subsidy, "totaal"))
                    (total_row(&b.difference, "saldo"))
                }
            }
        }))
    }
}

fn money_row(l: &Labels, r: &BudgetRow) -> Markup {
    html! {
        tr.onleesbaar[r.illegible] {
            th scope="row" { (r.function) @if r.new { (l.new_mark) } }
            td.getal { (r.scale) }
            td.getal { (r.fte) }
            td.getal { (r.amount) }
            @for s in &r.split { td.getal { (s) } }
        }
    }
}

fn total_row(t: &BudgetTotal, class: &str) -> Markup {
    html! {
        tr class=(class) {
            th scope="row" { (t.label) }
            td.getal {}
            td.getal { (t.fte) }
            td.getal { (t.amount) }
            @for s in &t.split { td.getal { (s) } }
        }
    }
}

pub fn differences(l: &Labels, b: &Budget) -> Markup {
    let h = &l.differences_header;
    html! {
        (scroll(l, &b.differences_title, html! {
            table {
                caption { (b.differences_title) }
                thead {
                    tr {
                        th scope="col" { (h[0]) }
                        th.getal scope="col" { (h[1]) }
                        th.getal scope="col" { (h[2]) }
                        th.getal scope="col" { (h[3]) }
                        th scope="col" { (h[4]) }
                    }
                }
                tbody {
                    @for d in &b.differences {
                        tr {
                            th scope="row" { (d.what) }
                            td.getal { (d.stated) }
                            td.getal { (d.computed) }
                            td.getal { (d.delta) }
                            td { (d.kind) }
                        }
                    }
                }
            }
        }))
    }
}

pub fn results(r: &Results) -> Markup {
    html! {
        table.resultaten {
            caption { (r.title) }
            thead {
                tr {
                    th scope="col" { (r.header[0]) }
                    @for year in &r.header[1..] { th.getal scope="col" { (year) } }
                }
            }
            tbody {
                @for row in &r.rows {
                    tr class={ "niveau-" (row.level) } {
                        th scope="row" {
                            @if row.level == 0 { span.nummer { (row.number) } }
                            @if !row.label.is_empty() { (row.label) " " }
                            (row.description)
                            @for line in &row.wording { br; span.woorden { (line) } }
                        }
                        @for cell in &row.values { td.getal { (cell.text) } }
                    }
                }
            }
        }
    }
}
