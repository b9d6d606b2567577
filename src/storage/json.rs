//! How an article is written to storage: compact Factmark JSON (the document `export::from_json`
//! reads), built so that saving after a small change stays cheap on a long article.
//!
//! A save takes three copies of the whole document: building it, passing it from wasm to
//! JavaScript, and `setItem`. [`JsonCache`] keeps each annotation's JSON as a JavaScript string
//! and joins them there, so only the annotations that changed are serialised and cross from wasm;
//! and every character above U+00FF is escaped, so the browser holds the document one byte per
//! character, which halves what `setItem` copies.

use std::collections::HashMap;

use factmark_core::{export, Annotation, Article};
use js_sys::{Array, JsString};
use serde::Serialize;

/// An article as stored.
#[derive(Serialize)]
struct StoredArticle<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    text: &'a str,
    annotations: &'a [Annotation],
}

/// The JSON stored for `article`, built in one go: what [`JsonCache`] must equal.
pub fn article_json(article: &Article) -> String {
    json(&StoredArticle {
        format: export::FORMAT,
        version: export::VERSION,
        title: &article.title,
        text: &article.text,
        annotations: &article.annotations,
    })
}

/// The JSON of each annotation as last written, per article, so the next write of that article
/// serialises only the annotations that changed: after one status change, one of thousands.
#[derive(Default)]
pub struct JsonCache {
    articles: HashMap<String, Cached>,
}

#[derive(Default)]
struct Cached {
    /// The text, and its JSON.
    text: Option<(String, JsString)>,
    /// In the article's order: each annotation, and its JSON.
    annotations: Vec<(Annotation, JsString)>,
}

impl JsonCache {
    /// [`article_json`] of `article`, as a JavaScript string, reusing what is unchanged since the
    /// last call for `id`.
    pub fn article_json(&mut self, id: &str, article: &Article) -> JsString {
        let mut cached = self.articles.remove(id).unwrap_or_default();
        let text = match cached.text.take() {
            Some((text, json)) if text == article.text => (text, json),
            _ => (article.text.clone(), JsString::from(json(article.text.as_str()))),
        };
        // A status change leaves every annotation where it was: compare in place first, and
        // look up by id only when the order moved (an annotation added or removed).
        let mut old: Vec<Option<(Annotation, JsString)>> = cached.annotations.into_iter().map(Some).collect();
        let mut by_id: Option<HashMap<String, usize>> = None;
        let mut annotations = Vec::with_capacity(article.annotations.len());
        let parts = Array::new();
        for (index, annotation) in article.annotations.iter().enumerate() {
            let in_place = old
                .get(index)
                .and_then(Option::as_ref)
                .is_some_and(|(a, _)| a.id == annotation.id);
            let position = if in_place {
                Some(index)
            } else {
                let by_id = by_id.get_or_insert_with(|| {
                    old.iter()
                        .enumerate()
                        .filter_map(|(at, entry)| entry.as_ref().map(|(a, _)| (a.id.clone(), at)))
                        .collect()
                });
                by_id.get(&annotation.id).copied()
            };
            let entry = match position.and_then(|at| old[at].take()) {
                Some(entry) if entry.0 == *annotation => entry,
                _ => (annotation.clone(), JsString::from(json(annotation))),
            };
            parts.push(&entry.1);
            annotations.push(entry);
        }
        let head = format!(
            "{{\"format\":{},\"version\":{},\"title\":{},\"text\":",
            json(export::FORMAT),
            export::VERSION,
            json(article.title.as_str())
        );
        let document = JsString::from(head)
            .concat(&text.1)
            .concat(&",\"annotations\":[".into())
            .concat(&parts.join(","))
            .concat(&"]}".into());
        self.articles.insert(
            id.to_owned(),
            Cached {
                text: Some(text),
                annotations,
            },
        );
        document
    }

    /// Forgets `id` (deleted, or changed elsewhere).
    pub fn forget(&mut self, id: &str) {
        self.articles.remove(id);
    }
}

/// Compact JSON of an article or a piece of one, with every character above U+00FF written as a
/// `\uXXXX` escape: the same JSON to any reader, but the browser keeps a string with no such
/// character one byte per character instead of two (one curly quote would widen the whole
/// document).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Latin1Formatter);
    value
        .serialize(&mut serializer)
        .expect("an article always serializes: it holds only strings, numbers and lists");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

struct Latin1Formatter;

impl serde_json::ser::Formatter for Latin1Formatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (index, ch) in fragment.char_indices().filter(|&(_, ch)| u32::from(ch) > 0xFF) {
            writer.write_all(&fragment.as_bytes()[start..index])?;
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = index + ch.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}
