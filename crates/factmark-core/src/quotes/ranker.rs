//! The speaker ranker: the mentions around a statement (names, pronouns, descriptions such as
//! "a U.S. official", and the rules' own pick) are scored by a linear model, and the best one
//! is the speaker.
//!
//! The attribution rules read fixed shapes well but must choose between a pronoun and a name,
//! the mention next to the cue and the one a paragraph up, by hand-set order. A linear model
//! over a few hundred small features (side, distance, the words next to the mention, whether
//! it opens its sentence, whether the rules chose it and how) learns those preferences from
//! PolNeAR's attributions. Features are small integers indexing a dense table, so scoring
//! needs no hashing and no allocation beyond the candidate list.

use super::marks::Quoted;
use super::speakers::{ceil_boundary, floor_boundary};
use super::words::{
    adverb_in, is_capitalised, is_determiner, is_pronoun, lists, opener_in, push_lower, push_lower_str,
    token_iter, word_hash, Token, CUE, DETERMINER, PRONOUN, STOP,
};
use crate::entities::EntityMention;
use crate::model::Label;
use crate::span::Span;
use std::sync::OnceLock;

/// The ranker's weights shipped with Factmark, written by `cargo run --release -p
/// factmark-lab --bin quotes -- train`.
static EMBEDDED: &str = include_str!("../../data/speakers.weights");

/// Bumped whenever a feature changes meaning, so that weights trained on other features are
/// refused instead of silently misread.
pub const FEATURE_VERSION: u32 = 3;

/// How far before a quote mentions are looked for, in bytes (within this and the previous
/// paragraph).
const BEFORE_BYTES: usize = 250;
/// How far after a quote mentions are looked for, in bytes (within its paragraph).
const AFTER_BYTES: usize = 150;
/// The longest description taken ("a senior U.S. defense official"), in words.
const MAX_DESCRIPTION_WORDS: usize = 6;
/// The longest name taken, in words.
const MAX_NAME_WORDS: usize = 8;

/// Each template's values index a block of this many weights.
const BLOCK: usize = 256;

/// Feature templates, in the order of their blocks. Each value packs a few small fields with
/// the mention's type (`* 8 + type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Template {
    Type,
    SideRank,
    SideDistance,
    Location,
    Next,
    Previous,
    Subject,
    SameAsLast,
    Rule,
    RuleNone,
    Pronoun,
    Shape,
    Salience,
    RuleName,
    CueNear,
    Entity,
    Head,
    RuleWhere,
}

/// Names of the templates as the weights file writes them.
pub const TEMPLATES: &[&str] = &[
    "type",
    "side_rank",
    "side_distance",
    "location",
    "next",
    "previous",
    "subject",
    "same_as_last",
    "rule",
    "rule_none",
    "pronoun",
    "shape",
    "salience",
    "rule_name",
    "cue_near",
    "entity",
    "head",
    "rule_where",
];

/// The number of weights a ranker holds.
pub const WEIGHTS: usize = TEMPLATES.len() * BLOCK;

fn feature(template: Template, value: usize) -> u16 {
    (template as usize * BLOCK + value.min(BLOCK - 1)) as u16
}

/// How a rule came to its speaker, a feature of the rule's candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Provenance {
    None,
    /// An attribution in the quote's own sentence, before the quote.
    Before,
    /// An attribution right after the quote.
    After,
    /// A sentence ending just before the quote reports its speaker.
    SaidBefore,
    /// The speaker of the last attributed statement goes on.
    Inherited,
    /// A sentence before reports what someone said, however it goes on.
    Reported,
    /// Listed with the quote before.
    Listed,
    /// A part of a quote that runs over paragraphs, or a quote inside another.
    Shared,
    /// Before the quote, a subject without a speech verb.
    Subject,
}

/// Kinds of mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MentionType {
    Other,
    Name,
    Pronoun,
    Description,
    Relative,
}

/// One mention that may have said a quote, with its features.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub span: Span,
    /// Indices into the ranker's weights.
    pub features: Features,
}

/// The most features a candidate has: the 13 every mention has and 4 that some have.
const MAX_FEATURES: usize = 17;

