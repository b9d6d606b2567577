//! Importing a file of annotations: reading it with the core, deciding where each article in it
//! goes (the open article, a saved article with the same text, or a new one), previewing what
//! would change, and applying it. Pure reducer steps; `components::import_control` reads the
//! file and `components::import_preview` shows the preview.

use std::rc::Rc;

use factmark_core::claims::apply_threshold;
use factmark_core::formats::merge::{plan, Mode, Preview};
use factmark_core::formats::{self, Format, Skipped};
use factmark_core::Article;

use crate::library::{self, display_title, text_hash, Entry};
use crate::saved::{too_large_to_keep, units_in_mib};
use crate::state::State;
use crate::storage;

/// The file name endings the Import control offers; the core then tells the format by content.
pub const EXTENSIONS: [&str; 4] = [".json", ".jsonld", ".jsonl", ".csv"];

/// Whether a file looks like one the core can read (by name, else by type).
pub fn is_importable(name: &str, mime: &str) -> bool {
    let name = name.to_lowercase();
    EXTENSIONS.iter().any(|extension| name.ends_with(extension))
        || matches!(mime, "application/json" | "application/ld+json" | "text/csv")
}

/// Where an imported article goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Into the article under review (same text, or an edit of it).
    Open,
    /// Into the saved article with this library id, which has the same text.
    Saved(String),
    /// A new article in the library.
    New,
}

impl Target {
    pub fn describe(&self) -> &'static str {
        match self {
            Target::Open => "into the open article",
            Target::Saved(_) => "into the saved article with the same text",
            Target::New => "as a new article",
        }
    }
}

/// One article of the file and what importing it would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub incoming: Article,
    pub target: Target,
    /// What applying changes, in the chosen mode (as `merge::plan` reports it).
    pub preview: Preview,
}

/// A file read and checked, waiting for the user to apply or cancel it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub file_name: String,
    pub format: Format,
    pub mode: Mode,
    pub items: Vec<Item>,
    /// Annotations in the file that could not be placed in the text (W3C).
    pub skipped: Vec<Skipped>,
    /// What the import needs of the browser's storage, when there is storage to measure.
    pub room: Option<Room>,
}

/// What an import needs of the browser's storage against what it has free, measured before
/// anything is applied: an import that does not fit is not applied at all.
#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    /// Code units (what localStorage counts) the import adds.
    pub needed: usize,
    /// Code units free, less a margin for the index and the draft.
    pub free: usize,
    /// How many of the file's articles fit, taken in the file's order.
    pub fitting: usize,
}

impl Room {
    pub fn fits(&self) -> bool {
        self.needed <= self.free
    }

    /// What the preview says when it does not fit: how much, and what to do.
    pub fn describe(&self, articles: usize) -> String {
        format!(
            "This import needs about {} of this browser's storage, which has {} free: only {} of its {} \
             articles would fit, so nothing will be imported. To make room, export the library (Export as… → \
             the whole library) and delete articles you no longer need in the Library, or import a smaller file.",
            units_in_mib(self.needed),
            units_in_mib(self.free),
            self.fitting,
            articles
        )
    }
}

/// Kept free beyond what an import needs: the draft, the index's other changes.
const ROOM_MARGIN_UNITS: usize = 2 * 1024;

impl Pending {
    /// Whether some article meets one already here, so merge or replace is a real choice.
    pub fn has_choice(&self) -> bool {
        self.items.iter().any(|item| item.target != Target::New)
    }
}

/// The import in progress, and what the last one did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Import {
    pub pending: Option<Rc<Pending>>,
    /// A sentence about the last import applied, for a status line.
    pub report: Option<String>,
}

/// What the Import control and its preview ask of the reducer.
pub enum ImportAction {
    /// A file's text, read: check it and preview it. `room`: the code units storage has free
    /// (`None` without storage).
    Read {
        file_name: String,
        contents: String,
        room: Option<usize>,
    },
    /// Merge or replace.
    Mode(Mode),
    Apply {
        now: String,
    },
    Cancel,
}

