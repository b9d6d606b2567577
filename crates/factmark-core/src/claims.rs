//! Check-worthy claims: which sentences assert something worth checking, and why.

use crate::entities::EntityMention;
use crate::quotes::QuoteMention;
use crate::span::Span;

/// The score at or above which a claim is highlighted by default.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// A sentence scored for check-worthiness, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCandidate {
    pub span: Span,
    /// 0..1.
    pub score: f32,
    /// Why it scored so, in words a person understands.
    pub reasons: Vec<String>,
    /// `score >= DEFAULT_THRESHOLD`.
    pub highlighted: bool,
}

/// Scores every sentence of `text` that could be a claim.
pub fn detect(
    text: &str,
    sentences: &[Span],
    entities: &[EntityMention],
    _quotes: &[QuoteMention],
) -> Vec<ClaimCandidate> {
    sentences
        .iter()
        .filter(|sentence| sentence.slice(text).split_whitespace().count() >= 4)
        .map(|&span| {
            let sentence = span.slice(text);
            let mut score: f32 = 0.2;
            let mut reasons = Vec::new();
            if sentence.chars().any(|c| c.is_ascii_digit()) {
                score += 0.3;
                reasons.push("contains a figure".to_owned());
            }
            if entities.iter().any(|e| span.contains(e.span)) {
                score += 0.2;
                reasons.push("names a person, organisation or place".to_owned());
            }
            if sentence.contains(" said") {
                score += 0.2;
                reasons.push("reported speech".to_owned());
            }
            if sentence.trim_end().ends_with('?') {
                score = 0.05;
                reasons = vec!["a question".to_owned()];
            }
            let score = score.min(1.0);
            ClaimCandidate {
                span,
                score,
                reasons,
                highlighted: score >= DEFAULT_THRESHOLD,
            }
        })
        .collect()
}
