// Importing your own files and exporting what you found, as a user does it in the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, screenshot, importFiles } from './harness.mjs';

const app = useApp();
const fixture = (path) => readFile(new URL(`../../${path}`, import.meta.url));

test('importing a seed file as a new corpus loads just its records', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const summary = await importFiles(page, [{ name: 'compact.txt', mimeType: 'text/plain', buffer: await fixture('data/000_e7677c7cd8ee13ab.txt') }], { replace: true });
  assert.match(summary, /10 new questions and 0 new press releases; the corpus now holds 10 questions and 0 press releases/);
  assert.match(await page.locator('.import-outcome').innerText(), /Every line was read/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#results-heading').filter({ hasText: '10 results' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('importing the same file again merges the repeats', async () => {
  const page = await newPage(app.browser, []);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const summary = await importFiles(page, [{ name: '002_8b0d261ad1d3d06c.txt', mimeType: 'text/plain', buffer: await fixture('data/002_8b0d261ad1d3d06c.txt') }]);
  assert.match(summary, /0 new questions and 0 new press releases; the corpus now holds 20 questions and 10 press releases/);
  await page.close();
});

test('a malformed file is reported with file and line, and nothing else is lost', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const broken = 'stray line before any record\nAsked by: Jim Shannon (Democratic Unionist Party - Strangford)\nQuestion to the Ministry of Defence:\nTo ask the Secretary of State for Defence, how many Type 32 frigates will be built.\nAnswered by Luke Pollard\nThe Type 32 frigate programme remains in the concept phase.\nAsked by: Someone Cut Off (Labour - Nowhere)\n';
  const summary = await importFiles(page, [
    { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from(broken) },
    { name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('[{"uin": "1",') },
  ]);
  assert.match(summary, /Imported 2 of 2 files: 1 new question and 0 new press releases/);
  const rows = await page.locator('.diagnostics tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /broken\.txt\s+1\s+error\s+text outside any record/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /broken\.txt\s+7\s+error\s+incomplete record/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /not-json\.json\s+1–1?\s*error\s+not valid JSON/.test(r) || /not-json\.json\s+1\s+error\s+not valid JSON/.test(r)), rows.join('\n'));
  await screenshot(page, 'import-diagnostics');
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#results-heading').filter({ hasText: '31 results' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('official API JSON imports with its UINs, and its questions and askers link to their official pages', async () => {
  const page = await newPage(app.browser, []);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const summary = await importFiles(page, [{ name: 'api.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/commons-2024-slice.json') }]);
  assert.match(summary, /15 new questions/);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('uin:3283');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  // Not a named day question: no word of its day.
  assert.doesNotMatch(await page.locator('.row-meta').innerText(), /named day/);
  await page.locator('.row-title a').click();
  await page.getByRole('heading', { name: 'Schools: Finance' }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Member #5031/);
  // Its tabling, the API's date for answer (an ordinary question's, not a named day) and its correction.
  assert.match(await page.locator('.facts').innerText(), /Tabled\s+2024-08-30[^]*Date for answer\s+2024-09-03[^]*Answer corrected\s+2024-11-26/);
  // The API gives the tabled date and UIN that the official page's address is made of, and the
  // asker's member id: both link out, to a new tab.
  const official = page.getByRole('link', { name: 'Official record (opens in a new tab)', exact: true });
  assert.equal(await official.getAttribute('href'), 'https://questions-statements.parliament.uk/written-questions/detail/2024-08-30/3283');
  assert.equal(await official.getAttribute('target'), '_blank');
  // Its answer comes cut short, as the API's bulk records give them, and the page says so; its
  // question is whole, so nothing is said of that.
  assert.match(await page.locator('.answer').innerText(), /The source gives only the start of this answer\. The official record[^]*has it in full\./);
  assert.doesNotMatch(await page.locator('.question-text').innerText(), /only the start|…/);
  await page.locator('.facts a', { hasText: 'Member #5031' }).click();
  // Known by id alone, with no party or constituency: the line of facts starts with the count.
  assert.match(await page.locator('.facts-line').innerText(), /^\d+ questions? · \d+% answered$/);
  const profile = page.getByRole('link', { name: 'Their page on parliament.uk (opens in a new tab)' });
  assert.equal(await profile.getAttribute('href'), 'https://members.parliament.uk/member/5031');
  // Without a constituency in the source, the comparison names their House, not a guess.
  await page.getByRole('link', { name: 'Compare with other members' }).click();
  assert.match(await page.locator('.compare-column').innerText(), /House of Commons/);
  await page.goBack();
  await page.goBack();
  // Only records were added, so the index of the records before grew by them: those are all
  // still found, beside the new ones.
  await page.goBack();
  await page.locator('#q').fill('palantir');
  await page.locator('#results-heading').filter({ hasText: '2 results' }).waitFor();
  await page.locator('#q').fill('schools OR palantir');
  await page.waitForFunction(() => parseInt(document.querySelector('#results-heading').textContent.replace(/,/g, ''), 10) > 2);
  // The API's bulk records cut a question's text at 255 characters, mid-word: its row and its
  // page end the text with an ellipsis, and the page says where it is in full.
  // A named day question answered after its day says by how much.
  await page.locator('#q').fill('uin:900191');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  assert.match(await page.locator('.row-meta').innerText(), /late for its named day/);
  await page.locator('.row-title a').click();
  await page.locator('.named-day').waitFor();
  assert.equal(await page.locator('.named-day').innerText(), 'Named day\n2024-09-05 — answered 8 working days after it, late');
  // Its asker's page lists it among their named day questions not answered on the day.
  await page.locator('.facts dd a').first().click();
  const theirs = await page.locator('.late-named-days li').innerText();
  assert.match(theirs, /^Business: Rural Areas — Department for Environment, Food and Rural Affairs; named day 2024-09-05, answered 8 working days after it, late/);
  // The list leads to the search of them, with `named:late`.
  await page.locator('.late-named-days a', { hasText: 'Search them' }).click();
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'named:late');
  assert.match(await page.locator('.row-meta').innerText(), /late for its named day/);
  await page.locator('#q').fill('named:on-time');
  await page.locator('#results-heading').filter({ hasText: 'No results' }).waitFor();
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await page.locator('#q').fill('uin:2976');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  assert.match(await page.locator('.snippet').innerText(), /for what reason he was appointe…$/);
  await page.locator('.row-title a').click();
  await page.getByRole('heading', { name: 'Haydon Etherington' }).waitFor();
  assert.match(
    await page.locator('.question-text').innerText(),
    /for what reason he was appointe…\s+The source gives only the start of this question\. The official record[^]*has it in full\.$/,
  );
  await page.close();
});

