//! Direct quotations and their speakers.
//!
//! Three steps, each local to a quote so the pass stays linear in the text:
//! 1. `marks`: scan the bytes for quotation marks and pair them within paragraphs (quotes that
//!    run over paragraphs become one chain of spans);
//! 2. `speakers`: read the sentence around each quote for a speech verb and its subject;
//! 3. here: label each quote a `Statement` or a `Term` (a scare quote, a coined phrase), hand
//!    speakerless statements to the speaker of the quote they continue, and link the speaker
//!    to the entity it names (a pronoun to the last person named, a surname to the full name).

mod labels;
mod marks;
pub mod ranker;
mod speakers;
mod words;

use crate::entities::EntityMention;
use crate::model::Label;
use crate::span::Span;
use labels::{ends_sentence, is_aside, is_listing, is_name, is_sentence, is_term};
use marks::Quoted;
use ranker::{Candidate, Provenance, Ranker, Setting};
use speakers::{Attribution, Side};

/// A direct quotation, quotation marks included, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteMention {
    pub span: Span,
    /// `Statement` or `Term`.
    pub label: Label,
    pub speaker: Option<SpeakerMention>,
}

/// The mention of who said a quote, as written next to the cue.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerMention {
    pub span: Span,
    /// Index into the entity mentions of the person it refers to, when known.
    pub refers_to: Option<usize>,
}

/// Quotes of at least this many words are statements even without an attribution next to
/// them; shorter ones are terms unless a speech verb introduces them.
const STATEMENT_WORDS: usize = 5;
/// The longest quoted title or nickname taken for a name rather than a statement, in words.
const MAX_NAME_WORDS: usize = 7;
/// A short quote counts as said (a statement) when its speech verb is at most this many words
/// before it ("Doe called the plan a “disaster”"); further away it is the writer's term.
const NEAR_CUE_WORDS: usize = 8;

/// A statement without attribution of its own goes on in the voice of the last speaker when
/// at most this many bytes of other paragraphs lie between them.
const INHERIT_GAP: usize = 1500;

/// What the hand-over steps need to know of each kept quote.
#[derive(Clone, Copy)]
struct Context {
    chain: usize,
    paragraph: Span,
    /// The speaker came from the quote's own attribution: only those are handed on to the
    /// paragraphs after.
    own: bool,
    /// The quote is its paragraph: a run of such paragraphs goes on in one voice.
    whole: bool,
}

/// A quote as the rules attribute it, with the mentions that may have said it (none for terms
/// and quotes inside quotes, whose speaker the rules settle).
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub quote: QuoteMention,
    pub candidates: Vec<Candidate>,
    /// For a quote inside another, the index of the outer one: its speaker reports this one.
    pub outer: Option<usize>,
}

/// Finds the direct quotations of `text`, ordered by position.
pub fn detect(text: &str, entities: &[EntityMention]) -> Vec<QuoteMention> {
    detect_with(text, entities, Ranker::embedded())
}

/// [`detect`] with the speakers chosen by `ranker` (the lab scores rankers it trains this way).
pub fn detect_with(text: &str, entities: &[EntityMention], ranker: &Ranker) -> Vec<QuoteMention> {
    let (found, ranked) = rank(text, entities);
    let chosen = speakers(&ranked, ranker);
    ranked
        .into_iter()
        .zip(chosen)
        .map(|(Ranked { mut quote, .. }, speaker)| {
            quote.speaker = speaker.map(|span| SpeakerMention {
                span,
                refers_to: refers_to(text, span, entities, &found),
            });
            quote
        })
        .collect()
}

/// Each quote's speaker: the best of its candidates by `ranker`, else the rules' choice; a
/// quote inside another takes the outer quote's speaker.
pub fn speakers(ranked: &[Ranked], ranker: &Ranker) -> Vec<Option<Span>> {
    let mut chosen: Vec<Option<Span>> = ranked
        .iter()
        .map(|r| {
            ranker
                .choose(&r.candidates)
                .map(|best| r.candidates[best].span)
                .or_else(|| r.quote.speaker.as_ref().map(|s| s.span))
        })
        .collect();
    for (index, r) in ranked.iter().enumerate() {
        if let Some(outer) = r.outer.filter(|&o| o < index) {
            chosen[index] = chosen[outer];
        }
    }
    chosen
}

/// The quotes of `text` as the rules attribute them, each with its speaker candidates.
pub fn candidates(text: &str, entities: &[EntityMention]) -> Vec<Ranked> {
    rank(text, entities).1
}

