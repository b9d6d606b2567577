//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` whose first `AnnotationPage` holds one
//! `Annotation` per highlight, written and read.
//!
//! Each annotation targets the article (`urn:uuid:` of its text) through a TextQuoteSelector and
//! a TextPositionSelector counting code points, as the model requires (Hypothesis counts UTF-16,
//! which is wrong for text outside the Basic Multilingual Plane). Bodies carry the kind and
//! label (`classifying`: `entity/PERSON`, `quote/STATEMENT`, `claim`), the status (`assessing`),
//! the note (`commenting`) and evidence (`linking`). What the model has no words for (score,
//! reasons, speaker, entity links) travels in `factmark:` terms that other tools ignore, and the
//! collection carries the article text as `factmark:text` so the file stands on its own.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::anchor::{Anchorer, Quote};
use crate::export;
use crate::ids::AutoIds;
use crate::import::{self, describe, ImportError};
use crate::model::{Annotation, Article, Evidence, Kind, Label, Origin, Speaker, Status};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The namespace of Factmark's own terms.
pub const FACTMARK_NS: &str = "https://factmark.invalid/ns#";
const FORMAT_NAME: &str = "W3C Web Annotation JSON";

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: (&'static str, ContextExtension),
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    #[serde(rename = "factmark:text")]
    text: &'a str,
    first: Page<'a>,
}

#[derive(Serialize)]
struct ContextExtension {
    factmark: &'static str,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<WebAnnotation<'a>>,
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a str>,
    /// Present on what a detector made; a person's annotations have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    generator: Option<Generator>,
    body: Vec<Body<'a>>,
    target: Target<'a>,
    #[serde(rename = "factmark:entityId", skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
    #[serde(rename = "factmark:speaker", skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a Speaker>,
    #[serde(rename = "factmark:score", skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
    #[serde(rename = "factmark:reasons", skip_serializing_if = "<[_]>::is_empty")]
    reasons: &'a [String],
    #[serde(rename = "factmark:highlighted", skip_serializing_if = "Option::is_none")]
    highlighted: Option<bool>,
    #[serde(rename = "factmark:cites", skip_serializing_if = "<[_]>::is_empty")]
    cites: &'a [String],
    #[serde(rename = "factmark:dismissed", skip_serializing_if = "std::ops::Not::not")]
    dismissed: bool,
}

