//! The tagger's features: hashed, never built as strings, and shared by training (factmark-lab)
//! and detection so both see exactly the same numbers.
//!
//! Each feature is a template id mixed with hashes of token properties (the lower-cased word,
//! its shape, prefixes, neighbours, the sentence's case, what the document says about the word
//! elsewhere, gazetteer classes, the previous tags). The weight table is indexed by the hash, so
//! no vocabulary from the training data is stored: only numbers.

use super::lexicon;

/// The tags: O, then CoNLL's four types PER, ORG, LOC, MISC. An IO scheme rather than BIO: two
/// entities of one type side by side are rare in news (0.25% of CoNLL's), and five tags instead
/// of nine shrink the weights the browser downloads by almost half.
pub const TAGS: usize = 5;
/// Tag index of "outside".
pub const OUTSIDE: u8 = 0;
/// A tag value meaning "before the sentence" for the previous-tag features.
const START: u8 = 15;

/// CoNLL type of a tag (0 PER, 1 ORG, 2 LOC, 3 MISC), or `None` for O.
#[inline(always)]
pub fn tag_type(tag: u8) -> Option<u8> {
    (tag != OUTSIDE && (tag as usize) < TAGS).then(|| tag - 1)
}

/// The tag for CoNLL name `name` ("B-PER", "I-MISC", "O").
pub fn tag_from_name(name: &str) -> u8 {
    match name.get(2..) {
        Some("PER") => 1,
        Some("ORG") => 2,
        Some("LOC") => 3,
        Some("MISC") => 4,
        _ => OUTSIDE,
    }
}

/// The best tag.
#[inline(always)]
pub fn best_tag(scores: &[f32; TAGS]) -> u8 {
    let mut best = OUTSIDE;
    let mut best_score = f32::NEG_INFINITY;
    for (tag, &score) in scores.iter().enumerate() {
        if score > best_score {
            best = tag as u8;
            best_score = score;
        }
    }
    best
}

// The weights were trained with these hashes: see `crate::hash`.
use crate::hash::{fnv1a_64 as fnv, FNV1A_64_OFFSET as SEED};

#[inline(always)]
fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 29;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 32;
    x
}

/// The case class of a word: what matters most for names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Class {
    Other = 0,
    Lower = 1,
    Title = 2,
    Caps = 3,
    Initial = 4,
    Digits = 5,
    Mixed = 6,
    CapsDotted = 7,
}

/// What the features need of one token, computed once per document.
#[derive(Clone, Copy, Debug)]
struct Info {
    lower: u64,
    exact: u64,
    shape: u64,
    class: Class,
    capitalised: bool,
    gazetteer: u8,
    sentence: u32,
}

/// Sentence case: headlines in capitals or title case behave differently from running text.
const CASE_NORMAL: u64 = 0;
const CASE_HEADLINE: u64 = 1;

/// Per-document state: token properties, what the document says about each word, and the
/// tags predicted so far (a later "Zelenskyy" is likelier a person if an earlier one was).
#[derive(Default)]
pub struct Featurizer {
    infos: Vec<Info>,
    sentence_first: Vec<u32>,
    sentence_end: Vec<u32>,
    sentence_case: Vec<u64>,
    seen_lower: HashSlots,
    seen_capital: HashSlots,
    memory: HashSlots,
    /// After the first pass ([`Featurizer::gather`]): per capitalised word, how often the first
    /// pass gave it each tag across the whole document.
    tag_counts: HashSlots<[u16; TAGS]>,
    /// After the first pass: per capitalised word, its first place inside a name of two or more
    /// words (token index, and type and position in the name as one feature value).
    in_long_name: HashSlots<(u32, u8)>,
    /// In the second pass: the capitalised words given another tag than in the first, whose
    /// memory may therefore differ.
    changed: HashSlots,
    gathered: bool,
}

