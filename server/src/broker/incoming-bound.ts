// The inbound QoS-2 store, bounded per client. aedes keeps every QoS-2 PUBLISH in its persistence
// until the client's PUBREL (for duplicate detection), and a client that withholds PUBREL makes it
// grow: 1,000 packets of 250 KB each per connection, and with clean=false the entries outlive it.
// Nothing reads a stored entry back but its message id (PUBREL only checks that it exists), and every
// device publish is consumed by the server before aedes stores it, so an entry keeps only its id:
// neither the payload nor the topic of a publish — denied or accepted — stays behind. On top of that
// each client id may hold at most `maxPackets` entries and `maxBytes` bytes awaiting PUBREL; the
// store that would pass either is refused, which closes the connection, and that client id's entries
// are dropped.

/** The part of aedes' persistence this wraps (aedes-persistence's memory store has all four). */
export interface IncomingStore {
  incomingStorePacket(client: { id: string }, packet: object): Promise<void>;
  incomingDelPacket(client: { id: string }, packet: object): Promise<void>;
  cleanIncoming?(client: { id: string }): Promise<void>;
}

export interface IncomingBoundOptions {
  maxPackets: number;
  maxBytes: number;
  /** Whether the server consumed this publish itself (its stored copy needs no payload or topic). */
  consumed: (packet: object) => boolean;
  /** A client went over its bound: its connection is about to close. */
  onOverflow?: (clientId: string) => void;
}

/** What one stored entry costs besides the topic and payload it keeps (object, id, flags). */
export const ENTRY_OVERHEAD_BYTES = 96;

interface Held {
  bytes: Map<number, number>;
  total: number;
}

interface PublishLike {
  messageId?: number;
  topic?: string;
  payload?: Buffer | string;
}

function sizeOf(p: PublishLike): number {
  const payload = p.payload === undefined ? 0 : Buffer.byteLength(p.payload);
  return ENTRY_OVERHEAD_BYTES + Buffer.byteLength(p.topic ?? '') + payload;
}

export class IncomingBound {
  private readonly held = new Map<string, Held>();
  private heldBytes = 0;
  private heldPackets = 0;

  constructor(private readonly o: IncomingBoundOptions) {
    if (!(o.maxPackets >= 1) || !(o.maxBytes >= ENTRY_OVERHEAD_BYTES)) {
      throw new RangeError(
        `an inbound QoS-2 bound needs maxPackets ≥ 1 and maxBytes ≥ ${ENTRY_OVERHEAD_BYTES}`,
      );
    }
  }

  /** Bytes (estimated) and entries held over all clients now. */
  get bytes(): number {
    return this.heldBytes;
  }
  get packets(): number {
    return this.heldPackets;
  }

  /** Wraps `store` in place: its incoming methods go through the bound from now on. */
  wrap(store: IncomingStore): void {
    const storePacket = store.incomingStorePacket.bind(store);
    const delPacket = store.incomingDelPacket.bind(store);
    const clean = store.cleanIncoming?.bind(store);
    store.incomingStorePacket = async (client, packet) => {
      const p = packet as PublishLike;
      const kept: PublishLike = this.o.consumed(packet) ? { ...p, topic: '', payload: Buffer.alloc(0) } : p;
      const id = p.messageId ?? 0;
      const h = this.held.get(client.id) ?? { bytes: new Map<number, number>(), total: 0 };
      const size = sizeOf(kept);
      const after = h.total - (h.bytes.get(id) ?? 0) + size;
      const count = h.bytes.size + (h.bytes.has(id) ? 0 : 1);
      if (count > this.o.maxPackets || after > this.o.maxBytes) {
        this.o.onOverflow?.(client.id);
        this.forget(client.id);
        await clean?.(client);
        throw new Error(
          `inbound QoS 2 store of client ${client.id} over its bound (${this.o.maxPackets} packets, ${this.o.maxBytes} bytes awaiting PUBREL)`,
        );
      }
      await storePacket(client, kept);
      this.forgetOne(client.id, id);
      const now = this.held.get(client.id) ?? h;
      now.bytes.set(id, size);
      now.total += size;
      this.held.set(client.id, now);
      this.heldBytes += size;
      this.heldPackets++;
    };
    store.incomingDelPacket = async (client, packet) => {
      await delPacket(client, packet);
      this.forgetOne(client.id, (packet as PublishLike).messageId ?? 0);
    };
    store.cleanIncoming = async (client) => {
      this.forget(client.id);
      await clean?.(client);
    };
  }

  private forgetOne(clientId: string, messageId: number): void {
    const h = this.held.get(clientId);
    const size = h?.bytes.get(messageId);
    if (!h || size === undefined) return;
    h.bytes.delete(messageId);
    h.total -= size;
    this.heldBytes -= size;
    this.heldPackets--;
    if (h.bytes.size === 0) this.held.delete(clientId);
  }

  private forget(clientId: string): void {
    const h = this.held.get(clientId);
    if (!h) return;
    this.heldBytes -= h.total;
    this.heldPackets -= h.bytes.size;
    this.held.delete(clientId);
  }
}
