// The street base layer, pure parts: style by class and zoom, one-way arrows, name placement.
import { describe, expect, it } from 'vitest';
import { arrowsAlong, chevron, labelAnchor, lineLength, placeNames } from './road-geometry';
import { ONEWAY_ZOOM, roadClass, roadStyle, zoomFactor } from './road-style';

describe('road style by class', () => {
  it('groups the OSM highway classes', () => {
    expect(
      ['primary', 'trunk_link', 'secondary', 'tertiary', 'residential', 'unclassified', 'road'].map(
        roadClass,
      ),
    ).toEqual(['major', 'major', 'secondary', 'secondary', 'minor', 'minor', 'minor']);
    expect(['service', 'footway', 'steps', 'pedestrian'].map(roadClass)).toEqual([
      'service',
      'path',
      'path',
      'path',
    ]);
  });

  it('draws a main road wider and warmer than a residential street, both with an edge', () => {
    const major = roadStyle('major', 16, false)!;
    const minor = roadStyle('minor', 16, false)!;
    expect(major.fill.weight).toBeGreaterThan(minor.fill.weight);
    expect(minor.fill.color).toBe('#ffffff');
    expect(major.fill.color).not.toBe(minor.fill.color);
    expect(major.edge!.weight).toBe(major.fill.weight + 2);
    expect(roadStyle('path', 17, false)?.fill.dashArray).toBeDefined();
  });

  it('widens streets as the map zooms in, and leaves small ones out far away', () => {
    expect(zoomFactor(16)).toBe(1);
    expect(zoomFactor(18)).toBe(2);
    expect(zoomFactor(14)).toBe(0.5);
    expect(roadStyle('minor', 18, false)!.fill.weight).toBeGreaterThan(
      roadStyle('minor', 16, false)!.fill.weight,
    );
    expect(roadStyle('service', 14, false)).toBeUndefined();
    expect(roadStyle('major', 10, false)).toBeDefined();
  });

  it('over tiles is thin and faint, without an edge', () => {
    const over = roadStyle('major', 16, true)!;
    expect(over.edge).toBeUndefined();
    expect(over.fill.weight).toBeLessThan(roadStyle('major', 16, false)!.fill.weight);
    expect(over.fill.opacity).toBeLessThan(1);
  });
});

describe('one-way arrows', () => {
  // A street 400 m due north (GeoJSON [lng, lat]).
  const north = [
    [116.98, 35.59],
    [116.98, 35.59 + 400 / 111_320],
  ];

  it('stand every spacing metres along the line, facing the way of travel', () => {
    expect(lineLength(north)).toBeCloseTo(400, 0);
    const along = arrowsAlong(north, 'yes', 100);
    expect(along).toHaveLength(4);
    expect(along[0]!.lat).toBeCloseTo(35.59 + 50 / 111_320, 6);
    expect(along.every((a) => Math.abs(a.bearing) < 1e-6)).toBe(true);
    expect(arrowsAlong(north, '-1', 100).every((a) => Math.abs(a.bearing - 180) < 1e-6)).toBe(true);
  });

  it('are chevrons whose tip leads', () => {
    const [tail1, tip, tail2] = chevron({ lat: 35.59, lng: 116.98, bearing: 0 }, 10);
    expect(tip[0]).toBeGreaterThan(tail1[0]);
    expect(tip[0]).toBeGreaterThan(tail2[0]);
    expect(tail1[1]).toBeLessThan(tip[1]);
    expect(tail2[1]).toBeGreaterThan(tip[1]);
  });

  it('show from a high zoom only', () => {
    expect(ONEWAY_ZOOM).toBeGreaterThanOrEqual(17);
  });
});

describe('street names', () => {
  it('sit halfway along the street, upright on a north–south one', () => {
    const at = labelAnchor([
      [116.98, 35.59],
      [116.98, 35.6],
    ])!;
    expect(at.lat).toBeCloseTo(35.595, 6);
    expect(at.vertical).toBe(true);
    expect(
      labelAnchor([
        [116.98, 35.59],
        [116.99, 35.59],
      ])!.vertical,
    ).toBe(false);
  });

  it('never cover each other: the higher-ranked name wins', () => {
    const shown = placeNames([
      { id: '胡同', x: 100, y: 100, w: 60, h: 16, rank: 1 },
      { id: '鼓楼大街', x: 120, y: 104, w: 70, h: 16, rank: 5 },
      { id: '春秋路', x: 400, y: 100, w: 50, h: 16, rank: 3 },
    ]);
    expect([...shown].sort()).toEqual(['春秋路', '鼓楼大街']);
  });
});