#[derive(Serialize)]
struct Generator {
    id: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        value: Cow<'a, str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
    },
    Link {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<&'a str>,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: (QuoteSelector, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: String,
    prefix: String,
    suffix: String,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// The `urn:uuid:` naming an article: a UUID v5 of its text, so the same text has the same name.
pub fn article_iri(text: &str) -> String {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://factmark.invalid/articles");
    format!("urn:uuid:{}", Uuid::new_v5(&namespace, text.as_bytes()))
}

/// An annotation id as an IRI: `urn:uuid:` for UUIDs (every id Factmark makes), an IRI kept as
/// it is, anything else hashed into a UUID.
fn annotation_iri(id: &str) -> String {
    if let Ok(uuid) = Uuid::parse_str(id) {
        format!("urn:uuid:{}", uuid.hyphenated())
    } else if id.contains(':') && !id.chars().any(char::is_whitespace) {
        id.to_owned()
    } else {
        let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://factmark.invalid/ids");
        format!("urn:uuid:{}", Uuid::new_v5(&namespace, id.as_bytes()))
    }
}

/// The annotation id an IRI stands for, the inverse of [`annotation_iri`]: `urn:uuid:X` gives X,
/// another IRI stays as it is, and anything else (spaces, no scheme) becomes the UUID that
/// [`annotation_iri`] would hash it to, so ids survive import → export → import unchanged.
fn id_of_iri(iri: &str) -> String {
    let uuid = iri
        .strip_prefix("urn:uuid:")
        .filter(|uuid| Uuid::parse_str(uuid).is_ok());
    let normal = annotation_iri(uuid.unwrap_or(iri));
    match normal.strip_prefix("urn:uuid:") {
        Some(uuid) if Uuid::parse_str(uuid).is_ok() => uuid.to_owned(),
        _ => normal,
    }
}

/// The `classifying` body value of an annotation: `entity/PERSON`, `quote/STATEMENT`, `claim`.
pub fn classification(kind: Kind, label: Option<Label>) -> String {
    match label {
        Some(label) => format!("{}/{}", kind.as_str(), label.as_str()),
        None => kind.as_str().to_owned(),
    }
}

/// Writes `article` as a pretty-printed AnnotationCollection.
pub fn to_json(article: &Article) -> String {
    let source = article_iri(&article.text);
    let anchorer = Anchorer::new(&article.text);
    let items = article
        .annotations
        .iter()
        .map(|annotation| web_annotation(annotation, &article.text, &anchorer, &source))
        .collect();
    let collection = Collection {
        context: (
            CONTEXT,
            ContextExtension {
                factmark: FACTMARK_NS,
            },
        ),
        id: source.clone(),
        kind: "AnnotationCollection",
        label: &article.title,
        total: article.annotations.len(),
        text: &article.text,
        first: Page {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    serde_json::to_string_pretty(&collection).expect("a collection holds only strings, numbers and lists")
}

fn web_annotation<'a>(
    annotation: &'a Annotation,
    text: &str,
    anchorer: &Anchorer,
    source: &'a str,
) -> WebAnnotation<'a> {
    let quote =
        Quote::at_with(text, anchorer.offsets(), annotation.start, annotation.end).unwrap_or_default();
    let mut body = vec![
        Body::Text {
            kind: "TextualBody",
            purpose: "classifying",
            value: Cow::Owned(classification(annotation.kind, annotation.label)),
            format: None,
        },
        Body::Text {
            kind: "TextualBody",
            purpose: "assessing",
            value: Cow::Borrowed(annotation.status.as_str()),
            format: None,
        },
    ];
    if !annotation.note.is_empty() {
        body.push(Body::Text {
            kind: "TextualBody",
            purpose: "commenting",
            value: Cow::Borrowed(&annotation.note),
            format: Some("text/plain"),
        });
    }
    body.extend(annotation.evidence.iter().map(|evidence| Body::Link {
        kind: "SpecificResource",
        purpose: "linking",
        source: &evidence.url,
        label: evidence.title.as_deref(),
    }));
    WebAnnotation {
        context: CONTEXT,
        id: annotation_iri(&annotation.id),
        kind: "Annotation",
        motivation: "classifying",
        created: annotation.created.as_deref(),
        modified: annotation.updated.as_deref(),
        generator: (annotation.origin == Origin::Auto).then_some(Generator {
            id: "https://factmark.invalid/",
            kind: "Software",
            name: "Factmark",
        }),
        body,
        target: Target {
            source,
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact: quote.exact,
                    prefix: quote.prefix,
                    suffix: quote.suffix,
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: annotation.start,
                    end: annotation.end,
                },
            ),
        },
        entity_id: annotation.entity_id.as_deref(),
        speaker: annotation.speaker.as_ref(),
        score: annotation.score,
        reasons: &annotation.reasons,
        highlighted: annotation.highlighted,
        cites: &annotation.cites,
        dismissed: annotation.dismissed,
    }
}

/// What a W3C import produced: the article, and the annotations that could not be placed, so
/// the app can list them instead of losing them without a word.
#[derive(Clone, Debug, PartialEq)]
pub struct W3cImport {
    pub article: Article,
    pub skipped: Vec<Skipped>,
}

/// An annotation left out of an import, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is in the file: `first.items[4]`.
    pub path: String,
    /// Its id as the file gives it, if any.
    pub id: Option<String>,
    /// The quoted text, if any.
    pub exact: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(exact) = &self.exact {
            write!(f, " ({:?})", crate::model::shorten(exact, 60))?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Reads W3C Web Annotation JSON: an AnnotationCollection (with its first page embedded), an
/// AnnotationPage, an array of annotations or one annotation.
///
/// The annotations are placed in `text` when given (the app imports into the open article);
/// otherwise in the collection's `factmark:text`. Each is placed by its TextQuoteSelector,
/// preferring the occurrence its prefix and suffix describe and nearest its TextPositionSelector,
/// so positions that disagree with the text (an edited article, UTF-16 offsets from another
/// tool) are corrected. Annotations that cannot be placed are listed in `skipped`.
pub fn from_json(json: &str, text: Option<&str>) -> Result<W3cImport, ImportError> {
    let root = import::parse_value(json, FORMAT_NAME)?;
    let (items, items_path) = annotation_items(&root)?;
    let embedded = root.get("factmark:text").and_then(Value::as_str);
    let Some(text) = text.or(embedded) else {
        return Err(ImportError::Invalid {
            path: "the document".to_owned(),
            message: "it does not carry the article's text (factmark:text); import it into an open \
                      article, or give the text (factmark-cli convert --text FILE)"
                .to_owned(),
        });
    };
    let title = root
        .get("label")
        .and_then(Value::as_str)
        .map_or_else(|| Article::title_of(text), str::to_owned);

    let anchorer = Anchorer::new(text);
    let mut auto_ids = AutoIds::default();
    let mut seen = HashSet::new();
    let mut annotations = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("{items_path}[{index}]");
        match read_annotation(item, &path, text, &anchorer, &mut auto_ids)? {
            Ok(annotation) => {
                if !seen.insert(annotation.id.clone()) {
                    return Err(ImportError::Invalid {
                        path: format!("{path}.id"),
                        message: format!("the id {:?} is used by an earlier annotation too", annotation.id),
                    });
                }
                annotations.push(annotation);
            }
            Err(skip) => skipped.push(skip),
        }
    }
    let article = Article {
        title,
        text: text.to_owned(),
        annotations,
    };
    export::validate(&article)?;
    Ok(W3cImport { article, skipped })
}

