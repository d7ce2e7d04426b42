// The service worker: keeps a copy of the site so that the pages work
// offline after the first visit. The build (scripts/site.cmake) inlines the
// file lists and a version made from the files' SHA-256; a deployment with
// different bytes therefore has a different sw.js, which the browser installs
// as an update, and the old cache is deleted when the new one takes over.
// FILES (what the index, questionnaire and rubric pages need, the small
// engine included) are cached when the service worker installs; LATER (the
// analysis page, its modules, the full engine, the demo data) the first time
// a page fetches them, so that a student's phone never downloads the
// analysis engine and the analysis page works offline once it has been
// opened. Only the site's own files are cached; nothing is ever sent anywhere.
'use strict';

const VERSION = "__ASSESS_SITE_VERSION__";
const FILES = [/*__ASSESS_SITE_FILES__*/];
const LATER = new Set([/*__ASSESS_SITE_LATER__*/]);
const CACHE = `assess-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'no-cache' asks the server whether the browser's copy (the page
    // has just loaded most of these files) is still this version's, so that
    // a host that sends ETag or Last-Modified answers 304 instead of sending
    // the file a second time.
    await cache.addAll(FILES.map((f) => new Request(f, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('assess-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Query strings select content inside a page (?instrument=...), not files.
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    const res = await fetch(req);
    const file = new URL(req.url).pathname.slice(new URL(self.registration.scope).pathname.length);
    if (res.status === 200 && LATER.has(file)) {
      const url = new URL(req.url);
      url.search = '';
      // Not awaited: the page reads the response while the copy is written.
      event.waitUntil(cache.put(url.href, res.clone()).catch(() => {}));
    }
    return res;
  })());
});
