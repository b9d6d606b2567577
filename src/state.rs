//! The app's state and its one reducer. The reducer is pure: it calls into the core and never
//! touches the browser; effects in `app.rs` save what it produces.

use std::rc::Rc;

use factmark_core::{Annotation, Article, Status};
use yew::Reducible;

/// The longest article Factmark accepts, in bytes of UTF-8.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

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
        draft: String,
        article: Option<Article>,
    },
    Notify(String),
    DismissNotice,
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
            Action::Annotate { now } => match annotate_draft(&state.draft, &now) {
                Ok(article) => {
                    state.article = Some(Rc::new(article));
                    state.selected = None;
                    state.notice = None;
                }
                Err(message) => state.notice = Some(message),
            },
            Action::Select(id) => state.selected = id,
            Action::SetStatus { id, status, now } => {
                if let Some(article) = state.article.as_mut() {
                    let article = Rc::make_mut(article);
                    if let Some(annotation) = article.annotations.iter_mut().find(|a| a.id == id) {
                        annotation.status = status;
                        annotation.updated = Some(now);
                    }
                }
            }
            Action::Restore { draft, article } => {
                state.draft = draft;
                state.article = article.map(Rc::new);
            }
            Action::Notify(message) => state.notice = Some(message),
            Action::DismissNotice => state.notice = None,
        }
        Rc::new(state)
    }
}

/// Analyses `draft` into a new article, or says why it cannot.
fn annotate_draft(draft: &str, now: &str) -> Result<Article, String> {
    if draft.trim().is_empty() {
        return Err("Paste an article into the box first: there is no text to annotate.".to_owned());
    }
    if draft.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "This text is {:.1} MB; Factmark handles articles up to 2 MB. Split it into parts and annotate each.",
            draft.len() as f64 / (1024.0 * 1024.0)
        ));
    }
    let mut annotations = factmark_core::annotate(draft);
    for annotation in &mut annotations {
        annotation.created = Some(now.to_owned());
        annotation.updated = Some(now.to_owned());
    }
    Ok(Article {
        title: Article::title_of(draft),
        text: draft.to_owned(),
        annotations,
    })
}
