//! The learned part: an averaged perceptron over hashed features, decoded greedily left to
//! right over IO tags of CoNLL's four types. Trained by `factmark-lab`'s `ner train`.

use super::features::{best_tag, Featurizer, OUTSIDE, TAGS};

/// The weights `ner train` wrote: see `data/ner.weights.md` for where they come from.
static EMBEDDED: &[u8] = include_bytes!("../../data/ner.weights");

/// Marks the end of the text header of a weights file; the binary part follows.
pub const HEADER_END: &[u8] = b"\n--- weights ---\n";
/// Identifies the binary layout: magic, a zero byte, tag count, rows / 1024 (u16), a table of 256
/// little-endian f32 row scales, one scale code per row, then one signed byte per (row, tag).
pub const MAGIC: &[u8; 4] = b"FMN1";

/// Something that adds the weights of a feature to the tag scores.
pub trait Scorer {
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]);
}

/// Quantised weights: row `r`, tag `t` weighs `weights[r * TAGS + t] as i8 * table[scales[r]]`.
pub struct Model {
    rows: usize,
    table: [f32; 256],
    scales: &'static [u8],
    weights: &'static [u8],
}

impl Model {
    /// The embedded model. A malformed file gives a model that finds nothing rather than a panic.
    pub fn embedded() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(EMBEDDED).unwrap_or(Model {
                rows: 0,
                table: [0.0; 256],
                scales: &[],
                weights: &[],
            })
        })
    }

    fn parse(file: &'static [u8]) -> Option<Model> {
        let header_end = file.windows(HEADER_END.len()).position(|w| w == HEADER_END)? + HEADER_END.len();
        let body = file.get(header_end..)?;
        if body.get(..4)? != MAGIC {
            return None;
        }
        let rows = 1024 * u16::from_le_bytes([*body.get(6)?, *body.get(7)?]) as usize;
        let tags = *body.get(5)? as usize;
        let mut table = [0.0f32; 256];
        for (index, value) in table.iter_mut().enumerate() {
            let at = 8 + 4 * index;
            *value = f32::from_le_bytes(body.get(at..at + 4)?.try_into().ok()?);
        }
        if tags != TAGS || rows == 0 {
            return None;
        }
        let scales = body.get(8 + 4 * 256..8 + 4 * 256 + rows)?;
        let weights = body.get(8 + 4 * 256 + rows..)?;
        if weights.len() != rows * TAGS {
            return None;
        }
        Some(Model {
            rows,
            table,
            scales,
            weights,
        })
    }
}

impl Scorer for Model {
    #[inline(always)]
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]) {
        if self.rows == 0 {
            return;
        }
        let row = row_of(feature, self.rows);
        let scale = self.table[self.scales.get(row).copied().unwrap_or(0) as usize];
        if scale == 0.0 {
            return;
        }
        if let Some(weights) = self.weights.get(row * TAGS..row * TAGS + TAGS) {
            for (score, &weight) in scores.iter_mut().zip(weights) {
                *score += (weight as i8) as f32 * scale;
            }
        }
    }
}

/// The weight row of a hashed feature among `rows`: multiply and shift, which spreads the hash
/// over any number of rows (not only powers of two) without a division.
pub fn row_of(feature: u32, rows: usize) -> usize {
    ((feature as u64 * rows as u64) >> 32) as usize
}

/// Tags every prepared token of `featurizer` greedily, each after the tags before it.
pub fn tag<S: Scorer>(scorer: &S, featurizer: &mut Featurizer, words: &[&str], out: &mut Vec<u8>) {
    out.clear();
    let mut features = Vec::with_capacity(64);
    let (mut prev, mut prev2) = Featurizer::start_tags();
    for (index, word) in words.iter().enumerate() {
        if featurizer.starts_sentence(index) {
            (prev, prev2) = Featurizer::start_tags();
        }
        features.clear();
        featurizer.static_features(index, word, &mut features);
        featurizer.tag_features(index, prev, prev2, &mut features);
        let mut scores = [0.0f32; TAGS];
        for &feature in &features {
            scorer.add(feature, &mut scores);
        }
        let chosen = if featurizer.is_headline_common_word(index, word) {
            OUTSIDE
        } else {
            best_tag(&scores)
        };
        featurizer.remember(index, chosen);
        out.push(chosen);
        prev2 = prev;
        prev = chosen;
    }
}
