//! Annotations that editing the text left without a place: listed, so the work on them is not
//! lost silently, until the user lets them go.

use std::rc::Rc;

use factmark_core::Annotation;
use yew::prelude::*;

use crate::display::{kind_word, status_word};

#[derive(Properties, PartialEq)]
pub struct UnplacedListProps {
    pub unplaced: Rc<Vec<Annotation>>,
    pub on_forget: Callback<()>,
}

#[component]
pub fn UnplacedList(props: &UnplacedListProps) -> Html {
    let count = props.unplaced.len();
    let heading = if count == 1 {
        "1 annotation could not be placed in the edited text".to_owned()
    } else {
        format!("{count} annotations could not be placed in the edited text")
    };
    html! {
        <section class="unplaced" aria-labelledby="unplaced-heading">
            <h2 id="unplaced-heading">{ heading }</h2>
            <ul>
                { for props.unplaced.iter().map(|a| html! {
                    <li key={a.id.clone()}>
                        { format!("{}: “{}”, {}", kind_word(a), a.text.trim(), status_word(a.status)) }
                        if !a.note.is_empty() { { format!(" — note: {}", a.note) } }
                    </li>
                }) }
            </ul>
            <p>{ "Undo (Ctrl+Z) brings back the text as it was." }</p>
            <button type="button" onclick={props.on_forget.reform(|_: MouseEvent| ())}>{ "Forget them" }</button>
        </section>
    }
}
