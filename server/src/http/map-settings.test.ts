// The console map's server side, pure parts: the CSP source of the tile host, the streets as served.
import { describe, expect, it } from 'vitest';
import { parseRoads } from '../roads/roads-file';
import { mapSettings, onewayOf, roadsDto } from './routes/map';
import { tileImgSource } from './security';

describe('tileImgSource: the CSP img-src of TILE_URL', () => {
  it('is the scheme, host and port of the template, nothing of its path', () => {
    expect(tileImgSource('http://127.0.0.1:8765/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8765');
    expect(tileImgSource('https://Tiles.Example.cn/osm/{z}/{x}/{y}.png?key=abc')).toBe(
      'https://tiles.example.cn',
    );
  });
  it('turns a subdomain placeholder into the wildcard of the first label', () => {
    expect(tileImgSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
      'https://*.tile.openstreetmap.org',
    );
    expect(tileImgSource('https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}')).toBe(
      'https://*.is.autonavi.com',
    );
  });
  it('refuses a placeholder deeper in the host, which no CSP source can express', () => {
    expect(() => tileImgSource('https://tiles.{s}.example/{z}/{x}/{y}.png')).toThrow(/first label/);
  });
});

describe('the streets served to the console', () => {
  const file = parseRoads({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: ' 半壁街 ', highway: 'residential', oneway: 'yes', maxspeed: '20', access: 'no' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [116.97, 35.59],
            [116.97, 35.6],
          ],
        },
      },
      {
        type: 'Feature',
        properties: null,
        geometry: {
          type: 'LineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        },
      },
    ],
  });

  it('keep the geometry, the class, the name and the one-way sense only', () => {
    expect(roadsDto(file).features.map((f) => f.properties)).toEqual([
      { name: '半壁街', highway: 'residential', oneway: 'yes' },
      { highway: 'road' },
    ]);
    expect(roadsDto(file).features[1]!.geometry.coordinates).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("read OSM's ways of writing one-way", () => {
    expect([true, 1, 'yes', 'True', '-1', -1, 'reverse', 'no', false, undefined].map(onewayOf)).toEqual([
      'yes',
      'yes',
      'yes',
      'yes',
      '-1',
      '-1',
      '-1',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('are absent without ROADS_FILE, and the tile settings pass through', () => {
    const s = mapSettings({
      TILE_CRS: 'gcj02',
      TILE_ATTRIBUTION: '© 图源',
      TILE_URL: undefined,
      ROADS_FILE: undefined,
    });
    expect(s).toEqual({ config: { crs: 'gcj02', attribution: '© 图源' }, roads: undefined });
  });
});
