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

export interface Percentiles {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface FanoutResult {
  expected: number;
  delivered: number;
  /** Measured fixes sent by the vans that reached no console at all / only some consoles. */
  fixesSent: number;
  fixesLost: number;
  fixesPartial: number;
  duplicates: number;
  /** Entries for fixes outside the measured range or not on any track (should be none). */
  foreign: number;
  /** Van to console, over every (console, fix) delivery: end to end, the server's batching included. */
  latency: Percentiles;
  /**
   * Batch emit → console, over every (console, fix) delivery, an upper bound: receipt − the newest
   * server `ts` among the entries of the event that carried the fix (the server emits a batch only
   * after every entry in it arrived, so that `ts` is a lower bound of the emit time).
   */
  delivery: Percentiles;
  /**
   * The same bounded by the van side instead: receipt − the newest van send time among the event's
   * measured fixes. Never tighter than `delivery` (each fix's send precedes its server arrival); kept to
   * show by how much.
   */
  deliveryBySend: Percentiles;
  /** Van send → server arrival (the `ts` the server puts on the entry), per fix. */
  ingest: Percentiles;
  /** Server arrival → the first console to get the fix (the coalescing window, emit, transport). */
  toFirst: Percentiles;
  /** First console → this console, per delivery (the spread of one batch over the consoles). */
  spread: Percentiles;
  disconnects: number;
  minDeliveredPerConsole: number;
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

interface Recorder {
  /** Arrival time per (console c, van i, seq): [c·N·F + i·F + seq − seqFrom]; 0 = not arrived. */
  recv: Float64Array;
  /** Per fix (i·F + seq − seqFrom): the first arrival at any console and the server's `ts`. */
  first: Float64Array;
  serverTs: Float64Array;
  /** Per delivery, as `recv`: the event that carried it, an index into `eventNewestTs`. */
  eventOf: Int32Array;
  /** Per recorded event (one holding a measured fix): the newest server `ts` among all its entries. */
  eventNewestTs: number[];
  duplicates: number;
  foreign: number;
  /** Events received so far by all consoles, by name. */
  counts: Record<string, number>;
  /** Entries of all `van:positions` events and of all `device:states` events so far. */
  entries: number;
  stateEntries: number;
  disconnects: number;
}

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

function percentiles(xs: Float64Array): Percentiles {
  const s = xs.sort();
  const n = s.length;
  const at = (q: number) => (n === 0 ? NaN : (s[Math.min(n - 1, Math.floor(q * n))] ?? NaN));
  let sum = 0;
  for (const x of s) sum += x;
  return {
    n,
    mean: n ? sum / n : NaN,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: n ? (s[n - 1] ?? NaN) : NaN,
  };
}

function analyse(spec: ConsolesSpec, rec: Recorder, sendTimes: Float64Array): FanoutResult {
  const fixes = sendTimes.length;
  const consoles = spec.consoles;
  const latency = new Float64Array(consoles * fixes);
  const delivery = new Float64Array(consoles * fixes);
  const deliveryBySend = new Float64Array(consoles * fixes);
  const spread = new Float64Array(consoles * fixes);
  const ingest = new Float64Array(fixes);
  const toFirst = new Float64Array(fixes);
  let delivered = 0;
  let nFix = 0;
  let fixesSent = 0;
  let fixesLost = 0;
  let fixesPartial = 0;
  let minPerConsole = Infinity;
  const perConsole = new Uint32Array(consoles);
  // The newest send time among each event's measured fixes (those the van driver stamped).
  const eventNewestSend = new Float64Array(rec.eventNewestTs.length);
  for (let k = 0; k < fixes; k++) {
    const sent = sendTimes[k] ?? 0;
    if (sent === 0) continue;
    for (let c = 0; c < consoles; c++) {
      if ((rec.recv[c * fixes + k] ?? 0) === 0) continue;
      const e = rec.eventOf[c * fixes + k] ?? -1;
      if (sent > (eventNewestSend[e] ?? Infinity)) eventNewestSend[e] = sent;
    }
  }
  for (let k = 0; k < fixes; k++) {
    const sent = sendTimes[k] ?? 0;
    if (sent === 0) continue;
    fixesSent++;
    const first = rec.first[k] ?? 0;
    if (first === 0) {
      fixesLost++;
      continue;
    }
    ingest[nFix] = (rec.serverTs[k] ?? NaN) - sent;
    toFirst[nFix] = first - (rec.serverTs[k] ?? NaN);
    nFix++;
    let got = 0;
    for (let c = 0; c < consoles; c++) {
      const t = rec.recv[c * fixes + k] ?? 0;
      if (t === 0) continue;
      const e = rec.eventOf[c * fixes + k] ?? -1;
      latency[delivered] = t - sent;
      delivery[delivered] = t - (rec.eventNewestTs[e] ?? NaN);
      deliveryBySend[delivered] = t - (eventNewestSend[e] ?? NaN);
      spread[delivered] = t - first;
      delivered++;
      got++;
      perConsole[c]!++;
    }
    if (got < consoles) fixesPartial++;
  }
  for (const n of perConsole) minPerConsole = Math.min(minPerConsole, n);
  return {
    expected: fixesSent * consoles,
    delivered,
    fixesSent,
    fixesLost,
    fixesPartial,
    duplicates: rec.duplicates,
    foreign: rec.foreign,
    latency: percentiles(latency.subarray(0, delivered)),
    delivery: percentiles(delivery.subarray(0, delivered)),
    deliveryBySend: percentiles(deliveryBySend.subarray(0, delivered)),
    ingest: percentiles(ingest.subarray(0, nFix)),
    toFirst: percentiles(toFirst.subarray(0, nFix)),
    spread: percentiles(spread.subarray(0, delivered)),
    disconnects: rec.disconnects,
    minDeliveredPerConsole: consoles ? minPerConsole : 0,
  };
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
        say({ type: 'result', result: analyse(spec, rec, m.sendTimes) });
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
