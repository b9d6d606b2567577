//! Sentence segmentation for news text.

use crate::span::Span;

/// Splits `text` into sentence spans (trimmed of surrounding white space). Every line break
/// ends a sentence, so headlines, datelines and bylines stand alone.
pub fn split(text: &str) -> Vec<Span> {
    let mut sentences = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut sentences);
        line_start += line.len();
    }
    sentences
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let mut sentence_start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if !matches!(ch, '.' | '!' | '?') {
            continue;
        }
        // Closing quotation marks and brackets belong to the sentence they end.
        let mut stop = index + ch.len_utf8();
        while let Some(&(next_index, next)) = chars.peek() {
            if matches!(next, '”' | '"' | '’' | '\'' | ')' | ']') {
                stop = next_index + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let followed_by_capital = line[stop..]
            .strip_prefix(' ')
            .and_then(|rest| rest.chars().next())
            .is_some_and(|next| next.is_uppercase() || matches!(next, '“' | '"'));
        let word_before = line[sentence_start..index].rsplit(' ').next().unwrap_or("");
        let abbreviation =
            word_before.contains('.') || matches!(word_before, "Mr" | "Mrs" | "Ms" | "Dr" | "St");
        if followed_by_capital && !abbreviation {
            push_trimmed(start + sentence_start, start + stop, text, out);
            sentence_start = stop;
        }
    }
    push_trimmed(start + sentence_start, end, text, out);
}

fn push_trimmed(start: usize, end: usize, text: &str, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let leading = piece.len() - piece.trim_start().len();
    out.push(Span::new(start + leading, start + leading + trimmed.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = split(text).into_iter().map(|span| span.slice(text)).collect();
        assert_eq!(found, expected, "sentences of {text:?}");
    }

    #[test]
    fn splits_news_text() {
        check("One. Two? Three!", &["One.", "Two?", "Three!"]);
        check("Headline\nBy Emel Akan", &["Headline", "By Emel Akan"]);
        check(
            "U.S. officials said so. Then left.",
            &["U.S. officials said so.", "Then left."],
        );
        check("“It is done.” He left.", &["“It is done.”", "He left."]);
        check(
            "It took 2.5 days. Mr. Smith agreed.",
            &["It took 2.5 days.", "Mr. Smith agreed."],
        );
    }
}
