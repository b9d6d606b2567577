//! The only module that touches localStorage.
//!
//! Layout version 3 (versions 1 and 2 are upgraded on load by `migrate`):
//! - `factmark:v3:text:<id>:<tag>`: an article's text and analysis, compressed (see `codec`);
//!   the tag names this version of it, so a new version is written beside the old one and the
//!   old one removed only once the review points at the new;
//! - `factmark:v3:review:<id>`: the article's title, dates and the user's work, compressed: the
//!   small value one status change rewrites;
//! - `factmark:v3:index`: the library's order and which article was open last (ids only);
//! - `factmark:v3:draft`: the unsent text of the article box;
//! - `factmark:v3:not-kept`: a fixed-size slot that says which articles a visit could not save;
//! - `factmark:v3:quarantine:<key>`: a value that could not be read, moved aside, never lost.
//!
//! Nothing here decides *when* to write: `saver` batches writes, `persistence` wires it to the
//! page's lifecycle.

pub mod codec;
pub mod migrate;
pub mod saver;
pub mod sync;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use factmark_core::Article;
use js_sys::JsString;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::saved::{Dates, Entry, Tombstone};
pub use crate::saved::{Health, Loaded, Quarantined, StorageError};

pub const NAMESPACE: &str = "factmark:v3:";
pub const INDEX_KEY: &str = "factmark:v3:index";
pub const DRAFT_KEY: &str = "factmark:v3:draft";
pub const TEXT_PREFIX: &str = "factmark:v3:text:";
pub const REVIEW_PREFIX: &str = "factmark:v3:review:";
pub const NOT_KEPT_KEY: &str = "factmark:v3:not-kept";
pub const QUARANTINE_PREFIX: &str = "factmark:v3:quarantine:";
/// The version of this layout, written into the index.
pub const LAYOUT_VERSION: u32 = 3;

/// The most localStorage holds for one site in Chromium: 5 Mi UTF-16 code units, keys
/// included (Firefox and Safari allow the same or less).
pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;

/// The index: the library's order and the article open last. Articles it does not list still
/// load (after those it lists, newest first), so a failed index write loses no article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub version: u32,
    pub last_opened: Option<String>,
    pub order: Vec<String>,
}

pub fn text_key(id: &str, tag: &str) -> String {
    format!("{TEXT_PREFIX}{id}:{tag}")
}

pub fn review_key(id: &str) -> String {
    format!("{REVIEW_PREFIX}{id}")
}

/// An article read from storage, with what is stored beside it.
#[derive(Debug)]
pub struct Stored {
    pub entry: Entry,
    /// The tag of its base (see [`text_key`]).
    pub tag: String,
    pub tombstones: Vec<Tombstone>,
}

/// Reads the article `id` from its review and base values.
fn read_stored(storage: &dyn Store, id: &str, review: &str) -> Result<Stored, String> {
    let tag = codec::review_base_tag(review)?;
    let base = storage
        .get(&text_key(id, &tag))
        .ok_or_else(|| format!("its text ({}) is missing", text_key(id, &tag)))?;
    let mut decoded = codec::decode(&base, review)?;
    // A tombstone for an annotation the same review keeps as unplaced was written before setting
    // one aside stopped leaving a tombstone (`saver::bury`): it is not a deletion, and would make
    // a merge drop the annotation.
    let unplaced: std::collections::HashSet<&str> = decoded.unplaced.iter().map(|a| a.id.as_str()).collect();
    decoded.tombstones.retain(|t| !unplaced.contains(t.id.as_str()));
    Ok(Stored {
        entry: Entry {
            id: id.to_owned(),
            hash: crate::saved::text_hash(&decoded.article.text),
            added: decoded.dates.added,
            opened: decoded.dates.opened,
            article: Rc::new(decoded.article),
            unplaced: Rc::new(decoded.unplaced),
        },
        tag,
        tombstones: decoded.tombstones,
    })
}

