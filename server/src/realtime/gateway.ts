// Socket.IO gateway: token auth at the handshake, rooms by role, domain events → clients.
// Every event about stored data (alarms, tickets, device state and status) was emitted after the
// store commit; command acks are not stored and pass straight through. device:state and alarm:updated are
// coalesced per id so a chatty device cannot flood the consoles.
import type http from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/socket';
import {
  DEFAULT_VAN_POSITIONS_MS,
  ROOM_ALL,
  ROOM_STATES_BATCHED,
  ROOM_STATES_SINGLE,
  SocketAuth,
  VAN_POSITION_WINDOWS_MS,
  roomPositions,
  vanRoom,
  type VanPositionWindowMs,
} from '../contracts/socket';
import { alarmDto, ticketDto } from '../mappers';
import type { EventBus } from '../events/bus';
import { tokenFrom } from '../auth/token';
import { sha256 } from '../auth/secrets';
import type { Logger } from '../log';
import type { AlarmRecord } from '../store/store';
import type { SessionUser, UserService } from '../services/users';
import type { MetricValue } from '../../../devices/lib/types';
import type { VanPosition } from '../contracts/dto';
import { Coalescer } from './coalescer';
import { isOwnOrigin, usesSessionCookie } from '../auth/origin';
import { SocketCaps } from './socket-caps';
import { handoverDto } from '../services/handovers';

interface SocketData {
  user: SessionUser;
  token: string;
  tokenHash: string;
  batchedStates: boolean;
  vanPositionsMs: VanPositionWindowMs;
}

const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;
const userRoom = (username: string) => `user:${username}`;

/** How often live connections re-check that their login is still valid (expiry, deleted user). */
const REVALIDATE_MS = 60_000;

export interface Gateway {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  close(): Promise<void>;
}

/** Cluster mode: an adapter that carries emits to every node, and connection-state recovery. */
export type GatewayClusterOptions = Pick<ServerOptions, 'adapter' | 'connectionStateRecovery'>;

/** Abuse limits of the Socket.IO endpoint. */
export interface GatewayLimits {
  /** PUBLIC_ORIGIN: cookie-authenticated handshakes must come from it (default: the request's host). */
  publicOrigin?: string;
  /** Live connections per user and per remote address. */
  perUser: number;
  perAddress: number;
}

/** An engine.io connection that has not joined the namespace (authenticated) by then is closed. */
export const HANDSHAKE_TIMEOUT_MS = 5_000;

