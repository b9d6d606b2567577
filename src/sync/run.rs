//! Sync's side effects: signing in and out, and the HTTP loop of a run (`Sync::next` → `fetch`
//! → `Sync::answer`), one step per task so the page never freezes, with the state kept after
//! every answer. Automatic sync: after local changes (debounced), every few minutes, and when
//! the browser comes back online, while signed in.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use factmark_core::sync::{self, Options, Remote, Request, Response, Step, Sync, SyncError, SyncState};
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::{LibraryStore, SharedFingerprints, SyncAction};
use crate::browser;
use crate::persistence::SaverLink;
use crate::saved::{Entry, StorageError, SyncSettings};
use crate::state::{Action, State};
use crate::storage;

/// How long after the last local change an automatic sync starts.
const AFTER_CHANGE_MS: u32 = 3_000;
/// How often an automatic sync runs anyway, to bring others' work.
const EVERY_MS: u32 = 60_000;
/// Articles fingerprinted per task before a run plans its push.
const WARM_PER_TASK: usize = 25;

/// Articles per `_bulk_get` / `_bulk_docs`: each step's planning or merging is one task on
/// the page, so batches are kept small enough to stay well under 50 ms each (see README's
/// measuring table); the core's default of 50 is meant for native use.
pub const BATCH: usize = 10;

/// Why a run stopped: the server's side (the core's words), or this browser's storage refused
/// to keep the sync state (storage's words: full, or turned off).
#[derive(Debug, PartialEq)]
enum Stopped {
    Sync(SyncError),
    Storage(StorageError),
}

impl From<SyncError> for Stopped {
    fn from(error: SyncError) -> Stopped {
        Stopped::Sync(error)
    }
}

impl From<StorageError> for Stopped {
    fn from(error: StorageError) -> Stopped {
        Stopped::Storage(error)
    }
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::Sync(error) => error.fmt(f),
            Stopped::Storage(error) => write!(f, "Sync stopped: {error}"),
        }
    }
}

/// What the panel's buttons call.
#[derive(Clone, PartialEq)]
pub struct SyncControls {
    /// Signs in with this password (sent once, never kept), then syncs.
    pub on_sign_in: Callback<String>,
    pub on_sync_now: Callback<()>,
    pub on_sign_out: Callback<()>,
}

/// What every run shares: the latest library and settings (renders write them), whether a run
/// is going, and the fingerprints kept between runs.
#[derive(Clone)]
struct Runner {
    entries: Rc<RefCell<Rc<Vec<Entry>>>>,
    settings: Rc<RefCell<SyncSettings>>,
    running: Rc<Cell<bool>>,
    /// A run was asked for while one was going: run again after it.
    again: Rc<Cell<bool>>,
    fingerprints: SharedFingerprints,
    saver: SaverLink,
    dispatch: UseReducerDispatcher<State>,
}

impl Runner {
    fn say(&self, action: SyncAction) {
        self.dispatch.dispatch(Action::Sync(action));
    }

