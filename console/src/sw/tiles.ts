// The service worker's side of keeping map tiles: the tile URL template is the server's (TILE_URL, set
// at run time, GET /api/map-config), so the page tells the worker (`postMessage(tileTemplateMessage)`)
// and the worker keeps it in a cache entry, to know tiles again after it is stopped and started with no
// network. Tiles already seen are served from the cache first. Self-contained apart from the matcher.
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { TILE_TEMPLATE_MESSAGE, tileMatcher } from '../lib/offline/tiles';

const CONFIG_CACHE = 'redsail-config';
const TEMPLATE_KEY = '/__redsail/tile-template';
export const TILE_CACHE = 'redsail-tiles';

export function installTiles(self: ServiceWorkerGlobalScope): void {
  let isTile: ((url: string) => boolean) | undefined;
  const use = (template: string | undefined) => {
    isTile = tileMatcher(template);
  };
  // The template kept by an earlier run of the worker (none yet on a first install).
  const restored = caches
    .open(CONFIG_CACHE)
    .then((c) => c.match(TEMPLATE_KEY))
    .then(async (r) => {
      if (r && isTile === undefined) use(await r.text());
    })
    .catch(() => undefined);

  self.addEventListener('message', (event: ExtendableMessageEvent) => {
    const data = event.data as { type?: unknown; template?: unknown } | null;
    if (data?.type !== TILE_TEMPLATE_MESSAGE) return;
    const template = typeof data.template === 'string' ? data.template : '';
    use(template);
    event.waitUntil(
      restored.then(() => caches.open(CONFIG_CACHE).then((c) => c.put(TEMPLATE_KEY, new Response(template)))),
    );
  });

  registerRoute(
    ({ request, url }) => request.destination === 'image' && isTile !== undefined && isTile(url.href),
    new CacheFirst({
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
    }),
  );
}
