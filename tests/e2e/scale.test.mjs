// A corpus of 12,000 records: only the first pages of results are ranked with each keystroke, so
// rows far down the list are ranked when they are scrolled to. They must be there, in order. On a
// slow processor, where its searches are slow, each keystroke paints before its search runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, wholeCorpus } from './harness.mjs';

const large = new URL('../../target/e2e/large-corpus.json', import.meta.url).pathname;
const app = useApp();

async function openLarge(errors, query, viewport) {
  const page = await newPage(app.browser, errors, viewport);
  const body = await readFile(large);
  await page.route('**/large-corpus.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.goto(`${app.server.url}?corpus=large-corpus.json&${query}`);
  await wholeCorpus(page);
  return page;
}

/** The dates of the rows in the DOM, by position in the list. */
async function rowDates(page) {
  return page.locator('.result-list .row').evaluateAll((rows) =>
    rows.map((row) => [Number(row.getAttribute('aria-posinset')), row.querySelector('.row-meta').textContent.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? ''])
      .sort((a, b) => a[0] - b[0]));
}

test('rows thousands of places down the list are there when scrolled to, in order', async () => {
  const errors = [];
  const page = await openLarge(errors, 'sort=newest');
  const top = await rowDates(page);
  assert.equal(top[0][0], 1);
  await page.locator('.result-list').evaluate((list) => { list.scrollTop = 3000 * 124; });
  await page.locator('.result-list .row[aria-posinset="3001"]').waitFor();
  const deep = await rowDates(page);
  assert.ok(deep.length >= 5, `rows in view: ${JSON.stringify(deep)}`);
  const dated = deep.map(([, d]) => d).filter(Boolean);
  assert.deepEqual(dated, [...dated].sort().reverse(), 'newest first within the window');
  assert.ok(dated[0] <= top[0][1], `row 3001 (${dated[0]}) is not newer than row 1 (${top[0][1]})`);
  const href = await page.locator('.result-list .row[aria-posinset="3001"] .row-title a').getAttribute('href');
  // Across the edge of two blocks ranked apart (rows 1000 and 1001): consecutive places,
  // distinct records, still newest first.
  await page.locator('.result-list').evaluate((list) => { list.scrollTop = 997 * 124; });
  await page.locator('.result-list .row[aria-posinset="1001"]').waitFor();
  const edge = await rowDates(page);
  const places = edge.map(([place]) => place);
  assert.deepEqual(places, places.map((_, i) => places[0] + i), 'consecutive places');
  assert.ok(places[0] <= 1000 && places.at(-1) > 1001, `rows ${places[0]}–${places.at(-1)}`);
  const edgeDates = edge.map(([, d]) => d).filter(Boolean);
  assert.deepEqual(edgeDates, [...edgeDates].sort().reverse(), 'newest first across the edge');
  const links = await page.locator('.result-list .row .row-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(new Set(links).size, links.length, 'no record twice');
  // A shared address selecting row 3001 opens the list scrolled to it, and j moves on from it.
  const id = decodeURIComponent(href).match(/view=question:([^&]+)/)[1];
  await page.goto(`${app.server.url}?corpus=large-corpus.json&sort=newest&sel=${encodeURIComponent(id)}`);
  const selected = page.locator('.result-list .row.selected');
  await selected.waitFor({ timeout: 60_000 });
  assert.equal(await selected.getAttribute('aria-posinset'), '3001');
  await page.keyboard.press('j');
  await page.locator('.result-list .row.selected[aria-posinset="3002"]').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a ranked query scrolled past its first ranked pages shows the rows there', async () => {
  const errors = [];
  const page = await openLarge(errors, 'q=police');
  const total = Number((await page.locator('.results-header .count').innerText()).replace(/\D/g, ''));
  assert.ok(total > 1000, `police matches ${total}`);
  await page.locator('.result-list').evaluate((list) => { list.scrollTop = 900 * 124; });
  await page.locator('.result-list .row[aria-posinset="901"]').waitFor();
  const titles = await page.locator('.result-list .row[aria-posinset="901"] .row-title').innerText();
  assert.ok(titles.trim().length > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Waits (a few seconds at most) for the drawn rows to reach the bottom of the list. */
async function filled(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector('.result-list');
    const rows = [...list.querySelectorAll('.row')];
    return Math.max(...rows.map((r) => r.offsetTop + r.offsetHeight)) >= list.clientHeight;
  }, null, { timeout: 5_000 }).catch(() => {});
}

/** How far down the list its drawn rows reach, the list's height, and how many are drawn. */
function rowsInView(page) {
  return page.locator('.result-list').evaluate((list) => {
    const rows = [...list.querySelectorAll('.row')];
    return { reach: Math.max(0, ...rows.map((r) => r.offsetTop + r.offsetHeight)), height: list.clientHeight, drawn: rows.length };
  });
}

test('a tall window shows rows all the way down the list, and a resized one too', async () => {
  const errors = [];
  const page = await openLarge(errors, 'sort=newest', { width: 1280, height: 2400 });
  await filled(page);
  const tall = await rowsInView(page);
  assert.ok(tall.reach >= tall.height, `rows reach ${tall.reach}px of a ${tall.height}px list`);
  // Rows beyond the view are few: those in view and three below.
  assert.ok(tall.drawn <= Math.ceil(tall.height / 124) + 3, `${tall.drawn} rows drawn for ${tall.height}px`);
  await page.setViewportSize({ width: 1280, height: 3600 });
  await filled(page);
  const taller = await rowsInView(page);
  assert.ok(taller.height > tall.height && taller.reach >= taller.height, JSON.stringify(taller));
  // A short window draws fewer.
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.waitForFunction(() => document.querySelector('.result-list').querySelectorAll('.row').length
    <= Math.ceil(document.querySelector('.result-list').clientHeight / 124) + 3);
  assert.deepEqual(errors, []);
  await page.close();
});

test('new results draw the rows in view first, and the rows below them a moment later', async () => {
  const errors = [];
  const page = await openLarge(errors, '', { width: 1280, height: 800 });
  await filled(page);
  // How many rows each change of the list leaves drawn, as the page has them when it changes.
  await page.locator('.result-list').evaluate((list) => {
    window.drawnCounts = [];
    // Rows whose element was given another place in the list.
    window.moved = [];
    new MutationObserver((changes) => {
      window.drawnCounts.push(list.querySelectorAll('.row').length);
      for (const c of changes) if (c.attributeName === 'data-index') window.moved.push(`${c.oldValue} → ${c.target.dataset.index}`);
    }).observe(list, { childList: true, subtree: true, characterData: true, attributeFilter: ['data-index'], attributeOldValue: true });
  });
  await page.locator('#q').pressSequentially('police fund', { delay: 80 });
  const inView = await page.locator('.result-list').evaluate((list) => Math.ceil(list.clientHeight / 124));
  await page.waitForFunction((n) => document.querySelectorAll('.result-list .row').length === n + 3, inView);
  const counts = await page.evaluate(() => window.drawnCounts);
  assert.ok(counts.includes(inView), `the rows in view alone at some change: ${inView} in ${JSON.stringify(counts)}`);
  // A row's element stays at its place: new results rewrite what it shows, and never move
  // rows from one place to another (which rewrote every row twice a keystroke).
  assert.deepEqual(await page.evaluate(() => window.moved), [], 'no row drawn at another place');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a slow processor each keystroke paints before its search, and the last query’s results arrive', async () => {
  const errors = [];
  const page = await openLarge(errors, '');
  await filled(page);
  // Searches of this corpus take well under the app's slow-search threshold (4 ms) here; a
  // processor forty times slower makes them slow, so after the first the app defers each search
  // to the task after the paint that shows the keystroke, marking the results busy meanwhile.
  // A word being typed after another (`health p`) is searched through its expansions' postings
  // however many there are; a first word's first letters alone may be answered from what the
  // index keeps for them, quick at any speed.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 40 });
  await page.locator('section.results').evaluate((section) => {
    window.busyMarks = [];
    new MutationObserver(() => window.busyMarks.push(section.getAttribute('aria-busy')))
      .observe(section, { attributes: true, attributeFilter: ['aria-busy'] });
  });
  const typed = 'health police fund';
  await page.locator('#q').pressSequentially(typed);
  await page.waitForFunction((typed) => document.querySelector('#q').value === typed
    && !document.querySelector('section.results').hasAttribute('aria-busy')
    && new URLSearchParams(location.search).get('q') === typed, typed, { timeout: 60_000 })
    .catch(async (err) => {
      // Which of the three never came: the box's text, the results' search, or the address.
      const seen = await page.evaluate(() => ({
        box: document.querySelector('#q').value,
        busy: document.querySelector('section.results').getAttribute('aria-busy'),
        address: new URLSearchParams(location.search).get('q'),
        heading: document.querySelector('#results-heading')?.textContent,
        marks: window.busyMarks,
      }));
      throw new Error(`${err.message}; the page had ${JSON.stringify(seen)}; errors: ${JSON.stringify(errors)}`);
    });
  const marks = await page.evaluate(() => window.busyMarks);
  assert.ok(marks.includes('true'), `the results were marked busy while a search waited: ${JSON.stringify(marks)}`);
  assert.equal(marks.at(-1), null, 'the results are no longer busy once the last search ran');
  const count = await page.locator('#results-heading').textContent();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // The same query opened from its link, at full speed: the same count and first rows.
  const rows = (p) => p.locator('.result-list .row .row-title').allTextContents();
  const fresh = await openLarge(errors, `q=${encodeURIComponent(typed)}`);
  assert.equal(await fresh.locator('#results-heading').textContent(), count);
  assert.deepEqual((await rows(page)).slice(0, 3), (await rows(fresh)).slice(0, 3));
  assert.deepEqual(errors, []);
  await fresh.close();
  await page.close();
});

/** The corpus reader's script as built, changed so that its keeping fails at the 8th chunk. */
async function failingKeeper() {
  const script = await readFile(new URL('../../dist/keeper.js', import.meta.url), 'utf8');
  const feed = 'keeper.feed(chunk);';
  assert.ok(script.includes(feed), `the keeper feeds its chunks with ${feed}`);
  return script.replace(feed, `if (++globalThis.fed === 8) throw new Error('failing as asked'); ${feed}`)
    .replace('let failed = null;', 'let failed = null; globalThis.fed = 0;');
}

test('a large JSON corpus’s text is kept by a worker beside the page, or by the page when no worker starts', async () => {
  // A corpus named by the address is fetched by the corpus reader, a worker; of unknown size (as
  // a server compressing on the fly sends it) its text is kept by the same worker; a file the
  // server says is small (this one, 34 MB) is kept by the page, where the worker would cost as
  // much as it saves. Each way, with the reader's script missing (the page fetches the file
  // itself), and with a keeper that fails partway (the page keeps the text itself from the
  // chunks it was passed), the same text.
  const seen = {};
  for (const way of ['keeper', 'keeper missing', 'keeper failing', 'sized']) {
    const errors = [];
    const page = await newPage(app.browser, errors);
    const workers = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const warnings = [];
    page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
    if (way === 'keeper missing') {
      await page.route('**/keeper.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not here' }));
    }
    if (way === 'keeper failing') {
      const body = await failingKeeper();
      await page.route('**/keeper.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
    }
    const corpus = way === 'sized' ? 'large-corpus.json' : 'unsized/large-corpus.json';
    if (way === 'sized') {
      const body = await readFile(large);
      await page.route('**/large-corpus.json', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body }));
    }
    await page.goto(`${app.server.url}?corpus=${corpus}&sort=oldest`);
    const rows = page.locator('.result-list .row');
    await wholeCorpus(page);
    // The oldest and the 2,000th oldest question, read whole.
    const texts = [];
    for (const place of [1, 2000]) {
      await page.locator('.result-list').evaluate((list, at) => { list.scrollTop = at * 124; }, place - 3);
      const link = page.locator(`.result-list .row[aria-posinset="${place}"] .row-title a`);
      await link.click();
      await page.locator('.question-text').waitFor();
      const answer = page.locator('.answer');
      texts.push([await page.locator('.question-text').innerText(), (await answer.count()) ? await answer.innerText() : '']);
      await page.goBack();
      await rows.first().waitFor();
    }
    assert.ok(texts.every(([question]) => question.split(/\s+/).length > 20), `the questions' text: ${JSON.stringify(texts)}`);
    const started = workers.filter((url) => url.endsWith('/keeper.js')).length;
    assert.equal(started, 1, `${way}: workers ${workers}`);
    const lost = warnings.filter((w) => w.includes("text keeper's work is lost"));
    assert.equal(lost.length, way === 'keeper failing' ? 1 : 0, `${way}: warnings ${warnings}`);
    if (way === 'keeper failing') assert.match(lost[0], /failing as asked/);
    const fetchedHere = warnings.filter((w) => w.includes('the page fetches it itself'));
    assert.equal(fetchedHere.length, way === 'keeper missing' ? 1 : 0, `${way}: warnings ${warnings}`);
    seen[way] = texts;
    await page.close();
    // A worker script that does not load is the browser's console error, and nothing else.
    assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  }
  assert.deepEqual(seen['keeper missing'], seen.keeper, 'the same text without the keeper');
  assert.deepEqual(seen['keeper failing'], seen.keeper, 'the same text from the chunks the keeper gave back');
  assert.deepEqual(seen.sized, seen.keeper, 'the same text from the page’s own keeping');
});

