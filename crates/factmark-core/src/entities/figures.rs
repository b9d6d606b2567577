//! Figures that claims hinge on, found by rules over tokens: DATE ("Monday", "the past
//! weekend", "2.5 days", "March 3, 2020"), TIME ("eight hours", "10:30 a.m."), MONEY ("$5
//! million"), PERCENT ("40%", "12 percent") and QUANTITY ("300 kilometres").

use super::lexicon::{is_day, is_month, is_multiplier, is_number};
use super::Found;
use crate::model::Label;
use crate::tokens::ascii_lower;

fn lower_in(word: &str, list: &[&str]) -> bool {
    let mut buffer = [0u8; 16];
    ascii_lower(word, &mut buffer).is_some_and(|lower| list.contains(&lower))
}

const DATE_UNITS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "weekend",
    "weekends",
    "quarter",
    "quarters",
];
const TIME_UNITS: &[&str] = &[
    "hour", "hours", "minute", "minutes", "second", "seconds", "hrs", "mins",
];
const CURRENCY_WORDS: &[&str] = &[
    "dollars", "dollar", "euros", "euro", "pounds", "sterling", "yen", "yuan", "rubles", "roubles", "rupees",
    "francs", "marks", "cents", "pesos", "hryvnias", "won", "lira", "shekels",
];
const UNITS: &[&str] = &[
    "km",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "miles",
    "mile",
    "meters",
    "metres",
    "meter",
    "metre",
    "feet",
    "foot",
    "inches",
    "tons",
    "tonnes",
    "ton",
    "tonne",
    "kg",
    "kilograms",
    "kilos",
    "barrels",
    "gallons",
    "liters",
    "litres",
    "acres",
    "hectares",
    "degrees",
    "mph",
    "megawatts",
    "gigawatts",
    "mw",
];
const DATE_WORDS: &[&str] = &["yesterday", "today", "tomorrow"];
const RELATIVE: &[&str] = &[
    "last",
    "next",
    "this",
    "past",
    "coming",
    "previous",
    "same",
    "following",
];
const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "by", "until", "from", "to", "of", "early", "late", "mid", "before", "after",
];
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];

/// Words besides numbers, months and days that can start a figure.
pub(super) const TRIGGERS: &[&str] = &[
    "the",
    "this",
    "last",
    "next",
    "past",
    "coming",
    "previous",
    "same",
    "following",
    "yesterday",
    "today",
    "tomorrow",
    "noon",
    "midnight",
    "tonight",
    "overnight",
    "us$",
];

/// Whether a figure can start at `word`: a digit, a currency sign or a trigger word. Most
/// tokens fail this cheap test and skip the rules.
fn may_start(word: &str, flags: u8) -> bool {
    if flags & super::lexicon::FIGURE != 0 {
        return true;
    }
    match word.as_bytes().first() {
        Some(b) if b.is_ascii_digit() => true,
        Some(b'$') => true,
        Some(_) if word.starts_with(['€', '£', '¥']) => true,
        // "twenty-five": the flags were of the whole word.
        Some(_) if word.contains('-') => {
            let head = word.split('-').next().unwrap_or(word);
            super::lexicon::word_flags(head) & super::lexicon::FIGURE != 0
        }
        Some(_) => false,
        None => false,
    }
}

/// Finds the figures among `words`, skipping tokens where `taken` is set (names).
pub fn find(words: &[&str], flags: &[u8], taken: &[bool], out: &mut Vec<Found>) {
    let mut index = 0;
    while index < words.len() {
        if taken[index] || !may_start(words[index], flags.get(index).copied().unwrap_or(0)) {
            index += 1;
            continue;
        }
        match figure_at(words, index) {
            Some((end, label)) if !taken[index..end].iter().any(|&t| t) => {
                out.push(Found {
                    first: index,
                    end,
                    label,
                });
                index = end;
            }
            _ => index += 1,
        }
    }
}

