//! Claims and sentences through the public API: which sentences are highlighted and why, user
//! thresholds (the test articles' gold claims are checked in `fixtures.rs`), and that no input panics or yields a bad span.

use factmark_core::claims::{self, ClaimCandidate, DEFAULT_THRESHOLD};
use factmark_core::{analyze, annotate, sentences, Kind};
use proptest::prelude::*;

/// What a row expects of a one-sentence text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Verdict {
    Claim,
    NotClaim,
}

/// Analyses `text`, which holds one sentence, and checks that it is scored as one candidate
/// with the expected verdict and with reasons containing each of `reasons`.
fn check(text: &str, verdict: Verdict, reasons: &[&str]) {
    let claims = analyze(text).claims;
    let [claim] = claims.as_slice() else {
        panic!("{text:?}: expected one candidate, found {claims:#?}");
    };
    let shown = describe(text, claim);
    assert_eq!(claim.span.slice(text), text.trim(), "{shown}");
    assert!((0.0..=1.0).contains(&claim.score), "{shown}");
    assert_eq!(claim.highlighted, claim.score >= DEFAULT_THRESHOLD, "{shown}");
    let found = if claim.highlighted {
        Verdict::Claim
    } else {
        Verdict::NotClaim
    };
    assert_eq!(found, verdict, "{shown}");
    for reason in reasons {
        assert!(
            claim.reasons.iter().any(|given| given.contains(reason)),
            "expected a reason containing {reason:?}\n{shown}"
        );
    }
}

fn describe(text: &str, claim: &ClaimCandidate) -> String {
    format!(
        "{:?}\n  score {:.3} (threshold {DEFAULT_THRESHOLD}), highlighted {}\n  reasons {:#?}",
        claim.span.slice(text),
        claim.score,
        claim.highlighted,
        claim.reasons
    )
}

#[test]
fn claims_and_not_claims() {
    use Verdict::*;
    let rows: &[(&str, Verdict, &[&str])] = &[
        (
            "Unemployment fell to 3.5 percent last year, the lowest rate in fifty years.",
            Claim,
            &["contains a figure"],
        ),
        (
            "Governor Smith cut taxes 21 times and created 40,000 jobs.",
            Claim,
            &["contains a figure"],
        ),
        ("The Senate voted 52 to 48 to pass the bill in 2019.", Claim, &[]),
        ("What are you going to do about it?", NotClaim, &["a question"]),
        ("I think we can do better.", NotClaim, &[]),
        ("By Ruth Adeyemi", NotClaim, &["a byline"]),
        (
            "This story is developing and will be updated.",
            NotClaim,
            &["boilerplate"],
        ),
        ("WASHINGTON—", NotClaim, &["a dateline"]),
        ("KYIV, Ukraine (Wire) —", NotClaim, &["a dateline"]),
        ("Thank you very much.", NotClaim, &[]),
    ];
    for &(text, verdict, reasons) in rows {
        check(text, verdict, reasons);
    }
}

/// The shipped weights read, and were trained on the features the product extracts.
#[test]
fn the_shipped_weights_read() {
    let bytes = include_bytes!("../data/claims.weights");
    if let Err(error) = claims::model::Model::parse(bytes) {
        panic!("{error}");
    }
}

/// A reason that says a cue raised the score must be true: taking the cue away lowers it.
#[test]
fn reasons_say_what_moved_the_score() {
    let with_figure = "Officials said 4,000 workers lost their jobs in March.";
    let without = "Officials said many workers lost their jobs in March.";
    let scored = analyze(with_figure).claims;
    let plain = analyze(without).claims;
    assert!(
        scored[0]
            .reasons
            .iter()
            .any(|r| r.starts_with("contains a figure")),
        "{scored:#?}"
    );
    assert!(scored[0].score > plain[0].score, "{scored:#?}\n{plain:#?}");

    let question = analyze("Did the Senate pass the bill in 2019?").claims;
    let statement = analyze("The Senate passed the bill in 2019.").claims;
    assert!(
        question[0]
            .reasons
            .iter()
            .any(|r| r == "a question (lowers the score)"),
        "{question:#?}"
    );
    assert!(question[0].score < statement[0].score);
}

