//! Long articles are analysed by a Web Worker (`src/bin/worker.rs`) so the page never freezes:
//! the messages between the two, and the hook that runs a job and reports its progress.
//!
//! The worker runs `factmark_core::analyze_reporting` and `into_annotations`, the very passes of
//! `annotate`, so a long article gets exactly the annotations a short one would.

use std::cell::RefCell;
use std::rc::Rc;

use factmark_core::Annotation;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::library::AnalysisNews;
use crate::state::{Action, State};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
pub const WORKER_URL: &str = "./factmark-worker_loader.js";

/// The `performance.mark` set when the worker's last part has arrived.
pub const ANALYSED_MARK: &str = "factmark:analysed";

/// Annotations per `Part` message: parsing one part on the page stays well under 100 ms.
pub const PART_SIZE: usize = 1_000;

/// What the worker tells the page. Sent as strings: a tag character, then the payload.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// Its message handler is set: the text may be sent.
    Ready,
    /// 0..1 of the work done.
    Progress(f32),
    /// The next annotations, as a JSON array.
    Part(String),
    /// Every part has been sent.
    Done,
}

impl Reply {
    pub fn encode(&self) -> String {
        match self {
            Reply::Ready => "r".to_owned(),
            Reply::Progress(done) => format!("p{done}"),
            Reply::Part(json) => format!("a{json}"),
            Reply::Done => "d".to_owned(),
        }
    }

    pub fn decode(message: &str) -> Option<Reply> {
        let mut chars = message.chars();
        let tag = chars.next()?;
        let rest = chars.as_str();
        match tag {
            'r' => Some(Reply::Ready),
            'p' => rest.parse().ok().map(Reply::Progress),
            'a' => Some(Reply::Part(rest.to_owned())),
            'd' => Some(Reply::Done),
            _ => None,
        }
    }
}

/// A job in flight: the worker, its handlers (alive as long as it runs) and what it sent.
struct Running {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Runs the state's analysis job, if any, in the worker, reporting progress and the result.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) {
    let running = use_mut_ref(|| None::<Running>);
    let job = state
        .analysis
        .as_ref()
        .map(|job| (job.now.clone(), job.text.clone()));
    let dispatch = state.dispatcher();
    use_effect_with(job, move |job| {
        running.borrow_mut().take();
        if let Some((_, text)) = job {
            match start(text.clone(), dispatch.clone(), running.clone()) {
                Ok(job) => *running.borrow_mut() = Some(job),
                Err(message) => dispatch.dispatch(Action::Analysis(AnalysisNews::Failed(message))),
            }
        }
    });
}

fn start(
    text: Rc<str>,
    dispatch: UseReducerDispatcher<State>,
    running: Rc<RefCell<Option<Running>>>,
) -> Result<Running, String> {
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|error| {
        format!("The analyser for long articles could not start ({error:?}). Reload the page and try again.")
    })?;
    let mut annotations: Vec<Annotation> = Vec::new();
    let on_message = {
        let worker = worker.clone();
        let dispatch = dispatch.clone();
        let running = running.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let reply = event
                .data()
                .as_string()
                .and_then(|message| Reply::decode(&message));
            match reply {
                Some(Reply::Ready) => {
                    let _ = worker.post_message(&JsValue::from_str(&text));
                }
                Some(Reply::Progress(done)) => {
                    dispatch.dispatch(Action::Analysis(AnalysisNews::Progress(done)))
                }
                Some(Reply::Part(json)) => match serde_json::from_str::<Vec<Annotation>>(&json) {
                    Ok(part) => annotations.extend(part),
                    Err(error) => fail(
                        &dispatch,
                        &running,
                        &format!("its answer could not be read: {error}"),
                    ),
                },
                Some(Reply::Done) => {
                    // Lets a test or a profile tell the analysis apart from the render that follows.
                    if let Some(performance) = gloo::utils::window().performance() {
                        let _ = performance.mark(ANALYSED_MARK);
                    }
                    // Full bar first; the article and its render follow in a task of their own.
                    dispatch.dispatch(Action::Analysis(AnalysisNews::Progress(1.0)));
                    let done = std::mem::take(&mut annotations);
                    let dispatch = dispatch.clone();
                    gloo::timers::callback::Timeout::new(0, move || {
                        dispatch.dispatch(Action::Analysis(AnalysisNews::Done(done)))
                    })
                    .forget();
                }
                None => fail(&dispatch, &running, "it sent a message Factmark does not know"),
            }
        })
    };
    let on_error = {
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let detail = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or_else(|| "it could not load".to_owned(), |error| error.message());
            fail(&dispatch, &running, &detail);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn fail(dispatch: &UseReducerDispatcher<State>, running: &Rc<RefCell<Option<Running>>>, why: &str) {
    // Ends the worker once this handler returns (dropping it here would free the running closure).
    if let Some(job) = running.borrow().as_ref() {
        job.worker.terminate();
    }
    let message = format!("The long article could not be analysed: {why}. Reload the page and try again.");
    dispatch.dispatch(Action::Analysis(AnalysisNews::Failed(message)));
}
