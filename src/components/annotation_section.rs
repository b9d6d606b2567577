//! The list of one kind of annotation. Long lists show their first rows and a button for more,
//! a page at a time, so a 2,000-highlight article does not build 2,000 rows before the first
//! paint, nor a 60,000-highlight one 60,000 rows at one click. The selected row is always
//! rendered, wherever it stands, so selecting a highlight can reveal it.

use std::rc::Rc;

use factmark_core::Kind;
use yew::prelude::*;

use crate::review::ArticleRef;

use super::annotation_item::AnnotationItem;
use super::entity_group::EntityGroup;
use crate::edit::Change;
use crate::review::{more_label, rows_shown, Entry};

/// Rows shown at first, and added by each "Show more".
pub const FIRST_ROWS: usize = 30;
pub const MORE_ROWS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct AnnotationSectionProps {
    pub kind: Kind,
    pub article: ArticleRef,
    pub entries: Rc<Vec<Entry>>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    pub on_change: Callback<Change>,
}

#[component]
pub fn AnnotationSection(props: &AnnotationSectionProps) -> Html {
    let limit = use_state(|| FIRST_ROWS);
    let heading = match props.kind {
        Kind::Entity => "Entities",
        Kind::Quote => "Quotes",
        Kind::Claim => "Claims",
    };
    let heading_id = format!("list-{}", props.kind.as_str());
    let selected = props.selected.as_deref();
    let annotations = &props.article.annotations;
    let selected_at = selected.and_then(|id| {
        props.entries.iter().position(|entry| match entry {
            Entry::Single(index) => annotations[*index].id == id,
            Entry::Entity { mentions, .. } => mentions.iter().any(|&i| annotations[i].id == id),
        })
    });
    let shown = rows_shown(*limit, props.entries.len(), selected_at);
    let more = props.entries.len() - shown.len();
    let rows = shown.into_iter().map(|at| match &props.entries[at] {
        Entry::Single(index) => {
            let id = &props.article.annotations[*index].id;
            html! {
                <AnnotationItem key={id.clone()} article={props.article.clone()} index={*index}
                    selected={selected == Some(id.as_str())}
                    on_select={props.on_select.clone()} on_change={props.on_change.clone()} />
            }
        }
        Entry::Entity { name, mentions } => {
            let key = props.article.annotations[mentions[0]].id.clone();
            let selected = mentions
                .iter()
                .map(|&i| &props.article.annotations[i].id)
                .find(|id| Some(id.as_str()) == selected);
            html! {
                <EntityGroup {key} article={props.article.clone()} name={name.clone()}
                    mentions={Rc::new(mentions.clone())} selected={selected.cloned()}
                    on_select={props.on_select.clone()} on_change={props.on_change.clone()} />
            }
        }
    });
    html! {
        <section class="annotation-section" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ format!("{heading} ({})", props.entries.len()) }</h3>
            if props.entries.is_empty() {
                <p class="muted">{ "None here." }</p>
            } else {
                <ul>{ for rows }</ul>
            }
            if more > 0 {
                <button type="button" onclick={move |_: MouseEvent| limit.set(*limit + MORE_ROWS)}>
                    { more_label(more, MORE_ROWS) }
                </button>
            }
        </section>
    }
}
