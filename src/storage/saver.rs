//! Batched saving: remembers what storage holds, works out what the state changed since, and
//! writes only that (the articles touched, the index, the draft) when flushed.
//!
//! What to write is found by comparing with the last saved copy of each article (first by
//! pointer, then by value), so any action that changes an article gets it saved, and an
//! unchanged article is never rewritten. An article whose text and analysis are unchanged gets
//! only its small review value rewritten (see `codec`). Articles are written in the library's
//! order, each whole or not at all, and the index lists only articles already written.

use std::collections::{BTreeMap, HashMap, HashSet};

use factmark_core::Article;

use super::codec::same_base;
use super::{
    local_storage, not_kept_value, remove_article, review_key, write_article, BaseChange, Index, Store,
};
use super::{Loaded, StorageError, DRAFT_KEY, INDEX_KEY, LAYOUT_VERSION, NOT_KEPT_KEY};
use crate::saved::{display_title, too_large_to_keep, Entry, Tombstone};

/// Drafts longer than this are written only when the page is hidden or closed: copying
/// megabytes into storage on every batch would freeze the page while a long paste is analysed.
pub const LARGE_DRAFT_BYTES: usize = 64 * 1024;

/// When a flush happens, which decides what may wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The batch timer: a large draft waits for the page to be hidden.
    Batch,
    /// The page is being hidden or closed, or the user asked: everything goes.
    Now,
}

/// An article as storage holds it.
struct Held {
    entry: Entry,
    /// The tag of its stored base.
    tag: String,
}

#[derive(Default)]
pub struct Saver {
    /// What storage holds, per article id.
    saved: HashMap<String, Held>,
    /// The library's order and open article as staged, and as the index last saved them.
    order: Vec<String>,
    last_opened: Option<String>,
    saved_index: Option<Index>,
    saved_draft: String,
    /// Articles to write, in the library's order.
    writes: Vec<Entry>,
    /// Ids to remove.
    removals: Vec<String>,
    draft: Option<String>,
    /// Keys holding unreadable values that could not be moved aside: never written to.
    blocked: HashSet<String>,
    /// Deleted annotations per article, stored with its review.
    tombstones: HashMap<String, Vec<Tombstone>>,
    /// Whether the `not-kept` slot holds its clean, padded value.
    slot_clean: bool,
    /// Articles deleted here (id → when), and as last written: sync sends them as deletions.
    deletions: BTreeMap<String, String>,
    saved_deletions: BTreeMap<String, String>,
}

impl Saver {
    /// A saver for storage as just loaded.
    pub fn new(loaded: &Loaded) -> Saver {
        Saver {
            saved: loaded
                .entries
                .iter()
                .filter(|entry| !loaded.unsaved.contains(&entry.id))
                .filter_map(|entry| {
                    let tag = loaded.tags.get(&entry.id)?.clone();
                    Some((
                        entry.id.clone(),
                        Held {
                            entry: entry.clone(),
                            tag,
                        },
                    ))
                })
                .collect(),
            saved_draft: loaded.draft.clone(),
            blocked: loaded.blocked.clone(),
            tombstones: loaded.tombstones.clone(),
            deletions: loaded.deletions.clone(),
            saved_deletions: loaded.deletions.clone(),
            ..Saver::default()
        }
    }

    /// Notes what differs between the library and storage; nothing is written until `flush`.
    pub fn stage_library(&mut self, entries: &[Entry], last_opened: Option<&str>) {
        let mut writes = Vec::new();
        for entry in entries {
            match self.saved.get_mut(&entry.id) {
                // Equal by value (another tab's copy, say): hold the library's own, so the next
                // check is by pointer rather than by comparing whole articles again.
                Some(held) if same_entry(&held.entry, entry) => held.entry = entry.clone(),
                _ => writes.push(entry.clone()),
            }
        }
        self.writes = writes;
        let present: HashSet<&str> = entries.iter().map(|entry| entry.id.as_str()).collect();
        self.removals = self
            .saved
            .keys()
            .filter(|id| !present.contains(id.as_str()))
            .cloned()
            .collect();
        self.order = entries.iter().map(|entry| entry.id.clone()).collect();
        self.last_opened = last_opened.map(str::to_owned);
    }

    pub fn stage_draft(&mut self, draft: &str) {
        self.draft = (draft != self.saved_draft).then(|| draft.to_owned());
    }

