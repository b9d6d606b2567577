//! CSV import onto a fixed article text: never panics, and what it accepts is valid.
#![no_main]

use factmark_core::formats::{self, Format};
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "Larry Fink said “taxes will fall” on Monday. 😀 東京 e\u{301}";

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let _ = formats::csv::parse_rows(input);
    if let Ok(imported) = formats::import(Format::Csv, input, Some(TEXT)) {
        for article in &imported.articles {
            assert_eq!(factmark_core::export::validate(article), Ok(()));
        }
    }
});
