// pq-explorer's text keeper (src/ui/keeper.rs): a worker that reads the corpus JSON the page
// reads, chunk by chunk as the page passes them on, and keeps its records' text coded, so the
// page's own thread only parses and indexes. It loads the app's own wasm, whose start mounts
// nothing here (there is no window). Trunk's post-build hook writes in the module's and the
// wasm's names.
//
// Messages to the page: 'ready' first, once this script runs (from then on the page hands its
// chunks over rather than copying them: this worker holds them for it); then one reply to each
// request, in order. To 'end': the store's parts ([head, body], then its wasm memory's size) or a
// sentence saying why there are none (the page then keeps the text itself). To 'chunks': `{ chunks }`,
// every chunk passed here, in order, handed back (the page reads the file itself after all).
import init, { TextKeeper } from './__APP_MODULE__';

const wasm = new URL('./__APP_WASM__', import.meta.url);
const keeper = init({ module_or_path: wasm }).then((exports) => ({ keeper: new TextKeeper(), memory: exports.memory }));
// A failed start is told in the reply to 'end', which awaits it.
keeper.catch(() => {});
// Every chunk passed here, held whatever becomes of the keeping.
const chunks = [];
let done = false;

onmessage = async ({ data }) => {
  if (data === 'chunks') {
    postMessage({ chunks }, chunks.map((chunk) => chunk.buffer));
    chunks.length = 0;
    done = true;
    return;
  }
  if (data instanceof Uint8Array) chunks.push(data);
  if (done) return;
  try {
    const { keeper: k, memory } = await keeper;
    if (done) return;
    if (data === 'end') {
      done = true;
      const [head, body] = k.finish();
      // Its wasm memory too, at its largest now: the benchmark reports it.
      postMessage([head, body, memory.buffer.byteLength], [head.buffer, body.buffer]);
    } else {
      k.feed(data);
    }
  } catch (e) {
    done = true;
    postMessage(`the text keeper stopped: ${e?.message ?? e}`);
  }
};
postMessage('ready');
