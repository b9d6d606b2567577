//! The only module that touches localStorage.
//!
//! Layout version 2 (version 1, the foundation's, is upgraded on load by `migrate`):
//! - `factmark:v2:article:<id>`: one article as a Factmark JSON document (see
//!   `factmark_core::export`), one key per article so an edit rewrites only its article;
//! - `factmark:v2:index`: a small JSON list of the articles with when each was added and last
//!   opened, its text hash and counts, and which article was open last;
//! - `factmark:v2:draft`: the unsent text of the article box;
//! - `factmark:v2:quarantine:<key>`: a value that could not be read, moved aside, never lost.
//!
//! Nothing here decides *when* to write: `saver` batches writes, `persistence` wires it to the
//! page's lifecycle.

mod json;
mod migrate;
pub mod saver;

pub use json::{article_json, JsonCache};

use std::collections::HashSet;
use std::rc::Rc;

use factmark_core::{export, Article};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::library::{text_hash, Entry, Summary};

pub const NAMESPACE: &str = "factmark:v2:";
pub const INDEX_KEY: &str = "factmark:v2:index";
pub const DRAFT_KEY: &str = "factmark:v2:draft";
pub const ARTICLE_PREFIX: &str = "factmark:v2:article:";
pub const QUARANTINE_PREFIX: &str = "factmark:v2:quarantine:";
/// The version of this layout, written into the index.
pub const LAYOUT_VERSION: u32 = 2;

/// What a read or write could not do.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// No localStorage at all: disabled, or a privacy mode.
    Unavailable,
    /// The browser's quota is used up (`QuotaExceededError`).
    Full,
    /// One article is larger than any browser's storage for a site; not even tried.
    TooLarge { title: String, megabytes: f64 },
    /// Any other refusal, with the browser's words.
    Failed(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable => f.write_str(
                "This browser does not let Factmark use its storage (it is turned off, or this is a private \
                 window), so your work is kept only while this tab stays open. Export it to keep it.",
            ),
            StorageError::Full => f.write_str(
                "Your browser's storage for Factmark is full, so the latest changes are not saved yet. They are \
                 safe in this tab while it stays open: export the library to keep them, or delete articles you \
                 no longer need and try again.",
            ),
            StorageError::TooLarge { title, megabytes } => write!(
                f,
                "“{title}” is too large to keep in this browser: about {megabytes:.0} MB as saved, and browsers \
                 give a site about 5 MB. It stays open in this tab; export it to keep it. Your other articles \
                 are saved as usual."
            ),
            StorageError::Failed(reason) => write!(
                f,
                "The browser refused to save (\"{reason}\"), so the latest changes are not saved yet. Export \
                 the library to keep them."
            ),
        }
    }
}

/// How storage is doing, for the banners. Pure data: the reducer keeps it in `State`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// No localStorage: everything lives in this tab only.
    pub memory_only: bool,
    /// The last save failed with this error; cleared by the next save that succeeds.
    pub failed: Option<StorageError>,
    /// Values that could not be read, moved aside and reported.
    pub quarantined: Vec<Quarantined>,
}

/// A stored value that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Quarantined {
    /// Where it was.
    pub key: String,
    /// Where it is now; `None` when it could not be moved (it then stays, untouched, where it was).
    pub moved_to: Option<String>,
    pub reason: String,
}

impl Quarantined {
    /// What happened, for the user.
    pub fn describe(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "The saved entry “{}” could not be read ({}). It was moved aside to “{to}”, so nothing is lost, \
                 and the rest of your library opened normally.",
                self.key, self.reason
            ),
            None => format!(
                "The saved entry “{}” could not be read ({}). It could not be moved aside either (storage is \
                 full), so it was left where it is and Factmark will not write over it.",
                self.key, self.reason
            ),
        }
    }
}