/// A candidate's features, held inline: a quote has a dozen candidates or more, and a vector
/// each cost the ranker as much time in the allocator as in scoring.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Features {
    values: [u16; MAX_FEATURES],
    len: u8,
}

impl Features {
    fn new(first: &[u16]) -> Features {
        let mut features = Features {
            values: [0; MAX_FEATURES],
            len: 0,
        };
        for &feature in first {
            features.push(feature);
        }
        features
    }

    fn push(&mut self, feature: u16) {
        self.values[usize::from(self.len)] = feature;
        self.len += 1;
    }

    pub fn as_slice(&self) -> &[u16] {
        &self.values[..usize::from(self.len)]
    }
}

impl std::ops::Deref for Features {
    type Target = [u16];

    fn deref(&self) -> &[u16] {
        self.as_slice()
    }
}

impl std::fmt::Debug for Features {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// Why a weights file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeightsError {
    NoHeader,
    WrongVersion { found: String },
    BadLine(usize),
}

impl std::fmt::Display for WeightsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightsError::NoHeader => {
                write!(f, "the speaker weights lack their `features {FEATURE_VERSION}` line")
            }
            WeightsError::WrongVersion { found } => write!(
                f,
                "the speaker weights were trained on other features ({found}, expected {FEATURE_VERSION}): retrain them"
            ),
            WeightsError::BadLine(line) => write!(f, "line {line} of the speaker weights is not `template value weight`"),
        }
    }
}

impl std::error::Error for WeightsError {}

/// Powers of ten exact in an `f32` (5^10 is below 2^24).
const POWERS_OF_TEN: [f32; 11] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// A weight as [`Ranker::write`] prints it (`-0.179`, `1.5`, `2`), read to the very `f32`
/// `str::parse` gives, without linking core's float parser into the worker wasm (it cost
/// 17 KB gzip there): the digits make a whole number below 2^24 and the decimals a power of ten
/// up to 10^10, both exact in an `f32`, so their one division is correctly rounded, as the
/// parser is. `None` for any other text (an exponent, more digits).
fn decimal(text: &str) -> Option<f32> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut number: u32 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        if !byte.is_ascii_digit() {
            return None;
        }
        number = number.checked_mul(10)?.checked_add(u32::from(byte - b'0'))?;
    }
    if number >= 1 << 24 {
        return None;
    }
    let value = number as f32 / POWERS_OF_TEN.get(fraction.len())?;
    Some(if negative { -value } else { value })
}

/// A linear scorer over [`Candidate`] features.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranker {
    weights: Vec<f32>,
}

impl Ranker {
    /// A ranker with the given weights (`WEIGHTS` of them; missing ones count as zero).
    pub fn new(mut weights: Vec<f32>) -> Self {
        weights.resize(WEIGHTS, 0.0);
        Ranker { weights }
    }

    /// The ranker shipped with Factmark.
    pub fn embedded() -> &'static Ranker {
        static RANKER: OnceLock<Ranker> = OnceLock::new();
        // Display, not Debug: a Debug of the error linked core's string escaping and its tables.
        RANKER.get_or_init(|| {
            Ranker::read(EMBEDDED)
                .unwrap_or_else(|error| panic!("the embedded speaker weights are invalid: {error}"))
        })
    }

    /// Reads weights: `#` header lines, a `features N` line, then `template value weight` lines
    /// for the weights that are not zero.
    pub fn read(file: &str) -> Result<Ranker, WeightsError> {
        let mut weights = vec![0.0; WEIGHTS];
        let mut lines = file
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
        let (_, version) = lines.next().ok_or(WeightsError::NoHeader)?;
        let version = version.strip_prefix("features ").ok_or(WeightsError::NoHeader)?;
        if version.trim() != FEATURE_VERSION.to_string() {
            return Err(WeightsError::WrongVersion {
                found: version.to_owned(),
            });
        }
        for (number, line) in lines {
            let bad = || WeightsError::BadLine(number + 1);
            let mut fields = line.split_whitespace();
            let template = fields.next().ok_or_else(bad)?;
            let template = TEMPLATES.iter().position(|t| *t == template).ok_or_else(bad)?;
            let value: usize = fields.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
            let weight: f32 = fields.next().and_then(decimal).ok_or_else(bad)?;
            if value >= BLOCK {
                return Err(bad());
            }
            weights[template * BLOCK + value] = weight;
        }
        Ok(Ranker { weights })
    }

    /// The weights in the file format [`Ranker::read`] reads, after `header` (lines that each
    /// start with `#`). Weights are rounded to three decimals.
    pub fn write(&self, header: &str) -> String {
        let mut out = format!("{header}features {FEATURE_VERSION}\n");
        for (index, weight) in self.weights.iter().enumerate() {
            let rounded = (weight * 1000.0).round() / 1000.0;
            if rounded != 0.0 {
                let (template, value) = (TEMPLATES[index / BLOCK], index % BLOCK);
                out.push_str(&format!("{template} {value} {rounded}\n"));
            }
        }
        out
    }

    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    pub fn score(&self, candidate: &Candidate) -> f32 {
        candidate.features.iter().map(|&f| self.weights[f as usize]).sum()
    }

    /// The best candidate; the first of equals, so the nearest mention wins a tie.
    pub fn choose(&self, candidates: &[Candidate]) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (index, candidate) in candidates.iter().enumerate() {
            let score = self.score(candidate);
            if best.is_none_or(|(_, top)| score > top) {
                best = Some((index, score));
            }
        }
        best.map(|(index, _)| index)
    }
}

