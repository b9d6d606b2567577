//! W3C Web Annotation import, with and without an article text: never panics, and what it
//! accepts is a valid article whose W3C export reads back the same.
#![no_main]

use factmark_core::export;
use factmark_core::formats::w3c;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for text in [None, Some("Larry Fink said “taxes will fall” on Monday. 😀 東京")] {
        if let Ok(imported) = w3c::from_json(input, text) {
            assert_eq!(export::validate(&imported.article), Ok(()));
            let again = w3c::from_json(&w3c::to_json(&imported.article), None).expect("our own export reads");
            assert_eq!(again.article, imported.article);
        }
    }
});
