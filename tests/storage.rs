//! Browser tests of the library's storage (wasm-bindgen-test in headless Chromium): layout 2
//! round trips, the upgrade of every older layout's fixture, quarantine of unreadable values,
//! writes that touch only what changed, and a full quota.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use factmark::library::{text_hash, Entry};
use factmark::storage::saver::{Moment, Saver};
use factmark::storage::{self, StorageError};
use factmark_core::{export, Article, Status};
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-27T10:00:00.000Z";
const V1_FIXTURE: &str = include_str!("fixtures/v1/local-storage.json");

fn fresh() -> web_sys::Storage {
    let storage = common::local_storage();
    storage.clear().expect("clear localStorage");
    storage
}

fn get(key: &str) -> Option<String> {
    common::local_storage().get_item(key).ok().flatten()
}

/// Writes a fixture's keys into localStorage.
fn install(fixture: &str) {
    let keys: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(fixture).expect("fixture JSON");
    for (key, value) in keys {
        common::local_storage()
            .set_item(&key, value.as_str().expect("fixture values are strings"))
            .expect("write fixture");
    }
}

fn entry(id: &str, text: &str) -> Entry {
    let annotations = factmark_core::annotate(text);
    Entry {
        id: id.to_owned(),
        added: NOW.to_owned(),
        opened: NOW.to_owned(),
        hash: text_hash(text),
        article: Rc::new(Article {
            title: Article::title_of(text),
            text: text.to_owned(),
            annotations,
        }),
    }
}

fn save(saver: &mut Saver, entries: &[Entry]) -> Result<(), StorageError> {
    saver.stage_library(entries, entries.first().map(|entry| entry.id.as_str()));
    saver.flush(Moment::Now)
}

#[wasm_bindgen_test]
fn the_library_round_trips_through_layout_2() {
    fresh();
    let entries = vec![
        entry("a", "“We will win,” Jane Doe said in Paris. 😀"),
        entry("b", "東京タワーで会議\nPrices rose 5%."),
    ];
    let mut saver = Saver::new(&storage::Loaded::default());
    saver.stage_draft("unsent draft");
    save(&mut saver, &entries).expect("save");
    assert!(!saver.is_pending());
    assert!(get("factmark:v2:index").is_some());
    assert!(get("factmark:v2:article:a")
        .expect("article a")
        .starts_with("{\"format\":\"factmark\",\"version\":1,"));

    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries, entries);
    assert_eq!(loaded.last_opened.as_deref(), Some("a"));
    assert_eq!(loaded.draft, "unsent draft");
    assert!(loaded.quarantined.is_empty());
}

#[wasm_bindgen_test]
fn the_v1_fixture_is_upgraded_with_nothing_lost() {
    fresh();
    install(V1_FIXTURE);
    let fixture: serde_json::Value = serde_json::from_str(V1_FIXTURE).expect("fixture");
    let v1_article =
        export::from_json(fixture["factmark:v1:article"].as_str().expect("article")).expect("v1 article");
    assert!(v1_article
        .annotations
        .iter()
        .any(|a| a.status == Status::Verified));

    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries.len(), 1);
    let upgraded = &loaded.entries[0];
    assert_eq!(
        *upgraded.article, v1_article,
        "every annotation, status and note survives"
    );
    assert_eq!(loaded.last_opened.as_deref(), Some(upgraded.id.as_str()));
    assert_eq!(
        upgraded.added, "2026-11-20T10:00:00.000Z",
        "added when its first annotation was made"
    );
    assert_eq!(loaded.draft, v1_article.text);
    assert_eq!(
        get("factmark:v1:article"),
        None,
        "the old key goes once the new one is written"
    );
    assert_eq!(get("factmark:v1:draft"), None);
    assert!(get(&storage::article_key(&upgraded.id)).is_some());

    // Upgrading is idempotent: a second load finds the same library.
    let again = storage::load(NOW).expect("load again");
    assert_eq!(again.entries.len(), 1);
    assert_eq!(again.entries[0].article, upgraded.article);
}

