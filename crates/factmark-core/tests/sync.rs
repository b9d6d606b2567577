//! Team sync, natively: every step of the replication plan against a CouchDB in memory, the
//! merge rule, failures as values, resumed runs, and property tests that two devices editing
//! at once end with the same library.

mod sync_common;

use factmark_core::sync::merge::merge;
use factmark_core::sync::{
    fingerprint, sign_in, Method, Options, Record, Remote, Response, Step, Sync, SyncError, SyncState,
};
use factmark_core::{Evidence, Status};
use proptest::prelude::*;
use serde_json::Value;
use sync_common::{annotation, library, record, remote, review, run, stamp, FakeCouch, Library};

fn sync(couch: &mut FakeCouch, state: SyncState, library: &mut Library, now: u32) -> SyncState {
    let (state, result) = run(
        &remote(),
        state,
        None,
        library,
        &stamp(now),
        Options::default(),
        |r| Some(couch.handle(r)),
    );
    result.expect("the sync succeeds");
    state
}

fn fresh(id: &str) -> SyncState {
    SyncState::new(id, &remote())
}

/// Every article doc on the server has one live revision, and the libraries agree.
fn assert_converged(couch: &FakeCouch, a: &Library, b: &Library) {
    for id in couch.doc_ids() {
        let live = couch.live_leaves(&id);
        assert_eq!(live.len(), 1, "{id} has one live revision, not {live:?}");
    }
    let prints = |l: &Library| -> Vec<(String, String)> {
        l.0.iter().map(|(id, r)| (id.clone(), fingerprint(r))).collect()
    };
    assert_eq!(prints(a), prints(b), "both devices hold the same library");
}

#[test]
fn server_urls_are_checked() {
    let rows: &[(&str, &str, Result<&str, &str>)] = &[
        (
            "https://couch.example.org",
            "team",
            Ok("https://couch.example.org"),
        ),
        (
            "https://couch.example.org:6984/db-proxy/",
            "team",
            Ok("https://couch.example.org:6984/db-proxy"),
        ),
        ("http://localhost:5984", "team", Ok("http://localhost:5984")),
        ("http://127.0.0.1:5984", "team", Ok("http://127.0.0.1:5984")),
        ("http://[::1]:5984", "team", Ok("http://[::1]:5984")),
        (
            "HTTPS://Couch.Example.org",
            "team",
            Ok("https://couch.example.org"),
        ),
        ("http://couch.example.org", "team", Err("plain http")),
        ("http://192.168.1.5:5984", "team", Err("plain http")),
        ("http://localhost.evil.org", "team", Err("plain http")),
        (
            "https://ann:secret@couch.example.org",
            "team",
            Err("Leave the user name and password out"),
        ),
        (
            "ftp://couch.example.org",
            "team",
            Err("should start with https://"),
        ),
        ("couch.example.org", "team", Err("should start with https://")),
        ("https://", "team", Err("no valid server name")),
        (
            "https://couch.example.org:99999",
            "team",
            Err("no valid server name"),
        ),
        ("https://couch.example.org/?db=x", "team", Err("query")),
        (
            "https://couch.example.org/my couch",
            "team",
            Err("path holds characters"),
        ),
        (
            "https://couch.example.org",
            "Team",
            Err("not a CouchDB database name"),
        ),
        (
            "https://couch.example.org",
            "_users",
            Err("not a CouchDB database name"),
        ),
        (
            "https://couch.example.org",
            "",
            Err("not a CouchDB database name"),
        ),
    ];
    for (url, database, expected) in rows {
        match (Remote::new(url, database), expected) {
            (Ok(remote), Ok(server)) => assert_eq!(remote.server(), *server, "{url}"),
            (Err(error), Err(words)) => {
                let message = error.to_string();
                assert!(message.contains(words), "{url}: {message:?} should say {words:?}");
            }
            (got, want) => panic!("{url} {database}: got {got:?}, want {want:?}"),
        }
    }
    let insecure = Remote::new("http://couch.example.org", "team")
        .expect_err("refused")
        .to_string();
    assert!(insecure.contains("localhost, 127.0.0.1 or [::1]"), "{insecure}");
}

#[test]
fn a_run_asks_for_what_the_protocol_says() {
    let remote = Remote::new("https://couch.example.org/proxy", "news/desk").expect("valid");
    let mut library = library(1, 2);
    let mut sync = Sync::new(
        remote.clone(),
        SyncState::new("lib", &remote),
        None,
        stamp(0),
        Options::default(),
    );
    let mut couch = FakeCouch::default();
    let mut targets = Vec::new();
    while let Step::Send(request) = sync.next(&library) {
        targets.push(format!("{} {}", request.method.as_str(), request.target()));
        if request.path.ends_with("_bulk_docs") {
            let body = request.body.as_ref().expect("a body");
            assert_eq!(body["new_edits"], Value::Bool(false));
            let article = &body["docs"][1];
            assert_eq!(article["_id"], "article-lib0000");
            let rev = article["_rev"].as_str().expect("a rev");
            assert!(rev.starts_with("1-") && rev.len() == 34, "{rev}");
            assert_eq!(article["_revisions"]["start"], 1);
            assert_eq!(article["type"], "factmark-article");
            assert!(
                article
                    .get("text")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.len() == 32),
                "the text by hash"
            );
            let text = &body["docs"][0];
            assert!(
                text["_id"].as_str().is_some_and(|id| id.starts_with("text-")),
                "{text}"
            );
            assert_eq!(
                text["text"].as_str(),
                Some(library.0["lib0000"].article.text.as_str())
            );
        }
        // The fake serves a database called "team" at the root.
        let mut local = request.clone();
        local.path = local
            .path
            .replace("/proxy/news%2Fdesk/", "/team/")
            .replace("/proxy/", "/");
        sync.answer(couch.handle(&local), &mut library)
            .expect("each answer is taken");
    }
    let id = SyncState::new("lib", &remote).replication_id;
    assert_eq!(
        targets,
        vec![
            "GET /proxy/_session".to_owned(),
            format!("GET /proxy/news%2Fdesk/_local/{id}"),
            "GET /proxy/news%2Fdesk/_changes?style=all_docs&limit=500".to_owned(),
            format!("PUT /proxy/news%2Fdesk/_local/{id}"),
            "POST /proxy/news%2Fdesk/_revs_diff".to_owned(),
            "POST /proxy/news%2Fdesk/_bulk_docs".to_owned(),
        ]
    );
    assert_eq!(
        remote.url(&factmark_core::sync::sign_out(&remote)),
        "https://couch.example.org/proxy/_session"
    );
}

