//! Word lists: the gazetteer of place names (extracted from registry packages, see
//! `data/gazetteer.txt`), and the short hand-written lists of general English that the rules
//! use (months, number words, units, the words that mark a law, an event or a landform).
//! Nothing here comes from the training data.

/// The embedded gazetteer: `G` (countries, states, cities) or `L` (continents, regions), a tab,
/// a name, one a line, after a `#` header naming its sources.
static GAZETTEER: &str = include_str!("../../data/gazetteer.txt");

/// Gazetteer class bits, as the tagger's feature sees them.
pub const COUNTRY_OR_CITY: u8 = 1;
pub const REGION: u8 = 2;
/// The word starts a multi-word name of the gazetteer ("New" of "New York").
pub const NAME_START: u8 = 4;

/// Maps keyed by word hashes, which are already well mixed: hashing them again would only cost
/// time on every token.
pub type HashKeyed<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Passes a `u64` key through as its own hash.
#[derive(Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ byte as u64;
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Place names by the hash of their lower-cased words (see `features::lower_hash`).
pub struct Gazetteer {
    /// Single words and whole multi-word names → class bits.
    names: HashKeyed<u8>,
}

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        static GAZETTEER_MAP: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        GAZETTEER_MAP.get_or_init(Gazetteer::load)
    }

    fn load() -> Gazetteer {
        let mut names = HashKeyed::default();
        for line in GAZETTEER.lines() {
            let Some((class, name)) = line.split_once('\t') else {
                continue;
            };
            let bits = match class {
                "G" => COUNTRY_OR_CITY,
                "L" => REGION,
                _ => continue,
            };
            let mut words = name.split(' ');
            let first = words.next().unwrap_or("");
            if name.contains(' ') {
                *names.entry(super::features::lower_hash(first)).or_insert(0) |= NAME_START;
            }
            *names.entry(phrase_hash(name.split(' '))).or_insert(0) |= bits;
        }
        Gazetteer { names }
    }

    /// The gazetteer classes of one word, by its lower-case hash.
    pub fn classes(&self, lower: u64) -> u8 {
        self.names.get(&lower).copied().unwrap_or(0)
    }

    /// The classes of a multi-word name, 0 when it is not one.
    pub fn phrase_classes(&self, words: &[&str]) -> u8 {
        let bits = self
            .names
            .get(&phrase_hash(words.iter().copied()))
            .copied()
            .unwrap_or(0);
        bits & (COUNTRY_OR_CITY | REGION)
    }

    /// Whether the words name a country, state or city.
    pub fn is_place(&self, words: &[&str]) -> bool {
        self.names
            .get(&phrase_hash(words.iter().copied()))
            .is_some_and(|bits| bits & COUNTRY_OR_CITY != 0)
    }

    /// Whether the words name a continent or region (LOC rather than GPE).
    pub fn is_region(&self, words: &[&str]) -> bool {
        self.names
            .get(&phrase_hash(words.iter().copied()))
            .is_some_and(|bits| bits & REGION != 0 && bits & COUNTRY_OR_CITY == 0)
    }
}

/// The hash of a phrase: one word hashes as the word alone, so single names and phrases share
/// one table.
fn phrase_hash<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash = 0u64;
    for (index, word) in words.enumerate() {
        let word_hash = super::features::lower_hash(word);
        hash = if index == 0 {
            word_hash
        } else {
            (hash.rotate_left(17) ^ word_hash) | 1
        };
    }
    hash
}

fn lower_eq(word: &str, list: &[&str]) -> bool {
    let mut buffer = [0u8; 16];
    crate::tokens::ascii_lower(word, &mut buffer).is_some_and(|lower| list.contains(&lower))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub fn is_month(word: &str) -> bool {
    crate::tokens::is_capitalised(word) && lower_eq(word, MONTHS)
}

pub fn is_day(word: &str) -> bool {
    crate::tokens::is_capitalised(word) && lower_eq(word, DAYS)
}

pub fn is_month_or_day(word: &str) -> bool {
    is_month(word) || is_day(word)
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
    "half",
    "several",
    "few",
    "hundreds",
    "thousands",
    "millions",
    "dozens",
];
const MULTIPLIERS: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "mln", "m",
];
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-fifth",
];

/// A number in digits ("2.5", "1,000", "40") or words ("eight", "twenty-five").
pub fn is_number(word: &str) -> bool {
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    if digits > 0 {
        let first_digit = word.as_bytes().first().is_some_and(u8::is_ascii_digit);
        return first_digit
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'/'));
    }
    if lower_eq(word, NUMBER_WORDS) {
        return true;
    }
    // "twenty-five"
    match word.split_once('-') {
        Some((tens, ones)) => lower_eq(tens, NUMBER_WORDS) && lower_eq(ones, NUMBER_WORDS),
        None => false,
    }
}

