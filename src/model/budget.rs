//! The budget table and its arithmetic: subtotals, column totals, the grand
//! total, the funding total and the difference row, all computed from rows in
//! whole euros and FTE hundredths, and compared with the totals the source states.
//!
//! A row may leave its FTE, amount or split open (`"open"` in the source),
//! and so may a funding row its amount or split, and a stream (column) its
//! amount. An open value is never added as 0: each sum keeps the known part
//! and counts the open values apart ([`Totals::fte_open`],
//! [`Amounts::amount_open`], [`Amounts::split_open`]). A sum with open
//! values is a lower bound, a difference with them is unknown, and a stated
//! figure it is compared with is reported as [`Weight::Unverifiable`],
//! never compared. A stream's amount is the text's figure, summed nowhere.
//!
//! One exception keeps a partly legible group exact: its remainder row
//! (`illegible`) is the stated group total minus the legible values, so it
//! already holds the open FTE and amounts of the other rows in the group;
//! those are not counted as open in the group's sums. An open split is
//! still counted: the remainder cannot hold the columns of an amount it
//! does not include.

use super::{Euro, Fte, OpenOr};

#[derive(Debug, Clone)]
pub struct Budget {
    pub title: String,
    pub total_label: String,
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
    /// Single rows after the groups.
    pub rows: Vec<Row>,
    /// Groups and single rows together.
    pub total: Totals,
    pub stated_total: Option<Stated>,
    pub funding: Vec<FundingRow>,
    pub subsidy_label: String,
    /// The sum of the funding rows.
    pub subsidy: Amounts,
    pub stated_subsidy: Option<Stated>,
    pub difference_label: String,
    /// Subsidy minus total spending, per column.
    pub difference: Amounts,
    pub stated_difference: Option<Stated>,
    /// Every stated figure that differs from the computed one.
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub id: String,
    pub name: String,
    /// The amount the text names for this stream.
    pub amount: OpenOr<Euro>,
    pub note: super::RichText,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub rows: Vec<Row>,
    pub total: Totals,
    pub stated: Option<Stated>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub function: String,
    pub scale: Option<OpenOr<String>>,
    pub fte: Option<OpenOr<Fte>>,
    pub amount: OpenOr<Euro>,
    /// One amount per column, in column order; open as a whole when the
    /// source does not show which column holds what.
    pub split: OpenOr<Vec<Euro>>,
    pub new: bool,
    pub illegible: bool,
}

#[derive(Debug, Clone)]
pub struct FundingRow {
    pub description: String,
    pub amount: OpenOr<Euro>,
    /// One amount per column, in column order; open as a whole.
    pub split: OpenOr<Vec<Euro>>,
}

impl FundingRow {
    /// The row's own amounts, its open values counted.
    pub fn amounts(&self, columns: usize) -> Amounts {
        Amounts::of(&self.amount, &self.split, columns, false)
    }
}

/// An amount and its split over the columns. With open values among what
/// was summed, `amount` and `split` are the known part only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Amounts {
    pub amount: Euro,
    pub split: Vec<Euro>,
    /// How many open amounts `amount` leaves out.
    pub amount_open: usize,
    /// How many open splits every column of `split` leaves out.
    pub split_open: usize,
}

impl Amounts {
    /// Exact amounts, without open values.
    pub fn exact(amount: Euro, split: Vec<Euro>) -> Amounts {
        Amounts {
            amount,
            split,
            amount_open: 0,
            split_open: 0,
        }
    }

    fn zero(columns: usize) -> Amounts {
        Amounts::exact(Euro(0), vec![Euro(0); columns])
    }

    /// Adds `other` into `self`, column by column, counting its open values.
    /// Every value in the sources is bounded (`source::values::MAX_EURO`), so
    /// no sum of a source that fits the file size limit comes near
    /// `i64::MAX`; the additions saturate all the same, so that no total can
    /// ever wrap around to a plausible figure.
    fn add(&mut self, other: &Amounts) {
        self.amount.0 = self.amount.0.saturating_add(other.amount.0);
        for (acc, v) in self.split.iter_mut().zip(&other.split) {
            acc.0 = acc.0.saturating_add(v.0);
        }
        self.amount_open += other.amount_open;
        self.split_open += other.split_open;
    }

