//! The list of one kind of annotation. Long lists show their first rows and a button for the
//! rest, so a 2,000-highlight article does not build 2,000 rows before the first paint.

use std::rc::Rc;

use factmark_core::Kind;
use yew::prelude::*;

use crate::review::ArticleRef;

use super::annotation_item::AnnotationItem;
use super::entity_group::EntityGroup;
use crate::edit::Change;
use crate::review::Entry;

/// Rows shown before "Show all".
const FIRST_ROWS: usize = 30;

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
    let show_all = use_state(|| false);
    let heading = match props.kind {
        Kind::Entity => "Entities",
        Kind::Quote => "Quotes",
        Kind::Claim => "Claims",
    };
    let heading_id = format!("list-{}", props.kind.as_str());
    let shown = if *show_all {
        props.entries.len()
    } else {
        FIRST_ROWS.min(props.entries.len())
    };
    let selected = props.selected.as_deref();
    let rows = props.entries[..shown].iter().map(|entry| match entry {
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
    let more = props.entries.len() - shown;
    html! {
        <section class="annotation-section" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ format!("{heading} ({})", props.entries.len()) }</h3>
            if props.entries.is_empty() {
                <p class="muted">{ "None here." }</p>
            } else {
                <ul>{ for rows }</ul>
            }
            if more > 0 {
                <button type="button" onclick={move |_: MouseEvent| show_all.set(true)}>
                    { format!("Show {more} more") }
                </button>
            }
        </section>
    }
}
