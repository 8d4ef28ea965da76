//! Saved copies of corpora read from JSON. Reading a large corpus JSON costs the page seconds
//! (the parse and the index build); a bundle of the same corpus opens in about a second. So once
//! a corpus JSON named by `?corpus=` is read and indexed, the page writes it as a bundle — the
//! records' heads, the finished index, and the text as the page keeps it, coded as numbered
//! words (`index::bundle::BundleWriter`, a few milliseconds at a time between the page's other
//! work, and only once the reader has paused: a second after their last key, click, touch or
//! wheel) — and the early start (`assets/early.js`) keeps it in this build's Cache Storage, with
//! what says whether the file changed since (its ETag, or its Last-Modified and length). When
//! the address names the file again, the early start asks the server (a HEAD request) and, the
//! file unchanged (or no answer: offline), hands the app the saved copy, read as any bundle.
//!
//! The corpus an import leaves is saved the same way, under an address that names no file
//! (`IMPORTS_URL`, `?corpus=saved:imports`), so the files a reader imported are there when
//! they come back: its records with their text and an index built of them in one go, as a
//! bundle's, made and written while the reader pauses.
//!
//! Invariants: a copy of a file is saved only of a whole corpus read from a file whose server
//! said what identifies its version, before anything was added to it, so a copy is always its
//! file's corpus; the copy of an import is of the whole corpus the import left, text and all;
//! a saved copy the app cannot read whole is forgotten and the file read instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::keeper::{field, Head};
use super::state::{now_ms, Loaded, TextState};
use super::words::human_size;
use super::yielding::yield_to_page;
use crate::corpus::Corpus;
use crate::index::bundle::BundleWriter;
use crate::index::{Building, Index};

/// The address of the corpus as the last import left it, saved in this browser: it names no
/// file, and only the early start (`assets/early.js`, `IMPORTS`) opens it.
pub const IMPORTS_URL: &str = crate::filter::SAVED_IMPORTS;

/// The most text (bytes) a corpus may hold for the copy an import leaves to be saved: writing it
/// holds a second copy of the records with their text, and a second index, for a while.
const MOST_IMPORT_TEXT: usize = 200 << 20;
/// The largest index (bytes, `Index::heap_bytes`) a corpus may have for the copy an import
/// leaves to be saved: looked at first, so that a corpus far too large is not copied at all
/// (about 140 MB for 100,000 synthetic records of 240 MB of text; 39,425 official records
/// have an index of about 20 MB).
const MOST_IMPORT_INDEX: usize = 100 << 20;

/// Why a copy being written was left: the page went on to something else.
const MOVED_ON: &str = "another import or corpus came before it was written";

/// What became of the saved copy of the corpus the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedCopy {
    /// None: the corpus is not one that is saved, or saving has not started.
    None,
    /// Another corpus than the one shown has a copy, saved at `at` (the import's, while the page
    /// shows the explorer's own corpus).
    Elsewhere { at: String },
    /// The corpus came from the copy saved at `at` (an ISO 8601 time); `checked` when the
    /// server said its file is unchanged since (else it did not answer).
    Opened { at: String, checked: bool },
    /// Being written.
    Saving,
    /// Kept: its size.
    Saved { bytes: u64 },
    /// Not kept, and why (a sentence's end).
    NotSaved(String),
    /// Deleted at the reader's request.
    Forgotten,
    /// Not deleted, and why (a sentence's end).
    NotForgotten(String),
}

/// What identifies a file's version, as its server said: enough to ask later whether it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FileStamp {
    etag: Option<String>,
    last_modified: Option<String>,
    length: Option<u64>,
}

impl FileStamp {
    /// No file: the corpus an import left.
    const NONE: FileStamp = FileStamp {
        etag: None,
        last_modified: None,
        length: None,
    };

    /// The stamp of the file `head` answered for, if its server gave an ETag or Last-Modified.
    pub fn of(head: &Head) -> Option<Self> {
        (head.etag.is_some() || head.last_modified.is_some()).then(|| FileStamp {
            etag: head.etag.clone(),
            last_modified: head.last_modified.clone(),
            length: head.length,
        })
    }

