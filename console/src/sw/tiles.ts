// The service worker's side of keeping map tiles. The tile template is the server's (TILE_URL), set at
// run time: learnt from the page's own GET /api/map-config as it passes (the answer itself is not
// cached), and remembered in Cache Storage so a restarted worker offline still knows which requests
// are tiles. Tiles already seen are served from the cache first.
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { tileMatcher, tileTemplateOf } from '../lib/offline/tiles';

const TEMPLATE_CACHE = 'redsail-tiles-template';
const TEMPLATE_KEY = '/__redsail/tile-template';
export const TILE_CACHE = 'redsail-tiles';

export function installTiles(self: ServiceWorkerGlobalScope): void {
  let isTile: ((url: string) => boolean) | undefined;
  const remembered = caches
    .open(TEMPLATE_CACHE)
    .then((c) => c.match(TEMPLATE_KEY))
    .then(async (r) => {
      isTile ??= tileMatcher(r ? await r.text() : undefined);
    })
    .catch(() => {});

  const learnTemplate = (template: string | undefined): void => {
    isTile = tileMatcher(template);
    void caches
      .open(TEMPLATE_CACHE)
      .then(async (c) => {
        if (template) await c.put(TEMPLATE_KEY, new Response(template));
        else await c.delete(TEMPLATE_KEY);
      })
      .catch(() => {});
  };

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
    cacheName: TILE_CACHE,
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
}