impl Featurizer {
    /// Prepares a document: `words[i]` starts a sentence when `starts[i]`.
    pub fn prepare(&mut self, words: &[&str], starts: &[bool]) {
        self.infos.clear();
        self.sentence_first.clear();
        self.sentence_end.clear();
        self.sentence_case.clear();
        let slots = (words.len() * 2).next_power_of_two().max(64);
        self.seen_lower.reset(slots);
        self.seen_capital.reset(slots);
        self.memory.reset(slots);
        self.tag_counts.reset(slots);
        self.in_long_name.reset(slots);
        self.gathered = false;
        let gazetteer = lexicon::Gazetteer::get();
        for (index, word) in words.iter().enumerate() {
            if index == 0 || starts.get(index).copied().unwrap_or(false) {
                if let Some(last) = self.sentence_end.last_mut() {
                    *last = index as u32;
                }
                self.sentence_first.push(index as u32);
                self.sentence_end.push(words.len() as u32);
            }
            let sentence = (self.sentence_first.len() - 1) as u32;
            self.infos.push(info(word, sentence, gazetteer));
        }
        // Multi-word gazetteer names ("New York", "United States") mark each of their words.
        for index in 0..words.len() {
            if self.infos[index].gazetteer & lexicon::NAME_START == 0 {
                continue;
            }
            for length in (2..=3).rev() {
                let Some(phrase) = words.get(index..index + length) else {
                    continue;
                };
                let classes = gazetteer.phrase_classes(phrase);
                if classes != 0 {
                    for info in &mut self.infos[index..index + length] {
                        info.gazetteer |= classes << 4;
                    }
                    break;
                }
            }
        }
        // Headline sentences: few lower-case words.
        for (&first, &end) in self.sentence_first.iter().zip(&self.sentence_end) {
            let span = &self.infos[first as usize..end as usize];
            let words = span.iter().filter(|i| i.class != Class::Other).count();
            let lowers = span.iter().filter(|i| i.class == Class::Lower).count();
            let headline = words >= 2 && lowers * 4 < words;
            self.sentence_case
                .push(if headline { CASE_HEADLINE } else { CASE_NORMAL });
        }
        for (index, info) in self.infos.iter().enumerate() {
            if self.sentence_case[info.sentence as usize] == CASE_HEADLINE {
                continue;
            }
            if info.class == Class::Lower {
                self.seen_lower.insert(info.lower, 1);
            } else if info.capitalised && self.sentence_first[info.sentence as usize] != index as u32 {
                self.seen_capital.insert(info.lower, 1);
            }
        }
    }

    /// Number of tokens prepared.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }

    /// The lower-case hash of token `index` (`lower_hash` of its word), 0 past the end.
    pub fn lower(&self, index: usize) -> u64 {
        self.infos.get(index).map_or(0, |info| info.lower)
    }

    /// Whether token `index` is in a headline (capitals or title case).
    pub fn in_headline(&self, index: usize) -> bool {
        self.infos
            .get(index)
            .is_some_and(|info| self.sentence_case[info.sentence as usize] == CASE_HEADLINE)
    }

    /// Whether token `index` starts its sentence.
    pub fn starts_sentence(&self, index: usize) -> bool {
        self.infos
            .get(index)
            .is_some_and(|info| self.sentence_first[info.sentence as usize] == index as u32)
    }

    /// Whether token `index` is a capitalised word of a title-case headline that the document
    /// also writes in lower case ("Talks" in "Trump Says Ukraine Talks Made Progress"): a common
    /// word, not a name. CoNLL has no title-case headlines to learn this from.
    pub fn is_headline_common_word(&self, index: usize, word: &str) -> bool {
        let Some(info) = self.infos.get(index) else {
            return false;
        };
        // Words of a multi-word place stay ("New" in "New York", "New Zealand"): forcing them
        // outside cost 0.2 F1 across folds of CoNLL's training data.
        info.class == Class::Title
            && info.gazetteer >> 4 == 0
            && self.sentence_case[info.sentence as usize] == CASE_HEADLINE
            && (self.seen_lower.get(info.lower).is_some() || lexicon::is_function_word(word))
    }