#[test]
fn pushing_then_pulling_copies_a_library_exactly() {
    let mut couch = FakeCouch::default();
    let mut a = library(7, 3);
    let mut b = Library::default();
    review(
        a.0.get_mut("lib0003").expect("article"),
        "c-3-1",
        Status::Disputed,
        "Figures differ",
        5,
    );
    let state_a = sync(&mut couch, fresh("a"), &mut a, 10);
    assert_eq!(state_a.docs.len(), 7);
    let state_b = sync(&mut couch, fresh("b"), &mut b, 11);
    assert_eq!(a, b, "B holds exactly A's library");
    assert_eq!(state_b.docs.len(), 7);
    // Nothing left to do either way: a second run sends nothing.
    let before = couch.requests;
    let _ = sync(&mut couch, state_b, &mut b, 12);
    assert_eq!(
        couch.requests - before,
        3,
        "session, checkpoint, changes: no fetch, push or new checkpoint"
    );
    assert_eq!(couch.doc_ids().len(), 14, "7 articles and 7 texts, one copy each");
}

#[test]
fn a_recreated_database_gets_everything_again() {
    let mut couch = FakeCouch::default();
    let mut a = library(3, 2);
    let state = sync(&mut couch, fresh("a"), &mut a, 10);
    review(
        a.0.get_mut("lib0001").expect("article"),
        "c-1-0",
        Status::Verified,
        "",
        20,
    );
    let state = sync(&mut couch, state, &mut a, 21);
    // The administrator deletes and recreates the database.
    let mut recreated = FakeCouch::default();
    let state = sync(&mut recreated, state, &mut a, 30);
    assert_eq!(
        recreated.doc_ids().len(),
        6,
        "every article and text is there again"
    );
    for (id, doc) in &state.docs {
        assert_eq!(
            recreated.live_leaves(&format!("article-{id}")),
            vec![doc.rev.clone()],
            "the same revision"
        );
    }
    let mut b = Library::default();
    let _ = sync(&mut recreated, fresh("b"), &mut b, 31);
    assert_eq!(b, a);
    // Restored from a replica (documents there, checkpoints not): offered, nothing uploaded.
    let mut restored = couch.clone();
    restored.forget_checkpoints();
    let mut uploads = 0;
    let (_, result) = run(
        &remote(),
        state,
        None,
        &mut a,
        &stamp(40),
        Options::default(),
        |request| {
            uploads += usize::from(request.path.ends_with("_bulk_docs"));
            Some(restored.handle(request))
        },
    );
    result.expect("the sync succeeds");
    assert_eq!(uploads, 0, "_revs_diff found everything already there");
}

#[test]
fn couchdb_3_opaque_sequences_are_kept_as_they_are() {
    let mut couch = FakeCouch::default();
    couch.opaque_seqs = true;
    let mut a = library(4, 2);
    let state_a = sync(&mut couch, fresh("a"), &mut a, 10);
    let mut b = Library::default();
    let state_b = sync(&mut couch, fresh("b"), &mut b, 11);
    assert_eq!(b, a);
    let since = state_b.since.clone().expect("a checkpoint");
    assert!(
        since.as_str().is_some_and(|s| s.ends_with("-g1AAAAR3x0aW9u")),
        "{since}"
    );
    review(
        a.0.get_mut("lib0002").expect("article"),
        "c-2-1",
        Status::Disputed,
        "",
        20,
    );
    let _ = sync(&mut couch, state_a, &mut a, 21);
    let mut sync_b = Sync::new(remote(), state_b, None, stamp(22), Options::default());
    while let Step::Send(request) = sync_b.next(&b) {
        if request.path.ends_with("_changes") {
            let sent = request
                .query
                .iter()
                .find(|(n, _)| n == "since")
                .map(|(_, v)| v.clone());
            assert_eq!(sent.as_deref(), since.as_str(), "the string goes back untouched");
            break;
        }
        sync_b.answer(couch.handle(&request), &mut b).expect("taken");
    }
    let (_, result) = run(
        &remote(),
        sync_b.into_state(),
        None,
        &mut b,
        &stamp(23),
        Options::default(),
        |r| Some(couch.handle(r)),
    );
    assert_eq!(result.expect("the sync succeeds").pulled, 1);
    assert_eq!(b, a);
}

