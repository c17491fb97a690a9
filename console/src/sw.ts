/// <reference lib="webworker" />
// The console's service worker (built by vite-plugin-pwa, injectManifest): every built file is
// precached, so /tech opens with no network; navigations get the precached index.html (the SPA
// fallback the server gives online); map tiles already seen are kept. The API and Socket.IO are
// never cached here — the technician page keeps its own data in IndexedDB (lib/offline/).
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { tileMatcher } from './lib/offline/tiles';
import { installPush } from './sw/push';

declare const self: ServiceWorkerGlobalScope;

/** Paths that belong to the server, never to the console (as server/src/http/console.ts). */
const SERVER_PATHS = /^\/(api|socket\.io|metrics|mqtt|open311)(\/|$)/;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [SERVER_PATHS] }));

const isTile = tileMatcher(import.meta.env.VITE_TILE_URL);
if (isTile) {
  registerRoute(
    ({ request, url }) => request.destination === 'image' && isTile(url.href),
    new CacheFirst({
      cacheName: 'redsail-tiles',
      plugins: [
        // Leaflet's tiles are no-cors images (opaque answers); keep a bounded number for a month.
        new ExpirationPlugin({ maxEntries: 3000, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true }),
        // Workbox keeps only 200s by default; an opaque tile (status 0) is kept too.
        {
          cacheWillUpdate: ({ response }) =>
            Promise.resolve(response.ok || response.type === 'opaque' ? response : null),
        },
      ],
    }),
  );
}

installPush(self);

// A new build takes over at once: the precache holds the whole new console, and the page's own
// data (the outbox, the snapshot) lives in IndexedDB, not in the caches this replaces.
void self.skipWaiting();
clientsClaim();
