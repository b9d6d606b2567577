// Factmark's service worker: keeps the app shell (the page, its hashed wasm, JS and CSS, the
// analysis worker, the manifest and icon) so Factmark opens and works with no network after the
// first visit. Pages are network-first (a new build is picked up when online); every other file
// is cache-first, since Trunk's hashed names change whenever their content does.
const CACHE = 'factmark-shell-v1';
// Files not named in index.html that the app loads later.
const EXTRA = [
  '/factmark-worker_loader.js', '/factmark-worker.js', '/factmark-worker_bg.wasm',
  '/manifest.webmanifest', '/icon.svg', '/icon-maskable.svg',
];

/** The same-origin files index.html refers to: the hashed wasm, JS and CSS Trunk wrote. */
function referencedFiles(html) {
  const found = html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']?(\/[\w./-]+\.(?:js|wasm|css|svg|webmanifest))/g);
  return [...new Set([...found].map((match) => match[1]))];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`index.html: HTTP ${response.status}`);
  const html = await response.clone().text();
  await cache.put('/', response);
  await cache.addAll(referencedFiles(html));
  // Optional files: a build without them still works online.
  await Promise.all(EXTRA.map((path) => cache.add(path).catch(() => undefined)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, kept under `key`; the kept one when offline. */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(key, response.clone());
      if (key === '/') {
        // Keep the files the new page needs, so going offline right after an update works too.
        const html = await response.clone().text();
        await Promise.all(referencedFiles(html).map((path) => cache.match(path).then((hit) => hit ?? cache.add(path))));
      }
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Trunk's hashed names (`name-0123456789abcdef.ext`) never change content; anything else may.
  // Trunk drops the hash's leading zeros, so it can be shorter than 16 digits.
  const hashed = /-[0-9a-f]{8,16}(_bg)?\.\w+$/.test(new URL(request.url).pathname);
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, '/'));
  else event.respondWith(hashed ? cacheFirst(request) : networkFirst(request, request));
});
