//! All mentions of one entity in the list: "Zelenskyy — 3 mentions", opening to each mention.

use std::rc::Rc;

use factmark_core::Annotation;
use yew::prelude::*;

use crate::review::ArticleRef;

use super::annotation_item::{item_button, restore_button};
use crate::edit::Change;
use crate::review::entity_heading;

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
    html! {
        <li class="entity-group">
            <details open={props.selected.is_some()}>
                <summary>{ entity_heading(&props.name, mentions.len()) }</summary>
                <ul>
                    { for mentions.iter().map(|a| html! {
                        <li key={a.id.clone()} data-item-id={a.id.clone()}>
                            { item_button(a, props.selected.as_deref() == Some(a.id.as_str()), &props.on_select) }
                            if a.dismissed { { restore_button(a, &props.on_change) } }
                        </li>
                    }) }
                </ul>
            </details>
        </li>
    }
}
