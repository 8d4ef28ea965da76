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
//
// A copy is kept as parts of at most PART_BYTES, each its own entry, and a head entry (the
// file's validators, the copy's size and how many parts it has) written once every part is
// kept: so a copy is seen whole or not at all, and no one entry is larger than the browser's
// cache takes (Chromium refused a single entry of 300 MB with "Unexpected internal error").
// Parts left with no head (their tab closed while writing them) are deleted by a later save
// once they are an hour old. The service worker does not keep the file itself: the saved copy
// is what opens offline.
//
// The corpus as an import left it is kept the same way, under the address IMPORTS, which names
// no file: ?corpus=saved:imports opens it, with no server to ask, and says so when none is kept.
const SAVED = 'pq-explorer-saved-__BUILD__';
/** The most bytes one entry of a saved copy holds. */
const PART_BYTES = 8 << 20;
/**
 * How old the parts of a copy with no head must be before a save deletes them: a copy another
 * tab is writing has no head yet, and one whose tab closed while writing never will.
 */
const ORPHANED_AFTER_MS = 60 * 60 * 1000;
/** How long the server has to say whether a saved copy's file changed. */
const ASK_FOR_MS = 5000;
/** The address of the corpus as the last import left it (ui/saved.rs, `IMPORTS_URL`). */
const IMPORTS = 'saved:imports';

/** The key the head of a saved copy of the corpus at `href` is kept under. */
function savedKey(href) {
  return new URL(`saved-corpus?of=${encodeURIComponent(href)}`, location.href).href;
}

/** What a part's key adds to its head's key, before the part's number. */
const PART = '&part=';

/** The key part `n` (from 0) of the saved copy whose head is at `key` is kept under. */
function partKey(key, n) {
  return `${key}${PART}${n}`;
}

/** Deletes every part of the saved copy whose head is at `key`, those of a copy cut short too. */
async function dropParts(cache, key) {
  const prefix = partKey(key, '');
  const parts = (await cache.keys()).filter((request) => request.url.startsWith(prefix));
  await Promise.all(parts.map((request) => cache.delete(request)));
}

/** Deletes the parts of copies that never got their head and are older than ORPHANED_AFTER_MS. */
async function dropOrphans(cache) {
  const keys = (await cache.keys()).map((request) => request.url);
  const heads = new Set(keys.filter((key) => !key.includes(PART)));
  const now = Date.now();
  const orphans = keys.filter((key) => key.includes(PART) && !heads.has(key.slice(0, key.indexOf(PART))));
  await Promise.all(orphans.map(async (key) => {
    const part = await cache.match(key);
    const at = Date.parse(part?.headers.get('x-pqx-saved-at') ?? '');
    if (!(now - at < ORPHANED_AFTER_MS)) await cache.delete(key);
  }));
}

/**
 * The bytes of the `parts` parts of the saved copy whose head is at `key`, one after another,
 * read as they are asked for. A part that is missing ends the stream with an error, as a file
 * cut short would, and the app reads the file instead.
 */
function joined(cache, key, parts) {
  let next = 0;
  let reader = null;
  return new ReadableStream({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          if (next === parts) return controller.close();
          const part = await cache.match(partKey(key, next));
          next += 1;
          if (!part || !part.body) return controller.error(new Error(`part ${next} of ${parts} of the saved copy is missing`));
          reader = part.body.getReader();
        }
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        reader = null;
      }
    },
    cancel(why) {
      return reader?.cancel(why);
    },
  });
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

/**
 * The saved copy of the corpus at `href`, when there is one and its file has not changed (the
 * corpus an import left has no file to ask about).
 */
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
      if (href !== IMPORTS) now = await fetch(href, { method: 'HEAD', cache: 'no-store', signal });
    } catch {
      // No answer (offline, or too slow): the saved copy is all there is.
    }
    if (now && !(now.ok && sameFile(now.headers, saved.headers))) {
      await forget(href);
      return null;
    }
    const savedAt = saved.headers.get('x-pqx-saved-at') ?? '';
    const headers = new Headers(saved.headers);
    headers.set('content-length', saved.headers.get('x-pqx-bytes') ?? '');
    const parts = Number(saved.headers.get('x-pqx-parts') ?? 0);
    const response = new Response(joined(cache, key, parts), { headers });
    return { url: href, response: Promise.resolve(response), saved: { at: savedAt, checked: !!now } };
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

/** Why the cache would not keep an entry, from the error its `put` gave (`e`). */
function refusal(e) {
  return new Error(e && e.name === 'QuotaExceededError'
    ? ROOM
    : `the browser would not keep it (${e && e.message ? e.message : e})`);
}

