//! The user's edits to an article, as data, and the history that undoes and redoes them.
//!
//! A step records what each annotation it touched was before and became after, not a copy of
//! the article: undo stays unbounded without keeping thousands of copies of a long article.
//! Editing the text is the one step that keeps both whole articles (shared behind `Rc`).

use std::rc::Rc;

use factmark_core::anchor::{anchor_ranges, reanchor, reanchored, relocate, Reanchored};
use factmark_core::{Annotation, Article, Evidence, Kind, Label, Origin, Status};

/// One thing a user does to the annotations of an article.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Tag these annotations (one highlight, or every mention of an entity).
    Status {
        ids: Vec<String>,
        status: Status,
    },
    Note {
        id: String,
        note: String,
    },
    AddEvidence {
        id: String,
        evidence: Evidence,
    },
    /// Evidence links are told apart by URL: adding a URL twice is refused.
    RemoveEvidence {
        id: String,
        url: String,
    },
    /// Make it another kind of highlight, or give it another label.
    Retype {
        id: String,
        kind: Kind,
        label: Option<Label>,
    },
    /// Dismiss a wrong highlight (`true`) or restore it (`false`).
    Dismiss {
        id: String,
        dismissed: bool,
    },
    /// A highlight the user made; see [`manual`].
    Add(Annotation),
}

/// An annotation before and after a step; `None` when it did not exist on that side.
#[derive(Clone, Debug, PartialEq)]
struct Touched {
    id: String,
    before: Option<Annotation>,
    after: Option<Annotation>,
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Annotations(Vec<Touched>),
    Article { before: Rc<Article>, after: Rc<Article> },
}

/// Every step since the article was opened, for undo, and the undone ones, for redo.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<Rc<Step>>,
    redo: Vec<Rc<Step>>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies `change` to `article` as one undoable step, stamping what changed with `now`.
    /// A change that changes nothing (an unknown id, the same value) leaves no step.
    pub fn change(&mut self, article: &mut Rc<Article>, change: Change, now: &str) {
        let touched = touched_by(article, &change);
        let mut steps = Vec::with_capacity(touched.len());
        for before in touched {
            let mut after = before.clone();
            edit(&mut after, &change);
            if after != before {
                after.updated = Some(now.to_owned());
                steps.push(Touched {
                    id: after.id.clone(),
                    before: Some(before),
                    after: Some(after),
                });
            }
        }
        if let Change::Add(annotation) = change {
            if !article.annotations.iter().any(|a| a.id == annotation.id) {
                steps.push(Touched {
                    id: annotation.id.clone(),
                    before: None,
                    after: Some(annotation),
                });
            }
        }
        if !steps.is_empty() {
            self.push(article, Step::Annotations(steps));
        }
    }

    /// Replaces the whole article (after its text was edited) as one undoable step.
    pub fn replace(&mut self, article: &mut Rc<Article>, after: Article) {
        if **article != after {
            let step = Step::Article {
                before: article.clone(),
                after: Rc::new(after),
            };
            self.push(article, step);
        }
    }

    fn push(&mut self, article: &mut Rc<Article>, step: Step) {
        redo_step(article, &step);
        self.undo.push(Rc::new(step));
        self.redo.clear();
    }

    /// Takes back the last step; false when there is none.
    pub fn undo(&mut self, article: &mut Rc<Article>) -> bool {
        let Some(step) = self.undo.pop() else { return false };
        match &*step {
            Step::Annotations(touched) => {
                let article = Rc::make_mut(article);
                for t in touched.iter().rev() {
                    put(article, &t.id, t.before.clone());
                }
            }
            Step::Article { before, .. } => *article = before.clone(),
        }
        self.redo.push(step);
        true
    }

    /// Does the last undone step again; false when there is none.
    pub fn redo(&mut self, article: &mut Rc<Article>) -> bool {
        let Some(step) = self.redo.pop() else { return false };
        redo_step(article, &step);
        self.undo.push(step);
        true
    }
}

fn redo_step(article: &mut Rc<Article>, step: &Step) {
    match step {
        Step::Annotations(touched) => {
            let article = Rc::make_mut(article);
            for t in touched {
                put(article, &t.id, t.after.clone());
            }
        }
        Step::Article { after, .. } => *article = after.clone(),
    }
}

/// Sets the annotation `id` to `value`: replaces it, removes it (`None`), or inserts it in
/// position order when it is new.
fn put(article: &mut Article, id: &str, value: Option<Annotation>) {
    let found = article.annotations.iter().position(|a| a.id == id);
    match (found, value) {
        (Some(index), Some(value)) => article.annotations[index] = value,
        (Some(index), None) => {
            article.annotations.remove(index);
        }
        (None, Some(value)) => {
            let at = article.annotations.partition_point(|a| {
                (a.start, std::cmp::Reverse(a.end)) <= (value.start, std::cmp::Reverse(value.end))
            });
            article.annotations.insert(at, value);
        }
        (None, None) => {}
    }
}

