//! Words and punctuation around a quotation, and the small closed word lists that attribution
//! reads (speech verbs, determiners, pronouns). Only short windows next to a quote are ever
//! tokenized, so this is plain code rather than a full tokenizer.

use crate::span::Span;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub span: Span,
    pub kind: Kind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, chars: &str) -> bool {
        // `chars` is a handful of marks: comparing each costs less than a substring search.
        matches!(self.kind, Kind::Punct(c) if chars.chars().any(|m| m == c))
    }

    /// Ends a sentence: full stop, question or exclamation mark (abbreviations keep their
    /// full stop inside the word, so "U.S." does not end one).
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Kind::Punct('.' | '!' | '?' | ';'))
    }

    pub fn is_quote_mark(&self) -> bool {
        matches!(
            self.kind,
            Kind::Punct('"' | '“' | '”' | '‘' | '’' | '„' | '«' | '»' | '\'')
        )
    }
}

/// The tokens of `window` (which must lie on char boundaries of `text`).
pub(super) fn tokens(text: &str, window: Span) -> Vec<Token> {
    // About one token per five bytes of news text: room enough that the vector rarely grows.
    let mut out = Vec::with_capacity(window.len() / 4 + 1);
    out.extend(token_iter(text, window));
    out
}

/// The tokens of `window` one at a time, for readers that stop early.
pub(super) fn token_iter(text: &str, window: Span) -> impl Iterator<Item = Token> + '_ {
    let slice = window.slice(text);
    // Byte offset in `slice` of the next char to read. Chars are decoded by hand with a
    // shortcut for ASCII: every quote's window is tokenized, so this loop is the quote pass's
    // hottest.
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let c = char_at(slice, at)?;
        let offset = at;
        at += c.len_utf8();
        let start = window.start + offset;
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            return Some(Token {
                span: Span::new(start, start + c.len_utf8()),
                kind: Kind::Punct(c),
            });
        }
        loop {
            // ASCII letters and digits, most of a word, without decoding them.
            while slice.as_bytes().get(at).is_some_and(u8::is_ascii_alphanumeric) {
                at += 1;
            }
            let Some(next) = char_at(slice, at) else {
                break;
            };
            if next.is_alphanumeric() {
                at += next.len_utf8();
                continue;
            }
            // Joiners stay inside a word when a letter follows: U.S, D-N.C, What’s, AT&T.
            let joins = matches!(next, '.' | '\'' | '’' | '-' | '&')
                && char_at(slice, at + next.len_utf8()).is_some_and(char::is_alphanumeric);
            if !joins {
                break;
            }
            at += next.len_utf8();
        }
        // A full stop after an abbreviation belongs to it, so it does not end a sentence.
        // So does one followed by a bracket or comma ("(D-Wis.)").
        let mut end = window.start + at;
        let rest = &slice[at..];
        let inner_stop = rest.starts_with(".)") || rest.starts_with(".,");
        if rest.starts_with('.') && (inner_stop || is_abbreviation(&text[start..end])) {
            at += 1;
            end += 1;
        }
        return Some(Token {
            span: Span::new(start, end),
            kind: Kind::Word,
        });
    })
}

/// The char at byte `at` of `text` (a char boundary), if any.
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

