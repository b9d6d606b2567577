//! Splits raw news text into CoNLL-like tokens with byte spans, and marks where sentences start.
//!
//! The entity tagger was trained on CoNLL-2003 tokens, so raw text must be cut the same way:
//! "U.S." stays one token, "NATO’s" becomes `NATO` + `’s`, "WASHINGTON—Substantial" loses its
//! dash, "[Donald]" loses its brackets. Text that arrives already tokenized ("U.S. officials said
//! .") comes out unchanged. Hyphen compounds stay whole as CoNLL has them ("Jean-Paul",
//! "Secretary-General"), except a capitalised head with a lower-case tail ("NATO-like",
//! "U.S.-led") or a lower-case prefix with a capitalised tail ("pro-Russian"), which are split so
//! the name inside is found, as OntoNotes annotates it.
//!
//! The tokenizer allocates only the output vector: every token is a span into the text.

use crate::span::Span;

/// One token: a byte span of the text, and whether a sentence starts with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// True for the first token of a sentence (after a line break or a sentence-final mark).
    pub sentence_start: bool,
}

/// The tokens of `text`, in order, each on char boundaries and never empty.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut at = 0;
    // A sentence starts at the very beginning, after a line break, and after `.`/`!`/`?` once
    // closing quotes and brackets have passed.
    let mut new_line = true;
    let mut after_stop = false;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii_whitespace() {
            if byte == b'\n' || byte == b'\r' {
                new_line = true;
            }
            at += 1;
            continue;
        }
        let ch = char_at(text, at);
        if ch.is_whitespace() || ch.is_control() {
            if ch == '\u{2028}' || ch == '\u{2029}' || ch == '\u{85}' {
                new_line = true;
            }
            at += ch.len_utf8();
            continue;
        }
        // A chunk is a run of non-space chars; split it into tokens.
        let mut end = at;
        while end < bytes.len() {
            let c = char_at(text, end);
            if c.is_whitespace() || c.is_control() {
                break;
            }
            end += c.len_utf8();
        }
        let first = tokens.len();
        // "1. Steffi Graf": a small number opening a line keeps its period (a list item).
        let chunk = &text[at..end];
        if new_line && is_list_number(chunk) {
            push(&mut tokens, at, end);
        } else {
            split_chunk(text, at, end, &mut tokens);
        }
        for token in &mut tokens[first..] {
            let token_text = token.span.slice(text);
            // Punctuation tokens are at most three bytes; longer ones skip the comparisons.
            let short = token_text.len() <= 3;
            let closing = short && is_closing(token_text);
            if new_line || (after_stop && !closing) {
                token.sentence_start = true;
                new_line = false;
                after_stop = false;
            }
            if short && matches!(token_text, "." | "!" | "?" | "…") {
                after_stop = true;
            }
        }
        at = end;
    }
    tokens
}

fn is_list_number(chunk: &str) -> bool {
    chunk
        .strip_suffix('.')
        .is_some_and(|digits| (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn char_at(text: &str, at: usize) -> char {
    // `at` is always a char boundary here; the fallback keeps the tokenizer panic-free anyway.
    text.get(at..).and_then(|rest| rest.chars().next()).unwrap_or(' ')
}

fn is_closing(token: &str) -> bool {
    matches!(token, "”" | "’" | "\"" | "'" | ")" | "]" | "}" | "»")
}

/// Chars split off the start of a chunk.
fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '"' | '\'' | '(' | '[' | '{' | '«' | '‹' | '„' | '¿' | '¡' | '*' | '<'
    )
}

/// Chars split off the end of a chunk (the period is handled apart, for abbreviations).
fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | ']' | '}' | '»' | '›' | ',' | ';' | ':' | '!' | '?' | '…' | '*' | '>'
    )
}

/// Dashes that always stand alone ("WASHINGTON—Substantial", "negotiators—special").
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// Abbreviations whose final period belongs to the word (titles, company forms, months).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Gov", "Sen", "Rep", "Gen", "Col",
    "Lt", "Sgt", "Capt", "Adm", "Prof", "Rev", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "No", "vs", "Mt", "Ft", "Bros", "Pres", "Supt", "Gens", "Reps", "Sens", "Messrs", "Calif",
    "Fla", "Mass", "Penn", "Wash", "Ariz", "Ill", "Mich", "Minn", "Conn", "Tenn", "Va", "Ga", "Ky", "La",
    "Md", "Mo", "Ore", "Wis", "Okla", "Neb", "Nev", "Colo", "Ala", "Ark", "Kan", "Del", "etc", "approx",
];

