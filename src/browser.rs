//! Browser services other than storage: the clock, file downloads, the clipboard, and the one
//! place that converts DOM (UTF-16) offsets.

use factmark_core::OffsetMap;
use wasm_bindgen::JsCast;

/// The current time as RFC 3339 in UTC, e.g. `2026-11-27T09:30:00.000Z`.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// An RFC 3339 time as the reader reads it: in their locale and time zone, with the zone named
/// ("27 Nov 2026, 10:30 CET" in en-GB in Paris). The one place the app formats a time; the
/// browser's `Intl` does it, which costs the bundle nothing. A time the browser cannot read is
/// shown as it is.
pub fn local_time(stamp: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(stamp));
    if date.get_time().is_nan() {
        return stamp.to_owned();
    }
    TIME_FORMAT.with(|format| {
        format
            .format()
            .call1(&wasm_bindgen::JsValue::NULL, &date)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| stamp.to_owned())
    })
}

thread_local! {
    /// The reader's time format, built once: building an `Intl.DateTimeFormat` is the costly
    /// part, and the library list formats two times per article on every render.
    static TIME_FORMAT: js_sys::Intl::DateTimeFormat = {
        use js_sys::Intl::{DateTimeFormat, DateTimeFormatOptions, DayFormat, MonthFormat, NumericFormat};
        use js_sys::Intl::{TimeZoneNameFormat, YearFormat};
        let options = DateTimeFormatOptions::new();
        options.set_year(YearFormat::Numeric);
        options.set_month(MonthFormat::Short);
        options.set_day(DayFormat::Numeric);
        options.set_hour(NumericFormat::TwoDigit);
        options.set_minute(NumericFormat::TwoDigit);
        options.set_time_zone_name(TimeZoneNameFormat::Short);
        // No locales: the reader's own.
        DateTimeFormat::new(&js_sys::Array::new(), &options)
    };
}

/// Why a download could not start.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadError(pub String);

impl std::fmt::Display for DownloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "The download could not start: {}", self.0)
    }
}

/// Offers `contents` to the user as a file named `file_name`.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), DownloadError> {
    fn fail(what: &'static str) -> impl Fn(wasm_bindgen::JsValue) -> DownloadError {
        move |error| DownloadError(format!("{what} ({error:?})"))
    }
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(fail("the browser refused to build the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail("no object URL"))?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail("no link element"))?
        .dyn_into()
        .map_err(|_| DownloadError("the link element has the wrong type".into()))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has queued the download; the object URL may go once it is read.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Puts `text` on the clipboard. The error says why the browser refused, in words for the user.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let navigator = gloo::utils::window().navigator();
    // `navigator.clipboard` is missing outside secure contexts; calling into it would throw.
    let present =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|value| !value.is_undefined());
    if !present {
        return Err("this browser offers no clipboard to this page".to_owned());
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|error| match error.dyn_ref::<web_sys::DomException>() {
            Some(exception) => format!("{}: {}", exception.name(), exception.message()),
            None => format!("{error:?}"),
        })
}

/// Converts a DOM offset (UTF-16 code units) into `text` to code points. This is the only
/// place the app meets UTF-16; everything it stores counts code points.
pub fn utf16_to_char_offset(text: &str, utf16: usize) -> usize {
    OffsetMap::new(text).utf16_to_char(utf16)
}

