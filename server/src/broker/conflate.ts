// Catching up a connection that is far behind, in bytes, before any MQTT parsing: a run of QoS-0
// telemetry PUBLISHes of one topic in one read becomes one PUBLISH whose payload is the readings
// merged in order (later metrics win, `ts` is the last reading's), which is the state the device
// would reach if each were applied. Every other packet (QoS 1 and 2, status, events, acks, PINGREQ,
// anything not understood) is kept as it is, in order, and ends a run. Also tracks packet
// boundaries across reads, so a read that is not caught up still leaves the framing known.
// Pure: MQTT 3.1 / 3.1.1 framing only (an MQTT 5 client comes through its bridge, not here).
import { hasKeys, keyRanges } from './json-keys';

/** Where the byte stream stands between two reads. */
export interface Framing {
  /** Bytes still to come of a packet begun in an earlier read. */
  need: number;
  /** The bytes of a fixed header cut by the end of a read (type byte and part of its length). */
  header: number[];
  /** Not MQTT framing any more (a length over 4 bytes): bytes pass through, the parser will refuse them. */
  lost: boolean;
}

export const newFraming = (): Framing => ({ need: 0, header: [], lost: false });

/** A merged payload larger than the protocol's payload cap is not made: the last reading is kept. */
const MAX_MERGED_BYTES = 16 * 1024;
const TELEMETRY = Buffer.from('/telemetry');

/** Decodes an MQTT remaining length from `bytes` (the varint after the type byte), or -1 if over 4 bytes. */
function varint(bytes: ArrayLike<number>, from: number, to: number): number {
  if (to - from > 4) return -1;
  let length = 0;
  for (let i = from, m = 1; i < to; i++, m *= 128) length += (bytes[i]! & 0x7f) * m;
  return length;
}

/** Finishes a header or packet begun in an earlier read; returns where the first new packet starts. */
function resume(buf: Buffer, f: Framing): number {
  let at = 0;
  if (f.header.length > 0) {
    while (at < buf.length) {
      const byte = buf[at++]!;
      f.header.push(byte);
      if (byte < 0x80 || f.header.length > 5) break;
    }
    const last = f.header[f.header.length - 1]!;
    if (last >= 0x80 && f.header.length <= 5) return buf.length; // still cut
    const length = varint(f.header, 1, f.header.length);
    f.header = [];
    if (length < 0) {
      f.lost = true;
      return buf.length;
    }
    f.need = length;
  }
  const n = Math.min(f.need, buf.length - at);
  f.need -= n;
  return at + n;
}

/** One whole packet within a read. */
interface Packet {
  start: number;
  /** Where the variable header begins (after the remaining length). */
  body: number;
  end: number;
}

/** Where a read's whole packets begin (after the continuation of an earlier one) and end. */
interface Span {
  first: number;
  /** Where the bytes the read leaves cut (or that are not MQTT framing) begin; buf.length if none. */
  tail: number;
}

/** Calls `each` for every whole packet that starts in `buf`, updating `f` for what the read leaves cut. */
function walk(buf: Buffer, f: Framing, each?: (p: Packet) => void): Span {
  if (f.lost) return { first: buf.length, tail: buf.length };
  const first = resume(buf, f);
  let at = first;
  while (at < buf.length && !f.lost) {
    const start = at;
    let body = at + 1;
    while (body < buf.length && buf[body]! >= 0x80 && body - start <= 4) body++;
    if (body - start > 4) {
      f.lost = true;
      return { first, tail: start };
    }
    if (body >= buf.length) {
      f.header = [...buf.subarray(start)]; // the length is cut by the end of the read
      return { first, tail: start };
    }
    body++;
    const end = body + varint(buf, start + 1, body);
    if (end > buf.length) {
      f.need = end - buf.length;
      return { first, tail: start };
    }
    each?.({ start, body, end });
    at = end;
  }
  return { first, tail: buf.length };
}

/** Follows the framing through a read that is passed on as it is. */
export function track(buf: Buffer, f: Framing): void {
  walk(buf, f);
}

const payloadAt = (buf: Buffer, p: Packet) => p.body + 2 + ((buf[p.body]! << 8) | buf[p.body + 1]!);

/** Where the topic of a QoS-0 PUBLISH to a telemetry topic ends; -1 for any other packet. */
function telemetryTopicEnd(buf: Buffer, p: Packet): number {
  const type = buf[p.start]!;
  if ((type & 0xf0) !== 0x30 || (type & 0x06) !== 0 || p.end - p.body < 2) return -1;
  const topicEnd = p.body + 2 + ((buf[p.body]! << 8) | buf[p.body + 1]!);
  const from = topicEnd - TELEMETRY.length;
  if (topicEnd > p.end || from < p.body + 2) return -1;
  for (let i = 0; i < TELEMETRY.length; i++) if (buf[from + i] !== TELEMETRY[i]) return -1;
  return topicEnd;
}

