//! The exchange formats besides Factmark JSON (which lives in `export`), and one entry point
//! for each direction so the app's Export menu and Import control, and the CLI, treat every
//! format alike: [`export`], [`export_all`], [`detect`], [`import`] and [`read`] (detect, then
//! import).
//!
//! All are pure functions over strings and [`Article`]s; every importer checks the size first
//! ([`crate::export::MAX_IMPORT_BYTES`]), validates everything before returning, and fails with
//! an [`ImportError`] that names the place.

pub mod claim_review;
pub mod csv;
pub mod doccano;
pub mod markdown;
pub mod merge;
pub mod w3c;

pub use crate::export::ImportError;
pub use w3c::Skipped;

use crate::export;
use crate::model::Article;

/// A format Factmark writes, and maybe reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Factmark JSON, the native format (`export`).
    Factmark,
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// schema.org ClaimReview drafts (written only).
    ClaimReview,
    /// doccano JSON Lines.
    Doccano,
    /// One row per annotation.
    Csv,
    /// A report of claims and quotes (written only).
    Markdown,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Factmark,
        Format::W3c,
        Format::ClaimReview,
        Format::Doccano,
        Format::Csv,
        Format::Markdown,
    ];

    /// The short name the CLI takes: `json`, `w3c`, `claimreview`, `jsonl`, `csv`, `md`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Factmark => "json",
            Format::W3c => "w3c",
            Format::ClaimReview => "claimreview",
            Format::Doccano => "jsonl",
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// Words for a menu: "Factmark JSON", "W3C Web Annotation (JSON-LD)", …
    pub fn describe(self) -> &'static str {
        match self {
            Format::Factmark => "Factmark JSON",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::ClaimReview => "ClaimReview drafts (schema.org JSON-LD)",
            Format::Doccano => "doccano JSONL (training data)",
            Format::Csv => "CSV (spreadsheet)",
            Format::Markdown => "Markdown report",
        }
    }

    /// What follows the slug in a downloaded file's name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Factmark => "factmark.json",
            Format::W3c => "w3c.jsonld",
            Format::ClaimReview => "claimreview.jsonld",
            Format::Doccano => "doccano.jsonl",
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Factmark => "application/json",
            Format::W3c => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            Format::ClaimReview => "application/ld+json",
            Format::Doccano => "application/jsonl",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
        }
    }

    /// Whether [`import`] reads it.
    pub fn can_read(self) -> bool {
        !matches!(self, Format::ClaimReview | Format::Markdown)
    }

    /// Whether reading it needs the article text from elsewhere (CSV rows carry only spans).
    pub fn needs_text(self) -> bool {
        self == Format::Csv
    }

    /// The download name for `article`: `<slug>.<extension>`.
    pub fn file_name(self, article: &Article) -> String {
        format!("{}.{}", article.slug(), self.extension())
    }
}

/// Writes `article` in `format`.
pub fn export(format: Format, article: &Article) -> String {
    match format {
        Format::Factmark => export::to_json(article),
        Format::W3c => w3c::to_json(article),
        Format::ClaimReview => claim_review::drafts(article).json,
        Format::Doccano => doccano::to_jsonl(std::slice::from_ref(article)),
        Format::Csv => csv::to_csv(article),
        Format::Markdown => markdown::to_markdown(article),
    }
}

/// Writes several articles in `format`: a Factmark library, one doccano line each, or the
/// Markdown reports one after another. `None` for the formats that hold one article (W3C,
/// ClaimReview, CSV) when there is more than one.
pub fn export_all(format: Format, articles: &[Article]) -> Option<String> {
    match (format, articles) {
        (_, [article]) => Some(export(format, article)),
        (Format::Factmark, _) => Some(export::library_to_json(articles)),
        (Format::Doccano, _) => Some(doccano::to_jsonl(articles)),
        (Format::Markdown, _) => Some(
            articles
                .iter()
                .map(markdown::to_markdown)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

/// Guesses the format of a file from its first few kilobytes, for drag and drop and for the
/// CLI without `--from`. The importer still checks everything.
pub fn detect(input: &str) -> Option<Format> {
    let head = input.trim_start_matches('\u{feff}').trim_start();
    let mut end = head.len().min(4096);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    // The whole first line: a doccano line holds its article, often longer than the head.
    let first_line = head.lines().next().unwrap_or("");
    let head = &head[..end];
    if head.starts_with('{') || head.starts_with('[') {
        if head.contains("AnnotationCollection")
            || head.contains("AnnotationPage")
            || head.contains("anno.jsonld")
        {
            Some(Format::W3c)
        } else if head.contains("\"factmark\"") && head.contains("\"format\"") {
            Some(Format::Factmark)
        } else if first_line.trim_end().ends_with('}') && first_line.contains("\"text\"") {
            Some(Format::Doccano)
        } else {
            None
        }
    } else if first_line.split(',').map(str::trim).take(2).eq(["id", "kind"]) {
        Some(Format::Csv)
    } else {
        None
    }
}

/// What an import produced: every article it held, and the annotations it could not place.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
}

/// Guesses the format of `input` with [`detect`] and reads it: what a file dropped on the app
/// goes through. See [`import`] for `text`.
pub fn read(input: &str, text: Option<&str>) -> Result<(Format, Imported), ImportError> {
    export::check_size(input)?;
    let format = detect(input).ok_or_else(|| ImportError::Invalid {
        path: "the file".to_owned(),
        message: "Factmark cannot tell what this file is; it reads Factmark JSON, W3C Web Annotation \
                  (JSON-LD), doccano JSONL and CSV with Factmark's header row"
            .to_owned(),
    })?;
    Ok((format, import(format, input, text)?))
}

/// Reads `input` as `format`. `text` is the article to place annotations in: needed for CSV,
/// and for W3C files that do not carry their text; when given, W3C annotations are placed in
/// it rather than in the file's own text.
pub fn import(format: Format, input: &str, text: Option<&str>) -> Result<Imported, ImportError> {
    let articles = |articles| Imported {
        articles,
        skipped: Vec::new(),
    };
    match format {
        Format::Factmark => Ok(articles(export::read_document(input)?.into_articles())),
        Format::W3c => {
            let imported = w3c::from_json(input, text)?;
            Ok(Imported {
                articles: vec![imported.article],
                skipped: imported.skipped,
            })
        }
        Format::Doccano => Ok(articles(doccano::from_jsonl(input)?)),
        Format::Csv => {
            let Some(text) = text else {
                return Err(ImportError::Invalid {
                    path: "the file".to_owned(),
                    message: "CSV holds annotations but not the article text; import it into an open \
                              article (factmark-cli convert --text FILE)"
                        .to_owned(),
                });
            };
            Ok(articles(vec![Article {
                title: Article::title_of(text),
                text: text.to_owned(),
                annotations: csv::read(input, text)?,
            }]))
        }
        Format::ClaimReview | Format::Markdown => Err(ImportError::Invalid {
            path: "the file".to_owned(),
            message: format!(
                "{} is written for people to read; Factmark cannot read it back",
                format.describe()
            ),
        }),
    }
}