pub fn reduce(state: &mut State, action: ImportAction) {
    match action {
        ImportAction::Read {
            file_name,
            contents,
            room,
        } => match read(state, &file_name, &contents, room) {
            Ok(pending) => {
                state.import.pending = Some(Rc::new(pending));
                state.import.report = None;
            }
            Err(message) => {
                state.import.pending = None;
                state.notice = Some(message);
            }
        },
        ImportAction::Mode(mode) => {
            if let Some(pending) = state.import.pending.take() {
                let mut pending = (*pending).clone();
                pending.mode = mode;
                for item in &mut pending.items {
                    item.preview = preview(state, &item.target, &item.incoming, mode);
                }
                state.import.pending = Some(Rc::new(pending));
            }
        }
        ImportAction::Apply { now } => {
            if let Some(pending) = state
                .import
                .pending
                .take_if(|p| p.room.as_ref().is_none_or(Room::fits))
            {
                apply(state, &pending, &now);
                state.import.report = Some(report(&pending));
            }
        }
        ImportAction::Cancel => state.import.pending = None,
    }
}

/// The words for every import error: the file, that nothing changed, and the core's reason
/// (which names the place).
pub fn failure(file_name: &str, reason: &str) -> String {
    format!("“{file_name}” was not imported, and nothing changed. {reason}")
}

fn read(state: &State, file_name: &str, contents: &str, room: Option<usize>) -> Result<Pending, String> {
    let open_text = state.article.as_ref().map(|article| article.text.as_str());
    let (format, imported) = formats::read(contents, None)
        .or_else(|first| match (formats::detect(contents), open_text) {
            // CSV never carries the article's text, and a W3C file from another tool may not:
            // those are read onto the open article.
            (Some(Format::Csv | Format::W3c), Some(text)) => formats::read(contents, Some(text)),
            _ => Err(first),
        })
        .map_err(|error| failure(file_name, &error.to_string()))?;
    if imported.articles.is_empty() {
        return Err(failure(file_name, "It holds no articles."));
    }
    let mut open_taken = false;
    let items = imported
        .articles
        .into_iter()
        .map(|incoming| {
            let target = target(state, &incoming, &mut open_taken);
            let preview = preview(state, &target, &incoming, Mode::Merge);
            Item {
                incoming,
                target,
                preview,
            }
        })
        .collect::<Vec<Item>>();
    let room = room.map(|free| measure(state, &items, free));
    Ok(Pending {
        file_name: file_name.to_owned(),
        format,
        mode: Mode::Merge,
        items,
        skipped: imported.skipped,
        room,
    })
}

/// What the items need of storage, each as layout 3 stores it: a new article whole, an article
/// already here by how much it grows.
fn measure(state: &State, items: &[Item], free: usize) -> Room {
    // New articles' ids are 16 hex digits, like this one.
    const ID: &str = "0123456789abcdef";
    let free = free.saturating_sub(ROOM_MARGIN_UNITS);
    let mut needed = 0;
    let mut fitting = 0;
    for item in items {
        needed += match existing(state, &item.target) {
            // Too long to keep: the saver will not store it, so it takes no room.
            _ if too_large_to_keep(&item.incoming) => 0,
            None => storage::stored_units(ID, &item.incoming),
            Some(existing) => {
                let after = plan(existing, &item.incoming, Mode::Merge).article;
                storage::stored_units(ID, &after).saturating_sub(storage::stored_units(ID, existing))
            }
        };
        if needed <= free {
            fitting += 1;
        }
    }
    Room {
        needed,
        free,
        fitting,
    }
}

/// The open article takes an import of its own text or an edit of it (once per file); else a
/// saved article with the same text; else the import becomes a new article.
fn target(state: &State, incoming: &Article, open_taken: &mut bool) -> Target {
    if let Some(open) = &state.article {
        if !*open_taken && (open.text == incoming.text || library::is_edit_of(&open.text, &incoming.text)) {
            *open_taken = true;
            return Target::Open;
        }
    }
    match state.library.find_text(&incoming.text) {
        Some(entry) if state.open.as_deref() != Some(entry.id.as_str()) => Target::Saved(entry.id.clone()),
        _ => Target::New,
    }
}

fn existing<'a>(state: &'a State, target: &Target) -> Option<&'a Article> {
    match target {
        Target::Open => state.article.as_deref(),
        Target::Saved(id) => state.library.get(id).map(|entry| &*entry.article),
        Target::New => None,
    }
}

