//! Parsing one TOML source file into its serde type, collecting every problem
//! in the file (not just the first) as located diagnostics in Dutch.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml_edit::{ImDocument, Item, Table, Value};

use crate::diag::Diagnostic;

/// Largest number of problems reported for one file (of each severity):
/// more would only bury the first, and cost time and memory to print.
pub const MAX_PROBLEMS_PER_FILE: usize = 25;

/// Parses `text` as `T`. On failure returns `None` and every problem found:
/// after each problem the offending entry is blanked out (keeping offsets and
/// line numbers) and the file is parsed again, so later problems show too.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> (Option<T>, Vec<Diagnostic>) {
    let mut work = text.to_string();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut blanked_keys: Vec<String> = Vec::new();
    loop {
        let err = match toml::from_str::<T>(&work) {
            Ok(value) if problems.is_empty() => return (Some(value), problems),
            Ok(_) => return (None, problems),
            Err(err) => err,
        };
        let message = err.message().to_string();
        // A key we blanked out ourselves is now "missing": not a new problem.
        if let Some(field) = between_backticks(&message, "missing field ") {
            let field = [field.to_string()];
            if blanked_keys.iter().any(|k| closest(k, &field).is_some()) {
                return (None, problems);
            }
        }
        let span = err.span().map(|s| first_line_of(text, s));
        let problem = describe(file, &message, span.clone(), text);
        // Blanking did not get past it (a key missing from the file stays
        // missing whatever else is blanked): reported once, then stop.
        if problems.contains(&problem) {
            return (None, problems);
        }
        problems.push(problem);
        let Some(span) = span else {
            return (None, problems);
        };
        let Some((key, range)) = entry_at(&work, &span) else {
            return (None, problems);
        };
        if problems.len() >= MAX_PROBLEMS_PER_FILE {
            return (None, problems);
        }
        blanked_keys.push(key);
        blank(&mut work, range);
    }
}

/// Turns a toml/serde message into a Dutch diagnostic with a hint.
fn describe(file: &str, message: &str, span: Option<Range<usize>>, text: &str) -> Diagnostic {
    let span = span.map(|s| clamp(s, text));
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let unknown = between_backticks(rest, "").unwrap_or(rest);
        let expected = backticked_list(rest);
        let mut d = Diagnostic::error(file, span, format!("onbekende sleutel `{unknown}`"));
        if let Some(best) = closest(unknown, &expected) {
            d = d.with_hint(format!("bedoel je `{best}`?"));
        } else if !expected.is_empty() {
            d = d.with_hint(format!("geldige sleutels hier: {}", expected.join(", ")));
        }
        return d;
    }
    if let Some(field) = between_backticks(message, "missing field ") {
        return Diagnostic::error(
            file,
            span,
            format!("verplichte sleutel `{field}` ontbreekt"),
        )
        .with_hint(format!("voeg `{field} = ...` toe; zie sources/README.md"));
    }
    if span
        .as_ref()
        .is_some_and(|s| text[s.start..].starts_with('\r') && !text[s.start..].starts_with("\r\n"))
    {
        // A carriage return without its line feed (an old Mac line ending,
        // or a line end damaged in copying): TOML does not allow it.
        return Diagnostic::error(file, span, "losse CR (regeleinde zonder LF) in het bestand")
            .with_hint(
                "sla het bestand op met gewone regeleinden (LF, of CRLF zoals Windows doet)",
            );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let unknown = between_backticks(rest, "").unwrap_or(rest);
        let expected = backticked_list(rest);
        let mut d = Diagnostic::error(file, span, format!("onbekende waarde `{unknown}`"));
        if !expected.is_empty() {
            d = d.with_hint(format!("kies uit: {}", expected.join(", ")));
        }
        return d;
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(file, span, format!("verkeerd type: {}", dutch_kind(found)))
            .with_hint(format!("verwacht: {}", dutch_kind(expected)));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(
            file,
            span,
            format!("ongeldige waarde: {}", dutch_kind(found)),
        )
        .with_hint(format!("verwacht: {}", dutch_kind(expected)));
    }
    if message.starts_with("invalid date-time") || message.contains("value is out of range") {
        return Diagnostic::error(file, span, "ongeldige datum of tijd")
            .with_hint("schrijf een bestaande datum zonder aanhalingstekens, zoals 2023-03-01");
    }
    if let Some(key) = between_backticks(message, "duplicate key ") {
        return Diagnostic::error(file, span, format!("sleutel `{key}` staat hier twee keer"))
            .with_hint("verwijder of hernoem een van beide");
    }
    if let Some((message, hint)) = message.split_once(crate::source::values::HINT) {
        // An own message from the value types, with its hint.
        return Diagnostic::error(file, span, message.to_string()).with_hint(first_line(hint));
    }
    if message.contains(' ') && message.chars().next().is_some_and(char::is_uppercase) {
        // Our own messages (from the value types) are Dutch sentences already.
        return Diagnostic::error(file, span, first_line(message));
    }
    if looks_like_own_message(message) {
        return Diagnostic::error(file, span, first_line(message));
    }
    Diagnostic::error(
        file,
        span,
        format!(
            "TOML-fout: {}",
            message.replace('\n', "; ").trim_end_matches("; ")
        ),
    )
    .with_hint("controleer aanhalingstekens, haken en `=`; zie sources/README.md")
}

