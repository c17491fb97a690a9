/// <reference lib="webworker" />
// The console's service worker (built by vite-plugin-pwa, injectManifest): every built file is
// precached, so /tech opens with no network; navigations get the precached index.html (the SPA
// fallback the server gives online); map tiles already seen are kept (sw/tiles.ts). The API and
// Socket.IO are never cached here — the technician page keeps its own data in IndexedDB (lib/offline/).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { installPush } from './sw/push';
import { installTiles } from './sw/tiles';

declare const self: ServiceWorkerGlobalScope;

/** Paths that belong to the server, never to the console (as server/src/http/console.ts). */
const SERVER_PATHS = /^\/(api|socket\.io|metrics|mqtt|open311)(\/|$)/;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [SERVER_PATHS] }));

installTiles(self);
installPush(self);

// A new build takes over at once: the precache holds the whole new console, and the page's own
// data (the outbox, the snapshot) lives in IndexedDB, not in the caches this replaces.
void self.skipWaiting();
clientsClaim();