    /// A row's own amounts: an open value adds 0 and counts once, unless
    /// the group's remainder row `covers` it (an amount, never a split).
    pub fn of(
        amount: &OpenOr<Euro>,
        split: &OpenOr<Vec<Euro>>,
        columns: usize,
        covered: bool,
    ) -> Amounts {
        let (amount, amount_open) = match amount {
            OpenOr::Known(a) => (*a, 0),
            OpenOr::Open => (Euro(0), usize::from(!covered)),
        };
        let (split, split_open) = match split {
            OpenOr::Known(s) => (s.clone(), 0),
            OpenOr::Open => (vec![Euro(0); columns], 1),
        };
        Amounts {
            amount,
            split,
            amount_open,
            split_open,
        }
    }
}

/// Computed totals of a set of rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    pub fte: Fte,
    /// How many rows have an open FTE: then `fte` is a lower bound.
    pub fte_open: usize,
    pub amounts: Amounts,
}

/// Totals as the source states them; a column the source leaves out is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub fte: Option<Fte>,
    pub amount: Euro,
    pub split: Vec<Option<Euro>>,
}

/// How serious a difference between a stated and a computed figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Within the declared rounding tolerance.
    Rounding,
    /// Beyond it.
    Error,
    /// Cannot be checked because this many values are open.
    Unverifiable(usize),
}

/// Which total of the budget a stated figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The total of the group with this index.
    Group(usize),
    /// All spending: the groups and the single rows.
    Spending,
    /// The funding (subsidy) total.
    Subsidy,
    /// Subsidy minus spending.
    Balance,
}

/// A figure of the budget: an amount or an FTE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Euro(Euro),
    Fte(Fte),
}

impl Figure {
    /// `self - other`, of the same kind (saturating, like every sum here).
    fn minus(self, other: Figure) -> Figure {
        match (self, other) {
            (Figure::Euro(a), Figure::Euro(b)) => Figure::Euro(Euro(a.0.saturating_sub(b.0))),
            (Figure::Fte(a), Figure::Fte(b)) => Figure::Fte(Fte(a.0.saturating_sub(b.0))),
            (a, _) => a,
        }
    }
}

/// A stated figure that differs from the computed one, or cannot be
/// checked. Typed: the view and the diagnostics format it (with
/// `format::figure`), and find the total it concerns by [`Total`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub total: Total,
    /// Which stated value differs (to point at it in the sources).
    pub part: Part,
    pub stated: Figure,
    /// The computed figure; with `Weight::Unverifiable`, the known part.
    pub computed: Figure,
    pub weight: Weight,
}

impl Difference {
    /// Computed minus stated.
    pub fn delta(&self) -> Figure {
        self.computed.minus(self.stated)
    }

    /// What was compared, in Dutch, given the label of its total:
    /// "Totaal Groeispurt op informatie, kolom Basis RIEC".
    pub fn what(&self, label: &str, columns: &[Column]) -> String {
        match self.part {
            Part::Amount => label.to_string(),
            Part::Column(i) => format!(
                "{label}, kolom {}",
                columns.get(i).map_or("?", |c| c.name.as_str())
            ),
            Part::Fte => format!("{label}, fte"),
        }
    }
}

impl Budget {
    /// The label of a total, as the table prints it.
    pub fn total_label(&self, total: Total) -> String {
        match total {
            Total::Group(i) => self
                .groups
                .get(i)
                .map_or_else(String::new, |g| group_total_label(&g.name)),
            Total::Spending => self.total_label.clone(),
            Total::Subsidy => self.subsidy_label.clone(),
            Total::Balance => self.difference_label.clone(),
        }
    }

    /// Whether a stated figure of `total` differs from the computed one.
    pub fn differs(&self, total: Total) -> bool {
        self.differences.iter().any(|d| d.total == total)
    }
}

/// The label of a group's total row: "Totaal Groeispurt op informatie".
pub fn group_total_label(group: &str) -> String {
    format!("Totaal {group}")
}

/// One value of a stated total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `bedrag`
    Amount,
    /// `verdeling`, the column with this index.
    Column(usize),
    /// `fte`
    Fte,
}

/// Sums amounts, saturating (see [`Amounts::add`]).
pub fn sum(values: impl IntoIterator<Item = Euro>) -> Euro {
    Euro(values.into_iter().fold(0i64, |a, v| a.saturating_add(v.0)))
}

