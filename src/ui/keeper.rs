//! The text keeper: a worker that reads the corpus JSON the page reads, as the page passes its
//! chunks on, and keeps its records' text coded as numbered words (`corpus::handover`), so the
//! page's own thread only parses and indexes, and a second core does the coding.
//!
//! The worker is `assets/keeper.js`, a module loading this same wasm (whose start mounts nothing
//! where there is no window) and driving a `TextKeeper`. The page side is `Keeper`: `start`,
//! `send` each chunk, then `finish` for the store. Any failure (no workers, a script that does
//! not load, a file the keeper does not follow) comes back from `finish` as a message, and the
//! page keeps the text itself from the chunks it holds: the worker only ever saves time.
//!
//! Invariant: the worker is sent every chunk of the file, in order, and then the end, once.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::yielding::yield_to_page;
use crate::corpus::handover::{receive, write_head, JsonTextKeeper};
use crate::corpus::pack::DecodeError;
use crate::corpus::store::TextStore;

/// The worker's script, next to index.html.
const SCRIPT: &str = "keeper.js";

/// What the page sends the worker after the last chunk.
const END: &str = "end";

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
    /// Settles with the worker's one message (its store's parts, or why it has none), or its
    /// first error.
    reply: JsFuture,
    /// Why sending a chunk failed, if one did (the store would lack it).
    failed: Option<String>,
}

impl Keeper {
    /// A keeper at work, or `None` where the page cannot start one (no workers).
    pub fn start() -> Option<Keeper> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            worker.set_onmessage(Some(&resolve));
            worker.set_onerror(Some(&reject));
            worker.set_onmessageerror(Some(&reject));
        });
        Some(Keeper {
            worker,
            reply: JsFuture::from(promise),
            failed: None,
        })
    }

    /// Passes the next chunk of the file on (a copy: the page keeps its own).
    pub fn send(&mut self, chunk: &Uint8Array) {
        if self.failed.is_none() {
            if let Err(e) = self.worker.post_message(chunk) {
                self.failed = Some(format!("a chunk could not be passed on ({e:?})"));
            }
        }
    }

    /// Ends the file and waits for the store of every record's text, or says why there is none.
    pub async fn finish(mut self) -> Result<TextStore, String> {
        let reply = match self.failed.take() {
            Some(why) => Err(why),
            None => match self.worker.post_message(&JsValue::from_str(END)) {
                Ok(()) => (&mut self.reply).await.map_err(|e| describe(&e)),
                Err(e) => Err(format!("the end could not be passed on ({e:?})")),
            },
        };
        // Its work is done (or failed): its memory goes now.
        drop(self);
        let data = reply?
            .dyn_into::<web_sys::MessageEvent>()
            .map_err(|e| describe(&e))?
            .data();
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
