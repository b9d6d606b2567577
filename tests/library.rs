//! Browser tests of the library's pure parts (wasm-bindgen-test): telling a new paste from an
//! edit, finding a saved text, search, progress words, and merging another tab's copy.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use factmark::library::{
    self, is_edit_of, text_hash, AnalysisNews, Entry, Library, LibraryAction, RemoteArticle, Summary,
};
use factmark::saved::{Dates, Tombstone};
use factmark::state::{Action, State};
use factmark::storage::{
    self,
    saver::{Moment, Saver},
};
use factmark_core::{Annotation, Article, Kind, Status};
use wasm_bindgen_test::*;
use yew::Reducible;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-27T10:00:00.000Z";
const LATER: &str = "2026-11-27T11:00:00.000Z";
const ARTICLE: &str =
    "Talks Advance\n\n“We will win,” Jane Doe said in Paris on Monday.\n\nPrices rose 5% in May.";
const OTHER: &str = "Exports rose 12% in 2025, officials in Brussels said on Tuesday.";

fn reduce(state: State, action: Action) -> State {
    (*Rc::new(state).reduce(action)).clone()
}

/// Pastes `text`, presses Annotate and lets the worker answer.
fn annotate(state: State, text: &str, now: &str) -> State {
    let state = reduce(state, Action::EditDraft(text.to_owned()));
    let state = reduce(state, Action::Annotate { now: now.to_owned() });
    match state.analysis {
        Some(_) => (*common::answer_job(Rc::new(state))).clone(),
        None => state,
    }
}

/// Another tab saved `article` under `id`, with these deletions.
fn remote(id: &str, article: Article, tombstones: Vec<Tombstone>) -> Action {
    remote_with_unplaced(id, article, vec![], tombstones)
}

/// Another tab saved `article` under `id` with the annotations it could not place, and these
/// deletions.
fn remote_with_unplaced(
    id: &str,
    article: Article,
    unplaced: Vec<Annotation>,
    tombstones: Vec<Tombstone>,
) -> Action {
    Action::Remote {
        id: id.to_owned(),
        article: Some(Box::new(RemoteArticle {
            article,
            dates: Dates {
                added: NOW.into(),
                opened: NOW.into(),
            },
            tombstones,
            unplaced,
        })),
    }
}

/// The test text annotated, with its first quote verified: the state, the article's id and the
/// quote's.
fn with_verified_quote() -> (State, String, String) {
    let state = annotated(ARTICLE);
    let id = state.open.clone().expect("opened");
    let quote = quote_id(&state);
    let state = verify(state, &quote);
    (state, id, quote)
}

fn annotated(text: &str) -> State {
    annotate(State::default(), text, NOW)
}

/// Marks one annotation verified.
fn verify(state: State, id: &str) -> State {
    let status = Status::Verified;
    reduce(
        state,
        Action::SetStatus {
            id: id.to_owned(),
            status,
            now: LATER.into(),
        },
    )
}

/// The id of the open article's first quote.
fn quote_id(state: &State) -> String {
    state
        .article
        .as_ref()
        .and_then(|article| article.annotations.iter().find(|a| a.kind == Kind::Quote))
        .map(|a| a.id.clone())
        .expect("a quote")
}

#[wasm_bindgen_test]
fn a_new_paste_is_told_from_an_edit_of_the_open_article() {
    let rows: &[(&str, &str, bool)] = &[
        (
            ARTICLE,
            "An editor's note.\n\nTalks Advance\n\nPrices rose 5% in May.",
            true,
        ),
        (ARTICLE, OTHER, false),
        (ARTICLE, "", false),
        ("One line only.", "One line only, edited.", false),
    ];
    for &(text, draft, edit) in rows {
        assert_eq!(is_edit_of(text, draft), edit, "{draft:?}");
    }
}

#[wasm_bindgen_test]
fn pasting_a_saved_text_again_opens_it_instead_of_adding_it() {
    let mut state = annotated(ARTICLE);
    let first = state.open.clone().expect("opened");
    state = reduce(state, Action::Library(LibraryAction::New));
    assert_eq!(state.article, None);
    state = annotate(state, OTHER, LATER);
    assert_eq!(state.library.entries.len(), 2);
    // The same text with Windows line ends and a trailing newline is the same article.
    state = annotate(state, &format!("{}\r\n", ARTICLE.replace('\n', "\r\n")), LATER);
    assert_eq!(state.library.entries.len(), 2);
    assert_eq!(state.open.as_deref(), Some(first.as_str()));
    assert_eq!(state.library.get(&first).expect("entry").opened, LATER);
    assert_eq!(text_hash(ARTICLE), text_hash(&format!("  {ARTICLE}\n")));
}