/// The user's text selection inside `container`, as a code point range of `text` (which the
/// container shows as its text content). `None` when nothing, or nothing inside, is selected.
pub fn selection_in(container: &web_sys::Element, text: &str) -> Option<(usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let inside = |node: web_sys::Node| container.contains(Some(&node));
    if !inside(range.start_container().ok()?) || !inside(range.end_container().ok()?) {
        return None;
    }
    // The length of the text from the container's start to each boundary, in UTF-16 units.
    let offset_of = |node: web_sys::Node, offset: u32| -> Option<usize> {
        let before = gloo::utils::document().create_range().ok()?;
        before.set_start(container, 0).ok()?;
        before.set_end(&node, offset).ok()?;
        Some(String::from(before.to_string()).encode_utf16().count())
    };
    let start = offset_of(range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = offset_of(range.end_container().ok()?, range.end_offset().ok()?)?;
    let (start, end) = (utf16_to_char_offset(text, start), utf16_to_char_offset(text, end));
    (start < end).then_some((start, end))
}

/// Focuses the highlight `id` (its first piece) and brings it into view; false when it is not
/// on the page (dismissed, or a claim below the threshold).
pub fn focus_highlight(id: &str) -> bool {
    let selector = format!("mark[data-id=\"{}\"]:not([data-continued])", css_escape(id));
    let Some(mark) = gloo::utils::document().query_selector(&selector).ok().flatten() else {
        return false;
    };
    let Some(mark) = mark.dyn_ref::<web_sys::HtmlElement>() else {
        return false;
    };
    let already = gloo::utils::document()
        .active_element()
        .is_some_and(|active| &active == mark.as_ref() as &web_sys::Element);
    if !already {
        let _ = mark.focus();
    }
    // Bringing a list row into view may have scrolled the page; keep the highlight in view.
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    mark.scroll_into_view_with_scroll_into_view_options(&options);
    true
}

/// Focuses the element with this id, if there is one; false otherwise.
pub fn focus_id(id: &str) -> bool {
    let element = gloo::utils::document().get_element_by_id(id);
    match element.as_ref().and_then(|e| e.dyn_ref::<web_sys::HtmlElement>()) {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// Brings the first element matching `selector` into view in its own scrolling box without
/// moving the page more than needed.
pub fn reveal(selector: &str) {
    if let Some(element) = gloo::utils::document().query_selector(selector).ok().flatten() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The ids of the focusable highlights, in text order.
pub fn highlight_ids(container_id: &str) -> Vec<String> {
    let selector = format!("#{container_id} mark[data-id]:not([data-continued])");
    let Ok(marks) = gloo::utils::document().query_selector_all(&selector) else {
        return Vec::new();
    };
    (0..marks.length())
        .filter_map(|index| marks.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .filter_map(|element| element.get_attribute("data-id"))
        .collect()
}

/// Ids are UUIDs, but a CSS selector must not trust that: quotes and backslashes are escaped.
fn css_escape(id: &str) -> String {
    id.chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect()
}

/// Runs `run` in a task just after the next frame is painted: for work that can wait until the
/// user sees something.
pub fn after_next_paint(run: impl FnOnce() + 'static) {
    let later = move || gloo::timers::callback::Timeout::new(0, run).forget();
    let frame = wasm_bindgen::closure::Closure::once_into_js(later);
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// What the user did in the first screen that `index.html` paints before the app's wasm
/// arrives (the static shell): the text typed or pasted, and whether Annotate was pressed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shell {
    pub draft: String,
    pub annotate: bool,
    /// The article box had the focus.
    pub focused: bool,
}

/// Takes over the static shell: reads what was typed into it and removes it, so the app renders
/// in its place (with the same markup and styles, so nothing moves). Called once, right before
/// the app mounts, in the same task, so no keystroke falls between the two.
pub fn take_shell() -> Shell {
    let document = gloo::utils::document();
    let mut shell = Shell::default();
    if let Some(area) = document
        .query_selector("[data-shell] textarea")
        .ok()
        .flatten()
        .and_then(|area| area.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        shell.draft = area.value();
        shell.focused = document
            .active_element()
            .is_some_and(|active| &active == AsRef::<web_sys::Element>::as_ref(&area));
    }
    if let Ok(parts) = document.query_selector_all("[data-shell]") {
        for index in 0..parts.length() {
            let Some(part) = parts.get(index) else { continue };
            if let Some(element) = part.dyn_ref::<web_sys::Element>() {
                // The shell's form notes a press of Annotate before the app could take it.
                shell.annotate |= element
                    .query_selector("form[data-annotate]")
                    .ok()
                    .flatten()
                    .is_some();
                element.remove();
            }
        }
    }
    shell
}
