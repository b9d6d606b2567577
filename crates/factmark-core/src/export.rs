//! The Factmark JSON exchange format: the serialization boundary for exports, imports, the CLI
//! and the browser's storage.
//!
//! A document is one article (`{"format": "factmark", "version": 1, "title", "text",
//! "annotations"}`) or a library (`{"format": "factmark", "version": 1, "articles": [{"title",
//! "text", "annotations"}, …]}`). `schema/factmark.schema.json` at the repository root describes
//! both. Reading validates the whole document before returning anything, so an import applies
//! everything or nothing. [`ImportError`] (in `import`) is shared by every importer in `formats`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Annotation, Article};
// What every importer shares, checking an article, and reading times live in their own modules;
// they stay reachable from here, where callers have always found them.
pub use crate::import::{check_size, ImportError};
use crate::import::{json_error, without_bom};
pub use crate::time::timestamp;
pub use crate::validate::validate;
use crate::validate::validate_named;

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

/// A JSON value for an error message, cut short.
fn shorten_json(value: &Value) -> String {
    crate::model::shorten(&value.to_string(), 60)
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
}
