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
    /// "said", "told", "according to", "announced".
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

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;
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
            let lower = std::str::from_utf8(&word[..len]).unwrap_or("");
            let first = sentence[token_start..token_end].chars().next().unwrap_or(' ');
            let previous_lower = std::str::from_utf8(&previous_word[..previous_len]).unwrap_or("");
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
    loop {
        let Some(&c) = rest.peek() else { break };
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
        let shape: &[u8] = if looks_like_year(&text[start..end]) {
            b"<year>"
        } else {
            b"<number>"
        };
        return (end, fnv(FNV_OFFSET, shape), TokenKind::Number);
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

fn fnv(mut hash: u32, bytes: &[u8]) -> u32 {
    for &byte in bytes {
        hash = (hash ^ byte as u32).wrapping_mul(FNV_PRIME);
    }
    hash
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
#[allow(clippy::too_many_arguments)]
fn word_cues(
    lower: &str,
    first: char,
    at_start: bool,
    previous: &str,
    start: usize,
    end: usize,
    out: &mut Features,
) {
    let capitalised = first.is_uppercase();
    let cue = match lower {
        "" => None,
        "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "eleven"
        | "twelve" | "thirteen" | "fifteen" | "twenty" | "thirty" | "forty" | "fifty" | "sixty"
        | "seventy" | "eighty" | "ninety" | "hundred" | "hundreds" | "thousand" | "thousands" | "dozen"
        | "dozens" | "half" | "twice" | "quarter" | "third" | "fourth" | "fifth" => Some(Cue::Figure),
        "percent" | "dollars" | "dollar" | "cents" | "million" | "millions" | "billion" | "billions"
        | "trillion" | "euros" | "pounds" => {
            out.set(Cue::Figure, start, end);
            Some(Cue::Amount)
        }
        "january" | "february" | "april" | "june" | "july" | "august" | "september" | "october"
        | "november" | "december" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday"
        | "saturday" | "sunday"
            if capitalised =>
        {
            Some(Cue::Date)
        }
        "ago" | "yesterday" | "decade" | "decades" | "annually" | "weekend" | "sept." | "jan." | "feb."
        | "aug." | "oct." | "nov." | "dec." => Some(Cue::Date),
        "said" | "says" | "told" | "tells" | "according" | "announced" | "reported" | "stated"
        | "claimed" | "testified" | "admitted" | "confirmed" | "denied" | "insisted" | "warned"
        | "emphasized" | "emphasised" | "added" | "noted" | "acknowledged" | "argued" | "wrote"
        | "declared" | "explained" | "spokesman" | "spokeswoman" | "spokesperson" => {
            Some(Cue::ReportedSpeech)
        }
        "more" | "less" | "fewer" | "most" | "least" | "than" | "largest" | "highest" | "lowest"
        | "biggest" | "smallest" | "greatest" | "fastest" | "slowest" | "worst" | "best" | "record"
        | "larger" | "higher" | "lower" | "bigger" | "smaller" | "faster" | "slower" | "worse" | "better"
        | "only" | "first" | "last" => Some(Cue::Comparison),
        "because" | "cause" | "caused" | "causes" | "causing" | "due" | "result" | "resulted"
        | "therefore" | "consequence" | "consequently" | "blamed" | "led" => Some(Cue::Cause),
        "increase" | "increased" | "increases" | "decrease" | "decreased" | "rose" | "risen" | "rise"
        | "rising" | "fell" | "fallen" | "falling" | "grew" | "grown" | "doubled" | "tripled" | "cut"
        | "cuts" | "raised" | "lowered" | "dropped" | "declined" | "gained" | "lost" | "created"
        | "eliminated" | "reduced" | "expanded" | "slashed" | "soared" | "jumped" | "plunged" => {
            Some(Cue::Change)
        }
        "voted" | "vote" | "votes" | "signed" | "passed" | "vetoed" | "enacted" | "sponsored"
        | "appointed" | "approved" | "spent" | "paid" | "borrowed" | "funded" | "killed" | "won"
        | "built" | "invaded" | "sent" | "imposed" | "ruled" | "elected" => Some(Cue::Record),
        "will" | "won't" | "shall" | "gonna" => Some(Cue::Prediction),
        word if word.ends_with("'ll") => Some(Cue::Prediction),
        // "May" inside a sentence is the month; "may" or a sentence-opening "May" hedges.
        "may" if capitalised && !at_start => Some(Cue::Date),
        "may" => Some(Cue::Hedge),
        "might" | "could" | "perhaps" | "possibly" | "probably" | "maybe" | "likely" | "unlikely"
        | "seems" | "seem" | "appears" | "appeared" | "suggests" | "suggested" | "reportedly"
        | "allegedly" | "potential" | "potentially" => Some(Cue::Hedge),
        "think" | "believe" | "feel" | "hope" | "guess" | "suppose" | "wish" | "want"
            if matches!(previous, "i" | "we" | "don't" | "i'm" | "really") =>
        {
            Some(Cue::Opinion)
        }
        "opinion" | "frankly" | "honestly" => Some(Cue::Opinion),
        "really" | "truly" | "absolutely" | "totally" | "extremely" | "incredibly" | "very" | "great"
        | "terrible" | "wonderful" | "fantastic" | "amazing" | "tremendous" | "horrible" | "awful"
        | "disaster" | "disgrace" | "shameful" | "outrageous" | "ridiculous" | "beautiful" | "excellent"
        | "important" | "crucial" | "wrong" | "right" | "good" | "bad" | "strong" | "weak" => {
            Some(Cue::Evaluation)
        }
        "should" | "shouldn't" | "must" | "ought" | "need" | "needs" => Some(Cue::Prescription),
        "i" | "we" | "my" | "our" | "me" | "us" | "i'm" | "we're" | "i've" | "we've" | "i'd" => {
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
