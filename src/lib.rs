//! Factmark's Yew app: a thin shell over `factmark-core` that shows the highlights, takes the
//! user's verdicts and keeps them in localStorage. Built as a library so browser tests can
//! mount [`App`].

mod app;
pub mod browser;
mod components;
mod display;
pub mod edit;
pub mod keyboard;
pub mod review;
pub mod state;
pub mod storage;

pub use app::App;
