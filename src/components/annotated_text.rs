//! The article with its highlights: nested `<mark>`s laid out by the core.
//!
//! Each highlight is a focusable `role="group"` with an accessible name, not a button: highlights
//! nest (a claim holds a quote holds a name), and nested buttons are invalid and confuse screen
//! readers, while nested named groups are fine.
//!
//! Speed: the layout is cut into top-level segments (a claim with everything inside it, or the
//! plain text between), each a memoised [`Segment`]; changing one status re-renders only the
//! segment holding that highlight. Segments are grouped in blocks at paragraph breaks, so the
//! browser lays out again only the paragraph that changed, not the whole article. Clicks, keys and hovers are handled once on the article
//! rather than by a callback per highlight.

use std::rc::Rc;

use factmark_core::layout::{nest, Node};
use factmark_core::{Kind, Span};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::review::ArticleRef;

use super::hover_card::HoverCard;
use super::segment::{Segment, SegmentLayout};

/// The id of the article element, where the selection and focus code finds it.
pub const ARTICLE_ID: &str = "article-view";

#[derive(Properties, PartialEq)]
pub struct AnnotatedTextProps {
    pub article: ArticleRef,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

/// What the layout depends on: the text and where the shown highlights lie. Not their status
/// or notes, so tagging reuses the layout.
#[derive(PartialEq)]
struct LayoutKey(Vec<(usize, usize, usize, Kind)>);

#[component]
pub fn AnnotatedText(props: &AnnotatedTextProps) -> Html {
    let (layout, generation) = use_layout(&props.article);
    let (shown, busy) = use_progressive(&layout, &props.article.text, generation);
    let hovered = use_state(|| None::<(String, f64, f64)>);

    let on_click = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(id) = highlight_id(event.target()) {
                on_select.emit(id);
            }
        })
    };
    let on_keydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                if let Some(id) = highlight_id(event.target()) {
                    event.prevent_default();
                    on_select.emit(id);
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
                // Unkeyed on purpose: the blocks and segments of one layout never move, so
                // matching them by position is exact, and it spares hashing thousands of keys
                // on every change. Segments hold no state that a mismatch could lose.
                { for layout[..shown].iter().map(|block| html! {
                    <div class="para">
                        { for block.iter().map(|segment| html! {
                            <Segment layout={segment.clone()} article={props.article.clone()}
                                selected={selected.clone()} />
                        }) }
                    </div>
                }) }
            </article>
            // Always one node, so the card coming and going never shifts the article (yew matches
            // unkeyed siblings from the end, and would rebuild the whole article).
            { card.unwrap_or_default() }
        </div>
    }
}

/// The layout of the article's shown highlights, recomputed only when the text or a shown span
/// changes. Kept in a ref rather than `use_memo` so the key never copies the article's text.
#[hook]
fn use_layout(article: &ArticleRef) -> (Rc<Blocks>, u32) {
    let cache = use_mut_ref(|| None::<(ArticleRef, LayoutKey, Rc<Blocks>)>);
    // Counts the texts laid out, so the view knows when a different text arrived.
    let generation = use_mut_ref(|| 0u32);
    let visible = || {
        article
            .annotations
            .iter()
            .enumerate()
            .filter(|(_, annotation)| annotation.is_highlighted())
    };
    let key = LayoutKey(
        visible()
            .map(|(index, a)| (index, a.start, a.end, a.kind))
            .collect(),
    );
    let mut cache = cache.borrow_mut();
    let mut generation = generation.borrow_mut();
    let same_text = cache
        .as_ref()
        .is_some_and(|(old, ..)| old == article || old.text == article.text);
    if let Some((old, old_key, layout)) = cache.as_mut() {
        if *old_key == key && same_text {
            // Keep the newest article alive instead of an old copy of it.
            *old = article.clone();
            return (layout.clone(), *generation);
        }
    }
    if !same_text {
        *generation += 1;
    }
    let nodes = nest(
        &article.text,
        &article.annotations,
        visible().map(|(index, _)| index),
    );
    let layout = Rc::new(blocks(&article.text, nodes));
    *cache = Some((article.clone(), key, layout.clone()));
    (layout, *generation)
}

/// Bytes of text rendered at once for a new text (more than a screenful), then per frame.
const FIRST_BYTES: usize = 6_000;
const BYTES_PER_FRAME: usize = 24_000;

/// How many blocks to render, and whether more are coming. A new text shows its first screenful
/// at once and the rest over the next frames, so a long article paints its first highlights
/// without waiting for thousands of later ones; changes to a text already shown render whole.
#[hook]
fn use_progressive(blocks: &Rc<Blocks>, text: &str, generation: u32) -> (usize, bool) {
    // (generation, blocks shown) once the first screenful is out.
    let progress = use_state(|| None::<(u32, usize)>);
    let limit = match *progress {
        Some((shown_for, limit)) if shown_for == generation => limit,
        _ => advance(blocks, text, 0, FIRST_BYTES),
    };
    let total = blocks.len();
    let next = advance(blocks, text, limit, BYTES_PER_FRAME);
    use_effect_with((generation, limit, total), move |&(generation, limit, total)| {
        if limit < total {
            browser::after_next_paint(move || progress.set(Some((generation, next))));
        } else if *progress != Some((generation, limit)) {
            progress.set(Some((generation, limit)));
        }
    });
    (limit.min(total), limit < total)
}

/// The block index after `from` once at least `bytes` more of the text are covered.
fn advance(blocks: &Blocks, text: &str, from: usize, bytes: usize) -> usize {
    let start = |index: usize| {
        blocks
            .get(index)
            .map_or(text.len(), |block| block[0].start.min(text.len()))
    };
    let goal = start(from).saturating_add(bytes);
    (from + 1..=blocks.len())
        .find(|&index| start(index) >= goal)
        .unwrap_or(blocks.len())
}

/// Paragraph blocks of segments; never empty blocks.
type Blocks = Vec<Vec<Rc<SegmentLayout>>>;

/// Groups the top-level nodes into blocks that end after a run of line breaks in plain text.
/// Breaks inside a highlight (a quote over two paragraphs) keep it in one block.
fn blocks(text: &str, nodes: Vec<Node>) -> Blocks {
    let mut blocks = Vec::new();
    let mut block = Vec::new();
    for node in nodes {
        let Node::Text(span) = node else {
            block.push(Rc::new(SegmentLayout::new(node)));
            continue;
        };
        let bytes = span.slice(text).as_bytes();
        let mut from = 0;
        for at in 0..bytes.len() {
            let ends_run = bytes[at] == b'\n' && bytes.get(at + 1) != Some(&b'\n');
            if ends_run {
                let piece = Span::new(span.start + from, span.start + at + 1);
                block.push(Rc::new(SegmentLayout::new(Node::Text(piece))));
                blocks.push(std::mem::take(&mut block));
                from = at + 1;
            }
        }
        if from < bytes.len() {
            block.push(Rc::new(SegmentLayout::new(Node::Text(Span::new(
                span.start + from,
                span.end,
            )))));
        }
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
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
