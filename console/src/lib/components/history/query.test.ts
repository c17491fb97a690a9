import { describe, expect, it } from 'vitest';
import {
  countPath,
  dayInstant,
  emptyQuery,
  listPath,
  queryFromSearch,
  rangeReversed,
  searchOf,
} from './query';
import { exactTicketNumber, focusesSearch } from './ticket-number';

describe('history query ↔ URL', () => {
  it('round-trips every filter through the URL', () => {
    const query = {
      q: '138 0013',
      status: ['closed', 'cancelled'] as const,
      priority: 'P1',
      source: 'hotline',
      compoundId: 'gongbao',
      from: '2026-12-01',
      to: '2026-12-07',
    } as const;
    const search = searchOf({ ...query, status: [...query.status] }, 'T261207-7K3QX2');
    expect(search).toBe(
      '?q=138+0013&status=closed%2Ccancelled&priority=P1&source=hotline&compound=gongbao&from=2026-12-01&to=2026-12-07&open=T261207-7K3QX2',
    );
    expect(queryFromSearch(search)).toStrictEqual({ ...query, status: ['closed', 'cancelled'] });
  });

  it('an empty query is an empty search part, and reads back empty', () => {
    expect(searchOf(emptyQuery())).toBe('');
    expect(searchOf({ q: '   ', status: [] })).toBe('');
    expect(queryFromSearch('')).toStrictEqual({
      q: '',
      status: [],
      priority: undefined,
      source: undefined,
      compoundId: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('drops what it does not know from a pasted URL', () => {
    const q = queryFromSearch(
      '?status=closed,bogus,closed&priority=P9&source=x&from=yesterday&q=' + 'x'.repeat(150),
    );
    expect(q.status).toStrictEqual(['closed']);
    expect([q.priority, q.source, q.from]).toStrictEqual([undefined, undefined, undefined]);
    expect(q.q).toHaveLength(100);
  });
});

describe('history list path', () => {
  it('asks the server for one page with the filters, the day range and the cursor', () => {
    const path = listPath(
      { q: ' 幸福路 ', status: ['closed'], compoundId: 'c1', from: '2026-12-01', to: '2026-12-01' },
      'T261201-AAAAAA',
    );
    const p = new URLSearchParams(path.split('?')[1]);
    expect(path.startsWith('/api/tickets?')).toBe(true);
    expect(p.get('q')).toBe('幸福路');
    expect(p.get('status')).toBe('closed');
    expect(p.get('compoundId')).toBe('c1');
    expect(p.get('from')).toBe(dayInstant('2026-12-01'));
    expect(p.get('to')).toBe(dayInstant('2026-12-01', true));
    expect(p.get('from')).toBe('2026-11-30T16:00:00.000Z'); // midnight in Qufu
    expect(Date.parse(p.get('to')!) - Date.parse(p.get('from')!)).toBe(86_400_000 - 1);
    expect(p.get('before')).toBe('T261201-AAAAAA');
    expect(p.get('limit')).toBe('50');
  });

  it('leaves out what is not set', () => {
    expect(listPath(emptyQuery())).toBe('/api/tickets?limit=50');
    expect(countPath(emptyQuery())).toBe('/api/tickets/count');
  });

  it('counts with the same filters, never a cursor or a limit', () => {
    expect(countPath({ q: '139', status: ['closed', 'cancelled'] })).toBe(
      '/api/tickets/count?q=139&status=closed%2Ccancelled',
    );
  });

  it('knows a backwards range', () => {
    expect(rangeReversed({ q: '', status: [], from: '2026-12-02', to: '2026-12-01' })).toBe(true);
    expect(rangeReversed({ q: '', status: [], from: '2026-12-01', to: '2026-12-01' })).toBe(false);
  });
});

describe('ticket number and the / key', () => {
  it('reads a ticket number typed in any case, with or without the dash', () => {
    expect(exactTicketNumber('T261125-7K3QX2')).toBe('T261125-7K3QX2');
    expect(exactTicketNumber(' t2611257k3qx2 ')).toBe('T261125-7K3QX2');
    expect(exactTicketNumber('T261125 7K3QX2')).toBe('T261125-7K3QX2');
  });

  it('is not a ticket number when only part of one, or with letters base32 leaves out', () => {
    expect(exactTicketNumber('7K3QX2')).toBeUndefined();
    expect(exactTicketNumber('T261125-7K3QXI')).toBeUndefined();
    expect(exactTicketNumber('13800138000')).toBeUndefined();
  });

  it('/ focuses the search unless typing or with a modifier', () => {
    const key = { key: '/', ctrlKey: false, metaKey: false, altKey: false };
    expect(focusesSearch(key, false)).toBe(true);
    expect(focusesSearch(key, true)).toBe(false);
    expect(focusesSearch({ ...key, ctrlKey: true }, false)).toBe(false);
    expect(focusesSearch({ ...key, key: 'n' }, false)).toBe(false);
  });
});