test('the members data platform names a House\'s members from one file', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const summary = await importFiles(page, [
    { name: 'commons-members.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/members-data-platform-example.json') },
    { name: 'api.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/commons-2024-slice.json') },
  ]);
  assert.match(summary, /commons-members\.json \(members-json\): 3 members' names, 0 unreadable passages/);
  assert.match(summary, /A members file named the asker or minister of 6 questions\./);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('member:alex-example');
  await page.locator('#results-heading').filter({ hasText: '5 results' }).waitFor();
  assert.match(await page.locator('.row').first().innerText(), /Alex Example\s+Conservative/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a members file names the members that official API records know by id alone', async () => {
  const page = await newPage(app.browser, []);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const api = { name: 'api.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/commons-2024-slice.json') };
  const members = { name: 'members.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/members-example.json') };
  await importFiles(page, [api]);
  // An unanswered question says how long it had waited by the latest date in its file.
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('uin:2677');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  await page.locator('.row-title a').click();
  await page.getByRole('heading', { name: 'Right to Buy Scheme' }).waitFor();
  assert.match(await page.locator('.answer').innerText(), /when the record was fetched, on or after 2024-11-18 \(the latest date in its file\): 79 working days after it was tabled\./);
  // Added later, on its own: it names the records already in the corpus.
  const summary = await importFiles(page, [members]);
  assert.match(summary, /members\.json \(members-json\): 3 members' names, 0 unreadable passages/);
  assert.match(summary, /0 new questions[^]*A members file named the asker or minister of 6 questions\./);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  // The index knows the names: the member's questions are found under their name.
  await page.locator('#q').fill('member:alex-example');
  await page.locator('#results-heading').filter({ hasText: '5 results' }).waitFor();
  await page.locator('#q').fill('uin:2979');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  await page.locator('.row-title a').click();
  await page.getByRole('heading', { name: /Departmental Responsibilities/ }).waitFor();
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, /Alex Example[^]*Conservative[^]*Example North/);
  assert.match(await page.locator('.answered-by').innerText(), /Baroness Instance/);
  await page.locator('.facts a', { hasText: 'Alex Example' }).click();
  assert.match(await page.locator('.facts-line').innerText(), /^Conservative Example North · 5 questions · /);
  assert.match(await page.locator('article.member header').innerText(), /Answered: the share of their questions with an answer in the source\. The official API's records are as they stood when they were fetched/);
  // The members list says what its share answered counts, for records from the API.
  await page.getByRole('link', { name: 'Members', exact: true }).click();
  assert.match(await page.locator('.members').innerText(), /Answered: the share of their questions with an answer in the source\. The official API's records are as they stood when they were fetched/);
  // Importing the file again names no one: each of them has a name now.
  const again = await importFiles(page, [members]);
  assert.match(again, /No question's asker or minister known only by id was named by a members file\./);
  // The names stay known: a record imported later, its asker known by id, is named with them.
  const later = [{ value: { uin: '4001', house: 'Commons', askingMemberId: 5031, questionText: 'To ask the Secretary of State for Education, what plans she has for school libraries.', dateTabled: '2024-09-02T00:00:00', answeringBodyName: 'Department for Education', heading: 'School Libraries' } }];
  const added = await importFiles(page, [{ name: 'later.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(later)) }]);
  assert.match(added, /1 new question[^]*The members' names imported before named the asker or minister of 1 question\./);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('uin:4001');
  await page.locator('#results-heading').filter({ hasText: '1 result' }).waitFor();
  assert.match(await page.locator('.row').first().innerText(), /Sam Sample/);
  // Unanswered in the source, which the API's bulk records give as they stood when fetched:
  // the page points to the official record for an answer given since.
  await page.locator('.row-title a').click();
  await page.getByRole('heading', { name: 'School Libraries' }).waitFor();
  assert.match(
    await page.locator('.answer').innerText(),
    /Not answered in the source, which has the question as it stood when the record was fetched, on or after 2024-09-02 \(the latest date in its file\), the day it was tabled\. The official record[^]*has any answer given since\./,
  );
  await page.close();
});

test('exporting the results gives the same records as the list', async () => {
  const page = await newPage(app.browser, []);
  await page.goto(`${app.server.url}?q=palantir`);
  await page.locator('#results-heading').filter({ hasText: '2 results' }).waitFor();
  const shown = (await page.locator('.row-title').allInnerTexts()).sort();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
  const csvText = await readFile(await csv.path(), 'utf8');
  const lines = csvText.trim().split('\r\n');
  assert.equal(lines[0].split(',')[0], 'kind');
  assert.equal(lines.length, 3, 'a header and two rows');
  for (const title of shown) assert.ok(csvText.includes(title), title);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
  const corpus = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.deepEqual(corpus.questions.map((q) => q.heading).sort(), shown);
  assert.deepEqual(corpus.press_releases, []);
  await page.close();
});

test('a UIN in an answer links to that question once it is in the corpus', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const earlier = 'Asked by: Lord Bailey of Paddington (Conservative - Life peer)\nQuestion to the Home Office:\nTo ask His Majesty\'s Government what powers for-profit social housing providers have to tackle anti-social behaviour. [HL11520]\nAnswered by Lord Hanson of Flint - Minister of State (Home Office)\nThe Anti-Social Behaviour, Crime and Policing Act 2014 sets out which agencies may use each power. I refer the noble Lord to the answer I gave on 10 November 2025.\n';
  await importFiles(page, [{ name: 'earlier.txt', mimeType: 'text/plain', buffer: Buffer.from(earlier) }]);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('for-profit remarks');
  await page.locator('.row-title a').first().click();
  const link = page.locator('a.crossref', { hasText: 'HL11520' });
  await link.waitFor();
  await link.click();
  await page.getByText('UIN').waitFor();
  assert.match(await page.locator('.facts').innerText(), /HL11520/);
  const dated = page.locator('a.crossref', { hasText: '10 November 2025' });
  assert.match(await dated.getAttribute('href'), /answerer=lord-hanson-of-flint&from=2025-11-10&to=2025-11-10/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a near-identical answer is listed with its differences marked', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const seed = (await fixture('data/000_e7677c7cd8ee13ab.txt')).toString('utf8').split('\n').slice(0, 9).join('\n');
  const variant = seed
    .replace('John Hayes (Conservative - South Holland and The Deepings)', 'Jane Doe (Labour - Somewhere)')
    .replace('Lincolnshire', 'Norfolk')
    .replace('(£365,000)', '(£400,000)');
  await importFiles(page, [{ name: 'variant.txt', mimeType: 'text/plain', buffer: Buffer.from(variant) }]);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('member:john-hayes ');
  await page.locator('.row-title a').first().click();
  await page.getByRole('heading', { name: 'Near-identical answers (1)' }).waitFor();
  await page.getByRole('button', { name: 'Show differences' }).click();
  const text = async (sel) => (await page.locator(sel).textContent()).replace(/\s+/g, ' ');
  assert.equal(await text('.diff del'), 'removed: (£365,000).');
  assert.equal(await text('.diff ins'), 'added: (£400,000).');
  await screenshot(page, 'near-identical-diff');
  assert.deepEqual(errors, []);
  await page.close();
});

test('after a first visit the app reloads and searches offline', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A second load is controlled by the worker, which caches everything it serves.
  await page.reload();
  await page.locator('#q').waitFor();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
  await context.setOffline(true);
  await page.reload();
  await page.locator('#q').fill('palantir');
  await page.locator('#results-heading').filter({ hasText: '2 results' }).waitFor();
  await screenshot(page, 'offline');
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('response times appear once records with tabled and answered dates are imported', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(`${app.server.url}?view=timeline`);
  await page.locator('.response-times-missing').waitFor();
  assert.match(await page.locator('.response-times-missing').innerText(), /only official written-questions API records carry/);
  await importFiles(page, [{ name: 'api.json', mimeType: 'application/json', buffer: await fixture('tests/fixtures/commons-2024-slice.json') }]);
  await page.getByRole('link', { name: 'Timeline' }).click();
  const table = page.locator('.response-times table').first();
  await table.waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => r.startsWith('Department for Education')), rows.join('\n'));
  const sum = async (column) => (await table.locator(`tbody tr td:nth-child(${column})`).allInnerTexts()).map(Number).reduce((a, b) => a + b, 0);
  assert.equal(await sum(2), 15, 'every question counts, answered or not');
  assert.equal(await sum(3), 13, 'answered');
  // The two unanswered questions count as waiting until the file's latest date, and the table says so.
  assert.match(await page.locator('.response-times').first().innerText(), /2 questions have no answer in the source/);
  const housing = await table.locator('tbody tr').filter({ hasText: 'Ministry of Housing' }).innerText();
  // One named day question each, answered on its day but for DEFRA's, and a note on how they count.
  assert.match(housing, /\t27\t0%\t0%\t1\t100%$/, housing);
  const defra = await table.locator('tbody tr').filter({ hasText: 'Environment' }).innerText();
  assert.match(defra, /\t1\t0%$/, defra);
  assert.match(await page.locator('.response-times').first().innerText(), /Named day: the questions whose asker named the day they are to be answered on/);
  // By the month of their named day: September 2024's two, one on the day, and October's one.
  const months = await page.locator('.named-days-by-month tbody tr').allInnerTexts();
  assert.deepEqual(months, ['2024-09\t2\t50%\t0', '2024-10\t1\t100%\t0']);
  // Under the table, the named day questions not answered on the day, with how late.
  const late = await page.locator('.late-named-days').innerText();
  assert.match(late, /Named day questions not answered on the day \(1\)/);
  assert.match(late, /named day 2024-09-05, answered 8 working days after it, late/);
  await screenshot(page, 'response-times');
  // A department's row leads to the search of its questions.
  await table.getByRole('link', { name: 'Department for Education' }).click();
  await page.locator('#results-heading').filter({ hasText: '2 results' }).waitFor();
  assert.match(page.url(), /dept=department-for-education/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a question and the press releases around it link to each other', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url);
  await page.locator('#q').waitFor();
  const question = 'Written Question\nPolice: Mobile Phones\nMonday 10th February 2025\n\nAsked by: Jane Doe (Labour - Somewhere)\n\nQuestion to the Home Office:\n\nTo ask the Secretary of State for the Home Department, what outcomes were agreed at the summit with tech companies on mobile phone theft.\n\nAnswered by Diana Johnson - Minister of State (Home Office)\n\nThe Home Secretary brought together tech companies to tackle mobile phone theft.\n';
  await importFiles(page, [{ name: 'question.txt', mimeType: 'text/plain', buffer: Buffer.from(question) }]);
  await page.getByRole('link', { name: 'Search the corpus' }).click();
  await page.locator('#q').fill('member:jane-doe ');
  await page.locator('.row-title a').first().click();
  await page.getByRole('heading', { name: 'Related press releases' }).waitFor();
  await page.getByRole('link', { name: 'Home Secretary hosts summit on mobile phone theft' }).click();
  await page.getByRole('heading', { name: 'Related questions' }).waitFor();
  assert.equal(await page.locator('.related li a').first().innerText(), 'Police: Mobile Phones');
  assert.deepEqual(errors, []);
  await page.close();
});
