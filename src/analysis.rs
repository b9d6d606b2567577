//! Every analysis runs in a Web Worker (`src/bin/worker.rs`), so the page never freezes and
//! its own wasm holds no detector or model: the messages between the two, the worker's work
//! (`answer`, which only the worker calls), and the hook that runs a job and reports progress.
//!
//! The worker runs `factmark_core::analyze_reporting` and `into_annotations`, the very passes of
//! `annotate`, so any article gets exactly the annotations `annotate` gives. When the user
//! annotates an edited article again, the worker also finds where the old annotations lie in the
//! new text (`anchor::relocate`), the costly half of re-anchoring; the page only merges.
//!
//! The worker starts once the page has loaded and gone idle ([`use_analysis`]), or sooner on
//! first need (text in the article box, or a job); it loads its models before it says it is
//! ready ([`warm_up`]), so the first paste finds it warm. It stays for later jobs.

use std::cell::RefCell;
use std::rc::Rc;

use factmark_core::anchor::{anchor_ranges, relocate};
use factmark_core::{Annotation, Article};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::edit::reannotate_moved;
use crate::library::{place_edit, AnalysisNews, Job};
use crate::review::Threshold;
use crate::state::{Action, State};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
pub const WORKER_URL: &str = "./factmark-worker_loader.js";

/// The `performance.mark` set when the worker's last part has arrived.
pub const ANALYSED_MARK: &str = "factmark:analysed";

/// The `performance.mark` set when the worker has loaded its models and can take a text.
pub const READY_MARK: &str = "factmark:analyser-ready";

/// A text of our own that meets every detector (a quote with its speaker, names, a figure, a
/// date), analysed once when the worker starts.
const WARM_UP_TEXT: &str = "“We will open the bridge in May,” Maria Lopez, the mayor of \
Springfield, told the Daily Courier on Tuesday.\n\nThe city spent $3.2 million, up 4% from last year.";

/// Loads the models (read lazily, on first use, by each detector) by analysing a short text,
/// so the first article the user pastes pays only for its own analysis. Runs in the worker
/// before it reports [`Reply::Ready`]; the page is never blocked by it.
pub fn warm_up() {
    let _ = factmark_core::analyze_reporting(WARM_UP_TEXT, |_| {}).into_annotations(WARM_UP_TEXT);
}

/// Annotations per `Part` message: parsing one part on the page stays well under 100 ms.
pub const PART_SIZE: usize = 1_000;

/// A range that is not there (a text no longer found), in the `u32` arrays of ranges.
const GONE: u32 = u32::MAX;

/// What the worker tells the page, as a structured JS value (see [`Reply::encode`]); where the
/// old annotations now lie is sent apart, as a `Uint32Array` (see [`ranges_to_js`]). Progress
/// stays a number: printing it as text linked core's float printer into the worker wasm for
/// this one use (7 KB gzip).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// The message as a structured JS value (`"Ready"`, `{"Progress": 0.5}`, …) through
    /// serde-wasm-bindgen: typed on both sides, no protocol of our own to parse.
    pub fn encode(&self) -> JsValue {
        // A unit variant, a number or a string: nothing here can fail to convert. Were it to,
        // `null` reaches the page, which says it cannot read the answer.
        serde_wasm_bindgen::to_value(self).unwrap_or(JsValue::NULL)
    }

    /// `None` for anything the worker does not send (the found ranges come as a typed array).
    pub fn decode(message: &JsValue) -> Option<Reply> {
        serde_wasm_bindgen::from_value(message.clone()).ok()
    }
}

/// Code point ranges as a flat `Uint32Array` (start, end, start, end, …; [`GONE`] for `None`):
/// a structured clone of one typed array, where 60,000 ranges as JSON would be parsed again.
pub fn ranges_to_js(ranges: impl Iterator<Item = Option<(usize, usize)>>) -> js_sys::Uint32Array {
    let flat: Vec<u32> = ranges
        .flat_map(|range| match range {
            Some((start, end)) => [start as u32, end as u32],
            None => [GONE, GONE],
        })
        .collect();
    js_sys::Uint32Array::from(flat.as_slice())
}

