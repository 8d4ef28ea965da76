//! The text keeper: a worker that reads the corpus JSON the page reads, as the page passes its
//! chunks on, and keeps its records' text coded as numbered words (`corpus::handover`), so the
//! page's own thread only parses and indexes, and a second core does the coding.
//!
//! The worker is `assets/keeper.js`, a module loading this same wasm (whose start mounts nothing
//! where there is no window) and driving a `TextKeeper`. The page side is `Keeper`: `start`,
//! `send` each chunk, then `finish` for the store. Any failure (no workers, a script that does
//! not load, a file the keeper does not follow) comes back from `finish` as a message, and the
//! page keeps the text itself from the file's chunks: the worker only ever saves time.
//!
//! A chunk is copied to the worker until its script says it runs; after that it is handed over
//! (copying 286 MB to a worker took the page's thread 0.2–0.4 s, handing it over 0.02 s), and
//! the worker holds it for the page, which asks for the chunks back (`chunks`) if it must read
//! the file itself after all.
//!
//! Invariants: the worker is sent every chunk of the file, in order, and then the end, once; it
//! holds every chunk it was sent until the page lets it go or takes them back.

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

/// What the page sends the worker after the last chunk.
const END: &str = "end";

/// What the page sends the worker for the chunks it holds.
const CHUNKS: &str = "chunks";

/// What the worker sends first, once its script runs.
const READY: &str = "ready";

/// The smallest corpus JSON whose text a keeper keeps: below it, starting the worker and
/// waiting for it costs about what coding the text here does (a year of Commons questions,
/// 26 MB, codes in under 0.1 s; the worker's start and hand-over took 40–180 ms).
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

/// The page's handle on a text keeper at work.
pub struct Keeper {
    worker: web_sys::Worker,
    inbox: Rc<RefCell<Inbox>>,
    /// The worker's listeners, held as long as it is.
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
    /// Why sending a chunk failed, if one did (the store would lack it).
    failed: Option<String>,
    /// Chunks sent, and whether each was handed over (the worker holds it) or copied.
    sent: Vec<bool>,
}

/// What the worker has said and the page has not read yet.
#[derive(Default)]
struct Inbox {
    /// The worker's script runs: it holds the chunks handed to it.
    ready: bool,
    replies: VecDeque<JsValue>,
    /// Why the worker stopped (an error event, or a message that could not be read): no reply
    /// not already here will come.
    stopped: Option<String>,
    waiting: Option<Waker>,
}

impl Inbox {
    fn wake(&mut self) {
        if let Some(waker) = self.waiting.take() {
            waker.wake();
        }
    }
}

/// The worker's next reply, or why none will come.
struct NextReply(Rc<RefCell<Inbox>>);

impl Future for NextReply {
    type Output = Result<JsValue, String>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let mut inbox = self.0.borrow_mut();
        if let Some(reply) = inbox.replies.pop_front() {
            return Poll::Ready(Ok(reply));
        }
        if let Some(why) = &inbox.stopped {
            return Poll::Ready(Err(why.clone()));
        }
        inbox.waiting = Some(context.waker().clone());
        Poll::Pending
    }
}

impl Keeper {
    /// A keeper at work, or `None` where the page cannot start one (no workers).
    pub fn start() -> Option<Keeper> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = {
            let inbox = Rc::clone(&inbox);
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let mut inbox = inbox.borrow_mut();
                match event.dyn_into::<web_sys::MessageEvent>().map(|e| e.data()) {
                    Ok(data) if data.as_string().as_deref() == Some(READY) => inbox.ready = true,
                    Ok(data) => inbox.replies.push_back(data),
                    Err(event) => inbox.stopped = Some(describe(&event)),
                }
                inbox.wake();
            })
        };
        let on_error = {
            let inbox = Rc::clone(&inbox);
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let mut inbox = inbox.borrow_mut();
                inbox.stopped.get_or_insert_with(|| describe(&event));
                inbox.wake();
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Keeper {
            worker,
            inbox,
            _listeners: [on_message, on_error],
            failed: None,
            sent: Vec::new(),
        })
    }

    /// Passes the next chunk of the file on: handed over once the worker runs (the chunk is
    /// then empty here, and the worker holds it for `give_back`), copied before.
    pub fn send(&mut self, chunk: &Uint8Array) {
        if self.failed.is_some() {
            return;
        }
        let buffer = chunk.buffer();
        // A chunk that is not its buffer's whole (none of a fetched body's is) is copied, as
        // handing its buffer over would take whatever else lies in it.
        let whole = chunk.byte_offset() == 0 && chunk.byte_length() == buffer.byte_length();
        let hand_over = whole && self.inbox.borrow().ready;
        let posted = match hand_over {
            true => (self.worker).post_message_with_transfer(chunk, &Array::of1(&buffer)),
            false => self.worker.post_message(chunk),
        };
        match posted {
            Ok(()) => self.sent.push(hand_over),
            Err(e) => self.failed = Some(format!("a chunk could not be passed on ({e:?})")),
        }
    }

    /// Ends the file and waits for the store of every record's text, or says why there is none.
    /// The worker goes on holding the chunks it was handed (`give_back`) until it is dropped.
    pub async fn finish(&mut self) -> Result<TextStore, String> {
        if let Some(why) = self.failed.take() {
            return Err(why);
        }
        if let Err(e) = self.worker.post_message(&JsValue::from_str(END)) {
            return Err(format!("the end could not be passed on ({e:?})"));
        }
        let data = NextReply(Rc::clone(&self.inbox)).await?;
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

    /// Puts back into `chunks` (the file's, as the page sent them: the first `sent` of them)
    /// those the worker was handed; the worker then stops.
    pub async fn give_back(self, chunks: &mut [Uint8Array]) -> Result<(), String> {
        if !self.sent.contains(&true) {
            return Ok(());
        }
        let why = |what: String| format!("the text keeper could not give back the file ({what})");
        (self.worker)
            .post_message(&JsValue::from_str(CHUNKS))
            .map_err(|e| why(format!("{e:?}")))?;
        // A reply about the text (when the keeping failed before the end was sent) may come
        // first.
        let held = loop {
            let reply = NextReply(Rc::clone(&self.inbox)).await.map_err(why)?;
            let held = js_sys::Reflect::get(&reply, &CHUNKS.into()).ok();
            if let Some(held) = held.and_then(|h| h.dyn_into::<Array>().ok()) {
                break held;
            }
        };
        if held.length() as usize != self.sent.len() || chunks.len() < self.sent.len() {
            return Err(why(format!(
                "{} chunks of {}",
                held.length(),
                self.sent.len()
            )));
        }
        for (i, _) in self.sent.iter().enumerate().filter(|(_, &handed)| handed) {
            chunks[i] = held
                .get(i as u32)
                .dyn_into()
                .map_err(|_| why(format!("chunk {i} is not bytes")))?;
        }
        Ok(())
    }
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

impl Drop for Keeper {
    /// A keeper no longer wanted (the load failed, or the file is read whole) stops at once.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What went wrong, from an error event, an error or a message.
fn describe(value: &JsValue) -> String {
    let field = |name: &str| js_sys::Reflect::get(value, &name.into()).ok()?.as_string();
    field("message")
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
