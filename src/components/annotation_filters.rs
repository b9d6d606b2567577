//! Filters by kind, label and status, the search field, and the switches to dismissed items
//! and to the claims below the threshold.

use factmark_core::{Kind, Label, Status};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::review::Filter;

/// The id of the search field, which the `/` shortcut focuses.
pub const SEARCH_ID: &str = "annotation-search";

#[derive(Properties, PartialEq)]
pub struct AnnotationFiltersProps {
    pub filter: Filter,
    pub on_filter: Callback<Filter>,
}

#[component]
pub fn AnnotationFilters(props: &AnnotationFiltersProps) -> Html {
    // Each control edits one field of the filter.
    let update = |apply: fn(&mut Filter, String)| {
        let (filter, on_filter) = (props.filter.clone(), props.on_filter.clone());
        move |value: String| {
            let mut next = filter.clone();
            apply(&mut next, value);
            on_filter.emit(next);
        }
    };
    let on_kind = update(|f, v| f.kind = Kind::ALL.into_iter().find(|k| k.as_str() == v));
    let on_label = update(|f, v| f.label = Label::parse(&v));
    let on_status = update(|f, v| f.status = Status::ALL.into_iter().find(|s| s.as_str() == v));
    let on_query = update(|f, v| f.query = v);
    let on_dismissed = update(|f, v| f.dismissed = v == "true");
    let on_below = update(|f, v| f.below_threshold = v == "true");
    let select = |id: &'static str,
                  words: &'static str,
                  choices: Vec<(&'static str, &'static str)>,
                  current: &str,
                  on: Callback<String>| {
        let onchange =
            move |event: Event| on.emit(event.target_unchecked_into::<HtmlSelectElement>().value());
        html! {
            <div class="field">
                <label for={id}>{ words }</label>
                <select {id} {onchange}>
                    <option value="" selected={current.is_empty()}>{ "Any" }</option>
                    { for choices.into_iter().map(|(value, text)| html! {
                        <option {value} selected={value == current}>{ text }</option>
                    }) }
                </select>
            </div>
        }
    };
    let check = |id: &'static str, words: &'static str, checked: bool, on: Callback<String>| {
        let onchange = move |event: Event| {
            on.emit(
                event
                    .target_unchecked_into::<HtmlInputElement>()
                    .checked()
                    .to_string(),
            )
        };
        html! {
            <div class="field check">
                <input {id} type="checkbox" {checked} {onchange} />
                <label for={id}>{ words }</label>
            </div>
        }
    };
    let filter = &props.filter;
    let labels = Label::ENTITY_LABELS.iter().chain(Label::QUOTE_LABELS.iter());
    html! {
        <div class="filters" role="search" aria-label="Find annotations">
            <div class="field search">
                <label for={SEARCH_ID}>{ "Search annotations" }</label>
                <input id={SEARCH_ID} type="search" value={filter.query.clone()} aria-keyshortcuts="/"
                    oninput={move |e: InputEvent| on_query(e.target_unchecked_into::<HtmlInputElement>().value())} />
            </div>
            { select("filter-kind", "Filter by kind", vec![("entity", "Entities"), ("quote", "Quotes"), ("claim", "Claims")],
                filter.kind.map_or("", Kind::as_str), Callback::from(on_kind)) }
            { select("filter-label", "Filter by label", labels.map(|l| (l.as_str(), l.describe())).collect(),
                filter.label.map_or("", Label::as_str), Callback::from(on_label)) }
            { select("filter-status", "Filter by status", Status::ALL.iter().map(|s| (s.as_str(), s.as_str())).collect(),
                filter.status.map_or("", Status::as_str), Callback::from(on_status)) }
            { check("filter-dismissed", "Show dismissed only", filter.dismissed, Callback::from(on_dismissed)) }
            { check("filter-below", "Show claims below the threshold", filter.below_threshold, Callback::from(on_below)) }
        </div>
    }
}