pub fn is_multiplier(word: &str) -> bool {
    lower_eq(word, MULTIPLIERS)
}

pub fn is_ordinal(word: &str) -> bool {
    lower_eq(word, ORDINALS)
        || (word.len() >= 3
            && word.as_bytes()[0].is_ascii_digit()
            && ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s)))
}

/// Landforms and waters: a LOC, not a GPE ("Black Sea", "Mount Everest").
pub fn is_landform(word: &str) -> bool {
    matches!(
        word,
        "River"
            | "Sea"
            | "Ocean"
            | "Mountains"
            | "Mount"
            | "Mt."
            | "Lake"
            | "Gulf"
            | "Bay"
            | "Valley"
            | "Desert"
            | "Peninsula"
            | "Strait"
            | "Straits"
            | "Coast"
            | "Basin"
            | "Canal"
            | "Channel"
            | "Island"
            | "Islands"
            | "Alps"
            | "Himalayas"
            | "Plateau"
            | "Plains"
            | "Delta"
            | "Glacier"
    )
}

/// Buildings and structures: FAC.
pub fn is_facility(word: &str) -> bool {
    matches!(
        word,
        "Airport"
            | "Bridge"
            | "Street"
            | "Avenue"
            | "Road"
            | "Square"
            | "Tower"
            | "Stadium"
            | "Highway"
            | "Building"
            | "Arena"
            | "Station"
            | "Dam"
            | "Pipeline"
            | "Terminal"
            | "Harbor"
            | "Harbour"
            | "Plaza"
            | "Boulevard"
            | "Cathedral"
            | "Mosque"
            | "Temple"
            | "Prison"
            | "Hospital"
    )
}

/// Organisations' words that a title never precedes as a name ("Justice Department").
pub fn is_organisation_word(word: &str) -> bool {
    matches!(
        word,
        "Department"
            | "Ministry"
            | "Office"
            | "Party"
            | "Council"
            | "Committee"
            | "Agency"
            | "Commission"
            | "Bank"
            | "Group"
            | "Inc."
            | "Corp."
            | "Court"
            | "House"
            | "Senate"
            | "Congress"
            | "Assembly"
            | "Administration"
            | "Association"
            | "Union"
            | "Board"
            | "Company"
            | "Motors"
            | "Electric"
    )
}

pub fn is_law_word(word: &str) -> bool {
    matches!(
        word,
        "Act"
            | "Treaty"
            | "Accord"
            | "Accords"
            | "Agreement"
            | "Constitution"
            | "Amendment"
            | "Bill"
            | "Code"
            | "Convention"
            | "Protocol"
            | "Charter"
            | "Resolution"
            | "Law"
            | "Article"
    )
}

pub fn is_event_word(word: &str) -> bool {
    matches!(
        word,
        "War"
            | "Olympics"
            | "Olympic"
            | "Games"
            | "Cup"
            | "Championship"
            | "Championships"
            | "Open"
            | "Summit"
            | "Election"
            | "Elections"
            | "Revolution"
            | "Crisis"
            | "Festival"
            | "Prix"
            | "Tour"
            | "Conference"
            | "Forum"
            | "Marathon"
            | "Series"
            | "Bowl"
            | "Masters"
            | "Rally"
            | "Uprising"
            | "Pandemic"
            | "Holocaust"
            | "Derby"
            | "Classic"
            | "Grand"
            | "Expo"
    )
}

pub fn is_language(word: &str) -> bool {
    matches!(
        word,
        "English"
            | "French"
            | "Spanish"
            | "German"
            | "Arabic"
            | "Russian"
            | "Chinese"
            | "Mandarin"
            | "Cantonese"
            | "Japanese"
            | "Hindi"
            | "Urdu"
            | "Persian"
            | "Farsi"
            | "Hebrew"
            | "Ukrainian"
            | "Portuguese"
            | "Italian"
            | "Korean"
            | "Turkish"
            | "Polish"
            | "Dutch"
            | "Swahili"
            | "Bengali"
            | "Latin"
            | "Greek"
    )
}

