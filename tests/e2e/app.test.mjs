// What a user sees when they open the explorer: the corpus loads and is counted, and a broken
// or missing corpus gives a clear error with a retry that works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot } from './harness.mjs';

const app = useApp();

/** The number shown beside a label in the corpus summary. */
async function statValue(page, label) {
  const stat = page.locator('.stat', { has: page.locator('dt', { hasText: label }) });
  return Number((await stat.locator('dd').innerText()).replace(/,/g, ''));
}

test('opening the app shows how many questions and press releases the corpus holds', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const warnings = [];
  page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
  await page.goto(app.server.url);
  await page.locator('.corpus-summary').waitFor();
  assert.equal(await statValue(page, 'written questions'), 20);
  assert.equal(await statValue(page, 'press releases'), 10);
  assert.equal(await statValue(page, 'members asking'), 9);
  await screenshot(page, 'first-load');
  assert.deepEqual(errors, []);
  // A visitor's console stays quiet: no warning about the page's own markup either. (The test
  // browser blocks the service worker and says so; a visitor's registers it.)
  assert.deepEqual(warnings.filter((w) => !/Service Worker registration blocked by Playwright/.test(w)), []);
  await page.close();
});

test('a slow corpus shows a loading state first', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/corpus.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(app.server.url);
  await page.getByRole('status').getByText('Loading the corpus').waitFor();
  await screenshot(page, 'loading');
  release();
  await page.locator('.corpus-summary').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a missing corpus shows an error, and retry loads it once it is back', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.route('**/corpus.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(app.server.url);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /could not be loaded/);
  assert.match(await alert.innerText(), /HTTP 404/);
  await screenshot(page, 'missing-corpus');
  await page.unroute('**/corpus.json');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.locator('.corpus-summary').waitFor();
  assert.equal(await statValue(page, 'written questions'), 20);
  // The browser logs the failed request itself; nothing else may go wrong.
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await page.close();
});

test('a corrupt corpus shows what is wrong with it', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.route('**/corpus.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"questions": [}' }));
  await page.goto(app.server.url);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /damaged or not a corpus/);
  assert.match(text, /line 1 column 16/);
  assert.ok(await page.getByRole('button', { name: 'Retry' }).isVisible());
  await screenshot(page, 'corrupt-corpus');
  assert.deepEqual(errors, []);
  await page.close();
});
