//! The Factmark JSON exchange format: the serialization boundary for exports, imports, the CLI
//! and the browser's storage.
//!
//! A document is one article (`{"format": "factmark", "version": 1, "title", "text",
//! "annotations"}`) or a library (`{"format": "factmark", "version": 1, "articles": [{"title",
//! "text", "annotations"}, …]}`). `schema/factmark.schema.json` at the repository root describes
//! both. Reading validates the whole document before returning anything, so an import applies
//! everything or nothing. [`ImportError`] is shared by every importer in `formats`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Annotation, Article};

/// The `format` field of every Factmark JSON document.
pub const FORMAT: &str = "factmark";
/// The version this build writes.
pub const VERSION: u32 = 1;

/// The largest article text Factmark analyses, in UTF-8 bytes (the app's limit too).
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// The largest file any importer reads, in bytes, checked before any parsing allocates for it.
/// Measured: a whole library of 1,000 reviewed news articles of 5,000 characters exports to
/// 79 MiB of pretty-printed Factmark JSON, and importing it took Chromium's tab to 1.1 GiB
/// resident. 128 MiB takes that library with room and refuses a runaway file before it exhausts
/// the page's memory.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;

/// One article as a Factmark JSON document.
#[derive(Debug, Serialize)]
struct ArticleDocumentRef<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    text: &'a str,
    annotations: &'a [Annotation],
}

/// A library: every article, each without its own `format` and `version`.
#[derive(Debug, Serialize)]
struct LibraryDocumentRef<'a> {
    format: &'static str,
    version: u32,
    articles: &'a [Article],
}

#[derive(Debug, Deserialize)]
struct ArticleDocument {
    title: String,
    text: String,
    annotations: Vec<Annotation>,
}

#[derive(Debug, Deserialize)]
struct LibraryDocument {
    articles: Vec<Article>,
}

/// The fields that say what a document is, read in a first pass that skips everything else
/// without allocating, so the format and version are checked before the shape of the rest.
#[derive(Debug, Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
    articles: Option<serde::de::IgnoredAny>,
}

/// What a Factmark JSON file held.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Article(Article),
    Library(Vec<Article>),
}

impl Document {
    /// The articles of the document, one or many.
    pub fn into_articles(self) -> Vec<Article> {
        match self {
            Document::Article(article) => vec![article],
            Document::Library(articles) => articles,
        }
    }
}

/// Why a file could not be imported, in words a person can act on. Every importer in
/// `formats` returns it; nothing is applied when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Bigger than [`MAX_IMPORT_BYTES`]; refused before parsing.
    TooLarge { bytes: usize, limit: usize },
    /// Not well-formed JSON (or a JSON Lines line that is not): serde's line, column and reason.
    Syntax {
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON nested deeper than the parser's recursion limit (128 levels).
    TooDeep {
        format: &'static str,
        line: usize,
        column: usize,
    },
    /// JSON, but not a Factmark document.
    NotFactmark { found: String },
    /// A version this build does not know.
    UnsupportedVersion { found: String },
    /// Well-formed, but a value is missing, of the wrong type or does not fit the text. `path`
    /// names it: `annotations[3].start`, `articles[1].text`, `line 4: label[0]`.
    Invalid { path: String, message: String },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge { bytes, limit } => write!(
                f,
                "This file is {:.1} MiB; Factmark imports files up to {} MiB (articles hold at most {} MiB of \
                 text). Split it into smaller files.",
                *bytes as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024),
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
            ImportError::Syntax {
                format,
                line,
                column,
                message,
            } => write!(
                f,
                "This file is not valid {format} (line {line}, column {column}): {message}"
            ),
            ImportError::TooDeep { format, line, column } => write!(
                f,
                "This file nests its JSON more than 128 levels deep (line {line}, column {column}), which \
                 no {format} file does: it is damaged or not a {format} file."
            ),
            ImportError::NotFactmark { found } => {
                write!(
                    f,
                    "This is not a Factmark file: its \"format\" is {found}, expected \"{FORMAT}\"."
                )
            }
            ImportError::UnsupportedVersion { found } => write!(
                f,
                "This file has format version {found}; this Factmark reads version {VERSION}. If it came \
                 from a newer Factmark, update this one."
            ),
            ImportError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Refuses input above [`MAX_IMPORT_BYTES`] before anything parses it.
pub fn check_size(input: &str) -> Result<(), ImportError> {
    if input.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: input.len(),
            limit: MAX_IMPORT_BYTES,
        });
    }
    Ok(())
}

