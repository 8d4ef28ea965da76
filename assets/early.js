// pq-explorer's early start: when the address names a corpus (?corpus=URL), its download starts
// here, while the app's wasm is still loading, and the app takes it over instead of asking
// again (ui/load.rs, `early_start`). Nothing else reads it. The download is the corpus reader's
// (keeper.js, a worker that passes the body's chunks on to the page): its messages are held
// here until the app takes the worker over. For a bundle (.pqx), or where no worker starts, the
// page's own request,
// whose promise never rejects: on a failure the app asks again itself, and says what went wrong.
// Like the app, it asks only for relative and http(s) addresses.
const named = new URLSearchParams(location.search).get('corpus');
let url = null;
try {
  url = named ? new URL(named, location.href) : null;
} catch {
  // An address that is not a URL: the app says so.
}
if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
  let worker = null;
  // A bundle (.pqx) is fetched by the page itself, as the app decides (`read_by_worker`).
  if (!url.pathname.endsWith('.pqx')) {
    try {
      worker = new Worker('keeper.js', { type: 'module' });
    } catch {
      // No workers here: the page fetches the file itself.
    }
  }
  if (worker) {
    const early = { url: url.href, worker, messages: [], error: null };
    worker.onmessage = ({ data }) => early.messages.push(data);
    worker.onerror = (e) => {
      early.error = e.message || 'the corpus reader did not start';
    };
    worker.postMessage({ fetch: url.href });
    window.pqxEarlyCorpus = early;
  } else {
    window.pqxEarlyCorpus = { url: url.href, response: fetch(url.href).catch(() => null) };
  }
}
