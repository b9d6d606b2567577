//! The review workspace's logic, without a page: undo and redo, re-annotating an edited text,
//! the panel's groups, filters and checks, and the keyboard table. Tables through one helper
//! each, as in the core's tests.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use factmark::edit::{manual, reannotate, Change, History};
use factmark::keyboard::{shortcut, Press, Shortcut, HELP};
use factmark::review::{
    entity_heading, entries, evidence_url, more_label, parse_type, progress, progress_sentence, rows_shown,
    type_choices,
};
use factmark::review::{Entry, Filter, Threshold};
use factmark_core::{Annotation, Article, Evidence, Kind, Label, Origin, Status};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-27T10:00:00.000Z";
const LATER: &str = "2026-11-27T11:00:00.000Z";

fn entity(id: &str, entity_id: &str, text: &str, (start, end): (usize, usize)) -> Annotation {
    let mut a = Annotation::new(id.into(), Kind::Entity, Some(Label::Person), start, end, text);
    a.entity_id = Some(entity_id.into());
    a
}

/// "Jane Doe met Kyiv officials. Jane said 😀 yes." with three entities and a claim.
fn article() -> Article {
    let text = "Jane Doe met Kyiv officials. Jane said 😀 yes.".to_owned();
    let mut claim = Annotation::new(
        "c".into(),
        Kind::Claim,
        None,
        0,
        28,
        "Jane Doe met Kyiv officials.",
    );
    claim.score = Some(0.7);
    claim.highlighted = Some(true);
    let annotations = vec![
        claim,
        entity("e1", "jane", "Jane Doe", (0, 8)),
        entity("e2", "kyiv", "Kyiv", (13, 17)),
        entity("e3", "jane", "Jane", (29, 33)),
    ];
    Article {
        title: Article::title_of(&text),
        text,
        annotations,
    }
}

fn find<'a>(article: &'a Article, id: &str) -> &'a Annotation {
    article
        .annotations
        .iter()
        .find(|a| a.id == id)
        .expect("annotation present")
}

#[wasm_bindgen_test]
fn every_change_undoes_and_redoes() {
    let original = Rc::new(article());
    let added = manual(
        "m".into(),
        &original.text,
        (34, 38),
        Kind::Quote,
        Some(Label::Term),
        NOW,
    )
    .expect("in the text");
    assert_eq!(added.text, "said");
    // Each row: a change, and what it did to the annotation it names.
    let rows: Vec<(Change, &str, fn(&Annotation) -> bool)> = vec![
        (
            Change::Status {
                ids: vec!["e1".into(), "e3".into()],
                status: Status::Verified,
            },
            "e3",
            |a| a.status == Status::Verified,
        ),
        (
            Change::Note {
                id: "c".into(),
                note: "Checked".into(),
            },
            "c",
            |a| a.note == "Checked",
        ),
        (
            Change::AddEvidence {
                id: "c".into(),
                evidence: Evidence {
                    url: "https://a.org".into(),
                    title: None,
                },
            },
            "c",
            |a| a.evidence.len() == 1,
        ),
        (
            Change::RemoveEvidence {
                id: "c".into(),
                url: "https://a.org".into(),
            },
            "c",
            |a| a.evidence.is_empty(),
        ),
        (
            Change::Retype {
                id: "e2".into(),
                kind: Kind::Entity,
                label: Some(Label::Gpe),
            },
            "e2",
            |a| a.label == Some(Label::Gpe) && a.entity_id.is_some(),
        ),
        (
            Change::Retype {
                id: "e2".into(),
                kind: Kind::Claim,
                label: Some(Label::Gpe),
            },
            "e2",
            |a| a.kind == Kind::Claim && a.label.is_none() && a.entity_id.is_none(),
        ),
        (
            Change::Dismiss {
                id: "e1".into(),
                dismissed: true,
            },
            "e1",
            |a| a.dismissed && !a.is_highlighted(),
        ),
        (Change::Add(added), "m", |a| {
            a.origin == Origin::Manual && a.kind == Kind::Quote
        }),
    ];
    let mut history = History::default();
    let mut current = original.clone();
    let mut snapshots = vec![(*current).clone()];
    for (change, id, check) in rows {
        history.change(&mut current, change.clone(), LATER);
        let changed = find(&current, id);
        assert!(check(changed), "{change:?} gave {changed:?}");
        assert_eq!(
            changed.updated.as_deref(),
            Some(if id == "m" { NOW } else { LATER }),
            "{change:?}"
        );
        snapshots.push((*current).clone());
    }
    // Manual annotations go in position order.
    let starts: Vec<usize> = current.annotations.iter().map(|a| a.start).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    for expected in snapshots.iter().rev().skip(1) {
        assert!(history.undo(&mut current));
        assert_eq!(*current, *expected);
    }
    assert!(!history.undo(&mut current), "nothing left to undo");
    assert_eq!(*current, *original);
    for expected in snapshots.iter().skip(1) {
        assert!(history.redo(&mut current));
        assert_eq!(*current, *expected);
    }
    assert!(!history.can_redo());
}