    /// Starts a run unless one is going (then one more follows it).
    fn start(&self) {
        if self.running.replace(true) {
            self.again.set(true);
            return;
        }
        let runner = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                runner.say(SyncAction::Started);
                match runner.run().await {
                    Ok(report) => runner.say(SyncAction::Finished {
                        at: browser::now(),
                        report,
                    }),
                    Err(error) => {
                        if error == Stopped::Sync(SyncError::SessionEnded) {
                            runner.say(SyncAction::SignedOut);
                        }
                        runner.say(SyncAction::Failed(error.to_string()));
                    }
                }
                if !runner.again.replace(false) {
                    break;
                }
            }
            runner.running.set(false);
        });
    }

    /// One run: pull then push, one request at a time, yielding to the page between steps.
    async fn run(&self) -> Result<sync::Report, Stopped> {
        let settings = self.settings.borrow().clone();
        let remote = Remote::new(&settings.server, &settings.database)?;
        let library_id = storage::sync::library_id()?;
        let replication = sync::replication_id(&library_id, &remote);
        let state = storage::sync::state(&replication)
            .and_then(|json| SyncState::from_json(&json))
            .unwrap_or_else(|| SyncState::new(&library_id, &remote));
        // The tombstones of deletions made a moment ago exist only once written.
        self.saver.flush();
        let entries = self.entries.borrow().clone();
        let mut store = LibraryStore::new(
            &entries,
            self.saver.tombstones(),
            self.saver.deletions(),
            self.fingerprints.clone(),
        );
        // Planning the push fingerprints every article: a few at a time, between tasks.
        while store.warm(WARM_PER_TASK) > 0 {
            next_task().await;
        }
        let user = settings.signed_in.then(|| settings.user.clone());
        let options = Options {
            batch: BATCH,
            ..Options::default()
        };
        let mut run = Sync::new(remote.clone(), state, user, browser::now(), options);
        loop {
            let step = timed(|| run.next(&store));
            let request = match step {
                Step::Done(report) => return Ok(report),
                Step::Send(request) => request,
            };
            let response = fetch(&remote, &request).await?;
            // Everything the page does with the answer counts as the step: the core's merge,
            // keeping the state, and the reducer taking in what was pulled.
            timed(|| self.take_answer(&mut run, response, &mut store, &replication))?;
            next_task().await;
        }
    }

    /// Takes one answer in: the core judges and merges it, the state is kept (so a run stopped
    /// after this starts again from here), and the articles it merged go to the reducer.
    fn take_answer(
        &self,
        run: &mut Sync,
        response: Response,
        store: &mut LibraryStore,
        replication: &str,
    ) -> Result<(), Stopped> {
        run.answer(response, store)?;
        storage::sync::save_state(replication, &run.state().to_json())?;
        let records = store.take_saved();
        if !records.is_empty() {
            for (id, record) in &records {
                self.saver.note_pulled(id, record);
            }
            self.say(SyncAction::Pulled {
                records,
                now: browser::now(),
            });
        }
        Ok(())
    }

    async fn sign_in(&self, password: String) {
        let settings = self.settings.borrow().clone();
        let result = async {
            let remote = Remote::new(&settings.server, &settings.database)?;
            let response = fetch(&remote, &sync::sign_in(&remote, settings.user.trim(), &password)).await?;
            sync::signed_in(&response)
        }
        .await;
        match result {
            Ok(user) => {
                self.say(SyncAction::SignedIn(user.clone()));
                // The reducer has it now; the run reads it from here before the next render.
                let mut settings = self.settings.borrow_mut();
                settings.user = user;
                settings.signed_in = true;
                drop(settings);
                self.start();
            }
            Err(error) => self.say(SyncAction::Failed(error.to_string())),
        }
    }

    async fn sign_out(&self) {
        let settings = self.settings.borrow().clone();
        if let Ok(remote) = Remote::new(&settings.server, &settings.database) {
            // The session ends here whatever the server says; an unreachable server keeps its
            // cookie until it expires, which signs nobody in on this page.
            let _ = fetch(&remote, &sync::sign_out(&remote)).await;
        }
        self.settings.borrow_mut().signed_in = false;
        self.say(SyncAction::SignedOut);
    }
}

/// The User Timing measure of each step's work on the page (planning a request, or taking an
/// answer in), for scripts/bench-sync.mjs and profiles.
pub const STEP_MEASURE: &str = "factmark:sync-step";

const STEP_MARK: &str = "factmark:sync-step-start";

fn timed<T>(work: impl FnOnce() -> T) -> T {
    let performance = gloo::utils::window().performance();
    if let Some(performance) = &performance {
        let _ = performance.mark(STEP_MARK);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(STEP_MEASURE, STEP_MARK);
        performance.clear_marks_with_mark_name(STEP_MARK);
    }
    result
}

