//! Dutch formatting of money, FTE, counts and dates: done once, here, for
//! every renderer, so the PDF and the DOCX print the same strings.

use chrono::{Datelike, NaiveDate};

use crate::model::budget::{Difference, Figure, Total, Weight};
use crate::source::values::{Euro, Fte, OpenOr};

/// What an open value prints as.
pub const OPEN: &str = "—";

/// A number with dots between thousands: `3737600` → `3.737.600`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `€ 3.737.600`; negative amounts as `-€ 185`. The space is a no-break space.
pub fn euro(amount: Euro) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    format!("{sign}€\u{a0}{}", thousands(amount.0.unsigned_abs()))
}

/// Like `euro`, but positive amounts get a `+`.
pub fn euro_signed(amount: Euro) -> String {
    if amount.0 > 0 {
        format!("+{}", euro(amount))
    } else {
        euro(amount)
    }
}

/// An amount or the open mark.
pub fn euro_or_open(amount: &OpenOr<Euro>) -> String {
    amount
        .known()
        .map_or_else(|| OPEN.to_string(), |a| euro(*a))
}

/// `1,85`; whole numbers without decimals (`3`), one decimal kept as two (`0,50`)
/// only when needed: `0,5` stays `0,5`.
pub fn fte(fte: Fte) -> String {
    let sign = if fte.0 < 0 { "-" } else { "" };
    let v = fte.0.unsigned_abs();
    let (whole, frac) = (v / 100, v % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole},{}", f / 10),
        f => format!("{sign}{whole},{f:02}"),
    }
}

/// Like `fte`, with a `+` for positive values.
pub fn fte_signed(v: Fte) -> String {
    if v.0 > 0 {
        format!("+{}", fte(v))
    } else {
        fte(v)
    }
}

/// `1,85 fte`
pub fn fte_unit(v: Fte) -> String {
    format!("{}\u{a0}fte", fte(v))
}

/// A count with thousands dots, or the open mark.
pub fn count_or_open(v: &OpenOr<u64>) -> String {
    v.known()
        .map_or_else(|| OPEN.to_string(), |n| thousands(*n))
}

/// A difference of counts with its sign: `+3`, `-1.200`, `0`.
pub fn count_signed(n: i128) -> String {
    let digits = thousands(u64::try_from(n.unsigned_abs()).unwrap_or(u64::MAX));
    match n {
        n if n > 0 => format!("+{digits}"),
        n if n < 0 => format!("-{digits}"),
        _ => digits,
    }
}

/// A year as the plan prints it: `2024` (no thousands dot).
pub fn year(y: i32) -> String {
    y.to_string()
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `28 november 2026`
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `2023-2024`
pub fn period(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    }
}

/// A page count as people read it: `1 pagina`, `38 pagina's`.
pub fn pages(n: usize) -> String {
    if n == 1 {
        "1 pagina".to_string()
    } else {
        format!("{} pagina's", thousands(n as u64))
    }
}

