//! What the review panel shows, worked out from an article: filters and search, groups by kind
//! and by entity, progress counts, and checks on what the user types. Pure, so it is tested
//! without a page.

use factmark_core::claims::{is_not_a_claim, is_shown, DEFAULT_THRESHOLD};
use factmark_core::{Annotation, Article, Kind, Label, Status};

use crate::display::kind_word;

/// The check-worthiness score at or above which claims are highlighted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Threshold(pub f32);

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold(DEFAULT_THRESHOLD)
    }
}

/// The slider's step: a threshold worked out from saved flags lands on it when it can.
const SLIDER_STEP: f32 = 0.05;

impl Threshold {
    /// The threshold a saved article's claims were highlighted with. Only the flags are saved,
    /// so it is worked out from them: the default when it splits the claims the same way, else
    /// the lowest slider step that does. `None` when no scored claim tells, or when the flags
    /// fit no single threshold (then the caller keeps its own).
    pub fn implied_by(annotations: &[Annotation]) -> Option<Threshold> {
        let mut lowest_in = f32::INFINITY;
        let mut highest_out = f32::NEG_INFINITY;
        for claim in annotations.iter().filter(|a| a.kind == Kind::Claim) {
            match (claim.score, claim.highlighted) {
                (Some(score), Some(true)) => lowest_in = lowest_in.min(score),
                (Some(score), Some(false)) => highest_out = highest_out.max(score),
                _ => {}
            }
        }
        if lowest_in.is_infinite() && highest_out.is_infinite() || highest_out >= lowest_in {
            return None;
        }
        let splits = |t: f32| highest_out < t && t <= lowest_in;
        if splits(DEFAULT_THRESHOLD) {
            return Some(Threshold(DEFAULT_THRESHOLD));
        }
        let step = ((highest_out.max(-SLIDER_STEP) / SLIDER_STEP).floor() + 1.0) * SLIDER_STEP;
        Some(Threshold(if splits(step) {
            step.clamp(0.0, 1.0)
        } else {
            lowest_in
        }))
    }
}

/// What the panel's list shows. `None` means "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub label: Option<Label>,
    pub status: Option<Status>,
    /// Words to find in the text, note, label or speaker, in any case.
    pub query: String,
    /// Show only the dismissed annotations (to restore them) instead of the others.
    pub dismissed: bool,
    /// List the claims scored below the threshold too (the article does not show them).
    pub below_threshold: bool,
}

impl Filter {
    pub fn matches(&self, annotation: &Annotation) -> bool {
        self.matches_with(annotation, &self.query.trim().to_lowercase())
    }

    /// [`Filter::matches`] with the query already in lower case, for filtering many.
    fn matches_with(&self, annotation: &Annotation, query: &str) -> bool {
        annotation.dismissed == self.dismissed
            && self.kind.is_none_or(|kind| annotation.kind == kind)
            && self.label.is_none_or(|label| annotation.label == Some(label))
            && self.status.is_none_or(|status| annotation.status == status)
            && (annotation.kind != Kind::Claim || self.lists_claim(annotation))
            && matches_query(annotation, query)
    }

    /// A claim is listed when the article highlights it at the threshold, or when the reader
    /// asked for the candidates below it; a byline, dateline or boilerplate line never is.
    fn lists_claim(&self, claim: &Annotation) -> bool {
        (self.below_threshold || claim.highlighted.unwrap_or(true)) && !is_not_a_claim(claim)
    }
}

/// Whether any words of the annotation contain `query` (already in lower case).
fn matches_query(annotation: &Annotation, query: &str) -> bool {
    if query.is_empty() {
        return true;
    }
    let speaker = annotation.speaker.as_ref();
    [
        Some(annotation.text.as_str()),
        Some(annotation.note.as_str()),
        Some(kind_word(annotation)),
        speaker.map(|s| s.text.as_str()),
        speaker.and_then(|s| s.name.as_deref()),
    ]
    .into_iter()
    .flatten()
    .any(|field| field.to_lowercase().contains(query))
}

/// One row of the panel's list: a single annotation, or all mentions of one entity. `Eq`, so
/// an `Rc` of rows compares by pointer first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Single(usize),
    /// Indexes of the mentions, in text order; the name is the longest mention.
    Entity {
        name: String,
        mentions: Vec<usize>,
    },
}

