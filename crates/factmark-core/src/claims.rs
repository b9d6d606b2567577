//! Check-worthy claims: how worth checking each sentence is, as a score in 0..1, and why.
//!
//! Every sentence with words gets a score from a logistic regression over its hashed word
//! n-grams and a few named cues ([`features::Cue`]: a figure, a named actor, reported speech,
//! a hedge, ...). The reasons shown with a score are the cues that moved it most, up or
//! down, and the words whose learned weights moved it, so they always say what drove the
//! score. Bylines, datelines and boilerplate ("This is developing news ...") are recognised by
//! rule and scored near zero, with that rule as the reason.

pub mod features;
pub mod model;

use crate::entities::EntityMention;
use crate::model::{Annotation, Kind, Label};
use crate::quotes::QuoteMention;
use crate::span::Span;
use features::{Cue, Features, CUE_COUNT};
use model::{Breakdown, Model};

/// The score at or above which a claim is highlighted by default. The scores are calibrated
/// across sources (a score of 0.3 is check-worthy about 30% of the time on debates the weights
/// never saw), and this is the lowest threshold whose out-of-fold F1 there is within half a
/// point of the best (0.33): sources unlike the training debates lose recall first, so of
/// equally good thresholds the lowest travels best. `claims train` prints it (see
/// ARCHITECTURE.md).
pub const DEFAULT_THRESHOLD: f32 = 0.24;

/// The score of a byline, dateline or boilerplate line: recognised by rule, never by the model.
pub const NOT_A_CLAIM_SCORE: f32 = 0.01;

/// A sentence scored for check-worthiness, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCandidate {
    pub span: Span,
    /// 0..1.
    pub score: f32,
    /// Why it scored so, in words a person understands, the strongest first.
    pub reasons: Vec<String>,
    /// `score >= DEFAULT_THRESHOLD`.
    pub highlighted: bool,
}

impl ClaimCandidate {
    /// Whether the claim is highlighted at a threshold the user chose.
    pub fn highlighted_at(&self, threshold: f32) -> bool {
        self.score >= threshold
    }
}

/// Re-decides which claim annotations are highlighted for a user-chosen threshold, from the
/// scores they carry. Other annotations are left alone.
pub fn apply_threshold(annotations: &mut [Annotation], threshold: f32) {
    for annotation in annotations.iter_mut().filter(|a| a.kind == Kind::Claim) {
        if let Some(score) = annotation.score {
            annotation.highlighted = Some(score >= threshold);
        }
    }
}

/// Whether a claim annotation is a byline, dateline or boilerplate line the rules scored (kept
/// as a candidate with its reason, but never to be listed or shown as a claim).
pub fn is_not_a_claim(annotation: &Annotation) -> bool {
    annotation.kind == Kind::Claim
        && annotation.score == Some(NOT_A_CLAIM_SCORE)
        && NotAClaim::recognise(&annotation.text).is_some()
}

/// Whether `annotation` is shown as a highlight: highlighted at the current threshold, and not a
/// byline, dateline or boilerplate line (which stays a scored candidate but is never shown).
/// The article view, the panel's progress and the library's summary all count by this.
pub fn is_shown(annotation: &Annotation) -> bool {
    annotation.is_highlighted() && !is_not_a_claim(annotation)
}

/// Scores every sentence of `text` that has a word in it, in order, highlighted or not.
pub fn detect(
    text: &str,
    sentences: &[Span],
    entities: &[EntityMention],
    quotes: &[QuoteMention],
) -> Vec<ClaimCandidate> {
    detect_with(&Model::embedded(), text, sentences, entities, quotes)
}

/// [`detect`] with other weights: the training command measures a model before it ships.
pub fn detect_with(
    model: &Model,
    text: &str,
    sentences: &[Span],
    entities: &[EntityMention],
    quotes: &[QuoteMention],
) -> Vec<ClaimCandidate> {
    let mut features = Features::default();
    let mut claims = Vec::with_capacity(sentences.len());
    for &span in sentences {
        let Some(sentence) = text.get(span.start..span.end) else {
            continue;
        };
        if !sentence.chars().any(char::is_alphanumeric) {
            continue;
        }
        let (score, reasons) = match NotAClaim::recognise(sentence) {
            Some(rule) => (NOT_A_CLAIM_SCORE, vec![rule.describe().to_owned()]),
            None => {
                features::extract(sentence, &mut features);
                let breakdown = model.breakdown(&features);
                let context = Context {
                    sentence,
                    span,
                    entities: starting_within(entities, span, |entity| entity.span),
                    quotes: starting_within(quotes, span, |quote| quote.span),
                };
                (breakdown.score(), reasons(model, &features, &breakdown, &context))
            }
        };
        claims.push(ClaimCandidate {
            span,
            score,
            reasons,
            highlighted: score >= DEFAULT_THRESHOLD,
        });
    }
    claims
}

