// AuditService: one append per turn for a burst of records, secrets removed, and a failed append
// logged and counted without throwing.
import { Registry } from 'prom-client';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord } from '../store/store';
import { AuditService, redact } from './audit';

function fakeStore(fail = false) {
  const appends: AuditRecord[][] = [];
  return {
    appends,
    appendAudit: (entries: AuditRecord[]) => {
      appends.push(entries);
      return fail ? Promise.reject(new Error('disk full')) : Promise.resolve();
    },
    listAudit: (): Promise<AuditEntry[]> =>
      Promise.resolve(appends.flat().map((e, i) => ({ ...e, id: i + 1 }))),
  };
}
const clock = { now: () => 1_000 };
const log = pino({ level: 'silent' });

describe('AuditService', () => {
  it('appends a burst of records in one call, in order, before listing', async () => {
    const store = fakeStore();
    const audit = new AuditService(store, clock, log, new Registry());
    for (let i = 0; i < 5; i++) audit.record({ actor: 'a', action: 'x.y', entity: 'x', data: { i } });
    const listed = await audit.list({});
    expect(store.appends).toHaveLength(1);
    expect(listed.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
    expect(listed[0]?.at).toBe(1_000);
  });

  it('counts a failed append and keeps going', async () => {
    const registry = new Registry();
    const audit = new AuditService(fakeStore(true), clock, log, registry);
    audit.record({ actor: 'a', action: 'x.y', entity: 'x', data: {} });
    audit.record({ actor: 'a', action: 'x.z', entity: 'x', data: {} });
    await expect(audit.flush()).resolves.toBeUndefined();
    const metric = await registry.getSingleMetricAsString('redsail_audit_write_failures_total');
    expect(metric).toMatch(/redsail_audit_write_failures_total 2$/m);
  });

  it('removes secret-named keys at any depth', () => {
    const data = {
      username: 'u',
      password: 'p',
      current: 'c',
      nested: [{ secretHash: 'h', mqtt: { token: 't', keep: 1 } }],
    };
    expect(redact(data)).toEqual({ username: 'u', nested: [{ mqtt: { keep: 1 } }] });
  });
});
