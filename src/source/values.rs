//! Exact value types of the sources: whole euros, FTE in hundredths, counts,
//! and "open" for a value that is not known yet. No floats anywhere.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

/// FTE in hundredths: `"1,85"` is `Fte(185)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Fte(pub i64);

impl Fte {
    /// Parses `"1,85"`, `"1.85"`, `"3"` or `"0,5"`; at most two decimals.
    pub fn parse(text: &str) -> Option<Fte> {
        let text = text.trim();
        let (whole, frac) = match text.split_once([',', '.']) {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 6 {
            return None;
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if text.contains([',', '.']) && frac.is_empty() {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        Some(Fte(whole * 100 + frac))
    }
}

/// A value that the sources either know or explicitly leave open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenOr<T> {
    Known(T),
    Open,
}

impl<T> OpenOr<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            OpenOr::Known(v) => Some(v),
            OpenOr::Open => None,
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, OpenOr::Open)
    }
}

const OPEN: &str = "open";

/// The largest amount, in whole euros, that the sources may hold (either
/// sign): a thousand billion. A budget of the bundled plan's kind is a few
/// million; the bound keeps every sum of a source file that fits the file
/// size limit far inside `i64`, so no total can wrap around.
pub const MAX_EURO: i64 = 1_000_000_000_000;

/// The largest count (cases, signals, ...) the sources may hold.
pub const MAX_COUNT: i64 = 1_000_000_000_000;

/// Separates an own message from its hint in a serde error (see
/// `source::parse::describe`, which splits them again).
pub const HINT: char = '\u{1f}';

/// The error for an integer beyond a bound: `what` names the kind of value.
fn beyond<E: de::Error>(v: i128, max: i64, what: &str, euro: bool) -> E {
    let show = |n: i128| {
        let digits = crate::format::thousands(u64::try_from(n.unsigned_abs()).unwrap_or(u64::MAX));
        let sign = if n < 0 { "-" } else { "" };
        if euro {
            format!("{sign}€\u{a0}{digits}")
        } else {
            format!("{sign}{digits}")
        }
    };
    let side = if v < 0 { "kleiner" } else { "groter" };
    let limit = if v < 0 {
        -i128::from(max)
    } else {
        i128::from(max)
    };
    E::custom(format!(
        "{what} {} is {side} dan het maximum van {}{HINT}controleer het aantal cijfers; een {what} is hoogstens {} (zonder punten of spaties)",
        show(v),
        show(limit),
        show(i128::from(max)),
    ))
}

/// `v` as an amount in euros, or the error for one beyond [`MAX_EURO`].
fn euro_within<E: de::Error>(v: i128) -> Result<i64, E> {
    if v.abs() <= i128::from(MAX_EURO) {
        Ok(v as i64)
    } else {
        Err(beyond(v, MAX_EURO, "bedrag", true))
    }
}

/// A whole amount of euros (may be negative, for a difference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Euro(pub i64);

