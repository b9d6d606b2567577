//! How far the review has got, per kind: "7 of 12 claims verified".

use factmark_core::Kind;
use yew::prelude::*;

use crate::review::{progress, progress_sentence, ArticleRef};

#[derive(Properties, PartialEq)]
pub struct ProgressSummaryProps {
    pub article: ArticleRef,
}

#[component]
pub fn ProgressSummary(props: &ProgressSummaryProps) -> Html {
    html! {
        <ul class="progress" aria-label="Progress">
            { for Kind::ALL.iter().map(|kind| {
                let (verified, total) = progress(&props.article, *kind);
                let sentence = progress_sentence(*kind, (verified, total));
                html! {
                    <li>
                        <span>{ sentence.clone() }</span>
                        <progress max={total.max(1).to_string()} value={verified.to_string()} aria-label={sentence} />
                    </li>
                }
            }) }
        </ul>
    }
}
