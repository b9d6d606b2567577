//! What the claim scorer sees in a sentence: hashed word n-grams, and cues a person can name
//! (a figure, a named actor, reported speech, a hedge, ...).
//!
//! Training (`factmark-lab --bin claims`) and the product both call [`extract`], so the model
//! is trained on exactly the features it meets in use. The features come from the sentence's
//! own text only, not from the entity or quote detectors, so that retraining those detectors
//! never silently shifts what the claim weights mean.

/// A cue that a person can name. Each has one learned weight, and its contribution to a
/// sentence's score becomes a reason shown on the highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    /// A number: digits or a number word ("2.5", "thirty", "million").
    Figure,
    /// Money or a share: "$", "%", "percent", "billion".
    Amount,
    /// A year, month, weekday or "ago".
    Date,
    /// A capitalised word inside the sentence: a person, organisation or place.
    NamedActor,
    /// "said", "told", "according to", "announced", unless "I" or "we" or "you" said it.
    ReportedSpeech,
    /// "more than", "the largest", "record".
    Comparison,
    /// "because", "caused", "due to", "as a result".
    Cause,
    /// "rose", "fell", "doubled", "cut".
    Change,
    /// Something on the record: "voted", "signed", "passed", "spent".
    Record,
    /// "will", "won't", "we'll".
    Prediction,
    /// "may", "might", "could", "perhaps".
    Hedge,
    /// The sentence asks.
    Question,
    /// "I think", "we believe", "in my opinion".
    Opinion,
    /// Evaluative words: "really", "great", "terrible", "disgrace".
    Evaluation,
    /// "should", "must", "ought", "need to".
    Prescription,
    /// "I", "we", "my", "our".
    FirstPerson,
    /// Six words or fewer.
    Short,
    /// Twenty-five words or more.
    Long,
}

/// How many cues there are; the weights file stores one weight per cue in this order.
pub const CUE_COUNT: usize = Cue::ALL.len();

impl Cue {
    pub const ALL: [Cue; 18] = [
        Cue::Figure,
        Cue::Amount,
        Cue::Date,
        Cue::NamedActor,
        Cue::ReportedSpeech,
        Cue::Comparison,
        Cue::Cause,
        Cue::Change,
        Cue::Record,
        Cue::Prediction,
        Cue::Hedge,
        Cue::Question,
        Cue::Opinion,
        Cue::Evaluation,
        Cue::Prescription,
        Cue::FirstPerson,
        Cue::Short,
        Cue::Long,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable name, written into the weights file so a reordering is caught.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Figure => "figure",
            Cue::Amount => "amount",
            Cue::Date => "date",
            Cue::NamedActor => "named-actor",
            Cue::ReportedSpeech => "reported-speech",
            Cue::Comparison => "comparison",
            Cue::Cause => "cause",
            Cue::Change => "change",
            Cue::Record => "record",
            Cue::Prediction => "prediction",
            Cue::Hedge => "hedge",
            Cue::Question => "question",
            Cue::Opinion => "opinion",
            Cue::Evaluation => "evaluation",
            Cue::Prescription => "prescription",
            Cue::FirstPerson => "first-person",
            Cue::Short => "short",
            Cue::Long => "long",
        }
    }

    /// The cue in words a person understands, as shown in a reason.
    pub fn describe(self) -> &'static str {
        match self {
            Cue::Figure => "contains a figure",
            Cue::Amount => "an amount or a percentage",
            Cue::Date => "gives a date",
            Cue::NamedActor => "names a person, organisation or place",
            Cue::ReportedSpeech => "reported speech",
            Cue::Comparison => "a comparison or superlative",
            Cue::Cause => "states a cause",
            Cue::Change => "describes a change",
            Cue::Record => "an action on the record",
            Cue::Prediction => "a commitment or prediction",
            Cue::Hedge => "hedged",
            Cue::Question => "a question",
            Cue::Opinion => "first-person opinion",
            Cue::Evaluation => "evaluative language",
            Cue::Prescription => "says what should be done",
            Cue::FirstPerson => "speaks in the first person",
            Cue::Short => "very short",
            Cue::Long => "long and detailed",
        }
    }
}

