//! Text files a user adds as articles: which ones are accepted, and reading one.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use yew::Callback;

/// Plain text and Markdown, by extension or by type.
pub fn is_text_file(name: &str, mime: &str) -> bool {
    let name = name.to_lowercase();
    name.ends_with(".txt")
        || name.ends_with(".md")
        || name.ends_with(".markdown")
        || mime == "text/plain"
        || mime == "text/markdown"
}

/// The read in flight. Holding it keeps it going; a new read replaces (and aborts) the old.
pub type ReaderSlot = Rc<RefCell<Option<FileReader>>>;

/// Reads `file` as text into `on_done`, or says why it cannot.
pub fn read(file: web_sys::File, slot: &ReaderSlot, on_done: Callback<Result<String, String>>) {
    let name = file.name();
    if !is_text_file(&name, &file.type_()) {
        on_done.emit(Err(format!(
            "“{name}” is not a text file. Factmark adds .txt and .md files as articles."
        )));
        return;
    }
    if file.size() > factmark_core::export::MAX_ARTICLE_BYTES as f64 * 1.01 {
        on_done.emit(Err(format!(
            "“{name}” is {:.1} MB; Factmark handles articles up to 2 MB. Split it into parts and add each.",
            file.size() / (1024.0 * 1024.0)
        )));
        return;
    }
    let file = gloo::file::File::from(file);
    let reader = gloo::file::callbacks::read_as_text(&file, move |result| {
        on_done.emit(result.map_err(|error| format!("“{name}” could not be read: {error}")));
    });
    *slot.borrow_mut() = Some(reader);
}

/// Lets the user drop a .txt or .md file anywhere on the page to add it. Other files are left
/// alone for other handlers (an import of Factmark JSON, say).
#[yew::hook]
pub fn use_text_file_drop(on_file: Callback<Result<String, String>>) {
    let reader: ReaderSlot = yew::use_mut_ref(|| None);
    yew::use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let dropped_text = |event: &web_sys::Event| -> Option<web_sys::File> {
            let event = wasm_bindgen::JsCast::dyn_ref::<web_sys::DragEvent>(event)?;
            let files = event.data_transfer()?.files()?;
            files
                .get(0)
                .filter(|file| is_text_file(&file.name(), &file.type_()))
        };
        // Without this, the browser would open the dropped file in place of the app.
        let over = gloo::events::EventListener::new_with_options(
            &document,
            "dragover",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |event| {
                let carries_files = wasm_bindgen::JsCast::dyn_ref::<web_sys::DragEvent>(event)
                    .and_then(|event| event.data_transfer())
                    .is_some_and(|transfer| transfer.types().includes(&"Files".into(), 0));
                if carries_files {
                    event.prevent_default();
                }
            },
        );
        let on_drop = gloo::events::EventListener::new_with_options(
            &document,
            "drop",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |event| {
                if let Some(file) = dropped_text(event) {
                    event.prevent_default();
                    read(file, &reader, on_file.clone());
                }
            },
        );
        move || drop((over, on_drop))
    });
}
