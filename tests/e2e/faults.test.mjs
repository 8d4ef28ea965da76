// A corpus asset that is cut short, is not JSON, is JSON of the wrong shape, or is tens of
// megabytes: each gives a clear message with a retry, a partial-load notice, or progress — never
// a blank page or a spinner that never ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, screenshot, questionsShown, watchStatus, wholeCorpus } from './harness.mjs';

const large = new URL('../../target/e2e/large-corpus.json', import.meta.url).pathname;
// Also served at about 7 MB/s, so that the rest of it takes seconds once its first records
// are in.
const app = useApp({ '/large-corpus.json': large, '/slow/large-corpus.json': { file: large, pause: 150 } });
const corpusFile = new URL('../../dist/corpus.json', import.meta.url).pathname;

test('a corpus cut short opens with the records before the cut and says so', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const whole = await readFile(corpusFile);
  const cut = whole.subarray(0, Math.floor(whole.length * 0.3));
  await page.route('**/corpus.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: cut }));
  await page.goto(app.server.url);
  const notice = page.getByRole('alert');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Only part of the corpus could be loaded/);
  assert.match(await notice.innerText(), /was cut short: .* Loaded the \d+ questions? and 0 press releases before the cut/s);
  const shown = await questionsShown(page);
  assert.ok(shown > 0 && shown < 20, `${shown} questions from 30% of the file`);
  assert.ok((await page.locator('.result-list .row').count()) > 0, 'the explorer works on what loaded');
  await screenshot(page, 'partial-corpus');
  await page.unroute('**/corpus.json');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await page.locator('.corpus-summary').waitFor();
  assert.equal(await questionsShown(page), 20);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corpus that is not JSON, or JSON of another shape, says what it is and offers a retry', async () => {
  const cases = [
    ['<!DOCTYPE html><html><body>Not here</body></html>', /damaged or not a corpus.*expected value at line 1 column 1/s],
    ['[1, 2, 3]', /not a pq-explorer corpus: it is a list of 3 items/],
    ['{"results": [], "totalResults": 0}', /not a pq-explorer corpus: it is an object with results, totalResults.*open Import/s],
    ['{"questions": [{"id": 7}]}', /a record does not fit: invalid type: integer 7, expected a string/],
    ['', /ends early/],
  ];
  for (const [body, expected] of cases) {
    const errors = [];
    const page = await newPage(app.browser, errors);
    await page.route('**/corpus.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(app.server.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), expected);
    assert.ok(await page.getByRole('button', { name: 'Retry' }).isVisible());
    assert.equal(await page.locator('.spinner').count(), 0, 'no spinner left running');
    if (body.startsWith('[')) await screenshot(page, 'wrong-shape-corpus');
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a corpus larger than a tab can hold is refused before it downloads', async () => {
  // Too large for any kind of corpus file; JSON too large to hold whole (a bundle of its size
  // would do, and the message says so).
  const cases = [
    ['5000000000', /larger \(5000\.0 MB and more\) than the 1600\.0 MB the explorer can hold/],
    ['1550000000', /larger \(1550\.0 MB and more\) than the 1500\.0 MB the explorer can hold in one tab\. Serve a smaller corpus, or serve it as a bundle \(pqx bundle: about 70% of its JSON's size\), of which the explorer holds up to 1600\.0 MB/],
  ];
  for (const [length, message] of cases) {
    const errors = [];
    const page = await newPage(app.browser, errors);
    await page.route('**/corpus.json', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'application/json', 'content-length': length }, body: '{"questions": []}' }));
    await page.goto(app.server.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), message);
    assert.ok(await page.getByRole('button', { name: 'Retry' }).isVisible());
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a corpus of tens of megabytes shows its progress, then opens', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  await page.goto(`${app.server.url}?corpus=large-corpus.json`);
  // Read slower than here, its first records would be searched while the rest is read, and the
  // line above them would say how far the rest has got: the same stages, the same whole.
  await wholeCorpus(page);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 11400);
  const downloading = seen.filter((t) => /Loading the corpus: [\d.]+ MB of 3\d\.\d MB/.test(t));
  assert.ok(downloading.length >= 3, `progress while downloading: ${seen.join(' | ')}`);
  // Its records are indexed as they arrive, while the page waits for the network.
  const indexed = seen.map((t) => Number(t.match(/MB… ([\d,]+) records? indexed so far/)?.[1].replace(/,/g, '') ?? 0)).filter((n) => n > 0);
  assert.ok(indexed.length >= 2 && indexed.at(-1) > indexed[0], `indexing while downloading: ${seen.join(' | ')}`);
  assert.ok(indexed.every((n, i) => i === 0 || n >= indexed[i - 1]) && indexed.at(-1) <= 12000, indexed.join(', '));
  const building = /Building the index of 12,000 records|the rest is indexed, 12,000 records in all/;
  assert.ok(seen.some((t) => building.test(t)), seen.join(' | '));
  // The pause while the built index is finished is said too, after the build's progress.
  const finishing = seen.findIndex((t) => /Finishing the index of 12,000 records|the index of all 12,000 records is finished/.test(t));
  assert.ok(finishing > seen.findIndex((t) => building.test(t)), seen.join(' | '));
  await screenshot(page, 'large-corpus');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corpus whose rest takes seconds to read is searched from its first records meanwhile, then whole', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(`${app.server.url}?corpus=slow/large-corpus.json&q=police`);
  const line = page.locator('.text-arriving.reading');
  await line.waitFor({ timeout: 60_000 });
  // What a screen reader announces changes with the stage alone; the bar and its figures with
  // every step.
  const said = await line.getByRole('status').innerText();
  const match = said.match(/^Searching the first ([\d,]+) records of the corpus while the rest of the file is read\. Results, filters and counts cover those records for now/);
  assert.ok(match, said);
  assert.match(await line.locator('.reading-progress').innerText(), /^[\d.]+ MB of 34\.3 MB$/);
  assert.equal(await line.getByRole('progressbar', { name: 'The rest of the corpus file' }).getAttribute('max'), '34256083');
  const first = Number(match[1].replace(/,/g, ''));
  assert.ok(first >= 500 && first < 12000, `${first} records first`);
  await page.locator('.result-list .row').first().waitFor();
  const total = async () => Number((await page.locator('#results-heading').innerText()).match(/^([\d,]+) result/)[1].replace(/,/g, ''));
  const early = await total();
  assert.ok(early > 0, `${early} results among the first records`);
  await screenshot(page, 'first-records');
  // Nothing is imported into records the whole file will replace.
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByText('Importing can start once the corpus file has been read whole').waitFor();
  await page.getByRole('link', { name: 'Search' }).click();
  // Then the whole file: the line goes, and the same search counts every record.
  await line.waitFor({ state: 'detached', timeout: 60_000 });
  const whole = await total();
  assert.ok(whole > early, `${whole} results in all, ${early} among the first records`);
  await page.getByRole('link', { name: 'Import' }).click();
  assert.equal(await page.getByText('Importing can start once').count(), 0);
  // The file served at once finds the same.
  await page.goto(`${app.server.url}?corpus=large-corpus.json&q=police`);
  await wholeCorpus(page);
  assert.equal(await total(), whole);
  // A shared address of a question near the end of the file: not read yet, then there.
  await page.goto(`${app.server.url}?corpus=slow/large-corpus.json&view=question:HL12399`);
  await page.getByRole('heading', { name: 'Question not read yet' }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.not-found').innerText(), /It is not among the [\d,]+ records read so far\. The rest of the corpus file is being read/);
  await line.waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('.question-text').waitFor();
  assert.equal(await page.locator('.not-found').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corpus left for another while it is read never replaces the one asked for since, which shows its own load', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(`${app.server.url}?corpus=slow/large-corpus.json`);
  await page.locator('.text-arriving.reading').waitFor({ timeout: 60_000 });
  // Back to the bundled corpus within the page (as its history does), while the file is read.
  await page.evaluate(() => {
    history.pushState(null, '', '?');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.locator('.reading').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('.corpus-summary').waitFor();
  assert.equal(await questionsShown(page), 20);
  // The large file would have been read whole by now: what it gave is dropped.
  await page.waitForTimeout(6_000);
  assert.equal(await questionsShown(page), 20);
  assert.equal(await page.locator('.text-arriving').count(), 0);
  // Forward to the large file again: the bundled corpus goes, the load's progress shows, then
  // its first records, then the whole.
  await page.evaluate(() => {
    history.pushState(null, '', '?corpus=slow/large-corpus.json');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByRole('status').getByText('Loading the corpus').waitFor();
  assert.equal(await page.locator('.corpus-summary').count(), 0);
  await page.locator('.text-arriving.reading').waitFor({ timeout: 60_000 });
  await page.locator('.reading').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('.corpus-summary').waitFor();
  assert.equal(await questionsShown(page), 11400);
  assert.deepEqual(errors, []);
  await page.close();
});
