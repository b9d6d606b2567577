//! Display glue: the words the interface uses for the core's vocabulary.

use factmark_core::model::first_words;
use factmark_core::{Annotation, Kind, Label, Status};

/// What a highlight is, in a word or two: "Person", "Quote", "Claim".
pub fn kind_word(annotation: &Annotation) -> &'static str {
    match (annotation.kind, annotation.label) {
        (Kind::Claim, _) => "Claim",
        (Kind::Quote, Some(Label::Term)) => "Quoted term",
        (Kind::Quote, _) => "Quote",
        (Kind::Entity, Some(label)) => label.describe(),
        (Kind::Entity, None) => "Entity",
    }
}

pub fn status_word(status: Status) -> &'static str {
    status.as_str()
}

/// The accessible name of a highlight: "Person: Larry Fink, unverified",
/// "Quote: “Owners will come back…”, verified".
pub fn accessible_name(annotation: &Annotation) -> String {
    let text = annotation.text.trim();
    let short = match annotation.kind {
        Kind::Quote => {
            let closing = text
                .chars()
                .last()
                .filter(|c| is_closing_quote(*c) && text.chars().count() > 1);
            let inner = closing.map_or(text, |c| &text[..text.len() - c.len_utf8()]);
            let mut short = first_words(inner, 4);
            short.extend(closing);
            short
        }
        _ => first_words(text, 4),
    };
    format!(
        "{}: {}, {}",
        kind_word(annotation),
        short,
        status_word(annotation.status)
    )
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | '»' | '“')
}

/// Who said a quote: the person's name when known, else the words that name them.
pub fn speaker_words(annotation: &Annotation) -> Option<&str> {
    let speaker = annotation.speaker.as_ref()?;
    Some(speaker.name.as_deref().unwrap_or(&speaker.text))
}

/// A claim's check-worthiness as a percentage: "72%".
pub fn score_words(annotation: &Annotation) -> Option<String> {
    annotation.score.map(|score| format!("{:.0}%", score * 100.0))
}