/// One line of the index: what the library list shows without reading the article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexRow {
    pub id: String,
    pub title: String,
    pub added: String,
    pub opened: String,
    pub hash: String,
    pub words: usize,
    pub claims: usize,
    pub verified: usize,
}

impl IndexRow {
    pub fn of(entry: &Entry, summary: Summary) -> IndexRow {
        IndexRow {
            id: entry.id.clone(),
            title: entry.article.title.clone(),
            added: entry.added.clone(),
            opened: entry.opened.clone(),
            hash: entry.hash.clone(),
            words: summary.words,
            claims: summary.claims,
            verified: summary.verified,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub version: u32,
    pub last_opened: Option<String>,
    pub articles: Vec<IndexRow>,
}

/// The most localStorage holds for one site in the browsers Factmark supports: 5 Mi UTF-16
/// code units, keys included (measured in Chromium; Firefox and Safari allow the same or less).
pub const QUOTA_CHARS: usize = 5 * 1024 * 1024;

/// A quick upper estimate of `article_json(article).len()`, without writing it: the text, each
/// annotation's covered text and reasons, and a generous allowance for its other fields.
pub fn estimated_json_len(article: &Article) -> usize {
    let annotations: usize = article
        .annotations
        .iter()
        .map(|a| a.text.len() + a.note.len() + a.reasons.iter().map(String::len).sum::<usize>() + 400)
        .sum();
    article.title.len() + article.text.len() + annotations
}

/// Reads a stored article, validating it like an import.
pub fn parse_article(json: &str) -> Result<Article, String> {
    export::from_json(json).map_err(|error| error.to_string())
}

/// Everything that was saved, after upgrading older layouts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub draft: String,
    /// In the index's order (most recently added first).
    pub entries: Vec<Entry>,
    pub last_opened: Option<String>,
    pub quarantined: Vec<Quarantined>,
    /// Keys holding unreadable values that could not be moved aside: never written to.
    pub blocked: HashSet<String>,
    /// Ids of entries only in memory so far (an upgrade found no room): to be written.
    pub unsaved: HashSet<String>,
}

/// The page's localStorage, or `Unavailable`.
pub(crate) fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// Reads the library, upgrading an older layout first. Unreadable values are moved aside and
/// reported in `Loaded::quarantined`; only a missing localStorage is an error.
pub fn load(now: &str) -> Result<Loaded, StorageError> {
    let storage = local_storage()?;
    let mut loaded = Loaded::default();
    migrate::run(&storage, now, &mut loaded);
    let read = |key: &str| storage.get_item(key).ok().flatten();

    let index = match read(INDEX_KEY) {
        None => None,
        Some(json) => match serde_json::from_str::<Index>(&json) {
            Ok(index) => Some(index),
            Err(error) => {
                quarantine(&storage, INDEX_KEY, &json, &error.to_string(), &mut loaded);
                None
            }
        },
    };
    let rows = index.as_ref().map_or(&[][..], |index| &index.articles[..]);
    // Every article key counts, listed in the index or not (an index write may have failed).
    let mut ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    for key in keys(&storage) {
        if let Some(id) = key.strip_prefix(ARTICLE_PREFIX) {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_owned());
            }
        }
    }
    for id in ids {
        let key = article_key(&id);
        let Some(json) = read(&key) else { continue };
        match parse_article(&json) {
            Ok(article) => {
                let row = rows.iter().find(|row| row.id == id);
                loaded.entries.push(Entry {
                    hash: text_hash(&article.text),
                    added: row.map_or_else(|| first_created(&article, now), |row| row.added.clone()),
                    opened: row.map_or_else(|| now.to_owned(), |row| row.opened.clone()),
                    id,
                    article: Rc::new(article),
                });
            }
            Err(reason) => quarantine(&storage, &key, &json, &reason, &mut loaded),
        }
    }
    // The index's choice, else what an upgrade opened.
    let exists = |id: &String| loaded.entries.iter().any(|entry| &entry.id == id);
    let last_opened = index.and_then(|index| index.last_opened).filter(exists);
    loaded.last_opened = last_opened.or_else(|| loaded.last_opened.clone().filter(exists));
    loaded.draft = read(DRAFT_KEY).unwrap_or_default();
    Ok(loaded)
}

