//! The panel beside the article: progress, filters and search, and every annotation grouped by
//! kind (entities by entity), each a button that selects its highlight.

use std::rc::Rc;

use factmark_core::Kind;
use yew::prelude::*;

use super::annotation_filters::AnnotationFilters;
use super::annotation_section::AnnotationSection;
use super::progress_summary::ProgressSummary;
use crate::browser;
use crate::edit::Change;
use crate::review::{entries, ArticleRef, Filter};

#[derive(Properties, PartialEq)]
pub struct ReviewPanelProps {
    pub article: ArticleRef,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    pub on_change: Callback<Change>,
}

#[component]
pub fn ReviewPanel(props: &ReviewPanelProps) -> Html {
    let filter = use_state(Filter::default);
    // The lists come a frame after the panel first shows, so a new article's text paints first.
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| browser::after_next_paint(move || ready.set(true)));
    }
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |next: Filter| filter.set(next))
    };
    // Worked out once per article and filter, not again for every selection (a long article's
    // grouping walks tens of thousands of annotations), and not before the lists show, so a new
    // article's first frame does not wait for them.
    let lists = use_memo(
        (props.article.clone(), (*filter).clone(), *ready),
        |(article, filter, ready)| {
            Kind::ALL.map(|kind| match ready {
                true => Rc::new(entries(article, kind, filter)),
                false => Rc::default(),
            })
        },
    );
    let kinds = Kind::ALL
        .iter()
        .zip(lists.iter())
        .filter(|(kind, _)| filter.kind.is_none_or(|k| k == **kind));
    html! {
        <section class="review-panel" aria-labelledby="panel-heading">
            <h2 id="panel-heading">{ "Annotations" }</h2>
            <ProgressSummary article={props.article.clone()} />
            <AnnotationFilters filter={(*filter).clone()} {on_filter} />
            <div class="annotation-list" aria-busy={(!*ready).then_some("true")}>
                { for kinds.filter(|_| *ready).map(|(kind, entries)| html! {
                    <AnnotationSection key={kind.as_str()} kind={*kind} article={props.article.clone()}
                        entries={entries.clone()}
                        selected={props.selected.clone()} on_select={props.on_select.clone()}
                        on_change={props.on_change.clone()} />
                }) }
            </div>
        </section>
    }
}
