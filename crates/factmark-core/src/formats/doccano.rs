//! doccano JSON Lines, for training data: one line per article, `{"text": …, "label": [[start,
//! end, "LABEL"], …]}`, offsets in code points (what doccano and Python count).
//!
//! Labels are the entity labels (`PERSON`, `ORG`, …), `QUOTE` and `CLAIM`. A quote's STATEMENT
//! or TERM is not kept (doccano has one label per span): quotes read back as STATEMENT. Claims
//! below the highlighting threshold are not written: they are candidates, not claims.

use serde::Serialize;
use serde_json::Value;

use crate::export;
use crate::ids::AutoIds;
use crate::import::{self, describe, ImportError};
use crate::model::{Annotation, Article, Kind, Label, Origin};
use crate::span::OffsetMap;
use crate::validate;

const FORMAT_NAME: &str = "doccano JSONL";

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
}

/// The doccano label of an annotation: its entity label, `QUOTE` or `CLAIM`.
pub fn label_of(annotation: &Annotation) -> &'static str {
    match (annotation.kind, annotation.label) {
        (Kind::Entity, Some(label)) => label.as_str(),
        (Kind::Quote, _) => "QUOTE",
        (Kind::Claim, _) => "CLAIM",
        // An entity without a label cannot be told apart from the others in training data.
        (Kind::Entity, None) => "ENTITY",
    }
}

/// Whether an annotation goes into training data: everything but claims below the threshold.
pub fn is_exported(annotation: &Annotation) -> bool {
    annotation.is_highlighted()
}

/// Writes one JSON line per article, each ending in a newline.
pub fn to_jsonl(articles: &[Article]) -> String {
    let mut out = String::new();
    for article in articles {
        let line = Line {
            text: &article.text,
            label: article
                .annotations
                .iter()
                .filter(|annotation| is_exported(annotation))
                .map(|annotation| (annotation.start, annotation.end, label_of(annotation)))
                .collect(),
        };
        out.push_str(&serde_json::to_string(&line).expect("a doccano line holds only strings and numbers"));
        out.push('\n');
    }
    out
}

/// Reads doccano JSON Lines: each non-empty line an object with `text` and `label` (or `labels`,
/// or doccano's relation export `entities` of `{start_offset, end_offset, label}`). Every line is
/// checked before any article is returned. Annotations get the same deterministic ids the
/// detectors would give the same span, so a later analysis recognises them.
pub fn from_jsonl(input: &str) -> Result<Vec<Article>, ImportError> {
    export::check_size(input)?;
    let mut articles = Vec::new();
    for (index, line) in import::without_bom(input).lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|error| import::json_error(&error, FORMAT_NAME, index))?;
        articles.push(read_line(&value, number)?);
    }
    if articles.is_empty() {
        return Err(ImportError::Invalid {
            path: "the file".to_owned(),
            message: "it holds no lines with a \"text\"".to_owned(),
        });
    }
    Ok(articles)
}

fn read_line(value: &Value, number: usize) -> Result<Article, ImportError> {
    let invalid = |field: &str, message: String| ImportError::Invalid {
        path: format!("line {number}{field}"),
        message,
    };
    let Some(text) = value.get("text") else {
        return Err(invalid("", "expected an object with a \"text\"".to_owned()));
    };
    let Value::String(text) = text else {
        return Err(invalid(
            ".text",
            format!("expected a string, found {}", describe(text)),
        ));
    };
    let offsets = OffsetMap::new(text);
    let mut spans = Vec::new();
    if let Some((field, list)) = ["label", "labels"]
        .iter()
        .find_map(|field| Some((*field, value.get(*field)?)))
    {
        let Value::Array(list) = list else {
            return Err(invalid(
                &format!(".{field}"),
                format!("expected an array, found {}", describe(list)),
            ));
        };
        for (index, item) in list.iter().enumerate() {
            let at = format!(".{field}[{index}]");
            let triple = match item.as_array().map(Vec::as_slice) {
                Some([start, end, label]) => (start.as_u64(), end.as_u64(), label.as_str()),
                _ => (None, None, None),
            };
            let (Some(start), Some(end), Some(label)) = triple else {
                return Err(invalid(
                    &at,
                    "expected [start, end, \"LABEL\"] with whole-number offsets".to_owned(),
                ));
            };
            spans.push((at, start, end, label));
        }
    } else if let Some(list) = value.get("entities") {
        let Value::Array(list) = list else {
            return Err(invalid(
                ".entities",
                format!("expected an array, found {}", describe(list)),
            ));
        };
        for (index, item) in list.iter().enumerate() {
            let at = format!(".entities[{index}]");
            let field = |name: &str| item.get(name);
            let (Some(start), Some(end), Some(label)) = (
                field("start_offset").and_then(Value::as_u64),
                field("end_offset").and_then(Value::as_u64),
                field("label").and_then(Value::as_str),
            ) else {
                return Err(invalid(
                    &at,
                    "expected {\"start_offset\", \"end_offset\", \"label\"}".to_owned(),
                ));
            };
            spans.push((at, start, end, label));
        }
    }

    let length = offsets.char_len();
    let mut ids = AutoIds::default();
    let mut annotations = Vec::with_capacity(spans.len());
    for (at, start, end, name) in &spans {
        let (at, start, end, name) = (at.as_str(), *start, *end, *name);
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return Err(invalid(at, "the offsets are too large".to_owned()));
        };
        if start >= end || end > length {
            return Err(invalid(
                at,
                format!(
                    "offsets {start}..{end} are empty or lie outside the text, which has {length} characters"
                ),
            ));
        }
        let (kind, label) = match name {
            "QUOTE" => (Kind::Quote, Some(Label::Statement)),
            "CLAIM" => (Kind::Claim, None),
            other => match Label::parse(other).filter(|label| label.kind() == Kind::Entity) {
                Some(label) => (Kind::Entity, Some(label)),
                None => {
                    return Err(invalid(
                        at,
                        format!(
                            "unknown label {other:?}; Factmark knows {}, QUOTE and CLAIM",
                            Label::ENTITY_LABELS.map(Label::as_str).join(", ")
                        ),
                    ))
                }
            },
        };
        let covered = &text[offsets.char_to_byte(start)..offsets.char_to_byte(end)];
        let mut annotation = Annotation::new(ids.id(kind, label, covered), kind, label, start, end, covered);
        // A person labelled these spans.
        annotation.origin = Origin::Manual;
        annotations.push(annotation);
    }
    // Position order, as the detectors give it; each span keeps the path it came from.
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| {
        (
            annotations[i].start,
            std::cmp::Reverse(annotations[i].end),
            annotations[i].kind,
        )
    });
    let paths: Vec<&str> = order.iter().map(|&i| spans[i].0.as_str()).collect();
    let mut slots: Vec<Option<Annotation>> = annotations.into_iter().map(Some).collect();
    let annotations = order.iter().filter_map(|&i| slots[i].take()).collect();
    let article = Article {
        title: Article::title_of(text),
        text: text.clone(),
        annotations,
    };
    validate::validate_named(&article, &format!("line {number}."), &|index| {
        format!("line {number}{}", paths[index])
    })?;
    Ok(article)
}