/// When an article not in the index was added, as best known: its first annotation's creation
/// (an upgraded or orphaned article), else `now`.
pub(crate) fn first_created(article: &Article, now: &str) -> String {
    let created = article
        .annotations
        .iter()
        .filter_map(|annotation| annotation.created.as_deref());
    created.min().unwrap_or(now).to_owned()
}

/// Moves an unreadable value aside under a quarantine key and records it. If even that fails
/// the value stays where it is, and its key is blocked from writes.
fn quarantine(storage: &web_sys::Storage, key: &str, value: &str, reason: &str, loaded: &mut Loaded) {
    let mut to = format!("{QUARANTINE_PREFIX}{key}");
    let mut attempt = 1;
    while storage.get_item(&to).ok().flatten().is_some() {
        attempt += 1;
        to = format!("{QUARANTINE_PREFIX}{key}#{attempt}");
    }
    let moved = storage.set_item(&to, value).is_ok() && storage.remove_item(key).is_ok();
    if !moved {
        loaded.blocked.insert(key.to_owned());
    }
    loaded.quarantined.push(Quarantined {
        key: key.to_owned(),
        moved_to: moved.then_some(to),
        reason: factmark_core::model::shorten(reason, 200),
    });
}

/// Every key in storage.
fn keys(storage: &web_sys::Storage) -> Vec<String> {
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|index| storage.key(index).ok().flatten())
        .collect()
}

pub fn article_key(id: &str) -> String {
    format!("{ARTICLE_PREFIX}{id}")
}

/// The raw value under `key`, e.g. a quarantined one the user wants to download.
pub fn read_raw(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Reads one article; `Ok(None)` when there is none.
pub fn read_article(id: &str) -> Result<Option<Article>, String> {
    match read_raw(&article_key(id)) {
        None => Ok(None),
        Some(json) => parse_article(&json).map(Some),
    }
}

/// The index row stored for `id`, if the index can be read.
pub fn read_index_row(id: &str) -> Option<IndexRow> {
    let index: Index = serde_json::from_str(&read_raw(INDEX_KEY)?).ok()?;
    index.articles.into_iter().find(|row| row.id == id)
}

/// Writes `value` under `key`, telling a full quota from other refusals.
pub(crate) fn write(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = local_storage()?;
    storage.set_item(key, value).map_err(write_error)
}

/// [`write`] for a value already in JavaScript: it is not copied through the wasm memory.
pub(crate) fn write_js(key: &str, value: &js_sys::JsString) -> Result<(), StorageError> {
    let storage = local_storage()?;
    // web-sys's `set_item` takes `&str`; the method itself takes any JavaScript string.
    let set_item = js_sys::Reflect::get(&storage, &"setItem".into())
        .ok()
        .and_then(|method| method.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| StorageError::Failed("localStorage has no setItem".to_owned()))?;
    set_item
        .call2(&storage, &key.into(), value)
        .map(|_| ())
        .map_err(write_error)
}

/// A refused write, telling a full quota from other refusals.
fn write_error(error: wasm_bindgen::JsValue) -> StorageError {
    {
        let name = error
            .dyn_ref::<web_sys::DomException>()
            .map(|exception| exception.name())
            .unwrap_or_default();
        // Chromium names it QuotaExceededError; old Firefox used NS_ERROR_DOM_QUOTA_REACHED.
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            StorageError::Full
        } else {
            StorageError::Failed(format!("{error:?}"))
        }
    }
}

pub(crate) fn remove(key: &str) -> Result<(), StorageError> {
    local_storage()?
        .remove_item(key)
        .map_err(|error| StorageError::Failed(format!("{error:?}")))
}
