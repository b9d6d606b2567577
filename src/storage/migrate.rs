//! Upgrades data written by older layouts to layout 2, on load.
//!
//! Version 1 (the foundation) kept one article as Factmark JSON under `factmark:v1:article` and
//! the article box under `factmark:v1:draft`. Each step writes the new keys first and removes the
//! old ones only after, so an interrupted upgrade runs again on the next load; it never writes
//! over a newer value, so running it twice changes nothing.

use std::rc::Rc;

use super::{article_json, article_key, first_created, parse_article, quarantine, Loaded, DRAFT_KEY};
use crate::library::{text_hash, Entry};

pub const V1_ARTICLE_KEY: &str = "factmark:v1:article";
pub const V1_DRAFT_KEY: &str = "factmark:v1:draft";

/// Runs every upgrade step, oldest first.
pub fn run(storage: &web_sys::Storage, now: &str, loaded: &mut Loaded) {
    from_v1(storage, now, loaded);
}

fn from_v1(storage: &web_sys::Storage, now: &str, loaded: &mut Loaded) {
    let read = |key: &str| storage.get_item(key).ok().flatten();
    if let Some(draft) = read(V1_DRAFT_KEY) {
        let upgraded = read(DRAFT_KEY).is_some() || storage.set_item(DRAFT_KEY, &draft).is_ok();
        if upgraded {
            let _ = storage.remove_item(V1_DRAFT_KEY);
        }
    }
    let Some(json) = read(V1_ARTICLE_KEY) else {
        return;
    };
    let article = match parse_article(&json) {
        Ok(article) => article,
        Err(reason) => return quarantine(storage, V1_ARTICLE_KEY, &json, &reason, loaded),
    };
    // The id follows from the text, so a second run finds the first run's copy.
    let hash = text_hash(&article.text);
    let id = format!("v1-{hash}");
    let key = article_key(&id);
    let upgraded = read(&key).is_some() || storage.set_item(&key, &article_json(&article)).is_ok();
    if upgraded {
        let _ = storage.remove_item(V1_ARTICLE_KEY);
        loaded.last_opened.get_or_insert(id);
        return;
    }
    // No room for the new copy: keep the old key and carry the article in memory; the saver
    // writes it once there is space, and the next load removes the old key.
    let added = first_created(&article, now);
    loaded.last_opened.get_or_insert(id.clone());
    loaded.unsaved.insert(id.clone());
    loaded.entries.push(Entry {
        id,
        added,
        opened: now.to_owned(),
        hash,
        article: Rc::new(article),
    });
}
