//! Finding quotation marks and pairing them into quoted spans, one paragraph at a time.
//!
//! The scan looks only at the bytes that can start a quotation mark, so it costs little more
//! than reading the text once. Pairing never crosses a paragraph: a quote left open at the end
//! of a paragraph counts only when the next paragraph reopens it (the newspaper convention for
//! a quotation that runs on), so one stray mark can cost at most its own paragraph.

use crate::span::Span;

/// A quoted span as the marks give it, before labels and speakers.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Quoted {
    /// The span, quotation marks included (without a closing mark for a paragraph that runs on).
    pub span: Span,
    /// The paragraph it lies in.
    pub paragraph: Span,
    /// Inside another quotation.
    pub nested: bool,
    /// Left open at the end of its paragraph and reopened by the next one.
    pub runs_on: bool,
    /// Identifies a quotation that runs over several paragraphs: all its parts share the id.
    pub chain: usize,
}

/// The families of marks: a closing mark only closes an opening one of the same family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Guillemet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight mark whose neighbours don't say which way it faces.
    Either,
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    start: usize,
    end: usize,
    family: Family,
    role: Role,
    /// „ opens a quote that “ closes (German style).
    low: bool,
}

/// Longest quotation kept inside one paragraph, in bytes: a bound for texts without line
/// breaks, where a paragraph can be a whole article.
const MAX_QUOTE_BYTES: usize = 6000;
/// Single quotation marks are mostly apostrophes; a pair further apart than this is a
/// coincidence of apostrophes rather than a quotation.
const MAX_SINGLE_BYTES: usize = 400;

/// Every quoted span of `text`, ordered by start (an outer quote before the quotes inside it).
pub(super) fn find(text: &str) -> Vec<Quoted> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut marks = Vec::new();
    let mut paragraph_start = 0;
    // A quote left open at the end of the previous paragraph, waiting to see whether the next
    // paragraph reopens it: (its span up to the paragraph end, its paragraph, its chain).
    let mut pending: Option<(Span, Span, usize)> = None;
    let mut chains = 0;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        // Only these bytes can begin a mark or end a paragraph; everything else is skipped.
        if !matches!(byte, b'\n' | b'"' | b'\'' | 0xE2 | 0xC2) {
            index += 1;
            continue;
        }
        if byte == b'\n' {
            let paragraph = Span::new(paragraph_start, index);
            pair(text, paragraph, &marks, &mut pending, &mut chains, &mut found);
            marks.clear();
            paragraph_start = index + 1;
            index += 1;
            continue;
        }
        // Attribute values in markup (`author="…"`) are not quotations: skip to their end.
        if byte == b'"' && index > 0 && bytes[index - 1] == b'=' {
            let rest = &bytes[index + 1..];
            let close = rest.iter().position(|&b| b == b'"' || b == b'\n');
            index = match close {
                Some(offset) if rest[offset] == b'"' => index + offset + 2,
                _ => index + 1,
            };
            continue;
        }
        if let Some(mark) = mark_at(text, index) {
            index = mark.end;
            marks.push(mark);
        } else {
            index += 1;
        }
    }
    let paragraph = Span::new(paragraph_start, text.len());
    pair(text, paragraph, &marks, &mut pending, &mut chains, &mut found);
    found.sort_by_key(|quoted| (quoted.span.start, std::cmp::Reverse(quoted.span.end)));
    found
}

/// The quotation mark starting at byte `index`, if there is one (apostrophes are not marks).
fn mark_at(text: &str, index: usize) -> Option<Mark> {
    let bytes = text.as_bytes();
    let (family, fixed, len, low) = match bytes.get(index..index + 3) {
        Some([0xE2, 0x80, 0x9C]) => (Family::Double, Some(Role::Open), 3, false),
        Some([0xE2, 0x80, 0x9D]) => (Family::Double, Some(Role::Close), 3, false),
        Some([0xE2, 0x80, 0x9E]) => (Family::Double, Some(Role::Open), 3, true),
        Some([0xE2, 0x80, 0x98]) => (Family::Single, Some(Role::Open), 3, false),
        Some([0xE2, 0x80, 0x99]) => (Family::Single, None, 3, false),
        _ => match (bytes[index], bytes.get(index + 1)) {
            (0xC2, Some(0xAB)) => (Family::Guillemet, Some(Role::Open), 2, false),
            (0xC2, Some(0xBB)) => (Family::Guillemet, Some(Role::Close), 2, false),
            (b'"', _) => (Family::Double, None, 1, false),
            // Two apostrophes stand for a double quotation mark in some wire copy.
            (b'\'', Some(b'\'')) => (Family::Double, None, 2, false),
            (b'\'', _) => (Family::Single, None, 1, false),
            _ => return None,
        },
    };
    let end = index + len;
    let before = text[..index].chars().next_back();
    let after = text[end..].chars().next();
    let role = match (family, fixed) {
        (Family::Single, Some(Role::Open)) if after.is_some_and(|c| c.is_ascii_digit()) => {
            // ‘90s written with the wrong mark.
            return None;
        }
        (_, Some(role)) => role,
        (Family::Single, None) => single_role(text, index, end, before, after)?,
        _ => straight_role(before, after),
    };
    Some(Mark {
        start: index,
        end,
        family,
        role,
        low,
    })
}

/// Which way a straight double mark faces, from its neighbours.
fn straight_role(before: Option<char>, after: Option<char>) -> Role {
    let open_side = before.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c) || is_mark(c));
    let close_side = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-/".contains(c) || is_mark(c));
    match (open_side, close_side) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    }
}

