//! Re-anchoring: for any old text, span and new text, a placed annotation covers its own text
//! in the new text, on char boundaries.
#![no_main]

use factmark_core::anchor::{Anchorer, Quote};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String, usize, usize, Option<usize>)| {
    let (old, new, start, length, hint) = input;
    let count = old.chars().count();
    let start = start % (count + 1);
    let end = (start + length % 64).min(count);
    let Some(quote) = Quote::at(&old, start, end) else {
        return;
    };
    if let Some((s, e)) = Anchorer::new(&new).locate(&quote, hint) {
        let found: String = new.chars().skip(s).take(e - s).collect();
        assert_eq!(found, quote.exact);
    }
});
