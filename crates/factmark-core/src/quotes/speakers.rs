//! Attribution: the speech verb (cue) next to a quotation and the mention of who spoke, read
//! from the words of the same sentence before or after the quote.
//!
//! News copy attributes quotes in a few fixed shapes, so a handful of patterns over the words
//! next to the quote covers almost all of them without parsing:
//! - after: `“…,” a U.S. official said`, `“…,” said Jane Doe`, `“…,” according to the report`;
//! - before: `Doe said: “…”`, `Doe called it a “disaster”`, `According to Doe, “…”`.

use super::words::{
    is_adverb, is_capitalised, is_cue, is_determiner, is_noun_cue, is_opener, is_pronoun, is_stop, lower,
    token_iter, tokens, with_lower, Token,
};
use crate::span::Span;

/// How far from a quote attribution is looked for, in bytes.
const WINDOW: usize = 300;
/// The longest speaker mention taken, in words ("White House press secretary Josh Earnest").
const MAX_SPEAKER_WORDS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Before,
    After,
}

/// An attribution found next to a quote.
#[derive(Clone, Copy, Debug)]
pub(super) struct Attribution {
    /// The speaker mention; `None` for a cue without a subject of its own (", adding: “…”"),
    /// which hands the quote to the previous speaker.
    pub speaker: Option<Span>,
    pub side: Side,
    /// Words between the cue and the quote (`0` when the attribution directly follows it).
    pub distance: usize,
    /// After the quote: the attribution is all that is left of its sentence ("he said on
    /// Monday."), so it is not a new sentence about something else.
    pub closes_sentence: bool,
}

