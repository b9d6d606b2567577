//! The header button that opens and closes the sync panel.

use yew::prelude::*;

use super::sync_panel::PANEL_ID;

#[derive(Properties, PartialEq)]
pub struct SyncToggleProps {
    pub open: bool,
    pub on_toggle: Callback<()>,
}

#[component]
pub fn SyncToggle(props: &SyncToggleProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="sync-toggle" aria-expanded={props.open.to_string()} aria-controls={PANEL_ID} {onclick}>
            { "Sync" }
        </button>
    }
}
