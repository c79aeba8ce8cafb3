// Service worker for the app shell only: the static files are cached so the app opens instantly
// and offline shows the sign-in screen. API calls, the WebSocket and /session never touch the cache.

const SHELL_CACHE = 'cybernet-shell-v1';
const SHELL = [
  '/', '/index.html', '/css/app.css', '/js/app.js', '/js/api.js', '/js/signaling.js', '/js/peer.js',
  '/js/files.js', '/js/sha256.js', '/js/hash-worker.js', '/js/sounds.js', '/manifest.webmanifest', '/icons/icon-192.png',
  '/icons/icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== SHELL_CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  const isShell = SHELL.includes(url.pathname) || url.pathname === '/verify-email' || url.pathname === '/reset-password';
  if (!isShell) return;
  // Network first, so a new release shows up at once; the cache answers when offline.
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok && SHELL.includes(url.pathname)) {
        const copy = response.clone();
        caches.open(SHELL_CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(SHELL.includes(url.pathname) ? event.request : '/index.html')));
});
