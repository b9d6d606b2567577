//! The library: every saved article, a search, a way to add a text file, and undo for a delete.

use yew::prelude::*;

use super::file_picker::FilePicker;
use super::library_item::LibraryItem;
use crate::library::{display_title, Library, LibraryAction};

#[derive(Properties, PartialEq)]
pub struct LibraryViewProps {
    pub library: Library,
    pub open: Option<String>,
    pub on_library: Callback<LibraryAction>,
    /// A picked file's text, or why it could not be read.
    pub on_file: Callback<Result<String, String>>,
}

#[component]
pub fn LibraryView(props: &LibraryViewProps) -> Html {
    let on_search = props.on_library.reform(|event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        LibraryAction::Search(input.value())
    });
    let on_new = props.on_library.reform(|_: MouseEvent| LibraryAction::New);
    let on_undo = props.on_library.reform(|_: MouseEvent| LibraryAction::UndoDelete);
    let visible = props.library.visible();
    let items: Html = visible
        .iter()
        .map(|entry| {
            html! {
                <LibraryItem key={entry.id.clone()} entry={(*entry).clone()}
                    open={props.open.as_deref() == Some(entry.id.as_str())}
                    on_library={props.on_library.clone()} />
            }
        })
        .collect();
    let empty = if props.library.entries.is_empty() {
        "No saved articles yet: paste one into the article box, or add a text file.".to_owned()
    } else {
        format!("No saved article matches “{}”.", props.library.search.trim())
    };
    html! {
        <section class="library" aria-labelledby="library-heading">
            <h2 id="library-heading">{ "Library" }</h2>
            <div class="library-tools">
                <label for="library-search">{ "Search articles" }</label>
                <input id="library-search" type="search" value={props.library.search.clone()} oninput={on_search} />
                <button type="button" onclick={on_new}>{ "New article" }</button>
                <FilePicker on_file={props.on_file.clone()} />
            </div>
            if let Some(deleted) = &props.library.deleted {
                <div class="library-undo" role="status">
                    <p>{ deleted_message(&deleted.entry.article.title, deleted.elsewhere) }</p>
                    <button type="button" onclick={on_undo}>{ "Undo" }</button>
                </div>
            }
            if visible.is_empty() {
                <p class="library-empty">{ empty }</p>
            } else {
                <ul class="library-list" aria-label="Saved articles">{ items }</ul>
            }
        </section>
    }
}

fn deleted_message(title: &str, elsewhere: bool) -> String {
    let title = display_title(title);
    if elsewhere {
        format!("“{title}” was deleted in another tab.")
    } else {
        format!("Deleted “{title}”.")
    }
}
