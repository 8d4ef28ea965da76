// pq-explorer's service worker: after a first visit the app and its corpus work offline.
// Network first (so a new build or corpus is used as soon as it is online), the cache when the
// network fails. The build id is stamped in by Trunk's post-build hook, so each build gets a
// fresh cache and the previous one is deleted, as are the previous build's saved copies of
// corpora (early.js), whose index this build may make differently.
//
// A corpus file other than the app's own (`?corpus=` names it: any other .json or .pqx) goes
// to the network untouched. Passed through the worker and kept, a 286 MB file came 0.5–1.1 s
// later and took its size again in storage, and Chromium keeps no entry above some 300 MB;
// a corpus JSON's offline copy is the saved copy early.js keeps.
const CACHE = 'pq-explorer-__BUILD__';
const SAVED = 'pq-explorer-saved-__BUILD__';
/** The app's own corpus, which the worker keeps like the rest of the app. */
const OWN_CORPUS = new URL('./corpus.json', self.location.href).href;

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', './corpus.json'])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE && key !== SAVED).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/\.(json|pqx)$/.test(url.pathname) && url.href !== OWN_CORPUS) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(request, { ignoreSearch: request.mode === 'navigate' })
          .then((cached) => cached ?? caches.match('./')),
      ),
  );
});
