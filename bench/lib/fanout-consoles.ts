// The fan-out benchmark's dispatcher consoles: a child process (`node --import tsx
// bench/lib/fanout-consoles.ts`, IPC with advanced serialization) holding N Socket.IO clients, each its
// own connection (forceNew: no multiplexing), logged in with a dispatcher token in the handshake and
// asking, as the console does (console/src/lib/realtime/connection.svelte.ts), for device states in
// batches (`auth.deviceStates = BATCHED_STATES`: one `device:states` array per 250 ms window instead of
// one `device:state` event per device) and, if the spec says so, for a shorter `van:positions` window
// (`auth.vanPositionsMs`). Every `van:positions` entry is stamped with the wall clock on
// arrival and mapped back to its fix (van, seq) through the van's track; each delivery also remembers
// its event (the batch as this console got it). On `analyse` it joins the arrival times with the van
// driver's send times and answers with the latency figures.
import { io, type Socket } from 'socket.io-client';
import {
  BATCHED_STATES,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketAuth,
  type VanPositionWindowMs,
} from '../../server/src/contracts/socket';
import type { VanPosition } from '../../server/src/contracts/dto';
import { analyse, type FanoutResult, type Recorder } from './fanout-analyse';
import { seqOf, type VanTrack } from './fanout-track';

export interface ConsolesSpec {
  url: string;
  token: string;
  consoles: number;
  tracks: VanTrack[];
  /** The measured fixes: seq in [seqFrom, seqTo) of every van. */
  seqFrom: number;
  seqTo: number;
  /** The `van:positions` window asked for in the handshake (`auth.vanPositionsMs`); absent: the default. */
  positionsMs?: VanPositionWindowMs;
}

export type ToConsoles =
  { type: 'connect'; spec: ConsolesSpec } | { type: 'counts' } | { type: 'analyse'; sendTimes: Float64Array };

export type FromConsoles =
  | { type: 'ready'; connected: number; ms: number }
  | { type: 'counts'; counts: Record<string, number>; entries: number; stateEntries: number }
  | { type: 'result'; result: FanoutResult }
  | { type: 'error'; message: string };

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_AT_ONCE = 20;
const CONNECT_TIMEOUT_MS = 10_000;

const say = (m: FromConsoles) => process.send?.(m);
const sockets: ConsoleSocket[] = [];
let stopping = false;

function connectOne(url: string, token: string, positionsMs?: VanPositionWindowMs): Promise<ConsoleSocket> {
  const auth: SocketAuth = {
    token,
    deviceStates: BATCHED_STATES,
    ...(positionsMs !== undefined && { vanPositionsMs: positionsMs }),
  };
  const socket: ConsoleSocket = io(url, {
    // As the console asks: device states batched. The browser console opens with HTTP long-polling and
    // upgrades to WebSocket; the bench goes straight to WebSocket, what a console runs on once upgraded.
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_TIMEOUT_MS,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

async function connectAll(spec: ConsolesSpec, rec: Recorder): Promise<void> {
  const started = Date.now();
  const n = spec.tracks.length;
  const span = spec.seqTo - spec.seqFrom;
  const index = new Map(spec.tracks.map((t, i) => [t.id, i]));
  const listen = (socket: ConsoleSocket, c: number) => {
    const base = c * n * span;
    socket.on('van:positions', (items: VanPosition[]) => {
      const t = Date.now();
      rec.entries += items.length;
      // The server's `ts` strings share one ISO format: the newest sorts last, no parsing per entry.
      let newest = '';
      for (const p of items) if (p.ts > newest) newest = p.ts;
      const event = rec.eventNewestTs.length;
      let recorded = false;
      for (const p of items) {
        const i = index.get(p.id);
        const track = i === undefined ? undefined : spec.tracks[i];
        const seq = track ? seqOf(track, p.lat, p.lng) : -1;
        if (i === undefined || seq < spec.seqFrom || seq >= spec.seqTo) {
          // Warm-up or drain fixes (expected), or a position on no track (counted when in range).
          if (seq < 0) rec.foreign++;
          continue;
        }
        const k = i * span + seq - spec.seqFrom;
        if (rec.recv[base + k] !== 0) {
          rec.duplicates++;
          continue;
        }
        rec.recv[base + k] = t;
        rec.eventOf[base + k] = event;
        recorded = true;
        if (rec.first[k] === 0) {
          rec.first[k] = t;
          rec.serverTs[k] = Date.parse(p.ts);
        }
      }
      if (recorded) rec.eventNewestTs.push(Date.parse(newest));
    });
    socket.on('device:states', (states) => {
      rec.stateEntries += states.length;
    });
    // Everything else the server sends a dispatcher also costs the server and the console: count it.
    socket.onAny((name: string) => {
      rec.counts[name] = (rec.counts[name] ?? 0) + 1;
    });
    socket.on('disconnect', () => {
      if (!stopping) rec.disconnects++;
    });
  };
  for (let c = 0; c < spec.consoles; c += CONNECT_AT_ONCE) {
    const batch = Array.from({ length: Math.min(CONNECT_AT_ONCE, spec.consoles - c) }, (_, k) => c + k);
    const connected = await Promise.all(batch.map(() => connectOne(spec.url, spec.token, spec.positionsMs)));
    connected.forEach((s, k) => listen(s, c + k));
  }
  say({ type: 'ready', connected: sockets.filter((s) => s.connected).length, ms: Date.now() - started });
}

let spec: ConsolesSpec | undefined;
let rec: Recorder | undefined;

process.on('message', (m: ToConsoles) => {
  switch (m.type) {
    case 'connect': {
      spec = m.spec;
      const fixes = m.spec.tracks.length * (m.spec.seqTo - m.spec.seqFrom);
      rec = {
        recv: new Float64Array(m.spec.consoles * fixes),
        first: new Float64Array(fixes),
        serverTs: new Float64Array(fixes),
        eventOf: new Int32Array(m.spec.consoles * fixes),
        eventNewestTs: [],
        duplicates: 0,
        foreign: 0,
        counts: {},
        entries: 0,
        stateEntries: 0,
        disconnects: 0,
      };
      connectAll(m.spec, rec).catch((err: unknown) => {
        say({ type: 'error', message: `console connect: ${(err as Error).message}` });
        stop(1);
      });
      return;
    }
    case 'counts':
      return say({
        type: 'counts',
        counts: { ...rec?.counts },
        entries: rec?.entries ?? 0,
        stateEntries: rec?.stateEntries ?? 0,
      });
    case 'analyse':
      if (!spec || !rec) return say({ type: 'error', message: 'analyse before connect' });
      try {
        say({ type: 'result', result: analyse(spec.consoles, rec, m.sendTimes) });
      } catch (err) {
        say({ type: 'error', message: `analyse: ${(err as Error).message}` });
      }
      return;
  }
});

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const s of sockets) s.disconnect();
  setTimeout(() => process.exit(code), 200).unref();
}
process.on('SIGTERM', () => stop(0));
process.on('disconnect', () => stop(0));
