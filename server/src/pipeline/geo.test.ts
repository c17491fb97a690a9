// Expected distances were computed independently (Vincenty's formula on a sphere of R = 6371008.8 m).
import { describe, expect, it } from 'vitest';
import { distance as geokdbushKm } from 'geokdbush';
import { EARTH_RADIUS_M, etaSeconds, haversineM } from './geo';

describe('haversineM', () => {
  it('is 0 for the same point', () => {
    expect(haversineM(35.597, 116.99, 35.597, 116.99)).toBe(0);
    expect(haversineM(-90, 0, -90, 0)).toBe(0);
  });

  it('measures known great-circle arcs exactly', () => {
    // One degree of a meridian, and of the equator: R·π/180.
    expect(haversineM(0, 0, 1, 0)).toBeCloseTo(111_195.08023353292, 6);
    expect(haversineM(0, 0, 0, 1)).toBeCloseTo(111_195.08023353292, 6);
    // A quarter and a half of a great circle.
    expect(haversineM(0, 0, 90, 0)).toBeCloseTo(10_007_557.221017962, 4);
    expect(haversineM(0, 0, 0, 180)).toBeCloseTo(20_015_114.442035925, 4);
    expect(EARTH_RADIUS_M).toBe(6_371_008.8);
  });

  it('measures distances in Qufu', () => {
    // Temple of Confucius (Kong Miao) → Cemetery of Confucius (Kong Lin), approximate gates, ~2.2 km.
    expect(haversineM(35.5963, 116.988, 35.6155, 116.982)).toBeCloseTo(2202.777830131623, 6);
    // 0.01° of longitude at the dispatch box centre (35.597 N).
    expect(haversineM(35.597, 116.99, 35.597, 117.0)).toBeCloseTo(904.1619341332669, 6);
    // Corner to corner of a ~11 × 11 km box.
    expect(haversineM(35.547, 116.93, 35.647, 117.05)).toBeCloseTo(15_535.914393121735, 5);
  });

  it('measures long arcs too (Beijing → Shanghai) and is symmetric', () => {
    const d = haversineM(39.9042, 116.4074, 31.2304, 121.4737);
    expect(d).toBeCloseTo(1_067_311.6451587258, 3);
    expect(haversineM(31.2304, 121.4737, 39.9042, 116.4074)).toBeCloseTo(d, 6);
  });

  it('agrees with geokdbush up to the ratio of the Earth radii', () => {
    const km = geokdbushKm(116.988, 35.5963, 116.982, 35.6155); // (lng, lat) order, R = 6371 km
    expect(haversineM(35.5963, 116.988, 35.6155, 116.982)).toBeCloseTo((km * EARTH_RADIUS_M) / 6371, 6);
  });
});

describe('etaSeconds', () => {
  it('is distance over speed', () => {
    expect(etaSeconds(10_000, 36)).toBe(1000); // 36 km/h = 10 m/s
    expect(etaSeconds(5000, 20)).toBeCloseTo(900, 9);
  });

  it('is 0 for no distance and Infinity for a van that cannot move', () => {
    expect(etaSeconds(0, 20)).toBe(0);
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(100, 0)).toBe(Infinity);
    expect(etaSeconds(100, -5)).toBe(Infinity);
    expect(etaSeconds(100, Number.NaN)).toBe(Infinity);
  });
});
