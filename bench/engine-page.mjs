// The page side of the benchmark: pq-explorer's engine (wasm) and the JavaScript libraries
// people use instead, loaded from the local node_modules, indexing the same documents in the
// same page. bench/browser.mjs drives it step by step through `window.bench`.
import init, { BenchEngine, BenchBundle, BenchJson, keeperPays } from '/engine.js';
import MiniSearch from '/node_modules/minisearch/dist/es/index.js';
import { Index as FlexIndex } from '/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs';
import { create, insertMultiple, search as oramaSearch } from '/node_modules/@orama/orama/dist/browser/index.js';

await init({ module_or_path: '/engine_bg.wasm' });

const split = (s) => s.split(' ').filter(Boolean);
const BOOST = { heading: 3, text: 2, body: 1, people: 1.5 };
let engine = null;
let docs = null;
let peer = null;

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))];
}

/** Our query string as the other engines take it: words, whether the last is a prefix, a filter. */
function parse(q) {
  const filter = /(\w+):(\S+)/.exec(q);
  const words = split(q.replace(/(\w+):(\S+)/g, '').replace(/"/g, ' ').trim());
  return { words, prefix: !q.endsWith(' '), filter: filter ? { field: filter[1], value: filter[2] } : null };
}

/** The peers: build(docs) and run(parsed, limit) → { count, ids }. */
const peers = {
  MiniSearch: {
    note: 'four fields with the same boosts; AND across fields',
    async build(docs) {
      const ms = new MiniSearch({
        fields: ['heading', 'text', 'body', 'people'],
        storeFields: ['party', 'house', 'kind'],
        tokenize: split,
        processTerm: (t) => t,
        searchOptions: { boost: BOOST, combineWith: 'AND' },
      });
      ms.addAll(docs);
      return ms;
    },
    async run(ms, { words, prefix, filter }) {
      const last = words.length - 1;
      const hits = ms.search(words.join(' '), {
        prefix: prefix ? (_t, i) => i === last : false,
        filter: filter ? (r) => r[filter.field] === filter.value : undefined,
      });
      return { count: hits.length, ids: hits.map((h) => h.id) };
    },
  },
  FlexSearch: {
    note: 'one combined field (its AND is within a field); no prefix search without a forward-tokenised index',
    async build(docs) {
      const index = new FlexIndex({ encoder: { split: ' ', normalize: false, dedupe: false } });
      for (const d of docs) index.add(d.id, `${d.heading} ${d.text} ${d.body} ${d.people}`);
      return index;
    },
    async run(index, { words, prefix, filter }, limit) {
      if (prefix) return null;
      let ids = index.search(words.join(' '), { limit });
      if (filter) ids = ids.filter((id) => docs[id][filter.field] === filter.value);
      return { count: ids.length, ids };
    },
  },
  Orama: {
    note: 'one combined field (its AND, threshold 0, is within a field) plus filter fields',
    async build(docs) {
      const db = create({
        schema: { all: 'string', party: 'enum', house: 'enum', kind: 'enum' },
        components: { tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: split } },
      });
      await insertMultiple(db, docs.map((d) => ({
        id: String(d.id), all: `${d.heading} ${d.text} ${d.body} ${d.people}`, party: d.party, house: d.house, kind: d.kind,
      })), 5000);
      return db;
    },
    async run(db, { words, prefix, filter }, limit) {
      const r = await oramaSearch(db, {
        term: words.join(' '),
        properties: ['all'],
        exact: !prefix,
        threshold: 0,
        limit,
        where: filter ? { [filter.field]: { eq: filter.value } } : undefined,
      });
      return { count: r.count, ids: r.hits.map((h) => Number(h.id)) };
    },
  },
};

/**
 * Calls `f` with each chunk of the body of `source` (a URL, or a response) as it arrives, and the
 * bytes received with it; the bytes in all.
 */
async function eachChunk(source, f) {
  const response = typeof source === 'string' ? await fetch(source) : source;
  const reader = response.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return received;
    received += value.length;
    f(value, received);
  }
}

