//! The entity detector: exact spans and labels for the hard cases of news text, linking, and
//! no panic or bad span on any input. The test articles' gold is checked in `fixtures.rs`.

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
            "OTTAWA—Negotiators reported steady gains, U.S. and Canadian officials said on Friday.",
            &[
                ("OTTAWA", Gpe),
                ("U.S.", Gpe),
                ("Canadian", Norp),
                ("Friday", Date),
            ],
        ),
        (
            "The bill goes to the Assembly next, and Governor [Gavin] Newsom has promised to sign it.",
            &[("Assembly", Org), ("Newsom", Person)],
        ),
        (
            "The delegation included trade envoy Maria Santos and Peter Hall, Newsom’s chief of staff.",
            &[
                ("Maria Santos", Person),
                ("Peter Hall", Person),
                ("Newsom", Person),
            ],
        ),
        (
            "Members asked for NATO’s Article 4 consultations, not a NATO-style Article Five response.",
            &[
                ("NATO", Org),
                ("Article 4", Law),
                ("NATO", Org),
                ("Article Five", Law),
            ],
        ),
        (
            "The fund is backed by the Asian Development Bank and Vanguard CEO Dana Whitfield.",
            &[
                ("Asian Development Bank", Org),
                ("Vanguard", Org),
                ("Dana Whitfield", Person),
            ],
        ),
        ("U.S. officials said .", &[("U.S.", Gpe)]),
        (
            "Over the past weekend, mediators spent 3.5 days in Asia and six hours with Ukrainian officials.",
            &[
                ("the past weekend", Date),
                ("3.5 days", Date),
                ("Asia", Loc),
                ("six hours", Time),
                ("Ukrainian", Norp),
            ],
        ),
        (
            "Biden Wins Pennsylvania, Clinching the Presidency\nBiden won after Donald J. Trump lost.",
            &[
                ("Biden", Person),
                ("Pennsylvania", Gpe),
                ("Biden", Person),
                ("Donald J. Trump", Person),
            ],
        ),
        (
            "The Centers for Disease Control and Prevention said the White House was told.",
            &[
                ("Centers for Disease Control and Prevention", Org),
                ("White House", Org),
            ],
        ),
        (
            "Prices rose 40% to $5 million in 2020, or 12 percent.",
            &[
                ("40%", Percent),
                ("$5 million", Money),
                ("2020", Date),
                ("12 percent", Percent),
            ],
        ),
    ];
    for &(text, expected) in rows {
        check(text, expected);
    }
}

#[test]
fn mentions_of_one_person_share_a_key() {
    let text = "Chilean President Gabriel Boric met the envoys. They spent two hours with \
                Boric himself. Boric said little.";
    let mentions = detect(text);
    let people: Vec<&EntityMention> = mentions.iter().filter(|m| m.label == Label::Person).collect();
    let keys: Vec<&str> = people.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["Gabriel Boric"; 3], "{people:?}");
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
