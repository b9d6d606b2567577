//! The plain data of the saved library: an entry, its dates and counts, and what storage reports
//! (its errors, its health, what a load found). A leaf module: it imports nothing of the app, so
//! `library` (the reducer steps) and `storage` (localStorage) both build on it without importing
//! each other.

use std::collections::HashSet;
use std::rc::Rc;

use factmark_core::{Annotation, Article, Kind, Status};

/// One saved article.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Stable for the article's life; names its storage keys.
    pub id: String,
    /// RFC 3339, UTC.
    pub added: String,
    pub opened: String,
    /// [`text_hash`] of the article's text, to find a pasted text that is already here.
    pub hash: String,
    pub article: Rc<Article>,
    /// Annotations with the user's work that an edit of the text left without a place, kept
    /// (and saved) until the user forgets them.
    pub unplaced: Rc<Vec<Annotation>>,
}

impl Entry {
    /// A new entry for `article`, added and opened at `now`.
    pub fn new(id: String, article: Article, now: &str) -> Entry {
        Entry {
            id,
            added: now.to_owned(),
            opened: now.to_owned(),
            hash: text_hash(&article.text),
            article: Rc::new(article),
            unplaced: Rc::default(),
        }
    }
}

/// When an article was added and last opened, as stored beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dates {
    pub added: String,
    pub opened: String,
}

/// An annotation deleted from an article (removed by an edit, an import or a merge), kept so
/// that another tab's older copy does not bring it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tombstone {
    pub id: String,
    /// RFC 3339, UTC: annotations updated after this are newer than the deletion.
    pub deleted: String,
}

/// Counts shown in the library list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub words: usize,
    /// Claims shown as highlights (the ones a reviewer works through; never a byline or dateline).
    pub claims: usize,
    pub verified: usize,
}

impl Summary {
    pub fn of(article: &Article) -> Summary {
        Summary::with_words(article, count_words(&article.text))
    }

    /// The summary of `article` whose text has `words` words, counted before.
    pub fn with_words(article: &Article, words: usize) -> Summary {
        let claims = article
            .annotations
            .iter()
            .filter(|a| a.kind == Kind::Claim && factmark_core::claims::is_shown(a));
        let (claims, verified) = claims.fold((0, 0), |(all, verified), claim| {
            (all + 1, verified + usize::from(claim.status == Status::Verified))
        });
        Summary {
            words,
            claims,
            verified,
        }
    }

    /// "5 of 9 claims verified".
    pub fn progress(&self) -> String {
        let noun = if self.claims == 1 { "claim" } else { "claims" };
        format!("{} of {} {noun} verified", self.verified, self.claims)
    }
}

/// The words of a text, as the library counts them.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The title as shown: an article with no words in its first line still needs a name.
pub fn display_title(title: &str) -> &str {
    if title.trim().is_empty() {
        "Untitled article"
    } else {
        title
    }
}

/// `text` with Windows line ends made Unix ones and outer whitespace removed: a text pasted
/// twice from different places compares equal.
pub fn normalise(text: &str) -> String {
    text.trim().replace("\r\n", "\n")
}

/// A 64-bit FNV-1a hash of the normalised text, in hex. Not cryptographic: it only narrows the
/// search for a duplicate, which the full text then confirms.
pub fn text_hash(text: &str) -> String {
    format!("{:016x}", fnv1a(normalise(text).as_bytes()))
}

/// 64-bit FNV-1a of `bytes` (the core's one FNV-1a, `factmark_core::hash`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    factmark_core::hash::fnv1a_64(factmark_core::hash::FNV1A_64_OFFSET, bytes)
}

/// A size in UTF-16 code units (what localStorage counts) as people read it: "1.3 MiB".
pub fn units_in_mib(units: usize) -> String {
    format!("{:.1} MiB", units as f64 / (1024.0 * 1024.0))
}