/// Sums rows: FTE, amounts and column splits, open values counted apart
/// (except the FTE and amounts a remainder row covers, see the module doc).
pub fn sum_rows<'a>(rows: impl IntoIterator<Item = &'a Row>, columns: usize) -> Totals {
    let rows: Vec<&Row> = rows.into_iter().collect();
    let remainder = rows.iter().any(|r| r.illegible);
    let mut t = Totals {
        amounts: Amounts::zero(columns),
        ..Totals::default()
    };
    for row in rows {
        let covered = remainder && !row.illegible;
        match row.fte {
            Some(OpenOr::Known(f)) => t.fte.0 = t.fte.0.saturating_add(f.0),
            Some(OpenOr::Open) => t.fte_open += usize::from(!covered),
            None => {}
        }
        t.amounts
            .add(&Amounts::of(&row.amount, &row.split, columns, covered));
    }
    t
}

/// Adds totals (of groups and rows) into one.
pub fn add_totals<'a>(parts: impl IntoIterator<Item = &'a Totals>, columns: usize) -> Totals {
    let mut t = Totals {
        amounts: Amounts::zero(columns),
        ..Totals::default()
    };
    for p in parts {
        t.fte.0 = t.fte.0.saturating_add(p.fte.0);
        t.fte_open += p.fte_open;
        t.amounts.add(&p.amounts);
    }
    t
}

/// Sums funding rows, open values counted apart.
pub fn sum_funding(rows: &[FundingRow], columns: usize) -> Amounts {
    let mut a = Amounts::zero(columns);
    for r in rows {
        a.add(&r.amounts(columns));
    }
    a
}

/// `a - b`, column by column. The open values of both stay counted: the
/// result is then unknown, not a bound.
pub fn subtract(a: &Amounts, b: &Amounts) -> Amounts {
    Amounts {
        amount: Euro(a.amount.0.saturating_sub(b.amount.0)),
        split: a
            .split
            .iter()
            .zip(&b.split)
            .map(|(x, y)| Euro(x.0.saturating_sub(y.0)))
            .collect(),
        amount_open: a.amount_open + b.amount_open,
        split_open: a.split_open + b.split_open,
    }
}

