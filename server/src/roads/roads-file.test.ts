import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoads, readRoadsFile, RoadsFileError } from './roads-file';

const line = (properties: unknown) => ({
  type: 'Feature',
  properties,
  geometry: {
    type: 'LineString',
    coordinates: [
      [116.99, 35.597],
      [116.991, 35.597],
    ],
  },
});

describe('parseRoads', () => {
  it('keeps OSM tags and tolerates null properties', () => {
    const roads = parseRoads({
      type: 'FeatureCollection',
      features: [
        line({ highway: 'residential', oneway: 'yes', maxspeed: '30', surface: 'asphalt' }),
        line(null),
      ],
    });
    expect(roads.features[0]!.properties).toMatchObject({
      highway: 'residential',
      oneway: 'yes',
      surface: 'asphalt',
    });
    expect(roads.features[1]!.properties).toEqual({});
  });

  it('names the feature and field that is wrong', () => {
    const bad = {
      type: 'FeatureCollection',
      features: [line({}), { ...line({}), geometry: { type: 'Point', coordinates: [1, 2] } }],
    };
    expect(() => parseRoads(bad)).toThrow(RoadsFileError);
    expect(() => parseRoads(bad)).toThrow(/features\.1\.geometry/);
  });
});

describe('readRoadsFile', () => {
  it('says when the file is missing or not JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roads-'));
    expect(() => readRoadsFile(path.join(dir, 'none.geojson'))).toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(path.join(dir, 'bad.geojson'), '{');
    expect(() => readRoadsFile(path.join(dir, 'bad.geojson'))).toThrow(/is not JSON/);
  });
});