fn is_abbreviation(word: &str) -> bool {
    let single_capital = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    single_capital
        || word.contains('.')
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Del"
                | "Cpl"
                | "Pvt"
                | "Det"
                | "Insp"
                | "Msgr"
                | "Fr"
                | "Gens"
                | "Ms"
                | "Dr"
                | "Rep"
                | "Reps"
                | "Sen"
                | "Sens"
                | "Gov"
                | "Lt"
                | "Gen"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Maj"
                | "Adm"
                | "Cmdr"
                | "Jr"
                | "Sr"
                | "St"
                | "Prof"
                | "Rev"
                | "Atty"
                | "Supt"
                | "Pres"
                | "Sec"
                | "Amb"
                | "Hon"
                | "Mt"
                | "Ft"
                | "No"
                | "vs"
                | "Inc"
                | "Corp"
                | "Co"
                | "Ltd"
                | "Jan"
                | "Feb"
                | "Aug"
                | "Sept"
                | "Sep"
                | "Oct"
                | "Nov"
                | "Dec"
                | "Ariz"
                | "Calif"
                | "Colo"
                | "Conn"
                | "Fla"
                | "Ga"
                | "Ill"
                | "Ind"
                | "Kan"
                | "Ky"
                | "La"
                | "Md"
                | "Mass"
                | "Mich"
                | "Minn"
                | "Miss"
                | "Mo"
                | "Mont"
                | "Neb"
                | "Nev"
                | "Okla"
                | "Ore"
                | "Pa"
                | "Tenn"
                | "Tex"
                | "Va"
                | "Vt"
                | "Wash"
                | "Wis"
                | "Wyo"
                | "Ala"
                | "Ark"
        )
}

/// Lower-cased word, for the list look-ups below.
/// Borrowed when the word is lower case already, as most words are: the quote pass runs on
/// every quotation of an article and should not allocate per word.
pub(super) fn lower<'a>(text: &'a str, token: &Token) -> Cow<'a, str> {
    let word = token.span.slice(text);
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `f` of the word lower-cased, as [`lower`] gives it, without a `String` for a capitalised
/// ASCII word: the rules ask many list questions of capitalised words (names, sentence
/// openers), and each lower-cased copy cost an allocation.
pub(super) fn with_lower<R>(text: &str, token: &Token, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 32];
    match crate::tokens::ascii_lower(token.span.slice(text), &mut buffer) {
        Some(lowered) => f(lowered),
        None => f(&lower(text, token)),
    }
}

/// [`lower`] appended to `out`, so that a caller lower-casing many words fills one buffer
/// rather than allocating a `String` per capitalised word.
pub(super) fn push_lower(text: &str, token: &Token, out: &mut String) {
    push_lower_str(token.span.slice(text), out);
}

/// `word.to_lowercase()` appended to `out`; ASCII, as most words are, without a `String` of its
/// own.
pub(super) fn push_lower_str(word: &str, out: &mut String) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

pub(super) fn is_capitalised(text: &str, token: &Token) -> bool {
    token.is_word() && crate::tokens::is_capitalised(token.span.slice(text))
}

// The word lists below are written for this module (closed-class English words and common
// speech verbs); they come from no data set.

