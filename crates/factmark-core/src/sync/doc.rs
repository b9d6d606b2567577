//! The documents Factmark keeps on a CouchDB server: one `article-<id>` document per article
//! (title, annotations, tombstones) and one `text-<hash>` document per article text, named by
//! its content so it never changes and never conflicts. Also the deterministic revision ids.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Annotation, Article};

pub const ARTICLE_PREFIX: &str = "article-";
pub const TEXT_PREFIX: &str = "text-";

/// Names every hash sync makes (texts, revisions, replication ids), so they are Factmark's own.
const NAMESPACE: Uuid = Uuid::from_u128(0x6a1c_52e0_0b7d_4f4e_9f35_8d0f_2a71_c3b9);

/// SHA-1 over `parts` as a UUID v5 (already in the core for annotation ids): 122 bits of the
/// hash, as 32 hex digits, the shape of CouchDB's own revision hashes.
pub(crate) fn hash(parts: &[&[u8]]) -> String {
    let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        bytes.extend_from_slice(part);
        // A separator so ("ab", "c") and ("a", "bc") differ.
        bytes.push(0);
    }
    Uuid::new_v5(&NAMESPACE, &bytes).simple().to_string()
}

/// An article as sync sees it: what the library keeps, plus what merging needs to know about
/// deletions and the time of the last change to the title or text.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub article: Article,
    /// Annotations deleted here: id → when (RFC 3339). A deletion wins over an edit that is
    /// not later than it.
    pub tombstones: BTreeMap<String, String>,
    /// When the title or text last changed (RFC 3339); `None` counts as oldest.
    pub edited: Option<String>,
    /// When the article was deleted. It stays deleted unless someone changes it later.
    pub deleted: Option<String>,
    /// Annotations with a person's work that no longer fit the text after a concurrent edit of
    /// it: kept here (never dropped) for the app to show, like its "could not be placed" list.
    pub unplaced: Vec<Annotation>,
}

impl Record {
    /// A record of `article` with no deletions or edit time.
    pub fn new(article: Article) -> Record {
        Record {
            article,
            tombstones: BTreeMap::new(),
            edited: None,
            deleted: None,
            unplaced: Vec::new(),
        }
    }
}

/// The body of an `article-<id>` document. The text is referenced by hash, so a status change
/// sends the annotations, never the text again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ArticleBody {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    /// The [`text_hash`] of the text; the text is the `text-<hash>` document.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
    pub annotations: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tombstones: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Annotation>,
}

pub(crate) const ARTICLE_TYPE: &str = "factmark-article";
pub(crate) const TEXT_TYPE: &str = "factmark-text";

/// The body of a `text-<hash>` document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct TextBody {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

/// The order annotations are kept in on the server: by position as `annotate` gives them,
/// then by id, so equal content always serialises to the same bytes.
pub(crate) fn canonical_order(annotations: &mut [Annotation]) {
    annotations.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), a.kind, &a.id).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            b.kind,
            &b.id,
        ))
    });
}

impl ArticleBody {
    pub fn of(record: &Record) -> ArticleBody {
        let mut annotations = record.article.annotations.clone();
        canonical_order(&mut annotations);
        let mut unplaced = record.unplaced.clone();
        unplaced.sort_by(|a, b| a.id.cmp(&b.id));
        ArticleBody {
            kind: ARTICLE_TYPE.to_owned(),
            title: record.article.title.clone(),
            text: text_hash(&record.article.text),
            edited: record.edited.clone(),
            deleted: record.deleted.clone(),
            annotations,
            tombstones: record.tombstones.clone(),
            unplaced,
        }
    }

    pub fn into_record(self, text: String) -> Record {
        Record {
            article: Article {
                title: self.title,
                text,
                annotations: self.annotations,
            },
            tombstones: self.tombstones,
            edited: self.edited,
            deleted: self.deleted,
            unplaced: self.unplaced,
        }
    }

    /// The body as canonical JSON: struct fields in declaration order, maps sorted.
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("an article body always serializes: strings, numbers and lists")
    }
}

/// The name of a text: the same text gives the same `text-<hash>` document on every device.
pub fn text_hash(text: &str) -> String {
    hash(&[b"text", text.as_bytes()])
}

/// A digest of what sync would store for `record`: equal digests, equal documents. The sync
/// state keeps the digest of the last version the server confirmed, to find local changes.
pub fn fingerprint(record: &Record) -> String {
    body_fingerprint(&ArticleBody::of(record))
}

pub(crate) fn body_fingerprint(body: &ArticleBody) -> String {
    hash(&[b"body", body.json().as_bytes()])
}

pub fn article_doc_id(local_id: &str) -> String {
    format!("{ARTICLE_PREFIX}{local_id}")
}

/// The library id of an `article-<id>` document, or `None` for any other document.
pub fn local_id(doc_id: &str) -> Option<&str> {
    doc_id.strip_prefix(ARTICLE_PREFIX)
}

pub fn text_doc_id(hash: &str) -> String {
    format!("{TEXT_PREFIX}{hash}")
}

/// A text document's only revision: derived from its name, since its content never changes.
pub fn text_rev(hash: &str) -> String {
    format!("1-{hash}")
}

/// A revision id as CouchDB writes it, `N-<hash>`, split.
pub(crate) fn split_rev(rev: &str) -> Option<(u64, &str)> {
    let (generation, hash) = rev.split_once('-')?;
    let generation = generation.parse().ok().filter(|&g| g > 0)?;
    (!hash.is_empty()).then_some((generation, hash))
}

/// The revision that follows `parent` with this content: `N-<hash of parent and content>`.
/// Deterministic, so two devices that merge the same conflict to the same result write the
/// same revision, and the server keeps one.
pub(crate) fn next_rev(parent: Option<&str>, content: &str) -> String {
    let generation = parent.and_then(split_rev).map_or(0, |(g, _)| g) + 1;
    let parent = parent.unwrap_or("");
    format!(
        "{generation}-{}",
        hash(&[b"rev", parent.as_bytes(), content.as_bytes()])
    )
}

/// Whether CouchDB picks revision `a` over `b` as a document's winner: the longer history,
/// then the greater hash (both compared as CouchDB does, so every device picks the same).
pub(crate) fn wins_over(a: &str, b: &str) -> bool {
    let key = |rev: &str| split_rev(rev).map(|(g, h)| (g, h.to_owned()));
    key(a) > key(b)
}
