//! The engine benchmark as the browser runs it: `benchCorpus(json, repeats)` parses a corpus
//! JSON string, builds the index and times the benchmark query set with `performance.now()`,
//! and reports the wasm memory used. `make bench` calls it from headless Chromium.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::corpus::Corpus;
use crate::index::bench;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

#[wasm_bindgen(js_name = benchCorpus)]
pub fn bench_corpus(json: &str, repeats: u32) -> Result<JsValue, JsValue> {
    let memory_before = wasm_memory_bytes();
    let t0 = now();
    let corpus: Corpus =
        serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("not a corpus: {e}")))?;
    let parse_ms = now() - t0;
    let memory_after_parse = wasm_memory_bytes();
    let (index, report) = bench::run(&corpus, repeats as usize, &now);
    let memory_after_index = wasm_memory_bytes();
    let result = serde_json::json!({
        "parse_ms": parse_ms,
        "wasm_memory_before": memory_before,
        "wasm_memory_after_parse": memory_after_parse,
        "wasm_memory_after_index": memory_after_index,
        "report": report,
    });
    drop(index);
    Ok(JsValue::from_str(&result.to_string()))
}
