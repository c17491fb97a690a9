// The hotline form's suggestion is the server's (one phrase table), and it names the resident's words
// that decided it.
import { describe, expect, it } from 'vitest';
import { suggestedPriority, suggestionPhrase } from './form';

describe('the hotline suggestion', () => {
  it('suggests P2 for a burst pipe flooding the stairwell, naming the words', () => {
    const d = { category: 'water', description: '楼道里水管爆了，水流到一楼' } as const;
    expect(suggestedPriority(d)).toBe('P2');
    expect(suggestionPhrase(d)).toBe('水管爆');
  });

  it('names no words when the category decided', () => {
    const d = { category: 'water', description: '水流量小' } as const;
    expect(suggestedPriority(d)).toBe('P3');
    expect(suggestionPhrase(d)).toBeUndefined();
  });
});