    /// Appends the hashed features of token `index` that do not depend on tags.
    pub fn static_features(&self, index: usize, word: &str, out: &mut Vec<u32>) {
        let Some(&me) = self.infos.get(index) else { return };
        let first = self.sentence_first[me.sentence as usize] as usize;
        let end = self.sentence_end[me.sentence as usize] as usize;
        let case = self.sentence_case[me.sentence as usize];
        // The neighbours' values at offsets -2..=2, with fixed stand-ins outside the sentence.
        // Plain arrays rather than closures: the size-optimised wasm build does not inline
        // closures, and this runs for every token.
        let mut lowers = [0u64; 5];
        let mut shapes = [0u64; 5];
        let mut classes = [0u64; 5];
        let mut gazetteers = [99u64; 5];
        for (slot, offset) in (-2isize..=2).enumerate() {
            let position = index as isize + offset;
            let inside = position >= first as isize && position < end as isize;
            match self.infos.get(position as usize).filter(|_| inside) {
                Some(info) => {
                    lowers[slot] = info.lower;
                    shapes[slot] = info.shape;
                    classes[slot] = info.class as u64;
                    gazetteers[slot] = info.gazetteer as u64;
                }
                None => {
                    lowers[slot] = offset as u64;
                    shapes[slot] = offset as u64;
                    classes[slot] = 8u64.wrapping_add(offset as u64);
                }
            }
        }
        let class = me.class as u64;
        macro_rules! put {
            ($template:expr, $value:expr $(,)?) => {
                out.push(mix($template, $value) as u32)
            };
        }

        put!(1, 0);
        put!(2, me.lower);
        put!(3, me.exact);
        put!(4, lowers[1]);
        put!(5, lowers[3]);
        put!(6, lowers[0]);
        put!(7, lowers[4]);
        put!(8, me.shape);
        put!(9, shapes[1]);
        put!(10, shapes[3]);
        put!(11, mix(mix(shapes[1], me.shape), shapes[3]));
        // Affixes of the word as written, up to four chars each side.
        let mut starts = word.char_indices().map(|(i, _)| i).skip(1);
        for template in 12..16 {
            match starts.next() {
                Some(cut) => put!(template, fnv(SEED, &word.as_bytes()[..cut])),
                None => break,
            }
        }
        let mut ends = word.char_indices().rev().map(|(i, _)| i);
        let chars_len = word.chars().count();
        for template in 16..20 {
            match ends.next() {
                Some(cut) if template - 16 < (chars_len as u64).saturating_sub(1) => {
                    put!(template, fnv(SEED, &word.as_bytes()[cut..]))
                }
                _ => break,
            }
        }
        put!(20, mix(lowers[1], me.lower));
        put!(21, mix(me.lower, lowers[3]));
        let sentence_start = (index == first) as u64;
        put!(22, mix(sentence_start, class));
        put!(23, mix(case, class));
        if case == CASE_HEADLINE {
            put!(24, me.lower);
        }
        if me.capitalised {
            let lower_elsewhere = self.seen_lower.get(me.lower).is_some() as u64;
            let capital_elsewhere = self.seen_capital.get(me.lower).is_some() as u64;
            put!(
                25,
                mix(mix(lower_elsewhere, capital_elsewhere), mix(sentence_start, case)),
            );
        }
        put!(27, mix((chars_len.min(8)) as u64, class));
        put!(28, me.gazetteer as u64);
        put!(29, mix(gazetteers[1], me.gazetteer as u64),);
        put!(30, gazetteers[3]);
        put!(31, mix(mix(classes[1], class), classes[3]));
        put!(32, mix(lowers[1], class));
        put!(33, mix(class, lowers[3]));
        put!(34, mix(classes[0], mix(classes[1], class)));
        put!(35, mix(class, mix(classes[3], classes[4])));
    }

    /// Appends the features that depend on the tags already chosen for the two tokens before.
    pub fn tag_features(&self, index: usize, prev: u8, prev2: u8, out: &mut Vec<u32>) {
        let Some(&me) = self.infos.get(index) else { return };
        macro_rules! put {
            ($template:expr, $value:expr) => {
                out.push(mix($template, $value) as u32)
            };
        }
        put!(40, prev as u64);
        put!(41, mix(prev as u64, prev2 as u64));
        put!(42, mix(prev as u64, me.lower));
        put!(43, mix(prev as u64, me.shape));
        if me.capitalised {
            // The type this word was last given in the document, if any.
            let remembered = self.memory.get(me.lower).unwrap_or(0);
            put!(44, mix(remembered as u64, me.class as u64));
        }
    }