#[wasm_bindgen_test]
fn delete_can_be_undone_and_rename_changes_the_title() {
    let mut state = annotated(ARTICLE);
    let id = state.open.clone().expect("opened");
    state = reduce(
        state,
        Action::Library(LibraryAction::Rename {
            id: id.clone(),
            title: "  Peace talks ".into(),
        }),
    );
    assert_eq!(state.article.as_ref().expect("open").title, "Peace talks");
    state = reduce(
        state,
        Action::Library(LibraryAction::Rename {
            id: id.clone(),
            title: " ".into(),
        }),
    );
    assert!(state.notice.is_some(), "an empty title is refused with a message");
    state = reduce(state, Action::Library(LibraryAction::Delete { id: id.clone() }));
    assert!(state.library.entries.is_empty());
    assert_eq!(state.article, None, "the deleted article is closed");
    state = reduce(state, Action::Library(LibraryAction::UndoDelete));
    assert_eq!(state.library.get(&id).expect("back").article.title, "Peace talks");
}

#[wasm_bindgen_test]
fn search_matches_every_word_in_the_title_or_the_text() {
    let entry = |id: &str, text: &str| {
        let article = Article {
            title: Article::title_of(text),
            text: text.into(),
            annotations: vec![],
        };
        Entry::new(id.into(), article, NOW)
    };
    let mut library = Library {
        entries: Rc::new(vec![entry("a", ARTICLE), entry("b", OTHER)]),
        ..Library::default()
    };
    let rows: &[(&str, &[&str])] = &[
        ("", &["a", "b"]),
        ("talks", &["a"]),
        ("BRUSSELS exports", &["b"]),
        ("rose", &["a", "b"]),
        ("rose paris", &["a"]),
        ("nowhere", &[]),
    ];
    for &(search, expected) in rows {
        library.search = search.into();
        let found: Vec<&str> = library.visible().iter().map(|entry| entry.id.as_str()).collect();
        assert_eq!(found, expected, "search {search:?}");
    }
}

#[wasm_bindgen_test]
fn progress_and_times_read_as_people_say_them() {
    let summary = Summary {
        words: 10,
        claims: 9,
        verified: 5,
    };
    assert_eq!(summary.progress(), "5 of 9 claims verified");
    assert_eq!(
        Summary {
            words: 1,
            claims: 1,
            verified: 0
        }
        .progress(),
        "0 of 1 claim verified"
    );
}

#[wasm_bindgen_test]
fn another_tabs_change_is_merged_annotation_by_annotation() {
    let mut state = annotated(ARTICLE);
    let id = state.open.clone().expect("opened");
    let article = (**state.article.as_ref().expect("open")).clone();
    let claim = article
        .annotations
        .iter()
        .position(|a| a.kind == Kind::Claim)
        .expect("a claim");
    let quote = article
        .annotations
        .iter()
        .position(|a| a.kind == Kind::Quote)
        .expect("a quote");

    // This tab verifies the quote; the other tab, later, disputes the claim.
    state = reduce(
        state,
        Action::SetStatus {
            id: article.annotations[quote].id.clone(),
            status: Status::Verified,
            now: LATER.into(),
        },
    );
    let mut theirs = article.clone();
    theirs.annotations[claim].status = Status::Disputed;
    theirs.annotations[claim].updated = Some(LATER.into());
    theirs.title = "Renamed elsewhere".into();
    state = reduce(state, remote(&id, theirs, vec![]));
    let merged = state.article.as_ref().expect("open");
    assert_eq!(merged.annotations[quote].status, Status::Verified, "ours kept");
    assert_eq!(merged.annotations[claim].status, Status::Disputed, "theirs taken");
    assert_eq!(merged.title, "Renamed elsewhere");

    // Deleted in the other tab: gone here too, and undoable.
    state = reduce(
        state,
        Action::Remote {
            id: id.clone(),
            article: None,
        },
    );
    assert!(state.library.entries.is_empty());
    assert!(state
        .library
        .deleted
        .as_ref()
        .is_some_and(|deleted| deleted.elsewhere));
}

