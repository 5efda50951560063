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
    apply_with(text, edits, false)
}

/// [`apply`]; with `keep_multiline`, a text that was a multi-line string
/// stays one, however short it becomes.
fn apply_with(text: &str, edits: &[Edit], keep_multiline: bool) -> Result<String, String> {
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
                let multiline = keep_multiline
                    && item.as_value().is_some_and(|v| {
                        let repr = v.to_string();
                        let repr = repr.trim_start();
                        repr.starts_with("\"\"\"") || repr.starts_with("'''")
                    });
                let mut value = match &edit.value {
                    NewValue::Prose(text) if multiline => multiline_repr(text)
                        .parse::<Value>()
                        .map_err(|e| format!("kan de nieuwe waarde niet schrijven: {e}"))?,
                    other => new_value(other)?,
                };
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

/// The table a path leads to: keys into tables and inline tables, indices
/// into arrays of tables and arrays of inline tables (the results' per-year
/// values and breakdowns).
fn table_at<'a>(
    table: &'a mut dyn toml_edit::TableLike,
    path: &[Seg],
) -> Option<&'a mut dyn toml_edit::TableLike> {
    let Some((first, rest)) = path.split_first() else {
        return Some(table);
    };
    let Seg::Key(k) = first else { return None };
    match (table.get_mut(k)?, rest.split_first()) {
        (Item::Table(t), _) => table_at(t, rest),
        (Item::ArrayOfTables(a), Some((Seg::Index(i), rest))) => table_at(a.get_mut(*i)?, rest),
        (Item::Value(Value::InlineTable(t)), _) => table_at(t, rest),
        (Item::Value(Value::Array(a)), Some((Seg::Index(i), rest))) => match a.get_mut(*i)? {
            Value::InlineTable(t) => table_at(t, rest),
            _ => None,
        },
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
    multiline_repr(text)
}

/// A multi-line string, `"""` (or `'''` for text with backslashes) on its own line.
fn multiline_repr(text: &str) -> String {
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

/// Applies the edits the way an editor would have made them by hand: like
/// [`apply`], but keeping the file's form. A UTF-8 byte order mark stays;
/// every line the edits do not touch stays byte for byte (its own line
/// ending included), new lines take the file's line ending (CRLF when most
/// lines end so, else LF); and inside a changed Markdown paragraph only the
/// lines whose words changed are rewritten, wrapped like the paragraph
/// around them, up to where the old line breaks line up again.
///
/// `same_prose(a, b)` says whether two Markdown texts read the same (the
/// caller knows Markdown; this module only moves line breaks). Every
/// re-wrapped paragraph is checked with it, and the whole result is parsed
/// again and compared with the plain [`apply`]: anything that would read
/// differently falls back to the plain form, so the result always holds
/// exactly the edited values.
pub fn apply_keeping_form(
    text: &str,
    edits: &[Edit],
    same_prose: &dyn Fn(&str, &str) -> bool,
) -> Result<String, String> {
    const BOM: &str = "\u{feff}";
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    };
    let crlf = body.matches("\r\n").count();
    let ending = if crlf * 2 > body.matches('\n').count() {
        "\r\n"
    } else {
        "\n"
    };
    let old_lf = body.replace("\r\n", "\n");
    let new_lf = apply_with(&old_lf, edits, true)?;
    // The original lines with their own endings, one per line of `old_lf`.
    let originals: Vec<&str> = body.split_inclusive('\n').collect();
    let expected = parsed(&new_lf);
    let render = |lines: &[Line]| {
        let mut out = String::with_capacity(new_lf.len() + bom.len() + crlf * 2);
        out.push_str(bom);
        for line in lines {
            match line {
                Line::Old(i) => out.push_str(originals[*i]),
                Line::New(s, newline) => {
                    out.push_str(s);
                    if *newline {
                        out.push_str(ending);
                    }
                }
            }
        }
        out
    };
    let reads_as_edited = |candidate: &str| {
        let lf = candidate
            .strip_prefix(BOM)
            .unwrap_or(candidate)
            .replace("\r\n", "\n");
        match (&expected, parsed(&lf)) {
            (Some(want), Some(got)) => same_value(want, &got, same_prose),
            _ => false,
        }
    };
    let old_lines: Vec<&str> = old_lf.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new_lf.split_inclusive('\n').collect();
    let ops = line_diff(&old_lines, &new_lines);
    let rewrapped = render(&keep_lines(
        &old_lf, &new_lf, &old_lines, &new_lines, &ops, edits, same_prose,
    ));
    if reads_as_edited(&rewrapped) {
        return Ok(rewrapped);
    }
    let plain = render(&plain_lines(&new_lines, &ops));
    if reads_as_edited(&plain) {
        return Ok(plain);
    }
    // The edited text as toml_edit wrote it, in the file's line ending.
    let mut out = String::from(bom);
    out.push_str(&if ending == "\r\n" {
        new_lf.replace('\n', "\r\n")
    } else {
        new_lf
    });
    Ok(out)
}

