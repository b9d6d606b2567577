//! Sentence segmentation for news text.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotation marks and brackets)
//! when white space and a sentence start follow, and at a line break, so headlines, subheads,
//! bylines and one-sentence paragraphs stand alone. The exceptions are what news text is full
//! of: titles ("Mr. Smith"), initials ("John F. Kennedy"), dotted abbreviations ("U.S.
//! officials"), decimals ("2.5"), quotes followed by their attribution ("“Why?” she asked"),
//! and lines hard-wrapped in mid-sentence. A dateline ("WASHINGTON—") is cut off as a piece of
//! its own, so that the sentence it opens starts where the sentence does.

use crate::span::Span;

/// Splits `text` into sentence spans, trimmed of surrounding white space, in order and never
/// overlapping. Never fails; text without any stop is one sentence per line.
pub fn split(text: &str) -> Vec<Span> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut at_line_start = true;
    // Past this byte the scan has already looked (a stop's closing quotes, a dateline).
    let mut resume = 0;
    for (index, ch) in text.char_indices() {
        if index < resume {
            continue;
        }
        if at_line_start && !ch.is_whitespace() {
            at_line_start = false;
            if let Some(length) =
                dateline_length(&text[index..]).filter(|&length| followed(&text[index + length..]))
            {
                push_trimmed(text, start, index + length, &mut sentences);
                start = index + length;
                resume = start;
                continue;
            }
        }
        match ch {
            '\n' if !continues_on_next_line(text, start, index) => {
                push_trimmed(text, start, index, &mut sentences);
                start = index + 1;
                at_line_start = true;
            }
            '.' | '!' | '?' | '…' => {
                if let Some(end) = sentence_end(text, index) {
                    push_trimmed(text, start, end, &mut sentences);
                    start = end;
                    resume = end;
                }
            }
            _ => {}
        }
    }
    push_trimmed(text, start, text.len(), &mut sentences);
    sentences
}

/// Where the sentence ends if the stop at `stop` ends it: after the stop, any repeated stops
/// and closing quotation marks or brackets.
fn sentence_end(text: &str, stop: usize) -> Option<usize> {
    let mut end = stop;
    let mut closed_quote = false;
    for ch in text[stop..].chars() {
        match ch {
            '.' | '!' | '?' | '…' => {}
            '”' | '"' | '’' | '\'' | ')' | ']' | '»' => closed_quote |= !matches!(ch, ')' | ']'),
            _ => break,
        }
        end += ch.len_utf8();
    }
    let after = &text[end..];
    // A stop must be followed by white space: "2.5", "U.S.-led" and "example.com" go on.
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let next_start = after.trim_start();
    let next = next_start.chars().next()?;
    let opens = next.is_uppercase() || matches!(next, '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '¿' | '¡');
    if !opens {
        return None;
    }
    let next_word = first_word(next_start);
    let stop_char = text[stop..].chars().next().unwrap_or('.');
    if stop_char == '.' && !closed_quote {
        let before = word_before(text, stop);
        if TITLES.contains(&before) {
            return None;
        }
        let is_abbreviation = ABBREVIATIONS.contains(&before)
            || before.contains('.')
            || (before.chars().count() == 1 && before.chars().all(char::is_uppercase));
        if is_abbreviation && !STARTERS.contains(&next_word) {
            return None;
        }
    }
    // “Is it over?” Smith asked. — the attribution continues the sentence the quote opened.
    if closed_quote && stop_char != '.' && attribution_follows(next_start) {
        return None;
    }
    Some(end)
}

/// The word just before byte `stop`, without leading quotation marks or brackets.
fn word_before(text: &str, stop: usize) -> &str {
    let head = &text[..stop];
    let start = head
        .rfind(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '(' | '[' | '—' | '–'))
        .map_or(0, |at| at + head[at..].chars().next().map_or(1, char::len_utf8));
    &head[start..]
}

