// The embedded MQTT broker (aedes): device authentication, the per-device ACL, size limits, and the
// hand-off of every device message to ingest, whose QoS-1 PUBACK waits for the commit when the
// message changed an alarm or ticket (durable-ack.ts). Contract: device-protocol.md "Connection", "Topics".
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from 'aedes';
import {
  DEVICE_ID_RE,
  DOWNLINK_KIND,
  deviceTopic,
  isUplinkKind,
  parseDeviceTopic,
} from '../contracts/topics';
import { HashGateFull } from '../auth/hash-gate';
import type { Clock } from '../clock';
import type { Logger, RateLimitedLog } from '../log';
import type { Metrics } from '../metrics';
import type { DeviceRateLimiter } from '../pipeline/rate-limit';
import type { DeviceService } from '../services/devices';
import type { IngestService } from '../services/ingest';
import type { Admission } from './admission';
import { AuthBackoff, type AuthBackoffOptions } from './auth-backoff';
import { CATCH_UP_DEFAULTS, CatchUp } from './catch-up';
import { DurableAcks } from './durable-ack';
import { BROKER_LIMIT_DEFAULTS, createGuards, type BrokerGuards, type BrokerLimits } from './guards';
import { forgetConnect, leanParser, parserOf } from './lean-client';
import { sniffProtocol, v5Bridge } from './mqtt5';
import { guardPacketSize } from './packet-guard';
import { ReadThrottle } from './read-throttle';

/**
 * The longest a connection over its rate limit goes unread at a time: long enough that a flooding
 * device costs the event loop about what it may send (one 64 KB read of ~400 messages per hold instead
 * of per 2 s: 100 flooders parsed at ~4,000 msg/s instead of ~20,000), short enough that a device back
 * within its limit is heard soon. A connection whose keep-alive is shorter is held at most half of it
 * (`holdCap`), so it is never timed out for a silence the server caused.
 */
const MAX_THROTTLE_HOLD_MS = 10_000;

/** Set on packets the server consumed itself: they never enter aedes' emitter (no subscriber wants them). */
const CONSUMED = Symbol('redsail.consumed');
type Marked = PublishPacket & { [CONSUMED]?: true };

/** Cluster mode: a device's connection is announced before its CONNACK, and its end after it closes. */
export interface ConnectionHooks {
  /** The device authenticated: make this node the one that handles it. A rejection refuses the login. */
  accept(deviceId: string, connection: object): Promise<void>;
  closed(deviceId: string, connection: object): void;
}

export interface BrokerDeps {
  devices: DeviceService;
  connections?: ConnectionHooks;
  /** The per-device rate limit, and the clock it runs on. */
  limiter: DeviceRateLimiter;
  clock: Clock;
  ingest: IngestService;
  metrics: Metrics;
  log: Logger;
  rlog: RateLimitedLog;
  /** Failed-login back-off per address (default AUTH_BACKOFF_DEFAULTS). */
  authBackoff?: AuthBackoffOptions;
  /** Connection caps and the inbound QoS-2 bound (default BROKER_LIMIT_DEFAULTS; guards.ts). */
  limits?: BrokerLimits;
  /** The global budget on work in flight (none: every message is applied at once). */
  admission?: Admission;
  /** While saturated, reads of at least this many bytes are caught up (catch-up.ts); 0: never. */
  catchUpBytes?: number;
}

export interface Broker {
  aedes: Aedes;
  server: net.Server;
  handleStream(stream: Duplex): void;
  /** Sends a command to a device (QoS 1). Returns whether the device is connected now. */
  sendCommand(deviceId: string, payload: object): boolean;
  /** Closes this node's connection of the device without publishing its last will; false if none. */
  drop(deviceId: string): boolean;
  close(): Promise<void>;
}

function authError(code: 3 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code });
}

