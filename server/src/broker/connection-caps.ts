// Caps on open MQTT connections (TCP and WebSocket at /mqtt alike): per remote address (IPv6 by its
// /64) and in total, so one host cannot hold the broker's file descriptors and the total stays inside
// the process's budget (fd-budget.ts). A connection over a cap is not dropped silently: it may still
// send its CONNECT, which gets CONNACK 3 (server unavailable) saying why, within a short deadline —
// and only `maxRefusing` such connections are kept at a time; beyond that one is closed at once.
import { clientAddressKey } from '../auth/client-address';

export interface ConnectionCapsOptions {
  perAddress: number;
  total: number;
  /** Over-cap connections kept open at once to be told why at CONNACK. */
  maxRefusing?: number;
}

/** `ok`, or which cap refuses the connection. */
export type Admission = 'ok' | 'address' | 'total';

export const REFUSAL_MESSAGES: Record<Exclude<Admission, 'ok'>, string> = {
  address: 'too many MQTT connections from this address',
  total: 'the broker is at its connection limit',
};

export class ConnectionCaps {
  private readonly perAddress = new Map<string, number>();
  private open = 0;
  private refusing = 0;
  private readonly maxRefusing: number;

  constructor(private readonly o: ConnectionCapsOptions) {
    if (!(o.perAddress >= 1) || !(o.total >= 1)) {
      throw new RangeError('connection caps need perAddress ≥ 1 and total ≥ 1');
    }
    this.maxRefusing = o.maxRefusing ?? 64;
  }

  /**
   * A connection from `address` opened. 'ok' takes a slot (give it back with `closed`); otherwise the
   * connection is over a cap and takes none.
   */
  opened(address: string): Admission {
    const key = clientAddressKey(address);
    if (this.open >= this.o.total) return 'total';
    const n = this.perAddress.get(key) ?? 0;
    if (n >= this.o.perAddress) return 'address';
    this.perAddress.set(key, n + 1);
    this.open++;
    return 'ok';
  }

  /** A connection that `opened` admitted closed. */
  closed(address: string): void {
    const key = clientAddressKey(address);
    const n = this.perAddress.get(key);
    if (n === undefined) return;
    if (n > 1) this.perAddress.set(key, n - 1);
    else this.perAddress.delete(key);
    this.open--;
  }

  /** Whether one more refused connection may stay open to hear why (call `refused` when it closes). */
  mayExplain(): boolean {
    if (this.refusing >= this.maxRefusing) return false;
    this.refusing++;
    return true;
  }

  refused(): void {
    this.refusing = Math.max(0, this.refusing - 1);
  }

  /** Connections admitted and open now. */
  get size(): number {
    return this.open;
  }

  /** Addresses with an admitted connection open. */
  get addresses(): number {
    return this.perAddress.size;
  }
}
