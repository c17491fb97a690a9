// compoundAt: inside the outline, not in a hole, not outside; the first of overlapping outlines.
import { describe, expect, it } from 'vitest';
import { compoundAt } from './open311-place';

const square = (lng: number, lat: number, d: number) => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
];
const gongbao = {
  id: 'gongbao',
  outline: {
    type: 'Polygon' as const,
    coordinates: [square(116.99, 35.59, 0.01), square(116.994, 35.594, 0.002)],
  },
};
const other = {
  id: 'other',
  outline: { type: 'Polygon' as const, coordinates: [square(116.98, 35.58, 0.03)] },
};

describe('compoundAt', () => {
  it('names the compound whose outline holds the point', () => {
    expect(compoundAt([gongbao], 35.591, 116.991)).toBe('gongbao');
  });
  it('is undefined outside every outline and inside a hole', () => {
    expect(compoundAt([gongbao], 35.62, 116.991)).toBeUndefined();
    expect(compoundAt([gongbao], 35.595, 116.995)).toBeUndefined();
  });
  it('takes the first in list order where outlines overlap', () => {
    expect(compoundAt([gongbao, other], 35.591, 116.991)).toBe('gongbao');
    expect(compoundAt([other, gongbao], 35.591, 116.991)).toBe('other');
  });
});