/// Lines that are part of an article's furniture, not its statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NotAClaim {
    Byline,
    Dateline,
    Boilerplate,
}

impl NotAClaim {
    fn describe(self) -> &'static str {
        match self {
            NotAClaim::Byline => "a byline, not a claim",
            NotAClaim::Dateline => "a dateline, not a claim",
            NotAClaim::Boilerplate => "publishing boilerplate, not a claim",
        }
    }

    fn recognise(sentence: &str) -> Option<NotAClaim> {
        if is_byline(sentence) {
            Some(NotAClaim::Byline)
        } else if is_dateline(sentence) {
            Some(NotAClaim::Dateline)
        } else if is_boilerplate(sentence) {
            Some(NotAClaim::Boilerplate)
        } else {
            None
        }
    }
}

/// "By Ruth Adeyemi", "By Jane Doe and John Roe, Reuters", "Reporting by Jane Doe; Editing by ...".
fn is_byline(sentence: &str) -> bool {
    let trimmed = sentence.trim_start_matches(['(', '[']);
    let rest = [
        "By ",
        "BY ",
        "Reporting by ",
        "Additional reporting by ",
        "Writing by ",
        "Editing by ",
    ]
    .iter()
    .find_map(|prefix| trimmed.strip_prefix(prefix));
    let Some(rest) = rest else { return false };
    let words: Vec<&str> = rest.split_whitespace().collect();
    // A name list: capitalised words, joined by "and" or commas; no sentence ends inside it.
    (1..=12).contains(&words.len())
        && !rest.trim_end().ends_with(['.', '?', '!'])
        && words.iter().all(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            word.is_empty()
                || matches!(
                    word,
                    "and" | "in" | "for" | "de" | "van" | "von" | "der" | "la" | "by" | "the"
                )
                || crate::tokens::is_capitalised(word)
        })
}

/// "WASHINGTON—", "LONDON (Reuters) -", "KYIV, Ukraine —": a sentence that is only a dateline,
/// as the sentence splitter cuts it off the sentence it opens.
fn is_dateline(sentence: &str) -> bool {
    crate::sentences::dateline_length(sentence).is_some_and(|length| sentence[length..].trim().is_empty())
}

/// Phrases of publishing furniture, written for Factmark.
const BOILERPLATE: &[&str] = &[
    "this is developing news",
    "this is a developing story",
    "will be updated",
    "this story has been updated",
    "this article has been updated",
    "check back for updates",
    "contributed to this report",
    "sign up for",
    "subscribe to",
    "click here",
    "all rights reserved",
    "read more:",
    "follow us on",
    "share this article",
];

/// Boilerplate is short; a longer sentence that happens to contain one phrase is news.
const BOILERPLATE_MAX: usize = 160;

fn is_boilerplate(sentence: &str) -> bool {
    if sentence.len() > BOILERPLATE_MAX {
        return false;
    }
    // Lower-casing ASCII letters only keeps the bytes valid UTF-8 and needs no allocation;
    // the phrases are ASCII.
    let mut buffer = [0u8; BOILERPLATE_MAX];
    let lower = &mut buffer[..sentence.len()];
    lower.copy_from_slice(sentence.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return false;
    };
    BOILERPLATE.iter().any(|phrase| lower.contains(phrase))
}

/// The items (ordered by position) that start inside `span`, found by binary search so that
/// a long article's reasons stay linear in its length.
fn starting_within<T>(items: &[T], span: Span, span_of: impl Fn(&T) -> Span) -> &[T] {
    let first = items.partition_point(|item| span_of(item).start < span.start);
    let end = items.partition_point(|item| span_of(item).start < span.end);
    // Out-of-order input gives nonsense bounds: fall back to nothing rather than panic.
    items.get(first..end).unwrap_or(&[])
}

/// The sentence and what the other detectors found in it, to word the reasons.
struct Context<'t> {
    sentence: &'t str,
    span: Span,
    entities: &'t [EntityMention],
    quotes: &'t [QuoteMention],
}

/// A contribution smaller than this (in log-odds) moves the score too little to mention.
const NOTABLE: f32 = 0.25;
/// At most this many reasons are shown, the strongest first.
const MAX_REASONS: usize = 4;

/// The reasons for a score: each notable cue contribution and the words' net contribution,
/// strongest first, those that lowered the score saying so. Built without intermediate
/// collections: every sentence of an article gets its reasons, so they must be cheap.
fn reasons(model: &Model, features: &Features, breakdown: &Breakdown, context: &Context) -> Vec<String> {
    let mut moved = [(0.0f32, Reason::Wording); CUE_COUNT + 1];
    let mut count = 0;
    for cue in Cue::ALL {
        let contribution = breakdown.cues[cue.index()];
        if contribution.abs() >= NOTABLE {
            moved[count] = (contribution, Reason::Cue(cue));
            count += 1;
        }
    }
    if breakdown.ngrams.abs() >= NOTABLE {
        moved[count] = (breakdown.ngrams, Reason::Wording);
        count += 1;
    }
    let moved = &mut moved[..count];
    moved.sort_unstable_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let mut reasons = Vec::with_capacity(count.min(MAX_REASONS));
    for &(contribution, reason) in moved.iter().take(MAX_REASONS) {
        let raises = contribution > 0.0;
        let mut words = String::with_capacity(64);
        match reason {
            Reason::Cue(cue) => describe_cue(cue, features, context, &mut words),
            Reason::Wording => describe_wording(model, features, context.sentence, raises, &mut words),
        }
        if !raises {
            words.push_str(" (lowers the score)");
        }
        reasons.push(words);
    }
    reasons
}

