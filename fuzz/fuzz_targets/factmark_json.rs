//! Factmark JSON import: never panics; whatever it accepts writes back and reads back the same.
#![no_main]

use factmark_core::export::{self, Document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(document) = export::read_document(input) {
        let again = match &document {
            Document::Article(article) => export::read_document(&export::to_json(article)),
            Document::Library(articles) => export::read_document(&export::library_to_json(articles)),
        };
        assert_eq!(again.as_ref(), Ok(&document), "an accepted document round-trips");
    }
});
