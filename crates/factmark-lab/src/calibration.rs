//! Turning a scorer's log-odds into probabilities that mean what they say, and measuring how
//! well they do: Platt scaling, a reliability table, and the threshold a calibrated score
//! implies.

use crate::Counts;

/// Platt scaling: `probability = logistic(a × logit + b)`. Fitted on out-of-fold log-odds, it
/// corrects a model that is over- or under-confident on sentences from sources it never saw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Platt {
    pub a: f64,
    pub b: f64,
}

impl Platt {
    pub const IDENTITY: Platt = Platt { a: 1.0, b: 0.0 };

    /// Fits `a` and `b` by Newton's method on the log loss, with Platt's smoothed targets
    /// (which keep a perfectly separated set from sending `a` to infinity).
    pub fn fit(scored: &[(f64, bool)]) -> Platt {
        let positives = scored.iter().filter(|(_, positive)| *positive).count() as f64;
        let negatives = scored.len() as f64 - positives;
        let high = (positives + 1.0) / (positives + 2.0);
        let low = 1.0 / (negatives + 2.0);
        let loss = |a: f64, b: f64| -> f64 {
            scored
                .iter()
                .map(|&(logit, positive)| {
                    let target = if positive { high } else { low };
                    let p = logistic(a * logit + b).clamp(1e-15, 1.0 - 1e-15);
                    -(target * p.ln() + (1.0 - target) * (1.0 - p).ln())
                })
                .sum()
        };
        let (mut a, mut b) = (1.0f64, 0.0f64);
        for _ in 0..50 {
            // Gradient and Hessian of the log loss in (a, b).
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for &(logit, positive) in scored {
                let target = if positive { high } else { low };
                let p = logistic(a * logit + b);
                let error = p - target;
                let weight = (p * (1.0 - p)).max(1e-12);
                ga += error * logit;
                gb += error;
                haa += weight * logit * logit;
                hab += weight * logit;
                hbb += weight;
            }
            let determinant = haa * hbb - hab * hab;
            if determinant.abs() < 1e-12 {
                break;
            }
            let da = (hbb * ga - hab * gb) / determinant;
            let db = (haa * gb - hab * ga) / determinant;
            // Newton's step, halved until the loss falls: a full step can overshoot when
            // many scores sit where the logistic curve is flat.
            let before = loss(a, b);
            let mut step = 1.0;
            while step > 1e-6 && loss(a - step * da, b - step * db) > before {
                step /= 2.0;
            }
            a -= step * da;
            b -= step * db;
            if step * (da.abs() + db.abs()) < 1e-9 {
                break;
            }
        }
        Platt { a, b }
    }

    pub fn apply(&self, logit: f64) -> f64 {
        logistic(self.a * logit + self.b)
    }
}

pub fn logistic(logit: f64) -> f64 {
    1.0 / (1.0 + (-logit).exp())
}

/// The log-odds of a probability, clamped away from 0 and 1.
pub fn logit(probability: f64) -> f64 {
    let p = probability.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// One row of a reliability table: the scores in `low..high`, how many, their mean and the
/// share of them that were check-worthy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
    pub mean_score: f64,
    pub positive_rate: f64,
}

/// Ten bins of width 0.1. A calibrated scorer's positive rate in each bin is close to its mean
/// score.
pub fn reliability(scored: &[(f64, bool)]) -> Vec<Bin> {
    (0..10)
        .map(|index| {
            let low = index as f64 / 10.0;
            let high = low + 0.1;
            let inside: Vec<&(f64, bool)> = scored
                .iter()
                .filter(|(score, _)| *score >= low && (*score < high || index == 9))
                .collect();
            let count = inside.len();
            let mean = |value: &dyn Fn(&(f64, bool)) -> f64| {
                if count == 0 {
                    0.0
                } else {
                    inside.iter().map(|item| value(item)).sum::<f64>() / count as f64
                }
            };
            Bin {
                low,
                high,
                count,
                mean_score: mean(&|(score, _)| *score),
                positive_rate: mean(&|(_, positive)| f64::from(u8::from(*positive))),
            }
        })
        .collect()
}

