// The engine benchmark in headless Chromium: serves the release build in dist/ and the corpus
// files named on the command line, opens the app, and calls the wasm export `benchCorpus` on
// each corpus after fetching it in the page (so JSON transfer and parse happen in the browser).
// Prints a table and writes bench/browser-results.json. Figures only; nothing is asserted.
//
//   node bench/browser.mjs CORPUS.json [CORPUS.json ...]
import { createServer } from 'node:http';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(new URL('../dist', import.meta.url).pathname);
const corpora = process.argv.slice(2).map((p) => resolve(p));
if (corpora.length === 0) {
  console.error('usage: node bench/browser.mjs CORPUS.json [...]');
  process.exit(2);
}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const extra = corpora.find((c) => `/bench/${basename(c)}` === path);
  const file = extra ?? join(root, path === '/' ? 'index.html' : path);
  if (!extra && !file.startsWith(root)) return res.writeHead(403).end();
  try {
    statSync(file);
  } catch {
    return res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--max-old-space-size=8192'],
});
const results = [];
try {
  for (const corpus of corpora) {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForFunction(() => window.wasmBindings?.benchCorpus, null, { timeout: 60_000 });
    const result = await page.evaluate(async (url) => {
      const t0 = performance.now();
      const text = await (await fetch(url)).text();
      const fetchMs = performance.now() - t0;
      const out = JSON.parse(window.wasmBindings.benchCorpus(text, 20));
      return { fetchMs, bytes: text.length, ...out };
    }, `${base}bench/${basename(corpus)}`);
    results.push({ corpus: basename(corpus), ...result });
    const r = result.report;
    const mb = (b) => (b / 1e6).toFixed(1);
    console.log(`${basename(corpus)} in Chromium: ${r.documents} documents, fetch ${result.fetchMs.toFixed(0)} ms, ` +
      `parse ${result.parse_ms.toFixed(0)} ms, index build ${r.build_ms.toFixed(0)} ms, ` +
      `wasm memory ${mb(result.wasm_memory_after_parse)} MB after parse, ${mb(result.wasm_memory_after_index)} MB after index ` +
      `(text ${mb(r.text_bytes)} MB)`);
    console.log(`  ${'query'.padEnd(18)} ${'runs'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)}  totals`);
    for (const q of r.queries) {
      console.log(`  ${q.kind.padEnd(18)} ${String(q.runs).padStart(6)} ${q.p50_ms.toFixed(3).padStart(9)} ` +
        `${q.p95_ms.toFixed(3).padStart(9)} ${q.p99_ms.toFixed(3).padStart(9)}  ${JSON.stringify(q.totals)}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
writeFileSync(new URL('browser-results.json', import.meta.url), JSON.stringify(results, null, 2));
