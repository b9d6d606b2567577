//! What the highlight styles mean, drawn with the same styles so the key matches the text.

use yew::prelude::*;

#[component]
pub fn Legend() -> Html {
    // Spans, not marks: the samples are not highlights of the article and must not be found
    // as such (`mark[data-kind]` means a highlight to tests and scripts).
    let sample = |class: &'static str, status: &'static str, words: &'static str| {
        html! {
            <li><span class={classes!("hl", class)} data-status={status}>{ words }</span></li>
        }
    };
    html! {
        <section class="legend" aria-labelledby="legend-heading">
            <h2 id="legend-heading" class="visually-hidden">{ "Legend" }</h2>
            <ul aria-label="Kinds">
                { sample("hl-claim", "unverified", "Claim: solid underline") }
                { sample("hl-quote", "unverified", "Quote: double underline") }
                { sample("hl-entity", "unverified", "Name or figure: dotted underline") }
            </ul>
            <ul aria-label="Statuses">
                { sample("hl-plain", "unverified", "Unverified: no badge") }
                { sample("hl-plain", "verified", "Verified: ✓ badge") }
                { sample("hl-plain", "disputed", "Disputed: ✗ badge, doubled line") }
            </ul>
        </section>
    }
}