#[wasm_bindgen_test]
fn a_long_text_becomes_a_job_for_the_worker_and_an_article_when_it_answers() {
    let text = format!("{ARTICLE}\n\n").repeat(library::LONG_ARTICLE_BYTES / ARTICLE.len() + 1);
    let mut state = reduce(State::default(), Action::EditDraft(text.clone()));
    state = reduce(state, Action::Annotate { now: NOW.into() });
    assert!(state.analysis.is_some(), "analysed off the page's thread");
    assert_eq!(state.article, None);
    assert_eq!(state.draft, "", "the text moved from the box to the job");
    let failed = reduce(
        state.clone(),
        Action::Analysis(AnalysisNews::Failed("no worker".into())),
    );
    assert_eq!(failed.draft, text, "a failed analysis gives the text back");
    state = reduce(state, Action::Analysis(AnalysisNews::Progress(0.5)));
    assert_eq!(state.analysis.as_ref().map(|job| job.done), Some(0.5));
    let annotations = factmark_core::annotate(&text);
    state = (*common::answer_job(Rc::new(state))).clone();
    assert_eq!(state.analysis, None);
    let article = state.article.as_ref().expect("the article opens");
    assert_eq!(article.text, text);
    assert_eq!(article.annotations.len(), annotations.len());
    assert!(article
        .annotations
        .iter()
        .all(|a| a.created.as_deref() == Some(NOW)));
}

#[wasm_bindgen_test]
fn an_answer_arriving_after_another_job_was_asked_for_is_not_taken_for_its_answer() {
    let other = "The council met on Monday. Maria Lopez said the bridge would open in May.";
    let mut state = reduce(State::default(), Action::EditDraft(ARTICLE.to_owned()));
    state = reduce(state, Action::Annotate { now: NOW.into() });
    let first = state.analysis.clone().expect("a job for the first text");
    state = reduce(state, Action::EditDraft(other.to_owned()));
    state = reduce(state, Action::Annotate { now: NOW.into() });
    let stale = reduce(
        state.clone(),
        Action::Analysis(AnalysisNews::Done {
            text: first.text.clone(),
            annotations: factmark_core::annotate(ARTICLE),
            found: None,
        }),
    );
    assert_eq!(stale.article, None, "the first text's answer opens nothing");
    assert_eq!(
        stale.analysis.as_ref().map(|job| &*job.text),
        Some(other),
        "the second job still waits for its own answer"
    );
    let answered = common::answer_job(Rc::new(stale));
    let article = answered.article.as_ref().expect("the second text opens");
    assert_eq!(article.text, other);
    assert_eq!(
        article.annotations,
        annotated(other).article.expect("open").annotations
    );
}

#[wasm_bindgen_test]
fn a_short_text_goes_to_the_worker_too_and_stays_in_the_box() {
    let mut state = reduce(State::default(), Action::EditDraft(ARTICLE.to_owned()));
    state = reduce(state, Action::Annotate { now: NOW.into() });
    assert!(state.analysis.is_some(), "the page holds no detectors");
    assert_eq!(state.draft, ARTICLE);
    state = (*common::answer_job(Rc::new(state))).clone();
    let article = state.article.as_ref().expect("the article opens");
    assert_eq!(
        article.annotations,
        annotated(ARTICLE).article.expect("open").annotations
    );
}

#[wasm_bindgen_test]
fn an_edited_article_is_annotated_again_by_the_worker_keeping_tags_made_meanwhile() {
    let mut state = annotated(ARTICLE);
    let quote = quote_id(&state);
    let edited = format!("An editor's note.\n\n{ARTICLE}");
    state = reduce(state, Action::EditDraft(edited.clone()));
    state = reduce(state, Action::Annotate { now: LATER.into() });
    let job = state.analysis.as_ref().expect("a job");
    assert!(job.base.is_some(), "an edit of the open article");
    // The user tags the quote while the worker runs.
    state = verify(state, &quote);
    state = (*common::answer_job(Rc::new(state))).clone();
    let article = state.article.as_ref().expect("open");
    assert_eq!(article.text, edited);
    let tagged = article
        .annotations
        .iter()
        .find(|a| a.id == quote)
        .expect("the quote keeps its id");
    assert_eq!(tagged.status, Status::Verified);
    let start = "An editor's note.\n\n".chars().count();
    assert!(tagged.start > start, "moved with its words: {}", tagged.start);
    assert!(state.history.can_undo(), "annotating again is one undoable step");
}

