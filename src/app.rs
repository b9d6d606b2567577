//! The root component: owns the reducer, restores saved work on start and saves after changes.

use factmark_core::export;
use yew::prelude::*;

use crate::analysis::use_analysis;
use crate::browser;
use crate::components::analysis_progress::AnalysisProgress;
use crate::components::article_input::ArticleInput;
use crate::components::export_menu::SavedArticles;
use crate::components::import_control::{FileRead, ImportControl};
use crate::components::import_preview::ImportPreview;
use crate::components::library_toggle::LibraryToggle;
use crate::components::library_view::LibraryView;
use crate::components::notice::Notice;
use crate::components::storage_banners::StorageBanners;
use crate::components::sync_panel::SyncPanel;
use crate::components::sync_toggle::SyncToggle;
use crate::components::workspace::Workspace;
use crate::import::ImportAction;
use crate::library::{LibraryAction, StorageNews, View, LONG_ARTICLE_BYTES};
use crate::persistence::use_persistence;
use crate::state::{Action, State};
use crate::sync::run::use_sync;
use crate::sync::SyncAction;
use crate::text_files::use_text_file_drop;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// What was typed into the first screen `index.html` paints before the app starts.
    #[prop_or_default]
    pub shell: browser::Shell,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(State::default);

    // Restore the library on start, save what changes, take in other tabs' changes.
    let persistence = use_persistence(&state);
    let on_retry_save = persistence.on_retry;
    // Team sync with a CouchDB server, when the user signs in.
    let sync_controls = use_sync(&state, persistence.saver);
    let on_sync_toggle = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Sync(SyncAction::Toggle)))
    };
    let on_sync_settings = {
        let dispatch = state.dispatcher();
        Callback::from(move |settings| dispatch.dispatch(Action::Sync(SyncAction::Settings(settings))))
    };
    let on_library = {
        let dispatch = state.dispatcher();
        Callback::from(move |action: LibraryAction| dispatch.dispatch(Action::Library(action)))
    };
    let on_dismiss_quarantined = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Storage(StorageNews::DismissQuarantined)))
    };
    // A .txt or .md file dropped on the page or picked in the library becomes an article.
    let on_file = {
        let dispatch = state.dispatcher();
        Callback::from(move |read: Result<String, String>| match read {
            Ok(text) => dispatch.dispatch(Action::Library(LibraryAction::AddText {
                text,
                now: browser::now(),
            })),
            Err(message) => dispatch.dispatch(Action::Notify(message)),
        })
    };
    use_text_file_drop(on_file.clone());
    // An annotation file picked or dropped: checked and previewed; nothing changes until applied.
    let on_import_file = {
        let dispatch = state.dispatcher();
        Callback::from(move |read: FileRead| match read {
            Ok((file_name, contents)) => dispatch.dispatch(Action::Import(ImportAction::Read {
                file_name,
                contents,
                // Measured now, so the preview can say whether the import fits.
                room: crate::storage::room(),
            })),
            Err(message) => dispatch.dispatch(Action::Notify(message)),
        })
    };
    let import = |action: fn() -> ImportAction| {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Import(action())))
    };
    let on_import_mode = {
        let dispatch = state.dispatcher();
        Callback::from(move |mode| dispatch.dispatch(Action::Import(ImportAction::Mode(mode))))
    };
    // Every analysis runs in a worker; a long article's shows a progress bar.
    use_analysis(&state);

    // What the user typed or pressed in the first screen goes on here: after the restore (an
    // effect declared above, so it runs first), so the typed text wins over a saved draft.
    {
        let shell = props.shell.clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            if !shell.draft.is_empty() {
                dispatch.dispatch(Action::EditDraft(shell.draft));
            }
            if shell.annotate {
                dispatch.dispatch(Action::Annotate { now: browser::now() });
            }
            if shell.focused {
                browser::focus_id(crate::components::article_input::ARTICLE_TEXT_ID);
            }
        });
    }

    // Made once, so the article box does not render again (and read back a long text from the
    // DOM) whenever something else changes, such as the progress of a long analysis.
    let on_edit = use_callback(state.dispatcher(), |draft: String, dispatch| {
        dispatch.dispatch(Action::EditDraft(draft))
    });
    let on_annotate = use_callback(state.dispatcher(), |(), dispatch| {
        dispatch.dispatch(Action::Annotate { now: browser::now() })
    });
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
                <LibraryToggle view={state.view} count={state.library.entries.len()} on_library={on_library.clone()} />
                <ImportControl on_file={on_import_file} />
                <SyncToggle open={state.sync.open} on_toggle={on_sync_toggle} />
                if let Some(report) = &state.import.report {
                    <p class="import-report" role="status">{ report }</p>
                }
            </header>
            if state.sync.open {
                <SyncPanel panel={state.sync.clone()} on_settings={on_sync_settings} controls={sync_controls} />
            }
            <ImportPreview pending={state.import.pending.clone()} on_mode={on_import_mode}
                on_apply={import(|| ImportAction::Apply { now: browser::now() })} on_cancel={import(|| ImportAction::Cancel)} />
            <main class="workspace">
                <StorageBanners health={state.storage.clone()} entries={SavedArticles(state.library.entries.clone())}
                    on_retry={on_retry_save} {on_dismiss_quarantined} />
                if let Some(message) = &state.notice {
                    <Notice message={message.clone()} {on_dismiss} />
                }
                if state.view == View::Library {
                    <LibraryView library={state.library.clone()} open={state.open.clone()} {on_library} {on_file} />
                } else {
                <ArticleInput draft={state.draft.clone()} {on_edit} {on_annotate} />
                if let Some(job) = state.analysis.as_ref().filter(|job| job.base.is_none() && job.text.len() > LONG_ARTICLE_BYTES) {
                    <AnalysisProgress done={job.done} bytes={job.text.len()} />
                }
                if let Some(article) = &state.article {
                    <Workspace article={article.clone()} selected={state.selected.clone()} threshold={state.threshold}
                        can_undo={state.history.can_undo()} can_redo={state.history.can_redo()}
                        unplaced={state.unplaced.clone()} dispatch={state.dispatcher()} {on_export}
                        library={SavedArticles(state.library.entries.clone())} />
                }
                }
            </main>
        </>
    }
}
