//! Shared pieces of the training and scoring commands: where the data lives and how scores are
//! counted. Each detector has its own binary in `src/bin/`.

use std::path::PathBuf;

pub mod calibration;
pub mod claims;

/// The read-only development data beside the checkout (`../shared/data`), or `$FACTMARK_DATA`.
pub fn data_dir() -> PathBuf {
    std::env::var_os("FACTMARK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")))
}

/// A fixed-seed xorshift generator: the same shuffles on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// True and false positives and negatives, and the precision, recall and F1 they give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }

    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }

    /// "P 91.2  R 88.0  F1 89.6  (tp 10, fp 1, fn 2)", percentages.
    pub fn summary(&self) -> String {
        format!(
            "P {:5.1}  R {:5.1}  F1 {:5.1}  (tp {}, fp {}, fn {})",
            100.0 * self.precision(),
            100.0 * self.recall(),
            100.0 * self.f1(),
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )
    }
}

/// F1 of a precision and a recall taken from different counts (0 when both are 0).
pub fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// `part / whole`, 0 for an empty whole.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Average precision of a ranking: `scored` holds (score, is_positive); ties keep input order.
pub fn average_precision(scored: &[(f64, bool)]) -> f64 {
    let mut ranked: Vec<&(f64, bool)> = scored.iter().collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = ranked.iter().filter(|(_, positive)| *positive).count();
    if positives == 0 {
        return 0.0;
    }
    let mut hits = 0;
    let mut sum = 0.0;
    for (rank, (_, positive)) in ranked.iter().enumerate() {
        if *positive {
            hits += 1;
            sum += hits as f64 / (rank + 1) as f64;
        }
    }
    sum / positives as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_precision_recall_and_f1() {
        let counts = Counts {
            true_positives: 8,
            false_positives: 2,
            false_negatives: 8,
        };
        assert!((counts.precision() - 0.8).abs() < 1e-9);
        assert!((counts.recall() - 0.5).abs() < 1e-9);
        assert!((counts.f1() - 0.8 * 0.5 * 2.0 / 1.3).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn average_precision_rewards_positives_ranked_first() {
        assert_eq!(average_precision(&[(0.9, true), (0.8, true), (0.1, false)]), 1.0);
        let ap = average_precision(&[(0.9, false), (0.8, true)]);
        assert!((ap - 0.5).abs() < 1e-9);
    }
}
