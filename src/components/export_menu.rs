//! The Export menu: every exchange format of the open article (and the whole library as
//! Factmark JSON), each to download or to copy to the clipboard. A disclosure button opens it;
//! Escape or a click elsewhere closes it.

use std::rc::Rc;

use factmark_core::Article;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::export_row::{Choice, ExportRow, Outcome};
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

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub article: Rc<Article>,
    pub library: SavedArticles,
}

#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let open = use_state(|| false);
    let outcome = use_state(|| None::<Outcome>);
    let toggle_ref = use_node_ref();
    let menu_ref = use_node_ref();
    use_close_on_click_elsewhere(open.clone(), menu_ref.clone());
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
    let on_outcome = {
        let outcome = outcome.clone();
        Callback::from(move |news: Outcome| outcome.set(Some(news)))
    };
    let (done, failed) = match &*outcome {
        Some(Outcome::Done(message)) => (Some(message.clone()), None),
        Some(Outcome::Failed(message)) => (None, Some(message.clone())),
        None => (None, None),
    };
    html! {
        <div class="export-menu" ref={menu_ref} onkeydown={on_keydown}>
            <button type="button" ref={toggle_ref} aria-expanded={open.to_string()}
                aria-controls={(*open).then_some("export-panel")}
                onclick={on_toggle}>{ "Export as…" }</button>
            if *open {
                <div id="export-panel" class="export-panel" role="group" aria-label="Export formats">
                    <ul>
                        { for Choice::ALL.into_iter().map(|choice| html! {
                            <ExportRow {choice} article={props.article.clone()} library={props.library.clone()}
                                on_outcome={on_outcome.clone()} />
                        }) }
                    </ul>
                    <p class="export-outcome" role="status">{ done }</p>
                    if let Some(message) = failed {
                        <p class="export-outcome failed" role="alert">{ message }</p>
                    }
                </div>
            }
        </div>
    }
}

/// Closes the menu when a click lands outside it, as menus do; listens only while it is open.
#[hook]
fn use_close_on_click_elsewhere(open: UseStateHandle<bool>, menu_ref: NodeRef) {
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
