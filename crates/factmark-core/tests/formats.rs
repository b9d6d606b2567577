//! The exchange formats end to end: round trips, the JSON Schema, hostile input, merging and
//! re-anchoring, and property tests that no importer panics.

#[path = "formats/schema_check.rs"]
mod schema_check;

use factmark_core::anchor::{self, Anchorer, Quote};
use factmark_core::export::{self, Document, ImportError, MAX_IMPORT_BYTES};
use factmark_core::formats::{self, claim_review, csv, doccano, markdown, merge, w3c, Format};
use factmark_core::ids::AutoIds;
use factmark_core::{
    annotate, Annotation, Article, Evidence, Kind, Label, OffsetMap, Origin, Span, Speaker, Status,
};
use proptest::prelude::*;
use serde_json::Value;

/// Text with emoji (one outside the BMP, one ZWJ sequence), CJK, combining marks, RTL and curly
/// quotes: every place where code points, UTF-16 units and bytes disagree.
const MIXED: &str = "“We will win 😀,” Jane Doe said in 東京 on Monday.\n\
    Zoe\u{301} Martin, of the World Bank, said the loan of $5 billion was “a first”.\n\
    שלום עולם — the 👩‍👩‍👧 family met Larry Fink in Paris, where prices rose 12%.";

fn seed_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/samples/seed-article.txt"
    ))
    .expect("the seed article is beside the checkout at ../shared/samples")
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Annotations of every kind with every field filled, made without the detectors so these tests
/// check the formats alone: sentences are claims, capitalised words entities, “…” quotes (with
/// the capitalised word after them as speaker).
fn fixture(text: &str) -> Vec<Annotation> {
    let offsets = OffsetMap::new(text);
    let mut ids = AutoIds::default();
    let mut annotations = Vec::new();
    let words: Vec<(usize, usize)> = {
        let mut words = Vec::new();
        let mut begin = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (begin, c.is_alphanumeric()) {
                (None, true) => begin = Some(at),
                (Some(start), false) => {
                    words.push((start, at));
                    begin = None;
                }
                _ => {}
            }
        }
        words
    };
    let labels = [Label::Person, Label::Org, Label::Gpe, Label::Date];
    for (number, &(start, end)) in words.iter().enumerate() {
        if text[start..].starts_with(char::is_uppercase) && end - start > 1 {
            let label = labels[number % labels.len()];
            let mut entity = ids.annotation(text, &offsets, Kind::Entity, Some(label), Span::new(start, end));
            entity.entity_id = Some(factmark_core::ids::entity_id(label, &text[start..end]));
            annotations.push(entity);
        }
    }
    let mut from = 0;
    while let Some(open) = text[from..].find('“').map(|at| at + from) {
        let Some(close) = text[open..].find('”').map(|at| at + open + '”'.len_utf8()) else {
            break;
        };
        let mut quote = ids.annotation(
            text,
            &offsets,
            Kind::Quote,
            Some(Label::Statement),
            Span::new(open, close),
        );
        quote.speaker = words
            .iter()
            .find(|(start, _)| *start >= close && *start < close + 24)
            .map(|&(start, end)| {
                let (s, e) = offsets.span_to_chars(Span::new(start, end));
                Speaker {
                    start: s,
                    end: e,
                    text: text[start..end].to_owned(),
                    entity_id: Some(factmark_core::ids::entity_id(Label::Person, &text[start..end])),
                    name: Some(format!("{} (speaker)", &text[start..end])),
                }
            });
        annotations.push(quote);
        from = close;
    }
    let mut begin = 0;
    let mut number = 0;
    for (at, c) in text.char_indices() {
        let after = at + c.len_utf8();
        let stop = match c {
            '\n' => Some(at),
            '.' | '!' | '?' if text[after..].starts_with(' ') || after == text.len() => Some(after),
            _ if after == text.len() => Some(after),
            _ => None,
        };
        if let Some(stop) = stop {
            let start = begin + (text[begin..stop].len() - text[begin..stop].trim_start().len());
            if start < stop {
                let mut claim = ids.annotation(text, &offsets, Kind::Claim, None, Span::new(start, stop));
                let score = ((number * 37) % 100) as f32 / 100.0;
                claim.score = Some(score);
                claim.highlighted = Some(score >= 0.4);
                claim.reasons = vec![format!("reason {number}"), "has a “quoted” figure".into()];
                claim.cites = annotations
                    .iter()
                    .filter(|a| a.kind != Kind::Claim && claim.start <= a.start && a.end <= claim.end)
                    .map(|a| a.id.clone())
                    .collect();
                annotations.push(claim);
                number += 1;
            }
            begin = after;
        }
    }
    annotations.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end), a.kind));
    annotations
}

/// An annotated article with the work a person adds: statuses, notes (one with markup),
/// evidence, timestamps and a manual annotation.
fn worked(text: &str) -> Article {
    let mut annotations = fixture(text);
    for (index, annotation) in annotations.iter_mut().enumerate() {
        annotation.created = Some("2026-11-27T09:00:00Z".to_owned());
        annotation.updated = Some(format!("2026-11-27T09:{:02}:00Z", index % 60));
        match index % 4 {
            0 => annotation.status = Status::Verified,
            2 if index % 3 == 0 => annotation.dismissed = true,
            1 => {
                annotation.status = Status::Disputed;
                annotation.note =
                    "Contradicted by <script>alert(1)</script>, \"see\" the =SUM(A1) report,\nline two"
                        .into();
                annotation.evidence = vec![
                    Evidence {
                        url: "https://example.org/a?b=1,2".into(),
                        title: Some("A [report]".into()),
                    },
                    Evidence {
                        url: "javascript:alert(1)".into(),
                        title: None,
                    },
                ];
            }
            _ => {}
        }
    }
    let length = text.chars().count();
    let end = length.min(12);
    let mut manual = Annotation::new(
        "0b7e6a4c-2f1d-4c59-9d0e-6a1f3b2c4d5e".into(),
        Kind::Claim,
        None,
        0,
        end,
        &chars(text, 0, end),
    );
    manual.origin = Origin::Manual;
    manual.status = Status::Verified;
    manual.updated = Some("2026-11-27T10:00:00.250+01:00".into());
    annotations.push(manual);
    Article {
        title: Article::title_of(text),
        text: text.to_owned(),
        annotations,
    }
}

