//! The app side of team sync: what the sync panel shows, the reducer steps that change it and
//! apply what a sync brought, and the library as the core's sync [`Store`]. Pure: `run` makes
//! the HTTP requests and `storage::sync` keeps the settings and state.

pub mod run;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use factmark_core::sync::{fingerprint, Record, Report, Store};
use factmark_core::{Annotation, Article};

use crate::library::{self, RemoteArticle};
use crate::saved::{Dates, Entry, SyncSettings, Tombstone};
use crate::state::State;

/// What the sync panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncPanel {
    /// Whether the panel is open.
    pub open: bool,
    pub settings: SyncSettings,
    /// A run is under way.
    pub running: bool,
    /// The status line: how the last run (or sign-in) went.
    pub status: Option<SyncStatus>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// Synced at this time (RFC 3339), with what went each way.
    Synced { at: String, report: Report },
    /// What went wrong, in words.
    Failed(String),
    /// Signed out, in words.
    Note(String),
}

/// What the sync panel and the sync runs ask of the reducer.
pub enum SyncAction {
    Toggle,
    /// The settings as restored or typed.
    Settings(SyncSettings),
    SignedIn(String),
    SignedOut,
    Started,
    Finished {
        at: String,
        report: Report,
    },
    Failed(String),
    /// Articles a sync merged: saved into the library (and onto the screen if open).
    Pulled {
        records: Vec<(String, Record)>,
        now: String,
    },
}

pub fn reduce(state: &mut State, action: SyncAction) {
    let panel = &mut state.sync;
    match action {
        SyncAction::Toggle => panel.open = !panel.open,
        SyncAction::Settings(settings) => panel.settings = settings,
        SyncAction::SignedIn(user) => {
            panel.settings.user = user;
            panel.settings.signed_in = true;
            // A sync follows at once: the status line says so rather than "signed in" for a frame.
            panel.running = true;
        }
        SyncAction::SignedOut => {
            panel.settings.signed_in = false;
            panel.running = false;
            panel.status = Some(SyncStatus::Note(
                "Signed out. Your work stays here; sign in again to sync.".to_owned(),
            ));
        }
        SyncAction::Started => panel.running = true,
        SyncAction::Finished { at, report } => {
            panel.running = false;
            panel.status = Some(SyncStatus::Synced { at, report });
        }
        SyncAction::Failed(message) => {
            panel.running = false;
            panel.status = Some(SyncStatus::Failed(message));
        }
        SyncAction::Pulled { records, now } => {
            for (id, record) in records {
                pulled(state, &id, record, &now);
            }
        }
    }
}

/// Saves one article a sync merged. The record is the merge of this device's copy with the
/// server's; merged once more with the library's current copy (`library::remote`, as another
/// tab's change is), so a change made here while the sync ran is not lost either.
fn pulled(state: &mut State, id: &str, record: Record, now: &str) {
    if record.deleted.is_some() {
        library::remote(state, id, None);
        return;
    }
    let tombstones = record
        .tombstones
        .into_iter()
        .map(|(id, deleted)| Tombstone { id, deleted })
        .collect();
    library::remote(
        state,
        id,
        Some(RemoteArticle {
            article: record.article,
            dates: Dates {
                added: now.to_owned(),
                opened: now.to_owned(),
            },
            tombstones,
            unplaced: record.unplaced,
        }),
    );
}

/// The fingerprints of the library's articles, kept between runs: an article is serialised
/// again only when its `Rc` (or its tombstones) changed, so a sync with nothing to do is cheap.
#[derive(Default)]
pub struct Fingerprints(HashMap<String, Printed>);

/// What an article's fingerprint was taken of (held, so the pointers stay unique), and it.
struct Printed {
    article: Rc<Article>,
    unplaced: Rc<Vec<Annotation>>,
    tombstones: Vec<Tombstone>,
    print: String,
}

pub type SharedFingerprints = Rc<RefCell<Fingerprints>>;

/// The library as the core's sync sees it during one run: a snapshot of the entries, their
/// tombstones and the deletion records, with what this run saved over it.
pub struct LibraryStore {
    entries: HashMap<String, Entry>,
    order: Vec<String>,
    tombstones: HashMap<String, Vec<Tombstone>>,
    deletions: BTreeMap<String, String>,
    fingerprints: SharedFingerprints,
    /// What this run saved, by id, with its fingerprint: read back in place of the snapshot.
    /// The fingerprint is taken as each is saved (a few per answer), not all at once when the
    /// push is planned: after pulling 1,000 articles that was one 0.9 s task.
    saved: BTreeMap<String, (Record, String)>,
    /// Saved since last taken, for the reducer.
    fresh: Vec<(String, Record)>,
}

