//! Fetching the corpus, with progress as it arrives and messages that say what went wrong and
//! what to do. The corpus comes as a bundle (records and finished index, read as the bytes
//! arrive) or as corpus JSON (its records parsed as they arrive, then indexed); the first bytes
//! tell which. A bundle is handed on as soon as its index has come, while the records' text
//! goes on arriving. A file cut short still opens with the records before the cut.
//!
//! Who fetches what: a corpus named by the address (`?corpus=`) has been requested by the page's
//! early start (`assets/early.js`, before the wasm loaded), which starts the corpus reader
//! (`keeper.rs`); this module takes that worker (or, without workers, that response) over
//! instead of asking again. The worker passes the body's chunks on as they come and, for JSON
//! large enough (`keeper_pays`), keeps the records' text on the other core; any failure of it
//! comes back as a message and the page keeps the text itself. A bundle (`.pqx`), whose reading
//! costs the page little beside its decoding, and the small bundled corpus, the page fetches
//! itself (`read_by_worker`). JSON's chunks are read record by record and indexed while the
//! next is awaited (a `Building`), and kept outside wasm memory in case the file must be read
//! whole; a bundle is decoded 256 kB at a time. Either way the page gets a turn every 30 ms
//! (`yielding.rs`), and every failure (HTTP status, cut short, damaged, not JSON, wrong shape)
//! becomes a message that says what to do. A corpus JSON the page saved a copy of (`saved.rs`)
//! and whose file is unchanged comes from the early start as that copy, a bundle, in place of
//! the file's response.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::keeper::{field, keeper_pays, Head, ReaderWorker};
use super::saved::{note_opened, FileStamp, IMPORTS_URL};
use super::state::{Loaded, TextState};
use super::words::{count, human_size};
use super::yielding::{settled_first, yield_to_page};
use crate::corpus::handover::JsonTextKeeper;
use crate::corpus::store::{KeptText, Records, TextKeeping, TextStore};
use crate::corpus::{salvage_corpus, Corpus, JsonRead, JsonReader};
use crate::index::bundle::{is_bundle, BundleError, BundleReader, Texts, MAGIC};
use crate::index::{Building, Index};

/// Where the bundled corpus is served from, next to index.html.
pub const CORPUS_URL: &str = "corpus.json";

/// The largest corpus JSON the explorer reads (about 520,000 records). Its text is kept coded
/// as it is read, a piece at a time, so the tab holds about as much as the JSON's size (1.40 GB
/// for the 1.43 GB of 500,000 records), leaving room in the 4 GB one tab's WebAssembly can
/// address for a second index while files are added.
const MAX_JSON_BYTES: u64 = 1_500_000_000;

/// The largest bundle the explorer reads (about 750,000 records): a bundle is decoded as it
/// arrives, and the tab holds 1.3 to 1.4 times its size (1.31 GB for the 1.03 GB of 500,000,
/// 2.17 GB for the 1.56 GB of 750,000).
const MAX_BUNDLE_BYTES: u64 = 1_600_000_000;

/// A corpus read from its file, with its index when the file held one (or the index of its
/// first records, built while the rest arrived), and a notice when only part of it could be read.
pub struct Decoded {
    pub corpus: Corpus,
    pub index: Option<Rc<Index>>,
    /// Without `index`: the index growing, holding the first of `corpus`'s records (JSON's
    /// records are indexed as they arrive, while the download leaves the page idle).
    pub building: Option<Box<Building>>,
    pub notice: Option<String>,
    /// Which records' text `corpus` holds.
    pub text: TextState,
    /// Where the text of `corpus`'s records is kept, when they hold only their heads (JSON's
    /// records, their text coded as numbered words as they are indexed).
    pub kept: Option<KeptText>,
    /// What identifies the version of the JSON file the corpus was read from, when its server
    /// said (for a saved copy, `saved.rs`).
    pub stamp: Option<FileStamp>,
    /// Whether `corpus` is only the first records of a JSON file still being read, searchable
    /// meanwhile (`FIRST_RECORDS_AT_MS`): the load ends with the whole.
    pub more_records: bool,
}

impl Decoded {
    /// Records parsed from corpus JSON, with their repeated texts shared (a bundle's reader
    /// shares them as it reads).
    fn from_json(mut corpus: Corpus) -> Self {
        corpus.share_texts();
        Decoded::whole(corpus)
    }

