//! Helpers shared by the browser tests.

/// The page's localStorage (the tests run in a real Chromium, where it exists).
pub fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Mounts the whole app into a fresh element of the page and waits for its first render.
pub async fn mount_app() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<factmark::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}
