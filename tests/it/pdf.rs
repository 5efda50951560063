//! The PDF: compiled in-process from the bundled sources and fixtures.
