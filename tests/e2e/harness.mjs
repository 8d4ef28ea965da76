// Shared set-up for the end-to-end tests: a static file server over dist/ (the built app, as
// any static host would serve it) and headless Chromium from the system, driven by
// playwright-core. Nothing here downloads a browser.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(new URL('../../dist', import.meta.url).pathname);
// The test corpora `make test-e2e` writes, also served under /unsized/ (see serveDist).
const corpora = resolve(new URL('../../target/e2e', import.meta.url).pathname);
export const outputDir = resolve(new URL('../../test-output', import.meta.url).pathname);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Serves dist/ on a free loopback port; resolves to { url, close }. `slow` maps a path to a
 * file served in 1 MB pieces 20 ms apart, as a slow network would deliver it (or to
 * `{ file, pause }`: pieces `pause` ms apart). `/unsized/NAME`
 * is target/e2e/NAME sent in pieces without a length, as a server compressing on the fly
 * sends it (`?cut=F`: only the first fraction F of it, as a connection that drops);
 * `/dated/NAME` is target/e2e/NAME with a Last-Modified (`touch(NAME)` makes it later).
 */
export async function serveDist(slow = {}) {
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`no built app in ${root}: run \`make build\` first`);
  });
  // Versions of the files served under /dated/ (see `dated`), bumped by `touch`.
  const versions = new Map();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.startsWith('/dated/')) {
      await dated(req, res, path.slice('/dated/'.length), versions);
      return;
    }
    if (slow[path]) {
      await trickle(res, slow[path]);
      return;
    }
    if (path.startsWith('/unsized/')) {
      const cut = Number(new URL(req.url, 'http://x').searchParams.get('cut') ?? 1);
      await unsized(res, join(corpora, path.slice('/unsized/'.length)), cut);
      return;
    }
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
    /** Makes /dated/NAME a new version of the file: a later Last-Modified. */
    touch: (name) => versions.set(name, (versions.get(name) ?? 0) + 1),
  };
}

/**
 * Serves target/e2e/NAME as a static host serves a file, with its length and a Last-Modified
 * that says its version (so the app can ask whether it changed), answering HEAD requests too.
 */
async function dated(req, res, name, versions) {
  const file = join(corpora, name);
  const body = file.startsWith(corpora) ? await readFile(file).catch(() => null) : null;
  if (!body) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const modified = new Date(Date.UTC(2026, 0, 1 + (versions.get(name) ?? 0))).toUTCString();
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'last-modified': modified,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function trickle(res, served) {
  const { file, pause } = typeof served === 'string' ? { file: served, pause: 20 } : served;
  const body = await readFile(file);
  res.writeHead(200, { 'content-type': types['.json'], 'content-length': body.length });
  for (let at = 0; at < body.length; at += 1 << 20) {
    res.write(body.subarray(at, at + (1 << 20)));
    await new Promise((ok) => setTimeout(ok, pause));
  }
  res.end();
}

async function unsized(res, file, cut = 1) {
  const whole = file.startsWith(corpora) ? await readFile(file).catch(() => null) : null;
  if (!whole) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const body = whole.subarray(0, Math.floor(whole.length * cut));
  res.writeHead(200, { 'content-type': types['.json'] });
  for (let at = 0; at < body.length; at += 1 << 20) res.write(body.subarray(at, at + (1 << 20)));
  res.end();
}

/** Headless system Chromium with the flags this machine needs. Fails loudly if it cannot start. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new page that fails the test on any uncaught page error or console error. Service workers
 * are blocked so that routed (faked) responses are what the page sees; the offline test makes
 * its own context with them allowed.
 */
export async function newPage(browser, errors, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport, serviceWorkers: 'block' });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  return page;
}

/** Saves a screenshot under test-output/ so a person can look at what the test saw. */
export async function screenshot(page, name) {
  await mkdir(outputDir, { recursive: true });
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

/**
 * Registers before/after hooks that serve dist/ and launch Chromium once per test file, and
 * returns an object whose `server` and `browser` are set once the hooks have run.
 */
export function useApp(slow = {}) {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await serveDist(slow);
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Waits for the first rows, then for the whole corpus: a bundle's records' text, or the rest of
 * a JSON file whose first records were searched while it was read (each says so in a
 * `.text-arriving` line, there in the same render as the first rows).
 */
export async function wholeCorpus(page) {
  await page.locator('.result-list .row').first().waitFor({ timeout: 60_000 });
  await page.locator('.text-arriving').waitFor({ state: 'detached', timeout: 60_000 });
}

/** The number the corpus summary shows for written questions. */
export async function questionsShown(page) {
  const stat = page.locator('.stat', { has: page.locator('dt', { hasText: 'written questions' }) });
  return Number((await stat.locator('dd').innerText()).replace(/,/g, ''));
}

/** Collects every status line the loading screen shows, in order, from the next navigation on. */
export async function watchStatus(page) {
  const seen = [];
  await page.exposeFunction('noteStatus', (text) => seen.push(text));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      // The loading panel's line, then (for a bundle) the line while the records' text arrives.
      const status = document.querySelector('.loading p') ?? document.querySelector('.text-arriving');
      if (status) window.noteStatus(status.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return seen;
}

/** Imports `files` through the Import page (adding to the corpus, or replacing it) and returns
 * the text of the outcome it shows: the summary, each file's line and the diagnostics. */
export async function importFiles(page, files, { replace = false } = {}) {
  await page.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-files').setInputFiles(files);
  if (replace) await page.getByLabel(/Replace the corpus/).check();
  await page.getByRole('button', { name: /^Import \d+ file/ }).click();
  await page.locator('#outcome-heading').waitFor({ timeout: 60_000 });
  return page.locator('.import-outcome').innerText();
}
