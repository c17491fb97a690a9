// The Open311 views: services from the categories; a ticket's status, notes from its timeline, and
// never the caller.
import { describe, expect, it } from 'vitest';
import type { TicketEventRecord, TicketRecord } from '../store/store';
import { open311Services, open311Status } from './open311-map';

const T0 = Date.UTC(2026, 11, 7, 2, 0);

function ticket(extra: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: 'T1',
    status: 'new',
    priority: 'P3',
    source: 'hotline',
    category: 'water',
    description: '水管破裂',
    lat: 35.5965,
    lng: 116.9915,
    address: '3 号楼',
    reporter: { name: '王秀英', phone: '13800000001' },
    createdAt: T0,
    updatedAt: T0 + 1000,
    respondBy: T0 + 3600_000,
    resolveBy: T0 + 4 * 3600_000,
    ...extra,
  };
}
const entry = (type: string, data: Record<string, unknown>): TicketEventRecord => ({
  ticketId: 'T1',
  at: T0,
  type,
  by: 'disp',
  data,
});
const opts = { locale: 'zh', agency: '鲁建惠诚物业' } as const;

describe('open311Services', () => {
  it('lists every category as a realtime service without metadata, in either language', () => {
    const zh = open311Services('zh');
    expect(zh.find((s) => s.service_code === 'water')).toMatchObject({
      service_name: '供水',
      metadata: false,
      type: 'realtime',
    });
    expect(open311Services('en').find((s) => s.service_code === 'water')?.service_name).toBe('Water');
  });
});

describe('open311Status', () => {
  it('an open ticket: open, its deadline as expected_datetime, its place; no caller', () => {
    const st = open311Status(ticket(), [], opts);
    expect(st).toMatchObject({
      service_request_id: 'T1',
      status: 'open',
      status_notes: '已受理，待派单',
      service_code: 'water',
      service_name: '供水',
      agency_responsible: '鲁建惠诚物业',
      requested_datetime: new Date(T0).toISOString(),
      expected_datetime: new Date(T0 + 4 * 3600_000).toISOString(),
      address: '3 号楼',
      lat: 35.5965,
      long: 116.9915,
    });
    expect(JSON.stringify(st)).not.toMatch(/王秀英|13800000001/);
  });

  it('resolved and waiting for the callback is still open, with the repair note', () => {
    const st = open311Status(ticket({ status: 'resolved' }), [entry('resolve', { note: '换水管' })], opts);
    expect(st).toMatchObject({ status: 'open', status_notes: '已修复，待回访：换水管' });
  });

  it('closed: closed with the last repair note, and no expected time', () => {
    const timeline = [entry('resolve', { note: '第一次' }), entry('resolve', { note: '换水管' })];
    const st = open311Status(ticket({ status: 'closed' }), timeline, opts);
    expect(st).toMatchObject({ status: 'closed', status_notes: '已办结：换水管' });
    expect(st.expected_datetime).toBeUndefined();
  });

  it('cancelled: closed with the reason', () => {
    const st = open311Status(
      ticket({ status: 'cancelled' }),
      [entry('cancel', { reason: '重复报修' })],
      opts,
    );
    expect(st).toMatchObject({ status: 'closed', status_notes: '已撤销：重复报修' });
  });
});
