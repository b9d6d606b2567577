//! Actions on the whole article: export.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub on_export: Callback<()>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_click = props.on_export.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar" role="toolbar" aria-label="Article actions">
            <button type="button" onclick={on_click}>{ "Export JSON" }</button>
        </div>
    }
}