    fn whole(corpus: Corpus) -> Self {
        Decoded {
            corpus,
            index: None,
            building: None,
            notice: None,
            text: TextState::Whole,
            kept: None,
            stamp: None,
            more_records: false,
        }
    }

    /// A corpus read from JSON (`url`), with the index of the records that were indexed as it
    /// arrived, and the text of all its records kept: by `keeping` (the rest moved in now), or,
    /// when the reader worker kept it, by the worker, or else from the file's `chunks` here.
    async fn built_from_json(
        url: &str,
        (mut corpus, building): (Corpus, Box<Building>),
        (keeping, keeper): (TextKeeping, Option<ReaderWorker>),
        chunks: &[js_sys::Uint8Array],
    ) -> Result<Self, String> {
        let store = match keeper {
            None => keeping.finish(&mut corpus),
            Some(keeper) => {
                let handed = keeper.finish_keeping().await.and_then(|store| {
                    match keeping.matches(&corpus, &store) {
                        true => Ok(store),
                        false => Err("it kept the text of other records".to_string()),
                    }
                });
                let store = match handed {
                    Ok(store) => store,
                    Err(why) => {
                        gloo::console::warn!(format!(
                            "The text keeper's work is lost ({why}); the page keeps the records' text itself."
                        ));
                        keep_from_chunks(chunks)
                            .await
                            .filter(|store| keeping.matches(&corpus, store))
                            .ok_or_else(|| format!(
                                "The corpus file {url} could not be read: its records' text could not be kept. Reload the page to try again."
                            ))?
                    }
                };
                keeping.finish_with(&mut corpus, store)
            }
        };
        Ok(Decoded {
            building: Some(building),
            kept: Some(KeptText::new(Rc::new(store))),
            ..Decoded::whole(corpus)
        })
    }
}

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("corpus", &self.corpus)
            .field("index", &self.index.as_ref().map(|_| "an index"))
            .field("building", &self.building.as_ref().map(|b| b.indexed()))
            .field("notice", &self.notice)
            .field("text", &self.text)
            .field("kept", &self.kept.as_ref().map(|k| k.store().len()))
            .field("stamp", &self.stamp)
            .field("more_records", &self.more_records)
            .finish()
    }
}

/// How a load ended.
#[derive(Debug)]
pub enum Fetched {
    /// The corpus, as much of it as the file gave.
    Decoded(Decoded),
    /// The text of a bundle whose records and index went to `on_searchable` before it, with a
    /// notice when not all of it came.
    Texts {
        texts: Texts,
        notice: Option<String>,
    },
}

