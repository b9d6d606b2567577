//! Browser tests of the library's storage (wasm-bindgen-test in headless Chromium): layout 3
//! round trips, the upgrade of every older layout's fixture (and an upgrade cut short), quarantine
//! of unreadable values, writes that touch only what changed, a full quota, and deletions kept.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use factmark::saved::{Entry, StorageError};
use factmark::storage::saver::{Moment, Saver};
use factmark::storage::{self, Store};
use factmark_core::{export, Article, Evidence, Kind, Label, Status};
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-27T10:00:00.000Z";
const LATER: &str = "2026-11-28T08:15:30.250Z";
const V1_FIXTURE: &str = include_str!("fixtures/v1/local-storage.json");
const V2_FIXTURE: &str = include_str!("fixtures/v2/local-storage.json");

fn fresh() -> web_sys::Storage {
    let storage = common::local_storage();
    storage.clear().expect("clear localStorage");
    storage
}

fn get(key: &str) -> Option<String> {
    common::local_storage().get_item(key).ok().flatten()
}

fn keys() -> Vec<String> {
    let storage = common::local_storage();
    let mut keys: Vec<String> = (0..storage.length().expect("length"))
        .filter_map(|index| storage.key(index).ok().flatten())
        .collect();
    keys.sort();
    keys
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
    let mut annotations = factmark_core::annotate(text);
    for annotation in &mut annotations {
        annotation.created = Some(NOW.to_owned());
        annotation.updated = Some(NOW.to_owned());
    }
    Entry::new(
        id.to_owned(),
        Article {
            title: Article::title_of(text),
            text: text.to_owned(),
            annotations,
        },
        NOW,
    )
}

/// An entry with every kind of user work: statuses, a note, evidence, a dismissal, a retyped
/// annotation (its id no longer the derived one), a manual highlight, an annotation without
/// times, and an unplaced annotation.
fn worked_on(id: &str, text: &str) -> Entry {
    let mut entry = entry(id, text);
    let article = Rc::make_mut(&mut entry.article);
    let a = &mut article.annotations;
    a[0].status = Status::Verified;
    a[0].updated = Some(LATER.to_owned());
    a[1].status = Status::Disputed;
    a[1].note = "Says “who”?\nSee the second source.".to_owned();
    a[1].evidence = vec![Evidence {
        url: "https://example.org/a?b=1".to_owned(),
        title: Some("A source".to_owned()),
    }];
    a[1].updated = Some(LATER.to_owned());
    a[2].dismissed = true;
    if let Some(entity) = a.iter_mut().find(|a| a.kind == Kind::Entity) {
        entity.label = Some(Label::Org);
        entity.updated = Some(LATER.to_owned());
    }
    let mut manual = a[0].clone();
    manual.id = "9b2f0c7e-4d1a-4f5e-8a3b-2c6d7e8f9a0b".to_owned();
    manual.origin = factmark_core::Origin::Manual;
    manual.created = Some(LATER.to_owned());
    manual.updated = None;
    a.push(manual);
    let last = a.len() - 2;
    a[last].created = None;
    a[last].updated = None;
    entry.unplaced = Rc::new(vec![entry.article.annotations[0].clone()]);
    entry.opened = LATER.to_owned();
    entry
}

fn save(saver: &mut Saver, entries: &[Entry]) -> Result<(), StorageError> {
    saver.stage_library(entries, entries.first().map(|entry| entry.id.as_str()));
    saver.flush(Moment::Now, LATER)
}

const PARIS: &str = "“We will win,” Jane Doe said in Paris on Monday. 😀\n\nPrices rose 5% in May, the \
                     ministry said, and the World Bank agreed.";
const TOKYO: &str = "東京タワーで会議\nPrices rose 5%.\n\nJohn Smith of Acme Corp said exports “doubled”.";

#[wasm_bindgen_test]
fn the_library_round_trips_through_layout_3_exactly() {
    fresh();
    let entries = vec![worked_on("a", PARIS), entry("b", TOKYO)];
    let mut saver = Saver::new(&storage::Loaded::default());
    saver.stage_draft("unsent draft");
    save(&mut saver, &entries).expect("save");
    assert!(!saver.is_pending());
    assert!(get(storage::INDEX_KEY).is_some());

    let loaded = storage::load(NOW).expect("load");
    assert_eq!(
        loaded.entries, entries,
        "every field of every annotation, the dates and the unplaced"
    );
    assert_eq!(loaded.last_opened.as_deref(), Some("a"));
    assert_eq!(loaded.draft, "unsent draft");
    assert!(loaded.quarantined.is_empty());
    assert!(loaded.not_kept.is_empty());

    // Every stored value is plain UTF-16 below the surrogates, and the text is stored smaller
    // than it is.
    for key in keys().iter().filter(|key| key.starts_with(storage::TEXT_PREFIX)) {
        let value = get(key).expect("value");
        assert!(
            value.encode_utf16().all(|unit| (0x20..0xD800).contains(&unit)),
            "{key}"
        );
    }
}