/// What is looked up once per token of a window.
#[derive(Clone, Copy, Default)]
struct Flags {
    /// A speech verb in lower case.
    cue: bool,
    adverb: bool,
    capitalised: bool,
    /// The word lists that hold the word (`words::lists`).
    lists: u8,
    /// The word lower-cased: its range in `Window::lowered` (empty for punctuation).
    word: (u32, u32),
    /// Word tokens and sentence ends before this token in the window.
    words_before: u32,
    ends_before: u32,
    /// The first token of this token's sentence in the window.
    sentence_start: u32,
}

/// The tokens on one side of a quote, with what the features read of them worked out once per
/// token: each mention reads the same few words, so looking them up per mention (and
/// lower-casing them into a new `String` each time) cost more than scoring.
struct Window {
    tokens: Vec<Token>,
    flags: Vec<Flags>,
    /// The words lower-cased, one after another.
    lowered: String,
    /// Word tokens and sentence ends in the whole window.
    words: u32,
    ends: u32,
}

impl Window {
    fn new() -> Window {
        Window {
            tokens: Vec::new(),
            flags: Vec::new(),
            lowered: String::new(),
            words: 0,
            ends: 0,
        }
    }

    /// Refills the window with the tokens of `span` that `keep` keeps, reusing its buffers
    /// (every quote fills two windows).
    fn fill(&mut self, text: &str, span: Span, keep: impl Fn(&Token) -> bool) {
        self.tokens.clear();
        self.flags.clear();
        self.lowered.clear();
        self.tokens.extend(token_iter(text, span).filter(|t| keep(t)));
        let (mut words, mut ends, mut sentence) = (0, 0, 0);
        for (index, t) in self.tokens.iter().enumerate() {
            let mut f = Flags {
                words_before: words,
                ends_before: ends,
                sentence_start: sentence,
                ..Flags::default()
            };
            if t.is_word() {
                words += 1;
                let from = self.lowered.len();
                push_lower(text, t, &mut self.lowered);
                let word = &self.lowered[from..];
                let lists = lists(word);
                let capitalised = is_capitalised(text, t);
                f.cue = !capitalised && lists & CUE != 0;
                f.adverb = adverb_in(word, lists, capitalised);
                f.capitalised = capitalised;
                f.lists = lists;
                f.word = (from as u32, self.lowered.len() as u32);
            } else if t.ends_sentence() {
                ends += 1;
                sentence = index as u32 + 1;
            }
            self.flags.push(f);
        }
        self.words = words;
        self.ends = ends;
    }

    /// Token `index` lower-cased (empty for punctuation).
    fn word(&self, index: usize) -> &str {
        let (from, to) = self.flags[index].word;
        &self.lowered[from as usize..to as usize]
    }

    /// Word tokens among `tokens[from..to]`.
    fn words_between(&self, from: usize, to: usize) -> usize {
        let before = |i: usize| self.flags.get(i).map_or(self.words, |f| f.words_before);
        (before(to) - before(from)) as usize
    }