#[test]
fn every_sentence_is_scored_and_the_user_threshold_redecides() {
    let text = "Prices rose 9 percent in 2022. What now? I love it.\nBy Jane Doe";
    let claims = analyze(text).claims;
    let covered: Vec<&str> = claims.iter().map(|c| c.span.slice(text)).collect();
    assert_eq!(
        covered,
        [
            "Prices rose 9 percent in 2022.",
            "What now?",
            "I love it.",
            "By Jane Doe"
        ]
    );

    let mut annotations = annotate(text);
    claims::apply_threshold(&mut annotations, 0.0);
    assert!(annotations
        .iter()
        .filter(|a| a.kind == Kind::Claim)
        .all(|a| a.highlighted == Some(true)));
    claims::apply_threshold(&mut annotations, 1.01);
    assert!(annotations
        .iter()
        .filter(|a| a.kind == Kind::Claim)
        .all(|a| a.highlighted == Some(false)));
    assert!(claims[0].highlighted_at(0.0) && !claims[0].highlighted_at(1.01));
}

/// Bylines, datelines and boilerplate stay scored candidates (with the rule as the reason), and
/// `is_not_a_claim` tells the app which they are, so it never lists them as claims.
#[test]
fn article_furniture_is_recognised_as_not_a_claim() {
    let text = "WASHINGTON—\nBy Jane Doe\nPrices rose 9 percent in 2022.\nThis story is developing and will be updated.\nLONDON (Reuters) - Shares fell 3 percent on Monday.";
    let claims: Vec<(String, bool)> = annotate(text)
        .into_iter()
        .filter(|a| a.kind == Kind::Claim)
        .map(|a| (a.text.clone(), claims::is_not_a_claim(&a)))
        .collect();
    let expected = [
        ("WASHINGTON—", true),
        ("By Jane Doe", true),
        ("Prices rose 9 percent in 2022.", false),
        ("This story is developing and will be updated.", true),
        ("LONDON (Reuters) -", true),
        ("Shares fell 3 percent on Monday.", false),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(t, f)| (t.to_string(), *f)).collect();
    assert_eq!(claims, expected);
}

/// Checks the invariants of the sentence and claim spans of `text`.
fn check_spans(text: &str) {
    let found = sentences::split(text);
    for pair in found.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "sentences overlap or are out of order: {pair:?}"
        );
    }
    for span in &found {
        assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
        let covered = span.slice(text);
        assert_eq!(covered, covered.trim(), "sentences are trimmed");
    }
    let analysis = analyze(text);
    for claim in &analysis.claims {
        assert!(claim.span.end <= text.len(), "{claim:?}");
        assert!(text.is_char_boundary(claim.span.start) && text.is_char_boundary(claim.span.end));
        assert!((0.0..=1.0).contains(&claim.score), "{claim:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_text_panics_or_gives_a_bad_span(text in "\\PC{0,200}") {
        check_spans(&text);
    }

    #[test]
    fn news_like_text_gives_good_spans(
        text in "([A-Z]{1,6}[.—–-]? ?|[a-z]{1,8}[.,?!…]? |[0-9]{1,3}[.,][0-9] |[“”\"’'()\\n—] ?){0,60}"
    ) {
        check_spans(&text);
    }
}

/// A megabyte without a stop or a line break is one sentence, scored without trouble. Only the
/// sentence and claim passes run: the entity and quote passes have their own such tests.
#[test]
fn a_megabyte_without_punctuation() {
    let words = [
        "officials",
        "Senate",
        "talks",
        "2",
        "weekend",
        "Ukraine",
        "Россия",
        "东京",
        "said",
        "😀",
    ];
    let mut text = String::with_capacity(1 << 20);
    let mut index = 0usize;
    while text.len() < 1 << 20 {
        text.push_str(words[index % words.len()]);
        text.push(' ');
        index = index.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    let found = sentences::split(&text);
    assert_eq!(found.len(), 1, "one sentence without any stop or line break");
    assert_eq!(found[0].slice(&text), text.trim());
    let claims = claims::detect(&text, &found, &[], &[]);
    let [claim] = claims.as_slice() else {
        panic!("one candidate, found {}", claims.len())
    };
    assert_eq!(claim.span, found[0]);
    assert!((0.0..=1.0).contains(&claim.score), "{}", claim.score);
}