/// Splits `text[start..end]` (no spaces inside) into tokens.
fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // An ellipsis ("...", "..") is one token.
    if text[start..end].bytes().all(|b| b == b'.') {
        push(out, start, end);
        return;
    }
    let mut tail: [Span; 8] = [Span::new(0, 0); 8];
    let mut tails = 0;
    // Leading punctuation and currency signs, one token each.
    loop {
        let Some(c) = text[start..end].chars().next() else {
            return;
        };
        if (is_opening_punct(c) || is_dash(c) || matches!(c, '$' | '€' | '£' | '¥' | '#'))
            && start + c.len_utf8() <= end
        {
            // A lone apostrophe before a digit is a year ("'96"); keep it on the number.
            if c == '\'' || c == '’' {
                let rest = &text[start + c.len_utf8()..end];
                let clitic = ["s", "S", "m", "ve", "ll", "d", "re"].contains(&rest);
                if rest.starts_with(|d: char| d.is_ascii_digit()) || clitic {
                    break;
                }
            }
            push(out, start, start + c.len_utf8());
            start += c.len_utf8();
            if start == end {
                return;
            }
        } else {
            break;
        }
    }
    // Trailing punctuation, kept aside and pushed after the body.
    while let Some(c) = text[start..end].chars().next_back() {
        let piece = end - c.len_utf8();
        if piece == start {
            break;
        }
        let is_period = c == '.';
        let strip = if is_period {
            !keeps_period(&text[start..piece])
        } else {
            is_closing_punct(c) || is_dash(c) || c == '%'
        };
        if !strip || tails == tail.len() {
            break;
        }
        tail[tails] = Span::new(piece, end);
        tails += 1;
        end = piece;
    }
    split_body(text, start, end, out);
    for index in (0..tails).rev() {
        push(out, tail[index].start, tail[index].end);
    }
}

/// Whether `word` (before a final period) is an abbreviation that owns the period.
fn keeps_period(word: &str) -> bool {
    if word.contains('.') {
        // "U.S" + "." and "a.m" + "." are abbreviations; "end..." is not.
        return !word.ends_with('.') && word.chars().any(char::is_alphabetic);
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A single capital is an initial ("John F. Kennedy").
        return c.is_uppercase();
    }
    ABBREVIATIONS.contains(&word)
}

/// Splits the body of a chunk at dashes, brackets, possessives and name-bearing hyphens.
fn split_body(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let body = &text[start..end];
    // Dashes and brackets inside a chunk separate tokens ("WASHINGTON—Substantial", "[Donald]").
    if let Some((offset, c)) = body
        .char_indices()
        .find(|&(_, c)| is_dash(c) || matches!(c, '[' | ']' | '(' | ')' | '“' | '”'))
    {
        let at = start + offset;
        split_body(text, start, at, out);
        push(out, at, at + c.len_utf8());
        let rest = at + c.len_utf8();
        if rest < end {
            split_chunk(text, rest, end, out);
        }
        return;
    }
    if body.is_empty() {
        return;
    }
    // "--" used as a dash.
    if let Some(offset) = body.as_bytes().windows(2).position(|pair| pair == b"--") {
        let at = start + offset;
        split_body(text, start, at, out);
        let mut dash_end = at;
        while text[dash_end..end].starts_with('-') {
            dash_end += 1;
        }
        push(out, at, dash_end);
        if dash_end < end {
            split_chunk(text, dash_end, end, out);
        }
        return;
    }
    // Possessives and contractions: "NATO’s" → NATO + ’s, "don't" → do + n't.
    for suffix in [
        "'s", "’s", "'S", "’S", "'m", "’m", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'re", "’re",
    ] {
        if body.len() > suffix.len() && body.ends_with(suffix) {
            let at = end - suffix.len();
            split_hyphens(text, start, at, out);
            push(out, at, end);
            return;
        }
    }
    for suffix in ["n't", "n’t"] {
        if body.len() > suffix.len() + 1 && body.ends_with(suffix) {
            let at = end - suffix.len();
            push(out, start, at);
            push(out, at, end);
            return;
        }
    }
    // A plural possessive ("officials’") splits off its apostrophe.
    for suffix in ["s'", "s’"] {
        if body.len() > suffix.len() && body.ends_with(suffix) {
            let at = end - suffix.len() + 1;
            split_hyphens(text, start, at, out);
            push(out, at, end);
            return;
        }
    }
    split_hyphens(text, start, end, out);
}