#[wasm_bindgen_test]
fn changes_that_change_nothing_leave_no_step_and_new_changes_drop_the_redo() {
    let mut current = Rc::new(article());
    let mut history = History::default();
    history.change(
        &mut current,
        Change::Status {
            ids: vec!["nope".into()],
            status: Status::Verified,
        },
        NOW,
    );
    history.change(
        &mut current,
        Change::Status {
            ids: vec!["e1".into()],
            status: Status::Unverified,
        },
        NOW,
    );
    assert!(!history.can_undo());
    history.change(
        &mut current,
        Change::Status {
            ids: vec!["e1".into()],
            status: Status::Disputed,
        },
        NOW,
    );
    history.undo(&mut current);
    assert!(history.can_redo());
    history.change(
        &mut current,
        Change::Note {
            id: "e1".into(),
            note: "x".into(),
        },
        NOW,
    );
    assert!(!history.can_redo());
}

#[wasm_bindgen_test]
fn manual_highlights_count_code_points_and_refuse_empty_or_outside_ranges() {
    let text = "a😀 b";
    let rows: &[((usize, usize), Option<&str>)] = &[
        ((1, 2), Some("😀")),
        ((0, 4), Some("a😀 b")),
        ((2, 3), None),
        ((3, 3), None),
        ((3, 9), None),
    ];
    for &(range, expected) in rows {
        let made = manual("id".into(), text, range, Kind::Claim, None, NOW);
        assert_eq!(made.as_ref().map(|a| a.text.as_str()), expected, "{range:?}");
    }
}

#[wasm_bindgen_test]
fn annotating_again_keeps_the_users_work_where_its_words_are() {
    let mut old = article();
    let index = old.annotations.iter().position(|a| a.id == "e3").expect("e3");
    old.annotations[index].status = Status::Verified;
    old.annotations[index].note = "seen".into();
    let dismissed = old.annotations.iter().position(|a| a.id == "e2").expect("e2");
    old.annotations[dismissed].dismissed = true;
    let mut manual_claim = manual("m".into(), &old.text, (18, 27), Kind::Claim, None, NOW).expect("manual");
    manual_claim.status = Status::Disputed;
    old.annotations.push(manual_claim);

    // The same text: everything stays, dismissal included.
    let fresh: Vec<Annotation> = article().annotations;
    let (same, lost) = reannotate(&old, &old.text.clone(), fresh);
    assert!(lost.is_empty());
    assert!(find(&same, "e2").dismissed);
    assert_eq!(find(&same, "e3").status, Status::Verified);
    assert_eq!(find(&same, "m").status, Status::Disputed);

    // A sentence before, and "officials" gone: the verified mention moves, the manual claim is lost.
    let text = "New start. Jane Doe met Kyiv people. Jane said 😀 yes.";
    let mut fresh = vec![
        entity("e3", "jane", "Jane", (37, 41)),
        entity("e1", "jane", "Jane Doe", (11, 19)),
    ];
    fresh.sort_by_key(|a| a.start);
    let (edited, lost) = reannotate(&old, text, fresh);
    let moved = find(&edited, "e3");
    assert_eq!(
        (moved.start, moved.end, moved.status, moved.note.as_str()),
        (37, 41, Status::Verified, "seen")
    );
    assert_eq!(lost.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["m"]);
    let mut ids: Vec<&str> = edited.annotations.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), edited.annotations.len(), "ids stay unique");
    for a in &edited.annotations {
        let covered: String = text.chars().skip(a.start).take(a.end - a.start).collect();
        assert_eq!(covered, a.text, "{a:?} lies on its words");
    }
}

