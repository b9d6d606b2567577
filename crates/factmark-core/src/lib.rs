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
pub mod sync;
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
    analyze_reporting(text, |_| {})
}

/// [`analyze`], telling `progress` after each pass roughly how much of the whole annotation is
/// done (0..1, weighted by each pass's share of the time on long texts), so the app can run it
/// off the page's thread and show a progress bar. The same passes as `analyze`, by construction.
pub fn analyze_reporting(text: &str, mut progress: impl FnMut(f32)) -> Analysis {
    let sentences = sentences::split(text);
    progress(0.02);
    let entities = entities::detect(text);
    progress(0.25);
    let quotes = quotes::detect(text, &entities);
    progress(0.3);
    let claims = claims::detect(text, &sentences, &entities, &quotes);
    progress(0.75);
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

        // What a claim can cite (entities and quotes), by start, so each claim looks only at
        // those starting inside it: linear in practice, where scanning them all for every claim
        // took seconds on a 2 MB article. Cites keep the order of `annotations`.
        let mut citable: Vec<(usize, usize, usize)> = annotations
            .iter()
            .enumerate()
            .map(|(index, a)| (a.start, a.end, index))
            .collect();
        citable.sort_by_key(|&(start, _, _)| start);
        for claim in &self.claims {
            let mut annotation = namer.annotation(text, &offsets, Kind::Claim, None, claim.span);
            annotation.score = Some(claim.score);
            annotation.reasons = claim.reasons.clone();
            annotation.highlighted = Some(claim.highlighted);
            let first = citable.partition_point(|&(start, _, _)| start < annotation.start);
            let mut cited: Vec<usize> = citable[first..]
                .iter()
                .take_while(|&&(start, _, _)| start <= annotation.end)
                .filter(|&&(_, end, _)| end <= annotation.end)
                .map(|&(_, _, index)| index)
                .collect();
            cited.sort_unstable();
            annotation.cites = cited
                .into_iter()
                .map(|index| annotations[index].id.clone())
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
    fn claims_cite_every_entity_and_quote_inside_them_in_order() {
        let text = "“We will win,” Jane Doe said in Paris. Jane Doe met John Smith. \
                    “Prices rose 5%,” Smith said on Monday in London.";
        let annotations = annotate(text);
        for claim in annotations.iter().filter(|a| a.kind == Kind::Claim) {
            // The definition, checked the slow way: in the order entities then quotes were made.
            let mut inside: Vec<&Annotation> = annotations
                .iter()
                .filter(|a| a.kind != Kind::Claim && claim.start <= a.start && a.end <= claim.end)
                .collect();
            inside.sort_by_key(|a| (a.kind != Kind::Entity, a.start));
            let expected: Vec<String> = inside.into_iter().map(|a| a.id.clone()).collect();
            assert_eq!(claim.cites, expected, "{claim:?}");
        }
    }

    #[test]
    fn analyze_reporting_is_analyze_with_rising_progress() {
        let text = "“We will win,” Jane Doe said in Paris on Monday.\n\nPrices rose 5% in May.";
        let mut reported = Vec::new();
        let reporting = analyze_reporting(text, |done| reported.push(done)).into_annotations(text);
        assert_eq!(reporting, annotate(text));
        assert!(reported.windows(2).all(|pair| pair[0] < pair[1]), "{reported:?}");
        assert!(
            reported.iter().all(|done| (0.0..1.0).contains(done)),
            "{reported:?}"
        );
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