#[wasm_bindgen_test]
fn an_unreadable_article_is_moved_aside_and_reported() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &[entry("good", "Jane Doe spoke in Paris.")]).expect("save");
    common::local_storage()
        .set_item("factmark:v2:article:bad", "{not json")
        .expect("write garbage");

    let loaded = storage::load(NOW).expect("the app still starts");
    assert_eq!(loaded.entries.len(), 1, "the readable article loads");
    assert_eq!(loaded.quarantined.len(), 1);
    let report = &loaded.quarantined[0];
    assert_eq!(report.key, "factmark:v2:article:bad");
    let moved_to = report.moved_to.clone().expect("moved aside");
    assert_eq!(
        get(&moved_to).as_deref(),
        Some("{not json"),
        "the value is kept, not dropped"
    );
    assert_eq!(get("factmark:v2:article:bad"), None);
    assert!(report.describe().contains("moved aside"), "{}", report.describe());
}

#[wasm_bindgen_test]
fn an_unreadable_index_is_moved_aside_and_the_articles_still_load() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &[entry("a", "Jane Doe spoke in Paris.")]).expect("save");
    common::local_storage()
        .set_item("factmark:v2:index", "[1, 2")
        .expect("write garbage");
    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries.len(), 1);
    assert_eq!(loaded.quarantined[0].key, "factmark:v2:index");
    assert_eq!(
        get("factmark:v2:quarantine:factmark:v2:index").as_deref(),
        Some("[1, 2")
    );
}

#[wasm_bindgen_test]
fn an_edit_rewrites_only_the_article_it_touched() {
    fresh();
    let mut entries = vec![
        entry("a", "Jane Doe spoke in Paris."),
        entry("b", "Prices rose 5% in May."),
    ];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    // A marker in b's key shows whether b is written again.
    common::local_storage()
        .set_item("factmark:v2:article:b", "marker")
        .expect("marker");
    Rc::make_mut(&mut entries[0].article).annotations[0].status = Status::Verified;
    save(&mut saver, &entries).expect("save the edit");
    assert_eq!(get("factmark:v2:article:b").as_deref(), Some("marker"));
    assert!(get("factmark:v2:article:a").expect("a").contains("\"verified\""));
    // The same content under a new pointer is not a change either.
    entries[1].article = Rc::new((*entries[1].article).clone());
    saver.stage_library(&entries, Some("a"));
    assert!(!saver.is_pending());
}

#[wasm_bindgen_test]
fn a_full_quota_keeps_the_change_pending_until_space_is_freed() {
    fresh();
    let mut entries = vec![entry("a", "Jane Doe spoke in Paris.")];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    let filler = fill_storage();
    Rc::make_mut(&mut entries[0].article).title = "x".repeat(64 * 1024);
    assert_eq!(save(&mut saver, &entries), Err(StorageError::Full));
    assert!(saver.is_pending(), "the change waits in memory");
    for key in filler {
        common::local_storage().remove_item(&key).expect("free space");
    }
    saver.flush(Moment::Now).expect("saved once space is freed");
    assert!(get("factmark:v2:article:a")
        .expect("a")
        .contains(&"x".repeat(1000)));
}