export function createGateway(
  httpServer: http.Server,
  bus: EventBus,
  users: UserService,
  log: Logger,
  cluster?: GatewayClusterOptions,
  limits: GatewayLimits = { perUser: 20, perAddress: 100 },
): Gateway {
  const caps = new SocketCaps(limits.perUser, limits.perAddress);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(
    httpServer,
    {
      serveClient: false,
      destroyUpgrade: false, // upgrades at /mqtt belong to the MQTT WebSocket endpoint
      maxHttpBufferSize: 64 * 1024,
      connectTimeout: HANDSHAKE_TIMEOUT_MS,
      // A page elsewhere holding the console's cookie may not open the live feed (cross-site WebSocket).
      allowRequest: (req, callback) => {
        const ok = !usesSessionCookie(req.headers) || isOwnOrigin(req.headers, limits.publicOrigin);
        callback(ok ? null : 'bad_origin', ok);
      },
      ...cluster,
    },
  );

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success) {
      return next(new Error(`bad handshake: ${auth.error.issues.map((i) => i.message).join('; ')}`));
    }
    const token = auth.data.token ?? tokenFrom(undefined, socket.handshake.headers.cookie);
    if (!token) return next(new Error('unauthorized: send auth.token'));
    socket.data.batchedStates = auth.data.deviceStates !== undefined;
    socket.data.vanPositionsMs = auth.data.vanPositionsMs;
    users.authenticate(token).then(
      (user) => {
        if (!user) return next(new Error('unauthorized: token unknown or expired'));
        const refused = caps.admit(socket, user.username);
        if (refused) return next(new Error(refused));
        socket.data.user = user;
        socket.data.token = token;
        socket.data.tokenHash = sha256(token);
        next();
      },
      (err: unknown) => {
        log.error({ err }, 'socket authentication failed');
        next(new Error('authentication unavailable'));
      },
    );
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    // The login's own room: a logout on any node closes every connection opened with it.
    void socket.join(sessionRoom(socket.data.tokenHash));
    // The user's room: disabling them (or changing their password) on any node closes all of them.
    void socket.join(userRoom(user.username));
    // A technician hears only their van; one without a van hears nothing (fail closed).
    if (user.role !== 'technician') {
      const { batchedStates, vanPositionsMs } = socket.data;
      void socket.join([
        ROOM_ALL,
        batchedStates ? ROOM_STATES_BATCHED : ROOM_STATES_SINGLE,
        roomPositions(vanPositionsMs),
      ]);
    } else if (user.vanId) void socket.join(vanRoom(user.vanId));
  });

  const all = () => io.to(ROOM_ALL);
  // One frame per window to a console that asked for batches; one per device to everyone else.
  // The adapter's rooms are this node's only: with a cluster adapter the members may be on other nodes.
  const hasMembers = (room: string) =>
    cluster?.adapter !== undefined || (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  const states = new Coalescer<{ id: string; state: Record<string, MetricValue> }>(250, (items) => {
    if (hasMembers(ROOM_STATES_BATCHED)) io.to(ROOM_STATES_BATCHED).emit('device:states', items);
    if (hasMembers(ROOM_STATES_SINGLE))
      for (const e of items) io.to(ROOM_STATES_SINGLE).emit('device:state', e);
  });
  const alarmUpdates = new Coalescer<AlarmRecord>(250, (items) => {
    for (const a of items) all().emit('alarm:updated', alarmDto(a));
  });

  // A connection lives only as long as its login: closed on logout, re-checked periodically.
  const endSession = (tokenHash: string) => io.in(sessionRoom(tokenHash)).disconnectSockets(true);
  const endUser = (username: string, keep: string | undefined) => {
    const sockets = io.in(userRoom(username));
    (keep === undefined ? sockets : sockets.except(sessionRoom(keep))).disconnectSockets(true);
  };
  const revalidate = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      users.authenticate(socket.data.token).then(
        (user) => {
          if (!user) socket.disconnect(true);
        },
        (err: unknown) => log.warn({ err }, 'socket session re-check failed'),
      );
    }
  }, REVALIDATE_MS);
  revalidate.unref();

  // van:positions: one batched event of the vans that changed per window, each member of `all` on the
  // window it asked for (250 ms unless it asked for less). A technician gets their own van's fixes too
  // (its room, default window), so the phone shows distance and ETA live.
  const positions = VAN_POSITION_WINDOWS_MS.map((ms) => {
    const room = roomPositions(ms);
    const always = ms === DEFAULT_VAN_POSITIONS_MS; // it also feeds the technicians' rooms
    const coalescer = new Coalescer<VanPosition>(ms, (items) => {
      if (hasMembers(room)) io.to(room).emit('van:positions', items);
      if (always) for (const p of items) io.to(vanRoom(p.id)).emit('van:positions', [p]);
    });
    return { coalescer, wanted: () => always || hasMembers(room) };
  });

  const off = [
    bus.on('session:ended', (e) => endSession(e.tokenHash)),
    bus.on('user:revoked', (e) => endUser(e.username, e.keepTokenHash)),
    bus.on('van:position', (p) => {
      for (const w of positions) if (w.wanted()) w.coalescer.put(p.id, p);
    }),
    bus.on('ticket:assigned', (t) => {
      if (t.vanId) io.to(vanRoom(t.vanId)).emit('assignment', ticketDto(t));
    }),
    bus.on('ticket:unassigned', (e) => io.to(vanRoom(e.vanId)).emit('ticket:updated', ticketDto(e.ticket))),
    bus.on('alarm:raised', (a) => all().emit('alarm:raised', alarmDto(a))),
    bus.on('alarm:updated', (a) => alarmUpdates.put(a.id, a)),
    bus.on('alarm:cleared', (a) => {
      alarmUpdates.flush();
      all().emit('alarm:cleared', alarmDto(a));
    }),
    bus.on('ticket:created', (t) => {
      const dto = ticketDto(t);
      all().emit('ticket:created', dto);
      if (t.vanId) io.to(vanRoom(t.vanId)).emit('ticket:created', dto);
    }),
    bus.on('ticket:updated', (t) => {
      const dto = ticketDto(t);
      all().emit('ticket:updated', dto);
      if (t.vanId) io.to(vanRoom(t.vanId)).emit('ticket:updated', dto);
    }),
    bus.on('ticket:escalated', (e) =>
      all().emit('ticket:escalated', {
        ticketId: e.ticket.id,
        level: e.level,
        notify: e.notify,
        at: new Date(e.ticket.updatedAt).toISOString(),
      }),
    ),
    bus.on('handover:created', (h) => all().emit('handover:created', handoverDto(h))),
    bus.on('handover:acked', (h) => all().emit('handover:acked', handoverDto(h))),
    bus.on('device:status', (e) =>
      all().emit('device:status', {
        id: e.id,
        status: e.status,
        ...(e.lastSeen !== undefined && { lastSeen: new Date(e.lastSeen).toISOString() }),
      }),
    ),
    bus.on('device:state', (e) => states.put(e.id, e)),
    bus.on('command:ack', (e) =>
      all().emit('command:ack', {
        deviceId: e.deviceId,
        id: e.id,
        ok: e.ok,
        at: new Date(e.ts).toISOString(),
        ...(e.message !== undefined && { message: e.message }),
      }),
    ),
  ];

  return {
    io,
    async close() {
      clearInterval(revalidate);
      for (const f of off) f();
      states.close();
      for (const w of positions) w.coalescer.close();
      alarmUpdates.close();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}
