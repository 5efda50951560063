//! Text in the Markdown subset: parse, write back, parse again
//! (the body is `uitvoeringsplan::fuzzing::markdown`, also run by the tests).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = uitvoeringsplan::fuzzing::markdown(data);
});
