//! One sync run as a state machine: pull the server's changes since the checkpoint and merge
//! them, then push what changed here. The app drives it: [`Sync::next`] gives the HTTP request
//! to make, [`Sync::answer`] takes the server's answer. Nothing here does I/O, so every step is
//! tested without a network, and the app can run it anywhere (a worker, between frames).
//!
//! Pull: `GET _session` (who is signed in) → `GET _local/<replication id>` (the checkpoint) →
//! `GET _changes?style=all_docs&since=…&limit=…` → `POST _bulk_get?revs=true` for the unknown
//! leaf revisions → `POST _bulk_get` for texts not here → merge and save → `PUT _local/…`,
//! batch after batch. Push: per batch of changed articles, `POST _revs_diff` → `POST
//! _bulk_docs` with `new_edits: false` and each revision's `_revisions` history.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{json, Map, Value};

use super::doc::{
    article_doc_id, body_fingerprint, fingerprint, local_id, next_rev, split_rev, text_doc_id, text_hash,
    text_rev, wins_over, ArticleBody, Record, TextBody, ARTICLE_TYPE, TEXT_TYPE,
};
use super::errors::{check, unexpected};
use super::merge::merge;
use super::state::{DocState, SyncState, HISTORY};
use super::{Method, Remote, Request, Response, SyncError};

/// The app's library as sync reads and writes it. `save` is called only from
/// [`Sync::answer`], after the server's answer was judged complete and valid.
pub trait Store {
    /// Every article's library id, deleted ones that still keep a [`Record::deleted`] too.
    fn ids(&self) -> Vec<String>;
    fn load(&self, id: &str) -> Option<Record>;
    fn save(&mut self, id: &str, record: Record);
    /// [`fingerprint`] of the article `id`, by which sync finds what changed here. Computing
    /// it serialises the article; an app that keeps it up to date as it saves makes a sync
    /// with nothing to do nearly free.
    fn fingerprint(&self, id: &str) -> Option<String> {
        self.load(id).map(|record| fingerprint(&record))
    }
}

/// How big each step may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Articles per `_bulk_get` or `_bulk_docs` request.
    pub batch: usize,
    /// Rows per `_changes` request (a row is an id and revisions, about 100 bytes).
    pub feed: usize,
    /// A push batch stops growing past this many bytes of JSON (one article always goes).
    pub batch_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            batch: 50,
            feed: 500,
            batch_bytes: 1024 * 1024,
        }
    }
}

/// What a finished run did, for the status line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Articles changed here by the server's versions.
    pub pulled: usize,
    /// Articles sent to the server.
    pub pushed: usize,
    /// Articles that had conflicting versions, merged.
    pub conflicts: usize,
    /// Server documents that were not valid Factmark articles: (id, why), not applied.
    pub rejected: Vec<(String, String)>,
    pub requests: usize,
}

/// What the app does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Send(Request),
    Done(Report),
}

/// A leaf revision of a server document, as `_bulk_get` returned it.
#[derive(Clone, Debug)]
struct LeafOf<T> {
    rev: String,
    deleted: bool,
    /// `None` when deleted, or when it is not a valid Factmark document.
    body: Option<T>,
    /// Ancestors, newest first.
    ancestors: Vec<String>,
}

type Leaf = LeafOf<ArticleBody>;

/// One `_changes` answer being worked through: `changed[done..]` are still to fetch and
/// merge, a batch at a time; then the feed has been read up to `last_seq`.
#[derive(Clone, Debug)]
struct FeedBatch {
    changed: Vec<Changed>,
    done: usize,
    last_seq: Value,
    /// Whether the feed has more after this answer.
    more: bool,
}

impl FeedBatch {
    /// The articles of the next fetch.
    fn next(&self, batch: usize) -> &[Changed] {
        &self.changed[self.done..(self.done + batch).min(self.changed.len())]
    }
}

/// One document of a `_changes` batch whose leaves this device does not all know.
#[derive(Clone, Debug)]
struct Changed {
    local_id: String,
    leaves: Vec<String>,
}

#[derive(Clone, Debug)]
struct Outgoing {
    local_id: String,
    /// The revision sent, or `None` when only conflict losers are deleted.
    rev: Option<String>,
    fingerprint: String,
    docs: Vec<(String, String, Value)>,
}

