//! The library: every saved article with when it was added and last opened, and the pure
//! reducer steps that open, add, rename, delete and search them. No I/O: `storage` saves what
//! these steps produce.

use std::rc::Rc;

use factmark_core::formats::merge::{plan, Mode};
use factmark_core::{Annotation, Article};

use crate::edit::History;
use crate::review::Threshold;
pub use crate::saved::{count_words, display_title, text_hash, Entry, Summary};
use crate::saved::{normalise, Dates, Health, Loaded, StorageError, Tombstone};
use crate::state::State;

/// Which screen shows: the article under review, or the list of saved articles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Workspace,
    Library,
}

/// Texts over this many bytes are long articles: they leave the article box while the worker
/// analyses them (a box holding megabytes costs the browser 50 ms and more to paint at every
/// step of the progress bar), and a progress bar shows.
pub const LONG_ARTICLE_BYTES: usize = 100 * 1024;

/// An article deleted a moment ago, kept so the deletion can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub entry: Entry,
    /// Where it stood in the list.
    pub position: usize,
    /// Whether the deletion came from another tab.
    pub elsewhere: bool,
}

/// What the library holds and shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    /// Most recently added first.
    pub entries: Rc<Vec<Entry>>,
    pub search: String,
    pub deleted: Option<Deleted>,
}

impl Library {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        Rc::make_mut(&mut self.entries)
            .iter_mut()
            .find(|entry| entry.id == id)
    }

    /// The entry whose text is `text` (after normalising line ends and outer space).
    pub fn find_text(&self, text: &str) -> Option<&Entry> {
        let hash = text_hash(text);
        let text = normalise(text);
        self.entries
            .iter()
            .find(|entry| entry.hash == hash && normalise(&entry.article.text) == text)
    }

    /// The entries whose title or text contains the search words, in list order.
    pub fn visible(&self) -> Vec<&Entry> {
        let words: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return self.entries.iter().collect();
        }
        self.entries
            .iter()
            .filter(|entry| {
                let title = entry.article.title.to_lowercase();
                let text = entry.article.text.to_lowercase();
                words
                    .iter()
                    .all(|word| title.contains(word) || text.contains(word))
            })
            .collect()
    }

    /// Puts `entry` first, or replaces the entry with its id in place.
    pub fn upsert(&mut self, entry: Entry) {
        let entries = Rc::make_mut(&mut self.entries);
        match entries.iter_mut().find(|old| old.id == entry.id) {
            Some(old) => *old = entry,
            None => entries.insert(0, entry),
        }
    }

    /// Removes the entry `id`, keeping it for undo.
    pub fn remove(&mut self, id: &str, elsewhere: bool) -> Option<&Entry> {
        let position = self.entries.iter().position(|entry| entry.id == id)?;
        let entry = Rc::make_mut(&mut self.entries).remove(position);
        self.deleted = Some(Deleted {
            entry,
            position,
            elsewhere,
        });
        self.deleted.as_ref().map(|deleted| &deleted.entry)
    }
}

/// What the library view asks of the reducer.
pub enum LibraryAction {
    Open {
        id: String,
        now: String,
    },
    Rename {
        id: String,
        title: String,
    },
    Delete {
        id: String,
    },
    UndoDelete,
    Search(String),
    Show(View),
    /// Close the open article and empty the box, ready for a new paste.
    New,
    /// A text file dropped or picked: becomes an article (or opens the one with that text).
    AddText {
        text: String,
        now: String,
    },
}

/// Applies a library action to the state.
pub fn reduce(state: &mut State, action: LibraryAction) {
    match action {
        LibraryAction::Open { id, now } => open(state, &id, &now),
        LibraryAction::Rename { id, title } => {
            let title = title.trim();
            if title.is_empty() {
                state.notice = Some("A title cannot be empty: type a few words to name the article.".into());
            } else if let Some(entry) = state.library.get_mut(&id) {
                Rc::make_mut(&mut entry.article).title = title.to_owned();
                if state.open.as_deref() == Some(id.as_str()) {
                    state.article = Some(entry.article.clone());
                }
            }
        }
        LibraryAction::Delete { id } => {
            state.library.remove(&id, false);
            close_if_open(state, &id);
        }
        LibraryAction::UndoDelete => {
            if let Some(deleted) = state.library.deleted.take() {
                let entries = Rc::make_mut(&mut state.library.entries);
                if !entries.iter().any(|entry| entry.id == deleted.entry.id) {
                    entries.insert(deleted.position.min(entries.len()), deleted.entry);
                }
            }
        }
        LibraryAction::Search(search) => state.library.search = search,
        LibraryAction::Show(view) => state.view = view,
        LibraryAction::New => {
            close_open(state);
            state.draft.clear();
            state.view = View::Workspace;
        }
        LibraryAction::AddText { text, now } => {
            // A file is always an article of its own, never an edit of the open one.
            close_open(state);
            state.draft = text;
            annotate(state, now);
        }
    }
}

