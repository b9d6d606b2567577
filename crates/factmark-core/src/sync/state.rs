//! What sync remembers between runs, per library and server: the pull checkpoint and, per
//! article, the revision the server last confirmed. The app stores it as JSON beside the
//! library; it never holds a name, password or session.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::doc::hash;
use super::Remote;

/// The layout of [`SyncState`]'s JSON.
pub const STATE_VERSION: u32 = 1;

/// How many ancestors of each article's revision are kept, to send as `_revisions` so the
/// server can attach a new revision to its history (CouchDB keeps 1,000; a device that falls
/// further behind than this still syncs, its edit becoming a conflict that merges).
pub(crate) const HISTORY: usize = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    pub version: u32,
    /// Names the `_local/<id>` checkpoint on the server: a hash of the library, server and
    /// database, so another library or server starts its own.
    pub replication_id: String,
    /// The server's `_changes` sequence everything up to which has been pulled and merged.
    #[serde(default)]
    pub since: Option<Value>,
    /// The `_rev` of the checkpoint document on the server, needed to update it.
    #[serde(default)]
    pub checkpoint_rev: Option<String>,
    /// Per article (by library id).
    #[serde(default)]
    pub docs: BTreeMap<String, DocState>,
}

/// What the server last confirmed about one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    /// The revision this device's copy is based on.
    pub rev: String,
    /// Its ancestors, newest first, at most [`HISTORY`].
    #[serde(default)]
    pub history: Vec<String>,
    /// The [`fingerprint`](super::fingerprint) of that revision's content: a local copy with
    /// another fingerprint has changed here since and is pushed.
    pub synced: String,
    /// This device's clock when it last took the server's version (RFC 3339): annotations
    /// updated before then were not edited here since, and yield to the server's.
    #[serde(default)]
    pub synced_at: Option<String>,
    /// Other live revisions (a conflict) merged into the local copy, to delete when it is pushed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub losers: Vec<String>,
    /// The server had no checkpoint of ours (a recreated or restored database): offer this
    /// article again even if unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unconfirmed: bool,
}

impl SyncState {
    /// A fresh state for syncing the library `library_id` with `remote`.
    pub fn new(library_id: &str, remote: &Remote) -> SyncState {
        SyncState {
            version: STATE_VERSION,
            replication_id: replication_id(library_id, remote),
            since: None,
            checkpoint_rev: None,
            docs: BTreeMap::new(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("the sync state always serializes")
    }

    /// Reads a stored state; `None` when it is not one (the app then starts afresh, which is
    /// safe: every article is compared again, nothing is duplicated).
    pub fn from_json(json: &str) -> Option<SyncState> {
        serde_json::from_str::<SyncState>(json)
            .ok()
            .filter(|state| state.version == STATE_VERSION)
    }
}

/// The replication id of a library and a database: stable, and different for each pair.
pub fn replication_id(library_id: &str, remote: &Remote) -> String {
    hash(&[
        b"replication",
        library_id.as_bytes(),
        remote.server().as_bytes(),
        remote.database().as_bytes(),
    ])
}
