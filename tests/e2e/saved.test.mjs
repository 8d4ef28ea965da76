// A corpus JSON named by ?corpus= is saved in the browser, with its index, once it is read; the
// next visit opens the saved copy while the file is unchanged (no JSON parsed, no index built),
// finds what the JSON found, reads the file again once it changes, and the reader can delete
// the copy. A saved copy that does not open whole (a part of it lost) is deleted and the file
// read instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot, questionsShown, watchStatus, importFiles, wholeCorpus } from './harness.mjs';

const app = useApp();
const corpus = 'dated/large-corpus.json';

/** The requests the page makes for the corpus file, as "METHOD" strings, from now on. */
function corpusRequests(page) {
  const seen = [];
  page.on('request', (r) => new URL(r.url()).pathname === `/${corpus}` && seen.push(r.method()));
  return seen;
}

/** The count and the first rows of the search `query` once the corpus is in. */
async function results(page) {
  await wholeCorpus(page);
  const total = await page.locator('#results-heading').innerText();
  const rows = await page.locator('.result-list .row').allInnerTexts();
  return { total, rows: rows.slice(0, 5) };
}

const savedLine = (page) => page.locator('.saved-copy p');

test('a corpus read from JSON opens from its saved copy next time, until the file changes', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const statuses = await watchStatus(page);
  const requests = corpusRequests(page);
  const address = `${app.server.url}?corpus=${corpus}&q=departmen*`;

  // First visit: read from JSON and indexed, then saved.
  await page.goto(address);
  const fromJson = await results(page);
  assert.ok(statuses.some((t) => /Building the index|indexed/.test(t)), statuses.join(' | '));
  await savedLine(page).filter({ hasText: /A copy of large-corpus.json, with its index \([\d.]+ MB\), is saved in this browser/ })
    .waitFor({ timeout: 60_000 });
  assert.deepEqual(requests, ['GET']);

  // Second visit: the server says the file is unchanged, and the saved copy opens.
  requests.length = 0;
  statuses.length = 0;
  await page.goto(address);
  const fromSaved = await results(page);
  await savedLine(page).filter({ hasText: /Opened from the copy of large-corpus.json saved in this browser on \d{4}-\d\d-\d\d: the file is unchanged since/ })
    .waitFor({ timeout: 10_000 });
  assert.deepEqual(requests, ['HEAD'], 'asked only whether the file changed');
  assert.ok(!statuses.some((t) => /Building the index/.test(t)), statuses.join(' | '));
  assert.deepEqual(fromSaved, fromJson);
  await screenshot(page, 'saved-copy-opened');
  // The records' text came with it: an answer reads in full.
  await page.locator('.result-list .row a').first().click();
  await page.locator('.answer p').first().waitFor();
  assert.ok((await page.locator('.answer').innerText()).length > 200);
  assert.ok((await page.locator('.question-text').innerText()).length > 20);
  // Files add to it as to the corpus the JSON gave.
  const question = `Asked by: Lord Bailey of Paddington (Conservative - Life peer)\nQuestion to the Home Office:\nTo ask His Majesty's Government what powers zyxwvut providers have. [HL11520]\n`;
  const outcome = await importFiles(page, [{ name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from(question) }]);
  assert.match(outcome, /the corpus now holds 11,401 questions/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('zyxwvut');
  await page.locator('#results-heading').filter({ hasText: /^1 result/ }).waitFor();

  // Parts of copies whose tabs closed while writing them, long ago and just now (another tab's
  // copy being written looks the same): the next save deletes the old ones only.
  const orphan = (age) => `saved-corpus?of=${encodeURIComponent(`${app.server.url}${age}.json`)}&part=0`;
  const putOrphans = async ([old, recent]) => {
    const name = (await caches.keys()).find((key) => key.startsWith('pq-explorer-saved-'));
    const cache = await caches.open(name);
    const at = (ms) => ({ headers: { 'x-pqx-saved-at': new Date(Date.now() - ms).toISOString() } });
    await cache.put(old, new Response('part of an old copy', at(2 * 3600_000)));
    await cache.put(recent, new Response('part of a copy being written', at(60_000)));
    return name;
  };
  const savedCache = await page.evaluate(putOrphans, [orphan('old'), orphan('recent')]);

  // The file changes: it is read again, and saved again.
  app.server.touch('large-corpus.json');
  requests.length = 0;
  await page.goto(address);
  assert.deepEqual(await results(page), fromJson);
  await savedLine(page).filter({ hasText: /is saved in this browser/ }).waitFor({ timeout: 60_000 });
  assert.deepEqual(requests, ['HEAD', 'GET']);
  const left = await page.evaluate(async (name) => {
    const keys = await (await caches.open(name)).keys();
    return keys.map((request) => request.url).filter((url) => /(old|recent)\.json/.test(decodeURIComponent(url)));
  }, savedCache);
  assert.deepEqual(left.map((url) => new URL(url).pathname + new URL(url).search), [`/${orphan('recent')}`]);

  // The reader deletes it: the next visit reads the file.
  await page.goto(address);
  const opened = savedLine(page).filter({ hasText: /Opened from the copy/ });
  await opened.waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Delete the saved copy' }).click();
  await savedLine(page).filter({ hasText: 'The saved copy is deleted: the file will be read again next time.' }).waitFor();
  requests.length = 0;
  await page.goto(`${app.server.url}?corpus=${corpus}`);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  assert.deepEqual(requests, ['GET']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a saved copy that does not open whole is deleted and the file read instead', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const address = `${app.server.url}?corpus=${corpus}`;
  await page.goto(address);
  await savedLine(page).filter({ hasText: /is saved in this browser/ }).waitFor({ timeout: 60_000 });
  // The copy is kept in parts, each its own entry, under a head written last. One of them
  // lost, as a disk that lost it would leave the copy.
  const parts = await page.evaluate(async () => {
    const name = (await caches.keys()).find((key) => key.startsWith('pq-explorer-saved-'));
    const cache = await caches.open(name);
    const keys = (await cache.keys()).map((request) => request.url);
    const head = await cache.match(keys.find((key) => !key.includes('&part=')));
    const count = Number(head.headers.get('x-pqx-parts'));
    await cache.delete(keys.find((key) => key.endsWith('&part=1')));
    return { keys: keys.length, count };
  });
  assert.ok(parts.count >= 2, `a copy of several parts: ${JSON.stringify(parts)}`);
  assert.equal(parts.keys, parts.count + 1, 'the parts and their head, and nothing else');
  const requests = corpusRequests(page);
  await page.goto(address);
  // The copy's records and index come before its text, so its rows may show before the lost
  // part is met: wait for the file's own read.
  for (const start = Date.now(); !requests.includes('GET') && Date.now() - start < 60_000;) {
    await page.waitForTimeout(100);
  }
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  await wholeCorpus(page);
  assert.equal(await questionsShown(page), 11400);
  assert.deepEqual(requests, ['HEAD', 'GET'], 'the file read after the copy failed');
  assert.ok(warnings.some((w) => /did not open whole/.test(w)), warnings.join(' | '));
  // No notice of a cut file: the corpus shown is the file's, whole.
  assert.equal(await page.locator('.load-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('offline, the saved copy opens in place of the file, which the service worker does not keep', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const address = `${app.server.url}?corpus=${corpus}`;
  await page.goto(address);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await savedLine(page).filter({ hasText: /is saved in this browser/ }).waitFor({ timeout: 60_000 });
  // The file changes and is read again, now with the service worker in control: the file goes
  // past it, so it keeps no second copy of the file beside the saved one.
  app.server.touch('large-corpus.json');
  await page.goto(address);
  await savedLine(page).filter({ hasText: /is saved in this browser/ }).waitFor({ timeout: 60_000 });
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
  const fetched = await page.evaluate(async () => {
    const name = (await caches.keys()).find((key) => /^pq-explorer-(?!saved-)/.test(key));
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
  assert.ok(fetched.includes('/'), `the worker's cache: ${fetched.join(' ')}`);
  assert.ok(!fetched.includes(`/${corpus}`), `the worker's cache: ${fetched.join(' ')}`);
  await context.setOffline(true);
  await page.reload();
  await savedLine(page)
    .filter({ hasText: /Opened from the copy of large-corpus.json saved in this browser on .*: the file's server did not answer/ })
    .waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 11400);
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the corpus an import leaves is saved in the browser, offered, and opens again at ?corpus=saved:imports', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('.result-list .row').first().waitFor();
  const question = `Asked by: Lord Bailey of Paddington (Conservative - Life peer)\nQuestion to the Home Office:\nTo ask His Majesty's Government what powers qwzxkv inspectors have. [HL11521]\n`;
  const outcome = await importFiles(page, [{ name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from(question) }]);
  assert.match(outcome, /the corpus now holds 21 questions/);
  const importsLine = page.locator('.saved-copy p').filter({ hasText: /your imports|your last import/ });
  await importsLine.filter({ hasText: /The corpus with your imports \([\d.]+ [kM]B\) is saved in this browser/ }).waitFor({ timeout: 60_000 });
  await screenshot(page, 'imports-saved');

  // Its address opens it: the imported question is there, with its text, and the seed's records.
  await page.goto(`${app.server.url}?corpus=saved:imports&q=qwzxkv`);
  await page.locator('#results-heading').filter({ hasText: /^1 result/ }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.row .row-title').innerText(), /qwzxkv inspectors/);
  await page.locator('#q').fill('');
  assert.equal(await questionsShown(page), 21);
  await page.getByRole('link', { name: 'Search' }).click();
  await importsLine.filter({ hasText: /This is the corpus your last import left, as saved in this browser on \d{4}-\d\d-\d\d/ }).waitFor();

  // The explorer's own corpus offers it.
  await page.goto(app.server.url);
  await page.locator('.result-list .row').first().waitFor();
  assert.equal(await questionsShown(page), 20);
  await importsLine.filter({ hasText: /The corpus your last import left, on \d{4}-\d\d-\d\d, is saved in this browser/ }).waitFor({ timeout: 10_000 });
  await screenshot(page, 'imports-offered');
  await importsLine.getByRole('link', { name: 'Open it' }).click();
  await page.waitForURL(/corpus=saved(:|%3A)imports/);
  await page.locator('.result-list .row').first().waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 21);

  // Deleted, it is no longer offered, and its address says it is gone.
  await page.goto(app.server.url);
  await importsLine.filter({ hasText: /is saved in this browser/ }).waitFor({ timeout: 10_000 });
  await importsLine.getByRole('button', { name: 'Delete the saved copy' }).click();
  await importsLine.filter({ hasText: /The saved corpus with your imports is deleted/ }).waitFor();
  await page.goto(`${app.server.url}?corpus=saved:imports`);
  await page.locator('.load-error').filter({ hasText: /No corpus you imported into is saved in this browser/ }).waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
