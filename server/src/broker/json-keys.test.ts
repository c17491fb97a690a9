import { describe, expect, it } from 'vitest';
import { hasKeys, keyRanges } from './json-keys';

const b = (s: string) => Buffer.from(s);
const keysOf = (s: string) => {
  const buf = b(s);
  return keyRanges(buf, 0, buf.length)?.reduce<string[]>(
    (acc, _, i, r) => (i % 2 === 0 ? [...acc, buf.toString('utf8', r[i], r[i + 1])] : acc),
    [],
  );
};

describe('keyRanges', () => {
  it('lists a flat object’s keys with their quotes, in order', () => {
    expect(keysOf('{"temp_c":21.5,"breaker_closed":true,"note":null,"n":-1e3}')).toEqual([
      '"temp_c"',
      '"breaker_closed"',
      '"note"',
      '"n"',
    ]);
    expect(keysOf(' { "a" : 1 , "b":"x" } ')).toEqual(['"a"', '"b"']);
    expect(keysOf('{}')).toEqual([]);
  });

  it('skips strings with escaped quotes, colons and commas in them', () => {
    expect(keysOf('{"a\\"b":"x\\",\\"c\\":1","d":2}')).toEqual(['"a\\"b"', '"d"']);
  });

  it('answers undefined for anything but a flat object', () => {
    for (const s of [
      '{"a":{"b":1}}',
      '{"a":[1]}',
      '[1]',
      '"x"',
      '{"a":1',
      '{"a":}',
      '{"a" 1}',
      '{"a":1}x',
      '',
    ])
      expect(keysOf(s), s).toBeUndefined();
  });
});

describe('hasKeys', () => {
  const last = b('{"temp_c":1,"voltage_v":2}');
  const keys = keyRanges(last, 0, last.length)!;
  const has = (s: string) => {
    const buf = Buffer.concat([last, b(s)]);
    // keys refer to `last`, which sits at the start of the same buffer
    return hasKeys(buf, last.length, buf.length, keys);
  };

  it('matches the same keys in the same order, whatever the values', () => {
    expect(has('{"temp_c":99.25,"voltage_v":"x,y"}')).toBe(true);
  });

  it('does not match fewer, more, other or reordered keys, or a non-flat object', () => {
    for (const s of [
      '{"temp_c":1}',
      '{"temp_c":1,"voltage_v":2,"x":3}',
      '{"temp_c":1,"leakage_ma":2}',
      '{"voltage_v":2,"temp_c":1}',
      '{"temp_c":1,"voltage_v":{"a":1}}',
      '{}',
    ])
      expect(has(s), s).toBe(false);
  });
});