fn rank(text: &str, entities: &[EntityMention]) -> (Vec<Quoted>, Vec<Ranked>) {
    let (found, kept, quotes, provenance) = rules(text);
    let mut last_speaker: Option<String> = None;
    let mut scratch = ranker::Scratch::new();
    let spans: Vec<(Span, bool)> = kept.iter().map(|&i| (found[i].span, found[i].nested)).collect();
    let ranked = quotes
        .into_iter()
        .zip(kept)
        .zip(provenance)
        .enumerate()
        .map(|(position, ((quote, index), provenance))| {
            let quoted = &found[index];
            // Quotes are few per paragraph, so the outer one is among the last few.
            let outer = quoted
                .nested
                .then(|| {
                    (0..position)
                        .rev()
                        .take(64)
                        .find(|&i| !spans[i].1 && spans[i].0.contains(quoted.span))
                })
                .flatten();
            // The parts of a quote that runs over paragraphs keep the speaker its attribution gives
            // them all, wherever it stands.
            let candidates =
                if quote.label == Label::Statement && !quoted.nested && provenance != Provenance::Shared {
                    let setting = Setting {
                        quoted,
                        found: &found,
                        rule: quote.speaker.as_ref().map(|s| s.span),
                        provenance,
                        last_speaker: last_speaker.as_deref(),
                        entities,
                    };
                    let candidates = ranker::candidates(text, &setting, &mut scratch);
                    last_speaker = quote.speaker.as_ref().map(|s| ranker::last_word(text, s.span));
                    candidates
                } else {
                    Vec::new()
                };
            Ranked {
                quote,
                candidates,
                outer,
            }
        })
        .collect();
    (found, ranked)
}