#[wasm_bindgen_test]
fn packing_round_trips_every_length_in_plain_code_units() {
    use factmark::storage::codec::{pack, unpack};
    for length in 0..64usize {
        let bytes: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
        let packed = pack(&bytes);
        assert!(
            packed.iter().all(|&unit| (0x800..0x8800).contains(&unit)),
            "length {length}"
        );
        let text = String::from_utf16(&packed).expect("valid UTF-16");
        assert_eq!(unpack(&text), Some(bytes), "length {length}");
    }
    assert_eq!(unpack("{not packed"), None);
}

#[wasm_bindgen_test]
fn an_article_is_stored_in_fewer_code_units_than_its_text() {
    fresh();
    let text = format!("{PARIS}\n\n{TOKYO}\n\n").repeat(30);
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &[entry("long", &text)]).expect("save");
    let stored: usize = keys()
        .iter()
        .filter(|key| key.contains(":long"))
        .map(|key| get(key).expect("value").encode_utf16().count())
        .sum();
    let units = text.encode_utf16().count();
    assert!(stored < units / 2, "{stored} units stored for a text of {units}");
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
        upgraded.added,
        storage::first_created(&v1_article, NOW),
        "added when its first annotation was made"
    );
    assert_eq!(loaded.draft, v1_article.text);
    assert_eq!(
        get("factmark:v1:article"),
        None,
        "the old key goes once the new one is written"
    );
    assert_eq!(get("factmark:v1:draft"), None);
    assert!(get(&storage::review_key(&upgraded.id)).is_some());

    // Upgrading is idempotent: a second load finds the same library.
    let again = storage::load(NOW).expect("load again");
    assert_eq!(again.entries, loaded.entries);
}

/// The v2 fixture's articles, as the v2 code stored them, with their index rows' dates.
fn v2_expected() -> (Vec<(String, Article, String, String)>, Option<String>) {
    let fixture: serde_json::Value = serde_json::from_str(V2_FIXTURE).expect("fixture");
    let index: serde_json::Value =
        serde_json::from_str(fixture["factmark:v2:index"].as_str().expect("index")).expect("index JSON");
    let rows = index["articles"].as_array().expect("rows");
    let articles = rows
        .iter()
        .map(|row| {
            let id = row["id"].as_str().expect("id").to_owned();
            let json = fixture[format!("factmark:v2:article:{id}")]
                .as_str()
                .expect("article");
            let article = export::from_json(json).expect("a v2 article reads");
            let date = |field: &str| row[field].as_str().expect("date").to_owned();
            (id, article, date("added"), date("opened"))
        })
        .collect();
    (articles, index["last_opened"].as_str().map(str::to_owned))
}

fn assert_v2_upgraded(loaded: &storage::Loaded) {
    let (expected, last_opened) = v2_expected();
    assert!(expected.len() >= 2, "the fixture holds several articles");
    assert!(expected
        .iter()
        .any(|(_, article, _, _)| article.annotations.iter().any(|a| !a.note.is_empty())));
    let got: Vec<(String, Article, String, String)> = loaded
        .entries
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                (*e.article).clone(),
                e.added.clone(),
                e.opened.clone(),
            )
        })
        .collect();
    assert_eq!(
        got, expected,
        "every article, in order, with its dates and all its annotations"
    );
    assert_eq!(loaded.last_opened, last_opened);
    assert!(
        keys().iter().all(|key| !key.starts_with("factmark:v2:")),
        "{:?}",
        keys()
    );
}

#[wasm_bindgen_test]
fn the_v2_fixture_is_upgraded_with_nothing_lost() {
    fresh();
    install(V2_FIXTURE);
    let fixture: serde_json::Value = serde_json::from_str(V2_FIXTURE).expect("fixture");
    let loaded = storage::load(NOW).expect("load");
    assert_v2_upgraded(&loaded);
    assert_eq!(Some(loaded.draft.as_str()), fixture["factmark:v2:draft"].as_str());
    let again = storage::load(NOW).expect("load again");
    assert_eq!(again.entries, loaded.entries, "a second load changes nothing");
}

/// localStorage as seen by an upgrade that is cut off (the tab closed, the browser crashed)
/// after `left` more writes or removals: from then on nothing reaches storage.
struct CutShort {
    left: Cell<usize>,
    storage: web_sys::Storage,
}

impl CutShort {
    fn alive(&self) -> Result<(), StorageError> {
        match self.left.get() {
            0 => Err(StorageError::Failed("cut short".to_owned())),
            left => {
                self.left.set(left - 1);
                Ok(())
            }
        }
    }
}