/// What the loader and the upgrades need of localStorage: a trait so that a test can stand in
/// a storage that stops half-way, as a closed tab or a crash would.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn set_units(&self, key: &str, units: &[u16]) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Vec<String>;
    /// Whether `key` holds a value. Stores that can tell without copying the value say so.
    fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl Store for web_sys::Storage {
    fn get(&self, key: &str) -> Option<String> {
        self.get_item(key).ok().flatten()
    }

    fn contains(&self, key: &str) -> bool {
        // `key in localStorage`: no copy of a value that may be hundreds of kilobytes.
        js_sys::Reflect::has(self, &key.into()).unwrap_or(false)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.set_item(key, value).map_err(write_error)
    }

    fn set_units(&self, key: &str, units: &[u16]) -> Result<(), StorageError> {
        let value = JsString::from_char_code(units);
        method(self, "setItem")?
            .call2(self, &key.into(), &value)
            .map(|_| ())
            .map_err(write_error)
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.remove_item(key)
            .map_err(|error| StorageError::Failed(format!("{error:?}")))
    }

    fn keys(&self) -> Vec<String> {
        let length = self.length().unwrap_or(0);
        (0..length)
            .filter_map(|index| self.key(index).ok().flatten())
            .collect()
    }
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
    Ok(load_from(&local_storage()?, now))
}

/// [`load`] from any [`Store`].
pub fn load_from(storage: &dyn Store, now: &str) -> Loaded {
    let mut loaded = Loaded::default();
    migrate::run(storage, now, &mut loaded);
    let read = |key: &str| storage.get(key);

    let index = match read(INDEX_KEY) {
        None => None,
        Some(json) => match serde_json::from_str::<Index>(&json) {
            Ok(index) => Some(index),
            Err(error) => {
                quarantine(storage, INDEX_KEY, &json, &error.to_string(), &mut loaded);
                None
            }
        },
    };
    // Every review counts, listed in the index or not (an index write may have failed).
    let all = storage.keys();
    let mut texts: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut reviewed = Vec::new();
    for key in &all {
        if let Some(id) = key.strip_prefix(REVIEW_PREFIX) {
            reviewed.push(id.to_owned());
        } else if let Some((id, _)) = key
            .strip_prefix(TEXT_PREFIX)
            .and_then(|rest| rest.rsplit_once(':'))
        {
            texts.entry(id).or_default().push(key);
        }
    }
    let mut used_texts = HashSet::new();
    let mut entries = Vec::new();
    for id in reviewed {
        let key = review_key(&id);
        let Some(review) = read(&key) else { continue };
        match read_stored(storage, &id, &review) {
            Ok(stored) => {
                used_texts.insert(text_key(&id, &stored.tag));
                loaded.tags.insert(id.clone(), stored.tag);
                if !stored.tombstones.is_empty() {
                    loaded.tombstones.insert(id.clone(), stored.tombstones);
                }
                entries.push(stored.entry);
            }
            Err(reason) => {
                // Its text stays too, so whoever repairs the review finds it.
                used_texts.extend(
                    texts
                        .get(id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|key| key.to_string()),
                );
                quarantine(storage, &key, &review, &reason, &mut loaded);
            }
        }
    }
    // A text no review points at is a write that never completed (or a replaced version whose
    // removal did not): nothing refers to it.
    for key in texts.values().flatten() {
        if !used_texts.contains(*key) && !loaded.blocked.contains(*key) {
            let _ = storage.remove(key);
        }
    }
    // The index's order first, then any others, most recently added first.
    let order = index.as_ref().map_or(&[][..], |index| &index.order[..]);
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(at, id)| (id.as_str(), at))
        .collect();
    entries.sort_by(|a, b| {
        let (x, y) = (rank.get(a.id.as_str()), rank.get(b.id.as_str()));
        match (x, y) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.added.cmp(&a.added).then_with(|| a.id.cmp(&b.id)),
        }
    });
    // Entries an upgrade kept in memory (no room to write them) come after.
    let mut upgraded = std::mem::take(&mut loaded.entries);
    upgraded.retain(|entry| !entries.iter().any(|known| known.id == entry.id));
    entries.extend(upgraded);
    loaded.entries = entries;
    // The index's choice, else what an upgrade opened.
    let exists = |id: &String| loaded.entries.iter().any(|entry| &entry.id == id);
    let last_opened = index.and_then(|index| index.last_opened).filter(exists);
    loaded.last_opened = last_opened.or_else(|| loaded.last_opened.clone().filter(exists));
    loaded.draft = read(DRAFT_KEY).unwrap_or_default();
    loaded.deletions = sync::deletions(storage);
    loaded.not_kept = read(NOT_KEPT_KEY)
        .and_then(|json| serde_json::from_str::<NotKept>(&json).ok())
        .map(|marker| marker.not_kept)
        .unwrap_or_default();
    loaded
}

