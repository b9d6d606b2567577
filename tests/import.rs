//! The import reducer (`src/import.rs`): where each imported article goes, what the preview
//! says, what applying does, and that a refused file changes nothing. Runs in headless Chromium
//! like the other browser tests, though it touches no DOM.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use factmark::import::{ImportAction, Target};
use factmark::state::{Action, State};
use factmark_core::formats::merge::Mode;
use factmark_core::{export, Article, Status};
use wasm_bindgen_test::*;
use yew::Reducible;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const TEXT: &str =
    "“We will win this war,” Jane Doe said on Monday in Paris.\n\nThe World Bank lent $5 million.";
const OTHER: &str = "Larry Fink spoke in London.\n\nBlackRock said it would grow.";
const THEN: &str = "2026-01-01T00:00:00.000Z";
const LATER: &str = "2026-02-01T00:00:00.000Z";

fn step(state: Rc<State>, action: Action) -> Rc<State> {
    state.reduce(action)
}

fn import(state: Rc<State>, action: ImportAction) -> Rc<State> {
    step(state, Action::Import(action))
}

/// A state with `text` annotated and open.
fn opened(text: &str) -> Rc<State> {
    let state = step(Rc::new(State::default()), Action::EditDraft(text.to_owned()));
    common::answer_job(step(state, Action::Annotate { now: THEN.to_owned() }))
}

fn open_article(state: &State) -> &Article {
    state.article.as_deref().expect("an open article")
}

fn read(state: Rc<State>, contents: String) -> Rc<State> {
    import(
        state,
        ImportAction::Read {
            file_name: "file.json".to_owned(),
            contents,
            room: None,
        },
    )
}

/// The open article with its first annotation marked verified, later than the app's copy.
fn verified_copy(state: &State) -> (Article, String) {
    let mut article = open_article(state).clone();
    let first = &mut article.annotations[0];
    first.status = Status::Verified;
    first.updated = Some(LATER.to_owned());
    let id = first.id.clone();
    (article, id)
}

