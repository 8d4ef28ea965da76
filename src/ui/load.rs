//! Fetching the bundled corpus asset, with messages that say what went wrong and what to do.

use crate::corpus::Corpus;

/// Where the bundled corpus is served from, next to index.html.
pub const CORPUS_URL: &str = "corpus.json";

/// Fetches and deserialises the corpus at `url`.
pub async fn fetch_corpus(url: &str) -> Result<Corpus, String> {
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
    let text = response
        .text()
        .await
        .map_err(|e| format!("The corpus file {url} could not be read ({e}). Retry."))?;
    decode_corpus(url, &text)
}

/// Deserialises corpus JSON, naming the position of the first problem.
pub fn decode_corpus(url: &str, text: &str) -> Result<Corpus, String> {
    serde_json::from_str(text).map_err(|e| {
        format!(
            "The corpus file {url} is damaged or not a corpus: {e}. Rebuild it with `make corpus` and retry."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::decode_corpus;

    #[test]
    fn damaged_json_names_the_position() {
        let err = decode_corpus("corpus.json", "{\"questions\": [").unwrap_err();
        assert!(err.contains("line 1 column"), "{err}");
        let err = decode_corpus("corpus.json", "[1, 2]").unwrap_err();
        assert!(err.contains("not a corpus"), "{err}");
    }
}
