// Store contract: what incidents, silences, flapping and repeat repairs keep — the power feed of a
// device, an alarm's cause, silence and flapping, a ticket's repeat count, and the silences themselves.
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type SilenceRecord } from '../../server/src/store/store';
import { alarm, batch, device, T0, ticket, type ContractContext } from './store.contract.fixtures';

const MIN = 60_000;

function silence(id: string, extra: Partial<SilenceRecord> = {}): SilenceRecord {
  return {
    id,
    match: { compoundId: 'gongbao' },
    startsAt: T0,
    endsAt: T0 + 60 * MIN,
    reason: 'planned maintenance',
    createdBy: 'disp',
    createdAt: T0,
    ...extra,
  };
}

export function incidentsContract(ctx: ContractContext): void {
  describe('incidents and silences', () => {
    it('keeps the box that feeds a device, and leaves it absent when none', async () => {
      await ctx.store.createDevices([
        device('box-1', { type: 'distribution_box' }),
        device('lamp-1', { type: 'streetlight', poweredBy: 'box-1' }),
      ]);
      expect((await ctx.store.getDevice('lamp-1'))?.poweredBy).toBe('box-1');
      expect(await ctx.store.getDevice('box-1')).not.toHaveProperty('poweredBy');
      expect((await ctx.store.listDevices({ type: 'streetlight' }))[0]?.poweredBy).toBe('box-1');
    });

    it('round-trips an alarm with its cause, silence, flapping and quiet time', async () => {
      const a = alarm('a1', { causeAlarmId: 'a0', silenceId: 's1', flapping: true, quietSince: T0 + 5 });
      const plain = alarm('a2', { deviceId: 'd2' });
      await ctx.store.commit(batch({ alarms: [a, plain] }));
      expect(await ctx.store.getAlarm('a1')).toStrictEqual(a);
      expect(await ctx.store.getAlarm('a2')).toStrictEqual(plain);
    });

    it('never loses an alarm’s cause or silence to a later write that lacks them', async () => {
      await ctx.store.commit(batch({ alarms: [alarm('a1', { causeAlarmId: 'a0', silenceId: 's1' })] }));
      await ctx.store.commit(batch({ alarms: [alarm('a1', { count: 3 })] }));
      const got = await ctx.store.getAlarm('a1');
      expect(got).toMatchObject({ count: 3, causeAlarmId: 'a0', silenceId: 's1' });
    });

    it('lists the alarms of given causes, of given rules, raised since a time', async () => {
      await ctx.store.commit(
        batch({
          alarms: [
            alarm('root', { deviceId: 'box-1', rule: 'breaker_tripped', raisedAt: T0 }),
            alarm('l1', { deviceId: 'lamp-1', rule: 'offline', causeAlarmId: 'root', raisedAt: T0 + 1 }),
            alarm('l2', { deviceId: 'lamp-2', rule: 'offline', causeAlarmId: 'other', raisedAt: T0 + 2 }),
            alarm('old', { deviceId: 'box-2', rule: 'phase_loss', raisedAt: T0 - 10 * MIN }),
          ],
        }),
      );
      const ids = (as: { id: string }[]) => as.map((a) => a.id);
      expect(ids(await ctx.store.listAlarms({ causeAlarmIds: ['root'] }))).toStrictEqual(['l1']);
      expect(ids(await ctx.store.listAlarms({ causeAlarmIds: ['root', 'other'] }))).toStrictEqual([
        'l2',
        'l1',
      ]);
      expect(ids(await ctx.store.listAlarms({ causeAlarmIds: [] }))).toStrictEqual([]);
      expect(ids(await ctx.store.listAlarms({ rules: ['breaker_tripped', 'phase_loss'] }))).toStrictEqual([
        'root',
        'old',
      ]);
      expect(ids(await ctx.store.listAlarms({ rules: ['phase_loss'], raisedFrom: T0 - MIN }))).toStrictEqual(
        [],
      );
    });

    it('keeps a ticket’s repeat count, absent while it is 0, and lists tickets closed since a time', async () => {
      const repeated = ticket('t1', { status: 'closed', closedAt: T0 + 10, repeatCount: 2 });
      const fresh = ticket('t2', { status: 'closed', closedAt: T0 - 10 });
      await ctx.store.commit(batch({ tickets: [repeated, fresh] }));
      expect(await ctx.store.getTicket('t1')).toStrictEqual(repeated);
      expect(await ctx.store.getTicket('t2')).toStrictEqual(fresh);
      const since = await ctx.store.listTickets({ status: ['closed'], closedFrom: T0 });
      expect(since.map((t) => t.id)).toStrictEqual(['t1']);
    });

    it('round-trips a silence with every field, and keeps absent ones absent', async () => {
      const full = silence('s1', {
        match: {
          deviceId: 'box-1',
          compoundId: 'gongbao',
          type: 'distribution_box',
          rule: 'breaker_tripped',
        },
        ticketId: 't1',
      });
      const bare = silence('s2');
      await ctx.store.createSilence(full);
      await ctx.store.createSilence(bare);
      expect(await ctx.store.getSilence('s1')).toStrictEqual(full);
      expect(await ctx.store.getSilence('s2')).toStrictEqual(bare);
      expect(await ctx.store.getSilence('nope')).toBeUndefined();
      await expect(ctx.store.createSilence(silence('s1'))).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('lists silences newest first, and those in force at a time', async () => {
      await ctx.store.createSilence(silence('past', { startsAt: T0 - 120 * MIN, endsAt: T0 - 60 * MIN }));
      await ctx.store.createSilence(silence('now', { createdAt: T0 + 1 }));
      await ctx.store.createSilence(silence('later', { startsAt: T0 + 30 * MIN, createdAt: T0 + 2 }));
      const ids = (ss: SilenceRecord[]) => ss.map((s) => s.id);
      expect(ids(await ctx.store.listSilences())).toStrictEqual(['later', 'now', 'past']);
      expect(ids(await ctx.store.listSilences({ activeAt: T0 + MIN }))).toStrictEqual(['now']);
      expect(ids(await ctx.store.listSilences({ activeAt: T0 + 40 * MIN }))).toStrictEqual(['later', 'now']);
      expect(ids(await ctx.store.listSilences({ limit: 1 }))).toStrictEqual(['later']);
    });

    it('ends a silence early once: it is no longer in force, and a second end changes nothing', async () => {
      await ctx.store.createSilence(silence('s1'));
      expect(await ctx.store.endSilence('s1', T0 + MIN, 'disp2')).toBe(true);
      expect(await ctx.store.endSilence('s1', T0 + 2 * MIN, 'disp3')).toBe(false);
      expect(await ctx.store.endSilence('nope', T0, 'disp')).toBe(false);
      expect(await ctx.store.getSilence('s1')).toMatchObject({ endedAt: T0 + MIN, endedBy: 'disp2' });
      expect(await ctx.store.listSilences({ activeAt: T0 + 2 * MIN })).toStrictEqual([]);
    });
  });
}
