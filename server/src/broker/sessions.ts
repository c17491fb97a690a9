// One live MQTT connection per device on this node, whatever client id it used, and persistent
// sessions only under the device's own id. The broker keys connections by client id, so without this
// one secret could hold thousands of connections and sessions under made-up ids. A new good login of
// a device takes over: its previous connection is closed without publishing its last will (the device
// is not offline, it reconnected), as a takeover by another node does. device-protocol.md says the
// client id *should* be the device id: a different one is still served, but only with a clean session
// (a persistent one under it is refused with CONNACK 2, identifier rejected), so what outlives a
// connection is bounded by one session per device.

/** What a connection needs to be taken over (aedes' Client has it). */
export interface SessionClient {
  id: string;
  closed: boolean;
  close(done?: () => void): void;
}

/** Why a login may not go on with this client id, or undefined. */
export function sessionProblem(deviceId: string, clientId: string, clean: boolean): string | undefined {
  if (!clean && clientId !== deviceId) {
    return 'a persistent session (clean=false) needs the device id as its client id';
  }
  return undefined;
}

export class DeviceSessions {
  private readonly live = new Map<string, SessionClient>();

  constructor(
    /** Closes `prev`, taken over by `next`, without its last will. */
    private readonly evict: (prev: SessionClient, next: SessionClient) => void,
  ) {}

  /** The device's live connection on this node. */
  get(deviceId: string): SessionClient | undefined {
    const c = this.live.get(deviceId);
    return c && !c.closed ? c : undefined;
  }

  /** `client` is the device's connection from now on; the one it had before is closed. True if there was one. */
  claim(deviceId: string, client: SessionClient): boolean {
    const prev = this.get(deviceId);
    this.live.set(deviceId, client);
    if (!prev || prev === client) return false;
    this.evict(prev, client);
    return true;
  }

  /** `client` closed: forgotten, unless the device has taken a newer connection since. */
  release(deviceId: string, client: SessionClient): void {
    if (this.live.get(deviceId) === client) this.live.delete(deviceId);
  }

  get size(): number {
    return this.live.size;
  }
}
