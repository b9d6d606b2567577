//! Named entity recognition: a learned tagger finds names (CoNLL's PER, ORG, LOC, MISC), rules
//! and gazetteers refine their types to OntoNotes labels and add the figures (dates, times,
//! money, percentages, quantities), and linking gives every mention of one entity one key.

#[doc(hidden)]
pub mod features;
mod figures;
mod lexicon;
mod link;
mod rules;
#[doc(hidden)]
pub mod tagger;

use crate::model::Label;
use crate::span::Span;
use crate::tokens;

/// One mention of a named entity or figure, in byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityMention {
    pub span: Span,
    pub label: Label,
    /// The canonical name that links mentions of one entity ("Volodymyr Zelenskyy" for a
    /// later "Zelenskyy").
    pub key: String,
}

/// A mention while the rules work on it: tokens `first..end`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Found {
    first: usize,
    end: usize,
    label: Label,
}

/// Which rules run after the tagger: all of them in [`detect`]. The lab turns each off in turn
/// to measure, across folds of the training data, what it adds.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub headline_common_words: bool,
    pub merge_neighbours: bool,
    pub titles: bool,
    pub relations: bool,
    pub initials: bool,
    pub complements: bool,
    pub laws: bool,
    pub quoted_titles: bool,
    pub datelines: bool,
    pub linking: bool,
}

impl Rules {
    pub const ALL: Rules = Rules {
        headline_common_words: true,
        merge_neighbours: true,
        titles: true,
        relations: true,
        initials: true,
        complements: true,
        laws: true,
        quoted_titles: true,
        datelines: true,
        linking: true,
    };
}

/// Finds the entity mentions of `text`, ordered by position, never overlapping.
pub fn detect(text: &str) -> Vec<EntityMention> {
    detect_with(text, tagger::Model::embedded(), Rules::ALL)
}

/// [`detect`] with other weights and a choice of rules: what the lab scores folds with.
#[doc(hidden)]
pub fn detect_with<S: tagger::Scorer>(text: &str, scorer: &S, enabled: Rules) -> Vec<EntityMention> {
    let tokens = tokens::tokenize(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
    let starts: Vec<bool> = tokens.iter().map(|t| t.sentence_start).collect();
    let mut featurizer = features::Featurizer::default();
    featurizer.prepare(&words, &starts);
    let mut tags = Vec::with_capacity(words.len());
    tagger::tag(scorer, &mut featurizer, &words, enabled, &mut tags);

    // The tagger's CoNLL types, provisionally as OntoNotes labels; `rules::refine` settles them.
    let mut found: Vec<Found> = entity_runs(&tags)
        .into_iter()
        .map(|(first, end, kind)| Found {
            first,
            end,
            label: match kind {
                0 => Label::Person,
                1 => Label::Org,
                2 => Label::Gpe,
                _ => Label::Norp,
            },
        })
        .collect();
    if enabled.merge_neighbours {
        merge_neighbours(&words, &featurizer, &mut found);
    }
    // Title and figure flags, looked up once per token by the hash the featurizer computed.
    let flags: Vec<u8> = (0..words.len())
        .map(|i| lexicon::flags_of_hash(featurizer.lower(i)))
        .collect();
    if enabled.titles {
        rules::people_after_titles(&words, &flags, |i| featurizer.starts_sentence(i), &mut found);
    }
    if enabled.relations {
        rules::people_by_relation(&words, &mut found);
    }
    if enabled.initials {
        rules::first_names_before_initials(&words, &flags, |i| featurizer.starts_sentence(i), &mut found);
    }
    rules::refine(&words, &mut found);
    if enabled.complements {
        rules::organisation_complements(&words, &flags, &mut found);
    }
    if enabled.laws {
        rules::laws(&words, &mut found);
    }
    if enabled.quoted_titles {
        rules::quoted_titles(&words, &mut found);
    }
    if enabled.datelines {
        // A dateline opens running text; in a headline ("SOCCER - JAPAN GET WIN") it is a topic.
        rules::datelines(
            &words,
            |i| featurizer.starts_sentence(i) && !featurizer.in_headline(i),
            &mut found,
        );
    }
    let names: Vec<String> = found
        .iter()
        .map(|f| single_spaced(span_text(text, &tokens, f)))
        .collect();
    if enabled.linking {
        link::people_everywhere(&words, &names, &mut found);
    }
    let keys = link::keys(&words, &names, &found);

    let mut taken = vec![false; words.len()];
    for f in &found {
        taken[f.first..f.end].iter_mut().for_each(|t| *t = true);
    }
    let mut figures = Vec::new();
    figures::find(&words, &flags, &taken, &mut figures);

    let mut mentions: Vec<EntityMention> = found
        .iter()
        .zip(keys)
        .chain(
            figures
                .iter()
                .map(|f| (f, span_text(text, &tokens, f).to_owned())),
        )
        .filter(|(f, _)| f.first < f.end && f.end <= tokens.len())
        .map(|(f, key)| EntityMention {
            span: Span::new(tokens[f.first].span.start, tokens[f.end - 1].span.end),
            label: f.label,
            key,
        })
        .collect();
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    // The rules keep mentions apart; this makes "never overlapping" hold whatever they did.
    let mut last_end = 0;
    mentions.retain(|m| {
        let keep = m.span.start >= last_end;
        if keep {
            last_end = m.span.end;
        }
        keep
    });
    mentions
}

/// `text` with each run of white space made one space: a name broken over a line is one name.
fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, piece) in text.split_whitespace().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// The text from the first to the last token of `f`.
fn span_text<'t>(text: &'t str, tokens: &[tokens::Token], f: &Found) -> &'t str {
    match (tokens.get(f.first), tokens.get(f.end.wrapping_sub(1))) {
        (Some(first), Some(last)) => text.get(first.span.start..last.span.end).unwrap_or(""),
        _ => "",
    }
}

/// Joins touching runs of different types inside running text: the IO tagger sometimes changes
/// its mind midway through an unknown name ("Secret" PER + "Service" ORG, "World" MISC + "Bank"
/// ORG). The whole is typed by its last word, the head of an English name. Runs in capitals
/// (headlines, tables of results), runs after a known place, a nationality before a person
/// ("American Pete Sampras") and a new sentence stay apart:
/// there touching runs are separate names ("CHICAGO" "TEXAS"), as CoNLL dev showed when all
/// touching runs were joined (-0.6 F1).
fn merge_neighbours(words: &[&str], featurizer: &features::Featurizer, found: &mut Vec<Found>) {
    let title_case = |word: &str| {
        word.starts_with(|c: char| c.is_uppercase()) && word.chars().skip(1).any(char::is_lowercase)
    };
    let gazetteer = lexicon::Gazetteer::get();
    let mut merged: Vec<Found> = Vec::with_capacity(found.len());
    for f in found.drain(..) {
        match merged.last_mut() {
            Some(last)
                if last.end == f.first
                    && !featurizer.starts_sentence(f.first)
                    && f.end - last.first <= 5
                    && title_case(words[last.end - 1])
                    && title_case(words[f.first])
                    && !(last.label == Label::Gpe && gazetteer.is_place(&words[last.first..last.end]))
                    && !(last.label == Label::Norp && f.label == Label::Person) =>
            {
                last.end = f.end;
                last.label = f.label;
            }
            _ => merged.push(f),
        }
    }
    *found = merged;
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
