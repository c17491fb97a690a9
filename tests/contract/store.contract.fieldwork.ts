// Store contract: idempotency keys and ticket attachments (api.md "Field work and notifications (v1.1)").
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type AttachmentRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

const DAY = 86_400_000;
const keyRecord = (key: string, fingerprint = 'fp-1', createdAt = T0, username = 'alice') => ({
  username,
  key,
  fingerprint,
  createdAt,
  expiresAt: createdAt + DAY,
});

function attachment(id: string, ticketId: string, bytes: Buffer, extra: Partial<AttachmentRecord> = {}) {
  const record: AttachmentRecord = {
    id,
    ticketId,
    kind: 'before',
    contentType: 'image/png',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: T0,
    createdBy: 'tech1',
    ...extra,
  };
  return record;
}

export function fieldWorkContract(ctx: ContractContext): void {
  describe('idempotency keys', () => {
    it('claims a new key once; a second claim returns the first record, pending then answered', async () => {
      expect(await ctx.store.claimIdempotencyKey(keyRecord('k1'))).toStrictEqual({ claimed: true });
      expect(await ctx.store.claimIdempotencyKey(keyRecord('k1', 'fp-2', T0 + 5))).toStrictEqual({
        claimed: false,
        record: keyRecord('k1'),
      });
      await ctx.store.completeIdempotencyKey('alice', 'k1', { status: 201, body: '{"id":"t1"}' });
      expect(await ctx.store.claimIdempotencyKey(keyRecord('k1', 'fp-1', T0 + 10))).toStrictEqual({
        claimed: false,
        record: { ...keyRecord('k1'), response: { status: 201, body: '{"id":"t1"}' } },
      });
    });

    it('keeps keys per user', async () => {
      expect(await ctx.store.claimIdempotencyKey(keyRecord('k1'))).toStrictEqual({ claimed: true });
      const bob = keyRecord('k1', 'fp-1', T0, 'bob');
      expect(await ctx.store.claimIdempotencyKey(bob)).toStrictEqual({ claimed: true });
    });

    it('of concurrent claims of one key exactly one is claimed', async () => {
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => ctx.store.claimIdempotencyKey(keyRecord('race'))),
      );
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    });

    it('takes over a claim left without an answer since abandonedBefore, never an answered or a recent one', async () => {
      await ctx.store.claimIdempotencyKey(keyRecord('left'));
      await ctx.store.claimIdempotencyKey(keyRecord('done'));
      await ctx.store.completeIdempotencyKey('alice', 'done', { status: 200, body: '{}' });
      const later = (key: string, abandonedBefore: number) => ({
        ...keyRecord(key, 'fp-2', T0 + 400_000),
        abandonedBefore,
      });
      // Claimed at T0: not abandoned as of a cut before it.
      expect(await ctx.store.claimIdempotencyKey(later('left', T0 - 1))).toMatchObject({ claimed: false });
      expect(await ctx.store.claimIdempotencyKey(later('left', T0))).toStrictEqual({ claimed: true });
      expect(await ctx.store.claimIdempotencyKey(later('left', T0))).toMatchObject({
        claimed: false,
        record: { fingerprint: 'fp-2', createdAt: T0 + 400_000 },
      });
      expect(await ctx.store.claimIdempotencyKey(later('done', T0))).toMatchObject({
        claimed: false,
        record: { response: { status: 200, body: '{}' } },
      });
    });

    it('a released claim without an answer can be claimed again; an answered one is not released', async () => {
      await ctx.store.claimIdempotencyKey(keyRecord('k1'));
      await ctx.store.releaseIdempotencyKey('alice', 'k1');
      expect(await ctx.store.claimIdempotencyKey(keyRecord('k1', 'fp-2'))).toStrictEqual({ claimed: true });
      await ctx.store.completeIdempotencyKey('alice', 'k1', { status: 200, body: '{}' });
      await ctx.store.releaseIdempotencyKey('alice', 'k1');
      const again = await ctx.store.claimIdempotencyKey(keyRecord('k1', 'fp-2'));
      expect(again.claimed).toBe(false);
    });

    it('an expired key is taken over by a new claim, and purged', async () => {
      await ctx.store.claimIdempotencyKey(keyRecord('old'));
      await ctx.store.claimIdempotencyKey(keyRecord('kept', 'fp-1', T0 + DAY));
      const later = keyRecord('old', 'fp-9', T0 + DAY);
      expect(await ctx.store.claimIdempotencyKey(later)).toStrictEqual({ claimed: true });
      expect(await ctx.store.deleteExpiredIdempotencyKeys(T0 + 2 * DAY)).toBe(2);
      expect(await ctx.store.deleteExpiredIdempotencyKeys(T0 + 2 * DAY)).toBe(0);
      await ctx.store.claimIdempotencyKey(keyRecord('new', 'fp-1', T0 + 3 * DAY));
      expect(await ctx.store.deleteExpiredIdempotencyKeys(T0 + 3 * DAY)).toBe(0);
    });
  });

  describe('attachments', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(70_000, 7)]);

    it('stores a record with its bytes and reads both back', async () => {
      const a = attachment('a1', 't1', png);
      await ctx.store.createAttachment(a, png);
      expect(await ctx.store.getAttachment('a1')).toStrictEqual(a);
      expect((await ctx.store.readAttachment('a1'))?.equals(png)).toBe(true);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await ctx.store.getAttachment('nope')).toBeUndefined();
      expect(await ctx.store.readAttachment('nope')).toBeUndefined();
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first bytes', async () => {
      await ctx.store.createAttachment(attachment('a1', 't1', png), png);
      await expect(ctx.store.createAttachment(attachment('a1', 't2', jpeg), jpeg)).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.readAttachment('a1'))?.equals(png)).toBe(true);
      expect((await ctx.store.getAttachment('a1'))?.ticketId).toBe('t1');
    });

    it('lists the attachments of the given tickets, oldest first', async () => {
      const b = attachment('b', 't1', jpeg, { createdAt: T0 + 2, kind: 'after', contentType: 'image/jpeg' });
      const a = attachment('a', 't1', png, { createdAt: T0 + 1, kind: 'signature' });
      const c = attachment('c', 't2', png, { createdAt: T0 });
      const d = attachment('d', 't3', png, { createdAt: T0 });
      for (const [r, bytes] of [
        [b, jpeg],
        [a, png],
        [c, png],
        [d, png],
      ] as const)
        await ctx.store.createAttachment(r, bytes);
      expect(await ctx.store.listAttachments(['t1', 't2'])).toStrictEqual([c, a, b]);
      expect(await ctx.store.listAttachments(['t9'])).toStrictEqual([]);
      expect(await ctx.store.listAttachments([])).toStrictEqual([]);
    });
  });
}
