//! The engine as the in-browser benchmark drives it (`bench/browser.mjs`): a `BenchJson` reads
//! corpus JSON chunk by chunk as it arrives, as the app does, into a `BenchEngine`, which builds
//! the index, answers queries with the exact total and the ranked window, lists the exact
//! matching set for agreement checks against other engines, and hands those engines the same
//! documents already split into this engine's tokens. A `BenchBundle` opens a bundle (`pqx
//! bundle`) chunk by chunk as the app does, timing the work.
//!
//! The app does not use this module; `make bench` does, on a page that loads the engine
//! without mounting the app.

use std::borrow::Cow;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::keeper::store_from_parts;
use super::state::now_ms;
use crate::corpus::store::{TextKeeping, TextStore};
use crate::corpus::{Corpus, JsonRead, JsonReader};
use crate::index::bench::{press_release_text_bytes, question_text_bytes, text_bytes, QUERIES};
use crate::index::bundle::BundleReader;
use crate::index::tokenize::for_each_token;
use crate::index::{
    parse_query, press_release_fields, question_fields, Building, DocRef, Filters, Index, Sort,
    FIELD_COUNT,
};

/// Bytes of wasm linear memory (it only grows: this is the high-water mark).
fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

/// One record as the other engines index it: each field's tokens joined by spaces, and the
/// values the facet query filters on.
#[derive(Serialize)]
struct PeerDocument {
    id: u32,
    heading: String,
    text: String,
    body: String,
    people: String,
    kind: &'static str,
    house: &'static str,
    party: String,
}

#[wasm_bindgen]
pub struct BenchEngine {
    corpus: Corpus,
    /// The records' text when `corpus` holds only their heads (from a bundle, as the app
    /// keeps it).
    store: Option<TextStore>,
    index: Index,
    parse_ms: f64,
    build_ms: f64,
    memory_after_parse: f64,
    memory_after_index: f64,
}

#[wasm_bindgen]
impl BenchEngine {
    #[wasm_bindgen(getter, js_name = parseMs)]
    pub fn parse_ms(&self) -> f64 {
        self.parse_ms
    }

    #[wasm_bindgen(getter, js_name = buildMs)]
    pub fn build_ms(&self) -> f64 {
        self.build_ms
    }

    #[wasm_bindgen(getter, js_name = memoryAfterParse)]
    pub fn memory_after_parse(&self) -> f64 {
        self.memory_after_parse
    }

    #[wasm_bindgen(getter, js_name = memoryAfterIndex)]
    pub fn memory_after_index(&self) -> f64 {
        self.memory_after_index
    }

    #[wasm_bindgen(getter)]
    pub fn documents(&self) -> u32 {
        self.index.len()
    }

    #[wasm_bindgen(getter, js_name = textBytes)]
    pub fn text_bytes(&self) -> f64 {
        let Some(store) = &self.store else {
            return text_bytes(&self.corpus) as f64;
        };
        // A bundle's: each head with its text put in, a block of them at a time (the whole of
        // it decompressed at once would not fit beside a large corpus).
        let (questions, releases) = (&self.corpus.questions, &self.corpus.press_releases);
        let mut bytes = 0;
        store.for_each(|i, text| {
            let Ok(text) = text else { return };
            if let Some(head) = questions.get(i) {
                let mut q = head.clone();
                text.fill_question(&mut q);
                bytes += question_text_bytes(&q);
            } else if let Some(head) = releases.get(i - questions.len()) {
                let mut p = head.clone();
                text.fill_press_release(&mut p);
                bytes += press_release_text_bytes(&p);
            }
        });
        bytes as f64
    }

    /// Runs `query` as the app does (exact total, facets, histogram, ranked window):
    /// `[total, doc ids of the first `limit` hits in rank order…]`.
    pub fn search(&self, query: &str, limit: u32) -> Vec<u32> {
        let query = parse_query(query);
        let results = self.index.search(
            &query,
            &Filters::default(),
            Sort::Relevance,
            0,
            limit as usize,
        );
        std::iter::once(results.total)
            .chain(results.hits.iter().map(|h| h.doc))
            .collect()
    }

    /// Every document `query` matches, ascending: what the other engines' results are checked
    /// against.
    pub fn matching(&self, query: &str) -> Vec<u32> {
        self.index
            .matching(&parse_query(query), &Filters::default())
            .iter()
            .collect()
    }

