import { describe, expect, it } from 'vitest';
import type { TicketRecord } from '../store/store';
import { jobAhead, MIN_LEFT_S, moreUrgent, ON_SITE_S } from './job-estimate';

const job = (status: TicketRecord['status'], arrivedAt?: number): TicketRecord => ({
  id: 'T-7',
  status,
  priority: 'P3',
  source: 'hotline',
  category: 'water',
  description: 'd',
  createdAt: 0,
  updatedAt: 0,
  respondBy: 1,
  resolveBy: 2,
  vanId: 'van-1',
  ...(arrivedAt !== undefined && { arrivedAt }),
});

describe('jobAhead', () => {
  it('on its way: the drive there plus the time on site', () => {
    expect(jobAhead(job('en_route'), 0, 600)).toEqual({
      ticketId: 'T-7',
      priority: 'P3',
      status: 'en_route',
      freeInS: 600 + ON_SITE_S,
    });
    expect(jobAhead(job('dispatched'), 0, undefined).freeInS).toBe(ON_SITE_S);
  });

  it('on site: what is left of the time on site, never less than the floor', () => {
    expect(jobAhead(job('on_site', 0), 10 * 60_000, 999).freeInS).toBe(ON_SITE_S - 600);
    expect(jobAhead(job('on_site', 0), 4 * 3_600_000, 999).freeInS).toBe(MIN_LEFT_S);
  });
});

describe('moreUrgent', () => {
  it('orders P1 before P4 and is strict', () => {
    expect(moreUrgent('P1', 'P3')).toBe(true);
    expect(moreUrgent('P3', 'P1')).toBe(false);
    expect(moreUrgent('P2', 'P2')).toBe(false);
  });
});
