// Store contract: the group commit — device states and alarms (upserts) and batch atomicity.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../../server/src/store/store';
import {
  alarm,
  batch,
  device,
  deviceState,
  fullAlarm,
  T0,
  ticket,
  ticketEvent,
  type ContractContext,
} from './store.contract.fixtures';

export function batchContract(ctx: ContractContext): void {
  describe('commit: device states', () => {
    beforeEach(async () => {
      for (const id of ['d1', 'd2']) await ctx.store.createDevice(device(id));
    });

    it('stores state, status, lastSeen and rule timers', async () => {
      const s = deviceState('d1', {
        state: { temp_c: 41.5, door: 'closed', breaker_on: true, load_pct: 0 },
        status: 'online',
        lastSeen: T0 + 500,
        rules: { over_temp: { active: false, since: T0 }, offline: { active: true, clearSince: T0 + 9 } },
      });
      await ctx.store.commit(batch({ deviceStates: [s] }));
      expect(await ctx.store.listDeviceStates()).toStrictEqual([s]);
      expect(await ctx.store.getDeviceState('d1')).toStrictEqual(s);
      expect(await ctx.store.getDeviceState('d2')).toBeUndefined();
    });

    it('an empty batch changes nothing', async () => {
      await ctx.store.commit(batch({}));
      expect(await ctx.store.listDeviceStates()).toStrictEqual([]);
    });

    it('is last-write-wins within one batch', async () => {
      const first = deviceState('d1', { state: { v: 1 }, status: 'online', lastSeen: T0 });
      const second = deviceState('d1', { state: { v: 2 }, status: 'offline', lastSeen: T0 + 1 });
      await ctx.store.commit(batch({ deviceStates: [first, second] }));
      expect(await ctx.store.listDeviceStates()).toStrictEqual([second]);
    });

    it('is last-write-wins across batches, replacing the whole record', async () => {
      const d2 = deviceState('d2', { status: 'online', lastSeen: T0 });
      await ctx.store.commit(
        batch({ deviceStates: [deviceState('d1', { lastSeen: T0, state: { v: 1 } }), d2] }),
      );
      const replaced = deviceState('d1', { state: { v: 3, mode: 'auto' }, status: 'offline' });
      await ctx.store.commit(batch({ deviceStates: [replaced] }));
      const states = (await ctx.store.listDeviceStates()).sort((a, b) =>
        a.deviceId.localeCompare(b.deviceId),
      );
      expect(states).toStrictEqual([replaced, d2]);
      expect('lastSeen' in (states[0] ?? {})).toBe(false);
    });
  });

  describe('commit: alarms', () => {
    beforeEach(async () => {
      for (const id of ['d1', 'd2']) await ctx.store.createDevice(device(id));
    });

    it('round-trips a full alarm and keeps absent optional fields absent', async () => {
      const full = fullAlarm('a1');
      const bare = alarm('a2');
      await ctx.store.commit(batch({ alarms: [full, bare] }));
      expect(await ctx.store.getAlarm('a1')).toStrictEqual(full);
      const got = await ctx.store.getAlarm('a2');
      expect(got).toStrictEqual(bare);
      expect(
        got && Object.keys(got).filter((k) => ['clearedAt', 'ackedAt', 'ackedBy', 'ticketId'].includes(k)),
      ).toStrictEqual([]);
    });

    it('upserts by id: a later write replaces the alarm, within and across batches', async () => {
      const raised = alarm('a1', { count: 1 });
      const repeated = alarm('a1', { count: 2, lastSeenAt: T0 + 10, ackedBy: 'bob', ackedAt: T0 + 5 });
      await ctx.store.commit(batch({ alarms: [raised, repeated] }));
      expect(await ctx.store.getAlarm('a1')).toStrictEqual(repeated);
      const cleared = alarm('a1', { active: false, count: 2, lastSeenAt: T0 + 10, clearedAt: T0 + 20 });
      await ctx.store.commit(batch({ alarms: [cleared] }));
      // ...except that an ack, once stored, stays (store.contract.claims.ts).
      expect(await ctx.store.getAlarm('a1')).toStrictEqual({ ...cleared, ackedBy: 'bob', ackedAt: T0 + 5 });
      expect(await ctx.store.listAlarms()).toHaveLength(1);
    });

    it('returns undefined for an unknown alarm', async () => {
      expect(await ctx.store.getAlarm('nope')).toBeUndefined();
    });

    it('lists newest first by raisedAt, with active, deviceId and limit filters', async () => {
      await ctx.store.commit(
        batch({
          alarms: [
            alarm('a1', { deviceId: 'd1', raisedAt: T0 + 1 }),
            alarm('a2', { deviceId: 'd2', raisedAt: T0 + 4, active: false, clearedAt: T0 + 5 }),
            alarm('a3', { deviceId: 'd1', rule: 'door_open', raisedAt: T0 + 3 }),
            alarm('a4', { deviceId: 'd2', raisedAt: T0 + 2, rule: 'offline', severity: 'critical' }),
          ],
        }),
      );
      const ids = async (f?: Parameters<ContractContext['store']['listAlarms']>[0]) =>
        (await ctx.store.listAlarms(f)).map((a) => a.id);
      expect(await ids()).toStrictEqual(['a2', 'a3', 'a4', 'a1']);
      expect(await ids({ active: true })).toStrictEqual(['a3', 'a4', 'a1']);
      expect(await ids({ active: false })).toStrictEqual(['a2']);
      expect(await ids({ deviceId: 'd1' })).toStrictEqual(['a3', 'a1']);
      expect(await ids({ deviceId: 'd2', active: true })).toStrictEqual(['a4']);
      expect(await ids({ limit: 2 })).toStrictEqual(['a2', 'a3']);
      expect(await ids({ active: true, limit: 1 })).toStrictEqual(['a3']);
      expect(await ids({ deviceId: 'd9' })).toStrictEqual([]);
    });
  });

  describe('commit: atomicity', () => {
    // A row no backend can store: telemetry without a device id, forced past the type checker.
    const invalid = { deviceId: null, ts: T0, data: { v: 1 } } as unknown as TelemetryRecord;
    const everything = () =>
      batch({
        deviceStates: [deviceState('d1', { status: 'online', state: { v: 2 } })],
        telemetry: [{ deviceId: 'd1', ts: T0, data: { v: 2 } }, invalid],
        alarms: [alarm('a1')],
        tickets: [ticket('T-1')],
        ticketEvents: [ticketEvent('T-1', 'created')],
      });

    beforeEach(async () => {
      await ctx.store.createDevice(device('d1'));
    });

    it('a batch with one invalid row commits nothing at all', async () => {
      await expect(ctx.store.commit(everything())).rejects.toThrow();
      expect(await ctx.store.listDeviceStates()).toStrictEqual([]);
      expect(await ctx.store.getAlarm('a1')).toBeUndefined();
      expect(await ctx.store.listAlarms()).toStrictEqual([]);
      expect(await ctx.store.getTicket('T-1')).toBeUndefined();
      expect(await ctx.store.listTickets()).toStrictEqual([]);
      expect(await ctx.store.getTimeline('T-1')).toStrictEqual([]);
      expect(await ctx.store.queryTelemetry('d1', 'v', T0 - 1, T0 + 1)).toStrictEqual([]);
    });

    it('a failed batch leaves earlier data untouched and the store usable', async () => {
      const before = deviceState('d1', { status: 'offline', state: { v: 1 } });
      await ctx.store.commit(batch({ deviceStates: [before] }));
      await expect(ctx.store.commit(everything())).rejects.toThrow();
      expect(await ctx.store.listDeviceStates()).toStrictEqual([before]);
      await ctx.store.commit(batch({ alarms: [alarm('a9')] }));
      expect((await ctx.store.getAlarm('a9'))?.id).toBe('a9');
    });
  });
}