/// The features of one sentence. Reused between sentences to avoid allocating.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// 32-bit hashes of the word unigrams, bigrams (with sentence start and end markers) and
    /// stems; the model maps them to its buckets.
    pub ngrams: Vec<u32>,
    /// The unigram hashes with the byte range of their word in the sentence, to name the
    /// words that moved a score.
    pub words: Vec<(u32, u32, u32)>,
    /// Each cue's value, indexed by [`Cue::index`]: 0 or 1, except [`Cue::NamedActor`], which
    /// grows with the number of capitalised words (a half for each, up to two): a sentence
    /// naming several actors is more specific than one naming one.
    pub cues: [f32; CUE_COUNT],
    /// The byte range in the sentence of the first word that set each cue, if a word did.
    pub triggers: [Option<(u32, u32)>; CUE_COUNT],
    /// How many word tokens the sentence has.
    pub word_count: usize,
    /// How many capitalised words inside the sentence (not opening it) it has.
    capitalised: usize,
    /// What each n-gram counts for: one over the square root of their number, so that a long
    /// sentence's many n-grams do not swamp the cues (the role TF-IDF's normalising plays).
    pub ngram_scale: f32,
}

impl Features {
    fn clear(&mut self) {
        self.ngrams.clear();
        self.words.clear();
        self.cues = [0.0; CUE_COUNT];
        self.triggers = [None; CUE_COUNT];
        self.word_count = 0;
        self.capitalised = 0;
        self.ngram_scale = 1.0;
    }

    fn set(&mut self, cue: Cue, start: usize, end: usize) {
        let index = cue.index();
        if self.cues[index] == 0.0 {
            self.cues[index] = 1.0;
            self.triggers[index] = Some((start as u32, end as u32));
        }
    }

    /// The text of the word that set `cue` in `sentence`, if a word did.
    pub fn trigger<'s>(&self, cue: Cue, sentence: &'s str) -> Option<&'s str> {
        let (start, end) = self.triggers[cue.index()]?;
        sentence.get(start as usize..end as usize)
    }
}

// The weights were trained with these hashes: see `crate::hash`.
use crate::hash::{fnv1a_32 as fnv, FNV1A_32_OFFSET as FNV_OFFSET};
/// Marks the start and end of a sentence in bigrams, so "Why ..." and "... ?" are features.
const BOUNDARY: u32 = 0x9e37_79b9;

/// Mixes two token hashes into a bigram hash (order matters).
fn pair(first: u32, second: u32) -> u32 {
    let mixed = (first.rotate_left(13) ^ second).wrapping_mul(0x85eb_ca6b);
    mixed ^ (mixed >> 16)
}

/// Seeds the hashes of word stems apart from those of whole words.
const STEM_SEED: u32 = 0x2f69_3ad1;

/// Scales the normalised n-gram weights to about the size of a cue's.
const NGRAM_NORM: f32 = 4.0;

/// The longest word the lexicons are checked against; longer words are only hashed.
const MAX_LEXICON_WORD: usize = 24;

