//! Telling statements from terms: which quoted words nobody is said to have said (scare
//! quotes, titles, nicknames), and which quotes read as sentences or lists.

use super::marks::{self, Quoted};
use super::{inner, words};

/// A short quote used as a word of the sentence is the writer's term when no speech verb is
/// within this many words before it (a term 18 words after "said" in a long sentence is the writer's).
const TERM_CUE_WORDS: usize = 12;

/// A short quote with nothing saying it was said reads as the writer's term when it is used
/// as a word of the sentence: a modifier ("“robust” security guarantees"), a title after a
/// possessive ("CNN’s “State of the Union”"), a nickname inside a name.
pub(super) fn is_term(text: &str, quoted: &Quoted, cue_distance: usize) -> bool {
    let inside = inner(text, quoted).slice(text);
    let next = text[quoted.span.end..quoted.paragraph.end]
        .split_whitespace()
        .next()
        .unwrap_or("");
    let ends_clause = inside.ends_with(['.', ',', '!', '?', ';', ':']);
    let modifier = !ends_clause
        && next.chars().next().is_some_and(char::is_lowercase)
        && !words::is_stop(next.trim_end_matches(|c: char| !c.is_alphanumeric()));
    let title_case = title_case(inside);
    let far = cue_distance > TERM_CUE_WORDS;
    (modifier || title_case) && far
}

/// A short quote that names something rather than quoting anyone, whatever verb is near: a
/// title ("CNN’s “State of the Union”", "the documentary “13th”"), a nickname (Robert C.
/// “Bobby” Scott), a pronoun quoted as a word.
pub(super) fn is_name(text: &str, quoted: &Quoted) -> bool {
    let inside = inner(text, quoted).slice(text);
    let next = text[quoted.span.end..quoted.paragraph.end]
        .split_whitespace()
        .next()
        .unwrap_or("");
    let previous = text[quoted.paragraph.start..quoted.span.start]
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    let ends_clause = inside.ends_with(['.', ',', '!', '?', ';', ':']);
    let capitalised = crate::tokens::is_capitalised;
    let nickname = capitalised(previous) && capitalised(next) && !ends_clause && !inside.contains(' ');
    let bare = inside.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let pronoun = words::is_pronoun(&bare);
    let introducer = previous
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    // "episode of", "broadcast of": the word before "of" says what kind of thing is named.
    let words_before: Vec<&str> = text[quoted.paragraph.start..quoted.span.start]
        .split_whitespace()
        .rev()
        .take(2)
        .collect();
    let kind = match words_before.as_slice() {
        [of, kind] if *of == "of" => kind.to_lowercase(),
        _ => introducer.clone(),
    };
    let after_possessive = previous.ends_with("’s") || previous.ends_with("'s");
    let title = title_case(inside) && (after_possessive || introducer == "on" || is_work(&kind));
    nickname || pronoun || title
}

/// Quotation marks around something nobody says: a subheading (a paragraph that is only a
/// quoted title in single marks) or a transcript's stage direction ("(CROSSTALK.)").
pub(super) fn is_aside(text: &str, quoted: &Quoted) -> bool {
    let inside = inner(text, quoted).slice(text);
    let paragraph = marks::trimmed(text, quoted.paragraph);
    let opening = &text[quoted.span.start..];
    let single = opening.starts_with(['‘', '\'']) && !opening.starts_with("''");
    let subheading = quoted.span == paragraph && single && title_case(inside);
    // Stage directions in a transcript: "(CROSSTALK.)".
    let direction = inside.starts_with('(') && inside.trim_end_matches('.').ends_with(')');
    subheading || direction
}

/// Words that introduce the title of a work: "the documentary “13th”", "titled “Arrogant”".
fn is_work(word: &str) -> bool {
    matches!(
        word,
        "titled"
            | "entitled"
            | "show"
            | "program"
            | "programme"
            | "film"
            | "documentary"
            | "book"
            | "series"
            | "song"
            | "anthem"
            | "episode"
            | "movie"
            | "album"
            | "column"
            | "spot"
            | "broadcast"
            | "hit"
            | "classic"
            | "novel"
            | "play"
            | "musical"
            | "edition"
            | "segment"
            | "ad"
            | "commentary"
    )
}

/// Every longer word capitalised: "Face the Nation", "Make Your Kid a Millionaire".
fn title_case(inside: &str) -> bool {
    let words: Vec<&str> = inside.split_whitespace().collect();
    let capital = |w: &&str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    words.iter().any(capital)
        && words
            .iter()
            .all(|w| capital(w) || w.chars().filter(|c| c.is_alphabetic()).count() <= 3)
}

/// Only list words and commas between two quotes: “a,” “b” and “c”.
pub(super) fn is_listing(gap: &str) -> bool {
    gap.len() <= 40
        && gap.contains(|c: char| c == ',' || c.is_alphabetic())
        && gap
            .split(|c: char| c.is_whitespace() || ",;—–-".contains(c))
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(
                    w,
                    "and"
                        | "or"
                        | "nor"
                        | "a"
                        | "an"
                        | "the"
                        | "even"
                        | "also"
                        | "but"
                        | "not"
                        | "as"
                        | "well"
                        | "yes"
                )
            })
}

/// Whether a quote ends its sentence (“…done.”).
pub(super) fn ends_sentence(text: &str, quoted: &Quoted) -> bool {
    inner(text, quoted)
        .slice(text)
        .trim_end()
        .ends_with(['.', '!', '?'])
}

/// A whole quoted sentence: it starts where a sentence starts, with a capital letter.
pub(super) fn is_sentence(text: &str, quoted: &Quoted) -> bool {
    let before = text[quoted.paragraph.start..quoted.span.start].trim_end();
    let starts_sentence = before.is_empty() || before.ends_with(['.', '!', '?', ':', '”', '"']);
    let capital = inner(text, quoted)
        .slice(text)
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    starts_sentence && capital
}
