//! The only module that touches localStorage.
//!
//! Layout version 1: the article under review as a Factmark JSON document under
//! `factmark:v1:article`, and the unsent text of the article box under `factmark:v1:draft`.

use factmark_core::{export, Article};

const ARTICLE_KEY: &str = "factmark:v1:article";
const DRAFT_KEY: &str = "factmark:v1:draft";

/// What a save or load could not do, in words for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageError(pub String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or_else(|| {
            StorageError(
                "This browser does not let Factmark use its storage (a privacy setting?), so nothing will be \
                 kept after this page closes. Export your work to keep it."
                    .to_owned(),
            )
        })
}

/// What was saved last time.
pub struct Saved {
    pub draft: String,
    pub article: Option<Article>,
}

/// Reads the saved draft and article. A value that cannot be read is reported, not dropped:
/// it stays in place under its key.
pub fn load() -> Result<Saved, StorageError> {
    let storage = local_storage()?;
    let read = |key: &str| storage.get_item(key).ok().flatten();
    let draft = read(DRAFT_KEY).unwrap_or_default();
    let article = match read(ARTICLE_KEY) {
        None => None,
        Some(json) => Some(export::from_json(&json).map_err(|error| {
            StorageError(format!(
                "The saved article could not be read and was left untouched in storage: {error}"
            ))
        })?),
    };
    Ok(Saved { draft, article })
}

/// Saves the draft and the article under review.
pub fn save(draft: &str, article: Option<&Article>) -> Result<(), StorageError> {
    let storage = local_storage()?;
    let write = |key: &str, value: &str| {
        storage.set_item(key, value).map_err(|_| {
            StorageError(
                "Your browser's storage is full or unavailable, so the latest changes are not saved. \
                 Export the article to keep them."
                    .to_owned(),
            )
        })
    };
    write(DRAFT_KEY, draft)?;
    match article {
        Some(article) => write(ARTICLE_KEY, &export::to_json(article)),
        None => Ok(()),
    }
}
