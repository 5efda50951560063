//! Word-like edits to a real section export, then the whole import: it
//! refuses, or the re-export shows the edited text (the body is
//! `uitvoeringsplan::fuzzing::docx_word_edits`, also run by the tests).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = uitvoeringsplan::fuzzing::docx_word_edits(data);
});
