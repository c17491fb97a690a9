import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD_BYTES, IncomingBound, type IncomingStore } from './incoming-bound';

/** aedes-persistence's incoming store, as a map per client id. */
function memoryStore(): IncomingStore & { kept: Map<string, Map<number, object>> } {
  const kept = new Map<string, Map<number, object>>();
  return {
    kept,
    incomingStorePacket: (c, p) => {
      const m = kept.get(c.id) ?? new Map<number, object>();
      m.set((p as { messageId: number }).messageId, p);
      kept.set(c.id, m);
      return Promise.resolve();
    },
    incomingDelPacket: (c, p) => {
      const m = kept.get(c.id);
      if (!m?.delete((p as { messageId: number }).messageId))
        return Promise.reject(new Error('no such packet'));
      return Promise.resolve();
    },
    cleanIncoming: (c) => {
      kept.delete(c.id);
      return Promise.resolve();
    },
  };
}

const publish = (messageId: number, bytes = 250_000, consumed = true) => ({
  messageId,
  topic: 'redsail/v1/devices/other/telemetry',
  payload: Buffer.alloc(bytes),
  consumed,
});

describe('IncomingBound', () => {
  it('keeps neither payload nor topic of a consumed publish, only its message id', async () => {
    const store = memoryStore();
    const bound = new IncomingBound({ maxPackets: 4, maxBytes: 64 * 1024, consumed: (p) => 'consumed' in p });
    bound.wrap(store);
    await store.incomingStorePacket({ id: 'c' }, publish(7));
    const kept = store.kept.get('c')?.get(7) as { topic: string; payload: Buffer };
    expect(kept.topic).toBe('');
    expect(kept.payload.length).toBe(0);
    expect(bound.bytes).toBe(ENTRY_OVERHEAD_BYTES);
    expect(bound.packets).toBe(1);
    await store.incomingDelPacket({ id: 'c' }, { messageId: 7 });
    expect(bound.bytes).toBe(0);
    expect(bound.packets).toBe(0);
  });

  it('refuses the packet past the count, drops the client’s entries and reports it', async () => {
    const store = memoryStore();
    const overflowed: string[] = [];
    const bound = new IncomingBound({
      maxPackets: 3,
      maxBytes: 64 * 1024,
      consumed: () => true,
      onOverflow: (id) => overflowed.push(id),
    });
    bound.wrap(store);
    for (let id = 1; id <= 3; id++) await store.incomingStorePacket({ id: 'c' }, publish(id));
    await store.incomingStorePacket({ id: 'other' }, publish(1));
    // A retransmission of a held id takes no second slot.
    await store.incomingStorePacket({ id: 'c' }, publish(2));
    expect(bound.packets).toBe(4);
    await expect(store.incomingStorePacket({ id: 'c' }, publish(4))).rejects.toThrow(/over its bound/);
    expect(overflowed).toEqual(['c']);
    expect(store.kept.has('c')).toBe(false);
    expect(bound.packets).toBe(1);
    expect(bound.bytes).toBe(ENTRY_OVERHEAD_BYTES);
  });

  it('counts the bytes of what it keeps against maxBytes', async () => {
    const store = memoryStore();
    const bound = new IncomingBound({ maxPackets: 100, maxBytes: 10_000, consumed: () => false });
    bound.wrap(store);
    await store.incomingStorePacket({ id: 'c' }, publish(1, 4_000));
    await store.incomingStorePacket({ id: 'c' }, publish(2, 4_000));
    await expect(store.incomingStorePacket({ id: 'c' }, publish(3, 4_000))).rejects.toThrow(/10000 bytes/);
    expect(bound.bytes).toBe(0);
  });

  it('forgets a client’s entries when its session is cleaned', async () => {
    const store = memoryStore();
    const bound = new IncomingBound({ maxPackets: 10, maxBytes: 64 * 1024, consumed: () => true });
    bound.wrap(store);
    await store.incomingStorePacket({ id: 'c' }, publish(1));
    await store.incomingStorePacket({ id: 'c' }, publish(2));
    await store.cleanIncoming!({ id: 'c' });
    expect(bound.packets).toBe(0);
    expect(store.kept.size).toBe(0);
  });

  it('refuses bounds that cannot hold one entry', () => {
    expect(() => new IncomingBound({ maxPackets: 0, maxBytes: 1000, consumed: () => true })).toThrow(
      RangeError,
    );
    expect(() => new IncomingBound({ maxPackets: 1, maxBytes: 10, consumed: () => true })).toThrow(
      RangeError,
    );
  });
});
