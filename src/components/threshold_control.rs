//! The claim threshold: claims scoring at least this are highlighted.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::review::Threshold;

#[derive(Properties, PartialEq)]
pub struct ThresholdControlProps {
    pub threshold: Threshold,
    pub on_threshold: Callback<Threshold>,
}

#[component]
pub fn ThresholdControl(props: &ThresholdControlProps) -> Html {
    let on_input = props.on_threshold.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Threshold(input.value().parse::<f32>().unwrap_or(0.5).clamp(0.0, 1.0))
    });
    let percent = format!("{:.0}%", props.threshold.0 * 100.0);
    html! {
        <div class="threshold">
            <label for="claim-threshold">{ "Claim threshold" }</label>
            <input id="claim-threshold" type="range" min="0" max="1" step="0.05"
                value={props.threshold.0.to_string()} aria-valuetext={percent.clone()} oninput={on_input} />
            <output for="claim-threshold">{ percent }</output>
        </div>
    }
}