impl<'de> Deserialize<'de> for Euro {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Euro;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("een bedrag in hele euro's, zoals 3737600")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Euro, E> {
                euro_within(i128::from(v)).map(Euro)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Euro, E> {
                euro_within(i128::from(v)).map(Euro)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Euro, E> {
                if v == OPEN {
                    Err(E::custom(
                        "bedrag mag hier niet \"open\" zijn: open kan een heel bedrag (bedrag = \"open\") of een hele verdeling (verdeling = \"open\"); een opgegeven totaal dat niet bekend is, laat je weg",
                    ))
                } else {
                    Err(E::invalid_type(de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Fte {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match OpenOr::<Fte>::deserialize(d)? {
            OpenOr::Known(f) => Ok(f),
            OpenOr::Open => Err(de::Error::custom(
                "fte mag hier niet \"open\" zijn: schrijf een fte-waarde, zoals \"1,85\"",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for OpenOr<Fte> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OpenOr<Fte>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("een fte-waarde als tekst met komma, zoals \"1,85\", een heel getal, of \"open\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                if (0..1_000_000).contains(&v) {
                    Ok(OpenOr::Known(Fte(v * 100)))
                } else {
                    Err(E::custom(format!(
                        "fte {v} valt buiten het bereik 0 tot 1000000"
                    )))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Err(E::custom(format!(
                    "fte als kommagetal ({v}) is niet exact: schrijf het als tekst, zoals \"{}\"",
                    format!("{v}").replace('.', ",")
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == OPEN {
                    return Ok(OpenOr::Open);
                }
                Fte::parse(v).map(OpenOr::Known).ok_or_else(|| {
                    E::custom(format!(
                        "\"{v}\" is geen fte-waarde: schrijf bijvoorbeeld \"1,85\" (hoogstens twee decimalen) of \"open\""
                    ))
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for OpenOr<Euro> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match open_or_integer(d, "een bedrag in hele euro's, zoals 3737600, of \"open\"")? {
            OpenOr::Known(n) => euro_within(n).map(|n| OpenOr::Known(Euro(n))),
            OpenOr::Open => Ok(OpenOr::Open),
        }
    }
}

impl<'de> Deserialize<'de> for OpenOr<u64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match open_or_integer(d, "een aantal (heel getal, 0 of meer) of \"open\"")? {
            OpenOr::Known(n) if n < 0 => Err(de::Error::custom(format!(
                "een aantal kan niet negatief zijn ({n})"
            ))),
            OpenOr::Known(n) if n > i128::from(MAX_COUNT) => {
                Err(beyond(n, MAX_COUNT, "aantal", false))
            }
            OpenOr::Known(n) => Ok(OpenOr::Known(n as u64)),
            OpenOr::Open => Ok(OpenOr::Open),
        }
    }
}

impl<'de> Deserialize<'de> for OpenOr<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s == OPEN {
            OpenOr::Open
        } else {
            OpenOr::Known(s)
        })
    }
}

impl<'de> Deserialize<'de> for OpenOr<toml::value::Datetime> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Date(toml::value::Datetime),
            Text(String),
        }
        match Raw::deserialize(d)
            .map_err(|_| de::Error::custom("verwacht een datum zoals 2023-03-01, of \"open\""))?
        {
            Raw::Date(dt) => Ok(OpenOr::Known(dt)),
            Raw::Text(t) if t == OPEN => Ok(OpenOr::Open),
            Raw::Text(t) => Err(de::Error::custom(format!(
                "\"{t}\" is geen datum: schrijf de datum zonder aanhalingstekens, zoals 2023-03-01, of \"open\""
            ))),
        }
    }
}

/// A results value (`waarde`, a footnote amount): either one value, as a
/// file with one `jaar` writes it (`103`, `"open"`), or a table with a value
/// per year (`{ 2022 = 103, 2023 = "open" }`), each year with its place.
/// Which years are allowed is the model's check (`model::build`), which
/// knows the file's `jaar` or `jaren`.
#[derive(Debug, Clone)]
pub enum Yearly<T> {
    One(OpenOr<T>),
    PerYear(Vec<(Spanned<String>, Spanned<OpenOr<T>>)>),
}

impl<'de, T> Deserialize<'de> for Yearly<T>
where
    OpenOr<T>: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        struct V<T>(PhantomData<T>);
        impl<'de, T> Visitor<'de> for V<T>
        where
            OpenOr<T>: Deserialize<'de>,
        {
            type Value = Yearly<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "een waarde, \"open\", of een tabel met een waarde per jaar, zoals { 2022 = 103, 2023 = \"open\" }",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                OpenOr::<T>::deserialize(v.into_deserializer()).map(Yearly::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                OpenOr::<T>::deserialize(v.into_deserializer()).map(Yearly::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                OpenOr::<T>::deserialize(v.into_deserializer()).map(Yearly::One)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                OpenOr::<T>::deserialize(v.into_deserializer()).map(Yearly::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                OpenOr::<T>::deserialize(v.into_deserializer()).map(Yearly::One)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(year) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<OpenOr<T>>>()?;
                    entries.push((year, value));
                }
                Ok(Yearly::PerYear(entries))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// An integer (widened, so that a bound can be checked on any value the
/// format holds) or "open".
fn open_or_integer<'de, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
) -> Result<OpenOr<i128>, D::Error> {
    struct V(&'static str);
    impl Visitor<'_> for V {
        type Value = OpenOr<i128>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(OpenOr::Known(i128::from(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(OpenOr::Known(i128::from(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v == OPEN {
                Ok(OpenOr::Open)
            } else {
                Err(E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
    }
    d.deserialize_any(V(expecting))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fte_parses_dutch_and_dot_decimals_exactly() {
        assert_eq!(Fte::parse("1,85"), Some(Fte(185)));
        assert_eq!(Fte::parse("1.85"), Some(Fte(185)));
        assert_eq!(Fte::parse("0,5"), Some(Fte(50)));
        assert_eq!(Fte::parse("31,43"), Some(Fte(3143)));
        assert_eq!(Fte::parse("3"), Some(Fte(300)));
        assert_eq!(Fte::parse("1,855"), None);
        assert_eq!(Fte::parse("1,"), None);
        assert_eq!(Fte::parse(",5"), None);
        assert_eq!(Fte::parse("-1"), None);
        assert_eq!(Fte::parse("een"), None);
    }
}
