// The dictionaries: en has every zh-CN key (also enforced by its type), no empty text, and the
// same {placeholders} in both languages, so no translation silently drops a number.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(Object.keys(zhCN) as (keyof typeof zhCN)[])('%s: same placeholders, no empty text', (key) => {
    expect(zhCN[key].trim()).not.toBe('');
    expect(en[key].trim()).not.toBe('');
    expect(placeholders(en[key])).toEqual(placeholders(zhCN[key]));
  });
});