#[derive(Clone, Debug)]
enum Phase {
    Session,
    Checkpoint,
    Changes,
    /// Fetching the leaves of the feed batch's next articles.
    Fetch(FeedBatch),
    /// Fetching the texts those leaves name that are not here.
    Texts {
        feed: FeedBatch,
        leaves: HashMap<String, Vec<Leaf>>,
        needed: Vec<String>,
    },
    SaveCheckpoint {
        more: bool,
    },
    Push,
    Diff {
        batch: Vec<Outgoing>,
    },
    Upload {
        batch: Vec<Outgoing>,
        missing: HashSet<(String, String)>,
    },
    Done,
}

/// One sync run. Keep [`Sync::state`] after every answer that returned `Ok`: a run stopped
/// at any point starts again from there and duplicates nothing.
pub struct Sync {
    remote: Remote,
    state: SyncState,
    user: Option<String>,
    now: String,
    options: Options,
    phase: Phase,
    /// Where this run reads the feed from; the checkpoint once it is saved.
    cursor: Option<Value>,
    /// Whether articles were merged since the checkpoint was last saved.
    unsaved: bool,
    queue: Option<VecDeque<String>>,
    report: Report,
}

impl Sync {
    /// A run for `remote` from `state`, by `user` (the name the app signed in, or `None`), at
    /// `now` (RFC 3339, this device's clock).
    pub fn new(
        remote: Remote,
        state: SyncState,
        user: Option<String>,
        now: String,
        options: Options,
    ) -> Sync {
        Sync {
            remote,
            state,
            user,
            now,
            options: Options {
                batch: options.batch.max(1),
                feed: options.feed.max(1),
                ..options
            },
            phase: Phase::Session,
            cursor: None,
            unsaved: false,
            queue: None,
            report: Report::default(),
        }
    }

    pub fn state(&self) -> &SyncState {
        &self.state
    }

    pub fn into_state(self) -> SyncState {
        self.state
    }

    /// The request to make now, or the report once done. Reads the store to plan the push.
    pub fn next(&mut self, store: &impl Store) -> Step {
        loop {
            let request = match &self.phase {
                Phase::Session => self.remote.server_request(Method::Get, "_session"),
                Phase::Checkpoint => self.remote.request(Method::Get, &self.checkpoint_path()),
                Phase::Changes => {
                    let mut request = self
                        .remote
                        .request(Method::Get, "_changes")
                        .with_query("style", "all_docs")
                        .with_query("limit", self.options.feed.to_string());
                    if let Some(since) = &self.cursor {
                        request = request.with_query("since", seq_text(since));
                    }
                    request
                }
                Phase::Fetch(feed) => {
                    let docs: Vec<Value> = feed
                        .next(self.options.batch)
                        .iter()
                        .flat_map(|c| {
                            let id = article_doc_id(&c.local_id);
                            c.leaves.iter().map(move |rev| json!({ "id": id, "rev": rev }))
                        })
                        .collect();
                    self.remote
                        .request(Method::Post, "_bulk_get")
                        .with_query("revs", "true")
                        .with_body(json!({ "docs": docs }))
                }
                Phase::Texts { needed, .. } => {
                    let docs: Vec<Value> = needed
                        .iter()
                        .map(|hash| json!({ "id": text_doc_id(hash), "rev": text_rev(hash) }))
                        .collect();
                    self.remote
                        .request(Method::Post, "_bulk_get")
                        .with_body(json!({ "docs": docs }))
                }
                Phase::SaveCheckpoint { .. } => {
                    let mut body = json!({
                        "last_seq": self.cursor.clone().unwrap_or(Value::from(0)),
                        "replicator": "factmark",
                    });
                    if let Some(rev) = &self.state.checkpoint_rev {
                        body["_rev"] = Value::from(rev.clone());
                    }
                    self.remote
                        .request(Method::Put, &self.checkpoint_path())
                        .with_body(body)
                }
                Phase::Push => {
                    let batch = self.next_batch(store);
                    self.phase = if batch.is_empty() {
                        Phase::Done
                    } else {
                        Phase::Diff { batch }
                    };
                    continue;
                }
                Phase::Diff { batch } => {
                    let mut revs: Map<String, Value> = Map::new();
                    for (id, rev, _) in batch.iter().flat_map(|o| &o.docs) {
                        let entry = revs.entry(id.clone()).or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(list) = entry {
                            list.push(Value::from(rev.clone()));
                        }
                    }
                    self.remote
                        .request(Method::Post, "_revs_diff")
                        .with_body(Value::Object(revs))
                }
                Phase::Upload { batch, missing } => {
                    let docs: Vec<Value> = batch
                        .iter()
                        .flat_map(|o| &o.docs)
                        .filter(|(id, rev, _)| missing.contains(&(id.clone(), rev.clone())))
                        .map(|(_, _, doc)| doc.clone())
                        .collect();
                    self.remote
                        .request(Method::Post, "_bulk_docs")
                        .with_body(json!({ "docs": docs, "new_edits": false }))
                }
                Phase::Done => return Step::Done(self.report.clone()),
            };
            return Step::Send(request);
        }
    }

