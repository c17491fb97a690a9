// Device ownership across nodes: a device's live state is handled by the node holding its MQTT
// connection. Redis key `redsail:owner:<deviceId>` names that node. When the device connects to a node,
// that node claims it; a node still holding an older connection of the device drops it without its last
// will (MQTT takeover, cluster-wide), commits what it queued for it, and says so; only then does the
// claimant load the device from the store. Commands go to the owner, wherever it is.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Logger } from '../log';
import type { Channel } from './channel';
import type { DEVICES } from './messages';
import type { RedisClient } from './redis';

const KEY = 'redsail:owner:';
/** How long a claimant waits for the previous owner to let go before it loads the device anyway. */
const RELEASE_WAIT_MS = 2_000;
/** A Redis command that cannot be answered in this time fails: a device must not wait on Redis to connect. */
const COMMAND_TIMEOUT_MS = 1_000;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type DeviceMessage = z.output<typeof DEVICES.schema>;

/** What ownership needs of this node's broker and services. */
export interface OwnershipHooks {
  /** Closes this node's connection of the device without its last will; false if it has none. */
  drop(deviceId: string): boolean;
  /** Commits everything queued so far (the dropped device's last writes). */
  flush(): Promise<void>;
  /** Loads the device (state, rule timers, active alarms) from the store: this node handles it now. */
  load(deviceId: string): Promise<void>;
  /** Sends a command to the device over this node's broker. */
  deliver(deviceId: string, payload: Record<string, unknown>): void;
  liveNodes(): Promise<string[]>;
  /** Another node took the device (this node stops handling it as an orphan). */
  claimedElsewhere(deviceId: string): void;
  /** Another node rotated the device's secret or decommissioned it: re-read it and drop it here. */
  revoked(deviceId: string): void;
}

export class Ownership {
  /** The devices connected here, each with the connection that claimed it. */
  private readonly local = new Map<string, object>();
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly redis: RedisClient,
    private readonly channel: Channel<typeof DEVICES.schema>,
    private readonly nodeId: string,
    private readonly hooks: OwnershipHooks,
    private readonly log: Logger,
  ) {}

  async start(): Promise<() => Promise<void>> {
    return this.channel.subscribe((m) => this.onMessage(m));
  }

  /** Whether this node holds the device's connection (and so decides its alarms). */
  handles(deviceId: string): boolean {
    return this.local.has(deviceId);
  }

  /**
   * A device connected here (before its CONNACK): take it over from any other node, then load it. With
   * Redis down the device is still taken, loaded from the store as it is.
   */
  async claim(deviceId: string, conn: object): Promise<void> {
    const claim = randomUUID();
    let previous: string | null = null;
    try {
      previous = await this.quick().set(KEY + deviceId, this.nodeId, { GET: true });
    } catch (err) {
      this.log.debug(
        { err, deviceId },
        'device ownership not recorded (Redis unreachable); taking it anyway',
      );
    }
    if (previous === null || previous === this.nodeId || !(await this.alive(previous))) {
      // No one to hand over from, but the timekeeper may be handling the device (its node died).
      await this.publish({ kind: 'claim', deviceId, node: this.nodeId, claim });
    } else {
      const released = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RELEASE_WAIT_MS);
        this.waiting.set(claim, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await this.publish({ kind: 'claim', deviceId, node: this.nodeId, previous, claim });
      await released;
      this.waiting.delete(claim);
    }
    this.local.set(deviceId, conn);
    await this.hooks.load(deviceId);
  }

  /** A connection closed here: if it was the device's current one, the device is no longer handled here. */
  closed(deviceId: string, conn: object): void {
    if (this.local.get(deviceId) !== conn) return; // replaced by a newer connection (a takeover here)
    this.local.delete(deviceId);
    this.quick()
      .eval(RELEASE, { keys: [KEY + deviceId], arguments: [this.nodeId] })
      .catch(() => {
        // Redis down: the key names this node until the device connects elsewhere or the sweep finds it
      });
  }

  /** Sends a command to the device wherever it is connected; false when it is connected nowhere. */
  async send(deviceId: string, payload: Record<string, unknown>): Promise<boolean> {
    if (this.local.has(deviceId)) {
      this.hooks.deliver(deviceId, payload);
      return true;
    }
    const owner = await this.ownerOf(deviceId).catch(() => undefined); // Redis down: not deliverable
    if (owner === undefined || owner === this.nodeId || !(await this.alive(owner))) return false;
    await this.channel.publish({ kind: 'command', deviceId, node: owner, payload });
    return true;
  }

  /** The device's credentials changed here: every other node re-reads it and drops its connection. */
  async revoke(deviceId: string): Promise<void> {
    try {
      await this.channel.publish({ kind: 'revoke', deviceId });
    } catch (err) {
      // Redis down: another node holding the connection keeps it until it reconnects (then refused).
      this.log.warn({ err, deviceId }, 'revoking a device on the other nodes failed (Redis unreachable)');
    }
  }

  /** The owners recorded for these devices (undefined where none); one round trip. */
  async owners(deviceIds: readonly string[]): Promise<(string | undefined)[]> {
    if (deviceIds.length === 0) return [];
    const got = await this.quick().mGet(deviceIds.map((id) => KEY + id));
    return got.map((v) => v ?? undefined);
  }

  private async ownerOf(deviceId: string): Promise<string | undefined> {
    return (await this.quick().get(KEY + deviceId)) ?? undefined;
  }

  private quick() {
    return this.redis.withCommandOptions({ timeout: COMMAND_TIMEOUT_MS });
  }

  private async alive(node: string): Promise<boolean> {
    return (await this.hooks.liveNodes()).includes(node);
  }

  private onMessage(m: DeviceMessage): void {
    switch (m.kind) {
      case 'claim':
        this.hooks.claimedElsewhere(m.deviceId);
        if (m.previous === this.nodeId) void this.release(m.deviceId, m.claim);
        return;
      case 'released':
        this.waiting.get(m.claim)?.();
        return;
      case 'revoke':
        this.hooks.revoked(m.deviceId);
        return;
      case 'command':
        if (m.node === this.nodeId && this.local.has(m.deviceId)) this.hooks.deliver(m.deviceId, m.payload);
        return;
    }
  }

  /** Another node took the device: drop its connection here (no will), commit its writes, say so. */
  private async release(deviceId: string, claim: string): Promise<void> {
    this.local.delete(deviceId);
    this.hooks.drop(deviceId); // if it is still connected here
    try {
      await this.hooks.flush();
      await this.publish({ kind: 'released', deviceId, claim });
    } catch (err) {
      this.log.warn({ err, deviceId }, 'handing a device over to another node failed');
    }
  }

  private async publish(m: DeviceMessage): Promise<void> {
    try {
      await this.channel.publish(m);
    } catch (err) {
      // Redis down: health says degraded; one line per connecting device would flood the log.
      this.log.debug({ err, kind: m.kind }, 'cross-node device message not sent (Redis unreachable)');
    }
  }
}
