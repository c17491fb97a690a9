// What bounds the broker against abuse by one host or one valid secret, wired into aedes in one place
// so broker.ts needs only hook lines: connection caps per address and in total (connection-caps.ts),
// one live connection per device and persistent sessions only under the device id (sessions.ts), and
// the inbound QoS-2 store bounded per client (incoming-bound.ts). Counted in /metrics.
import type { Duplex } from 'node:stream';
import type { Aedes, AuthenticateError, Client } from 'aedes';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger, RateLimitedLog } from '../log';
import { ConnectionCaps, REFUSAL_MESSAGES, type Admission } from './connection-caps';
import { IncomingBound, type IncomingStore } from './incoming-bound';
import { DeviceSessions, sessionProblem } from './sessions';

export interface BrokerLimits {
  /** Open MQTT connections (TCP and WebSocket) one address may hold. */
  maxConnPerAddress: number;
  /** Open MQTT connections in all. */
  maxConnections: number;
  /** Per client id: inbound QoS-2 packets awaiting PUBREL, and their bytes. */
  qos2MaxPackets: number;
  qos2MaxBytes: number;
}

export const BROKER_LIMIT_DEFAULTS: BrokerLimits = {
  maxConnPerAddress: 20_000,
  maxConnections: 50_000,
  qos2MaxPackets: 32,
  qos2MaxBytes: 64 * 1024,
};

/** How long a connection over a cap may take to send the CONNECT that is then refused. */
const REFUSAL_DEADLINE_MS = 3_000;

interface WillStore {
  delWill(client: { id: string; brokerId: string }): Promise<unknown>;
}

function connackError(code: 2 | 3, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code });
}

export interface BrokerGuards {
  /** A new stream from `address`: false if it was closed at once (over a cap, no room to explain). */
  admit(stream: Duplex, address: string): boolean;
  /** aedes made `client` for the admitted `stream`. */
  attach(stream: Duplex, client: Client): void;
  /** At CONNECT, before any secret is checked: the refusal for a connection over a cap. */
  refusal(client: Client): AuthenticateError | undefined;
  /** Once the secret is verified: the refusal of a persistent session under a foreign client id. */
  sessionRefusal(deviceId: string, client: Client, clean: boolean): AuthenticateError | undefined;
  /** The device logged in on `client`: its previous connection, if any, is closed without its will. */
  takeOver(deviceId: string, client: Client): void;
  released(deviceId: string, client: Client): void;
  /** The device's live connection on this node, whatever its client id. */
  live(deviceId: string): Client | undefined;
  /** Closes `client` without publishing its last will (it is taken over, not offline). */
  evict(client: Client): void;
}

export function createGuards(
  aedes: Aedes,
  limits: BrokerLimits,
  deps: { registry: Registry; log: Logger; rlog: RateLimitedLog; consumed: (packet: object) => boolean },
): BrokerGuards {
  const caps = new ConnectionCaps({ perAddress: limits.maxConnPerAddress, total: limits.maxConnections });
  const overCap = new WeakMap<object, Exclude<Admission, 'ok'>>();
  const registers = [deps.registry];
  const refused = new Counter({
    name: 'redsail_mqtt_connections_refused_total',
    help: 'MQTT connections refused by a connection cap (address: per remote address, total: the broker’s)',
    labelNames: ['reason'] as const,
    registers,
  });
  new Gauge({
    name: 'redsail_mqtt_connections_open',
    help: 'MQTT connections open now (TCP and WebSocket, logged in or not)',
    registers,
    collect() {
      this.set(caps.size);
    },
  });
  const takeovers = new Counter({
    name: 'redsail_mqtt_session_takeovers_total',
    help: 'Device connections closed because the same device logged in again',
    registers,
  });
  const overflows = new Counter({
    name: 'redsail_mqtt_inbound_overflow_total',
    help: 'Connections closed for holding more inbound QoS-2 packets awaiting PUBREL than allowed',
    registers,
  });
  const incoming = new IncomingBound({
    maxPackets: limits.qos2MaxPackets,
    maxBytes: limits.qos2MaxBytes,
    consumed: deps.consumed,
    onOverflow: (clientId) => {
      overflows.inc();
      deps.rlog.warn('qos2-overflow', { clientId }, 'inbound QoS 2 store over its bound: connection closed');
    },
  });
  const persistence = (aedes as unknown as { persistence: IncomingStore & WillStore }).persistence;
  incoming.wrap(persistence);
  new Gauge({
    name: 'redsail_mqtt_inbound_held_bytes',
    help: 'Bytes the broker holds for inbound QoS-2 packets awaiting PUBREL (all clients)',
    registers,
    collect() {
      this.set(incoming.bytes);
    },
  });
  new Gauge({
    name: 'redsail_mqtt_inbound_held_packets',
    help: 'Inbound QoS-2 packets awaiting PUBREL (all clients)',
    registers,
    collect() {
      this.set(incoming.packets);
    },
  });

  const evict = (c: Client) => {
    const client = c as Client & { will: unknown };
    if (client.will) {
      persistence.delWill({ id: client.id, brokerId: aedes.id }).then(
        () => undefined,
        () => undefined,
      );
    }
    client.will = null;
    client.close();
  };
  const sessions = new DeviceSessions((prev, next) => {
    takeovers.inc();
    // Under the same client id aedes closes the old connection itself when it registers the new one
    // (closing it here first would let the old one's late clean-up unregister the new one): only its
    // will goes. Under another id nothing else would close it.
    if (prev.id === next.id) (prev as unknown as { will: unknown }).will = null;
    else evict(prev as unknown as Client);
  });

  return {
    admit(stream, address) {
      const verdict = caps.opened(address);
      if (verdict === 'ok') {
        stream.once('close', () => caps.closed(address));
        return true;
      }
      refused.inc({ reason: verdict });
      deps.rlog.warn(`mqtt-cap:${verdict}`, { reason: verdict }, REFUSAL_MESSAGES[verdict]);
      if (!caps.mayExplain()) {
        stream.destroy();
        return false;
      }
      overCap.set(stream, verdict);
      const deadline = setTimeout(() => stream.destroy(), REFUSAL_DEADLINE_MS);
      stream.once('close', () => {
        clearTimeout(deadline);
        caps.refused();
      });
      return true;
    },
    attach(stream, client) {
      const verdict = overCap.get(stream);
      if (verdict) overCap.set(client, verdict);
    },
    refusal(client) {
      const verdict = overCap.get(client);
      return verdict && connackError(3, REFUSAL_MESSAGES[verdict]);
    },
    sessionRefusal(deviceId, client, clean) {
      const problem = sessionProblem(deviceId, client.id, clean);
      return problem === undefined ? undefined : connackError(2, problem);
    },
    takeOver(deviceId, client) {
      sessions.claim(deviceId, client);
    },
    released(deviceId, client) {
      sessions.release(deviceId, client);
    },
    live(deviceId) {
      return sessions.get(deviceId) as unknown as Client | undefined;
    },
    evict,
  };
}
