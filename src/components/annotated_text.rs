//! The article with its highlights: nested `<mark>`s laid out by the core.
//!
//! Each highlight is a focusable `role="group"` with an accessible name, not a button: highlights
//! nest (a claim holds a quote holds a name), and nested buttons are invalid and confuse screen
//! readers, while nested named groups are fine.
//!
//! Speed: the layout (`article_view.rs`) is cut into top-level segments (a claim with everything
//! inside it, or the plain text between), each a memoised [`Segment`], so changing one status
//! re-renders only the segment holding that highlight; segments are grouped in blocks at
//! paragraph breaks, so the browser lays out again only the paragraph that changed; blocks are
//! grouped in memoised slices (`text_slice.rs`), so a render walks a few hundred slices, not
//! every block. Clicks, keys and hovers are handled once on the article rather than by a
//! callback per highlight.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::article_view::{use_shown, Shown};
use crate::browser;
use crate::review::ArticleRef;

use super::annotation_details::VERDICT_ID;
use super::hover_card::HoverCard;
use super::text_slice::TextSlice;

/// Paragraph blocks per memoised slice: small enough that re-rendering the slice holding a
/// changed highlight stays cheap, large enough that a 2 MB article is a few hundred slices.
const BLOCKS_PER_SLICE: usize = 64;

/// The id of the article element, where the selection and focus code finds it.
pub const ARTICLE_ID: &str = "article-view";

#[derive(Properties, PartialEq)]
pub struct AnnotatedTextProps {
    pub article: ArticleRef,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[component]
pub fn AnnotatedText(props: &AnnotatedTextProps) -> Html {
    let Shown {
        blocks: layout,
        article: shown_article,
        count: shown,
        busy,
    } = use_shown(&props.article);
    let hovered = use_state(|| None::<(String, f64, f64)>);

    let on_click = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(id) = highlight_id(event.target()) {
                on_select.emit(id);
            }
        })
    };
    // Enter (or Space) on a highlight opens its details and takes the focus to the verdict,
    // once the details have rendered; Escape comes back.
    let on_keydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                if let Some(id) = highlight_id(event.target()) {
                    event.prevent_default();
                    on_select.emit(id);
                    browser::after_next_paint(|| {
                        browser::focus_id(VERDICT_ID);
                    });
                }
            }
        })
    };
    // Focus selects, so the details beside the text always describe the focused highlight.
    let on_focusin = {
        let on_select = props.on_select.clone();
        let selected = props.selected.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some(id) = highlight_id(event.target()) {
                if selected.as_deref() != Some(id.as_str()) {
                    on_select.emit(id);
                }
            }
        })
    };
    let on_mouseover = {
        let hovered = hovered.clone();
        Callback::from(move |event: MouseEvent| {
            let mark = event.target().and_then(|t| closest_mark(&t));
            // Placed below the highlight's first line, in the column's coordinates.
            let next = mark.and_then(|mark| {
                let id = mark.get_attribute("data-id")?;
                let mark = mark.dyn_into::<web_sys::HtmlElement>().ok()?;
                let bottom = mark.offset_top() + mark.offset_height().min(40);
                Some((id, f64::from(mark.offset_left()), f64::from(bottom)))
            });
            if hovered.as_ref().map(|h| &h.0) != next.as_ref().map(|n| &n.0) {
                hovered.set(next);
            }
        })
    };
    let on_mouseleave = {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    };

    let card = hovered.as_ref().and_then(|(id, x, y)| {
        let annotation = props.article.annotations.iter().position(|a| &a.id == id)?;
        Some(html! { <HoverCard article={props.article.clone()} index={annotation} x={*x} y={*y} /> })
    });
    let selected: Option<Rc<str>> = props.selected.as_deref().map(Rc::from);
    html! {
        <div class="article-column">
            // tabindex -1: Escape can bring the focus back here when no highlight is selected.
            <article id={ARTICLE_ID} class="annotated-text" aria-label="Annotated article" tabindex="-1"
                aria-busy={busy.then_some("true")}
                onclick={on_click} onkeydown={on_keydown} onfocusin={on_focusin}
                onmouseover={on_mouseover} onmouseleave={on_mouseleave}>
                // Keyed by where they start: yew matches unkeyed children from the end, so while
                // a new text's later slices arrive, every slice already shown would be matched
                // with the next one's content and rendered again, each frame.
                { for (0..shown).step_by(BLOCKS_PER_SLICE).map(|from| html! {
                    <TextSlice key={from} blocks={layout.clone()} range={from..(from + BLOCKS_PER_SLICE).min(shown)}
                        article={shown_article.clone()} selected={selected.clone()} />
                }) }
            </article>
            // Always one node, so the card coming and going never shifts the article (yew matches
            // unkeyed siblings from the end, and would rebuild the whole article).
            { card.unwrap_or_default() }
        </div>
    }
}

fn closest_mark(target: &web_sys::EventTarget) -> Option<web_sys::Element> {
    let element = target.dyn_ref::<web_sys::Element>()?;
    element.closest("mark[data-id]").ok().flatten()
}

/// The id of the highlight an event happened on; the first piece of a cut highlight stands for
/// all of its pieces.
fn highlight_id(target: Option<web_sys::EventTarget>) -> Option<String> {
    closest_mark(&target?)?.get_attribute("data-id")
}