#[wasm_bindgen_test]
fn the_panel_groups_entities_counts_progress_and_filters() {
    let mut article = article();
    let groups = entries(&article, Kind::Entity, &Filter::default());
    assert_eq!(
        groups,
        vec![
            Entry::Entity {
                name: "Jane Doe".into(),
                mentions: vec![1, 3]
            },
            Entry::Entity {
                name: "Kyiv".into(),
                mentions: vec![2]
            },
        ]
    );
    assert_eq!(entity_heading("Jane Doe", 2), "Jane Doe — 2 mentions");
    assert_eq!(entity_heading("Kyiv", 1), "Kyiv — 1 mention");
    article.annotations[1].status = Status::Verified;
    assert_eq!(progress(&article, Kind::Entity), (1, 3));
    assert_eq!(progress_sentence(Kind::Claim, (7, 12)), "7 of 12 claims verified");
    assert_eq!(progress_sentence(Kind::Quote, (0, 1)), "0 of 1 quote verified");

    // Each row: a filter, the ids it lets through.
    let rows: Vec<(Filter, Vec<&str>)> = vec![
        (
            Filter {
                query: "KYIV".into(),
                ..Filter::default()
            },
            vec!["c", "e2"],
        ),
        (
            Filter {
                kind: Some(Kind::Entity),
                status: Some(Status::Verified),
                ..Filter::default()
            },
            vec!["e1"],
        ),
        (
            Filter {
                label: Some(Label::Person),
                query: "jane".into(),
                ..Filter::default()
            },
            vec!["e1", "e3"],
        ),
        (
            Filter {
                dismissed: true,
                ..Filter::default()
            },
            vec![],
        ),
    ];
    for (filter, expected) in rows {
        let ids: Vec<&str> = article
            .annotations
            .iter()
            .filter(|a| filter.matches(a))
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, expected, "{filter:?}");
    }
}

/// The claims list holds what the article highlights at the threshold; the candidates below it
/// only when asked for; a byline or dateline never, nor in the progress counts.
#[wasm_bindgen_test]
fn the_claims_list_follows_the_threshold_and_leaves_out_article_furniture() {
    let text = "WASHINGTON—\nBy Jane Doe\nPrices rose 9 percent in 2022. I love it.";
    let annotations = factmark_core::annotate(text);
    let claims = |annotations: &[Annotation]| -> Vec<String> {
        annotations
            .iter()
            .filter(|a| a.kind == Kind::Claim)
            .map(|a| a.text.clone())
            .collect()
    };
    assert_eq!(
        claims(&annotations),
        [
            "WASHINGTON—",
            "By Jane Doe",
            "Prices rose 9 percent in 2022.",
            "I love it."
        ]
    );
    let mut article = Article {
        title: Article::title_of(text),
        text: text.to_owned(),
        annotations,
    };
    let listed = |article: &Article, filter: &Filter| -> Vec<String> {
        entries(article, Kind::Claim, filter)
            .into_iter()
            .map(|entry| match entry {
                Entry::Single(index) => article.annotations[index].text.clone(),
                Entry::Entity { name, .. } => name,
            })
            .collect()
    };
    let below = Filter {
        below_threshold: true,
        ..Filter::default()
    };
    assert_eq!(
        listed(&article, &Filter::default()),
        ["Prices rose 9 percent in 2022."]
    );
    assert_eq!(
        listed(&article, &below),
        ["Prices rose 9 percent in 2022.", "I love it."]
    );
    assert_eq!(progress(&article, Kind::Claim), (0, 1));
    // Every candidate highlighted: still no furniture.
    factmark_core::claims::apply_threshold(&mut article.annotations, 0.0);
    assert_eq!(
        listed(&article, &Filter::default()),
        ["Prices rose 9 percent in 2022.", "I love it."]
    );
    assert_eq!(progress(&article, Kind::Claim), (0, 2));
}

