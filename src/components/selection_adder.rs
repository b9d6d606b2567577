//! Adds a highlight the detectors missed. Selecting text in the article fills the form; the
//! text can also be typed, which finds its first occurrence, so adding works without a mouse.

use factmark_core::{Kind, Label, OffsetMap};
use gloo::events::EventListener;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::annotated_text::ARTICLE_ID;
use crate::browser;
use crate::review::{parse_type, type_choices, ArticleRef};

/// A new highlight: code point range, kind and label.
pub type NewHighlight = ((usize, usize), Kind, Option<Label>);

#[derive(Properties, PartialEq)]
pub struct SelectionAdderProps {
    pub article: ArticleRef,
    pub on_add: Callback<NewHighlight>,
}

#[component]
pub fn SelectionAdder(props: &SelectionAdderProps) -> Html {
    // The last selection made in the article: its range and its text.
    let picked = use_state(|| None::<((usize, usize), String)>);
    let text_ref = use_node_ref();
    let type_ref = use_node_ref();
    let error = use_state(|| None::<&'static str>);
    {
        let (picked, article, text_ref) = (picked.clone(), props.article.clone(), text_ref.clone());
        use_effect_with(props.article.clone(), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "selectionchange", move |_| {
                let Some(container) = gloo::utils::document().get_element_by_id(ARTICLE_ID) else {
                    return;
                };
                if let Some(range) = browser::selection_in(&container, &article.text) {
                    let covered: String = article
                        .text
                        .chars()
                        .skip(range.0)
                        .take(range.1 - range.0)
                        .collect();
                    if let Some(input) = text_ref.cast::<HtmlInputElement>() {
                        input.set_value(&covered);
                    }
                    picked.set(Some((range, covered)));
                }
            });
            move || drop(listener)
        });
    }
    let on_submit = {
        let (picked, error, article, on_add) = (
            picked.clone(),
            error.clone(),
            props.article.clone(),
            props.on_add.clone(),
        );
        let (text_ref, type_ref) = (text_ref.clone(), type_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (Some(input), Some(select)) = (
                text_ref.cast::<HtmlInputElement>(),
                type_ref.cast::<HtmlSelectElement>(),
            ) else {
                return;
            };
            let Some((kind, label)) = parse_type(&select.value()) else {
                return;
            };
            let wanted = input.value();
            let range = match &*picked {
                Some((range, covered)) if *covered == wanted => Some(*range),
                _ => find(&article.text, wanted.trim()),
            };
            match range {
                Some(range) => {
                    on_add.emit((range, kind, label));
                    input.set_value("");
                    picked.set(None);
                    error.set(None);
                }
                None => error.set(Some(
                    "That text is not in the article. Select it in the text, or type it exactly.",
                )),
            }
        })
    };
    html! {
        <form class="selection-adder" onsubmit={on_submit} aria-label="Add a highlight">
            <div class="field">
                <label for="new-text">{ "Text to highlight" }</label>
                <input id="new-text" type="text" ref={text_ref} placeholder="Select text in the article, or type it"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then_some("new-text-error")} />
            </div>
            <div class="field">
                <label for="new-type">{ "Add as" }</label>
                <select id="new-type" ref={type_ref}>
                    { for type_choices().into_iter().map(|(value, words)| html! { <option {value}>{ words }</option> }) }
                </select>
            </div>
            <button type="submit">{ "Add highlight" }</button>
            if let Some(message) = *error {
                <p id="new-text-error" class="field-error" role="alert">{ message }</p>
            }
        </form>
    }
}

/// The code point range of the first occurrence of `wanted` in `text`.
fn find(text: &str, wanted: &str) -> Option<(usize, usize)> {
    if wanted.is_empty() {
        return None;
    }
    let byte = text.find(wanted)?;
    let offsets = OffsetMap::new(text);
    Some((
        offsets.byte_to_char(byte),
        offsets.byte_to_char(byte + wanted.len()),
    ))
}
