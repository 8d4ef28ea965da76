// A corpus bundle (`pqx bundle`: records and finished index in one binary file) named by
// ?corpus= opens without an index build, finds what the same corpus's JSON finds, and when cut
// short or damaged still opens with every record before the cut and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, screenshot, questionsShown, watchStatus } from './harness.mjs';

const json = new URL('../../target/e2e/large-corpus.json', import.meta.url).pathname;
const bundle = new URL('../../target/e2e/large-corpus.pqx', import.meta.url).pathname;
const app = useApp({ '/large-corpus.json': json, '/large-corpus.pqx': bundle });

/** The total and the first rows' titles of a search. */
async function answerTo(page, url) {
  await page.goto(url);
  await page.locator('.result-list .row').first().waitFor({ timeout: 60_000 });
  const total = await page.locator('#results-heading').innerText();
  const rows = await page.locator('.result-list .row').allInnerTexts();
  return { total, rows: rows.slice(0, 5) };
}

test('a bundle opens without building the index, with progress, and finds what its JSON finds', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx`);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 11400);
  const downloading = seen.filter((t) => /Loading the corpus: [\d.]+ MB of [\d.]+ MB/.test(t));
  assert.ok(downloading.length >= 3, `progress while downloading: ${seen.join(' | ')}`);
  assert.ok(!seen.some((t) => /Building the index/.test(t)), seen.join(' | '));
  await screenshot(page, 'bundle-corpus');
  for (const query of ['q=police+funding', 'q=sch&sort=newest', 'q=%22local+authorities%22&house=lords']) {
    const fromBundle = await answerTo(page, `${app.server.url}?corpus=large-corpus.pqx&${query}`);
    const fromJson = await answerTo(page, `${app.server.url}?corpus=large-corpus.json&${query}`);
    assert.deepEqual(fromBundle, fromJson, query);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bundle cut inside its records opens with the records before the cut and says so', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const whole = await readFile(bundle);
  await page.route('**/cut.pqx', (route) =>
    route.fulfill({ status: 200, body: whole.subarray(0, Math.floor(whole.length * 0.3)) }));
  await page.goto(`${app.server.url}?corpus=cut.pqx`);
  const notice = page.getByRole('alert');
  await notice.waitFor({ timeout: 60_000 });
  assert.match(await notice.innerText(),
    /cut.pqx was cut short\. Loaded the \d+ questions and 0 press releases before it, of 12000 records in the file/);
  const shown = await questionsShown(page);
  assert.ok(shown > 1000 && shown < 11400, `${shown} questions from 30% of the bundle`);
  assert.ok((await page.locator('.result-list .row').count()) > 0, 'the explorer works on what loaded');
  await screenshot(page, 'bundle-cut-short');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bundle cut inside its index opens every record, building the index itself', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  const whole = await readFile(bundle);
  await page.route('**/cut.pqx', (route) =>
    route.fulfill({ status: 200, body: whole.subarray(0, whole.length - 1000) }));
  await page.goto(`${app.server.url}?corpus=cut.pqx`);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 11400);
  assert.equal(await page.getByRole('alert').count(), 0, 'nothing is missing, so no notice');
  assert.ok(seen.some((t) => /Building the index of 12000 records/.test(t)), seen.join(' | '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a damaged bundle says where, and keeps the records before the damage', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const damaged = Buffer.from(await readFile(bundle));
  const at = Math.floor(damaged.length * 0.4);
  damaged.fill(0xff, at, at + 64);
  await page.route('**/damaged.pqx', (route) => route.fulfill({ status: 200, body: damaged }));
  await page.goto(`${app.server.url}?corpus=damaged.pqx`);
  const notice = page.getByRole('alert');
  await notice.waitFor({ timeout: 60_000 });
  const text = await notice.innerText();
  assert.match(text, /damaged.pqx is damaged at byte \d+: .*Loaded the \d+ questions and 0 press releases before it/s);
  const byte = Number(/at byte (\d+)/.exec(text)[1]);
  assert.ok(byte >= at - (1 << 20) && byte <= at + 64, `damage reported at ${byte}, made at ${at}`);
  assert.ok(await page.getByRole('button', { name: 'Retry' }).isVisible());
  assert.deepEqual(errors, []);
  await page.close();
});

const small = new URL('../../target/e2e/synth-1000.pqx', import.meta.url).pathname;

async function importFiles(page, files, { replace = false } = {}) {
  await page.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-files').setInputFiles(files);
  if (replace) await page.getByLabel(/Replace the corpus/).check();
  await page.getByRole('button', { name: /^Import \d+ file/ }).click();
  await page.locator('#outcome-heading').waitFor({ timeout: 60_000 });
  return page.locator('.import-outcome').innerText();
}

test('importing a bundle opens it with its index, or adds its records to the corpus', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const buffer = await readFile(small);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  // Added to the bundled corpus (20 questions, 10 press releases): its records join them.
  let outcome = await importFiles(page, [{ name: 'synth-1000.pqx', mimeType: 'application/octet-stream', buffer }]);
  assert.match(outcome, /synth-1000\.pqx \(bundle\): 950 questions, 50 press releases, 0 unreadable passages/);
  assert.match(outcome, /the corpus now holds 970 questions and 60 press releases/);
  // Replacing the corpus, it comes with its index: nothing to build.
  outcome = await importFiles(page, [{ name: 'synth-1000.pqx', mimeType: 'application/octet-stream', buffer }], { replace: true });
  assert.match(outcome, /Opened synth-1000\.pqx: 950 questions and 50 press releases, with its index/);
  await page.getByRole('link', { name: 'Search' }).first().click();
  await page.locator('#results-heading').filter({ hasText: '1,000 results' }).waitFor();
  // Cut short: the records before the cut come, and a diagnostic says how many of how many.
  outcome = await importFiles(page, [{ name: 'cut.pqx', mimeType: 'application/octet-stream', buffer: buffer.subarray(0, buffer.length >> 2) }], { replace: true });
  const came = Number(/the bundle was cut short: (\d+) records? of 1000 records came/.exec(outcome)?.[1]);
  assert.ok(came > 100 && came < 400, `${came} records from a quarter of the bundle: ${outcome}`);
  await screenshot(page, 'bundle-import-cut');
  assert.deepEqual(errors, []);
  await page.close();
});
