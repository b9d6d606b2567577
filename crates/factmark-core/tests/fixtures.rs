//! Factmark's own test articles (`tests/fixtures/articles/`): every gold file is well formed and
//! every span in it is exactly the article's text at its code point offsets.

use factmark_core::Label;
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
