// Muelle's service worker: after one visit the whole site is in the cache and the page works
// with the network off. `cargo xtask dist` writes this file to dist/sw.js and fills in the two
// values below (the site's files and a version hashed from their contents). With the empty
// list (this template, as the dev server serves it) the worker caches and intercepts nothing.
'use strict';

const VERSION = 'dev'; // xtask: version
const FILES = []; // xtask: files

const CACHE = `muelle-${VERSION}`;
// Relative to this file, so the site works under any sub-path.
const BASE = new URL('./', self.location.href);
const URLS = FILES.map((f) => new URL(f, BASE).href);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      if (URLS.length === 0) return;
      const cache = await caches.open(CACHE);
      // `reload` skips the HTTP cache, so a new version never stores an old file.
      await cache.addAll(URLS.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('muelle-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || URLS.length === 0) return;
  const url = new URL(request.url);
  url.hash = '';
  url.search = '';
  const known = URLS.includes(url.href);
  const navigation = request.mode === 'navigate' && url.href.startsWith(BASE.href);
  if (!known && !navigation) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Cache first; a navigation to a page the site does not have gets index.html.
      const hit = (await cache.match(url.href)) ?? (navigation ? await cache.match(BASE.href) : undefined);
      return hit ?? fetch(request);
    })(),
  );
});