/// Opens the saved article `id` for review.
pub fn open(state: &mut State, id: &str, now: &str) {
    let Some(entry) = state.library.get_mut(id) else {
        return;
    };
    entry.opened = now.to_owned();
    // The slider shows the threshold this article's highlights were decided with.
    if let Some(threshold) = Threshold::implied_by(&entry.article.annotations) {
        state.threshold = threshold;
    }
    state.article = Some(entry.article.clone());
    state.draft = entry.article.text.clone();
    state.open = Some(id.to_owned());
    state.selected = None;
    state.view = View::Workspace;
    state.history = History::default();
    state.unplaced = entry.unplaced.clone();
}

fn close_if_open(state: &mut State, id: &str) {
    if state.open.as_deref() == Some(id) {
        close_open(state);
    }
}

fn close_open(state: &mut State) {
    state.open = None;
    state.article = None;
    state.selected = None;
    state.history = History::default();
    state.unplaced = Rc::default();
}

/// The Annotate button: opens the saved article with this text if there is one, else hands the
/// draft to the analysis worker, as a new article or as the open article edited (annotated
/// again keeping the user's work and undo history).
pub fn annotate(state: &mut State, now: String) {
    let saved = state
        .library
        .find_text(&state.draft)
        .map(|entry| entry.id.clone());
    let edit = match saved {
        Some(id) if state.open.as_deref() == Some(id.as_str()) => true,
        Some(id) => {
            open(state, &id, &now);
            state.notice = None;
            return;
        }
        None => {
            if let Err(message) = check_text(&state.draft) {
                state.notice = Some(message);
                return;
            }
            state
                .article
                .as_ref()
                .is_some_and(|article| is_edit_of(&article.text, &state.draft))
        }
    };
    let text: Rc<str> = if state.draft.len() > LONG_ARTICLE_BYTES {
        Rc::from(std::mem::take(&mut state.draft))
    } else {
        Rc::from(state.draft.as_str())
    };
    state.analysis = Some(Job {
        text,
        now,
        done: 0.0,
        base: state.article.clone().filter(|_| edit),
    });
    state.notice = None;
}

/// Whether `draft` is the open article's text edited rather than another article: they share
/// a paragraph. A new paste shares none; an edit keeps most.
pub fn is_edit_of(text: &str, draft: &str) -> bool {
    let paragraphs: std::collections::HashSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    draft.lines().map(str::trim).any(|line| paragraphs.contains(line))
}

/// A text being analysed by the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub text: Rc<str>,
    /// When Annotate was pressed: stamps the annotations.
    pub now: String,
    /// 0..1.
    pub done: f32,
    /// The open article, when `text` is its edited text: annotated again, keeping the user's work.
    pub base: Option<Rc<Article>>,
}

/// Makes `text` with its `annotations` a new article, first in the library, and opens it.
pub fn add(state: &mut State, text: String, mut annotations: Vec<Annotation>, now: &str) {
    fresh(state.threshold, &mut annotations, now);
    // Derived from the time and the text so the reducer stays pure; unique unless the same
    // text is added twice in one millisecond, which `find_text` already prevents.
    let id = text_hash(&format!("{now}\u{1f}{text}"));
    let article = Article {
        title: Article::title_of(&text),
        text,
        annotations,
    };
    let entry = Entry::new(id.clone(), article, now);
    state.article = Some(entry.article.clone());
    state.library.upsert(entry);
    state.open = Some(id);
    state.selected = None;
    state.notice = None;
    state.view = View::Workspace;
    state.history = History::default();
    state.unplaced = Rc::default();
}

