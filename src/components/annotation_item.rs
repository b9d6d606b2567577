//! One row of the annotation list: a button that selects its highlight, and for a dismissed
//! annotation a button that restores it.

use factmark_core::Annotation;
use yew::prelude::*;

use crate::review::ArticleRef;

use crate::display::{kind_word, status_word};
use crate::edit::Change;

#[derive(Properties)]
pub struct AnnotationItemProps {
    pub article: ArticleRef,
    pub index: usize,
    pub selected: bool,
    pub on_select: Callback<String>,
    pub on_change: Callback<Change>,
}

impl AnnotationItemProps {
    fn annotation(&self) -> Option<&Annotation> {
        self.article.annotations.get(self.index)
    }
}

/// Equal when the row would look the same: a new article in which only other annotations
/// changed does not re-render it.
impl PartialEq for AnnotationItemProps {
    fn eq(&self, other: &AnnotationItemProps) -> bool {
        self.annotation() == other.annotation()
            && self.selected == other.selected
            && self.on_select == other.on_select
            && self.on_change == other.on_change
    }
}

#[component]
pub fn AnnotationItem(props: &AnnotationItemProps) -> Html {
    let Some(annotation) = props.annotation() else {
        return Html::default();
    };
    html! {
        <li data-item-id={annotation.id.clone()}>
            { item_button(annotation, props.selected, &props.on_select) }
            if annotation.dismissed {
                { restore_button(annotation, &props.on_change) }
            }
        </li>
    }
}

/// The button naming one annotation: "Claim: Substantial progress was… — unverified".
pub fn item_button(annotation: &Annotation, selected: bool, on_select: &Callback<String>) -> Html {
    let (on_select, id) = (on_select.clone(), annotation.id.clone());
    let text = factmark_core::model::shorten(annotation.text.trim(), 80);
    html! {
        <button type="button" class={classes!("item", format!("item-{}", annotation.status.as_str()))}
            aria-current={selected.then_some("true")} onclick={move |_: MouseEvent| on_select.emit(id.clone())}>
            <span class="item-kind">{ kind_word(annotation) }{ ": " }</span>
            <span class="item-text">{ text }</span>
            <span class="item-status">{ " — " }{ status_word(annotation.status) }</span>
        </button>
    }
}

pub fn restore_button(annotation: &Annotation, on_change: &Callback<Change>) -> Html {
    let (on_change, id) = (on_change.clone(), annotation.id.clone());
    let onclick = move |_: MouseEvent| {
        on_change.emit(Change::Dismiss {
            id: id.clone(),
            dismissed: false,
        })
    };
    html! {
        <button type="button" class="small" {onclick}
            aria-label={format!("Restore {}", factmark_core::model::shorten(annotation.text.trim(), 40))}>
            { "Restore" }
        </button>
    }
}
