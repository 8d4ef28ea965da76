// Hostile input: files and addresses whose text is made to run script if it were ever treated as
// markup. Every payload must show as inert text: no dialog, no script, no console error, no
// element it tries to create, and no sideways scroll from very long words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, newPage, screenshot } from './harness.mjs';

const app = useApp();

// Each payload calls alert() (a dialog the harness fails on) and sets window.pwned.
const payloads = [
  '<script>window.pwned=1;alert(1)</script>',
  '<img src=x onerror="window.pwned=2;alert(2)">',
  '<svg onload="window.pwned=3;alert(3)"><circle r=1 /></svg>',
  '<a href="javascript:window.pwned=4;alert(4)">click me</a>',
  '<iframe src="javascript:alert(5)"></iframe>',
  '<div onmouseover="alert(6)" style="position:fixed;inset:0">',
  '"><b onclick=alert(7)>broken <p <i>unclosed',
];
const odd = 'RTL \u202Eevil.exe\u202C override, zero\u200Bwidth\u200Djoiners\uFEFF, emoji 🏛️👩🏽‍⚖️🇬🇧';
const longName = `Sir ${'Verylongname'.repeat(850)}`; // over 10,000 characters
const longWord = 'x'.repeat(60_000);

const compactText = [
  `Asked by: ${longName} (Labour - ${payloads[1]})`,
  'Question to the Home Office:',
  `To ask the Secretary of State for the Home Department, about hostilemarker ${payloads.join(' ')} ${odd}`,
  `Answered by ${payloads[6]} - Minister of State (Home Office)`,
  `First answer paragraph ${payloads[0]} ${payloads[3]} https://example.org/"onmouseover="alert(8)`,
  `Second paragraph, one very long line: ${longWord}`,
  `Asked by: ${payloads[2]} (${payloads[4]} - Somewhere)`,
  `Question to the ${payloads[5]}:`,
  `To ask the Secretary of State, hostilemarker two ${odd}`,
].join('\n');

const apiJson = JSON.stringify([
  {
    value: {
      id: 999001,
      askingMemberId: 9001,
      askingMember: { id: 9001, name: `${payloads[0]}${longName}`, party: payloads[1], memberFrom: payloads[2] },
      house: 'Commons',
      dateTabled: '2024-07-30T00:00:00',
      uin: '99901',
      heading: `Hostilemarker heading ${payloads[2]} ${odd}`,
      questionText: `To ask hostilemarker ${payloads.join(' ')}`,
      answeringBodyName: `${payloads[3]} Department`,
      answeringMember: { id: 9002, name: payloads[6] },
      dateAnswered: '2024-08-02T00:00:00',
      answerText: `<p>Answer with <script>window.pwned=9;alert(9)</script> markup</p><p onclick="alert(10)">Second <a href="javascript:alert(11)">link</a> <img src=x onerror=alert(12)> ${odd}</p><div><p>unclosed <b>bold`,
      answerIsHolding: false,
      groupedQuestions: [payloads[0]],
    },
  },
]);

/** Elements the payloads try to create, anywhere in the document. */
async function injected(page) {
  return page.evaluate(() => {
    const found = [];
    const main = document.querySelector('main');
    for (const sel of ['script', 'iframe', 'img', 'svg[onload]', '[onerror]', '[onclick]', '[onmouseover]', 'a[href^="javascript:" i]', 'b', 'circle'])
      for (const el of main.querySelectorAll(sel)) found.push(el.outerHTML.slice(0, 80));
    if (window.pwned) found.push(`window.pwned = ${window.pwned}`);
    return found;
  });
}