/// Parses JSON into a tree, turning serde's errors into [`ImportError`]s that say what went
/// wrong in `format`'s terms. Shared by every JSON importer so they all word errors alike.
pub(crate) fn parse_value(input: &str, format: &'static str) -> Result<Value, ImportError> {
    check_size(input)?;
    serde_json::from_str(without_bom(input)).map_err(|error| json_error(&error, format, 0))
}

/// `input` without the byte order mark some Windows editors put before UTF-8 text.
pub(crate) fn without_bom(input: &str) -> &str {
    input.strip_prefix('\u{feff}').unwrap_or(input)
}

/// An [`ImportError`] for a serde_json parse error; `line_offset` shifts the line for JSON Lines.
pub(crate) fn json_error(error: &serde_json::Error, format: &'static str, line_offset: usize) -> ImportError {
    let line = error.line() + line_offset;
    let column = error.column();
    let text = error.to_string();
    // serde_json has no error category for its recursion limit, only this message.
    if text.starts_with("recursion limit exceeded") {
        return ImportError::TooDeep { format, line, column };
    }
    // Its Display ends with " at line L column C", which the error carries separately.
    let reason = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(reason, _)| reason)
        .to_owned();
    let message = if error.is_eof() {
        format!("{reason}; the file ends too early (was it cut short?)")
    } else {
        reason
    };
    ImportError::Syntax {
        format,
        line,
        column,
        message,
    }
}

/// Converts a parsed tree into `T`, naming the path of the first value of the wrong shape.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: Value,
    prefix: &str,
) -> Result<T, ImportError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let path = match (prefix.is_empty(), path.as_str()) {
            (true, ".") => "the document".to_owned(),
            (true, _) => path,
            (false, ".") => prefix.to_owned(),
            (false, _) => format!("{prefix}.{path}"),
        };
        ImportError::Invalid {
            path,
            message: error.inner().to_string(),
        }
    })
}

/// Writes `article` as a pretty-printed Factmark JSON document.
pub fn to_json(article: &Article) -> String {
    let document = ArticleDocumentRef {
        format: FORMAT,
        version: VERSION,
        title: &article.title,
        text: &article.text,
        annotations: &article.annotations,
    };
    serde_json::to_string_pretty(&document)
        .expect("an article always serializes: it holds only strings, numbers and lists")
}

/// Writes several articles as one pretty-printed Factmark JSON library document.
pub fn library_to_json(articles: &[Article]) -> String {
    let document = LibraryDocumentRef {
        format: FORMAT,
        version: VERSION,
        articles,
    };
    serde_json::to_string_pretty(&document)
        .expect("a library always serializes: it holds only strings, numbers and lists")
}

/// Reads a Factmark JSON document holding one article, checking that every annotation fits the
/// text. A library is refused with a message saying so; see [`read_document`].
pub fn from_json(json: &str) -> Result<Article, ImportError> {
    match read_document(json)? {
        Document::Article(article) => Ok(article),
        Document::Library(articles) => Err(ImportError::Invalid {
            path: "articles".to_owned(),
            message: format!(
                "this is a library of {} articles, not one article; import it as a library",
                articles.len()
            ),
        }),
    }
}

/// Reads a Factmark JSON document, one article or a library, validating all of it.
pub fn read_document(json: &str) -> Result<Document, ImportError> {
    const NAME: &str = "Factmark JSON";
    check_size(json)?;
    let json = without_bom(json);
    let not_an_object = || ImportError::Invalid {
        path: "the document".to_owned(),
        message: format!("expected a JSON object with \"format\": \"{FORMAT}\""),
    };
    // serde also reads a struct from an array of its fields in order; a document is an object.
    let is_object = json.trim_start().starts_with('{');
    // Two passes straight from the text rather than through a `Value` tree: the tree of a large
    // article takes several times the file's size, which matters in the browser.
    let header: Header = serde_json::from_str(json).map_err(|error| match error.classify() {
        serde_json::error::Category::Data if !is_object => not_an_object(),
        // A repeated "format" or "version" and the like.
        serde_json::error::Category::Data => ImportError::Invalid {
            path: "the document".to_owned(),
            message: error.to_string(),
        },
        _ => json_error(&error, NAME, 0),
    })?;
    if !is_object {
        return Err(not_an_object());
    }
    match header.format {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(ImportError::NotFactmark {
                found: shorten_json(&other),
            })
        }
        None => {
            return Err(ImportError::NotFactmark {
                found: "missing".to_owned(),
            })
        }
    }
    match header.version {
        Some(Value::Number(number)) if number.as_u64() == Some(u64::from(VERSION)) => {}
        Some(other) => {
            return Err(ImportError::UnsupportedVersion {
                found: shorten_json(&other),
            })
        }
        None => {
            return Err(ImportError::Invalid {
                path: "version".to_owned(),
                message: "missing: a Factmark document says which version of the format it uses".to_owned(),
            })
        }
    }
    if header.articles.is_some() {
        let library: LibraryDocument = from_str_at_path(json)?;
        for (index, article) in library.articles.iter().enumerate() {
            let prefix = format!("articles[{index}].");
            validate_named(article, &prefix, &|number| {
                format!("{prefix}annotations[{number}]")
            })?;
        }
        Ok(Document::Library(library.articles))
    } else {
        let document: ArticleDocument = from_str_at_path(json)?;
        let article = Article {
            title: document.title,
            text: document.text,
            annotations: document.annotations,
        };
        validate(&article)?;
        Ok(Document::Article(article))
    }
}