/// The rules' quotes: each with the index of its marks in `found` and how its speaker was
/// found.
fn rules(text: &str) -> (Vec<Quoted>, Vec<usize>, Vec<QuoteMention>, Vec<Provenance>) {
    let found = marks::find(text);
    // Which chains hold a quote that runs on: their parts are one quotation.
    let mut runs_on = vec![false; found.iter().map(|q| q.chain + 1).max().unwrap_or(0)];
    for quoted in found.iter().filter(|q| q.runs_on) {
        runs_on[quoted.chain] = true;
    }
    let mut quotes: Vec<QuoteMention> = Vec::with_capacity(found.len());
    let mut context: Vec<Context> = Vec::with_capacity(found.len());
    let mut nested: Vec<bool> = Vec::with_capacity(found.len());
    let mut kept: Vec<usize> = Vec::with_capacity(found.len());
    let mut provenance: Vec<Provenance> = Vec::with_capacity(found.len());
    let mut previous: Option<&Quoted> = None;
    for (index, quoted) in found.iter().enumerate() {
        let inside = inner(text, quoted);
        if is_markup(text, quoted) || !inside.slice(text).chars().any(char::is_alphanumeric) {
            continue;
        }
        // Nested quotes look for attribution inside their outer quote only.
        let outer = quoted
            .nested
            .then(|| {
                found[..index]
                    .iter()
                    .rev()
                    .take(64)
                    .find(|q| !q.nested && q.span.contains(quoted.span))
            })
            .flatten();
        // The quote before in the same paragraph, whose words are not this quote's context.
        let before_this =
            previous.filter(|p| p.paragraph == quoted.paragraph && p.span.end <= quoted.span.start);
        let (limit_start, limit_end) = match outer {
            Some(outer) => (inner(text, outer).start, inner(text, outer).end),
            None => (
                before_this.map_or(quoted.paragraph.start, |p| p.span.end),
                quoted.paragraph.end,
            ),
        };
        if !quoted.nested {
            previous = Some(quoted);
        }
        let mut attribution = attribute(text, quoted, limit_start, limit_end);
        // `Doe told MSNBC’s “Morning Joe” that “…”`: when nothing stands between two quotes of
        // one sentence, the verb before the first one introduces the second one too.
        let unattributed = attribution.is_none_or(|a| a.distance == usize::MAX && a.side == Side::Before);
        if let Some(first) =
            before_this.filter(|p| unattributed && outer.is_none() && !ends_sentence(text, p))
        {
            let carried =
                speakers::before(text, first.span.start, quoted.paragraph.start).map(|mut found| {
                    let between = text[first.span.start..quoted.span.start]
                        .split_whitespace()
                        .count();
                    found.distance = found.distance.saturating_add(between);
                    found
                });
            attribution = carried.filter(|a| a.distance != usize::MAX).or(attribution);
        }
        let words = inside
            .slice(text)
            .split_whitespace()
            .take(STATEMENT_WORDS)
            .count();
        let near = attribution.is_some_and(|a| a.side == Side::After || a.distance <= NEAR_CUE_WORDS);
        let chained = runs_on.get(quoted.chain).copied().unwrap_or(false);
        let said = words >= STATEMENT_WORDS || quoted.runs_on || chained || near || is_sentence(text, quoted);
        let cue_distance = attribution.map_or(usize::MAX, |a| a.distance);
        // Names of things run longer than terms: "This Week With George Stephanopoulos".
        let name_length = inside
            .slice(text)
            .split_whitespace()
            .take(MAX_NAME_WORDS + 1)
            .count();
        let short = name_length <= MAX_NAME_WORDS && !quoted.runs_on && !chained;
        let label = if (short && is_name(text, quoted)) || is_aside(text, quoted) {
            Label::Term
        } else if said || !is_term(text, quoted, cue_distance) {
            Label::Statement
        } else {
            Label::Term
        };
        let own = attribution.and_then(|a| a.speaker);
        let own_provenance = match attribution {
            Some(a) if a.side == Side::After => Provenance::After,
            Some(a) if a.distance == usize::MAX => Provenance::Subject,
            _ => Provenance::Before,
        };
        let (mut speaker, mut how) = match label {
            Label::Statement => own
                .map(|s| (s, own_provenance))
                .or_else(|| said_before(text, quoted, limit_start, 3).map(|s| (s, Provenance::SaidBefore)))
                .or_else(|| {
                    inherited(&quotes, &context, quoted, is_whole(text, quoted))
                        .map(|s| (s, Provenance::Inherited))
                })
                // Last, a sentence just before that reports what someone said, however it
                // goes on ("Doe said the party had lost its way. “…”"): Doe goes on.
                .or_else(|| {
                    said_before(text, quoted, limit_start, usize::MAX - 1).map(|s| (s, Provenance::Reported))
                })
                .map_or((None, Provenance::None), |(s, how)| (Some(s), how)),
            _ => (None, Provenance::None),
        };
        let mut label = label;
        // “Miss Piggy” and “Miss Housekeeping”: a quote listed right after another is the
        // same kind of quote from the same speaker.
        let listed = quotes
            .last()
            .zip(nested.last())
            .filter(|(last, &was_nested)| {
                !was_nested
                    && !quoted.nested
                    && own.is_none()
                    && quoted.paragraph.contains(last.span)
                    && last.span.end <= quoted.span.start
                    && is_listing(&text[last.span.end..quoted.span.start])
            })
            .map(|(last, _)| last);
        if let Some(last) = listed {
            label = last.label;
            speaker = last.speaker.as_ref().map(|s| s.span);
            how = Provenance::Listed;
        }
        context.push(Context {
            chain: quoted.chain,
            paragraph: quoted.paragraph,
            own: own.is_some(),
            whole: is_whole(text, quoted),
        });
        nested.push(quoted.nested);
        kept.push(index);
        provenance.push(if speaker.is_some() { how } else { Provenance::None });
        quotes.push(QuoteMention {
            span: quoted.span,
            label,
            speaker: speaker.map(|span| SpeakerMention {
                span,
                refers_to: None,
            }),
        });
    }
    let before_sharing: Vec<Option<Span>> = quotes
        .iter()
        .map(|q| q.speaker.as_ref().map(|s| s.span))
        .collect();
    share_within_chains(&mut quotes, &context);
    share_with_nested(&mut quotes, &nested);
    for ((quote, was), how) in quotes.iter().zip(before_sharing).zip(&mut provenance) {
        if quote.speaker.as_ref().map(|s| s.span) != was {
            *how = Provenance::Shared;
        }
    }
    (found, kept, quotes, provenance)
}

/// The text between the marks.
fn inner(text: &str, quoted: &Quoted) -> Span {
    let slice = quoted.span.slice(text);
    let open = slice.chars().next().map_or(0, char::len_utf8);
    let open = if slice.starts_with("''") { 2 } else { open };
    let close = if quoted.runs_on {
        0
    } else if slice.ends_with("''") && slice.len() >= open + 2 {
        2
    } else {
        slice.chars().next_back().map_or(0, char::len_utf8)
    };
    let start = (quoted.span.start + open).min(quoted.span.end);
    Span::new(start, quoted.span.end.saturating_sub(close).max(start))
}