/// A line of the result: a line of the original file (kept with its own
/// ending), or a new one (and whether it ends with a line break).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Old(usize),
    New(String, bool),
}

impl Line {
    fn new(s: &str) -> Line {
        match s.strip_suffix('\n') {
            Some(body) => Line::New(body.to_string(), true),
            None => Line::New(s.to_string(), false),
        }
    }
}

/// One step of a line diff: a line in both (old, new), only in the old
/// text, only in the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Gone(usize),
    Added(usize),
}

/// Largest table a diff fills (old × new items between the common start
/// and end); beyond it the middle counts as replaced as a whole.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// A shortest edit script between two sequences (longest common
/// subsequence, after the common start and end are set aside).
fn diff<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut ops: Vec<Op> = (0..start).map(|i| Op::Same(i, i)).collect();
    if am.len().saturating_mul(bm.len()) > MAX_DIFF_CELLS {
        ops.extend((0..am.len()).map(|i| Op::Gone(start + i)));
        ops.extend((0..bm.len()).map(|j| Op::Added(start + j)));
    } else {
        // lcs[i][j]: the longest common subsequence of am[i..] and bm[j..].
        let w = bm.len() + 1;
        let mut lcs = vec![0u32; (am.len() + 1) * w];
        for i in (0..am.len()).rev() {
            for j in (0..bm.len()).rev() {
                lcs[i * w + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < am.len() || j < bm.len() {
            if i < am.len() && j < bm.len() && am[i] == bm[j] {
                ops.push(Op::Same(start + i, start + j));
                i += 1;
                j += 1;
            } else if j < bm.len() && (i == am.len() || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])
            {
                ops.push(Op::Added(start + j));
                j += 1;
            } else {
                ops.push(Op::Gone(start + i));
                i += 1;
            }
        }
    }
    let (ea, eb) = (a.len() - end, b.len() - end);
    ops.extend((0..end).map(|k| Op::Same(ea + k, eb + k)));
    ops
}

fn line_diff(old: &[&str], new: &[&str]) -> Vec<Op> {
    diff(old, new)
}

/// The result of a plain line diff: unchanged lines kept, the rest new.
fn plain_lines(new_lines: &[&str], ops: &[Op]) -> Vec<Line> {
    ops.iter()
        .filter_map(|op| match *op {
            Op::Same(i, _) => Some(Line::Old(i)),
            Op::Added(j) => Some(Line::new(new_lines[j])),
            Op::Gone(_) => None,
        })
        .collect()
}

/// For every line of a TOML text, the index of the prose edit whose
/// multi-line string holds it (the lines between the opening and the
/// closing quotes).
fn prose_lines(text: &str, line_count: usize, edits: &[Edit]) -> Vec<Option<usize>> {
    let mut tags = vec![None; line_count];
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
        return tags;
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    for (n, edit) in edits.iter().enumerate() {
        if !matches!(edit.value, NewValue::Prose(_)) {
            continue;
        }
        let Some((Seg::Key(last), parent)) = edit.path.split_last() else {
            continue;
        };
        let Some(span) = table_at_ref(doc.as_table(), parent)
            .and_then(|t| t.get(last))
            .and_then(|item| item.as_value())
            .filter(|v| v.as_str().is_some())
            .and_then(toml_edit::Value::span)
        else {
            continue;
        };
        let (first, last) = (line_of(span.start), line_of(span.end.saturating_sub(1)));
        for tag in tags.iter_mut().take(last).skip(first + 1) {
            *tag = Some(n);
        }
    }
    tags
}

fn table_at_ref<'a>(table: &'a toml_edit::Table, path: &[Seg]) -> Option<&'a toml_edit::Table> {
    let Some((first, rest)) = path.split_first() else {
        return Some(table);
    };
    let Seg::Key(k) = first else { return None };
    match (table.get(k)?, rest.split_first()) {
        (Item::Table(t), _) => table_at_ref(t, rest),
        (Item::ArrayOfTables(a), Some((Seg::Index(i), rest))) => table_at_ref(a.get(*i)?, rest),
        _ => None,
    }
}

