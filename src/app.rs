//! The root component: owns the reducer, restores saved work on start and saves after changes.

use factmark_core::export;
use yew::prelude::*;

use crate::browser;
use crate::components::article_input::ArticleInput;
use crate::components::notice::Notice;
use crate::components::workspace::Workspace;
use crate::state::{Action, State};
use crate::storage;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);

    // Restore what was saved, once.
    {
        let state = state.clone();
        use_effect_with((), move |_| match storage::load() {
            Ok(saved) => state.dispatch(Action::Restore {
                draft: saved.draft,
                article: saved.article,
            }),
            Err(error) => state.dispatch(Action::Notify(error.to_string())),
        });
    }

    // Save after every change to the draft or the article.
    {
        let dispatch = state.dispatcher();
        use_effect_with(
            (state.draft.clone(), state.article.clone()),
            move |(draft, article)| {
                if let Err(error) = storage::save(draft, article.as_deref()) {
                    dispatch.dispatch(Action::Notify(error.to_string()));
                }
            },
        );
    }

    let on_edit = {
        let dispatch = state.dispatcher();
        Callback::from(move |draft: String| dispatch.dispatch(Action::EditDraft(draft)))
    };
    let on_annotate = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Annotate { now: browser::now() }))
    };
    let on_dismiss = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::DismissNotice))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |()| {
            if let Some(article) = &state.article {
                let file_name = format!("{}.factmark.json", article.slug());
                if let Err(error) =
                    browser::download(&file_name, "application/json", &export::to_json(article))
                {
                    state.dispatch(Action::Notify(error.to_string()));
                }
            }
        })
    };

    html! {
        <>
            <header class="app-header">
                <h1>{ "Factmark" }</h1>
                <p class="tagline">{ "Highlight the claims, quotes and names in an article, and check them one by one. Nothing leaves your browser." }</p>
            </header>
            <main class="workspace">
                if let Some(message) = &state.notice {
                    <Notice message={message.clone()} {on_dismiss} />
                }
                <ArticleInput draft={state.draft.clone()} {on_edit} {on_annotate} />
                if let Some(article) = &state.article {
                    <Workspace article={article.clone()} selected={state.selected.clone()} threshold={state.threshold}
                        can_undo={state.history.can_undo()} can_redo={state.history.can_redo()}
                        unplaced={state.unplaced.clone()} dispatch={state.dispatcher()} {on_export} />
                }
            </main>
        </>
    }
}
