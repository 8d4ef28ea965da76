//! The corpus reader: a worker that fetches a corpus named by the address (not a bundle:
//! `load::read_by_worker`) and passes the body's chunks on to the page as they come, each handed
//! over rather than copied, so the page's own thread neither reads the network's stream nor copies
//! the bytes (about half a second of it for 286 MB); and, told to (corpus JSON large enough:
//! `keeper_pays`), the text keeper, which reads the same chunks before it passes them on and keeps
//! the records' text coded as numbered words (`corpus::handover`), so the page's thread only parses
//! and indexes, and a second core does the coding.
//!
//! The worker is `assets/keeper.js`. It loads this same wasm (whose start mounts nothing where
//! there is no window) only when it keeps text, driving a `TextKeeper`. The page side is
//! `ReaderWorker`: `fetch` (or `adopt` the worker the page's early start made), `head`, each
//! chunk (`next_chunk`), `keep` once the first bytes have shown what the file is, then
//! `finish_keeping` for the store. A worker that cannot start or fetch leaves the page to fetch
//! the file itself; a failure of the keeping comes back from `finish_keeping` as a message, and
//! the page keeps the text itself from the chunks it was passed: the worker only ever saves
//! time.
//!
//! Invariant: the worker's messages come in order — the head (or why there is none), every
//! chunk, the body's end (or why it stopped), then at most one reply about the kept text.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::yielding::yield_to_page;
use crate::corpus::handover::{receive, write_head, JsonTextKeeper};
use crate::corpus::pack::DecodeError;
use crate::corpus::store::TextStore;

/// The worker's script, next to index.html.
const SCRIPT: &str = "keeper.js";

/// What the page sends the worker after the last chunk, for the kept text.
const END: &str = "end";

/// What the page tells the worker once the first bytes show corpus JSON whose text it keeps.
const KEEP: &str = "keep";

/// What the page tells the worker once the first bytes show a file whose text it does not keep.
const PASS: &str = "pass";

/// The smallest corpus JSON whose text the reader worker keeps: below it, loading the wasm
/// there and waiting for its text costs about what coding the text here does (a year of Commons
/// questions, 26 MB, codes in under 0.1 s; a keeper's start and hand-over took 40–180 ms).
const KEEPER_FROM_BYTES: u64 = 64 << 20;

/// Whether a text keeper pays for corpus JSON of `bytes` (when the server says): it does for a
/// large file, or one of unknown size.
#[wasm_bindgen(js_name = keeperPays)]
pub fn keeper_pays(bytes: Option<f64>) -> bool {
    bytes.is_none_or(|n| n >= KEEPER_FROM_BYTES as f64)
}

/// The worker's side: corpus JSON fed a chunk at a time, its records' text kept coded.
#[wasm_bindgen]
#[derive(Default)]
pub struct TextKeeper {
    keeper: JsonTextKeeper,
}

#[wasm_bindgen]
impl TextKeeper {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextKeeper {
        TextKeeper::default()
    }

    /// Takes the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.keeper.feed(chunk);
    }

    /// Ends the file: `[head, body]` of the store of every record's text
    /// (`corpus::handover`), or a message saying why there is none.
    pub fn finish(self) -> Result<Array, String> {
        let store = self.keeper.finish().ok_or(
            "the file is not corpus JSON as the keeper reads it (the page reads it whole)",
        )?;
        let head = write_head(&store).ok_or("the keeper kept no coded text")?;
        // The blocks are copied straight out of wasm memory, which a copy of them all there
        // would grow by their size.
        let blocks = store.block_list();
        let total = blocks.iter().map(|b| b.bytes.len()).sum::<usize>();
        let body = u32::try_from(total)
            .map(Uint8Array::new_with_length)
            .map_err(|_| "the records' text is over 4 GB")?;
        let mut at = 0;
        for block in blocks {
            let end = at + block.bytes.len() as u32;
            body.subarray(at, end).copy_from(&block.bytes);
            at = end;
        }
        Ok(Array::of2(&Uint8Array::from(&head[..]), &body))
    }
}

/// The page's handle on a reader worker at work.
pub struct ReaderWorker {
    worker: web_sys::Worker,
    inbox: Rc<RefCell<Inbox>>,
    /// The worker's listeners, held as long as it is.
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
    /// Whether it was asked to keep the text.
    keeping: bool,
}

/// The head of the response the worker had.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub status: u16,
    pub status_text: String,
    /// As the server said (`content-length`).
    pub length: Option<u64>,
    /// What says whether the file changed since (`etag`, `last-modified`), as the server said.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What the worker has said and the page has not read yet.