/// The annotations a change applies to, as they are now.
fn touched_by(article: &Article, change: &Change) -> Vec<Annotation> {
    let ids: &[String] = match change {
        Change::Status { ids, .. } => ids,
        Change::Note { id, .. }
        | Change::AddEvidence { id, .. }
        | Change::RemoveEvidence { id, .. }
        | Change::Retype { id, .. }
        | Change::Dismiss { id, .. } => std::slice::from_ref(id),
        Change::Add(_) => &[],
    };
    article
        .annotations
        .iter()
        .filter(|a| ids.contains(&a.id))
        .cloned()
        .collect()
}

fn edit(annotation: &mut Annotation, change: &Change) {
    match change {
        Change::Status { status, .. } => annotation.status = *status,
        Change::Note { note, .. } => annotation.note.clone_from(note),
        Change::AddEvidence { evidence, .. } => {
            if !annotation.evidence.iter().any(|e| e.url == evidence.url) {
                annotation.evidence.push(evidence.clone());
            }
        }
        Change::RemoveEvidence { url, .. } => annotation.evidence.retain(|e| &e.url != url),
        Change::Retype { kind, label, .. } => retype(annotation, *kind, *label),
        Change::Dismiss { dismissed, .. } => annotation.dismissed = *dismissed,
        Change::Add(_) => {}
    }
}

/// Changes the kind and label, dropping what only made sense for the old kind (an entity's
/// link, a quote's speaker, a claim's score), so the annotation stays valid for its new kind.
fn retype(annotation: &mut Annotation, kind: Kind, label: Option<Label>) {
    let label = match kind {
        Kind::Claim => None,
        _ => label.filter(|label| label.kind() == kind),
    };
    if kind == Kind::Claim && annotation.kind != Kind::Claim {
        annotation.highlighted = None;
    }
    if kind != annotation.kind {
        if kind != Kind::Entity {
            annotation.entity_id = None;
        }
        if kind != Kind::Quote {
            annotation.speaker = None;
        }
        if kind != Kind::Claim {
            annotation.score = None;
            annotation.reasons.clear();
            annotation.highlighted = None;
            annotation.cites.clear();
        }
    }
    annotation.kind = kind;
    annotation.label = label;
}

/// A highlight the user made over code points `start..end` of `text`, with a random `id`.
/// `None` when the range is empty or outside the text.
pub fn manual(
    id: String,
    text: &str,
    (start, end): (usize, usize),
    kind: Kind,
    label: Option<Label>,
    now: &str,
) -> Option<Annotation> {
    let covered: String = text.chars().skip(start).take(end.saturating_sub(start)).collect();
    if start >= end || covered.chars().count() != end - start || covered.trim().is_empty() {
        return None;
    }
    let mut annotation = Annotation::new(id, kind, None, start, end, &covered);
    retype(&mut annotation, kind, label);
    annotation.origin = Origin::Manual;
    annotation.created = Some(now.to_owned());
    annotation.updated = Some(now.to_owned());
    Some(annotation)
}

/// Whether a person has done anything to an annotation that would be lost if it went.
pub(crate) fn has_user_work(annotation: &Annotation) -> bool {
    annotation.origin == Origin::Manual
        || annotation.status != Status::Unverified
        || !annotation.note.is_empty()
        || !annotation.evidence.is_empty()
        || annotation.dismissed
}

/// The article after its text became `text` and the detectors found `fresh` in it.
///
/// The old annotations are re-anchored by their quoted text and context. Where a fresh one
/// lies exactly where an old one landed (same id or same kind), the old one, with the user's
/// tags, notes and dismissal, takes its place; old ones with user work that the detectors no
/// longer find stay too. Returns the new article and the annotations with user work that could
/// not be placed, so they can be shown rather than silently dropped.
pub fn reannotate(old: &Article, text: &str, fresh: Vec<Annotation>) -> (Article, Vec<Annotation>) {
    reannotate_moved(old, text, fresh, reanchor(&old.text, text, &old.annotations))
}

