//! The details of the selected highlight, and everything that can be done to it: status, type,
//! note, evidence, dismissal, and for an entity all of its mentions at once. The verdict comes
//! first, right under the heading, so it is in view wherever the details show (the top of the
//! side panel on a laptop, a sheet over the lower part of the screen on a phone).

use factmark_core::{Annotation, Kind, Status};
use yew::prelude::*;

use crate::review::ArticleRef;

use super::evidence_editor::EvidenceEditor;
use super::note_editor::NoteEditor;
use super::status_buttons::StatusButtons;
use super::type_select::TypeSelect;
use crate::display::{kind_word, score_words, speaker_words, status_word};
use crate::edit::Change;

#[derive(Properties, PartialEq)]
pub struct AnnotationDetailsProps {
    pub article: ArticleRef,
    pub annotation: Annotation,
    pub on_change: Callback<Change>,
    /// Select another annotation (one the claim cites).
    pub on_select: Callback<String>,
    /// Close the details (nothing selected).
    pub on_close: Callback<()>,
}

/// The id of the first verdict button, which Enter on a highlight focuses.
pub const VERDICT_ID: &str = "verdict-verified";

#[component]
pub fn AnnotationDetails(props: &AnnotationDetailsProps) -> Html {
    let annotation = &props.annotation;
    let id = annotation.id.clone();
    let on_status = props.on_change.reform(move |status| Change::Status {
        ids: vec![id.clone()],
        status,
    });
    let mentions: Vec<String> = match (&annotation.entity_id, annotation.kind) {
        (Some(entity), Kind::Entity) => props
            .article
            .annotations
            .iter()
            .filter(|a| a.entity_id.as_ref() == Some(entity) && !a.dismissed)
            .map(|a| a.id.clone())
            .collect(),
        _ => Vec::new(),
    };
    let dismiss = {
        let on_change = props.on_change.clone();
        let (id, dismissed) = (annotation.id.clone(), !annotation.dismissed);
        Callback::from(move |_: MouseEvent| {
            on_change.emit(Change::Dismiss {
                id: id.clone(),
                dismissed,
            })
        })
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="details" aria-labelledby="details-heading" data-kind={annotation.kind.as_str()}>
            <div class="details-head">
                <h2 id="details-heading">{ kind_word(annotation) }</h2>
                <span class="details-status" data-status={annotation.status.as_str()} data-testid="details-status">
                    { status_word(annotation.status) }
                </span>
                <button type="button" class="close-details" aria-label="Close details" aria-keyshortcuts="Escape"
                    onclick={on_close}>{ "✕" }</button>
            </div>
            <StatusButtons current={annotation.status} on_status={on_status} first_id={VERDICT_ID} />
            if mentions.len() > 1 {
                <div class="status-buttons all-mentions" role="group" aria-label="All mentions">
                    { for Status::ALL.iter().map(|status| all_mentions(&mentions, *status, &props.on_change)) }
                </div>
            }
            <blockquote class="details-text">{ &annotation.text }</blockquote>
            <dl class="facts">
                if let Some(speaker) = speaker_words(annotation) {
                    <dt>{ "Speaker" }</dt>
                    <dd>{ speaker }</dd>
                }
                if let Some(score) = score_words(annotation) {
                    <dt>{ "Check-worthiness" }</dt>
                    <dd>{ score }</dd>
                }
                if !annotation.reasons.is_empty() {
                    <dt class="wide">{ "Why" }</dt>
                    <dd class="wide">{ annotation.reasons.join("; ") }</dd>
                }
                { cites(props) }
                { times(annotation) }
            </dl>
            <TypeSelect key={format!("type-{}", annotation.id)} id={annotation.id.clone()}
                kind={annotation.kind} label={annotation.label} on_change={props.on_change.clone()} />
            <NoteEditor key={format!("note-{}", annotation.id)} id={annotation.id.clone()}
                note={annotation.note.clone()} on_change={props.on_change.clone()} />
            <EvidenceEditor key={format!("evidence-{}", annotation.id)} id={annotation.id.clone()}
                evidence={annotation.evidence.clone()} on_change={props.on_change.clone()} />
            <button type="button" class="dismiss" onclick={dismiss}>
                { if annotation.dismissed { "Restore this highlight" } else { "Dismiss this highlight" } }
            </button>
        </section>
    }
}

/// "Mark all 3 mentions verified".
fn all_mentions(ids: &[String], status: Status, on_change: &Callback<Change>) -> Html {
    let text = format!("Mark all {} mentions {}", ids.len(), status_word(status));
    let (ids, on_change) = (ids.to_vec(), on_change.clone());
    let onclick = move |_: MouseEvent| {
        on_change.emit(Change::Status {
            ids: ids.clone(),
            status,
        })
    };
    html! { <button type="button" {onclick}>{ text }</button> }
}

/// What a claim cites: the entities and quotes inside it, one row each (what it is, then its
/// words), each a button that selects it.
fn cites(props: &AnnotationDetailsProps) -> Html {
    let cited: Vec<&Annotation> = props
        .annotation
        .cites
        .iter()
        .filter_map(|id| props.article.annotations.iter().find(|a| &a.id == id))
        .collect();
    if cited.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <dt class="wide">{ "Cites" }</dt>
            <dd class="wide"><ul class="cites">
                { for cited.into_iter().map(|a| {
                    let (on_select, id) = (props.on_select.clone(), a.id.clone());
                    html! { <li><button type="button" class="cite" data-kind={a.kind.as_str()}
                        onclick={move |_: MouseEvent| on_select.emit(id.clone())}>
                        <span class="cite-kind">{ kind_word(a) }<span class="visually-hidden">{ ": " }</span></span>
                        <span class="cite-text">{ a.text.trim() }</span>
                    </button></li> }
                }) }
            </ul></dd>
        </>
    }
}

fn times(annotation: &Annotation) -> Html {
    let row = |term: &'static str, time: &Option<String>| match time {
        Some(time) => {
            html! { <><dt>{ term }</dt><dd><time datetime={time.clone()}>{ readable(time) }</time></dd></> }
        }
        None => Html::default(),
    };
    html! { <>{ row("Created", &annotation.created) }{ row("Updated", &annotation.updated) }</> }
}

/// "2026-11-27 09:30 UTC" from RFC 3339.
fn readable(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(date), Some(clock)) => format!("{date} {clock} UTC"),
        _ => time.to_owned(),
    }
}
