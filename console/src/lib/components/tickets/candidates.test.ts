import { describe, expect, it } from 'vitest';
import { CandidateDto as CandidateSchema } from '../../../../../server/src/contracts/dto';
import type { CandidateDto } from '../../api/types';
import { candidateView, etaKey, minutesOf } from './candidates';

const cand = (extra: Partial<CandidateDto> = {}): CandidateDto =>
  CandidateSchema.parse({
    vanId: 'van-1',
    name: '一号车',
    status: 'idle',
    distanceM: 900,
    etaS: 130,
    ...extra,
  });
const job = { ticketId: 'T-3', priority: 'P3', status: 'on_site', freeInS: 1200 } as const;

describe('candidateView', () => {
  it('tells the van on this ticket, a free van, a busy one and an offline one apart', () => {
    expect(candidateView(cand({ status: 'on_site', ticketId: 'T-1' }), 'T-1')).toEqual({ kind: 'current' });
    expect(candidateView(cand(), 'T-1')).toEqual({ kind: 'free' });
    expect(candidateView(cand({ status: 'offline' }), 'T-1')).toEqual({ kind: 'offline' });
    expect(candidateView(cand({ status: 'on_site', ticketId: 'T-3', job, preempt: true }), 'T-1')).toEqual({
      kind: 'busy',
      job,
      preempt: true,
    });
    expect(candidateView(cand({ status: 'on_site', ticketId: 'T-3', job }), 'T-1')).toMatchObject({
      preempt: false,
    });
  });
});

describe('the ETA in words', () => {
  it('is by road only where the server routed it, and never 0 minutes', () => {
    expect(etaKey(cand({ byRoad: true }))).toBe('control.byRoad');
    expect(etaKey(cand({ byRoad: false }))).toBe('control.straight');
    expect(etaKey(cand())).toBe('control.straight');
    expect([minutesOf(0), minutesOf(61), minutesOf(120)]).toEqual([1, 2, 2]);
  });
});