    /// Whether a sentence ends among `tokens[from..to]`.
    fn ends_between(&self, from: usize, to: usize) -> bool {
        let before = |i: usize| self.flags.get(i).map_or(self.ends, |f| f.ends_before);
        before(to) > before(from)
    }
}

/// A mention in the window around a quote.
#[derive(Clone, Copy, Debug)]
struct Mention {
    span: Span,
    kind: MentionType,
    /// Token range in the window.
    first: usize,
    last: usize,
    rule: bool,
}

/// What the candidates of one quote are read against.
pub(super) struct Setting<'a> {
    pub quoted: &'a Quoted,
    pub found: &'a [Quoted],
    /// The rules' speaker and how they found it.
    pub rule: Option<Span>,
    pub provenance: Provenance,
    /// The last word of the previous statement's speaker, lower-cased.
    pub last_speaker: Option<&'a str>,
    /// The entity mentions of the text, by position.
    pub entities: &'a [EntityMention],
}

/// The buffers one quote's candidates are worked out in, kept from quote to quote.
pub(super) struct Scratch {
    before: Window,
    after: Window,
    before_mentions: Vec<Mention>,
    after_mentions: Vec<Mention>,
    /// The mentions' last words, one after another.
    last_words: String,
    words: Vec<LastWord>,
    /// The other quotes over the windows.
    inside: Vec<Span>,
}

/// A mention's last word in `Scratch::last_words`.
struct LastWord {
    from: usize,
    to: usize,
    hash: u64,
    /// How many mentions of the quote end with the same word.
    salience: usize,
}

impl Scratch {
    pub(super) fn new() -> Scratch {
        Scratch {
            before: Window::new(),
            after: Window::new(),
            before_mentions: Vec::new(),
            after_mentions: Vec::new(),
            last_words: String::new(),
            words: Vec::new(),
            inside: Vec::new(),
        }
    }
}