export async function createBroker({
  devices,
  connections,
  limiter,
  clock,
  ingest,
  metrics,
  log,
  rlog,
  authBackoff,
  limits = BROKER_LIMIT_DEFAULTS,
  admission,
  catchUpBytes = CATCH_UP_DEFAULTS.minBytes,
}: BrokerDeps): Promise<Broker> {
  const backoff = new AuthBackoff(authBackoff);
  const deviceOf = new WeakMap<Client, string>();
  /** Only connections whose keep-alive is below 2 × MAX_THROTTLE_HOLD_MS have an entry. */
  const holdCap = new WeakMap<Client, number>();
  const throttle = new ReadThrottle({ ratePerS: limiter.limit.ratePerS, maxHoldMs: MAX_THROTTLE_HOLD_MS });
  const catchUp =
    admission &&
    catchUpBytes > 0 &&
    new CatchUp({
      ...CATCH_UP_DEFAULTS,
      minBytes: catchUpBytes,
      lastHeldAt: () => admission.lastHeldAt,
      now: () => performance.now(),
      onMerged: (n) => {
        metrics.edgeShed.inc('admission', n);
        rlog.warn(
          'catch-up',
          { merged: n },
          'connections far behind caught up: runs of QoS-0 telemetry merged',
        );
      },
    });
  const durable = new DurableAcks({
    committed: () => ingest.committed(),
    observe: (s) => metrics.durableAckSeconds.observe(s),
  });

  // eslint-disable-next-line prefer-const -- made once aedes has its persistence (after listen)
  let guards: BrokerGuards;
  const aedes = new Aedes({
    heartbeatInterval: 60_000,
    connectTimeout: 10_000,
    drainTimeout: 10_000,
    maxClientsIdLength: 64,
    queueLimit: 42,

    preConnect(client, packet, done) {
      const keepaliveS = packet.keepalive ?? 0;
      if (keepaliveS > 0 && keepaliveS * 500 < MAX_THROTTLE_HOLD_MS) holdCap.set(client, keepaliveS * 500);
      done(null, true);
    },

    // [device-protocol: Connection] username = device id, password = secret; refused with code 4 or 5.
    authenticate(client, username, password, done) {
      forgetConnect(parserOf(client));
      const capped = guards.refusal(client); // over a connection cap (guards.ts)
      if (capped) return done(capped, false);
      const address = addressOf(client);
      if (backoff.blocked(address, clock.now())) {
        metrics.authFailed.inc({ reason: 'backoff' });
        return done(authError(3, 'too many failed logins from this address, try again later'), false);
      }
      const refuse = (code: 4 | 5, message: string) => {
        backoff.failed(address, clock.now());
        done(authError(code, message), false);
      };
      if (!username || !password) {
        metrics.authFailed.inc({ reason: 'missing' });
        return refuse(4, 'credentials required');
      }
      if (!DEVICE_ID_RE.test(username)) {
        metrics.authFailed.inc({ reason: 'bad_username' });
        return refuse(4, 'bad username');
      }
      devices.verifyCredentials(username, password).then(
        (ok) => {
          if (!ok) {
            metrics.authFailed.inc({ reason: 'bad_credentials' });
            rlog.warn(
              `auth:${username}`,
              { deviceId: username },
              'MQTT login refused: unknown device or wrong secret',
            );
            return refuse(4, 'bad username or password');
          }
          // A client id naming another device would take over that device's session [MQTT-3.1.4-2].
          // Checked only once the secret is right, so it tells a stranger nothing about which ids exist.
          if (client.id !== username && devices.get(client.id)) {
            metrics.authFailed.inc({ reason: 'client_id' });
            return refuse(5, 'client id belongs to another device');
          }
          const session = guards.sessionRefusal(username, client, client.clean);
          if (session) {
            metrics.authFailed.inc({ reason: 'session' });
            return done(session, false);
          }
          deviceOf.set(client, username);
          const accepted = () => {
            guards.takeOver(username, client); // its previous connection here, if any, is closed
            done(null, true);
          };
          if (!connections) return accepted();
          connections.accept(username, client).then(accepted, (err: unknown) => {
            log.error({ err, deviceId: username }, 'taking the device over from another node failed');
            done(authError(5, 'server unavailable, try again'), false);
          });
        },
        (err: unknown) => {
          if (err instanceof HashGateFull) {
            // Too many old (scrypt) secrets being checked at once: a bounded queue, try again soon.
            metrics.authFailed.inc({ reason: 'busy' });
            return done(authError(3, 'server busy, try again'), false);
          }
          log.error({ err }, 'device authentication failed');
          done(authError(5, 'authentication unavailable'), false);
        },
      );
    },

    // [device-protocol: ACL] publish only to the device's own uplink topics; anything else is dropped
    // and counted, the connection stays open.
    authorizePublish(client, packet, done) {
      const p = packet as Marked;
      p[CONSUMED] = true;
      const deviceId = client ? deviceOf.get(client) : undefined;
      const t = parseDeviceTopic(packet.topic);
      if (!deviceId || !t || t.deviceId !== deviceId || !isUplinkKind(t.kind)) {
        metrics.denied.inc({ action: 'publish' });
        rlog.warn(
          `acl:${deviceId ?? '?'}`,
          { deviceId, topic: packet.topic },
          'publish outside the device ACL dropped',
        );
        // A denial costs the device's rate budget too, and is throttled like a message over it.
        if (!deviceId || !client || client.closed || limiter.take(deviceId, clock.now())) return done(null);
        metrics.edgeShed.inc('device_rate');
        return throttle.hold(client, () => done(null), holdCap.get(client));
      }
      // Status (online/offline, the last will) is rare and must never be lost; the rest is limited.
      if (t.kind !== 'status' && !limiter.take(deviceId, clock.now())) {
        metrics.edgeShed.inc('device_rate');
        rlog.warn(
          `rate:${deviceId}`,
          { deviceId, ratePerS: limiter.limit.ratePerS, burst: limiter.limit.burst },
          'device over its rate limit: messages dropped',
        );
        // Dropped, and nothing more is read from this connection for a while (read-throttle.ts).
        if (client) return throttle.hold(client, () => done(null), holdCap.get(client));
        return done(null);
      }
      const kind = t.kind;
      const apply = () => {
        try {
          const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
          if (ingest.handle(deviceId, kind, payload)) durable.changed(deviceId);
        } catch (err) {
          log.error({ err, deviceId, topic: packet.topic }, 'ingest failed on a message');
        }
        // QoS 1: aedes writes the PUBACK when `done` is called, and reads the connection's next chunk
        // only once every packet of this one is done, so its later packets stay behind a held one.
        // QoS 0 has no acknowledgement to hold, nor has the last will of a closed connection.
        if (packet.qos > 0 && client && !client.closed && durable.hold(deviceId, client, () => done(null)))
          return;
        done(null);
      };
      // Over the global budget a busy connection's message waits, and its socket with it (admission.ts).
      if (client && admission) admission.admit(client, apply);
      else apply();
    },

    // [device-protocol: ACL] subscribe only to the device's own commands; otherwise SUBACK 0x80.
    authorizeSubscribe(client, sub, done) {
      const deviceId = deviceOf.get(client);
      if (deviceId && sub.topic === deviceTopic(deviceId, DOWNLINK_KIND)) return done(null, sub);
      metrics.denied.inc({ action: 'subscribe' });
      done(null, null);
    },
  });

  await aedes.listen();
  guards = createGuards(aedes, limits, {
    registry: metrics.registry,
    log,
    rlog,
    consumed: (p) => (p as Marked)[CONSUMED] === true,
  });

  // Consumed packets skip the emitter entirely: nothing subscribes to device uplinks, and keeping them
  // out of mqemitter avoids its unbounded backlog (and crash) under QoS-0 floods.
  const publish = aedes.publish.bind(aedes) as (
    p: PublishPacket,
    c: unknown,
    d?: (e?: Error) => void,
  ) => void;
  (aedes as unknown as { publish: typeof publish }).publish = (packet, client, done) => {
    if (typeof client !== 'function' && (packet as Marked)[CONSUMED]) return done?.();
    publish(packet, client, done);
  };

  aedes.on('client', () => metrics.connected.inc());
  aedes.on('clientDisconnect', (client) => {
    metrics.connected.dec();
    const deviceId = deviceOf.get(client);
    if (deviceId === undefined) return;
    guards.released(deviceId, client);
    durable.drop(deviceId, client);
    connections?.closed(deviceId, client);
  });
  aedes.on('clientError', (client, err) => {
    metrics.protocolErrors.inc();
    log.debug({ clientId: client.id, err: err.message }, 'mqtt client error');
  });
  aedes.on('connectionError', (_client, err) => {
    metrics.protocolErrors.inc();
    log.debug({ err: err.message }, 'mqtt connection error');
  });

  /** Any byte stream carrying MQTT: a TCP socket, or a WebSocket at /mqtt on the HTTP port. */
  const handleStream = (stream: Duplex) => {
    const address = (stream as { remoteAddress?: string }).remoteAddress ?? 'unknown';
    if (!guards.admit(stream, address)) return; // over a connection cap, closed at once
    // A connection that says nothing is closed like aedes would (connectTimeout).
    const silent = setTimeout(() => stream.destroy(), 10_000);
    const quiet = () => clearTimeout(silent);
    stream.once('close', quiet);
    sniffProtocol(stream, (level) => {
      quiet();
      stream.off('close', quiet); // nothing of the sniffing stays attached to a long-lived connection
      // Far behind while the server is saturated, a 3.1.1 connection is caught up (catch-up.ts),
      // what it merges spent from its device's limit.
      const of: { client?: Client } = {};
      const spend = (n: number) => {
        const id = of.client && deviceOf.get(of.client);
        return id !== undefined && limiter.take(id, clock.now(), n);
      };
      if (level !== 5 && catchUp) catchUp.wrap(stream, spend);
      // The bridge carries the socket's address: failed logins and caps count by it.
      const client = aedes.handle(
        level === 5 ? Object.assign(v5Bridge(stream), { remoteAddress: address }) : stream,
      );
      of.client = client;
      guards.attach(stream, client);
      leanParser(parserOf(client));
      guardPacketSize(client);
    });
  };
  const server = net.createServer(handleStream);

  return {
    aedes,
    server,
    handleStream,
    sendCommand(deviceId, payload) {
      const topic = deviceTopic(deviceId, DOWNLINK_KIND);
      aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: Buffer.from(JSON.stringify(payload)),
          qos: 1,
          retain: false,
          dup: false,
        },
        (err) => {
          if (err) log.warn({ err, deviceId }, 'command publish failed');
        },
      );
      return (guards.live(deviceId) ?? findClient(aedes, deviceId)) !== undefined;
    },
    drop(deviceId) {
      const client = guards.live(deviceId) ?? findClient(aedes, deviceId);
      if (!client) return false;
      // Taken over by another node: the device is not offline, so its last will must not fire.
      guards.evict(client);
      return true;
    },
    async close() {
      durable.close(); // before the clients go: no PUBACK is written for a commit still to come
      throttle.releaseAll();
      admission?.close();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function findClient(aedes: Aedes, id: string): Client | undefined {
  return (aedes as unknown as { clients: Record<string, Client | undefined> }).clients[id];
}

/** The remote address failed logins are counted by (WebSocket streams carry their socket's). */
function addressOf(client: Client): string {
  return (client.conn as { remoteAddress?: string }).remoteAddress ?? 'unknown';
}
