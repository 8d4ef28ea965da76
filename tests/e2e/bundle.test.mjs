// A corpus bundle (`pqx bundle`: records and finished index in one binary file) named by
// ?corpus= opens without an index build, searchable before the records' text has come, finds
// what the same corpus's JSON finds, and when cut short or damaged still opens with every
// record before the cut and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, screenshot, questionsShown, watchStatus, importFiles, wholeCorpus } from './harness.mjs';

const json = new URL('../../target/e2e/large-corpus.json', import.meta.url).pathname;
const bundle = new URL('../../target/e2e/large-corpus.pqx', import.meta.url).pathname;
const app = useApp({ '/large-corpus.json': json, '/large-corpus.pqx': bundle });

/** The total and the first rows' titles of a search. */
async function answerTo(page, url) {
  await page.goto(url);
  // A bundle's rows come before its text: compare once it is in.
  await wholeCorpus(page);
  const total = await page.locator('#results-heading').innerText();
  const rows = await page.locator('.result-list .row').allInnerTexts();
  return { total, rows: rows.slice(0, 5) };
}

test('a bundle opens without building the index, with progress, and finds what its JSON finds', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  const requests = [];
  page.on('request', (r) => new URL(r.url()).pathname === '/large-corpus.pqx' && requests.push(r.url()));
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx`);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  assert.equal(await questionsShown(page), 11400);
  // The page's early start asked for the bundle before the app had loaded; the app took that
  // response rather than asking again.
  assert.equal(requests.length, 1, requests.join(' | '));
  const downloading = seen.filter((t) => /Loading the corpus: [\d.]+ MB of [\d.]+ MB/.test(t));
  assert.ok(downloading.length >= 3, `progress while downloading: ${seen.join(' | ')}`);
  assert.ok(!seen.some((t) => /Building the index/.test(t)), seen.join(' | '));
  // Searchable first, with a line saying the text is on its way; then the text and snippets.
  assert.ok(seen.some((t) => /Search, filters and counts are ready\. The records' text is arriving/.test(t)), seen.join(' | '));
  await page.locator('.text-arriving').waitFor({ state: 'detached', timeout: 60_000 });
  assert.ok((await page.locator('.snippet:not(.pending)').count()) > 0, 'snippets once the text is in');
  assert.equal(await page.locator('.snippet.pending').count(), 0);
  await screenshot(page, 'bundle-corpus');
  for (const query of ['q=police+funding', 'q=sch&sort=newest', 'q=%22local+authorities%22&house=lords']) {
    const fromBundle = await answerTo(page, `${app.server.url}?corpus=large-corpus.pqx&${query}`);
    const fromJson = await answerTo(page, `${app.server.url}?corpus=large-corpus.json&${query}`);
    assert.deepEqual(fromBundle, fromJson, query);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the press releases of a large corpus are listed newest first, 200 at a time, from 200 again for another search', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const items = page.locator('.press-list li');
  const shownOf = async () => {
    if ((await page.locator('.show-more').count()) === 0) return null;
    const [, step, shown, total] = (await page.locator('.show-more').innerText()).match(/Show (\d+) more\s+([\d,]+) of ([\d,]+) shown/);
    return [step, shown, total].map((n) => Number(n.replace(/,/g, '')));
  };
  const dates = () => items.evaluateAll((lis) => lis.map((li) => li.querySelector('.meta').innerText.slice(3, 13)));
  // Those that match a search first.
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx&view=press&q=police`);
  await page.getByText('Showing the press releases that match').waitFor({ timeout: 60_000 });
  await items.first().waitFor();
  const matched = (await shownOf())?.[2] ?? (await items.count());
  assert.equal(await items.count(), Math.min(200, matched));
  // Then all of them: 200 of them, then 200 more.
  await page.getByRole('link', { name: 'Show all' }).click();
  await page.getByText('Showing the press releases that match').waitFor({ state: 'detached' });
  const [step, shown, all] = await shownOf();
  assert.deepEqual([step, shown], [200, 200]);
  assert.equal(await page.locator('#press-heading').innerText(), `Press releases (${all.toLocaleString('en-GB')})`);
  assert.ok(all > 400 && all > matched, `${all} press releases, ${matched} of them on police`);
  assert.equal(await items.count(), 200);
  const first = await dates();
  assert.deepEqual(first, [...first].sort().reverse(), 'newest first');
  await items.evaluateAll((lis) => lis.forEach((li, k) => { li.drawnAt = k; }));
  await page.getByRole('button', { name: 'Show 200 more' }).click();
  await items.nth(399).waitFor();
  assert.equal(await items.count(), 400);
  // The releases drawn before are left as they were (their months too), the next 200 after them.
  const drawn = await items.evaluateAll((lis) => lis.map((li) => li.drawnAt ?? null));
  assert.deepEqual(drawn, [...Array(200).keys(), ...Array(200).fill(null)], 'the first 200 not drawn again');
  assert.match((await page.locator('.show-more [role=status]').innerText()).trim(), /^400 of [\d,]+ shown$/);
  assert.ok(await page.getByRole('button', { name: 'Show 200 more' }).evaluate((b) => b === document.activeElement), 'the button keeps the focus');
  const more = await dates();
  assert.deepEqual(more.slice(0, 200), first, 'the first 200 stay');
  assert.deepEqual(more, [...more].sort().reverse(), 'newest first');
  // Back to the search: its list starts again at 200 at most.
  await page.goBack();
  await page.getByText('Showing the press releases that match').waitFor();
  assert.equal(await items.count(), Math.min(200, matched));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the members directory of a large corpus draws 200 rows of its order at a time, from 200 again for another order or filter', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const rows = page.locator('.members tbody tr');
  const questions = () => rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td.num').innerText.replace(/,/g, ''))));
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx&view=members`);
  await rows.first().waitFor({ timeout: 60_000 });
  const members = Number((await page.locator('.members .toolbar .meta').innerText()).match(/of ([\d,]+) members/)[1].replace(/,/g, ''));
  assert.ok(members > 400, `${members} members`);
  assert.equal(await rows.count(), 200);
  assert.equal((await page.locator('.members .show-more [role=status]').innerText()).trim(), `200 of ${members} shown`);
  const first = await questions();
  assert.deepEqual(first, [...first].sort((a, b) => b - a), 'the most questions first');
  await rows.evaluateAll((trs) => trs.forEach((tr, k) => { tr.drawnAt = k; }));
  await page.getByRole('button', { name: 'Show 200 more' }).click();
  await rows.nth(399).waitFor();
  assert.equal(await rows.count(), 400);
  // The rows drawn before are left as they were, and the next 200 come after them.
  const drawn = await rows.evaluateAll((trs) => trs.map((tr) => tr.drawnAt ?? null));
  assert.deepEqual(drawn, [...Array(200).keys(), ...Array(200).fill(null)], 'the first 200 rows not drawn again');
  assert.ok(await page.getByRole('button', { name: 'Show 200 more' }).evaluate((b) => b === document.activeElement), 'the button keeps the focus');
  const more = await questions();
  assert.deepEqual(more.slice(0, 200), first, 'the first 200 stay');
  // Another order starts again at 200, in that order.
  await page.getByRole('button', { name: 'Member' }).click();
  await page.locator('th[aria-sort=ascending]', { hasText: 'Member' }).waitFor();
  assert.equal(await rows.count(), 200);
  // A name that few have: every one of them, and no "Show more".
  await page.getByLabel('Name').fill('lewis');
  await page.locator('.members .show-more').waitFor({ state: 'detached' });
  const lewis = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('th').innerText));
  assert.ok(lewis.length > 0 && lewis.length < 200 && lewis.every((n) => /lewis/i.test(n)), lewis.join(', '));
  assert.match(await page.locator('.members .toolbar .meta').innerText(), new RegExp(`^${lewis.length} of [\\d,]+ members$`));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a prolific member's page lists their newest questions first, more on request, each of a shared heading with what it asks", async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx&view=member:peter-lewis`);
  await page.getByRole('heading', { name: 'All questions (827)' }).waitFor({ timeout: 60_000 });
  await page.locator('.text-arriving').waitFor({ state: 'detached', timeout: 60_000 });
  const items = page.locator('.question-list li');
  assert.equal(await items.count(), 200);
  assert.match(await page.locator('.show-more').innerText(), /Show 200 more\s+200 of 827 shown/);
  const dates = await items.evaluateAll((lis) => lis.map((li) => li.querySelector('.meta').innerText.slice(3, 13)));
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  // The synthetic headings repeat: every question whose heading another in the list has says
  // what it asks, and no two of one heading say the same.
  const labels = await items.evaluateAll((lis) => lis.map((li) => [li.querySelector('a').innerText, li.querySelector('.gist')?.innerText ?? null]));
  const byTitle = new Map();
  for (const label of labels) byTitle.set(label[0], [...(byTitle.get(label[0]) ?? []), label]);
  for (const [title, same] of byTitle) {
    if (same.length === 1) assert.equal(same[0][1], null, title);
    else assert.ok(same.every(([, gist]) => gist && !gist.startsWith('To ask')), JSON.stringify(same));
  }
  await page.getByRole('button', { name: 'Show 200 more' }).click();
  await items.nth(399).waitFor();
  assert.equal(await items.count(), 400);
  for (let shown = 400; shown < 827; shown += 200) await page.locator('.show-more button').click();
  await items.nth(826).waitFor();
  assert.equal(await page.locator('.show-more').count(), 0);
  // Another member starts again at 200.
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx&view=member:priya-brown`);
  await page.getByRole('heading', { name: 'All questions (463)' }).waitFor({ timeout: 60_000 });
  assert.equal(await items.count(), 200);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Types `query` into the search box and reads the results' heading once it has a count. */
async function resultsFor(page, query) {
  await page.locator('#q').fill(query);
  // The heading is the query's once the address carries it (typing has paused) and no search
  // waits: until then it may still count the query before (a slow search runs after a paint).
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q
    && !document.querySelector('section.results[aria-busy]'), query);
  await page.locator('#results-heading').filter({ hasText: /\d+ results?|No results/ }).first().waitFor();
  return page.locator('#results-heading').innerText();
}

/** Opens `?corpus=cut.pqx` served as the first `fraction` of the bundle. */
async function openCut(page, fraction) {
  const whole = await readFile(bundle);
  await page.route('**/cut.pqx', (route) =>
    route.fulfill({ status: 200, body: whole.subarray(0, Math.floor(whole.length * fraction)) }));
  await page.goto(`${app.server.url}?corpus=cut.pqx`);
  await page.locator('.corpus-summary').waitFor({ timeout: 60_000 });
  return page.getByRole('alert').innerText();
}

test('a bundle cut inside its records opens with the records before the cut and says so', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const notice = await openCut(page, 0.015);
  assert.match(notice,
    /cut.pqx was cut short: only [\d,]+ of its 12,000 records came, without their text or the index\. The records that came are listed/);
  const shown = await questionsShown(page);
  assert.ok(shown > 1000 && shown < 11400, `${shown} questions from 1.5% of the bundle`);
  assert.ok((await page.locator('.result-list .row').count()) > 0, 'the explorer works on what loaded');
  assert.match(await page.locator('.snippet.pending').first().innerText(), /Text not loaded: the corpus file was cut short/);
  await screenshot(page, 'bundle-cut-short');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bundle cut inside its index opens every record, building the index itself', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  const notice = await openCut(page, 0.2);
  assert.match(notice, /its 12,000 records came, but not the index or the records' text/);
  assert.equal(await questionsShown(page), 11400);
  assert.ok(seen.some((t) => /Building the index of 12,000 records/.test(t)), seen.join(' | '));
  // After an import adds a question, the records whose text did not come still say so, and
  // the new one shows its own.
  const question = 'Asked by: Lord Bailey of Paddington (Conservative - Life peer)\nQuestion to the Home Office:\nTo ask His Majesty\'s Government what powers zyxwvut providers have. [HL11520]\n';
  const outcome = await importFiles(page, [{ name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from(question) }]);
  assert.match(outcome, /the corpus now holds 11,401 questions/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('.snippet.pending').first().waitFor();
  assert.match(await page.locator('.snippet.pending').first().innerText(), /Text not loaded: the corpus file was cut short/);
  await page.locator('#q').fill('zyxwvut');
  await page.locator('#results-heading').filter({ hasText: /^1 result/ }).waitFor();
  assert.match(await page.locator('.result-list .row').first().innerText(), /zyxwvut/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bundle cut inside its text is searchable whole, with the text that came', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const seen = await watchStatus(page);
  const notice = await openCut(page, 0.85);
  const missing = Number(/its 12,000 records and the index came, but the text of the last ([\d,]+) did not\. Every record is listed and found/.exec(notice)?.[1].replace(/,/g, ''));
  assert.ok(missing > 600 && missing < 6000, notice);
  assert.equal(await questionsShown(page), 11400);
  assert.ok(!seen.some((t) => /Building the index/.test(t)), seen.join(' | '));
  // Press releases come last, so their text is among what is missing; questions' text came.
  await page.goto(`${app.server.url}?corpus=cut.pqx&kind=press`);
  await page.locator('.snippet.pending').first().waitFor({ timeout: 60_000 });
  await page.goto(`${app.server.url}?corpus=cut.pqx&kind=question&sort=oldest`);
  await page.locator('.result-list .row').first().waitFor({ timeout: 60_000 });
  // The rows come as soon as the index has, before the text that follows it is decoded.
  await page.locator('.snippet:not(.pending)').first().waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('records whose text did not come still say so after an import adds to their corpus', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await openCut(page, 0.85);
  const question = 'Asked by: Lord Bailey of Paddington (Conservative - Life peer)\nQuestion to the Home Office:\nTo ask His Majesty\'s Government what powers for-profit social housing providers have. [HL11520]\nAnswered by Lord Hanson of Flint - Minister of State (Home Office)\nThe Act sets out which agencies may use each power.\n';
  const outcome = await importFiles(page, [{ name: 'earlier.txt', mimeType: 'text/plain', buffer: Buffer.from(question) }]);
  assert.match(outcome, /the corpus now holds 11,401 questions and 600 press releases/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  // Press releases come last in the bundle, so their text is among what did not come.
  await page.getByRole('checkbox', { name: /Press releases/ }).check();
  await page.locator('#results-heading').filter({ hasText: '600 results' }).waitFor();
  assert.match(await page.locator('.snippet.pending').first().innerText(), /Text not loaded: the corpus file was cut short/);
  await page.locator('.row-title a').first().click();
  await page.getByText(/Text not loaded: the corpus file was cut short/).first().waitFor();
  await screenshot(page, 'bundle-cut-text-after-import');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a damaged bundle says where, and keeps what came before the damage', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const damaged = Buffer.from(await readFile(bundle));
  const at = Math.floor(damaged.length * 0.75);
  damaged.fill(0xff, at, at + 64);
  await page.route('**/damaged.pqx', (route) => route.fulfill({ status: 200, body: damaged }));
  await page.goto(`${app.server.url}?corpus=damaged.pqx`);
  const notice = page.getByRole('alert');
  await notice.waitFor({ timeout: 60_000 });
  const text = await notice.innerText();
  assert.match(text, /damaged.pqx is damaged at byte \d+: .*: its 12,000 records and the index came, but the text of the last [\d,]+ did not/s);
  const byte = Number(/at byte (\d+)/.exec(text)[1]);
  assert.ok(byte >= at - (1 << 20) && byte <= at + 64, `damage reported at ${byte}, made at ${at}`);
  assert.ok(await page.getByRole('button', { name: 'Retry' }).isVisible());
  // A bundle of another version (its eighth byte) is refused whole, saying what to do once.
  const other = Buffer.from(await readFile(bundle));
  other[7] += 1;
  await page.route('**/other.pqx', (route) => route.fulfill({ status: 200, body: other }));
  await page.goto(`${app.server.url}?corpus=other.pqx`);
  const refused = await page.getByRole('alert').filter({ hasText: /other\.pqx/ }).innerText();
  assert.match(refused, /other\.pqx is a bundle of another version: rebuild it with this version's pqx bundle/);
  assert.equal(refused.match(/pqx bundle/g).length, 1, refused);
  // The command shows as code, not between backticks.
  assert.equal(await page.getByRole('alert').locator('code', { hasText: 'pqx bundle' }).count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

const small = new URL('../../target/e2e/synth-1000.pqx', import.meta.url).pathname;

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
  // Cut short inside the text: the records whose text came are added, and a diagnostic says
  // how many of how many.
  outcome = await importFiles(page, [{ name: 'cut.pqx', mimeType: 'application/octet-stream', buffer: buffer.subarray(0, Math.floor(buffer.length * 0.8)) }], { replace: true });
  assert.match(outcome, /the bundle was cut short: its 1,000 records and the index came, but the text of the last [\d,]+ did not/);
  const came = Number(/Added the (\d+) records? that came with their text, of 1,000 records/.exec(outcome)?.[1]);
  assert.ok(came > 300 && came < 700, `${came} records from 80% of the bundle: ${outcome}`);
  await screenshot(page, 'bundle-import-cut');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an import into a bundle\'s corpus merges by the keys it came with, reads the text where it is kept, with progress', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const corpus = JSON.parse(await readFile(json, 'utf8'));
  const [repeated, other] = corpus.questions.filter((q) => q.asker.constituency && q.answer && !q.answer.holding);
  const asked = (q, text) => `Asked by: ${q.asker.name} (${q.asker.party} - ${q.asker.constituency})\nQuestion to the ${q.department}:\n${text}\n`;
  // One question asked again (merged into the bundle's record, given its text from the store),
  // one unanswered in the bundle answered now (both indexed again, the rest of the index kept)
  // and one new.
  const unanswered = corpus.questions.find((q) => q.asker.constituency && !q.answer && q.department);
  const answer = `Answered by Jane Doe - Minister of State (${unanswered.department})\nThe department funds qwertyzx patrols.\n`;
  const file = asked(repeated, repeated.text) + '\n' + asked(unanswered, unanswered.text) + answer + '\n'
    + asked(other, 'What plans the department has for zyxwvut inspections.');
  const found = (q) => resultsFor(page, q);
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx`);
  await wholeCorpus(page);
  const unansweredBefore = Number(/^([\d,]+) result/.exec(await found('answered:no'))?.[1].replace(/,/g, ''));
  assert.ok(unansweredBefore > 0);
  await page.evaluate(() => {
    window.importLabels = [];
    new MutationObserver(() => {
      const label = document.querySelector('label[for=import-progress]');
      if (label && window.importLabels.at(-1) !== label.textContent) window.importLabels.push(label.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const outcome = await importFiles(page, [{ name: 'again.txt', mimeType: 'text/plain', buffer: Buffer.from(file) }]);
  assert.match(outcome, /1 new question and 0 new press releases; the corpus now holds 11,401 questions and 600 press releases/);
  const labels = await page.evaluate(() => window.importLabels);
  assert.ok(labels.some((l) => /Building the search index: [\d,]+ of 12,001 records/.test(l)), labels.join(' | '));
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  // The new question, and words of records whose text stayed kept, are found.
  assert.match(await found('zyxwvut'), /^1 result/);
  // The question answered now is found by its answer's words and counts as answered.
  assert.match(await found('qwertyzx answered:yes'), /^1 result/);
  assert.match(await found('qwertyzx answered:no'), /^No results/);
  // One unanswered question less, and the new one (asked, not answered) more.
  assert.equal(Number(/^([\d,]+) result/.exec(await found('answered:no'))?.[1].replace(/,/g, '')), unansweredBefore);
  // A record's three longest words find it.
  const longest = (q) => q.text.replace(/[.,]/g, '').split(/\s+/).sort((a, b) => b.length - a.length).slice(0, 3).join(' ');
  assert.doesNotMatch(await found(longest(other)), /^No results/);
  // The repeated record, given its text from the store when merged into, shows its answer.
  assert.match(await found(longest(repeated)), /^1 result/);
  await page.locator('.row-title a').first().click();
  await page.getByText(repeated.answer.paragraphs[0].slice(0, 40)).first().waitFor();
  await screenshot(page, 'bundle-import-repeat');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an import that only adds records to a bundle\'s corpus keeps its index\'s phrases and counts', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const corpus = JSON.parse(await readFile(json, 'utf8'));
  const q = corpus.questions.find((x) => x.asker.constituency && x.text.split(' ').length > 12);
  const phrase = `"${q.text.split(' ').slice(4, 8).join(' ').replace(/[.,?]/g, '')}"`;
  const count = (query) => resultsFor(page, query);
  await page.goto(`${app.server.url}?corpus=large-corpus.pqx`);
  await wholeCorpus(page);
  const before = { phrase: await count(phrase), word: await count('police') };
  assert.doesNotMatch(before.phrase, /^No results/);
  const file = `Asked by: ${q.asker.name} (${q.asker.party} - ${q.asker.constituency})\nQuestion to the ${q.department}:\nWhat assessment the department has made of quixotic police overtime.\n`;
  const outcome = await importFiles(page, [{ name: 'new.txt', mimeType: 'text/plain', buffer: Buffer.from(file) }]);
  assert.match(outcome, /1 new question and 0 new press releases; the corpus now holds 11,401 questions and 600 press releases/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  // The bundle's records are found as before (their positions carried over), and the new one.
  assert.equal(await count(phrase), before.phrase);
  const more = (heading) => Number(heading.replace(/,/g, '').match(/^(\d+)/)[1]);
  assert.equal(more(await count('police')), more(before.word) + 1);
  assert.match(await count('"quixotic police overtime"'), /^1 result/);
  assert.deepEqual(errors, []);
  await page.close();
});
