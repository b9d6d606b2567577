//! Factmark's own test articles (`tests/fixtures/articles/`): every gold file is well formed and
//! every span in it is exactly the article's text at its code point offsets.

use factmark_core::{Kind, Label};
use serde_json::Value;
use std::path::PathBuf;

fn articles_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/articles")
}

/// Every `(name, text, gold)` of the fixture folder, in name order.
fn fixtures() -> Vec<(String, String, Value)> {
    let dir = articles_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            entry
                .ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".gold.json")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read = |file: String| {
                std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"))
            };
            let text = read(format!("{name}.txt"));
            let gold = serde_json::from_str(&read(format!("{name}.gold.json")))
                .unwrap_or_else(|e| panic!("{name}.gold.json: {e}"));
            (name, text, gold)
        })
        .collect()
}

/// Checks that `span` (`{start, end, text}`, code points, end exclusive) is the text at its
/// offsets, and returns where it is.
fn check_span(name: &str, chars: &[char], span: &Value) -> (usize, usize) {
    let field = |key: &str| {
        span[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{name}: no {key} in {span}")) as usize
    };
    let (start, end) = (field("start"), field("end"));
    assert!(
        start < end && end <= chars.len(),
        "{name}: {start}..{end} is outside the text: {span}"
    );
    let actual: String = chars[start..end].iter().collect();
    assert_eq!(
        actual,
        span["text"].as_str().unwrap_or_default(),
        "{name}: the text at {start}..{end}"
    );
    (start, end)
}

#[test]
fn every_gold_span_is_the_text_at_its_offsets() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 5,
        "expected at least five test articles, found {}",
        fixtures.len()
    );
    for (name, text, gold) in &fixtures {
        let chars: Vec<char> = text.chars().collect();
        let annotations = gold["annotations"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no annotations"));
        assert!(!annotations.is_empty(), "{name}: no annotations");
        for annotation in annotations {
            check_span(name, &chars, annotation);
            let kind = annotation["kind"].as_str().unwrap_or_default();
            let label = annotation["label"].as_str().map(|label| {
                Label::parse(label).unwrap_or_else(|| panic!("{name}: unknown label in {annotation}"))
            });
            match kind {
                "entity" => assert!(
                    label.is_some_and(|l| l.kind() == factmark_core::Kind::Entity),
                    "{name}: {annotation}"
                ),
                "quote" => assert!(
                    matches!(label, Some(Label::Statement | Label::Term)),
                    "{name}: {annotation}"
                ),
                "claim" => assert!(label.is_none(), "{name}: a claim has no label: {annotation}"),
                _ => panic!("{name}: unknown kind in {annotation}"),
            }
            if let Some(speaker) = annotation.get("speaker") {
                assert_eq!(kind, "quote", "{name}: only quotes have speakers: {annotation}");
                check_span(name, &chars, speaker);
            }
        }
        let not_claims = gold["not_claims"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no not_claims"));
        for sentence in not_claims {
            let span = check_span(name, &chars, sentence);
            let claimed = annotations.iter().any(|a| {
                a["kind"] == "claim"
                    && a["start"].as_u64() == Some(span.0 as u64)
                    && a["end"].as_u64() == Some(span.1 as u64)
            });
            assert!(!claimed, "{name}: {sentence} is both a claim and not a claim");
        }
    }
}

/// What the detectors are known to get wrong on each test article, in the lines the diff below
/// prints: `LABEL text @start` for an entity, `LABEL text | speaker @start` for a quote, and the
/// opening words of a gold claim that is not highlighted. The one place these lists live: the
/// engineers improving a detector shorten them, and the test fails when an entry is no longer
/// wrong (take it off) or when something new is.
struct Known {
    article: &'static str,
    entity_misses: &'static [&'static str],
    entity_extras: &'static [&'static str],
    quote_misses: &'static [&'static str],
    quote_extras: &'static [&'static str],
    claim_misses: &'static [&'static str],
}

