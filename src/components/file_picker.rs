//! A button that picks a .txt or .md file to add as an article.

use yew::prelude::*;

use crate::text_files::{self, ReaderSlot};

#[derive(Properties, PartialEq)]
pub struct FilePickerProps {
    /// The file's text, or why it could not be read.
    pub on_file: Callback<Result<String, String>>,
}

#[component]
pub fn FilePicker(props: &FilePickerProps) -> Html {
    let reader: ReaderSlot = use_mut_ref(|| None);
    let on_change = {
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                text_files::read(file, &reader, on_file.clone());
            }
            // Picking the same file again should add it again (or reopen it).
            input.set_value("");
        })
    };
    html! {
        <span class="file-picker">
            <label for="add-text-file" class="button-like">{ "Add a text file" }</label>
            <input id="add-text-file" type="file" accept=".txt,.md,.markdown,text/plain,text/markdown"
                class="visually-hidden-file" onchange={on_change} />
        </span>
    }
}
