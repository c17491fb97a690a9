// Store contract: notification channels (secret and compounds kept as given) and their delivery log —
// claimed once per channel and key, updated, listed newest first with keyset paging, removed with the
// channel.
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type ChannelRecord, type DeliveryRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

function channel(id: string, extra: Partial<ChannelRecord> = {}): ChannelRecord {
  return {
    id,
    type: 'dingtalk',
    name: '维修群',
    url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
    minPriority: 'P2',
    createdBy: 'admin',
    createdAt: T0,
    ...extra,
  };
}

function delivery(id: string, extra: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id,
    channelId: 'c1',
    key: `ticket.created:${id}`,
    at: T0,
    event: 'ticket.created',
    ticketId: 'T1',
    attempts: 0,
    ok: false,
    ...extra,
  };
}

export function notificationsContract(ctx: ContractContext): void {
  describe('notification channels', () => {
    it('creates, gets and lists channels oldest first; optional fields stay absent', async () => {
      const a = channel('c1', { secret: 'SEC123', compoundIds: ['gongbao', 'qufuzhen'] });
      const b = channel('c2', { type: 'webhook', createdAt: T0 + 1, minPriority: 'P1' });
      await ctx.store.createChannel(b);
      await ctx.store.createChannel(a);
      expect(await ctx.store.getChannel('c1')).toStrictEqual(a);
      expect(await ctx.store.getChannel('c2')).toStrictEqual(b);
      expect(await ctx.store.getChannel('nope')).toBeUndefined();
      expect(await ctx.store.listChannels()).toStrictEqual([a, b]);
    });

    it('rejects a duplicate channel id with StoreConflictError', async () => {
      await ctx.store.createChannel(channel('c1'));
      await expect(ctx.store.createChannel(channel('c1', { name: 'x' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getChannel('c1'))?.name).toBe('维修群');
    });

    it('claims a delivery once per channel and key, and updates it', async () => {
      await ctx.store.createChannel(channel('c1'));
      await ctx.store.createChannel(channel('c2'));
      expect(await ctx.store.claimDelivery(delivery('d1'))).toBe(true);
      // The same message claimed again (another node): refused, the first stays.
      expect(await ctx.store.claimDelivery(delivery('d2', { key: 'ticket.created:d1' }))).toBe(false);
      // The same key for another channel is another message.
      expect(
        await ctx.store.claimDelivery(delivery('d3', { channelId: 'c2', key: 'ticket.created:d1' })),
      ).toBe(true);
      const done = delivery('d1', { attempts: 3, ok: true, status: 200, doneAt: T0 + 5 });
      expect(await ctx.store.updateDelivery(done)).toBe(true);
      expect(await ctx.store.updateDelivery(delivery('nope'))).toBe(false);
      expect(await ctx.store.listDeliveries('c1')).toStrictEqual([done]);
      const failed = delivery('d3', {
        channelId: 'c2',
        key: 'ticket.created:d1',
        attempts: 1,
        error: 'timeout',
        doneAt: T0 + 9,
      });
      await ctx.store.updateDelivery(failed);
      expect(await ctx.store.listDeliveries('c2')).toStrictEqual([failed]);
    });

    it('lists deliveries newest first and pages after a given one', async () => {
      await ctx.store.createChannel(channel('c1'));
      const ds = [
        delivery('D1', { at: T0 }),
        delivery('D2', { at: T0 + 10, event: 'ticket.escalated', level: 2, key: 'esc:2' }),
        delivery('D3', { at: T0 + 10 }),
        delivery('D4', { at: T0 + 20, event: 'test', key: 'test:1' }),
      ].map(({ ticketId, ...d }) => (d.event === 'test' ? d : { ...d, ticketId: ticketId ?? 'T1' }));
      for (const d of ds) await ctx.store.claimDelivery(d);
      const ids = (list: DeliveryRecord[]) => list.map((d) => d.id);
      expect(ids(await ctx.store.listDeliveries('c1'))).toStrictEqual(['D4', 'D3', 'D2', 'D1']);
      expect(await ctx.store.listDeliveries('c1', { limit: 1 })).toStrictEqual([ds[3]]);
      expect(ids(await ctx.store.listDeliveries('c1', { before: 'D3', limit: 1 }))).toStrictEqual(['D2']);
      expect(ids(await ctx.store.listDeliveries('c1', { before: 'D2' }))).toStrictEqual(['D1']);
      expect(await ctx.store.listDeliveries('c1', { before: 'unknown' })).toStrictEqual([]);
      expect(await ctx.store.listDeliveries('other')).toStrictEqual([]);
    });

    it('deletes a channel with its deliveries; a second delete says false', async () => {
      await ctx.store.createChannel(channel('c1'));
      await ctx.store.createChannel(channel('c2'));
      await ctx.store.claimDelivery(delivery('d1'));
      await ctx.store.claimDelivery(delivery('d2', { channelId: 'c2' }));
      expect(await ctx.store.deleteChannel('c1')).toBe(true);
      expect(await ctx.store.deleteChannel('c1')).toBe(false);
      expect(await ctx.store.getChannel('c1')).toBeUndefined();
      expect(await ctx.store.listDeliveries('c1')).toStrictEqual([]);
      expect(await ctx.store.listDeliveries('c2')).toHaveLength(1);
      // The key is free again for a channel of the same id created later.
      await ctx.store.createChannel(channel('c1'));
      expect(await ctx.store.claimDelivery(delivery('d3', { key: 'ticket.created:d1' }))).toBe(true);
    });
  });
}
