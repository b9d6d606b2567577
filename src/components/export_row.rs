//! One line of the Export menu: a format, its Download and Copy buttons, and a note when the
//! format has something to say (ClaimReview: how many drafts, and what is left to fill in).

use std::rc::Rc;

use factmark_core::formats::{self, claim_review, Format};
use factmark_core::{export, Article};
use yew::prelude::*;

use super::export_menu::SavedArticles;
use crate::browser;
use crate::library::Entry;

/// What the menu offers: the open article in each format, or the whole library.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Choice {
    Article(Format),
    Library,
}

impl Choice {
    pub const ALL: [Choice; 7] = [
        Choice::Article(Format::Factmark),
        Choice::Library,
        Choice::Article(Format::W3c),
        Choice::Article(Format::ClaimReview),
        Choice::Article(Format::Doccano),
        Choice::Article(Format::Csv),
        Choice::Article(Format::Markdown),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Choice::Article(Format::Factmark) => "Factmark JSON, this article",
            Choice::Library => "Factmark JSON, whole library",
            Choice::Article(format) => format.describe(),
        }
    }

    /// A name for element ids.
    fn id(self) -> &'static str {
        match self {
            Choice::Article(format) => format.name(),
            Choice::Library => "library",
        }
    }

    /// (file name, media type, contents).
    fn file(self, article: &Article, saved: &[Entry]) -> (String, &'static str, String) {
        match self {
            Choice::Article(format) => (
                format.file_name(article),
                format.media_type(),
                formats::export(format, article),
            ),
            Choice::Library => {
                let mut articles: Vec<Article> = saved.iter().map(|entry| (*entry.article).clone()).collect();
                // Without storage the open article may not be in the list; it is still work.
                if articles.is_empty() {
                    articles.push(article.clone());
                }
                let name = format!("factmark-library.{}", Format::Factmark.extension());
                let json = export::library_to_json(&articles);
                (name, Format::Factmark.media_type(), json)
            }
        }
    }
}

/// What a download or copy did, for the menu's status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done(String),
    Failed(String),
}

#[derive(Clone, Copy)]
enum Delivery {
    Download,
    Copy,
}

#[derive(Properties, PartialEq)]
pub struct ExportRowProps {
    pub choice: Choice,
    pub article: Rc<Article>,
    pub library: SavedArticles,
    pub on_outcome: Callback<Outcome>,
}

#[component]
pub fn ExportRow(props: &ExportRowProps) -> Html {
    let deliver = |delivery: Delivery| {
        let (choice, article, library) = (props.choice, props.article.clone(), props.library.clone());
        let on_outcome = props.on_outcome.clone();
        Callback::from(move |_: MouseEvent| {
            // Written only when asked for: a library export can be large.
            let (name, media_type, contents) = choice.file(&article, &library.0);
            match delivery {
                Delivery::Download => {
                    on_outcome.emit(match browser::download(&name, media_type, &contents) {
                        Ok(()) => Outcome::Done(format!("Downloaded {name}.")),
                        Err(error) => Outcome::Failed(error.to_string()),
                    })
                }
                Delivery::Copy => copy(choice.label(), contents, on_outcome.clone()),
            }
        })
    };
    let label = props.choice.label();
    let note_id = format!("export-note-{}", props.choice.id());
    let (note, available) = match props.choice {
        Choice::Article(Format::ClaimReview) => claim_review_note(&props.article),
        _ => (None, true),
    };
    let described = note.is_some().then(|| note_id.clone());
    html! {
        <li class="export-row">
            <span class="export-format">{ label }</span>
            <button type="button" aria-label={format!("Download {label}")} aria-describedby={described.clone()}
                disabled={!available} onclick={deliver(Delivery::Download)}>{ "Download" }</button>
            <button type="button" aria-label={format!("Copy {label}")} aria-describedby={described}
                disabled={!available} onclick={deliver(Delivery::Copy)}>{ "Copy" }</button>
            if let Some(note) = note {
                <p id={note_id} class="export-note">{ note }</p>
            }
        </li>
    }
}

/// What the ClaimReview line says, and whether there is anything to export.
fn claim_review_note(article: &Article) -> (Option<String>, bool) {
    let drafts = claim_review::drafts(article);
    if drafts.count == 0 {
        let note = "No claim is marked verified or disputed yet, so there is no ClaimReview to draft.";
        return (Some(note.to_owned()), false);
    }
    let noun = if drafts.count == 1 { "draft" } else { "drafts" };
    let note = format!(
        "{} {noun}; left for you to fill in: {}.",
        drafts.count,
        drafts.missing.join(", ")
    );
    (Some(note), true)
}

fn copy(label: &'static str, contents: String, on_outcome: Callback<Outcome>) {
    yew::platform::spawn_local(async move {
        on_outcome.emit(match browser::copy_text(&contents).await {
            Ok(()) => Outcome::Done(format!("Copied {label} to the clipboard.")),
            Err(reason) => Outcome::Failed(format!(
                "The browser did not let Factmark copy to the clipboard ({reason}). Allow clipboard access \
                 for this page, or use Download."
            )),
        });
    });
}