impl Store for CutShort {
    fn get(&self, key: &str) -> Option<String> {
        Store::get(&self.storage, key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.alive()?;
        Store::set(&self.storage, key, value)
    }
    fn set_units(&self, key: &str, units: &[u16]) -> Result<(), StorageError> {
        self.alive()?;
        self.storage.set_units(key, units)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.alive()?;
        Store::remove(&self.storage, key)
    }
    fn keys(&self) -> Vec<String> {
        Store::keys(&self.storage)
    }
}

#[wasm_bindgen_test]
fn an_upgrade_cut_short_at_any_point_runs_again_with_nothing_lost() {
    for writes in 0..12 {
        let storage = fresh();
        install(V2_FIXTURE);
        let cut = CutShort {
            left: Cell::new(writes),
            storage: storage.clone(),
        };
        let _ = storage::load_from(&cut, NOW);
        // The next load, with a working storage, finishes the job.
        let loaded = storage::load(NOW).expect("load");
        assert_v2_upgraded(&loaded);
        assert!(
            loaded.quarantined.is_empty(),
            "cut after {writes}: {:?}",
            loaded.quarantined
        );
    }
}

#[wasm_bindgen_test]
fn an_unreadable_review_is_moved_aside_and_reported() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    save(
        &mut saver,
        &[entry("good", "Jane Doe spoke in Paris."), entry("bad", TOKYO)],
    )
    .expect("save");
    common::local_storage()
        .set_item(&storage::review_key("bad"), "{not packed")
        .expect("write garbage");

    let loaded = storage::load(NOW).expect("the app still starts");
    assert_eq!(loaded.entries.len(), 1, "the readable article loads");
    assert_eq!(loaded.quarantined.len(), 1);
    let report = &loaded.quarantined[0];
    assert_eq!(report.key, storage::review_key("bad"));
    let moved_to = report.moved_to.clone().expect("moved aside");
    assert_eq!(
        get(&moved_to).as_deref(),
        Some("{not packed"),
        "the value is kept, not dropped"
    );
    assert_eq!(get(&storage::review_key("bad")), None);
    assert!(
        keys()
            .iter()
            .any(|key| key.starts_with(&format!("{}bad:", storage::TEXT_PREFIX))),
        "its text is kept for whoever repairs it"
    );
    assert!(report.describe().contains("moved aside"), "{}", report.describe());
}

#[wasm_bindgen_test]
fn an_unreadable_index_is_moved_aside_and_the_articles_still_load() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &[entry("a", "Jane Doe spoke in Paris.")]).expect("save");
    common::local_storage()
        .set_item(storage::INDEX_KEY, "[1, 2")
        .expect("write garbage");
    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries.len(), 1);
    assert_eq!(loaded.quarantined[0].key, storage::INDEX_KEY);
    assert_eq!(
        get(&format!("{}{}", storage::QUARANTINE_PREFIX, storage::INDEX_KEY)).as_deref(),
        Some("[1, 2")
    );
}

#[wasm_bindgen_test]
fn a_status_change_rewrites_only_that_articles_review() {
    fresh();
    let mut entries = vec![entry("a", PARIS), entry("b", TOKYO)];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    // Markers show whether a value is written again.
    let before = keys();
    for key in before.iter().filter(|key| *key != &storage::review_key("a")) {
        common::local_storage().set_item(key, "marker").expect("marker");
    }
    Rc::make_mut(&mut entries[0].article).annotations[0].status = Status::Verified;
    save(&mut saver, &entries).expect("save the change");
    assert_eq!(keys(), before, "no key added or removed");
    for key in before.iter().filter(|key| *key != &storage::review_key("a")) {
        assert_eq!(get(key).as_deref(), Some("marker"), "{key} was rewritten");
    }
    // The same content under a new pointer is not a change either.
    entries[1].article = Rc::new((*entries[1].article).clone());
    saver.stage_library(&entries, Some("a"));
    assert!(!saver.is_pending());
}

/// Another tab replaced this article's text (and removed the base this tab last saw): a status
/// change here must not leave a review pointing at a text that is gone.
#[wasm_bindgen_test]
fn a_review_is_never_written_beside_a_base_another_tab_removed() {
    fresh();
    let mut entries = vec![entry("a", PARIS)];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    for key in keys().iter().filter(|key| key.starts_with(storage::TEXT_PREFIX)) {
        common::local_storage().remove_item(key).expect("remove the base");
    }
    Rc::make_mut(&mut entries[0].article).annotations[0].status = Status::Verified;
    save(&mut saver, &entries).expect("save the change");
    let loaded = storage::load(NOW).expect("load");
    assert!(loaded.quarantined.is_empty(), "{:?}", loaded.quarantined);
    assert_eq!(loaded.entries, entries);
}