test('a large JSON corpus cut short opens with the records before the cut, and again on Retry', async () => {
  // Of unknown size, so the corpus reader keeps the text as it passes the chunks on; the page's
  // reader loses the file at the cut and reads it whole, from the chunks it was passed.
  const errors = [];
  const page = await newPage(app.browser, errors);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(`${app.server.url}?corpus=${encodeURIComponent('unsized/large-corpus.json?cut=0.6')}`);
  const notice = page.getByRole('alert');
  await notice.waitFor({ timeout: 60_000 });
  assert.match(await notice.innerText(), /was cut short: .* Loaded the ([\d,]+) questions? and 0 press releases before the cut/s);
  const loaded = Number((await notice.innerText()).match(/Loaded the ([\d,]+) questions?/)[1].replace(/,/g, ''));
  assert.ok(loaded > 5000 && loaded < 12000, `${loaded} questions from 60% of the file`);
  assert.equal(workers.filter((url) => url.endsWith('/keeper.js')).length, 1, `workers ${workers}`);
  // A question's text, read whole.
  await page.locator('.result-list .row .row-title a').first().click();
  await page.locator('.question-text').waitFor();
  assert.ok((await page.locator('.question-text').innerText()).split(/\s+/).length > 20);
  await page.goBack();
  // Retry reads the file again with a worker of its own, to the same records.
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForFunction(() => !document.querySelector('[role=alert]'), null, { timeout: 60_000 });
  await notice.waitFor({ timeout: 60_000 });
  assert.match(await notice.innerText(), new RegExp(`Loaded the ${loaded.toLocaleString('en-GB')} questions?`));
  assert.equal(workers.filter((url) => url.endsWith('/keeper.js')).length, 2, `workers ${workers}`);
  assert.deepEqual(errors, []);
  await page.close();
});
