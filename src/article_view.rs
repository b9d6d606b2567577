//! How the article view lays out a text: the core's layout cut into paragraph blocks of
//! segments, kept while only statuses and notes change, and shown a screenful at a time when a
//! new text arrives.

use std::rc::Rc;

use factmark_core::claims::is_shown;
use factmark_core::layout::{nest, Node};
use factmark_core::{Kind, Span};
use yew::prelude::*;

use crate::browser;
use crate::components::segment::SegmentLayout;
use crate::review::ArticleRef;

/// What the layout depends on: the text and where the shown highlights lie. Not their status
/// or notes, so tagging reuses the layout.
#[derive(PartialEq)]
struct LayoutKey(Vec<(usize, usize, usize, Kind)>);

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
            // A byline or dateline is never shown as a claim, whatever the threshold.
            .filter(|(_, annotation)| is_shown(annotation))
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

/// Blocks of a replaced text taken off the page per frame (8 slices of 64): about 30 ms of
/// tearing down for a 2 MB article on a loaded 2-core machine.
const LEAVING_BLOCKS_PER_FRAME: usize = 8 * 64;

/// What the article view shows: blocks of an article, how many, and whether more are coming.
pub struct Shown {
    pub blocks: Rc<Blocks>,
    pub article: ArticleRef,
    pub count: usize,
    pub busy: bool,
}

/// The article's text as the view shows it. When a new text replaces a long one, the old one's
/// blocks leave first, 512 a frame from the end, and only then does the new one arrive (as
/// [`use_progressive`] paces it): taking a 2 MB article's 60,000 highlights off the page at
/// once (every segment component torn down) froze it for half a second.
#[hook]
pub fn use_shown(article: &ArticleRef) -> Shown {
    let (layout, generation) = use_layout(article);
    // The generation, blocks and article last shown, and how many of its blocks.
    let last = use_mut_ref(|| None::<(u32, Rc<Blocks>, ArticleRef, usize)>);
    let tick = use_state(|| 0u32);
    let leaving = match last.borrow_mut().as_mut() {
        Some((shown_for, blocks, old, count))
            if *shown_for != generation && *count > LEAVING_BLOCKS_PER_FRAME =>
        {
            *count -= LEAVING_BLOCKS_PER_FRAME;
            Some((blocks.clone(), old.clone(), *count))
        }
        _ => None,
    };
    let (count, busy) = use_progressive(&layout, &article.text, generation, leaving.is_some());
    let left = leaving.as_ref().map(|(.., count)| *count);
    use_effect_with(left, move |left| {
        if left.is_some() {
            browser::after_next_paint(move || tick.set(tick.wrapping_add(1)));
        }
    });
    match leaving {
        Some((blocks, article, count)) => Shown {
            blocks,
            article,
            count,
            busy: true,
        },
        None => {
            *last.borrow_mut() = Some((generation, layout.clone(), article.clone(), count));
            Shown {
                blocks: layout,
                article: article.clone(),
                count,
                busy,
            }
        }
    }
}

/// How many blocks to render, and whether more are coming. A new text shows its first screenful
/// at once and the rest over the next frames, so a long article paints its first highlights
/// without waiting for thousands of later ones; changes to a text already shown render whole.
/// While `held` (an old text is still leaving) it stays at the first screenful.
#[hook]
fn use_progressive(blocks: &Rc<Blocks>, text: &str, generation: u32, held: bool) -> (usize, bool) {
    // (generation, blocks shown) once the first screenful is out.
    let progress = use_state(|| None::<(u32, usize)>);
    let limit = match *progress {
        Some((shown_for, limit)) if shown_for == generation => limit,
        _ => advance(blocks, text, 0, FIRST_BYTES),
    };
    let total = blocks.len();
    let next = advance(blocks, text, limit, BYTES_PER_FRAME);
    use_effect_with(
        (generation, limit, total, held),
        move |&(generation, limit, total, held)| {
            if held {
                return;
            }
            if limit < total {
                browser::after_next_paint(move || progress.set(Some((generation, next))));
            } else if *progress != Some((generation, limit)) {
                progress.set(Some((generation, limit)));
            }
        },
    );
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
pub type Blocks = Vec<Vec<Rc<SegmentLayout>>>;

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
