// Site markers without Leaflet: the icon of each kind (inline SVG) and the lines of a site's tooltip.
import type { SiteDto } from '../api/types';

export type SiteKind = SiteDto['kind'];

const RED = '#c0392b'; // the brand red (--brand)
const SLATE = '#3f5060';

/** A red sail on a small hull, in a white disc ringed with the brand red. */
const STATION_SVG =
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">' +
  `<circle cx="12" cy="12" r="10.5" fill="#fff" stroke="${RED}" stroke-width="1.75"/>` +
  `<path d="M11.6 4.8v10.6" stroke="${SLATE}" stroke-width="1.2"/>` +
  `<path d="M11 5.6V14.4H5.8Z" fill="${RED}"/>` +
  `<path d="M12.3 7.2V14.4H16.9Z" fill="${RED}" opacity=".75"/>` +
  `<path d="M5.4 15.6H18.6L16.6 18.6H7.4Z" fill="${SLATE}"/></svg>`;

/** A garage (roof over a roller door) on a slate square: where the vans wait. */
const DEPOT_SVG =
  '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">' +
  `<rect x="1.5" y="1.5" width="21" height="21" rx="4" fill="${SLATE}" stroke="#fff" stroke-width="1.5"/>` +
  '<path d="M5 11L12 5.5L19 11" fill="none" stroke="#fff" stroke-width="1.8" ' +
  'stroke-linejoin="round" stroke-linecap="round"/>' +
  '<path d="M7 10.5V18.5H17V10.5" fill="none" stroke="#fff" stroke-width="1.5"/>' +
  '<path d="M9 13.5H15M9 15.5H15M9 17.5H15" stroke="#fff" stroke-width="1.1"/></svg>';

/** Icon markup and its square size in pixels, per kind: a round red badge vs a square slate one. */
export const SITE_ICON: Record<SiteKind, { html: string; size: number }> = {
  station: { html: STATION_SVG, size: 24 },
  depot: { html: DEPOT_SVG, size: 26 },
};

export interface SiteLabels {
  /** The kind in words, e.g. 红帆驿站. */
  kind: string;
  /** The phone line, e.g. 电话 0537-4412345. */
  phone: (phone: string) => string;
}

/** The tooltip's lines under the name: kind (· compound), then the address and phone when known. */
export function siteLines(site: SiteDto, compoundName: string | undefined, labels: SiteLabels): string[] {
  const lines = [compoundName ? `${labels.kind} · ${compoundName}` : labels.kind];
  if (site.address) lines.push(site.address);
  if (site.phone) lines.push(labels.phone(site.phone));
  return lines;
}
