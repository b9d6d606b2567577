//! Browser tests (wasm-bindgen-test in headless Chromium): the offset boundary against real JS
//! strings and the app mounted into a real DOM. Storage has its own file, `storage.rs`.
#![cfg(target_arch = "wasm32")]

use factmark::browser::utf16_to_char_offset;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Texts whose UTF-16 and code point offsets differ: emoji, CJK, combining marks, curly quotes.
const TEXTS: &[&str] = &[
    "“What’s on the table,” a U.S. official said.",
    "Emoji 😀 and family 👩‍👩‍👧 before Zelenskyy",
    "東京タワーで会議",
    "Cafe\u{301} crème",
    "שלום Trump",
];

#[wasm_bindgen_test]
fn dom_offsets_convert_to_code_points_like_javascript_counts_them() {
    for text in TEXTS {
        let js = js_sys::JsString::from(*text);
        let chars: Vec<char> = text.chars().collect();
        // Walk every UTF-16 position JavaScript can name and compare with Rust's code points.
        let mut utf16 = 0;
        for (char_index, ch) in chars.iter().enumerate() {
            assert_eq!(
                utf16_to_char_offset(text, utf16 as usize),
                char_index,
                "{text:?} at {utf16}"
            );
            let prefix: String = chars[..char_index].iter().collect();
            assert_eq!(
                String::from(js.substring(0, utf16)),
                prefix,
                "{text:?} prefix at {utf16}"
            );
            utf16 += ch.len_utf16() as u32;
        }
        assert_eq!(js.length(), utf16, "JS length of {text:?}");
        assert_eq!(utf16_to_char_offset(text, utf16 as usize), chars.len());
    }
}

fn clear_storage() {
    common::local_storage().clear().expect("clear localStorage");
}

/// Waits for the next animation frame (the worker's news arrives between frames).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

// The highlights themselves come from the worker, which the release build serves: the
// Playwright tests (tests/e2e/) check them. Here no worker script is served, so this checks
// that the page hands the text to the worker and says so when the worker cannot load.
#[wasm_bindgen_test]
async fn the_app_hands_a_pasted_article_to_the_worker_and_reports_a_worker_that_cannot_load() {
    clear_storage();
    let root = common::mount_app().await;
    let text = "“We will win this war,” Jane Doe said on Monday in Paris.";
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .ok()
        .flatten()
        .expect("textarea")
        .unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").expect("input event"))
        .expect("dispatch");
    yew::scheduler::flush().await;
    let button: HtmlElement = root
        .query_selector("button[type=submit]")
        .ok()
        .flatten()
        .expect("button")
        .unchecked_into();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("mark").expect("query").length(),
        0,
        "the page analyses nothing itself"
    );
    let mut alert = None;
    for _ in 0..600 {
        next_frame().await;
        yew::scheduler::flush().await;
        alert = root.query_selector("[role=alert]").ok().flatten();
        if alert.is_some() {
            break;
        }
    }
    let message = alert
        .expect("a message within 600 frames")
        .text_content()
        .unwrap_or_default();
    assert!(
        message.starts_with("The article could not be analysed: "),
        "{message}"
    );
    assert_eq!(area.value(), text, "the text stays in the box");
    root.remove();
}