/** Whether packets `a` and `b` (both telemetry PUBLISHes) have the same topic. */
function sameTopic(buf: Buffer, a: Packet, b: Packet): boolean {
  const n = payloadAt(buf, a) - a.body;
  if (payloadAt(buf, b) - b.body !== n) return false;
  for (let i = 2; i < n; i++) if (buf[a.body + i] !== buf[b.body + i]) return false;
  return true;
}

type Reading = Record<string, unknown>;

function reading(bytes: Buffer): Reading | undefined {
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Reading) : undefined;
  } catch {
    return undefined;
  }
}

/** A QoS-0 PUBLISH of `payload` to the topic `topicBytes` (with its 2-byte length), flags of `type`. */
function publishPacket(type: number, topicBytes: Buffer, payload: Buffer): Buffer {
  let length = topicBytes.length + payload.length;
  const header = [type];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    header.push(byte);
  } while (length > 0);
  return Buffer.concat([Buffer.from(header), topicBytes, payload]);
}

/**
 * One packet for a run of telemetry PUBLISHes of one topic, pushed to `out`. Returns how many
 * messages fewer the run became. A reading with exactly the keys of the run's last one is wholly
 * superseded by it and is not parsed (the common case: a device repeating its full reading).
 */
function mergeRun(buf: Buffer, run: Packet[], out: Buffer[]): number {
  const last = run[run.length - 1]!;
  if (run.length === 1) {
    out.push(buf.subarray(last.start, last.end));
    return 0;
  }
  const lastKeys = keyRanges(buf, payloadAt(buf, last), last.end);
  if (!lastKeys || !reading(buf.subarray(payloadAt(buf, last), last.end))) return mergeAll(buf, run, out);
  const rest = run.filter((p) => p === last || !hasKeys(buf, payloadAt(buf, p), p.end, lastKeys));
  const superseded = run.length - rest.length;
  if (rest.length === 1) {
    out.push(buf.subarray(last.start, last.end));
    return superseded;
  }
  return superseded + mergeAll(buf, rest, out);
}

/**
 * Merges every reading of `run` in order into one PUBLISH; readings that are not JSON objects are
 * kept as their own packets (the pipeline rejects and counts them as it would have).
 */
function mergeAll(buf: Buffer, run: Packet[], out: Buffer[]): number {
  const last = run[run.length - 1]!;
  const topicEnd = payloadAt(buf, last);
  const merged: Reading = {};
  let valid = 0;
  let ts: unknown;
  let lastValid = last;
  for (const p of run) {
    const r = reading(buf.subarray(payloadAt(buf, p), p.end));
    if (!r) {
      out.push(buf.subarray(p.start, p.end));
      continue;
    }
    valid++;
    lastValid = p;
    ts = r.ts;
    Object.assign(merged, r);
  }
  if (valid === 0) return 0;
  delete merged.ts;
  if (ts !== undefined) merged.ts = ts;
  const payload = Buffer.from(JSON.stringify(merged));
  if (payload.length > MAX_MERGED_BYTES) out.push(buf.subarray(lastValid.start, lastValid.end));
  else out.push(publishPacket(buf[last.start]!, buf.subarray(last.body, topicEnd), payload));
  return valid - 1;
}

/** The read caught up, and how many messages it stands for fewer. */
export interface Conflated {
  out: Buffer;
  merged: number;
}

/** Merges each run of one topic's QoS-0 telemetry in `buf` into one PUBLISH (see the file's head). */
export function conflate(buf: Buffer, f: Framing): Conflated {
  const out: Buffer[] = [];
  let run: Packet[] = [];
  let merged = 0;
  const flush = () => {
    if (run.length === 0) return;
    merged += mergeRun(buf, run, out);
    run = [];
  };
  const span = walk(buf, f, (p) => {
    const telemetry = telemetryTopicEnd(buf, p) >= 0;
    if (telemetry && run.length > 0 && sameTopic(buf, run[0]!, p)) return void run.push(p);
    flush();
    if (telemetry) run.push(p);
    else out.push(buf.subarray(p.start, p.end));
  });
  flush();
  // The continuation of an earlier packet first, then the packets, then whatever the read leaves cut.
  const parts = [buf.subarray(0, span.first), ...out, buf.subarray(span.tail)];
  return { out: Buffer.concat(parts), merged };
}