fn samples() -> Vec<Article> {
    vec![worked(&seed_text()), worked(MIXED)]
}

fn uuid_like(id: &str) -> bool {
    id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

fn schema() -> Value {
    let text = include_str!("../../../schema/factmark.schema.json");
    serde_json::from_str(text).expect("the schema is JSON")
}

fn assert_valid(json: &str) {
    let instance: Value = serde_json::from_str(json).expect("exports are JSON");
    let errors = schema_check::errors(&schema(), &instance);
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

/// Every offset of an article counts code points: each annotation's text is what its range
/// covers when counting chars, and the same holds for speakers.
fn assert_code_points(article: &Article) {
    for annotation in &article.annotations {
        assert_eq!(
            chars(&article.text, annotation.start, annotation.end),
            annotation.text,
            "{annotation:?}"
        );
        if let Some(speaker) = &annotation.speaker {
            assert_eq!(chars(&article.text, speaker.start, speaker.end), speaker.text);
        }
    }
}

// ---------------------------------------------------------------- Factmark JSON

#[test]
fn native_exports_match_the_schema_and_round_trip() {
    for article in samples() {
        assert!(!article.annotations.is_empty());
        assert_code_points(&article);
        let json = export::to_json(&article);
        assert_valid(&json);
        assert_eq!(export::from_json(&json), Ok(article.clone()));
        assert_eq!(export::read_document(&json), Ok(Document::Article(article)));
    }
    let library = samples();
    let json = export::library_to_json(&library);
    assert_valid(&json);
    assert_eq!(export::read_document(&json), Ok(Document::Library(library)));
    let message = export::from_json(&json)
        .expect_err("a library is not one article")
        .to_string();
    assert!(message.contains("library of 2 articles"), "{message}");
}

/// What the detectors make today, as the CLI prints it, survives every format that reads back.
#[test]
fn detector_output_round_trips() {
    let text = seed_text();
    let article = Article {
        title: Article::title_of(&text),
        text: text.clone(),
        annotations: annotate(&text),
    };
    assert_code_points(&article);
    let json = export::to_json(&article);
    assert_valid(&json);
    assert_eq!(export::from_json(&json).as_ref(), Ok(&article));
    assert_eq!(
        w3c::from_json(&w3c::to_json(&article), None)
            .map(|i| i.article)
            .as_ref(),
        Ok(&article)
    );
}

#[test]
fn the_schema_checker_catches_what_it_should() {
    let article = worked(MIXED);
    let good: Value = serde_json::from_str(&export::to_json(&article)).expect("json");
    let rows: &[(&str, Value, &str)] = &[
        ("/version", Value::from(2), "expected 1"),
        ("/annotations/0/kind", Value::from("opinion"), "is not one of"),
        ("/annotations/0/start", Value::from(-1), "minimum"),
        ("/annotations/0/status", Value::from(true), "is not one of"),
        ("/annotations/0/surprise", Value::from(1), "unexpected property"),
        ("/annotations/0/score", Value::from(1.5), "maximum"),
        ("/text", Value::from(3), "matches 0 of oneOf"),
    ];
    for (pointer, value, expected) in rows {
        let mut bad = good.clone();
        let (parent, field) = pointer.rsplit_once('/').expect("a pointer");
        bad.pointer_mut(parent).expect("parent exists")[field] = value.clone();
        let errors = schema_check::errors(&schema(), &bad);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{pointer}: {errors:?}"
        );
    }
}

/// Each row: a document, and what its error message must say.
#[test]
fn bad_native_documents_name_the_place_and_the_reason() {
    let article = |annotations: &str| {
        format!(
            r#"{{"format":"factmark","version":1,"title":"t","text":"Hello 😀 world","annotations":[{annotations}]}}"#
        )
    };
    let claim = |fields: &str| article(&format!(r#"{{"id":"a","kind":"claim","label":null,{fields}}}"#));
    let rows: Vec<(String, &str)> = vec![
        (r#"{"format":"factmark","version":1,"ti"#.into(), "ends too early"),
        ("[1, 2".into(), "line 1, column 5"),
        ("\n\n  {\"format\": factmark}".into(), "line 3"),
        ("42".into(), "expected a JSON object"),
        (r#"["factmark", 1, null]"#.into(), "the document: expected a JSON object"),
        (r#"{"format":"factmark","format":"factmark"}"#.into(), "duplicate field `format`"),
        (r#"{"format":"factmark"}"#.into(), "version: missing"),
        (r#"{"format":"factmark","version":"1"}"#.into(), "version \"1\""),
        (r#"{"version":1}"#.into(), "\"format\" is missing"),
        (article(r#"{"id":"a","kind":"claim","label":null,"start":"0","end":2,"text":"He"}"#), "annotations[0].start: invalid type: string"),
        (article(r#"{"id":"a","kind":"rumour","label":null,"start":0,"end":2,"text":"He"}"#), "annotations[0].kind: unknown variant `rumour`"),
        (claim(r#""start":0,"end":99,"text":"He""#), "annotations[0]: offsets 0..99 lie outside the text, which has 13 characters"),
        (claim(r#""start":6,"end":8,"text":"😀 ""#), ""),
        (claim(r#""start":0,"end":2,"text":"Hi""#), "annotations[0].text: its text \"Hi\" differs"),
        (claim(r#""start":0,"end":2,"text":"He","score":7"#), "annotations[0].score"),
        (claim(r#""start":0,"end":2,"text":"He","updated":"last week""#), "annotations[0].updated: \"last week\" is not an RFC 3339 time"),
        (claim(r#""start":0,"end":2,"text":"He","evidence":[{"url":" "}]"#), "annotations[0].evidence[0].url"),
        (article(r#"{"id":"a","kind":"entity","label":"STATEMENT","start":0,"end":2,"text":"He"}"#), "label STATEMENT does not belong to a entity"),
        (
            article(r#"{"id":"a","kind":"claim","label":null,"start":0,"end":2,"text":"He"},{"id":"a","kind":"claim","label":null,"start":1,"end":2,"text":"e"}"#),
            "annotations[1].id: the id \"a\" is used by an earlier annotation too",
        ),
        (
            r#"{"format":"factmark","version":1,"articles":[{"title":"","text":"ab","annotations":[]},{"title":"","text":"ab","annotations":[{"id":"x","kind":"claim","label":null,"start":0,"end":3,"text":"ab"}]}]}"#.into(),
            "articles[1].annotations[0]: offsets 0..3",
        ),
    ];
    for (json, expected) in &rows {
        match export::from_json(json) {
            Ok(_) if expected.is_empty() => {}
            Ok(article) => panic!("{json} was accepted as {article:?}"),
            Err(error) => {
                let message = error.to_string();
                assert!(!expected.is_empty(), "{json}: unexpected error {message}");
                assert!(
                    message.contains(expected),
                    "{json}:\n  {message}\nshould contain\n  {expected}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- W3C Web Annotation

#[test]
fn w3c_round_trips_every_annotation_identically() {
    for article in samples() {
        let json = w3c::to_json(&article);
        let imported = w3c::from_json(&json, None).expect("our own export reads back");
        assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
        assert_eq!(imported.article, article);
        let again = w3c::from_json(&json, Some(&article.text)).expect("with the text given");
        assert_eq!(again.article.annotations, article.annotations);
    }
}

#[test]
fn w3c_annotations_follow_the_model() {
    let article = worked(MIXED);
    let collection: Value = serde_json::from_str(&w3c::to_json(&article)).expect("json");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["first"]["type"], "AnnotationPage");
    assert_eq!(collection["total"], article.annotations.len());
    let items = collection["first"]["items"].as_array().expect("items");
    for (item, annotation) in items.iter().zip(&article.annotations) {
        assert_eq!(item["@context"], w3c::CONTEXT);
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["id"], format!("urn:uuid:{}", annotation.id));
        let selectors = item["target"]["selector"].as_array().expect("selectors");
        let quote = &selectors[0];
        let position = &selectors[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let (start, end) = (annotation.start, annotation.end);
        assert_eq!(position["start"], start);
        assert_eq!(position["end"], end);
        assert_eq!(quote["exact"], chars(MIXED, start, end));
        assert_eq!(quote["prefix"], chars(MIXED, start.saturating_sub(32), start));
        assert_eq!(
            quote["suffix"],
            chars(MIXED, end, (end + 32).min(MIXED.chars().count()))
        );
        let purposes: Vec<&str> = item["body"]
            .as_array()
            .expect("bodies")
            .iter()
            .filter_map(|body| body["purpose"].as_str())
            .collect();
        assert_eq!(&purposes[..2], ["classifying", "assessing"]);
        let value = item["body"][0]["value"].as_str().expect("a classification");
        assert_eq!(
            w3c::parse_classification(value),
            Some((annotation.kind, annotation.label))
        );
        assert_eq!(purposes.contains(&"commenting"), !annotation.note.is_empty());
        assert_eq!(
            purposes.iter().filter(|p| **p == "linking").count(),
            annotation.evidence.len()
        );
    }
    let rows = [
        (Kind::Entity, Some(Label::Person), "entity/PERSON"),
        (Kind::Quote, Some(Label::Statement), "quote/STATEMENT"),
        (Kind::Claim, None, "claim"),
    ];
    for (kind, label, value) in rows {
        assert_eq!(w3c::classification(kind, label), value);
        assert_eq!(w3c::parse_classification(value), Some((kind, label)));
    }
    assert_eq!(w3c::parse_classification("quote/PERSON"), None);
}

/// A tool that counted UTF-16 units (as Hypothesis does) or an older copy of the text gives
/// positions that disagree with the text: the quote decides.
#[test]
fn w3c_import_reanchors_by_quote_and_reports_what_it_cannot_place() {
    let article = worked(MIXED);
    let json = w3c::to_json(&article);
    let mut collection: Value = serde_json::from_str(&json).expect("json");
    // Positions in UTF-16 units, as a Hypothesis-style tool writes them.
    let utf16 = |chars: usize| MIXED.chars().take(chars).map(char::len_utf16).sum::<usize>();
    for item in collection["first"]["items"].as_array_mut().expect("items") {
        let position = &mut item["target"]["selector"][1];
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        position["start"] = utf16(start).into();
        position["end"] = utf16(end).into();
    }
    let imported = w3c::from_json(&collection.to_string(), None).expect("placed by quote");
    assert_eq!(imported.article.annotations, article.annotations);

    // The same annotations on an edited text: text inserted at the start, one sentence gone.
    let edited = format!(
        "Breaking: {}",
        MIXED.replace("Zoe\u{301} Martin, of the World Bank, said", "Someone said")
    );
    let imported = w3c::from_json(&json, Some(&edited)).expect("placed in the edited text");
    assert_code_points(&imported.article);
    assert!(
        !imported.skipped.is_empty(),
        "some annotations covered the removed words"
    );
    for skipped in &imported.skipped {
        let exact = skipped.exact.as_deref().expect("a quote");
        assert!(!edited.contains(exact), "{skipped}");
        assert!(skipped.to_string().contains("does not occur"), "{skipped}");
    }
    assert_eq!(
        imported.article.annotations.len() + imported.skipped.len(),
        article.annotations.len()
    );
    let fink = imported
        .article
        .annotations
        .iter()
        .find(|a| a.text == "Larry Fink");
    if let Some(fink) = fink {
        assert_eq!(chars(&edited, fink.start, fink.end), "Larry Fink");
    }
}

#[test]
fn w3c_import_reads_other_tools_shapes() {
    let text = "The minister said taxes would fall. Taxes rose.";
    let one = r#"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"https://example.org/a/1","type":"Annotation",
        "body":[{"type":"TextualBody","purpose":"classifying","value":"claim"},{"type":"TextualBody","purpose":"assessing","value":"disputed"},
                {"type":"TextualBody","purpose":"commenting","value":"No."},{"id":"https://example.org/stats","purpose":"linking"}],
        "target":{"source":"https://example.org/article","selector":{"type":"TextQuoteSelector","exact":"Taxes rose."}}}"#;
    let imported = w3c::from_json(one, Some(text)).expect("one annotation");
    let annotation = &imported.article.annotations[0];
    assert_eq!((annotation.start, annotation.end), (36, 47));
    assert_eq!(annotation.id, "https://example.org/a/1");
    assert_eq!(annotation.status, Status::Disputed);
    assert_eq!(annotation.note, "No.");
    assert_eq!(annotation.evidence[0].url, "https://example.org/stats");
    assert_eq!(annotation.origin, Origin::Manual);

    // A page of two: a highlight with no Factmark classification, and one by position only.
    let page = r#"{"type":"AnnotationPage","items":[
        {"type":"Annotation","body":{"type":"TextualBody","value":"nice","purpose":"commenting"},
         "target":{"selector":{"type":"TextQuoteSelector","exact":"minister"}}},
        {"type":"Annotation","body":{"purpose":"classifying","value":"entity/PERSON"},
         "target":{"selector":{"type":"TextPositionSelector","start":4,"end":12}}}]}"#;
    let imported = w3c::from_json(page, Some(text)).expect("a page");
    let short = r#"{"type":"Annotation","motivation":"classifying","bodyValue":"Check this.",
        "body":[{"type":"TextualBody","value":"entity/PERSON"}],
        "target":{"selector":{"type":"TextQuoteSelector","exact":"minister"}}}"#;
    let shorthand = w3c::from_json(short, Some(text)).expect("motivation and bodyValue");
    let annotation = &shorthand.article.annotations[0];
    assert_eq!(
        (annotation.kind, annotation.label),
        (Kind::Entity, Some(Label::Person))
    );
    assert_eq!(annotation.note, "Check this.");
    assert_eq!(imported.skipped.len(), 1);
    assert_eq!(imported.skipped[0].path, "items[0]");
    assert!(imported.skipped[0].reason.contains("no classifying body"));
    assert_eq!(imported.article.annotations[0].text, "minister");

    // Ids that are not IRIs get a stable UUID, so a second round trip changes nothing (found by
    // the w3c fuzz target).
    let odd = r#"[{"type":"Annotation","id":"urn:uuid:not a uuid","body":{"purpose":"classifying","value":"claim"},
        "target":{"selector":{"type":"TextQuoteSelector","exact":"Taxes rose."}}}]"#;
    let first = w3c::from_json(odd, Some(text)).expect("an odd id").article;
    let second = w3c::from_json(&w3c::to_json(&first), None)
        .expect("round trip")
        .article;
    assert_eq!(second, first);
    assert!(uuid_like(&first.annotations[0].id), "{}", first.annotations[0].id);

    let rows: &[(&str, Option<&str>, &str)] = &[
        (
            r#"{"type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[]}}"#,
            None,
            "does not carry the article's text",
        ),
        (
            r#"{"type":"Book"}"#,
            Some(text),
            "expected an AnnotationCollection",
        ),
        (
            r#"{"type":"AnnotationCollection","first":"https://example.org/page1"}"#,
            Some(text),
            "first: the collection's pages are not in the file",
        ),
        (
            r#"[{"type":"Annotation","body":{"purpose":"assessing","value":"maybe"}}]"#,
            Some(text),
            "[0].body: the assessment \"maybe\"",
        ),
        (
            r#"[{"type":"Annotation","target":{"selector":{"type":"TextPositionSelector","start":"a"}}}]"#,
            Some(text),
            "[0].target.selector",
        ),
        (
            r#"[{"type":"Annotation","factmark:score":"high","body":{"purpose":"classifying","value":"claim"},"target":{"selector":{"type":"TextQuoteSelector","exact":"Taxes"}}}]"#,
            Some(text),
            "[0].factmark:score: invalid type",
        ),
    ];
    for &(json, text, expected) in rows {
        let message = w3c::from_json(json, text).expect_err(json).to_string();
        assert!(
            message.contains(expected),
            "{json}:\n  {message}\nshould contain\n  {expected}"
        );
    }
}

// ---------------------------------------------------------------- doccano, CSV, Markdown, ClaimReview

#[test]
fn doccano_round_trips_spans_and_labels() {
    let articles = samples();
    let jsonl = doccano::to_jsonl(&articles);
    assert_eq!(jsonl.lines().count(), 2);
    let read = doccano::from_jsonl(&jsonl).expect("our own export reads back");
    for (article, back) in articles.iter().zip(&read) {
        assert_eq!(back.text, article.text);
        assert_code_points(back);
        let triples = |article: &Article| {
            let mut triples: Vec<(usize, usize, &'static str)> = article
                .annotations
                .iter()
                .filter(|a| doccano::is_exported(a))
                .map(|a| (a.start, a.end, doccano::label_of(a)))
                .collect();
            triples.sort();
            triples
        };
        assert_eq!(triples(back), triples(article));
        // Automatic ids are the detectors' ids for the same span.
        let auto_entities = article
            .annotations
            .iter()
            .filter(|a| a.origin == Origin::Auto && a.kind == Kind::Entity && doccano::is_exported(a));
        for annotation in auto_entities {
            assert!(
                back.annotations.iter().any(|b| b.id == annotation.id),
                "{annotation:?}"
            );
        }
    }
    let line: Value = serde_json::from_str(jsonl.lines().nth(1).expect("line 2")).expect("json");
    for triple in line["label"].as_array().expect("labels") {
        let (start, end) = (
            triple[0].as_u64().unwrap() as usize,
            triple[1].as_u64().unwrap() as usize,
        );
        assert!(end <= MIXED.chars().count(), "code points, not bytes: {triple}");
        assert!(!chars(MIXED, start, end).is_empty());
    }

    let rows: &[(&str, &str)] = &[
        (
            "{\"text\":\"abc\",\"label\":[[0,2,\"PERSON\"]]}\n{\"text\": 5}",
            "line 2.text: expected a string",
        ),
        (
            "{\"text\":\"abc\",\"label\":[[0,9,\"PERSON\"]]}",
            "line 1.label[0]: offsets 0..9",
        ),
        (
            "{\"text\":\"abc\",\"label\":[[0,2,\"HERO\"]]}",
            "unknown label \"HERO\"",
        ),
        (
            "{\"text\":\"abc\",\"label\":[[0,\"2\",\"ORG\"]]}",
            "line 1.label[0]: expected [start, end",
        ),
        ("\n{\"text\":\"abc\",\"label\":[[0,2", "line 2, column"),
        ("", "holds no lines"),
    ];
    for &(input, expected) in rows {
        let message = doccano::from_jsonl(input).expect_err(input).to_string();
        assert!(
            message.contains(expected),
            "{input}:\n  {message}\nshould contain\n  {expected}"
        );
    }
    let relations = r#"{"id":7,"text":"Larry Fink spoke.","entities":[{"id":1,"start_offset":0,"end_offset":10,"label":"PERSON"}],"relations":[]}"#;
    let read = doccano::from_jsonl(relations).expect("relation export");
    assert_eq!(read[0].annotations[0].text, "Larry Fink");
}

#[test]
fn csv_quotes_defuses_formulas_and_reads_back() {
    for article in samples() {
        let table = csv::to_csv(&article);
        let rows = csv::parse_rows(&table).expect("our own CSV parses");
        assert_eq!(rows[0], csv::COLUMNS);
        let kept: Vec<&Annotation> = article.annotations.iter().filter(|a| !a.dismissed).collect();
        assert!(
            kept.len() < article.annotations.len(),
            "dismissed annotations are left out"
        );
        assert_eq!(rows.len(), kept.len() + 1);
        assert!(rows.iter().all(|row| row.len() == csv::COLUMNS.len()));
        for row in &rows[1..] {
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "formula-like cell {cell:?}"
                );
            }
        }
        let back = csv::read(&table, &article.text).expect("reads back");
        assert_eq!(back.len(), kept.len());
        for (annotation, read) in kept.into_iter().zip(&back) {
            assert_eq!(
                (
                    &read.id,
                    read.kind,
                    read.label,
                    read.start,
                    read.end,
                    &read.text,
                    read.status,
                    &read.note,
                    read.score
                ),
                (
                    &annotation.id,
                    annotation.kind,
                    annotation.label,
                    annotation.start,
                    annotation.end,
                    &annotation.text,
                    annotation.status,
                    &annotation.note,
                    annotation.score
                ),
            );
            let urls = |a: &Annotation| a.evidence.iter().map(|e| e.url.clone()).collect::<Vec<_>>();
            assert_eq!(urls(read), urls(annotation));
        }
    }
    let mut article = worked(MIXED);
    article.annotations[1].note = "=HYPERLINK(\"http://evil\")".into();
    article.annotations[2].note = "'quoted".into();
    let table = csv::to_csv(&article);
    assert!(
        table.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "{table}"
    );
    let back = csv::read(&table, &article.text).expect("reads back");
    assert_eq!(back[1].note, article.annotations[1].note);
    assert_eq!(back[2].note, "'quoted");

    let rows: &[(&str, &str)] = &[
        (
            "id,kind,start,end\r\nx,claim,0,99\r\n",
            "row 2, column start: offsets 0..99 lie outside the text, which has 13",
        ),
        ("id,kind,start,end\r\nx,rumour,0,1\r\n", "row 2, column kind"),
        (
            "id,kind,start,end\r\nx,claim,zero,1\r\n",
            "\"zero\" is not a whole number",
        ),
        (
            "id,kind,start,end\r\n\"x,claim,0,1\r\n",
            "line 2, column 1): a quoted cell never closes",
        ),
        ("name,age\r\n", "no \"id\" column"),
        (
            "id,kind,start,end\n\nx,claim,0,1\nx,claim,1,2\n",
            "row 4.id: the id \"x\" is used by an earlier annotation",
        ),
    ];
    for &(input, expected) in rows {
        let message = csv::read(input, "A short text.").expect_err(input).to_string();
        assert!(
            message.contains(expected),
            "{input}:\n  {message}\nshould contain\n  {expected}"
        );
    }
}

#[test]
fn markdown_reports_claims_and_quotes_as_inert_text() {
    let article = worked(&seed_text());
    let report = markdown::to_markdown(&article);
    assert!(report.starts_with("# "));
    assert!(report.contains("## Claims") && report.contains("## Quotes"));
    assert!(!report.contains("<script>"), "markup is escaped");
    assert!(report.contains("\\<script\\>"));
    assert!(report.contains("[A \\[report\\]](<https://example.org/a?b=1,2>)"));
    assert!(!report.contains("](javascript:") && !report.contains("(<javascript:"));
    let reported = article
        .annotations
        .iter()
        .filter(|a| markdown::is_reported(a))
        .count();
    assert_eq!(report.matches("\n### ").count(), reported);
    let rows = [
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("a\n\nb", "a b"),
        ("[x](y)", "\\[x\\]\\(y\\)"),
    ];
    for (text, expected) in rows {
        assert_eq!(markdown::inline(text), expected);
    }
}

#[test]
fn claim_review_drafts_rate_verified_and_disputed_claims_only() {
    let text = "“We will cut taxes,” Jane Doe said on Monday. Taxes rose 5% in 2024, the ministry said.";
    let mut article = worked(text);
    let claims: Vec<usize> = (0..article.annotations.len())
        .filter(|&i| article.annotations[i].kind == Kind::Claim && !article.annotations[i].dismissed)
        .collect();
    for (n, &index) in claims.iter().enumerate() {
        article.annotations[index].status = [Status::Verified, Status::Disputed, Status::Unverified][n % 3];
    }
    let drafts = claim_review::drafts(&article);
    let reviews: Vec<Value> = serde_json::from_str(&drafts.json).expect("a JSON array");
    let rated: Vec<&Annotation> = claims
        .iter()
        .map(|&i| &article.annotations[i])
        .filter(|a| a.status != Status::Unverified)
        .collect();
    assert_eq!(reviews.len(), rated.len());
    assert_eq!(drafts.count, rated.len());
    assert_eq!(drafts.unverified, claims.len() - rated.len());
    assert_eq!(drafts.missing, ["author", "datePublished", "url"]);
    for (review, claim) in reviews.iter().zip(rated) {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["claimReviewed"], claim.text);
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        let (value, name) = claim_review::rating(claim.status).expect("rated");
        assert_eq!(review["reviewRating"]["ratingValue"], value);
        assert_eq!(review["reviewRating"]["alternateName"], name);
        assert_eq!(review["reviewRating"]["bestRating"], 5);
        assert_eq!(review["reviewRating"]["worstRating"], 1);
        assert!(review.get("author").is_none() && review.get("datePublished").is_none());
        match claim_review::speaker_of(&article, claim) {
            Some(name) => assert_eq!(review["itemReviewed"]["author"]["name"], name),
            None => assert!(review["itemReviewed"].get("author").is_none()),
        }
    }
    assert_eq!(claim_review::rating(Status::Verified), Some((5, "Accurate")));
    assert_eq!(claim_review::rating(Status::Disputed), Some((1, "Disputed")));
    assert_eq!(claim_review::rating(Status::Unverified), None);
}

// ---------------------------------------------------------------- merge, preview, re-anchoring

fn claim(id: &str, text: &str, start: usize, end: usize, updated: Option<&str>) -> Annotation {
    let mut annotation = Annotation::new(id.into(), Kind::Claim, None, start, end, &chars(text, start, end));
    annotation.updated = updated.map(str::to_owned);
    annotation
}

#[test]
fn merge_takes_newer_annotations_and_previews_the_counts() {
    let text = "One fact. Two facts. Three facts. Four facts.";
    let existing = Article {
        title: "t".into(),
        text: text.into(),
        annotations: vec![
            claim("a", text, 0, 9, Some("2026-11-27T10:00:00Z")),
            claim("b", text, 10, 20, Some("2026-11-27T10:00:00Z")),
            claim("c", text, 21, 33, Some("2026-11-27T10:00:00Z")),
            claim("d", text, 34, 45, None),
        ],
    };
    let mut newer_b = claim("b", text, 10, 20, Some("2026-11-27T11:00:00+00:30"));
    newer_b.status = Status::Verified;
    let mut older_c = claim("c", text, 21, 33, Some("2026-11-27T09:59:59.999Z"));
    older_c.status = Status::Disputed;
    let incoming = Article {
        title: "t".into(),
        text: text.into(),
        annotations: vec![
            existing.annotations[0].clone(),
            newer_b.clone(),
            older_c,
            claim("e", text, 4, 8, None),
        ],
    };

    let plan = merge::plan(&existing, &incoming, merge::Mode::Merge);
    let expected = merge::Preview {
        added: 1,
        updated: 1,
        unchanged: 1,
        kept: 1,
        removed: 0,
        text_changed: false,
        unplaced: vec![],
    };
    assert_eq!(plan.preview, expected);
    let ids: Vec<&str> = plan.article.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "e", "b", "c", "d"]);
    assert_eq!(plan.article.annotations[2], newer_b);
    assert_eq!(
        plan.article.annotations[3].status,
        Status::Unverified,
        "the newer local c is kept"
    );
    export::validate(&plan.article).expect("a merge stays valid");

    let plan = merge::plan(&existing, &incoming, merge::Mode::Replace);
    assert_eq!(
        plan.preview,
        merge::Preview {
            added: 1,
            updated: 2,
            unchanged: 1,
            removed: 1,
            ..merge::Preview::default()
        }
    );
    assert_eq!(plan.article, incoming);
}

#[test]
fn merging_an_import_made_on_another_text_reanchors_it() {
    let old = "Prices rose. Wages fell. Rents rose.";
    let new = "Today: prices rose. Wages fell sharply. Rents rose.";
    let incoming = Article {
        title: "t".into(),
        text: old.into(),
        annotations: vec![
            claim("w", old, 13, 24, None),
            claim("r", old, 25, 36, None),
            claim("p", old, 0, 12, None),
        ],
    };
    let existing = Article {
        title: "t".into(),
        text: new.into(),
        annotations: vec![],
    };
    let plan = merge::plan(&existing, &incoming, merge::Mode::Merge);
    // "Wages fell." and "Prices rose." are no longer in the text (one grew, one lost its capital).
    assert_eq!(plan.preview.added, 1);
    assert_eq!(plan.preview.unplaced, ["w", "p"]);
    assert_eq!(plan.article.annotations[0].text, "Rents rose.");
    assert_eq!(
        chars(
            new,
            plan.article.annotations[0].start,
            plan.article.annotations[0].end
        ),
        "Rents rose."
    );
}

#[test]
fn reanchor_follows_an_edit_and_reports_lost_annotations() {
    let old = worked(MIXED);
    let new = MIXED
        .replace("Jane Doe said", "Jane Doe, 😀 the mayor, said")
        .replace("12%", "");
    let moved = anchor::reanchor(&old.text, &new, &old.annotations);
    assert_eq!(moved.placed.len() + moved.lost.len(), old.annotations.len());
    for annotation in &moved.placed {
        assert_eq!(chars(&new, annotation.start, annotation.end), annotation.text);
        if let Some(speaker) = &annotation.speaker {
            assert_eq!(chars(&new, speaker.start, speaker.end), speaker.text);
        }
    }
    for id in &moved.lost {
        let lost = old.annotations.iter().find(|a| &a.id == id).expect("a known id");
        assert!(!new.contains(&lost.text), "{lost:?} is still in the text");
    }
    let same = anchor::reanchor(&old.text, &old.text, &old.annotations);
    assert_eq!(same.placed, old.annotations);
    // The repeated word: context picks the right one even when the hint is far away.
    let text = "rose and rose and rose";
    let quote = Quote::at(text, 9, 13).expect("inside");
    assert_eq!(
        Anchorer::new(&format!("so {text}")).locate(&quote, Some(0)),
        Some((12, 16))
    );
}

// ---------------------------------------------------------------- hostile input

#[test]
fn oversized_files_are_refused_before_parsing() {
    let huge = format!(
        "{{\"format\":\"factmark\",\"text\":\"{}",
        "a".repeat(MAX_IMPORT_BYTES + 1024 * 1024)
    );
    let started = std::time::Instant::now();
    for format in [Format::Factmark, Format::W3c, Format::Doccano, Format::Csv] {
        let error = formats::import(format, &huge, Some("text")).expect_err("too large");
        assert_eq!(
            error,
            ImportError::TooLarge {
                bytes: huge.len(),
                limit: MAX_IMPORT_BYTES
            },
            "{format:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("129.0 MiB") && message.contains("up to 128 MiB"),
            "{message}"
        );
    }
    assert!(started.elapsed().as_millis() < 500, "refused without parsing");
    let text = "x".repeat(export::MAX_ARTICLE_BYTES + 1);
    let json = export::to_json(&Article {
        title: String::new(),
        text,
        annotations: vec![],
    });
    let message = export::from_json(&json).expect_err("text too long").to_string();
    assert!(message.starts_with("text: the text is 2.0 MB"), "{message}");
}

#[test]
fn deep_nesting_gets_a_clear_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let w3c_inside = format!(r#"{{"type":"AnnotationPage","items":{deep}}}"#);
    for (format, input) in [
        (Format::Factmark, &deep),
        (Format::W3c, &deep),
        (Format::W3c, &w3c_inside),
        (Format::Doccano, &deep),
    ] {
        let error = formats::import(format, input, Some("text")).expect_err("too deep");
        assert!(
            matches!(error, ImportError::TooDeep { .. }),
            "{format:?}: {error:?}"
        );
        assert!(error.to_string().contains("more than 128 levels deep"), "{error}");
    }
    // Factmark JSON skips what it does not read without recursing (serde_json's `IgnoredAny` is
    // iterative), and a deep value where a string belongs is a type error at its path.
    let inside = format!(r#"{{"format":"factmark","version":1,"title":{deep}}}"#);
    let message = export::from_json(&inside).expect_err("not a title").to_string();
    assert!(
        message.starts_with("title: invalid type: sequence, expected a string (line 1, column 41)"),
        "{message}"
    );
    let ignored =
        format!(r#"{{"format":"factmark","version":1,"title":"","text":"","annotations":[],"x":{deep}}}"#);
    assert_eq!(export::from_json(&ignored).map(|a| a.annotations.len()), Ok(0));
}

#[test]
fn every_truncation_of_an_export_is_refused_cleanly() {
    let article = worked(MIXED);
    for format in [Format::Factmark, Format::W3c] {
        let json = formats::export(format, &article);
        let cuts: Vec<usize> = json.char_indices().map(|(at, _)| at).step_by(7).collect();
        for cut in cuts {
            let error = formats::import(format, &json[..cut], None).expect_err("truncated");
            assert!(!error.to_string().is_empty());
        }
    }
}

#[test]
fn script_in_strings_is_kept_as_inert_text() {
    let text = "<script>alert('x')</script> said <img src=x onerror=alert(1)> Jane Doe.";
    let mut article = worked(text);
    article.title = "<b>Title</b>".into();
    for format in [Format::Factmark, Format::W3c] {
        let back = formats::import(format, &formats::export(format, &article), None).expect("round trip");
        assert_eq!(back.articles, [article.clone()], "{format:?}");
    }
    let back = doccano::from_jsonl(&doccano::to_jsonl(std::slice::from_ref(&article))).expect("doccano");
    assert_eq!(back[0].text, text);
    let report = markdown::to_markdown(&article);
    assert!(
        !report.contains('<') || report.matches("\\<").count() == report.matches('<').count(),
        "{report}"
    );
}

#[test]
fn formats_are_detected_from_their_first_lines() {
    let article = worked(MIXED);
    // Windows editors may save UTF-8 with a byte order mark.
    for format in Format::ALL.into_iter().filter(|f| f.can_read()) {
        let with_bom = format!("\u{feff}{}", formats::export(format, &article));
        assert_eq!(formats::detect(&with_bom), Some(format));
        let imported = formats::import(format, &with_bom, Some(&article.text)).expect("a BOM is fine");
        assert_eq!(imported.articles[0].text, article.text, "{format:?}");
    }
    for format in Format::ALL.into_iter().filter(|f| f.can_read()) {
        assert_eq!(formats::detect(&formats::export(format, &article)), Some(format));
    }
    assert_eq!(formats::detect("Just an article."), None);
    let message = formats::read("Just an article.", None)
        .expect_err("unknown")
        .to_string();
    assert!(message.contains("cannot tell what this file is"), "{message}");
    let (format, imported) = formats::read(&formats::export(Format::W3c, &article), None).expect("reads");
    assert_eq!((format, imported.articles), (Format::W3c, vec![article.clone()]));
    assert_eq!(
        formats::detect(&formats::export(Format::Markdown, &article)),
        None
    );
    assert_eq!(
        Format::Factmark.file_name(&article),
        format!("{}.factmark.json", article.slug())
    );
    for format in Format::ALL {
        assert_eq!(Format::parse(format.name()), Some(format));
    }
    let library = formats::export_all(Format::Factmark, &samples()).expect("libraries");
    assert_eq!(
        formats::import(Format::Factmark, &library, None)
            .expect("reads")
            .articles,
        samples()
    );
    assert_eq!(formats::export_all(Format::W3c, &samples()), None);
}

// ---------------------------------------------------------------- properties

fn importers(input: &str) {
    let text = Some("A short article about Larry Fink.");
    for format in [Format::Factmark, Format::W3c, Format::Doccano, Format::Csv] {
        match formats::import(format, input, text) {
            Ok(imported) => {
                for article in &imported.articles {
                    export::validate(article).expect("an import is valid");
                }
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
    let _ = formats::detect(input);
}

/// Valid exports with one edit: a cut, or a character inserted, replaced or removed.
fn mutated_export() -> impl Strategy<Value = String> {
    let exports: Vec<String> = [Format::Factmark, Format::W3c, Format::Doccano, Format::Csv]
        .into_iter()
        .map(|format| {
            let mut article = worked("A short article about Larry Fink. 😀 He said “it’s fine”.");
            article.text = "A short article about Larry Fink.".into();
            article.annotations.retain(|a| a.end <= 33);
            formats::export(format, &article)
        })
        .collect();
    (
        0..exports.len(),
        any::<prop::sample::Index>(),
        any::<char>(),
        0..4u8,
    )
        .prop_map(move |(which, at, c, edit)| {
            let mut text = exports[which].clone();
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match edit {
                0 => text.truncate(at),
                1 => text.insert(at, c),
                2 if at < text.len() => {
                    text.remove(at);
                    text.insert(at, c);
                }
                _ if at < text.len() => {
                    text.remove(at);
                }
                _ => {}
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn importers_never_panic_on_arbitrary_text(input in ".{0,400}") {
        importers(&input);
    }

    #[test]
    fn importers_never_panic_on_damaged_exports(input in mutated_export()) {
        importers(&input);
    }

    #[test]
    fn importers_never_panic_on_json_shaped_input(input in r#"[\[\]{}",:0-9a-z \\-]{0,200}"#) {
        importers(&input);
        importers(&format!("{{\"format\":\"factmark\",\"version\":1,{input}"));
        importers(&format!("{{\"type\":\"AnnotationCollection\",\"factmark:text\":\"abc\",\"first\":{{\"items\":[{input}"));
    }

    #[test]
    fn merge_plans_stay_valid_and_count_everything(
        pick in prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..3, 0u8..3), 1..40),
        edit in any::<bool>(),
    ) {
        let base = worked(MIXED);
        let picked = |keep: &dyn Fn(usize) -> bool, stamp: &dyn Fn(usize) -> u8| {
            let mut article = base.clone();
            article.annotations = base
                .annotations
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(i, a)| {
                    let mut a = a.clone();
                    a.updated = Some(format!("2026-11-27T10:0{}:00Z", stamp(i)));
                    a.status = Status::ALL[usize::from(stamp(i)) % 3];
                    a
                })
                .collect();
            article
        };
        let choice = |i: usize| pick[i % pick.len()];
        let existing = picked(&|i| choice(i).0, &|i| choice(i).2);
        let mut incoming = picked(&|i| choice(i).1, &|i| choice(i).3);
        if edit {
            incoming = Article { text: MIXED.replace("Monday", "Tuesday"), ..incoming };
            incoming.annotations = anchor::reanchor(MIXED, &incoming.text, &incoming.annotations).placed;
            prop_assert_eq!(export::validate(&incoming), Ok(()));
        }
        let merged = merge::plan(&existing, &incoming, merge::Mode::Merge);
        prop_assert_eq!(export::validate(&merged.article), Ok(()));
        let p = &merged.preview;
        prop_assert_eq!(p.added + p.updated + p.unchanged + p.kept + p.unplaced.len(), incoming.annotations.len());
        prop_assert_eq!(merged.article.annotations.len(), existing.annotations.len() + p.added);
        let replaced = merge::plan(&existing, &incoming, merge::Mode::Replace);
        let p = &replaced.preview;
        prop_assert_eq!(p.added + p.updated + p.unchanged, incoming.annotations.len());
        prop_assert_eq!(p.removed + p.updated + p.unchanged, existing.annotations.len());
        prop_assert_eq!(&replaced.article, &incoming);
    }

    #[test]
    fn reanchoring_lands_on_the_same_text(text in "[ab😀é\u{301} ]{0,40}", start in 0usize..40, len in 1usize..6, cut in 0usize..40) {
        let count = text.chars().count();
        let start = start.min(count);
        let end = (start + len).min(count);
        prop_assume!(start < end);
        let quote = Quote::at(&text, start, end).expect("inside");
        let edited: String = text.chars().take(cut).chain("x".chars()).chain(text.chars().skip(cut)).collect();
        if let Some((s, e)) = Anchorer::new(&edited).locate(&quote, Some(start)) {
            prop_assert_eq!(chars(&edited, s, e), quote.exact.clone());
        }
        prop_assert_eq!(Anchorer::new(&text).locate(&quote, Some(start)).map(|(s, e)| chars(&text, s, e)), Some(quote.exact));
    }
}
