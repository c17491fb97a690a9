// Record factories and shared context of the Store contract suite (see store.contract.ts).
// Factories never set an optional field to undefined: "absent" means no key at all.
import type {
  AlarmRecord,
  CompoundRecord,
  DeviceRecord,
  DeviceStateRecord,
  SiteRecord,
  Store,
  TicketEventRecord,
  TicketRecord,
  UserRecord,
  VanRecord,
  WriteBatch,
} from '../../server/src/store/store';
import { emptyBatch } from '../../server/src/store/store';

/** The store under test, fresh for every test. */
export interface ContractContext {
  readonly store: Store;
}

export const T0 = 1_700_000_000_000;

export function batch(parts: Partial<WriteBatch>): WriteBatch {
  return { ...emptyBatch(), ...parts };
}

export function user(username: string, extra: Partial<UserRecord> = {}): UserRecord {
  return { username, passwordHash: `scrypt$${username}`, role: 'dispatcher', createdAt: T0, ...extra };
}

export function device(id: string, extra: Partial<DeviceRecord> = {}): DeviceRecord {
  return { id, type: 'meter', attrs: {}, secretHash: `hash-${id}`, createdAt: T0, ...extra };
}

export function compound(id: string, extra: Partial<CompoundRecord> = {}): CompoundRecord {
  const ring = [
    [116.3, 39.9],
    [116.31, 39.9],
    [116.31, 39.91],
    [116.3, 39.9],
  ];
  return {
    id,
    name: `Compound ${id}`,
    outline: { type: 'Polygon', coordinates: [ring] },
    createdAt: T0,
    ...extra,
  };
}

export function van(id: string, extra: Partial<VanRecord> = {}): VanRecord {
  return { id, name: `Van ${id}`, createdAt: T0, ...extra };
}

/** A station at a fixed point (kind, compound, address, phone to taste). */
export function site(id: string, extra: Partial<SiteRecord> = {}): SiteRecord {
  return { id, kind: 'station', name: `Station ${id}`, lat: 35.6, lng: 116.98, createdAt: T0, ...extra };
}

export function deviceState(deviceId: string, extra: Partial<DeviceStateRecord> = {}): DeviceStateRecord {
  return { deviceId, state: {}, status: 'unknown', rules: {}, ...extra };
}

export function alarm(id: string, extra: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    id,
    deviceId: 'd1',
    rule: 'over_temp',
    severity: 'major',
    active: true,
    count: 1,
    raisedAt: T0,
    lastSeenAt: T0,
    lastValue: { temp_c: 71.5 },
    ...extra,
  };
}

export function fullAlarm(id: string): AlarmRecord {
  return alarm(id, {
    active: false,
    count: 4,
    lastSeenAt: T0 + 30_000,
    clearedAt: T0 + 60_000,
    lastValue: { temp_c: 72, door: 'open', fan_on: false },
    ackedAt: T0 + 10_000,
    ackedBy: 'alice',
    ticketId: 'T-1',
  });
}

export function ticket(id: string, extra: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id,
    status: 'new',
    priority: 'P3',
    source: 'hotline',
    category: 'power',
    description: `ticket ${id}`,
    createdAt: T0,
    updatedAt: T0,
    respondBy: T0 + 30 * 60_000,
    resolveBy: T0 + 4 * 3_600_000,
    ...extra,
  };
}

/** A ticket with every optional field set. */
export function fullTicket(id: string): TicketRecord {
  return ticket(id, {
    status: 'closed',
    priority: 'P1',
    source: 'alarm',
    deviceId: 'd1',
    alarmRule: 'over_temp',
    compoundId: 'c1',
    lat: 39.905,
    lng: 116.305,
    address: '3 Elm Lane, Building 2',
    reporter: { name: 'Wang Fang', phone: '+86 138 0000 0000' },
    vanId: 'van-1',
    dispatchedAt: T0 + 1,
    acceptedAt: T0 + 2,
    arrivedAt: T0 + 3,
    resolvedAt: T0 + 4,
    closedAt: T0 + 5,
    updatedAt: T0 + 5,
    callback: { satisfaction: 'satisfied', note: 'fast and polite' },
    slaStatus: 'breached',
    slaBreaches: ['respond', 'callback'],
    callbackBy: T0 + 4 + 24 * 3_600_000,
    parts: [
      { name: '空气开关 63A', qty: 1, unitCostYuan: 45.5 },
      { name: 'cable tie', qty: 2.5 },
    ],
    labourMin: 95,
    etaS: 297,
    etaBasis: 'road',
  });
}

export function ticketEvent(
  ticketId: string,
  type: string,
  extra: Partial<TicketEventRecord> = {},
): TicketEventRecord {
  return { ticketId, at: T0, type, by: 'system', data: {}, ...extra };
}

export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => key(a).localeCompare(key(b));
}
