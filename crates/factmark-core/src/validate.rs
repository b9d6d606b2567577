//! Checks that an article read from outside holds together: annotations inside the text and
//! quoting it, unique ids, labels of their kind, scores in 0..1, RFC 3339 times.

use std::collections::HashSet;

use crate::export::MAX_ARTICLE_BYTES;
use crate::import::ImportError;
use crate::model::Article;
use crate::time::timestamp;

/// Checks that the text is within [`MAX_ARTICLE_BYTES`] and that every annotation lies inside
/// it, quotes what it covers, has a unique id, a label of its kind, a score in 0..1, a speaker
/// inside the text and RFC 3339 timestamps.
pub fn validate(article: &Article) -> Result<(), ImportError> {
    validate_named(article, "", &|index| format!("annotations[{index}]"))
}

/// [`validate`], naming the text `{prefix}text` and annotation `i` `annotation(i)`, so formats
/// other than Factmark JSON can point at their own rows and lines.
pub(crate) fn validate_named(
    article: &Article,
    prefix: &str,
    name_annotation: &dyn Fn(usize) -> String,
) -> Result<(), ImportError> {
    if article.text.len() > MAX_ARTICLE_BYTES {
        return Err(ImportError::Invalid {
            path: format!("{prefix}text"),
            message: format!(
                "the text is {:.1} MB; Factmark handles articles up to {} MB",
                article.text.len() as f64 / (1024.0 * 1024.0),
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
        });
    }
    let chars: Vec<char> = article.text.chars().collect();
    let covered = |start: usize, end: usize| -> Option<String> {
        (start <= end && end <= chars.len()).then(|| chars[start..end].iter().collect())
    };
    let mut ids = HashSet::with_capacity(article.annotations.len());
    for (index, annotation) in article.annotations.iter().enumerate() {
        let path = name_annotation(index);
        let invalid = |field: &str, message: String| ImportError::Invalid {
            path: format!("{path}{field}"),
            message,
        };
        if annotation.id.trim().is_empty() {
            return Err(invalid(".id", "the id is empty".to_owned()));
        }
        if !ids.insert(annotation.id.as_str()) {
            return Err(invalid(
                ".id",
                format!("the id {:?} is used by an earlier annotation too", annotation.id),
            ));
        }
        let Some(found) = covered(annotation.start, annotation.end) else {
            return Err(invalid(
                "",
                format!(
                    "offsets {}..{} lie outside the text, which has {} characters",
                    annotation.start,
                    annotation.end,
                    chars.len()
                ),
            ));
        };
        if found != annotation.text {
            return Err(invalid(
                ".text",
                format!(
                    "its text {:?} differs from the article's {:?} at those offsets",
                    crate::model::shorten(&annotation.text, 80),
                    crate::model::shorten(&found, 80)
                ),
            ));
        }
        if let Some(label) = annotation.label {
            if label.kind() != annotation.kind {
                return Err(invalid(
                    ".label",
                    format!(
                        "label {} does not belong to a {}",
                        label.as_str(),
                        annotation.kind.as_str()
                    ),
                ));
            }
        }
        if let Some(score) = annotation.score {
            if !(0.0..=1.0).contains(&score) {
                return Err(invalid(
                    ".score",
                    format!("the score {score} is not between 0 and 1"),
                ));
            }
        }
        if let Some(speaker) = &annotation.speaker {
            match covered(speaker.start, speaker.end) {
                None => {
                    return Err(invalid(
                        ".speaker",
                        format!(
                            "offsets {}..{} lie outside the text, which has {} characters",
                            speaker.start,
                            speaker.end,
                            chars.len()
                        ),
                    ))
                }
                Some(found) if found != speaker.text => {
                    return Err(invalid(
                        ".speaker.text",
                        format!(
                            "its text {:?} differs from the article's {found:?} at those offsets",
                            speaker.text
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        for (field, stamp) in [
            (".created", &annotation.created),
            (".updated", &annotation.updated),
        ] {
            if let Some(stamp) = stamp {
                if timestamp(stamp).is_none() {
                    return Err(invalid(
                        field,
                        format!("{stamp:?} is not an RFC 3339 time such as \"2026-11-27T09:30:00Z\""),
                    ));
                }
            }
        }
        for (number, evidence) in annotation.evidence.iter().enumerate() {
            if evidence.url.trim().is_empty() {
                return Err(invalid(
                    &format!(".evidence[{number}].url"),
                    "the link is empty".to_owned(),
                ));
            }
        }
    }
    Ok(())
}