/// Nationality, religious or political group words: "Russian", "Ukrainians", "Republicans",
/// "Muslims", "Swiss". A suffix test covers most demonyms; a short list the rest.
pub fn looks_like_group(word: &str) -> bool {
    let stem = word.strip_suffix('s').unwrap_or(word);
    let groups = [
        "Democrat",
        "Republican",
        "Muslim",
        "Jew",
        "Jewish",
        "Christian",
        "Catholic",
        "Protestant",
        "Sunni",
        "Shia",
        "Shiite",
        "Hindu",
        "Buddhist",
        "Sikh",
        "Kurd",
        "Arab",
        "Communist",
        "Socialist",
        "Conservative",
        "Liberal",
        "Tory",
        "Tories",
        "Greek",
        "Thai",
        "Swis",
        "Swiss",
        "French",
        "Dutch",
        "Irish",
        "Welsh",
        "Scottish",
        "English",
        "Czech",
        "Turk",
        "Serb",
        "Croat",
        "Basque",
        "Uzbek",
        "Kazakh",
        "Tajik",
        "Saudi",
        "Somali",
        "Bengali",
        "Pakistani",
        "Israeli",
        "Iraqi",
        "Briton",
        "Scot",
        "Dane",
        "Finn",
        "Pole",
        "Swede",
        "Filipino",
        "Maori",
        "Nazi",
        "Soviet",
        "Marxist",
        "Islamist",
        "Evangelical",
        "Mormon",
        "Zionist",
        "Democratic",
        "Labour",
        "Chinese",
        "Japanese",
    ];
    if groups.contains(&stem) || groups.contains(&word) {
        return true;
    }
    crate::tokens::is_capitalised(word)
        && ["an", "ian", "ese", "ish", "i", "ic", "ean"]
            .iter()
            .any(|suffix| stem.ends_with(suffix))
}

/// Names that look like products: a model number or mixed letters and digits ("iPhone 15").
pub fn looks_like_product(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit()) || word.starts_with(|c: char| c.is_lowercase())
}

/// English function words and reporting verbs, which title-case headlines capitalise.
pub fn is_function_word(word: &str) -> bool {
    lower_eq(
        word,
        &[
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "of",
            "in",
            "on",
            "at",
            "to",
            "for",
            "with",
            "by",
            "from",
            "into",
            "over",
            "after",
            "before",
            "about",
            "amid",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "will",
            "would",
            "can",
            "could",
            "may",
            "might",
            "has",
            "have",
            "had",
            "says",
            "said",
            "say",
            "tells",
            "told",
            "warns",
            "calls",
            "makes",
            "made",
            "gets",
            "takes",
            "its",
            "his",
            "her",
            "their",
            "this",
            "that",
            "these",
            "those",
            "new",
            "not",
            "no",
            "up",
            "down",
            "out",
            "off",
            "than",
            "more",
            "talks",
            "deal",
            "plan",
            "wo",
            "ca",
            "do",
            "does",
            "did",
            "should",
            "must",
            "wins",
            "win",
            "won",
            "vows",
            "urges",
            "backs",
            "rejects",
            "faces",
            "signs",
            "announces",
            "plans",
            "seeks",
            "sees",
            "hits",
            "falls",
            "rises",
            "slams",
            "warns",
            "claims",
            "denies",
            "agrees",
            "wants",
            "clinching",
            "clinches",
            "leads",
            "loses",
            "quits",
            "resigns",
            "dies",
            "dead",
            "killed",
            "attack",
            "orders",
            "pushes",
            "blocks",
            "bans",
            "meets",
            "visits",
            "progress",
            "weekend",
            "week",
            "year",
            "day",
            "why",
            "how",
            "what",
            "who",
            "when",
            "where",
            "while",
            "under",
            "against",
            "between",
            "through",
            "during",
            "without",
            "via",
        ],
    )
}

/// Word flags: a title before a name, or a word that can start a figure.
pub const TITLE: u8 = 1;
pub const FIGURE: u8 = 2;

/// The flags of `word`, looked up by its lower-case hash: one lookup per token instead of a
/// scan of every list.
pub fn word_flags(word: &str) -> u8 {
    if word.len() > 24 {
        return 0;
    }
    flags_of_hash(super::features::lower_hash(word))
}

fn word_flag_map() -> &'static HashKeyed<u8> {
    static FLAGS: std::sync::OnceLock<HashKeyed<u8>> = std::sync::OnceLock::new();
    FLAGS.get_or_init(|| {
        let mut flags = HashKeyed::default();
        for &title in super::rules::TITLES {
            *flags.entry(super::features::lower_hash(title)).or_insert(0) |= TITLE;
        }
        for list in [MONTHS, DAYS, NUMBER_WORDS, super::figures::TRIGGERS] {
            for &word in list {
                *flags.entry(super::features::lower_hash(word)).or_insert(0) |= FIGURE;
            }
        }
        flags
    })
}

/// The flags of a word by its lower-case hash (`features::lower_hash`), which the featurizer
/// has already computed for every token.
pub fn flags_of_hash(lower: u64) -> u8 {
    word_flag_map().get(&lower).copied().unwrap_or(0)
}