/// The attribution right after a quote ending at byte `end`, within the paragraph ending at
/// `limit`.
pub(super) fn after(text: &str, end: usize, limit: usize) -> Option<Attribution> {
    // The limit can fall before the quote's end for a quote nested at the end of another.
    let window = Span::new(end, ceil_boundary(text, limit.min(end + WINDOW)).max(end));
    // Only the rest of the sentence matters: stop reading at its end.
    let mut all = Vec::new();
    for token in token_iter(text, window) {
        let last = token.ends_sentence() || token.is_punct(":");
        all.push(token);
        if last {
            break;
        }
    }
    // A stray closing mark left by nested marks (`''…,''' said Doe`) is skipped too.
    let start = all.iter().take_while(|t| t.is_punct(",—–-―'’”")).count();
    let dashed = all[..start].iter().any(|t| t.is_punct("—–-―"));
    let stop = all[start..]
        .iter()
        .position(|t| t.ends_sentence() || t.is_punct(":"))
        .map_or(all.len(), |p| start + p);
    let clause = &all[start..stop];
    let ended = stop == all.len() || all[stop].ends_sentence();
    let first = lower(text, clause.first()?);

    // `“…,” Doe said, according to the Post`: the quote reaches the reader through the source
    // named last, and that source is who is credited with it.
    let relayed = clause.windows(3).position(|w| {
        w[0].is_punct(",")
            && with_lower(text, &w[1], |w| w == "according")
            && with_lower(text, &w[2], |w| w == "to")
    });
    if let Some(source) = relayed.and_then(|p| forward_mention(text, &clause[p + 3..])) {
        let tail = clause.iter().filter(|t| t.span.start >= source.end).count();
        return Some(Attribution {
            speaker: Some(source),
            side: Side::After,
            distance: 0,
            closes_sentence: ended && tail <= 4,
        });
    }

    // `said Jane Doe`, `according to the report`.
    let named_after =
        if first == "according" && clause.get(1).is_some_and(|t| with_lower(text, t, |w| w == "to")) {
            Some(2)
        } else if is_cue_at(text, &clause[0]) {
            Some(1)
        } else {
            None
        };
    if let Some(skip) = named_after {
        let speaker = forward_mention(text, &clause[skip..])?;
        let tail = clause.iter().filter(|t| t.span.start >= speaker.end).count();
        return Some(Attribution {
            speaker: Some(speaker),
            side: Side::After,
            distance: 0,
            closes_sentence: ended && tail <= 4,
        });
    }

    // `a U.S. official said`: a mention, then the cue.
    let Some(cue) = (0..clause.len().min(40)).find(|&i| is_cue_in(text, clause, i)) else {
        // `“…” ― Jane Doe`: a signature after a dash.
        let name = forward_mention(text, clause).filter(|_| dashed && ended && clause.len() <= 6)?;
        let signed = clause
            .iter()
            .all(|t| !t.is_word() || is_capitalised(text, t) || with_lower(text, t, is_stop));
        return signed.then_some(Attribution {
            speaker: Some(name),
            side: Side::After,
            distance: 0,
            closes_sentence: true,
        });
    };
    // `“…” but to take the lead, says Evan Tracey`: the rest of the quoted sentence, then the
    // cue after a comma with its speaker after it.
    // Only verbs that put their subject after them; a capitalised opening is the subject of
    // the cue in its own apposition ("Graham, a former candidate, told CBS News").
    let inverted = cue > 0
        && clause[cue - 1].is_punct(",")
        && !is_capitalised(text, &clause[0])
        && matches!(
            lower(text, &clause[cue]).as_ref(),
            "said"
                | "says"
                | "added"
                | "adds"
                | "wrote"
                | "writes"
                | "asked"
                | "asks"
                | "explained"
                | "noted"
        );
    if let Some(speaker) = inverted
        .then(|| forward_mention(text, &clause[cue + 1..]))
        .flatten()
    {
        let named = speaker.slice(text);
        let first = named.split_whitespace().next().unwrap_or_default().to_lowercase();
        let fits = crate::tokens::is_capitalised(named) || is_determiner(&first);
        if fits {
            let tail = clause.iter().filter(|t| t.span.start >= speaker.end).count();
            return Some(Attribution {
                speaker: Some(speaker),
                side: Side::After,
                distance: 0,
                closes_sentence: ended && tail <= 4,
            });
        }
    }
    let mut mention_end = clause[..cue].iter().position(|t| !t.is_word()).unwrap_or(cue);
    while mention_end > 0 && is_adverb(text, &clause[mention_end - 1]) {
        mention_end -= 1;
    }
    // `“…” the dawn of a movement, Doe says`: a name right before the cue, after a comma,
    // is the speaker rather than the words the sentence opened with.
    let last_comma = clause[..cue].iter().rposition(|t| t.is_punct(","));
    if let Some(comma) = last_comma.filter(|&c| c + 1 < cue && c >= mention_end) {
        let named = &clause[comma + 1..cue];
        let short = named.len() <= 3 && named.iter().all(Token::is_word);
        let is_name = named.iter().all(|t| is_capitalised(text, t))
            || (named.len() == 1 && with_lower(text, &named[0], is_pronoun));
        if short && is_name {
            let span = Span::new(named[0].span.start, named[named.len() - 1].span.end);
            let tail = clause.len() - cue - 1;
            return Some(Attribution {
                speaker: Some(span),
                side: Side::After,
                distance: 0,
                closes_sentence: ended && tail <= 4,
            });
        }
    }
    let mention = &clause[..mention_end];
    let tail = clause.len() - cue - 1;
    let speaker =
        if !mention.is_empty() && mention.len() <= MAX_SPEAKER_WORDS && plausible_subject(text, mention) {
            Span::new(mention[0].span.start, mention[mention.len() - 1].span.end)
        } else {
            // `“…” to drive up the price, she said`: the quote ends mid-sentence and the
            // attribution closes the sentence after a comma.
            let speaker = backward_mention(text, &clause[..cue])?;
            let after_comma = clause[..cue]
                .iter()
                .rev()
                .find(|t| t.span.end <= speaker.start)
                .is_some_and(|t| t.is_punct(","));
            let said = speaker.slice(text);
            let names = is_pronoun(&said.to_lowercase()) || crate::tokens::is_capitalised(said);
            if !(after_comma && names && ended && tail <= 4) {
                return None;
            }
            speaker
        };
    Some(Attribution {
        speaker: Some(speaker),
        side: Side::After,
        distance: 0,
        closes_sentence: ended && tail <= 4,
    })
}