    /// As the early start's `saving` takes it, with the copy's size `estimate`d.
    fn to_js(&self, estimate: f64) -> Result<js_sys::Object, String> {
        let file = js_sys::Object::new();
        let set = |name: &str, value: JsValue| js_sys::Reflect::set(&file, &name.into(), &value);
        let text =
            |value: &Option<String>| value.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        let length = self.length.map_or(JsValue::NULL, |n| n.to_string().into());
        let set = [
            set("etag", text(&self.etag)),
            set("lastModified", text(&self.last_modified)),
            set("length", length),
            set("estimate", estimate.into()),
        ];
        match set.iter().all(Result::is_ok) {
            true => Ok(file),
            false => Err("the browser would not keep it".into()),
        }
    }
}

/// How long the page writes a saved copy before it gives the browser a turn: short, since the
/// reader may be typing.
const SLICE_MS: f64 = 4.0;
/// The writing waits while the reader is at work: until this long after their last key, click
/// or touch (typing is a key every 100–300 ms), so a keystroke rarely meets a slice of it.
const QUIET_MS: f64 = 1000.0;
/// How often a waiting save looks again.
const WAIT: std::time::Duration = std::time::Duration::from_millis(250);
/// How long after a corpus is shown its copy may start being written: after the searches warmed
/// up and the reader's first look.
const START_AFTER: std::time::Duration = std::time::Duration::from_millis(1000);
/// Bytes written between two looks at the clock.
const STEP_BYTES: u64 = 128 << 10;
/// The written bytes go to the browser in pieces of this size (out of wasm memory).
const PART_BYTES: usize = 4 << 20;
/// About how large a copy is a record (174 MB for 100,000 synthetic records), for asking the
/// browser for room before writing.
const BYTES_A_RECORD: f64 = 1_800.0;

/// When the reader last pressed a key, clicked, touched or turned the wheel, while watched.
struct Activity {
    last_input: Rc<Cell<f64>>,
    _listeners: Vec<gloo::events::EventListener>,
}

impl Activity {
    fn watch() -> Self {
        let last_input = Rc::new(Cell::new(f64::NEG_INFINITY));
        let window = gloo::utils::window();
        let listeners = ["keydown", "pointerdown", "wheel"]
            .into_iter()
            .map(|event| {
                let last_input = last_input.clone();
                let options = gloo::events::EventListenerOptions::run_in_capture_phase();
                gloo::events::EventListener::new_with_options(&window, event, options, move |_| {
                    last_input.set(now_ms())
                })
            })
            .collect();
        Activity {
            last_input,
            _listeners: listeners,
        }
    }

    /// Once the reader has paused (`QUIET_MS` since their last input).
    async fn paused(&self) {
        while now_ms() - self.last_input.get() < QUIET_MS {
            yew::platform::time::sleep(WAIT).await;
        }
    }
}

thread_local! {
    /// The saved copy the early start handed over, for the corpus at this (absolute) address.
    static OPENED: RefCell<Option<(String, SavedCopy)>> = const { RefCell::new(None) };
}

/// Notes that the early start handed the app the saved copy of the corpus at `url` (absolute).
pub fn note_opened(url: String, at: String, checked: bool) {
    OPENED.with(|opened| *opened.borrow_mut() = Some((url, SavedCopy::Opened { at, checked })));
}

/// Whether the corpus at `url` (absolute) came from its saved copy, and when that was saved:
/// taken once, after its load (a retry's load reads the file).
pub fn opened(url: &str) -> Option<SavedCopy> {
    let (from, copy) = OPENED.with(|opened| opened.borrow_mut().take())?;
    (from == url).then_some(copy)
}

/// Whether this page can keep saved copies (Cache Storage is there to use).
pub fn available() -> bool {
    helpers().is_some()
}

/// The early start's helpers (`window.pqxSaved`), where Cache Storage is there to use.
fn helpers() -> Option<JsValue> {
    let helpers = field(&web_sys::window()?.into(), "pqxSaved")?;
    let available = field(&helpers, "available")?.as_bool() == Some(true);
    available.then_some(helpers)
}

/// The helper `name` of `on` (the early start's helpers, or a copy being kept).
fn function(on: &JsValue, name: &str) -> Result<js_sys::Function, String> {
    field(on, name)
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| "this page's saved copies are not set up".into())
}

/// Calls `on`'s helper `name` with `args`; a promise it returns is awaited, and its rejection
/// (or a throw) becomes a sentence's end.
async fn call(on: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let args: js_sys::Array = args.iter().collect();
    let said = |e: JsValue| {
        field(&e, "message")
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the browser would not keep it".into())
    };
    let value = function(on, name)?.apply(on, &args).map_err(said)?;
    match value.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise).await.map_err(said),
        Err(value) => Ok(value),
    }
}

