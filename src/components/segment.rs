//! One top-level piece of the article view: plain text, or a highlight with everything nested
//! in it. Memoised: it re-renders only when one of its own highlights changes.

use std::rc::Rc;

use factmark_core::layout::Node;
use factmark_core::{Annotation, Article, Kind};
use yew::prelude::*;

use crate::review::ArticleRef;

use crate::display::accessible_name;

/// A top-level node of the layout and the annotations it shows.
#[derive(Debug, PartialEq)]
pub struct SegmentLayout {
    /// Where it starts in the text, in bytes.
    pub start: usize,
    node: Node,
    /// Indexes into the article's annotations of every highlight inside.
    indices: Vec<usize>,
}

impl SegmentLayout {
    pub fn new(node: Node) -> SegmentLayout {
        let mut indices = Vec::new();
        collect(&node, &mut indices);
        let start = first_byte(&node);
        SegmentLayout { start, node, indices }
    }

    fn annotations<'a>(&'a self, article: &'a Article) -> impl Iterator<Item = Option<&'a Annotation>> {
        self.indices.iter().map(|&index| article.annotations.get(index))
    }

    /// Whether this piece renders the same marks from two versions of the article.
    pub fn looks_same_in(&self, a: &Article, b: &Article) -> bool {
        self.annotations(a)
            .zip(self.annotations(b))
            .all(|(a, b)| looks_same(a, b))
    }

    /// Whether the highlight `id` is one of this piece's.
    pub fn holds(&self, article: &Article, id: &str) -> bool {
        self.annotations(article).flatten().any(|a| a.id == id)
    }
}

fn collect(node: &Node, into: &mut Vec<usize>) {
    if let Node::Mark {
        annotation, children, ..
    } = node
    {
        into.push(*annotation);
        children.iter().for_each(|child| collect(child, into));
    }
}

fn first_byte(node: &Node) -> usize {
    match node {
        Node::Text(span) => span.start,
        Node::Mark { children, .. } => children.first().map_or(usize::MAX, first_byte),
    }
}

#[derive(Properties)]
pub struct SegmentProps {
    pub layout: Rc<SegmentLayout>,
    pub article: ArticleRef,
    /// Shared, not a `String`: every segment gets it on every render.
    pub selected: Option<Rc<str>>,
}

impl SegmentProps {
    /// The selected id, if it is one of this segment's highlights.
    fn selected_here(&self) -> Option<&str> {
        let selected = self.selected.as_deref()?;
        self.layout.holds(&self.article, selected).then_some(selected)
    }
}

/// Equal when the same layout shows equal annotations with the same one selected: a new copy
/// of the article with other highlights changed does not re-render this segment.
impl PartialEq for SegmentProps {
    fn eq(&self, other: &SegmentProps) -> bool {
        Rc::ptr_eq(&self.layout, &other.layout)
            && (self.article == other.article || self.layout.looks_same_in(&self.article, &other.article))
            && self.selected_here() == other.selected_here()
    }
}

/// Whether two versions of an annotation render the same marks. Only what a mark shows is
/// compared; the text and span cannot differ while the layout is the same, since the layout is
/// rebuilt whenever they change.
fn looks_same(a: Option<&Annotation>, b: Option<&Annotation>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.status == b.status
                && a.kind == b.kind
                && a.label == b.label
                && a.note.is_empty() == b.note.is_empty()
                && a.id == b.id
        }
        (a, b) => a.is_none() && b.is_none(),
    }
}

#[component]
pub fn Segment(props: &SegmentProps) -> Html {
    render(&props.layout.node, props)
}

fn render(node: &Node, props: &SegmentProps) -> Html {
    match node {
        Node::Text(span) => html! { { span.slice(&props.article.text) } },
        Node::Mark {
            annotation,
            continued,
            children,
        } => {
            let Some(annotation) = props.article.annotations.get(*annotation) else {
                return Html::default();
            };
            let children: Html = children.iter().map(|child| render(child, props)).collect();
            mark(annotation, *continued, children, props.selected.as_deref())
        }
    }
}

fn mark(annotation: &Annotation, continued: bool, children: Html, selected: Option<&str>) -> Html {
    let selected = selected == Some(annotation.id.as_str());
    let classes = classes!(
        "hl",
        format!("hl-{}", annotation.kind.as_str()),
        selected.then_some("selected"),
        (!annotation.note.is_empty()).then_some("has-note")
    );
    let label = annotation.label.map(|label| label.as_str());
    let strength = (annotation.kind == Kind::Claim).then(|| strength(annotation.score));
    if continued {
        return html! {
            <mark class={classes} data-kind={annotation.kind.as_str()} data-status={annotation.status.as_str()}
                data-id={annotation.id.clone()} data-label={label} data-strength={strength} data-continued="true">
                { children }
            </mark>
        };
    }
    html! {
        <mark class={classes} data-kind={annotation.kind.as_str()} data-status={annotation.status.as_str()}
            data-id={annotation.id.clone()} data-label={label} data-strength={strength}
            tabindex="0" role="group" aria-roledescription="highlight" aria-label={accessible_name(annotation)}
            aria-current={selected.then_some("true")}>
            { children }
        </mark>
    }
}

/// How strongly a claim is tinted, from its check-worthiness: "1" (below 0.6), "2" (below 0.8)
/// or "3"; a claim added by hand, without a score, is "2". Three steps rather than a
/// continuous tint, so the legend can show each and every step keeps the text's contrast.
pub fn strength(score: Option<f32>) -> &'static str {
    match score {
        Some(score) if score < 0.6 => "1",
        Some(score) if score >= 0.8 => "3",
        _ => "2",
    }
}
