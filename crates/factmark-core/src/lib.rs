//! Factmark's pure core: finds the named entities, quotes and check-worthy claims of an article
//! and defines the annotation model and exchange formats. It knows nothing of the browser.
//!
//! ```
//! let text = "“We will win,” Jane Doe said on Monday.";
//! let annotations = factmark_core::annotate(text);
//! assert!(annotations.iter().any(|a| a.kind == factmark_core::Kind::Quote));
//! ```

pub mod anchor;
pub mod claims;
pub mod entities;
pub mod export;
pub mod formats;
pub mod ids;
pub mod layout;
pub mod model;
pub mod quotes;
pub mod sentences;
pub mod span;
pub mod tokens;

pub use model::{Annotation, Article, Evidence, Kind, Label, Origin, Speaker, Status};
pub use span::{OffsetMap, Span};

/// What the detectors found in a text, in byte offsets. See [`annotate`] for the exported form.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub entities: Vec<entities::EntityMention>,
    pub quotes: Vec<quotes::QuoteMention>,
    pub claims: Vec<claims::ClaimCandidate>,
}

/// Runs every detector over `text`. Never fails: it returns what it found.
pub fn analyze(text: &str) -> Analysis {
    let sentences = sentences::split(text);
    let entities = entities::detect(text);
    let quotes = quotes::detect(text, &entities);
    let claims = claims::detect(text, &sentences, &entities, &quotes);
    Analysis {
        entities,
        quotes,
        claims,
    }
}

/// Analyses `text` and returns its annotations in code point offsets, ordered by position,
/// with deterministic ids (the same text always gives the same ids).
pub fn annotate(text: &str) -> Vec<Annotation> {
    analyze(text).into_annotations(text)
}

impl Analysis {
    /// Converts the byte-offset findings to annotations: code point offsets, stable ids,
    /// entity links, quote speakers and the entities and quotes each claim cites.
    pub fn into_annotations(self, text: &str) -> Vec<Annotation> {
        let offsets = OffsetMap::new(text);
        let mut namer = ids::AutoIds::default();
        let mut annotations = Vec::with_capacity(self.entities.len() + self.quotes.len() + self.claims.len());

        let entity_ids: Vec<String> = self
            .entities
            .iter()
            .map(|mention| ids::entity_id(mention.label, &mention.key))
            .collect();
        for (mention, entity_id) in self.entities.iter().zip(&entity_ids) {
            let mut annotation =
                namer.annotation(text, &offsets, Kind::Entity, Some(mention.label), mention.span);
            annotation.entity_id = Some(entity_id.clone());
            annotations.push(annotation);
        }

        for quote in &self.quotes {
            let mut annotation = namer.annotation(text, &offsets, Kind::Quote, Some(quote.label), quote.span);
            annotation.speaker = quote.speaker.as_ref().map(|speaker| {
                let (start, end) = offsets.span_to_chars(speaker.span);
                let person = speaker
                    .refers_to
                    .and_then(|index| self.entities.get(index).map(|e| (index, e)));
                Speaker {
                    start,
                    end,
                    text: speaker.span.slice(text).to_owned(),
                    entity_id: person.map(|(index, _)| entity_ids[index].clone()),
                    name: person.map(|(_, mention)| mention.key.clone()),
                }
            });
            annotations.push(annotation);
        }

        for claim in &self.claims {
            let mut annotation = namer.annotation(text, &offsets, Kind::Claim, None, claim.span);
            annotation.score = Some(claim.score);
            annotation.reasons = claim.reasons.clone();
            annotation.highlighted = Some(claim.highlighted);
            annotation.cites = annotations
                .iter()
                .filter(|cited| cited.kind != Kind::Claim)
                .filter(|cited| annotation.start <= cited.start && cited.end <= annotation.end)
                .map(|cited| cited.id.clone())
                .collect();
            annotations.push(annotation);
        }

        annotations.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.kind).cmp(&(b.start, std::cmp::Reverse(b.end), b.kind))
        });
        annotations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_gives_the_same_ids() {
        let text = "“We will win,” Jane Doe said. Jane Doe spoke in Paris on Monday.";
        let first: Vec<String> = annotate(text).into_iter().map(|a| a.id).collect();
        let second: Vec<String> = annotate(text).into_iter().map(|a| a.id).collect();
        assert!(!first.is_empty());
        assert_eq!(first, second);
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first.len(), "ids are unique within an article");
    }

    #[test]
    fn annotations_quote_the_text_they_cover() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/samples/seed-article.txt"
        ))
        .expect("the seed article is beside the checkout at ../shared");
        let chars: Vec<char> = text.chars().collect();
        let annotations = annotate(&text);
        assert!(annotations.iter().any(|a| a.kind == Kind::Entity));
        assert!(annotations.iter().any(|a| a.kind == Kind::Quote));
        assert!(annotations.iter().any(|a| a.kind == Kind::Claim));
        for annotation in &annotations {
            let covered: String = chars[annotation.start..annotation.end].iter().collect();
            assert_eq!(covered, annotation.text, "{annotation:?}");
        }
    }
}
