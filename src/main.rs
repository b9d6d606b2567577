//! Starts the app in place of the static first screen that `index.html` paints.

fn main() {
    let shell = factmark::browser::take_shell();
    yew::Renderer::<factmark::App>::with_props(factmark::AppProps { shell }).render();
}