/// Writes `data` (the whole corpus read from the JSON at `url`, absolute, with the stamp its
/// server gave) as a bundle and has the browser keep it, unless `wanted` turns false first (the
/// page moved to another corpus). Returns the copy's size, or why it was not kept. The bytes
/// go to the browser's cache as they are written, so neither wasm memory nor the page holds
/// the copy whole.
pub async fn save(
    url: &str,
    data: Rc<Loaded>,
    stamp: FileStamp,
    wanted: &Cell<bool>,
) -> Result<u64, String> {
    let helpers = helpers().ok_or("this browser keeps no saved copies here")?;
    let activity = Activity::watch();
    // The first pause after the reader's first look; then the writer's set-up (the index's
    // terms in the order of their names: some tens of milliseconds at 100,000 records).
    yew::platform::time::sleep(START_AFTER).await;
    activity.paused().await;
    let store = data
        .whole_store()
        .ok_or("the records' text is not all kept together")?;
    let writer = BundleWriter::new(&data.corpus, &data.index, Some(store))
        .map_err(|e| format!("it could not be written ({e})"))?;
    let records = data.corpus.questions.len() + data.corpus.press_releases.len();
    keep(&helpers, (url, &stamp, records), writer, &activity, wanted).await
}

/// Saves the corpus an import left (`data`, the corpus the page now shows) under
/// `IMPORTS_URL`, replacing the copy an earlier import left, unless `wanted` turns false first
/// (another import, or the page moved to another corpus). Its records may keep their text in
/// several places and its index may have grown by the import, so the records are read with
/// their text and indexed again in one go, and that is written, all a few milliseconds at a
/// time while the reader pauses. Returns the copy's size, or why it was not kept.
pub async fn save_imports(data: Rc<Loaded>, wanted: &Cell<bool>) -> Result<u64, String> {
    let helpers = helpers().ok_or("this browser keeps no saved copies here")?;
    let activity = Activity::watch();
    yew::platform::time::sleep(START_AFTER).await;
    activity.paused().await;
    if !wanted.get() {
        return Err(MOVED_ON.into());
    }
    let index = data.index.heap_bytes();
    if index > MOST_IMPORT_INDEX {
        return Err(format!(
            "it is too large to hold a second copy of in this tab while writing it (its index is {})",
            human_size(index as f64)
        ));
    }
    let corpus = with_all_text(&data, &activity, wanted).await?;
    let index = index_quietly(&corpus, &activity, wanted).await?;
    let writer = BundleWriter::new(&corpus, &index, None)
        .map_err(|e| format!("it could not be written ({e})"))?;
    let records = corpus.questions.len() + corpus.press_releases.len();
    let of = (IMPORTS_URL, &FileStamp::NONE, records);
    keep(&helpers, of, writer, &activity, wanted).await
}