/// Expected calibration error: the count-weighted mean gap between score and positive rate.
pub fn expected_calibration_error(bins: &[Bin]) -> f64 {
    let total: usize = bins.iter().map(|bin| bin.count).sum();
    bins.iter()
        .map(|bin| bin.count as f64 * (bin.mean_score - bin.positive_rate).abs())
        .sum::<f64>()
        / total.max(1) as f64
}

/// Prints a reliability table, indented by two spaces.
pub fn print_reliability(bins: &[Bin]) {
    println!("  score      sentences  mean score  check-worthy");
    for bin in bins.iter().filter(|bin| bin.count > 0) {
        println!(
            "  {:.1}–{:.1}  {:>9}  {:>10.3}  {:>12.3}",
            bin.low, bin.high, bin.count, bin.mean_score, bin.positive_rate
        );
    }
    println!(
        "  expected calibration error {:.3}",
        expected_calibration_error(bins)
    );
}

/// The counts when every sentence scoring at least `threshold` is called check-worthy.
pub fn counts_at(scored: &[(f64, bool)], threshold: f64) -> Counts {
    let mut counts = Counts::default();
    for &(score, positive) in scored {
        let predicted = score >= threshold;
        counts.add(Counts {
            true_positives: usize::from(predicted && positive),
            false_positives: usize::from(predicted && !positive),
            false_negatives: usize::from(!predicted && positive),
        });
    }
    counts
}

/// The F1 at each threshold from 0.05 to 0.95 in steps of 0.01.
pub fn f1_curve(scored: &[(f64, bool)]) -> Vec<(f64, f64)> {
    (5..=95)
        .map(|step| {
            let threshold = step as f64 / 100.0;
            (threshold, counts_at(scored, threshold).f1())
        })
        .collect()
}

/// The threshold to ship: the lowest one whose F1 is within `tolerance` of the best. Sources
/// unlike the training data lose recall first (their claims score lower), so of thresholds
/// that are as good here, the one that keeps most recall travels best.
pub fn recall_leaning_threshold(scored: &[(f64, bool)], tolerance: f64) -> (f64, f64) {
    let curve = f1_curve(scored);
    let best = curve.iter().fold(0.0f64, |best, &(_, f1)| best.max(f1));
    curve
        .into_iter()
        .find(|&(_, f1)| f1 >= best - tolerance)
        .unwrap_or((0.5, 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_recovers_a_known_scaling() {
        // Labels drawn so that P(positive | logit) = logistic(0.5 × logit − 1), deterministically:
        // at each logit, a share of positives equal to that probability.
        let mut scored = Vec::new();
        for step in -40..=40 {
            let logit = step as f64 / 4.0;
            let p = logistic(0.5 * logit - 1.0);
            let positives = (p * 200.0).round() as usize;
            for index in 0..200 {
                scored.push((logit, index < positives));
            }
        }
        let platt = Platt::fit(&scored);
        assert!((platt.a - 0.5).abs() < 0.02, "{platt:?}");
        assert!((platt.b + 1.0).abs() < 0.05, "{platt:?}");
    }

    #[test]
    fn reliability_bins_count_and_average() {
        let scored = [
            (0.05, false),
            (0.15, false),
            (0.12, true),
            (0.95, true),
            (1.0, true),
        ];
        let bins = reliability(&scored);
        assert_eq!(bins[0].count, 1);
        assert_eq!(bins[1].count, 2);
        assert!((bins[1].positive_rate - 0.5).abs() < 1e-9);
        assert_eq!(bins[9].count, 2, "1.0 falls in the last bin");
    }

    #[test]
    fn the_threshold_leans_to_recall_within_the_tolerance() {
        let scored = [(0.9, true), (0.6, true), (0.5, false), (0.3, true), (0.2, false)];
        let (threshold, f1) = recall_leaning_threshold(&scored, 0.0);
        assert!((threshold - 0.21).abs() < 1e-9, "{threshold}");
        assert!((f1 - 6.0 / 7.0).abs() < 1e-9, "{f1}");
    }
}
