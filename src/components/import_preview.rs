//! The import preview: a modal dialog saying what an imported file would change, article by
//! article, with the choice between merging and replacing, before anything changes. Escape or
//! Cancel leaves everything as it was.

use std::rc::Rc;

use factmark_core::formats::merge::{Mode, Preview};
use web_sys::HtmlDialogElement;
use yew::prelude::*;

use crate::import::{Item, Pending, Target};
use crate::library::display_title;

/// How many annotations that could not be placed are listed one by one; a long list would
/// bury the buttons.
const SHOWN: usize = 50;

#[derive(Properties, PartialEq)]
pub struct ImportPreviewProps {
    pub pending: Option<Rc<Pending>>,
    pub on_mode: Callback<Mode>,
    pub on_apply: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn ImportPreview(props: &ImportPreviewProps) -> Html {
    let dialog_ref = use_node_ref();
    {
        let dialog_ref = dialog_ref.clone();
        use_effect_with(props.pending.is_some(), move |showing| {
            if let Some(dialog) = dialog_ref.cast::<HtmlDialogElement>() {
                match (*showing, dialog.open()) {
                    (true, false) => {
                        let _ = dialog.show_modal();
                    }
                    (false, true) => dialog.close(),
                    _ => {}
                }
            }
        });
    }
    // Escape closes the dialog natively; closing is cancelling unless Import was pressed first.
    let on_close = props.on_cancel.reform(|_: Event| ());
    let on_apply = props.on_apply.reform(|_: MouseEvent| ());
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let body = props.pending.as_ref().map(|pending| {
        let mode = |value: Mode, label: &'static str, hint: &'static str| {
            let on_change = props.on_mode.reform(move |_: Event| value);
            html! {
                <label class="import-mode">
                    <input type="radio" name="import-mode" checked={pending.mode == value} onchange={on_change} />
                    <span>{ label }</span><span class="import-mode-hint">{ hint }</span>
                </label>
            }
        };
        let count = pending.items.len();
        let noun = if count == 1 { "article" } else { "articles" };
        html! {
            <>
                <p>{ format!("{}: {count} {noun}. Nothing changes until you press Import.", pending.format.describe()) }</p>
                if pending.has_choice() {
                    <fieldset>
                        <legend>{ "Annotations already here" }</legend>
                        { mode(Mode::Merge, "Merge", ": add new annotations; where both have one, the newer update wins") }
                        { mode(Mode::Replace, "Replace", ": the file's article replaces the one here") }
                    </fieldset>
                }
                if let Some(room) = pending.room.as_ref().filter(|room| !room.fits()) {
                    <p class="import-room" role="alert">{ room.describe(count) }</p>
                }
                { for pending.items.iter().enumerate().map(|(index, item)| item_summary(index, item)) }
                if !pending.skipped.is_empty() {
                    <section aria-labelledby="import-skipped">
                        <h3 id="import-skipped">
                            { format!("{} in the file could not be placed and will be left out", annotations(pending.skipped.len())) }
                        </h3>
                        <ul class="import-skipped">
                            { for pending.skipped.iter().take(SHOWN).map(|skipped| html! { <li>{ skipped.to_string() }</li> }) }
                        </ul>
                        if pending.skipped.len() > SHOWN {
                            <p>{ format!("and {} more.", pending.skipped.len() - SHOWN) }</p>
                        }
                    </section>
                }
                <div class="dialog-actions">
                    <button type="button" class="primary" onclick={on_apply}
                        disabled={pending.room.as_ref().is_some_and(|room| !room.fits())}>{ "Import" }</button>
                    <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                </div>
            </>
        }
    });
    let heading = match &props.pending {
        Some(pending) => format!("Import “{}”", pending.file_name),
        None => "Import".to_owned(),
    };
    html! {
        <dialog ref={dialog_ref} class="import-preview" aria-labelledby="import-heading" onclose={on_close}>
            <h2 id="import-heading">{ heading }</h2>
            { body.unwrap_or_default() }
        </dialog>
    }
}

/// One article of the file: where it goes and what changes.
fn item_summary(index: usize, item: &Item) -> Html {
    let heading = format!("import-item-{index}");
    let title = display_title(&item.incoming.title);
    html! {
        <section class="import-item" aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ format!("“{title}”, {}", item.target.describe()) }</h3>
            <ul class="import-counts">{ for counts(&item.target, &item.preview).into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
        </section>
    }
}

/// "1 annotation", "3 annotations".
fn annotations(count: usize) -> String {
    let noun = if count == 1 { "annotation" } else { "annotations" };
    format!("{count} {noun}")
}

/// The lines of the preview: every count the core reports that applies to this target.
fn counts(target: &Target, preview: &Preview) -> Vec<String> {
    if *target == Target::New {
        return vec![annotations(preview.added)];
    }
    let mut lines = vec![
        format!("{} added", preview.added),
        format!("{} updated", preview.updated),
        format!("{} unchanged", preview.unchanged),
    ];
    if preview.kept > 0 {
        lines.push(format!(
            "{} kept as they are here (as new or newer)",
            preview.kept
        ));
    }
    if preview.removed > 0 {
        lines.push(format!("{} removed", preview.removed));
    }
    if preview.text_changed {
        lines.push("the article's text changes to the file's".to_owned());
    }
    if !preview.unplaced.is_empty() {
        lines.push(format!(
            "{} not found in this article's text, left out",
            preview.unplaced.len()
        ));
    }
    lines
}