/// Fetches and decodes the corpus file at `url`, reporting `(bytes received, bytes expected,
/// records indexed)` as the body arrives. A bundle's records and index go to `on_searchable` as
/// soon as they have come (with the text still arriving); the load then ends with
/// `Fetched::Texts`. JSON's records are indexed as they arrive, whenever the page would
/// otherwise wait for the network; the rest of that index is built after (`Decoded::building`).
pub async fn fetch_corpus(
    url: &str,
    progress: impl Fn(u64, Option<u64>, usize),
    on_searchable: impl FnOnce(Decoded),
) -> Result<Fetched, String> {
    let (head, mut source) = open(url).await?;
    if !(200..300).contains(&head.status) {
        return Err(format!(
            "The corpus file {url} could not be loaded (HTTP {} {}). It may not have been built: `make serve` builds it.",
            head.status, head.status_text
        ));
    }
    let expected = head.length;
    let too_large = |size: u64, limit: u64| {
        let bundle = match limit {
            MAX_JSON_BYTES => format!(
                ", or serve it as a bundle (`pqx bundle`: about 70% of its JSON's size), of which the explorer holds up to {}",
                human_size(MAX_BUNDLE_BYTES as f64)
            ),
            _ => String::new(),
        };
        format!(
            "The corpus file {url} is larger ({} and more) than the {} the explorer can hold in one tab. Serve a smaller corpus{bundle}, or import only the files you need.",
            human_size(size as f64),
            human_size(limit as f64)
        )
    };
    // Refused before it downloads when too large for either kind (which one it is shows in its
    // first bytes).
    if let Some(size) = expected.filter(|&n| n > MAX_BUNDLE_BYTES) {
        return Err(too_large(size, MAX_BUNDLE_BYTES));
    }
    let mut body = Body::Undecided {
        start: Vec::new(),
        expected,
        worker: matches!(source, Source::Worker(_)),
    };
    let mut on_searchable = Some(on_searchable);
    // The chunks of a body that is not a bundle, as they came: for the whole-file read when the
    // JSON reader does not follow the file. Kept by the page, not in wasm memory (which never
    // shrinks), and let go once the file is read.
    let mut chunks = Vec::new();
    let into = (&mut body, &mut chunks);
    let read = read_body(&mut source, expected, into, &progress, &mut on_searchable)
        .await
        .map_err(|e| stopped_arriving(url, e))?;
    let (damage, reader) = match (read, body) {
        (Err(Stop::TooLarge(size, limit)), _) => return Err(too_large(size, limit)),
        (Err(Stop::Damaged(damage)), Body::Bundle(reader)) => (Some(damage), reader),
        (_, Body::Bundle(reader)) => (None, reader),
        (_, Body::Json(json)) => {
            let JsonBody {
                reader,
                building,
                keeping,
                kept_by_worker,
            } = *json;
            return match reader.finish() {
                JsonRead::Corpus(corpus) => {
                    let keeper = match source {
                        Source::Worker(worker) if kept_by_worker => Some(worker),
                        _ => None,
                    };
                    let (records, keeping) = ((corpus, building), (keeping, keeper));
                    let stamp = FileStamp::of(&head);
                    Decoded::built_from_json(url, records, keeping, &chunks)
                        .await
                        .map(|decoded| Fetched::Decoded(Decoded { stamp, ..decoded }))
                }
                JsonRead::Unfollowed => {
                    drop(source);
                    decode_corpus(url, &concatenated(&chunks)).map(Fetched::Decoded)
                }
            };
        }
        (_, Body::Undecided { start: bytes, .. }) => {
            return decode_corpus(url, &bytes).map(Fetched::Decoded)
        }
    };
    if let Some(damage) = &damage {
        if damage.is_other_version() {
            return Err(format!("The corpus file {url} is {}.", damage.what));
        }
        gloo::console::warn!(format!("The bundle {url} is damaged {damage}."));
    }
    let why = match &damage {
        Some(damage) => format!("is damaged {damage}"),
        None => "was cut short".to_string(),
    };
    if on_searchable.is_some() {
        return open_bundle(url, *reader, &why).map(Fetched::Decoded);
    }
    // The records and index went on before; what did not come is the rest of their text.
    let texts = reader.finish_texts();
    let notice = texts
        .shortfall()
        .map(|shortfall| partial_notice(url, &why, &shortfall, true));
    Ok(Fetched::Texts { texts, notice })
}

/// The body as it arrives, read chunk by chunk: JSON record by record, a bundle frame by frame.
enum Body {
    /// Fewer bytes than tell the two apart, the size the server announced, and whether the
    /// reader worker fetches it (and may keep JSON's text).
    Undecided {
        start: Vec<u8>,
        expected: Option<u64>,
        worker: bool,
    },
    Json(Box<JsonBody>),
    Bundle(Box<BundleReader>),
}

/// Corpus JSON as it arrives: its records read, indexed and their text kept coded, a piece of
/// the file at a time, so the whole text is never held at once. The coding is the reader
/// worker's (which reads each chunk before it passes it on) where it fetches a file large
/// enough, the page's own otherwise.
struct JsonBody {
    reader: JsonReader,
    /// Holds the first of the records `reader` has read (`JsonReader::arrived`).
    building: Box<Building>,
    /// Holds the text of the records `building` holds, or lets it go when the worker keeps it.
    keeping: TextKeeping,
    kept_by_worker: bool,
}

/// Why reading stopped before the end of the body.
enum Stop {
    /// The bytes that had come or were announced, and the limit for the file's kind.
    TooLarge(u64, u64),
    Damaged(BundleError),
}

