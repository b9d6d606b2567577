//! The calibrated claim scorer on news: statements of purpose, procedure and progress are
//! highlighted at the default threshold, datelines, bylines, boilerplate and pure opinion are
//! not, and the shipped weights say where they came from. The sentences are written for this
//! test and are not among the training sentences.

use factmark_core::analyze;
use factmark_core::claims::DEFAULT_THRESHOLD;

/// Scores `text`, one sentence, and returns its score, or a message naming what went wrong.
fn score_of(text: &str) -> Result<f32, String> {
    match analyze(text).claims.as_slice() {
        [claim] => Ok(claim.score),
        other => Err(format!("{text:?}: expected one candidate, found {other:#?}")),
    }
}

/// Checks that each of `texts` is highlighted (`expected` true) or not at the default
/// threshold, and reports every wrong one at once with its score.
fn check(texts: &[&str], expected: bool) {
    let mut wrong = Vec::new();
    for text in texts {
        match score_of(text) {
            Ok(score) if (score >= DEFAULT_THRESHOLD) != expected => wrong.push(format!("{score:.3} {text}")),
            Ok(_) => {}
            Err(message) => wrong.push(message),
        }
    }
    assert!(
        wrong.is_empty(),
        "expected highlighted = {expected} at {DEFAULT_THRESHOLD}:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn news_statements_of_purpose_procedure_and_progress_are_claims() {
    check(
        &[
            "The new tariffs are designed to protect domestic steelmakers from cheap imports.",
            "The scheme aims to plant two million trees along the motorway by 2030.",
            "The agreement would have to be approved by the parliaments of both countries.",
            "The nomination must still be confirmed by a vote of the full assembly.",
            "Negotiators have narrowed the gap on wages, the union said on Sunday.",
            "The talks resolved most of the disputes over shipping routes, according to officials.",
            "Officials expressed confidence that the treaty would be signed before the end of the year.",
            "The delegation spent four days in Cairo meeting ministers and business leaders.",
            "The minister will not raise fuel taxes this year, her spokesman said.",
            "The package includes $3 billion in credit guarantees for exporters.",
        ],
        true,
    );
}

#[test]
fn datelines_bylines_boilerplate_and_opinion_are_not_claims() {
    check(
        &[
            "BRUSSELS—",
            "By Maria Jensen and Tom Okafor",
            "This story will be updated.",
            "Sign up for our weekly newsletter.",
            "“It's truly a wonderful moment for all of us,” the ambassador said.",
            "What does it all mean?",
            "I think we can all agree on that.",
        ],
        false,
    );
}

/// The ranking the calibration keeps: a figure on the record scores above a hedged opinion.
#[test]
fn a_checkable_report_outscores_an_opinion() {
    let report = score_of("The agency said 3,200 homes were damaged by the floods in May.")
        .unwrap_or_else(|message| panic!("{message}"));
    let opinion = score_of("Honestly, I feel this is a wonderful community.")
        .unwrap_or_else(|message| panic!("{message}"));
    assert!(
        report > 0.5 && opinion < 0.2,
        "report {report}, opinion {opinion}"
    );
}

/// The shipped weights name their source, licence, the command that wrote them and the
/// calibration folded into them.
#[test]
fn the_shipped_weights_say_where_they_came_from() {
    let bytes = include_bytes!("../data/claims.weights");
    let end = bytes
        .windows(2)
        .position(|pair| pair == b"\n\n")
        .expect("a text header ending in an empty line");
    let header = String::from_utf8_lossy(&bytes[..end]);
    for needed in [
        "Source: CLEF-2024 CheckThat!",
        "Licence of these weights: MIT OR Apache-2.0",
        "Command: cargo run --release -p factmark-lab --bin claims -- train",
        "Calibration folded into the weights",
    ] {
        assert!(header.contains(needed), "{needed:?} missing from:\n{header}");
    }
}
