//! The review workspace's keyboard shortcuts: which key does what, and the one list the help
//! overlay shows, so the two cannot disagree.

use factmark_core::Status;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Next,
    Previous,
    SetStatus(Status),
    EditNote,
    Search,
    /// Back to the text: focus the selected highlight; from the highlight, close its details.
    Escape,
    Help,
    Undo,
    Redo,
}

/// Every shortcut, as the help overlay lists it: (keys, what it does).
pub const HELP: &[(&str, &str)] = &[
    ("j", "Next highlight"),
    ("k", "Previous highlight"),
    ("v", "Mark the selected highlight verified"),
    ("u", "Mark the selected highlight unverified"),
    ("d", "Mark the selected highlight disputed"),
    ("n", "Edit the note of the selected highlight"),
    ("/", "Search the annotations"),
    (
        "Escape",
        "Back to the text (from a field, the list or the details); on the highlight, close its details",
    ),
    (
        "Enter",
        "Show the details of the focused highlight and go to its verdict",
    ),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z", "Redo (also Ctrl+Y)"),
    ("?", "Show this help"),
];

/// A key press, as far as shortcuts care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press<'k> {
    pub key: &'k str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    pub shift: bool,
    pub alt: bool,
    /// The focus is in a text field, a select or a dialog, where keys belong to it.
    pub typing: bool,
}

/// The shortcut a key press means, if any. While typing only Escape is a shortcut, so letters
/// reach the field and Ctrl+Z undoes typing rather than annotations.
pub fn shortcut(press: Press) -> Option<Shortcut> {
    if press.alt {
        return None;
    }
    if press.key == "Escape" {
        return Some(Shortcut::Escape);
    }
    if press.typing {
        return None;
    }
    if press.command {
        return match (press.key, press.shift) {
            ("z" | "Z", false) => Some(Shortcut::Undo),
            ("z" | "Z", true) | ("y" | "Y", false) => Some(Shortcut::Redo),
            _ => None,
        };
    }
    match press.key {
        "j" => Some(Shortcut::Next),
        "k" => Some(Shortcut::Previous),
        "v" => Some(Shortcut::SetStatus(Status::Verified)),
        "u" => Some(Shortcut::SetStatus(Status::Unverified)),
        "d" => Some(Shortcut::SetStatus(Status::Disputed)),
        "n" => Some(Shortcut::EditNote),
        "/" => Some(Shortcut::Search),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// Whether keys typed at `target` belong to it: text fields, selects, editable content and
/// anything inside an open dialog.
fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    let text_input = match tag.as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            element.get_attribute("type").as_deref(),
            Some("button" | "checkbox" | "radio" | "submit" | "range")
        ),
        _ => false,
    };
    text_input
        || element
            .closest("[contenteditable], dialog")
            .ok()
            .flatten()
            .is_some()
}

/// Calls `on_shortcut` for every shortcut pressed anywhere on the page, while mounted.
#[hook]
pub fn use_shortcuts(on_shortcut: Callback<Shortcut>) {
    // The listener is added once and always calls the latest callback, rather than being
    // re-added on every render.
    let latest = use_mut_ref(|| on_shortcut.clone());
    *latest.borrow_mut() = on_shortcut;
    use_effect_with((), move |_| {
        // Not passive: it must be able to keep `/` and Ctrl+Z from the browser.
        let options = EventListenerOptions::enable_prevent_default();
        let document = gloo::utils::document();
        let listener = EventListener::new_with_options(&document, "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let key = event.key();
            let press = Press {
                key: &key,
                command: event.ctrl_key() || event.meta_key(),
                shift: event.shift_key(),
                alt: event.alt_key(),
                typing: is_typing(event.target()),
            };
            if let Some(shortcut) = shortcut(press) {
                // Keep `/` from opening the browser's find bar and Ctrl+Z from its own undo.
                if shortcut != Shortcut::Escape {
                    event.prevent_default();
                }
                // Cloned out first: emitting can re-render, which replaces the callback.
                let callback = latest.borrow().clone();
                callback.emit(shortcut);
            }
        });
        move || drop(listener)
    });
}
