//! What storage needs the user to know: no storage at all, a save that failed (with export and
//! a retry), and entries that could not be read and were moved aside.

use factmark_core::{export, Article};
use yew::prelude::*;

use super::export_menu::SavedArticles;
use crate::browser;
use crate::saved::titles_in;
use crate::storage::{self, Health, Quarantined, StorageError};

#[derive(Properties, PartialEq)]
pub struct StorageBannersProps {
    pub health: Health,
    /// What the export offers to download: the whole library. Compared by pointer: comparing
    /// the articles themselves costs a long article's every annotation on each render of the app.
    pub entries: SavedArticles,
    pub on_retry: Callback<()>,
    pub on_dismiss_quarantined: Callback<()>,
}

#[component]
pub fn StorageBanners(props: &StorageBannersProps) -> Html {
    let health = &props.health;
    let export_error = use_state(|| None::<String>);
    let on_export = {
        let entries = props.entries.0.clone();
        let export_error = export_error.clone();
        Callback::from(move |_: MouseEvent| {
            let articles: Vec<Article> = entries.iter().map(|entry| (*entry.article).clone()).collect();
            let json = export::library_to_json(&articles);
            let result = browser::download("factmark-library.factmark.json", "application/json", &json);
            export_error.set(result.err().map(|error| error.to_string()));
        })
    };
    let on_retry = props.on_retry.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss_quarantined.reform(|_: MouseEvent| ());
    let export_button = html! {
        <button type="button" onclick={on_export}>{ "Export library" }</button>
    };
    html! {
        <>
            if health.memory_only {
                <div class="storage-banner" role="status">
                    <p>{ StorageError::Unavailable.to_string() }</p>
                    { export_button.clone() }
                </div>
            }
            if let Some(error) = &health.failed {
                <div class="storage-banner storage-failed" role="alert">
                    <p>{ error.to_string() }</p>
                    { export_button }
                    <button type="button" onclick={on_retry}>{ "Try again" }</button>
                </div>
            }
            if let Some(message) = &*export_error {
                <p class="storage-banner" role="alert">{ message }</p>
            }
            if !health.not_kept.is_empty() {
                <div class="storage-banner storage-failed" role="alert">
                    <p>{ format!("Your last visit could not save its latest changes{}: this browser's storage was \
                        full when the page closed, so they were not kept. What you see is what was saved before. \
                        Export the library and delete articles you no longer need to make room.", titles_in(&health.not_kept)) }</p>
                    <button type="button" onclick={on_dismiss.clone()}>{ "Dismiss" }</button>
                </div>
            }
            if !health.quarantined.is_empty() {
                <div class="storage-banner storage-quarantined" role="alert">
                    { for health.quarantined.iter().map(|entry| quarantined(entry, &export_error)) }
                    <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
        </>
    }
}

/// One unreadable entry: what happened, and its raw value to download (it may be repairable).
fn quarantined(entry: &Quarantined, export_error: &UseStateHandle<Option<String>>) -> Html {
    let download = entry.moved_to.clone().map(|key| {
        let export_error = export_error.clone();
        let name = format!("{}.unreadable.txt", key.replace(':', "-"));
        let on_click = Callback::from(move |_: MouseEvent| {
            let value = storage::read_raw(&key).unwrap_or_default();
            let result = browser::download(&name, "text/plain", &value);
            export_error.set(result.err().map(|error| error.to_string()));
        });
        html! { <button type="button" onclick={on_click}>{ "Download the unreadable data" }</button> }
    });
    html! {
        <p>{ entry.describe() } { for download }</p>
    }
}