impl Body {
    /// Takes the next chunk (`last` when no more will come).
    fn take(&mut self, chunk: &[u8], last: bool) -> Option<Stop> {
        match self {
            Body::Json(json) => {
                let size = (json.reader.len() + chunk.len()) as u64;
                if size > MAX_JSON_BYTES {
                    return Some(Stop::TooLarge(size, MAX_JSON_BYTES));
                }
                json.reader.feed(chunk);
                None
            }
            Body::Bundle(reader) => reader.feed(chunk).err().map(Stop::Damaged),
            Body::Undecided {
                start,
                expected,
                worker,
            } => {
                start.extend_from_slice(chunk);
                if start.len() < MAGIC.len() && !last {
                    return None;
                }
                let start = std::mem::take(start);
                *self = if is_bundle(&start) {
                    Body::Bundle(Box::new(BundleReader::new()))
                } else {
                    match *expected {
                        Some(size) if size > MAX_JSON_BYTES => {
                            return Some(Stop::TooLarge(size, MAX_JSON_BYTES))
                        }
                        expected => {
                            let kept_by_worker = *worker && keeper_pays(expected.map(|n| n as f64));
                            Body::Json(Box::new(JsonBody {
                                reader: JsonReader::new(),
                                building: Box::default(),
                                keeping: match kept_by_worker {
                                    true => TextKeeping::letting_go(),
                                    false => TextKeeping::default(),
                                },
                                kept_by_worker,
                            }))
                        }
                    }
                };
                self.take(&start, last)
            }
        }
    }

    /// Whether the body is known to be one kind or the other yet, and if so whether the reader
    /// worker keeps its text.
    fn kept_by_worker(&self) -> Option<bool> {
        match self {
            Body::Undecided { .. } => None,
            Body::Json(json) => Some(json.kept_by_worker),
            Body::Bundle(_) => Some(false),
        }
    }

    /// How many of the records read are indexed.
    fn indexed(&self) -> usize {
        match self {
            Body::Json(json) => json.building.indexed(),
            _ => 0,
        }
    }

    /// Indexes up to `records` more of the JSON records that have come, keeping their text;
    /// false when there were none to index (or the body is not JSON the reader follows).
    fn index_some(&mut self, records: usize) -> bool {
        let Body::Json(json) = self else {
            return false;
        };
        let JsonBody {
            reader,
            building,
            keeping,
            ..
        } = &mut **json;
        let arrived = reader.arrived();
        let (questions, press_releases) = arrived.counts();
        if !reader.is_following() || building.indexed() == questions + press_releases {
            return false;
        }
        building.add(&arrived, records);
        reader.keep_text(keeping, building.indexed());
        true
    }

    /// Whether the JSON records indexed so far are to be searched while the rest of the file
    /// is read (reading began at `started` on the page's clock): when at least
    /// `FIRST_RECORDS_MIN` are in, `FIRST_RECORDS_AT_MS` after navigation, if the rest will
    /// take `FIRST_RECORDS_REST_MS` or more at the pace so far; for a file of unknown length,
    /// once it is still being read `FIRST_RECORDS_UNSIZED_MS` after navigation.
    fn first_records_due(&self, expected: Option<u64>, started: f64) -> bool {
        let Body::Json(json) = self else {
            return false;
        };
        let now = super::state::now_ms();
        if !json.reader.is_following()
            || json.building.indexed() < FIRST_RECORDS_MIN
            || now < FIRST_RECORDS_AT_MS
        {
            return false;
        }
        let read = json.reader.len() as f64;
        match expected {
            Some(size) => {
                let per_ms = read / (now - started).max(1.0);
                (size as f64 - read) >= per_ms * FIRST_RECORDS_REST_MS
            }
            None => now >= FIRST_RECORDS_UNSIZED_MS,
        }
    }

    /// The JSON records indexed so far, searchable: their index finished, and the building
    /// going on from it with the records still to come.
    async fn first_records(&mut self) -> Option<Decoded> {
        let Body::Json(json) = self else {
            return None;
        };
        let building = std::mem::take(&mut json.building);
        let corpus = json.reader.arrived().first(building.indexed());
        let (index, building) = Loaded::searchable_so_far(*building).await;
        *json.building = building;
        Some(Decoded {
            index: Some(index),
            text: TextState::Arriving,
            more_records: true,
            ..Decoded::whole(corpus)
        })
    }
}

/// How long after navigation, at the soonest, a large JSON file's records indexed so far are
/// made searchable while the rest is read (several seconds at 100,000 records): a first
/// visit's first results come a few tenths of a second after, instead of after the whole file.
const FIRST_RECORDS_AT_MS: f64 = 900.0;

