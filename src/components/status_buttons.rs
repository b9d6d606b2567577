//! The three status buttons of the selected highlight.

use factmark_core::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusButtonsProps {
    pub current: Status,
    pub on_status: Callback<Status>,
    /// The id of the first button, so the focus can be sent to the verdict.
    pub first_id: AttrValue,
}

#[component]
pub fn StatusButtons(props: &StatusButtonsProps) -> Html {
    let button = |status: Status, text: &'static str, key: &'static str, id: Option<AttrValue>| {
        let on_status = props.on_status.clone();
        html! {
            <button type="button" {id} class={classes!("verdict", format!("verdict-{}", status.as_str()))}
                aria-pressed={(props.current == status).to_string()} aria-keyshortcuts={key}
                onclick={move |_: MouseEvent| on_status.emit(status)}>
                { text }
            </button>
        }
    };
    html! {
        <div class="status-buttons verdicts" role="group" aria-label="Status">
            { button(Status::Verified, "Mark verified", "v", Some(props.first_id.clone())) }
            { button(Status::Unverified, "Mark unverified", "u", None) }
            { button(Status::Disputed, "Mark disputed", "d", None) }
        </div>
    }
}
