import { describe, expect, it } from 'vitest';
import type { TicketRecord } from '../store/store';
import { duplicatesOf, DUPLICATE_WINDOW_MS } from './duplicates';

const NOW = Date.UTC(2026, 11, 1, 8, 0, 0);
const LAT = 35.597;
const LNG = 116.99;
/** Degrees of latitude per meter (a meridian degree is ~111,195 m). */
const M = 1 / 111_195;

function ticket(id: string, extra: Partial<TicketRecord>): TicketRecord {
  return {
    id,
    status: 'new',
    priority: 'P3',
    source: 'hotline',
    category: 'water',
    description: id,
    lat: LAT,
    lng: LNG,
    createdAt: NOW - 3600_000,
    updatedAt: NOW - 3600_000,
    respondBy: NOW,
    resolveBy: NOW,
    ...extra,
  };
}

const report = { category: 'water', lat: LAT, lng: LNG, at: NOW };

describe('duplicatesOf', () => {
  it('matches an open ticket of the same category 49 m away, but not one 51 m away', () => {
    const near = ticket('T-near', { lat: LAT + 49 * M });
    const far = ticket('T-far', { lat: LAT + 51 * M });
    expect(duplicatesOf([near, far], report).map((m) => [m.ticket.id, m.distanceM])).toEqual([
      ['T-near', 49],
    ]);
  });

  it('does not match another category at the same spot', () => {
    expect(duplicatesOf([ticket('T-1', { category: 'electrical' })], report)).toEqual([]);
  });

  it('does not match a closed or cancelled ticket, but does a resolved one awaiting its callback', () => {
    const tickets = [
      ticket('T-closed', { status: 'closed' }),
      ticket('T-cancelled', { status: 'cancelled' }),
      ticket('T-resolved', { status: 'resolved' }),
    ];
    expect(duplicatesOf(tickets, report).map((m) => m.ticket.id)).toEqual(['T-resolved']);
  });

  it('matches a ticket opened exactly 24 h before, not one a millisecond older, nor one after the report', () => {
    const tickets = [
      ticket('T-edge', { createdAt: NOW - DUPLICATE_WINDOW_MS }),
      ticket('T-old', { createdAt: NOW - DUPLICATE_WINDOW_MS - 1 }),
      ticket('T-later', { createdAt: NOW + 1 }),
    ];
    expect(duplicatesOf(tickets, report).map((m) => m.ticket.id)).toEqual(['T-edge']);
  });

  it('never matches a ticket without a position', () => {
    const { lat: _lat, lng: _lng, ...rest } = ticket('T-nowhere', {});
    expect(duplicatesOf([rest], report)).toEqual([]);
  });

  it('lists the nearest first, then the oldest', () => {
    const tickets = [
      ticket('T-b', { lat: LAT + 20 * M, createdAt: NOW - 60_000 }),
      ticket('T-a', { lat: LAT + 20 * M, createdAt: NOW - 120_000 }),
      ticket('T-c', { lat: LAT + 5 * M }),
    ];
    expect(duplicatesOf(tickets, report).map((m) => m.ticket.id)).toEqual(['T-c', 'T-a', 'T-b']);
  });
});