    /// The benchmark's query set: `[[kind, [query…]]…]`.
    #[wasm_bindgen(js_name = benchQueries)]
    pub fn bench_queries() -> JsValue {
        serde_wasm_bindgen::to_value(&QUERIES).unwrap_or(JsValue::NULL)
    }

    /// Every record as the other engines index it, in doc id order.
    #[wasm_bindgen(js_name = peerDocuments)]
    pub fn peer_documents(&self) -> Result<JsValue, JsValue> {
        let attrs = &self.index.attrs;
        let corpus = self.whole_corpus();
        let docs: Vec<PeerDocument> = (0..self.index.len())
            .filter_map(|doc| {
                let fields = match self.index.doc_ref(doc)? {
                    DocRef::Question(i) => question_fields(corpus.questions.get(i as usize)?),
                    DocRef::PressRelease(i) => {
                        press_release_fields(corpus.press_releases.get(i as usize)?)
                    }
                };
                let [heading, text, body, people]: [String; FIELD_COUNT] =
                    fields.map(|texts| tokens(&texts));
                let d = doc as usize;
                Some(PeerDocument {
                    id: doc,
                    heading,
                    text,
                    body,
                    people,
                    kind: attrs.kind.get(d)?.slug(),
                    house: attrs.house.get(d)?.map_or("", |h| h.as_str()),
                    party: attrs
                        .parties
                        .slugs
                        .get(*attrs.party.get(d)? as usize)?
                        .to_string(),
                })
            })
            .collect();
        serde_wasm_bindgen::to_value(&docs).map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

impl BenchEngine {
    /// The records with their text (decompressed from the store, for a bundle's).
    fn whole_corpus(&self) -> Cow<'_, Corpus> {
        match &self.store {
            None => Cow::Borrowed(&self.corpus),
            Some(store) => {
                let mut corpus = self.corpus.clone();
                store.attach(&mut corpus);
                Cow::Owned(corpus)
            }
        }
    }
}

/// Corpus JSON being read as its bytes arrive, as the app reads it: records parsed as they come
/// (no byte kept in wasm memory), indexed, and their text kept coded as numbered words.
#[wasm_bindgen]
#[derive(Default)]
pub struct BenchJson {
    reader: JsonReader,
    building: Building,
    keeping: TextKeeping,
    parse_ms: f64,
    build_ms: f64,
}

#[wasm_bindgen]
impl BenchJson {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BenchJson {
        BenchJson::default()
    }

    /// A reader that lets the records' text go once they are indexed: a text keeper (a worker,
    /// `assets/keeper.js`) reads the same chunks and keeps it, as in the app (`finishWith`).
    #[wasm_bindgen(js_name = lettingGo)]
    pub fn letting_go() -> BenchJson {
        BenchJson {
            keeping: TextKeeping::letting_go(),
            ..BenchJson::default()
        }
    }

    /// Parses every record `chunk` completes, indexes them and keeps their text.
    pub fn feed(&mut self, chunk: &[u8]) {
        let t0 = now_ms();
        self.reader.feed(chunk);
        let t1 = now_ms();
        self.parse_ms += t1 - t0;
        self.building.add(&self.reader.arrived(), usize::MAX);
        (self.reader).keep_text(&mut self.keeping, self.building.indexed());
        self.build_ms += now_ms() - t1;
    }

    /// Time spent reading so far.
    #[wasm_bindgen(getter, js_name = parseMs)]
    pub fn parse_ms(&self) -> f64 {
        self.parse_ms
    }

    /// Time spent indexing and keeping text so far.
    #[wasm_bindgen(getter, js_name = buildMs)]
    pub fn build_ms(&self) -> f64 {
        self.build_ms
    }

    /// The engine over the records, its index built; its parse time is the time spent reading,
    /// its build time the time spent indexing and keeping the text.
    pub fn finish(self) -> Result<BenchEngine, JsValue> {
        self.finish_keeping(None)
    }

    /// `finish` of a reader `lettingGo`, with the store its text keeper handed over (`head`,
    /// `body`, read as the app reads it) and the time the page spent on the keeper (`keeper_ms`:
    /// passing chunks on and waiting for its store), both counted in the build.
    #[wasm_bindgen(js_name = finishWith)]
    pub async fn finish_with(
        self,
        head: js_sys::Uint8Array,
        body: js_sys::Uint8Array,
        keeper_ms: f64,
    ) -> Result<BenchEngine, JsValue> {
        let t0 = now_ms();
        let store = store_from_parts(&head, &body).await?;
        self.finish_keeping(Some((store, keeper_ms + now_ms() - t0)))
    }

