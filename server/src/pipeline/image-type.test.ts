import { describe, expect, it } from 'vitest';
import { sniffImageType } from './image-type';

const b = (...xs: (number | string)[]) =>
  Uint8Array.from(xs.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(b(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffImageType(b(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('image/png');
    expect(sniffImageType(b('RIFF', 1, 2, 3, 4, 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses everything else, whatever it is named', () => {
    expect(sniffImageType(b('GIF89a'))).toBeUndefined();
    expect(sniffImageType(b('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageType(b('RIFF', 1, 2, 3, 4, 'WAVE'))).toBeUndefined();
    expect(sniffImageType(b('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeUndefined();
    expect(sniffImageType(b(0xff, 0xd8))).toBeUndefined();
    expect(sniffImageType(b())).toBeUndefined();
  });
});
