// Site markers: one distinct icon per kind, and the tooltip lines of a site.
import { describe, expect, it } from 'vitest';
import type { SiteDto } from '../api/types';
import { SITE_ICON, siteLines } from './site-marker';

const labels = { kind: 'Red sail station', phone: (p: string) => `Phone ${p}` };
const base: SiteDto = {
  id: 'station-gongbao',
  kind: 'station',
  name: '红帆驿站（工保小区）',
  lat: 35.6,
  lng: 116.98,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('site markers', () => {
  it('draws each kind with its own inline SVG, hidden from screen readers', () => {
    expect(SITE_ICON.station.html).not.toBe(SITE_ICON.depot.html);
    for (const icon of Object.values(SITE_ICON)) {
      expect(icon.html).toMatch(/^<svg [^>]*aria-hidden="true"/);
      expect(icon.html).toContain(`width="${icon.size}"`);
    }
  });

  it('says only the kind when nothing more is known', () => {
    expect(siteLines(base, undefined, labels)).toStrictEqual(['Red sail station']);
  });

  it('adds the compound, the address and the phone, in that order', () => {
    const full = { ...base, compoundId: 'gongbao', address: '龙虎社区', phone: '0537-4412345' };
    expect(siteLines(full, '工保小区', labels)).toStrictEqual([
      'Red sail station · 工保小区',
      '龙虎社区',
      'Phone 0537-4412345',
    ]);
  });
});
