//! Anchoring by quote: describing a span by its exact text and the text around it, and finding
//! it again in a text that may have changed.
//!
//! This is the W3C TextQuoteSelector idea. The W3C exporter writes [`Quote::at`], the W3C
//! importer and merges into an edited article call [`Anchorer::locate`], and the app uses
//! [`reanchor`] after the user edits an article's text. All offsets count code points.

use crate::model::Annotation;
use crate::span::OffsetMap;

/// How many code points of context a quote keeps on each side (what Hypothesis keeps too).
pub const CONTEXT_CHARS: usize = 32;

/// A span described by its text: `exact`, with up to [`CONTEXT_CHARS`] code points of `prefix`
/// before it and `suffix` after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

impl Quote {
    /// The quote of code points `start..end` of `text`; `None` when the range is not inside it.
    pub fn at(text: &str, start: usize, end: usize) -> Option<Quote> {
        let offsets = OffsetMap::new(text);
        Quote::at_with(text, &offsets, start, end)
    }

    /// [`Quote::at`] reusing the text's [`OffsetMap`], for quoting many spans of one text.
    pub fn at_with(text: &str, offsets: &OffsetMap, start: usize, end: usize) -> Option<Quote> {
        if start > end || end > offsets.char_len() {
            return None;
        }
        let byte = |chars: usize| offsets.char_to_byte(chars);
        Some(Quote {
            exact: text[byte(start)..byte(end)].to_owned(),
            prefix: text[byte(start.saturating_sub(CONTEXT_CHARS))..byte(start)].to_owned(),
            suffix: text[byte(end)..byte(end + CONTEXT_CHARS)].to_owned(),
        })
    }
}

/// Finds quotes in one text. Building it indexes the text once (O(n)); each look-up searches
/// outwards from the hinted position, so re-anchoring a whole article after a small edit stays
/// close to linear.
pub struct Anchorer<'t> {
    text: &'t str,
    offsets: OffsetMap,
}

