// The fan-out benchmark's join, run in the consoles process once the window is over: every (console,
// fix) arrival recorded there against the van driver's send time of that fix gives the latency
// figures, end to end and split at the server's `ts` (see fanout.bench.ts for what each bounds).
import { percentiles, type Percentiles } from './stats';

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

/** What the consoles record as events arrive, in flat typed arrays indexed by (console, van, seq). */
export interface Recorder {
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

/** Joins the arrivals at `consoles` consoles with the send time of each measured fix. */
export function analyse(consoles: number, rec: Recorder, sendTimes: Float64Array): FanoutResult {
  const fixes = sendTimes.length;
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