/// What the fixed-size `not-kept` slot holds.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct NotKept {
    pub not_kept: Vec<String>,
}

/// The size of the `not-kept` slot, in code units. It is kept at this size (padded with
/// spaces) while all is well, so that when storage is full, writing a shorter list of what
/// was not saved into it frees space rather than needs it.
pub(crate) const NOT_KEPT_UNITS: usize = 600;

/// The `not-kept` value listing `titles`, at most [`NOT_KEPT_UNITS`] long; padded to exactly
/// that when there are none.
pub(crate) fn not_kept_value(titles: &[String]) -> String {
    let shortened: Vec<String> = titles
        .iter()
        .map(|title| factmark_core::model::shorten(crate::saved::display_title(title), 60))
        .collect();
    // Titles are dropped from the end, one at a time, until the list fits; the last line counts
    // exactly the titles left out.
    let mut kept = shortened.len();
    loop {
        let mut listed = shortened[..kept].to_vec();
        if kept < shortened.len() {
            listed.push(format!("and {} more", shortened.len() - kept));
        }
        let json = serde_json::to_string(&NotKept { not_kept: listed }).unwrap_or_default();
        let units = json.encode_utf16().count();
        if units <= NOT_KEPT_UNITS || kept == 0 {
            return if titles.is_empty() {
                format!("{json}{}", " ".repeat(NOT_KEPT_UNITS.saturating_sub(units)))
            } else {
                json
            };
        }
        kept -= 1;
    }
}

/// When an article not in the index was added, as best known: its first annotation's creation
/// (an upgraded or orphaned article), else `now`.
pub fn first_created(article: &Article, now: &str) -> String {
    let created = article
        .annotations
        .iter()
        .filter_map(|annotation| annotation.created.as_deref());
    created.min().unwrap_or(now).to_owned()
}

/// Moves an unreadable value aside under a quarantine key and records it. If even that fails
/// the value stays where it is, and its key is blocked from writes.
fn quarantine(storage: &dyn Store, key: &str, value: &str, reason: &str, loaded: &mut Loaded) {
    let mut to = format!("{QUARANTINE_PREFIX}{key}");
    let mut attempt = 1;
    while storage.get(&to).is_some() {
        attempt += 1;
        to = format!("{QUARANTINE_PREFIX}{key}#{attempt}");
    }
    let moved = storage.set(&to, value).is_ok() && storage.remove(key).is_ok();
    if !moved {
        loaded.blocked.insert(key.to_owned());
    }
    loaded.quarantined.push(Quarantined {
        key: key.to_owned(),
        moved_to: moved.then_some(to),
        reason: factmark_core::model::shorten(reason, 200),
    });
}