    /// Records the tag chosen for token `index`, for the memory feature of later tokens.
    pub fn remember(&mut self, index: usize, tag: u8) {
        if let Some(info) = self.infos.get(index) {
            // Only names are remembered: remembering "not a name" let one early miss (a word in
            // a headline) silence every later mention of the same name.
            if let (true, Some(kind)) = (info.capitalised, tag_type(tag)) {
                self.memory.insert(info.lower, kind + 1);
            }
        }
    }

    /// Reads the first pass's tags of the whole document, for [`Featurizer::document_features`]
    /// in the second pass, and forgets the first pass's memory so the second builds its own as
    /// the first did.
    pub fn gather(&mut self, tags: &[u8]) {
        for (info, &tag) in self.infos.iter().zip(tags) {
            if info.capitalised {
                let mut counts = self.tag_counts.get(info.lower).unwrap_or_default();
                counts[tag as usize % TAGS] += 1;
                self.tag_counts.insert(info.lower, counts);
            }
        }
        for (first, end, kind) in super::entity_runs(tags) {
            if end - first < 2 {
                continue;
            }
            for index in first..end {
                let info = self.infos[index];
                if !info.capitalised || self.in_long_name.get(info.lower).is_some() {
                    continue;
                }
                let position = if index + 1 == end {
                    2
                } else {
                    (index > first) as u8
                };
                self.in_long_name
                    .insert(info.lower, (index as u32, 1 + kind * 3 + position));
            }
        }
        self.memory.reset(self.memory.keys.len());
        self.changed.reset(self.memory.keys.len());
        self.gathered = true;
    }

    /// Appends the features of token `index` that the first pass's tags (`first_pass`) give
    /// elsewhere in the document, for a capitalised word: the tag the other mentions of the word
    /// mostly got, and the type and place of the word in a longer name elsewhere ("Sanders"
    /// after "Bernie Sanders"). Only after [`Featurizer::gather`].
    pub fn document_features(&self, index: usize, first_pass: &[u8], out: &mut Vec<u32>) {
        let (Some(&me), Some(&own)) = (self.infos.get(index), first_pass.get(index)) else {
            return;
        };
        if !me.capitalised || !self.gathered {
            return;
        }
        if let Some(mut counts) = self.tag_counts.get(me.lower) {
            counts[own as usize % TAGS] -= 1;
            let others: u16 = counts.iter().sum();
            if others > 0 {
                let most = best_count(&counts);
                let unanimous = (counts[most] == others) as u64;
                out.push(mix(45, mix(most as u64 * 2 + unanimous, me.class as u64)) as u32);
            }
        }
        if let Some((at, value)) = self.in_long_name.get(me.lower) {
            if at as usize != index {
                out.push(mix(46, value as u64) as u32);
            }
        }
    }

    /// Notes that the second pass tagged token `index` otherwise than the first.
    pub fn note_change(&mut self, index: usize) {
        if let Some(info) = self.infos.get(index).filter(|info| info.capitalised) {
            self.changed.insert(info.lower, 1);
        }
    }

    /// Whether the memory feature of token `index` may differ from the first pass's: its word
    /// is capitalised and the second pass changed an earlier tag of it.
    pub fn memory_changed(&self, index: usize) -> bool {
        self.infos
            .get(index)
            .is_some_and(|info| info.capitalised && self.changed.get(info.lower).is_some())
    }

    /// The previous-tag values for the first token of a sentence.
    pub fn start_tags() -> (u8, u8) {
        (START, START)
    }
}

/// The hash of a word lower-cased, digits folded to 0 and curly apostrophes made straight, as
/// the features and the gazetteer see it.
pub fn lower_hash(word: &str) -> u64 {
    let mut lower = SEED;
    let mut buffer = [0u8; 4];
    for c in word.chars() {
        if c.is_ascii_digit() {
            lower = fnv(lower, b"0");
        } else if c.is_uppercase() {
            for l in c.to_lowercase() {
                lower = fnv(lower, l.encode_utf8(&mut buffer).as_bytes());
            }
        } else {
            let c = if c == '’' { '\'' } else { c };
            lower = fnv(lower, c.encode_utf8(&mut buffer).as_bytes());
        }
    }
    lower | 1
}

