import { describe, expect, it } from 'vitest';
import { compactNumber, escapeLike, searchPatterns } from './ticket-search';

describe('ticket search patterns', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\x')).toBe('50\\%\\_off\\\\x');
  });

  it('wraps the trimmed text for a substring match', () => {
    expect(searchPatterns('  幸福路 ')).toStrictEqual({ text: '%幸福路%', compact: '%幸福路%' });
  });

  it('compares numbers without spaces and dashes', () => {
    expect(compactNumber('T261125 - 7K3QX2')).toBe('T2611257K3QX2');
    expect(compactNumber('138 0013 8000')).toBe('13800138000');
    expect(searchPatterns('0537-4412345')).toStrictEqual({
      text: '%0537-4412345%',
      compact: '%05374412345%',
    });
  });

  it('keeps a text of only dashes as it is (never an empty, match-all pattern from compacting)', () => {
    expect(searchPatterns('-').compact).toBe('%-%');
  });
});