/// The first word of `text`, letters and apostrophes only.
fn first_word(text: &str) -> &str {
    let text = text.trim_start_matches(['“', '‘', '"', '\'', '(', '[']);
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Whether one of the next three words is a verb of saying: "she asked", "Smith said".
fn attribution_follows(text: &str) -> bool {
    text.split_whitespace().take(3).any(|word| {
        let word = word.trim_end_matches(|c: char| !c.is_alphabetic());
        SPEECH_VERBS.contains(&word)
    })
}

/// Whether the line break at `newline` continues the sentence: a line hard-wrapped in
/// mid-sentence ends in a letter or comma and the next line starts in lower case.
fn continues_on_next_line(text: &str, start: usize, newline: usize) -> bool {
    let line = text[start..newline].trim_end();
    let ends_open = line.ends_with(|c: char| c.is_alphabetic() || c == ',');
    let next = &text[newline + 1..];
    let next_line_starts_low = next
        .trim_start_matches([' ', '\t'])
        .starts_with(|c: char| c.is_lowercase());
    ends_open && next_line_starts_low
}

/// The length of a dateline opening `line` ("WASHINGTON—", "NEW YORK (Reuters) -",
/// "KYIV, Ukraine —"): a place in capitals, perhaps a region or agency, then a dash. The one
/// place datelines are recognised: the splitter cuts them off, the claim scorer passes them
/// over and the entity rules read their place.
pub fn dateline_length(line: &str) -> Option<usize> {
    let window = &line[..floor_boundary(line, 80)];
    // A spaced dash that ends the text counts too: the claim scorer reads the dateline as the
    // splitter cut it off, its trailing space trimmed ("LONDON (Reuters) -").
    let trimmed = line.trim_end();
    let at_end = [" --", " -"]
        .iter()
        .find_map(|dash| trimmed.strip_suffix(dash).map(|head| (head.len(), dash.len())))
        .filter(|&(at, _)| at < window.len());
    let (dash, dash_len) = ["—", "–", " - ", " -- "]
        .iter()
        .filter_map(|dash| window.find(dash).map(|at| (at, dash.len())))
        .chain(at_end)
        .min()?;
    let head = line[..dash].trim_end();
    if head.is_empty() || head.contains('\n') || head.split_whitespace().count() > 8 {
        return None;
    }
    // The place before any comma or parenthesis is in capitals: WASHINGTON, NEW YORK; every
    // other word is capitalised or a number (", Ukraine", "(Reuters)", ", March 3"), which
    // keeps a spoken "OK, what -- what would I cut?" whole.
    let place = head.split([',', '(']).next().unwrap_or("");
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = place.chars().all(|c| !c.is_lowercase() && !c.is_numeric())
        && head.split_whitespace().all(|word| {
            word.trim_start_matches(['(', '['])
                .starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        });
    (letters >= 2 && capitals).then_some(dash + dash_len)
}

/// Whether text follows on the line: a dash that ends a line does not open running text, so
/// the splitter leaves it with its line.
fn followed(rest: &str) -> bool {
    rest.split('\n')
        .next()
        .is_some_and(|rest| !rest.trim().is_empty())
}

fn floor_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let leading = piece.len() - piece.trim_start().len();
    out.push(Span::new(start + leading, start + leading + trimmed.len()));
}

/// Titles before a name: a stop after one never ends a sentence.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Gov", "Sen", "Rep", "Rev", "Sgt", "Lt", "Col", "Capt",
    "Cmdr", "Adm", "Maj", "Pres", "Hon", "St", "Mt", "Ft", "Supt", "Insp", "Det", "Cpl", "Pvt", "Amb",
];

/// Abbreviations that may also end a sentence ("... Apple Inc. The company said"): a stop
/// after one ends the sentence only before a word that usually starts one.
const ABBREVIATIONS: &[&str] = &[
    "Inc", "Corp", "Co", "Ltd", "LLC", "Bros", "Jr", "Sr", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn", "vs", "etc", "approx",
    "No", "Nos", "Vol", "Fig", "Ph",
];

/// Words that often start a sentence and seldom follow an abbreviation inside one.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "It's",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "If",
    "When",
    "While",
    "As",
    "After",
    "Before",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "For",
    "With",
    "Some",
    "Many",
    "Most",
    "Not",
    "Yet",
    "Still",
    "Also",
    "However",
    "Meanwhile",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Since",
    "Although",
    "Officials",
    "Last",
    "Earlier",
    "Later",
    "Now",
    "Then",
];

