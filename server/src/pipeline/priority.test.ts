// The priority a hand-opened ticket is suggested: danger words first (fire, smoke, burning smell,
// leakage, a fallen wire), then loss of a service, then by category.
import { describe, expect, it } from 'vitest';
import { suggestPriority } from './priority';

describe('suggestPriority', () => {
  it.each([
    ['electrical', '配电箱冒烟', 'P1'],
    ['electrical', '配电箱有焦糊味', 'P1'],
    ['other', '楼道里有烧焦的味道', 'P1'],
    ['electrical', '电线掉在地上', 'P1'],
    ['other', 'smell of burning near the meter', 'P1'],
    ['electrical', '整栋楼停电', 'P2'],
    ['water', '水管爆管', 'P2'],
    ['electrical', '插座松动', 'P3'],
    ['heating', '暖气不热', 'P3'],
    ['lighting', '路灯不亮', 'P4'],
    ['camera', '摄像头歪了', 'P4'],
    ['fire', '灭火器过期了', 'P2'],
    ['fire', '充电桩那边冒烟', 'P1'],
    ['no_such_category', '别的事', 'P4'],
  ] as const)('%s “%s” → %s', (category, description, priority) => {
    expect(suggestPriority(category, description)).toBe(priority);
  });
});
