//! A filled-in results spreadsheet (.xlsx, .ods or .csv, picked by the
//! first byte) through the whole sheet import (the body is
//! `uitvoeringsplan::fuzzing::results_sheet`, also run by the tests).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = uitvoeringsplan::fuzzing::results_sheet(data);
});