/// How long the rest of the file must be going to take for its first records to be searched
/// meanwhile: a file read in a second or two opens whole, as it always has.
const FIRST_RECORDS_REST_MS: f64 = 3000.0;

/// For a file of unknown length (a server compressing it as it sends), how long after
/// navigation its first records are searched if it is still being read.
const FIRST_RECORDS_UNSIZED_MS: f64 = 3000.0;

/// The fewest records worth searching while the rest are read.
const FIRST_RECORDS_MIN: usize = 500;

/// Records indexed at a time while the next chunk is awaited (a few milliseconds' work at
/// 100,000 records): the clock is looked at between steps.
const ARRIVED_STEP: usize = 32;

/// `future`'s output if it is ready now, without waiting (a later poll or `.await` goes on).
fn ready_now<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
    /// Wakes nothing: the loop that looks looks again.
    struct Nobody;
    impl Wake for Nobody {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Nobody));
    let mut context = Context::from_waker(&waker);
    match std::pin::Pin::new(future).poll(&mut context) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// What the page's early start (`assets/early.js`) made for a corpus named by the address while
/// the app loaded: a reader worker fetching it, or (where no worker could start) the request.
enum Early {
    Worker(ReaderWorker),
    Response(web_sys::Response),
}

/// What the page's early start made for `url`, when it made something and (a request) it
/// succeeded. Taken once: a retry asks again. What was made for another address is stopped.
async fn early_start(url: &str) -> Option<Early> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("pqxEarlyCorpus");
    let early = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())?;
    // Deleting a property of the window cannot fail for a plain one; nothing to report.
    let _ = js_sys::Reflect::delete_property(&window, &key);
    // Where the early start first looks for a saved copy: what it made once it has looked.
    let early = match field(&early, "pending").and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        Some(pending) => JsFuture::from(pending)
            .await
            .ok()
            .filter(|v| v.is_object())?,
        None => early,
    };
    let get = |name: &str| field(&early, name);
    let wanted = get("url")?.as_string() == absolute(url);
    if let Some(worker) = get("worker").and_then(|w| w.dyn_into::<web_sys::Worker>().ok()) {
        if !wanted {
            worker.terminate();
            return None;
        }
        // Adopted in the task it is read in, so no message falls between.
        let messages = get("messages").and_then(|m| m.dyn_into::<js_sys::Array>().ok());
        let error = get("error").and_then(|e| e.as_string());
        let adopted = ReaderWorker::adopt(worker, &messages.unwrap_or_default(), error);
        return Some(Early::Worker(adopted));
    }
    let promise: js_sys::Promise = get("response")?.dyn_into().ok()?;
    let response = JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !wanted {
        if let Some(body) = response.body() {
            // Cancelling a body nobody reads cannot fail in a way worth reporting.
            let _ = body.cancel();
        }
        return None;
    }
    if let (Some(saved), Some(url)) = (get("saved"), get("url").and_then(|u| u.as_string())) {
        let at = field(&saved, "at")
            .and_then(|a| a.as_string())
            .unwrap_or_default();
        let checked = field(&saved, "checked").and_then(|c| c.as_bool()) == Some(true);
        note_opened(url, at, checked);
    }
    Some(Early::Response(response))
}

/// `url` made absolute against the page's address (a worker's own address is its script's).
pub fn absolute(url: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    Some(web_sys::Url::new_with_base(url, &base).ok()?.href())
}

/// Where a corpus file's body comes from, chunk by chunk.
enum Source {
    /// The body of the page's own request.
    Stream(web_sys::ReadableStreamDefaultReader),
    /// A body the browser gave whole (a response without a stream), until it is taken.
    Whole(Option<js_sys::Uint8Array>),
    /// The reader worker, which fetches the file and passes each chunk on as it comes.
    Worker(ReaderWorker),
}

/// The next chunk of a body, its end (`None`), or why it stopped.
type NextChunk = Pin<Box<dyn Future<Output = Result<Option<js_sys::Uint8Array>, String>>>>;

