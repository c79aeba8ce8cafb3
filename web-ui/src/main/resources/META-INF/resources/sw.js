// Service worker for the app shell only: the static files are cached so the app opens instantly
// and offline shows the sign-in screen. API calls, the WebSocket and /session never touch the cache.

// Bump the version when the list changes; src/test/js/service-worker.test.mjs checks it names every file.
const SHELL_CACHE = 'cybernet-shell-v19';
const SHELL = [
  '/',
  '/index.html',
  '/css/app.css',
  '/js/api.js',
  '/js/app.js',
  '/js/chat-history.js',
  '/js/data-session.js',
  '/js/device-identity.js',
  '/js/receive-worker.js',
  '/js/files.js',
  '/js/hash-worker.js',
  '/js/key-directory.js',
  '/js/logic/call-history.js',
  '/js/logic/call-ui.js',
  '/js/logic/devices.js',
  '/js/logic/sequence.js',
  '/js/logic/catch-up.js',
  '/js/logic/chat-log.js',
  '/js/logic/sign-in.js',
  '/js/logic/transfer-progress.js',
  '/js/logic/transfer-resume.js',
  '/js/logic/relayed-message.js',
  '/js/logic/safety-number.js',
  '/js/logic/safety-qr.js',
  '/js/logic/sealed-signal.js',
  '/js/logic/validation.js',
  '/js/peer.js',
  '/js/screens/auth.js',
  '/js/screens/call-history.js',
  '/js/screens/call.js',
  '/js/screens/contacts.js',
  '/js/screens/conversation.js',
  '/js/screens/details.js',
  '/js/screens/devices.js',
  '/js/screens/email-preferences.js',
  '/js/screens/key-devices.js',
  '/js/screens/settings.js',
  '/js/screens/transfers.js',
  '/js/screens/verification.js',
  '/js/signal-sealer.js',
  '/js/signaling.js',
  '/js/sounds.js',
  '/js/store.js',
  '/js/ui/dialog.js',
  '/js/ui/dom.js',
  '/js/ui/messages.js',
  '/js/ui/notice.js',
  '/js/vendor/hash-wasm/sha256.umd.min.js',
  '/js/vendor/qrcode-generator/qrcode.js',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== SHELL_CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  const isShell =
    SHELL.includes(url.pathname) || url.pathname === '/verify-email' || url.pathname === '/reset-password';
  if (!isShell) return;
  // Network first, so a new release shows up at once; the cache answers when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && SHELL.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(SHELL_CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(SHELL.includes(url.pathname) ? event.request : '/index.html')),
  );
});