/// The candidates for the speaker of one statement, with their features.
pub(super) fn candidates(text: &str, setting: &Setting, scratch: &mut Scratch) -> Vec<Candidate> {
    let quoted = setting.quoted;
    let paragraph_start = quoted.paragraph.start;
    let previous_paragraph = text[..paragraph_start]
        .trim_end()
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let start = floor_boundary(
        text,
        previous_paragraph.max(quoted.span.start.saturating_sub(BEFORE_BYTES)),
    );
    let end =
        ceil_boundary(text, quoted.paragraph.end.min(quoted.span.end + AFTER_BYTES)).max(quoted.span.end);
    let Scratch {
        before,
        after,
        before_mentions,
        after_mentions,
        last_words,
        words,
        inside,
    } = scratch;
    covering_quotes(setting.found, Span::new(start, end), inside);
    let keep = |t: &Token| !inside.iter().any(|q| q.contains(t.span));
    before.fill(text, Span::new(start, quoted.span.start), keep);
    after.fill(text, Span::new(quoted.span.end, end), keep);
    let (before, after) = (&*before, &*after);
    mentions(text, before, before_mentions);
    mentions(text, after, after_mentions);
    // The rules' pick stands for the mentions it overlaps.
    let mut far_rule = None;
    if let Some(rule) = setting.rule {
        let merged = [&mut *before_mentions, &mut *after_mentions]
            .into_iter()
            .any(|list| merge_rule(list, rule));
        if !merged {
            let in_window = |window: &Window| {
                let first = window.tokens.iter().position(|t| t.span.overlaps(rule))?;
                let last = window.tokens.iter().rposition(|t| t.span.overlaps(rule))?;
                Some((first, last))
            };
            let mention = |(first, last), list: &mut Vec<Mention>| {
                list.push(Mention {
                    span: rule,
                    kind: mention_type(text, rule),
                    first,
                    last,
                    rule: true,
                });
                list.sort_by_key(|m| m.span.start);
            };
            if let Some(range) = in_window(before) {
                mention(range, before_mentions);
            } else if let Some(range) = in_window(after) {
                mention(range, after_mentions);
            } else {
                far_rule = Some(rule);
            }
        }
    }

    let shape = {
        let opens = marks_trimmed_start(text, quoted) == quoted.span.start;
        let inside = quoted
            .span
            .slice(text)
            .trim_end_matches(['”', '"', '\'', '’'])
            .trim_end();
        let open_ending = inside.ends_with([',', '?', '!', '—', '–', '-', '…']);
        usize::from(opens) * 2 + usize::from(open_ending)
    };
    let rule_last = setting.rule.map(|r| last_word(text, r));
    let rule_none = setting.rule.is_none();
    // The entities near the quote, so that each mention searches a few rather than the text's.
    let near_entities = {
        let (from, to) = setting
            .rule
            .map_or((start, end), |r| (start.min(r.start), end.max(r.end)));
        let first = setting.entities.partition_point(|e| e.span.end <= from);
        let last = setting.entities.partition_point(|e| e.span.start < to).max(first);
        &setting.entities[first..last]
    };

    let mut out = Vec::with_capacity(before_mentions.len() + after_mentions.len() + 1);
    // The mentions' last words, and how often each is some mention's last word: the words'
    // hashes are compared first, as every pair is.
    last_words.clear();
    words.clear();
    for m in before_mentions.iter().chain(after_mentions.iter()) {
        let from = last_words.len();
        push_last_word(text, m.span, last_words);
        let hash = word_hash(&last_words[from..]);
        words.push(LastWord {
            from,
            to: last_words.len(),
            hash,
            salience: 0,
        });
    }
    for i in 0..words.len() {
        let word = &last_words[words[i].from..words[i].to];
        words[i].salience = words
            .iter()
            .filter(|other| other.hash == words[i].hash && &last_words[other.from..other.to] == word)
            .count();
    }
    let last_word_of = |index: usize| &last_words[words[index].from..words[index].to];

    for (side, list, window) in [(0usize, &*before_mentions, before), (1, &*after_mentions, after)] {
        let tokens = &window.tokens;
        let flags = &window.flags;
        let count = list.len();
        // The furthest first token and start of the mentions before each one.
        let (mut furthest_first, mut furthest_start) = (None, None);
        for (index, m) in list.iter().enumerate() {
            let earlier = (furthest_first, furthest_start);
            furthest_first = furthest_first.max(Some(m.first));
            furthest_start = furthest_start.max(Some(m.span.start));
            let rank = if side == 0 { count - 1 - index } else { index };
            let kind = m.kind as usize;
            // Words and sentence ends between the mention and the quote.
            let between = if side == 0 {
                (m.last + 1, tokens.len())
            } else {
                (0, m.first)
            };
            let distance = window.words_between(between.0, between.1);
            let sentence_ends = window.ends_between(between.0, between.1);
            let location = if m.span.start < paragraph_start {
                2
            } else if sentence_ends {
                1
            } else {
                0
            };
            let next = token_class(text, window, m.last + 1, m.span);
            let previous = previous_class(window, m.first);
            let sentence_start = window.flags[m.first].sentence_start as usize;
            let subject = earlier.0.is_none_or(|first| first < sentence_start)
                && window.words_between(sentence_start, m.first) <= 4;
            let heads =
                m.span.start >= paragraph_start && earlier.1.is_none_or(|start| start < paragraph_start);
            let which = side * before_mentions.len() + index;
            let word = last_word_of(which);
            let same_as_last = setting.last_speaker.is_some_and(|w| w == word);
            let cue_near = tokens[m.last + 1..]
                .iter()
                .zip(&flags[m.last + 1..])
                .take(4)
                .take_while(|(t, _)| !t.ends_sentence())
                .position(|(_, f)| f.cue)
                .map_or(0, |p| 1 + p.min(2));
            let mut features = Features::new(&[
                feature(Template::Type, kind),
                feature(Template::SideRank, (side * 8 + rank.min(7)) * 8 + kind),
                feature(
                    Template::SideDistance,
                    (side * 10 + distance_bucket(distance)) * 8 + kind,
                ),
                feature(Template::Location, (side * 4 + location) * 8 + kind),
                feature(Template::Next, (side * 10 + next) * 8 + kind),
                feature(
                    Template::Entity,
                    (side * 4 + entity_class(near_entities, m.span)) * 8 + kind,
                ),
                feature(Template::Head, head_class(word) * 8 + kind),
                feature(Template::Previous, (side * 8 + previous) * 8 + kind),
                feature(
                    Template::Subject,
                    (((usize::from(subject) * 2 + usize::from(heads)) * 2 + side) * 4 + location) * 8 + kind,
                ),
                // Where this mention lies, given how the rules found theirs.
                feature(
                    Template::RuleWhere,
                    (setting.provenance as usize * 2 + usize::from(m.rule)) * 8 + side * 4 + location,
                ),
                feature(Template::Shape, (shape * 2 + side) * 8 + kind),
                feature(Template::Salience, words[which].salience.min(4) * 8 + kind),
                feature(Template::CueNear, (side * 4 + cue_near) * 8 + kind),
            ]);
            if same_as_last {
                features.push(feature(Template::SameAsLast, (location * 2 + side) * 8 + kind));
            }
            if m.rule {
                features.push(feature(Template::Rule, setting.provenance as usize * 8 + kind));
            } else if rule_last.as_deref() == Some(word) {
                features.push(feature(Template::RuleName, (side * 4 + location) * 8 + kind));
            }
            if rule_none {
                features.push(feature(Template::RuleNone, (side * 8 + rank.min(7)) * 8 + kind));
            }
            if m.kind == MentionType::Pronoun {
                let lexeme = ["he", "she", "they", "i", "we", "it", "you"]
                    .iter()
                    .position(|p| *p == word)
                    .unwrap_or(7);
                features.push(feature(Template::Pronoun, lexeme * 2 + side));
            }
            out.push(Candidate {
                span: m.span,
                features,
            });
        }
    }
    if let Some(span) = far_rule {
        let kind = mention_type(text, span) as usize;
        let mut features = Features::new(&[
            feature(Template::Type, kind),
            feature(Template::Location, 3 * 8 + kind),
            feature(
                Template::Entity,
                (8 + entity_class(setting.entities, span)) * 8 + kind,
            ),
            feature(Template::Rule, setting.provenance as usize * 8 + kind),
            feature(Template::Shape, (shape * 2) * 8 + kind),
        ]);
        if setting.last_speaker.is_some_and(|w| w == last_word(text, span)) {
            features.push(feature(Template::SameAsLast, 6 * 8 + kind));
        }
        out.push(Candidate { span, features });
    }
    out
}