impl Source {
    /// The next chunk; the future holds nothing of `self`, so the page works while it waits.
    fn next(&mut self) -> NextChunk {
        match self {
            Source::Stream(reader) => {
                let read = JsFuture::from(reader.read());
                Box::pin(async move {
                    let js_error = |e: wasm_bindgen::JsValue| format!("{e:?}");
                    let chunk = read.await.map_err(js_error)?;
                    let done = js_sys::Reflect::get(&chunk, &"done".into())
                        .map_err(js_error)?
                        .as_bool()
                        .unwrap_or(true);
                    if done {
                        return Ok(None);
                    }
                    js_sys::Reflect::get(&chunk, &"value".into())
                        .map_err(js_error)?
                        .dyn_into()
                        .map(Some)
                        .map_err(js_error)
                })
            }
            Source::Whole(bytes) => {
                let bytes = bytes.take();
                Box::pin(async move { Ok(bytes) })
            }
            Source::Worker(worker) => Box::pin(worker.next_chunk()),
        }
    }

    /// Stops the download: nothing more is fetched.
    fn cancel(&mut self) {
        match self {
            // Cancelling a stream being dropped cannot fail in a way worth reporting.
            Source::Stream(reader) => drop(reader.cancel()),
            Source::Whole(bytes) => *bytes = None,
            Source::Worker(worker) => worker.stop(),
        }
    }
}

/// Whether a reader worker fetches `url`: a corpus named by the address, unless its name says
/// it is a bundle (`.pqx`). The bundled corpus is small, and a bundle's reading costs the page
/// little beside its decoding, while waiting for a worker to start cost its first results about
/// 0.06 s of 0.9 (paired loads at 100,000 records); JSON's reading is about 0.5 s of the page's
/// thread. (`assets/early.js` decides the same way.)
fn read_by_worker(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    url != CORPUS_URL && !path.ends_with(".pqx")
}

/// The response to the request for `url` and where its body comes from: a reader worker (the
/// one the page's early start made, or one started now: `read_by_worker`), which fetches it off
/// the page's thread; else, or when the worker cannot, the page's own request.
async fn open(url: &str) -> Result<(Head, Source), String> {
    let early = early_start(url).await;
    if url == IMPORTS_URL && early.is_none() {
        return Err("No corpus you imported into is saved in this browser: it was deleted, the explorer has been updated since, or this browser keeps no saved copies here. Import your files again, or open the explorer's own corpus.".into());
    }
    let worker = match early {
        Some(Early::Response(response)) => return page_response(url, response).await,
        Some(Early::Worker(worker)) => Some(worker),
        None if read_by_worker(url) => absolute(url).and_then(|url| ReaderWorker::fetch(&url)),
        None => None,
    };
    if let Some(worker) = worker {
        match worker.head().await {
            Ok(head) => return Ok((head, Source::Worker(worker))),
            Err(why) => gloo::console::warn!(format!(
                "The corpus reader could not fetch {url} ({why}); the page fetches it itself."
            )),
        }
    }
    let response = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("The corpus file {url} could not be fetched ({e}). Check your connection and retry."))?;
    page_response(url, web_sys::Response::from(response)).await
}

/// What the page says when the body of `url` stops arriving (`why`).
fn stopped_arriving(url: &str, why: impl std::fmt::Display) -> String {
    format!("The corpus file {url} stopped arriving ({why}). Check your connection and retry.")
}

/// The head and body of a response to the page's own request for `url`.
async fn page_response(url: &str, response: web_sys::Response) -> Result<(Head, Source), String> {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let head = Head {
        status: response.status(),
        status_text: response.status_text(),
        length: header("content-length").and_then(|v| v.parse().ok()),
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let source = match response.body() {
        Some(stream) => Source::Stream(stream.get_reader().unchecked_into()),
        None => {
            let bytes = gloo::net::http::Response::from(response)
                .binary()
                .await
                .map_err(|e| stopped_arriving(url, e))?;
            Source::Whole(Some(js_sys::Uint8Array::from(&bytes[..])))
        }
    };
    Ok((head, source))
}

/// The store of the text of the records of corpus JSON that came as `chunks`, kept here (when
/// the text keeper failed), a piece at a time with turns for the page; `None` when the file is
/// not corpus JSON as the reader follows it. The file's records are read a second time for it.
async fn keep_from_chunks(chunks: &[js_sys::Uint8Array]) -> Option<TextStore> {
    let mut keeper = JsonTextKeeper::new();
    let mut bytes = Vec::new();
    let mut last_yield = js_sys::Date::now();
    for chunk in chunks {
        bytes.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes);
        for piece in bytes.chunks(FEED_PIECE) {
            keeper.feed(piece);
            if js_sys::Date::now() - last_yield > YIELD_AFTER_MS {
                yield_to_page().await;
                last_yield = js_sys::Date::now();
            }
        }
    }
    keeper.finish()
}

