//! Upgrades data written by older layouts to layout 3, on load, oldest first.
//!
//! - Version 1 (the foundation) kept one article as Factmark JSON under `factmark:v1:article`
//!   and the article box under `factmark:v1:draft`.
//! - Version 2 kept each article as Factmark JSON under `factmark:v2:article:<id>`, the dates in
//!   `factmark:v2:index`, and the box under `factmark:v2:draft`.
//!
//! Each step writes an article's new keys before it removes its old one (one article at a time,
//! so the upgrade of a full storage frees room as it goes), and never writes over a value the
//! new layout already holds, so an upgrade cut short simply runs again on the next load. An
//! article that finds no room stays under its old key and is carried in memory for the saver to
//! write once there is space; an unreadable old value is quarantined like any other.

use std::collections::HashMap;

use factmark_core::{export, Article};
use serde::Deserialize;

use super::{first_created, quarantine, review_key, write_article, BaseChange, Index, Store};
use super::{DRAFT_KEY, INDEX_KEY, LAYOUT_VERSION};
use crate::saved::{text_hash, Entry, Loaded};

pub const V1_ARTICLE_KEY: &str = "factmark:v1:article";
pub const V1_DRAFT_KEY: &str = "factmark:v1:draft";
pub const V2_ARTICLE_PREFIX: &str = "factmark:v2:article:";
pub const V2_INDEX_KEY: &str = "factmark:v2:index";
pub const V2_DRAFT_KEY: &str = "factmark:v2:draft";

/// Runs every upgrade step, oldest first.
pub fn run(storage: &dyn Store, now: &str, loaded: &mut Loaded) {
    from_v1(storage, now, loaded);
    from_v2(storage, now, loaded);
}

/// Moves the article box from `old` to the current key, unless the current key has one.
fn move_draft(storage: &dyn Store, old: &str) {
    if let Some(draft) = storage.get(old) {
        let upgraded = storage.get(DRAFT_KEY).is_some() || storage.set(DRAFT_KEY, &draft).is_ok();
        if upgraded {
            let _ = storage.remove(old);
        }
    }
}

/// Writes `entry` in layout 3 unless it is there already, then removes `old`. Without room, the
/// entry stays in memory (and `old` in storage) until the saver can write it.
fn upgrade(storage: &dyn Store, old: &str, entry: Entry, loaded: &mut Loaded) {
    let done = storage.get(&review_key(&entry.id)).is_some()
        || write_article(storage, &entry, &[], None, BaseChange::Changed).is_ok();
    if done {
        let _ = storage.remove(old);
    } else {
        loaded.unsaved.insert(entry.id.clone());
        loaded.entries.push(entry);
    }
}

fn from_v1(storage: &dyn Store, now: &str, loaded: &mut Loaded) {
    move_draft(storage, V1_DRAFT_KEY);
    let Some(json) = storage.get(V1_ARTICLE_KEY) else {
        return;
    };
    let article = match export::from_json(&json) {
        Ok(article) => article,
        Err(error) => return quarantine(storage, V1_ARTICLE_KEY, &json, &error.to_string(), loaded),
    };
    // The id follows from the text, so a second run finds the first run's copy.
    let id = format!("v1-{}", text_hash(&article.text));
    let added = first_created(&article, now);
    loaded.last_opened.get_or_insert(id.clone());
    let mut entry = Entry::new(id, article, now);
    entry.added = added;
    upgrade(storage, V1_ARTICLE_KEY, entry, loaded);
}

/// Layout 2's index: the dates of each article, and the order.
#[derive(Deserialize)]
struct V2Index {
    last_opened: Option<String>,
    articles: Vec<V2Row>,
}

#[derive(Deserialize)]
struct V2Row {
    id: String,
    added: String,
    opened: String,
}

fn from_v2(storage: &dyn Store, now: &str, loaded: &mut Loaded) {
    move_draft(storage, V2_DRAFT_KEY);
    let index = match storage.get(V2_INDEX_KEY) {
        None => None,
        Some(json) => match serde_json::from_str::<V2Index>(&json) {
            Ok(index) => Some(index),
            Err(error) => {
                quarantine(storage, V2_INDEX_KEY, &json, &error.to_string(), loaded);
                None
            }
        },
    };
    let rows: HashMap<&str, &V2Row> = index
        .iter()
        .flat_map(|index| &index.articles)
        .map(|row| (row.id.as_str(), row))
        .collect();
    let mut ids: Vec<String> = storage
        .keys()
        .into_iter()
        .filter_map(|key| key.strip_prefix(V2_ARTICLE_PREFIX).map(str::to_owned))
        .collect();
    // In the old index's order, so an upgrade cut short has kept the newest articles.
    let rank = |id: &str| {
        index
            .iter()
            .flat_map(|index| &index.articles)
            .position(|row| row.id == id)
            .unwrap_or(usize::MAX)
    };
    ids.sort_by_key(|id| (rank(id), id.clone()));
    for id in ids {
        let key = format!("{V2_ARTICLE_PREFIX}{id}");
        let Some(json) = storage.get(&key) else { continue };
        let article: Article = match export::from_json(&json) {
            Ok(article) => article,
            Err(error) => {
                quarantine(storage, &key, &json, &error.to_string(), loaded);
                continue;
            }
        };
        let (added, opened) = match rows.get(id.as_str()) {
            Some(row) => (row.added.clone(), row.opened.clone()),
            None => (first_created(&article, now), now.to_owned()),
        };
        let mut entry = Entry::new(id, article, now);
        entry.added = added;
        entry.opened = opened;
        upgrade(storage, &key, entry, loaded);
    }
    let Some(index) = index else { return };
    // The order and the open article carry over into layout 3's index: after the articles it
    // already lists (a page open meanwhile may have written one, empty or not).
    let mut upgraded = storage
        .get(INDEX_KEY)
        .and_then(|json| serde_json::from_str::<Index>(&json).ok())
        .unwrap_or(Index {
            version: LAYOUT_VERSION,
            last_opened: None,
            order: Vec::new(),
        });
    let before = upgraded.clone();
    for row in &index.articles {
        if !upgraded.order.contains(&row.id) {
            upgraded.order.push(row.id.clone());
        }
    }
    if upgraded.last_opened.is_none() {
        upgraded.last_opened = index.last_opened.clone();
    }
    if upgraded != before {
        let json = serde_json::to_string(&upgraded).expect("the index holds only strings");
        if storage.set(INDEX_KEY, &json).is_err() {
            // The articles load without it; only the order waits for the next save.
            loaded.last_opened = loaded.last_opened.take().or(index.last_opened);
            return;
        }
    }
    let rest = storage
        .keys()
        .iter()
        .any(|key| key.starts_with(V2_ARTICLE_PREFIX));
    if !rest {
        let _ = storage.remove(V2_INDEX_KEY);
    }
}
