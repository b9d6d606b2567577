//! The learned part: an averaged perceptron over hashed features, decoded greedily left to
//! right over IO tags of CoNLL's four types. Trained by `factmark-lab`'s `ner train`.

use super::features::{best_tag, Featurizer, OUTSIDE, TAGS};

/// The weights `ner train` wrote: see `data/ner.weights.md` for where they come from.
static EMBEDDED: &[u8] = include_bytes!("../../data/ner.weights");

/// Marks the end of the text header of a weights file; the binary part follows.
pub const HEADER_END: &[u8] = b"\n--- weights ---\n";
/// Identifies the binary layout: magic, a zero byte, tag count, rows / 1024 (u16), a table of
/// `SCALES` little-endian f32 row scales, then `ROW_BYTES` per row: the tags' weights as signed
/// four-bit values, two a byte, the first in the low bits, and last the row's scale code (four
/// bits; code 0 scales by 0, a pruned row).
pub const MAGIC: &[u8; 4] = b"FMN2";
/// Scale codes a row can have.
pub const SCALES: usize = 16;
/// Bytes a row takes: a nibble per tag and one for the scale code.
pub const ROW_BYTES: usize = (TAGS + 1).div_ceil(2);

/// Something that adds the weights of a feature to the tag scores.
pub trait Scorer {
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]);
}

/// Quantised weights: row `r`, tag `t` weighs nibble `t` of row `r` (signed) times the table's
/// value for the row's scale code.
pub struct Model {
    rows: usize,
    table: [f32; SCALES],
    weights: &'static [u8],
}

impl Model {
    /// The embedded model. A malformed file gives a model that finds nothing rather than a panic.
    pub fn embedded() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(EMBEDDED).unwrap_or(Model {
                rows: 0,
                table: [0.0; SCALES],
                weights: &[],
            })
        })
    }

    /// A model from the bytes of a weights file (the lab scores folds with models it trained).
    pub fn parse(file: &'static [u8]) -> Option<Model> {
        let header_end = file.windows(HEADER_END.len()).position(|w| w == HEADER_END)? + HEADER_END.len();
        let body = file.get(header_end..)?;
        if body.get(..4)? != MAGIC {
            return None;
        }
        let rows = 1024 * u16::from_le_bytes([*body.get(6)?, *body.get(7)?]) as usize;
        let tags = *body.get(5)? as usize;
        let mut table = [0.0f32; SCALES];
        for (index, value) in table.iter_mut().enumerate() {
            let at = 8 + 4 * index;
            *value = f32::from_le_bytes(body.get(at..at + 4)?.try_into().ok()?);
        }
        let weights = body.get(8 + 4 * SCALES..)?;
        if tags != TAGS || rows == 0 || weights.len() != rows * ROW_BYTES {
            return None;
        }
        Some(Model { rows, table, weights })
    }
}

impl Scorer for Model {
    #[inline(always)]
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]) {
        let row = row_of(feature, self.rows) * ROW_BYTES;
        let Some(bytes) = self.weights.get(row..row + ROW_BYTES) else {
            return;
        };
        let scale = self.table[(bytes[ROW_BYTES - 1] >> 4) as usize & (SCALES - 1)];
        if scale == 0.0 {
            return;
        }
        for (tag, score) in scores.iter_mut().enumerate() {
            let byte = bytes[tag / 2];
            let nibble = if tag & 1 == 0 { byte << 4 } else { byte & 0xf0 };
            // The arithmetic shift sign-extends the four bits.
            *score += ((nibble as i8) >> 4) as f32 * scale;
        }
    }
}

/// The weight row of a hashed feature among `rows`: multiply and shift, which spreads the hash
/// over any number of rows (not only powers of two) without a division.
pub fn row_of(feature: u32, rows: usize) -> usize {
    ((feature as u64 * rows as u64) >> 32) as usize
}

/// Tags every prepared token of `featurizer` in two greedy passes, each token after the tags
/// before it. The second pass adds what the first said of the same words elsewhere in the
/// document ([`Featurizer::document_features`]); it reuses the first pass's sums of the features
/// that do not depend on tags, so it costs a few weight rows a token, not all of them again.
pub fn tag<S: Scorer>(
    scorer: &S,
    featurizer: &mut Featurizer,
    words: &[&str],
    enabled: super::Rules,
    out: &mut Vec<u8>,
) {
    out.clear();
    let mut features = Vec::with_capacity(64);
    let mut fixed: Vec<[f32; TAGS]> = Vec::with_capacity(words.len());
    let mut first_pass = Vec::with_capacity(words.len());
    let (mut prev, mut prev2) = Featurizer::start_tags();
    for (index, word) in words.iter().enumerate() {
        if featurizer.starts_sentence(index) {
            (prev, prev2) = Featurizer::start_tags();
        }
        features.clear();
        featurizer.static_features(index, word, &mut features);
        let mut scores = [0.0f32; TAGS];
        for &feature in &features {
            scorer.add(feature, &mut scores);
        }
        fixed.push(scores);
        features.clear();
        featurizer.tag_features(index, prev, prev2, &mut features);
        let chosen = choose(scorer, featurizer, enabled, index, word, scores, &features);
        featurizer.remember(index, chosen);
        first_pass.push(chosen);
        prev2 = prev;
        prev = chosen;
    }
    featurizer.gather(&first_pass);
    let mut document = Vec::with_capacity(4);
    let (mut prev, mut prev2) = Featurizer::start_tags();
    let (mut first_prev, mut first_prev2) = Featurizer::start_tags();
    for (index, word) in words.iter().enumerate() {
        if featurizer.starts_sentence(index) {
            (prev, prev2) = Featurizer::start_tags();
            (first_prev, first_prev2) = Featurizer::start_tags();
        }
        document.clear();
        featurizer.document_features(index, &first_pass, &mut document);
        // A token with nothing new (no document features, the same tags before it and the same
        // memory of its word) scores exactly as in the first pass: most tokens, so the second
        // pass costs little.
        let chosen = if document.is_empty()
            && (prev, prev2) == (first_prev, first_prev2)
            && !featurizer.memory_changed(index)
        {
            first_pass[index]
        } else {
            features.clear();
            featurizer.tag_features(index, prev, prev2, &mut features);
            features.extend_from_slice(&document);
            choose(scorer, featurizer, enabled, index, word, fixed[index], &features)
        };
        if chosen != first_pass[index] {
            featurizer.note_change(index);
        }
        featurizer.remember(index, chosen);
        out.push(chosen);
        prev2 = prev;
        prev = chosen;
        first_prev2 = first_prev;
        first_prev = first_pass[index];
    }
}

/// The tag of token `index`: the best after adding `features` to `scores`, except that a common
/// word of a title-case headline is never a name.
#[inline(always)]
fn choose<S: Scorer>(
    scorer: &S,
    featurizer: &Featurizer,
    enabled: super::Rules,
    index: usize,
    word: &str,
    mut scores: [f32; TAGS],
    features: &[u32],
) -> u8 {
    for &feature in features {
        scorer.add(feature, &mut scores);
    }
    if enabled.headline_common_words && featurizer.is_headline_common_word(index, word) {
        OUTSIDE
    } else {
        best_tag(&scores)
    }
}
