//! Helpers shared by the browser tests.

// Each test file uses some of them.
#![allow(dead_code)]

use std::rc::Rc;

use factmark::analysis::answer;
use factmark::library::AnalysisNews;
use factmark::state::{Action, State};
use factmark_core::anchor::anchor_ranges;
use yew::Reducible;

/// The page's localStorage (the tests run in a real Chromium, where it exists).
pub fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Mounts the whole app into a fresh element of the page and waits for its first render.
pub async fn mount_app() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<factmark::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Does what the analysis worker does for the state's job (the same `analysis::answer`) and
/// hands the page its answer, as `analysis::use_analysis` does when the last part arrives.
pub fn answer_job(state: Rc<State>) -> Rc<State> {
    let job = state.analysis.clone().expect("an analysis job");
    let ranges = job.base.as_ref().map(|base| anchor_ranges(&base.annotations));
    let before = job
        .base
        .as_ref()
        .zip(ranges.as_deref())
        .map(|(base, ranges)| (base.text.as_str(), ranges));
    let (annotations, found) = answer(&job.text, before, |_| {});
    let text = job.text.clone();
    state.reduce(Action::Analysis(AnalysisNews::Done {
        text,
        annotations,
        found,
    }))
}
