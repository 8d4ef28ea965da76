// The explorer as a user drives it: searching, narrowing with facets, reading an answer,
// members and their timelines, press releases, shared links, history and the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot } from './harness.mjs';

const app = useApp();

const count = (page) => page.locator('#results-heading');

async function open(path = '', errors = []) {
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url + path);
  await page.locator('main').locator('h2, #q').first().waitFor();
  return page;
}

test('typing a query narrows the results as you type and updates the address when typing pauses', async () => {
  const errors = [];
  const page = await open('', errors);
  await assert.doesNotReject(count(page).filter({ hasText: '30 results' }).waitFor());
  await page.locator('#q').fill('palantir');
  await count(page).filter({ hasText: '2 results' }).waitFor();
  await page.waitForURL(/\?q=palantir$/);
  const titles = await page.locator('.row-title').allInnerTexts();
  assert.deepEqual(titles.sort(), ['Bedfordshire Police: Palantir', 'Law and Order: Palantir']);
  assert.equal(await page.locator('.row mark').first().innerText(), 'Palantir');
  await screenshot(page, 'search-palantir');
  assert.deepEqual(errors, []);
  await page.close();
});

test('other forms of the words typed are offered with how many more they find, and a click searches with them', async () => {
  const errors = [];
  const page = await open('', errors);
  await count(page).filter({ hasText: '30 results' }).waitFor();
  await page.locator('#q').fill('technology system ');
  await count(page).filter({ hasText: '3 results' }).waitFor();
  const offer = page.locator('.word-forms');
  await offer.filter({ hasText: 'search with technologies, systems too (9 results, 6 more)' }).waitFor();
  await screenshot(page, 'search-word-forms');
  await offer.getByRole('link').click();
  await count(page).filter({ hasText: '9 results' }).waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'technology OR technologies system OR systems ');
  assert.match(page.url(), /q=technology\+OR\+technologies\+system\+OR\+systems/);
  // The query now finds every form: nothing more to offer.
  await offer.waitFor({ state: 'detached' });
  // A word the corpus has in one form only is offered nothing.
  await page.locator('#q').fill('palantir');
  await count(page).filter({ hasText: '2 results' }).waitFor();
  assert.equal(await offer.count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a misspelt word, alone, in a field or in a phrase, is offered the nearest the corpus has, and a click searches for it', async () => {
  const errors = [];
  const page = await open('', errors);
  await count(page).filter({ hasText: '30 results' }).waitFor();
  await page.locator('#q').fill('Palantri');
  await count(page).filter({ hasText: 'No results' }).waitFor();
  const offer = page.locator('.correction');
  await offer.filter({ hasText: 'Did you mean palantir? (2 results)' }).waitFor();
  await screenshot(page, 'search-did-you-mean');
  await offer.getByRole('link', { name: 'palantir' }).click();
  await count(page).filter({ hasText: '2 results' }).waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'palantir');
  await offer.waitFor({ state: 'detached' });
  const cases = [
    // A member's name misspelt in a field is offered the member's whole name.
    ['member:lewsi ', 'member:clive-lewis ', '10 results'],
    // A misspelt word in a phrase is corrected in place, the quotes kept.
    ['"facial recogniton" ', '"facial recognition" ', '7 results'],
  ];
  for (const [typed, corrected, results] of cases) {
    await page.locator('#q').fill(typed);
    await count(page).filter({ hasText: 'No results' }).waitFor();
    await offer.filter({ hasText: `Did you mean ${corrected.trim()}? (${results})` }).waitFor();
    await offer.getByRole('link').click();
    await count(page).filter({ hasText: results }).waitFor();
    assert.equal(await page.locator('#q').inputValue(), corrected);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a search that finds nothing offers itself without each part that keeps it from finding anything, words or filters', async () => {
  const errors = [];
  const page = await open('', errors);
  await count(page).filter({ hasText: '30 results' }).waitFor();
  await page.locator('#q').fill('police palantir antisocial');
  await count(page).filter({ hasText: 'No results' }).waitFor();
  const offer = page.locator('.left-out');
  await offer.filter({ hasText: 'No record has all of these. Without palantir (2 results); without antisocial (2 results).' }).waitFor();
  // The offers say what to leave out; the general advice is for a search with none.
  assert.equal(await page.locator('.empty').count(), 0);
  await screenshot(page, 'search-left-out');
  // The last word left out: the word before it is searched whole, not as a prefix.
  await offer.getByRole('link', { name: 'without antisocial' }).click();
  await count(page).filter({ hasText: '2 results' }).waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'police palantir ');
  await offer.waitFor({ state: 'detached' });
  // A filter chosen beside the query is a part too, named as its chip names it.
  await page.goto(`${app.server.url}?q=palantir+&party=conservative`);
  await offer.filter({ hasText: 'No record has all of these. Without palantir (4 results); without Party: Conservative (2 results).' }).waitFor();
  await offer.getByRole('link', { name: 'without Party: Conservative' }).click();
  await count(page).filter({ hasText: '2 results' }).waitFor();
  assert.equal(await page.locator('.chip').count(), 0);
  // One word no record has, and no word near it: nothing to offer but the general advice.
  await page.locator('#q').fill('qqqzzz ');
  await count(page).filter({ hasText: 'No results' }).waitFor();
  await page.locator('.empty').filter({ hasText: 'Nothing matches. Remove a filter or try fewer words.' }).waitFor();
  assert.equal(await offer.count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a row shows where the query matches best, and marks a phrase only where its words follow one another', async () => {
  const errors = [];
  const page = await open('?q=police+%22local+authorities%22+', errors);
  const release = page.locator('.row').filter({ hasText: 'More support for victims of antisocial behaviour' });
  await release.waitFor();
  // Of the release's paragraphs, the one with the phrase and the word (an earlier one has
  // "local communities" alone, which is not the phrase).
  const snippet = release.locator('.snippet');
  assert.match(await snippet.innerText(), /police and local authorities respond/);
  assert.deepEqual(await snippet.locator('mark').allInnerTexts(), ['police', 'local', 'authorities']);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a question's row shows what it asks, not the formal opening, unless only the opening has the words", async () => {
  const errors = [];
  const page = await open('', errors);
  await count(page).filter({ hasText: '30 results' }).waitFor();
  const firstSnippet = () => page.locator('.row .snippet').first().innerText();
  assert.match(await firstSnippet(), /^what assessment her Department has made/);
  await page.locator('#q').fill('palantir');
  await count(page).filter({ hasText: '2 results' }).waitFor();
  const snippets = await page.locator('.row .snippet').allInnerTexts();
  assert.ok(snippets.every((s) => !/To ask|Secretary of State/.test(s)), JSON.stringify(snippets));
  // "Secretary" is in the opening alone: the whole text is shown, around it.
  await page.locator('#q').fill('secretary');
  await page.waitForFunction(() => document.querySelector('.row .snippet mark')?.innerText === 'Secretary');
  // A question without a heading is called by what it asks, begun with a capital.
  await page.locator('#q').fill('"plan to issue statutory guidance"');
  const headless = page.locator('.row').filter({ has: page.locator('.row-title', { hasText: /^Whether they plan to issue statutory guidance/ }) });
  await headless.waitFor();
  // Its snippet goes on from the title's words rather than saying them again.
  const title = (await headless.locator('.row-title').innerText()).replace(/…$/, '');
  const rest = await headless.locator('.snippet').innerText();
  assert.match(rest, /^…/, rest);
  assert.ok(!rest.includes(title.slice(0, 40)), `${title} | ${rest}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the list is as tall as its rows up to a window of them, and the month chart names its ends in text', async () => {
  const errors = [];
  const page = await open('', errors);
  await count(page).filter({ hasText: '30 results' }).waitFor();
  const list = page.locator('.result-list');
  const listHeight = () => list.evaluate((l) => l.clientHeight);
  // Thirty rows are taller than the window's worth (68% of its height): the list stops there
  // and draws every row it shows.
  const tall = await listHeight();
  assert.equal(await list.evaluate((l) => l.offsetHeight), Math.round(800 * 0.68));
  assert.ok((await page.locator('.row').count()) >= Math.ceil(tall / 124));
  // The axis's ends are text at the page's size, not letters stretched with the drawing.
  const ticks = page.locator('.bar-chart .ticks');
  assert.match(await ticks.innerText(), /^Jan 2025\s+Jun 2025\s+undated$/);
  const tickSize = await ticks.evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
  assert.ok(tickSize >= 11, `tick labels ${tickSize}px`);
  // Two rows leave no empty box below them.
  await page.locator('#q').fill('palantir');
  await count(page).filter({ hasText: '2 results' }).waitFor();
  assert.equal(await listHeight(), 2 * 124);
  // And a long list again fills the window, every row in view drawn.
  await page.locator('#q').fill('');
  await count(page).filter({ hasText: '30 results' }).waitFor();
  assert.equal(await listHeight(), tall);
  const bottom = await list.evaluate((l) => l.getBoundingClientRect().bottom);
  const lastRow = await page.locator('.row').last().evaluate((r) => r.getBoundingClientRect().bottom);
  assert.ok(lastRow >= bottom, `rows end at ${lastRow}, the list at ${bottom}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a small screen a link leads past the results to the filters, and another back', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors, { width: 390, height: 844 });
  await page.goto(app.server.url + '?q=police');
  await page.locator('.result-list .row').first().waitFor();
  const filtersTop = await page.locator('.sidebar-title').evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(filtersTop > 844, `the filters start below the results, at ${filtersTop}`);
  await page.getByRole('link', { name: 'Filters', exact: true }).click();
  // Scrolled to within a pixel of the window's top.
  const nearTop = (selector) => page.waitForFunction((selector) => {
    const top = document.querySelector(selector).getBoundingClientRect().top;
    return top > -2 && top < 200;
  }, selector);
  await nearTop('.sidebar-title');
  // The filters work from there, and the way back leads to the results they narrowed.
  await page.getByRole('checkbox', { name: /Lords/ }).check();
  await count(page).filter({ hasText: /^\d+ results?$/ }).waitFor();
  await page.getByRole('link', { name: 'Back to the results' }).click();
  await nearTop('#results-heading');
  assert.match(page.url(), /house=lords/);
  await screenshot(page, 'small-screen-back-to-results');
  // On a wide screen the filters stand beside the results, and neither link shows.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await page.getByRole('link', { name: 'Back to the results' }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: 'Filters', exact: true }).isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('choosing a facet narrows the results and its counts agree with the list', async () => {
  const errors = [];
  const page = await open('', errors);
  await page.getByRole('checkbox', { name: /Lords/ }).check();
  await count(page).filter({ hasText: '5 results' }).waitFor();
  assert.match(page.url(), /house=lords/);
  const rows = await page.locator('.row').count();
  assert.equal(rows, 5);
  const memberCounts = await page.locator('#facet-member .count').allInnerTexts();
  assert.equal(memberCounts.map((t) => parseInt(t, 10)).reduce((a, b) => a + b, 0), 5);
  await page.getByRole('button', { name: 'Remove filter Lords' }).click();
  await count(page).filter({ hasText: '30 results' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a facet value ticked from the keyboard keeps the focus, though the values around it change', async () => {
  const errors = [];
  const page = await open('', errors);
  const names = () => page.locator('#facet-member .facet-name').allInnerTexts();
  const before = await names();
  // A member down the list: ticking them leaves the list of members with them alone.
  const box = page.locator('#facet-member input[type=checkbox]').nth(3);
  const name = await box.evaluate((b) => b.closest('label').querySelector('.facet-name').textContent);
  await box.focus();
  await page.keyboard.press('Space');
  await page.waitForURL(/member=/);
  await page.waitForFunction((b) => document.querySelectorAll('#facet-member li').length !== b, before.length);
  assert.notDeepEqual(await names(), before, 'the list of members changed');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el?.type === 'checkbox' ? [el.closest('label').querySelector('.facet-name').textContent, el.checked] : el?.tagName;
  });
  assert.deepEqual(focused, [name, true], 'the focus stays on the value ticked');
  // Space again unticks the same value.
  await page.keyboard.press('Space');
  await count(page).filter({ hasText: '30 results' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a filter removed from the keyboard leaves the focus on the next filter, and the last on the search box', async () => {
  const errors = [];
  const page = await open('?house=lords&party=labour&dept=home-office', errors);
  const chips = page.locator('.chips button.chip');
  await chips.first().waitFor();
  const labels = await chips.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
  assert.equal(labels.length, 3, labels.join(', '));
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);
  await chips.first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.chips button.chip').length === 2);
  assert.equal(await focused(), labels[1], 'the next filter has the focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.chips button.chip').length === 1);
  assert.equal(await focused(), labels[2]);
  await page.keyboard.press('Enter');
  await page.locator('.chips').waitFor({ state: 'detached' });
  assert.equal(await focused(), 'q', 'the search box has the focus once no filter is left');
  await count(page).filter({ hasText: '30 results' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the month chart is one stop for the Tab key, its arrow keys move between months, and a month chosen keeps the focus', async () => {
  const errors = [];
  const page = await open('?q=police', errors);
  await count(page).filter({ hasText: '25 results' }).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent.trim());
  const onBar = () => page.evaluate(() => document.activeElement?.matches('.bar-chart g.bar') ?? false);
  assert.equal(await page.locator('.bar-chart svg').getAttribute('role'), 'toolbar');
  // From the sort order, Tab reaches the chart's first month, and the next Tab leaves the chart
  // for the first result, past the other five months.
  await page.locator('.sort select').focus();
  for (let i = 0; i < 3 && !(await onBar()); i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Jan 2025: 6');
  await page.keyboard.press('Tab');
  assert.equal(await onBar(), false);
  assert.ok(await page.evaluate(() => document.activeElement?.closest('.row') !== null), await focused());
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Jan 2025: 6');
  const moves = [];
  for (const key of ['ArrowRight', 'ArrowRight', 'End', 'ArrowRight', 'Home', 'ArrowLeft', 'ArrowRight']) {
    await page.keyboard.press(key);
    moves.push(await focused());
  }
  assert.deepEqual(moves, ['Feb 2025: 4', 'Mar 2025: 2', 'Jun 2025: 5', 'Jun 2025: 5', 'Jan 2025: 6', 'Jan 2025: 6', 'Feb 2025: 4']);
  // Enter chooses the month; its bar keeps the focus as the months around it go, and stays the
  // chart's Tab stop.
  await page.keyboard.press('Enter');
  await page.waitForURL(/from=2025-02&to=2025-02/);
  await count(page).filter({ hasText: '4 results' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.bar-chart g.bar').length === 1);
  assert.equal(await focused(), 'Feb 2025: 4');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Feb 2025: 4');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a chosen facet value that no result has keeps its name and stays ticked', async () => {
  const errors = [];
  const page = await open('?q=zzqxv&house=lords&party=labour&dept=home-office', errors);
  await count(page).filter({ hasText: 'No results' }).waitFor();
  for (const [facet, name] of [['house', 'Lords'], ['party', 'Labour'], ['department', 'Home Office']]) {
    const item = page.locator(`#facet-${facet} li`);
    assert.equal(await item.count(), 1, facet);
    assert.equal(await item.locator('.facet-name').innerText(), name);
    assert.equal(await item.locator('input').isChecked(), true);
  }
  // Unticked, the value leaves the list: nothing has it.
  await page.getByRole('checkbox', { name: /Labour/ }).click();
  await page.waitForURL((url) => !url.search.includes('party='));
  assert.equal(await page.locator('#facet-party li').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('opening a result shows the answer and the questions that share it', async () => {
  const errors = [];
  const page = await open('?q=%22machine+learning%22', errors);
  await count(page).filter({ hasText: '1 result' }).waitFor();
  await page.locator('.row-title a').first().click();
  await page.getByRole('heading', { name: 'Answer', exact: true }).waitFor();
  assert.match(await page.locator('.answered-by').innerText(), /Diana Johnson, Minister of State/);
  const shared = page.getByRole('heading', { name: 'The same answer was given to 3 other questions' });
  await shared.waitFor();
  assert.equal(await page.locator('.related').first().locator('li').count(), 3);
  // The member's other questions under the same heading leave out those listed above.
  const sameHeading = page.locator('section[aria-labelledby="same-heading"] li');
  const sameHeadingDates = await sameHeading.evaluateAll((lis) => lis.map((li) => li.querySelector('.meta').innerText));
  assert.deepEqual(sameHeadingDates, [' — Clive Lewis, 2025-03-13', ' — Clive Lewis, 2025-03-13']);
  assert.match(await page.title(), /Question q-/);
  await screenshot(page, 'question');
  await page.locator('.related').first().locator('li a').first().click();
  await page.getByRole('heading', { name: 'The same answer was given to 3 other questions' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a member page shows a bar for each month they asked in and their questions', async () => {
  const errors = [];
  const page = await open('?view=members', errors);
  await page.getByRole('link', { name: 'Clive Lewis' }).click();
  await page.getByRole('heading', { name: 'Clive Lewis' }).waitFor();
  const bars = page.locator('.bar-chart g.bar');
  assert.equal(await bars.count(), 4, 'March to June 2025');
  const labels = await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
  assert.deepEqual(labels, ['Mar 2025: 2', 'Apr 2025: 2', 'May 2025: 1', 'Jun 2025: 5']);
  assert.equal(await page.locator('.question-list li').count(), 10);
  // Five of the ten share the heading "Police: Artificial Intelligence": each of those says what
  // it asks, without its formal opening, so they can be told apart; the others need not.
  const gists = await page.locator('.question-list li').evaluateAll((items) =>
    items.map((li) => [li.querySelector('a').innerText, li.querySelector('.gist')?.innerText ?? null]));
  const police = gists.filter(([title]) => title === 'Police: Artificial Intelligence');
  assert.equal(police.length, 5);
  assert.equal(new Set(police.map(([, gist]) => gist)).size, 5, JSON.stringify(police));
  assert.ok(police.every(([, gist]) => gist && !gist.startsWith('To ask')), JSON.stringify(police));
  assert.ok(police.some(([, gist]) => gist.startsWith('whether the deployment of AI systems')), JSON.stringify(police));
  assert.ok(gists.filter(([title]) => title !== 'Police: Artificial Intelligence').every(([, gist]) => gist === null));
  await bars.nth(3).click();
  await page.getByRole('heading', { name: 'Questions in 2025-06 (5)' }).waitFor();
  assert.equal(await page.locator('.question-list li').count(), 5);
  // A bar is a button for the keyboard too: Enter or Space on the focused bar chooses it.
  await bars.nth(0).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Questions in 2025-03 (2)' }).waitFor();
  await bars.nth(1).focus();
  await page.keyboard.press(' ');
  await page.getByRole('heading', { name: 'Questions in 2025-04 (2)' }).waitFor();
  await bars.nth(3).click();
  await page.getByRole('heading', { name: 'Questions in 2025-06 (5)' }).waitFor();
  await screenshot(page, 'member');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the members directory lists every asker, sorts by date with the undated last and filters by house', async () => {
  const errors = [];
  const page = await open('?view=members', errors);
  await page.locator('.members tbody tr').first().waitFor();
  assert.equal(await page.locator('.members tbody tr').count(), 9);
  // Sorted by the first question's date either way, the one dated member stays above the undated.
  const firstRow = () => page.locator('.members tbody tr th').first().innerText();
  await page.getByRole('button', { name: 'First' }).click();
  await page.locator('th[aria-sort="descending"]', { hasText: 'First' }).waitFor();
  assert.equal(await firstRow(), 'Clive Lewis');
  await page.getByRole('button', { name: 'First' }).click();
  await page.locator('th[aria-sort="ascending"]', { hasText: 'First' }).waitFor();
  assert.equal(await firstRow(), 'Clive Lewis');
  await page.getByLabel('House').selectOption('lords');
  await page.getByText('4 of 9 members').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('press releases are listed by month and open with their quotes', async () => {
  const errors = [];
  const page = await open('?view=press', errors);
  await page.getByRole('heading', { name: 'February 2025' }).waitFor();
  assert.equal(await page.locator('.press-list li').count(), 10);
  await page.getByRole('link', { name: 'Home Secretary hosts summit on mobile phone theft' }).click();
  await page.locator('.quote figcaption').first().waitFor();
  assert.equal(await page.locator('.quote figcaption').first().innerText(), 'Home Secretary Yvette Cooper');
  assert.equal(await page.locator('.quote').count(), 5);
  await screenshot(page, 'press-release');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a shared address reproduces the same view in a fresh browser', async () => {
  const shared = '?q=police&party=labour&sort=oldest';
  const first = await open(shared);
  await count(first).filter({ hasText: /results/ }).waitFor();
  const expected = await first.locator('.row-title').allInnerTexts();
  // A window of the same size, which draws as many rows.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await context.newPage();
  await fresh.goto(app.server.url + shared);
  await fresh.locator('.row-title').first().waitFor();
  assert.deepEqual(await fresh.locator('.row-title').allInnerTexts(), expected);
  assert.equal(await fresh.locator('select').inputValue(), 'oldest');
  await context.close();
  await first.close();
});

test('back and forward move between views', async () => {
  const page = await open('');
  await page.getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByRole('heading', { name: 'Members' }).waitFor();
  // The seeds' records are whole pages, not the API's snapshots: no note on what is answered.
  assert.doesNotMatch(await page.locator('.members').innerText(), /as they stood when they were fetched/);
  await page.getByRole('link', { name: 'Timeline' }).click();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Members' }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.close();
});

test('the keyboard alone goes from search to an answer and back', async () => {
  const errors = [];
  const page = await open('', errors);
  await page.locator('body').press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.type('taser ');
  await count(page).filter({ hasText: '1 result' }).waitFor();
  await page.locator('#q').blur();
  await page.keyboard.press('j');
  await page.locator('.row.selected').waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Stun Guns' }).waitFor();
  await page.goBack();
  await count(page).filter({ hasText: '1 result' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('bad address parameters are ignored with a notice, not a crash', async () => {
  const errors = [];
  const page = await open('?q=ai&kind=spam&view=question:nope&colour=red', errors);
  await page.getByRole('heading', { name: 'Question not found' }).waitFor();
  await page.goto(app.server.url + '?q=ai&kind=spam&colour=red');
  await page.getByText('Ignored in the address: kind=spam, colour=red').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a comparison of members opens from a shared address and grows from the member page', async () => {
  const errors = [];
  const page = await open('?view=compare:clive-lewis,baroness-jones-of-moulsecoomb', errors);
  await page.getByRole('heading', { name: 'Compare members' }).waitFor();
  const columns = page.locator('.compare-column h3');
  assert.deepEqual(await columns.allInnerTexts(), ['Clive Lewis', 'Baroness Jones of Moulsecoomb']);
  assert.deepEqual(await page.locator('.legend li').allInnerTexts(), ['Clive Lewis', 'Baroness Jones of Moulsecoomb']);
  assert.match(await page.locator('.compare-column').first().innerText(), /Questions\s+10/);
  await page.getByLabel('Add a member').selectOption('jeff-smith');
  await columns.nth(2).waitFor();
  assert.match(page.url(), /view=compare:clive-lewis%2Cbaroness-jones-of-moulsecoomb%2Cjeff-smith|view=compare:clive-lewis,baroness-jones-of-moulsecoomb,jeff-smith/);
  await screenshot(page, 'compare');
  await page.goto(app.server.url + '?view=member:jeff-smith');
  await page.getByRole('link', { name: 'Compare with other members' }).click();
  await page.getByRole('heading', { name: 'Compare members' }).waitFor();
  assert.deepEqual(await columns.allInnerTexts(), ['Jeff Smith']);
  // The chart's legend follows the columns, not the members' sizes (2 questions before 10).
  await page.goto(app.server.url + '?view=compare:jeff-smith,clive-lewis');
  await columns.nth(1).waitFor();
  assert.deepEqual(await page.locator('.legend li').allInnerTexts(), ['Jeff Smith', 'Clive Lewis']);
  assert.deepEqual(errors, []);
  await page.close();
});