impl<'t> Anchorer<'t> {
    pub fn new(text: &'t str) -> Anchorer<'t> {
        Anchorer {
            text,
            offsets: OffsetMap::new(text),
        }
    }

    pub fn offsets(&self) -> &OffsetMap {
        &self.offsets
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The code point range where `quote.exact` occurs in the text, or `None` when it does not
    /// occur. Among occurrences, the one whose surroundings agree most with `prefix` and
    /// `suffix` wins, then the one nearest `hint` (a code point offset, usually the old start).
    /// An empty `exact` is never found: it would match everywhere.
    pub fn locate(&self, quote: &Quote, hint: Option<usize>) -> Option<(usize, usize)> {
        if quote.exact.is_empty() {
            return None;
        }
        let hint_byte = self.offsets.char_to_byte(hint.unwrap_or(0));
        let full = quote.prefix.chars().count() + quote.suffix.chars().count();
        // Search windows that double around the hint: a match with full context inside a window
        // is nearer the hint than any match outside it, so the first such window decides.
        let mut radius = 256usize.max(quote.exact.len() * 2);
        loop {
            let start = self.floor(hint_byte.saturating_sub(radius));
            let end = self.ceil(hint_byte.saturating_add(radius).min(self.text.len()));
            let whole = start == 0 && end == self.text.len();
            let best = self.best_in(start, end, quote, hint_byte);
            match best {
                Some((score, byte)) if score == full || whole => {
                    let first = self.offsets.byte_to_char(byte);
                    let last = self.offsets.byte_to_char(byte + quote.exact.len());
                    return Some((first, last));
                }
                None if whole => return None,
                _ => radius = radius.saturating_mul(2),
            }
        }
    }

    /// The best occurrence starting in bytes `start..end`: (context score, byte offset).
    fn best_in(&self, start: usize, end: usize, quote: &Quote, hint_byte: usize) -> Option<(usize, usize)> {
        // Let a match that starts inside the window run past its end.
        let stop = self.ceil((end + quote.exact.len()).min(self.text.len()));
        let window = &self.text[start..stop];
        window
            .match_indices(quote.exact.as_str())
            .map(|(at, _)| start + at)
            .filter(|&byte| byte < end || end == self.text.len())
            .map(|byte| {
                let before = &self.text[..byte];
                let after = &self.text[byte + quote.exact.len()..];
                let prefix = common_suffix(before, &quote.prefix);
                let suffix = common_prefix(after, &quote.suffix);
                (prefix + suffix, byte)
            })
            .max_by(|(score_a, byte_a), (score_b, byte_b)| {
                score_a
                    .cmp(score_b)
                    .then_with(|| byte_b.abs_diff(hint_byte).cmp(&byte_a.abs_diff(hint_byte)))
            })
    }

    fn floor(&self, mut byte: usize) -> usize {
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }

    fn ceil(&self, mut byte: usize) -> usize {
        while !self.text.is_char_boundary(byte) {
            byte += 1;
        }
        byte
    }
}

/// How many code points at the end of `text` agree with the end of `context`.
fn common_suffix(text: &str, context: &str) -> usize {
    text.chars()
        .rev()
        .zip(context.chars().rev())
        .take_while(|(a, b)| a == b)
        .count()
}

/// How many code points at the start of `text` agree with the start of `context`.
fn common_prefix(text: &str, context: &str) -> usize {
    text.chars()
        .zip(context.chars())
        .take_while(|(a, b)| a == b)
        .count()
}

/// Where annotations of `old_text` lie in `new_text`: the moved annotations, each with its new
/// `start`, `end` (and speaker offsets, when the speaker is found too), and the ids of those
/// whose text no longer occurs. An unchanged text returns every annotation unchanged.
pub fn reanchor(old_text: &str, new_text: &str, annotations: &[Annotation]) -> Reanchored {
    reanchored(
        annotations,
        &relocate(old_text, new_text, &anchor_ranges(annotations)),
    )
}

/// The code point ranges [`reanchor`] looks for: each annotation's, then its speaker's if it
/// has one. With [`relocate`] and [`reanchored`], re-anchoring can run where only the texts and
/// these ranges are (the app's analysis worker), not the annotations.
pub fn anchor_ranges(annotations: &[Annotation]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(annotations.len());
    for annotation in annotations {
        ranges.push((annotation.start, annotation.end));
        if let Some(speaker) = &annotation.speaker {
            ranges.push((speaker.start, speaker.end));
        }
    }
    ranges
}

/// Where each code point range of `old_text` lies in `new_text`, found by its quote and
/// context; `None` where its text no longer occurs.
pub fn relocate(old_text: &str, new_text: &str, ranges: &[(usize, usize)]) -> Vec<Option<(usize, usize)>> {
    let old = OffsetMap::new(old_text);
    let anchorer = Anchorer::new(new_text);
    ranges
        .iter()
        .map(|&(start, end)| {
            let quote = Quote::at_with(old_text, &old, start, end)?;
            anchorer.locate(&quote, Some(start))
        })
        .collect()
}

/// The annotations moved to the ranges [`relocate`] found for their [`anchor_ranges`]: those
/// whose own range is gone are lost; a speaker whose range is gone is dropped.
pub fn reanchored(annotations: &[Annotation], found: &[Option<(usize, usize)>]) -> Reanchored {
    let mut found = found.iter().copied();
    let mut placed = Vec::with_capacity(annotations.len());
    let mut lost = Vec::new();
    for annotation in annotations {
        let here = found.next().flatten();
        let speaker = annotation.speaker.as_ref().map(|_| found.next().flatten());
        match here {
            Some((start, end)) => {
                let mut moved = annotation.clone();
                moved.start = start;
                moved.end = end;
                match speaker.flatten() {
                    Some((start, end)) => {
                        if let Some(speaker) = &mut moved.speaker {
                            (speaker.start, speaker.end) = (start, end);
                        }
                    }
                    None => moved.speaker = None,
                }
                placed.push(moved);
            }
            None => lost.push(annotation.id.clone()),
        }
    }
    Reanchored { placed, lost }
}

/// What [`reanchor`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Reanchored {
    /// The annotations found again, in their original order, with new offsets.
    pub placed: Vec<Annotation>,
    /// Ids of the annotations whose text is gone.
    pub lost: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// text, quote (exact, prefix, suffix), hint, expected code point range.
    type Row<'a> = (
        &'a str,
        (&'a str, &'a str, &'a str),
        Option<usize>,
        Option<(usize, usize)>,
    );

    #[test]
    fn finds_the_occurrence_the_context_names() {
        let rows: &[Row] = &[
            ("a cat and a cat", ("cat", "a ", " and"), None, Some((2, 5))),
            ("a cat and a cat", ("cat", "and a ", ""), None, Some((12, 15))),
            ("a cat and a cat", ("cat", "", ""), Some(11), Some((12, 15))),
            ("a cat and a cat", ("dog", "", ""), None, None),
            ("a cat", ("", "", ""), None, None),
            ("😀 東京 😀 東京", ("東京", "😀 ", ""), Some(7), Some((7, 9))),
            (
                "e\u{301}e\u{301}",
                ("e\u{301}", "e\u{301}", ""),
                None,
                Some((2, 4)),
            ),
            ("שלום עולם שלום", ("שלום", "עולם ", ""), None, Some((10, 14))),
        ];
        for &(text, (exact, prefix, suffix), hint, expected) in rows {
            let quote = Quote {
                exact: exact.into(),
                prefix: prefix.into(),
                suffix: suffix.into(),
            };
            assert_eq!(
                Anchorer::new(text).locate(&quote, hint),
                expected,
                "{quote:?} in {text:?}"
            );
        }
    }

    #[test]
    fn quotes_carry_context_in_code_points() {
        let quote = Quote::at("😀ab東c", 2, 3).expect("inside the text");
        assert_eq!(
            quote,
            Quote {
                exact: "b".into(),
                prefix: "😀a".into(),
                suffix: "東c".into()
            }
        );
        assert_eq!(Quote::at("ab", 1, 3), None);
    }

    #[test]
    fn far_occurrences_are_found_in_long_texts() {
        let text = format!("{}needle{}", "x".repeat(5000), "y".repeat(5000));
        let quote = Quote {
            exact: "needle".into(),
            prefix: "xx".into(),
            suffix: "yy".into(),
        };
        assert_eq!(
            Anchorer::new(&text).locate(&quote, Some(9000)),
            Some((5000, 5006))
        );
        assert_eq!(Anchorer::new(&text).locate(&quote, None), Some((5000, 5006)));
    }
}
