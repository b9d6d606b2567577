//! Browser tests of team sync's app side (wasm-bindgen-test): the library as the core's sync
//! store (deletion records, tombstones, fingerprints kept between runs) and the reducer steps
//! that apply what a sync brought to the library and the open article.
#![cfg(target_arch = "wasm32")]

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use factmark::saved::Tombstone;
use factmark::state::{Action, State};
use factmark::sync::{record_of, LibraryStore, SharedFingerprints, SyncAction, SyncStatus};
use factmark_core::sync::{fingerprint, Record, Report, Store};
use factmark_core::{Kind, Status};
use wasm_bindgen_test::*;
use yew::Reducible;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-27T10:00:00.000Z";
const LATER: &str = "2026-11-27T11:00:00.000Z";
const LATEST: &str = "2026-11-27T12:00:00.000Z";
const ARTICLE: &str =
    "Talks Advance\n\n“We will win,” Jane Doe said in Paris on Monday.\n\nPrices rose 5% in May.";

fn reduce(state: State, action: Action) -> State {
    (*Rc::new(state).reduce(action)).clone()
}

/// The test article annotated and open: the state and its library id.
fn annotated() -> (State, String) {
    let state = reduce(State::default(), Action::EditDraft(ARTICLE.to_owned()));
    let state = reduce(state, Action::Annotate { now: NOW.to_owned() });
    let state = (*common::answer_job(Rc::new(state))).clone();
    let id = state.open.clone().expect("opened");
    (state, id)
}

fn first(state: &State, kind: Kind) -> String {
    let article = state.article.as_ref().expect("an open article");
    article
        .annotations
        .iter()
        .find(|a| a.kind == kind)
        .expect("one of that kind")
        .id
        .clone()
}

fn status_of(state: &State, id: &str) -> Status {
    let article = state.article.as_ref().expect("an open article");
    article
        .annotations
        .iter()
        .find(|a| a.id == id)
        .expect("the annotation")
        .status
}

fn set_status(state: State, id: &str, status: Status, now: &str) -> State {
    reduce(
        state,
        Action::SetStatus {
            id: id.to_owned(),
            status,
            now: now.to_owned(),
        },
    )
}

fn pulled(state: State, id: &str, record: Record) -> State {
    reduce(
        state,
        Action::Sync(SyncAction::Pulled {
            records: vec![(id.to_owned(), record)],
            now: LATEST.to_owned(),
        }),
    )
}

fn store(
    state: &State,
    tombstones: HashMap<String, Vec<Tombstone>>,
    deletions: &[(&str, &str)],
) -> LibraryStore {
    let deletions: BTreeMap<String, String> = deletions
        .iter()
        .map(|(id, when)| (id.to_string(), when.to_string()))
        .collect();
    LibraryStore::new(
        &state.library.entries,
        tombstones,
        deletions,
        SharedFingerprints::default(),
    )
}

#[wasm_bindgen_test]
fn the_store_offers_articles_tombstones_and_deletion_records() {
    let (state, id) = annotated();
    let quote = first(&state, Kind::Quote);
    let tombstones = HashMap::from([(
        id.clone(),
        vec![Tombstone {
            id: "gone".into(),
            deleted: LATER.into(),
        }],
    )]);
    let store = store(&state, tombstones, &[("deleted-one", LATER), (id.as_str(), NOW)]);
    // An article that is here is not deleted, whatever an older record says.
    let mut expected = vec!["deleted-one".to_owned(), id.clone()];
    expected.sort();
    assert_eq!(store.ids(), expected);
    let record = store.load(&id).expect("the article");
    assert_eq!(record.deleted, None);
    assert_eq!(record.tombstones.get("gone").map(String::as_str), Some(LATER));
    assert!(record.article.annotations.iter().any(|a| a.id == quote));
    let gone = store.load("deleted-one").expect("its deletion record");
    assert_eq!(gone.deleted.as_deref(), Some(LATER));
    assert!(gone.article.text.is_empty() && gone.article.annotations.is_empty());
    assert_eq!(store.load("never-here"), None);
    assert_eq!(store.fingerprint(&id), Some(fingerprint(&record)));
}

