//! A run of the article view's paragraph blocks, memoised as one: the view renders a few hundred
//! slices instead of thousands of blocks, so adding the next paragraphs of a long article, or
//! changing one status, no longer walks every paragraph already on the page.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use super::segment::{Segment, SegmentLayout};
use crate::article_view::Blocks;
use crate::review::ArticleRef;

#[derive(Properties)]
pub struct TextSliceProps {
    pub blocks: Rc<Blocks>,
    /// Which blocks, by index.
    pub range: Range<usize>,
    pub article: ArticleRef,
    pub selected: Option<Rc<str>>,
}

impl TextSliceProps {
    fn segments(&self) -> impl Iterator<Item = &Rc<SegmentLayout>> {
        self.blocks
            .get(self.range.clone())
            .unwrap_or_default()
            .iter()
            .flatten()
    }

    /// Whether the selected highlight is in this slice.
    fn selected_here(&self) -> Option<&str> {
        let selected = self.selected.as_deref()?;
        self.segments()
            .any(|segment| segment.holds(&self.article, selected))
            .then_some(selected)
    }
}

/// Equal when the same blocks would show the same marks, as for a segment: a status change or a
/// new selection elsewhere leaves this slice alone.
impl PartialEq for TextSliceProps {
    fn eq(&self, other: &TextSliceProps) -> bool {
        Rc::ptr_eq(&self.blocks, &other.blocks)
            && self.range == other.range
            && (self.article == other.article
                || self
                    .segments()
                    .all(|segment| segment.looks_same_in(&self.article, &other.article)))
            && (self.selected == other.selected || self.selected_here() == other.selected_here())
    }
}

#[component]
pub fn TextSlice(props: &TextSliceProps) -> Html {
    let blocks = props.blocks.get(props.range.clone()).unwrap_or_default();
    // Blocks keyed by index, as the last slice grows while a new text arrives (yew matches
    // unkeyed children from the end); the segments in a block never change, so stay unkeyed.
    // One element per slice, so the browser can skip laying out a whole run out of view.
    html! {
        <div class="run">
            { for blocks.iter().zip(props.range.clone()).map(|(block, index)| html! {
                <div key={index} class="para">
                    { for block.iter().map(|segment| html! {
                        <Segment layout={segment.clone()} article={props.article.clone()}
                            selected={props.selected.clone()} />
                    }) }
                </div>
            }) }
        </div>
    }
}
