// A smoke run of the benchmark harness on 1,000 records (figures are not checked; benchmarks
// are `make bench`): it must run, and every JavaScript engine must return exactly our result
// set for every boolean query it supports; the corpus's bundle opens, and the app on it, which
// is typed into, as is a page with only a text field; a bundle named alone is opened and
// searched, with the same text as its JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

test('the side-by-side benchmark runs and the engines agree on 1,000 records', async () => {
  const { stdout } = await run('node', ['bench/browser.mjs', '--repeats', '2', '--dry-run',
    '--app', 'target/e2e/synth-1000.pqx', 'target/e2e/synth-1000.json', 'target/e2e/synth-1000.pqx'], {
    cwd: root,
    timeout: 240_000,
  });
  assert.match(stdout, /\| pq-explorer \|/);
  for (const peer of ['MiniSearch', 'FlexSearch \\(count all\\)', 'Orama']) assert.match(stdout, new RegExp(`\\| ${peer} \\|`));
  assert.match(stdout, /Every peer returned exactly our result set/);
  // The bundle alone: our engine on what it opened, finding what the JSON's index found.
  const json = /### synth-1000\.json: 1,000 documents, ([\d.]+) MB of text[^]*?Matches per query \(ours\): ([^\n]*)/.exec(stdout);
  const bundle = /### synth-1000\.pqx: 1,000 documents, ([\d.]+) MB of text; asset [\d.]+ MB \(a bundle\)[^]*?\| pq-explorer \(its bundle opened\) \|[^]*?The bundle opened as the app opens one[^]*?Matches per query \(ours\): ([^\n]*)/.exec(stdout);
  assert.ok(json && bundle, stdout);
  assert.deepEqual(bundle.slice(1), json.slice(1));
  // The bundle beside the JSON opens, and the app opens it too.
  assert.match(stdout, /Its bundle \(`pqx bundle`, [\d.]+ MB\) opened as the app opens one/);
  assert.match(stdout, /The app on synth-1000\.pqx\s+Navigation → first results: [\d.]+ ms/);
  // The load's long tasks are counted (the page can neither paint nor take a key during one).
  assert.match(stdout, /the load's longest task [\d.]+ ms \(\d+ tasks? of 50 ms or more\)/);
  assert.match(stdout, /; wasm memory once loaded [\d.]+ MB/);
  // Keystroke → the paint of its query's rows: the paint that shows the character when the
  // results region is not busy then, else the first paint once it is no longer busy.
  assert.match(stdout, /keystroke → the paint of its query's rows over [1-9]\d* searches/);
  // Three queries typed, 104 keystrokes, and the same typed into a page with only a text field.
  assert.match(stdout, /Keystroke → next paint over 104 keystrokes: p50/);
  assert.match(stdout, /### The browser's floor\s+Keystroke → next paint over 104 keystrokes in a page with one text field and nothing else/);
});
