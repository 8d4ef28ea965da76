//! The parser as JavaScript sees it: `parse_text(name, text, format)` returns the corpus model
//! of one file as a plain object, the same shape as the bundled corpus JSON.

use wasm_bindgen::prelude::*;

use crate::corpus::{merge_into, parse_file, Corpus, Format};

/// Parses one file's text. `format` is `auto` (or empty) or a format name (`a`, `b`, `c`,
/// `api-json`, `corpus-json`). Never throws for bad text: problems come back as diagnostics.
#[wasm_bindgen(js_name = parseText)]
pub fn parse_text(name: &str, text: &str, format: &str) -> Result<JsValue, JsValue> {
    let format = match format {
        "" | "auto" => None,
        other => Some(Format::from_name(other).ok_or_else(|| {
            JsValue::from_str(&format!(
                "unknown format '{other}': use auto, a, b, c, api-json or corpus-json"
            ))
        })?),
    };
    let mut corpus = Corpus::default();
    merge_into(&mut corpus, parse_file(name, text, format));
    serde_wasm_bindgen::to_value(&corpus).map_err(|e| JsValue::from_str(&e.to_string()))
}