/// The raw value under `key`, e.g. a quarantined one the user wants to download.
pub fn read_raw(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Reads the article `id`; `Ok(None)` when there is none.
pub fn read_article(id: &str) -> Result<Option<Stored>, String> {
    let storage = local_storage().map_err(|error| error.to_string())?;
    match Store::get(&storage, &review_key(id)) {
        None => Ok(None),
        Some(review) => read_stored(&storage, id, &review).map(Some),
    }
}

/// The code units storage holds now, keys included: what counts against [`QUOTA_UNITS`].
/// Reads only lengths: no value is copied out of JavaScript.
pub fn used_units() -> Result<usize, StorageError> {
    let storage = local_storage()?;
    let get_item = method(&storage, "getItem")?;
    Ok(storage
        .keys()
        .iter()
        .map(|key| {
            let length = get_item
                .call1(&storage, &key.into())
                .ok()
                .and_then(|value| value.dyn_into::<JsString>().ok())
                .map_or(0, |value| value.length() as usize);
            key.encode_utf16().count() + length
        })
        .sum())
}

/// How many code units are free, or `None` without storage (nothing to measure against).
pub fn room() -> Option<usize> {
    used_units().ok().map(|used| QUOTA_UNITS.saturating_sub(used))
}

/// The code units article `id` takes in storage as layout 3 writes it, with its index line.
pub fn stored_units(id: &str, article: &Article) -> usize {
    let base = codec::encode_base(article);
    let tag = codec::base_tag(&base);
    let dates = Dates {
        added: "2026-01-01T00:00:00.000Z".to_owned(),
        opened: "2026-01-01T00:00:00.000Z".to_owned(),
    };
    let review = codec::encode_review(
        article,
        &codec::ReviewParts {
            base_tag: &tag,
            dates: &dates,
            tombstones: &[],
            unplaced: &[],
        },
    );
    let keys = text_key(id, &tag).len() + review_key(id).len();
    base.len() + review.len() + keys + id.len() + 3
}

/// A method of the storage object, to call with JavaScript values (web-sys's take `&str`).
fn method(storage: &web_sys::Storage, name: &str) -> Result<js_sys::Function, StorageError> {
    js_sys::Reflect::get(storage, &name.into())
        .ok()
        .and_then(|method| method.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| StorageError::Failed(format!("localStorage has no {name}")))
}

/// A refused write, telling a full quota from other refusals.
fn write_error(error: wasm_bindgen::JsValue) -> StorageError {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|exception| exception.name())
        .unwrap_or_default();
    // Chromium names it QuotaExceededError; old Firefox used NS_ERROR_DOM_QUOTA_REACHED.
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StorageError::Full { titles: Vec::new() }
    } else {
        StorageError::Failed(format!("{error:?}"))
    }
}

/// Writes article `entry`: a new base beside the old one (only when `base` says the text or
/// analysis changed), then the review that points at it, then removes the old base. A failure
/// removes what it wrote, so storage still holds the previous version whole. Returns the tag
/// of the base now stored.
pub(crate) fn write_article(
    storage: &dyn Store,
    entry: &Entry,
    tombstones: &[Tombstone],
    previous: Option<&str>,
    base: BaseChange,
) -> Result<String, StorageError> {
    // Another tab may have replaced (and removed) the base this tab last saw: a review is only
    // ever written beside a base that is there.
    let (tag, written) = match (base, previous) {
        (BaseChange::Same, Some(tag)) if storage.contains(&text_key(&entry.id, tag)) => {
            (tag.to_owned(), false)
        }
        _ => {
            let units = codec::encode_base(&entry.article);
            let tag = codec::base_tag(&units);
            let key = text_key(&entry.id, &tag);
            let fresh = previous != Some(tag.as_str()) || !storage.contains(&key);
            if fresh {
                storage.set_units(&key, &units)?;
            }
            (tag, fresh)
        }
    };
    let dates = Dates {
        added: entry.added.clone(),
        opened: entry.opened.clone(),
    };
    let review = codec::encode_review(
        &entry.article,
        &codec::ReviewParts {
            base_tag: &tag,
            dates: &dates,
            tombstones,
            unplaced: &entry.unplaced,
        },
    );
    if let Err(error) = storage.set_units(&review_key(&entry.id), &review) {
        if written {
            let _ = storage.remove(&text_key(&entry.id, &tag));
        }
        return Err(error);
    }
    if let Some(old) = previous.filter(|old| written && *old != tag) {
        let _ = storage.remove(&text_key(&entry.id, old));
    }
    Ok(tag)
}

/// Whether an article's base must be written again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BaseChange {
    Same,
    Changed,
}

/// Removes article `id`: its review first, so that a removal cut short leaves only a text no
/// review points at, which the next load clears.
pub(crate) fn remove_article(storage: &dyn Store, id: &str, tag: Option<&str>) -> Result<(), StorageError> {
    storage.remove(&review_key(id))?;
    if let Some(tag) = tag {
        storage.remove(&text_key(id, tag))?;
    }
    Ok(())
}
