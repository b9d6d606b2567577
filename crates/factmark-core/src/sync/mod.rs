//! Team sync: the client side of CouchDB's replication protocol, so several people share one
//! library through a CouchDB (or PouchDB Server, Cloudant) database. Pure: it plans every HTTP
//! request and judges every answer, and the app makes the requests. See ARCHITECTURE.md,
//! "Team sync".
//!
//! - [`Remote`] checks the server URL (https, or http on this machine) and database name.
//! - [`doc`]: the documents on the server and the deterministic revision ids.
//! - [`merge`]: merging conflicting versions of an article, annotation by annotation.
//! - [`Sync`]: one run (pull, then push) as a state machine over a [`Store`].
//! - [`SyncState`]: what is remembered between runs (checkpoints, revisions; no credentials).

pub mod doc;
mod errors;
pub mod merge;
mod remote;
mod replicate;
mod state;

pub use doc::{fingerprint, text_hash, Record};
pub use errors::SyncError;
pub use remote::{sign_in, sign_out, signed_in, Method, Remote, Request, Response};
pub use replicate::{Options, Report, Step, Store, Sync};
pub use state::{replication_id, DocState, SyncState, STATE_VERSION};
