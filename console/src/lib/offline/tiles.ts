// Which requests are map tiles, from the server's tile URL template (TILE_URL, answered by GET
// /api/map-config, e.g. https://{s}.tiles.example/{z}/{x}/{y}.png): the service worker keeps the
// tiles it has seen, so the map around a job still draws in a basement.

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

/** The tile template in an answer of GET /api/map-config (read by the service worker as it passes). */
export function tileTemplateOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const url = (body as { tileUrl?: unknown }).tileUrl;
  return typeof url === 'string' && url.trim() ? url.trim() : undefined;
}
