//! The article box and the Annotate button.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleInputProps {
    pub draft: String,
    pub on_edit: Callback<String>,
    pub on_annotate: Callback<()>,
}

#[component]
pub fn ArticleInput(props: &ArticleInputProps) -> Html {
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let on_submit = {
        let on_annotate = props.on_annotate.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_annotate.emit(());
        })
    };
    html! {
        <form class="article-input" onsubmit={on_submit}>
            <label for="article-text">{ "Article text" }</label>
            <textarea
                id="article-text"
                rows="8"
                placeholder="Paste a news article here"
                value={props.draft.clone()}
                oninput={on_input}
            />
            <button type="submit" class="primary">{ "Annotate" }</button>
        </form>
    }
}
