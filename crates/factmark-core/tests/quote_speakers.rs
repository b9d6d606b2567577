//! Quote speakers as exported: the mention next to the cue (a description stays a description),
//! a pronoun linked to the person the article names, and the speaker ranker's weights file.

use factmark_core::quotes::ranker::{Ranker, WeightsError, FEATURE_VERSION, WEIGHTS};
use factmark_core::{annotate, Kind, Speaker};

/// Each statement's text with its speaker's text, entity id and resolved name.
fn speakers(text: &str) -> Vec<(String, Option<Speaker>)> {
    annotate(text)
        .into_iter()
        .filter(|a| a.kind == Kind::Quote)
        .map(|a| (a.text, a.speaker))
        .collect()
}

/// The entity id of the first entity annotation covering exactly `name`.
fn entity_id(text: &str, name: &str) -> String {
    annotate(text)
        .into_iter()
        .find(|a| a.kind == Kind::Entity && a.text == name)
        .and_then(|a| a.entity_id)
        .unwrap_or_else(|| panic!("no entity {name:?} in {text:?}"))
}

fn check(text: &str, expected: &[(&str, &str, Option<&str>)]) {
    let found: Vec<(String, String, Option<String>)> = speakers(text)
        .into_iter()
        .map(|(quote, speaker)| {
            let speaker = speaker.expect("every statement here has a speaker");
            (quote, speaker.text, speaker.name)
        })
        .collect();
    let expected: Vec<(String, String, Option<String>)> = expected
        .iter()
        .map(|(q, s, n)| ((*q).to_owned(), (*s).to_owned(), n.map(str::to_owned)))
        .collect();
    assert_eq!(found, expected, "in {text:?}");
}

#[test]
fn descriptions_stay_speakers_and_name_no_one() {
    check(
        "The council met on Friday to discuss the bridge.\n\n\
         “The money for the bridge is simply not there this year,” a county official said.\n\n\
         Another meeting is planned. “We will keep asking until the state listens,” one official said.\n",
        &[
            (
                "“The money for the bridge is simply not there this year,”",
                "a county official",
                None,
            ),
            (
                "“We will keep asking until the state listens,”",
                "one official",
                None,
            ),
        ],
    );
}

#[test]
fn a_pronoun_speaker_is_resolved_to_the_person_named() {
    let text = "Senator Maria Alvarez visited the flooded town on Tuesday.\n\n\
                Alvarez met farmers at the market. “We will rebuild every bridge before winter,” she said.\n";
    check(
        text,
        &[(
            "“We will rebuild every bridge before winter,”",
            "she",
            Some("Maria Alvarez"),
        )],
    );
    let (_, speaker) = speakers(text).remove(0);
    let speaker = speaker.expect("the quote has a speaker");
    assert_eq!(speaker.entity_id, Some(entity_id(text, "Maria Alvarez")));
    // The span stays the mention next to the cue.
    let said: String = text
        .chars()
        .skip(speaker.start)
        .take(speaker.end - speaker.start)
        .collect();
    assert_eq!(said, "she");
}

#[test]
fn names_next_to_the_cue_win_over_names_further_away() {
    check(
        "Tomas Berg, the mayor, opened the session. Later the treasurer, Lena Holt, spoke.\n\n\
         “The budget is balanced for the first time in a decade,” said Lena Holt.\n\n\
         According to Berg, “the town can afford the new school.”\n",
        &[
            (
                "“The budget is balanced for the first time in a decade,”",
                "Lena Holt",
                Some("Lena Holt"),
            ),
            (
                "“the town can afford the new school.”",
                "Berg",
                Some("Tomas Berg"),
            ),
        ],
    );
}

#[test]
fn the_embedded_weights_load_and_round_trip() {
    let ranker = Ranker::embedded();
    assert_eq!(ranker.weights().len(), WEIGHTS);
    assert!(
        ranker.weights().iter().any(|w| *w != 0.0),
        "the shipped ranker has learned weights"
    );
    let written = ranker.write("# a header line\n");
    let read = Ranker::read(&written).expect("written weights read back");
    for (a, b) in read.weights().iter().zip(ranker.weights()) {
        assert!((a - b).abs() <= 0.0005, "{a} vs {b}");
    }
}

#[test]
fn weights_for_other_features_are_refused() {
    let other = format!("# header\nfeatures {}\ntype 0 1.5\n", FEATURE_VERSION + 1);
    assert!(matches!(
        Ranker::read(&other),
        Err(WeightsError::WrongVersion { .. })
    ));
    assert_eq!(Ranker::read("# only a header\n"), Err(WeightsError::NoHeader));
    let bad = format!("features {FEATURE_VERSION}\nno_such_template 0 1\n");
    assert_eq!(Ranker::read(&bad), Err(WeightsError::BadLine(2)));
    let error = Ranker::read(&other).expect_err("refused");
    assert!(error.to_string().contains("retrain"), "{error}");
}
