// The service worker: keeps a copy of the whole site so that the pages work
// offline after the first visit. The build (scripts/site.cmake) inlines the
// file list and a version made from the files' SHA-256; a deployment with
// different bytes therefore has a different sw.js, which the browser installs
// as an update, and the old cache is deleted when the new one takes over.
// Only the site's own files are cached; nothing is ever sent anywhere.
'use strict';

const VERSION = "__ASSESS_SITE_VERSION__";
const FILES = [/*__ASSESS_SITE_FILES__*/];
const CACHE = `assess-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' skips the HTTP cache so that the copy matches this version.
    await cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })));
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
    return fetch(req);
  })());
});
