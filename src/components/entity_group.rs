//! All mentions of one entity in the list: "Zelenskyy — 3 mentions", opening to each mention.
//!
//! The mentions are rendered only while the group is open, and then a page at a time: a long
//! article names one entity thousands of times, and rows nobody opened would cost the page
//! seconds to build.

use std::rc::Rc;

use factmark_core::Annotation;
use yew::prelude::*;

use crate::review::ArticleRef;

use super::annotation_item::{item_button, restore_button};
use super::annotation_section::{FIRST_ROWS, MORE_ROWS};
use crate::edit::Change;
use crate::review::{entity_heading, more_label, rows_shown};

#[derive(Properties)]
pub struct EntityGroupProps {
    pub article: ArticleRef,
    pub name: String,
    /// Indexes of the mentions in the article.
    pub mentions: Rc<Vec<usize>>,
    /// The selected mention, if it is one of these.
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    pub on_change: Callback<Change>,
}

impl EntityGroupProps {
    fn annotations(&self) -> impl Iterator<Item = Option<&Annotation>> {
        self.mentions
            .iter()
            .map(|&index| self.article.annotations.get(index))
    }
}

/// Equal when the group would look the same, whatever else changed in the article.
impl PartialEq for EntityGroupProps {
    fn eq(&self, other: &EntityGroupProps) -> bool {
        self.name == other.name
            && self.selected == other.selected
            && self.annotations().eq(other.annotations())
            && self.on_select == other.on_select
            && self.on_change == other.on_change
    }
}

#[component]
pub fn EntityGroup(props: &EntityGroupProps) -> Html {
    // Whether the person opened the group; a selected mention opens it too.
    let opened = use_state(|| false);
    let limit = use_state(|| FIRST_ROWS);
    let mentions: Vec<&Annotation> = props.annotations().flatten().collect();
    let Some(first) = mentions.first() else {
        return Html::default();
    };
    // The row of a single mention is the mention itself; a group opens to list them.
    if mentions.len() == 1 {
        return html! {
            <li data-item-id={first.id.clone()}>
                { item_button(first, props.selected.is_some(), &props.on_select) }
                if first.dismissed { { restore_button(first, &props.on_change) } }
            </li>
        };
    }
    let open = *opened || props.selected.is_some();
    let on_toggle = {
        let opened = opened.clone();
        Callback::from(move |event: Event| {
            if let Some(details) = event.target_dyn_into::<web_sys::Element>() {
                opened.set(details.has_attribute("open"));
            }
        })
    };
    let selected_at = props
        .selected
        .as_deref()
        .and_then(|id| mentions.iter().position(|a| a.id == id));
    let shown = rows_shown(*limit, mentions.len(), selected_at);
    let more = mentions.len() - shown.len();
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + MORE_ROWS))
    };
    html! {
        <li class="entity-group">
            <details {open} ontoggle={on_toggle}>
                <summary>{ entity_heading(&props.name, mentions.len()) }</summary>
                if open {
                    <ul>
                        { for shown.into_iter().map(|index| {
                            let a = mentions[index];
                            html! {
                                <li key={a.id.clone()} data-item-id={a.id.clone()}>
                                    { item_button(a, props.selected.as_deref() == Some(a.id.as_str()), &props.on_select) }
                                    if a.dismissed { { restore_button(a, &props.on_change) } }
                                </li>
                            }
                        }) }
                    </ul>
                    if more > 0 {
                        <button type="button" class="small" onclick={on_more}>{ more_label(more, MORE_ROWS) }</button>
                    }
                }
            </details>
        </li>
    }
}