/// The quotes other than the one ranked whose words lie in `window`: mentions inside them are
/// someone's words, not the speaker.
fn covering_quotes(found: &[Quoted], window: Span, out: &mut Vec<Span>) {
    out.clear();
    let after = found.partition_point(|q| q.span.start < window.end);
    out.extend(
        found[..after]
            .iter()
            .rev()
            .take(32)
            .filter(|q| q.span.overlaps(window))
            .map(|q| q.span),
    );
}

fn merge_rule(list: &mut Vec<Mention>, rule: Span) -> bool {
    let Some(first) = list.iter().position(|m| m.span.overlaps(rule)) else {
        return false;
    };
    let last = list.iter().rposition(|m| m.span.overlaps(rule)).unwrap_or(first);
    let merged = Mention {
        span: rule,
        kind: list[first].kind,
        first: list[first].first,
        last: list[last].last,
        rule: true,
    };
    list.drain(first..=last);
    list.insert(first, merged);
    true
}

fn mention_type(text: &str, span: Span) -> MentionType {
    let written = span.slice(text);
    let first = written
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if written.split_whitespace().count() == 1 && is_pronoun(&first) {
        MentionType::Pronoun
    } else if matches!(first.as_str(), "who" | "which" | "that") {
        MentionType::Relative
    } else if is_determiner(&first) {
        MentionType::Description
    } else if written.starts_with(char::is_uppercase) {
        MentionType::Name
    } else {
        MentionType::Other
    }
}

