//! The Factmark JSON exchange format: the serialization boundary for exports, imports, the CLI
//! and the browser's storage.

use serde::{Deserialize, Serialize};

use crate::model::{Annotation, Article};

/// The `format` field of every Factmark JSON document.
pub const FORMAT: &str = "factmark";
/// The version this build writes.
pub const VERSION: u32 = 1;

/// One article as a Factmark JSON document.
#[derive(Debug, Serialize)]
struct ArticleDocumentRef<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    text: &'a str,
    annotations: &'a [Annotation],
}

#[derive(Debug, Deserialize)]
struct ArticleDocument {
    format: String,
    version: u32,
    title: String,
    text: String,
    annotations: Vec<Annotation>,
}

/// Why a document could not be imported, in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not JSON, or JSON of the wrong shape; carries serde's line and column.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not a Factmark document.
    NotFactmark { found: String },
    /// A version this build does not know.
    UnsupportedVersion { found: u32 },
    /// An annotation that does not fit the text.
    Invalid { path: String, message: String },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Syntax { line, column, message } => {
                write!(f, "This file is not valid Factmark JSON (line {line}, column {column}): {message}")
            }
            ImportError::NotFactmark { found } => {
                write!(f, "This is not a Factmark file: its \"format\" is {found:?}, expected \"{FORMAT}\".")
            }
            ImportError::UnsupportedVersion { found } => write!(
                f,
                "This file was written by a newer Factmark (format version {found}); this one reads up to version {VERSION}."
            ),
            ImportError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

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

/// Reads a Factmark JSON document, checking that every annotation fits the text.
pub fn from_json(json: &str) -> Result<Article, ImportError> {
    let document: ArticleDocument = serde_json::from_str(json).map_err(|error| ImportError::Syntax {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    if document.format != FORMAT {
        return Err(ImportError::NotFactmark {
            found: document.format,
        });
    }
    if document.version > VERSION || document.version == 0 {
        return Err(ImportError::UnsupportedVersion {
            found: document.version,
        });
    }
    let article = Article {
        title: document.title,
        text: document.text,
        annotations: document.annotations,
    };
    validate(&article)?;
    Ok(article)
}

/// Checks that every annotation lies inside the text and quotes what it covers.
pub fn validate(article: &Article) -> Result<(), ImportError> {
    let chars: Vec<char> = article.text.chars().collect();
    for (index, annotation) in article.annotations.iter().enumerate() {
        let path = format!("annotations[{index}]");
        if annotation.start > annotation.end || annotation.end > chars.len() {
            return Err(ImportError::Invalid {
                path,
                message: format!(
                    "offsets {}..{} lie outside the text, which has {} characters",
                    annotation.start,
                    annotation.end,
                    chars.len()
                ),
            });
        }
        let covered: String = chars[annotation.start..annotation.end].iter().collect();
        if covered != annotation.text {
            return Err(ImportError::Invalid {
                path,
                message: format!(
                    "its text {:?} differs from the article's {:?} at those offsets",
                    annotation.text, covered
                ),
            });
        }
        if let Some(label) = annotation.label {
            if label.kind() != annotation.kind {
                return Err(ImportError::Invalid {
                    path,
                    message: format!(
                        "label {} does not belong to a {}",
                        label.as_str(),
                        annotation.kind.as_str()
                    ),
                });
            }
        }
    }
    Ok(())
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
            ("{\"format\":\"factmark\",\"version\":9,\"title\":\"\",\"text\":\"\",\"annotations\":[]}", "newer Factmark"),
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
}
