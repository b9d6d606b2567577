//! Direct quotations and their speakers.

use crate::entities::EntityMention;
use crate::model::Label;
use crate::span::Span;

/// A direct quotation, quotation marks included, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteMention {
    pub span: Span,
    /// `Statement` or `Term`.
    pub label: Label,
    pub speaker: Option<SpeakerMention>,
}

/// The mention of who said a quote, as written next to the cue.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerMention {
    pub span: Span,
    /// Index into the entity mentions of the person it refers to, when known.
    pub refers_to: Option<usize>,
}

/// Finds the direct quotations of `text`, ordered by position.
pub fn detect(text: &str, _entities: &[EntityMention]) -> Vec<QuoteMention> {
    // A first, simple pass: curly double quotes paired within a paragraph.
    let mut quotes = Vec::new();
    let mut open: Option<usize> = None;
    for (index, ch) in text.char_indices() {
        match ch {
            '“' => open = Some(index),
            '”' => {
                if let Some(start) = open.take() {
                    let span = Span::new(start, index + ch.len_utf8());
                    let words = span.slice(text).split_whitespace().count();
                    let label = if words <= 3 { Label::Term } else { Label::Statement };
                    quotes.push(QuoteMention {
                        span,
                        label,
                        speaker: None,
                    });
                }
            }
            '\n' => open = None,
            _ => {}
        }
    }
    quotes
}
