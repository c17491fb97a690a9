// Which requests are map tiles, from the server's tile URL template (TILE_URL, e.g.
// https://{s}.tiles.example/{z}/{x}/{y}.png): the service worker keeps the tiles it has seen, so the
// map around a job still draws in a basement. The page tells the worker the template.

/** The message type the page posts to the service worker: `{type, template}` ('' = no tiles). */
export const TILE_TEMPLATE_MESSAGE = 'redsail:tile-template';

/** Tells the service worker (once it controls the page) which URLs are tiles; a no-op without one. */
export function tellServiceWorkerTiles(template: string | undefined): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((reg) => reg.active?.postMessage({ type: TILE_TEMPLATE_MESSAGE, template: template ?? '' }))
    .catch(() => undefined);
}

const PLACEHOLDER = /\{(s|z|x|y|r|-y)\}/g;

/** A matcher for URLs of the template, or undefined when there is no template (no tiles at all). */
export function tileMatcher(template: string | undefined): ((url: string) => boolean) | undefined {
  const t = template?.trim();
  if (!t) return undefined;
  const parts = t.split(PLACEHOLDER);
  // split with a capture group alternates text, placeholder name, text, ...
  const source = parts
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (part === 's') return '[a-z0-9-]+';
      if (part === 'r') return '(?:@2x)?';
      return '-?\\d+';
    })
    .join('');
  const re = new RegExp(`^${source}(?:[?#].*)?$`);
  return (url) => re.test(url);
}