#[wasm_bindgen_test]
fn long_lists_render_a_page_of_rows_and_always_the_selected_one() {
    // (limit, rows, selected row), the rows rendered.
    let table: [(usize, usize, Option<usize>, Vec<usize>); 5] = [
        (3, 2, None, vec![0, 1]),
        (3, 5, None, vec![0, 1, 2]),
        (3, 5, Some(1), vec![0, 1, 2]),
        (3, 5, Some(4), vec![0, 1, 2, 4]),
        (3, 5, Some(9), vec![0, 1, 2]),
    ];
    for (limit, total, selected, expected) in table {
        assert_eq!(
            rows_shown(limit, total, selected),
            expected,
            "{limit} of {total}, {selected:?}"
        );
    }
    assert_eq!(more_label(12, 200), "Show 12 more");
    assert_eq!(more_label(1234, 200), "Show 200 more (1234 not shown)");
}

#[wasm_bindgen_test]
fn evidence_links_must_be_web_addresses() {
    let rows: &[(&str, bool)] = &[
        ("https://example.org/report?id=1#p2", true),
        ("  http://localhost:8080/x ", true),
        ("javascript:alert(1)", false),
        ("data:text/html,<script>", false),
        ("example.org", false),
        ("https://", false),
        ("https://exa mple.org", false),
        ("https://nodot/", false),
    ];
    for &(input, ok) in rows {
        let result = evidence_url(input);
        assert_eq!(result.is_ok(), ok, "{input:?}: {result:?}");
        if let Err(message) = result {
            assert!(message.contains("http"), "{message}");
        }
    }
}

/// Each row: the (score, highlighted) flags of an article's claims, and the threshold the slider
/// shows when the article is reopened.
#[wasm_bindgen_test]
fn the_threshold_is_worked_out_from_saved_highlights() {
    let claim = |score: f32, highlighted: bool| {
        let mut a = Annotation::new(format!("c{score}"), Kind::Claim, None, 0, 0, "");
        a.score = Some(score);
        a.highlighted = Some(highlighted);
        a
    };
    let default = Threshold::default().0;
    let rows: &[(&[(f32, bool)], Option<f32>)] = &[
        (&[], None),
        (&[(0.9, true), (0.1, false)], Some(default)),
        (&[(0.9, true), (0.2, true)], Some(0.0)),
        (&[(0.9, false), (0.8, false)], Some(0.95)),
        (&[(0.62, true), (0.55, false)], Some(0.6)),
        (&[(0.5, false), (0.3, true)], None),
    ];
    for &(flags, expected) in rows {
        let claims: Vec<Annotation> = flags.iter().map(|&(s, h)| claim(s, h)).collect();
        let found = Threshold::implied_by(&claims).map(|t| (t.0 * 100.0).round() / 100.0);
        assert_eq!(found, expected, "threshold for {flags:?}");
    }
}

#[wasm_bindgen_test]
fn type_choices_round_trip() {
    for (value, _) in type_choices() {
        let (kind, label) = parse_type(&value).expect("parses");
        assert_eq!(factmark::review::type_value(kind, label), value);
    }
    assert_eq!(parse_type("quote:PERSON"), None, "a label of another kind");
    assert_eq!(parse_type("nonsense"), None);
}