/// Past a number: "2.5", "5 million", "twenty-five".
fn number_end(words: &[&str], index: usize) -> Option<usize> {
    if !is_number(words.get(index)?) {
        return None;
    }
    let mut end = index + 1;
    while words.get(end).is_some_and(|w| is_multiplier(w)) {
        end += 1;
    }
    Some(end)
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

fn is_day_number(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The figure starting at `index`: its end token and label.
fn figure_at(words: &[&str], index: usize) -> Option<(usize, Label)> {
    let word = words[index];
    let next = |offset: usize| words.get(index + offset).copied().unwrap_or("");
    // Money: "$5 million", "€20", "US$ 3".
    if matches!(word, "$" | "€" | "£" | "¥" | "US$") {
        return number_end(words, index + 1).map(|end| (end, Label::Money));
    }
    // An ISO date "1996-08-22".
    if word.len() == 10 && word.as_bytes()[4] == b'-' && word.as_bytes()[7] == b'-' && is_year(&word[..4]) {
        return Some((index + 1, Label::Date));
    }
    // "10:30 a.m.", "noon".
    if is_clock(word) {
        let end = if matches!(next(1), "a.m." | "p.m." | "am" | "pm" | "GMT" | "EST" | "ET") {
            index + 2
        } else {
            index + 1
        };
        return Some((end, Label::Time));
    }
    if lower_in(word, &["noon", "midnight", "tonight", "overnight"]) {
        return Some((index + 1, Label::Time));
    }
    // "this morning", "last night".
    if lower_in(word, &["this", "last", "yesterday", "tomorrow"]) && lower_in(next(1), PARTS_OF_DAY) {
        return Some((index + 2, Label::Time));
    }
    if let Some(end) = number_end(words, index) {
        let after = words.get(end).copied().unwrap_or("");
        if after == "%" {
            return Some((end + 1, Label::Percent));
        }
        if lower_in(after, &["percent", "pct"]) {
            return Some((end + 1, Label::Percent));
        }
        if after == "per" && lower_in(words.get(end + 1).copied().unwrap_or(""), &["cent"]) {
            return Some((end + 2, Label::Percent));
        }
        if after == "percentage" && words.get(end + 1) == Some(&"points") {
            return Some((end + 2, Label::Percent));
        }
        if lower_in(after, CURRENCY_WORDS) {
            return Some((end + 1, Label::Money));
        }
        if lower_in(after, TIME_UNITS) {
            return Some((end + 1, Label::Time));
        }
        if lower_in(after, DATE_UNITS) {
            // "three years ago", "45 years old".
            let tail = words.get(end + 1).copied().unwrap_or("");
            let end = if matches!(tail, "ago" | "old" | "earlier" | "later") {
                end + 2
            } else {
                end + 1
            };
            return Some((end, Label::Date));
        }
        if lower_in(after, UNITS) {
            return Some((end + 1, Label::Quantity));
        }
        if after == "square" && lower_in(words.get(end + 1).copied().unwrap_or(""), UNITS) {
            return Some((end + 2, Label::Quantity));
        }
        // "3 March 2020", "3 March"
        if is_day_number(word) && is_month(after) {
            let end = if is_year(words.get(end + 1).copied().unwrap_or("")) {
                end + 2
            } else {
                end + 1
            };
            return Some((end, Label::Date));
        }
    }
    // "March 3, 2020", "March 2020", "March 3"; "May" only with a number after it.
    if is_month(word) {
        let mut end = index + 1;
        if is_day_number(next(1)) {
            end += 1;
            if next(2) == "," && is_year(next(3)) {
                end += 2;
            } else if is_year(next(2)) {
                end += 1;
            }
        } else if is_year(next(1)) {
            end += 1;
        } else if word == "May" || word == "March" {
            return None;
        }
        return Some((end, Label::Date));
    }
    // "Monday", "last Monday", "Monday morning".
    if is_day(word) {
        return Some((index + 1, Label::Date));
    }
    if lower_in(word, RELATIVE) && (is_day(next(1)) || is_month(next(1))) {
        return Some((index + 2, Label::Date));
    }
    // "the weekend", "the past weekend", "last year", "this week".
    if lower_in(word, &["the"]) {
        if lower_in(next(1), DATE_UNITS) && !next(1).ends_with('s') {
            return Some((index + 2, Label::Date));
        }
        if lower_in(next(1), RELATIVE) && lower_in(next(2), DATE_UNITS) && !next(2).ends_with('s') {
            return Some((index + 3, Label::Date));
        }
        if next(1).ends_with("0s") && is_year(&next(1)[..next(1).len() - 1]) {
            return Some((index + 2, Label::Date));
        }
    }
    if lower_in(word, RELATIVE) && lower_in(next(1), DATE_UNITS) && word != "past" {
        return Some((index + 2, Label::Date));
    }
    if lower_in(word, DATE_WORDS) {
        return Some((index + 1, Label::Date));
    }
    // A year after "in", "since" and the like.
    if is_year(word) && index > 0 && lower_in(words[index - 1], YEAR_CONTEXT) {
        return Some((index + 1, Label::Date));
    }
    None
}

fn is_clock(word: &str) -> bool {
    let Some((hours, minutes)) = word.split_once(':') else {
        return false;
    };
    (1..=2).contains(&hours.len())
        && minutes.len() == 2
        && hours.bytes().chain(minutes.bytes()).all(|b| b.is_ascii_digit())
}