/// The worker's answer to an edit, merged outside the reducer as `analysis::use_analysis` does
/// (in a task of its own), into the open article as it was at that moment.
fn merged_answer(state: &State) -> AnalysisNews {
    let job = state.analysis.as_ref().expect("a job");
    let base = job.base.as_ref().expect("an edit");
    let ranges = factmark_core::anchor::anchor_ranges(&base.annotations);
    let (mut annotations, found) = factmark::analysis::answer(&job.text, Some((&base.text, &ranges)), |_| {});
    let onto = state.article.clone().expect("open");
    let found = found.expect("ranges found");
    let moved = library::place_edit(
        &onto,
        base,
        &job.text,
        &mut annotations,
        &found,
        state.threshold,
        &job.now,
    );
    let (after, lost) = factmark::edit::reannotate_moved(&onto, &job.text, annotations, moved);
    AnalysisNews::Merged { onto, after, lost }
}

#[wasm_bindgen_test]
fn annotations_added_or_removed_while_the_worker_ran_are_placed_as_reanchor_places_them() {
    let base = annotated(ARTICLE).article.expect("open");
    let edited = format!("An editor's note.\n\n{ARTICLE}");
    let found = factmark_core::anchor::relocate(
        &base.text,
        &edited,
        &factmark_core::anchor::anchor_ranges(&base.annotations),
    );
    // The user removed the first annotation and added two while the worker ran.
    let mut article = (*base).clone();
    article.annotations.remove(0);
    for (index, id) in ["added-1", "added-2"].into_iter().enumerate() {
        let mut added = base.annotations[index + 1].clone();
        added.id = id.to_owned();
        article.annotations.push(added);
    }
    assert_eq!(
        factmark::edit::moved(&base, &article, &edited, &found),
        factmark_core::anchor::reanchor(&base.text, &edited, &article.annotations)
    );
}

#[wasm_bindgen_test]
fn an_edit_merged_before_the_reducer_gives_what_the_reducer_would_even_if_a_tag_changed_in_between() {
    let mut state = annotated(ARTICLE);
    let quote = quote_id(&state);
    let edited = format!("An editor's note.\n\n{ARTICLE}");
    state = reduce(state, Action::EditDraft(edited.clone()));
    state = reduce(state, Action::Annotate { now: LATER.into() });
    state = verify(state, &quote);
    let expected = (*common::answer_job(Rc::new(state.clone()))).clone();

    let merged = reduce(state.clone(), Action::Analysis(merged_answer(&state)));
    assert_eq!(merged.article, expected.article);
    assert!(merged.analysis.is_none() && merged.history.can_undo());

    // The user disputes the quote after the merge and before the reducer takes it: the merge
    // was made from an older article, and the dispute must not be lost.
    let answer = merged_answer(&state);
    state = reduce(
        state,
        Action::SetStatus {
            id: quote.clone(),
            status: Status::Disputed,
            now: LATER.into(),
        },
    );
    state = reduce(state, Action::Analysis(answer));
    let article = state.article.as_ref().expect("open");
    assert_eq!(article.text, edited);
    let quoted = article
        .annotations
        .iter()
        .find(|a| a.id == quote)
        .expect("the quote");
    assert_eq!(quoted.status, Status::Disputed);
    assert!(
        quoted.start > "An editor's note.\n\n".chars().count(),
        "moved with its words"
    );
    assert_eq!(
        article.annotations.len(),
        expected.article.as_ref().expect("open").annotations.len()
    );
}

#[wasm_bindgen_test]
fn worker_replies_survive_their_encoding() {
    use factmark::analysis::Reply;
    use wasm_bindgen::JsValue;
    for reply in [
        Reply::Ready,
        Reply::Progress(0.25),
        Reply::Part("[{\"id\":\"a\"}]".into()),
        Reply::Done,
    ] {
        assert_eq!(Reply::decode(&reply.encode()), Some(reply));
    }
    // Every progress an f32 can carry comes back exactly.
    for done in [0.0, 0.1, 0.95, 1.0, f32::MIN_POSITIVE] {
        assert_eq!(
            Reply::decode(&Reply::Progress(done).encode()),
            Some(Reply::Progress(done))
        );
    }
    assert_eq!(Reply::decode(&JsValue::from_str("")), None);
    assert_eq!(Reply::decode(&JsValue::from_str("x?")), None);
    assert_eq!(Reply::decode(&JsValue::NULL), None);
}