/// The annotations of whichever container the file is, and the path to them.
fn annotation_items(root: &Value) -> Result<(Vec<&Value>, &'static str), ImportError> {
    let invalid = |path: &str, message: String| ImportError::Invalid {
        path: path.to_owned(),
        message,
    };
    if let Value::Array(items) = root {
        return Ok((items.iter().collect(), ""));
    }
    let types = types_of(root);
    fn list<'v>(
        value: Option<&'v Value>,
        path: &'static str,
    ) -> Result<(Vec<&'v Value>, &'static str), ImportError> {
        match value {
            Some(Value::Array(items)) => Ok((items.iter().collect(), path)),
            Some(other) => Err(ImportError::Invalid {
                path: path.to_owned(),
                message: format!("expected an array of annotations, found {}", describe(other)),
            }),
            None => Err(ImportError::Invalid {
                path: path.to_owned(),
                message: "missing: the page has no items".to_owned(),
            }),
        }
    }
    if types.contains(&"AnnotationCollection") {
        match root.get("first") {
            None => Ok((Vec::new(), "first.items")),
            Some(page @ Value::Object(_)) => list(page.get("items"), "first.items"),
            Some(Value::String(iri)) => Err(invalid(
                "first",
                format!("the collection's pages are not in the file but at {iri:?}; download them first"),
            )),
            Some(other) => Err(invalid(
                "first",
                format!("expected a page, found {}", describe(other)),
            )),
        }
    } else if types.contains(&"AnnotationPage") {
        list(root.get("items"), "items")
    } else if types.contains(&"Annotation") {
        Ok((vec![root], "the annotation"))
    } else {
        Err(invalid(
            "type",
            "expected an AnnotationCollection, an AnnotationPage or an Annotation (is this a W3C Web \
             Annotation file?)"
                .to_owned(),
        ))
    }
}

/// `type` (or `@type`) as a list of names.
fn types_of(value: &Value) -> Vec<&str> {
    match value.get("type").or_else(|| value.get("@type")) {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// One value or an array of them, as a list.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(values)) => values.iter().collect(),
        Some(value) => vec![value],
        None => Vec::new(),
    }
}

