//! A Markdown report for sharing: the article's claims and quotes with status, note and
//! evidence.
//!
//! Everything taken from the article or the user is escaped, so a `<script>` in a note or a
//! `[link](javascript:…)` in the text shows as text in any Markdown renderer; evidence becomes a
//! link only when it is an http(s) URL.

use std::fmt::Write;

use crate::model::{first_words, Annotation, Article, Kind, Status};

/// What a report lists: every quote, the highlighted claims and any other claim a person has
/// worked on; nothing the user dismissed.
pub fn is_reported(annotation: &Annotation) -> bool {
    if annotation.dismissed {
        return false;
    }
    match annotation.kind {
        Kind::Entity => false,
        Kind::Quote => true,
        Kind::Claim => {
            annotation.is_highlighted()
                || annotation.status != Status::Unverified
                || !annotation.note.is_empty()
                || !annotation.evidence.is_empty()
        }
    }
}

/// Writes the report of `article`.
pub fn to_markdown(article: &Article) -> String {
    let mut out = String::new();
    let title = if article.title.trim().is_empty() {
        "Untitled article"
    } else {
        &article.title
    };
    let _ = writeln!(out, "# {}\n", inline(title));
    for (kind, heading) in [(Kind::Claim, "Claims"), (Kind::Quote, "Quotes")] {
        let items: Vec<&Annotation> = article
            .annotations
            .iter()
            .filter(|annotation| annotation.kind == kind && is_reported(annotation))
            .collect();
        let count = |status: Status| items.iter().filter(|a| a.status == status).count();
        let _ = writeln!(
            out,
            "## {heading}\n\n{} in all: {} verified, {} disputed, {} unverified.\n",
            items.len(),
            count(Status::Verified),
            count(Status::Disputed),
            count(Status::Unverified)
        );
        for (number, annotation) in items.iter().enumerate() {
            item(&mut out, number + 1, annotation);
        }
    }
    out
}

fn item(out: &mut String, number: usize, annotation: &Annotation) {
    let status = match annotation.status {
        Status::Verified => "Verified",
        Status::Disputed => "Disputed",
        Status::Unverified => "Unverified",
    };
    let _ = writeln!(
        out,
        "### {number}. {status}: {}\n",
        inline(&first_words(&annotation.text, 8))
    );
    let _ = writeln!(out, "> {}\n", inline(&annotation.text));
    if let Some(speaker) = &annotation.speaker {
        let name = speaker.name.as_deref().unwrap_or(&speaker.text);
        let _ = writeln!(out, "- Speaker: {}", inline(name));
    }
    let _ = writeln!(out, "- Status: {}", annotation.status.as_str());
    if let Some(score) = annotation.score {
        let _ = writeln!(out, "- Check-worthiness: {score:.2}");
    }
    if !annotation.note.is_empty() {
        let _ = writeln!(out, "- Note: {}", inline(&annotation.note));
    }
    if !annotation.evidence.is_empty() {
        let _ = writeln!(out, "- Evidence:");
        for evidence in &annotation.evidence {
            let _ = writeln!(out, "  - {}", link(&evidence.url, evidence.title.as_deref()));
        }
    }
    out.push('\n');
}

/// A link to an http(s) URL, or the URL as plain text when it is anything else.
fn link(url: &str, title: Option<&str>) -> String {
    let safe = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    let label = inline(title.filter(|t| !t.trim().is_empty()).unwrap_or(url));
    if safe {
        format!("[{label}](<{url}>)")
    } else {
        match title {
            Some(_) => format!("{label} ({})", inline(url)),
            None => label,
        }
    }
}

/// `text` on one line with every Markdown and HTML special character escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            // CommonMark lets a backslash escape any ASCII punctuation; these are the ones that
            // can start markup anywhere in a line. `<` and `&` cover raw HTML and entities.
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '!' | '~' | '(' | ')'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // Block markers only count at the start of a line.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else if let Some(at) = out.find(['.', ')']) {
        // "1. " and "1) " start ordered lists: escape the dot, not the digits.
        if at > 0 && out[..at].chars().all(|c| c.is_ascii_digit()) {
            out.insert(at, '\\');
        }
    }
    out
}
