//! What every importer shares: [`ImportError`], the size check, and JSON parsing that names
//! the line, column or path of what is wrong, so every format words its errors alike.

use serde_json::Value;

use crate::export::{FORMAT, MAX_ARTICLE_BYTES, MAX_IMPORT_BYTES, VERSION};

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
