//! Named entity recognition.

use crate::model::Label;
use crate::span::Span;

/// One mention of a named entity or figure, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityMention {
    pub span: Span,
    pub label: Label,
    /// The canonical name that links mentions of one entity ("Volodymyr Zelenskyy" for a
    /// later "Zelenskyy").
    pub key: String,
}

/// Finds the entity mentions of `text`, ordered by position, never overlapping.
pub fn detect(text: &str) -> Vec<EntityMention> {
    // A first, simple pass: runs of capitalised words not at the start of a sentence.
    let mut mentions = Vec::new();
    let mut run: Option<Span> = None;
    let mut sentence_start = true;
    for (start, word) in words(text) {
        let end = start + word.len();
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised && !sentence_start {
            run = Some(match run {
                Some(span)
                    if text[span.end..start].trim().is_empty() && !text[span.end..start].contains('\n') =>
                {
                    Span::new(span.start, end)
                }
                Some(span) => {
                    push(text, span, &mut mentions);
                    Span::new(start, end)
                }
                None => Span::new(start, end),
            });
        } else if let Some(span) = run.take() {
            push(text, span, &mut mentions);
        }
        sentence_start = text[end..].starts_with(['.', '!', '?', '\n']) || text[end..].starts_with(". ");
    }
    if let Some(span) = run {
        push(text, span, &mut mentions);
    }
    mentions
}

/// The alphanumeric words of `text` with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while chars.peek().is_some_and(|&(_, c)| !c.is_alphanumeric()) {
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(index, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = index + c.len_utf8();
            chars.next();
        }
        Some((start, &text[start..end]))
    })
}

fn push(text: &str, span: Span, out: &mut Vec<EntityMention>) {
    let name = span.slice(text);
    let label = if name.split(' ').count() >= 2 {
        Label::Person
    } else {
        Label::Org
    };
    out.push(EntityMention {
        span,
        label,
        key: name.to_owned(),
    });
}
