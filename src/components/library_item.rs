//! One saved article in the library: its title and counts, and Open, Rename and Delete.

use yew::prelude::*;

use crate::browser;
use crate::library::{count_words, display_title, Entry, LibraryAction, Summary};

#[derive(Properties, PartialEq)]
pub struct LibraryItemProps {
    pub entry: Entry,
    /// Whether it is the article under review.
    pub open: bool,
    pub on_library: Callback<LibraryAction>,
}

#[component]
pub fn LibraryItem(props: &LibraryItemProps) -> Html {
    let renaming = use_state(|| false);
    let entry = &props.entry;
    let title = display_title(&entry.article.title).to_owned();
    // Counted again only when the text changes: a long article's words take long to count.
    let words = {
        let article = entry.article.clone();
        use_memo(entry.hash.clone(), move |_| count_words(&article.text))
    };
    let summary = Summary::with_words(&entry.article, *words);
    let id = entry.id.clone();

    let on_open = {
        let id = id.clone();
        props.on_library.reform(move |_: MouseEvent| LibraryAction::Open {
            id: id.clone(),
            now: browser::now(),
        })
    };
    let on_delete = {
        let id = id.clone();
        props
            .on_library
            .reform(move |_: MouseEvent| LibraryAction::Delete { id: id.clone() })
    };
    let on_rename = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(true))
    };
    let on_rename_done = {
        let renaming = renaming.clone();
        let on_library = props.on_library.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let title = form
                .elements()
                .named_item("title")
                .and_then(|field| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(field).ok())
                .map(|input| input.value());
            if let Some(title) = title {
                on_library.emit(LibraryAction::Rename {
                    id: id.clone(),
                    title,
                });
            }
            renaming.set(false);
        })
    };
    let on_cancel = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(false))
    };

    let heading = if *renaming {
        html! {
            <form class="library-rename" onsubmit={on_rename_done}>
                <label for={format!("rename-{}", entry.id)}>{ "New title" }</label>
                <input id={format!("rename-{}", entry.id)} name="title" value={entry.article.title.clone()} required=true />
                <button type="submit">{ "Save title" }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </form>
        }
    } else {
        html! { <h3 class="library-title">{ title.clone() }</h3> }
    };
    html! {
        <li class={classes!("library-item", props.open.then_some("is-open"))} aria-current={props.open.then_some("true")}>
            { heading }
            <p class="library-meta">
                <span>{ format!("Added {}", browser::local_time(&entry.added)) }</span>
                <span>{ format!("{} words", summary.words) }</span>
                <span class="library-progress">{ summary.progress() }</span>
                <span>{ format!("Last opened {}", browser::local_time(&entry.opened)) }</span>
            </p>
            <div class="library-actions">
                <button type="button" class="primary" aria-label={format!("Open “{title}”")} onclick={on_open}>{ "Open" }</button>
                <button type="button" aria-label={format!("Rename “{title}”")} onclick={on_rename}>{ "Rename" }</button>
                <button type="button" aria-label={format!("Delete “{title}”")} onclick={on_delete}>{ "Delete" }</button>
            </div>
        </li>
    }
}