#[wasm_bindgen_test]
fn a_full_quota_keeps_every_earlier_article_and_says_what_was_not_kept() {
    fresh();
    let mut entries = vec![entry("a", PARIS)];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    let filler = fill_storage();
    // A new article, and a change to the saved one, that do not fit.
    let big: String = (0..4000)
        .map(|n| format!("Line {n} of a report by Jane Doe {}.\n", n * 7919 % 10007))
        .collect();
    entries.insert(0, entry("new", &big));
    Rc::make_mut(&mut entries[1].article).annotations[0].status = Status::Disputed;
    let error = save(&mut saver, &entries).expect_err("storage is full");
    assert!(
        matches!(&error, StorageError::Full { titles } if titles.len() >= 1),
        "{error:?}"
    );
    assert!(error.to_string().contains("Line 0 of a report"), "{error}");
    assert!(saver.is_pending(), "the change waits in memory");

    // What storage holds is still whole: the earlier article, and the index lists only it.
    let loaded = storage::load(NOW).expect("load");
    assert!(loaded.entries.iter().any(|e| e.id == "a"));
    assert!(
        loaded.entries.iter().all(|e| e.id != "new"),
        "nothing half-written"
    );
    assert!(
        loaded
            .not_kept
            .iter()
            .any(|title| title.starts_with("Line 0 of a report")),
        "the next visit can say what was not kept: {:?}",
        loaded.not_kept
    );

    for key in filler {
        common::local_storage().remove_item(&key).expect("free space");
    }
    saver
        .flush(Moment::Now, LATER)
        .expect("saved once space is freed");
    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries, entries);
    assert!(loaded.not_kept.is_empty(), "all was saved in the end");
}

/// Fills localStorage until it refuses more; returns the keys written.
fn fill_storage() -> Vec<String> {
    let storage = common::local_storage();
    let mut keys = Vec::new();
    let mut chunk = "f".repeat(1024 * 1024);
    while !chunk.is_empty() {
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
fn deleted_annotations_are_kept_as_tombstones_and_unplaced_ones_are_not() {
    fresh();
    let mut entries = vec![entry("a", PARIS)];
    let mut saver = Saver::new(&storage::Loaded::default());
    save(&mut saver, &entries).expect("save");
    let gone = Rc::make_mut(&mut entries[0].article).annotations.remove(0);
    save(&mut saver, &entries).expect("save the deletion");
    assert_eq!(saver.tombstones("a").len(), 1);
    let loaded = storage::load(NOW).expect("load");
    let tombstones = &loaded.tombstones["a"];
    assert_eq!(tombstones[0].id, gone.id);
    assert_eq!(tombstones[0].deleted, LATER);

    // An older version saved an edit that set an annotation aside this way: a tombstone for it,
    // then the annotation in the same review's unplaced list. That is not a deletion.
    entries[0].unplaced = Rc::new(vec![gone.clone()]);
    save(&mut saver, &entries).expect("save the unplaced list");
    let loaded = storage::load(NOW).expect("load");
    assert_eq!(loaded.entries[0].unplaced[0].id, gone.id);
    assert!(!loaded.tombstones.contains_key("a"), "not read back as deleted");
    let stored = storage::read_article("a").expect("readable").expect("stored");
    assert!(stored.tombstones.is_empty(), "not read back as deleted");
}

#[wasm_bindgen_test]
async fn the_app_reopens_the_upgraded_v1_article() {
    fresh();
    install(V1_FIXTURE);
    let root = common::mount_app().await;
    let verified = root
        .query_selector_all("mark[data-status=verified]")
        .expect("query");
    assert!(verified.length() >= 1, "the verified annotations");

    // Closing the page writes what is pending, and nothing saved goes missing on the way.
    let pagehide = web_sys::Event::new("pagehide").expect("event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&pagehide)
        .expect("dispatch");
    assert_eq!(
        keys()
            .iter()
            .filter(|key| key.starts_with(storage::REVIEW_PREFIX))
            .count(),
        1,
        "{:?}",
        keys()
    );
    let index = get(storage::INDEX_KEY).expect("the index is written");
    assert!(index.contains("\"last_opened\":\"v1-"), "{index}");
    root.remove();
}

#[wasm_bindgen_test]
fn a_large_draft_waits_for_the_page_to_be_hidden() {
    fresh();
    let mut saver = Saver::new(&storage::Loaded::default());
    let large = "word ".repeat(20_000);
    saver.stage_draft(&large);
    saver.flush(Moment::Batch, NOW).expect("batch");
    assert_eq!(get(storage::DRAFT_KEY), None, "not copied on every batch");
    assert!(saver.is_pending());
    saver.flush(Moment::Now, NOW).expect("hidden");
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
        get(&format!("{}factmark:v1:article", storage::QUARANTINE_PREFIX)).as_deref(),
        Some("{\"format\": \"factmark\"")
    );
    assert_eq!(get("factmark:v1:article"), None);
}