/// The attribution before a quote starting at byte `start`, within its sentence and not before
/// byte `limit` (the paragraph start or the end of the previous quote).
pub(super) fn before(text: &str, start: usize, limit: usize) -> Option<Attribution> {
    let window = Span::new(
        floor_boundary(text, limit.max(start.saturating_sub(WINDOW))).min(start),
        start,
    );
    let all = tokens(text, window);
    let sentence_start = all.iter().rposition(Token::ends_sentence).map_or(0, |p| p + 1);
    let sentence = &all[sentence_start..];
    let is_cue_here = |i: usize, nouns: bool| {
        let word = lower(text, &sentence[i]);
        let after_determiner = i > 0 && with_lower(text, &sentence[i - 1], is_determiner);
        (is_cue_in(text, sentence, i)
            && !(after_determiner && is_noun_cue(&word))
            && (nouns || !is_noun_cue(&word)))
            || word == "according"
                && sentence
                    .get(i + 1)
                    .is_some_and(|t| with_lower(text, t, |w| w == "to"))
    };
    // The nearest plain speech verb; a word that may be a noun ("Republican claims") only when
    // the sentence has no other.
    let cue = (0..sentence.len())
        .rev()
        .find(|&i| is_cue_here(i, false))
        .or_else(|| (0..sentence.len()).rev().find(|&i| is_cue_here(i, true)));
    let opening_cue = sentence
        .first()
        .filter(|t| is_capitalised(text, t) && with_lower(text, t, is_cue));
    if let Some(speaker) = opening_cue.and_then(|_| forward_mention(text, &sentence[1..])) {
        let distance = sentence
            .iter()
            .filter(|t| t.is_word() && t.span.start >= speaker.end)
            .count();
        return Some(Attribution {
            speaker: Some(speaker),
            side: Side::Before,
            distance,
            closes_sentence: false,
        });
    }
    let Some(cue) = cue else {
        // No speech verb: a quote inside a sentence still belongs to its subject, when the
        // sentence opens with a name or a pronoun ("Trump is promising “jobs, jobs, jobs”").
        // "A footnote in the report makes that clear: “…”": a colon introduces the quote as
        // the words of what the sentence opened with.
        let introduced = sentence.last().is_some_and(|t| t.is_punct(":"));
        let opening = sentence.iter().take_while(|t| !t.is_word()).count();
        let described = || {
            let found = forward_mention(text, &sentence[opening..])?;
            let first = found.slice(text).split_whitespace().next()?.to_lowercase();
            let fits = is_determiner(&first) || crate::tokens::is_capitalised(found.slice(text));
            (fits && !is_opener(&first) || is_determiner(&first)).then_some(found)
        };
        // "… - Frank Newport and Jim Harter: “…”": a name right before the colon.
        let named = || {
            let head = &sentence[..sentence.len().checked_sub(1)?];
            let run = head
                .iter()
                .rev()
                .take_while(|t| is_capitalised(text, t) || with_lower(text, t, |w| w == "and"))
                .count();
            let name = &head[head.len() - run..];
            // Words that open sentences ("Yesterday") are not part of the name.
            let start = name
                .iter()
                .position(|t| is_capitalised(text, t) && !with_lower(text, t, is_opener))?;
            let name = &name[start..];
            let shouted = name
                .iter()
                .all(|t| !t.span.slice(text).chars().any(char::is_lowercase));
            let first = name.first()?;
            let fits = run <= 6 && !shouted;
            fits.then(|| Span::new(first.span.start, name[name.len() - 1].span.end))
        };
        // "…, Rubio fired back forcefully: “…”": the clause before the colon has its own subject.
        let last_clause = || {
            let comma = sentence.iter().rposition(|t| t.is_punct(","))?;
            subject(text, &sentence[comma + 1..])
        };
        let found = introduced
            .then(named)
            .flatten()
            .or_else(last_clause)
            .or_else(|| subject(text, sentence))
            .or_else(|| introduced.then(described).flatten());
        return found.map(|speaker| Attribution {
            speaker: Some(speaker),
            side: Side::Before,
            distance: usize::MAX,
            closes_sentence: false,
        });
    };
    let distance = sentence[cue + 1..].iter().filter(|t| t.is_word()).count();
    let speaker = if with_lower(text, &sentence[cue], |w| w == "according") {
        let speaker = forward_mention(text, &sentence[cue + 2..]);
        let distance = sentence[cue + 2..]
            .iter()
            .filter(|t| t.is_word() && speaker.is_none_or(|s| t.span.start >= s.end))
            .count();
        return Some(Attribution {
            speaker,
            side: Side::Before,
            distance,
            closes_sentence: false,
        });
    } else {
        // ", saying: “…”": a participle after a comma belongs to the sentence's subject.
        let participle =
            lower(text, &sentence[cue]).ends_with("ing") && cue > 0 && sentence[cue - 1].is_punct(",");
        // "Doe issued a statement saying “…”": the statement is Doe's.
        let document = lower(text, &sentence[cue]).ends_with("ing")
            && cue > 0
            && matches!(
                lower(text, &sentence[cue - 1]).as_ref(),
                "statement" | "release" | "letter" | "memo" | "email" | "e-mail"
            );
        // "Hours later, Trump returned the compliment, telling Reuters “…”": the clause the
        // participle hangs on names its subject.
        let hung_on = || {
            let comma = cue - 1;
            let start = sentence[..comma]
                .iter()
                .rposition(|t| t.is_punct(","))
                .map_or(0, |c| c + 1);
            subject(text, &sentence[start..comma])
        };
        let found = if participle {
            hung_on()
                .or_else(|| subject(text, sentence))
                .or_else(|| backward_mention(text, &sentence[..cue]))
        } else if document {
            subject(text, sentence).or_else(|| backward_mention(text, &sentence[..cue]))
        } else {
            // "Eight years ago, he backed Obama and said, “…”": the subject of the cue's own
            // clause comes before that of the sentence.
            let own_clause = || {
                let start = sentence[..cue]
                    .iter()
                    .rposition(|t| t.is_punct(","))
                    .map_or(0, |c| c + 1);
                subject(text, &sentence[start..cue])
            };
            backward_mention(text, &sentence[..cue])
                .or_else(own_clause)
                .or_else(|| subject(text, sentence))
        };
        found.or_else(|| nearest_name(text, &sentence[..cue]))
    };
    Some(Attribution {
        speaker,
        side: Side::Before,
        distance,
        closes_sentence: false,
    })
}

