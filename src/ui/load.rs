//! Fetching the bundled corpus asset, with progress as it arrives and messages that say what went
//! wrong and what to do. A file cut short still opens with the records before the cut.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::words::{count, human_size};
use crate::corpus::{salvage_corpus, Corpus};

/// Where the bundled corpus is served from, next to index.html.
pub const CORPUS_URL: &str = "corpus.json";

/// The largest corpus file the explorer reads (about 350,000 records): with its index, more
/// would not fit the memory one tab's WebAssembly can address.
const MAX_CORPUS_BYTES: u64 = 1_000_000_000;

/// A corpus read from its file, with a notice when only part of it could be read.
#[derive(Debug)]
pub struct Decoded {
    pub corpus: Corpus,
    pub notice: Option<String>,
}

/// Fetches and deserialises the corpus at `url`, reporting `(bytes received, bytes expected)` as
/// the body arrives.
pub async fn fetch_corpus(
    url: &str,
    progress: impl Fn(u64, Option<u64>),
) -> Result<Decoded, String> {
    let response = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("The corpus file {url} could not be fetched ({e}). Check your connection and retry."))?;
    if !response.ok() {
        return Err(format!(
            "The corpus file {url} could not be loaded (HTTP {} {}). It may not have been built: `make serve` builds it.",
            response.status(),
            response.status_text()
        ));
    }
    let expected = response
        .headers()
        .get("content-length")
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = |size: u64| {
        format!(
            "The corpus file {url} is larger ({} and more) than the {} the explorer can hold in one tab. Serve a smaller corpus, or import only the files you need.",
            human_size(size as f64),
            human_size(MAX_CORPUS_BYTES as f64)
        )
    };
    if let Some(size) = expected.filter(|&n| n > MAX_CORPUS_BYTES) {
        return Err(too_large(size));
    }
    let bytes = match response.body() {
        Some(body) => read_body(body, expected, &progress).await,
        None => response.binary().await.map_err(|e| e.to_string()).map(Ok),
    }
    .map_err(|e| {
        format!("The corpus file {url} stopped arriving ({e}). Check your connection and retry.")
    })?
    .map_err(too_large)?;
    decode_corpus(url, &bytes)
}

/// Reads a response body chunk by chunk, reporting progress about every 1% (and at least every
/// 4 MB when the size is unknown). Stops with `Ok(Err(bytes so far))` past `MAX_CORPUS_BYTES`.
async fn read_body(
    body: web_sys::ReadableStream,
    expected: Option<u64>,
    progress: &impl Fn(u64, Option<u64>),
) -> Result<Result<Vec<u8>, u64>, String> {
    let js_error = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let capacity = expected
        .filter(|&n| n <= MAX_CORPUS_BYTES)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    let step = expected.map_or(4 << 20, |n| (n / 100).max(64 << 10));
    let mut next_report = 0u64;
    progress(0, expected);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(js_error)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .map_err(js_error)?
            .as_bool()
            .unwrap_or(true);
        if done {
            return Ok(Ok(bytes));
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(js_error)?
            .dyn_into()
            .map_err(js_error)?;
        let start = bytes.len();
        if (start as u64) + u64::from(value.length()) > MAX_CORPUS_BYTES {
            // Stop reading: nothing more is fetched once the reader is dropped.
            let _ = reader.cancel();
            return Ok(Err(start as u64 + u64::from(value.length())));
        }
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        let received = bytes.len() as u64;
        if received >= next_report {
            progress(received, expected);
            next_report = received + step;
        }
    }
}

/// Deserialises corpus JSON. A file cut short gives the records before the cut and a notice; any
/// other problem is an error naming its position and what to do.
pub fn decode_corpus(url: &str, bytes: &[u8]) -> Result<Decoded, String> {
    let error = match serde_json::from_slice::<Corpus>(bytes) {
        Ok(corpus) => {
            return Ok(Decoded {
                corpus,
                notice: None,
            })
        }
        Err(e) => e,
    };
    let size = human_size(bytes.len() as f64);
    let at = format!("line {} column {}", error.line(), error.column());
    match error.classify() {
        serde_json::error::Category::Eof => {
            let salvaged = salvage_corpus(bytes);
            let (q, p) = (
                salvaged.corpus.questions.len(),
                salvaged.corpus.press_releases.len(),
            );
            if q + p == 0 {
                return Err(format!(
                    "The corpus file {url} ends early: it stops after {size}, at {at}, before any complete record. It may have been cut off in transit or damaged: retry, or rebuild it with `make corpus`."
                ));
            }
            let notice = format!(
                "The corpus file {url} was cut short: it stops after {size}, at {at}. Loaded the {} and {} before the cut; anything after it is missing. Retry to load the whole file.",
                count(q, "question", "questions"),
                count(p, "press release", "press releases"),
            );
            Ok(Decoded {
                corpus: salvaged.corpus,
                notice: Some(notice),
            })
        }
        serde_json::error::Category::Data => Err(format!(
            "The corpus file {url} is JSON but not a pq-explorer corpus: {}. The explorer expects an object with \"questions\" and \"press_releases\" lists, as `pqx build` writes. To read official written-questions API JSON or page text, open Import.",
            wrong_shape(bytes, &error)
        )),
        _ => Err(format!(
            "The corpus file {url} is damaged or not a corpus ({size}): {error}. Rebuild it with `make corpus` and retry."
        )),
    }
}

/// What the top of a JSON value that is not a corpus holds, in a few words.
fn wrong_shape(bytes: &[u8], error: &serde_json::Error) -> String {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) if !map.contains_key("questions") => {
            let keys: Vec<&str> = map.keys().take(6).map(String::as_str).collect();
            if keys.is_empty() {
                "it is an empty object".into()
            } else {
                format!("it is an object with {}", keys.join(", "))
            }
        }
        Ok(serde_json::Value::Array(items)) => {
            format!("it is a list of {}", count(items.len(), "item", "items"))
        }
        Ok(serde_json::Value::Object(_)) => format!("a record does not fit: {error}"),
        Ok(other) => format!("it is a single value ({})", kind(&other)),
        Err(_) => error.to_string(),
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a true/false value",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let message = match decode_corpus("corpus.json", input.as_bytes()) {
            Ok(decoded) => decoded.notice.unwrap_or_else(|| "loaded".into()),
            Err(e) => e,
        };
        for part in expect {
            assert!(message.contains(part), "{message:?} lacks {part:?}");
        }
    }

    #[test]
    fn each_problem_says_what_it_is() {
        let empty = r#"{"questions":[],"press_releases":[],"diagnostics":[],"sources":[]}"#;
        check(empty, &["loaded"]);
        check(
            r#"{"questions": [{"id": "#,
            &["ends early", "line 1 column", "retry"],
        );
        check(
            r#"{"questions": [}"#,
            &["damaged or not a corpus", "line 1 column 16"],
        );
        check(
            "[1, 2]",
            &["not a pq-explorer corpus", "a list of 2 items", "Import"],
        );
        check(
            r#"{"results": []}"#,
            &["not a pq-explorer corpus", "an object with results"],
        );
        check("{}", &["an empty object"]);
        check("42", &["a single value (a number)"]);
        check(
            r#"{"questions": [{"id": 3}]}"#,
            &["a record does not fit", "invalid type"],
        );
        check("", &["ends early"]);
    }
}
