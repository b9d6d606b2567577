//! One small component per file.

pub mod annotated_text;
pub mod annotation_details;
pub mod annotation_filters;
pub mod annotation_item;
pub mod annotation_section;
pub mod article_input;
pub mod entity_group;
pub mod evidence_editor;
pub mod help_dialog;
pub mod hover_card;
pub mod legend;
pub mod note_editor;
pub mod notice;
pub mod progress_summary;
pub mod review_panel;
pub mod segment;
pub mod selection_adder;
pub mod status_buttons;
pub mod threshold_control;
pub mod toolbar;
pub mod type_select;
pub mod unplaced_list;
pub mod workspace;
