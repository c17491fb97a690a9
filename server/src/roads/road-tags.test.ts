import { describe, expect, it } from 'vitest';
import { drivenWays, isDriven, parseMaxspeed, roadSpeedKmh, UNKNOWN_CLASS_KMH } from './road-tags';

describe('road tags', () => {
  it('reads oneway as OSM writes it', () => {
    for (const v of ['yes', 'true', '1', true, 1, ' YES ']) {
      expect(drivenWays({ oneway: v })).toEqual({ forward: true, backward: false });
    }
    expect(drivenWays({ oneway: '-1' })).toEqual({ forward: false, backward: true });
    expect(drivenWays({ oneway: -1 })).toEqual({ forward: false, backward: true });
    for (const v of ['no', 'false', undefined, 0]) {
      expect(drivenWays({ oneway: v })).toEqual({ forward: true, backward: true });
    }
  });

  it('does not drive access no/private, footways, paths, steps, pedestrian areas, cycleways, bridleways', () => {
    expect(isDriven({ highway: 'residential' })).toBe(true);
    expect(isDriven({})).toBe(true);
    expect(isDriven({ highway: 'residential', access: 'no' })).toBe(false);
    expect(isDriven({ highway: 'service', access: 'private' })).toBe(false);
    expect(isDriven({ highway: 'service', access: 'yes' })).toBe(true);
    for (const h of ['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'bridleway']) {
      expect(isDriven({ highway: h })).toBe(false);
    }
  });

  it('takes maxspeed in km/h or mph, else the speed of the road class', () => {
    expect(parseMaxspeed('40')).toBe(40);
    expect(parseMaxspeed(60)).toBe(60);
    expect(parseMaxspeed('50 km/h')).toBe(50);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('signals')).toBeUndefined();
    expect(roadSpeedKmh({ highway: 'motorway' })).toBe(80);
    expect(roadSpeedKmh({ highway: 'residential' })).toBe(30);
    expect(roadSpeedKmh({ highway: 'service' })).toBe(15);
    expect(roadSpeedKmh({ highway: 'living_street' })).toBe(15);
    expect(roadSpeedKmh({ highway: 'track' })).toBe(UNKNOWN_CLASS_KMH);
    expect(roadSpeedKmh({ highway: 'residential', maxspeed: 'none?' })).toBe(30);
    expect(roadSpeedKmh({ highway: 'primary', maxspeed: '20' })).toBe(20);
  });
});