/// `data`'s corpus with every record's text in the record (read from wherever it is kept), a
/// slice at a time while the reader pauses; or why not: some of it is not here, there is more
/// than `MOST_IMPORT_TEXT`, or `wanted` turned false.
async fn with_all_text(
    data: &Loaded,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<Corpus, String> {
    if data.text != TextState::Whole {
        return Err("some of the records' text is not here".into());
    }
    let missing = || "some of the records' text could not be read".to_string();
    let questions = data.corpus.questions.len() as u32;
    let records = questions + data.corpus.press_releases.len() as u32;
    let mut corpus = Corpus {
        questions: Vec::with_capacity(questions as usize),
        press_releases: Vec::with_capacity((records - questions) as usize),
        diagnostics: data.corpus.diagnostics.clone(),
        sources: data.corpus.sources.clone(),
    };
    let (mut next, mut text) = (0, 0);
    let mut copy_one = |corpus: &mut Corpus| {
        if next == records {
            return Ok(true);
        }
        let paragraphs = |ps: &[String]| ps.iter().map(String::len).sum::<usize>();
        text += match next.checked_sub(questions) {
            None => {
                let q = data.question(next).ok_or_else(missing)?.into_owned();
                let answer = q.answer.as_ref().map_or(0, |a| paragraphs(&a.paragraphs));
                let size = q.text.len() + answer;
                corpus.questions.push(q);
                size
            }
            Some(i) => {
                let p = data.press_release(i).ok_or_else(missing)?.into_owned();
                let size = paragraphs(&p.paragraphs);
                corpus.press_releases.push(p);
                size
            }
        };
        if text > MOST_IMPORT_TEXT {
            return Err(format!(
                "its text, more than {}, is more than this tab can hold a second copy of while writing it",
                human_size(MOST_IMPORT_TEXT as f64)
            ));
        }
        next += 1;
        Ok(next == records)
    };
    while !one_slice(&mut corpus, &mut copy_one, activity, wanted).await? {
        yield_to_page().await;
    }
    Ok(corpus)
}

/// `corpus` indexed in one go, as a bundle's index is, a few milliseconds at a time while the
/// reader pauses.
async fn index_quietly(
    corpus: &Corpus,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<Index, String> {
    /// Records indexed, and postings frozen, between two looks at the clock.
    const RECORDS: usize = 16;
    const POSTINGS: usize = 1 << 13;
    let mut building = Building::new();
    quietly(&mut building, |b| b.add(corpus, RECORDS), activity, wanted).await?;
    let mut finishing = building.finishing();
    quietly(&mut finishing, |f| f.step(POSTINGS), activity, wanted).await?;
    Ok(finishing.finish())
}

/// Runs `step` on `work` until it says it is done, a slice at a time (`one_slice`).
async fn quietly<W>(
    work: &mut W,
    mut step: impl FnMut(&mut W) -> bool,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<(), String> {
    while !one_slice(work, |w| Ok(step(w)), activity, wanted).await? {
        yield_to_page().await;
    }
    Ok(())
}

/// Once the reader pauses, runs `step` on `work` for `SLICE_MS` or until it says it is done;
/// returns whether it is, or why it stopped (`step`'s error, or `wanted` turned false).
async fn one_slice<W>(
    work: &mut W,
    mut step: impl FnMut(&mut W) -> Result<bool, String>,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<bool, String> {
    activity.paused().await;
    if !wanted.get() {
        return Err(MOVED_ON.into());
    }
    let started = now_ms();
    let mut done = false;
    while !done && now_ms() - started < SLICE_MS {
        done = step(work)?;
    }
    Ok(done)
}

/// Has the browser keep what `writer` writes as the saved copy of the corpus at `url`, with
/// `stamp`, of `records` records; returns its size, or why it was not kept.
async fn keep(
    helpers: &JsValue,
    (url, stamp, records): (&str, &FileStamp, usize),
    mut writer: BundleWriter<'_>,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<u64, String> {
    let file = stamp.to_js(records as f64 * BYTES_A_RECORD)?;
    let copy = call(helpers, "saving", &[url.into(), file.into()]).await?;
    let written = write_copy(&mut writer, &copy, activity, wanted).await;
    match written {
        Ok(()) => call(&copy, "close", &[]).await.map(|_| writer.written()),
        Err(why) => {
            // The cache drops what it had of the copy; nothing to report beyond `why`.
            let _ = call(&copy, "abort", &[why.as_str().into()]).await;
            Err(why)
        }
    }
}

/// When the saved copy of the corpus at `url` (absolute) was saved (ISO 8601), if there is one.
pub async fn saved_at(url: &str) -> Option<String> {
    let helpers = helpers()?;
    call(&helpers, "savedAt", &[url.into()])
        .await
        .ok()?
        .as_string()
}

/// Writes the bundle to `copy` (the early start's `saving`), a slice at a time while the reader
/// pauses, each part once the cache has room for it.
async fn write_copy(
    writer: &mut BundleWriter<'_>,
    copy: &JsValue,
    activity: &Activity,
    wanted: &Cell<bool>,
) -> Result<(), String> {
    let mut out = JsParts::default();
    loop {
        let write = |writer: &mut BundleWriter<'_>| {
            (writer.write_some(&mut out, STEP_BYTES))
                .map_err(|e| format!("it could not be written ({e})"))
        };
        let done = one_slice(writer, write, activity, wanted).await?;
        if done {
            out.push_part();
        }
        for part in std::mem::take(&mut out.parts) {
            call(copy, "write", &[part.into()]).await?;
        }
        if done {
            return Ok(());
        }
        yield_to_page().await;
    }
}

/// Deletes the saved copy of the corpus at `url` (absolute).
pub async fn forget(url: &str) -> Result<(), String> {
    let helpers = helpers().ok_or("this browser keeps no saved copies here")?;
    call(&helpers, "forget", &[url.into()]).await.map(drop)
}

/// What the page says about the saved copy of the corpus it shows (`None`: nothing to say).
/// `file` names the corpus file the copy is of (`file_name`): after an import the corpus shown
/// holds more than the copy does.
pub fn describe(copy: &SavedCopy, file: &str) -> Option<String> {
    if file == IMPORTS_URL {
        return describe_imports(copy);
    }
    Some(match copy {
        SavedCopy::None | SavedCopy::Elsewhere { .. } => return None,
        SavedCopy::Opened { at, checked } => {
            let when = day_of(at);
            match checked {
                true => format!("Opened from the copy of {file} saved in this browser on {when}: the file is unchanged since, so nothing was parsed or indexed."),
                false => format!("Opened from the copy of {file} saved in this browser on {when}: the file's server did not answer, so it may have changed since."),
            }
        }
        SavedCopy::Saving => format!("Saving a copy of {file}, with its index, in this browser, a little at a time while you pause…"),
        SavedCopy::Saved { bytes } => format!(
            "A copy of {file}, with its index ({}), is saved in this browser: while the file is unchanged, it opens from the copy, in about a second.",
            human_size(*bytes as f64)
        ),
        SavedCopy::NotSaved(why) => format!("No copy of {file} was saved in this browser: {why}."),
        SavedCopy::Forgotten => "The saved copy is deleted: the file will be read again next time.".into(),
        SavedCopy::NotForgotten(why) => format!("The saved copy could not be deleted: {why}."),
    })
}

/// The day of `at` (an ISO 8601 time) as the page says when a copy was saved.
fn day_of(at: &str) -> &str {
    at.get(..10)
        .filter(|d| d.len() == 10)
        .unwrap_or("an earlier visit")
}

/// What the page says about the saved copy of the corpus an import left.
fn describe_imports(copy: &SavedCopy) -> Option<String> {
    Some(match copy {
        SavedCopy::None => return None,
        SavedCopy::Elsewhere { at } => format!("The corpus your last import left, on {}, is saved in this browser.", day_of(at)),
        SavedCopy::Opened { at, .. } => format!("This is the corpus your last import left, as saved in this browser on {}.", day_of(at)),
        SavedCopy::Saving => "Saving the corpus with your imports in this browser, a little at a time while you pause, so that it is here when you come back…".into(),
        SavedCopy::Saved { bytes } => format!("The corpus with your imports ({}) is saved in this browser: it opens at this explorer's address with ?corpus=saved:imports, until you delete it or the explorer is updated.", human_size(*bytes as f64)),
        SavedCopy::NotSaved(why) => format!("The corpus with your imports was not saved in this browser: {why}."),
        SavedCopy::Forgotten => "The saved corpus with your imports is deleted.".into(),
        SavedCopy::NotForgotten(why) => format!("The saved corpus with your imports could not be deleted: {why}."),
    })
}

/// The name a saved copy's file goes by on the page: the last part of the path of its address
/// `url` (`?corpus=`), without a query or fragment; the address itself when it has no such part.
pub fn file_name(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path.rsplit('/').next() {
        Some(name) if !name.is_empty() => name,
        _ => url,
    }
}

/// A `Write` whose bytes become pieces the browser holds (`parts`, `Uint8Array`s of
/// `PART_BYTES`), handed on to the cache as they come, so a copy the size of the corpus is never
/// held in wasm memory, which never shrinks.
#[derive(Default)]
struct JsParts {
    buffer: Vec<u8>,
    parts: Vec<js_sys::Uint8Array>,
}

impl JsParts {
    /// Makes the bytes written since the last part a part.
    fn push_part(&mut self) {
        if !self.buffer.is_empty() {
            self.parts.push(js_sys::Uint8Array::from(&self.buffer[..]));
            self.buffer.clear();
        }
    }
}

impl std::io::Write for JsParts {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PART_BYTES {
            self.push_part();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.push_part();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_file_is_named_by_the_last_part_of_its_path() {
        for (url, name) in [
            (
                "https://example.org/data/questions-2025.json",
                "questions-2025.json",
            ),
            ("https://example.org/q.json?v=2#top", "q.json"),
            ("corpus.json", "corpus.json"),
            ("https://example.org/", "https://example.org/"),
            ("", ""),
        ] {
            assert_eq!(file_name(url), name, "{url}");
        }
    }
}
