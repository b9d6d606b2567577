//! The Import control: a file picker for annotation files (Factmark JSON, W3C Web Annotation,
//! doccano JSONL, CSV), and the same files dropped anywhere on the page.

use factmark_core::export::{ImportError, MAX_IMPORT_BYTES};
use yew::prelude::*;

use crate::import::{self, EXTENSIONS};
use crate::text_files::ReaderSlot;

/// A file's name and text, or the message saying why it was not read.
pub type FileRead = Result<(String, String), String>;

#[derive(Properties, PartialEq)]
pub struct ImportControlProps {
    pub on_file: Callback<FileRead>,
}

#[component]
pub fn ImportControl(props: &ImportControlProps) -> Html {
    let reader: ReaderSlot = use_mut_ref(|| None);
    use_import_drop(props.on_file.clone());
    let on_change = {
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read(file, &reader, on_file.clone());
            }
            // Picking the same file again (after changing the article) imports it again.
            input.set_value("");
        })
    };
    html! {
        <span class="import-control">
            <label for="import-file" class="button-like">{ "Import annotations" }</label>
            <input id="import-file" type="file" class="visually-hidden-file" accept={EXTENSIONS.join(",")}
                aria-describedby="import-hint" onchange={on_change} />
            <span id="import-hint" class="import-hint">{ "or drop a .json, .jsonld, .jsonl or .csv file on the page" }</span>
        </span>
    }
}

/// Reads `file` as text into `on_done`, refusing a file over the core's limit before reading
/// any of it (a 50 MB file would otherwise be copied into the page twice before the core could
/// say no).
pub fn read(file: web_sys::File, slot: &ReaderSlot, on_done: Callback<FileRead>) {
    let name = file.name();
    if !import::is_importable(&name, &file.type_()) {
        let reason = "Factmark imports Factmark JSON (.json), W3C Web Annotation (.jsonld), doccano JSONL \
                      (.jsonl) and CSV (.csv) files.";
        on_done.emit(Err(import::failure(&name, reason)));
        return;
    }
    if file.size() > MAX_IMPORT_BYTES as f64 {
        let error = ImportError::TooLarge {
            bytes: file.size() as usize,
            limit: MAX_IMPORT_BYTES,
        };
        on_done.emit(Err(import::failure(&name, &error.to_string())));
        return;
    }
    let file = gloo::file::File::from(file);
    let reader = gloo::file::callbacks::read_as_text(&file, move |result| {
        on_done.emit(match result {
            Ok(text) => Ok((name, text)),
            Err(error) => Err(import::failure(
                &name,
                &format!("The browser could not read it: {error}."),
            )),
        });
    });
    *slot.borrow_mut() = Some(reader);
}

/// Imports an annotation file dropped anywhere on the page. Text files are left to the
/// library's own drop handler, which adds them as articles; its `dragover` handler is what lets
/// the browser drop files on the page at all.
#[hook]
fn use_import_drop(on_file: Callback<FileRead>) {
    let reader: ReaderSlot = use_mut_ref(|| None);
    // The listener is added once and always calls the latest callback.
    let latest = use_mut_ref(|| on_file.clone());
    *latest.borrow_mut() = on_file;
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let options = gloo::events::EventListenerOptions::enable_prevent_default();
        let on_drop =
            gloo::events::EventListener::new_with_options(&document, "drop", options, move |event| {
                let dropped = wasm_bindgen::JsCast::dyn_ref::<web_sys::DragEvent>(event)
                    .and_then(|event| event.data_transfer()?.files()?.get(0))
                    .filter(|file| import::is_importable(&file.name(), &file.type_()));
                if let Some(file) = dropped {
                    // Otherwise the browser would open the file in place of the app.
                    event.prevent_default();
                    let on_file = latest.borrow().clone();
                    read(file, &reader, on_file);
                }
            });
        move || drop(on_drop)
    });
}