/// The lines of the result: unchanged lines kept; a changed stretch inside
/// a Markdown text re-wrapped paragraph by paragraph ([`rewrap`]), other
/// changes as toml_edit wrote them.
fn keep_lines(
    old_text: &str,
    new_text: &str,
    old_lines: &[&str],
    new_lines: &[&str],
    ops: &[Op],
    edits: &[Edit],
    same_prose: &dyn Fn(&str, &str) -> bool,
) -> Vec<Line> {
    let old_tags = prose_lines(old_text, old_lines.len(), edits);
    let new_tags = prose_lines(new_text, new_lines.len(), edits);
    let blank = |s: &str| s.trim().is_empty();
    // A kept line that belongs to the paragraph of a change next to it.
    let joins = |op: &Op, tag: Option<usize>| match *op {
        Op::Same(i, j) => {
            tag.is_some() && old_tags[i] == tag && new_tags[j] == tag && !blank(old_lines[i])
        }
        _ => false,
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if let Op::Same(i, _) = ops[k] {
            out.push(Line::Old(i));
            k += 1;
            continue;
        }
        // A run of changes, widened to whole paragraphs of one prose field.
        let mut end = k;
        while end < ops.len() && !matches!(ops[end], Op::Same(..)) {
            end += 1;
        }
        let tag = ops[k..end]
            .iter()
            .map(|op| match *op {
                Op::Gone(i) => old_tags[i],
                Op::Added(j) => new_tags[j],
                Op::Same(..) => None,
            })
            .reduce(|a, b| if a == b { a } else { None })
            .flatten();
        let mut start = k;
        while tag.is_some() && start > 0 && joins(&ops[start - 1], tag) {
            start -= 1;
            // The kept line was already written: take it back.
            out.pop();
        }
        // Kept lines and further changes of the same paragraphs join it.
        let tag_of = |op: &Op| match *op {
            Op::Gone(i) => old_tags[i],
            Op::Added(j) => new_tags[j],
            Op::Same(..) => None,
        };
        while tag.is_some() && end < ops.len() {
            if joins(&ops[end], tag)
                || (!matches!(ops[end], Op::Same(..)) && tag_of(&ops[end]) == tag)
            {
                end += 1;
            } else {
                break;
            }
        }
        let region = &ops[start..end];
        let lines = tag.and_then(|_| rewrap_region(region, old_lines, new_lines, same_prose));
        out.extend(lines.unwrap_or_else(|| plain_lines(new_lines, region)));
        k = end;
    }
    out
}