/// "NATO-like" → NATO, -, like; "pro-Russian" → pro, -, Russian; "Jean-Paul" stays whole.
fn split_hyphens(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let body = &text[start..end];
    if let Some(hyphen) = body.rfind('-') {
        let head = &body[..hyphen];
        let tail = &body[hyphen + 1..];
        let head_capital = is_capitalised(head);
        // Only tails that make an adjective of a name: "Re-education" and "Post-mortem" stay.
        let tail_lower = matches!(
            tail,
            "like"
                | "based"
                | "led"
                | "backed"
                | "born"
                | "controlled"
                | "held"
                | "style"
                | "made"
                | "owned"
                | "run"
                | "bound"
                | "listed"
                | "registered"
                | "funded"
                | "brokered"
                | "mediated"
                | "sponsored"
                | "dominated"
                | "ruled"
                | "allied"
                | "aligned"
                | "linked"
                | "era"
                | "inspired"
                | "wide"
                | "friendly"
                | "occupied"
                | "annexed"
                | "installed"
                | "appointed"
                | "imposed"
                | "designed"
        );
        let head_prefix = matches!(
            head,
            "pro" | "anti" | "non" | "ex" | "post" | "pre" | "mid" | "neo" | "trans"
        );
        let tail_capital = is_capitalised(tail);
        if (head_capital && tail_lower && head.chars().any(char::is_alphabetic))
            || (head_prefix && tail_capital)
        {
            split_hyphens(text, start, start + hyphen, out);
            push(out, start + hyphen, start + hyphen + 1);
            push(out, start + hyphen + 1, end);
            return;
        }
    }
    push(out, start, end);
}

fn push(out: &mut Vec<Token>, start: usize, end: usize) {
    if start < end {
        out.push(Token {
            span: Span::new(start, end),
            sentence_start: false,
        });
    }
}

/// Whether `word` starts with a capital letter ("Kyiv", "KYIV", "Élysée"): the one test for it
/// in the core.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Capitalised and not all in capitals, as running text writes a name ("Kyiv", not "KYIV").
pub fn is_title_case(word: &str) -> bool {
    is_capitalised(word) && word.chars().any(char::is_lowercase)
}

/// `word` lower-cased into `buffer` when it is ASCII and fits; `None` otherwise. The word-list
/// look-ups of the entity and quote rules ask it of every word, without an allocation.
pub(crate) fn ascii_lower<'b, const N: usize>(word: &str, buffer: &'b mut [u8; N]) -> Option<&'b str> {
    if word.len() > N || !word.is_ascii() {
        return None;
    }
    let out = &mut buffer[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn splits_news_text_like_conll() {
        let rows: &[(&str, &[&str])] = &[
            ("U.S. officials said .", &["U.S.", "officials", "said", "."]),
            ("NATO’s Article 5.", &["NATO", "’s", "Article", "5", "."]),
            ("a NATO-like guarantee", &["a", "NATO", "-", "like", "guarantee"]),
            ("WASHINGTON—Substantial", &["WASHINGTON", "—", "Substantial"]),
            (
                "President [Donald] Trump",
                &["President", "[", "Donald", "]", "Trump"],
            ),
            (
                "“What’s on,” he said.",
                &["“", "What", "’s", "on", ",", "”", "he", "said", "."],
            ),
            (
                "Jean-Paul met Mr. Smith in the U.S.",
                &["Jean-Paul", "met", "Mr.", "Smith", "in", "the", "U.S."],
            ),
            (
                "$5 million, 40% of 2.5 days",
                &["$", "5", "million", ",", "40", "%", "of", "2.5", "days"],
            ),
            (
                "officials’ view (Reuters)",
                &["officials", "’", "view", "(", "Reuters", ")"],
            ),
            ("1996-08-22", &["1996-08-22"]),
            ("pro-Russian don't", &["pro", "-", "Russian", "do", "n't"]),
        ];
        for &(text, expected) in rows {
            assert_eq!(words(text), expected, "tokens of {text:?}");
        }
    }

    #[test]
    fn marks_sentence_starts() {
        let text = "He left. “She stayed,” they said.\nNew line";
        let starts: Vec<&str> = tokenize(text)
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.span.slice(text))
            .collect();
        assert_eq!(starts, ["He", "“", "New"]);
    }
}
