//! The details of the selected highlight and the buttons that set its status.

use factmark_core::{Annotation, Status};
use yew::prelude::*;

use crate::display::{kind_word, status_word};

#[derive(Properties, PartialEq)]
pub struct AnnotationDetailsProps {
    pub annotation: Annotation,
    pub on_set_status: Callback<(String, Status)>,
}

#[component]
pub fn AnnotationDetails(props: &AnnotationDetailsProps) -> Html {
    let annotation = &props.annotation;
    let button = |status: Status, text: &'static str| {
        let on_set_status = props.on_set_status.clone();
        let id = annotation.id.clone();
        let pressed = annotation.status == status;
        html! {
            <button type="button" aria-pressed={pressed.to_string()}
                onclick={move |_: MouseEvent| on_set_status.emit((id.clone(), status))}>
                { text }
            </button>
        }
    };
    html! {
        <section class="details" aria-labelledby="details-heading">
            <h2 id="details-heading">{ kind_word(annotation) }</h2>
            <blockquote class="details-text">{ &annotation.text }</blockquote>
            <dl>
                <dt>{ "Status" }</dt>
                <dd data-testid="details-status">{ status_word(annotation.status) }</dd>
                if let Some(speaker) = &annotation.speaker {
                    <dt>{ "Speaker" }</dt>
                    <dd>{ speaker.name.as_deref().unwrap_or(&speaker.text) }</dd>
                }
                if let Some(score) = annotation.score {
                    <dt>{ "Check-worthiness" }</dt>
                    <dd>{ format!("{:.0}%", score * 100.0) }</dd>
                }
                if !annotation.reasons.is_empty() {
                    <dt>{ "Why" }</dt>
                    <dd>{ annotation.reasons.join("; ") }</dd>
                }
            </dl>
            <div class="status-buttons" role="group" aria-label="Status">
                { button(Status::Verified, "Mark verified") }
                { button(Status::Unverified, "Mark unverified") }
                { button(Status::Disputed, "Mark disputed") }
            </div>
        </section>
    }
}