/// A speech verb as written in running text: lower case ("the United States" is no cue).
/// A speech verb at `tokens[i]`, or one in two words ("shot back", "as Doe put it").
fn is_cue_in(text: &str, tokens: &[Token], i: usize) -> bool {
    let next = |word: &str| tokens.get(i + 1).is_some_and(|t| t.span.slice(text) == word);
    is_cue_at(text, &tokens[i])
        || (matches!(tokens[i].span.slice(text), "shot" | "fired" | "hit") && next("back"))
        || (matches!(tokens[i].span.slice(text), "put" | "puts") && next("it"))
}

fn is_cue_at(text: &str, token: &Token) -> bool {
    token.is_word() && !is_capitalised(text, token) && with_lower(text, token, is_cue)
}

/// The subject a sentence opens with, when it is a pronoun or a name ("But Jane Doe …").
fn subject(text: &str, sentence: &[Token]) -> Option<Span> {
    let opening = sentence.iter().take_while(|t| !t.is_word()).count();
    let sentence = &sentence[opening..];
    let mut words = sentence.iter().take_while(|t| t.is_word());
    let mut first = words.next()?;
    if matches!(
        lower(text, first).as_ref(),
        "but" | "and" | "so" | "still" | "yet"
    ) {
        first = words.next()?;
    }
    let start = sentence.iter().position(|t| t.span == first.span)?;
    if with_lower(text, first, is_pronoun) {
        // "It is strange that Trump …": an "it" standing for nothing is nobody's voice.
        let expletive = with_lower(text, first, |w| w == "it")
            && sentence.get(start + 1).is_some_and(|t| {
                matches!(
                    lower(text, t).as_ref(),
                    "is" | "was" | "wasn’t" | "wasn't" | "isn’t" | "isn't" | "seems"
                )
            });
        return (!expletive).then_some(first.span);
    }
    let name: Vec<&Token> = sentence[start..]
        .iter()
        .take_while(|t| is_capitalised(text, t))
        .take(MAX_SPEAKER_WORDS)
        .collect();
    let opener = lower(text, first);
    let last = name.last()?;
    // An all-capitals opener is a dateline or a headline ("PHILADELPHIA —"), not a subject.
    let shouted = first.span.len() > 1 && !first.span.slice(text).chars().any(char::is_lowercase);
    let is_name = !is_opener(&opener) && !is_cue(&opener) && !shouted;
    if !is_name && !is_determiner(&opener) {
        // "Immediately after the attacks, Trump issued …": the subject follows an opening
        // phrase and its comma.
        let comma = sentence.iter().take(10).position(|t| t.is_punct(","))?;
        return subject(text, &sentence[comma + 1..]);
    }
    is_name.then(|| Span::new(first.span.start, last.span.end))
}