#[derive(Clone, Copy, Debug)]
enum Reason {
    Cue(Cue),
    Wording,
}

/// Writes "what: detail", or just "what" without a detail.
fn write_reason(out: &mut String, what: &str, detail: Option<&str>) {
    out.push_str(what);
    if let Some(detail) = detail {
        out.push_str(": ");
        out.push_str(detail);
    }
}

fn describe_cue(cue: Cue, features: &Features, context: &Context, out: &mut String) {
    let trigger = features.trigger(cue, context.sentence);
    match cue {
        Cue::NamedActor => describe_actors(trigger, context, out),
        Cue::Figure | Cue::Amount => {
            // The entity detector's whole figure ("$4.2 million") when it holds the word that
            // set the cue, else that word.
            let at = features.triggers[cue.index()].map(|(start, end)| {
                Span::new(
                    context.span.start + start as usize,
                    context.span.start + end as usize,
                )
            });
            let entity = at.and_then(|at| {
                context
                    .entities
                    .iter()
                    .find(|entity| entity.label.is_figure() && entity.span.contains(at))
            });
            let figure = entity
                .and_then(|entity| text_of(context, entity.span))
                .or(trigger);
            write_reason(out, cue.describe(), figure);
        }
        Cue::ReportedSpeech if quoted(context) => write_reason(out, "reported speech (a quote)", trigger),
        Cue::Short | Cue::Long | Cue::Question => out.push_str(cue.describe()),
        _ => write_reason(out, cue.describe(), trigger),
    }
}

/// Names the actors in the entity detector's words when it recognised them ("names a person:
/// Larry Fink"), else by the first capitalised word.
fn describe_actors(trigger: Option<&str>, context: &Context, out: &mut String) {
    let mut named = context
        .entities
        .iter()
        .filter(|entity| !entity.label.is_figure() && context.span.contains(entity.span));
    let Some(first) = named.next() else {
        return write_reason(out, Cue::NamedActor.describe(), trigger);
    };
    let second = named.next();
    let what = match first.label {
        _ if second.is_some() => Cue::NamedActor.describe(),
        Label::Person => "names a person",
        Label::Org => "names an organisation",
        Label::Gpe | Label::Loc | Label::Fac => "names a place",
        Label::Norp => "names a group",
        _ => Cue::NamedActor.describe(),
    };
    out.push_str(what);
    out.push_str(": ");
    let names = [Some(first), second, named.next()];
    for (index, entity) in names.into_iter().flatten().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(text_of(context, entity.span).unwrap_or(""));
    }
}

/// The text of `span`, which lies in the sentence.
fn text_of<'t>(context: &Context<'t>, span: Span) -> Option<&'t str> {
    let start = span.start.checked_sub(context.span.start)?;
    let end = span.end.checked_sub(context.span.start)?;
    context.sentence.get(start..end)
}

fn quoted(context: &Context) -> bool {
    context
        .quotes
        .iter()
        .any(|quote| quote.label == Label::Statement && context.span.overlaps(quote.span))
}

/// The words' net contribution, naming the two words of this sentence that pushed hardest in
/// that direction.
fn describe_wording(model: &Model, features: &Features, sentence: &str, raises: bool, out: &mut String) {
    let sign = if raises { 1.0 } else { -1.0 };
    let mut strongest: [Option<(f32, &str)>; 2] = [None, None];
    for &(hash, start, end) in &features.words {
        let pull = sign * model.ngram(hash);
        let Some(word) = sentence.get(start as usize..end as usize) else {
            continue;
        };
        if pull <= 0.0
            || strongest
                .iter()
                .flatten()
                .any(|(_, seen)| seen.eq_ignore_ascii_case(word))
        {
            continue;
        }
        if strongest[0].is_none_or(|(best, _)| pull > best) {
            strongest = [Some((pull, word)), strongest[0]];
        } else if strongest[1].is_none_or(|(second, _)| pull > second) {
            strongest[1] = Some((pull, word));
        }
    }
    out.push_str(if raises {
        "wording typical of checkable statements"
    } else {
        "wording typical of opinion or talk"
    });
    for (index, (_, word)) in strongest.iter().flatten().enumerate() {
        out.push_str(if index == 0 { ": “" } else { ", “" });
        out.push_str(word);
        out.push('”');
    }
}
