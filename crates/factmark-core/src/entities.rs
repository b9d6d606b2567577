//! Named entity recognition: a learned tagger finds names (CoNLL's PER, ORG, LOC, MISC), rules
//! and gazetteers refine their types to OntoNotes labels and add the figures (dates, times,
//! money, percentages, quantities), and linking gives every mention of one entity one key.

#[doc(hidden)]
pub mod features;
mod lexicon;
#[doc(hidden)]
pub mod tagger;

use crate::model::Label;
use crate::span::Span;
use crate::tokens::{self, Token};

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
    let tokens = tokens::tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
    let starts: Vec<bool> = tokens.iter().map(|t| t.sentence_start).collect();
    let mut featurizer = features::Featurizer::default();
    featurizer.prepare(&words, &starts);
    let mut tags = Vec::with_capacity(words.len());
    tagger::tag(tagger::Model::embedded(), &mut featurizer, &words, &mut tags);
    let mut mentions = Vec::new();
    for (first, end, kind) in entity_runs(&tags) {
        let span = Span::new(tokens[first].span.start, tokens[end - 1].span.end);
        let label = match kind {
            0 => Label::Person,
            1 => Label::Org,
            2 => Label::Gpe,
            _ => Label::Norp,
        };
        mentions.push(EntityMention {
            span,
            label,
            key: span.slice(text).to_owned(),
        });
    }
    let _: &[Token] = &tokens;
    mentions
}

/// The entities of an IO tag sequence: (first token, end token, CoNLL type).
pub fn entity_runs(tags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut runs = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    for (index, &tag) in tags.iter().enumerate() {
        let kind = features::tag_type(tag);
        if open.is_some_and(|(_, k)| Some(k) == kind) {
            continue;
        }
        if let Some((first, k)) = open.take() {
            runs.push((first, index, k));
        }
        if let Some(kind) = kind {
            open = Some((index, kind));
        }
    }
    if let Some((first, k)) = open {
        runs.push((first, tags.len(), k));
    }
    runs
}
