//! Pieces the pages share.

pub mod alerts;
pub mod comments;
pub mod connection;
pub mod detail;
pub mod errors;
pub mod field;
pub mod follow_up;
pub mod forms;
pub mod header;
pub mod later;
pub mod list_filters;
pub mod markdown_editor;
pub mod moderation;
pub mod paged;
pub mod people;
pub mod resend_link;
pub mod submit;
pub mod thread_parts;
pub mod vote;

pub use alerts::{FormAlert, LoadFailed};
pub use errors::{issue_text, issues_for};
pub use field::{Field, FieldIssues, TextArea};
pub use header::Header;
pub use later::Later;
pub use submit::SubmitButton;

use leptos::prelude::document;
use leptos::wasm_bindgen::JsCast;

/// Moves the keyboard focus to the element with this id, if the page has it.
pub fn focus_by_id(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