#[wasm_bindgen_test]
fn work_that_no_longer_fits_another_tabs_edited_text_is_set_aside_not_dropped() {
    let (mut state, id, quote) = with_verified_quote();
    // The other tab cut the quote's paragraph.
    let text = "Talks Advance\n\nPrices rose 5% in May.";
    let theirs = Article {
        title: "Talks Advance".into(),
        text: text.into(),
        annotations: factmark_core::annotate(text),
    };
    state = reduce(state, remote(&id, theirs, vec![]));
    assert_eq!(state.article.as_ref().expect("open").text, text);
    assert_eq!(
        state.unplaced.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
        vec![quote]
    );
}

#[wasm_bindgen_test]
fn an_annotation_deleted_in_one_tab_is_not_brought_back_by_the_others_copy() {
    let mut state = annotated(ARTICLE);
    let id = state.open.clone().expect("opened");
    let theirs = (**state.article.as_ref().expect("open")).clone();
    let gone = theirs.annotations[0].id.clone();
    // This tab deleted it (a tombstone dated after its last change); the other tab's copy still
    // has it, and changes another annotation.
    let mut changed = theirs.clone();
    changed.annotations[1].status = Status::Verified;
    changed.annotations[1].updated = Some(LATER.into());
    let tombstone = Tombstone {
        id: gone.clone(),
        deleted: LATER.into(),
    };
    state = reduce(state, remote(&id, changed, vec![tombstone.clone()]));
    let merged = state.article.as_ref().expect("open");
    assert!(merged.annotations.iter().all(|a| a.id != gone), "not resurrected");
    assert_eq!(
        merged.annotations[0].status,
        Status::Verified,
        "the other change merged"
    );

    // An annotation changed after the deletion outlives it.
    let mut newer = theirs.clone();
    newer.annotations[0].updated = Some("2026-11-27T12:00:00.000Z".into());
    newer.annotations[0].status = Status::Disputed;
    state = reduce(state, remote(&id, newer, vec![tombstone]));
    assert!(is_placed(&state, &gone));
}

#[wasm_bindgen_test]
fn the_unplaced_list_follows_its_article() {
    let (mut state, id, quote) = with_verified_quote();
    // An edit that drops the quote's paragraph leaves it unplaced: kept in the library's entry
    // (which storage saves), and shown again when the article is reopened.
    state = annotate(state, "Talks Advance\n\nPrices rose 5% in May.", LATER);
    assert_eq!(state.unplaced.len(), 1);
    assert_eq!(state.library.get(&id).expect("entry").unplaced.len(), 1);
    state = reduce(state, Action::Library(LibraryAction::New));
    assert!(state.unplaced.is_empty());
    state = reduce(
        state,
        Action::Library(LibraryAction::Open {
            id: id.clone(),
            now: LATER.into(),
        }),
    );
    assert_eq!(
        state.unplaced.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
        vec![quote]
    );
    state = reduce(state, Action::ForgetUnplaced);
    assert!(state.library.get(&id).expect("entry").unplaced.is_empty());
}

/// Whether the open article has annotation `id` in its text.
fn is_placed(state: &State, id: &str) -> bool {
    let article = state.article.as_ref().expect("open");
    article.annotations.iter().any(|a| a.id == id)
}

/// The ids of the open article's unplaced annotations, and those of its library entry (which
/// storage saves): always the same list.
fn unplaced_ids(state: &State, id: &str) -> Vec<String> {
    let shown: Vec<String> = state.unplaced.iter().map(|a| a.id.clone()).collect();
    let kept: Vec<String> = state
        .library
        .get(id)
        .expect("entry")
        .unplaced
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(shown, kept, "the workspace shows what the entry keeps");
    shown
}

/// Writes `entries` as a tab does (a fresh saver writes them all), at `now`.
fn save(saver: &mut Saver, entries: &[Entry], now: &str) {
    saver.stage_library(entries, entries.first().map(|entry| entry.id.as_str()));
    saver.flush(Moment::Now, now).expect("saved");
}

/// What another tab's write of article `id` brings this tab, read back from storage as the
/// `storage` event's handler reads it.
fn from_storage(id: &str) -> Action {
    let stored = storage::read_article(id).expect("readable").expect("stored");
    Action::Remote {
        id: id.to_owned(),
        article: Some(Box::new(RemoteArticle::of(&stored.entry, stored.tombstones))),
    }
}