/// Deserializes well-formed JSON (the first pass checked the syntax) into `T`, naming both the
/// path and the line and column of the first value of the wrong shape.
fn from_str_at_path<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, ImportError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = match error.path().to_string() {
            root if root == "." => "the document".to_owned(),
            path => path,
        };
        let inner = error.into_inner();
        let reason = inner.to_string();
        let reason = reason
            .rsplit_once(" at line ")
            .map_or(reason.as_str(), |(reason, _)| reason);
        ImportError::Invalid {
            path,
            message: format!("{reason} (line {}, column {})", inner.line(), inner.column()),
        }
    })
}

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

/// An RFC 3339 time as (seconds since 1970 in UTC, nanoseconds), so times written with different
/// offsets or fraction lengths compare correctly; `None` when it is not RFC 3339.
pub fn timestamp(text: &str) -> Option<(i64, u32)> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let separator = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let separators = separator(4, b"-")
        && separator(7, b"-")
        && separator(10, b"Tt ")
        && separator(13, b":")
        && separator(16, b":");
    if !separators
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if bytes.get(at) == Some(&b'.') {
        let fraction: Vec<u8> = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        if fraction.is_empty() {
            return None;
        }
        for (place, digit) in fraction.iter().take(9).enumerate() {
            nanos += u32::from(digit - b'0') * 10u32.pow(8 - place as u32);
        }
        at += 1 + fraction.len();
    }
    let offset_seconds = match bytes.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if bytes.len() == at + 6 && separator(at + 3, b":") => {
            let (hours, minutes) = (digits(at + 1..at + 3)?, digits(at + 4..at + 6)?);
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                offset
            } else {
                -offset
            }
        }
        _ => return None,
    };
    // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some((
        days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds,
        nanos,
    ))
}

/// A JSON value for an error message, cut short.
fn shorten_json(value: &Value) -> String {
    crate::model::shorten(&value.to_string(), 60)
}

/// "a string", "an array", … for error messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate;

    #[test]
    fn articles_round_trip() {
        let text = "“We will win,” Jane Doe said in 東京 😀 on Monday.";
        let article = Article {
            title: Article::title_of(text),
            text: text.to_owned(),
            annotations: annotate(text),
        };
        let json = to_json(&article);
        assert!(json.contains("\"format\": \"factmark\""));
        assert_eq!(from_json(&json), Ok(article));
    }

    #[test]
    fn bad_documents_say_what_is_wrong() {
        let rows: &[(&str, &str)] = &[
            ("{", "line 1"),
            ("{\"format\":\"other\",\"version\":1,\"title\":\"\",\"text\":\"\",\"annotations\":[]}", "not a Factmark file"),
            ("{\"format\":\"factmark\",\"version\":9,\"title\":\"\",\"text\":\"\",\"annotations\":[]}", "version 9"),
            (
                "{\"format\":\"factmark\",\"version\":1,\"title\":\"\",\"text\":\"ab\",\"annotations\":[{\"id\":\"x\",\"kind\":\"claim\",\"label\":null,\"start\":0,\"end\":5,\"text\":\"ab\"}]}",
                "annotations[0]: offsets 0..5 lie outside",
            ),
        ];
        for &(json, expected) in rows {
            let message = from_json(json).expect_err(json).to_string();
            assert!(
                message.contains(expected),
                "{message:?} should contain {expected:?}"
            );
        }
    }

    #[test]
    fn timestamps_compare_across_offsets() {
        let rows: &[(&str, Option<(i64, u32)>)] = &[
            ("1970-01-01T00:00:00Z", Some((0, 0))),
            ("1970-01-01T01:00:00+01:00", Some((0, 0))),
            ("2000-03-01T00:00:00.5Z", Some((951_868_800, 500_000_000))),
            ("2026-11-27T09:30:00", None),
            ("2026-13-01T00:00:00Z", None),
            ("yesterday", None),
            ("2026-11-27T09:30:00.Z", None),
        ];
        for &(text, expected) in rows {
            assert_eq!(timestamp(text), expected, "{text}");
        }
    }
}