/// The mentions among `tokens`: pronouns, "who" after a comma, descriptions opening with a
/// determiner, and runs of capitalised words.
fn mentions(text: &str, window: &Window, out: &mut Vec<Mention>) {
    out.clear();
    let (tokens, flags) = (&window.tokens, &window.flags);
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if !token.is_word() {
            i += 1;
            continue;
        }
        let word = window.word(i);
        let Flags {
            lists, capitalised, ..
        } = flags[i];
        let mention = |first: usize, last: usize, kind| Mention {
            span: Span::new(tokens[first].span.start, tokens[last].span.end),
            kind,
            first,
            last,
            rule: false,
        };
        let pronoun = lists & PRONOUN != 0
            && word != "it"
            && word != "you"
            && (word != "i" || token.span.slice(text) == "I");
        if pronoun {
            out.push(mention(i, i, MentionType::Pronoun));
            i += 1;
            continue;
        }
        if word == "who" && i > 0 && tokens[i - 1].is_punct(",") {
            out.push(mention(i, i, MentionType::Relative));
            i += 1;
            continue;
        }
        if lists & DETERMINER != 0 {
            let mut last = i;
            while last + 1 < tokens.len() && last - i < MAX_DESCRIPTION_WORDS {
                let next = &flags[last + 1];
                if !tokens[last + 1].is_word() || (next.lists & STOP != 0 && !next.capitalised) || next.cue {
                    break;
                }
                last += 1;
            }
            let alone = matches!(word, "one" | "another" | "some" | "many" | "several" | "both");
            if last > i || alone {
                out.push(mention(i, last, MentionType::Description));
            }
            i = last + 1;
            continue;
        }
        if capitalised && !opener_in(&word, lists) && lists & (STOP | CUE) == 0 {
            let shouted = token.span.len() > 2 && !token.span.slice(text).chars().any(char::is_lowercase);
            let mut last = i;
            while last + 1 < tokens.len() && last - i + 1 < MAX_NAME_WORDS && flags[last + 1].capitalised {
                last += 1;
            }
            if !shouted {
                out.push(mention(i, last, MentionType::Name));
            }
            i = last + 1;
            continue;
        }
        i += 1;
    }
}

/// The kind of entity a mention overlaps: 0 none, 1 a person, 2 an organisation, 3 another.
fn entity_class(entities: &[EntityMention], span: Span) -> usize {
    let from = entities.partition_point(|e| e.span.end <= span.start);
    let overlapping = entities[from..].iter().take_while(|e| e.span.start < span.end);
    overlapping
        .map(|e| match e.label {
            Label::Person => 1,
            Label::Org => 2,
            _ => 3,
        })
        .min()
        .unwrap_or(0)
}

/// The kind of word a mention ends with: 1 a person's role ("official"), 2 a document or
/// outlet ("report"), 3 a group of people ("voters"), 0 anything else.
fn head_class(word: &str) -> usize {
    // Written for this module: common heads of speaker descriptions in news copy. A `match`
    // rather than lists searched in turn: every mention asks.
    match word {
        // People by their role.
        "official" | "spokesman" | "spokeswoman" | "spokesperson" | "aide" | "adviser" | "advisor"
        | "senator" | "president" | "governor" | "candidate" | "director" | "chairman" | "secretary"
        | "source" | "lawmaker" | "leader" | "manager" | "strategist" | "analyst" | "professor"
        | "expert" | "author" | "attorney" | "lawyer" | "judge" | "member" | "representative" | "woman"
        | "man" | "mayor" | "nominee" | "chief" | "executive" | "founder" | "minister" | "ambassador"
        | "officer" | "activist" | "voter" | "supporter" | "critic" | "reporter" | "writer" | "host"
        | "pollster" | "economist" => 1,
        // Documents and outlets.
        "report" | "statement" | "poll" | "survey" | "study" | "letter" | "memo" | "email" | "website"
        | "ad" | "release" | "article" | "book" | "memoir" | "platform" | "tweet" | "post" | "video"
        | "complaint" | "lawsuit" | "ruling" | "order" | "campaign" | "committee" | "newspaper"
        | "network" | "bill" | "documents" | "document" | "editorial" | "blog" | "analysis" | "column"
        | "filing" => 2,
        // Groups of people.
        "officials" | "voters" | "critics" | "supporters" | "aides" | "sources" | "advisers"
        | "lawmakers" | "democrats" | "republicans" | "protesters" | "leaders" | "analysts" | "experts"
        | "people" | "residents" | "members" | "observers" | "activists" | "organizers" => 3,
        _ => 0,
    }
}