/// Verbs that introduce what someone said, in the forms news copy uses.
#[rustfmt::skip]
const CUES: &[&str] = &[
    "encouraged", "urging", "vowing", "chants", "chant", "proclaimed", "promises", "pledges",
    "chanting", "likened", "compared", "cited", "citing", "promising", "dismissed", "hailed", "exhorted",
    "condemned", "referenced", "blamed", "touted", "decried", "defended", "quoted", "quoting", "claim",
    "statement", "remarks", "words", "phrase", "message", "slogan", "typed", "shouting", "yelling",
    "singing", "pleaded", "begged", "questioned", "challenged", "thundered", "scoffed", "summed",
    "conceding", "yells", "shouts", "screams", "cries", "referring", "referred", "refers", "describing",
    "charged", "beamed", "went", "yelling", "groused", "gushed", "fumed", "raged", "griped", "cried",
    "explaining", "cheered", "boomed", "ranted", "snarled", "sniped", "retorts", "reiterated",
    "concludes", "concluded", "answers", "answered", "points", "quips", "jokes", "observes", "predicts",
    "agrees", "believes", "thinks", "thought", "believed", "recounted", "recounts", "echoed", "echoes",
    "summarized", "acknowledges", "explains", "argues", "warns", "insists", "admits", "recalls",
    "said", "asking", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding",
    "wrote", "writes", "tweeted", "tweets", "asked", "asks", "continued", "continues", "explained",
    "explains", "noted", "notes", "argued", "argues", "insisted", "insists", "declared", "declares",
    "stated", "states", "claimed", "claims", "replied", "replies", "responded", "responds", "recalled",
    "recalls", "warned", "warns", "acknowledged", "acknowledges", "admitted", "admits", "announced",
    "announces", "contended", "countered", "counters", "posted", "quipped", "joked", "shouted",
    "yelled", "chanted", "called", "calls", "calling", "described", "describes", "describing", "urged",
    "urges", "suggested", "suggests", "predicted", "concluded", "observed", "remarked", "reported",
    "reports", "cautioned", "conceded", "emphasized", "stressed", "mused", "boasted", "complained",
    "vowed", "promised", "pledged", "demanded", "repeated", "assured", "exclaimed", "screamed",
    "whispered", "testified", "lamented", "proclaimed", "wondered", "agreed", "answered", "confirmed",
    "denied", "maintained", "pointed", "retorted", "labeled", "labelled", "dubbed", "branded", "deemed",
    "termed", "accused", "blasted", "slammed", "praised", "criticized", "mocked", "ruled", "rated",
    "sang", "sings", "read", "reads", "tweeting", "writing", "arguing", "noting", "explaining",
    "warning", "insisting", "asserted", "asserts", "offered", "wondering", "chided", "snapped",
    "barked", "joking",
    // Plain forms, for plural subjects and after auxiliaries ("they conclude", "will add").
    "conclude", "add", "write", "explain", "argue", "warn", "insist", "admit", "recall", "tell",
    "ask", "continue", "declare", "reply", "respond", "contend", "predict", "suggest",
    "acknowledge", "complain", "urge", "observe", "assert", "caution", "emphasize", "stress",
    "quip", "utter", "uttered", "vows", "vow", "retaliated", "confessed", "remembered", "elaborated",
    "surmised", "mocks", "opined", "scolded", "pressed",
];

/// Words that open a noun phrase ("a U.S. official", "one official").
#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "one", "two", "three", "another", "several", "some", "many", "his", "her",
    "their", "its", "our", "my", "your", "other", "both", "most", "few", "each", "every",
];

/// Pronouns that can say something.
const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

/// Words that stand between a subject and its verb without being part of either ("also", "is").
#[rustfmt::skip]
const BETWEEN: &[&str] = &[
    "also", "later", "then", "again", "once", "previously", "recently", "repeatedly", "reportedly",
    "just", "never", "often", "frequently", "publicly", "privately", "flatly", "simply", "further",
    "quickly", "angrily", "famously", "bluntly", "even", "still", "immediately", "has", "had", "have",
    "would", "will", "earlier", "first", "only", "already", "always", "initially", "subsequently",
    "finally", "separately", "similarly", "herself", "himself", "themselves", "since", "sharply",
    "openly", "directly", "could", "might", "may", "should", "is", "was", "are", "were", "been", "be",
    "not", "did", "does", "do",
];

/// Words that cannot be part of a speaker's name or description.
#[rustfmt::skip]
const STOPS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "and", "but", "or", "if",
    "because", "as", "after", "before", "since", "than", "is", "are", "was", "were", "be", "been",
    "being", "has", "have", "had", "do", "does", "did", "not", "to", "in", "on", "at", "by", "with",
    "from", "about", "into", "during", "without", "what", "how", "why", "also", "so", "yet", "there",
    "here", "it's", "it’s", "would", "will", "could", "should", "can", "may", "might", "must", "then",
    "now", "later", "yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "ago", "last", "week", "year", "earlier", "told", "reporters",
    "just", "even", "like", "over", "under", "against", "through", "via", "upon", "up", "down", "out",
    "off", "again", "all", "no", "recently", "repeatedly",
];

