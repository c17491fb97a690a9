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
import { tileMatcher, tileTemplateOf } from './lib/offline/tiles';
import { installPush } from './sw/push';

declare const self: ServiceWorkerGlobalScope;

/** Paths that belong to the server, never to the console (as server/src/http/console.ts). */
const SERVER_PATHS = /^\/(api|socket\.io|metrics|mqtt|open311)(\/|$)/;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [SERVER_PATHS] }));

// The tile template is the server's (TILE_URL), set at run time: learnt from the page's own GET
// /api/map-config as it passes (the answer itself is not cached), and remembered in Cache Storage
// so a restarted worker offline still knows which requests are tiles.
const TEMPLATE_CACHE = 'redsail-tiles-template';
const TEMPLATE_KEY = '/__redsail/tile-template';
let isTile: ((url: string) => boolean) | undefined;
const remembered = caches
  .open(TEMPLATE_CACHE)
  .then((c) => c.match(TEMPLATE_KEY))
  .then(async (r) => {
    isTile ??= tileMatcher(r ? await r.text() : undefined);
  })
  .catch(() => {});

function learnTemplate(template: string | undefined): void {
  isTile = tileMatcher(template);
  void caches
    .open(TEMPLATE_CACHE)
    .then(async (c) => {
      if (template) await c.put(TEMPLATE_KEY, new Response(template));
      else await c.delete(TEMPLATE_KEY);
    })
    .catch(() => {});
}

registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === '/api/map-config',
  async ({ request }) => {
    const res = await fetch(request);
    if (res.ok)
      void res
        .clone()
        .json()
        .then((body: unknown) => learnTemplate(tileTemplateOf(body)))
        .catch(() => {});
    return res;
  },
);

const tiles = new CacheFirst({
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
});
registerRoute(
  ({ request, url }) =>
    request.destination === 'image' &&
    url.origin !== self.location.origin &&
    isTile !== undefined &&
    isTile(url.href),
  async (options) => {
    await remembered;
    return tiles.handle(options);
  },
);

installPush(self);

// A new build takes over at once: the precache holds the whole new console, and the page's own
// data (the outbox, the snapshot) lives in IndexedDB, not in the caches this replaces.
void self.skipWaiting();
clientsClaim();
