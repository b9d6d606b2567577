//! What the highlight styles mean, drawn with the same styles so the key matches the text.

use yew::prelude::*;

#[component]
pub fn Legend() -> Html {
    // Spans, not marks: the samples are not highlights of the article and must not be found
    // as such (`mark[data-kind]` means a highlight to tests and scripts).
    let sample = |class: &'static str,
                  strength: Option<&'static str>,
                  status: &'static str,
                  words: &'static str| {
        html! {
            <span class={classes!("hl", class)} data-strength={strength} data-status={status}>{ words }</span>
        }
    };
    html! {
        <section class="legend" aria-labelledby="legend-heading">
            <h2 id="legend-heading" class="visually-hidden">{ "Legend" }</h2>
            <ul aria-label="Kinds">
                <li class="legend-claims">
                    { sample("hl-claim", Some("1"), "unverified", "Claim") }
                    { " " }{ sample("hl-claim", Some("2"), "unverified", "more") }
                    { " " }{ sample("hl-claim", Some("3"), "unverified", "most check-worthy") }
                    <span class="legend-note">{ ": a bar where it starts, a tint as strong as its score" }</span>
                </li>
                <li>{ sample("hl-quote", None, "unverified", "Quote") }<span class="legend-note">{ ": double underline" }</span></li>
                <li>{ sample("hl-entity", None, "unverified", "Name or figure") }<span class="legend-note">{ ": dotted underline" }</span></li>
            </ul>
            <ul aria-label="Statuses">
                <li>{ sample("hl-plain", None, "unverified", "Unverified") }</li>
                <li>{ sample("hl-plain", None, "verified", "Verified") }</li>
                <li>{ sample("hl-plain", None, "disputed", "Disputed") }</li>
                <li><span class="hl hl-plain has-note">{ "With a note" }</span></li>
            </ul>
        </section>
    }
}