/// Which way a ’ or ' faces, or `None` for an apostrophe (What’s, rock ’n’ roll, ’90s, cops’).
fn single_role(
    text: &str,
    start: usize,
    end: usize,
    before: Option<char>,
    after: Option<char>,
) -> Option<Role> {
    let word_before = before.is_some_and(char::is_alphanumeric);
    let word_after = after.is_some_and(char::is_alphanumeric);
    match (word_before, word_after) {
        // Inside a word: an apostrophe.
        (true, true) => None,
        (false, true) => {
            let opens_after = before.is_none_or(|c| c.is_whitespace() || "([{—–-/\"“„«".contains(c));
            if !opens_after || text.as_bytes()[start] != b'\'' {
                // ’ never opens a quotation in English typesetting: ’90s, ’n’, ’em.
                return None;
            }
            if after.is_some_and(|c| c.is_ascii_digit()) || is_elision(&text[end..]) {
                return None;
            }
            Some(Role::Open)
        }
        (true, false) | (false, false) => {
            let closes_before = before.is_some_and(|c| !c.is_whitespace());
            closes_before.then_some(Role::Close)
        }
    }
}

/// Words that begin with an apostrophe standing for dropped letters: 'n', 'em, 'til, 'cause.
fn is_elision(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        word.as_str(),
        "n" | "em" | "til" | "cause" | "tis" | "twas" | "bout" | "round" | "nuff"
    )
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»')
}

/// Pairs the marks of one paragraph and pushes the quoted spans they make.
fn pair(
    text: &str,
    paragraph: Span,
    marks: &[Mark],
    pending: &mut Option<(Span, Span, usize)>,
    chains: &mut usize,
    found: &mut Vec<Quoted>,
) {
    let content = trimmed(text, paragraph);
    if content.is_empty() {
        // Blank lines between paragraphs neither end nor continue a quotation.
        return;
    }
    // A quote left open in the previous paragraph counts only if this one starts by reopening.
    let reopens = marks
        .first()
        .is_some_and(|m| m.start == content.start && m.family == Family::Double && m.role != Role::Close);
    let mut chain_of_first = None;
    if let Some((span, previous, chain)) = pending.take() {
        if reopens {
            found.push(Quoted {
                span,
                paragraph: previous,
                nested: false,
                runs_on: true,
                chain,
            });
            chain_of_first = Some(chain);
        }
    }

    let mut stack: Vec<Mark> = Vec::new();
    for &mark in marks {
        let top_double = stack.iter().rposition(|m| m.family == Family::Double);
        match (mark.family, mark.role) {
            (Family::Double, role) => {
                let closes_low =
                    top_double.is_some_and(|i| stack[i].low) && text[mark.start..].starts_with('“');
                let closes = match role {
                    Role::Close => true,
                    Role::Either => top_double.is_some(),
                    Role::Open => closes_low,
                };
                match (closes, top_double) {
                    (true, Some(i)) => {
                        let open = stack[i];
                        stack.truncate(i);
                        push(
                            found,
                            open.start,
                            mark.end,
                            paragraph,
                            !stack.is_empty(),
                            chains,
                            &mut chain_of_first,
                        );
                    }
                    // A closing mark with nothing open: stray, unless it plainly opens a word
                    // (a mistyped opening mark).
                    (true, None) => {
                        let starts_word = text[mark.end..].chars().next().is_some_and(char::is_alphanumeric);
                        let after_space = text[..mark.start]
                            .chars()
                            .next_back()
                            .is_none_or(char::is_whitespace);
                        let opens_paragraph = mark.start == content.start;
                        if (starts_word && after_space) || opens_paragraph {
                            stack.push(Mark {
                                role: Role::Open,
                                ..mark
                            });
                        }
                    }
                    (false, Some(i)) => {
                        // A second opening mark while one is open: the first was never closed.
                        // Keep the newer one, so the text between is not claimed as quoted.
                        stack.truncate(i);
                        stack.push(mark);
                    }
                    (false, None) => stack.push(mark),
                }
            }
            (_, Role::Open) => stack.push(mark),
            (family, _) => {
                if let Some(i) = stack.iter().rposition(|m| m.family == family) {
                    // Only close a single quote that is the innermost open one: an apostrophe
                    // after a plural (cops’) inside a double quote must not close anything.
                    if i + 1 == stack.len() || family == Family::Guillemet {
                        let open = stack[i];
                        stack.truncate(i);
                        let long = family == Family::Single && mark.end - open.start > MAX_SINGLE_BYTES;
                        if !long {
                            push(
                                found,
                                open.start,
                                mark.end,
                                paragraph,
                                !stack.is_empty(),
                                chains,
                                &mut chain_of_first,
                            );
                        }
                    }
                }
            }
        }
    }
    // What is still open at the paragraph end may run on into the next paragraph.
    if let Some(open) = stack.iter().find(|m| m.family == Family::Double) {
        let span = Span::new(open.start, content.end);
        if span.len() <= MAX_QUOTE_BYTES && span.len() > open.end - open.start {
            let chain = chain_of_first
                .filter(|_| open.start == content.start)
                .unwrap_or_else(|| {
                    *chains += 1;
                    *chains
                });
            *pending = Some((span, paragraph, chain));
        }
    }
}

fn push(
    found: &mut Vec<Quoted>,
    start: usize,
    end: usize,
    paragraph: Span,
    nested: bool,
    chains: &mut usize,
    chain_of_first: &mut Option<usize>,
) {
    if end - start > MAX_QUOTE_BYTES {
        return;
    }
    // The first quote of a paragraph that reopens a running quotation continues its chain.
    let continued = if nested { None } else { chain_of_first.take() };
    let chain = continued.unwrap_or_else(|| {
        *chains += 1;
        *chains
    });
    found.push(Quoted {
        span: Span::new(start, end),
        paragraph,
        nested,
        runs_on: false,
        chain,
    });
}

/// `span` without surrounding whitespace.
pub(super) fn trimmed(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}