/// The ranges [`ranges_to_js`] wrote.
pub fn ranges_from_js(array: &js_sys::Uint32Array) -> Vec<Option<(usize, usize)>> {
    array
        .to_vec()
        .chunks_exact(2)
        .map(|pair| (pair[0] != GONE).then(|| (pair[0] as usize, pair[1] as usize)))
        .collect()
}

/// The worker's work for one request: the annotations of `text`, and where the ranges of the
/// article it replaces (`before`: its text and [`anchor_ranges`]) lie in `text`.
pub fn answer(
    text: &str,
    before: Option<(&str, &[(usize, usize)])>,
    progress: impl FnMut(f32),
) -> (Vec<Annotation>, Option<Vec<Option<(usize, usize)>>>) {
    let annotations = factmark_core::analyze_reporting(text, progress).into_annotations(text);
    let found = before.map(|(old_text, ranges)| relocate(old_text, text, ranges));
    (annotations, found)
}

/// What the page sends the worker for `job`: the text, and for a re-annotation the old text
/// and its annotations' ranges.
fn request(job: &Job) -> JsValue {
    let message = js_sys::Array::of1(&JsValue::from_str(&job.text));
    if let Some(base) = &job.base {
        message.push(&JsValue::from_str(&base.text));
        message.push(&ranges_to_js(
            anchor_ranges(&base.annotations).into_iter().map(Some),
        ));
    }
    message.into()
}