    /// Storage now holds `stored` for `id` (another tab wrote it), or nothing (it deleted it).
    pub fn stored_elsewhere(&mut self, id: &str, stored: Option<super::Stored>) {
        match stored {
            Some(stored) => {
                let tombstones = self.tombstones.entry(id.to_owned()).or_default();
                for tombstone in stored.tombstones {
                    if !tombstones.iter().any(|known| known.id == tombstone.id) {
                        tombstones.push(tombstone);
                    }
                }
                self.saved.insert(
                    id.to_owned(),
                    Held {
                        entry: stored.entry,
                        tag: stored.tag,
                    },
                );
            }
            None => {
                self.saved.remove(id);
                self.tombstones.remove(id);
            }
        }
    }

    /// The annotations this tab knows were deleted from article `id`.
    pub fn tombstones(&self, id: &str) -> &[Tombstone] {
        self.tombstones.get(id).map_or(&[], Vec::as_slice)
    }

    /// The annotations known deleted, per article.
    pub fn all_tombstones(&self) -> &HashMap<String, Vec<Tombstone>> {
        &self.tombstones
    }

    /// Articles deleted here and when, for sync.
    pub fn deletions(&self) -> &BTreeMap<String, String> {
        &self.deletions
    }

    /// Sync brought the deletion of article `id` made at `when`: kept with that time (not the
    /// time this device removes it), so a later edit elsewhere still outlives it.
    pub fn note_deletion(&mut self, id: &str, when: &str) {
        self.deletions.insert(id.to_owned(), when.to_owned());
    }

    /// Sync brought these deletions of annotations in article `id`: kept with its review.
    pub fn note_tombstones(&mut self, id: &str, incoming: impl IntoIterator<Item = Tombstone>) {
        let tombstones = self.tombstones.entry(id.to_owned()).or_default();
        for tombstone in incoming {
            match tombstones.iter_mut().find(|known| known.id == tombstone.id) {
                Some(known) if known.deleted >= tombstone.deleted => {}
                Some(known) => *known = tombstone,
                None => tombstones.push(tombstone),
            }
        }
    }

    pub fn is_pending(&self) -> bool {
        self.deletions != self.saved_deletions
            || !self.writes.is_empty()
            || !self.removals.is_empty()
            || self.draft.is_some()
            || self.saved_index.as_ref() != Some(&self.index())
    }

    /// The index as it would be written now: only articles storage holds.
    fn index(&self) -> Index {
        Index {
            version: LAYOUT_VERSION,
            last_opened: self.last_opened.clone().filter(|id| self.saved.contains_key(id)),
            order: self
                .order
                .iter()
                .filter(|id| self.saved.contains_key(*id))
                .cloned()
                .collect(),
        }
    }

    /// Writes everything pending: removals first (they free space), then articles in the
    /// library's order, the index and the draft. Stops at the first failure, keeps the rest for
    /// the next flush, and notes in storage which articles are not saved, so the next visit can
    /// say so if this tab closes first. `now` dates the deletions of annotations.
    pub fn flush(&mut self, moment: Moment, now: &str) -> Result<(), StorageError> {
        let storage = local_storage()?;
        let result = self.write_all(&storage, moment, now);
        let titles: Vec<String> = self
            .writes
            .iter()
            .map(|entry| display_title(&entry.article.title).to_owned())
            .collect();
        match (&result, self.slot_clean) {
            (Err(StorageError::Full { .. } | StorageError::Failed(_)), _) => {
                self.slot_clean = false;
                let _ = storage.set(NOT_KEPT_KEY, &not_kept_value(&titles));
            }
            (Ok(()) | Err(StorageError::TooLarge { .. }), false) if self.writes.iter().all(too_large) => {
                self.slot_clean = storage.set(NOT_KEPT_KEY, &not_kept_value(&[])).is_ok();
            }
            _ => {}
        }
        result.map_err(|error| match error {
            StorageError::Full { .. } => StorageError::Full { titles },
            error => error,
        })
    }

