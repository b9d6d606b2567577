//! CSV, one row per annotation, for spreadsheets: `id, kind, label, start, end, text, status,
//! note, evidence, speaker, score` (RFC 4180 quoting, CRLF line ends, evidence URLs joined by
//! spaces, offsets in code points).
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, so an article or
//! a note could make a reader's spreadsheet compute or fetch something. Such text cells are
//! written with a leading `'` (the usual defence); a text that itself starts with `'` gets one
//! more, so [`read`] can strip exactly one and give back the original.

use crate::export;
use crate::import::{self, ImportError};
use crate::model::{Annotation, Article, Evidence, Kind, Label, Status};
use crate::span::OffsetMap;
use crate::validate;

pub const COLUMNS: [&str; 11] = [
    "id", "kind", "label", "start", "end", "text", "status", "note", "evidence", "speaker", "score",
];

/// Writes the annotations of `article` as CSV with a header row, leaving out those the user
/// dismissed as wrong.
pub fn to_csv(article: &Article) -> String {
    let mut out = String::new();
    write_row(&mut out, COLUMNS.iter().map(|name| name.to_string()));
    for annotation in article.annotations.iter().filter(|a| !a.dismissed) {
        let speaker = annotation
            .speaker
            .as_ref()
            .map(|speaker| speaker.name.clone().unwrap_or_else(|| speaker.text.clone()))
            .unwrap_or_default();
        let evidence: Vec<&str> = annotation.evidence.iter().map(|e| e.url.as_str()).collect();
        write_row(
            &mut out,
            [
                defuse(&annotation.id),
                annotation.kind.as_str().to_owned(),
                annotation.label.map_or("", Label::as_str).to_owned(),
                annotation.start.to_string(),
                annotation.end.to_string(),
                defuse(&annotation.text),
                annotation.status.as_str().to_owned(),
                defuse(&annotation.note),
                defuse(&evidence.join(" ")),
                defuse(&speaker),
                annotation
                    .score
                    .map(|score| score.to_string())
                    .unwrap_or_default(),
            ]
            .into_iter(),
        );
    }
    out
}

/// A text cell made safe from formula evaluation (see the module comment).
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

fn write_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (index, cell) in cells.enumerate() {
        if index > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// Splits CSV into rows of cells (RFC 4180: quoted cells may hold commas, doubled quotes and
/// line breaks). Errors name the line where a quoted cell never closes.
pub fn parse_rows(input: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = input.chars().peekable();
    let mut line = 1;
    let mut quoted_from = None;
    while let Some(c) = chars.next() {
        match (quoted_from.is_some(), c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted_from = None,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted_from = Some(line),
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                line += 1;
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if let Some(from) = quoted_from {
        return Err(ImportError::Syntax {
            format: "CSV",
            line: from,
            column: 1,
            message: "a quoted cell never closes; the file ends too early (was it cut short?)".to_owned(),
        });
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

/// Reads annotations written by [`to_csv`] back onto `text` (CSV does not carry the article).
/// Columns are found by their header names, so reordered or extra columns are fine. Speakers
/// and evidence titles are not in CSV and come back empty; scores, statuses and notes do.
pub fn read(input: &str, text: &str) -> Result<Vec<Annotation>, ImportError> {
    export::check_size(input)?;
    let rows = parse_rows(import::without_bom(input))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ImportError::Invalid {
            path: "the file".to_owned(),
            message: "it is empty; expected a header row".to_owned(),
        });
    };
    let column = |name: &str| header.iter().position(|cell| cell.trim() == name);
    let required = ["id", "kind", "start", "end"];
    for name in required {
        if column(name).is_none() {
            return Err(ImportError::Invalid {
                path: "row 1".to_owned(),
                message: format!(
                    "the header has no {name:?} column; expected {}",
                    COLUMNS.join(",")
                ),
            });
        }
    }
    let offsets = OffsetMap::new(text);
    let mut annotations = Vec::with_capacity(body.len());
    // The row number of each annotation, for errors found when validating them together.
    let mut row_numbers = Vec::with_capacity(body.len());
    for (index, row) in body.iter().enumerate() {
        if row.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        let number = index + 2;
        row_numbers.push(number);
        let get = |name: &str| -> &str { column(name).and_then(|at| row.get(at)).map_or("", String::as_str) };
        let invalid = |name: &str, message: String| ImportError::Invalid {
            path: format!("row {number}, column {name}"),
            message,
        };
        let kind = Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == get("kind"))
            .ok_or_else(|| invalid("kind", format!("{:?} is not entity, quote or claim", get("kind"))))?;
        let label = match get("label") {
            "" => None,
            name => {
                Some(Label::parse(name).ok_or_else(|| invalid("label", format!("unknown label {name:?}")))?)
            }
        };
        let number_in = |name: &str| -> Result<usize, ImportError> {
            get(name)
                .trim()
                .parse()
                .map_err(|_| invalid(name, format!("{:?} is not a whole number", get(name))))
        };
        let (start, end) = (number_in("start")?, number_in("end")?);
        if start > end || end > offsets.char_len() {
            return Err(invalid(
                "start",
                format!(
                    "offsets {start}..{end} lie outside the text, which has {} characters",
                    offsets.char_len()
                ),
            ));
        }
        let covered = &text[offsets.char_to_byte(start)..offsets.char_to_byte(end)];
        let mut annotation = Annotation::new(restore(get("id")).to_owned(), kind, label, start, end, covered);
        if column("text").is_some() && restore(get("text")) != covered {
            return Err(invalid(
                "text",
                format!(
                    "{:?} differs from the article's {covered:?} at those offsets",
                    restore(get("text"))
                ),
            ));
        }
        annotation.status = match get("status") {
            "" => Status::Unverified,
            name => Status::ALL
                .into_iter()
                .find(|status| status.as_str() == name)
                .ok_or_else(|| {
                    invalid(
                        "status",
                        format!("{name:?} is not unverified, verified or disputed"),
                    )
                })?,
        };
        annotation.note = restore(get("note")).to_owned();
        annotation.evidence = restore(get("evidence"))
            .split_whitespace()
            .map(|url| Evidence {
                url: url.to_owned(),
                title: None,
            })
            .collect();
        annotation.score = match get("score").trim() {
            "" => None,
            score => Some(
                score
                    .parse()
                    .map_err(|_| invalid("score", format!("{score:?} is not a number")))?,
            ),
        };
        annotations.push(annotation);
    }
    let article = Article {
        title: String::new(),
        text: text.to_owned(),
        annotations,
    };
    validate::validate_named(&article, "", &|index| format!("row {}", row_numbers[index]))?;
    Ok(article.annotations)
}
