// pq-explorer's early start: when the address names a corpus (?corpus=URL), its download starts
// here, while the app's wasm is still loading, and the app takes it over instead of asking
// again (ui/load.rs, `early_start`). Nothing else reads it. The download is the corpus reader's
// (keeper.js, a worker that passes the body's chunks on to the page): its messages are held
// here until the app takes the worker over. For a bundle (.pqx), or where no worker starts, the
// page's own request, whose promise never rejects: on a failure the app asks again itself, and
// says what went wrong. Like the app, it asks only for relative and http(s) addresses.
//
// Saved copies (ui/saved.rs): once the app has read a corpus JSON named by ?corpus=, it keeps
// the corpus with its finished index, as a bundle, in this build's cache of saved copies. When
// the address names that file again and the server says it has not changed since (the same
// ETag, or the same Last-Modified and length, to a HEAD request), the saved copy is what the
// app reads, with no JSON to parse and no index to build; with no answer from the server
// (offline, or none within 5 s), the saved copy too. A changed file's copy is deleted and the file read again.
// The service worker deletes the caches of other builds, whose index may differ.
const SAVED = 'pq-explorer-saved-__BUILD__';
/** How long the server has to say whether a saved copy's file changed. */
const ASK_FOR_MS = 5000;

/** The key a saved copy of the corpus at `href` is kept under. */
function savedKey(href) {
  return new URL(`saved-corpus?of=${encodeURIComponent(href)}`, location.href).href;
}

/** Whether the response `now` to a HEAD request is for the file a saved copy (`saved`) was made of. */
function sameFile(now, saved) {
  const etag = now.get('etag');
  if (etag && saved.get('x-pqx-etag')) return etag === saved.get('x-pqx-etag');
  const modified = now.get('last-modified');
  return (
    !!modified &&
    modified === saved.get('x-pqx-last-modified') &&
    (now.get('content-length') ?? '') === (saved.get('x-pqx-length') ?? '')
  );
}

/** The saved copy of the corpus at `href`, when there is one and its file has not changed. */
async function fromSaved(href) {
  try {
    const cache = await caches.open(SAVED);
    const key = savedKey(href);
    const saved = await cache.match(key);
    if (!saved) return null;
    let now = null;
    try {
      // A server that does not answer within seconds is taken as no answer.
      const signal = AbortSignal.timeout ? AbortSignal.timeout(ASK_FOR_MS) : undefined;
      now = await fetch(href, { method: 'HEAD', cache: 'no-store', signal });
    } catch {
      // No answer (offline, or too slow): the saved copy is all there is.
    }
    if (now && !(now.ok && sameFile(now.headers, saved.headers))) {
      await cache.delete(key);
      return null;
    }
    const savedAt = saved.headers.get('x-pqx-saved-at') ?? '';
    return { url: href, response: Promise.resolve(saved), saved: { at: savedAt, checked: !!now } };
  } catch {
    // No Cache Storage here (an opaque origin, storage turned off): the file itself.
    return null;
  }
}

/** Starts the download of the corpus at `url`: the reader worker's, or the page's own. */
function download(url) {
  let worker = null;
  // A bundle (.pqx) is fetched by the page itself, as the app decides (`read_by_worker`).
  if (!url.pathname.endsWith('.pqx')) {
    try {
      worker = new Worker('keeper.js', { type: 'module' });
    } catch {
      // No workers here: the page fetches the file itself.
    }
  }
  if (!worker) return { url: url.href, response: fetch(url.href).catch(() => null) };
  const early = { url: url.href, worker, messages: [], error: null };
  worker.onmessage = ({ data }) => early.messages.push(data);
  worker.onerror = (e) => {
    early.error = e.message || 'the corpus reader did not start';
  };
  worker.postMessage({ fetch: url.href });
  return early;
}

const ROOM = 'the browser has too little room left for this site';

/**
 * For the app (ui/saved.rs): starts keeping a saved copy of the corpus at `href`, with the
 * validators of the response it was read from (`file`: etag, lastModified, length) and about
 * how large it will be (`file.estimate`, in bytes). The copy streams into the cache as the app
 * writes it: `write(part)` (a Uint8Array) resolves once there is room for the next part;
 * `close()` resolves once the copy is kept; `abort(why)` drops it. Each rejects with a
 * sentence's end when the browser will not keep the copy.
 */
async function saving(href, file) {
  if (navigator.storage && navigator.storage.estimate) {
    const { usage = 0, quota = Infinity } = await navigator.storage.estimate();
    if (quota - usage < file.estimate * 1.2) throw new Error(ROOM);
  }
  let controller = null;
  let wake = null;
  let failure = null;
  const body = new ReadableStream(
    {
      start: (c) => { controller = c; },
      pull: () => { wake?.(); wake = null; },
      cancel: () => { wake?.(); wake = null; },
    },
    new CountQueuingStrategy({ highWaterMark: 4 }),
  );
  const headers = { 'x-pqx-saved-at': new Date().toISOString() };
  if (file.etag) headers['x-pqx-etag'] = file.etag;
  if (file.lastModified) headers['x-pqx-last-modified'] = file.lastModified;
  if (file.length) headers['x-pqx-length'] = file.length;
  const cache = await caches.open(SAVED);
  const kept = cache.put(savedKey(href), new Response(body, { headers })).catch((e) => {
    failure = new Error(e && e.name === 'QuotaExceededError'
      ? ROOM
      : `the browser would not keep it (${e && e.message ? e.message : e})`);
    wake?.();
    wake = null;
  });
  return {
    async write(part) {
      try {
        if (!failure) controller.enqueue(part);
        if (!failure && controller.desiredSize <= 0) await new Promise((ok) => { wake = ok; });
      } catch {
        // The stream ended: the cache stopped taking it, and `kept` says why.
        await kept;
        failure ??= new Error('the browser stopped taking it');
      }
      if (failure) throw failure;
    },
    async close() {
      try {
        if (!failure) controller.close();
      } catch {
        // As in `write`.
      }
      await kept;
      if (failure) throw failure;
    },
    async abort(why) {
      try {
        controller.error(new Error(why));
      } catch {
        // Already ended.
      }
      await kept;
    },
  };
}

/** For the app: deletes the saved copy of the corpus at `href`, if there is one. */
async function forget(href) {
  if (!('caches' in self)) return false;
  const cache = await caches.open(SAVED);
  return cache.delete(savedKey(href));
}

window.pqxSaved = { saving, forget, available: 'caches' in self };

const named = new URLSearchParams(location.search).get('corpus');
let url = null;
try {
  url = named ? new URL(named, location.href) : null;
} catch {
  // An address that is not a URL: the app says so.
}
if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
  if (url.pathname.endsWith('.pqx') || !('caches' in self)) {
    window.pqxEarlyCorpus = download(url);
  } else {
    // The app awaits this when it comes to take the download over.
    window.pqxEarlyCorpus = { url: url.href, pending: fromSaved(url.href).then((saved) => saved ?? download(url)) };
  }
}
