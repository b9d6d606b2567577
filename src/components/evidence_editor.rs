//! Evidence links of the selected highlight: the list, and a form to add one. An address that
//! is not a web address gets a message next to the field instead of being saved.

use factmark_core::Evidence;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::edit::Change;
use crate::review::evidence_url;

#[derive(Properties, PartialEq)]
pub struct EvidenceEditorProps {
    pub id: String,
    pub evidence: Vec<Evidence>,
    pub on_change: Callback<Change>,
}

#[component]
pub fn EvidenceEditor(props: &EvidenceEditorProps) -> Html {
    let url_ref = use_node_ref();
    let title_ref = use_node_ref();
    let error = use_state(|| None::<String>);
    let on_submit = {
        let (on_change, id, error) = (props.on_change.clone(), props.id.clone(), error.clone());
        let (url_ref, title_ref) = (url_ref.clone(), title_ref.clone());
        let existing: Vec<String> = props.evidence.iter().map(|e| e.url.clone()).collect();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (Some(url_input), Some(title_input)) = (
                url_ref.cast::<HtmlInputElement>(),
                title_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            match evidence_url(&url_input.value()) {
                Ok(url) if existing.contains(&url) => {
                    error.set(Some("This link is already listed.".to_owned()))
                }
                Ok(url) => {
                    let title = title_input.value().trim().to_owned();
                    let title = (!title.is_empty()).then_some(title);
                    on_change.emit(Change::AddEvidence {
                        id: id.clone(),
                        evidence: Evidence { url, title },
                    });
                    url_input.set_value("");
                    title_input.set_value("");
                    error.set(None);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let remove = |url: &str| {
        let (on_change, id, url) = (props.on_change.clone(), props.id.clone(), url.to_owned());
        move |_: MouseEvent| {
            on_change.emit(Change::RemoveEvidence {
                id: id.clone(),
                url: url.clone(),
            })
        }
    };
    html! {
        <div class="evidence">
            <h3>{ "Evidence" }</h3>
            if !props.evidence.is_empty() {
                <ul>
                    { for props.evidence.iter().map(|e| html! {
                        <li key={e.url.clone()}>
                            <a href={e.url.clone()} target="_blank" rel="noopener noreferrer">
                                { e.title.clone().unwrap_or_else(|| e.url.clone()) }
                            </a>
                            { " " }
                            <button type="button" class="small" aria-label={format!("Remove evidence {}", e.url)}
                                onclick={remove(&e.url)}>{ "Remove" }</button>
                        </li>
                    }) }
                </ul>
            }
            <form class="evidence-form" onsubmit={on_submit} novalidate=true>
                <label for="evidence-url">{ "Evidence URL" }</label>
                <input id="evidence-url" type="url" ref={url_ref} placeholder="https://"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then_some("evidence-error")} />
                <label for="evidence-title">{ "Evidence title (optional)" }</label>
                <input id="evidence-title" type="text" ref={title_ref} />
                if let Some(message) = &*error {
                    <p id="evidence-error" class="field-error" role="alert">{ message }</p>
                }
                <button type="submit">{ "Add evidence" }</button>
            </form>
        </div>
    }
}