/// Attribute values in markup (`id="…"`) are not quotations.
fn is_markup(text: &str, quoted: &Quoted) -> bool {
    text[..quoted.span.start].ends_with('=')
}

/// The attribution of one quote: after it when the quote ends as a clause does (“…,” he said),
/// else the speech verb before it in its sentence.
fn attribute(text: &str, quoted: &Quoted, limit_start: usize, limit_end: usize) -> Option<Attribution> {
    let after = if quoted.runs_on {
        None
    } else {
        speakers::after(text, quoted.span.end, limit_end)
    };
    let inside = inner(text, quoted).slice(text).trim_end();
    let follows = text[quoted.span.end..].trim_start();
    let open_ending = inside.ends_with([',', '?', '!', '—', '–', '-', '…'])
        || follows.starts_with([',', '—', '–'])
        || (!inside.ends_with('.') && !follows.starts_with(['.', '!', '?']));
    // "Obama said “it gets me mad” every time he …": a cue right before the quote outranks
    // words after it, unless the quote ends as a clause does ("“…,” Doe added").
    let said_right_before = || {
        speakers::before(text, quoted.span.start, limit_start)
            .filter(|a| a.distance == 0 && a.speaker.is_some() && !inside.ends_with(','))
    };
    match after {
        Some(found) if found.speaker.is_some() && (open_ending || found.closes_sentence) => {
            said_right_before().or(Some(found))
        }
        _ => speakers::before(text, quoted.span.start, limit_start).or_else(|| introduced(text, quoted)),
    }
}

/// For a quote that opens a sentence with nobody named, the speaker of a speech verb that ends
/// the sentence before it in the same paragraph ("The talks stalled, Schiff said. “…”").
/// A quote that opens its paragraph reads the end of the paragraph before in the same way
/// ("…, Schiff said.\n\n“…”").
/// `reach` is how many words may follow the cue in that sentence.
fn said_before(text: &str, quoted: &Quoted, limit: usize, reach: usize) -> Option<Span> {
    let opens_paragraph = marks::trimmed(text, quoted.paragraph).start == quoted.span.start;
    let limit = if opens_paragraph && limit <= quoted.paragraph.start {
        let before = text[..quoted.paragraph.start].trim_end();
        before.rfind('\n').map_or(0, |i| i + 1)
    } else {
        limit.min(quoted.span.start)
    };
    let before = text[limit..quoted.span.start].trim_end();
    let full_stop = before.strip_suffix('.')?.len() + limit;
    speakers::before(text, full_stop, limit)
        .filter(|a| a.distance <= reach)
        .and_then(|a| a.speaker)
}

/// The attribution of a quote that opens its paragraph: a transcript label inside it
/// ("PENCE: …"), or the end of the paragraph before, when that ends with a colon ("He said:").
fn introduced(text: &str, quoted: &Quoted) -> Option<Attribution> {
    let paragraph = marks::trimmed(text, quoted.paragraph);
    if quoted.span.start != paragraph.start {
        return None;
    }
    if let Some(label) = speakers::label(text, paragraph) {
        return Some(Attribution {
            speaker: Some(label),
            side: Side::Before,
            distance: 0,
            closes_sentence: false,
        });
    }
    let before = text[..quoted.paragraph.start].trim_end();
    let colon = before.strip_suffix(':')?.len();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    speakers::before(text, colon, start)
}

/// The speaker of the last attributed statement, for a statement that has none of its own:
/// the second part of a split quote, or more quoted sentences from the same person in the same
/// or the next paragraph.
fn inherited(quotes: &[QuoteMention], context: &[Context], quoted: &Quoted, whole: bool) -> Option<Span> {
    let (
        last,
        &Context {
            paragraph,
            own,
            whole: was_whole,
            ..
        },
    ) = quotes
        .iter()
        .zip(context)
        .rev()
        .take(32)
        .find(|(quote, _)| quote.label == Label::Statement && quote.speaker.is_some())?;
    let same_paragraph = paragraph == quoted.paragraph;
    let near =
        paragraph.end <= quoted.paragraph.start && quoted.paragraph.start - paragraph.end <= INHERIT_GAP;
    let speaker = last.speaker.as_ref()?;
    (same_paragraph || (near && (own || (whole && was_whole)))).then_some(speaker.span)
}