/// Capitalised words that open sentences without naming anyone ("Following", "Contrary").
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "contrary", "though", "although", "more", "part", "such", "all", "much", "unlike", "despite",
    "given", "since", "until", "amid", "among", "between", "per", "meanwhile", "however", "instead",
    "next", "this", "that", "these", "those", "once", "nor", "yes", "please", "asked", "overall",
    "indeed", "perhaps", "maybe", "ever", "never", "almost", "for", "of", "under", "according",
    "editor’s", "editor's", "read", "watch", "follow", "see", "click",
];

/// Speech verbs that are also nouns ("those reports", "his claim"): after a determiner they
/// name the statement rather than the act of speaking.
#[rustfmt::skip]
const NOUN_CUES: &[&str] = &[
    "reports", "claims", "notes", "calls", "states", "words", "remarks", "statement", "message",
    "phrase", "slogan", "claim", "read", "reads", "says", "tweets", "posted",
];

/// The lists a word is on, as bits: one look-up answers every list, which matters because the
/// quote pass asks about every word it reads.
pub(super) const CUE: u8 = 1;
pub(super) const DETERMINER: u8 = 2;
pub(super) const PRONOUN: u8 = 4;
pub(super) const BETWEEN_WORD: u8 = 8;
pub(super) const STOP: u8 = 16;
pub(super) const OPENER: u8 = 32;
pub(super) const NOUN_CUE: u8 = 64;

/// The lists (`CUE`, `DETERMINER`, …) that hold `word`, lower case.
pub(super) fn lists(word: &str) -> u8 {
    static MAP: OnceLock<HashMap<&str, u8, BuildHasherDefault<WordHasher>>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = HashMap::default();
        for (list, bit) in [
            (CUES, CUE),
            (DETERMINERS, DETERMINER),
            (PRONOUNS, PRONOUN),
            (BETWEEN, BETWEEN_WORD),
            (STOPS, STOP),
            (OPENERS, OPENER),
            (NOUN_CUES, NOUN_CUE),
        ] {
            for word in list {
                *map.entry(*word).or_insert(0) |= bit;
            }
        }
        map
    });
    map.get(word).copied().unwrap_or(0)
}

/// A multiply-and-rotate hash for short words (as rustc's FxHash is): the lists are fixed and
/// written here, so the default hasher's resistance to chosen keys buys nothing, and it cost
/// more than the rest of a look-up.
#[derive(Default)]
struct WordHasher(u64);

/// One byte into a [`WordHasher`] state.
#[inline]
fn mix(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The same hash of a whole word, to tell most unequal words apart without comparing them.
pub(super) fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0, mix)
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u8(byte);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = mix(self.0, byte);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) fn is_cue(word: &str) -> bool {
    lists(word) & CUE != 0
}

pub(super) fn is_determiner(word: &str) -> bool {
    lists(word) & DETERMINER != 0
}

pub(super) fn is_pronoun(word: &str) -> bool {
    lists(word) & PRONOUN != 0
}

/// Adverbs in -ly ("egregiously described") count as standing between too, when written in
/// lower case: a capitalised one is a name ("Kelly said").
pub(super) fn is_adverb(text: &str, token: &Token) -> bool {
    with_lower(text, token, |word| {
        adverb_in(word, lists(word), is_capitalised(text, token))
    })
}

/// [`is_adverb`] for a word whose lists are known.
pub(super) fn adverb_in(word: &str, lists: u8, capitalised: bool) -> bool {
    (word.len() > 4 && word.ends_with("ly") && !capitalised) || lists & BETWEEN_WORD != 0
}

pub(super) fn is_stop(word: &str) -> bool {
    lists(word) & STOP != 0
}

pub(super) fn is_opener(word: &str) -> bool {
    opener_in(word, lists(word))
}

/// [`is_opener`] for a word whose lists are known.
pub(super) fn opener_in(word: &str, lists: u8) -> bool {
    word.ends_with("ing") || word.ends_with("ly") || lists & (STOP | DETERMINER | OPENER) != 0
}

pub(super) fn is_noun_cue(word: &str) -> bool {
    lists(word) & NOUN_CUE != 0
}
