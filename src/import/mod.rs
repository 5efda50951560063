//! Reading a revised DOCX section back into the sources.

pub mod document;
pub mod map;
pub mod package;