/**
 * For the app (ui/saved.rs): starts keeping a saved copy of the corpus at `href`, with the
 * validators of the response it was read from (`file`: etag, lastModified, length) and about
 * how large it will be (`file.estimate`, in bytes). The copy streams into the cache as the app
 * writes it, a part (of PART_BYTES) at a time: `write(bytes)` (a Uint8Array) resolves once
 * there is room for more; `close()` resolves once the whole copy is kept; `abort(why)` drops
 * what was kept of it. Each rejects with a sentence's end when the browser will not keep the
 * copy, and what was kept of it is dropped.
 */
async function saving(href, file) {
  if (navigator.storage && navigator.storage.estimate) {
    const { usage = 0, quota = Infinity } = await navigator.storage.estimate();
    if (quota - usage < file.estimate * 1.2) throw new Error(ROOM);
  }
  const key = savedKey(href);
  const cache = await caches.open(SAVED);
  // A copy of the same file (one cut short when a tab closed, too) makes way for this one, and
  // the parts of others cut short long ago go.
  await forget(href);
  await dropOrphans(cache);
  let parts = 0;
  let bytes = 0;
  let failure = null;
  // The part being written: its stream's controller, its bytes, the cache's `put` of it, and
  // the wake-up of a `write` waiting for the cache to take more.
  let part = null;

  function startPart() {
    const started = { controller: null, bytes: 0, kept: null, wake: null };
    const wake = () => {
      started.wake?.();
      started.wake = null;
    };
    const body = new ReadableStream(
      { start: (c) => { started.controller = c; }, pull: wake, cancel: wake },
      new CountQueuingStrategy({ highWaterMark: 4 }),
    );
    const headers = { 'x-pqx-saved-at': new Date().toISOString() };
    started.kept = cache.put(partKey(key, parts), new Response(body, { headers })).catch((e) => {
      failure ??= refusal(e);
      wake();
    });
    parts += 1;
    return started;
  }

  async function endPart() {
    const ending = part;
    part = null;
    try {
      if (!failure) ending?.controller.close();
    } catch {
      // The stream ended: the cache stopped taking it, and `kept` says why.
    }
    await ending?.kept;
  }

  async function fail() {
    await forget(href);
    throw failure;
  }

  return {
    async write(chunk) {
      if (failure) return fail();
      part ??= startPart();
      try {
        part.controller.enqueue(chunk);
        part.bytes += chunk.byteLength;
        bytes += chunk.byteLength;
        if (part.controller.desiredSize <= 0) await new Promise((ok) => { part.wake = ok; });
      } catch {
        // As in `endPart`.
        await part.kept;
        failure ??= new Error('the browser stopped taking it');
      }
      if (!failure && part.bytes >= PART_BYTES) await endPart();
      if (failure) return fail();
    },
    async close() {
      await endPart();
      if (failure) return fail();
      const headers = { 'x-pqx-saved-at': new Date().toISOString(), 'x-pqx-parts': String(parts), 'x-pqx-bytes': String(bytes) };
      if (file.etag) headers['x-pqx-etag'] = file.etag;
      if (file.lastModified) headers['x-pqx-last-modified'] = file.lastModified;
      if (file.length) headers['x-pqx-length'] = file.length;
      try {
        await cache.put(key, new Response(null, { headers }));
      } catch (e) {
        failure = refusal(e);
        return fail();
      }
    },
    async abort(why) {
      try {
        part?.controller.error(new Error(why));
      } catch {
        // Already ended.
      }
      await part?.kept;
      part = null;
      await forget(href);
    },
  };
}

/** For the app: deletes the saved copy of the corpus at `href`, if there is one. */
async function forget(href) {
  if (!('caches' in self)) return false;
  const cache = await caches.open(SAVED);
  const key = savedKey(href);
  // The head first: a copy without it is never opened.
  const had = await cache.delete(key);
  await dropParts(cache, key);
  return had;
}

/** For the app: when the saved copy of the corpus at `href` was saved (ISO 8601), or null. */
async function savedAt(href) {
  if (!('caches' in self)) return null;
  const saved = await (await caches.open(SAVED)).match(savedKey(href));
  return saved?.headers.get('x-pqx-saved-at') ?? null;
}

window.pqxSaved = { saving, forget, savedAt, available: 'caches' in self };

const named = new URLSearchParams(location.search).get('corpus');
let url = null;
try {
  url = named ? new URL(named, location.href) : null;
} catch {
  // An address that is not a URL: the app says so.
}
if (named === IMPORTS && 'caches' in self) {
  // None kept: nothing made, and the app says so.
  window.pqxEarlyCorpus = { url: IMPORTS, pending: fromSaved(IMPORTS) };
} else if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
  if (url.pathname.endsWith('.pqx') || !('caches' in self)) {
    window.pqxEarlyCorpus = download(url);
  } else {
    // The app awaits this when it comes to take the download over.
    window.pqxEarlyCorpus = { url: url.href, pending: fromSaved(url.href).then((saved) => saved ?? download(url)) };
  }
}
