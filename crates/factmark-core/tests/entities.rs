//! The entity detector: exact spans and labels for the hard cases of news text, the seed
//! article's gold entities, linking, and no panic or bad span on any input.

use factmark_core::entities::{detect, EntityMention};
use factmark_core::Label;
use proptest::prelude::*;

/// Checks that `text` yields exactly `expected` as (covered text, label) in order, printing
/// both lists when they differ.
#[track_caller]
fn check(text: &str, expected: &[(&str, Label)]) {
    let found: Vec<(&str, Label)> = detect(text)
        .iter()
        .map(|m| (m.span.slice(text), m.label))
        .collect();
    assert_eq!(
        found, expected,
        "\ntext:     {text:?}\nfound:    {found:?}\nexpected: {expected:?}"
    );
}

#[test]
fn hard_cases_of_news_text() {
    use Label::*;
    let rows: &[(&str, &[(&str, Label)])] = &[
        (
            "WASHINGTON—Substantial progress was made, U.S. officials said on Monday.",
            &[("WASHINGTON", Gpe), ("U.S.", Gpe), ("Monday", Date)],
        ),
        (
            "It would go before the Senate, and President [Donald] Trump is willing.",
            &[("Senate", Org), ("Trump", Person)],
        ),
        (
            "The talks included special envoy Steve Witkoff and Jared Kushner, Trump’s son-in-law.",
            &[("Steve Witkoff", Person), ("Jared Kushner", Person), ("Trump", Person)],
        ),
        (
            "Guarantees similar to NATO’s Article 5 protections and a NATO-like Article Five.",
            &[("NATO", Org), ("Article 5", Law), ("NATO", Org), ("Article Five", Law)],
        ),
        (
            "The plan involves the World Bank and BlackRock CEO Larry Fink.",
            &[("World Bank", Org), ("BlackRock", Org), ("Larry Fink", Person)],
        ),
        ("U.S. officials said .", &[("U.S.", Gpe)]),
        (
            "Over the past weekend, negotiators spent 2.5 days in Europe and eight hours with Ukrainian officials.",
            &[("the past weekend", Date), ("2.5 days", Date), ("Europe", Loc), ("eight hours", Time), ("Ukrainian", Norp)],
        ),
        (
            "Biden Wins Pennsylvania, Clinching the Presidency\nBiden won after Donald J. Trump lost.",
            &[("Biden", Person), ("Pennsylvania", Gpe), ("Biden", Person), ("Donald J. Trump", Person)],
        ),
        (
            "The Centers for Disease Control and Prevention said the White House was told.",
            &[("Centers for Disease Control and Prevention", Org), ("White House", Org)],
        ),
        (
            "Prices rose 40% to $5 million in 2020, or 12 percent.",
            &[("40%", Percent), ("$5 million", Money), ("2020", Date), ("12 percent", Percent)],
        ),
    ];
    for &(text, expected) in rows {
        check(text, expected);
    }
}

#[test]
fn mentions_of_one_person_share_a_key() {
    let text = "Ukrainian President Volodymyr Zelenskyy met envoys. They spent eight hours with \
                Zelenskyy himself. Zelenskyy said little.";
    let mentions = detect(text);
    let people: Vec<&EntityMention> = mentions.iter().filter(|m| m.label == Label::Person).collect();
    let keys: Vec<&str> = people.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["Volodymyr Zelenskyy"; 3], "{people:?}");
}

#[test]
fn datelines_are_places_keyed_as_written_elsewhere() {
    let text = "MIDWAY ATOLL - President Obama flew here, to Midway Atoll in the Pacific.";
    let mentions = detect(text);
    let places: Vec<(&str, &str)> = mentions
        .iter()
        .filter(|m| m.label == Label::Gpe)
        .map(|m| (m.span.slice(text), m.key.as_str()))
        .collect();
    assert_eq!(
        places,
        [("MIDWAY ATOLL", "Midway Atoll"), ("Midway Atoll", "Midway Atoll")],
        "{mentions:?}"
    );
}

#[derive(serde::Deserialize)]
struct Gold {
    annotations: Vec<GoldAnnotation>,
}

#[derive(serde::Deserialize)]
struct GoldAnnotation {
    kind: String,
    label: Option<String>,
    start: usize,
    end: usize,
    text: String,
}

/// Every entity of the hand-annotated seed article is found, with its exact span and type.
#[test]
fn finds_every_entity_of_the_seed_article() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/samples/");
    let text =
        std::fs::read_to_string(format!("{dir}seed-article.txt")).expect("seed article beside the checkout");
    let gold: Gold = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}seed-article.gold.json"))
            .expect("seed gold beside the checkout"),
    )
    .expect("the gold file is JSON");
    let offsets = factmark_core::OffsetMap::new(&text);
    let found: Vec<(usize, usize, String)> = detect(&text)
        .iter()
        .map(|m| {
            let (start, end) = offsets.span_to_chars(m.span);
            (start, end, m.label.as_str().to_owned())
        })
        .collect();
    let missing: Vec<String> = gold
        .annotations
        .iter()
        .filter(|a| a.kind == "entity")
        .filter(|a| !found.contains(&(a.start, a.end, a.label.clone().unwrap_or_default())))
        .map(|a| {
            format!(
                "{} {:?} at {}..{}",
                a.label.as_deref().unwrap_or("?"),
                a.text,
                a.start,
                a.end
            )
        })
        .collect();
    assert!(missing.is_empty(), "missed or mistyped:\n{}", missing.join("\n"));
}

/// The invariants every output keeps: spans inside the text on char boundaries, sorted, apart.
fn assert_well_formed(text: &str) {
    let mentions = detect(text);
    let mut last_end = 0;
    for mention in &mentions {
        let span = mention.span;
        assert!(
            span.start < span.end && span.end <= text.len(),
            "{span:?} in a text of {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
        assert!(span.start >= last_end, "overlapping or unsorted at {span:?}");
        last_end = span.end;
    }
}

#[test]
fn a_megabyte_of_one_letter() {
    assert_well_formed(&"a".repeat(1 << 20));
    assert_well_formed(&"A".repeat(1 << 20));
}

#[test]
fn odd_inputs_are_well_formed() {
    for text in [
        "",
        " ",
        "’s",
        "[",
        "President [",
        "President [Donald",
        "$",
        "Article",
        "the",
        "— — —",
        "“",
        "U.S.-",
        "-",
        "e\u{301}\u{301}",
        "שלום Moscow عالم",
        "😀 Trump 😀’s",
        "\u{0}\u{1b}[31mRed\u{7f}",
        "Mr. . . .",
    ] {
        assert_well_formed(text);
    }
}

fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Trump",
        "U.S.",
        "NATO’s",
        "NATO-like",
        "WASHINGTON—",
        "[Donald]",
        "President",
        "Article",
        "5",
        "$",
        "2.5",
        "days",
        "the",
        "weekend",
        "“",
        "”",
        "'",
        "\"",
        "’s",
        "-",
        "—",
        ".",
        ",",
        " ",
        "\n",
        "😀",
        "e\u{301}",
        "שלום",
        "\u{202e}",
        "\u{0}",
        "\t",
        "Monday",
        "May",
        "percent",
        "%",
        "Zelenskyy",
        "himself",
        "CEO",
        "[",
        "]",
        "(",
        ")",
        "mid-",
        "pro-",
        "s'",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_string_gives_well_formed_mentions(text in any::<String>()) {
        assert_well_formed(&text);
    }

    #[test]
    fn news_like_strings_give_well_formed_mentions(text in news_like()) {
        assert_well_formed(&text);
    }
}
