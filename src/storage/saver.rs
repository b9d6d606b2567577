//! Batched saving: remembers what storage holds, works out what the state changed since, and
//! writes only that (the articles touched, the index, the draft) when flushed.
//!
//! What to write is found by comparing with the last saved copy of each article (first by
//! pointer, then by value), so any action that changes an article gets it saved, and an
//! unchanged article is never rewritten.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use factmark_core::Article;

use super::{article_key, remove, write, write_js, Index, IndexRow, StorageError, DRAFT_KEY, INDEX_KEY};
use super::{estimated_json_len, JsonCache, Loaded, LAYOUT_VERSION, QUOTA_CHARS};
use crate::library::{display_title, Entry, WordCounts};

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

#[derive(Default)]
pub struct Saver {
    /// What storage holds, per article id.
    saved: HashMap<String, Rc<Article>>,
    saved_index: String,
    saved_draft: String,
    /// Articles to write, and ids to remove.
    writes: HashMap<String, Rc<Article>>,
    removals: HashSet<String>,
    index: Option<String>,
    draft: Option<String>,
    /// Keys holding unreadable values that could not be moved aside: never written to.
    blocked: HashSet<String>,
    json: JsonCache,
    words: WordCounts,
}

impl Saver {
    /// A saver for storage as just loaded.
    pub fn new(loaded: &Loaded) -> Saver {
        Saver {
            saved: loaded
                .entries
                .iter()
                .filter(|entry| !loaded.unsaved.contains(&entry.id))
                .map(|entry| (entry.id.clone(), entry.article.clone()))
                .collect(),
            saved_draft: loaded.draft.clone(),
            blocked: loaded.blocked.clone(),
            ..Saver::default()
        }
    }

    /// Notes what differs between the library and storage; nothing is written until `flush`.
    pub fn stage_library(&mut self, entries: &[Entry], last_opened: Option<&str>) {
        for entry in entries {
            let changed = match self.saved.get(&entry.id) {
                None => true,
                Some(saved) if Rc::ptr_eq(saved, &entry.article) => false,
                Some(saved) => **saved != *entry.article,
            };
            if changed {
                self.writes.insert(entry.id.clone(), entry.article.clone());
            } else {
                // The same content under a new pointer: remember it so the next check is quick.
                self.saved.insert(entry.id.clone(), entry.article.clone());
            }
            self.removals.remove(&entry.id);
        }
        let present: HashSet<&str> = entries.iter().map(|entry| entry.id.as_str()).collect();
        for id in self.saved.keys().chain(self.writes.keys()) {
            if !present.contains(id.as_str()) {
                self.removals.insert(id.clone());
            }
        }
        self.writes.retain(|id, _| present.contains(id.as_str()));
        self.words.retain(|id| present.contains(id));
        let index = Index {
            version: LAYOUT_VERSION,
            last_opened: last_opened.map(str::to_owned),
            articles: entries
                .iter()
                .map(|entry| IndexRow::of(entry, self.words.summary(entry)))
                .collect(),
        };
        let json = serde_json::to_string(&index).expect("the index holds only strings and numbers");
        self.index = (json != self.saved_index).then_some(json);
    }

    pub fn stage_draft(&mut self, draft: &str) {
        self.draft = (draft != self.saved_draft).then(|| draft.to_owned());
    }

    /// Storage now holds `article` for `id` (another tab wrote it), or nothing (it deleted it).
    pub fn stored_elsewhere(&mut self, id: &str, article: Option<Rc<Article>>) {
        match article {
            Some(article) => self.saved.insert(id.to_owned(), article),
            None => self.saved.remove(id),
        };
    }

    pub fn is_pending(&self) -> bool {
        !self.writes.is_empty() || !self.removals.is_empty() || self.index.is_some() || self.draft.is_some()
    }

    /// Writes everything pending: removals first (they free space), then articles, the index
    /// and the draft. Stops at the first failure and keeps the rest for the next flush.
    pub fn flush(&mut self, moment: Moment) -> Result<(), StorageError> {
        for id in self.removals.clone() {
            let key = article_key(&id);
            if !self.blocked.contains(&key) {
                remove(&key)?;
            }
            self.removals.remove(&id);
            self.saved.remove(&id);
            self.json.forget(&id);
        }
        // An article too large for any quota is not even written (serialising megabytes only to
        // be refused would freeze the page); the others still are, and it is reported after.
        let mut too_large = None;
        for (id, article) in self.writes.clone() {
            let key = article_key(&id);
            if self.blocked.contains(&key) {
                return Err(StorageError::Failed(format!(
                    "{key} holds a value that could not be read or moved aside"
                )));
            }
            let estimate = estimated_json_len(&article);
            if estimate > QUOTA_CHARS {
                too_large = Some(StorageError::TooLarge {
                    title: display_title(&article.title).to_owned(),
                    megabytes: estimate as f64 / (1024.0 * 1024.0),
                });
                continue;
            }
            write_js(&key, &self.json.article_json(&id, &article))?;
            self.writes.remove(&id);
            self.saved.insert(id, article);
        }
        if self.blocked.contains(INDEX_KEY) {
            self.index = None;
        }
        if let Some(index) = self.index.take() {
            if let Err(error) = write(INDEX_KEY, &index) {
                self.index = Some(index);
                return Err(error);
            }
            self.saved_index = index;
        }
        let wait =
            moment == Moment::Batch && self.draft.as_ref().is_some_and(|d| d.len() > LARGE_DRAFT_BYTES);
        if let Some(draft) = self.draft.take_if(|_| !wait) {
            if let Err(error) = write(DRAFT_KEY, &draft) {
                self.draft = Some(draft);
                return Err(error);
            }
            self.saved_draft = draft;
        }
        too_large.map_or(Ok(()), Err)
    }
}
