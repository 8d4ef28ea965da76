// pq-explorer's early start: when the address names a corpus (?corpus=URL), its download starts
// here, while the app's wasm is still loading, and the app takes this response instead of asking
// again (ui/load.rs, `early_response`). Nothing else reads it. The promise never rejects: on a
// failure the app asks again itself, and says what went wrong.
// Like the app, it asks only for relative and http(s) addresses.
const named = new URLSearchParams(location.search).get('corpus');
let url = null;
try {
  url = named ? new URL(named, location.href) : null;
} catch {
  // An address that is not a URL: the app says so.
}
if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
  window.pqxEarlyCorpus = { url: url.href, response: fetch(url.href).catch(() => null) };
}