fn info(word: &str, sentence: u32, gazetteer: &lexicon::Gazetteer) -> Info {
    let mut lower = SEED;
    let mut exact = SEED;
    let mut shape = SEED;
    let mut last_shape = 0u8;
    let mut repeat = 0;
    let (mut uppers, mut lowers, mut digits, mut others, mut dots) = (0, 0, 0, 0, 0);
    let mut first_upper = false;
    for (position, c) in word.chars().enumerate() {
        let mut buffer = [0u8; 4];
        exact = fnv(exact, c.encode_utf8(&mut buffer).as_bytes());
        let shape_char = if c.is_ascii_digit() {
            digits += 1;
            // Digits are folded so numbers share weights: "1996" and "2020" look alike.
            lower = fnv(lower, b"0");
            b'd'
        } else if c.is_uppercase() {
            uppers += 1;
            if position == 0 {
                first_upper = true;
            }
            for l in c.to_lowercase() {
                lower = fnv(lower, l.encode_utf8(&mut buffer).as_bytes());
            }
            b'X'
        } else if c.is_lowercase() {
            lowers += 1;
            lower = fnv(lower, c.encode_utf8(&mut buffer).as_bytes());
            b'x'
        } else {
            if c == '.' {
                dots += 1;
            }
            others += 1;
            // Curly and straight apostrophes are the same word ("’s" and "'s").
            let c = if c == '’' { '\'' } else { c };
            lower = fnv(lower, c.encode_utf8(&mut buffer).as_bytes());
            if c.is_ascii() {
                c as u8
            } else {
                b'*'
            }
        };
        // Runs of one kind collapse after two: "Xxxxx" and "Xxx" share the shape "Xxx".
        if shape_char == last_shape {
            repeat += 1;
        } else {
            repeat = 0;
        }
        last_shape = shape_char;
        if repeat < 2 {
            shape = fnv(shape, &[shape_char]);
        }
    }
    let class = if digits > 0 {
        Class::Digits
    } else if uppers == 0 && lowers > 0 {
        Class::Lower
    } else if uppers == 1 && lowers == 0 && others == 0 {
        Class::Initial
    } else if uppers > 0 && lowers == 0 && dots > 0 {
        Class::CapsDotted
    } else if uppers > 0 && lowers == 0 {
        Class::Caps
    } else if first_upper && uppers == 1 {
        Class::Title
    } else if uppers > 0 {
        Class::Mixed
    } else {
        Class::Other
    };
    Info {
        lower: lower | 1,
        exact,
        shape,
        class,
        capitalised: first_upper,
        gazetteer: gazetteer.classes(lower | 1),
        sentence,
    }
}

/// The index of the largest count, the first of equals.
fn best_count(counts: &[u16; TAGS]) -> usize {
    let mut best = 0;
    for (index, &count) in counts.iter().enumerate() {
        if count > counts[best] {
            best = index;
        }
    }
    best
}

/// A small open-addressing map from word hashes to a value, sized per document.
#[derive(Default)]
struct HashSlots<V = u8> {
    keys: Vec<u64>,
    values: Vec<V>,
}

impl<V: Copy + Default> HashSlots<V> {
    fn reset(&mut self, slots: usize) {
        self.keys.clear();
        self.keys.resize(slots, 0);
        self.values.clear();
        self.values.resize(slots, V::default());
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut slot = (key as usize) & mask;
        // Keys are never 0 (`| 1`), and the table is at least twice the number of keys, so
        // the probe ends at the key or at an empty slot.
        while self.keys[slot] != 0 && self.keys[slot] != key {
            slot = (slot + 1) & mask;
        }
        slot
    }

    #[inline(always)]
    fn insert(&mut self, key: u64, value: V) {
        if self.keys.is_empty() {
            return;
        }
        let slot = self.slot(key);
        self.keys[slot] = key;
        self.values[slot] = value;
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<V> {
        if self.keys.is_empty() {
            return None;
        }
        let slot = self.slot(key);
        (self.keys[slot] == key).then(|| self.values[slot])
    }
}