/// Reads one annotation. The outer error stops the import (the file is wrong); the inner one
/// skips this annotation (it is valid but cannot be placed or classified).
fn read_annotation(
    item: &Value,
    path: &str,
    text: &str,
    anchorer: &Anchorer,
    auto_ids: &mut AutoIds,
) -> Result<Result<Annotation, Skipped>, ImportError> {
    let invalid = |field: &str, message: String| ImportError::Invalid {
        path: format!("{path}{field}"),
        message,
    };
    let Value::Object(fields) = item else {
        return Err(invalid(
            "",
            format!("expected an annotation object, found {}", describe(item)),
        ));
    };
    let string = |field: &str| -> Result<Option<&str>, ImportError> {
        match fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) => Ok(Some(value)),
            Some(other) => Err(invalid(
                &format!(".{field}"),
                format!("expected a string, found {}", describe(other)),
            )),
        }
    };
    let iri = match string("id")? {
        Some(id) => Some(id),
        None => string("@id")?,
    };
    let id = iri.map(id_of_iri);

    let target = read_target(fields.get("target"), &format!("{path}.target"))?;
    let skip = |exact: Option<String>, reason: String| Skipped {
        path: path.to_owned(),
        id: id.clone(),
        exact,
        reason,
    };

    let mut classified = None;
    let mut status = Status::Unverified;
    let mut note = String::new();
    let mut evidence = Vec::new();
    let motivation = match fields.get("motivation") {
        Some(Value::String(motivation)) => motivation.as_str(),
        _ => "",
    };
    let bodies = one_or_many(fields.get("body"));
    for (number, body) in bodies.iter().enumerate() {
        let body_path = if matches!(fields.get("body"), Some(Value::Array(_))) {
            format!(".body[{number}]")
        } else {
            ".body".to_owned()
        };
        let invalid_body = |message: String| invalid(&body_path, message);
        let Value::Object(body) = body else {
            if let Value::String(iri) = body {
                evidence.push(Evidence {
                    url: iri.clone(),
                    title: None,
                });
                continue;
            }
            return Err(invalid_body(format!(
                "expected a body object, found {}",
                describe(body)
            )));
        };
        let value = body.get("value").and_then(Value::as_str);
        // A text body without a purpose serves the annotation's motivation (the model's rule).
        let purpose = match (body.get("purpose").and_then(Value::as_str), value) {
            (Some(purpose), _) => purpose,
            (None, Some(_)) => motivation,
            (None, None) => "",
        };
        match purpose {
            "classifying" | "tagging" if classified.is_none() => {
                classified = value.and_then(parse_classification);
            }
            "assessing" => {
                let value = value.unwrap_or("");
                status = Status::ALL
                    .into_iter()
                    .find(|status| status.as_str() == value)
                    .ok_or_else(|| {
                        invalid_body(format!(
                            "the assessment {value:?} is not one of \"unverified\", \"verified\", \"disputed\""
                        ))
                    })?;
            }
            "commenting" | "describing" if value.is_some() => {
                if !note.is_empty() {
                    note.push_str("\n\n");
                }
                note.push_str(value.unwrap_or(""));
            }
            _ => {
                let source = match body.get("source") {
                    Some(Value::String(url)) => Some(url.as_str()),
                    Some(Value::Object(resource)) => resource.get("id").and_then(Value::as_str),
                    _ => body.get("id").and_then(Value::as_str),
                };
                if let (Some(url), "linking" | "") = (source, purpose) {
                    let title = body.get("label").and_then(Value::as_str).map(str::to_owned);
                    evidence.push(Evidence {
                        url: url.to_owned(),
                        title,
                    });
                }
            }
        }
    }

    // `bodyValue` is the model's shorthand for one plain-text comment.
    if let Some(comment) = fields.get("bodyValue").and_then(Value::as_str) {
        if !note.is_empty() {
            note.push_str("\n\n");
        }
        note.push_str(comment);
    }
    let Some((kind, label)) = classified else {
        return Ok(Err(skip(
            target.quote.as_ref().map(|quote| quote.exact.clone()),
            "it has no classifying body Factmark knows (entity/PERSON, quote/STATEMENT, claim, …)".to_owned(),
        )));
    };

    let Some((start, end)) = place(&target, anchorer) else {
        let reason = match &target.quote {
            Some(_) => "its quoted text does not occur in the article".to_owned(),
            None if target.position.is_some() => "its position lies outside the article".to_owned(),
            None => "its target has no TextQuoteSelector or TextPositionSelector".to_owned(),
        };
        return Ok(Err(skip(target.quote.map(|quote| quote.exact), reason)));
    };
    let offsets = anchorer.offsets();
    let covered = &text[offsets.char_to_byte(start)..offsets.char_to_byte(end)];
    let id = id.unwrap_or_else(|| auto_ids.id(kind, label, covered));

    let timestamp =
        |field: &str| -> Result<Option<String>, ImportError> { Ok(string(field)?.map(str::to_owned)) };
    let mut annotation = Annotation::new(id, kind, label, start, end, covered);
    annotation.status = status;
    annotation.note = note;
    annotation.evidence = evidence;
    annotation.created = timestamp("created")?;
    annotation.updated = timestamp("modified")?;
    annotation.origin = if fields.contains_key("generator") && !fields.contains_key("creator") {
        Origin::Auto
    } else {
        Origin::Manual
    };
    read_extensions(fields, path, &mut annotation)?;
    place_speaker(&mut annotation, target.position, anchorer);
    Ok(Ok(annotation))
}

/// The `factmark:` terms: optional, and checked like the Factmark JSON fields they copy.
fn read_extensions(
    fields: &Map<String, Value>,
    path: &str,
    annotation: &mut Annotation,
) -> Result<(), ImportError> {
    let read = |field: &str| -> Option<Value> { fields.get(field).cloned() };
    let at = |field: &str| format!("{path}.{field}");
    if let Some(value) = read("factmark:entityId") {
        annotation.entity_id = import::from_value(value, &at("factmark:entityId"))?;
    }
    if let Some(value) = read("factmark:speaker") {
        annotation.speaker = import::from_value(value, &at("factmark:speaker"))?;
    }
    if let Some(value) = read("factmark:score") {
        annotation.score = import::from_value(value, &at("factmark:score"))?;
    }
    if let Some(value) = read("factmark:reasons") {
        annotation.reasons = import::from_value(value, &at("factmark:reasons"))?;
    }
    if let Some(value) = read("factmark:highlighted") {
        annotation.highlighted = import::from_value(value, &at("factmark:highlighted"))?;
    }
    if let Some(value) = read("factmark:cites") {
        annotation.cites = import::from_value(value, &at("factmark:cites"))?;
    }
    if let Some(value) = read("factmark:dismissed") {
        annotation.dismissed = import::from_value(value, &at("factmark:dismissed"))?;
    }
    Ok(())
}

