//! Actions on the whole article: edit its text, undo, redo, export, the claim threshold and the
//! keyboard help. A compact bar that stays at the top of the screen while the article scrolls.

use std::rc::Rc;

use factmark_core::Article;
use yew::prelude::*;

use super::article_input::{ARTICLE_INPUT_ID, ARTICLE_TEXT_ID};
use super::export_menu::{ExportMenu, SavedArticles};
use super::threshold_control::ThresholdControl;
use crate::browser;
use crate::review::Threshold;

#[derive(Properties)]
pub struct ToolbarProps {
    pub on_export: Callback<()>,
    /// For the Export menu: the article in every format, and the whole library.
    pub article: Rc<Article>,
    pub library: SavedArticles,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_help: Callback<()>,
    pub threshold: Threshold,
    pub on_threshold: Callback<Threshold>,
}

/// The article by pointer: a new version of a long article is a new `Rc`, and comparing the two
/// value by value would cost more than rendering the toolbar. `on_export` is left out: the app
/// makes a new one on every render, and it always exports this same article.
impl PartialEq for ToolbarProps {
    fn eq(&self, other: &ToolbarProps) -> bool {
        Rc::ptr_eq(&self.article, &other.article)
            && self.library == other.library
            && (self.can_undo, self.can_redo, self.threshold)
                == (other.can_undo, other.can_redo, other.threshold)
            && (&self.on_undo, &self.on_redo, &self.on_help)
                == (&other.on_undo, &other.on_redo, &other.on_help)
            && self.on_threshold == other.on_threshold
    }
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    // The browser opens the box (a popover) on click; its text is focused once it shows.
    let on_edit_text = |_: MouseEvent| {
        browser::after_next_paint(|| {
            browser::focus_id(ARTICLE_TEXT_ID);
        })
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Article actions">
            <button type="button" class="edit-text" popovertarget={ARTICLE_INPUT_ID} onclick={on_edit_text}>
                { "Edit text" }
            </button>
            <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo} aria-keyshortcuts="Control+Z">
                { "Undo" }
            </button>
            <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo} aria-keyshortcuts="Control+Shift+Z">
                { "Redo" }
            </button>
            <button type="button" onclick={click(&props.on_export)}>{ "Export JSON" }</button>
            <ExportMenu article={props.article.clone()} library={props.library.clone()} />
            <ThresholdControl threshold={props.threshold} on_threshold={props.on_threshold.clone()} />
            <button type="button" class="shortcuts" onclick={click(&props.on_help)} aria-keyshortcuts="?">{ "Keyboard shortcuts" }</button>
        </div>
    }
}
