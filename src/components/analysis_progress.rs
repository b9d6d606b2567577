//! The progress of a long article's analysis, which runs off the page's thread.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AnalysisProgressProps {
    /// 0..1.
    pub done: f32,
    /// The text's size in bytes, to say what is being analysed.
    pub bytes: usize,
}

#[component]
pub fn AnalysisProgress(props: &AnalysisProgressProps) -> Html {
    let percent = (props.done.clamp(0.0, 1.0) * 100.0).round();
    html! {
        <div class="analysis-progress" role="status">
            <label for="analysis-progress">
                { format!("Analysing a long article ({:.1} MB): {percent}%", props.bytes as f64 / (1024.0 * 1024.0)) }
            </label>
            <progress id="analysis-progress" max="100" value={percent.to_string()} />
        </div>
    }
}
