// Van freshness: a newer fix is applied, an older one ignored; of two views the fresher wins.
import { describe, expect, it } from 'vitest';
import type { VanDto, VanPosition } from '../api/types';
import { fresherVan, withFix } from './van-fix';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function van(over: Partial<VanDto> = {}): VanDto {
  return {
    id: 'van-1',
    name: '1号车',
    status: 'assigned',
    lat: 35.597,
    lng: 116.99,
    lastSeen: iso(T0),
    ...over,
  };
}

describe('van fixes', () => {
  it('applies a newer fix of the van and ignores an older one', () => {
    const fix: VanPosition = {
      id: 'van-1',
      lat: 35.6,
      lng: 117,
      heading: 90,
      status: 'en_route',
      ts: iso(T0 + 1000),
    };
    expect(withFix(van(), fix)).toEqual({
      ...van(),
      lat: 35.6,
      lng: 117,
      heading: 90,
      status: 'en_route',
      lastSeen: iso(T0 + 1000),
    });
    expect(withFix(van({ lastSeen: iso(T0 + 2000) }), fix)).toBeUndefined();
    expect(withFix(van({ lastSeen: undefined }), fix)?.lat).toBe(35.6);
  });

  it('keeps the fresher of two views of the van', () => {
    const older = van({ lastSeen: iso(T0) });
    const newer = van({ lat: 35.7, lastSeen: iso(T0 + 1) });
    expect(fresherVan(older, newer)).toBe(newer);
    expect(fresherVan(newer, older)).toBe(newer);
    expect(fresherVan(undefined, older)).toBe(older);
    expect(fresherVan(van({ lastSeen: undefined }), older)).toBe(older);
  });
});