/// Lets the page paint and handle input before the next step (a macrotask, not a microtask).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// Makes `request` on the server with the session cookie. No answer at all (offline, refused
/// by CORS, server down) is `Unreachable`; any answer goes to the core to judge.
async fn fetch(remote: &Remote, request: &Request) -> Result<Response, SyncError> {
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_credentials(web_sys::RequestCredentials::Include);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(|_| SyncError::Unreachable)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(body) = &request.body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    let answer = JsFuture::from(gloo::utils::window().fetch_with_str_and_init(&remote.url(request), &init))
        .await
        .map_err(|_| SyncError::Unreachable)?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| SyncError::Unreachable)?;
    let body = match answer.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| SyncError::Unreachable)?
            .as_string()
            .unwrap_or_default(),
        Err(_) => return Err(SyncError::Unreachable),
    };
    Ok(Response::new(answer.status(), body))
}

/// Wires sync to the page: restores the settings, keeps them, runs on request and, when
/// automatic, after changes, periodically and on `online`.
#[hook]
pub fn use_sync(state: &UseReducerHandle<State>, saver: SaverLink) -> SyncControls {
    let entries = use_mut_ref(|| state.library.entries.clone());
    let settings = use_mut_ref(|| state.sync.settings.clone());
    let running = use_mut_ref(|| Rc::new(Cell::new(false)));
    let again = use_mut_ref(|| Rc::new(Cell::new(false)));
    let fingerprints = use_mut_ref(SharedFingerprints::default);
    // Renders keep the runner's view of the library and settings current.
    *entries.borrow_mut() = state.library.entries.clone();
    *settings.borrow_mut() = state.sync.settings.clone();
    let runner = Runner {
        entries,
        settings,
        running: running.borrow().clone(),
        again: again.borrow().clone(),
        fingerprints: fingerprints.borrow().clone(),
        saver,
        dispatch: state.dispatcher(),
    };

    // Restore the settings once; keep them whenever they change (never a password).
    {
        let runner = runner.clone();
        use_effect_with((), move |_| {
            let restored = storage::sync::settings();
            *runner.settings.borrow_mut() = restored.clone();
            runner.say(SyncAction::Settings(restored));
        });
    }
    {
        let runner = runner.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(state.sync.settings.clone(), move |settings| {
            // The first run sees the state's defaults, before the restore above has reached it:
            // nothing to keep yet. Every later change is kept, emptied fields included.
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Err(error) = storage::sync::save_settings(settings) {
                runner.say(SyncAction::Failed(format!(
                    "These sync settings could not be kept for your next visit: {error}"
                )));
            }
        });
    }

    // Automatic sync after local changes: one run once changes have stopped for a moment.
    let auto = state.sync.settings.auto && state.sync.settings.signed_in;
    let debounce = use_mut_ref(|| None::<Timeout>);
    {
        let runner = runner.clone();
        let debounce = debounce.clone();
        let library = crate::persistence::ByPointer(state.library.entries.clone());
        use_effect_with((library, auto), move |(_, auto)| {
            if *auto {
                *debounce.borrow_mut() = Some(Timeout::new(AFTER_CHANGE_MS, move || runner.start()));
            } else {
                debounce.borrow_mut().take();
            }
        });
    }
    // Periodically, and when the browser is back online (offline edits go then).
    {
        let runner = runner.clone();
        use_effect_with(auto, move |auto| {
            let listeners = auto.then(|| {
                let online = {
                    let runner = runner.clone();
                    EventListener::new(&gloo::utils::window(), "online", move |_| runner.start())
                };
                let runner = runner.clone();
                (online, Interval::new(EVERY_MS, move || runner.start()))
            });
            move || drop(listeners)
        });
    }

    SyncControls {
        on_sign_in: {
            let runner = runner.clone();
            Callback::from(move |password: String| {
                let runner = runner.clone();
                wasm_bindgen_futures::spawn_local(async move { runner.sign_in(password).await });
            })
        },
        on_sync_now: {
            let runner = runner.clone();
            Callback::from(move |()| runner.start())
        },
        on_sign_out: Callback::from(move |()| {
            let runner = runner.clone();
            wasm_bindgen_futures::spawn_local(async move { runner.sign_out().await });
        }),
    }
}