#[wasm_bindgen_test]
fn shortcuts_fire_only_outside_fields_and_help_lists_each() {
    let press = |key: &'static str| Press {
        key,
        ..Press::default()
    };
    let rows: &[(Press, Option<Shortcut>)] = &[
        (press("j"), Some(Shortcut::Next)),
        (press("k"), Some(Shortcut::Previous)),
        (press("v"), Some(Shortcut::SetStatus(Status::Verified))),
        (press("u"), Some(Shortcut::SetStatus(Status::Unverified))),
        (press("d"), Some(Shortcut::SetStatus(Status::Disputed))),
        (press("n"), Some(Shortcut::EditNote)),
        (press("/"), Some(Shortcut::Search)),
        (
            Press {
                shift: true,
                ..press("?")
            },
            Some(Shortcut::Help),
        ),
        (press("Escape"), Some(Shortcut::Escape)),
        (
            Press {
                typing: true,
                ..press("Escape")
            },
            Some(Shortcut::Escape),
        ),
        (
            Press {
                typing: true,
                ..press("v")
            },
            None,
        ),
        (
            Press {
                command: true,
                ..press("z")
            },
            Some(Shortcut::Undo),
        ),
        (
            Press {
                command: true,
                shift: true,
                ..press("Z")
            },
            Some(Shortcut::Redo),
        ),
        (
            Press {
                command: true,
                ..press("y")
            },
            Some(Shortcut::Redo),
        ),
        (
            Press {
                command: true,
                typing: true,
                ..press("z")
            },
            None,
        ),
        (
            Press {
                command: true,
                ..press("v")
            },
            None,
        ),
        (
            Press {
                alt: true,
                ..press("j")
            },
            None,
        ),
        (press("x"), None),
    ];
    for (given, expected) in rows {
        assert_eq!(shortcut(*given), *expected, "{given:?}");
    }
    let keys: Vec<&str> = HELP.iter().map(|(keys, _)| *keys).collect();
    for key in [
        "j",
        "k",
        "v",
        "u",
        "d",
        "n",
        "/",
        "Escape",
        "?",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
    ] {
        assert!(keys.contains(&key), "help lists {key}");
    }
}

/// A DOM selection across highlights and astral characters comes back as code points, through
/// the app's one UTF-16 boundary.
#[wasm_bindgen_test]
fn a_dom_selection_becomes_a_code_point_range() {
    let text = "😀 “Jane” said 東京 is 👩‍👩‍👧 far.";
    let document = gloo::utils::document();
    let container = document.create_element("article").expect("article");
    // The text split over nested marks, as the article view renders it.
    container.set_inner_html("😀 <mark>“Jane” <mark>said</mark></mark> 東京 is 👩‍👩‍👧 far.");
    document
        .body()
        .expect("body")
        .append_child(&container)
        .expect("append");
    assert_eq!(container.text_content().as_deref(), Some(text));
    let select = |start: (&web_sys::Node, u32), end: (&web_sys::Node, u32)| {
        let range = document.create_range().expect("range");
        range.set_start(start.0, start.1).expect("start");
        range.set_end(end.0, end.1).expect("end");
        let selection = web_sys::window()
            .and_then(|w| w.get_selection().ok().flatten())
            .expect("selection");
        selection.remove_all_ranges().expect("clear");
        selection.add_range(&range).expect("add");
        factmark::browser::selection_in(&container, text)
    };
    let first_text = container.first_child().expect("text");
    let inner = container
        .query_selector("mark mark")
        .ok()
        .flatten()
        .expect("inner mark");
    let said = inner.first_child().expect("said");
    let after = container.last_child().expect("tail");
    let chars = |s: &str| text[..text.find(s).expect("in text")].chars().count();
    // From after the emoji and its space (UTF-16 offset 3) to the end of "said".
    assert_eq!(
        select((&first_text, 3), (&said, 4)),
        Some((chars("“Jane”"), chars(" 東京")))
    );
    // Inside the tail: "東京" starts one UTF-16 unit in.
    assert_eq!(
        select((&after, 1), (&after, 3)),
        Some((chars("東京"), chars("東京") + 2))
    );
    // After the family emoji (8 UTF-16 units, 5 code points) to the end.
    let tail_len = after.text_content().unwrap_or_default().encode_utf16().count() as u32;
    assert_eq!(
        select((&after, 15), (&after, tail_len)),
        Some((chars(" far."), text.chars().count()))
    );
    // Nothing selected, or a selection outside the container, is no range.
    assert_eq!(select((&said, 2), (&said, 2)), None);
    let outside = document.create_element("p").expect("p");
    outside.set_text_content(Some("elsewhere"));
    document
        .body()
        .expect("body")
        .append_child(&outside)
        .expect("append");
    let outside_text = outside.first_child().expect("text");
    assert_eq!(select((&outside_text, 0), (&outside_text, 4)), None);
    container.remove();
    outside.remove();
}
