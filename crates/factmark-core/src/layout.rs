//! How highlights nest over the text: turns overlapping spans into a tree that HTML can show.
//!
//! Highlights may nest (a claim holding a quote holding an entity) or cross (a quote that starts
//! inside one claim and ends in the next). HTML elements can only nest, so a highlight that
//! crosses the end of an enclosing one is cut there and continued after it; the continuation is
//! marked so the view can keep only the first piece focusable.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::{Annotation, Kind};
use crate::span::{OffsetMap, Span};

/// A piece of the rendered article, in byte offsets of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Text(Span),
    Mark {
        /// Index into the annotations given to [`nest`].
        annotation: usize,
        /// False for the first piece of a highlight, true for the pieces after a cut.
        continued: bool,
        children: Vec<Node>,
    },
}

/// Outer highlights first when spans are equal: a claim wraps a quote, a quote an entity.
fn rank(kind: Kind) -> u8 {
    match kind {
        Kind::Claim => 0,
        Kind::Quote => 1,
        Kind::Entity => 2,
    }
}

struct Open {
    annotation: usize,
    continued: bool,
    end: usize,
    children: Vec<Node>,
}

/// Lays the annotations whose index is in `visible` over `text`.
pub fn nest(text: &str, annotations: &[Annotation], visible: impl IntoIterator<Item = usize>) -> Vec<Node> {
    let offsets = OffsetMap::new(text);
    // Min-heap of pieces by start, then longest first, then kind rank.
    let mut pending: BinaryHeap<Reverse<(usize, Reverse<usize>, u8, usize, bool)>> = visible
        .into_iter()
        .filter_map(|index| {
            let annotation = annotations.get(index)?;
            let span = offsets.chars_to_span(annotation.start, annotation.end);
            (!span.is_empty()).then_some(Reverse((
                span.start,
                Reverse(span.end),
                rank(annotation.kind),
                index,
                false,
            )))
        })
        .collect();
    let mut root = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut cursor = 0;

    fn push_text(stack: &mut [Open], root: &mut Vec<Node>, from: usize, to: usize) {
        if from < to {
            let target = stack.last_mut().map_or(root, |open| &mut open.children);
            target.push(Node::Text(Span::new(from, to)));
        }
    }
    fn close(stack: &mut Vec<Open>, root: &mut Vec<Node>) {
        if let Some(open) = stack.pop() {
            let node = Node::Mark {
                annotation: open.annotation,
                continued: open.continued,
                children: open.children,
            };
            stack
                .last_mut()
                .map_or(root, |parent| &mut parent.children)
                .push(node);
        }
    }

    loop {
        let next_start = pending.peek().map_or(usize::MAX, |Reverse(piece)| piece.0);
        while let Some(top_end) = stack.last().map(|open| open.end) {
            if top_end > next_start {
                break;
            }
            push_text(&mut stack, &mut root, cursor, top_end);
            cursor = top_end;
            close(&mut stack, &mut root);
        }
        let Some(Reverse((start, Reverse(mut end), kind_rank, annotation, continued))) = pending.pop() else {
            break;
        };
        push_text(&mut stack, &mut root, cursor, start);
        cursor = start;
        if let Some(limit) = stack.last().map(|open| open.end) {
            if end > limit {
                pending.push(Reverse((limit, Reverse(end), kind_rank, annotation, true)));
                end = limit;
            }
        }
        if start < end {
            stack.push(Open {
                annotation,
                continued,
                end,
                children: Vec::new(),
            });
        }
    }
    push_text(&mut stack, &mut root, cursor, text.len());
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Label;

    fn annotation(kind: Kind, start: usize, end: usize) -> Annotation {
        let label = match kind {
            Kind::Entity => Some(Label::Person),
            Kind::Quote => Some(Label::Statement),
            Kind::Claim => None,
        };
        Annotation::new(format!("{kind:?}{start}"), kind, label, start, end, "")
    }

    /// Renders the tree as text with brackets: `[0 …]` opens annotation 0, `[0+ …]` a continuation.
    fn render(text: &str, nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|node| match node {
                Node::Text(span) => span.slice(text).to_owned(),
                Node::Mark {
                    annotation,
                    continued,
                    children,
                } => {
                    format!(
                        "[{annotation}{} {}]",
                        if *continued { "+" } else { "" },
                        render(text, children)
                    )
                }
            })
            .collect()
    }

    fn check(text: &str, spans: &[(Kind, usize, usize)], expected: &str) {
        let annotations: Vec<Annotation> = spans.iter().map(|&(k, s, e)| annotation(k, s, e)).collect();
        let nodes = nest(text, &annotations, 0..annotations.len());
        assert_eq!(render(text, &nodes), expected, "layout of {spans:?}");
    }

    #[test]
    fn nests_and_cuts_crossing_highlights() {
        check("abcdef", &[], "abcdef");
        check("abcdef", &[(Kind::Entity, 1, 3)], "a[0 bc]def");
        check(
            "abcdef",
            &[(Kind::Entity, 2, 3), (Kind::Claim, 0, 6)],
            "[1 ab[0 c]def]",
        );
        check(
            "abcdef",
            &[(Kind::Quote, 0, 4), (Kind::Claim, 2, 6)],
            "[0 ab[1 cd]][1+ ef]",
        );
        check(
            "abcdef",
            &[(Kind::Entity, 0, 6), (Kind::Quote, 0, 6), (Kind::Claim, 0, 6)],
            "[2 [1 [0 abcdef]]]",
        );
        check(
            "abcdef",
            &[(Kind::Entity, 1, 2), (Kind::Entity, 2, 4)],
            "a[0 b][1 cd]ef",
        );
        check("“é😀”x", &[(Kind::Quote, 0, 4)], "[0 “é😀”]x");
        check("abc", &[(Kind::Entity, 1, 1)], "abc");
    }
}