/// Every chunk's bytes, one after the other, in wasm memory.
fn concatenated(chunks: &[js_sys::Uint8Array]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(chunks.iter().map(|c| c.length() as usize).sum());
    for chunk in chunks {
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
    }
    bytes
}

/// Reads a response body chunk by chunk from `source` into `body` (keeping the chunks of one
/// that is not a bundle in `chunks`), indexing JSON's records that have come while the next
/// chunk is awaited, reporting progress about every 1% (and at least every 4 MB when the size
/// is unknown); tells a reader worker, once the first bytes show what the file is, whether it
/// keeps the text. Stops early with `Ok(Err(why))`.
async fn read_body(
    source: &mut Source,
    expected: Option<u64>,
    (body, chunks): (&mut Body, &mut Vec<js_sys::Uint8Array>),
    progress: &impl Fn(u64, Option<u64>, usize),
    on_searchable: &mut Option<impl FnOnce(Decoded)>,
) -> Result<Result<(), Stop>, String> {
    let mut told = false;
    let step = expected.map_or(4 << 20, |n| (n / 100).max(64 << 10));
    let mut next_report = 0u64;
    let mut received = 0u64;
    let mut chunk_bytes = Vec::new();
    let mut last_yield = 0.0;
    let started = super::state::now_ms();
    progress(0, expected, 0);
    loop {
        // While the next chunk is on its way, the JSON records that have come are indexed, a
        // step at a time, looking for the chunk at each turn the page gives the browser (when
        // it can have come): the download's waits are used, and the download waits for the
        // index at most a turn's work. A chunk that has already come is read at once, a piece at
        // a time, each piece's records indexed before the next is read.
        let mut next = source.next();
        settled_first().await;
        let chunk = loop {
            if let Some(chunk) = ready_now(&mut next) {
                break chunk;
            }
            if !body.index_some(ARRIVED_STEP) {
                break (&mut next).await;
            }
            if js_sys::Date::now() - last_yield > YIELD_AFTER_MS {
                yield_to_page().await;
                last_yield = js_sys::Date::now();
            }
        }?;
        let Some(value) = chunk else {
            let stop = body.take(&[], true);
            tell_worker(source, body, &mut told);
            return Ok(stop.map_or(Ok(()), Err));
        };
        received += u64::from(value.length());
        match body {
            Body::Bundle(_) => chunks.clear(),
            _ => chunks.push(value.clone()),
        }
        let limit = match body {
            Body::Bundle(_) => MAX_BUNDLE_BYTES,
            _ => MAX_JSON_BYTES,
        };
        if received > limit {
            source.cancel();
            return Ok(Err(Stop::TooLarge(received, limit)));
        }
        // A chunk (several megabytes when the network is ahead of the page) is read a piece at
        // a time — JSON's records parsed, a bundle's frames decoded, its corpus handed over as
        // soon as it is searchable — letting the page paint and take keys now and then.
        chunk_bytes.resize(value.length() as usize, 0);
        value.copy_to(&mut chunk_bytes);
        let mut stop = None;
        for piece in chunk_bytes.chunks(FEED_PIECE) {
            stop = body.take(piece, false);
            if stop.is_some() {
                break;
            }
            tell_worker(source, body, &mut told);
            // JSON's records that piece completed are indexed and their text kept before the
            // next piece is read, so the whole text is never held at once.
            while body.index_some(ARRIVED_STEP) {
                if js_sys::Date::now() - last_yield > YIELD_AFTER_MS {
                    yield_to_page().await;
                    last_yield = js_sys::Date::now();
                }
            }
            if on_searchable.is_some() && body.first_records_due(expected, started) {
                if let (Some(decoded), Some(hand_over)) =
                    (body.first_records().await, on_searchable.take())
                {
                    hand_over(decoded);
                }
                last_yield = js_sys::Date::now();
            }
            if let Some(decoded) = searchable(body) {
                // Making the index searchable was this task's work: the first render gets a
                // task of its own.
                yield_to_page().await;
                if let Some(hand_over) = on_searchable.take() {
                    hand_over(decoded);
                }
                last_yield = js_sys::Date::now();
            }
            if js_sys::Date::now() - last_yield > YIELD_AFTER_MS {
                yield_to_page().await;
                last_yield = js_sys::Date::now();
            }
        }
        if let Some(stop) = stop {
            source.cancel();
            return Ok(Err(stop));
        }
        if let Source::Worker(worker) = source {
            worker.took(value.length());
        }
        if received >= next_report {
            progress(received, expected, body.indexed());
            next_report = received + step;
        }
    }
}

