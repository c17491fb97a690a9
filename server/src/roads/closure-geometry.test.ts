import { describe, expect, it } from 'vitest';
import { closureBounds, segmentClosed } from './closure-geometry';
import type { ClosureArea } from './types';

// A north–south street segment 200 m long at lng 116.99 (1e-5° lng ≈ 0.905 m at this latitude).
const a = { lat: 35.597, lng: 116.99 };
const b = { lat: 35.598797, lng: 116.99 };
const point = (lng: number, lat: number, radiusM = 20): ClosureArea => ({
  id: 'c',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  radiusM,
});

describe('segmentClosed', () => {
  it('closes a segment that passes within the radius of a point, and not one beyond it', () => {
    expect(segmentClosed(a, b, point(116.99015, 35.598))).toBe(true); // ~13.6 m east
    expect(segmentClosed(a, b, point(116.9903, 35.598))).toBe(false); // ~27 m east
    expect(segmentClosed(a, b, point(116.9903, 35.598, 30))).toBe(true);
  });

  it('measures to the end of the segment, not to its infinite line', () => {
    expect(segmentClosed(a, b, point(116.99, 35.5995))).toBe(false); // ~78 m past b
    expect(segmentClosed(a, b, point(116.99, 35.59889))).toBe(true); // ~10 m past b
  });

  it('closes a segment that a closure line crosses, or runs beside within the radius', () => {
    const across: ClosureArea = {
      id: 'l',
      radiusM: 1,
      geometry: {
        type: 'LineString',
        coordinates: [
          [116.9899, 35.5975],
          [116.9901, 35.5975],
        ],
      },
    };
    expect(segmentClosed(a, b, across)).toBe(true);
    const beside: ClosureArea = {
      id: 'l',
      radiusM: 20,
      geometry: {
        type: 'LineString',
        coordinates: [
          [116.99015, 35.597],
          [116.99015, 35.5988],
        ],
      },
    };
    expect(segmentClosed(a, b, beside)).toBe(true);
    expect(segmentClosed(a, b, { ...beside, radiusM: 10 })).toBe(false);
  });
});

describe('closureBounds', () => {
  it('holds the geometry grown by the radius', () => {
    const box = closureBounds(point(116.99, 35.597, 100));
    expect(box.minLat).toBeCloseTo(35.597 - 100 / 111_320, 9);
    expect(box.maxLng).toBeGreaterThan(116.99 + 100 / 111_320);
    expect(box.minLng).toBeLessThan(116.99);
  });
});
