//! A DOCX (or the document.xml of a real export) through the whole import
//! (the body is `uitvoeringsplan::fuzzing::docx_import`, also run by the tests).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uitvoeringsplan::fuzzing::docx_import(data));
