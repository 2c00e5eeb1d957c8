// Siaga110 service worker: precaches the app shell, the WebAssembly, the styles and all the data,
// so that after the first visit everything works offline. The cache is named after the build;
// a new build installs beside the old one, waits until the page says so (the user chooses when
// to reload), then deletes the old caches. Generated from sw.template.js by tools/sw-build.mjs.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `siaga110-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('siaga110-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
      const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
      if (hit) return hit;
      return fetch(request);
    })(),
  );
});
