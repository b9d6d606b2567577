//! Deterministic ids for automatic annotations and entities.
//!
//! An automatic annotation's id is a UUID v5 of its kind, label, covered text and which
//! occurrence of that text it is. Analysing the same text again gives the same ids, and an edit
//! elsewhere in the article does not change them, so statuses and dismissals stay attached.

use std::collections::HashMap;

use uuid::Uuid;

use crate::model::{Annotation, Kind, Label};
use crate::span::{OffsetMap, Span};

/// Factmark's UUID v5 namespace (itself a v5 of the project URL in the URL namespace).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://factmark.invalid/ids")
}

fn label_name(label: Option<Label>) -> &'static str {
    label.map_or("", Label::as_str)
}

/// The id shared by all mentions of one entity.
pub fn entity_id(label: Label, key: &str) -> String {
    let name = format!(
        "entity\u{1f}{}\u{1f}{}",
        label_name(Some(label)),
        key.to_lowercase()
    );
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// Names the automatic annotations of one text, counting repeated occurrences.
#[derive(Default)]
pub struct AutoIds {
    seen: HashMap<(Kind, Option<Label>, String), usize>,
}

impl AutoIds {
    pub fn id(&mut self, kind: Kind, label: Option<Label>, covered: &str) -> String {
        let occurrence = self.seen.entry((kind, label, covered.to_owned())).or_insert(0);
        let name = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            kind.as_str(),
            label_name(label),
            covered,
            occurrence
        );
        *occurrence += 1;
        Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
    }

    /// A fresh automatic annotation over the byte span `span` of `text`.
    pub fn annotation(
        &mut self,
        text: &str,
        offsets: &OffsetMap,
        kind: Kind,
        label: Option<Label>,
        span: Span,
    ) -> Annotation {
        let covered = span.slice(text);
        let (start, end) = offsets.span_to_chars(span);
        Annotation::new(self.id(kind, label, covered), kind, label, start, end, covered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_text_gets_distinct_stable_ids() {
        let mut ids = AutoIds::default();
        let first = ids.id(Kind::Entity, Some(Label::Gpe), "Russia");
        let second = ids.id(Kind::Entity, Some(Label::Gpe), "Russia");
        assert_ne!(first, second);
        let mut again = AutoIds::default();
        assert_eq!(again.id(Kind::Entity, Some(Label::Gpe), "Russia"), first);
        assert_eq!(
            entity_id(Label::Person, "Zelenskyy"),
            entity_id(Label::Person, "zelenskyy")
        );
    }
}
