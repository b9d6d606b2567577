//! Gazetteers: names of countries, cities, nationalities and other lists that tell GPE from LOC
//! and NORP from other MISC, and give the tagger a class feature for known names.

/// Class bits of a word in the gazetteers.
pub struct Gazetteer {}

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        static GAZETTEER: Gazetteer = Gazetteer {};
        &GAZETTEER
    }

    /// The gazetteer classes of a lower-cased word hash, as bits.
    pub fn classes(&self, _lower: u64) -> u8 {
        0
    }
}