/// The first half of taking in the worker's answer to an edit of the open `article` (from
/// `base` into `text`): stamps the detectors' `annotations` and places the article's own where
/// `found` says they lie (`edit::moved`). The second half is `edit::reannotate_moved`. Pure and
/// in two steps, so the analysis hook can run each in a task of its own before the reducer
/// applies the result ([`AnalysisNews::Merged`]).
pub fn place_edit(
    article: &Article,
    base: &Article,
    text: &str,
    annotations: &mut [Annotation],
    found: &[Option<(usize, usize)>],
    threshold: Threshold,
    now: &str,
) -> factmark_core::anchor::Reanchored {
    fresh(threshold, annotations, now);
    crate::edit::moved(base, article, text, found)
}

/// The open article's edited `text` with the detectors' `annotations`, keeping the user's work
/// where its words still are, as one undoable step.
fn reannotated(
    state: &mut State,
    base: &Article,
    text: String,
    annotations: Vec<Annotation>,
    found: &[Option<(usize, usize)>],
    now: &str,
) {
    let Some(article) = state.article.as_ref() else {
        return;
    };
    let mut annotations = annotations;
    let moved = place_edit(
        article,
        base,
        &text,
        &mut annotations,
        found,
        state.threshold,
        now,
    );
    let merged = crate::edit::reannotate_moved(article, &text, annotations, moved);
    apply_merged(state, text, merged);
}

/// Makes the merged article the open one, as one undoable step.
fn apply_merged(state: &mut State, text: String, (after, lost): (Article, Vec<Annotation>)) {
    let Some(article) = state.article.as_mut() else {
        return;
    };
    state.history.replace(article, after);
    state.unplaced = Rc::new(lost);
    if state.draft.is_empty() {
        // A long text left the box while it was analysed.
        state.draft = text;
    }
    state.selected = None;
    state.notice = None;
}

/// Stamps the detectors' new annotations and decides their highlights at the user's threshold.
fn fresh(threshold: Threshold, annotations: &mut [Annotation], now: &str) {
    factmark_core::claims::apply_threshold(annotations, threshold.0);
    for annotation in annotations {
        annotation.created = Some(now.to_owned());
        annotation.updated = Some(now.to_owned());
    }
}

/// Why a text cannot become an article, in words for the user.
pub fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("Paste an article into the box first: there is no text to annotate.".to_owned());
    }
    if text.len() > factmark_core::export::MAX_ARTICLE_BYTES {
        return Err(format!(
            "This text is {:.1} MB; Factmark handles articles up to 2 MB. Split it into parts and annotate each.",
            text.len() as f64 / (1024.0 * 1024.0)
        ));
    }
    Ok(())
}

/// Keeps the open article's library entry in step with the article under review, whatever
/// action changed it. Called at the end of every reduction.
pub fn sync_open(state: &mut State) {
    let (Some(id), Some(article)) = (state.open.clone(), state.article.clone()) else {
        return;
    };
    let unplaced = state.unplaced.clone();
    let Some(entry) = state.library.get(&id) else {
        return;
    };
    if Rc::ptr_eq(&entry.article, &article) && Rc::ptr_eq(&entry.unplaced, &unplaced) {
        return;
    }
    if let Some(entry) = state.library.get_mut(&id) {
        if entry.article.text != article.text {
            entry.hash = text_hash(&article.text);
        }
        entry.article = article;
        entry.unplaced = unplaced;
    }
}

/// Replaces the state with what storage held at start-up, reopening the last opened article.
pub fn restore(state: &mut State, loaded: Loaded, now: &str) {
    state.library.entries = Rc::new(loaded.entries);
    state.storage.quarantined = loaded.quarantined;
    state.storage.not_kept = loaded.not_kept;
    state.draft = loaded.draft;
    if let Some(id) = loaded.last_opened {
        let draft = std::mem::take(&mut state.draft);
        open(state, &id, now);
        // The box keeps what the user left in it; empty means the article's own text.
        if !draft.is_empty() {
            state.draft = draft;
        }
    }
}

/// News from storage: a save went through or failed, or there is no storage at all.
pub enum StorageNews {
    Saved,
    Failed(StorageError),
    Unavailable,
    DismissQuarantined,
}

pub fn storage_news(health: &mut Health, news: StorageNews) {
    match news {
        StorageNews::Saved => health.failed = None,
        StorageNews::Failed(error) => health.failed = Some(error),
        StorageNews::Unavailable => health.memory_only = true,
        StorageNews::DismissQuarantined => {
            health.quarantined.clear();
            health.not_kept.clear();
        }
    }
}

