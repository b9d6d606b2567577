//! A card beside the pointer with what a hovered highlight is: kind and label, speaker, score
//! and reasons, status and note. Keyboard users get the same in the details panel, which
//! follows the focus.

use yew::prelude::*;

use crate::review::ArticleRef;

use crate::display::{kind_word, score_words, speaker_words, status_word};

#[derive(Properties, PartialEq)]
pub struct HoverCardProps {
    pub article: ArticleRef,
    /// Index of the hovered annotation in the article.
    pub index: usize,
    /// Where to show it, in pixels from the article column's corner: below the highlight.
    pub x: f64,
    pub y: f64,
}

#[component]
pub fn HoverCard(props: &HoverCardProps) -> Html {
    let Some(annotation) = props.article.annotations.get(props.index) else {
        return Html::default();
    };
    let style = format!("left: {:.0}px; top: {:.0}px", props.x.max(0.0), props.y + 6.0);
    html! {
        <div class="hover-card" role="tooltip" {style}>
            <strong>{ kind_word(annotation) }</strong>
            { " · " }{ status_word(annotation.status) }
            if let Some(speaker) = speaker_words(annotation) {
                <div>{ "Speaker: " }{ speaker }</div>
            }
            if let Some(score) = score_words(annotation) {
                <div>{ "Check-worthiness: " }{ score }</div>
            }
            if !annotation.reasons.is_empty() {
                <div>{ "Why: " }{ annotation.reasons.join("; ") }</div>
            }
            if !annotation.note.is_empty() {
                <div>{ "Note: " }{ &annotation.note }</div>
            }
        </div>
    }
}
