//! Keeps the state and storage in step: restores the library on start, saves what changed in
//! batches, flushes at once when the page is hidden or closed, and takes in other tabs' changes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::library::{RemoteArticle, StorageNews};
use crate::saved::Entry;
use crate::state::{Action, State};
use crate::storage::saver::{Moment, Saver};
use crate::storage::{self, REVIEW_PREFIX};

/// How long changes wait to be written together. Long enough to batch a burst of tagging, short
/// enough that little is at stake; hiding or closing the page writes at once anyway.
const BATCH_MS: u32 = 250;

/// The User Timing measure of each save (one flush of everything pending).
pub const SAVE_MEASURE: &str = "factmark:save";
const SAVE_MARK: &str = "factmark:save-start";

/// Shares the library's list by pointer: effects rerun when the list was replaced, without
/// comparing every article (and the held `Rc` keeps the address from being reused).
#[derive(Clone)]
pub(crate) struct ByPointer(pub(crate) Rc<Vec<Entry>>);

impl PartialEq for ByPointer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The saver and what it needs to report, shared by the effects and the page's listeners.
#[derive(Clone)]
struct Shared {
    /// `None` until restored, and for good when there is no storage.
    saver: Rc<RefCell<Option<Saver>>>,
    timer: Rc<RefCell<Option<Timeout>>>,
    /// Whether the last flush failed, so only changes are reported.
    failing: Rc<RefCell<bool>>,
    dispatch: UseReducerDispatcher<State>,
}

impl Shared {
    /// Writes everything pending now and reports a change in how saving goes.
    fn flush(&self, moment: Moment) {
        self.timer.borrow_mut().take();
        // Timed as a User Timing measure, so a profile or scripts/bench-storage.mjs can read it.
        let performance = gloo::utils::window().performance();
        let result = match self.saver.borrow_mut().as_mut() {
            Some(saver) if saver.is_pending() => {
                if let Some(performance) = &performance {
                    let _ = performance.mark(SAVE_MARK);
                }
                let result = saver.flush(moment, &browser::now());
                if let Some(performance) = &performance {
                    let _ = performance.measure_with_start_mark(SAVE_MEASURE, SAVE_MARK);
                    performance.clear_marks_with_mark_name(SAVE_MARK);
                }
                result
            }
            _ => return,
        };
        match result {
            Ok(()) if self.failing.replace(false) => {
                self.dispatch.dispatch(Action::Storage(StorageNews::Saved))
            }
            Ok(()) => {}
            Err(error) => {
                *self.failing.borrow_mut() = true;
                self.dispatch
                    .dispatch(Action::Storage(StorageNews::Failed(error)));
            }
        }
    }

    /// Flushes soon, once, however many changes arrive meanwhile.
    fn schedule(&self) {
        if self.timer.borrow().is_some() {
            return;
        }
        let shared = self.clone();
        *self.timer.borrow_mut() = Some(Timeout::new(BATCH_MS, move || shared.flush(Moment::Batch)));
    }
}

/// What the persistence hook gives the rest of the app.
pub struct Persistence {
    /// Retries a failed save at once.
    pub on_retry: Callback<()>,
    pub saver: SaverLink,
}

/// What sync needs of the saver: everything written before a run, the tombstones and deletion
/// records it keeps, and a place for those a run brings.
#[derive(Clone)]
pub struct SaverLink(Shared);

impl SaverLink {
    /// Writes everything pending now, so the tombstones of deletions made a moment ago exist.
    pub fn flush(&self) {
        self.0.flush(Moment::Now);
    }

    pub fn tombstones(&self) -> std::collections::HashMap<String, Vec<crate::saved::Tombstone>> {
        let saver = self.0.saver.borrow();
        let Some(saver) = saver.as_ref() else {
            return Default::default();
        };
        saver.all_tombstones().clone()
    }

    pub fn deletions(&self) -> std::collections::BTreeMap<String, String> {
        self.0
            .saver
            .borrow()
            .as_ref()
            .map(|saver| saver.deletions().clone())
            .unwrap_or_default()
    }

    /// Keeps the deletions a sync brought (of article `id`, or of its annotations).
    pub fn note_pulled(&self, id: &str, record: &factmark_core::sync::Record) {
        if let Some(saver) = self.0.saver.borrow_mut().as_mut() {
            if let Some(when) = &record.deleted {
                saver.note_deletion(id, when);
                return;
            }
            let tombstones = record
                .tombstones
                .iter()
                .map(|(id, deleted)| crate::saved::Tombstone {
                    id: id.clone(),
                    deleted: deleted.clone(),
                });
            saver.note_tombstones(id, tombstones);
        }
    }
}