/// What another tab saved of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteArticle {
    pub article: Article,
    pub dates: Dates,
    /// Annotations deleted in either tab: the other tab's and this one's.
    pub tombstones: Vec<Tombstone>,
    /// The other tab's annotations that an edit or import left without a place.
    pub unplaced: Vec<Annotation>,
}

impl RemoteArticle {
    /// What another tab saved as `entry`, with the deletions both tabs know of: all of the entry
    /// the merge needs (its hash follows from the text), so none of the other tab's work is left
    /// behind.
    pub fn of(entry: &Entry, tombstones: Vec<Tombstone>) -> RemoteArticle {
        RemoteArticle {
            article: (*entry.article).clone(),
            dates: Dates {
                added: entry.added.clone(),
                opened: entry.opened.clone(),
            },
            tombstones,
            unplaced: (*entry.unplaced).clone(),
        }
    }
}

/// Another tab wrote article `id` (`Some`) or deleted it (`None`). Nothing is lost: a deletion
/// can be undone here, and a change is merged annotation by annotation, the later update
/// winning; an annotation deleted in either tab after its last change stays deleted. The two
/// tabs' unplaced lists are merged the same way ([`merge_unplaced`]).
pub fn remote(state: &mut State, id: &str, incoming: Option<RemoteArticle>) {
    let Some(RemoteArticle {
        article: incoming,
        dates,
        tombstones,
        unplaced: theirs,
    }) = incoming
    else {
        if state.library.remove(id, true).is_some() {
            close_if_open(state, id);
        }
        return;
    };
    let Some(entry) = state.library.get_mut(id) else {
        let mut entry = Entry::new(id.to_owned(), incoming, &dates.added);
        entry.opened = dates.opened;
        let mut theirs = theirs;
        without_deleted(&mut theirs, &tombstones);
        entry.unplaced = Rc::new(theirs);
        state.library.upsert(entry);
        return;
    };
    let (mut merged, lost) = merge(&entry.article, incoming);
    without_deleted(&mut merged.annotations, &tombstones);
    // This tab's list, the other tab's and what this merge could not place, as one list: kept
    // with the entry (so this tab's next save writes all of it) and shown when the article is open.
    let newly = lost.len();
    let kept = merge_unplaced(
        &entry.unplaced,
        theirs.into_iter().chain(lost),
        &merged,
        &tombstones,
    );
    if kept != *entry.unplaced {
        entry.unplaced = Rc::new(kept);
    }
    if merged != *entry.article {
        entry.hash = text_hash(&merged.text);
        entry.article = Rc::new(merged);
    }
    let (article, unplaced) = (entry.article.clone(), entry.unplaced.clone());
    if state.open.as_deref() == Some(id) {
        state.article = Some(article);
        // Shown by the review workspace's list of annotations it could not place.
        state.unplaced = unplaced;
    } else if newly > 0 {
        state.notice = Some(format!(
            "Another tab edited the text of “{}”; {newly} of this tab's highlights no longer fit it. They are \
             listed as unplaced when you open it.",
            display_title(&article.title),
        ));
    }
}

/// The unplaced annotations of both tabs, by id: this tab's `local` ones, then the `incoming`
/// ones it lacks; for an id in both, the later `updated` wins (as the article's merge decides).
/// An id placed in the `merged` article is no longer unplaced, and one deleted after its last
/// change stays deleted.
pub fn merge_unplaced(
    local: &[Annotation],
    incoming: impl IntoIterator<Item = Annotation>,
    merged: &Article,
    tombstones: &[Tombstone],
) -> Vec<Annotation> {
    use factmark_core::formats::merge::is_newer;
    let mut kept = local.to_vec();
    for annotation in incoming {
        match kept.iter_mut().find(|known| known.id == annotation.id) {
            Some(known) if is_newer(&annotation, known) => *known = annotation,
            Some(_) => {}
            None => kept.push(annotation),
        }
    }
    let placed: std::collections::HashSet<&str> = merged.annotations.iter().map(|a| a.id.as_str()).collect();
    kept.retain(|annotation| !placed.contains(annotation.id.as_str()));
    without_deleted(&mut kept, tombstones);
    kept
}