    fn write_all(&mut self, storage: &dyn Store, moment: Moment, now: &str) -> Result<(), StorageError> {
        for id in std::mem::take(&mut self.removals) {
            if let Some(held) = self.saved.get(&id) {
                if !self.blocked.contains(&review_key(&id)) {
                    remove_article(storage, &id, Some(&held.tag))?;
                }
            }
            self.saved.remove(&id);
            self.tombstones.remove(&id);
            self.deletions.entry(id).or_insert_with(|| now.to_owned());
        }
        // An article too large to keep is not even written (compressing megabytes in one task
        // would freeze the page); the others still are, and it is reported after.
        let mut too_large_error = None;
        let mut written = Vec::new();
        for entry in &self.writes {
            if self.blocked.contains(&review_key(&entry.id)) {
                return Err(StorageError::Failed(format!(
                    "{} holds a value that could not be read or moved aside",
                    review_key(&entry.id)
                )));
            }
            if too_large(entry) {
                too_large_error = Some(StorageError::TooLarge {
                    title: display_title(&entry.article.title).to_owned(),
                    bytes: entry.article.text.len(),
                });
                continue;
            }
            let previous = self.saved.get(&entry.id);
            let base = match previous {
                Some(held) if same_base(&held.entry.article, &entry.article) => BaseChange::Same,
                _ => BaseChange::Changed,
            };
            let tombstones = self.tombstones.entry(entry.id.clone()).or_default();
            if let (Some(held), BaseChange::Changed) = (previous, base) {
                bury(tombstones, &held.entry.article, entry, now);
            }
            let result = write_article(
                storage,
                entry,
                tombstones,
                previous.map(|held| held.tag.as_str()),
                base,
            );
            match result {
                Ok(tag) => {
                    // Back (an undone deletion, or sync brought it back): no longer deleted.
                    self.deletions.remove(&entry.id);
                    written.push(entry.id.clone());
                    self.saved.insert(
                        entry.id.clone(),
                        Held {
                            entry: entry.clone(),
                            tag,
                        },
                    );
                }
                Err(error) => {
                    self.writes.retain(|entry| !written.contains(&entry.id));
                    self.write_index(storage)?;
                    return Err(error);
                }
            }
        }
        self.writes.retain(|entry| !written.contains(&entry.id));
        self.write_index(storage)?;
        if self.deletions != self.saved_deletions {
            super::sync::write_deletions(storage, &self.deletions)?;
            self.saved_deletions = self.deletions.clone();
        }
        let wait =
            moment == Moment::Batch && self.draft.as_ref().is_some_and(|d| d.len() > LARGE_DRAFT_BYTES);
        if let Some(draft) = self.draft.take_if(|_| !wait) {
            if let Err(error) = storage.set(DRAFT_KEY, &draft) {
                self.draft = Some(draft);
                return Err(error);
            }
            self.saved_draft = draft;
        }
        too_large_error.map_or(Ok(()), Err)
    }

    /// Writes the index when it changed: after the articles it lists, never before.
    fn write_index(&mut self, storage: &dyn Store) -> Result<(), StorageError> {
        let index = self.index();
        if self.blocked.contains(INDEX_KEY) || self.saved_index.as_ref() == Some(&index) {
            return Ok(());
        }
        let json = serde_json::to_string(&index).expect("the index holds only strings");
        storage.set(INDEX_KEY, &json)?;
        self.saved_index = Some(index);
        Ok(())
    }
}

fn too_large(entry: &Entry) -> bool {
    too_large_to_keep(&entry.article)
}

/// Whether storage's copy of an entry is still current: the same article (by pointer, then by
/// value), dates and unplaced annotations.
fn same_entry(saved: &Entry, entry: &Entry) -> bool {
    let article = std::rc::Rc::ptr_eq(&saved.article, &entry.article) || saved.article == entry.article;
    let unplaced = std::rc::Rc::ptr_eq(&saved.unplaced, &entry.unplaced) || saved.unplaced == entry.unplaced;
    article && unplaced && saved.added == entry.added && saved.opened == entry.opened
}

/// Adds a tombstone dated `now` for each annotation of `before` that `after` no longer has, and
/// drops those of annotations that are back. One an edit left unplaced is kept, not deleted: a
/// tombstone would make another tab's merge drop it from the unplaced list it receives.
fn bury(tombstones: &mut Vec<Tombstone>, before: &Article, after: &Entry, now: &str) {
    let present: HashSet<&str> = after
        .article
        .annotations
        .iter()
        .chain(after.unplaced.iter())
        .map(|a| a.id.as_str())
        .collect();
    tombstones.retain(|t| !present.contains(t.id.as_str()));
    for annotation in &before.annotations {
        if !present.contains(annotation.id.as_str()) && !tombstones.iter().any(|t| t.id == annotation.id) {
            tombstones.push(Tombstone {
                id: annotation.id.clone(),
                deleted: now.to_owned(),
            });
        }
    }
}