#[derive(Default)]
struct Inbox {
    messages: VecDeque<JsValue>,
    /// Why the worker stopped (an error event, or a message that could not be read): nothing
    /// not already here will come.
    stopped: Option<String>,
    waiting: Option<Waker>,
}

impl Inbox {
    /// A listener for the worker's events that files each in `inbox` (`file`) and wakes the
    /// page's wait for the next message.
    fn listener(
        inbox: &Rc<RefCell<Inbox>>,
        file: impl Fn(&mut Inbox, JsValue) + 'static,
    ) -> Closure<dyn FnMut(JsValue)> {
        let inbox = Rc::clone(inbox);
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let waiting = {
                let mut inbox = inbox.borrow_mut();
                file(&mut inbox, event);
                inbox.waiting.take()
            };
            if let Some(waker) = waiting {
                waker.wake();
            }
        })
    }
}

/// The worker's next message, or why none will come.
struct NextMessage(Rc<RefCell<Inbox>>);

impl Future for NextMessage {
    type Output = Result<JsValue, String>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let mut inbox = self.0.borrow_mut();
        if let Some(message) = inbox.messages.pop_front() {
            return Poll::Ready(Ok(message));
        }
        if let Some(why) = &inbox.stopped {
            return Poll::Ready(Err(why.clone()));
        }
        inbox.waiting = Some(context.waker().clone());
        Poll::Pending
    }
}

/// A chunk of the body, its end (`None`), or why it stopped.
pub type Chunk = Result<Option<Uint8Array>, String>;

impl ReaderWorker {
    /// A worker fetching `url` (absolute: the worker's own address is not the page's), or
    /// `None` where the page cannot start one.
    pub fn fetch(url: &str) -> Option<ReaderWorker> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
        let reader = ReaderWorker::listen(worker, VecDeque::new(), None);
        reader.post(&message("fetch", &url.into())).ok()?;
        Some(reader)
    }

    /// The worker the page's early start made (`assets/early.js`), with the messages it had
    /// sent before (`messages`) and why it stopped, if it did (`error`).
    pub fn adopt(worker: web_sys::Worker, messages: &js_sys::Array, error: Option<String>) -> Self {
        ReaderWorker::listen(worker, messages.iter().collect(), error)
    }

    fn listen(
        worker: web_sys::Worker,
        messages: VecDeque<JsValue>,
        stopped: Option<String>,
    ) -> ReaderWorker {
        let inbox = Rc::new(RefCell::new(Inbox {
            messages,
            stopped,
            waiting: None,
        }));
        let on_message = Inbox::listener(&inbox, |inbox, event| {
            match event.dyn_into::<web_sys::MessageEvent>() {
                Ok(event) => inbox.messages.push_back(event.data()),
                Err(event) => inbox.stopped = Some(describe(&event)),
            }
        });
        let on_error = Inbox::listener(&inbox, |inbox, event| {
            inbox.stopped.get_or_insert_with(|| describe(&event));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        ReaderWorker {
            worker,
            inbox,
            _listeners: [on_message, on_error],
            keeping: false,
        }
    }

    fn post(&self, message: &JsValue) -> Result<(), String> {
        (self.worker.post_message(message)).map_err(|e| format!("it could not be told ({e:?})"))
    }

    fn next_message(&self) -> NextMessage {
        NextMessage(Rc::clone(&self.inbox))
    }

    /// The response's head, or why the worker has none (it did not start, or the request
    /// failed).
    pub async fn head(&self) -> Result<Head, String> {
        let message = self.next_message().await?;
        if let Some(why) = field(&message, "failed").and_then(|f| f.as_string()) {
            return Err(why);
        }
        let status = field(&message, "status").and_then(|s| s.as_f64());
        let status = status.and_then(|s| u16::try_from(s as i64).ok());
        let status = status
            .ok_or_else(|| format!("its first message is not a head: {}", describe(&message)))?;
        Ok(Head {
            status,
            status_text: field(&message, "statusText")
                .and_then(|s| s.as_string())
                .unwrap_or_default(),
            length: field(&message, "length")
                .and_then(|l| l.as_string())
                .and_then(|l| l.parse().ok()),
            etag: field(&message, "etag").and_then(|e| e.as_string()),
            last_modified: field(&message, "lastModified").and_then(|m| m.as_string()),
        })
    }

    /// The body's next chunk, its end, or why it stopped; the future holds nothing of `self`.
    pub fn next_chunk(&self) -> impl Future<Output = Chunk> + 'static {
        let next = self.next_message();
        async move {
            let message = next.await?;
            if message.is_instance_of::<Uint8Array>() {
                return Ok(Some(message.unchecked_into()));
            }
            if let Some(why) = field(&message, "failed").and_then(|f| f.as_string()) {
                return Err(why);
            }
            match field(&message, "done").and_then(|d| d.as_bool()) {
                Some(true) => Ok(None),
                _ => Err(format!("the reader sent {}", describe(&message))),
            }
        }
    }

    /// Tells the worker, once the first bytes have shown what the file is, whether to keep the
    /// records' text (`keep`) or only pass the chunks on.
    pub fn keep(&mut self, keep: bool) {
        let told = self.post(&JsValue::from_str(if keep { KEEP } else { PASS }));
        self.keeping = keep && told.is_ok();
    }

    /// Tells the worker the page has taken a chunk of `bytes` (it reads ahead of the page only
    /// so far).
    pub fn took(&self, bytes: u32) {
        // A worker that cannot be told has stopped, which the next chunk says.
        let _ = self.post(&message("took", &bytes.into()));
    }

    /// Stops the worker at once (its download too).
    pub fn stop(&self) {
        self.worker.terminate();
    }

    /// Ends the file and waits for the store of every record's text, or says why there is none.
    pub async fn finish_keeping(self) -> Result<TextStore, String> {
        if !self.keeping {
            return Err("it was not asked to keep the text".into());
        }
        self.post(&JsValue::from_str(END))?;
        let reply = self.next_message().await;
        // Its work is done (or failed): its memory goes now.
        drop(self);
        let data = reply?;
        if let Some(why) = data.as_string() {
            return Err(why);
        }
        let parts = data.dyn_into::<Array>().map_err(|e| describe(&e))?;
        let (head, body) = (parts.get(0), parts.get(1));
        match (head.dyn_ref::<Uint8Array>(), body.dyn_ref::<Uint8Array>()) {
            (Some(head), Some(body)) => store_from_parts(head, body).await,
            _ => Err("the keeper's reply is not its text".into()),
        }
    }
}

