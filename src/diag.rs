//! Diagnostics: every problem found in a run, located in its source file and
//! printed as `file:line:col`, the offending line and a hint.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::NoColor};

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, pointing at a place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as shown to the user (for example `sources/plan.toml`).
    pub file: String,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            span,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Everything found in one run, with the texts needed to show the lines.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Values the sources leave open, in file order (`file:line`, what).
    pub open: Vec<(String, String)>,
    /// Problems found but not shown, per file and severity (a file shows
    /// at most `MAX_PROBLEMS_PER_FILE` of each).
    pub hidden: BTreeMap<(String, Severity), usize>,
    texts: BTreeMap<String, String>,
}

impl Report {
    /// Registers a file's text so its lines can be shown.
    pub fn add_text(&mut self, file: &str, text: &str) {
        // A lone carriage return would send the terminal back to the start
        // of the shown line; a space keeps every offset.
        let mut shown = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
            shown.push(if lone_cr { ' ' } else { c });
        }
        self.texts.insert(file.to_string(), shown);
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        let hidden: usize = self
            .hidden
            .iter()
            .filter(|((_, s), _)| *s == severity)
            .map(|(_, n)| n)
            .sum();
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
            + hidden
    }

    /// Renders all diagnostics, in file order, as plain text.
    pub fn render(&self) -> String {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (name, text) in &self.texts {
            ids.insert(
                name.clone(),
                files.add(crate::console::path(name).into_owned(), text.clone()),
            );
        }
        let mut sorted: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        sorted.sort_by_key(|d| (d.file.clone(), d.span.as_ref().map(|s| s.start)));
        let config = term::Config::default();
        let mut out = NoColor::new(Vec::new());
        let mut plain = String::new();
        for d in sorted {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
            };
            match (ids.get(&d.file), &d.span) {
                (Some(&id), Some(span)) => {
                    let mut cs = CsDiagnostic::new(severity)
                        .with_message(&d.message)
                        .with_labels(vec![Label::primary(id, span.clone())]);
                    if let Some(hint) = &d.hint {
                        cs = cs.with_notes(vec![format!("hint: {hint}")]);
                    }
                    // Writing into a Vec cannot fail; a file id we added cannot be missing.
                    let _ = term::emit(&mut out, &config, &files, &cs);
                }
                _ => {
                    let label = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    let _ = writeln!(
                        plain,
                        "{label}: {}\n  ┌─ {}",
                        d.message,
                        crate::console::path(&d.file)
                    );
                    if let Some(hint) = &d.hint {
                        let _ = writeln!(plain, "  = hint: {hint}");
                    }
                    plain.push('\n');
                }
            }
        }
        let mut rendered = plain + &String::from_utf8_lossy(&out.into_inner());
        for ((file, severity), n) in &self.hidden {
            let kind = match (severity, n) {
                (Severity::Error, 1) => "fout",
                (Severity::Error, _) => "fouten",
                (Severity::Warning, 1) => "waarschuwing",
                (Severity::Warning, _) => "waarschuwingen",
            };
            let _ = writeln!(
                rendered,
                "… en nog {n} {kind} in {}, niet getoond\n  = hint: los eerst de getoonde op; daarna toont `check` de volgende\n",
                crate::console::path(file)
            );
        }
        rendered
    }
}

impl Report {
    /// The same report with only its errors (for `watch`, which counts the
    /// warnings but shows them only when they change).
    pub fn errors_only(&self) -> Report {
        self.only(|severity, _| severity == Severity::Error)
    }

    /// The warnings about `files` (every warning when `files` is empty),
    /// with the texts to show their lines.
    pub fn warnings_in(&self, files: &[String]) -> Report {
        self.only(|severity, file| {
            severity == Severity::Warning && (files.is_empty() || files.iter().any(|f| f == file))
        })
    }

    /// The problems (shown and hidden) that `keep` accepts by severity and
    /// file, with the texts; no open values.
    fn only(&self, keep: impl Fn(Severity, &str) -> bool) -> Report {
        Report {
            diagnostics: self
                .diagnostics
                .iter()
                .filter(|d| keep(d.severity, &d.file))
                .cloned()
                .collect(),
            open: Vec::new(),
            hidden: self
                .hidden
                .iter()
                .filter(|((f, s), _)| keep(*s, f))
                .map(|(k, n)| (k.clone(), *n))
                .collect(),
            texts: self.texts.clone(),
        }
    }

    /// One line per diagnostic: `file:line:col: warning: message`.
    pub fn render_short(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let place = match (&d.span, self.texts.get(&d.file)) {
                (Some(span), Some(text)) => {
                    let (line, col) = line_col(text, span.start);
                    format!("{}:{line}:{col}", crate::console::path(&d.file))
                }
                _ => crate::console::path(&d.file).into_owned(),
            };
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "{place}: {label}: {}", d.message);
        }
        out
    }
}

/// Line and column (both 1-based) of a byte offset in a text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, col)
}
