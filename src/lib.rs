//! Factmark's Yew app: a thin shell over `factmark-core` that shows the highlights, takes the
//! user's verdicts and keeps them in localStorage. Built as a library so browser tests can
//! mount [`App`].

pub mod analysis;
mod app;
mod article_view;
pub mod browser;
mod components;
mod display;
pub mod edit;
pub mod import;
pub mod keyboard;
pub mod library;
mod persistence;
pub mod review;
pub mod saved;
pub mod state;
pub mod storage;
pub mod sync;
mod text_files;

pub use app::{App, AppProps};