const KNOWN: &[Known] = &[
    Known {
        article: "data-report",
        entity_misses: &[
            "DATE the three months to Sept. 30 @263",
            "DATE a year earlier @306",
            "DATE the same quarter of 2024 @519",
            "DATE a year earlier @879",
            "PERCENT 8 to 12 percentage points @972",
            "PERSON Maria Lindqvist @1174",
            "DATE the end of the year @1326",
            "DATE a year earlier @1535",
            "DATE the full year @1817",
            "MONEY $5.60 and $5.75 @1888",
            "MONEY $5.40 to $5.60 @1918",
            "PERCENT 3% to 3.5% @1961",
            "DATE the first nine months of the year @2309",
            "MONEY $150 million to $200 million @2369",
            "DATE the end of December @2401",
            "DATE the end of 2024 @2492",
            "DATE the 12 months to August @2556",
            "DATE the fourth quarter @3402",
        ],
        entity_extras: &[
            "ORG Trade @42",
            "DATE three months @267",
            "DATE Sept. 30 @283",
            "DATE the same quarter @519",
            "DATE 2024 @539",
            "PERCENT 12 percentage points @977",
            "PERSON Executive Maria Lindqvist @1164",
            "DATE the year @1337",
            "MONEY $5.60 @1888",
            "MONEY $5.75 @1898",
            "MONEY $5.40 @1918",
            "MONEY $5.60 @1927",
            "PERCENT 3% @1961",
            "PERCENT 3.5% @1967",
            "PERSON Financial @2215",
            "DATE nine months @2319",
            "DATE the year @2334",
            "MONEY $150 million @2369",
            "MONEY $200 million @2385",
            "DATE December @2412",
            "DATE 2024 @2503",
            "DATE 12 months @2560",
            "DATE August @2573",
        ],
        quote_misses: &[],
        quote_extras: &[],
        claim_misses: &[],
    },
    Known {
        article: "interview-feature",
        entity_misses: &[
            "GPE Vale do Sol @117",
            "GPE VALE DO SOL @184",
            "TIME the morning after @428",
            "TIME that night @893",
            "TIME 10 p.m. @970",
            "DATE the fifties @1325",
            "GPE Lisbon @1471",
            "DATE the summer @2125",
            "DATE Saturdays @2773",
            "DATE the first week @2805",
            "GPE Vale do Sol @3345",
            "DATE Fridays @3455",
            "DATE decades ago @3832",
            "GPE Vale do Sol @3943",
            "TIME an hour @3969",
        ],
        entity_extras: &[
            "ORG Flood @10",
            "ORG Librarian Rebuilds One Shelf @27",
            "GPE Vale @117",
            "ORG VALE DO SOL @184",
            "ORG Lisbon @1471",
            "ORG Vale @3345",
            "ORG Sol @3353",
            "GPE Fridays @3455",
            "ORG Vale @3943",
            "ORG Sol @3951",
        ],
        quote_misses: &[
            "STATEMENT ‘Save the newspapers before the novels,’ | She @1607",
            "STATEMENT “That is how a village stays alive. Not with roads. With memory. | she @2913",
            "STATEMENT ‘She would want it to be in Vale do Sol.’ | He @3915",
        ],
        quote_extras: &[
            "STATEMENT ‘Save the newspapers before the novels,’ | Matos @1607",
            "STATEMENT ‘She would want it to be in Vale do Sol.’ | she @3915",
        ],
        claim_misses: &[],
    },
    Known {
        article: "many-scripts",
        entity_misses: &[
            "GPE Vancouver @24",
            "TIME 9 p.m. @179",
            "ORG 陈伟饺子 @226",
            "LANGUAGE Arabic @506",
            "ORG 서울 그릴 @888",
            "ORG Seoul Grill @895",
            "DATE last season @934",
        ],
        entity_extras: &[
            "PERSON Returns @13",
            "ORG Vancouver @24",
            "ORG Food @41",
            "NORP Arabic @506",
            "GPE Seoul @895",
        ],
        quote_misses: &["TERM “welcome to you.” | - @517"],
        quote_extras: &["STATEMENT “welcome to you.” | Maryam Haddad @517"],
        claim_misses: &[],
    },
    Known {
        article: "opinion-column",
        entity_misses: &[
            "DATE another year @1700",
            "DATE another winter @1885",
            "DATE May @2209",
            "DATE a hundred years @2860",
            "DATE the next hundred years @2932",
        ],
        entity_extras: &["DATE hundred years @2862", "DATE hundred years @2941"],
        quote_misses: &["TERM “cannot survive another winter” | - @1869"],
        quote_extras: &["STATEMENT “cannot survive another winter” | Councilor David Reyes @1869"],
        claim_misses: &[],
    },
    Known {
        article: "wire-report",
        entity_misses: &[
            "ORG Wire @237",
            "DATE March @500",
            "ORG European Bank for Reconstruction and Development @1134",
            "ORG Wire @1259",
            "DATE the summer @2051",
            "QUANTITY 4.1 million metric tons @2134",
            "DATE the same month last year @2294",
            "NORP Ukrainian @2725",
            "DATE the end of the year @3134",
            "DATE this autumn @4158",
        ],
        entity_extras: &[
            "PERSON Near @30",
            "GPE Wire @237",
            "ORG European Bank for Reconstruction @1134",
            "ORG Development @1171",
            "GPE Wire @1259",
            "DATE the same month @2294",
            "DATE last year @2309",
            "GPE Ukrainian @2725",
            "DATE the year @3145",
        ],
        quote_misses: &[
            "TERM “a long way” | - @2032",
            "TERM “the last 10 percent.” | - @2088",
            "TERM “watching closely” | - @3427",
        ],
        quote_extras: &[
            "STATEMENT “a long way” | who @2032",
            "STATEMENT “the last 10 percent.” | A person familiar @2088",
            "STATEMENT “watching closely” | A commission official @3427",
        ],
        claim_misses: &[],
    },
];