/// Keeps a `factmark:speaker` that fits the text; otherwise looks for its words near where the
/// quote moved (the file was made on another version of the text), and drops it if they are gone.
fn place_speaker(annotation: &mut Annotation, position: Option<(usize, usize)>, anchorer: &Anchorer) {
    let Some(speaker) = &mut annotation.speaker else {
        return;
    };
    let offsets = anchorer.offsets();
    let fits = speaker.start <= speaker.end
        && speaker.end <= offsets.char_len()
        && anchorer.text()[offsets.char_to_byte(speaker.start)..offsets.char_to_byte(speaker.end)]
            == speaker.text;
    if fits {
        return;
    }
    let shift = position.map_or(0, |(old_start, _)| annotation.start as i64 - old_start as i64);
    let hint = usize::try_from((speaker.start as i64).saturating_add(shift)).unwrap_or(0);
    let quote = Quote {
        exact: speaker.text.clone(),
        ..Quote::default()
    };
    match anchorer.locate(&quote, Some(hint)) {
        Some((start, end)) => (speaker.start, speaker.end) = (start, end),
        None => annotation.speaker = None,
    }
}

/// `entity/PERSON` → (Entity, Person); `quote/TERM` → (Quote, Term); `claim` → (Claim, None).
pub fn parse_classification(value: &str) -> Option<(Kind, Option<Label>)> {
    match value.split_once('/') {
        None if value == "claim" => Some((Kind::Claim, None)),
        Some((kind, label)) => {
            let label = Label::parse(label)?;
            (label.kind().as_str() == kind).then_some((label.kind(), Some(label)))
        }
        None => None,
    }
}

/// The selectors of a target that Factmark uses.
struct TargetSelectors {
    quote: Option<Quote>,
    position: Option<(usize, usize)>,
}

fn read_target(target: Option<&Value>, path: &str) -> Result<TargetSelectors, ImportError> {
    let mut selectors = TargetSelectors {
        quote: None,
        position: None,
    };
    // A target may be one resource or several; the first with selectors is the article.
    for target in one_or_many(target) {
        for selector in one_or_many(target.get("selector")) {
            let types = types_of(selector);
            let text_of = |field: &str| -> Result<String, ImportError> {
                match selector.get(field) {
                    None | Some(Value::Null) => Ok(String::new()),
                    Some(Value::String(value)) => Ok(value.clone()),
                    Some(other) => Err(ImportError::Invalid {
                        path: format!("{path}.selector.{field}"),
                        message: format!("expected a string, found {}", describe(other)),
                    }),
                }
            };
            if types.contains(&"TextQuoteSelector") && selectors.quote.is_none() {
                selectors.quote = Some(Quote {
                    exact: text_of("exact")?,
                    prefix: text_of("prefix")?,
                    suffix: text_of("suffix")?,
                });
            } else if types.contains(&"TextPositionSelector") && selectors.position.is_none() {
                let number = |field: &str| match selector.get(field) {
                    Some(Value::Number(number)) => {
                        number.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or(())
                    }
                    _ => Err(()),
                };
                let (Ok(start), Ok(end)) = (number("start"), number("end")) else {
                    return Err(ImportError::Invalid {
                        path: format!("{path}.selector"),
                        message: "a TextPositionSelector needs whole numbers \"start\" and \"end\""
                            .to_owned(),
                    });
                };
                selectors.position = Some((start, end));
            }
        }
        if selectors.quote.is_some() || selectors.position.is_some() {
            break;
        }
    }
    Ok(selectors)
}

/// Where a target lies in the text: by its quote, near its position; by its position alone
/// when it has no quote.
fn place(target: &TargetSelectors, anchorer: &Anchorer) -> Option<(usize, usize)> {
    let length = anchorer.offsets().char_len();
    match (&target.quote, target.position) {
        (Some(quote), position) => anchorer.locate(quote, position.map(|(start, _)| start)),
        (None, Some((start, end))) if start < end && end <= length => Some((start, end)),
        (None, _) => None,
    }
}