fn looks_like_own_message(message: &str) -> bool {
    ["fte ", "\"", "een ", "bedrag", "getal", "verwacht"]
        .iter()
        .any(|p| message.starts_with(p))
}

/// A span cut back to its first line (a missing key points at its table's start).
fn first_line_of(text: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = text[start..span.end.clamp(start, text.len())]
        .find('\n')
        .map_or(span.end, |i| start + i.max(1));
    start..end
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

fn clamp(span: Range<usize>, text: &str) -> Range<usize> {
    let start = span.start.min(text.len());
    start..span.end.clamp(start, text.len())
}

/// Translates serde's description of a kind of value.
fn dutch_kind(kind: &str) -> String {
    let kind = kind.trim();
    let simple = [
        ("a string", "tekst (tussen aanhalingstekens)"),
        ("string", "tekst"),
        ("a boolean", "true of false"),
        ("i64", "een heel getal"),
        ("u64", "een heel getal"),
        ("u32", "een heel getal (0 of meer)"),
        ("a sequence", "een lijst: [ ... ]"),
        ("sequence", "een lijst"),
        ("a map", "een tabel"),
        ("map", "een tabel"),
    ];
    for (en, nl) in simple {
        if kind == en {
            return nl.to_string();
        }
    }
    // The type's own name is the program's, not the editor's.
    if kind.starts_with("struct ") {
        return "een tabel".to_string();
    }
    for (prefix, nl) in [
        ("integer ", "een getal "),
        ("string ", "tekst "),
        ("boolean ", "een waarheidswaarde "),
        ("floating point ", "een kommagetal "),
    ] {
        if let Some(rest) = kind.strip_prefix(prefix) {
            return format!("{nl}{rest}");
        }
    }
    match kind {
        "sequence" => "een lijst".into(),
        "map" => "een tabel".into(),
        _ => kind.to_string(),
    }
}

fn between_backticks<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    rest.split('`').next()
}