#[wasm_bindgen_test]
fn fingerprints_are_kept_until_the_article_changes() {
    let (state, id) = annotated();
    let prints = SharedFingerprints::default();
    let before = LibraryStore::new(
        &state.library.entries,
        HashMap::new(),
        BTreeMap::new(),
        prints.clone(),
    );
    assert_eq!(before.warm(10), 1, "one article to fingerprint");
    assert_eq!(before.warm(10), 0, "then none");
    let old = before.fingerprint(&id);
    let quote = first(&state, Kind::Quote);
    let state = set_status(state, &quote, Status::Verified, LATER);
    let after = LibraryStore::new(&state.library.entries, HashMap::new(), BTreeMap::new(), prints);
    assert_eq!(after.warm(10), 1, "the changed article again");
    assert_ne!(after.fingerprint(&id), old);
    let entry = state.library.get(&id).expect("saved");
    assert_eq!(after.fingerprint(&id), Some(fingerprint(&record_of(entry, &[]))));
}

#[wasm_bindgen_test]
fn a_pulled_article_updates_the_open_article_and_keeps_a_change_made_meanwhile() {
    let (state, id) = annotated();
    let quote = first(&state, Kind::Quote);
    let claim = first(&state, Kind::Claim);
    // What the server merged: the quote disputed elsewhere at LATER.
    let mut record = store(&state, HashMap::new(), &[]).load(&id).expect("the article");
    for annotation in &mut record.article.annotations {
        if annotation.id == quote {
            annotation.status = Status::Disputed;
            annotation.updated = Some(LATER.into());
        }
    }
    // Meanwhile the claim was verified here, after the sync had read the library.
    let state = set_status(state, &claim, Status::Verified, LATEST);
    let state = pulled(state, &id, record);
    assert_eq!(status_of(&state, &quote), Status::Disputed, "on screen");
    assert_eq!(status_of(&state, &claim), Status::Verified, "kept");
    let entry = state.library.get(&id).expect("saved");
    assert!(Rc::ptr_eq(&entry.article, state.article.as_ref().expect("open")));
}

#[wasm_bindgen_test]
fn a_pulled_deletion_removes_the_article_and_a_new_one_is_added() {
    let (state, id) = annotated();
    let mut gone = Record::new(factmark_core::Article {
        title: String::new(),
        text: String::new(),
        annotations: Vec::new(),
    });
    gone.deleted = Some(LATER.into());
    let mut fresh = store(&state, HashMap::new(), &[]).load(&id).expect("the article");
    fresh.article.title = "From elsewhere".into();
    let state = pulled(state, "from-elsewhere", fresh);
    assert_eq!(state.library.entries.len(), 2);
    assert_eq!(
        state
            .library
            .get("from-elsewhere")
            .map(|e| e.article.title.as_str()),
        Some("From elsewhere")
    );
    let state = pulled(state, &id, gone);
    assert_eq!(state.library.entries.len(), 1);
    assert_eq!(state.open, None, "the deleted article is no longer open");
    assert_eq!(state.article, None);
}

#[wasm_bindgen_test]
fn the_panel_follows_sign_in_runs_and_failures() {
    let state = reduce(State::default(), Action::Sync(SyncAction::Toggle));
    assert!(state.sync.open);
    let state = reduce(state, Action::Sync(SyncAction::SignedIn("alice".into())));
    assert!(state.sync.settings.signed_in && state.sync.running);
    assert_eq!(state.sync.settings.user, "alice");
    let report = Report {
        pushed: 2,
        ..Report::default()
    };
    let state = reduce(
        state,
        Action::Sync(SyncAction::Finished {
            at: LATER.into(),
            report: report.clone(),
        }),
    );
    assert!(!state.sync.running);
    assert_eq!(
        state.sync.status,
        Some(SyncStatus::Synced {
            at: LATER.into(),
            report
        })
    );
    let state = reduce(
        state,
        Action::Sync(SyncAction::Failed("The server is unreachable".into())),
    );
    assert_eq!(
        state.sync.status,
        Some(SyncStatus::Failed("The server is unreachable".into()))
    );
    let state = reduce(state, Action::Sync(SyncAction::SignedOut));
    assert!(!state.sync.settings.signed_in);
}
