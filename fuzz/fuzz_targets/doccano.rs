//! doccano JSONL import: never panics, and what it accepts is valid and writes back readable.
#![no_main]

use factmark_core::export;
use factmark_core::formats::doccano;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(articles) = doccano::from_jsonl(input) {
        for article in &articles {
            assert_eq!(export::validate(article), Ok(()));
        }
        let again = doccano::from_jsonl(&doccano::to_jsonl(&articles)).expect("our own export reads");
        assert_eq!(again.len(), articles.len());
    }
});
