//! Writing changed fields back into a source file with toml_edit: comments,
//! key order, formatting and every untouched field stay exactly as they were.

use toml_edit::{DocumentMut, Item, Value};

/// One step of a path into a TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A new value for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    /// Markdown text, written as a multi-line string.
    Prose(String),
    /// A whole number.
    Integer(i64),
    /// The string `"open"`.
    Open,
    /// A list of short strings (ids).
    Strings(Vec<String>),
    /// A list of one-line Markdown texts (numbered goals).
    ProseList(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: Vec<Seg>,
    pub value: NewValue,
}

/// `["thema", 2, "tekst"]` as `thema[3].tekst` (1-based, as editors count).
pub fn path_name(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// Applies the edits to `text`; fails (writing nothing) when a path does not
/// lead to an existing field.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("het bronbestand is geen geldige TOML meer: {e}"))?;
    for edit in edits {
        let missing = || {
            format!(
                "veld {} bestaat niet in het bronbestand",
                path_name(&edit.path)
            )
        };
        let (Some(Seg::Key(last)), Some(parent)) = (
            edit.path.last(),
            edit.path.get(..edit.path.len().saturating_sub(1)),
        ) else {
            return Err(missing());
        };
        let table = table_at(doc.as_table_mut(), parent).ok_or_else(missing)?;
        match table.get_mut(last) {
            Some(item) => {
                let decor = item.as_value().map(|v| v.decor().clone());
                let mut value = new_value(&edit.value)?;
                if let Some(decor) = decor {
                    *value.decor_mut() = decor;
                }
                *item = Item::Value(value);
            }
            // An optional key that is not there yet is added to its table,
            // except an empty list, which means the same as no key at all.
            None if matches!(&edit.value, NewValue::Strings(v) if v.is_empty()) => {}
            None => {
                table.insert(last, Item::Value(new_value(&edit.value)?));
            }
        }
    }
    Ok(doc.to_string())
}

/// The string value at `path` in a TOML text, if there is one.
pub fn read_string(text: &str, path: &[Seg]) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let (Seg::Key(last), parent) = path.split_last()? else {
        return None;
    };
    table_at(doc.as_table_mut(), parent)?
        .get(last)?
        .as_str()
        .map(str::to_string)
}

/// The table a path leads to: keys into tables, indices into arrays of tables.
fn table_at<'a>(table: &'a mut toml_edit::Table, path: &[Seg]) -> Option<&'a mut toml_edit::Table> {
    let Some((first, rest)) = path.split_first() else {
        return Some(table);
    };
    let Seg::Key(k) = first else { return None };
    match (table.get_mut(k)?, rest.split_first()) {
        (Item::Table(t), _) => table_at(t, rest),
        (Item::ArrayOfTables(a), Some((Seg::Index(i), rest))) => table_at(a.get_mut(*i)?, rest),
        _ => None,
    }
}

fn new_value(v: &NewValue) -> Result<Value, String> {
    let repr = match v {
        NewValue::Prose(text) => prose_repr(text),
        NewValue::Integer(n) => n.to_string(),
        NewValue::Open => "\"open\"".to_string(),
        NewValue::Strings(list) => {
            let items: Vec<String> = list.iter().map(|s| basic(s)).collect();
            format!("[{}]", items.join(", "))
        }
        NewValue::ProseList(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|s| format!("  {},", prose_repr(s)))
                .collect();
            format!("[\n{}\n]", items.join("\n"))
        }
    };
    repr.parse::<Value>()
        .map_err(|e| format!("kan de nieuwe waarde niet schrijven: {e}"))
}

/// A multi-line string in the style the sources use: `"""` on its own line.
/// Text with backslashes (Markdown escapes) becomes a literal string, so the
/// file shows exactly what the editor would type.
pub fn prose_repr(text: &str) -> String {
    if !text.contains('\n') && text.chars().count() < 60 && !text.contains(['\\', '"']) {
        return basic(text);
    }
    if text.contains('\\') && !text.contains("'''") && !text.ends_with('\'') {
        return format!("'''\n{text}\n'''");
    }
    let escaped = text.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
    format!("\"\"\"\n{escaped}\n\"\"\"")
}

fn basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"# Commentaar blijft.
naam = "Noord"   # ook dit
terugblik = """
Oud.
"""

[[thema]]
id = "a"
tekst = "Eerste."

[[thema]]
id = "b"
tekst = """
Tweede.
"""

[[doel]]
aantal = 12 # doel
"#;

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    #[test]
    fn edits_change_only_their_field() {
        let out = apply(
            SRC,
            &[
                Edit {
                    path: vec![key("terugblik")],
                    value: NewValue::Prose("Nieuw.\n\n- een\n- twee".into()),
                },
                Edit {
                    path: vec![key("thema"), Seg::Index(1), key("tekst")],
                    value: NewValue::Prose("Anders.".into()),
                },
                Edit {
                    path: vec![key("doel"), Seg::Index(0), key("aantal")],
                    value: NewValue::Open,
                },
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            r#"# Commentaar blijft.
naam = "Noord"   # ook dit
terugblik = """
Nieuw.

- een
- twee
"""

[[thema]]
id = "a"
tekst = "Eerste."

[[thema]]
id = "b"
tekst = "Anders."

[[doel]]
aantal = "open" # doel
"#
        );
        let parsed: toml::Value = toml::from_str(&out).unwrap();
        assert_eq!(
            parsed["terugblik"].as_str().unwrap(),
            "Nieuw.\n\n- een\n- twee\n"
        );
    }

    #[test]
    fn no_edits_change_no_byte() {
        assert_eq!(apply(SRC, &[]).unwrap(), SRC);
    }

    #[test]
    fn escapes_survive() {
        for text in [
            r"Een \* ster",
            "Met \"\"\" drie",
            "Tab\tteken",
            "Slot met '",
        ] {
            let repr = prose_repr(text);
            let v: toml::Value = toml::from_str(&format!("x = {repr}")).unwrap();
            assert_eq!(
                v["x"].as_str().unwrap().trim_end_matches('\n'),
                text,
                "{repr}"
            );
        }
    }

    #[test]
    fn a_missing_optional_key_is_added_to_its_table() {
        let out = apply(
            SRC,
            &[
                Edit {
                    path: vec![key("doel"), Seg::Index(0), key("termijn")],
                    value: NewValue::Prose("eind 2026".into()),
                },
                Edit {
                    path: vec![key("doel"), Seg::Index(0), key("nee")],
                    value: NewValue::Strings(vec![]),
                },
            ],
        )
        .unwrap();
        assert!(
            out.ends_with("aantal = 12 # doel\ntermijn = \"eind 2026\"\n"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_field_is_an_error() {
        let err = apply(
            SRC,
            &[Edit {
                path: vec![key("thema"), Seg::Index(5), key("tekst")],
                value: NewValue::Open,
            }],
        )
        .unwrap_err();
        assert!(err.contains("thema[6].tekst"), "{err}");
    }
}
