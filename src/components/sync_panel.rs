//! The sync panel: the server, database and user to sync with, signing in and out, syncing
//! now or automatically, and a status line that says how the last sync went.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::saved::SyncSettings;
use crate::sync::run::SyncControls;
use crate::sync::{SyncPanel as Panel, SyncStatus};

pub const PANEL_ID: &str = "sync-panel";

#[derive(Properties, PartialEq)]
pub struct SyncPanelProps {
    pub panel: Panel,
    pub on_settings: Callback<SyncSettings>,
    pub controls: SyncControls,
}

/// A labelled text field bound to one setting.
fn field(
    label: &str,
    id: &str,
    value: &str,
    autocomplete: &str,
    readonly: bool,
    on_input: Callback<String>,
) -> Html {
    let oninput =
        on_input.reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class="sync-field">
            <label for={id.to_owned()}>{ label }</label>
            <input id={id.to_owned()} type="text" value={value.to_owned()} autocomplete={autocomplete.to_owned()}
                spellcheck="false" {readonly} {oninput} />
        </div>
    }
}

#[component]
pub fn SyncPanel(props: &SyncPanelProps) -> Html {
    let password = use_node_ref();
    let settings = &props.panel.settings;
    let signed_in = settings.signed_in;
    let edit = |change: fn(&mut SyncSettings, String)| {
        let settings = settings.clone();
        props.on_settings.reform(move |value: String| {
            let mut settings = settings.clone();
            change(&mut settings, value);
            settings
        })
    };
    let on_submit = {
        let password = password.clone();
        let on_sign_in = props.controls.on_sign_in.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // Read once and cleared at once: the password is never kept, not even in the page.
            if let Some(input) = password.cast::<HtmlInputElement>() {
                let typed = input.value();
                input.set_value("");
                on_sign_in.emit(typed);
            }
        })
    };
    let on_auto = {
        let settings = settings.clone();
        props.on_settings.reform(move |event: Event| SyncSettings {
            auto: event.target_unchecked_into::<HtmlInputElement>().checked(),
            ..settings.clone()
        })
    };
    let on_sync_now = props.controls.on_sync_now.reform(|_: MouseEvent| ());
    let on_sign_out = props.controls.on_sign_out.reform(|_: MouseEvent| ());
    // The time of a sync is a <time> whose datetime is exact, so each sync reads differently.
    let status = match (&props.panel.status, props.panel.running) {
        (_, true) => html! { "Syncing…" },
        (Some(SyncStatus::Synced { at, .. }), false) => html! {
            <>{ "Synced at " }<time datetime={at.clone()}>{ browser::local_time(at) }</time>{ "." }</>
        },
        (Some(SyncStatus::Failed(message) | SyncStatus::Note(message)), false) => html! { message.clone() },
        (None, false) if signed_in => html! { format!("Signed in as {}.", settings.user) },
        (None, false) => html! { "Not signed in: sign in with your account on the team's server." },
    };
    let last = match &props.panel.status {
        Some(SyncStatus::Synced { at, report }) => Some(format!(
            "Last sync {}: {} sent, {} received{}.",
            browser::local_time(at),
            articles(report.pushed),
            articles(report.pulled),
            if report.conflicts > 0 {
                format!(
                    ", {} merged with changes made elsewhere",
                    articles(report.conflicts)
                )
            } else {
                String::new()
            }
        )),
        _ => None,
    };
    html! {
        <section id={PANEL_ID} class="sync-panel" aria-labelledby="sync-heading">
            <h2 id="sync-heading">{ "Team sync" }</h2>
            <form class="sync-form" onsubmit={on_submit}>
                { field("Server URL", "sync-server", &settings.server, "url", signed_in, edit(|s, v| s.server = v)) }
                { field("Database", "sync-database", &settings.database, "off", signed_in, edit(|s, v| s.database = v)) }
                { field("User name", "sync-user", &settings.user, "username", signed_in, edit(|s, v| s.user = v)) }
                if !signed_in {
                    <div class="sync-field">
                        <label for="sync-password">{ "Password" }</label>
                        <input id="sync-password" type="password" autocomplete="current-password" ref={password} />
                    </div>
                    <button type="submit">{ "Sign in" }</button>
                }
            </form>
            if signed_in {
                <p class="sync-user">{ format!("Signed in as {}.", settings.user) }</p>
                <div class="sync-actions">
                    <button type="button" onclick={on_sync_now} disabled={props.panel.running}>{ "Sync now" }</button>
                    <button type="button" onclick={on_sign_out}>{ "Sign out" }</button>
                </div>
            }
            <label class="sync-auto">
                <input type="checkbox" checked={settings.auto} onchange={on_auto} />
                { "Sync automatically" }
            </label>
            <p class="sync-status" role="status">{ status }</p>
            if let Some(last) = last {
                <p class="sync-last">{ last }</p>
            }
        </section>
    }
}

fn articles(count: usize) -> String {
    format!("{count} {}", if count == 1 { "article" } else { "articles" })
}
