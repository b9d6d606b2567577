//! The analysis worker (a Web Worker built by Trunk from `index.html`): annotates a long
//! article off the page's thread, reporting progress, and sends the annotations back in parts
//! small enough for the page to take in without freezing. See `factmark::analysis`.

use factmark::analysis::{Reply, PART_SIZE};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let send = move |message: Reply| {
        // Nothing to do if the page has gone: the worker is ended with it.
        let _ = reply.post_message(&JsValue::from_str(&message.encode()));
    };
    let on_message = {
        let send = send.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            let analysis = factmark_core::analyze_reporting(&text, |done| send(Reply::Progress(done)));
            let annotations = analysis.into_annotations(&text);
            send(Reply::Progress(0.95));
            for part in annotations.chunks(PART_SIZE) {
                let json = serde_json::to_string(part).expect("annotations always serialize");
                send(Reply::Part(json));
            }
            send(Reply::Done);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    send(Reply::Ready);
}