    fn finish_keeping(self, handed: Option<(TextStore, f64)>) -> Result<BenchEngine, JsValue> {
        let t0 = now_ms();
        let BenchJson {
            reader,
            mut building,
            keeping,
            parse_ms,
            build_ms,
        } = self;
        match reader.finish() {
            JsonRead::Corpus(mut corpus) => {
                let memory_after_parse = wasm_memory_bytes();
                let t1 = now_ms();
                // The last records read, not indexed yet, then the text of those.
                building.add(&corpus, usize::MAX);
                let (store, keeper_ms) = match handed {
                    None => (keeping.finish(&mut corpus), 0.0),
                    Some((store, keeper_ms)) => {
                        if !keeping.matches(&corpus, &store) {
                            return Err("the text keeper kept the text of other records".into());
                        }
                        (keeping.finish_with(&mut corpus, store), keeper_ms)
                    }
                };
                let index = building.finish();
                let build_ms = build_ms + keeper_ms + now_ms() - t1;
                // What the app makes in slices once the index is searchable, before its
                // reader types (a bundle's reader makes it as the text arrives).
                index.keep_everything();
                Ok(BenchEngine {
                    corpus,
                    store: Some(store),
                    index,
                    parse_ms: parse_ms + t1 - t0,
                    build_ms,
                    memory_after_parse,
                    memory_after_index: wasm_memory_bytes(),
                })
            }
            JsonRead::Unfollowed => Err(JsValue::from_str(
                "not corpus JSON, or cut short: `pqx synth` or `pqx build` writes one",
            )),
        }
    }
}

/// A bundle being opened as its bytes arrive, as the app opens one: searchable once its index
/// has come, whole once its text has too.
#[wasm_bindgen]
pub struct BenchBundle {
    reader: BundleReader,
    decode_ms: f64,
    /// The records' heads and the index, once they have come.
    searchable: Option<(Corpus, Rc<Index>)>,
    searchable_decode_ms: f64,
}

#[wasm_bindgen]
impl BenchBundle {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BenchBundle {
        BenchBundle {
            reader: BundleReader::new(),
            decode_ms: 0.0,
            searchable: None,
            searchable_decode_ms: 0.0,
        }
    }

    /// Decodes what `chunk` completes.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let t0 = now_ms();
        let fed = self.reader.feed(chunk);
        if self.searchable.is_none() {
            self.searchable = self.reader.take_searchable();
            if self.searchable.is_some() {
                self.searchable_decode_ms = self.decode_ms + now_ms() - t0;
            }
        }
        self.decode_ms += now_ms() - t0;
        fed.map_err(|e| JsValue::from_str(&format!("the bundle is damaged {e}")))
    }

    /// Whether the index has come (the app shows results from then on).
    #[wasm_bindgen(getter)]
    pub fn searchable(&self) -> bool {
        self.searchable.is_some()
    }

    /// Time spent decoding up to the index's end.
    #[wasm_bindgen(getter, js_name = searchableDecodeMs)]
    pub fn searchable_decode_ms(&self) -> f64 {
        self.searchable_decode_ms
    }

    /// The engine over the whole bundle; its build time is the time spent decoding.
    pub fn finish(self) -> Result<BenchEngine, JsValue> {
        let t0 = now_ms();
        let ended_early = || JsValue::from_str("the bundle ended early");
        let (corpus, index) = self.searchable.ok_or_else(ended_early)?;
        let texts = self.reader.finish_texts();
        if texts.len() < texts.expected() {
            return Err(ended_early());
        }
        Ok(BenchEngine {
            corpus,
            store: Some(texts.into_store()),
            index: Rc::unwrap_or_clone(index),
            parse_ms: 0.0,
            build_ms: self.decode_ms + now_ms() - t0,
            memory_after_parse: 0.0,
            memory_after_index: wasm_memory_bytes(),
        })
    }
}

impl Default for BenchBundle {
    fn default() -> Self {
        Self::new()
    }
}

/// This engine's tokens of some texts, joined by spaces.
fn tokens(texts: &[&str]) -> String {
    let mut out = String::new();
    for text in texts {
        for_each_token(text, |word, _| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        });
    }
    out
}
