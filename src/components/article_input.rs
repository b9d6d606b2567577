//! The article box and the Annotate button.
//!
//! On the empty page it is the page. Once an article is shown the article is the page: the box
//! folds into a popover that the toolbar's "Edit text" opens (the browser's popover API, so the
//! box keeps its draft and its place in the DOM, and no state has to travel between the two
//! components). The stylesheet decides which: `.workspace:has(#article-view)` folds it.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The id of the form, which the toolbar's "Edit text" button opens as a popover.
pub const ARTICLE_INPUT_ID: &str = "article-input";
/// The id of the text box, focused when the popover opens.
pub const ARTICLE_TEXT_ID: &str = "article-text";

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
            // Folded again: the article annotated anew is what the reader came back to. (A
            // box that is not a shown popover ignores this.)
            let form: web_sys::HtmlElement = event.target_unchecked_into();
            let _ = form.hide_popover();
            on_annotate.emit(());
        })
    };
    html! {
        <form id={ARTICLE_INPUT_ID} class="article-input" popover="auto" onsubmit={on_submit}>
            <label for={ARTICLE_TEXT_ID}>{ "Article text" }</label>
            <textarea
                id={ARTICLE_TEXT_ID}
                rows="8"
                placeholder="Paste a news article here"
                value={props.draft.clone()}
                oninput={on_input}
            />
            <button type="submit" class="primary">{ "Annotate" }</button>
            // Only in the popover: folds the box without annotating (the draft stays).
            <button type="button" class="close-editor" popovertarget={ARTICLE_INPUT_ID} popovertargetaction="hide">
                { "Close" }
            </button>
        </form>
    }
}