impl LibraryStore {
    pub fn new(
        entries: &[Entry],
        tombstones: HashMap<String, Vec<Tombstone>>,
        mut deletions: BTreeMap<String, String>,
        fingerprints: SharedFingerprints,
    ) -> LibraryStore {
        // An article that is here is not deleted (an undone deletion not yet written).
        for entry in entries {
            deletions.remove(&entry.id);
        }
        LibraryStore {
            order: entries.iter().map(|entry| entry.id.clone()).collect(),
            entries: entries
                .iter()
                .map(|entry| (entry.id.clone(), entry.clone()))
                .collect(),
            tombstones,
            deletions,
            fingerprints,
            saved: BTreeMap::new(),
            fresh: Vec::new(),
        }
    }

    /// The articles saved since the last call, for the reducer.
    pub fn take_saved(&mut self) -> Vec<(String, Record)> {
        std::mem::take(&mut self.fresh)
    }

    /// Fingerprints up to `count` articles not yet fingerprinted; returns how many it did, so
    /// the caller can spread the work of a large library over several tasks.
    pub fn warm(&self, count: usize) -> usize {
        let mut done = 0;
        for id in &self.order {
            if done == count {
                break;
            }
            if !self.cached(id) {
                let _ = self.fingerprint(id);
                done += 1;
            }
        }
        done
    }

    fn cached(&self, id: &str) -> bool {
        let prints = self.fingerprints.borrow();
        let (Some(entry), Some(known)) = (self.entries.get(id), prints.0.get(id)) else {
            return false;
        };
        Rc::ptr_eq(&known.article, &entry.article)
            && Rc::ptr_eq(&known.unplaced, &entry.unplaced)
            && known.tombstones == *self.tombstones_of(id)
    }

    fn tombstones_of(&self, id: &str) -> &[Tombstone] {
        self.tombstones.get(id).map_or(&[], Vec::as_slice)
    }
}

/// The record sync keeps for a library entry.
pub fn record_of(entry: &Entry, tombstones: &[Tombstone]) -> Record {
    Record {
        article: (*entry.article).clone(),
        tombstones: tombstones
            .iter()
            .map(|t| (t.id.clone(), t.deleted.clone()))
            .collect(),
        // The app does not date title and text edits: `None` counts as oldest, so a concurrent
        // retitle or text edit is settled by the core's tie-break (same on every device).
        edited: None,
        deleted: None,
        unplaced: (*entry.unplaced).clone(),
    }
}

/// The record of an article deleted at `when`: no content, only the deletion.
fn deletion_record(when: &str) -> Record {
    let mut record = Record::new(Article {
        title: String::new(),
        text: String::new(),
        annotations: Vec::new(),
    });
    record.deleted = Some(when.to_owned());
    record
}

impl Store for LibraryStore {
    fn ids(&self) -> Vec<String> {
        let mut ids = self.order.clone();
        ids.extend(self.deletions.keys().cloned());
        ids.extend(
            self.saved
                .keys()
                .filter(|id| !self.entries.contains_key(*id))
                .cloned(),
        );
        ids.sort();
        ids.dedup();
        ids
    }

    fn load(&self, id: &str) -> Option<Record> {
        if let Some((record, _)) = self.saved.get(id) {
            return Some(record.clone());
        }
        match self.entries.get(id) {
            Some(entry) => Some(record_of(entry, self.tombstones_of(id))),
            None => self.deletions.get(id).map(|when| deletion_record(when)),
        }
    }

    fn save(&mut self, id: &str, record: Record) {
        let print = fingerprint(&record);
        self.saved.insert(id.to_owned(), (record.clone(), print));
        self.fresh.push((id.to_owned(), record));
    }

    fn fingerprint(&self, id: &str) -> Option<String> {
        if let Some((_, print)) = self.saved.get(id) {
            return Some(print.clone());
        }
        if !self.entries.contains_key(id) {
            return self.load(id).map(|record| fingerprint(&record));
        }
        let entry = &self.entries[id];
        if self.cached(id) {
            return self
                .fingerprints
                .borrow()
                .0
                .get(id)
                .map(|known| known.print.clone());
        }
        let print = fingerprint(&record_of(entry, self.tombstones_of(id)));
        self.fingerprints.borrow_mut().0.insert(
            id.to_owned(),
            Printed {
                article: entry.article.clone(),
                unplaced: entry.unplaced.clone(),
                tombstones: self.tombstones_of(id).to_vec(),
                print: print.clone(),
            },
        );
        Some(print)
    }
}