/// A changed stretch of a Markdown text, paragraph by paragraph: the old
/// and the new lines split at blank lines; paired paragraphs re-wrapped.
/// `None` when the paragraphs do not pair up.
fn rewrap_region(
    region: &[Op],
    old_lines: &[&str],
    new_lines: &[&str],
    same_prose: &dyn Fn(&str, &str) -> bool,
) -> Option<Vec<Line>> {
    let olds: Vec<usize> = region
        .iter()
        .filter_map(|op| match *op {
            Op::Same(i, _) | Op::Gone(i) => Some(i),
            Op::Added(_) => None,
        })
        .collect();
    let news: Vec<usize> = region
        .iter()
        .filter_map(|op| match *op {
            Op::Same(_, j) | Op::Added(j) => Some(j),
            Op::Gone(_) => None,
        })
        .collect();
    let groups = |idx: &[usize], lines: &[&str]| -> Vec<(bool, Vec<usize>)> {
        let mut out: Vec<(bool, Vec<usize>)> = Vec::new();
        for &i in idx {
            let blank = lines[i].trim().is_empty();
            match out.last_mut() {
                Some((b, v)) if *b == blank => v.push(i),
                _ => out.push((blank, vec![i])),
            }
        }
        out
    };
    let (og, ng) = (groups(&olds, old_lines), groups(&news, new_lines));
    // Paragraphs are paired by their words: an added or removed paragraph
    // leaves the others paired with their old selves.
    let keyed = |gs: &[(bool, Vec<usize>)], lines: &[&str]| -> Vec<Similar> {
        gs.iter()
            .map(|(blank, idx)| Similar {
                blank: *blank,
                words: idx
                    .iter()
                    .flat_map(|&i| lines[i].split_whitespace().map(word_key))
                    .collect(),
            })
            .collect()
    };
    let mut out = Vec::new();
    for op in diff(&keyed(&og, old_lines), &keyed(&ng, new_lines)) {
        let (o, n) = match op {
            Op::Same(a, b) => (&og[a].1, &ng[b].1),
            Op::Gone(_) => continue,
            Op::Added(b) => {
                out.extend(ng[b].1.iter().map(|&j| Line::new(new_lines[j])));
                continue;
            }
        };
        let old: Vec<&str> = o.iter().map(|&i| old_lines[i]).collect();
        let new: Vec<&str> = n.iter().map(|&j| new_lines[j]).collect();
        if old == new || old.iter().all(|l| l.trim().is_empty()) {
            // Blank lines between paragraphs stay as they were.
            out.extend(o.iter().map(|&i| Line::Old(i)));
            continue;
        }
        let wrapped = rewrap(&old, &new)
            .filter(|lines| {
                let text: String = lines
                    .iter()
                    .map(|l| match l {
                        Wrapped::Old(k) => old[*k].trim_end_matches('\n').to_string() + "\n",
                        Wrapped::New(s) => format!("{s}\n"),
                    })
                    .collect();
                same_prose(&new.concat(), &text)
            })
            .map(|lines| {
                lines
                    .into_iter()
                    .map(|l| match l {
                        Wrapped::Old(k) => Line::Old(o[k]),
                        Wrapped::New(s) => Line::New(s, true),
                    })
                    .collect::<Vec<_>>()
            });
        // The last line of a file may lack its line break; such a line is
        // never inside a multi-line string, so every line here has one.
        out.extend(wrapped.unwrap_or_else(|| new.iter().map(|s| Line::new(s)).collect()));
    }
    Some(out)
}

/// A run of lines (a paragraph or the blank lines between), compared with
/// another by its words: the same when at least half of them are shared.
struct Similar {
    blank: bool,
    words: Vec<String>,
}

impl PartialEq for Similar {
    fn eq(&self, other: &Similar) -> bool {
        if self.blank || other.blank {
            return self.blank == other.blank;
        }
        let (mut a, mut b) = (self.words.clone(), other.words.clone());
        a.sort_unstable();
        b.sort_unstable();
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        common * 2 >= a.len().max(b.len())
    }
}

/// A word as the paragraphs are compared: typographic quotes and
/// apostrophes read as the straight ones the importer writes (the plan
/// shows both the same), so a line that differs only in them is kept.
fn word_key(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect()
}

/// A line of a re-wrapped paragraph: an old line (by its place in the old
/// paragraph) or a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wrapped {
    Old(usize),
    New(String),
}

/// Default width of a paragraph written on one line before, and the most a
/// wrapped paragraph's lines grow to (never narrower than they were).
const WRAP_WIDTH: usize = 78;

/// How far past its widest line a paragraph's changed line may grow
/// before it wraps (within [`WRAP_WIDTH`]).
const WRAP_SLACK: usize = 8;

