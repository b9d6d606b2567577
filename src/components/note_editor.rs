//! The note of the selected highlight. It is saved when the field loses focus (or on Escape),
//! so a note is one undo step rather than one per keystroke.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::edit::Change;

/// The id of the note field, which the `n` shortcut focuses.
pub const NOTE_ID: &str = "annotation-note";

#[derive(Properties, PartialEq)]
pub struct NoteEditorProps {
    pub id: String,
    pub note: String,
    pub on_change: Callback<Change>,
}

#[component]
pub fn NoteEditor(props: &NoteEditorProps) -> Html {
    let on_change = {
        let (on_change, id) = (props.on_change.clone(), props.id.clone());
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_change.emit(Change::Note {
                id: id.clone(),
                note: area.value(),
            });
        })
    };
    html! {
        <div class="field">
            <label for={NOTE_ID}>{ "Note" }</label>
            <textarea id={NOTE_ID} rows="3" value={props.note.clone()} onchange={on_change}
                aria-keyshortcuts="n" />
        </div>
    }
}