#[wasm_bindgen_test]
fn a_newer_copy_of_the_open_article_merges_in() {
    let state = opened(TEXT);
    let (copy, id) = verified_copy(&state);
    let count = copy.annotations.len();
    let state = read(state, export::to_json(&copy));
    let pending = state.import.pending.clone().expect("a preview");
    assert_eq!(pending.items.len(), 1);
    assert_eq!(pending.items[0].target, Target::Open);
    let preview = &pending.items[0].preview;
    assert_eq!(
        (preview.added, preview.updated, preview.unchanged),
        (0, 1, count - 1)
    );
    assert_eq!(
        open_article(&state).annotations[0].status,
        Status::Unverified,
        "nothing changes yet"
    );

    let state = import(
        state,
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert!(state.import.pending.is_none());
    let article = open_article(&state);
    assert_eq!(
        article.annotations.iter().find(|a| a.id == id).map(|a| a.status),
        Some(Status::Verified)
    );
    assert!(
        state.history.can_undo(),
        "an import into the open article can be undone"
    );
    let open = state.open.clone().expect("open id");
    let saved = &state.library.get(&open).expect("saved").article;
    assert_eq!(
        saved.annotations[0].status,
        Status::Verified,
        "the library follows"
    );
    let report = state.import.report.clone().expect("a report");
    assert!(report.starts_with("Imported “file.json”: 1 updated"), "{report}");

    let state = step(state, Action::Undo);
    assert_eq!(open_article(&state).annotations[0].status, Status::Unverified);
}

#[wasm_bindgen_test]
fn replace_takes_an_older_file_and_merge_keeps_newer_work() {
    let state = opened(TEXT);
    let older = open_article(&state).clone();
    let id = older.annotations[0].id.clone();
    let state = step(
        state,
        Action::SetStatus {
            id: id.clone(),
            status: Status::Disputed,
            now: LATER.to_owned(),
        },
    );
    let state = read(state, export::to_json(&older));
    let preview = |state: &State| {
        state.import.pending.as_ref().expect("preview").items[0]
            .preview
            .clone()
    };
    assert_eq!((preview(&state).kept, preview(&state).updated), (1, 0));
    let state = import(state, ImportAction::Mode(Mode::Replace));
    assert_eq!((preview(&state).updated, preview(&state).removed), (1, 0));
    let state = import(
        state,
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert_eq!(open_article(&state).annotations[0].status, Status::Unverified);
}

#[wasm_bindgen_test]
fn another_article_becomes_a_new_one_and_a_library_goes_where_each_article_belongs() {
    let state = opened(TEXT);
    let first_id = state.open.clone().expect("open id");
    let other = Article {
        title: "Larry Fink spoke".to_owned(),
        text: OTHER.to_owned(),
        annotations: factmark_core::annotate(OTHER),
    };
    let library = export::library_to_json(&[open_article(&state).clone(), other.clone()]);
    let state = read(state, library);
    let pending = state.import.pending.clone().expect("a preview");
    let targets: Vec<&Target> = pending.items.iter().map(|item| &item.target).collect();
    assert_eq!(targets, [&Target::Open, &Target::New]);
    assert!(pending.has_choice());
    let state = import(
        state,
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert_eq!(state.library.entries.len(), 2);
    assert_eq!(
        state.open.as_deref(),
        Some(first_id.as_str()),
        "the open article stays open"
    );
    let added = state.library.find_text(OTHER).expect("the new article");
    assert_eq!(
        added.article.title, "Larry Fink spoke",
        "the file's title is kept"
    );

    // The same article again goes into the saved one, not a third.
    let state = read(state, export::to_json(&other));
    let pending = state.import.pending.clone().expect("a preview");
    assert!(matches!(pending.items[0].target, Target::Saved(_)));
    let state = import(
        state,
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert_eq!(state.library.entries.len(), 2);
}

#[wasm_bindgen_test]
fn one_new_article_opens_on_an_empty_page() {
    let article = Article {
        title: "Larry Fink spoke".to_owned(),
        text: OTHER.to_owned(),
        annotations: factmark_core::annotate(OTHER),
    };
    let state = read(
        Rc::new(State::default()),
        factmark_core::formats::w3c::to_json(&article),
    );
    let pending = state.import.pending.clone().expect("a preview");
    assert_eq!(pending.items[0].target, Target::New);
    assert!(!pending.has_choice());
    let state = import(
        state,
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert_eq!(open_article(&state).text, OTHER);
    assert_eq!(open_article(&state).annotations.len(), article.annotations.len());
}

#[wasm_bindgen_test]
fn refused_and_cancelled_imports_change_nothing() {
    let state = opened(TEXT);
    let json = export::to_json(open_article(&state));
    let csv = factmark_core::formats::csv::to_csv(open_article(&state));
    let half = (0..=json.len() / 2)
        .rev()
        .find(|&at| json.is_char_boundary(at))
        .unwrap_or(0);
    for (contents, reason) in [
        (json[..half].to_owned(), "the file ends too early"),
        // `"start": N` becomes `"start": -1N`.
        (
            json.replacen("\"start\": ", "\"start\": -1", 1),
            "annotations[0].start: invalid value",
        ),
        ("{\"a\": 1}".to_owned(), "cannot tell what this file is"),
    ] {
        let after = read(state.clone(), contents);
        assert!(after.import.pending.is_none());
        let notice = after.notice.clone().expect("an error");
        assert!(
            notice.starts_with("“file.json” was not imported, and nothing changed."),
            "{notice}"
        );
        assert!(notice.contains(reason), "{notice}");
        assert_eq!(after.article, state.article);
        assert_eq!(after.library, state.library);
    }
    // CSV needs an open article to read onto.
    let empty = read(Rc::new(State::default()), csv.clone());
    assert!(empty.notice.clone().expect("an error").contains("open article"));
    let state = read(state, csv);
    assert_eq!(
        state.import.pending.as_ref().expect("preview").items[0].target,
        Target::Open
    );
    let cancelled = import(state.clone(), ImportAction::Cancel);
    assert!(cancelled.import.pending.is_none());
    assert_eq!(cancelled.article, state.article);
}

#[wasm_bindgen_test]
fn a_w3c_file_without_its_text_is_placed_in_the_open_article() {
    let state = opened(TEXT);
    let mut collection: serde_json::Value =
        serde_json::from_str(&factmark_core::formats::w3c::to_json(open_article(&state))).expect("W3C JSON");
    // Other tools (Hypothesis) do not carry the text: the open article supplies it.
    collection
        .as_object_mut()
        .expect("an object")
        .remove("factmark:text");
    let count = open_article(&state).annotations.len();
    let state = read(state, collection.to_string());
    let pending = state.import.pending.clone().expect("a preview");
    assert_eq!(pending.items[0].target, Target::Open);
    assert_eq!(pending.items[0].preview.unchanged, count);
    assert!(pending.skipped.is_empty());
    // With nothing open there is no text to place them in: a clear error.
    let text = collection.to_string();
    let empty = read(Rc::new(State::default()), text);
    assert!(empty.notice.clone().expect("an error").contains("factmark:text"));
}

#[wasm_bindgen_test]
fn an_import_that_does_not_fit_in_storage_is_not_applied_at_all() {
    let other = Article {
        title: "Larry Fink spoke in London.".to_owned(),
        text: OTHER.to_owned(),
        annotations: factmark_core::annotate(OTHER),
    };
    let json = export::library_to_json(&[other.clone(), other.clone()]);
    let state = opened(TEXT);
    let read_with = |room: usize| {
        import(
            state.clone(),
            ImportAction::Read {
                file_name: "file.json".to_owned(),
                contents: json.clone(),
                room: Some(room),
            },
        )
    };
    // Plenty of room: the preview says nothing of storage, and Import applies.
    let roomy = read_with(5 * 1024 * 1024);
    let room = roomy
        .import
        .pending
        .as_ref()
        .and_then(|p| p.room.clone())
        .expect("measured");
    assert!(room.fits() && room.fitting == 2 && room.needed > 0, "{room:?}");
    // Room for one of the two articles: the preview says so and what to do, and Import does
    // nothing.
    let tight = read_with(room.needed / 2 + 2 * 1024);
    let room = tight
        .import
        .pending
        .as_ref()
        .and_then(|p| p.room.clone())
        .expect("measured");
    assert!(!room.fits(), "{room:?}");
    assert_eq!(room.fitting, 1);
    let words = room.describe(2);
    assert!(words.contains("only 1 of its 2 articles would fit"), "{words}");
    assert!(words.contains("delete articles you no longer need"), "{words}");
    let after = import(
        tight.clone(),
        ImportAction::Apply {
            now: LATER.to_owned(),
        },
    );
    assert_eq!(after.library, tight.library, "nothing half-applied");
    assert!(
        after.import.pending.is_some(),
        "the preview stays, with its message"
    );
}