#[test]
fn a_status_change_sends_the_annotations_not_the_text() {
    let mut couch = FakeCouch::default();
    let mut a = library(1, 3);
    let state = sync(&mut couch, fresh("a"), &mut a, 10);
    review(
        a.0.get_mut("lib0000").expect("article"),
        "c-0-0",
        Status::Verified,
        "",
        20,
    );
    let mut sync = Sync::new(remote(), state, None, stamp(21), Options::default());
    let mut uploaded = Vec::new();
    while let Step::Send(request) = sync.next(&a) {
        if request.path.ends_with("_bulk_docs") {
            uploaded = request.body.as_ref().expect("body")["docs"]
                .as_array()
                .expect("docs")
                .clone();
        }
        sync.answer(couch.handle(&request), &mut a).expect("taken");
    }
    assert_eq!(uploaded.len(), 1, "only the article document: {uploaded:?}");
    assert!(uploaded[0]["_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("article-")));
    assert!(uploaded[0]["_rev"]
        .as_str()
        .is_some_and(|rev| rev.starts_with("2-")));
    assert_eq!(uploaded[0]["_revisions"]["ids"].as_array().map(Vec::len), Some(2));
}

#[test]
fn revisions_are_deterministic() {
    // The same content from two devices is the same revision: the server keeps one.
    let mut couch = FakeCouch::default();
    let mut a = library(2, 2);
    let mut b = a.clone();
    let _ = sync(&mut couch, fresh("a"), &mut a, 10);
    let _ = sync(&mut couch, fresh("b"), &mut b, 11);
    for id in couch.doc_ids() {
        assert_eq!(couch.live_leaves(&id).len(), 1, "{id}");
        assert!(
            couch.live_leaves(&id)[0].starts_with("1-"),
            "{id}: no second revision"
        );
    }
}

/// Two devices that start from the same synced library, then edit.
fn two_devices(count: usize) -> (FakeCouch, Library, SyncState, Library, SyncState) {
    let mut couch = FakeCouch::default();
    let mut a = library(count, 3);
    let state_a = sync(&mut couch, fresh("a"), &mut a, 1);
    let mut b = Library::default();
    let state_b = sync(&mut couch, fresh("b"), &mut b, 2);
    (couch, a, state_a, b, state_b)
}

#[test]
fn edits_on_both_devices_meet() {
    let (mut couch, mut a, state_a, mut b, state_b) = two_devices(2);
    let art = |l: &mut Library| l.0.get_mut("lib0000").expect("article").clone();
    // A verifies c-0-0 with a note; B disputes c-0-1; both change c-0-2, B later.
    let mut ra = art(&mut a);
    review(
        &mut ra,
        "c-0-0",
        Status::Verified,
        "Checked with the council",
        100,
    );
    review(&mut ra, "c-0-2", Status::Verified, "A's note", 101);
    a.0.insert("lib0000".into(), ra);
    let mut rb = art(&mut b);
    review(&mut rb, "c-0-1", Status::Disputed, "", 102);
    review(&mut rb, "c-0-2", Status::Disputed, "", 103);
    b.0.insert("lib0000".into(), rb);
    let state_a = sync(&mut couch, state_a, &mut a, 200);
    let state_b = sync(&mut couch, state_b, &mut b, 201);
    let _ = sync(&mut couch, state_a, &mut a, 202);
    assert_converged(&couch, &a, &b);
    let merged = &a.0["lib0000"];
    let c0 = annotation(merged, "c-0-0").expect("c-0-0");
    assert_eq!(
        (c0.status, c0.note.as_str()),
        (Status::Verified, "Checked with the council")
    );
    assert_eq!(
        annotation(merged, "c-0-1").expect("c-0-1").status,
        Status::Disputed
    );
    let c2 = annotation(merged, "c-0-2").expect("c-0-2");
    assert_eq!(c2.status, Status::Disputed, "the later change wins");
    assert_eq!(
        c2.note, "A's note",
        "the note the later change did not touch is kept"
    );
    let _ = state_b;
}

#[test]
fn a_note_cleared_elsewhere_stays_cleared() {
    let (mut couch, mut a, state_a, mut b, state_b) = two_devices(1);
    let mut ra = a.0["lib0000"].clone();
    review(&mut ra, "c-0-0", Status::Verified, "first thoughts", 100);
    a.0.insert("lib0000".into(), ra);
    let state_a = sync(&mut couch, state_a, &mut a, 110);
    let state_b = sync(&mut couch, state_b, &mut b, 120);
    // B clears the note; A meanwhile edits another annotation of the same article.
    let mut rb = b.0["lib0000"].clone();
    review(&mut rb, "c-0-0", Status::Verified, "", 130);
    b.0.insert("lib0000".into(), rb);
    let _ = sync(&mut couch, state_b, &mut b, 140);
    let mut ra = a.0["lib0000"].clone();
    review(&mut ra, "c-0-2", Status::Disputed, "", 150);
    a.0.insert("lib0000".into(), ra);
    let _ = sync(&mut couch, state_a, &mut a, 160);
    let merged = &a.0["lib0000"];
    assert_eq!(
        annotation(merged, "c-0-0").expect("c-0-0").note,
        "",
        "A's old copy does not bring the note back"
    );
    assert_eq!(
        annotation(merged, "c-0-2").expect("c-0-2").status,
        Status::Disputed
    );
}

#[test]
fn deletions_win_over_older_edits_only() {
    let (mut couch, mut a, state_a, mut b, state_b) = two_devices(1);
    // A deletes c-0-0 at 150 and c-0-1 at 150; B edited c-0-0 at 120 (older) and c-0-1 at 180 (later).
    let mut ra = a.0["lib0000"].clone();
    ra.article
        .annotations
        .retain(|x| x.id != "c-0-0" && x.id != "c-0-1");
    ra.tombstones.insert("c-0-0".into(), stamp(150));
    ra.tombstones.insert("c-0-1".into(), stamp(150));
    a.0.insert("lib0000".into(), ra);
    let mut rb = b.0["lib0000"].clone();
    review(&mut rb, "c-0-0", Status::Verified, "old edit", 120);
    review(&mut rb, "c-0-1", Status::Disputed, "new edit", 180);
    b.0.insert("lib0000".into(), rb);
    let state_a = sync(&mut couch, state_a, &mut a, 200);
    let _ = sync(&mut couch, state_b, &mut b, 201);
    let _ = sync(&mut couch, state_a, &mut a, 202);
    assert_converged(&couch, &a, &b);
    let merged = &b.0["lib0000"];
    assert!(
        annotation(merged, "c-0-0").is_none(),
        "the deletion wins over the older edit"
    );
    assert_eq!(merged.tombstones.get("c-0-0"), Some(&stamp(150)));
    let revived = annotation(merged, "c-0-1").expect("the later edit brings it back");
    assert_eq!(
        (revived.status, revived.note.as_str()),
        (Status::Disputed, "new edit")
    );
}

/// A run that pushes without pulling first (the feed answered as empty), as when two devices
/// push at the same moment: each writes a child of the same revision, a conflict.
fn push_only(couch: &mut FakeCouch, library: &mut Library, state: SyncState, now: u32) -> SyncState {
    let mut sync = Sync::new(remote(), state, None, stamp(now), Options::default());
    while let Step::Send(request) = sync.next(library) {
        let response = if request.path.ends_with("_changes") {
            Response::new(200, r#"{"results":[],"last_seq":0}"#)
        } else {
            couch.handle(&request)
        };
        sync.answer(response, library).expect("taken");
    }
    sync.into_state()
}

#[test]
fn conflicting_revisions_merge_the_same_on_both_devices() {
    let (mut couch, mut a, state_a, mut b, state_b) = two_devices(1);
    let mut ra = a.0["lib0000"].clone();
    review(&mut ra, "c-0-0", Status::Verified, "A checked", 100);
    ra.article
        .annotations
        .iter_mut()
        .find(|x| x.id == "c-0-2")
        .expect("c-0-2")
        .evidence
        .push(Evidence {
            url: "https://a.example/source".into(),
            title: None,
        });
    ra.article
        .annotations
        .iter_mut()
        .find(|x| x.id == "c-0-2")
        .expect("c-0-2")
        .updated = Some(stamp(100));
    a.0.insert("lib0000".into(), ra);
    let mut rb = b.0["lib0000"].clone();
    review(&mut rb, "c-0-0", Status::Disputed, "B disputes", 105);
    review(&mut rb, "c-0-2", Status::Verified, "", 106);
    b.0.insert("lib0000".into(), rb);
    // Push both without pulling: each device's push is planned from the same base.
    let state_a = push_only(&mut couch, &mut a, state_a, 110);
    let state_b = push_only(&mut couch, &mut b, state_b, 111);
    assert_eq!(
        couch.live_leaves("article-lib0000").len(),
        2,
        "the server holds a conflict"
    );
    let state_a = sync(&mut couch, state_a, &mut a, 120);
    let state_b = sync(&mut couch, state_b, &mut b, 121);
    let _ = sync(&mut couch, state_a, &mut a, 122);
    let _ = sync(&mut couch, state_b, &mut b, 123);
    assert_converged(&couch, &a, &b);
    let merged = &a.0["lib0000"];
    let c0 = annotation(merged, "c-0-0").expect("c-0-0");
    assert_eq!(c0.status, Status::Disputed, "the later verdict wins");
    assert_eq!(c0.note, "B disputes\n\nA checked", "both notes are kept");
    let c2 = annotation(merged, "c-0-2").expect("c-0-2");
    assert_eq!(c2.status, Status::Verified);
    assert_eq!(c2.evidence.len(), 1, "A's link survives B's later edit");
}

fn versions() -> (Record, Record) {
    let base = record(1, 2);
    let mut a = base.clone();
    let mut b = base;
    review(&mut a, "c-1-0", Status::Verified, "note a", 10);
    review(&mut b, "c-1-0", Status::Disputed, "note b", 20);
    review(&mut b, "c-1-1", Status::Verified, "", 5);
    (a, b)
}

#[test]
fn the_merge_rule_table() {
    // (annotation in A, annotation in B) → (status, note, links) of the result.
    type Side = (Status, &'static str, &'static [&'static str], u32);
    type Result = (Status, &'static str, &'static [&'static str]);
    let rows: &[(Side, Side, Result)] = &[
        // The later edit wins; the earlier note is kept after it.
        (
            (Status::Verified, "a", &[], 10),
            (Status::Disputed, "b", &[], 20),
            (Status::Disputed, "b\n\na", &[]),
        ),
        // A note the winner did not have is kept as it is.
        (
            (Status::Verified, "a", &[], 10),
            (Status::Disputed, "", &[], 20),
            (Status::Disputed, "a", &[]),
        ),
        // A note that grew is not repeated.
        (
            (Status::Verified, "a", &[], 10),
            (Status::Verified, "a, and more", &[], 20),
            (Status::Verified, "a, and more", &[]),
        ),
        (
            (Status::Verified, "a, and more", &[], 10),
            (Status::Verified, "a", &[], 20),
            (Status::Verified, "a, and more", &[]),
        ),
        // Links are united by URL, the winner's first.
        (
            (Status::Verified, "", &["u1", "u2"], 10),
            (Status::Disputed, "", &["u3", "u1"], 20),
            (Status::Disputed, "", &["u3", "u1", "u2"]),
        ),
        // Equal times: the same answer whichever device merges (tested both ways below).
        (
            (Status::Verified, "x", &[], 10),
            (Status::Disputed, "y", &[], 10),
            (Status::Verified, "x\n\ny", &[]),
        ),
    ];
    for (a, b, expected) in rows {
        let make = |(status, note, links, second): &Side| {
            let mut r = record(1, 1);
            review(&mut r, "c-1-0", *status, note, *second);
            let x = r
                .article
                .annotations
                .iter_mut()
                .find(|x| x.id == "c-1-0")
                .expect("c-1-0");
            x.evidence = links
                .iter()
                .map(|u| Evidence {
                    url: (*u).into(),
                    title: None,
                })
                .collect();
            r
        };
        let (ra, rb) = (make(a), make(b));
        for merged in [merge(&[ra.clone(), rb.clone()]), merge(&[rb.clone(), ra.clone()])] {
            let x = annotation(&merged, "c-1-0").expect("kept");
            let links: Vec<&str> = x.evidence.iter().map(|e| e.url.as_str()).collect();
            assert_eq!(
                (x.status, x.note.as_str(), links.as_slice()),
                (expected.0, expected.1, expected.2),
                "{a:?} + {b:?}"
            );
        }
    }
    let (a, b) = versions();
    let once = merge(&[a.clone(), b.clone()]);
    assert_eq!(
        merge(&[once.clone(), a.clone()]),
        once,
        "merging again changes nothing"
    );
    assert_eq!(merge(&[once.clone(), b]), once);
    assert_eq!(merge(&[once.clone(), once.clone()]), once);
}

#[test]
fn a_concurrent_text_edit_keeps_the_work_that_no_longer_fits() {
    let base = record(2, 3);
    let mut a = base.clone();
    let mut b = base.clone();
    // A rewrites the text (later), dropping the second sentence; B had reviewed a claim there.
    let second = annotation(&base, "c-2-1").expect("c-2-1").text.clone();
    let new_text = a.article.text.replace(&second, "A new sentence.");
    a.article.annotations =
        factmark_core::anchor::reanchor(&a.article.text, &new_text, &a.article.annotations).placed;
    a.article.text = new_text;
    assert!(annotation(&a, "c-2-1").is_none() && annotation(&a, "c-2-2").is_some());
    a.edited = Some(stamp(50));
    review(&mut b, "c-2-1", Status::Disputed, "wrong figure", 40);
    review(&mut b, "c-2-2", Status::Verified, "", 41);
    for merged in [merge(&[a.clone(), b.clone()]), merge(&[b.clone(), a.clone()])] {
        assert_eq!(merged.article.text, a.article.text, "the later text wins");
        assert_eq!(
            annotation(&merged, "c-2-2").expect("re-anchored").status,
            Status::Verified
        );
        assert_eq!(factmark_core::export::validate(&merged.article), Ok(()));
        assert_eq!(merged.unplaced.len(), 1, "{:?}", merged.unplaced);
        assert_eq!(merged.unplaced[0].note, "wrong figure");
    }
}

#[test]
fn article_deletion_holds_unless_something_changed_later() {
    let base = record(3, 1);
    let mut gone = base.clone();
    gone.deleted = Some(stamp(100));
    let mut edited = base.clone();
    review(&mut edited, "c-3-0", Status::Verified, "", 50);
    assert_eq!(merge(&[gone.clone(), edited.clone()]).deleted, Some(stamp(100)));
    review(&mut edited, "c-3-0", Status::Verified, "", 150);
    let merged = merge(&[edited, gone]);
    assert_eq!(
        merged.deleted, None,
        "an edit after the deletion brings the article back"
    );
    assert_eq!(
        annotation(&merged, "c-3-0").expect("kept").status,
        Status::Verified
    );
}

/// The answers a server gives when something is wrong, and the error each must become.
/// A bad answer, a test of the error it gives, and words its message must hold.
type BadAnswer = (Response, fn(&SyncError) -> bool, &'static str);

fn bad_answers() -> Vec<BadAnswer> {
    vec![
        (
            Response::new(502, "<html><body>Bad Gateway</body></html>"),
            |e| matches!(e, SyncError::Unexpected { .. }),
            "not a CouchDB answer",
        ),
        (
            Response::new(200, "<!doctype html><title>Sign in to Wi-Fi</title>"),
            |e| matches!(e, SyncError::Unexpected { .. }),
            "not a CouchDB answer",
        ),
        (
            Response::new(200, r#"{"unexpected": "shape"}"#),
            |e| matches!(e, SyncError::Unexpected { .. }),
            "not a CouchDB answer",
        ),
        (
            Response::new(200, r#"{"results": [{"id": 5}], "last_seq": 1}"#),
            |e| matches!(e, SyncError::Unexpected { .. }),
            "not a CouchDB answer",
        ),
        (
            Response::new(200, "[1, 2"),
            |e| matches!(e, SyncError::Unexpected { .. }),
            "not a CouchDB answer",
        ),
        (
            Response::new(
                401,
                r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#,
            ),
            |e| *e == SyncError::WrongPassword,
            "refused the password",
        ),
        (
            Response::new(
                401,
                r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#,
            ),
            |e| matches!(e, SyncError::SignInNeeded { .. }),
            "sign in",
        ),
        (
            Response::new(
                403,
                r#"{"error":"forbidden","reason":"You are not allowed to access this db."}"#,
            ),
            |e| matches!(e, SyncError::SignInNeeded { .. }),
            "sign in",
        ),
        (
            Response::new(500, r#"{"error":"unknown_error","reason":"function_clause"}"#),
            |e| matches!(e, SyncError::Server { status: 500, .. }),
            "The server failed",
        ),
        (
            Response::new(
                404,
                r#"{"error":"not_found","reason":"Database does not exist."}"#,
            ),
            |e| matches!(e, SyncError::NoDatabase { .. }),
            "has no database",
        ),
    ]
}

/// The requests of a first sync of `library`, and the server's answers, recorded.
fn recorded_run(library: &Library) -> Vec<(factmark_core::sync::Request, Response)> {
    let mut couch = FakeCouch::default();
    let mut store = library.clone();
    let mut sync = Sync::new(
        remote(),
        fresh("a"),
        None,
        stamp(0),
        Options {
            batch: 2,
            feed: 3,
            ..Options::default()
        },
    );
    let mut log = Vec::new();
    while let Step::Send(request) = sync.next(&store) {
        let response = couch.handle(&request);
        log.push((request, response.clone()));
        sync.answer(response, &mut store).expect("taken");
    }
    log
}

#[test]
fn a_bad_answer_at_any_step_is_an_error_in_words_and_changes_nothing() {
    // B has a library and pulls A's: every step of a two-way run is exercised.
    let mut couch = FakeCouch::default();
    let mut a = library(3, 2);
    let _ = sync(&mut couch, fresh("a"), &mut a, 1);
    let mut b = library(5, 2);
    b.0.retain(|id, _| id.as_str() >= "lib0002");
    review(
        b.0.get_mut("lib0004").expect("article"),
        "c-4-0",
        Status::Verified,
        "b",
        3,
    );
    let steps = {
        let mut probe = couch.clone();
        let mut store = b.clone();
        let (_, result) = run(
            &remote(),
            fresh("b"),
            None,
            &mut store,
            &stamp(5),
            Options {
                batch: 2,
                feed: 3,
                ..Options::default()
            },
            |r| Some(probe.handle(r)),
        );
        result.expect("a clean run").requests
    };
    assert!(steps >= 10, "the run has pull and push steps: {steps}");
    for step in 0..steps {
        for (bad, is_expected, words) in bad_answers() {
            let mut server = couch.clone();
            let mut store = b.clone();
            let mut sync = Sync::new(
                remote(),
                fresh("b"),
                None,
                stamp(5),
                Options {
                    batch: 2,
                    feed: 3,
                    ..Options::default()
                },
            );
            for _ in 0..step {
                let Step::Send(request) = sync.next(&store) else {
                    panic!("fewer steps than counted")
                };
                sync.answer(server.handle(&request), &mut store).expect("taken");
            }
            let Step::Send(_) = sync.next(&store) else {
                panic!("step {step} exists")
            };
            let (store_before, state_before) = (store.clone(), sync.state().clone());
            let error = sync
                .answer(bad.clone(), &mut store)
                .expect_err("a bad answer is an error");
            // 401 "not authorized" and a 404 mean the same at every step; the 404 of the
            // checkpoint is "no checkpoint yet", not an error, when it says "missing".
            assert!(is_expected(&error), "step {step}, {bad:?}: got {error:?}");
            assert!(error.to_string().contains(words), "step {step}: {error}");
            assert_eq!(store, store_before, "step {step}: the library is untouched");
            assert_eq!(
                sync.state(),
                &state_before,
                "step {step}: the sync state is untouched"
            );
        }
    }
}

#[test]
fn failures_are_worded_for_people() {
    let rows: &[(SyncError, &str)] = &[
        (
            SyncError::Unreachable,
            "The server is unreachable: your work is kept here and will sync later.",
        ),
        (SyncError::WrongPassword, "The server refused the password"),
        (
            SyncError::NotMember {
                database: "team".into(),
            },
            "You are not a member of this database (“team”)",
        ),
        (SyncError::SessionEnded, "sign in again"),
        (
            SyncError::TooLarge {
                article: Some("lib1".into()),
            },
            "too large",
        ),
    ];
    for (error, words) in rows {
        assert!(error.to_string().contains(words), "{error}");
    }
    // Signed in but not a member: PouchDB Server says 401, CouchDB 403.
    for status in [401, 403] {
        let mut store = library(1, 1);
        let mut sync = Sync::new(
            remote(),
            fresh("a"),
            Some("bob".into()),
            stamp(0),
            Options::default(),
        );
        let Step::Send(_) = sync.next(&store) else {
            panic!("a request")
        };
        sync.answer(
            Response::new(200, r#"{"ok":true,"userCtx":{"name":"bob","roles":[]}}"#),
            &mut store,
        )
        .expect("taken");
        let Step::Send(_) = sync.next(&store) else {
            panic!("a request")
        };
        let error = sync
            .answer(
                Response::new(
                    status,
                    r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#,
                ),
                &mut store,
            )
            .expect_err("refused");
        assert_eq!(
            error,
            SyncError::NotMember {
                database: "team".into()
            },
            "{status}"
        );
    }
    // The app thought it was signed in; the server has forgotten the session.
    let mut store = library(1, 1);
    let mut sync = Sync::new(
        remote(),
        fresh("a"),
        Some("bob".into()),
        stamp(0),
        Options::default(),
    );
    let Step::Send(_) = sync.next(&store) else {
        panic!("a request")
    };
    let error = sync.answer(
        Response::new(200, r#"{"ok":true,"userCtx":{"name":null,"roles":[]}}"#),
        &mut store,
    );
    assert_eq!(error, Err(SyncError::SessionEnded));
}

#[test]
fn an_unreachable_server_leaves_everything_as_it_was() {
    let mut store = library(2, 1);
    let before = store.clone();
    let (state, result) = run(
        &remote(),
        fresh("a"),
        None,
        &mut store,
        &stamp(0),
        Options::default(),
        |_| None,
    );
    assert_eq!(result, Err(SyncError::Unreachable));
    assert_eq!(state, fresh("a"));
    assert_eq!(store, before);
}

#[test]
fn a_run_stopped_anywhere_resumes_without_duplicates() {
    let a = library(5, 2);
    let total = recorded_run(&a).len();
    for stop in 0..=total {
        for drop_state in [false, true] {
            let mut couch = FakeCouch::default();
            let mut store = a.clone();
            let options = Options {
                batch: 2,
                feed: 3,
                ..Options::default()
            };
            let mut sync = Sync::new(remote(), fresh("a"), None, stamp(0), options);
            for _ in 0..stop {
                let Step::Send(request) = sync.next(&store) else {
                    break;
                };
                sync.answer(couch.handle(&request), &mut store).expect("taken");
            }
            // The app kept the state after each answer; or, worse, lost it entirely.
            let kept = if drop_state { fresh("a") } else { sync.into_state() };
            let (_, result) = run(&remote(), kept, None, &mut store, &stamp(1), options, |r| {
                Some(couch.handle(r))
            });
            result.expect("the second run finishes");
            assert_eq!(store, a, "stop {stop}: the library is unchanged");
            assert_eq!(couch.doc_ids().len(), 10, "stop {stop}: 5 articles and 5 texts");
            for id in couch.doc_ids() {
                assert_eq!(couch.live_leaves(&id), vec![couch.live_leaves(&id)[0].clone()]);
                assert!(
                    couch.live_leaves(&id)[0].starts_with("1-"),
                    "stop {stop}: {id} was written once"
                );
            }
            let mut b = Library::default();
            let _ = sync_to(&mut couch, &mut b);
            assert_eq!(b, a, "stop {stop}: a third device gets exactly the library");
        }
    }
}

fn sync_to(couch: &mut FakeCouch, library: &mut Library) -> SyncState {
    sync(couch, fresh("third"), library, 9)
}

#[test]
fn too_large_requests_shrink_the_batch_then_say_so() {
    let mut couch = FakeCouch::default();
    let mut store = library(6, 2);
    // A server that takes at most two documents per request.
    let (_, result) = run(
        &remote(),
        fresh("a"),
        None,
        &mut store,
        &stamp(0),
        Options::default(),
        |request| {
            let docs = request
                .body
                .as_ref()
                .and_then(|b| b.get("docs"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if request.path.ends_with("_bulk_docs") && docs > 2 {
                Some(Response::new(413, "<html>Request Entity Too Large</html>"))
            } else {
                Some(couch.handle(request))
            }
        },
    );
    assert_eq!(result.expect("it adapts").pushed, 6);
    assert_eq!(couch.doc_ids().len(), 12);
    // One article alone too large: an error naming it.
    let mut couch = FakeCouch::default();
    let mut store = library(1, 2);
    let (_, result) = run(
        &remote(),
        fresh("a"),
        None,
        &mut store,
        &stamp(0),
        Options::default(),
        |request| {
            if request.path.ends_with("_bulk_docs") {
                Some(Response::new(413, ""))
            } else {
                Some(couch.handle(request))
            }
        },
    );
    assert_eq!(
        result,
        Err(SyncError::TooLarge {
            article: Some("lib0000".into())
        })
    );
    // CouchDB refusing one document of a batch as larger than its max_document_size.
    let mut couch = FakeCouch::default();
    let mut store = library(2, 2);
    let (state, result) = run(
        &remote(),
        fresh("a"),
        None,
        &mut store,
        &stamp(0),
        Options::default(),
        |request| {
            if request.path.ends_with("_bulk_docs") {
                Some(Response::new(
                    201,
                    r#"[{"id":"article-lib0001","error":"too_large","reason":"the document exceeds 8000000 bytes"}]"#,
                ))
            } else {
                Some(couch.handle(request))
            }
        },
    );
    assert_eq!(
        result,
        Err(SyncError::TooLarge {
            article: Some("lib0001".into())
        })
    );
    assert!(state.docs.is_empty(), "nothing is recorded as synced");
}

#[test]
fn batches_are_bounded() {
    let mut couch = FakeCouch::default();
    let mut store = library(120, 4);
    let options = Options {
        batch: 25,
        feed: 60,
        batch_bytes: 64 * 1024,
    };
    let mut sync = Sync::new(remote(), fresh("a"), None, stamp(0), options);
    while let Step::Send(request) = sync.next(&store) {
        if let Some(docs) = request
            .body
            .as_ref()
            .and_then(|b| b.get("docs"))
            .and_then(Value::as_array)
        {
            let articles = docs
                .iter()
                .filter(|d| d["_id"].as_str().is_some_and(|id| id.starts_with("article-")))
                .count();
            assert!(articles <= 25, "{articles} articles in one request");
            assert!(docs.len() <= 50, "{} documents in one request", docs.len());
            let bytes = serde_json::to_string(docs).map_or(0, |s| s.len());
            assert!(bytes <= 64 * 1024 + 16 * 1024, "{bytes} bytes in one request");
        }
        sync.answer(couch.handle(&request), &mut store).expect("taken");
    }
    let mut b = Library::default();
    let mut sync = Sync::new(remote(), fresh("b"), None, stamp(1), options);
    while let Step::Send(request) = sync.next(&b) {
        if request.path.ends_with("_changes") {
            assert_eq!(
                request
                    .query
                    .iter()
                    .find(|(n, _)| n == "limit")
                    .map(|(_, v)| v.as_str()),
                Some("60")
            );
        }
        sync.answer(couch.handle(&request), &mut b).expect("taken");
    }
    assert_eq!(b, store);
}

#[test]
fn no_credential_is_ever_stored() {
    let remote = Remote::new("https://couch.example.org", "team").expect("valid");
    let request = sign_in(&remote, "ann", "hunter2-secret");
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.target(), "/_session");
    assert_eq!(request.body.as_ref().expect("body")["password"], "hunter2-secret");
    let mut couch = FakeCouch::default();
    let mut store = library(2, 1);
    let (state, _) = run(
        &sync_common::remote(),
        fresh("a"),
        None,
        &mut store,
        &stamp(0),
        Options::default(),
        |r| Some(couch.handle(r)),
    );
    let json = state.to_json();
    assert!(
        !json.contains("hunter2") && !json.contains("password") && !json.contains("ann"),
        "{json}"
    );
    assert_eq!(SyncState::from_json(&json), Some(state));
    assert_eq!(SyncState::from_json("{\"version\": 99}"), None);
    assert!(!format!("{remote:?}").contains("hunter2"));
}

#[derive(Clone, Debug)]
enum Edit {
    Status(usize, Status),
    Note(usize, String),
    Link(usize, u8),
    Delete(usize),
    Retitle(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let status = prop_oneof![
        Just(Status::Unverified),
        Just(Status::Verified),
        Just(Status::Disputed)
    ];
    prop_oneof![
        (0..6usize, status).prop_map(|(i, s)| Edit::Status(i, s)),
        (0..6usize, "[a-z ]{0,6}").prop_map(|(i, n)| Edit::Note(i, n)),
        (0..6usize, 0..4u8).prop_map(|(i, l)| Edit::Link(i, l)),
        (0..6usize).prop_map(Edit::Delete),
        "[A-Z][a-z]{0,5}".prop_map(Edit::Retitle),
    ]
}

fn apply(record: &mut Record, edits: &[(Edit, u32)]) {
    for (edit, second) in edits {
        let ids: Vec<String> = record.article.annotations.iter().map(|a| a.id.clone()).collect();
        let pick = |i: &usize| ids.get(i % ids.len().max(1)).cloned();
        let when = Some(stamp(*second));
        match edit {
            Edit::Retitle(title) => {
                record.article.title = title.clone();
                record.edited = when;
            }
            Edit::Delete(i) => {
                if let Some(id) = pick(i) {
                    record.article.annotations.retain(|a| a.id != id);
                    record.tombstones.insert(id, stamp(*second));
                }
            }
            other => {
                let index = match other {
                    Edit::Status(i, _) | Edit::Note(i, _) | Edit::Link(i, _) => *i,
                    _ => 0,
                };
                let Some(id) = pick(&index) else { continue };
                let a = record
                    .article
                    .annotations
                    .iter_mut()
                    .find(|a| a.id == id)
                    .expect("picked");
                match other {
                    Edit::Status(_, status) => a.status = *status,
                    Edit::Note(_, note) => a.note = note.clone(),
                    Edit::Link(_, link) => a.evidence.push(Evidence {
                        url: format!("https://e.example/{link}"),
                        title: None,
                    }),
                    _ => {}
                }
                a.updated = when;
            }
        }
    }
}

/// Edits with strictly increasing, distinct times from `offset` (device A even, B odd).
fn timed(edits: Vec<Edit>, offset: u32) -> Vec<(Edit, u32)> {
    edits
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e, 100 + offset + 2 * i as u32))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two devices edit the same articles at once, sync in either order (or push at the same
    /// time and meet in a conflict) and end with the same library, one revision per article.
    #[test]
    fn two_devices_converge(
        edits_a in prop::collection::vec(edit(), 0..8),
        edits_b in prop::collection::vec(edit(), 0..8),
        b_first in any::<bool>(),
        at_once in any::<bool>(),
    ) {
        let (mut couch, mut a, state_a, mut b, state_b) = two_devices(2);
        apply(a.0.get_mut("lib0000").expect("article"), &timed(edits_a.clone(), 0));
        apply(b.0.get_mut("lib0000").expect("article"), &timed(edits_b.clone(), 1));
        apply(b.0.get_mut("lib0001").expect("article"), &timed(edits_b, 1));
        let written = [a.clone(), b.clone()];
        let (mut state_a, mut state_b) = (state_a, state_b);
        if at_once {
            // Both push from the same base: a conflict on the server.
            state_a = push_only(&mut couch, &mut a, state_a, 500);
            state_b = push_only(&mut couch, &mut b, state_b, 500);
        }
        let order: [bool; 3] = if b_first { [true, false, true] } else { [false, true, false] };
        for (round, is_b) in order.into_iter().enumerate() {
            let now = 600 + round as u32;
            if is_b {
                state_b = sync(&mut couch, state_b.clone(), &mut b, now);
            } else {
                state_a = sync(&mut couch, state_a.clone(), &mut a, now);
            }
        }
        if at_once {
            // The device that merged first pushed the merge; the other takes it.
            state_a = sync(&mut couch, state_a.clone(), &mut a, 700);
            state_b = sync(&mut couch, state_b.clone(), &mut b, 701);
        }
        let _ = (&state_a, &state_b);
        assert_converged(&couch, &a, &b);
        for (id, record) in &a.0 {
            prop_assert!(factmark_core::export::validate(&record.article).is_ok());
            // Every note and link either device wrote is still there, unless its annotation
            // was deleted (and no later edit brought it back).
            for side in &written {
                for before in &side.0[id].article.annotations {
                    let Some(after) = annotation(record, &before.id) else {
                        prop_assert!(record.tombstones.contains_key(&before.id), "{} vanished", before.id);
                        continue;
                    };
                    prop_assert!(after.note.contains(before.note.trim()), "{:?} lost {:?}", after.note, before.note);
                    for link in &before.evidence {
                        prop_assert!(after.evidence.iter().any(|e| e.url == link.url), "{} lost", link.url);
                    }
                }
            }
        }
    }

    /// The merge does not depend on the order of the versions, and merging again is stable.
    #[test]
    fn merging_is_symmetric(
        edits_a in prop::collection::vec(edit(), 0..8),
        edits_b in prop::collection::vec(edit(), 0..8),
        same_times in any::<bool>(),
    ) {
        let mut a = record(4, 3);
        let mut b = a.clone();
        apply(&mut a, &timed(edits_a, 0));
        apply(&mut b, &timed(edits_b, if same_times { 0 } else { 1 }));
        let ab = merge(&[a.clone(), b.clone()]);
        let ba = merge(&[b.clone(), a.clone()]);
        prop_assert_eq!(&ab, &ba);
        prop_assert_eq!(merge(&[ab.clone(), a]), ab.clone());
        prop_assert_eq!(merge(&[ab.clone(), b]), ab.clone());
        prop_assert!(factmark_core::export::validate(&ab.article).is_ok());
    }
}
