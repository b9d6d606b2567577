//! What the sync tests share: a library in memory, generated articles, the loop that drives a
//! sync run over any transport, and a small CouchDB in memory (rev trees, `_changes`,
//! `_bulk_get`, `_revs_diff`, `_bulk_docs` with `new_edits: false`, `_local`) for native tests.

#![allow(dead_code)]

pub mod pouchdb;

use std::collections::{BTreeMap, HashMap};

use factmark_core::sync::{
    Method, Record, Remote, Request, Response, Step, Store, Sync, SyncError, SyncState,
};
use factmark_core::{Annotation, Article, Kind, Label, Status};
use serde_json::{json, Value};

/// A library in memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library(pub BTreeMap<String, Record>);

impl Store for Library {
    fn ids(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
    fn load(&self, id: &str) -> Option<Record> {
        self.0.get(id).cloned()
    }
    fn save(&mut self, id: &str, record: Record) {
        self.0.insert(id.to_owned(), record);
    }
}

pub fn stamp(second: u32) -> String {
    format!("2026-12-04T10:{:02}:{:02}Z", second / 60, second % 60)
}

/// An article of `words` generated words with a claim per sentence and an entity per
/// capitalised word: valid offsets, deterministic ids, no third-party text.
pub fn article(seed: usize, sentences: usize) -> Article {
    const WORDS: [&str; 12] = [
        "council", "budget", "rose", "percent", "housing", "river", "report", "minister", "said", "plan",
        "schools", "funding",
    ];
    let mut text = format!("Headline number {seed}\n\n");
    let mut annotations = Vec::new();
    for sentence in 0..sentences {
        let start = text.chars().count();
        let name = format!("Name{}x{}", seed, sentence);
        text.push_str(&name);
        text.push(' ');
        for word in 0..12 {
            text.push_str(WORDS[(seed * 7 + sentence * 3 + word) % WORDS.len()]);
            text.push(' ');
        }
        text.push_str(&format!("{} units.", seed * 31 + sentence));
        let end = text.chars().count();
        let covered: String = text.chars().skip(start).take(end - start).collect();
        let mut claim = Annotation::new(
            format!("c-{seed}-{sentence}"),
            Kind::Claim,
            None,
            start,
            end,
            &covered,
        );
        claim.score = Some(0.5);
        annotations.push(claim);
        annotations.push(Annotation::new(
            format!("e-{seed}-{sentence}"),
            Kind::Entity,
            Some(Label::Person),
            start,
            start + name.chars().count(),
            &name,
        ));
        text.push(' ');
    }
    Article {
        title: format!("Headline number {seed}"),
        text,
        annotations,
    }
}

pub fn record(seed: usize, sentences: usize) -> Record {
    Record::new(article(seed, sentences))
}

pub fn library(count: usize, sentences: usize) -> Library {
    Library(
        (0..count)
            .map(|seed| (format!("lib{seed:04}"), record(seed, sentences)))
            .collect(),
    )
}

/// Sets an annotation's status and note at `second`.
pub fn review(record: &mut Record, id: &str, status: Status, note: &str, second: u32) {
    let annotation = record
        .article
        .annotations
        .iter_mut()
        .find(|a| a.id == id)
        .expect("the annotation exists");
    annotation.status = status;
    annotation.note = note.to_owned();
    annotation.updated = Some(stamp(second));
}

pub fn annotation<'a>(record: &'a Record, id: &str) -> Option<&'a Annotation> {
    record.article.annotations.iter().find(|a| a.id == id)
}

/// Runs a whole sync over `send`; the first error stops it. Returns the run's state with the
/// result, so a caller can keep it as the app would.
pub fn run(
    remote: &Remote,
    state: SyncState,
    user: Option<String>,
    store: &mut Library,
    now: &str,
    options: factmark_core::sync::Options,
    mut send: impl FnMut(&Request) -> Option<Response>,
) -> (SyncState, Result<factmark_core::sync::Report, SyncError>) {
    let mut sync = Sync::new(remote.clone(), state, user, now.to_owned(), options);
    loop {
        match sync.next(store) {
            Step::Done(report) => return (sync.into_state(), Ok(report)),
            Step::Send(request) => {
                let Some(response) = send(&request) else {
                    return (sync.into_state(), Err(SyncError::Unreachable));
                };
                if let Err(error) = sync.answer(response, store) {
                    return (sync.into_state(), Err(error));
                }
            }
        }
    }
}

pub fn remote() -> Remote {
    Remote::new("http://127.0.0.1:5984", "team").expect("a valid remote")
}

