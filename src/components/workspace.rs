//! The review workspace: the toolbar, the annotated article, the panel of annotations with the
//! details of the selected one, and the keyboard shortcuts that drive them all.

use std::rc::Rc;

use factmark_core::{Annotation, Article};
use yew::prelude::*;

use super::annotated_text::{AnnotatedText, ARTICLE_ID};
use super::annotation_details::AnnotationDetails;
use super::annotation_filters::SEARCH_ID;
use super::export_menu::SavedArticles;
use super::help_dialog::HelpDialog;
use super::legend::Legend;
use super::note_editor::NOTE_ID;
use super::review_panel::ReviewPanel;
use super::selection_adder::{NewHighlight, SelectionAdder};
use super::toolbar::Toolbar;
use super::unplaced_list::UnplacedList;
use crate::browser;
use crate::edit::{manual, Change};
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::review::{ArticleRef, Threshold};
use crate::state::{Action, State};

#[derive(Properties)]
pub struct WorkspaceProps {
    pub article: Rc<Article>,
    pub selected: Option<String>,
    pub threshold: Threshold,
    pub can_undo: bool,
    pub can_redo: bool,
    pub unplaced: Rc<Vec<Annotation>>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_export: Callback<()>,
    /// The saved articles, for the Export menu's library export.
    pub library: SavedArticles,
}

/// The article by pointer: the reducer makes a new one for every change, and comparing two
/// versions of a long article value by value would cost more than rendering. `on_export` is left
/// out: the app makes a new one on every render (typing in the article box, say), and for the
/// same article it does the same thing.
impl PartialEq for WorkspaceProps {
    fn eq(&self, other: &WorkspaceProps) -> bool {
        Rc::ptr_eq(&self.article, &other.article)
            && self.selected == other.selected
            && self.threshold == other.threshold
            && self.can_undo == other.can_undo
            && self.can_redo == other.can_redo
            && Rc::ptr_eq(&self.unplaced, &other.unplaced)
            && self.dispatch == other.dispatch
            && self.library == other.library
    }
}