/// The new paragraph's words laid over the old paragraph's lines: an old
/// line whose words come next stays as it is; where the words changed, the
/// new words fill lines as wide as the paragraph's widest (its own
/// indentation kept) until an unchanged old line lines up again. `None`
/// when the paragraph holds what re-wrapping could change (tabs, runs of
/// spaces, hard line breaks) or a new line would start with a block marker.
fn rewrap(old: &[&str], new: &[&str]) -> Option<Vec<Wrapped>> {
    let split = |line: &str| -> Option<(String, Vec<String>)> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        if body.is_empty()
            || line.contains(['\t', '\r'])
            || body.contains("  ")
            || body.ends_with([' ', '\\'])
        {
            return None;
        }
        Some((
            indent.to_string(),
            body.split(' ').map(str::to_string).collect(),
        ))
    };
    let old: Vec<(String, Vec<String>)> = old.iter().map(|l| split(l)).collect::<Option<_>>()?;
    let new: Vec<(String, Vec<String>)> = new.iter().map(|l| split(l)).collect::<Option<_>>()?;
    if old.first()?.0 != new.first()?.0 {
        return None;
    }
    let width = |indent: &str, words: &[String]| {
        indent.chars().count()
            + words.iter().map(|w| w.chars().count()).sum::<usize>()
            + words.len().saturating_sub(1)
    };
    let widest = old.iter().map(|(i, w)| width(i, w)).max()?;
    // A line may grow a little past the widest, up to the usual width.
    let limit = if old.len() == 1 {
        widest.max(WRAP_WIDTH)
    } else {
        widest.max(WRAP_WIDTH.min(widest + WRAP_SLACK))
    };
    let cont_indent = old
        .get(1)
        .or_else(|| new.get(1))
        .map_or_else(|| old[0].0.clone(), |(i, _)| i.clone());
    let words: Vec<&str> = new
        .iter()
        .flat_map(|(_, w)| w.iter().map(String::as_str))
        .collect();
    // Compared by their keys: a typographic quote matches a straight one.
    let keys: Vec<String> = words.iter().map(|w| word_key(w)).collect();
    let old_keys: Vec<String> = old
        .iter()
        .flat_map(|(_, w)| w.iter().map(|w| word_key(w)))
        .collect();
    // Where each old line starts among the old words, and which new word
    // each old word is matched to by the word diff.
    let mut line_starts = Vec::with_capacity(old.len());
    let mut at = 0;
    for (_, w) in &old {
        line_starts.push(at);
        at += w.len();
    }
    let mut matched = vec![None; old_keys.len()];
    for op in diff(&old_keys, &keys) {
        if let Op::Same(i, j) = op {
            matched[i] = Some(j);
        }
    }
    let mut out = Vec::new();
    let (mut j, mut k) = (0, 0);
    let fits_line = |k: usize, j: usize| {
        let line: Vec<String> = old[k].1.iter().map(|w| word_key(w)).collect();
        keys[j..].starts_with(&line)
    };
    while k < old.len() {
        if fits_line(k, j) {
            out.push(Wrapped::Old(k));
            j += old[k].1.len();
            k += 1;
            continue;
        }
        // A new line cannot start with a block marker: the old line before
        // it takes the marker, so it is rewritten too.
        if k > 0
            && words.get(j).is_some_and(|w| starts_block(w))
            && out.last() == Some(&Wrapped::Old(k - 1))
        {
            out.pop();
            k -= 1;
            j -= old[k].1.len();
        }
        // The next old line that lines up with the new words again.
        let sync = (k + 1..old.len()).find_map(|next| {
            let jj = matched[line_starts[next]]?;
            (jj >= j && fits_line(next, jj)).then_some((next, jj))
        });
        let (next, jj) = sync.unwrap_or((old.len(), words.len()));
        let indents: Vec<&str> = (k..next).map(|l| old[l].0.as_str()).collect();
        out.extend(fill(&words[j..jj], &indents, &cont_indent, limit, k == 0)?);
        j = jj;
        k = next;
    }
    if j < words.len() {
        out.extend(fill(&words[j..], &[], &cont_indent, limit, false)?);
    }
    Some(out)
}

/// Words filled into lines no wider than `limit` (a longer word gets a line
/// of its own), the first lines with the indentations of the lines they
/// replace, further ones with `cont_indent`. `None` when a line would have
/// to start with a block marker; a paragraph's first line may.
fn fill(
    words: &[&str],
    indents: &[&str],
    cont_indent: &str,
    limit: usize,
    first_of_paragraph: bool,
) -> Option<Vec<Wrapped>> {
    let mut lines: Vec<Wrapped> = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    for (n, &word) in words.iter().enumerate() {
        let w = word.chars().count();
        if !line.is_empty() && (width + 1 + w <= limit || starts_block(word)) {
            line.push(' ');
            line.push_str(word);
            width += 1 + w;
            continue;
        }
        if !(n == 0 && first_of_paragraph) && starts_block(word) {
            return None;
        }
        if !line.is_empty() {
            lines.push(Wrapped::New(std::mem::take(&mut line)));
        }
        let indent = indents.get(lines.len()).copied().unwrap_or(cont_indent);
        line.push_str(indent);
        line.push_str(word);
        width = indent.chars().count() + w;
    }
    if !line.is_empty() {
        lines.push(Wrapped::New(line));
    }
    Some(lines)
}

