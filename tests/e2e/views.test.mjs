// Every view, at desktop (1280×800) and phone (390×844) sizes: a screenshot in test-output/ for
// a person to look at, no sideways scrolling, and axe-core's accessibility rules with no serious
// or critical violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useApp, newPage, screenshot } from './harness.mjs';

const app = useApp();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Each view: its address, and something that is only there once it has rendered. */
const views = [
  ['search', '', '.corpus-summary'],
  ['search-query', '?q=police+palantir&party=labour', '.result-list .row'],
  ['question', '?view=question:q-2c2f6c0a50adb390', '.answer'],
  ['members', '?view=members', 'main h2'],
  ['member', '?view=member:clive-lewis', '.bar-chart'],
  ['compare', '?view=compare:clive-lewis,baroness-jones-of-moulsecoomb', '.compare-column'],
  ['press', '?view=press', 'main h2'],
  ['press-release', '?view=press:pr-2025-02-home-secretary-hosts-summit-on-mobile-phone-theft', 'main h2'],
  ['timeline', '?view=timeline', '.bar-chart'],
  ['import', '?view=import', 'main h2'],
  ['not-found', '?view=question:HL00000', 'main h2'],
];

/** Runs axe-core in the page (evaluated, so the page's CSP does not apply) and returns the
 * serious and critical violations, one line each. */
async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

for (const [size, viewport] of Object.entries(sizes)) {
  test(`every view at ${size} size: screenshot, no sideways scroll, no serious accessibility violation`, async () => {
    const errors = [];
    const page = await newPage(app.browser, errors, viewport);
    const problems = [];
    for (const [name, path, ready] of views) {
      await page.goto(app.server.url + path);
      await page.locator(ready).first().waitFor();
      await screenshot(page, `${size}-${name}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${name}: scrolls sideways by ${overflow}px`);
      for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