/// The worker and its handlers (alive as long as it runs); ended when dropped.
struct Analyser {
    worker: web_sys::Worker,
    inbox: Rc<RefCell<Inbox>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// What the handlers share with the hook.
#[derive(Default)]
struct Inbox {
    /// The worker has set its handler.
    ready: bool,
    /// The request to send once it is ready.
    waiting: Option<JsValue>,
    /// A job is in flight.
    busy: bool,
    /// It failed: the next job starts another.
    broken: bool,
    /// Progress is shown for a new article only: over an article already on the page, every
    /// step of a progress bar made the browser repaint the whole text (50–150 ms for 2 MB).
    quiet: bool,
    annotations: Vec<Annotation>,
    found: Option<Vec<Option<(usize, usize)>>>,
    /// The job in flight: an edit's answer is merged before it is handed to the reducer.
    job: Option<Job>,
}

/// The open article and threshold as of the app's last render, for merging an edit's answer
/// outside the reducer (the reducer checks it is still the open article).
type Current = Rc<RefCell<Option<(Rc<Article>, Threshold)>>>;

impl Drop for Analyser {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Analyser {
    fn start(dispatch: UseReducerDispatcher<State>, current: Current) -> Result<Analyser, String> {
        let worker = web_sys::Worker::new(WORKER_URL).map_err(|error| {
            format!("The analyser could not start ({error:?}). Reload the page and try again.")
        })?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = {
            let worker = worker.clone();
            let dispatch = dispatch.clone();
            let inbox = inbox.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                // The found ranges, never put through `Reply::decode`: serde-wasm-bindgen lists an
                // object's entries before refusing it, 120,000 of them for a 2 MB article's array.
                let found = data.dyn_ref::<js_sys::Uint32Array>();
                let reply = match found {
                    Some(_) => None,
                    None => Reply::decode(&data),
                };
                // After a failure (or between jobs) the rest of a run is stale: a part or a
                // Done must never reach the reducer as the answer to another job.
                if !matches!(reply, Some(Reply::Ready)) {
                    let inbox = inbox.borrow();
                    if inbox.broken || !inbox.busy {
                        return;
                    }
                }
                if let Some(found) = found {
                    inbox.borrow_mut().found = Some(ranges_from_js(found));
                    return;
                }
                match reply {
                    Some(Reply::Ready) => {
                        mark(READY_MARK);
                        let mut inbox = inbox.borrow_mut();
                        inbox.ready = true;
                        if let Some(request) = inbox.waiting.take() {
                            let _ = worker.post_message(&request);
                        }
                    }
                    Some(Reply::Progress(_)) if inbox.borrow().quiet => {}
                    Some(Reply::Progress(done)) => {
                        dispatch.dispatch(Action::Analysis(AnalysisNews::Progress(done)))
                    }
                    // Read as text, as storage reads its entries: one reader of
                    // `Vec<Annotation>` in the page wasm, not two (a reader of bytes,
                    // `from_slice`, is also 7% slower: it checks UTF-8 string by string).
                    Some(Reply::Part(json)) => match serde_json::from_str::<Vec<Annotation>>(&json) {
                        Ok(part) => inbox.borrow_mut().annotations.extend(part),
                        Err(error) => fail(
                            &dispatch,
                            &inbox,
                            &format!("its answer could not be read: {error}"),
                        ),
                    },
                    Some(Reply::Done) => {
                        // Lets a test or a profile tell the analysis apart from the render that follows.
                        mark(ANALYSED_MARK);
                        let (annotations, found, job) = {
                            let mut inbox = inbox.borrow_mut();
                            inbox.busy = false;
                            (
                                std::mem::take(&mut inbox.annotations),
                                inbox.found.take(),
                                inbox.job.take(),
                            )
                        };
                        // Full bar first; the article and its render follow in a task of their own.
                        if !inbox.borrow().quiet {
                            dispatch.dispatch(Action::Analysis(AnalysisNews::Progress(1.0)));
                        }
                        let dispatch = dispatch.clone();
                        let current = current.clone();
                        let deliver = move |news| dispatch.dispatch(Action::Analysis(news));
                        // `busy` was set by `send`, with the job.
                        let Some(job) = job else { return };
                        later(move || match found {
                            Some(found) => merge(&current, job, annotations, found, deliver),
                            None => deliver(AnalysisNews::Done {
                                text: job.text,
                                annotations,
                                found,
                            }),
                        });
                    }
                    None => fail(&dispatch, &inbox, "it sent a message Factmark does not know"),
                }
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let detail = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map_or_else(|| "it could not load".to_owned(), |error| error.message());
                fail(&dispatch, &inbox, &detail);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Analyser {
            worker,
            inbox,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn send(&self, job: &Job) {
        let request = request(job);
        let mut inbox = self.inbox.borrow_mut();
        inbox.busy = true;
        inbox.quiet = job.base.is_some();
        inbox.annotations.clear();
        inbox.found = None;
        inbox.job = Some(job.clone());
        if inbox.ready {
            let _ = self.worker.post_message(&request);
        } else {
            inbox.waiting = Some(request);
        }
    }
}

/// Starts the worker once the page has loaded and is idle (or sooner, once the article box holds
/// text), and runs the state's analysis job in it, reporting progress and the result.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) {
    let analyser = use_mut_ref(|| None::<Analyser>);
    let current: Current = use_mut_ref(|| None);
    *current.borrow_mut() = state.article.clone().map(|article| (article, state.threshold));
    {
        // At idle after `load`: its download and compile never compete with the first paint or
        // the page's own wasm, and it is warm by the time a user has pasted an article.
        let analyser = analyser.clone();
        let dispatch = state.dispatcher();
        let current = current.clone();
        use_effect_with((), move |_| {
            let start = move || {
                if analyser.borrow().is_none() {
                    *analyser.borrow_mut() = Analyser::start(dispatch, current).ok();
                }
            };
            let listener = when_idle_after_load(start);
            move || drop(listener)
        });
    }
    // Text in the box that is not the open article's: the user is about to annotate it.
    let wanted = state
        .article
        .as_ref()
        .map_or(!state.draft.is_empty(), |article| article.text != state.draft);
    {
        let analyser = analyser.clone();
        let dispatch = state.dispatcher();
        let current = current.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && analyser.borrow().is_none() {
                // A failure here is reported when a job needs the worker.
                *analyser.borrow_mut() = Analyser::start(dispatch, current).ok();
            }
        });
    }
    // A job is told apart by when it was asked for and its text (not its progress).
    let key = state
        .analysis
        .as_ref()
        .map(|job| (job.now.clone(), job.text.clone()));
    let job = state.analysis.clone();
    let dispatch = state.dispatcher();
    let latest = current.clone();
    use_effect_with(key, move |_| {
        let Some(job) = job else { return };
        // In a task of its own: the text's copy into the message (10–20 ms for 2 MB) need not
        // add to the click's task, which also empties the box of it.
        later(move || {
            let mut current = analyser.borrow_mut();
            // A job still in flight (or a broken worker) is ended: its answer is no longer wanted.
            if current.as_ref().is_some_and(|running| {
                let inbox = running.inbox.borrow();
                inbox.busy || inbox.broken
            }) {
                current.take();
            }
            if current.is_none() {
                match Analyser::start(dispatch.clone(), latest) {
                    Ok(started) => *current = Some(started),
                    Err(message) => {
                        dispatch.dispatch(Action::Analysis(AnalysisNews::Failed(message)));
                        return;
                    }
                }
            }
            if let Some(running) = current.as_ref() {
                running.send(&job);
            }
        });
    });
}

/// Runs `run` in a task of its own.
fn later(run: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(0, run).forget();
}

/// Merges the worker's answer to an edit into the open article, when it is still that article,
/// in three tasks (the placing, the merge, then the reducer and render), each a third of what
/// froze the page for half a second with a 2 MB article; else leaves it to the reducer. The
/// reducer applies the merge only if nothing changed the article meanwhile.
fn merge(
    current: &Current,
    job: Job,
    mut annotations: Vec<Annotation>,
    found: Vec<Option<(usize, usize)>>,
    deliver: impl FnOnce(AnalysisNews) + 'static,
) {
    let current = current.borrow().clone();
    let (article, threshold, base) = match (current, job.base) {
        (Some((article, threshold)), Some(base)) if article.text == base.text => (article, threshold, base),
        _ => {
            let (text, found) = (job.text, Some(found));
            return later(move || {
                deliver(AnalysisNews::Done {
                    text,
                    annotations,
                    found,
                })
            });
        }
    };
    let moved = place_edit(
        &article,
        &base,
        &job.text,
        &mut annotations,
        &found,
        threshold,
        &job.now,
    );
    later(move || {
        let (after, lost) = reannotate_moved(&article, &job.text, annotations, moved);
        later(move || {
            deliver(AnalysisNews::Merged {
                onto: article,
                after,
                lost,
            })
        });
    });
}

fn mark(name: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(name);
    }
}

/// Runs `run` once the page has fired `load` and the browser is next idle (a timer where there
/// is no `requestIdleCallback`). Returns the `load` listener, removed when dropped.
fn when_idle_after_load(run: impl FnOnce() + 'static) -> Option<gloo::events::EventListener> {
    let window = gloo::utils::window();
    let idle = move || {
        let window = gloo::utils::window();
        let callback = Closure::once_into_js(run);
        if window.request_idle_callback(callback.unchecked_ref()).is_err() {
            let _ = window.set_timeout_with_callback(callback.unchecked_ref());
        }
    };
    if gloo::utils::document().ready_state() == "complete" {
        idle();
        return None;
    }
    Some(gloo::events::EventListener::once(&window, "load", move |_| {
        idle()
    }))
}

fn fail(dispatch: &UseReducerDispatcher<State>, inbox: &Rc<RefCell<Inbox>>, why: &str) {
    // The hook ends this worker and starts another for the next job (ending it here would free
    // the closure that is running).
    let was_busy = {
        let mut inbox = inbox.borrow_mut();
        inbox.broken = true;
        std::mem::replace(&mut inbox.busy, false)
    };
    if was_busy {
        let message = format!("The article could not be analysed: {why}. Reload the page and try again.");
        dispatch.dispatch(Action::Analysis(AnalysisNews::Failed(message)));
    }
}