async function expectInert(page, name) {
  assert.deepEqual(await injected(page), [], `${name}: no injected element`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name}: scrolls sideways by ${overflow}px`);
}

test('hostile text and API files import as inert text in every view', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url + '?view=import');
  await page.locator('#import-files').setInputFiles([
    { name: `${payloads[1]}.txt`, mimeType: 'text/plain', buffer: Buffer.from(compactText) },
    { name: 'hostile-api.json', mimeType: 'application/json', buffer: Buffer.from(apiJson) },
  ]);
  await page.getByRole('button', { name: /^Import 2 files/ }).click();
  await page.locator('#outcome-heading').waitFor();
  await screenshot(page, 'hostile-import');
  await expectInert(page, 'import outcome');

  // Imports live in the page, so move around by clicking, not by loading addresses.
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await page.locator('#q').fill('hostilemarker');
  await page.locator('#results-heading').filter({ hasText: /^3 results/ }).waitFor();
  await screenshot(page, 'hostile-results');
  await expectInert(page, 'results');

  // The question page shows the payloads as text.
  await page.locator('.result-list .row-title a', { hasText: 'Hostilemarker heading' }).click();
  await page.locator('.answer').waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(text.includes('<script>window.pwned=1;alert(1)</script>'), 'the script tag is shown as text');
  assert.ok(text.includes('evil.exe'), 'RTL text is shown');
  assert.ok(text.includes('👩🏽‍⚖️'), 'emoji are shown');
  assert.ok(text.includes('Answer with'), 'the answer HTML is read as text');
  await screenshot(page, 'hostile-question');
  await expectInert(page, 'API question');

  for (const name of ['Members', 'Timeline', 'Press releases']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await page.locator('main h2').first().waitFor();
    await expectInert(page, name);
  }
  // The member page of the 10,000-character name.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  await page.locator('main a', { hasText: 'Verylongname' }).first().click();
  await page.locator('.bar-chart').waitFor();
  await screenshot(page, 'hostile-member');
  await expectInert(page, 'member with a 10k-character name');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hostile address parameters are shown as text or ignored with a notice', async () => {
  const errors = [];
  const page = await newPage(app.browser, errors);
  const q = encodeURIComponent(payloads.join(' ') + odd);
  const addresses = [
    `?q=${q}`,
    `?view=question:${encodeURIComponent(payloads[1])}`,
    `?view=member:${encodeURIComponent(payloads[2])}`,
    `?view=press:${encodeURIComponent(payloads[0])}`,
    `?view=compare:${encodeURIComponent(payloads[3])},${encodeURIComponent(payloads[4])}`,
    `?party=${encodeURIComponent(payloads[1])}&dept=${encodeURIComponent(payloads[5])}&sel=${encodeURIComponent(payloads[0])}`,
    `?q=${'%E0%A4%A'.repeat(50)}&from=9999-99&to=${encodeURIComponent(payloads[0])}&%00=%00`,
    `?q=${'word '.repeat(1500)}`,
  ];
  for (const address of addresses) {
    await page.goto(app.server.url + address);
    await page.locator('main h2, main .count, #results-heading').first().waitFor();
    await expectInert(page, address.slice(0, 60));
  }
  // A corpus address that is not http(s) is refused before anything is fetched.
  for (const bad of ['javascript:alert(13)', 'data:application/json,{"questions":[]}']) {
    await page.goto(`${app.server.url}?corpus=${encodeURIComponent(bad)}`);
    await page.locator('.corpus-summary').waitFor();
    await page.getByText(`Ignored in the address: corpus=${bad}`).waitFor();
  }
  await screenshot(page, 'hostile-address');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the app runs under a Content-Security-Policy that refuses inline scripts', async () => {
  const html = await readFile(new URL('../../dist/index.html', import.meta.url), 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in the built page');

  const errors = [];
  const page = await newPage(app.browser, errors);
  await page.goto(app.server.url + '?q=police');
  await page.locator('.result-list .row').nth(1).waitFor();
  // Rows are placed through the CSSOM, which the policy allows.
  const tops = await page.locator('.result-list .row').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.offsetTop));
  assert.deepEqual(tops, [0, 124, 248]);
  // A script slipped into the page is refused.
  const refused = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.pwned = 1';
    document.body.append(script);
  }));
  assert.match(refused, /^script-src/);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
  await page.close();
});