fn preview(state: &State, target: &Target, incoming: &Article, mode: Mode) -> Preview {
    match existing(state, target) {
        Some(existing) => plan(existing, incoming, mode).preview,
        None => Preview {
            added: incoming.annotations.len(),
            ..Preview::default()
        },
    }
}

fn apply(state: &mut State, pending: &Pending, now: &str) {
    let threshold = state.threshold.0;
    let mut new_entries = Vec::new();
    for (index, item) in pending.items.iter().enumerate() {
        let target = match &item.target {
            // The target went away since the preview (deleted in another tab): keep the import.
            Target::Saved(id) if state.library.get(id).is_none() => Target::New,
            Target::Open if state.article.is_none() => Target::New,
            target => target.clone(),
        };
        match target {
            Target::Open => {
                if let Some(article) = state.article.as_mut() {
                    let mut after = plan(article, &item.incoming, pending.mode).article;
                    apply_threshold(&mut after.annotations, threshold);
                    if after.text != article.text {
                        state.draft = after.text.clone();
                    }
                    // One undoable step, like an edit of the text.
                    state.history.replace(article, after);
                    let kept = |id: &String| article.annotations.iter().any(|a| &a.id == id);
                    if !state.selected.as_ref().is_some_and(kept) {
                        state.selected = None;
                    }
                }
            }
            Target::Saved(id) => {
                if let Some(mut entry) = state.library.get(&id).cloned() {
                    let mut after = plan(&entry.article, &item.incoming, pending.mode).article;
                    apply_threshold(&mut after.annotations, threshold);
                    entry.hash = text_hash(&after.text);
                    entry.article = Rc::new(after);
                    state.library.upsert(entry);
                }
            }
            Target::New => {
                let mut article = item.incoming.clone();
                apply_threshold(&mut article.annotations, threshold);
                // Pure like the library's own ids: the time, the place in the file, the text.
                let id = text_hash(&format!("{now}\u{1f}{index}\u{1f}{}", article.text));
                new_entries.push(Entry::new(id, article, now));
            }
        }
    }
    let first_new = new_entries.first().map(|entry| entry.id.clone());
    // The library lists the newest first; the file's first article ends on top.
    for entry in new_entries.into_iter().rev() {
        state.library.upsert(entry);
    }
    // Show what was imported when nothing was open, or when the file was one new article.
    if let Some(id) = first_new {
        if state.article.is_none() || pending.items.len() == 1 {
            library::open(state, &id, now);
        }
    }
    state.notice = None;
}

/// "Imported “x.json”: 1 updated, 178 unchanged." Counts over every article in the file.
fn report(pending: &Pending) -> String {
    let new = pending
        .items
        .iter()
        .filter(|item| item.target == Target::New)
        .count();
    let sum = |count: fn(&Preview) -> usize| -> usize {
        pending
            .items
            .iter()
            .filter(|item| item.target != Target::New)
            .map(|item| count(&item.preview))
            .sum()
    };
    let mut parts = Vec::new();
    if new > 0 {
        let titles: Vec<String> = pending
            .items
            .iter()
            .filter(|item| item.target == Target::New)
            .take(3)
            .map(|item| factmark_core::model::shorten(display_title(&item.incoming.title), 60))
            .collect();
        let noun = if new == 1 { "new article" } else { "new articles" };
        parts.push(format!(
            "{new} {noun} (“{}”{})",
            titles.join("”, “"),
            if new > 3 { ", …" } else { "" }
        ));
    }
    for (count, word) in [
        (sum(|p| p.added), "added"),
        (sum(|p| p.updated), "updated"),
        (sum(|p| p.unchanged), "unchanged"),
        (sum(|p| p.kept), "kept as they were (newer here)"),
        (sum(|p| p.removed), "removed"),
        (sum(|p| p.unplaced.len()), "left out (not in the text)"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {word}"));
        }
    }
    if parts.is_empty() {
        parts.push("nothing to change".to_owned());
    }
    let undo = if pending.items.iter().any(|item| item.target == Target::Open) {
        " Undo takes the open article back to before the import."
    } else {
        ""
    };
    format!("Imported “{}”: {}.{undo}", pending.file_name, parts.join(", "))
}