/// One revision in the fake server's tree.
#[derive(Clone, Debug)]
struct Rev {
    parent: Option<String>,
    body: Option<Value>,
    deleted: bool,
}

/// A CouchDB database in memory, as far as replication uses it.
#[derive(Clone, Debug, Default)]
pub struct FakeCouch {
    docs: BTreeMap<String, HashMap<String, Rev>>,
    /// Document id → the sequence of its last change.
    seqs: BTreeMap<String, u64>,
    seq: u64,
    local: HashMap<String, (u64, Value)>,
    pub requests: usize,
    /// Answer sequences as CouchDB 2 and 3 do: opaque strings (`"12-g1AAAA…"`), not numbers.
    pub opaque_seqs: bool,
}

fn generation(rev: &str) -> u64 {
    rev.split('-').next().and_then(|g| g.parse().ok()).unwrap_or(0)
}

impl FakeCouch {
    fn leaves(&self, id: &str) -> Vec<String> {
        let Some(revs) = self.docs.get(id) else {
            return Vec::new();
        };
        let parents: std::collections::HashSet<&String> =
            revs.values().filter_map(|r| r.parent.as_ref()).collect();
        let mut leaves: Vec<String> = revs
            .iter()
            .filter(|(rev, r)| !parents.contains(rev) && (r.body.is_some() || r.deleted))
            .map(|(rev, _)| rev.clone())
            .collect();
        leaves.sort_by_key(|rev| std::cmp::Reverse((generation(rev), rev.clone())));
        leaves
    }

    /// The live (not deleted) leaves of a document: more than one is a conflict.
    pub fn live_leaves(&self, id: &str) -> Vec<String> {
        self.leaves(id)
            .into_iter()
            .filter(|rev| !self.docs[id][rev].deleted)
            .collect()
    }

    /// The winning revision's body.
    pub fn winner(&self, id: &str) -> Option<Value> {
        let rev = self.live_leaves(id).into_iter().next()?;
        self.docs[id][&rev].body.clone()
    }

    /// Drops every `_local` document, as restoring a database from a replica does.
    pub fn forget_checkpoints(&mut self) {
        self.local.clear();
    }

    pub fn doc_ids(&self) -> Vec<String> {
        self.docs.keys().cloned().collect()
    }

    fn lineage(&self, id: &str, rev: &str) -> Value {
        let revs = &self.docs[id];
        let mut ids = Vec::new();
        let mut at = Some(rev.to_owned());
        while let Some(rev) = at {
            ids.push(Value::from(rev.split_once('-').map_or("", |(_, h)| h)));
            at = revs.get(&rev).and_then(|r| r.parent.clone());
        }
        json!({ "start": generation(rev), "ids": ids })
    }