/// Compares stated with computed figures; returns each difference found.
pub fn compare(
    total: Total,
    stated: &Stated,
    computed: &Amounts,
    computed_fte: Option<(Fte, usize)>,
    tolerance: (Euro, Fte),
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut check = |part: Part, stated: Figure, computed: Figure, open: usize| {
        let weight = if open > 0 {
            Weight::Unverifiable(open)
        } else {
            let (delta, within) = match computed.minus(stated) {
                Figure::Euro(d) => (d.0, d.0.saturating_abs() <= tolerance.0.0),
                Figure::Fte(d) => (d.0, d.0.saturating_abs() <= tolerance.1.0),
            };
            if delta == 0 {
                return;
            }
            if within {
                Weight::Rounding
            } else {
                Weight::Error
            }
        };
        out.push(Difference {
            total,
            part,
            stated,
            computed,
            weight,
        });
    };
    check(
        Part::Amount,
        Figure::Euro(stated.amount),
        Figure::Euro(computed.amount),
        computed.amount_open,
    );
    for (i, (s, c)) in stated.split.iter().zip(&computed.split).enumerate() {
        if let Some(s) = s {
            check(
                Part::Column(i),
                Figure::Euro(*s),
                Figure::Euro(*c),
                computed.split_open,
            );
        }
    }
    if let (Some(s), Some((c, open))) = (stated.fte, computed_fte) {
        check(Part::Fte, Figure::Fte(s), Figure::Fte(c), open);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fte: Option<OpenOr<Fte>>, amount: i64, split: [i64; 3]) -> Row {
        Row {
            function: "x".into(),
            scale: None,
            fte,
            amount: OpenOr::Known(Euro(amount)),
            split: OpenOr::Known(split.iter().map(|&v| Euro(v)).collect()),
            new: false,
            illegible: false,
        }
    }

    fn columns() -> Vec<Column> {
        ["A", "B", "C"]
            .iter()
            .map(|n| Column {
                id: n.to_lowercase(),
                name: n.to_string(),
                amount: OpenOr::Known(Euro(0)),
                note: vec![],
            })
            .collect()
    }

    #[test]
    fn sums_are_exact_in_euros_and_hundredths() {
        let rows = [
            row(Some(OpenOr::Known(Fte(185))), 183_000, [183_000, 0, 0]),
            row(Some(OpenOr::Known(Fte(50))), 38_500, [0, 38_500, 0]),
            row(None, 100_000, [70_000, 0, 30_000]),
        ];
        let t = sum_rows(&rows, 3);
        assert_eq!(t.fte, Fte(235));
        assert_eq!(t.fte_open, 0);
        assert_eq!(t.amounts.amount, Euro(321_500));
        assert_eq!(
            t.amounts.split,
            vec![Euro(253_000), Euro(38_500), Euro(30_000)]
        );
    }

    #[test]
    fn open_fte_is_counted_not_added() {
        let rows = [
            row(Some(OpenOr::Open), 10, [10, 0, 0]),
            row(Some(OpenOr::Known(Fte(100))), 10, [10, 0, 0]),
        ];
        let t = sum_rows(&rows, 3);
        assert_eq!((t.fte, t.fte_open), (Fte(100), 1));
        let d = compare(
            Total::Spending,
            &Stated {
                fte: Some(Fte(200)),
                amount: Euro(20),
                split: vec![None; 3],
            },
            &t.amounts,
            Some((t.fte, t.fte_open)),
            (Euro(0), Fte(0)),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].weight, Weight::Unverifiable(1));
        assert_eq!(d[0].part, Part::Fte);
    }

    #[test]
    fn open_amounts_and_splits_are_counted_not_added() {
        let mut open = row(Some(OpenOr::Known(Fte(300))), 0, [0, 0, 0]);
        open.amount = OpenOr::Open;
        open.split = OpenOr::Open;
        let mut open_split = row(None, 183_000, [0, 0, 0]);
        open_split.split = OpenOr::Open;
        let rows = [open, open_split, row(None, 100_000, [70_000, 0, 30_000])];
        let t = sum_rows(&rows, 3);
        assert_eq!(t.amounts.amount, Euro(283_000));
        assert_eq!((t.amounts.amount_open, t.amounts.split_open), (1, 2));
        assert_eq!(t.amounts.split, vec![Euro(70_000), Euro(0), Euro(30_000)]);
        // Adding groups keeps the counts; a difference keeps them too.
        let all = add_totals([&t, &t], 3);
        assert_eq!((all.amounts.amount_open, all.amounts.split_open), (2, 4));
        let diff = subtract(&Amounts::exact(Euro(1), vec![Euro(0); 3]), &all.amounts);
        assert_eq!((diff.amount_open, diff.split_open), (2, 4));
        // Every comparison with an open part cannot be checked, even when
        // the known part happens to match.
        let d = compare(
            Total::Spending,
            &Stated {
                fte: None,
                amount: Euro(283_000),
                split: vec![Some(Euro(70_000)), None, Some(Euro(30_000))],
            },
            &t.amounts,
            None,
            (Euro(0), Fte(0)),
        );
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].part, Part::Amount);
        assert_eq!(d[0].weight, Weight::Unverifiable(1));
        assert_eq!(d[0].computed, Figure::Euro(Euro(283_000)));
        assert_eq!(d[1].part, Part::Column(0));
        assert_eq!(d[1].weight, Weight::Unverifiable(2));
        assert_eq!(d[2].part, Part::Column(2));
    }

    #[test]
    fn a_remainder_row_covers_open_fte_and_amounts_but_not_splits() {
        let mut legible = row(Some(OpenOr::Open), 0, [0, 0, 0]);
        legible.amount = OpenOr::Open;
        legible.split = OpenOr::Open;
        let mut rest = row(Some(OpenOr::Known(Fte(2658))), 2_112_575, [0, 0, 0]);
        rest.illegible = true;
        rest.split = OpenOr::Open;
        let t = sum_rows(&[legible.clone(), rest], 3);
        assert_eq!((t.fte, t.fte_open), (Fte(2658), 0));
        assert_eq!(
            (t.amounts.amount, t.amounts.amount_open),
            (Euro(2_112_575), 0)
        );
        assert_eq!(t.amounts.split_open, 2);
        // Without the remainder row the same row is open.
        let t = sum_rows(&[legible], 3);
        assert_eq!(
            (t.fte_open, t.amounts.amount_open, t.amounts.split_open),
            (1, 1, 1)
        );
    }

    #[test]
    fn differences_within_tolerance_are_rounding_beyond_are_errors() {
        let computed = Amounts::exact(
            Euro(7_056_397),
            vec![Euro(3_737_573), Euro(933_175), Euro(2_385_649)],
        );
        let stated = Stated {
            fte: None,
            amount: Euro(7_056_398),
            split: vec![
                Some(Euro(3_737_573)),
                Some(Euro(933_175)),
                Some(Euro(2_385_650)),
            ],
        };
        let d = compare(Total::Spending, &stated, &computed, None, (Euro(2), Fte(5)));
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.weight == Weight::Rounding));
        assert_eq!(d[0].stated, Figure::Euro(Euro(7_056_398)));
        assert_eq!(d[0].computed, Figure::Euro(Euro(7_056_397)));
        assert_eq!(d[0].delta(), Figure::Euro(Euro(-1)));
        assert_eq!(d[1].what("Totaal", &columns()), "Totaal, kolom C");
        let d = compare(Total::Spending, &stated, &computed, None, (Euro(0), Fte(0)));
        assert!(d.iter().all(|d| d.weight == Weight::Error));
    }

    #[test]
    fn sums_saturate_and_never_wrap_around() {
        let rows = [
            row(None, i64::MAX, [i64::MAX, 0, 0]),
            row(None, i64::MAX, [i64::MAX, 0, 0]),
        ];
        let t = sum_rows(&rows, 3);
        assert_eq!(t.amounts.amount, Euro(i64::MAX));
        assert_eq!(t.amounts.split[0], Euro(i64::MAX));
        let d = compare(
            Total::Spending,
            &Stated {
                fte: None,
                amount: Euro(-2),
                split: vec![None; 3],
            },
            &t.amounts,
            None,
            (Euro(0), Fte(0)),
        );
        assert_eq!(d.len(), 1, "a wrapped total would equal the stated -2");
    }

    #[test]
    fn difference_row_is_subsidy_minus_spending() {
        let subsidy = Amounts::exact(Euro(100), vec![Euro(60), Euro(40), Euro(0)]);
        let spent = Amounts::exact(Euro(90), vec![Euro(65), Euro(20), Euro(5)]);
        assert_eq!(
            subtract(&subsidy, &spent),
            Amounts::exact(Euro(10), vec![Euro(-5), Euro(20), Euro(-5)])
        );
    }

    #[test]
    fn open_funding_is_counted_not_added_and_leaves_the_balance_unknown() {
        let known = FundingRow {
            description: "subsidie".into(),
            amount: OpenOr::Known(Euro(100)),
            split: OpenOr::Known(vec![Euro(60), Euro(40), Euro(0)]),
        };
        let open = FundingRow {
            description: "reserve".into(),
            amount: OpenOr::Open,
            split: OpenOr::Open,
        };
        let subsidy = sum_funding(&[known, open], 3);
        assert_eq!(subsidy.amount, Euro(100));
        assert_eq!(subsidy.split, vec![Euro(60), Euro(40), Euro(0)]);
        assert_eq!((subsidy.amount_open, subsidy.split_open), (1, 1));
        let spent = Amounts::exact(Euro(90), vec![Euro(65), Euro(20), Euro(5)]);
        let balance = subtract(&subsidy, &spent);
        assert_eq!((balance.amount_open, balance.split_open), (1, 1));
        // A stated subsidy is not compared: it cannot be checked.
        let d = compare(
            Total::Subsidy,
            &Stated {
                fte: None,
                amount: Euro(100),
                split: vec![Some(Euro(60)), None, None],
            },
            &subsidy,
            None,
            (Euro(0), Fte(0)),
        );
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.weight == Weight::Unverifiable(1)));
    }

    #[test]
    fn fte_differences_use_their_own_tolerance() {
        let stated = Stated {
            fte: Some(Fte(1033)),
            amount: Euro(0),
            split: vec![None; 3],
        };
        let c = Amounts::zero(3);
        let d = compare(
            Total::Spending,
            &stated,
            &c,
            Some((Fte(1029), 0)),
            (Euro(2), Fte(5)),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].stated, d[0].computed, d[0].delta()),
            (
                Figure::Fte(Fte(1033)),
                Figure::Fte(Fte(1029)),
                Figure::Fte(Fte(-4))
            )
        );
        assert_eq!(d[0].weight, Weight::Rounding);
    }
}
