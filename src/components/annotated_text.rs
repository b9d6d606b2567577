//! The article with its highlights: nested `<mark>`s laid out by the core.
//!
//! Each highlight is a focusable `role="group"` with an accessible name, not a button: highlights
//! nest (a claim holds a quote holds a name), and nested buttons are invalid and confuse screen
//! readers, while nested named groups are fine.

use factmark_core::layout::{nest, Node};
use factmark_core::{Annotation, Article};
use yew::prelude::*;

use crate::display::accessible_name;

#[derive(Properties, PartialEq)]
pub struct AnnotatedTextProps {
    pub article: std::rc::Rc<Article>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[component]
pub fn AnnotatedText(props: &AnnotatedTextProps) -> Html {
    let article = &props.article;
    let visible = article
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| annotation.is_highlighted())
        .map(|(index, _)| index);
    let nodes = nest(&article.text, &article.annotations, visible);
    html! {
        <article class="annotated-text" aria-label="Annotated article">
            { render(&article.text, &article.annotations, &nodes, props) }
        </article>
    }
}

fn render(text: &str, annotations: &[Annotation], nodes: &[Node], props: &AnnotatedTextProps) -> Html {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(span) => html! { { span.slice(text) } },
            Node::Mark {
                annotation,
                continued,
                children,
            } => {
                let annotation = &annotations[*annotation];
                let children = render(text, annotations, children, props);
                mark(annotation, *continued, children, props)
            }
        })
        .collect()
}

fn mark(annotation: &Annotation, continued: bool, children: Html, props: &AnnotatedTextProps) -> Html {
    let id = annotation.id.clone();
    let selected = props.selected.as_deref() == Some(annotation.id.as_str());
    let on_click = {
        let on_select = props.on_select.clone();
        let id = id.clone();
        Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            on_select.emit(id.clone());
        })
    };
    let on_keydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                event.stop_propagation();
                on_select.emit(id.clone());
            }
        })
    };
    let classes = classes!(
        "hl",
        format!("hl-{}", annotation.kind.as_str()),
        selected.then_some("selected")
    );
    let label = annotation.label.map(|label| label.as_str());
    if continued {
        return html! {
            <mark class={classes} data-kind={annotation.kind.as_str()} data-status={annotation.status.as_str()}
                data-id={annotation.id.clone()} data-label={label} data-continued="true" onclick={on_click}>
                { children }
            </mark>
        };
    }
    html! {
        <mark class={classes} data-kind={annotation.kind.as_str()} data-status={annotation.status.as_str()}
            data-id={annotation.id.clone()} data-label={label}
            tabindex="0" role="group" aria-roledescription="highlight" aria-label={accessible_name(annotation)}
            aria-current={selected.then_some("true")}
            onclick={on_click} onkeydown={on_keydown}>
            { children }
        </mark>
    }
}
