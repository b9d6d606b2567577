//! The Export menu: every exchange format of the open article (and the whole library as
//! Factmark JSON), each to download or to copy to the clipboard. A disclosure button opens it;
//! Escape closes it and gives the focus back to the button.

use std::rc::Rc;

use factmark_core::formats::{self, claim_review, Format};
use factmark_core::{export, Article};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::library::Entry;

/// The saved articles, compared by pointer: the library list is replaced, never edited in
/// place, and comparing every article's text on each render would cost far more.
#[derive(Clone)]
pub struct SavedArticles(pub Rc<Vec<Entry>>);

impl PartialEq for SavedArticles {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One line of the menu.
#[derive(Clone, Copy, PartialEq)]
enum Choice {
    Article(Format),
    Library,
}

const CHOICES: [Choice; 7] = [
    Choice::Article(Format::Factmark),
    Choice::Library,
    Choice::Article(Format::W3c),
    Choice::Article(Format::ClaimReview),
    Choice::Article(Format::Doccano),
    Choice::Article(Format::Csv),
    Choice::Article(Format::Markdown),
];

impl Choice {
    fn label(self) -> &'static str {
        match self {
            Choice::Article(Format::Factmark) => "Factmark JSON, this article",
            Choice::Library => "Factmark JSON, whole library",
            Choice::Article(format) => format.describe(),
        }
    }

    /// (file name, media type, contents).
    fn file(self, article: &Article, saved: &[Entry]) -> (String, &'static str, String) {
        match self {
            Choice::Article(format) => (
                format.file_name(article),
                format.media_type(),
                formats::export(format, article),
            ),
            Choice::Library => {
                let mut articles: Vec<Article> = saved.iter().map(|entry| (*entry.article).clone()).collect();
                // Without storage the open article may not be in the list; it is still work.
                if articles.is_empty() {
                    articles.push(article.clone());
                }
                let name = format!("factmark-library.{}", Format::Factmark.extension());
                (
                    name,
                    Format::Factmark.media_type(),
                    export::library_to_json(&articles),
                )
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub article: Rc<Article>,
    pub library: SavedArticles,
}

/// What the last download or copy did: (message, whether it went wrong).
type Outcome = Option<(String, bool)>;

#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let open = use_state(|| false);
    let outcome = use_state(|| None::<(String, bool)>);
    let toggle_ref = use_node_ref();
    let menu_ref = use_node_ref();
    // A click anywhere else closes the open menu, as menus do.
    {
        let (open, menu_ref) = (open.clone(), menu_ref.clone());
        use_effect_with(*open, move |showing| {
            let listener = showing.then(|| {
                gloo::events::EventListener::new(&gloo::utils::document(), "click", move |event| {
                    let target = event.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    let inside = menu_ref
                        .cast::<web_sys::Element>()
                        .is_some_and(|menu| menu.contains(target.as_ref()));
                    if !inside {
                        open.set(false);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let on_toggle = {
        let (open, outcome) = (open.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(!*open);
            outcome.set(None);
        })
    };
    let on_keydown = {
        let (open, toggle_ref) = (open.clone(), toggle_ref.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && *open {
                // The page's own Escape (back to the text) would take the focus elsewhere.
                event.stop_propagation();
                open.set(false);
                if let Some(toggle) = toggle_ref.cast::<web_sys::HtmlElement>() {
                    let _ = toggle.focus();
                }
            }
        })
    };
    let row = |choice: Choice| {
        let deliver = |copy: bool| {
            let (article, library, outcome) = (props.article.clone(), props.library.clone(), outcome.clone());
            Callback::from(move |_: MouseEvent| {
                let (name, media_type, contents) = choice.file(&article, &library.0);
                if copy {
                    copy_to_clipboard(choice.label(), contents, outcome.clone());
                } else {
                    outcome.set(Some(match browser::download(&name, media_type, &contents) {
                        Ok(()) => (format!("Downloaded {name}."), false),
                        Err(error) => (error.to_string(), true),
                    }));
                }
            })
        };
        let label = choice.label();
        let (note, available) = match choice {
            Choice::Article(Format::ClaimReview) => claim_review_note(&props.article),
            _ => (None, true),
        };
        html! {
            <li class="export-row">
                <span class="export-format">{ label }</span>
                <button type="button" aria-label={format!("Download {label}")} disabled={!available}
                    onclick={deliver(false)}>{ "Download" }</button>
                <button type="button" aria-label={format!("Copy {label}")} disabled={!available}
                    onclick={deliver(true)}>{ "Copy" }</button>
                if let Some(note) = note {
                    <p class="export-note">{ note }</p>
                }
            </li>
        }
    };
    let (success, error) = match &*outcome {
        Some((message, true)) => (None, Some(message.clone())),
        Some((message, false)) => (Some(message.clone()), None),
        None => (None, None),
    };
    html! {
        <div class="export-menu" ref={menu_ref} onkeydown={on_keydown}>
            <button type="button" ref={toggle_ref} aria-expanded={open.to_string()}
                aria-controls={(*open).then_some("export-panel")}
                onclick={on_toggle}>{ "Export as…" }</button>
            if *open {
                <div id="export-panel" class="export-panel" role="group" aria-label="Export formats">
                    <ul>{ for CHOICES.into_iter().map(row) }</ul>
                    <p class="export-outcome" role="status">{ success }</p>
                    if let Some(error) = error {
                        <p class="export-outcome failed" role="alert">{ error }</p>
                    }
                </div>
            }
        </div>
    }
}

/// What the ClaimReview line says, and whether there is anything to export.
fn claim_review_note(article: &Article) -> (Option<String>, bool) {
    let drafts = claim_review::drafts(article);
    if drafts.count == 0 {
        let note = "No claim is marked verified or disputed yet, so there is no ClaimReview to draft.";
        return (Some(note.to_owned()), false);
    }
    let noun = if drafts.count == 1 { "draft" } else { "drafts" };
    let note = format!(
        "{} {noun}; left for you to fill in: {}.",
        drafts.count,
        drafts.missing.join(", ")
    );
    (Some(note), true)
}

fn copy_to_clipboard(label: &'static str, contents: String, outcome: UseStateHandle<Outcome>) {
    yew::platform::spawn_local(async move {
        outcome.set(Some(match browser::copy_text(&contents).await {
            Ok(()) => (format!("Copied {label} to the clipboard."), false),
            Err(reason) => (
                format!(
                    "The browser did not let Factmark copy to the clipboard ({reason}). Allow clipboard \
                     access for this page, or use Download."
                ),
                true,
            ),
        }));
    });
}
