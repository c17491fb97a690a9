// The map's home area, its minimum zoom and the remembered legend.
import { describe, expect, it } from 'vitest';
import {
  boxOf,
  cityBox,
  fitTarget,
  fitZoom,
  homeArea,
  MIN_ZOOM_CEILING,
  MIN_ZOOM_FLOOR,
  minZoomFor,
  pad,
  sameBox,
} from './home-view';
import { legendOpen, rememberLegend } from './legend-state';

const QUFU: [number, number] = [35.5967, 116.9912];

describe('home area', () => {
  it('is the city square around the centre, 16 km a side', () => {
    const b = cityBox(QUFU);
    expect((b.north - b.south) * 111.32).toBeCloseTo(16, 5);
    expect((b.east - b.west) * 111.32 * Math.cos((QUFU[0] * Math.PI) / 180)).toBeCloseTo(16, 5);
  });

  it('grows to hold everything on the map, and no less than the city', () => {
    const city = cityBox(QUFU);
    expect(homeArea(QUFU, [])).toEqual(city);
    expect(homeArea(QUFU, [[35.6, 117]])).toEqual(city);
    const far = homeArea(QUFU, [[36.2, 117.5]]);
    expect(far.north).toBe(36.2);
    expect(far.east).toBe(117.5);
    expect(far.south).toBe(city.south);
  });

  it('boxes points, skipping ones without a position', () => {
    expect(boxOf([])).toBeUndefined();
    expect(
      boxOf([
        [1, 2],
        [NaN, 3],
        [-1, 5],
      ]),
    ).toEqual({ south: -1, west: 2, north: 1, east: 5 });
    expect(pad({ south: 0, west: 0, north: 2, east: 4 }, 0.5)).toEqual({
      south: -1,
      west: -2,
      north: 3,
      east: 6,
    });
    expect(sameBox(cityBox(QUFU), cityBox(QUFU))).toBe(true);
    expect(sameBox(cityBox(QUFU), undefined)).toBe(false);
  });
});

describe('fit all', () => {
  it('fits every point, or goes to the home view when there is none', () => {
    const home = { center: QUFU, zoom: 15 };
    expect(fitTarget([], home)).toEqual(home);
    expect(
      fitTarget(
        [
          [35.59, 116.99],
          [35.6, 117],
        ],
        home,
      ),
    ).toEqual({ box: { south: 35.59, west: 116.99, north: 35.6, east: 117 } });
  });
});

describe('minimum zoom', () => {
  it('is the zoom at which the city fills the view: 12.5 for a 1400×940 map (1920×1080 page)', () => {
    const city = cityBox(QUFU);
    const z = fitZoom(city, 1400, 940);
    expect(z).toBeGreaterThan(12.5);
    expect(z).toBeLessThan(13);
    expect(minZoomFor(city, 1400, 940)).toBe(12.5);
    // One step out the city would no longer fill the view in either direction.
    expect(fitZoom(city, 1400, 940) - 1).toBeLessThan(12.5);
  });

  it('doubles a box when the zoom goes down by one', () => {
    const b = { south: 35.5, west: 116.9, north: 35.7, east: 117.1 };
    expect(fitZoom(b, 1000, 1000) - fitZoom(b, 500, 500)).toBeCloseTo(1, 9);
  });

  it('stays within its floor and ceiling', () => {
    expect(minZoomFor({ south: -60, west: -170, north: 70, east: 170 }, 800, 600)).toBe(MIN_ZOOM_FLOOR);
    expect(minZoomFor(cityBox(QUFU, 0.05), 1400, 940)).toBe(MIN_ZOOM_CEILING);
    expect(minZoomFor(cityBox(QUFU), 0, 0)).toBe(MIN_ZOOM_FLOOR);
  });
});

describe('legend state', () => {
  it('is open until closed, and remembered', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(legendOpen(storage)).toBe(true);
    rememberLegend(storage, false);
    expect(legendOpen(storage)).toBe(false);
    rememberLegend(storage, true);
    expect(legendOpen(storage)).toBe(true);
    expect(legendOpen(undefined)).toBe(true);
  });
});
