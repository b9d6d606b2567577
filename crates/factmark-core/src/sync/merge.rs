//! Merging versions of one article that were changed on different devices, annotation by
//! annotation. The result depends only on the set of versions given (never on their order or
//! on which device merges), so two people who merge the same conflict end with the same
//! article, and the server with one revision of it.
//!
//! The rule, per annotation id:
//! 1. The version with the later `updated` wins whole (status, type, span, note, evidence).
//!    Equal times are broken by the greater canonical JSON, so the choice is the same anywhere.
//! 2. Nothing a person wrote is lost to the winner: a note the winning version lacks is kept
//!    (if one note contains the other, the longer; otherwise the loser's is appended after a
//!    blank line), and evidence links the winner lacks (by URL) are added after its own.
//! 3. A deletion (tombstone) wins over every version not updated strictly later than it; an
//!    edit made after the deletion brings the annotation back.
//!
//! The title and text come from the version edited last (then the greater text hash). The
//! other versions' annotations are re-anchored onto that text; those that no longer fit and
//! carry a person's work go to `unplaced`, never dropped. An article deletion holds unless
//! something in the article was changed later than it.

use std::collections::{BTreeMap, HashMap};

use super::doc::{canonical_order, text_hash, Record};
use crate::anchor;
use crate::export::timestamp;
use crate::model::{Annotation, Article, Origin, Status};

type Instant = Option<(i64, u32)>;

fn instant(time: Option<&str>) -> Instant {
    time.and_then(timestamp)
}

/// Whether an annotation carries a person's work, which sync must never drop silently.
pub(crate) fn has_work(annotation: &Annotation) -> bool {
    annotation.status != Status::Unverified
        || !annotation.note.trim().is_empty()
        || !annotation.evidence.is_empty()
        || annotation.origin == Origin::Manual
        || annotation.dismissed
}

/// Merges every version of one article into one. `versions` must not be empty; the result
/// does not depend on their order.
pub fn merge(versions: &[Record]) -> Record {
    assert!(!versions.is_empty(), "merging needs at least one version");
    // The version whose title and text win.
    let lead = versions
        .iter()
        .max_by(|a, b| {
            // A deletion that kept no content never supplies the text.
            let key = |r: &Record| {
                (
                    instant(r.edited.as_deref()),
                    !r.article.text.is_empty(),
                    text_hash(&r.article.text),
                    r.article.title.clone(),
                )
            };
            key(a).cmp(&key(b))
        })
        .expect("not empty");
    let text = &lead.article.text;

    let mut candidates: HashMap<String, Vec<Annotation>> = HashMap::new();
    let mut unplaced: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
    let mut tombstones: BTreeMap<String, String> = BTreeMap::new();
    for version in versions {
        let placed = if version.article.text == *text {
            version.article.annotations.clone()
        } else {
            let moved = anchor::reanchor(&version.article.text, text, &version.article.annotations);
            for annotation in &version.article.annotations {
                if moved.lost.contains(&annotation.id) && has_work(annotation) {
                    unplaced
                        .entry(annotation.id.clone())
                        .or_default()
                        .push(annotation.clone());
                }
            }
            moved.placed
        };
        for annotation in placed {
            candidates
                .entry(annotation.id.clone())
                .or_default()
                .push(annotation);
        }
        for annotation in &version.unplaced {
            unplaced
                .entry(annotation.id.clone())
                .or_default()
                .push(annotation.clone());
        }
        for (id, when) in &version.tombstones {
            let keep = tombstones
                .get(id)
                .is_none_or(|old| (instant(Some(when)), when) > (instant(Some(old)), old));
            if keep {
                tombstones.insert(id.clone(), when.clone());
            }
        }
    }

    let mut annotations = Vec::with_capacity(candidates.len());
    for (id, versions) in candidates {
        let winner = resolve(versions);
        match tombstones.get(&id) {
            Some(deleted) if instant(winner.updated.as_deref()) <= instant(Some(deleted)) => {}
            Some(_) => {
                tombstones.remove(&id);
                annotations.push(winner);
            }
            None => annotations.push(winner),
        }
    }
    canonical_order(&mut annotations);

    let alive: std::collections::HashSet<&str> = annotations.iter().map(|a| a.id.as_str()).collect();
    let unplaced: Vec<Annotation> = unplaced
        .into_iter()
        .filter(|(id, _)| !alive.contains(id.as_str()) && !tombstones.contains_key(id))
        .map(|(_, versions)| resolve(versions))
        .collect();

    // Deleted unless something changed after the latest deletion.
    let deleted = versions
        .iter()
        .filter_map(|v| v.deleted.as_ref())
        .max_by_key(|when| (instant(Some(when)), (*when).clone()))
        .cloned();
    let latest_change = annotations
        .iter()
        .map(|a| instant(a.updated.as_deref()))
        .chain(std::iter::once(instant(lead.edited.as_deref())))
        .max()
        .flatten();
    let deleted = deleted.filter(|when| instant(Some(when)) >= latest_change);

    Record {
        article: Article {
            title: lead.article.title.clone(),
            text: text.clone(),
            annotations,
        },
        tombstones,
        edited: lead.edited.clone(),
        deleted,
        unplaced,
    }
}

/// One annotation from its versions: the latest wins, keeping the notes and links of the rest.
fn resolve(mut versions: Vec<Annotation>) -> Annotation {
    if versions.len() == 1 {
        return versions.pop().expect("one version");
    }
    let mut ranked: Vec<(Instant, String, Annotation)> = versions
        .into_iter()
        .map(|a| {
            let json = serde_json::to_string(&a).expect("an annotation always serializes");
            (instant(a.updated.as_deref()), json, a)
        })
        .collect();
    ranked.sort_by(|a, b| (&b.0, &b.1).cmp(&(&a.0, &a.1)));
    ranked.dedup_by(|a, b| a.1 == b.1);
    let mut ranked = ranked.into_iter().map(|(_, _, a)| a);
    let mut winner = ranked.next().expect("at least one version");
    for loser in ranked {
        winner.note = keep_both(&winner.note, &loser.note);
        for link in loser.evidence {
            if !winner.evidence.iter().any(|kept| kept.url == link.url) {
                winner.evidence.push(link);
            }
        }
    }
    winner
}

/// A note that loses nothing of `winner` or `loser`.
fn keep_both(winner: &str, loser: &str) -> String {
    let (w, l) = (winner.trim(), loser.trim());
    if l.is_empty() || w.contains(l) {
        winner.to_owned()
    } else if w.is_empty() || l.contains(w) {
        loser.to_owned()
    } else {
        format!("{winner}\n\n{loser}")
    }
}
