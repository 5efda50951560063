//! A source file of arbitrary bytes, as every kind of source file
//! (the body is `uitvoeringsplan::fuzzing::source_file`, also run by the tests).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| uitvoeringsplan::fuzzing::source_file(data));
