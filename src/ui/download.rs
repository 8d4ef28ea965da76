//! Saving text the app made (exports) as a file on the user's machine, without a server: a Blob,
//! an object URL, and a click on a temporary download link.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`. Returns a message when the browser refused.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not offer the file".to_string())?;
    let document = gloo::utils::document();
    let link = document
        .create_element("a")
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| "the browser could not offer the file".to_string())?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Give the browser time to start the download before the URL is released.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
