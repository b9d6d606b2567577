//! The header button that switches between the article and the library.

use yew::prelude::*;

use crate::library::{LibraryAction, View};

#[derive(Properties, PartialEq)]
pub struct LibraryToggleProps {
    pub view: View,
    /// How many articles are saved.
    pub count: usize,
    pub on_library: Callback<LibraryAction>,
}

#[component]
pub fn LibraryToggle(props: &LibraryToggleProps) -> Html {
    let showing = props.view == View::Library;
    let next = if showing { View::Workspace } else { View::Library };
    let on_click = props
        .on_library
        .reform(move |_: MouseEvent| LibraryAction::Show(next));
    html! {
        <nav class="library-toggle" aria-label="Views">
            <button type="button" aria-pressed={showing.to_string()} onclick={on_click}>
                { format!("Library ({})", props.count) }
            </button>
        </nav>
    }
}
