// The benchmark in headless Chromium, side by side: for each corpus file named on the command
// line, pq-explorer's engine (the release wasm) and MiniSearch, FlexSearch and Orama (npm
// packages served from node_modules) index the same documents in the same page and run the same
// queries. Result sets of the boolean queries are checked against ours before timing, and every
// figure is also given as a ratio to the fastest peer. With --app FILE it also measures the app
// itself on that corpus (JSON or bundle; --app may be given more than once): navigation → first
// results, keystroke → next paint and keystroke → its rows painted while typing, and the
// same keystrokes typed into a page with only a text field, the browser's floor. A bundle next
// to a corpus (X.pqx beside X.json, from `pqx bundle`) is also opened, in a page of its own, as
// the app opens one. A bundle named on the command line (a corpus too large for the peers, and
// slow to build from JSON) is opened the same way and our queries are timed on what it opened.
// Figures only; nothing is asserted. Writes bench/results.json and prints Markdown tables.
//
//   node bench/browser.mjs [--repeats N] [--no-peers-above N] [--app CORPUS]... [--app-rate MB/s]
//     [--app-saved] [--dry-run] CORPUS.json|CORPUS.pqx [...]
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, extname, join, resolve } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const here = (p) => resolve(new URL(p, import.meta.url).pathname);
// PQX_DIST: another build's dist/ (paired runs of two builds).
const dist = process.env.PQX_DIST ?? here('../dist');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const repeats = Number(option('--repeats', 20));
const peersUpTo = Number(option('--no-peers-above', 200_000));
// --app-rate MB/s: each app corpus that is JSON also opened served no faster than this, as a
// network would deliver it.
const appRate = Number(option('--app-rate', 0));
// --app-saved: each app corpus that is JSON also opened a second time in the same browser
// profile, from the copy of it the app saved in the browser after the first (ui/saved.rs).
const appSaved = args.includes('--app-saved') && args.splice(args.indexOf('--app-saved'), 1).length > 0;
const appCorpora = [];
for (let app = option('--app', null); app; app = option('--app', null)) appCorpora.push(resolve(app));
// --dry-run: measure and print, write nothing (the smoke test in `make test` uses it).
const dryRun = args.includes('--dry-run') && args.splice(args.indexOf('--dry-run'), 1).length > 0;
// --report FILE: print the tables of an earlier run's results.json, measuring nothing.
const reportOf = option('--report', null);
const corpora = args.map((p) => resolve(p));
for (const file of corpora.concat(appCorpora)) {
  if (!existsSync(file)) {
    console.error(`no such corpus file: ${file}`);
    process.exit(2);
  }
}
if (corpora.length + appCorpora.length === 0 && !reportOf) {
  console.error('usage: node bench/browser.mjs [--repeats N] [--no-peers-above N] [--app CORPUS]... [--app-rate MB/s] [--app-saved] [--dry-run] [CORPUS.json ...]\n' +
    '       node bench/browser.mjs --report bench/results.json');
  process.exit(2);
}

const mb = (b) => (b / 1e6).toFixed(1);
const bundleOf = (file) => file.replace(/\.json$/, '.pqx');
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