#[wasm_bindgen_test]
fn another_tabs_unplaced_annotations_arrive_and_survive_this_tabs_next_save() {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
        .clear()
        .expect("clear");
    let (mut state, id, quote) = with_verified_quote();
    // The other tab imported a review made on an older text: one of its annotations found no
    // place and is kept in that tab's unplaced list, which it saves.
    let mut lost = state
        .article
        .as_ref()
        .expect("open")
        .annotations
        .iter()
        .find(|a| a.id == quote)
        .expect("the quote")
        .clone();
    lost.id = "made-in-the-other-tab".into();
    lost.note = "Checked against the ministry's release.".into();
    let mut there = state.library.get(&id).expect("entry").clone();
    there.unplaced = Rc::new(vec![lost]);
    save(&mut Saver::new(&storage::Loaded::default()), &[there], LATER);

    state = reduce(state, from_storage(&id));
    assert_eq!(unplaced_ids(&state, &id), vec!["made-in-the-other-tab"]);

    // This tab's next save writes the merged list, not its own old (empty) one.
    let threshold = state.threshold;
    state = reduce(state, Action::SetThreshold(threshold));
    save(
        &mut Saver::new(&storage::Loaded::default()),
        &state.library.entries,
        LATER,
    );
    let loaded = storage::load(LATER).expect("load");
    let saved = loaded.entries.iter().find(|entry| entry.id == id).expect("saved");
    assert_eq!(saved.unplaced.len(), 1);
    assert_eq!(saved.unplaced[0].id, "made-in-the-other-tab");
    assert_eq!(saved.unplaced[0].note, "Checked against the ministry's release.");
}

#[wasm_bindgen_test]
fn work_another_tabs_edit_set_aside_is_not_taken_for_a_deletion() {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
        .clear()
        .expect("clear");
    let (state, id, quote) = with_verified_quote();
    let mut other = Saver::new(&storage::Loaded::default());
    save(&mut other, &state.library.entries, LATER);
    // The other tab cuts the quote's paragraph: its edit sets the verified quote aside, and
    // its save (later than the quote's last change) must not bury it.
    let there = annotate(state.clone(), "Talks Advance\n\nPrices rose 5% in May.", LATER);
    assert_eq!(unplaced_ids(&there, &id), vec![quote.clone()]);
    save(&mut other, &there.library.entries, "2026-11-27T12:00:00.000Z");

    let here = reduce(state, from_storage(&id));
    assert_eq!(unplaced_ids(&here, &id), vec![quote.clone()]);
    assert_eq!(here.unplaced[0].status, Status::Verified);
}

#[wasm_bindgen_test]
fn the_later_of_two_tabs_unplaced_copies_wins() {
    let (state, id, quote) = with_verified_quote();
    // This tab's edit set the quote aside.
    let mut state = annotate(state, "Talks Advance\n\nPrices rose 5% in May.", LATER);
    assert_eq!(unplaced_ids(&state, &id), vec![quote.clone()]);
    let article = (**state.article.as_ref().expect("open")).clone();
    let ours = state.unplaced[0].clone();

    // The other tab's copy of it, noted later: it wins.
    let mut newer = ours.clone();
    newer.note = "Said at the press conference.".into();
    newer.updated = Some("2026-11-27T12:00:00.000Z".into());
    state = reduce(
        state,
        remote_with_unplaced(&id, article.clone(), vec![newer], vec![]),
    );
    assert_eq!(unplaced_ids(&state, &id), vec![quote.clone()]);
    assert_eq!(state.unplaced[0].note, "Said at the press conference.");

    // An older copy of it does not undo that.
    let mut older = ours;
    older.note = "An early guess.".into();
    older.updated = Some(NOW.into());
    state = reduce(state, remote_with_unplaced(&id, article, vec![older], vec![]));
    assert_eq!(unplaced_ids(&state, &id), vec![quote]);
    assert_eq!(state.unplaced[0].note, "Said at the press conference.");
}

#[wasm_bindgen_test]
fn another_tabs_unplaced_annotation_stays_gone_once_deleted_or_placed() {
    let (mut state, id, quote) = with_verified_quote();
    let article = (**state.article.as_ref().expect("open")).clone();
    let placed = article
        .annotations
        .iter()
        .find(|a| a.id == quote)
        .expect("quote")
        .clone();
    let mut deleted = placed.clone();
    deleted.id = "deleted-here".into();
    deleted.updated = Some(NOW.into());
    // This tab deleted one after its last change; the other tab still lists it as unplaced,
    // and lists the quote, which is placed here.
    let tombstone = Tombstone {
        id: "deleted-here".into(),
        deleted: LATER.into(),
    };
    state = reduce(
        state,
        remote_with_unplaced(&id, article, vec![deleted, placed], vec![tombstone]),
    );
    assert!(unplaced_ids(&state, &id).is_empty());
    assert!(is_placed(&state, &quote));
}