/// What a read or write could not do.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// No localStorage at all: disabled, or a privacy mode.
    Unavailable,
    /// The browser's quota is used up (`QuotaExceededError`): these articles are not saved.
    Full { titles: Vec<String> },
    /// One article is larger than Factmark keeps in a browser; not even tried.
    TooLarge { title: String, bytes: usize },
    /// Any other refusal, with the browser's words.
    Failed(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable => f.write_str(
                "This browser does not let Factmark use its storage (it is turned off, or this is a private \
                 window), so your work is kept only while this tab stays open. Export it to keep it.",
            ),
            StorageError::Full { titles } => write!(
                f,
                "Your browser's storage for Factmark is full, so the latest changes{} are not saved yet. They \
                 are safe in this tab while it stays open: export the library to keep them, or delete articles \
                 you no longer need and try again.",
                titles_in(titles)
            ),
            StorageError::TooLarge { title, bytes } => write!(
                f,
                "“{title}” is too large to keep in this browser: its text is {:.1} MiB, and Factmark keeps \
                 articles of up to {:.0} MiB of text in a browser's storage. It stays open in this tab; export \
                 it to keep it. Your other articles are saved as usual.",
                *bytes as f64 / (1024.0 * 1024.0),
                MAX_KEPT_TEXT_BYTES as f64 / (1024.0 * 1024.0)
            ),
            StorageError::Failed(reason) => write!(
                f,
                "The browser refused to save (\"{reason}\"), so the latest changes are not saved yet. Export \
                 the library to keep them."
            ),
        }
    }
}

/// " (to “A”, “B” and 3 more)", or nothing for no titles.
pub fn titles_in(titles: &[String]) -> String {
    const NAMED: usize = 3;
    if titles.is_empty() {
        return String::new();
    }
    let named: Vec<String> = titles
        .iter()
        .take(NAMED)
        .map(|title| format!("“{}”", factmark_core::model::shorten(display_title(title), 60)))
        .collect();
    let more = titles.len().saturating_sub(NAMED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!(" (to {}{more})", named.join(", "))
}

/// The longest text Factmark keeps in localStorage. A new text's first save is one task on the
/// page (compressing the text and its annotations): measured 17 ms for 75 KB with 2,289
/// annotations in Chromium on a loaded machine, so about a quarter of a second at this limit.
/// Longer articles are analysed and reviewed, and exported.
pub const MAX_KEPT_TEXT_BYTES: usize = 1024 * 1024;

/// Whether `article` is too long to keep in localStorage (see [`MAX_KEPT_TEXT_BYTES`]).
pub fn too_large_to_keep(article: &Article) -> bool {
    article.text.len() > MAX_KEPT_TEXT_BYTES
}

/// How storage is doing, for the banners. Pure data: the reducer keeps it in `State`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// No localStorage: everything lives in this tab only.
    pub memory_only: bool,
    /// The last save failed with this error; cleared by the next save that succeeds.
    pub failed: Option<StorageError>,
    /// Values that could not be read, moved aside and reported.
    pub quarantined: Vec<Quarantined>,
    /// Titles of articles whose latest changes a previous visit could not save.
    pub not_kept: Vec<String>,
}

/// A stored value that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Quarantined {
    /// Where it was.
    pub key: String,
    /// Where it is now; `None` when it could not be moved (it then stays, untouched, where it was).
    pub moved_to: Option<String>,
    pub reason: String,
}

impl Quarantined {
    /// What happened, for the user.
    pub fn describe(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "The saved entry “{}” could not be read ({}). It was moved aside to “{to}”, so nothing is lost, \
                 and the rest of your library opened normally.",
                self.key, self.reason
            ),
            None => format!(
                "The saved entry “{}” could not be read ({}). It could not be moved aside either (storage is \
                 full), so it was left where it is and Factmark will not write over it.",
                self.key, self.reason
            ),
        }
    }
}

/// Everything that was saved, after upgrading older layouts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub draft: String,
    /// In the library's order (most recently added first).
    pub entries: Vec<Entry>,
    pub last_opened: Option<String>,
    pub quarantined: Vec<Quarantined>,
    /// Keys holding unreadable values that could not be moved aside: never written to.
    pub blocked: HashSet<String>,
    /// Ids of entries only in memory so far (an upgrade found no room): to be written.
    pub unsaved: HashSet<String>,
    /// Titles of articles a previous visit could not save (storage was full when it closed).
    pub not_kept: Vec<String>,
    /// The tag of each article's stored text (see `storage::text_key`).
    pub tags: std::collections::HashMap<String, String>,
    /// Deleted annotations per article id, as stored.
    pub tombstones: std::collections::HashMap<String, Vec<Tombstone>>,
    /// Articles deleted here: id → when, kept so that sync sends the deletion.
    pub deletions: std::collections::BTreeMap<String, String>,
}

/// The sync panel's settings, kept per browser. Never a password: signing in sends it once and
/// the server's session cookie does the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// The server URL as typed (checked by `factmark_core::sync::Remote::new` when used).
    pub server: String,
    pub database: String,
    pub user: String,
    /// Sync after local changes, periodically and when the browser comes back online.
    pub auto: bool,
    /// Whether the server accepted `user`'s sign-in (its cookie holds the session).
    pub signed_in: bool,
}