/// Whether the quote is all its paragraph holds, but for punctuation.
fn is_whole(text: &str, quoted: &Quoted) -> bool {
    let paragraph = marks::trimmed(text, quoted.paragraph);
    paragraph.start == quoted.span.start
        && text[quoted.span.end.min(paragraph.end)..paragraph.end]
            .chars()
            .all(|c| !c.is_alphanumeric())
}

/// The parts of a quote that runs over paragraphs share one speaker: the first one found.
fn share_within_chains(quotes: &mut [QuoteMention], context: &[Context]) {
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&i| (context[i].chain, i));
    for members in order.chunk_by(|&a, &b| context[a].chain == context[b].chain) {
        if members.len() < 2 {
            continue;
        }
        let first = members.iter().find_map(|&i| quotes[i].speaker.clone());
        let mut last = None;
        for &i in members {
            quotes[i].label = Label::Statement;
            match &quotes[i].speaker {
                Some(speaker) => last = Some(speaker.clone()),
                None => quotes[i]
                    .speaker
                    .clone_from(if last.is_some() { &last } else { &first }),
            }
        }
    }
}

/// A quote inside a quote is reported by the outer quote's speaker.
fn share_with_nested(quotes: &mut [QuoteMention], nested: &[bool]) {
    for index in 0..quotes.len() {
        if !nested[index] {
            continue;
        }
        let span = quotes[index].span;
        // Quotes are few per paragraph, so the outer one is among the last few.
        let outer = (0..index)
            .rev()
            .take(64)
            .find(|&i| !nested[i] && quotes[i].span.contains(span));
        if let Some(outer) = outer {
            quotes[index].speaker = quotes[outer].speaker.clone();
        }
    }
}

/// The entity a speaker mention refers to: the person or organisation it names (a surname
/// linked to the full name given earlier), or for "he"/"she" the last person named outside a
/// quotation. Descriptions ("a U.S. official") refer to no entity.
fn refers_to(text: &str, speaker: Span, entities: &[EntityMention], quotes: &[Quoted]) -> Option<usize> {
    let mention = speaker.slice(text);
    let lower = mention.to_lowercase();
    if lower == "he" || lower == "she" {
        let before = entities.partition_point(|e| e.span.start < speaker.start);
        return (0..before)
            .rev()
            .take(200)
            .find(|&i| entities[i].label == Label::Person && !inside_quote(quotes, entities[i].span));
    }
    if lower == "who" {
        // "Jane Doe, who said": the entity just before the relative pronoun.
        let index = entities
            .partition_point(|e| e.span.end <= speaker.start)
            .checked_sub(1)?;
        let entity = &entities[index];
        let adjacent = text[entity.span.end..speaker.start]
            .trim_matches([',', ' '])
            .is_empty();
        let fits = matches!(entity.label, Label::Person | Label::Org);
        return (adjacent && fits).then(|| full_name(entities, index));
    }
    let named = mention
        .split_whitespace()
        .next_back()
        .is_some_and(crate::tokens::is_capitalised);
    if !named {
        return None;
    }
    let from = entities.partition_point(|e| e.span.end <= speaker.start);
    let overlapping = (from..entities.len())
        .take_while(|&i| entities[i].span.start < speaker.end)
        .filter(|&i| matches!(entities[i].label, Label::Person | Label::Org));
    let index = overlapping
        .clone()
        .filter(|&i| entities[i].label == Label::Person)
        .last()
        .or_else(|| overlapping.last())?;
    Some(full_name(entities, index))
}

/// For a one-word person mention ("Zelenskyy"), the closest earlier mention of the full name
/// ("Volodymyr Zelenskyy"); otherwise the mention itself.
fn full_name(entities: &[EntityMention], index: usize) -> usize {
    let key = &entities[index].key;
    if key.contains(' ') {
        return index;
    }
    // Bounded so that an article of a million words still costs little per speaker.
    (0..index)
        .rev()
        .take(2000)
        .find(|&i| {
            let other = &entities[i];
            other.label == Label::Person
                && other.key.contains(' ')
                && other.key.rsplit(' ').next() == Some(key)
        })
        .unwrap_or(index)
}

fn inside_quote(quotes: &[Quoted], span: Span) -> bool {
    let after = quotes.partition_point(|q| q.span.start <= span.start);
    quotes[..after]
        .iter()
        .rev()
        .take(4)
        .any(|q| q.span.contains(span))
}