/// The pronoun or name closest before a cue ("he began by saying"), as a last resort.
fn nearest_name(text: &str, tokens: &[Token]) -> Option<Span> {
    let end = tokens.iter().rposition(|t| {
        with_lower(text, t, is_pronoun) || (is_capitalised(text, t) && !with_lower(text, t, is_opener))
    })?;
    if with_lower(text, &tokens[end], is_pronoun) {
        return Some(tokens[end].span);
    }
    let start = tokens[..end]
        .iter()
        .rposition(|t| !is_capitalised(text, t) || with_lower(text, t, is_opener))
        .map_or(0, |p| p + 1);
    Some(Span::new(tokens[start].span.start, tokens[end].span.end))
}

/// A speaker label opening a paragraph: "PENCE: …", "Graham: Trump’s ‘…’".
pub(super) fn label(text: &str, paragraph: Span) -> Option<Span> {
    let head = Span::new(
        paragraph.start,
        ceil_boundary(text, paragraph.end.min(paragraph.start + 80)),
    );
    let all = tokens(text, head);
    let skip = all.iter().take_while(|t| t.is_quote_mark()).count();
    let colon = all[skip..].iter().position(|t| t.is_punct(":"))? + skip;
    let name = &all[skip..colon];
    let names = !name.is_empty() && name.len() <= 4 && name.iter().all(|t| is_capitalised(text, t));
    names.then(|| Span::new(name[0].span.start, name[name.len() - 1].span.end))
}

/// Whether words before a cue read as its subject: a name, a determiner phrase, a pronoun, or
/// a bare plural such as "officials".
fn plausible_subject(text: &str, mention: &[Token]) -> bool {
    let first = lower(text, &mention[0]);
    let starts_well = mention.iter().any(|t| is_capitalised(text, t))
        || is_determiner(&first)
        || is_pronoun(&first)
        || mention.len() <= 2;
    let clean = mention
        .iter()
        .enumerate()
        .all(|(i, t)| !with_lower(text, t, is_stop) || (i == 0 && is_determiner(&first)));
    starts_well && clean
}