/// A file size as people read it: `634 kB`, `1,2 MB`, `20 MB` (binary
/// units, rounded up, so that a small file is never `0 kB` and a file over
/// a limit never reads as the limit; a tenth of a megabyte shown only when
/// there is one). Every size in a message or summary goes through here.
pub fn file_size(bytes: impl TryInto<u64>) -> String {
    const MB: u64 = 1024 * 1024;
    let bytes = bytes.try_into().unwrap_or(u64::MAX);
    if bytes >= MB {
        let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(MB));
        match (tenths / 10, tenths % 10) {
            (whole, 0) => format!("{whole} MB"),
            (whole, tenth) => format!("{whole},{tenth} MB"),
        }
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

/// A budget figure: an amount as [`euro`], an FTE as [`fte`].
pub fn figure(f: Figure) -> String {
    match f {
        Figure::Euro(e) => euro(e),
        Figure::Fte(f) => fte(f),
    }
}

/// Like [`figure`], with a `+` for positive values.
pub fn figure_signed(f: Figure) -> String {
    match f {
        Figure::Euro(e) => euro_signed(e),
        Figure::Fte(f) => fte_signed(f),
    }
}

/// A budget difference as the reader sees it: the stated figure, the
/// computed one (a sum with the open values it leaves out; the balance,
/// a difference, open, as the table prints it: its known part bounds
/// nothing) and computed minus stated (or why that cannot be said).
pub fn difference(d: &Difference) -> [String; 3] {
    match d.weight {
        Weight::Unverifiable(open) => [
            figure(d.stated),
            match d.total {
                Total::Balance => OPEN.to_string(),
                _ => format!("{} en {open} open", figure(d.computed)),
            },
            "niet te controleren".into(),
        ],
        Weight::Rounding | Weight::Error => [
            figure(d.stated),
            figure(d.computed),
            figure_signed(d.delta()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_counts_in_dutch() {
        assert_eq!(pages(1), "1 pagina");
        assert_eq!(pages(0), "0 pagina's");
        assert_eq!(pages(38), "38 pagina's");
        assert_eq!(pages(1200), "1.200 pagina's");
    }

    #[test]
    fn money_in_dutch() {
        assert_eq!(euro(Euro(3_737_600)), "€\u{a0}3.737.600");
        assert_eq!(euro(Euro(0)), "€\u{a0}0");
        assert_eq!(euro(Euro(999)), "€\u{a0}999");
        assert_eq!(euro(Euro(1000)), "€\u{a0}1.000");
        assert_eq!(euro(Euro(-185)), "-€\u{a0}185");
        assert_eq!(euro_signed(Euro(27)), "+€\u{a0}27");
        assert_eq!(euro(Euro(i64::MIN)), "-€\u{a0}9.223.372.036.854.775.808");
    }

    #[test]
    fn fte_with_decimal_comma() {
        assert_eq!(fte(Fte(185)), "1,85");
        assert_eq!(fte(Fte(50)), "0,5");
        assert_eq!(fte(Fte(300)), "3");
        assert_eq!(fte(Fte(6733)), "67,33");
        assert_eq!(fte(Fte(140)), "1,4");
        assert_eq!(fte(Fte(5)), "0,05");
        assert_eq!(fte_signed(Fte(-4)), "-0,04");
        assert_eq!(fte_unit(Fte(185)), "1,85\u{a0}fte");
    }

    #[test]
    fn dates_and_counts() {
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
            "28 november 2026"
        );
        assert_eq!(count_or_open(&OpenOr::Known(103)), "103");
        assert_eq!(count_or_open(&OpenOr::Open), "—");
        assert_eq!(period(2023, 2024), "2023-2024");
        assert_eq!(count_signed(1200), "+1.200");
        assert_eq!(count_signed(-3), "-3");
        assert_eq!(count_signed(0), "0");
        assert_eq!(year(2024), "2024");
    }

    #[test]
    fn file_sizes_round_up() {
        const MB: u64 = 1024 * 1024;
        assert_eq!(file_size(1usize), "1 kB");
        assert_eq!(file_size(634 * 1024 - 10), "634 kB");
        assert_eq!(file_size(MB), "1 MB");
        assert_eq!(file_size(MB + MB / 5), "1,2 MB");
        assert_eq!(file_size(20 * MB), "20 MB");
        assert_eq!(
            file_size(20 * MB + 1),
            "20,1 MB",
            "over a limit never reads as it"
        );
        assert_eq!(file_size(u64::MAX), "17592186044416 MB");
    }

    #[test]
    fn an_unverifiable_sum_shows_its_known_part_a_balance_is_open() {
        use crate::model::budget::Part;
        let d = |total| Difference {
            total,
            part: Part::Amount,
            stated: Figure::Euro(Euro(27)),
            computed: Figure::Euro(Euro(1_278_935)),
            weight: Weight::Unverifiable(5),
        };
        assert_eq!(
            difference(&d(Total::Spending)),
            [
                "€\u{a0}27",
                "€\u{a0}1.278.935 en 5 open",
                "niet te controleren"
            ]
        );
        assert_eq!(
            difference(&d(Total::Balance)),
            ["€\u{a0}27", OPEN, "niet te controleren"]
        );
    }
}
