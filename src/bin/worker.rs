//! The analysis worker (a Web Worker built by Trunk from `index.html`): annotates every article
//! off the page's thread, reporting progress, finds where an edited article's old annotations
//! lie in its new text, and sends the annotations back in parts small enough for the page to
//! take in without freezing. The only wasm that holds the detectors. See `factmark::analysis`.

use factmark::analysis::{answer, ranges_from_js, ranges_to_js, warm_up, Reply, PART_SIZE};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let send = move |message: Reply| {
        // Nothing to do if the page has gone: the worker is ended with it.
        let _ = reply.post_message(&message.encode());
    };
    let on_message = {
        let send = send.clone();
        let scope = scope.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            // [text] for a new article; [text, old text, old ranges] for an edited one.
            let request: js_sys::Array = event.data().unchecked_into();
            let text = request.get(0).as_string().unwrap_or_default();
            let old_text = request.get(1).as_string();
            let ranges: Vec<(usize, usize)> = request
                .get(2)
                .dyn_into::<js_sys::Uint32Array>()
                .map(|array| ranges_from_js(&array).into_iter().flatten().collect())
                .unwrap_or_default();
            let before = old_text.as_deref().map(|old| (old, ranges.as_slice()));
            let (annotations, found) = answer(&text, before, |done| send(Reply::Progress(done)));
            send(Reply::Progress(0.95));
            for part in annotations.chunks(PART_SIZE) {
                // Annotations hold only strings, numbers and lists, so this cannot fail; were it
                // to, the page would report an answer it cannot read. (`expect` linked
                // serde_json's error Debug into the worker for nothing.)
                let json = serde_json::to_string(part).unwrap_or_default();
                send(Reply::Part(json));
            }
            if let Some(found) = found {
                let _ = scope.post_message(&ranges_to_js(found.into_iter()));
            }
            send(Reply::Done);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Ready means warm: a text sent meanwhile waits on the page until the models are loaded.
    warm_up();
    send(Reply::Ready);
}