/// The mention at the start of `tokens` ("Jane Doe, who…", "the official in charge").
fn forward_mention(text: &str, tokens: &[Token]) -> Option<Span> {
    let first = tokens.first().filter(|t| t.is_word())?;
    if with_lower(text, first, is_pronoun) {
        return Some(first.span);
    }
    let mut last = None;
    for (i, token) in tokens.iter().enumerate().take(MAX_SPEAKER_WORDS) {
        let word = lower(text, token);
        let leading_determiner = i == 0 && is_determiner(&word);
        // Capitalised after the cue, a stop word is a name ("said Will Doyle").
        let stop = is_stop(&word) && !is_capitalised(text, token);
        if !token.is_word() || (stop && !leading_determiner) {
            break;
        }
        last = Some(token.span);
    }
    let last = last?;
    // A determiner alone is no mention, but for those that stand for someone ("read one").
    let alone = lower(text, first);
    let stands_alone = matches!(
        alone.as_ref(),
        "one" | "another" | "some" | "many" | "several" | "both"
    );
    let determiner_only = last == first.span && is_determiner(&alone) && !stands_alone;
    (!determiner_only).then(|| Span::new(first.span.start, last.end))
}

/// The subject ending just before a cue at the end of `tokens` ("the officials", "Doe",
/// "Rep. Jane Doe (D-N.C.), head of the caucus,").
fn backward_mention(text: &str, tokens: &[Token]) -> Option<Span> {
    let mut end = tokens.len();
    while end > 0 && tokens[end - 1].is_word() && is_adverb(text, &tokens[end - 1]) {
        end -= 1;
    }
    // "Doe, who said": the mention next to the cue is "who" (it refers to Doe).
    if end > 0 && with_lower(text, &tokens[end - 1], |w| w == "who") {
        return Some(tokens[end - 1].span);
    }
    if end > 0 && tokens[end - 1].is_punct(",") {
        // An apposition between subject and verb: skip back to the comma that opens it (news
        // appositions run long: "Jane Doe, a professor of law at the University of …, said").
        let open = tokens[..end - 1].iter().rposition(|t| t.is_punct(","))?;
        if end - 1 - open > 20 {
            return None;
        }
        end = open;
    }
    if end > 0 && tokens[end - 1].is_punct(")") {
        end = tokens[..end - 1].iter().rposition(|t| t.is_punct("("))?;
    }
    let last = tokens[..end].last().filter(|t| t.is_word())?;
    if with_lower(text, last, is_pronoun) {
        return Some(last.span);
    }
    let mut start = end;
    while start > 0 && end - start < MAX_SPEAKER_WORDS {
        let token = &tokens[start - 1];
        let word = lower(text, token);
        if !token.is_word() {
            break;
        }
        if is_determiner(&word) {
            start -= 1;
            break;
        }
        if is_stop(&word) {
            break;
        }
        start -= 1;
    }
    // "Beck, who has in the past described": a phrase after a preposition is no subject; the
    // subject stands before it.
    let after_preposition = start > 0
        && matches!(
            tokens[start - 1].span.slice(text),
            "in" | "at" | "on" | "during" | "since" | "after" | "before" | "for"
        );
    if after_preposition {
        let head = &tokens[..start - 1];
        // Only a subject right before the phrase, with nothing but auxiliaries between.
        let verb_end = head.iter().rposition(|t| !(t.is_word() && is_adverb(text, t)));
        let subject = verb_end
            .filter(|&i| {
                let word = lower(text, &head[i]);
                word == "who" || is_pronoun(&word) || is_capitalised(text, &head[i])
            })
            .and_then(|_| backward_mention(text, head));
        if subject.is_some() {
            return subject;
        }
    }
    // A determiner alone ("that said") is no speaker.
    let content_words = tokens[start..end]
        .iter()
        .filter(|t| !with_lower(text, t, is_determiner))
        .count();
    (content_words > 0).then(|| Span::new(tokens[start].span.start, tokens[end - 1].span.end))
}

pub(super) fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

pub(super) fn ceil_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}