/// Could a line starting with this word begin a Markdown block (list,
/// heading, quote, rule, fence, table, HTML)? Such a word never starts a
/// re-wrapped line.
fn starts_block(word: &str) -> bool {
    if word.starts_with(['-', '+', '*', '#', '>', '~', '=', '`', '|', '<', '_']) {
        return true;
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && word[digits..].starts_with(['.', ')'])
}

/// A TOML text as a value (`None` when it does not parse).
fn parsed(text: &str) -> Option<toml::Value> {
    toml::from_str(text).ok()
}

/// Equal values, strings that differ only as Markdown reading the same.
fn same_value(a: &toml::Value, b: &toml::Value, same_prose: &dyn Fn(&str, &str) -> bool) -> bool {
    use toml::Value as V;
    match (a, b) {
        (V::String(x), V::String(y)) => x == y || same_prose(x, y),
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y, same_prose))
        }
        (V::Table(x), V::Table(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && same_value(x, y, same_prose))
        }
        _ => a == b,
    }
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

    fn same_md(a: &str, b: &str) -> bool {
        use crate::model::richtext::parse;
        matches!((parse(a), parse(b)), (Ok(x), Ok(y)) if x == y)
    }

    const WRAPPED: &str = "# Een district.\nnaam = \"Noord\"\nterugblik = \"\"\"\nHet district werkte in 2023 samen met de gemeenten aan een\nweerbare overheid. De aanpak van ondermijning kreeg vorm in\nvier casussen, waarvan er twee zijn afgerond en twee nog\nlopen in het nieuwe jaar.\n\nEen tweede alinea blijft staan.\n\"\"\"\n";

    fn prose(text: &str) -> Vec<Edit> {
        vec![Edit {
            path: vec![key("terugblik")],
            value: NewValue::Prose(text.into()),
        }]
    }

    fn changed_lines(a: &str, b: &str) -> Vec<String> {
        let old: Vec<&str> = a.split_inclusive('\n').collect();
        b.split_inclusive('\n')
            .filter(|l| !old.contains(l))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_one_word_edit_rewrites_one_line() {
        let new = "Het district werkte in 2023 samen met de gemeenten aan een weerbare\noverheid. De aanpak van ondermijning kreeg vorm in vijf casussen, waarvan\ner twee zijn afgerond en twee nog lopen in het nieuwe jaar.\n\nEen tweede alinea blijft staan.";
        let out = apply_keeping_form(WRAPPED, &prose(new), &same_md).unwrap();
        assert_eq!(
            changed_lines(WRAPPED, &out),
            ["vijf casussen, waarvan er twee zijn afgerond en twee nog\n"],
            "{out}"
        );
        assert_eq!(out.lines().count(), WRAPPED.lines().count());
    }

    #[test]
    fn a_longer_line_spills_onto_a_second_and_lines_up_again() {
        let new = "Het district werkte in 2023 samen met de gemeenten aan een weerbare en wendbare overheid. De aanpak van ondermijning kreeg vorm in vier casussen, waarvan er twee zijn afgerond en twee nog lopen in het nieuwe jaar.\n\nEen tweede alinea blijft staan.";
        let out = apply_keeping_form(WRAPPED, &prose(new), &same_md).unwrap();
        let changed = changed_lines(WRAPPED, &out);
        assert!(changed.len() <= 2, "{out}");
        assert!(out.contains("vier casussen, waarvan er twee zijn afgerond en twee nog\nlopen in het nieuwe jaar.\n"), "{out}");
        let v: toml::Value = toml::from_str(&out).unwrap();
        assert!(same_md(v["terugblik"].as_str().unwrap(), new));
    }

    #[test]
    fn bom_and_crlf_stay() {
        let crlf = format!("\u{feff}{}", WRAPPED.replace('\n', "\r\n"));
        let new = "Het district werkte in 2023 samen met de gemeenten aan een weerbare overheid. De aanpak van ondermijning kreeg vorm in vijf casussen, waarvan er twee zijn afgerond en twee nog lopen in het nieuwe jaar.\n\nEen tweede alinea blijft staan.\n\nEn een derde.";
        let out = apply_keeping_form(&crlf, &prose(new), &same_md).unwrap();
        assert!(out.starts_with('\u{feff}'));
        assert_eq!(
            out.matches('\n').count(),
            out.matches("\r\n").count(),
            "{out:?}"
        );
        assert!(out.contains("\r\nEn een derde.\r\n"), "{out:?}");
        let v: toml::Value = toml::from_str(out.trim_start_matches('\u{feff}')).unwrap();
        assert!(same_md(v["terugblik"].as_str().unwrap(), new));
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