/// A message to the worker: `{ name: value }`.
fn message(name: &str, value: &JsValue) -> JsValue {
    let message = js_sys::Object::new();
    // Setting a property of a new plain object cannot fail.
    let _ = js_sys::Reflect::set(&message, &name.into(), value);
    message.into()
}

/// `value.name`, when `value` is an object that has it.
pub(super) fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    if !value.is_object() {
        return None;
    }
    js_sys::Reflect::get(value, &name.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

/// Blocks copied out of a keeper's body between two turns for the page (about 6 MB: a few
/// milliseconds).
const BLOCKS_A_TURN: usize = 2048;

/// The store a keeper handed over as its head and body (`corpus::handover`), each block copied
/// out of the body once, a slice at a time with turns for the page between.
pub async fn store_from_parts(head: &Uint8Array, body: &Uint8Array) -> Result<TextStore, String> {
    let damaged = |e: DecodeError| format!("its text is damaged at byte {}: {}", e.at, e.what);
    let head = head.to_vec();
    let mut receiving = receive(&head).map_err(damaged)?;
    let mut at = 0u32;
    let mut take = |len: usize| {
        let end = at.checked_add(u32::try_from(len).ok()?)?;
        if end > body.length() {
            return None;
        }
        let mut bytes = vec![0; len].into_boxed_slice();
        body.subarray(at, end).copy_to(&mut bytes);
        at = end;
        Some(bytes)
    };
    while !receiving
        .take_some(BLOCKS_A_TURN, &mut take)
        .map_err(damaged)?
    {
        yield_to_page().await;
    }
    let store = receiving.finish().map_err(damaged)?;
    match at == body.length() {
        true => Ok(store),
        false => Err("the keeper's text has bytes no block holds".into()),
    }
}

impl Drop for ReaderWorker {
    /// A reader no longer wanted (its work is done, the load failed, or the file is read whole)
    /// stops at once.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What went wrong, from an error event, an error or a message.
fn describe(value: &JsValue) -> String {
    let text = |name: &str| field(value, name)?.as_string();
    let event = || Some(format!("an {} event without a message", text("type")?));
    text("message")
        .filter(|message| !message.is_empty())
        .or_else(|| value.as_string())
        .or_else(event)
        .unwrap_or_else(|| format!("{value:?}"))
}