/// Extracts the features of `sentence` into `out`.
pub fn extract(sentence: &str, out: &mut Features) {
    out.clear();
    let bytes = sentence.as_bytes();
    let mut previous = BOUNDARY;
    let mut previous_word = [0u8; MAX_LEXICON_WORD];
    let mut previous_len = 0usize;
    let mut at_start = true;
    let mut index = 0;
    while index < bytes.len() {
        let (token_end, hash, kind) = next_token(sentence, index);
        if kind == TokenKind::Space {
            index = token_end;
            continue;
        }
        let token_start = index;
        index = token_end;
        let mut word = [0u8; MAX_LEXICON_WORD];
        let mut len = 0;
        if kind == TokenKind::Word {
            out.word_count += 1;
            len = lower_into(&sentence[token_start..token_end], &mut word);
            let lower = &word[..len];
            let first = sentence[token_start..token_end].chars().next().unwrap_or(' ');
            let previous_lower = &previous_word[..previous_len];
            word_cues(
                lower,
                first,
                at_start,
                previous_lower,
                token_start,
                token_end,
                out,
            );
            out.words.push((hash, token_start as u32, token_end as u32));
            at_start = false;
        } else if kind == TokenKind::Number {
            out.word_count += 1;
            out.set(Cue::Figure, token_start, token_end);
            if looks_like_year(&sentence[token_start..token_end]) {
                out.set(Cue::Date, token_start, token_end);
            }
            out.words.push((hash, token_start as u32, token_end as u32));
            at_start = false;
        } else {
            match &sentence[token_start..token_end] {
                "$" | "%" | "€" | "£" => out.set(Cue::Amount, token_start, token_end),
                "?" => out.set(Cue::Question, token_start, token_end),
                // A quotation mark or colon opens a new utterance: its first word is capitalised
                // like a sentence start, not because it is a name.
                "“" | "\"" | ":" | "(" | "‘" => at_start = true,
                _ => {}
            }
        }
        out.ngrams.push(hash);
        out.ngrams.push(pair(previous, hash));
        // The first five letters of a long word stand for its family ("increas-", "unemp-"),
        // so that forms unseen in training still count.
        if kind == TokenKind::Word && len >= 7 {
            out.ngrams.push(fnv(STEM_SEED, &word[..5]));
        }
        previous = hash;
        previous_word = word;
        previous_len = len;
    }
    out.ngrams.push(pair(previous, BOUNDARY));
    out.ngram_scale = NGRAM_NORM / (out.ngrams.len() as f32).sqrt();
    out.cues[Cue::NamedActor.index()] = out.capitalised.min(4) as f32 / 2.0;
    if out.word_count <= 6 {
        out.cues[Cue::Short.index()] = 1.0;
    }
    if out.word_count >= 25 {
        out.cues[Cue::Long.index()] = 1.0;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    Space,
    Word,
    Number,
    Punctuation,
}

/// The token starting at byte `start`: its end, its hash and its kind. Words run over letters,
/// digits and inner apostrophes and dots ("don't", "U.S.", "2.5", "30,000"); numbers hash
/// to one shape so that "2.5" and "17" share weights; a hyphen splits words.
fn next_token(text: &str, start: usize) -> (usize, u32, TokenKind) {
    ascii_token(text, start).unwrap_or_else(|| any_token(text, start))
}

/// [`next_token`] for the common case of an ASCII token, a byte at a time; `None` when the
/// token holds anything else, for [`any_token`] to read. Both hash a token alike.
fn ascii_token(text: &str, start: usize) -> Option<(usize, u32, TokenKind)> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    if first >= 0x80 {
        return None;
    }
    if first.is_ascii_whitespace() {
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(bytes.len(), |offset| start + offset);
        return Some((end, 0, TokenKind::Space));
    }
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let mut end = start;
    let mut hash = FNV_OFFSET;
    let mut has_digit = false;
    let mut has_dot = false;
    loop {
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            has_digit |= b.is_ascii_digit();
            hash = fnv(hash, &[b.to_ascii_lowercase()]);
            end += 1;
        }
        let Some(&b) = bytes.get(end) else { break };
        if b >= 0x80 {
            // A non-ASCII letter, or a curly apostrophe: the general reader's case.
            let next = text[end..].chars().next().unwrap_or(' ');
            if next.is_alphanumeric() || next == '’' {
                return None;
            }
            break;
        }
        let after = bytes.get(end + 1).copied().unwrap_or(b' ');
        if after >= 0x80 && matches!(b, b'\'' | b'.' | b',') {
            return None;
        }
        let joins = match b {
            b',' => has_digit && after.is_ascii_digit(),
            b'\'' | b'.' => after.is_ascii_alphanumeric(),
            _ => false,
        };
        if !joins {
            break;
        }
        has_dot |= b == b'.';
        hash = fnv(hash, &[b]);
        end += 1;
    }
    if has_dot && !has_digit && bytes.get(end) == Some(&b'.') {
        hash = fnv(hash, b".");
        end += 1;
    }
    if has_digit {
        return Some(number_token(text, start, end));
    }
    Some((end, hash, TokenKind::Word))
}

