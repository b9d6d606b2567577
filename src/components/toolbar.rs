//! Actions on the whole article: undo, redo, export, the claim threshold and the keyboard help.

use std::rc::Rc;

use factmark_core::Article;
use yew::prelude::*;

use super::export_menu::{ExportMenu, SavedArticles};
use super::threshold_control::ThresholdControl;
use crate::review::Threshold;

#[derive(Properties, PartialEq)]
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

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar" role="toolbar" aria-label="Article actions">
            <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo} aria-keyshortcuts="Control+Z">
                { "Undo" }
            </button>
            <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo} aria-keyshortcuts="Control+Shift+Z">
                { "Redo" }
            </button>
            <button type="button" onclick={click(&props.on_export)}>{ "Export JSON" }</button>
            <ExportMenu article={props.article.clone()} library={props.library.clone()} />
            <ThresholdControl threshold={props.threshold} on_threshold={props.on_threshold.clone()} />
            <button type="button" onclick={click(&props.on_help)} aria-keyshortcuts="?">{ "Keyboard shortcuts" }</button>
        </div>
    }
}