/// Wires storage to the app.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<State>) -> Persistence {
    let saver = use_mut_ref(|| None::<Saver>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let failing = use_mut_ref(|| false);
    let shared = Shared {
        saver,
        timer,
        failing,
        dispatch: state.dispatcher(),
    };

    // Stage every change to the library, and the article box when it differs from the open
    // article (the box usually holds the article's own text: no need to keep it twice).
    {
        let shared = shared.clone();
        let entries = ByPointer(state.library.entries.clone());
        use_effect_with((entries, state.open.clone()), move |(entries, open)| {
            if let Some(saver) = shared.saver.borrow_mut().as_mut() {
                saver.stage_library(&entries.0, open.as_deref());
            }
            shared.schedule();
        });
    }
    {
        let shared = shared.clone();
        let same_as_article = state
            .article
            .as_ref()
            .is_some_and(|article| article.text == state.draft);
        let draft = if same_as_article {
            String::new()
        } else {
            state.draft.clone()
        };
        use_effect_with(draft, move |draft| {
            if let Some(saver) = shared.saver.borrow_mut().as_mut() {
                saver.stage_draft(draft);
            }
            shared.schedule();
        });
    }

    // Restore once; with no storage at all, run in memory and say so. Declared after the
    // staging effects so that on the first render they run before the saver exists: staging
    // the empty initial state would otherwise mark every saved article for removal.
    {
        let shared = shared.clone();
        use_effect_with((), move |_| {
            let now = browser::now();
            match storage::load(&now) {
                Ok(loaded) => {
                    *shared.saver.borrow_mut() = Some(Saver::new(&loaded));
                    shared.dispatch.dispatch(Action::Restore {
                        loaded: Box::new(loaded),
                        now,
                    });
                }
                Err(_) => shared
                    .dispatch
                    .dispatch(Action::Storage(StorageNews::Unavailable)),
            }
        });
    }

    // Write at once when the page is hidden (a tab switch, a phone locking) or closed: the
    // batch timer may never fire after that.
    {
        let shared = shared.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let on_hidden = {
                let shared = shared.clone();
                let page = document.clone();
                EventListener::new(&document, "visibilitychange", move |_| {
                    if page.hidden() {
                        shared.flush(Moment::Now);
                    }
                })
            };
            let window = gloo::utils::window();
            let on_pagehide = {
                let shared = shared.clone();
                EventListener::new(&window, "pagehide", move |_| shared.flush(Moment::Now))
            };
            let on_storage = EventListener::new(&window, "storage", move |event| other_tab(&shared, event));
            move || drop((on_hidden, on_pagehide, on_storage))
        });
    }

    let saver = SaverLink(shared.clone());
    Persistence {
        on_retry: Callback::from(move |()| shared.flush(Moment::Now)),
        saver,
    }
}

/// Another tab wrote to storage: bring its change to an article into this tab. An article's
/// review is written last (after its text), so its key is the one to follow.
fn other_tab(shared: &Shared, event: &web_sys::Event) {
    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
        return;
    };
    let Some(id) = event
        .key()
        .and_then(|key| key.strip_prefix(REVIEW_PREFIX).map(str::to_owned))
    else {
        return;
    };
    let stored = match event.new_value().map(|_| storage::read_article(&id)) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(stored))) => Some(stored),
        Some(Err(reason)) => {
            let message = format!(
                "Another tab saved an article in a form this tab cannot read ({reason}). This tab's copy is \
                 kept as it is; reload to see what the other tab saved."
            );
            shared.dispatch.dispatch(Action::Notify(message));
            return;
        }
    };
    let article = {
        let mut saver = shared.saver.borrow_mut();
        let Some(saver) = saver.as_mut() else { return };
        let article = stored.as_ref().map(|stored| {
            // Deletions from both tabs: the other tab may not have seen this one's yet.
            let mut tombstones = stored.tombstones.clone();
            tombstones.extend(saver.tombstones(&id).iter().cloned());
            Box::new(RemoteArticle::of(&stored.entry, tombstones))
        });
        saver.stored_elsewhere(&id, stored);
        article
    };
    shared.dispatch.dispatch(Action::Remote { id, article });
}
