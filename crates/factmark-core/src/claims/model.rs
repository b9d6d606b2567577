//! The claim scorer's weights: a logistic regression over hashed n-grams and named cues,
//! embedded from `data/claims.weights` and read in place without copying.
//!
//! The file starts with a text header (source, licence, the command that wrote it) that ends
//! at the first empty line; then come, little-endian: the feature fingerprint (u32), the
//! number of hash bits (u8), the bias, the n-gram baseline, the n-gram step and one weight per
//! cue (f32 each), and one signed byte per n-gram bucket. The baseline is the n-grams' mean
//! contribution over the training sentences: the bias includes it, and the wording's
//! contribution is reported relative to it, so that "wording" is a reason only when this
//! sentence's words differ from a typical sentence's. Quantising the n-gram weights to bytes keeps the
//! embedded table small: most buckets hold small weights that a byte represents well enough.

use super::features::{Cue, Features, CUE_COUNT};

/// The weights shipped with Factmark, written by `cargo run --release -p factmark-lab --bin
/// claims -- train`.
static EMBEDDED: &[u8] = include_bytes!("../../data/claims.weights");

/// Changes whenever the features change meaning (cue order, tokens, hashing), so weights
/// trained on other features are refused instead of silently misread.
pub const FINGERPRINT: u32 = 0x0000_0005 ^ (CUE_COUNT as u32) << 8;

/// Why a weights file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeightsError {
    NoHeader,
    WrongFingerprint { found: u32, expected: u32 },
    BadBits(u8),
    Truncated { expected: usize, found: usize },
}

impl std::fmt::Display for WeightsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightsError::NoHeader => write!(f, "the claim weights have no text header ending in an empty line"),
            WeightsError::WrongFingerprint { found, expected } => write!(
                f,
                "the claim weights were trained on other features ({found:#x}, expected {expected:#x}): retrain them"
            ),
            WeightsError::BadBits(bits) => write!(f, "the claim weights claim {bits} hash bits"),
            WeightsError::Truncated { expected, found } => {
                write!(f, "the claim weights hold {found} bytes where {expected} were expected")
            }
        }
    }
}

impl std::error::Error for WeightsError {}

/// A linear model over [`Features`]: `bias + Σ cue weights + Σ n-gram weights`, squashed by
/// the logistic function into a 0..1 score.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    pub bias: f32,
    baseline: f32,
    pub cues: [f32; CUE_COUNT],
    bits: u32,
    step: f32,
    ngrams: &'a [u8],
}

/// How a sentence's score came about, for the reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakdown {
    /// The score before squashing.
    pub logit: f32,
    /// Each cue's contribution (weight × value), indexed by [`Cue::index`].
    pub cues: [f32; CUE_COUNT],
    /// The n-grams' summed contribution, relative to a typical training sentence's.
    pub ngrams: f32,
}

impl Breakdown {
    pub fn score(&self) -> f32 {
        logistic(self.logit)
    }
}

pub fn logistic(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit).exp())
}

/// The bucket of an n-gram hash in a table of `2^bits` buckets. The multiply spreads FNV's
/// weak high bits before the shift keeps them.
pub fn bucket(hash: u32, bits: u32) -> usize {
    (hash.wrapping_mul(0x9e37_79b1) >> (32 - bits)) as usize
}

impl Model<'static> {
    /// The shipped model. Its file is checked by a test, so a bad file cannot ship; should it
    /// ever fail to read, every sentence scores from an empty model rather than panicking.
    pub fn embedded() -> Model<'static> {
        Model::parse(EMBEDDED).unwrap_or_else(|error| {
            debug_assert!(false, "{error}");
            Model::empty()
        })
    }
}