/// What follows a mention: 0 a speech verb (past adverbs), 1 a comma, 2 a colon, 3 a quotation
/// mark, 4 a possessive, 5 a sentence end, 6 another word, 7 nothing, 8 an apposition and then
/// a speech verb ("Doe, a former aide, said").
fn token_class(text: &str, window: &Window, index: usize, span: Span) -> usize {
    let (flags, window) = (&window.flags, &window.tokens);
    let written = span.slice(text);
    if written.ends_with("’s") || written.ends_with("'s") {
        return 4;
    }
    let mut index = index;
    while flags.get(index).is_some_and(|f| f.adverb) {
        index += 1;
    }
    match window.get(index) {
        None => 7,
        Some(_) if flags[index].cue => 0,
        Some(t) if t.is_punct(",") => {
            let rest = &window[index + 1..];
            let end = rest
                .iter()
                .position(Token::ends_sentence)
                .unwrap_or(rest.len())
                .min(24);
            let apposed = (1..end).any(|i| rest[i - 1].is_punct(",") && flags[index + 1 + i].cue);
            if apposed {
                8
            } else {
                1
            }
        }
        Some(t) if t.is_punct(":") => 2,
        Some(t) if t.is_quote_mark() => 3,
        Some(t) if t.ends_sentence() => 5,
        Some(_) => 6,
    }
}

/// What comes before a mention: 0 a speech verb, 1 "according to", 2 a comma, 3 a colon or
/// quotation mark, 4 a sentence end or nothing, 5 a preposition, 6 another word.
fn previous_class(window: &Window, first: usize) -> usize {
    let Some(before) = first.checked_sub(1).map(|i| &window.tokens[i]) else {
        return 4;
    };
    let word = window.word(first - 1);
    if word == "to" && first >= 2 && window.word(first - 2) == "according" {
        return 1;
    }
    if window.flags[first - 1].cue {
        0
    } else if before.is_punct(",") {
        2
    } else if before.is_punct(":") || before.is_quote_mark() {
        3
    } else if before.ends_sentence() {
        4
    } else if matches!(word, "by" | "from" | "of" | "in" | "to" | "with" | "for" | "at") {
        5
    } else {
        6
    }
}

fn distance_bucket(words: usize) -> usize {
    match words {
        0..=3 => words,
        4..=5 => 4,
        6..=8 => 5,
        9..=12 => 6,
        13..=20 => 7,
        21..=40 => 8,
        _ => 9,
    }
}

/// The mention's last word, lower-cased, without a possessive ("Trump’s" → "trump").
pub(super) fn last_word(text: &str, span: Span) -> String {
    let mut word = String::new();
    push_last_word(text, span, &mut word);
    word
}

/// [`last_word`] appended to `out`.
fn push_last_word(text: &str, span: Span, out: &mut String) {
    let word = span
        .slice(text)
        .split_whitespace()
        .next_back()
        .unwrap_or_default();
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    push_lower_str(word, out);
}

fn marks_trimmed_start(text: &str, quoted: &Quoted) -> usize {
    super::marks::trimmed(text, quoted.paragraph).start
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_reads_what_str_parse_reads() {
        let mut texts: Vec<String> = (-30_000..=30_000)
            .map(|n| format!("{}", n as f32 / 1000.0))
            .collect();
        // Every weight shipped (the sweep above is what the writer prints for thousandths).
        let shipped = super::EMBEDDED.lines().filter(|l| !l.starts_with('#'));
        texts.extend(
            shipped
                .filter_map(|line| line.split_whitespace().nth(2))
                .map(String::from),
        );
        texts.extend(
            [
                "0",
                "-0",
                "2",
                "+1.5",
                "1.",
                ".5",
                "16777215",
                "0.0000001",
                "-9.87654",
            ]
            .map(String::from),
        );
        for text in &texts {
            let parsed: f32 = text.parse().expect("a number");
            let read = decimal(text).expect("read");
            assert_eq!(read.to_bits(), parsed.to_bits(), "{text}");
        }
        for text in [
            "",
            "-",
            ".",
            "1e3",
            "x",
            "1.2.3",
            "16777216",
            "0.00000000001",
            "--1",
        ] {
            assert_eq!(decimal(text), None, "{text}");
        }
    }
}
