//! The browser entry point: mount the app.

fn main() {
    yew::Renderer::<factmark::App>::new().render();
}