    pub fn handle(&mut self, request: &Request) -> Response {
        self.requests += 1;
        let path = request.path.trim_start_matches('/');
        let query = |name: &str| {
            request
                .query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let body = request.body.clone().unwrap_or(Value::Null);
        let ok = |value: Value| Response::new(200, value.to_string());
        match (request.method, path) {
            (Method::Get, "_session") => ok(json!({ "ok": true, "userCtx": { "name": null, "roles": [] } })),
            (Method::Get, p) if p.starts_with("team/_local/") => match self.local.get(p) {
                Some((rev, doc)) => {
                    let mut doc = doc.clone();
                    doc["_rev"] = Value::from(format!("0-{rev}"));
                    ok(doc)
                }
                None => Response::new(404, r#"{"error":"not_found","reason":"missing"}"#),
            },
            (Method::Put, p) if p.starts_with("team/_local/") => {
                let current = self.local.get(p).map(|(rev, _)| format!("0-{rev}"));
                if body.get("_rev").and_then(Value::as_str).map(str::to_owned) != current {
                    return Response::new(409, r#"{"error":"conflict","reason":"Document update conflict"}"#);
                }
                let next = self.local.get(p).map_or(1, |(rev, _)| rev + 1);
                self.local.insert(p.to_owned(), (next, body));
                Response::new(
                    201,
                    json!({ "ok": true, "id": p, "rev": format!("0-{next}") }).to_string(),
                )
            }
            (Method::Get, "team/_changes") => {
                let since: u64 = query("since")
                    .and_then(|s| s.split('-').next().and_then(|n| n.parse().ok()))
                    .unwrap_or(0);
                let opaque = self.opaque_seqs;
                let seq_value = |n: u64| {
                    if opaque {
                        Value::from(format!("{n}-g1AAAAR3x0aW9u"))
                    } else {
                        Value::from(n)
                    }
                };
                let limit: usize = query("limit").and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
                let mut rows: Vec<(u64, &String)> = self
                    .seqs
                    .iter()
                    .map(|(id, seq)| (*seq, id))
                    .filter(|(s, _)| *s > since)
                    .collect();
                rows.sort();
                let pending = rows.len().saturating_sub(limit);
                rows.truncate(limit);
                let last_seq = rows.last().map_or(since, |(s, _)| *s);
                let results: Vec<Value> = rows
                    .iter()
                    .map(|(seq, id)| {
                        let changes: Vec<Value> = self
                            .leaves(id)
                            .into_iter()
                            .map(|rev| json!({ "rev": rev }))
                            .collect();
                        json!({ "id": id, "seq": seq_value(*seq), "changes": changes })
                    })
                    .collect();
                ok(json!({ "results": results, "last_seq": seq_value(last_seq), "pending": pending }))
            }
            (Method::Post, "team/_bulk_get") => {
                let mut results = Vec::new();
                for wanted in body["docs"].as_array().cloned().unwrap_or_default() {
                    let id = wanted["id"].as_str().unwrap_or_default().to_owned();
                    let rev = wanted["rev"].as_str().unwrap_or_default().to_owned();
                    let doc = match self.docs.get(&id).and_then(|revs| revs.get(&rev)) {
                        Some(r) if r.deleted => {
                            json!({ "ok": { "_id": id, "_rev": rev, "_deleted": true, "_revisions": self.lineage(&id, &rev) } })
                        }
                        Some(Rev { body: Some(b), .. }) => {
                            let mut b = b.clone();
                            b["_id"] = Value::from(id.clone());
                            b["_rev"] = Value::from(rev.clone());
                            b["_revisions"] = self.lineage(&id, &rev);
                            json!({ "ok": b })
                        }
                        _ => {
                            json!({ "error": { "id": id, "rev": rev, "error": "not_found", "reason": "missing" } })
                        }
                    };
                    results.push(json!({ "id": id, "docs": [doc] }));
                }
                ok(json!({ "results": results }))
            }
            (Method::Post, "team/_revs_diff") => {
                let mut answer = serde_json::Map::new();
                for (id, revs) in body.as_object().cloned().unwrap_or_default() {
                    let missing: Vec<Value> = revs
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|rev| {
                            let rev = rev.as_str().unwrap_or_default();
                            !self
                                .docs
                                .get(&id)
                                .and_then(|r| r.get(rev))
                                .is_some_and(|r| r.body.is_some() || r.deleted)
                        })
                        .collect();
                    if !missing.is_empty() {
                        answer.insert(id, json!({ "missing": missing }));
                    }
                }
                ok(Value::Object(answer))
            }
            (Method::Post, "team/_bulk_docs") => {
                assert_eq!(
                    body["new_edits"],
                    Value::Bool(false),
                    "Factmark pushes with new_edits: false"
                );
                for doc in body["docs"].as_array().cloned().unwrap_or_default() {
                    let id = doc["_id"].as_str().expect("an _id").to_owned();
                    let rev = doc["_rev"].as_str().expect("a _rev").to_owned();
                    let start = doc["_revisions"]["start"].as_u64().expect("_revisions.start");
                    let ids: Vec<String> = doc["_revisions"]["ids"]
                        .as_array()
                        .expect("_revisions.ids")
                        .iter()
                        .map(|h| h.as_str().expect("a hash").to_owned())
                        .collect();
                    assert_eq!(format!("{start}-{}", ids[0]), rev, "_revisions starts with _rev");
                    let deleted = doc["_deleted"].as_bool().unwrap_or(false);
                    let mut body = doc.clone();
                    for key in ["_id", "_rev", "_revisions", "_deleted"] {
                        body.as_object_mut().expect("an object").remove(key);
                    }
                    let revs = self.docs.entry(id.clone()).or_default();
                    for (i, hash) in ids.iter().enumerate() {
                        let this = format!("{}-{hash}", start - i as u64);
                        let parent = ids.get(i + 1).map(|h| format!("{}-{h}", start - i as u64 - 1));
                        let entry = revs.entry(this.clone()).or_insert(Rev {
                            parent: None,
                            body: None,
                            deleted: false,
                        });
                        if entry.parent.is_none() {
                            entry.parent = parent;
                        }
                        if i == 0 && entry.body.is_none() && !entry.deleted {
                            entry.deleted = deleted;
                            entry.body = (!deleted).then(|| body.clone());
                        }
                    }
                    self.seq += 1;
                    self.seqs.insert(id, self.seq);
                }
                Response::new(201, "[]")
            }
            _ => Response::new(404, r#"{"error":"not_found","reason":"no route"}"#),
        }
    }
}