/** Runs every measurement; returns { machine, corpora, app }. */
async function measure() {
  // ---- a static server: the bench page, the engine from dist/, the peers from node_modules, the
  // corpora, and the app under /app/. Cross-origin isolated, so performance.now() is precise to
  // microseconds rather than coarsened to 0.1 ms.
  const built = readdirSync(dist);
  const engineJs = built.find((f) => /^pq-explorer-.*\.js$/.test(f));
  const engineWasm = built.find((f) => /^pq-explorer-.*_bg\.wasm$/.test(f));
  if (!engineJs || !engineWasm) {
    console.error('no release build in dist/: run `make build` first');
    process.exit(2);
  }
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.pqx': 'application/octet-stream' };
  const routes = {
    '/': here('engine.html'),
    '/engine-page.mjs': here('engine-page.mjs'),
    '/engine.js': join(dist, engineJs),
    '/engine_bg.wasm': join(dist, engineWasm),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = decodeURIComponent(url.pathname);
    // `?rate=MB/s` on a corpus: sent no faster than that.
    const rate = Number(url.searchParams.get('rate') ?? 0);
    // `?stamped` on a corpus: sent with its Last-Modified, which lets the app save a copy of it.
    const stamped = url.searchParams.has('stamped');
    let file = routes[path];
    if (!file && path.startsWith('/node_modules/')) file = here(`..${path}`);
    if (!file && path.startsWith('/corpus/')) {
      file = corpora.concat(appCorpora, corpora.map(bundleOf)).find((c) => basename(c) === path.slice(8));
    }
    if (!file && path.startsWith('/app/')) file = join(dist, path.slice(5) || 'index.html');
    if (!file || file.includes('..')) return res.writeHead(404).end();
    let size;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      size = statSync(file).size;
    } catch {
      return res.writeHead(404).end();
    }
    // With its length, as a static host sends a file (the app decides some things by it).
    res.writeHead(200, {
      'content-length': size,
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      ...(stamped ? { 'last-modified': statSync(file).mtime.toUTCString() } : {}),
    });
    if (req.method === 'HEAD') return res.end();
    // 1 MB reads: with the default 64 kB, this server rather than the browser limits how fast
    // a few hundred megabytes arrive.
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    if (!(rate > 0)) return stream.pipe(res);
    // Each megabyte sent no sooner than the rate allows.
    const start = Date.now();
    let sent = 0;
    stream.on('data', (chunk) => {
      stream.pause();
      res.write(chunk);
      sent += chunk.length;
      setTimeout(() => stream.resume(), Math.max(0, start + sent / (rate * 1e3) - Date.now()));
    });
    stream.on('end', () => res.end());
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}/`;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--js-flags=--max-old-space-size=12000'],
  });

  // A query whose p95 is this or less (ten ticks of the page's timer, which ticks every 5 µs)
  // is also timed as `BATCH` runs back to back, for its mean, after a tenth as many untimed
  // (which the engine's code and the page's calls into it need to be running at full speed).
  const QUICK_MS = 0.05;
  const BATCH = 10_000;

  const booleanKinds = new Set(['single term', 'two-term AND', 'prefix type-ahead', 'facet + term', 'zero-hit']);

  // The JS heap in use after garbage collection, collected twice: once was seen to leave a
  // dropped library's index, whose freeing then came out of the next library's figure.
  async function heapUsed(cdp) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  }

  /** The bundle beside a corpus file, opened in a fresh page (so its wasm memory is its own). */
  async function benchBundle(file) {
    const bundle = bundleOf(file);
    if (bundle === file || !existsSync(bundle)) return null;
    const page = await browser.newPage();
    page.setDefaultTimeout(30 * 60_000);
    await page.goto(base);
    await page.waitForFunction(() => window.benchReady === true);
    const opened = await page.evaluate((url) => window.bench.openBundle(url), `${base}corpus/${basename(bundle)}`);
    await page.close();
    console.error(`${basename(bundle)}: searchable in ${ms(opened.searchableMs)} ms (${ms(opened.searchableDecodeMs)} ms decoding), ` +
      `whole with its text in ${ms(opened.openMs)} ms (${ms(opened.decodeMs)} ms decoding)`);
    return {
      file: basename(bundle), bytes: opened.bytes, open_ms: opened.openMs, decode_ms: opened.decodeMs, memory_bytes: opened.memory,
      searchable_ms: opened.searchableMs, searchable_decode_ms: opened.searchableDecodeMs, searchable_bytes: opened.searchableBytes,
    };
  }

  /**
   * Our queries on the engine the page holds: one untimed pass of every query first (Chromium
   * runs new wasm and JS on baseline code until it has compiled them optimised, which only the
   * first calls meet; every engine gets the same), then `repeats` timed runs of each.
   */
  async function timeOurs(page, queries) {
    for (const [, texts] of queries) await page.evaluate((t) => window.bench.timeOurs(t, 1), texts);
    const timed = {};
    for (const [kind, texts] of queries) {
      timed[kind] = await page.evaluate(([t, r]) => window.bench.timeOurs(t, r), [texts, repeats]);
      if (timed[kind].p95 <= QUICK_MS) {
        const batch = (runs) => page.evaluate(([t, r]) => window.bench.batchOurs(t, r), [texts, runs]);
        await batch(BATCH / 10);
        timed[kind].batch_mean = await batch(BATCH);
      }
    }
    return timed;
  }

  /**
   * A corpus known by its bundle alone (too large for the peers, and slow to build from JSON): opened
   * as the app opens one, then our queries timed on what it opened.
   */
  async function benchBundleOnly(file) {
    const name = basename(file);
    const page = await browser.newPage();
    page.setDefaultTimeout(30 * 60_000);
    await page.goto(base);
    await page.waitForFunction(() => window.benchReady === true);
    const queries = await page.evaluate(() => window.bench.queries());
    const opened = await page.evaluate((url) => window.bench.openBundle(url), `${base}corpus/${name}`);
    console.error(`${name}: ${opened.documents} documents, searchable in ${ms(opened.searchableMs)} ms, whole in ${ms(opened.openMs)} ms`);
    const engine = {
      name: 'pq-explorer (its bundle opened)', build_ms: opened.decodeMs, memory_bytes: opened.memory, memory_note: 'wasm memory',
      queries: await timeOurs(page, queries),
    };
    const textBytes = await page.evaluate(() => window.bench.textBytes());
    await page.close();
    return {
      corpus: name, documents: opened.documents, text_bytes: textBytes, transfer: { raw: statSync(file).size, gzip: null },
      engines: [engine], disagreements: [], bundle_only: true,
      bundle: {
        file: name, bytes: opened.bytes, open_ms: opened.openMs, decode_ms: opened.decodeMs, memory_bytes: opened.memory,
        searchable_ms: opened.searchableMs, searchable_decode_ms: opened.searchableDecodeMs, searchable_bytes: opened.searchableBytes,
      },
    };
  }

  async function benchCorpus(file) {
    const bundle = await benchBundle(file);
    const name = basename(file);
    const raw = readFileSync(file);
    const transfer = { raw: raw.length, gzip: gzipSync(raw, { level: 6 }).length };
    const page = await browser.newPage();
    page.setDefaultTimeout(30 * 60_000);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(base);
    await page.waitForFunction(() => window.benchReady === true);
    const queries = await page.evaluate(() => window.bench.queries());
    const heapBefore = await heapUsed(cdp);
    const ours = await page.evaluate((url) => window.bench.loadOurs(url), `${base}corpus/${name}`);
    const onKeeper = ours.keeperMemory ? ` (${ms(ours.keeperMs)} ms of it passing chunks to the text keeper and waiting for its text)` : '';
    console.error(`${name}: ${ours.documents} documents, ours built in ${ms(ours.buildMs)} ms${onKeeper}`);
    const engines = [{
      name: 'pq-explorer', build_ms: ours.parseMs + ours.buildMs, parse_ms: ours.parseMs, index_ms: ours.buildMs,
      fetch_ms: ours.fetchMs, keeper_ms: ours.keeperMs, memory_bytes: ours.memoryAfterIndex, keeper_memory_bytes: ours.keeperMemory || undefined,
      memory_note: ours.keeperMemory ? `wasm memory; its text keeper's ${mb(ours.keeperMemory)} MB while loading` : 'wasm memory',
      queries: await timeOurs(page, queries),
    }];
    const expected = await page.evaluate((qs) => window.bench.oursMatching(qs),
      queries.filter(([kind]) => booleanKinds.has(kind)).flatMap(([, texts]) => texts));
    const disagreements = [];
    if (ours.documents <= peersUpTo) {
      await page.evaluate(() => window.bench.preparePeers());
      await page.evaluate(() => window.bench.dropOurs());
      for (const peer of await page.evaluate(() => window.bench.peerNames())) {
        const before = await heapUsed(cdp);
        const buildMs = await page.evaluate((p) => window.bench.buildPeer(p), peer);
        const heap = (await heapUsed(cdp)) - before;
        console.error(`  ${peer} built in ${ms(buildMs)} ms`);
        const checks = await page.evaluate(([p, e]) => window.bench.checkPeer(p, e), [peer, expected]);
        for (const c of checks) if (!c.unsupported && (c.onlyOurs || c.onlyTheirs)) disagreements.push({ peer, ...c });
        const variants = peer === 'FlexSearch' ? [['FlexSearch (count all)', null], ['FlexSearch (top 20, early stop)', 20]] : [[peer, null]];
        for (const [label, limit] of variants) {
          const entry = { name: label, build_ms: buildMs, memory_bytes: heap, memory_note: 'JS heap', note: await page.evaluate((p) => window.bench.peerNote(p), peer), queries: {} };
          for (const [kind, texts] of queries) {
            if (kind !== 'phrase') await page.evaluate(([p, t, l]) => window.bench.timePeer(p, t, 1, l), [peer, texts, limit]);
          }
          for (const [kind, texts] of queries) {
            const timed = kind === 'phrase' ? null
              : await page.evaluate(([p, t, r, l]) => window.bench.timePeer(p, t, r, l), [peer, texts, repeats, limit]);
            if (timed && timed.p95 <= QUICK_MS) {
              const batch = (runs) => page.evaluate(([p, t, r, l]) => window.bench.batchPeer(p, t, r, l), [peer, texts, runs, limit]);
              await batch(BATCH / 10);
              timed.batch_mean = await batch(BATCH);
            }
            entry.queries[kind] = timed;
          }
          engines.push(entry);
        }
        await page.evaluate(() => window.bench.dropPeer());
      }
    }
    await page.close();
    return { corpus: name, documents: ours.documents, text_bytes: ours.textBytes, transfer, heap_before: heapBefore, engines, disagreements, bundle };
  }

  /**
   * Runs in a page before its scripts: times each keystroke to the end of the next paint
   * (`keyToPaint`), and to the paint of the rows its query made (`keyToResults`; the app's
   * results region is aria-busy from a keystroke until they are in).
   */
  function timeKeystrokes() {
    window.keyToPaint = [];
    window.keyToResults = [];
    // Calls `record` with the time from `t0` to the end of the next paint (rAF runs before
    // that paint, the message after it), and `before` in the rAF, with what is about to paint.
    const afterNextPaint = (t0, record, before = () => {}) => requestAnimationFrame(() => {
      before();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => record(performance.now() - t0);
      channel.port2.postMessage(null);
    });
    const busy = () => document.querySelector('section.results[aria-busy]') !== null;
    let keyAt = 0;
    // Whether the rows for the last keystroke's query have yet to paint.
    let searching = false;
    document.addEventListener('keydown', () => {
      if (window.untimed) return;
      keyAt = performance.now();
      searching = true;
      // Rows that answer the keystroke's query in the paint that shows its character (the
      // results region is not busy then) paint with it.
      let withRows = false;
      afterNextPaint(keyAt, (ms) => {
        window.keyToPaint.push(ms);
        if (withRows) window.keyToResults.push(ms);
      }, () => {
        withRows = searching && !busy();
        if (withRows) searching = false;
      });
    }, true);
    // The results region is aria-busy from a keystroke until the rows for its query are in:
    // keystroke → the paint of those rows.
    new MutationObserver(() => {
      if (searching && !busy()) {
        searching = false;
        afterNextPaint(keyAt, (ms) => window.keyToResults.push(ms));
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  }

  /**
   * Types the bench's queries into `#q` as a person would, one after another (the field emptied
   * between them, untimed), and the times `timeKeystrokes` took: 104 keystrokes, so that
   * their p95 is about the fifth slowest, not the second slowest of one query's 34.
   */
  async function typeAndTime(page) {
    await page.locator('#q').click();
    for (const query of TYPED) {
      await page.evaluate(() => { window.untimed = true; });
      await page.locator('#q').fill('');
      await page.waitForTimeout(1000);
      await page.evaluate(() => { window.untimed = false; });
      await page.keyboard.type(query, { delay: 120 });
      await page.waitForTimeout(1000);
    }
    const sorted = (name) => page.evaluate((n) => window[n], name).then((t) => t.sort((a, b) => a - b));
    return { times: await sorted('keyToPaint'), rows: await sorted('keyToResults') };
  }

  // What `typeAndTime` types: a frequent word, then words that narrow it, each query ending in
  // a prefix being typed.
  const TYPED = ['police funding for schools in lond', 'health services for families in engl', 'local authorities investment strat'];

  const pct = (list, p) => list[Math.min(list.length - 1, Math.round((p / 100) * (list.length - 1)))];

  /**
   * The browser's floor for keystroke → next paint: a page with one text field and nothing else,
   * typed the same way. What the app's figures hold beyond it is the app's.
   */
  async function benchFloor() {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    await page.addInitScript(timeKeystrokes);
    await page.route(`${base}floor`, (route) => route.fulfill({
      contentType: 'text/html', body: '<!doctype html><title>floor</title><input id="q" aria-label="Search">',
    }));
    await page.goto(`${base}floor`);
    const { times } = await typeAndTime(page);
    await page.close();
    return { keystrokes: times.length, key_to_paint_p50_ms: pct(times, 50), key_to_paint_p95_ms: pct(times, 95), key_to_paint_max_ms: times.at(-1) };
  }

  /**
   * The app itself on a large corpus: navigation → first results, keystroke → next paint (the
   * typed character), and keystroke → the paint of the rows for the query it made.
   */
  async function benchApp(file, rate = 0, saved = false) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    page.setDefaultTimeout(10 * 60_000);
    await page.addInitScript(() => {
      window.firstResults = null;
      // How many records those first results were of, when they were a large file's first
      // records, searched while the rest was read (0 when the corpus was whole).
      window.firstRecords = null;
      window.textWhole = null;
      // The app's wasm memory (Trunk's start script hands its exports over with this event).
      window.appMemory = null;
      addEventListener('TrunkApplicationStarted', (e) => { window.appMemory = e.detail.wasm.memory; });
      // Tasks of 50 ms or more (the page cannot paint or take a key during one).
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        if (window.firstResults === null && document.querySelector('.result-list .row')) {
          window.firstResults = performance.now();
          const reading = document.querySelector('.text-arriving.reading')?.textContent.match(/first ([\d,]+) records/);
          window.firstRecords = reading ? Number(reading[1].replace(/,/g, '')) : 0;
        }
        // A bundle's rows come before the records' text, which the status line reports arriving;
        // a large JSON file's first records before the rest, which its line reports being read.
        if (window.firstResults !== null && window.textWhole === null && !document.querySelector('.text-arriving')) {
          window.textWhole = performance.now();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.addInitScript(timeKeystrokes);
    const corpus = `../corpus/${basename(file)}${rate ? `?rate=${rate}` : ''}${saved ? '?stamped' : ''}`;
    let savedAfterWhole, savedSize;
    if (saved) {
      // A first visit reads the JSON and saves the copy that the measured visit opens.
      await page.goto(`${base}app/?corpus=${encodeURIComponent(corpus)}`);
      await page.locator('.saved-copy p', { hasText: /is saved in this browser|No copy/ }).waitFor();
      // The corpus's line (the page has another, for a copy of imports).
      const line = await page.locator('.saved-copy p', { hasText: /is saved in this browser|No copy/ }).innerText();
      if (!/is saved/.test(line)) throw new Error(`the app saved no copy of ${basename(file)}: ${line}`);
      // From the whole corpus in (its first records' results come seconds before it).
      savedAfterWhole = await page.evaluate(() => performance.now() - window.textWhole);
      savedSize = line.match(/\(([\d.]+ [kMG]?B)\)/)?.[1];
    }
    await page.goto(`${base}app/?corpus=${encodeURIComponent(corpus)}`);
    await page.locator('.result-list .row').first().waitFor();
    await page.waitForFunction(() => window.textWhole !== null);
    const [firstResults, firstRecords, textWhole, wasmMemory] = await page.evaluate(
      () => [window.firstResults, window.firstRecords, window.textWhole, window.appMemory?.buffer.byteLength ?? null]);
    // The tasks of the load: from navigation until the records' text is all in.
    const loadTasks = await page.evaluate((end) => window.longTasks.filter((t) => t.start < end).map((t) => t.ms), textWhole);
    if (saved && (await page.locator('.saved-copy', { hasText: /Opened from the copy/ }).count()) === 0) {
      throw new Error(`the app did not open the saved copy of ${basename(file)}`);
    }
    const { times, rows } = await typeAndTime(page);
    await page.close();
    return {
      corpus: basename(file), served_mb_per_s: rate || undefined, from_saved_copy: saved || undefined, saved_after_whole_ms: savedAfterWhole, saved_size: savedSize, first_results_ms: firstResults, first_records: firstRecords, text_whole_ms: textWhole,
      load_long_tasks: loadTasks.length, load_longest_task_ms: Math.max(0, ...loadTasks), wasm_memory_bytes: wasmMemory,
      keystrokes: times.length, key_to_paint_p50_ms: pct(times, 50), key_to_paint_p95_ms: pct(times, 95), key_to_paint_max_ms: times.at(-1),
      searches: rows.length, key_to_results_p50_ms: pct(rows, 50), key_to_results_p95_ms: pct(rows, 95), key_to_results_max_ms: rows.at(-1),
    };
  }

  const results = [];
  const app = [];
  let floor;
  try {
    for (const file of corpora) results.push(await (file.endsWith('.pqx') ? benchBundleOnly(file) : benchCorpus(file)));
    if (appCorpora.length) floor = await benchFloor();
    for (const file of appCorpora) {
      app.push(await benchApp(file));
      if (appRate && file.endsWith('.json')) app.push(await benchApp(file, appRate));
      if (appSaved && file.endsWith('.json')) app.push(await benchApp(file, 0, true));
    }
  } finally {
    await browser.close();
    server.close();
  }
  const version = (pkg) => JSON.parse(readFileSync(here(`../node_modules/${pkg}/package.json`))).version;
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory_gb: Math.round(totalmem() / 1e9),
    chromium: execSync('chromium --version 2>/dev/null').toString().trim(),
    rustc: execSync('rustc --version').toString().trim(),
    versions: { minisearch: version('minisearch'), flexsearch: version('flexsearch'), '@orama/orama': version('@orama/orama') },
    repeats,
  };
  return { machine, corpora: results, app, floor };
}

// ---- report
const data = reportOf ? JSON.parse(readFileSync(reportOf)) : await measure();
if (!reportOf && !dryRun) writeFileSync(here('results.json'), JSON.stringify(data, null, 2));
const { machine, corpora: results, app, floor } = data;

const lines = [];
lines.push(`Machine: ${machine.cpus}, ${machine.memory_gb} GB; ${machine.chromium}; ${machine.rustc}; ` +
  `MiniSearch ${machine.versions.minisearch}, FlexSearch ${machine.versions.flexsearch}, Orama ${machine.versions['@orama/orama']}; ${machine.date}; ${machine.repeats} runs of each query.`);
for (const r of results) {
  const asset = r.transfer.gzip == null ? 'a bundle' : `${mb(r.transfer.gzip)} MB gzip`;
  lines.push('', `### ${r.corpus}: ${r.documents.toLocaleString('en-GB')} documents, ${mb(r.text_bytes)} MB of text; asset ${mb(r.transfer.raw)} MB (${asset})`, '');
  const kinds = Object.keys(r.engines[0].queries);
  // Ratios are to the fastest library that, like ours, finds every match (not FlexSearch's
  // early stop at 20, which cannot give a total or facet counts).
  const peers = r.engines.slice(1).filter((e) => !e.name.includes('early stop'));
  const fastestPeer = (get) => {
    const values = peers.map(get).filter((v) => typeof v === 'number' && v > 0);
    return values.length ? Math.min(...values) : null;
  };
  const cell = (v, best) => (typeof v !== 'number' ? 'n/a' : best ? `${ms(v)} (${(v / best).toFixed(2)}×)` : ms(v));
  lines.push('Each cell: p50 / p95 (ratio to the fastest library that counts every match) / p99, in ms.', '');
  lines.push(`| engine | build ms | memory MB | ${kinds.join(' | ')} |`);
  lines.push(`|---|---|---|${kinds.map(() => '---').join('|')}|`);
  for (const e of r.engines) {
    const bestBuild = fastestPeer((p) => p.build_ms);
    const row = [e.name, cell(e.build_ms, bestBuild), `${mb(e.memory_bytes)} (${e.memory_note})`];
    for (const k of kinds) {
      const q = e.queries[k];
      if (!q) { row.push('n/a'); continue; }
      const best = fastestPeer((p) => p.queries[k]?.p95);
      row.push(`${ms(q.p50)} / ${cell(q.p95, best)} / ${ms(q.p99)}`);
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  if (r.bundle) {
    const b = r.bundle;
    const searchable = b.searchable_ms == null ? '' :
      `searchable ${ms(b.searchable_ms)} ms after the request, once its first ${mb(b.searchable_bytes)} MB (heads and index) had come ` +
      `(${ms(b.searchable_decode_ms)} ms of it decoding` +
      (r.bundle_only ? '); ' : `; ${(r.engines[0].build_ms / b.searchable_ms).toFixed(1)}× sooner than the JSON's parse and build alone); `);
    const opened = r.bundle_only ? 'The bundle' : `Its bundle (\`pqx bundle\`, ${mb(b.bytes)} MB)`;
    lines.push('', `${opened} opened as the app opens one, in a page of its own: ${searchable}` +
      `whole with the records' text ${ms(b.open_ms)} ms after the request (${ms(b.decode_ms)} ms decoding), ${mb(b.memory_bytes)} MB of wasm memory.`);
  }
  // Earlier results have no batch means.
  const batched = kinds.map((k) => [k, r.engines.filter((e) => e.queries[k]?.batch_mean != null)]).filter(([, es]) => es.length);
  if (batched.length) {
    const us = (v) => (v * 1000).toFixed(2);
    lines.push('', 'Queries at the timer\'s resolution (p95 of 0.05 ms or less; the page\'s timer ticks every 5 µs), timed again as 10,000 runs of each back to back, ' +
      'mean per run in µs: ' + batched.map(([k, es]) => `${k}: ${es.map((e) => `${e.name} ${us(e.queries[k].batch_mean)}`).join(', ')}`).join('; ') + '.');
  }
  lines.push('', `Matches per query (ours): ${kinds.map((k) => `${k} ${JSON.stringify(r.engines[0].queries[k].totals)}`).join('; ')}.`);
  if (r.disagreements.length) {
    lines.push('', 'Result sets that differ from ours:');
    for (const d of r.disagreements) lines.push(`- ${d.peer} \`${d.query.trim()}\`: ours ${d.ours}, theirs ${d.theirs} (${d.onlyOurs} only ours, ${d.onlyTheirs} only theirs; e.g. doc ${d.examples.join(', ')})`);
  } else if (peers.length) {
    lines.push('', 'Every peer returned exactly our result set for every boolean query it supports.');
  }
}
// Earlier results hold one app run, or none.
for (const run of [app ?? []].flat()) {
  lines.push('', `### The app on ${run.corpus}${run.served_mb_per_s ? `, served at ${run.served_mb_per_s} MB/s` : ''}` +
    `${run.from_saved_copy ? ', opened from the copy the app saved in the browser' : ''}`, '',
    ...(run.from_saved_copy ? [`The copy (${run.saved_size}) was saved ${run.saved_after_whole_ms === undefined
      ? `${ms(run.saved_after_ms)} ms after the first visit's first results`
      : `${ms(run.saved_after_whole_ms)} ms after the first visit had every record`}, nothing typed (a second of it waiting, then written in slices of about 4 ms).`, ''] : []),
    (run.first_records
      ? `Navigation → first results, of the first ${run.first_records.toLocaleString('en-GB')} records (searched while the rest of the file was read): ${ms(run.first_results_ms)} ms; → every record in, with its text: ${ms(run.text_whole_ms)} ms`
      : `Navigation → first results: ${ms(run.first_results_ms)} ms` +
        (run.text_whole_ms > run.first_results_ms + 1 ? `; → every record's text in: ${ms(run.text_whole_ms)} ms` : '')) +
    (run.load_long_tasks === undefined
      ? ''
      : run.load_long_tasks === 0
        ? '; no task of the load took 50 ms or more'
        : `; the load's longest task ${ms(run.load_longest_task_ms)} ms (${run.load_long_tasks} ${run.load_long_tasks === 1 ? 'task' : 'tasks'} of 50 ms or more)`) +
    (run.wasm_memory_bytes ? `; wasm memory once loaded ${mb(run.wasm_memory_bytes)} MB` : '') +
    `. Keystroke → next paint over ${run.keystrokes} keystrokes: p50 ${ms(run.key_to_paint_p50_ms)} ms, p95 ${ms(run.key_to_paint_p95_ms)} ms, max ${ms(run.key_to_paint_max_ms)} ms` +
    (run.searches ? `; keystroke → the paint of its query's rows over ${run.searches} searches: p50 ${ms(run.key_to_results_p50_ms)} ms, p95 ${ms(run.key_to_results_p95_ms)} ms, max ${ms(run.key_to_results_max_ms)} ms.` : '.'));
}
// Earlier results have no floor.
if (floor) {
  lines.push('', '### The browser\'s floor', '',
    `Keystroke → next paint over ${floor.keystrokes} keystrokes in a page with one text field and nothing else, typed as in the app: ` +
    `p50 ${ms(floor.key_to_paint_p50_ms)} ms, p95 ${ms(floor.key_to_paint_p95_ms)} ms, max ${ms(floor.key_to_paint_max_ms)} ms ` +
    '(the key\'s events, the field\'s text laid out and painted: what a keystroke costs a page that does nothing with it).');
}
console.log(lines.join('\n'));
if (!dryRun) writeFileSync(here('latest.md'), lines.join('\n') + '\n');