/// Verbs of saying that follow a quotation in its attribution.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "added",
    "adds",
    "told",
    "replied",
    "wrote",
    "writes",
    "shouted",
    "continued",
    "explained",
    "insisted",
    "recalled",
    "wondered",
    "noted",
    "tweeted",
    "posted",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = split(text).into_iter().map(|span| span.slice(text)).collect();
        assert_eq!(found, expected, "\nsentences of {text:?}");
    }

    #[test]
    fn splits_news_text() {
        let rows: &[(&str, &[&str])] = &[
            ("One. Two? Three!", &["One.", "Two?", "Three!"]),
            ("Headline\nBy Ruth Adeyemi", &["Headline", "By Ruth Adeyemi"]),
            (
                "U.S. officials said so. Then left.",
                &["U.S. officials said so.", "Then left."],
            ),
            ("“It is done.” He left.", &["“It is done.”", "He left."]),
            (
                "It took 2.5 days. Mr. Smith agreed.",
                &["It took 2.5 days.", "Mr. Smith agreed."],
            ),
            // Abbreviations and initials inside a sentence.
            (
                "Talks began Sept. 5 in Paris. They ended.",
                &["Talks began Sept. 5 in Paris.", "They ended."],
            ),
            (
                "Shares of Apple Inc. rose. Dr. Lee said so.",
                &["Shares of Apple Inc. rose.", "Dr. Lee said so."],
            ),
            (
                "He sold it to Apple Inc. The deal closed.",
                &["He sold it to Apple Inc.", "The deal closed."],
            ),
            (
                "John F. Kennedy spoke. J. K. Rowling wrote.",
                &["John F. Kennedy spoke.", "J. K. Rowling wrote."],
            ),
            (
                "He moved to the U.S. The visa came later.",
                &["He moved to the U.S.", "The visa came later."],
            ),
            (
                "The U.S. Senate voted. It passed.",
                &["The U.S. Senate voted.", "It passed."],
            ),
            (
                "Prices rose 3.5% in 2024. Wages fell.",
                &["Prices rose 3.5% in 2024.", "Wages fell."],
            ),
            // Quotations that end sentences, and attributions that continue them.
            (
                "“We will win,” he said. She left.",
                &["“We will win,” he said.", "She left."],
            ),
            (
                "“Is it over?” Smith asked. No one knew.",
                &["“Is it over?” Smith asked.", "No one knew."],
            ),
            ("“Is it over?” she asked.", &["“Is it over?” she asked."]),
            (
                "He said: “Go.” Then he left.",
                &["He said: “Go.”", "Then he left."],
            ),
            (
                "(This was new.) Then it ended.",
                &["(This was new.)", "Then it ended."],
            ),
            // Em-dash asides and datelines.
            (
                "Envoys—Santos and Hall—spent 3.5 days there.",
                &["Envoys—Santos and Hall—spent 3.5 days there."],
            ),
            (
                "WASHINGTON—Progress was made.",
                &["WASHINGTON—", "Progress was made."],
            ),
            (
                "NEW YORK (Reuters) - Stocks fell.",
                &["NEW YORK (Reuters) -", "Stocks fell."],
            ),
            (
                "KYIV, Ukraine — Sirens sounded.",
                &["KYIV, Ukraine —", "Sirens sounded."],
            ),
            ("Prices — and wages — rose.", &["Prices — and wages — rose."]),
            (
                "OK, what -- what would I cut?",
                &["OK, what -- what would I cut?"],
            ),
            (
                "LONDON, March 3 (AP) — Rain fell.",
                &["LONDON, March 3 (AP) —", "Rain fell."],
            ),
            // Headlines, subheads, paragraphs and line breaks.
            (
                "Talks Advance\n\nOfficials met.\nThey agreed.",
                &["Talks Advance", "Officials met.", "They agreed."],
            ),
            ("The talks went on\nfor days.", &["The talks went on\nfor days."]),
            ("What now?\nwhat next", &["What now?", "what next"]),
            ("Wait... What happened?", &["Wait...", "What happened?"]),
            ("  \n\n ", &[]),
            ("no stop at all", &["no stop at all"]),
            (
                "See example.com for more. Thanks.",
                &["See example.com for more.", "Thanks."],
            ),
            (
                "Sen. Elizabeth Warren (D-Mass.) said no.",
                &["Sen. Elizabeth Warren (D-Mass.) said no."],
            ),
            (
                "It starts at 3 p.m. Officials will attend.",
                &["It starts at 3 p.m.", "Officials will attend."],
            ),
            (
                "It starts at 3 p.m. Eastern time.",
                &["It starts at 3 p.m. Eastern time."],
            ),
            (
                "He lives in St. Louis. She does not.",
                &["He lives in St. Louis.", "She does not."],
            ),
            (
                "“We are ready. We will win,” he said.",
                &["“We are ready.", "We will win,” he said."],
            ),
            (
                "“Why?” asked Smith. Nobody knew.",
                &["“Why?” asked Smith.", "Nobody knew."],
            ),
            ("Line one.\r\nLine two.", &["Line one.", "Line two."]),
        ];
        for &(text, expected) in rows {
            check(text, expected);
        }
    }
}
