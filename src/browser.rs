//! Browser services other than storage: the clock, file downloads, and the one place that
//! converts DOM (UTF-16) offsets.

use factmark_core::OffsetMap;
use wasm_bindgen::JsCast;

/// The current time as RFC 3339 in UTC, e.g. `2026-11-27T09:30:00.000Z`.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
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

/// Converts a DOM offset (UTF-16 code units) into `text` to code points. This is the only
/// place the app meets UTF-16; everything it stores counts code points.
pub fn utf16_to_char_offset(text: &str, utf16: usize) -> usize {
    OffsetMap::new(text).utf16_to_char(utf16)
}
