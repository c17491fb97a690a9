import { describe, expect, it } from 'vitest';
import type { TicketRecord } from '../store/store';
import { requeueFor, withdrawnFrom } from './preempt';

const held: TicketRecord = {
  id: 'T-3',
  status: 'on_site',
  priority: 'P3',
  source: 'hotline',
  category: 'water',
  description: 'tap drips',
  createdAt: 0,
  updatedAt: 5,
  respondBy: 100,
  resolveBy: 200,
  vanId: 'van-1',
  dispatchedAt: 1,
  acceptedAt: 2,
  arrivedAt: 4,
  etaS: 300,
  etaBasis: 'road',
};

describe('requeueFor', () => {
  it('puts the held ticket back in the queue without its van, keeping the first arrival', () => {
    const c = requeueFor(held, { id: 'T-9', priority: 'P1' }, 'disp', 10);
    expect(c.prev).toBe(held);
    expect(c.next).toMatchObject({ id: 'T-3', status: 'new', updatedAt: 10, arrivedAt: 4 });
    for (const k of ['vanId', 'dispatchedAt', 'acceptedAt', 'etaS', 'etaBasis'] as const)
      expect(c.next[k]).toBeUndefined();
    expect(c.entry).toEqual({
      ticketId: 'T-3',
      at: 10,
      type: 'requeued',
      by: 'disp',
      data: { reason: 'preempted', vanId: 'van-1', forTicketId: 'T-9', forPriority: 'P1' },
    });
  });
});

describe('withdrawnFrom', () => {
  it('names the van of a working ticket that was cancelled, requeued or sent to another van', () => {
    expect(withdrawnFrom(held, { ...held, status: 'cancelled' }, 'cancel')).toEqual({
      vanId: 'van-1',
      why: 'cancelled',
    });
    expect(
      withdrawnFrom(held, requeueFor(held, { id: 'T-9', priority: 'P1' }, 'd', 9).next, 'requeued'),
    ).toEqual({ vanId: 'van-1', why: 'requeued' });
    expect(withdrawnFrom(held, { ...held, status: 'dispatched', vanId: 'van-2' }, 'dispatch')).toEqual({
      vanId: 'van-1',
      why: 'redispatched',
    });
  });

  it('is silent for what the technicians did themselves or a ticket no van worked on', () => {
    const dispatched = { ...held, status: 'dispatched' as const };
    expect(
      withdrawnFrom(dispatched, { ...dispatched, status: 'new', vanId: undefined }, 'decline'),
    ).toBeUndefined();
    expect(withdrawnFrom(held, { ...held, status: 'resolved' }, 'resolve')).toBeUndefined();
    expect(withdrawnFrom(held, { ...held, status: 'dispatched' }, 'dispatch')).toBeUndefined();
    const queued = { ...held, status: 'new' as const, vanId: undefined };
    expect(withdrawnFrom(queued, { ...queued, status: 'cancelled' }, 'cancel')).toBeUndefined();
    expect(withdrawnFrom(undefined, held, 'created')).toBeUndefined();
  });
});
