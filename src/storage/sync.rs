//! What team sync keeps in localStorage beside the library: the panel's settings, this
//! library's sync id, the core's `SyncState` per server and database, and the deletion records
//! of articles deleted here. Never a password or a session: the server's cookie is the session.
//!
//! - `factmark:v3:sync:settings`: server URL, database, user name, automatic flag, signed in;
//! - `factmark:v3:sync:library`: a random id naming this browser's library on servers;
//! - `factmark:v3:sync:state:<replication id>`: `SyncState::to_json` (checkpoints, revisions);
//! - `factmark:v3:sync:deleted`: `{id: time}` of articles deleted here (written by the saver),
//!   so a deletion travels to the server instead of the article coming back on the next pull.

use std::collections::BTreeMap;

use super::{local_storage, StorageError, Store};
use crate::saved::SyncSettings;

pub const SETTINGS_KEY: &str = "factmark:v3:sync:settings";
pub const LIBRARY_KEY: &str = "factmark:v3:sync:library";
pub const STATE_PREFIX: &str = "factmark:v3:sync:state:";
pub const DELETED_KEY: &str = "factmark:v3:sync:deleted";

/// The settings last saved, or the defaults (nothing typed yet, or unreadable).
pub fn settings() -> SyncSettings {
    local_storage()
        .ok()
        .and_then(|storage| Store::get(&storage, SETTINGS_KEY))
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

pub fn save_settings(settings: &SyncSettings) -> Result<(), StorageError> {
    let json = serde_json::to_string(settings).expect("settings hold only strings and flags");
    Store::set(&local_storage()?, SETTINGS_KEY, &json)
}

/// This library's sync id, made (a random UUID) and kept the first time it is asked for.
pub fn library_id() -> Result<String, StorageError> {
    let storage = local_storage()?;
    if let Some(id) = Store::get(&storage, LIBRARY_KEY).filter(|id| !id.is_empty()) {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    Store::set(&storage, LIBRARY_KEY, &id)?;
    Ok(id)
}

/// The sync state JSON kept for `replication_id`, if any.
pub fn state(replication_id: &str) -> Option<String> {
    Store::get(&local_storage().ok()?, &format!("{STATE_PREFIX}{replication_id}"))
}

pub fn save_state(replication_id: &str, json: &str) -> Result<(), StorageError> {
    Store::set(
        &local_storage()?,
        &format!("{STATE_PREFIX}{replication_id}"),
        json,
    )
}

/// The deletion records kept in `storage`: article id → when it was deleted (RFC 3339).
pub(crate) fn deletions(storage: &dyn Store) -> BTreeMap<String, String> {
    storage
        .get(DELETED_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

pub(crate) fn write_deletions(
    storage: &dyn Store,
    deletions: &BTreeMap<String, String>,
) -> Result<(), StorageError> {
    let json = serde_json::to_string(deletions).expect("deletions are strings");
    storage.set(DELETED_KEY, &json)
}