/// The rows of the list for `kind`, among the annotations `filter` lets through. Indexes point
/// into `article.annotations`. Claims below the threshold are listed only when the filter asks
/// for them, as the article does not show them.
pub fn entries(article: &Article, kind: Kind, filter: &Filter) -> Vec<Entry> {
    let query = filter.query.trim().to_lowercase();
    let matching = article
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == kind && filter.matches_with(a, &query));
    if kind != Kind::Entity {
        return matching.map(|(index, _)| Entry::Single(index)).collect();
    }
    // Groups in order of first mention; the map finds an entity's group in O(1).
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, annotation) in matching {
        let group = annotation
            .entity_id
            .as_deref()
            .and_then(|entity| group_of.get(entity).copied());
        match group {
            Some(group) => groups[group].push(index),
            None => {
                if let Some(entity) = annotation.entity_id.as_deref() {
                    group_of.insert(entity, groups.len());
                }
                groups.push(vec![index]);
            }
        }
    }
    groups
        .into_iter()
        .map(|mentions| {
            let name = mentions
                .iter()
                .map(|&index| article.annotations[index].text.trim())
                .max_by_key(|text| text.chars().count())
                .unwrap_or_default()
                .to_owned();
            Entry::Entity { name, mentions }
        })
        .collect()
}

/// Which of a list's `total` rows to render: the first `limit`, and the selected row wherever
/// it is, so selecting a highlight always finds its row to reveal.
pub fn rows_shown(limit: usize, total: usize, selected: Option<usize>) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..limit.min(total)).collect();
    if let Some(selected) = selected.filter(|&at| at >= limit && at < total) {
        rows.push(selected);
    }
    rows
}

/// The button under a list with `hidden` rows not rendered: "Show 200 more (1234 not shown)".
pub fn more_label(hidden: usize, page: usize) -> String {
    if hidden <= page {
        format!("Show {hidden} more")
    } else {
        format!("Show {page} more ({hidden} not shown)")
    }
}

/// "Zelenskyy — 3 mentions".
pub fn entity_heading(name: &str, mentions: usize) -> String {
    let noun = if mentions == 1 { "mention" } else { "mentions" };
    format!("{name} — {mentions} {noun}")
}

/// How far the review of one kind has got: (verified, total) over the highlights shown.
pub fn progress(article: &Article, kind: Kind) -> (usize, usize) {
    article
        .annotations
        .iter()
        .filter(|a| a.kind == kind && is_shown(a))
        .fold((0, 0), |(verified, total), a| {
            (verified + usize::from(a.status == Status::Verified), total + 1)
        })
}

/// "7 of 12 claims verified".
pub fn progress_sentence(kind: Kind, (verified, total): (usize, usize)) -> String {
    let noun = match (kind, total) {
        (Kind::Entity, 1) => "entity",
        (Kind::Entity, _) => "entities",
        (Kind::Quote, 1) => "quote",
        (Kind::Quote, _) => "quotes",
        (Kind::Claim, 1) => "claim",
        (Kind::Claim, _) => "claims",
    };
    format!("{verified} of {total} {noun} verified")
}

/// Checks an evidence link: a full http(s) address with a host. Other schemes (`javascript:`,
/// `data:`) are refused because the link is shown as a clickable anchor.
pub fn evidence_url(input: &str) -> Result<String, String> {
    let url = input.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            "Enter a full web address that starts with https:// or http://, e.g. https://example.org/report."
                .to_owned()
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.starts_with('.')
        && (host.contains('.') || host.starts_with("localhost"))
        && host.chars().all(|c| c.is_alphanumeric() || "-.:[]@".contains(c));
    if !host_ok || url.chars().any(char::is_whitespace) {
        return Err(format!(
            "“{url}” is not a web address Factmark can link to: it needs a site name such as example.org and no spaces."
        ));
    }
    Ok(url.to_owned())
}

/// The choices for a highlight's type: claim, the two quote labels and every entity label,
/// each as (value for a `<select>`, words for people). The values are the W3C export's
/// classifications ("claim", "quote/STATEMENT", "entity/PERSON"), read back with
/// [`parse_type`].
pub fn type_choices() -> Vec<(String, &'static str)> {
    let mut choices = vec![(type_value(Kind::Claim, None), "Claim")];
    for label in Label::QUOTE_LABELS.iter().chain(Label::ENTITY_LABELS.iter()) {
        choices.push((type_value(label.kind(), Some(*label)), label.describe()));
    }
    choices
}

/// The `<select>` value of a kind and label: its W3C classification.
pub use factmark_core::formats::w3c::classification as type_value;
/// The kind and label a `<select>` value names.
pub use factmark_core::formats::w3c::parse_classification as parse_type;

/// The article as components share it: compared by pointer, so checking whether props changed
/// costs nothing, where comparing two articles would walk every annotation. The reducer makes
/// a new `Rc` for every change, so a new pointer always means "may have changed".
#[derive(Clone, Debug)]
pub struct ArticleRef(pub std::rc::Rc<Article>);

impl PartialEq for ArticleRef {
    fn eq(&self, other: &ArticleRef) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ArticleRef {
    type Target = Article;

    fn deref(&self) -> &Article {
        &self.0
    }
}
