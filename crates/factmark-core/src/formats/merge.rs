//! Bringing an imported article into an existing one: merge by annotation id (the newer
//! `updated` wins) or replace, with a preview of what would change.
//!
//! [`plan`] computes both the resulting article and the counts in one pass, so what the app
//! previews is exactly what applying does: show `plan.preview`, then keep `plan.article`.

use std::collections::{HashMap, HashSet};

use crate::anchor;
use crate::export::timestamp;
use crate::model::{Annotation, Article};

/// How an import meets the article already open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Keep the existing article and its text; add new annotations and take the imported
    /// version of an annotation only when its `updated` is newer.
    Merge,
    /// The imported article replaces the existing one, text and annotations.
    Replace,
}

/// What an import would change, for the app to show before applying.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// Annotations only in the import.
    pub added: usize,
    /// Annotations in both whose imported version is taken and differs.
    pub updated: usize,
    /// Annotations in both that are the same.
    pub unchanged: usize,
    /// Annotations in both where the existing version is kept because it is as new or newer
    /// (merge only).
    pub kept: usize,
    /// Existing annotations that disappear (replace only; a merge never removes).
    pub removed: usize,
    /// Whether the article text changes (replace with a different text).
    pub text_changed: bool,
    /// Ids of imported annotations whose text does not occur in the existing article (merge of
    /// an import with a different text): they are not applied.
    pub unplaced: Vec<String>,
}

/// The article an import would produce, and its preview.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub article: Article,
    pub preview: Preview,
}

/// Whether `incoming` was updated strictly later than `existing` (no time counts as oldest).
pub fn is_newer(incoming: &Annotation, existing: &Annotation) -> bool {
    let key = |annotation: &Annotation| annotation.updated.as_deref().and_then(timestamp);
    key(incoming) > key(existing)
}

/// Plans bringing `incoming` into `existing`. Both should be valid (as every importer returns).
///
/// When merging an import made on a different text (the article was edited since), its
/// annotations are re-anchored by their quote onto the existing text; those that cannot be
/// found are listed in [`Preview::unplaced`] and left out.
pub fn plan(existing: &Article, incoming: &Article, mode: Mode) -> Plan {
    match mode {
        Mode::Replace => replace(existing, incoming),
        Mode::Merge => merge(existing, incoming),
    }
}

fn replace(existing: &Article, incoming: &Article) -> Plan {
    let old: HashMap<&str, &Annotation> = existing.annotations.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut preview = Preview {
        text_changed: existing.text != incoming.text,
        ..Preview::default()
    };
    for annotation in &incoming.annotations {
        match old.get(annotation.id.as_str()) {
            None => preview.added += 1,
            Some(&before) if before == annotation => preview.unchanged += 1,
            Some(_) => preview.updated += 1,
        }
    }
    let incoming_ids: HashSet<&str> = incoming.annotations.iter().map(|a| a.id.as_str()).collect();
    preview.removed = existing
        .annotations
        .iter()
        .filter(|a| !incoming_ids.contains(a.id.as_str()))
        .count();
    Plan {
        article: incoming.clone(),
        preview,
    }
}

fn merge(existing: &Article, incoming: &Article) -> Plan {
    let mut preview = Preview::default();
    let placed = if existing.text == incoming.text {
        incoming.annotations.clone()
    } else {
        let moved = anchor::reanchor(&incoming.text, &existing.text, &incoming.annotations);
        preview.unplaced = moved.lost;
        moved.placed
    };
    let mut imported: HashMap<&str, &Annotation> = placed.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut annotations = Vec::with_capacity(existing.annotations.len() + placed.len());
    for annotation in &existing.annotations {
        match imported.remove(annotation.id.as_str()) {
            None => annotations.push(annotation.clone()),
            Some(newer) if newer == annotation => {
                preview.unchanged += 1;
                annotations.push(annotation.clone());
            }
            Some(newer) if is_newer(newer, annotation) => {
                preview.updated += 1;
                annotations.push(newer.clone());
            }
            Some(_) => {
                preview.kept += 1;
                annotations.push(annotation.clone());
            }
        }
    }
    // The import's own annotations, in its order.
    for annotation in &placed {
        if imported.contains_key(annotation.id.as_str()) {
            preview.added += 1;
            annotations.push(annotation.clone());
        }
    }
    // Position order, as `annotate` gives it; stable, so equal spans keep their order.
    annotations.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), a.kind).cmp(&(b.start, std::cmp::Reverse(b.end), b.kind))
    });
    Plan {
        article: Article {
            title: existing.title.clone(),
            text: existing.text.clone(),
            annotations,
        },
        preview,
    }
}