/**
 * Fetches `url` as the app fetches corpus JSON named by its address: by the app's corpus reader
 * (a worker, /app/keeper.js), which passes each chunk of the body on as it comes. `keep(length)`,
 * given the size the server said, says whether the worker keeps the records' text (corpus JSON);
 * `f` is called with each chunk and the bytes received with it. Resolves once the body has come
 * to `{ bytes, keeps, keptText }`, where `keptText()` (when it keeps) resolves to the text's
 * parts and the worker's memory, and stops the worker.
 */
async function byReader(url, keep, f) {
  const worker = new Worker('/app/keeper.js', { type: 'module' });
  const queue = [];
  let error = null;
  let wake = null;
  worker.onmessage = ({ data }) => {
    queue.push(data);
    wake?.();
  };
  worker.onerror = (e) => {
    error = new Error(`the corpus reader stopped: ${e.message}`);
    wake?.();
  };
  const next = async () => {
    while (queue.length === 0) {
      if (error) throw error;
      await new Promise((ok) => { wake = ok; });
      wake = null;
    }
    return queue.shift();
  };
  try {
    worker.postMessage({ fetch: new URL(url, location.href).href });
    const head = await next();
    if (head.failed || !(head.status >= 200 && head.status < 300)) {
      throw new Error(`${url}: ${head.failed ?? `HTTP ${head.status}`}`);
    }
    const keeps = keep(Number(head.length) || undefined);
    worker.postMessage(keeps ? 'keep' : 'pass');
    let bytes = 0;
    for (;;) {
      const message = await next();
      if (message?.done) break;
      if (!(message instanceof Uint8Array)) throw new Error(`${url} stopped arriving: ${message?.failed ?? message}`);
      bytes += message.length;
      f(message, bytes);
      worker.postMessage({ took: message.length });
    }
    if (!keeps) worker.terminate();
    const keptText = async () => {
      worker.postMessage('end');
      const reply = await next().finally(() => worker.terminate());
      if (typeof reply === 'string') throw new Error(reply);
      return reply;
    };
    return { bytes, keeps, keptText };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}


window.bench = {
  queries: () => BenchEngine.benchQueries(),

  /**
   * Reads corpus JSON as the app reads a corpus named by its address: fetched by the app's
   * corpus reader (a worker, /app/keeper.js, passing each chunk on as it comes), its records
   * parsed and indexed here chunk by chunk as they arrive, their text kept by the same worker
   * (the text keeper) where the app would have it kept there (a large file), else here as they
   * are indexed; then finishes the index: the time spent parsing and building (not waiting for
   * bytes; the time spent waiting for the keeper's text counts in the build), the wasm memory
   * after the reading and at the end, and the keeper's wasm memory.
   */
  async loadOurs(url) {
    const t0 = performance.now();
    let json = null;
    const read = await byReader(url, (length) => {
      const keeps = keeperPays(length);
      json = keeps ? BenchJson.lettingGo() : new BenchJson();
      return keeps;
    }, (chunk) => json.feed(chunk));
    let keeperMs = 0;
    let keeperMemory = 0;
    if (read.keeps) {
      const t = performance.now();
      const [head, body, memory] = await read.keptText();
      keeperMs = performance.now() - t;
      keeperMemory = memory;
      engine = await json.finishWith(head, body, keeperMs);
    } else {
      engine = json.finish();
    }
    const fetchMs = performance.now() - t0 - engine.parseMs - engine.buildMs;
    return {
      fetchMs, bytes: read.bytes, parseMs: engine.parseMs, buildMs: engine.buildMs, keeperMs, keeperMemory,
      memoryAfterParse: engine.memoryAfterParse, memoryAfterIndex: engine.memoryAfterIndex,
      documents: engine.documents, textBytes: engine.textBytes,
    };
  },

  /**
   * Opens a bundle as the app does (the page fetching it: see `read_by_worker` in ui/load.rs),
   * decoding each chunk as it arrives: time from the request to a searchable index, the part of
   * it spent decoding, and the wasm memory it took.
   */
  async openBundle(url) {
    const t0 = performance.now();
    const bundle = new BenchBundle();
    let searchableMs = null;
    let searchableBytes = 0;
    const bytes = await eachChunk(url, (chunk, received) => {
      bundle.feed(chunk);
      if (searchableMs === null && bundle.searchable) {
        searchableMs = performance.now() - t0;
        searchableBytes = received;
      }
    });
    const searchableDecodeMs = bundle.searchableDecodeMs;
    engine = bundle.finish();
    const openMs = performance.now() - t0;
    return {
      openMs, decodeMs: engine.buildMs, bytes, memory: engine.memoryAfterIndex, documents: engine.documents,
      searchableMs, searchableDecodeMs, searchableBytes,
    };
  },

  /** Bytes of the records' text our engine holds (a bundle's decompressed a block at a time). */
  textBytes: () => engine.textBytes,

  /** Our exact matching set of each boolean query, for the agreement checks. */
  oursMatching(queries) {
    return Object.fromEntries(queries.map((q) => [q, Array.from(engine.matching(q))]));
  },

  timeOurs(queries, repeats) {
    const times = [];
    const totals = [];
    for (const q of queries) {
      let total = 0;
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        total = engine.search(q, 20)[0];
        times.push(performance.now() - t0);
      }
      totals.push(total);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), totals };
  },

  /**
   * The mean time of one run of each of `queries`, `runs` runs of each back to back in one
   * interval: for queries at the timer's resolution, whose single runs read 0 or a tick.
   */
  batchOurs(queries, runs) {
    const t0 = performance.now();
    for (const q of queries) for (let i = 0; i < runs; i++) engine.search(q, 20);
    return (performance.now() - t0) / (runs * queries.length);
  },

  preparePeers() {
    docs = engine.peerDocuments();
    return docs.length;
  },

  /** Drops our engine so peers are measured without it (its wasm memory stays reserved). */
  dropOurs() {
    engine.free();
    engine = null;
  },

  peerNames: () => Object.keys(peers),
  peerNote: (name) => peers[name].note,

  async buildPeer(name) {
    const t0 = performance.now();
    peer = await peers[name].build(docs);
    return performance.now() - t0;
  },

  /** Differences between the peer's full result set and ours, per query. */
  async checkPeer(name, expected) {
    const out = [];
    for (const [q, ours] of Object.entries(expected)) {
      const r = await peers[name].run(peer, parse(q), docs.length);
      if (r === null) { out.push({ query: q, unsupported: true }); continue; }
      const theirs = new Set(r.ids);
      const mine = new Set(ours);
      const onlyOurs = ours.filter((id) => !theirs.has(id));
      const onlyTheirs = r.ids.filter((id) => !mine.has(id));
      out.push({ query: q, ours: ours.length, theirs: r.count, onlyOurs: onlyOurs.length, onlyTheirs: onlyTheirs.length,
        examples: [...onlyOurs.slice(0, 2), ...onlyTheirs.slice(0, 2)] });
    }
    return out;
  },

  async timePeer(name, queries, repeats, limit) {
    const times = [];
    const totals = [];
    for (const q of queries) {
      const parsed = parse(q);
      let total = 0;
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const r = await peers[name].run(peer, parsed, limit ?? docs.length);
        times.push(performance.now() - t0);
        if (r === null) return null;
        total = r.count;
      }
      totals.push(total);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), totals };
  },

  /** `batchOurs` for a peer, run as `timePeer` runs it. */
  async batchPeer(name, queries, runs, limit) {
    const parsed = queries.map(parse);
    const t0 = performance.now();
    for (const q of parsed) for (let i = 0; i < runs; i++) await peers[name].run(peer, q, limit ?? docs.length);
    return (performance.now() - t0) / (runs * queries.length);
  },

  dropPeer() {
    peer = null;
  },
};
window.benchReady = true;
