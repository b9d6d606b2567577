//! The keyboard help: a modal `<dialog>`, so the browser traps the focus in it, closes it on
//! Escape and gives the focus back to where it was.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

use crate::keyboard::HELP;

#[derive(Properties, PartialEq)]
pub struct HelpDialogProps {
    pub open: bool,
    pub on_close: Callback<()>,
}

#[component]
pub fn HelpDialog(props: &HelpDialogProps) -> Html {
    let dialog_ref = use_node_ref();
    {
        let dialog_ref = dialog_ref.clone();
        use_effect_with(props.open, move |open| {
            if let Some(dialog) = dialog_ref.cast::<HtmlDialogElement>() {
                match (*open, dialog.open()) {
                    (true, false) => {
                        let _ = dialog.show_modal();
                    }
                    (false, true) => dialog.close(),
                    _ => {}
                }
            }
        });
    }
    let on_close = props.on_close.reform(|_: Event| ());
    let close = {
        let dialog_ref = dialog_ref.clone();
        move |_: MouseEvent| {
            if let Some(dialog) = dialog_ref.cast::<HtmlDialogElement>() {
                dialog.close();
            }
        }
    };
    html! {
        <dialog ref={dialog_ref} class="help" aria-labelledby="help-heading" onclose={on_close}>
            <h2 id="help-heading">{ "Keyboard shortcuts" }</h2>
            <table>
                <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Does" }</th></tr></thead>
                <tbody>
                    { for HELP.iter().map(|(keys, does)| html! {
                        <tr><td><kbd>{ *keys }</kbd></td><td>{ *does }</td></tr>
                    }) }
                </tbody>
            </table>
            <p>{ "Shortcuts other than Escape do nothing while you type in a field." }</p>
            <button type="button" onclick={close} autofocus=true>{ "Close" }</button>
        </dialog>
    }
}