/// [`next_token`] for any text, a char at a time.
fn any_token(text: &str, start: usize) -> (usize, u32, TokenKind) {
    let mut chars = text[start..].char_indices();
    let Some((_, first)) = chars.next() else {
        return (text.len(), 0, TokenKind::Space);
    };
    if first.is_whitespace() {
        let end = text[start..]
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(text.len(), |(offset, _)| start + offset);
        return (end, 0, TokenKind::Space);
    }
    if !first.is_alphanumeric() {
        let end = start + first.len_utf8();
        // Curly and straight quotation marks, and the dashes, hash alike.
        let normal = match first {
            '“' | '”' | '"' => '"',
            '—' | '–' => '-',
            other => other,
        };
        let mut buffer = [0u8; 4];
        return (
            end,
            fnv(FNV_OFFSET, normal.encode_utf8(&mut buffer).as_bytes()),
            TokenKind::Punctuation,
        );
    }
    let mut end = start + first.len_utf8();
    let mut has_digit = first.is_numeric();
    let mut rest = text[end..].chars().peekable();
    while let Some(&c) = rest.peek() {
        if c.is_alphanumeric() {
            has_digit |= c.is_numeric();
            end += c.len_utf8();
            rest.next();
            continue;
        }
        // Inner punctuation joins only when a letter or digit follows it.
        if matches!(c, '\'' | '’' | '.' | ',') {
            let after = text[end + c.len_utf8()..].chars().next();
            let joins = match c {
                ',' => has_digit && after.is_some_and(|a| a.is_ascii_digit()),
                _ => after.is_some_and(char::is_alphanumeric),
            };
            if joins {
                end += c.len_utf8();
                rest.next();
                continue;
            }
        }
        break;
    }
    // "U.S." keeps its final dot when the dot belongs to an abbreviation with inner dots.
    if text[start..end].contains('.') && !has_digit && text[end..].starts_with('.') {
        end += 1;
    }
    if has_digit {
        return number_token(text, start, end);
    }
    let mut hash = FNV_OFFSET;
    for c in text[start..end].chars() {
        let c = if c == '’' { '\'' } else { c };
        if c.is_ascii() {
            hash = fnv(hash, &[c.to_ascii_lowercase() as u8]);
        } else {
            for lower in c.to_lowercase() {
                let mut buffer = [0u8; 4];
                hash = fnv(hash, lower.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    (end, hash, TokenKind::Word)
}

/// A token with a digit: all numbers share one feature, years another, so the model learns
/// "contains a figure" rather than particular numbers.
fn number_token(text: &str, start: usize, end: usize) -> (usize, u32, TokenKind) {
    let shape: &[u8] = if looks_like_year(&text[start..end]) {
        b"<year>"
    } else {
        b"<number>"
    };
    (end, fnv(FNV_OFFSET, shape), TokenKind::Number)
}

fn looks_like_year(token: &str) -> bool {
    token.len() == 4
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token.starts_with("19") || token.starts_with("20"))
}

/// Writes the ASCII-lower-cased word (with ’ as ') into `buffer`; returns its length, or 0
/// when the word is too long or not ASCII, since the lexicons hold only short ASCII words.
fn lower_into(word: &str, buffer: &mut [u8; MAX_LEXICON_WORD]) -> usize {
    let mut len = 0;
    for c in word.chars() {
        let c = if c == '’' { '\'' } else { c };
        if !c.is_ascii() || len == MAX_LEXICON_WORD {
            return 0;
        }
        buffer[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    len
}

/// Sets the cues a word gives. The lexicons are written for Factmark, not taken from data.
fn word_cues(
    lower: &[u8],
    first: char,
    at_start: bool,
    previous: &[u8],
    start: usize,
    end: usize,
    out: &mut Features,
) {
    let capitalised = first.is_uppercase();
    let cue = match lower {
        b"" => None,
        b"two" | b"three" | b"four" | b"five" | b"six" | b"seven" | b"eight" | b"nine" | b"ten" | b"eleven"
        | b"twelve" | b"thirteen" | b"fifteen" | b"twenty" | b"thirty" | b"forty" | b"fifty" | b"sixty"
        | b"seventy" | b"eighty" | b"ninety" | b"hundred" | b"hundreds" | b"thousand" | b"thousands" | b"dozen"
        | b"dozens" | b"half" | b"twice" | b"quarter" | b"third" | b"fourth" | b"fifth" => Some(Cue::Figure),
        b"percent" | b"dollars" | b"dollar" | b"cents" | b"million" | b"millions" | b"billion" | b"billions"
        | b"trillion" | b"euros" | b"pounds" => {
            out.set(Cue::Figure, start, end);
            Some(Cue::Amount)
        }
        b"january" | b"february" | b"april" | b"june" | b"july" | b"august" | b"september" | b"october"
        | b"november" | b"december" | b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday"
        | b"saturday" | b"sunday"
            if capitalised =>
        {
            Some(Cue::Date)
        }
        b"ago" | b"yesterday" | b"decade" | b"decades" | b"annually" | b"weekend" | b"sept." | b"jan." | b"feb."
        | b"aug." | b"oct." | b"nov." | b"dec." => Some(Cue::Date),
        b"said" | b"says" | b"told" | b"tells" | b"according" | b"announced" | b"reported" | b"stated"
        | b"claimed" | b"testified" | b"admitted" | b"confirmed" | b"denied" | b"insisted" | b"warned"
        | b"emphasized" | b"emphasised" | b"added" | b"noted" | b"acknowledged" | b"argued" | b"wrote"
        | b"declared" | b"explained" | b"spokesman" | b"spokeswoman" | b"spokesperson"
            // Reported speech is someone else's: "I said" and "you told" are the speaker's own.
            if !matches!(
                previous,
                b"i" | b"we" | b"you" | b"i've" | b"we've" | b"you've" | b"i'd" | b"we'd" | b"i'm"
            ) =>
        {
            Some(Cue::ReportedSpeech)
        }
        b"more" | b"less" | b"fewer" | b"most" | b"least" | b"than" | b"largest" | b"highest" | b"lowest"
        | b"biggest" | b"smallest" | b"greatest" | b"fastest" | b"slowest" | b"worst" | b"best" | b"record"
        | b"larger" | b"higher" | b"lower" | b"bigger" | b"smaller" | b"faster" | b"slower" | b"worse" | b"better"
        | b"only" | b"first" | b"last" => Some(Cue::Comparison),
        b"because" | b"cause" | b"caused" | b"causes" | b"causing" | b"due" | b"result" | b"resulted"
        | b"therefore" | b"consequence" | b"consequently" | b"blamed" | b"led" => Some(Cue::Cause),
        b"increase" | b"increased" | b"increases" | b"decrease" | b"decreased" | b"rose" | b"risen" | b"rise"
        | b"rising" | b"fell" | b"fallen" | b"falling" | b"grew" | b"grown" | b"doubled" | b"tripled" | b"cut"
        | b"cuts" | b"raised" | b"lowered" | b"dropped" | b"declined" | b"gained" | b"lost" | b"created"
        | b"eliminated" | b"reduced" | b"expanded" | b"slashed" | b"soared" | b"jumped" | b"plunged" => {
            Some(Cue::Change)
        }
        b"voted" | b"vote" | b"votes" | b"signed" | b"passed" | b"vetoed" | b"enacted" | b"sponsored"
        | b"appointed" | b"approved" | b"spent" | b"paid" | b"borrowed" | b"funded" | b"killed" | b"won"
        | b"built" | b"invaded" | b"sent" | b"imposed" | b"ruled" | b"elected" => Some(Cue::Record),
        b"will" | b"won't" | b"shall" | b"gonna" => Some(Cue::Prediction),
        word if word.ends_with(b"'ll") => Some(Cue::Prediction),
        // "May" inside a sentence is the month; b"may" or a sentence-opening "May" hedges.
        b"may" if capitalised && !at_start => Some(Cue::Date),
        b"may" => Some(Cue::Hedge),
        b"might" | b"could" | b"perhaps" | b"possibly" | b"probably" | b"maybe" | b"likely" | b"unlikely"
        | b"seems" | b"seem" | b"appears" | b"appeared" | b"suggests" | b"suggested" | b"reportedly"
        | b"allegedly" | b"potential" | b"potentially" => Some(Cue::Hedge),
        b"think" | b"believe" | b"feel" | b"hope" | b"guess" | b"suppose" | b"wish" | b"want"
            if matches!(previous, b"i" | b"we" | b"don't" | b"i'm" | b"really") =>
        {
            Some(Cue::Opinion)
        }
        b"opinion" | b"frankly" | b"honestly" => Some(Cue::Opinion),
        b"really" | b"truly" | b"absolutely" | b"totally" | b"extremely" | b"incredibly" | b"very" | b"great"
        | b"terrible" | b"wonderful" | b"fantastic" | b"amazing" | b"tremendous" | b"horrible" | b"awful"
        | b"disaster" | b"disgrace" | b"shameful" | b"outrageous" | b"ridiculous" | b"beautiful" | b"excellent"
        | b"important" | b"crucial" | b"wrong" | b"right" | b"good" | b"bad" | b"strong" | b"weak" => {
            Some(Cue::Evaluation)
        }
        b"should" | b"shouldn't" | b"must" | b"ought" | b"need" | b"needs" => Some(Cue::Prescription),
        b"i" | b"we" | b"my" | b"our" | b"me" | b"us" | b"i'm" | b"we're" | b"i've" | b"we've" | b"i'd" => {
            Some(Cue::FirstPerson)
        }
        _ => None,
    };
    if let Some(cue) = cue {
        out.set(cue, start, end);
    }
    // A capitalised word that does not open the sentence is most often a name. "I" is not.
    let is_cue_word = cue.is_some_and(|cue| matches!(cue, Cue::Date | Cue::FirstPerson));
    if capitalised && !at_start && !is_cue_word {
        out.set(Cue::NamedActor, start, end);
        out.capitalised += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast ASCII reader and the general one must agree, or the weights would mean
    /// different things for ASCII and other text.
    #[test]
    fn both_token_readers_agree_on_ascii() {
        let text = "U.S. officials' don't 2.5 30,000 a.m. Sept. 5, 2024 i.e. e.g., x.y it's end. ok,no 'quoted' $5 100%";
        let mut at = 0;
        while at < text.len() {
            let general = any_token(text, at);
            if let Some(fast) = ascii_token(text, at) {
                assert_eq!(fast, general, "at {at}: {:?}", &text[at..]);
            }
            at = general.0;
        }
    }
}