/// Tells the reader worker, when there is one and it has not been `told`, whether it keeps the
/// text, once `body` knows what it is.
fn tell_worker(source: &mut Source, body: &Body, told: &mut bool) {
    if let (Source::Worker(worker), false, Some(keeps)) = (source, *told, body.kept_by_worker()) {
        worker.keep(keeps);
        *told = true;
    }
}

/// A bundle's records and index, once they have come (once).
fn searchable(body: &mut Body) -> Option<Decoded> {
    let Body::Bundle(bundle) = body else {
        return None;
    };
    let (corpus, index) = bundle.take_searchable()?;
    Some(Decoded {
        corpus,
        index: Some(index),
        building: None,
        notice: None,
        text: TextState::Arriving,
        kept: None,
        stamp: None,
        more_records: false,
    })
}

/// How much of a chunk is read between two looks at the clock.
const FEED_PIECE: usize = 256 << 10;

/// The longest the page reads what arrives without giving the browser a turn.
const YIELD_AFTER_MS: f64 = 30.0;

/// The corpus a bundle gave when it stopped before its index was whole: the records that came,
/// with a notice that says what is missing (the app then builds the index).
fn open_bundle(url: &str, reader: BundleReader, why: &str) -> Result<Decoded, String> {
    let opened = reader.finish();
    let (q, p) = (
        opened.corpus.questions.len(),
        opened.corpus.press_releases.len(),
    );
    let Some(shortfall) = opened.shortfall() else {
        let mut decoded = Decoded::whole(opened.corpus);
        decoded.index = opened.index;
        return Ok(decoded);
    };
    if q + p == 0 {
        return Err(format!(
            "The corpus file {url} {why}, before any complete record. Retry, or rebuild it with `pqx bundle`."
        ));
    }
    gloo::console::warn!(format!("The bundle {url}: {shortfall}."));
    let notice = partial_notice(url, why, &shortfall, opened.index.is_some());
    let with_text = q + p - opened.without_text;
    Ok(Decoded {
        building: None,
        text: if opened.without_text == 0 {
            TextState::Whole
        } else {
            TextState::Partial {
                questions: with_text.min(q),
                press_releases: with_text.saturating_sub(q),
            }
        },
        corpus: opened.corpus,
        index: opened.index,
        notice: Some(notice),
        kept: None,
        stamp: None,
        more_records: false,
    })
}

/// The notice over a corpus from a bundle that stopped early: why, what did not come, and what
/// that means for searching.
fn partial_notice(url: &str, why: &str, shortfall: &str, index_came: bool) -> String {
    let searching = if index_came {
        "Every record is listed and found by all its words; those whose text did not come show none."
    } else {
        "The records that came are listed; those without their text are found only by their headings and members."
    };
    format!("The corpus file {url} {why}: {shortfall}. {searching} Retry to load the whole file.")
}

/// Deserialises corpus JSON. A file cut short gives the records before the cut and a notice; any
/// other problem is an error naming its position and what to do.
pub fn decode_corpus(url: &str, bytes: &[u8]) -> Result<Decoded, String> {
    let error = match serde_json::from_slice::<Corpus>(bytes) {
        Ok(corpus) => return Ok(Decoded::from_json(corpus)),
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
                notice: Some(notice),
                ..Decoded::from_json(salvaged.corpus)
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
    fn a_named_corpus_is_read_by_a_worker_unless_it_is_a_bundle_or_the_bundled_one() {
        assert!(read_by_worker("big.json"));
        assert!(read_by_worker("https://example.org/corpus?year=2024"));
        assert!(read_by_worker("data/pqx.json?v=2"));
        assert!(!read_by_worker(CORPUS_URL));
        assert!(!read_by_worker("big.pqx"));
        assert!(!read_by_worker("https://example.org/all.pqx?v=3#top"));
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
