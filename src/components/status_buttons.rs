//! The three status buttons of the selected highlight.

use factmark_core::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusButtonsProps {
    pub current: Status,
    pub on_status: Callback<Status>,
}

#[component]
pub fn StatusButtons(props: &StatusButtonsProps) -> Html {
    let button = |status: Status, text: &'static str, key: &'static str| {
        let on_status = props.on_status.clone();
        html! {
            <button type="button" aria-pressed={(props.current == status).to_string()} aria-keyshortcuts={key}
                onclick={move |_: MouseEvent| on_status.emit(status)}>
                { text }
            </button>
        }
    };
    html! {
        <div class="status-buttons" role="group" aria-label="Status">
            { button(Status::Verified, "Mark verified", "v") }
            { button(Status::Unverified, "Mark unverified", "u") }
            { button(Status::Disputed, "Mark disputed", "d") }
        </div>
    }
}
