//! The app's state and its one reducer. The reducer is pure: it calls into the core and never
//! touches the browser; effects in `app.rs` save what it produces.

use std::rc::Rc;

use factmark_core::{Annotation, Article, Status};
use yew::Reducible;

use crate::edit::{Change, History};
use crate::import::{Import, ImportAction};
use crate::library::{self, AnalysisNews, Job, Library, LibraryAction, RemoteArticle, StorageNews, View};
use crate::review::Threshold;
use crate::saved::{Health, Loaded};
use crate::sync::{SyncAction, SyncPanel};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// What the textarea holds.
    pub draft: String,
    /// The article being reviewed, once annotated.
    pub article: Option<Rc<Article>>,
    /// The id of the highlight whose details are shown.
    pub selected: Option<String>,
    /// A message for the user about the last thing that went wrong.
    pub notice: Option<String>,
    /// The review workspace: every change to the article since it was opened, for undo.
    pub history: History,
    /// Which claims are highlighted.
    pub threshold: Threshold,
    /// Annotations with the user's work that editing the text left without a place.
    pub unplaced: Rc<Vec<Annotation>>,
    /// Every saved article; the open one is `article`, kept in step by `library::sync_open`.
    pub library: Library,
    /// The library id of `article`.
    pub open: Option<String>,
    pub view: View,
    /// How saving is going, for the storage banners.
    pub storage: Health,
    /// A text being analysed off the page's thread.
    pub analysis: Option<Job>,
    /// A file being imported, waiting for the user to apply it; what the last import did.
    pub import: Import,
    /// Team sync: the panel's settings and how the last sync went.
    pub sync: SyncPanel,
}

pub enum Action {
    /// The user typed or pasted into the article box.
    EditDraft(String),
    /// Analyse the draft; `now` stamps the new annotations.
    Annotate {
        now: String,
    },
    /// Show the details of one highlight, or none.
    Select(Option<String>),
    SetStatus {
        id: String,
        status: Status,
        now: String,
    },
    /// Replace everything with what storage held at start-up.
    Restore {
        loaded: Box<Loaded>,
        now: String,
    },
    /// Open, rename, delete, search the saved articles.
    Library(LibraryAction),
    Storage(StorageNews),
    /// Another tab changed (`Some`) or deleted (`None`) a saved article.
    Remote {
        id: String,
        article: Option<Box<RemoteArticle>>,
    },
    Analysis(AnalysisNews),
    Notify(String),
    DismissNotice,
    /// The review workspace: one undoable change to the annotations.
    Change {
        change: Change,
        now: String,
    },
    Undo,
    Redo,
    SetThreshold(Threshold),
    /// Forget the annotations that editing the text left without a place.
    ForgetUnplaced,
    /// Read, preview, apply or cancel an imported file.
    Import(ImportAction),
    /// The sync panel, and what a sync brought.
    Sync(SyncAction),
}

impl State {
    pub fn selected_annotation(&self) -> Option<&Annotation> {
        let id = self.selected.as_deref()?;
        self.article.as_ref()?.annotations.iter().find(|a| a.id == id)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::EditDraft(draft) => state.draft = draft,
            Action::Annotate { now } => library::annotate(&mut state, now),
            Action::Select(id) => state.selected = id,
            Action::SetStatus { id, status, now } => {
                if let Some(article) = state.article.as_mut() {
                    let change = Change::Status {
                        ids: vec![id],
                        status,
                    };
                    state.history.change(article, change, &now);
                }
            }
            Action::Restore { loaded, now } => library::restore(&mut state, *loaded, &now),
            Action::Library(action) => library::reduce(&mut state, action),
            Action::Storage(news) => library::storage_news(&mut state.storage, news),
            Action::Remote { id, article } => {
                library::remote(&mut state, &id, article.map(|article| *article))
            }
            Action::Analysis(news) => library::analysis_news(&mut state, news),
            Action::Change { change, now } => {
                if let Some(article) = state.article.as_mut() {
                    state.history.change(article, change, &now);
                }
            }
            Action::Undo | Action::Redo => {
                if let Some(article) = state.article.as_mut() {
                    let moved = match action {
                        Action::Undo => state.history.undo(article),
                        _ => state.history.redo(article),
                    };
                    // Steps hold whole annotations; the threshold chosen since then still holds.
                    if moved {
                        let annotations = &mut Rc::make_mut(article).annotations;
                        factmark_core::claims::apply_threshold(annotations, state.threshold.0);
                    }
                }
            }
            Action::SetThreshold(threshold) => {
                state.threshold = threshold;
                if let Some(article) = state.article.as_mut() {
                    factmark_core::claims::apply_threshold(
                        &mut Rc::make_mut(article).annotations,
                        threshold.0,
                    );
                }
            }
            Action::ForgetUnplaced => state.unplaced = Rc::default(),
            Action::Import(action) => crate::import::reduce(&mut state, action),
            Action::Sync(action) => crate::sync::reduce(&mut state, action),
            Action::Notify(message) => state.notice = Some(message),
            Action::DismissNotice => state.notice = None,
        }
        library::sync_open(&mut state);
        Rc::new(state)
    }
}