fn backticked_list(text: &str) -> Vec<String> {
    let Some((_, list)) = text.split_once("expected ") else {
        return Vec::new();
    };
    list.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// Longest name, in characters, for which a close match is looked for:
/// typos are in names people type, and the edit distance takes time in
/// the product of the two lengths (two names of a megabyte would take hours).
const MAX_SUGGESTED_CHARS: usize = 100;

/// The valid key most like `unknown`, if any is close enough.
pub fn closest(unknown: &str, candidates: &[String]) -> Option<String> {
    let len = unknown.chars().count();
    if len > MAX_SUGGESTED_CHARS {
        return None;
    }
    candidates
        .iter()
        .filter_map(|c| {
            let c_len = c.chars().take(MAX_SUGGESTED_CHARS + 1).count();
            let limit = 2.max(c_len / 3);
            // The distance is at least the difference in length.
            if c_len > MAX_SUGGESTED_CHARS || len.abs_diff(c_len) > limit {
                return None;
            }
            let d = strsim::damerau_levenshtein(unknown, c);
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// Finds the entry (key and byte range of everything it spans) that contains `span`.
fn entry_at(text: &str, span: &Range<usize>) -> Option<(String, Range<usize>)> {
    let doc = ImDocument::parse(text.to_string()).ok()?;
    let mut best: Option<(String, Range<usize>)> = None;
    find_in_table(doc.as_table(), span, &mut best);
    best
}

fn find_in_table(table: &Table, span: &Range<usize>, best: &mut Option<(String, Range<usize>)>) {
    for (name, item) in table.iter() {
        let Some((key, _)) = table.get_key_value(name) else {
            continue;
        };
        consider(name, key.span(), item, span, best);
    }
}

fn consider(
    name: &str,
    key_span: Option<Range<usize>>,
    item: &Item,
    span: &Range<usize>,
    best: &mut Option<(String, Range<usize>)>,
) {
    let ranges = item_ranges(key_span.clone(), item);
    let hit = ranges
        .iter()
        .any(|r| r.start <= span.start && span.start < r.end.max(r.start + 1));
    if hit {
        let outer = ranges.iter().map(|r| r.start).min().unwrap_or(0)
            ..ranges.iter().map(|r| r.end).max().unwrap_or(0);
        let narrower = best
            .as_ref()
            .is_none_or(|(_, b)| outer.end - outer.start < b.end - b.start);
        if narrower {
            *best = Some((name.to_string(), outer));
        }
    }
    match item {
        Item::Table(t) => find_in_table(t, span, best),
        Item::ArrayOfTables(a) => {
            for t in a.iter() {
                find_in_table(t, span, best);
            }
        }
        Item::Value(Value::InlineTable(t)) => {
            for (k, v) in t.iter() {
                if let Some((key, _)) = t.get_key_value(k) {
                    consider(k, key.span(), &Item::Value(v.clone()), span, best);
                }
            }
        }
        _ => {}
    }
}

/// The byte ranges an entry occupies: key to value, or a table's headers and bodies.
fn item_ranges(key_span: Option<Range<usize>>, item: &Item) -> Vec<Range<usize>> {
    match item {
        Item::Value(v) => match (key_span, v.span()) {
            (Some(k), Some(v)) => std::iter::once(k.start..v.end).collect(),
            (None, Some(v)) => vec![v],
            (Some(k), None) => vec![k],
            (None, None) => vec![],
        },
        Item::Table(t) => table_ranges(t),
        Item::ArrayOfTables(a) => a.iter().flat_map(table_ranges).collect(),
        Item::None => vec![],
    }
}

fn table_ranges(t: &Table) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = t.span().into_iter().collect();
    for (name, item) in t.iter() {
        let key_span = t.get_key_value(name).and_then(|(k, _)| k.span());
        out.extend(item_ranges(key_span, item));
    }
    out
}

/// Replaces every character in `range` except newlines by spaces.
fn blank(work: &mut String, range: Range<usize>) {
    let range = clamp(range, work);
    // Multi-byte characters become several spaces so offsets stay put.
    let replaced: String = work[range.clone()]
        .char_indices()
        .flat_map(|(_, c)| {
            let n = if c == '\n' { 0 } else { c.len_utf8() };
            std::iter::repeat_n(' ', n).chain((c == '\n').then_some('\n'))
        })
        .collect();
    debug_assert_eq!(replaced.len(), range.end - range.start);
    work.replace_range(range, &replaced);
}

#[cfg(test)]
mod edge_tests {
    use super::*;

    #[test]
    fn an_empty_or_blank_text_ends() {
        use crate::source::types::*;
        for text in ["", " ", "\n"] {
            assert!(parse_toml::<PlanFile>("f.toml", text).0.is_none());
            assert!(parse_toml::<DistrictFile>("f.toml", text).0.is_none());
            assert!(parse_toml::<ThemeFile>("f.toml", text).0.is_none());
            assert!(parse_toml::<BudgetFile>("f.toml", text).0.is_none());
            assert!(parse_toml::<ResultsFile>("f.toml", text).0.is_none());
        }
    }

    /// Two names of 1.2 million characters would take hours to compare:
    /// without the length checks this test does not end.
    #[test]
    fn closest_gives_up_quickly_on_long_names() {
        let long_a = "Almere".repeat(200_000);
        let long_b = "Almeer".repeat(200_000);
        let candidates = [long_a.clone(), "Almere".to_string()];
        assert_eq!(closest(&long_b, &candidates), None);
        assert_eq!(closest("Almeer", &candidates).as_deref(), Some("Almere"));
        assert_eq!(closest("Lelystad", &[long_a]), None);
    }
}