/// [`reannotate`] with the old annotations already re-anchored (`moved`), as the analysis
/// worker does it off the page's thread (see [`moved`]).
pub fn reannotate_moved(
    old: &Article,
    text: &str,
    fresh: Vec<Annotation>,
    moved: Reanchored,
) -> (Article, Vec<Annotation>) {
    let gone: std::collections::HashSet<&str> = moved.lost.iter().map(String::as_str).collect();
    let lost: Vec<Annotation> = match gone.is_empty() {
        true => Vec::new(),
        false => old
            .annotations
            .iter()
            .filter(|a| gone.contains(a.id.as_str()) && has_user_work(a))
            .cloned()
            .collect(),
    };
    let mut placed: Vec<Option<Annotation>> = moved.placed.into_iter().map(Some).collect();
    // The placed annotations by range, so each fresh one looks only at those at its own range
    // (scanning them all made a 2 MB article's 60,000 annotations take seconds): the first at
    // each range, and from each the next at the same range (a chain, not a Vec per range: a
    // 2 MB article has 60,000 ranges).
    let mut first: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::with_capacity(placed.len());
    let mut next_at = vec![usize::MAX; placed.len()];
    for (index, old) in placed.iter().enumerate().rev() {
        if let Some(old) = old {
            if let Some(later) = first.insert((old.start, old.end), index) {
                next_at[index] = later;
            }
        }
    }
    let mut annotations = Vec::with_capacity(fresh.len() + lost.len());
    for new in fresh {
        let mut candidate = first.get(&(new.start, new.end)).copied();
        let same = loop {
            let Some(index) = candidate.filter(|&index| index != usize::MAX) else {
                break None;
            };
            if placed[index]
                .as_ref()
                .is_some_and(|old| old.id == new.id || old.kind == new.kind)
            {
                break Some(index);
            }
            candidate = Some(next_at[index]);
        };
        match same.and_then(|index| placed[index].take()) {
            Some(old) => annotations.push(old),
            None => annotations.push(new),
        }
    }
    annotations.extend(placed.into_iter().flatten().filter(has_user_work));
    // Ids stay unique: where a fresh annotation took an id an older one keeps, the user's wins
    // (the later one here). Marked by borrowing the ids, not copying 60,000 of them.
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(annotations.len());
        let mut keep: Vec<bool> = annotations
            .iter()
            .rev()
            .map(|a| seen.insert(a.id.as_str()))
            .collect();
        keep.reverse();
        keep
    };
    let mut index = 0;
    annotations.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    // Reversed as before this marking was cheap, so annotations at one range keep their order.
    annotations.reverse();
    annotations.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
    let article = Article {
        title: Article::title_of(text),
        text: text.to_owned(),
        annotations,
    };
    (article, lost)
}

/// Where `article`'s annotations lie in `text`, from what [`relocate`] found for `base`'s
/// [`anchor_ranges`] (the worker's share of re-annotating). `article` is `base` with whatever
/// the user changed while the worker ran: its annotations are matched by id, and the few that
/// `base` lacks are re-anchored here.
pub fn moved(base: &Article, article: &Article, text: &str, found: &[Option<(usize, usize)>]) -> Reanchored {
    // The same annotations at the same ranges, whatever their tags: `found` lines up with them.
    // (A status changed while the worker ran does not send all 60,000 of a 2 MB article
    // through the look-up below.)
    let ranges_of = |a: &Annotation| ((a.start, a.end), a.speaker.as_ref().map(|s| (s.start, s.end)));
    if base.annotations.len() == article.annotations.len()
        && base
            .annotations
            .iter()
            .zip(&article.annotations)
            .all(|(was, is)| was.id == is.id && ranges_of(was) == ranges_of(is))
    {
        return reanchored(&article.annotations, found);
    }
    let mut at = std::collections::HashMap::with_capacity(base.annotations.len());
    let mut next = 0;
    for annotation in &base.annotations {
        let count = 1 + usize::from(annotation.speaker.is_some());
        at.insert(annotation.id.as_str(), next..next + count);
        next += count;
    }
    let mut mine = Vec::new();
    // The ranges `base` lacks, and the slots of `mine` they fill: found in one `relocate`, since
    // each call indexes both whole texts (one call per added annotation did that many times).
    let (mut missing, mut slots) = (Vec::new(), Vec::new());
    for annotation in &article.annotations {
        let ranges = anchor_ranges(std::slice::from_ref(annotation));
        match at
            .get(annotation.id.as_str())
            .and_then(|range| found.get(range.clone()))
        {
            Some(here) if here.len() == ranges.len() => mine.extend_from_slice(here),
            _ => {
                slots.extend(mine.len()..mine.len() + ranges.len());
                mine.resize(mine.len() + ranges.len(), None);
                missing.extend(ranges);
            }
        }
    }
    if !missing.is_empty() {
        for (slot, here) in slots.into_iter().zip(relocate(&base.text, text, &missing)) {
            mine[slot] = here;
        }
    }
    reanchored(&article.annotations, &mine)
}
