// pq-explorer's corpus reader (src/ui/keeper.rs): a worker that fetches a corpus named by the
// address (not a bundle: `read_by_worker` in src/ui/load.rs says which) and passes its body's
// chunks on to the page as they come, handing each one over (the page's own thread then neither
// reads the network's stream nor copies the bytes); and, for corpus JSON large enough, keeps the
// records' text coded as it goes (the text keeper), so the page's thread only parses and indexes.
// For that it loads the app's own wasm, whose start mounts nothing here (there is no window);
// Trunk's post-build hook writes in the module's and the wasm's names.
//
// From the page: { fetch: URL } first; { took: BYTES } as it takes each chunk; once it has seen
// the first bytes, 'keep' (corpus JSON whose text this worker keeps: from then on each chunk is
// read here before it is passed on, those passed on before from copies) or 'pass' (only pass
// them on); after the last chunk, 'end', for the kept text.
// To the page, in this order: the response's head ({ status, statusText, length, etag,
// lastModified }) or why there is none ({ failed }); each chunk of the body, handed over;
// { done: true } or why the body stopped ({ failed }); then, to 'end', the kept text's parts
// ([head, body], then this worker's wasm memory's size) or a sentence saying why there are none
// (the page then keeps the text itself, from the chunks it was passed).

const said = (e) => String(e?.message ?? e);
// The most bytes passed on and not yet taken by the page ({ took }): the download goes at the
// page's pace, as it would were the page reading it, instead of taking the cores the page works
// on, while the next chunks are always here when the page wants them.
const AHEAD = 4 << 20;
let ahead = 0;
let resume = null;
// Copies of the chunks passed on before the page said whether to keep their text (null after).
let undecided = [];
// Once told to keep: the keeper, when its wasm has loaded; and whether it has.
let keeping = null;
let loaded = false;
// Each chunk's reading, in turn, after the one before.
let work = Promise.resolve();
// Why the keeping failed, if it did.
let failed = null;

function keep() {
  keeping = import('./__APP_MODULE__').then(async (app) => {
    const exports = await app.default({ module_or_path: new URL('./__APP_WASM__', import.meta.url) });
    return { keeper: new app.TextKeeper(), memory: exports.memory };
  });
  keeping.then(() => { loaded = true; }, () => { loaded = true; });
  for (const chunk of undecided) feed(chunk);
  undecided = null;
}

function feed(chunk) {
  work = work.then(async () => {
    if (failed) return;
    try {
      const { keeper } = await keeping;
      keeper.feed(chunk);
    } catch (e) {
      failed = said(e);
    }
  });
  return work;
}

async function finish() {
  await work;
  try {
    if (!keeping) throw new Error('it was not asked to keep the text');
    if (failed) throw new Error(failed);
    const { keeper, memory } = await keeping;
    const [head, body] = keeper.finish();
    // Its wasm memory too, at its largest now: the benchmark reports it.
    postMessage([head, body, memory.buffer.byteLength], [head.buffer, body.buffer]);
  } catch (e) {
    postMessage(`the text keeper stopped: ${said(e)}`);
  }
}

async function read(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    postMessage({ failed: said(e) });
    return;
  }
  const headers = response.headers;
  const length = headers.get('content-length');
  const [etag, lastModified] = [headers.get('etag'), headers.get('last-modified')];
  postMessage({ status: response.status, statusText: response.statusText, length, etag, lastModified });
  if (!response.ok || !response.body) {
    response.body?.cancel().catch(() => {});
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    while (ahead >= AHEAD) await new Promise((ok) => { resume = ok; });
    let next;
    try {
      next = await reader.read();
    } catch (e) {
      postMessage({ failed: said(e) });
      return;
    }
    if (next.done) break;
    const chunk = next.value;
    // Until the keeper's wasm has loaded, its chunks are read from copies, so the page does not
    // wait for the loading; after, each is read before it is passed on.
    if (undecided) undecided.push(chunk.slice());
    else if (keeping && !loaded) feed(chunk.slice());
    else if (keeping) await feed(chunk);
    // A chunk that is not its buffer's whole (none of a fetched body's is) is copied, as handing
    // its buffer over would take whatever else lies in it.
    const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    ahead += chunk.byteLength;
    postMessage(chunk, whole ? [chunk.buffer] : []);
  }
  postMessage({ done: true });
}

onmessage = ({ data }) => {
  if (typeof data?.took === 'number') {
    ahead -= data.took;
    resume?.();
    resume = null;
  } else if (typeof data?.fetch === 'string') read(data.fetch);
  else if (data === 'keep' && undecided) keep();
  else if (data === 'pass') undecided = null;
  else if (data === 'end') finish();
};