/// Fills localStorage until it refuses more; returns the keys written.
fn fill_storage() -> Vec<String> {
    let storage = common::local_storage();
    let mut keys = Vec::new();
    let mut chunk = "f".repeat(1024 * 1024);
    while chunk.len() >= 1024 {
        let key = format!("filler-{}", keys.len());
        if storage.set_item(&key, &chunk).is_ok() {
            keys.push(key);
        } else {
            chunk.truncate(chunk.len() / 2);
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn the_app_reopens_the_upgraded_v1_article() {
    fresh();
    install(V1_FIXTURE);
    let root = common::mount_app().await;
    let verified = root
        .query_selector_all("mark[data-status=verified]")
        .expect("query");
    assert_eq!(verified.length(), 1, "the verified quote");
    let disputed = root
        .query_selector_all("mark[data-status=disputed]")
        .expect("query");
    assert_eq!(disputed.length(), 1, "the disputed claim");

    // Closing the page writes what is pending, and nothing saved goes missing on the way.
    let pagehide = web_sys::Event::new("pagehide").expect("event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&pagehide)
        .expect("dispatch");
    let keys: Vec<String> = (0..common::local_storage().length().expect("length"))
        .filter_map(|index| common::local_storage().key(index).ok().flatten())
        .collect();
    assert_eq!(
        keys.iter()
            .filter(|key| key.starts_with(storage::ARTICLE_PREFIX))
            .count(),
        1,
        "{keys:?}"
    );
    let index = get(storage::INDEX_KEY).expect("the index is written");
    assert!(index.contains("\"last_opened\":\"v1-"), "{index}");
    root.remove();
}

#[wasm_bindgen_test]
fn the_json_cache_writes_exactly_the_factmark_json() {
    let mut article = (*entry(
        "a",
        "“We will win,” Jane Doe said in Paris.\nPrices rose 5% in May. 😀",
    )
    .article)
        .clone();
    let mut cache = storage::JsonCache::default();
    assert_eq!(
        String::from(cache.article_json("a", &article)),
        storage::article_json(&article)
    );
    article.annotations[0].status = Status::Disputed;
    article.annotations[0].note = "Says “who”?\n".to_owned();
    assert_eq!(
        String::from(cache.article_json("a", &article)),
        storage::article_json(&article)
    );
    article.annotations.remove(1);
    let mut added = article.annotations[0].clone();
    added.id = "manual-1".to_owned();
    article.annotations.insert(0, added);
    assert_eq!(
        String::from(cache.article_json("a", &article)),
        storage::article_json(&article)
    );
    article.title = "Renamed \"quoted\"".to_owned();
    assert_eq!(
        String::from(cache.article_json("a", &article)),
        storage::article_json(&article)
    );
    article.text.push_str(" More.");
    article.annotations.clear();
    assert_eq!(
        String::from(cache.article_json("a", &article)),
        storage::article_json(&article)
    );
    let json = String::from(cache.article_json("a", &article));
    assert_eq!(export::from_json(&json).expect("reads back"), article);
    // One byte per character in the browser: nothing above U+00FF, escaped instead.
    assert!(json.chars().all(|c| u32::from(c) <= 0xFF), "{json}");
    assert!(json.contains("\\ud83d\\ude00"), "the emoji as a surrogate pair");
}

#[wasm_bindgen_test]
fn a_large_draft_waits_for_the_page_to_be_hidden() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    let large = "word ".repeat(20_000);
    saver.stage_draft(&large);
    saver.flush(Moment::Batch).expect("batch");
    assert_eq!(get(storage::DRAFT_KEY), None, "not copied on every batch");
    assert!(saver.is_pending());
    saver.flush(Moment::Now).expect("hidden");
    assert_eq!(get(storage::DRAFT_KEY), Some(large));
}

#[wasm_bindgen_test]
fn an_unreadable_v1_article_is_quarantined_not_upgraded_over() {
    fresh();
    common::local_storage()
        .set_item("factmark:v1:article", "{\"format\": \"factmark\"")
        .expect("write");
    common::local_storage()
        .set_item("factmark:v1:draft", "my draft")
        .expect("write");
    let loaded = storage::load(NOW).expect("the app still starts");
    assert!(loaded.entries.is_empty());
    assert_eq!(loaded.draft, "my draft");
    assert_eq!(loaded.quarantined[0].key, "factmark:v1:article");
    assert_eq!(
        get("factmark:v2:quarantine:factmark:v1:article").as_deref(),
        Some("{\"format\": \"factmark\"")
    );
    assert_eq!(get("factmark:v1:article"), None);
}