#[component]
pub fn Workspace(props: &WorkspaceProps) -> Html {
    let help_open = use_state(|| false);
    let dispatch = props.dispatch.clone();
    // Callbacks made once, so the memoised rows and segments below can compare them.
    let on_select = use_callback(dispatch.clone(), |id: String, dispatch| {
        dispatch.dispatch(Action::Select(Some(id)))
    });
    let on_change = use_callback(dispatch.clone(), |change: Change, dispatch| {
        dispatch.dispatch(Action::Change {
            change,
            now: browser::now(),
        })
    });
    let on_undo = use_callback(dispatch.clone(), |(), dispatch| dispatch.dispatch(Action::Undo));
    let on_redo = use_callback(dispatch.clone(), |(), dispatch| dispatch.dispatch(Action::Redo));
    let on_threshold = use_callback(dispatch.clone(), |t, dispatch| {
        dispatch.dispatch(Action::SetThreshold(t))
    });
    let on_forget = use_callback(dispatch.clone(), |(), dispatch| {
        dispatch.dispatch(Action::ForgetUnplaced)
    });
    let on_add = {
        let (on_change, on_select, article) = (on_change.clone(), on_select.clone(), props.article.clone());
        Callback::from(move |(range, kind, label): NewHighlight| {
            let id = uuid::Uuid::new_v4().to_string();
            if let Some(annotation) = manual(id.clone(), &article.text, range, kind, label, &browser::now()) {
                on_change.emit(Change::Add(annotation));
                on_select.emit(id);
            }
        })
    };
    // Closing the details gives the focus back to the highlight first (it is still selected
    // then, so focusing it does not select it again).
    let on_close = use_callback(
        (dispatch.clone(), props.selected.clone()),
        |(), (dispatch, selected)| {
            if let Some(id) = selected {
                browser::focus_highlight(id);
            }
            dispatch.dispatch(Action::Select(None));
        },
    );
    let on_help = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(true))
    };
    let on_close_help = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(false))
    };

    // Selecting, from the list or the keyboard, brings the highlight into view and focus, and
    // its row into view in the list.
    use_effect_with(props.selected.clone(), |selected| {
        if let Some(id) = selected {
            browser::reveal(&format!("[data-item-id=\"{id}\"]"));
            browser::focus_highlight(id);
        }
    });

    let on_shortcut = {
        let (selected, on_change, on_help, on_close, help_open) = (
            props.selected.clone(),
            on_change.clone(),
            on_help.clone(),
            on_close.clone(),
            *help_open,
        );
        Callback::from(move |shortcut: Shortcut| {
            if help_open {
                return;
            }
            match shortcut {
                Shortcut::Next | Shortcut::Previous => step(selected.as_deref(), shortcut == Shortcut::Next),
                Shortcut::SetStatus(status) => {
                    if let Some(id) = &selected {
                        on_change.emit(Change::Status {
                            ids: vec![id.clone()],
                            status,
                        });
                    }
                }
                Shortcut::EditNote => {
                    browser::focus_id(NOTE_ID);
                }
                Shortcut::Search => {
                    browser::focus_id(SEARCH_ID);
                }
                // Back to the highlight from anywhere; from the highlight itself, close its
                // details (on a phone, the sheet over the text).
                Shortcut::Escape => match selected.as_deref() {
                    Some(id) if has_focus(id) => on_close.emit(()),
                    Some(id) if browser::focus_highlight(id) => {}
                    _ => {
                        browser::focus_id(ARTICLE_ID);
                    }
                },
                Shortcut::Help => on_help.emit(()),
                Shortcut::Undo => dispatch.dispatch(Action::Undo),
                Shortcut::Redo => dispatch.dispatch(Action::Redo),
            }
        })
    };
    use_shortcuts(on_shortcut);

    // Shared by pointer below, so the memoised parts compare it in no time.
    let article = ArticleRef(props.article.clone());
    let selected = props
        .selected
        .as_deref()
        .and_then(|id| props.article.annotations.iter().find(|a| a.id == id));
    html! {
        <>
            <Toolbar on_export={props.on_export.clone()} article={props.article.clone()} library={props.library.clone()} can_undo={props.can_undo} can_redo={props.can_redo}
                {on_undo} {on_redo} {on_help} threshold={props.threshold} {on_threshold} />
            <Legend />
            <div class="review">
                <div class="reading">
                    <AnnotatedText article={article.clone()} selected={props.selected.clone()}
                        on_select={on_select.clone()} />
                    <SelectionAdder article={article.clone()} {on_add} />
                </div>
                <aside class="side" aria-label="Review">
                    if !props.unplaced.is_empty() {
                        <UnplacedList unplaced={props.unplaced.clone()} {on_forget} />
                    }
                    if let Some(annotation) = selected {
                        <AnnotationDetails article={article.clone()} annotation={annotation.clone()}
                            on_change={on_change.clone()} on_select={on_select.clone()} {on_close} />
                    }
                    <ReviewPanel article={article.clone()} selected={props.selected.clone()}
                        {on_select} {on_change} />
                </aside>
            </div>
            <HelpDialog open={*help_open} on_close={on_close_help} />
        </>
    }
}

/// Whether the highlight `id` (its first piece) has the focus.
fn has_focus(id: &str) -> bool {
    gloo::utils::document().active_element().is_some_and(|active| {
        active
            .matches("mark[data-id]:not([data-continued])")
            .unwrap_or(false)
            && active.get_attribute("data-id").as_deref() == Some(id)
    })
}

/// Moves the focus to the next or previous highlight in the text from the selected one (from
/// the start or the end when none is selected). Focusing selects it.
fn step(selected: Option<&str>, forward: bool) {
    let ids = browser::highlight_ids(ARTICLE_ID);
    let here = selected.and_then(|id| ids.iter().position(|other| other == id));
    let next = match (here, forward) {
        (None, true) => ids.first(),
        (None, false) => ids.last(),
        (Some(index), true) => ids.get(index + 1),
        (Some(index), false) => index.checked_sub(1).and_then(|index| ids.get(index)),
    };
    if let Some(id) = next {
        browser::focus_highlight(id);
    }
}
