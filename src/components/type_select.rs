//! Changes what a highlight is: a claim, a quote or an entity of some type.

use factmark_core::{Kind, Label};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::edit::Change;
use crate::review::{parse_type, type_choices, type_value};

#[derive(Properties, PartialEq)]
pub struct TypeSelectProps {
    pub id: String,
    pub kind: Kind,
    pub label: Option<Label>,
    pub on_change: Callback<Change>,
}

#[component]
pub fn TypeSelect(props: &TypeSelectProps) -> Html {
    let current = type_value(props.kind, props.label);
    let on_change = {
        let (on_change, id) = (props.on_change.clone(), props.id.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some((kind, label)) = parse_type(&select.value()) {
                on_change.emit(Change::Retype {
                    id: id.clone(),
                    kind,
                    label,
                });
            }
        })
    };
    html! {
        <div class="field">
            <label for="annotation-type">{ "Type" }</label>
            <select id="annotation-type" onchange={on_change}>
                { for type_choices().into_iter().map(|(value, words)| {
                    let selected = value == current;
                    html! { <option {selected} {value}>{ words }</option> }
                }) }
            </select>
        </div>
    }
}