    /// Takes the server's answer to the request [`Sync::next`] gave. On `Err` nothing changed,
    /// here or in the store, and the run is over: start a new one later from [`Sync::state`].
    pub fn answer(&mut self, response: Response, store: &mut impl Store) -> Result<(), SyncError> {
        self.report.requests += 1;
        let database = self.remote.database().to_owned();
        let phase = std::mem::replace(&mut self.phase, Phase::Done);
        let result = self.take(phase.clone(), &response, store, &database);
        if result.is_err() {
            self.phase = phase;
        }
        result
    }

    fn take(
        &mut self,
        phase: Phase,
        response: &Response,
        store: &mut impl Store,
        database: &str,
    ) -> Result<(), SyncError> {
        let user = self.user.clone();
        let judge = |during: &str| check(response, during, user.as_deref(), database);
        match phase {
            Phase::Session => {
                let value = judge("checking the session")?;
                let name = value
                    .get("userCtx")
                    .ok_or_else(|| unexpected("checking the session", &response.body))?
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if self.user.is_some() && name.is_none() {
                    return Err(SyncError::SessionEnded);
                }
                self.user = name;
                self.phase = Phase::Checkpoint;
            }
            Phase::Checkpoint => {
                let checkpoint = if response.status == 404 && is_missing_doc(&response.body) {
                    None
                } else {
                    let doc = judge("reading the sync checkpoint")?;
                    if !doc.get("_rev").is_some_and(Value::is_string) || doc.get("last_seq").is_none() {
                        return Err(unexpected("reading the sync checkpoint", &response.body));
                    }
                    Some(doc)
                };
                let server_seq = checkpoint.as_ref().and_then(|doc| doc.get("last_seq")).cloned();
                self.state.checkpoint_rev = checkpoint
                    .as_ref()
                    .and_then(|doc| doc.get("_rev"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                // The two copies disagree when the database was recreated or a run stopped
                // between them: reading the feed from the start is then the safe choice (known
                // revisions are skipped, so it costs only the feed).
                if server_seq.is_none() || server_seq != self.state.since {
                    self.state.since = None;
                }
                // No checkpoint at all, yet this device has synced articles: the database is
                // not the one they went to (recreated, or restored from elsewhere). Offer every
                // article again; `_revs_diff` keeps what the server already holds from moving.
                if checkpoint.is_none() {
                    for doc in self.state.docs.values_mut() {
                        doc.unconfirmed = true;
                    }
                }
                self.cursor = self.state.since.clone();
                self.phase = Phase::Changes;
            }
            Phase::Changes => {
                let value = judge("reading the server's changes")?;
                let (rows, last_seq, more) = self
                    .changes(&value)
                    .ok_or_else(|| unexpected("reading the server's changes", &response.body))?;
                if rows.is_empty() {
                    self.read_up_to(last_seq, more);
                } else {
                    self.phase = Phase::Fetch(FeedBatch {
                        changed: rows,
                        done: 0,
                        last_seq,
                        more,
                    });
                }
            }
            Phase::Fetch(feed) => {
                let value = judge("fetching changed articles")?;
                // Read from text, not from the `Value`: the annotations' deserializer over text is
                // one the app already has (its imports); one over `Value` would be another copy
                // of it in the bundle.
                let leaves = parse_bulk_get(&value, |body| {
                    serde_json::from_str::<ArticleBody>(&body.to_string())
                        .ok()
                        .filter(|b| b.kind == ARTICLE_TYPE)
                })
                .ok_or_else(|| unexpected("fetching changed articles", &response.body))?;
                let mut by_doc: HashMap<String, Vec<Leaf>> = HashMap::new();
                for (id, leaf) in leaves {
                    by_doc.entry(id).or_default().push(leaf);
                }
                let needed = texts_needed(&by_doc, store);
                if needed.is_empty() {
                    self.merge_pulled(feed, by_doc, HashMap::new(), store);
                } else {
                    self.phase = Phase::Texts {
                        feed,
                        leaves: by_doc,
                        needed,
                    };
                }
            }
            Phase::Texts { feed, leaves, .. } => {
                let value = judge("fetching article texts")?;
                let fetched = parse_bulk_get(&value, |body| {
                    serde_json::from_str::<TextBody>(&body.to_string())
                        .ok()
                        .filter(|b| b.kind == TEXT_TYPE)
                })
                .ok_or_else(|| unexpected("fetching article texts", &response.body))?;
                let mut texts = HashMap::new();
                for (id, leaf) in fetched {
                    let hash = id.strip_prefix(super::doc::TEXT_PREFIX).unwrap_or_default();
                    if let Some(body) = leaf.body.filter(|b| text_hash(&b.text) == hash) {
                        texts.insert(hash.to_owned(), body.text);
                    }
                }
                self.merge_pulled(feed, leaves, texts, store);
            }
            Phase::SaveCheckpoint { more } => {
                let value = judge("saving the sync checkpoint")?;
                let rev = value
                    .get("rev")
                    .and_then(Value::as_str)
                    .ok_or_else(|| unexpected("saving the sync checkpoint", &response.body))?;
                self.state.checkpoint_rev = Some(rev.to_owned());
                self.state.since = self.cursor.clone();
                self.unsaved = false;
                self.phase = if more { Phase::Changes } else { Phase::Push };
            }
            Phase::Push | Phase::Done => {}
            Phase::Diff { batch } => {
                if response.status == 413 {
                    return self.shrink(batch);
                }
                let value = judge("comparing revisions")?;
                let missing = revs_diff(&value, &batch)
                    .ok_or_else(|| unexpected("comparing revisions", &response.body))?;
                if missing.is_empty() {
                    // A run stopped after the upload: the server has it all already.
                    self.confirm(batch);
                    self.phase = Phase::Push;
                } else {
                    self.phase = Phase::Upload { batch, missing };
                }
            }
            Phase::Upload { batch, .. } => {
                if response.status == 413 {
                    return self.shrink(batch);
                }
                let value = judge("sending articles")?;
                let Value::Array(results) = &value else {
                    return Err(unexpected("sending articles", &response.body));
                };
                for result in results {
                    let field = |name: &str| result.get(name).and_then(Value::as_str).unwrap_or_default();
                    if !field("error").is_empty() {
                        let (error, reason) = (field("error"), field("reason"));
                        return Err(match error {
                            "unauthorized" | "forbidden" if self.user.is_some() => SyncError::Refused {
                                id: field("id").to_owned(),
                                reason: format!("{reason} (your role may be read-only)"),
                            },
                            "unauthorized" | "forbidden" => SyncError::SignInNeeded {
                                database: database.to_owned(),
                            },
                            // CouchDB's max_document_size (8 MB by default): a 2 MB article
                            // with tens of thousands of annotations can exceed it.
                            "too_large" | "document_too_large" => SyncError::TooLarge {
                                article: local_id(field("id")).map(str::to_owned),
                            },
                            _ => SyncError::Refused {
                                id: field("id").to_owned(),
                                reason: format!("{error}: {reason}"),
                            },
                        });
                    }
                }
                self.confirm(batch);
                self.phase = Phase::Push;
            }
        }
        Ok(())
    }

    fn checkpoint_path(&self) -> String {
        format!("_local/{}", super::remote::escape(&self.state.replication_id))
    }

    /// A 413: the batch goes back to the queue and later batches are half as big; one article
    /// alone that is too large is an error the person must act on.
    fn shrink(&mut self, batch: Vec<Outgoing>) -> Result<(), SyncError> {
        if batch.len() <= 1 {
            return Err(SyncError::TooLarge {
                article: batch.first().map(|o| o.local_id.clone()),
            });
        }
        self.options.batch = (batch.len() / 2).max(1);
        self.options.batch_bytes = self.options.batch_bytes / 2 + 1;
        let queue = self.queue.get_or_insert_with(VecDeque::new);
        for outgoing in batch.into_iter().rev() {
            queue.push_front(outgoing.local_id);
        }
        self.phase = Phase::Push;
        Ok(())
    }

    /// Merges the articles just fetched, then fetches the feed batch's next articles or, after
    /// the last, moves the cursor past it.
    fn merge_pulled(
        &mut self,
        mut feed: FeedBatch,
        mut leaves: HashMap<String, Vec<Leaf>>,
        texts: HashMap<String, String>,
        store: &mut impl Store,
    ) {
        let fetched: Vec<String> = feed
            .next(self.options.batch)
            .iter()
            .map(|change| change.local_id.clone())
            .collect();
        for id in &fetched {
            let leaves = leaves.remove(&article_doc_id(id)).unwrap_or_default();
            self.merge_one(id, leaves, &texts, store);
        }
        self.unsaved = true;
        feed.done += fetched.len();
        if feed.done < feed.changed.len() {
            self.phase = Phase::Fetch(feed);
        } else {
            self.read_up_to(feed.last_seq, feed.more);
        }
    }

    /// The feed was read up to `last_seq`: save the checkpoint when something was merged since
    /// it was last saved, or at the end of the feed when it moved; else read on.
    fn read_up_to(&mut self, last_seq: Value, more: bool) {
        self.cursor = Some(last_seq);
        let moved = self.cursor != self.state.since;
        self.phase = if self.unsaved || (!more && moved) {
            Phase::SaveCheckpoint { more }
        } else if more {
            Phase::Changes
        } else {
            Phase::Push
        };
    }

    /// Brings the server's new leaves of one article into the local copy.
    fn merge_one(
        &mut self,
        id: &str,
        fetched: Vec<Leaf>,
        texts: &HashMap<String, String>,
        store: &mut impl Store,
    ) {
        let local = store.load(id);
        let known = self.state.docs.get(id).cloned();
        let doc_id = article_doc_id(id);
        // The live leaves fetched: (revision, ancestors, content).
        let mut live: Vec<(String, Vec<String>, Record)> = Vec::new();
        for leaf in fetched.into_iter().filter(|leaf| !leaf.deleted) {
            let Some(body) = leaf.body else {
                self.reject(&doc_id, "it is not a Factmark article".to_owned());
                continue;
            };
            let text = match &local {
                Some(record) if text_hash(&record.article.text) == body.text => record.article.text.clone(),
                _ => match texts.get(&body.text) {
                    Some(text) => text.clone(),
                    None => {
                        self.reject(&doc_id, format!("its text {} is not on the server", body.text));
                        continue;
                    }
                },
            };
            let record = body.into_record(text);
            if let Err(error) = crate::export::validate(&record.article) {
                self.reject(&doc_id, error.to_string());
                continue;
            }
            live.push((leaf.rev, leaf.ancestors, record));
        }
        if live.is_empty() {
            return;
        }
        // This device's revision is still a leaf unless a fetched one descends from it.
        let ours = known
            .as_ref()
            .filter(|k| !live.iter().any(|(_, ancestors, _)| ancestors.contains(&k.rev)));
        let mut live_revs: Vec<String> = live.iter().map(|(rev, ..)| rev.clone()).collect();
        live_revs.extend(ours.map(|k| k.rev.clone()));
        let winner = live_revs
            .iter()
            .fold(None::<&String>, |best, rev| match best {
                Some(best) if !wins_over(rev, best) => Some(best),
                _ => Some(rev),
            })
            .expect("at least one live leaf")
            .clone();
        let changed_here = match (&local, &known) {
            (Some(_), Some(known)) => store.fingerprint(id).as_ref() != Some(&known.synced),
            (Some(_), None) => true,
            (None, _) => false,
        };
        let fetched_winner = live.iter().find(|(rev, ..)| *rev == winner).cloned();
        let mut versions: Vec<Record> = Vec::with_capacity(live.len() + 1);
        for (_, _, record) in &live {
            versions.push(record.clone());
        }
        match &local {
            // The local copy is this device's leaf (perhaps edited since): a version like the others.
            Some(record) if ours.is_some() => versions.push(record.clone()),
            Some(record) if changed_here => {
                let synced_at = known.as_ref().and_then(|k| k.synced_at.as_deref());
                versions.push(yielding(record, synced_at, &live));
            }
            // Unchanged here, and the server moved on: its version replaces this one.
            _ => {}
        }
        let merged = if versions.len() == 1 {
            versions.pop().expect("one version")
        } else {
            merge(&versions)
        };
        if local
            .as_ref()
            .is_none_or(|record| fingerprint(record) != fingerprint(&merged))
        {
            store.save(id, merged);
            self.report.pulled += 1;
        }
        if live_revs.len() > 1 {
            self.report.conflicts += 1;
        }
        let losers: Vec<String> = live_revs.iter().filter(|rev| **rev != winner).cloned().collect();
        let state = match (fetched_winner, known) {
            (Some((rev, ancestors, record)), _) => DocState {
                rev,
                history: ancestors.into_iter().take(HISTORY).collect(),
                synced: fingerprint(&record),
                synced_at: Some(self.now.clone()),
                losers,
                unconfirmed: false,
            },
            (None, Some(known)) => DocState { losers, ..known },
            (None, None) => unreachable!("the winner is a fetched leaf or this device's"),
        };
        self.state.docs.insert(id.to_owned(), state);
    }

    fn reject(&mut self, doc_id: &str, why: String) {
        self.report.rejected.push((doc_id.to_owned(), why));
    }

    /// The next batch of local changes to push, planned from the store.
    fn next_batch(&mut self, store: &impl Store) -> Vec<Outgoing> {
        if self.queue.is_none() {
            let changed = store
                .ids()
                .into_iter()
                .filter(|id| {
                    let Some(print) = store.fingerprint(id) else {
                        return false;
                    };
                    match self.state.docs.get(id) {
                        Some(known) => known.unconfirmed || !known.losers.is_empty() || print != known.synced,
                        None => true,
                    }
                })
                .collect::<std::collections::BTreeSet<String>>();
            self.queue = Some(changed.into_iter().collect());
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < self.options.batch && (batch.is_empty() || bytes < self.options.batch_bytes) {
            let Some(id) = self.queue.as_mut().and_then(VecDeque::pop_front) else {
                break;
            };
            let Some(record) = store.load(&id) else { continue };
            let outgoing = self.outgoing(&id, &record);
            bytes += outgoing
                .docs
                .iter()
                .map(|(_, _, doc)| approximate_size(doc))
                .sum::<usize>();
            batch.push(outgoing);
        }
        batch
    }

    /// The documents that bring the server up to `record`: its new revision and text, and the
    /// deletions of conflict losers merged into it.
    fn outgoing(&self, id: &str, record: &Record) -> Outgoing {
        let known = self.state.docs.get(id);
        let body = ArticleBody::of(record);
        let json = body.json();
        let fingerprint = body_fingerprint(&body);
        let doc_id = article_doc_id(id);
        let mut docs = Vec::new();
        let mut rev = None;
        let changed = known.is_none_or(|k| k.synced != fingerprint);
        // Unchanged but unconfirmed: the same revision is offered again, so a server that
        // has it stores nothing new.
        let offer_again = known.is_some_and(|k| k.unconfirmed) && !changed;
        if changed || offer_again {
            let new_rev = match known {
                Some(k) if offer_again => k.rev.clone(),
                _ => next_rev(known.map(|k| k.rev.as_str()), &json),
            };
            let mut lineage = vec![new_rev.as_str()];
            if let Some(k) = known {
                if !offer_again {
                    lineage.push(&k.rev);
                }
                lineage.extend(k.history.iter().map(String::as_str));
            }
            // Parsed from the canonical text rather than `to_value`, which would add a second
            // serializer of every annotation field to the bundle (the text one is already there).
            let mut doc: Value = serde_json::from_str(&json).expect("an article body's JSON reads back");
            doc["_id"] = Value::from(doc_id.clone());
            doc["_rev"] = Value::from(new_rev.clone());
            doc["_revisions"] = revisions(lineage.into_iter());
            let hash = body.text.clone();
            let text = json!({
                "_id": text_doc_id(&hash),
                "_rev": text_rev(&hash),
                "_revisions": revisions(std::iter::once(text_rev(&hash).as_str())),
                "type": TEXT_TYPE,
                "text": record.article.text,
            });
            // The text goes first: should the server stop half-way through the request, no
            // article names a text it does not have.
            docs.push((text_doc_id(&hash), text_rev(&hash), text));
            docs.push((doc_id.clone(), new_rev.clone(), doc));
            rev = Some(new_rev);
        }
        for loser in known.into_iter().flat_map(|k| &k.losers) {
            let deletion = next_rev(Some(loser), "deleted");
            let doc = json!({
                "_id": doc_id,
                "_rev": deletion,
                "_deleted": true,
                "_revisions": revisions([deletion.as_str(), loser.as_str()].into_iter()),
            });
            docs.push((doc_id.clone(), deletion, doc));
        }
        Outgoing {
            local_id: id.to_owned(),
            rev,
            fingerprint,
            docs,
        }
    }

    /// Records what the server now holds after a batch was stored (or found already there).
    fn confirm(&mut self, batch: Vec<Outgoing>) {
        for outgoing in batch {
            let entry = self.state.docs.get(&outgoing.local_id).cloned();
            let (rev, history) = match (outgoing.rev, entry.as_ref()) {
                (Some(rev), Some(old)) if rev == old.rev => (rev, old.history.clone()),
                (Some(rev), Some(old)) => {
                    let history = std::iter::once(old.rev.clone())
                        .chain(old.history.iter().cloned())
                        .take(HISTORY)
                        .collect();
                    (rev, history)
                }
                (Some(rev), None) => (rev, Vec::new()),
                (None, Some(old)) => (old.rev.clone(), old.history.clone()),
                (None, None) => continue,
            };
            self.state.docs.insert(
                outgoing.local_id,
                DocState {
                    rev,
                    history,
                    synced: outgoing.fingerprint,
                    synced_at: Some(self.now.clone()),
                    losers: Vec::new(),
                    unconfirmed: false,
                },
            );
            self.report.pushed += 1;
        }
    }

    /// Reads a `_changes` answer: the documents with leaves this device does not know.
    fn changes(&self, value: &Value) -> Option<(Vec<Changed>, Value, bool)> {
        let results = value.get("results")?.as_array()?;
        let last_seq = value.get("last_seq")?.clone();
        let more = match value.get("pending").and_then(Value::as_u64) {
            Some(pending) => pending > 0,
            None => results.len() >= self.options.feed,
        };
        let mut changed = Vec::new();
        for row in results {
            let id = row.get("id")?.as_str()?;
            let revs: Vec<String> = row
                .get("changes")?
                .as_array()?
                .iter()
                .filter_map(|change| change.get("rev")?.as_str().map(str::to_owned))
                .collect();
            let Some(local) = local_id(id) else { continue };
            let known = self.state.docs.get(local);
            let unknown: Vec<String> = revs
                .into_iter()
                .filter(|rev| known.is_none_or(|d| d.rev != *rev && !d.history.contains(rev)))
                .collect();
            if !unknown.is_empty() {
                changed.push(Changed {
                    local_id: local.to_owned(),
                    leaves: unknown,
                });
            }
        }
        Some((changed, last_seq, more))
    }
}

/// Text hashes the fetched leaves name that the local copy does not have.
fn texts_needed(leaves: &HashMap<String, Vec<Leaf>>, store: &impl Store) -> Vec<String> {
    let mut needed: Vec<String> = Vec::new();
    for (doc_id, doc_leaves) in leaves {
        let local_hash = local_id(doc_id)
            .and_then(|id| store.load(id))
            .map(|record| text_hash(&record.article.text));
        for body in doc_leaves.iter().filter_map(|leaf| leaf.body.as_ref()) {
            if Some(&body.text) != local_hash.as_ref() && !needed.contains(&body.text) {
                needed.push(body.text.clone());
            }
        }
    }
    needed.sort();
    needed
}

/// The local copy for merging with a server version that descends from the one this device
/// last took: its annotations not edited here since (updated before `synced_at`) yield to the
/// server's, so a change made elsewhere (a note cleared) is not undone by an old copy.
fn yielding(local: &Record, synced_at: Option<&str>, live: &[(String, Vec<String>, Record)]) -> Record {
    let Some(since) = synced_at.and_then(crate::export::timestamp) else {
        return local.clone();
    };
    let elsewhere: HashSet<&str> = live
        .iter()
        .flat_map(|(_, _, record)| record.article.annotations.iter().map(|a| a.id.as_str()))
        .collect();
    let mut record = local.clone();
    record.article.annotations.retain(|annotation| {
        let edited_here = annotation
            .updated
            .as_deref()
            .and_then(crate::export::timestamp)
            .is_some_and(|updated| updated >= since);
        edited_here || !elsewhere.contains(annotation.id.as_str())
    });
    record
}

/// CouchDB's `_revisions` for a lineage of revisions, newest first.
fn revisions<'a>(mut lineage: impl Iterator<Item = &'a str>) -> Value {
    let first = lineage.next().unwrap_or("1-");
    let start = split_rev(first).map_or(1, |(generation, _)| generation);
    let ids: Vec<Value> = std::iter::once(first)
        .chain(lineage)
        .filter_map(|rev| split_rev(rev).map(|(_, hash)| Value::from(hash)))
        .collect();
    json!({ "start": start, "ids": ids })
}

/// Roughly how many bytes a document takes as JSON (its strings dominate).
fn approximate_size(doc: &Value) -> usize {
    match doc {
        Value::String(text) => text.len() + 2,
        Value::Array(items) => items.iter().map(approximate_size).sum::<usize>() + 2,
        Value::Object(map) => {
            map.iter()
                .map(|(k, v)| k.len() + 3 + approximate_size(v))
                .sum::<usize>()
                + 2
        }
        _ => 8,
    }
}

/// The `_changes` sequence as a query value (a number in PouchDB and CouchDB 1, a string since).
fn seq_text(seq: &Value) -> String {
    match seq {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The (document, revision) pairs a `_revs_diff` answer says the server lacks, checking that it
/// speaks only of documents asked about; `None` when it is not such an answer.
fn revs_diff(value: &Value, batch: &[Outgoing]) -> Option<HashSet<(String, String)>> {
    let asked: HashSet<(&str, &str)> = batch
        .iter()
        .flat_map(|o| &o.docs)
        .map(|(id, rev, _)| (id.as_str(), rev.as_str()))
        .collect();
    let mut missing = HashSet::new();
    for (id, entry) in value.as_object()? {
        for rev in entry.get("missing")?.as_array()? {
            let rev = rev.as_str()?;
            if !asked.contains(&(id.as_str(), rev)) {
                return None;
            }
            missing.insert((id.clone(), rev.to_owned()));
        }
    }
    Some(missing)
}

/// Whether a 404 says the document is missing (rather than the database).
fn is_missing_doc(body: &str) -> bool {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| value.get("reason").and_then(Value::as_str).map(str::to_owned))
        .is_some_and(|reason| reason == "missing" || reason == "deleted")
}

/// Reads a `_bulk_get?revs=true` answer into (document id, leaf) pairs; `None` when it is
/// not one. A body `parse` refuses counts as not there (it is reported, never applied).
fn parse_bulk_get<T>(value: &Value, parse: impl Fn(Value) -> Option<T>) -> Option<Vec<(String, LeafOf<T>)>> {
    let mut leaves = Vec::new();
    for result in value.get("results")?.as_array()? {
        let id = result.get("id")?.as_str()?;
        for doc in result.get("docs")?.as_array()? {
            let Some(ok) = doc.get("ok") else { continue };
            let rev = ok.get("_rev")?.as_str()?.to_owned();
            let deleted = ok.get("_deleted").and_then(Value::as_bool).unwrap_or(false);
            let ancestors = ok
                .get("_revisions")
                .and_then(|revisions| {
                    let start = revisions.get("start")?.as_u64()?;
                    let ids = revisions.get("ids")?.as_array()?;
                    Some(
                        ids.iter()
                            .enumerate()
                            .skip(1)
                            .filter_map(|(i, hash)| {
                                Some(format!("{}-{}", start.checked_sub(i as u64)?, hash.as_str()?))
                            })
                            .collect(),
                    )
                })
                .unwrap_or_default();
            let body = if deleted { None } else { parse(ok.clone()) };
            leaves.push((
                id.to_owned(),
                LeafOf {
                    rev,
                    deleted,
                    body,
                    ancestors,
                },
            ));
        }
    }
    Some(leaves)
}
