//! One small component per file.

pub mod annotated_text;
pub mod annotation_details;
pub mod article_input;
pub mod notice;
pub mod toolbar;