/// The line an entity or quote is listed under in the diff and in [`KNOWN`].
fn line(label: &str, text: &str, speaker: Option<&str>, start: usize) -> String {
    match speaker {
        Some(speaker) => format!("{label} {text} | {speaker} @{start}"),
        None => format!("{label} {text} @{start}"),
    }
}

/// Compares `factmark_core::annotate` on one article with its gold and returns what differs
/// beyond the article's [`Known`] entry, one readable line each.
fn differences(name: &str, text: &str, gold: &Value) -> Vec<String> {
    let known = KNOWN.iter().find(|k| k.article == name);
    let list = |pick: fn(&Known) -> &'static [&'static str]| known.map_or(&[][..], pick);
    let found = factmark_core::annotate(text);
    let gold_annotations = gold["annotations"].as_array().map_or(&[][..], Vec::as_slice);
    let gold_of =
        |kind: &str| -> Vec<&Value> { gold_annotations.iter().filter(|a| a["kind"] == kind).collect() };
    let at = |value: &Value, key: &str| value[key].as_u64().unwrap_or_default() as usize;
    let words = |value: &Value, key: &str| value[key].as_str().unwrap_or_default().to_owned();

    let mut wrong = Vec::new();
    let mut compare =
        |what: &str, expected: Vec<String>, actual: Vec<String>, misses: &[&str], extras: &[&str]| {
            for item in &expected {
                match (actual.contains(item), misses.contains(&item.as_str())) {
                    (false, false) => wrong.push(format!("{name}: missed {what} {item}")),
                    (true, true) => wrong.push(format!(
                        "{name}: found {what} {item}: take it off the known misses"
                    )),
                    _ => {}
                }
            }
            for item in &actual {
                match (expected.contains(item), extras.contains(&item.as_str())) {
                    (false, false) => wrong.push(format!("{name}: extra {what} {item}")),
                    (true, true) => wrong.push(format!(
                        "{name}: {what} {item} is gold: take it off the known extras"
                    )),
                    _ => {}
                }
            }
            for listed in misses.iter().filter(|m| !expected.contains(&m.to_string())) {
                wrong.push(format!("{name}: known miss {listed} is not in the gold"));
            }
            for listed in extras.iter().filter(|e| !actual.contains(&e.to_string())) {
                wrong.push(format!(
                    "{name}: known extra {what} {listed} is no longer found: take it off"
                ));
            }
        };

    let expected = gold_of("entity")
        .into_iter()
        .map(|a| line(&words(a, "label"), &words(a, "text"), None, at(a, "start")))
        .collect();
    let actual = found
        .iter()
        .filter(|a| a.kind == Kind::Entity)
        .map(|a| line(a.label.map_or("?", Label::as_str), &a.text, None, a.start))
        .collect();
    compare(
        "entity",
        expected,
        actual,
        list(|k| k.entity_misses),
        list(|k| k.entity_extras),
    );

    let expected = gold_of("quote")
        .into_iter()
        .map(|a| {
            let speaker = a.get("speaker").map_or("-".to_owned(), |s| words(s, "text"));
            line(
                &words(a, "label"),
                &words(a, "text"),
                Some(&speaker),
                at(a, "start"),
            )
        })
        .collect();
    let actual = found
        .iter()
        .filter(|a| a.kind == Kind::Quote)
        .map(|a| {
            let speaker = a.speaker.as_ref().map_or("-", |s| s.text.as_str());
            line(
                a.label.map_or("?", Label::as_str),
                &a.text,
                Some(speaker),
                a.start,
            )
        })
        .collect();
    compare(
        "quote",
        expected,
        actual,
        list(|k| k.quote_misses),
        list(|k| k.quote_extras),
    );

    // A gold sentence counts as highlighted when highlighted claims cover at least half of it,
    // as the judging counts.
    let highlighted: Vec<(usize, usize)> = found
        .iter()
        .filter(|a| a.kind == Kind::Claim && a.highlighted == Some(true))
        .map(|a| (a.start, a.end))
        .collect();
    let covered = |start: usize, end: usize| {
        let inside: usize = highlighted
            .iter()
            .map(|&(s, e)| e.min(end).saturating_sub(s.max(start)))
            .sum();
        2 * inside >= end - start
    };
    let scores = |start: usize, end: usize| -> Vec<String> {
        found
            .iter()
            .filter(|a| a.kind == Kind::Claim && a.start < end && start < a.end)
            .map(|a| format!("{:.2}", a.score.unwrap_or(f32::NAN)))
            .collect()
    };
    let claim_misses = list(|k| k.claim_misses);
    for claim in gold_of("claim") {
        let (start, end, sentence) = (at(claim, "start"), at(claim, "end"), words(claim, "text"));
        let known = claim_misses.iter().any(|miss| sentence.starts_with(miss));
        match (covered(start, end), known) {
            (false, false) => wrong.push(format!(
                "{name}: claim not highlighted (scores {:?}): {sentence}",
                scores(start, end)
            )),
            (true, true) => wrong.push(format!(
                "{name}: claim now highlighted, take it off the known misses: {sentence}"
            )),
            _ => {}
        }
    }
    for miss in claim_misses {
        if !gold_of("claim")
            .iter()
            .any(|c| words(c, "text").starts_with(miss))
        {
            wrong.push(format!("{name}: known claim miss {miss:?} is no gold claim"));
        }
    }
    for sentence in gold["not_claims"].as_array().map_or(&[][..], Vec::as_slice) {
        let (start, end) = (at(sentence, "start"), at(sentence, "end"));
        if covered(start, end) {
            wrong.push(format!(
                "{name}: not a claim, but highlighted (scores {:?}): {}",
                scores(start, end),
                words(sentence, "text")
            ));
        }
    }
    wrong
}

/// Entities and quotes (with speakers) of every test article match its gold, every gold claim
/// is highlighted and no `not_claims` sentence is, but for what [`KNOWN`] lists.
#[test]
fn the_detectors_match_the_gold_of_every_test_article() {
    let fixtures = fixtures();
    for known in KNOWN {
        assert!(
            fixtures.iter().any(|(name, ..)| name == known.article),
            "no article {}",
            known.article
        );
    }
    let wrong: Vec<String> = fixtures
        .iter()
        .flat_map(|(name, text, gold)| differences(name, text, gold))
        .collect();
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}