/// This tab's copy of an article merged with another tab's, and this tab's annotations that
/// could not be placed on the other tab's text (never dropped silently: the caller shows them).
fn merge(local: &Article, remote: Article) -> (Article, Vec<Annotation>) {
    if local.text == remote.text {
        let mut merged = plan(local, &remote, Mode::Merge).article;
        // A rename travels with the article: the latest write carries the latest title.
        merged.title = remote.title;
        (merged, Vec::new())
    } else {
        // The other tab edited the text: keep its text and re-anchor this tab's work onto it.
        let plan = plan(&remote, local, Mode::Merge);
        let unplaced = local
            .annotations
            .iter()
            .filter(|annotation| plan.preview.unplaced.contains(&annotation.id))
            .filter(|annotation| crate::edit::has_user_work(annotation))
            .cloned()
            .collect();
        (plan.article, unplaced)
    }
}

/// Drops the annotations that a tombstone says were deleted after their last change (a later
/// change, or a new annotation with the same id, outlives the deletion).
pub fn without_deleted(annotations: &mut Vec<Annotation>, tombstones: &[Tombstone]) {
    use factmark_core::export::timestamp;
    if tombstones.is_empty() {
        return;
    }
    let deleted: std::collections::HashMap<&str, &str> = tombstones
        .iter()
        .map(|t| (t.id.as_str(), t.deleted.as_str()))
        .collect();
    annotations.retain(|a| match deleted.get(a.id.as_str()) {
        None => true,
        Some(when) => {
            let changed = a.updated.as_deref().or(a.created.as_deref()).and_then(timestamp);
            matches!((changed, timestamp(when)), (Some(changed), Some(deleted)) if changed > deleted)
        }
    });
}

/// News from the analysis worker about the running job.
pub enum AnalysisNews {
    /// 0..1 of the work done.
    Progress(f32),
    /// The text's annotations and, for an edited article, where its old annotations' ranges
    /// (`anchor::anchor_ranges`) lie in the new text.
    /// `text` is the job's, so an answer that arrives after another job was asked for is dropped.
    Done {
        text: Rc<str>,
        annotations: Vec<Annotation>,
        found: Option<Vec<Option<(usize, usize)>>>,
    },
    /// The answer to an edit, already merged ([`place_edit`]) into `onto`, the open article
    /// as it was then: a 2 MB article's merge and its first render each take a task of their
    /// own, rather than one that froze the page for half a second.
    Merged {
        onto: Rc<Article>,
        after: Article,
        lost: Vec<Annotation>,
    },
    Failed(String),
}

pub fn analysis_news(state: &mut State, news: AnalysisNews) {
    match news {
        AnalysisNews::Progress(done) => {
            if let Some(job) = state.analysis.as_mut() {
                job.done = done;
            }
        }
        AnalysisNews::Done {
            text,
            annotations,
            found,
        } => {
            // Delivered a task or more after the last part: a job started meanwhile (Annotate
            // pressed again) is not the one this answers, and waits for its own.
            let Some(job) = state.analysis.take_if(|job| job.text == text) else {
                return;
            };
            let text = job.text.to_string();
            match (job.base, found) {
                // Still the article that was edited (its tags may have changed meanwhile).
                (Some(base), Some(found)) if state.article.as_ref().is_some_and(|a| a.text == base.text) => {
                    reannotated(state, &base, text, annotations, &found, &job.now)
                }
                _ => add(state, text, annotations, &job.now),
            }
        }
        AnalysisNews::Merged { onto, after, lost } => {
            // Merged over a few tasks: a job started meanwhile (Annotate pressed again) is not
            // the one this answers, and waits for its own.
            let Some(job) = state.analysis.take_if(|job| *job.text == after.text) else {
                return;
            };
            let text = job.text.to_string();
            match state.article.clone() {
                Some(article) if Rc::ptr_eq(&article, &onto) => apply_merged(state, text, (after, lost)),
                // The user changed a tag between the merge and now: their article is the
                // base, placed again in the new text (on the page, but only in this race).
                Some(article) if article.text == onto.text => {
                    let merged = crate::edit::reannotate(&article, &text, after.annotations);
                    apply_merged(state, text, merged);
                }
                _ => add(state, text, after.annotations, &job.now),
            }
        }
        AnalysisNews::Failed(message) => {
            // The text goes back into the box, so nothing the user pasted is lost.
            if let Some(job) = state.analysis.take() {
                state.draft = job.text.to_string();
            }
            state.notice = Some(message);
        }
    }
}