impl<'a> Model<'a> {
    /// A model that gives every sentence the same score, 0.5.
    pub fn empty() -> Model<'a> {
        Model {
            bias: 0.0,
            baseline: 0.0,
            cues: [0.0; CUE_COUNT],
            bits: 1,
            step: 0.0,
            ngrams: &[0, 0],
        }
    }

    pub fn parse(bytes: &'a [u8]) -> Result<Model<'a>, WeightsError> {
        let body_start = bytes
            .windows(2)
            .position(|pair| pair == b"\n\n")
            .ok_or(WeightsError::NoHeader)?
            + 2;
        let body = &bytes[body_start..];
        let fixed = 4 + 1 + 4 * (3 + CUE_COUNT);
        if body.len() < fixed {
            return Err(WeightsError::Truncated {
                expected: fixed,
                found: body.len(),
            });
        }
        let word = |at: usize| [body[at], body[at + 1], body[at + 2], body[at + 3]];
        let fingerprint = u32::from_le_bytes(word(0));
        if fingerprint != FINGERPRINT {
            return Err(WeightsError::WrongFingerprint {
                found: fingerprint,
                expected: FINGERPRINT,
            });
        }
        let bits = body[4];
        if !(1..=28).contains(&bits) {
            return Err(WeightsError::BadBits(bits));
        }
        let float = |at: usize| f32::from_le_bytes(word(at));
        let bias = float(5);
        let baseline = float(9);
        let step = float(13);
        let mut cues = [0.0; CUE_COUNT];
        for (index, weight) in cues.iter_mut().enumerate() {
            *weight = float(17 + 4 * index);
        }
        let ngrams = &body[fixed..];
        if ngrams.len() != 1 << bits {
            return Err(WeightsError::Truncated {
                expected: fixed + (1 << bits),
                found: body.len(),
            });
        }
        Ok(Model {
            bias,
            baseline,
            cues,
            bits: bits as u32,
            step,
            ngrams,
        })
    }

    /// The weight of one n-gram hash.
    pub fn ngram(&self, hash: u32) -> f32 {
        self.ngrams[bucket(hash, self.bits)] as i8 as f32 * self.step
    }

    pub fn breakdown(&self, features: &Features) -> Breakdown {
        let mut cues = [0.0; CUE_COUNT];
        let mut logit = self.bias;
        for cue in Cue::ALL {
            let contribution = self.cues[cue.index()] * features.cues[cue.index()];
            cues[cue.index()] = contribution;
            logit += contribution;
        }
        let mut quantised: i32 = 0;
        for &hash in &features.ngrams {
            quantised += self.ngrams[bucket(hash, self.bits)] as i8 as i32;
        }
        let ngrams = quantised as f32 * self.step * features.ngram_scale - self.baseline;
        Breakdown {
            logit: logit + ngrams,
            cues,
            ngrams,
        }
    }
}

/// The weights a training command fitted: `bias + Σ cues + Σ ngrams × scale` is the logit.
pub struct Trained<'w> {
    pub bias: f32,
    pub cues: [f32; CUE_COUNT],
    pub ngrams: &'w [f32],
    /// The mean of `Σ ngrams × scale` over the training sentences.
    pub baseline: f32,
}

/// Writes a weights file: `header` lines (each prefixed "# "), then the weights, the n-gram
/// weights quantised to signed bytes. Used by the training command.
pub fn write(header: &[String], trained: &Trained) -> Vec<u8> {
    let ngrams = trained.ngrams;
    let bits = ngrams.len().trailing_zeros();
    assert!(
        ngrams.len().is_power_of_two() && bits >= 1,
        "the n-gram table is a power of two"
    );
    let largest = ngrams.iter().fold(0.0f32, |m, w| m.max(w.abs()));
    let step = if largest == 0.0 { 1.0 } else { largest / 127.0 };
    let mut out = Vec::with_capacity(ngrams.len() + 1024);
    for line in header {
        out.extend_from_slice(b"# ");
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(&FINGERPRINT.to_le_bytes());
    out.push(bits as u8);
    // The bias absorbs the baseline, so the logit is unchanged.
    out.extend_from_slice(&(trained.bias + trained.baseline).to_le_bytes());
    out.extend_from_slice(&trained.baseline.to_le_bytes());
    out.extend_from_slice(&step.to_le_bytes());
    for weight in &trained.cues {
        out.extend_from_slice(&weight.to_le_bytes());
    }
    out.extend(
        ngrams
            .iter()
            .map(|w| (w / step).round().clamp(-127.0, 127.0) as i8 as u8),
    );
    out
}
