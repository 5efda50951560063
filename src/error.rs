//! The tool's one error type for a failure that stops a command or an
//! output: a Dutch message, a hint saying what to do, and the file it
//! concerns, printed in one way by [`Error::render`].
//!
//! Problems *located in a source file* (`file:line:col`, the line shown)
//! are [`crate::diag::Diagnostic`]s, collected into a [`crate::diag::Report`]
//! so that one run shows them all. An [`Error`] is what stops one step:
//! reading the DOCX to import, writing an output, a renderer refusing.
//! Where an `Error` concerns a source file it becomes a diagnostic with
//! [`Error::into_diagnostic`] (an image that cannot be used, for example);
//! a report that stops a command is printed by the report itself, and the
//! command then fails with an [`Error`] that says what was not done.

use std::fmt::Write as _;

use crate::diag::{Diagnostic, Severity};

/// What kind of failure, for the callers that act differently on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input is wrong (a flag, a file given, the document to import);
    /// the user can put it right.
    Input,
    /// The sources hold errors; their report has been printed already.
    Sources,
    /// A renderer could not make its output (the previous file stays).
    Render {
        /// Errors among the renderer's diagnostics.
        errors: usize,
        /// Warnings among them.
        warnings: usize,
    },
    /// An output (or a backup) could not be written.
    Write,
    /// A fault of the tool itself, contained (no crash dump).
    Internal,
}

/// A failure with what the user needs: the message, a hint, the file.
/// (Boxed: it travels in every `Result` of the commands.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct Error(Box<Details>);

/// What an [`Error`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    kind: Kind,
    /// One Dutch sentence: what is wrong.
    message: String,
    /// What to do about it.
    hint: Option<String>,
    /// The file it concerns, as shown to the user, when the message does
    /// not already name it.
    file: Option<String>,
    /// Diagnostics rendered before the message: typst's (with their place
    /// in the layouts), or the report of the sources' errors.
    rendered: Option<String>,
    /// What the command did not do because of it, printed last
    /// (`import: niets geschreven`).
    outcome: Option<String>,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            kind,
            message: message.into(),
            hint: None,
            file: None,
            rendered: None,
            outcome: None,
        }))
    }

    pub fn kind(&self) -> Kind {
        self.0.kind
    }

    /// The message (without `error:`), empty when the error is only its
    /// rendered diagnostics.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.0.hint.as_deref()
    }

    /// Wrong input: see [`Kind::Input`].
    pub fn input(message: impl Into<String>) -> Self {
        Error::new(Kind::Input, message)
    }

    /// An output or backup not written: see [`Kind::Write`].
    pub fn write(message: impl Into<String>) -> Self {
        Error::new(Kind::Write, message)
    }

    /// Adds a hint; an empty one is none.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        self.0.hint = (!hint.is_empty()).then_some(hint);
        self
    }

    /// Names the file the error concerns.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.0.file = Some(file.into());
        self
    }

    /// Prints `diagnostics` (already rendered) before the message.
    pub fn after(mut self, diagnostics: impl Into<String>) -> Self {
        self.0.rendered = Some(diagnostics.into());
        self
    }

    /// Says, last, what was not done (`build: niets geschreven`).
    pub fn with_outcome(mut self, outcome: impl Into<String>) -> Self {
        self.0.outcome = Some(outcome.into());
        self
    }

    /// The sources hold errors: their rendered report, and what was not done.
    pub fn sources(report: impl Into<String>, outcome: impl Into<String>) -> Self {
        Error::new(Kind::Sources, "")
            .after(report)
            .with_outcome(outcome)
    }

    /// A renderer's failure, with its own rendered diagnostics.
    pub fn rendered(diagnostics: String, errors: usize, warnings: usize) -> Self {
        Error::new(Kind::Render { errors, warnings }, "").after(diagnostics)
    }

    /// A renderer that failed with one message (no diagnostics of its own).
    pub fn render_failed(message: impl Into<String>) -> Self {
        Error::new(
            Kind::Render {
                errors: 1,
                warnings: 0,
            },
            message,
        )
    }

    /// Errors this failure counts as (a renderer may report several).
    pub fn errors(&self) -> usize {
        match self.0.kind {
            Kind::Render { errors, .. } => errors,
            _ => 1,
        }
    }

    /// Warnings that came with it (a renderer's).
    pub fn warnings(&self) -> usize {
        match self.0.kind {
            Kind::Render { warnings, .. } => warnings,
            _ => 0,
        }
    }

    /// The error as printed on standard error: the diagnostics rendered
    /// before it (if any), then
    ///
    /// ```text
    /// error: <message>
    ///   ┌─ <file>
    ///   = hint: <hint>
    /// <outcome>
    /// ```
    ///
    /// (the message lines only when there is a message).
    pub fn render(&self) -> String {
        let e = &self.0;
        let mut out = e.rendered.clone().unwrap_or_default();
        if !e.message.is_empty() {
            let _ = writeln!(out, "error: {}", e.message);
            if let Some(file) = &e.file {
                let _ = writeln!(out, "  ┌─ {file}");
            }
            if let Some(hint) = &e.hint {
                let _ = writeln!(out, "  = hint: {hint}");
            }
        }
        if let Some(outcome) = &e.outcome {
            let _ = writeln!(out, "{outcome}");
        }
        out
    }

    /// The error as a diagnostic in `file` (at `span` when there is one),
    /// for a report that collects all problems of the sources.
    pub fn into_diagnostic(self, file: &str, span: Option<std::ops::Range<usize>>) -> Diagnostic {
        let e = *self.0;
        Diagnostic {
            severity: Severity::Error,
            file: e.file.unwrap_or_else(|| file.to_string()),
            span,
            message: e.message,
            hint: e.hint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_prints_its_message_place_and_hint() {
        let e = Error::input("het bestand is te groot")
            .in_file("document.docx")
            .with_hint("lever een kleiner bestand");
        assert_eq!(
            e.render(),
            "error: het bestand is te groot\n  ┌─ document.docx\n  = hint: lever een kleiner bestand\n"
        );
        assert_eq!(e.to_string(), "het bestand is te groot");
        assert_eq!(
            Error::write("kan x niet schrijven").with_hint("").render(),
            "error: kan x niet schrijven\n"
        );
        let r = Error::rendered("error: typst\n".into(), 2, 1);
        assert_eq!(
            (r.render().as_str(), r.errors(), r.warnings()),
            ("error: typst\n", 2, 1)
        );
        assert_eq!(
            Error::sources("error: x\n", "build: niets geschreven").render(),
            "error: x\nbuild: niets geschreven\n"
        );
    }

    #[test]
    fn an_error_in_a_source_becomes_a_located_diagnostic() {
        let d = Error::input("afbeelding `a.png` bestaat niet")
            .with_hint("zet de afbeelding in de bronnenmap")
            .into_diagnostic("sources/plan.toml", Some(3..9));
        assert_eq!(d.file, "sources/plan.toml");
        assert_eq!(d.span, Some(3..9));
        assert_eq!(
            d.hint.as_deref(),
            Some("zet de afbeelding in de bronnenmap")
        );
    }
}
