// The technician phone's IndexedDB (through idb): one database per user, so a phone handed to the
// next shift keeps each technician's queue apart. `outbox` holds the actions not yet sent (keyed by
// an increasing seq: the order they were taken), `snapshot` the last picture of the van's work
// (tickets, compounds, vans), shown when the page opens without a network.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CompoundDto, TicketDto, VanDto } from '../api/types';
import type { OutboxFailure, OutboxItem } from './outbox-rules';

export interface TechSnapshot {
  tickets: TicketDto[];
  compounds: CompoundDto[];
  vans: VanDto[];
  /** When it was taken (ms). */
  at: number;
}

interface TechDb extends DBSchema {
  outbox: { key: number; value: OutboxItem };
  snapshot: { key: string; value: TechSnapshot };
}

const VERSION = 1;
const SNAPSHOT_KEY = 'work';

/** The outbox and snapshot store of one user. */
export interface OfflineDb {
  add(item: Omit<OutboxItem, 'seq'>): Promise<OutboxItem>;
  all(): Promise<OutboxItem[]>;
  remove(seq: number): Promise<void>;
  markFailed(seq: number, failure: OutboxFailure): Promise<void>;
  saveSnapshot(s: TechSnapshot): Promise<void>;
  loadSnapshot(): Promise<TechSnapshot | undefined>;
}

export async function openOfflineDb(username: string): Promise<OfflineDb> {
  const db: IDBPDatabase<TechDb> = await openDB<TechDb>(`redsail-tech-${username}`, VERSION, {
    upgrade(d) {
      d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore('snapshot');
    },
  });
  return {
    async add(item) {
      // seq is filled in by the store's key generator (autoIncrement), which only goes up.
      const seq = await db.add('outbox', item as OutboxItem);
      return { ...item, seq };
    },
    all: () => db.getAll('outbox'),
    remove: (seq) => db.delete('outbox', seq),
    async markFailed(seq, failure) {
      const tx = db.transaction('outbox', 'readwrite');
      const item = await tx.store.get(seq);
      if (item) await tx.store.put({ ...item, failed: failure });
      await tx.done;
    },
    saveSnapshot: async (s) => {
      await db.put('snapshot', s, SNAPSHOT_KEY);
    },
    loadSnapshot: () => db.get('snapshot', SNAPSHOT_KEY),
  };
}
