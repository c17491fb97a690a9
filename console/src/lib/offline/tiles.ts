// Which requests are map tiles, from the tile URL template the console was built with
// (VITE_TILE_URL, e.g. https://{s}.tiles.example/{z}/{x}/{y}.png): the service worker keeps the
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
