// Trims what aedes' mqtt-packet parser keeps and allocates per connection. Its byte list is a bl
// BufferListStream (a whole Duplex, with two stream states, an event table and bound callbacks, that
// nobody pipes) where a plain BufferList does, here one that reads numbers without allocating
// (LeanList); and it keeps the CONNECT packet, password included, as its settings once the connection
// is accepted. Also turns off mqtt-packet's cache of 65,536 two-byte Buffers (~6.5 MB of heap, built
// on the first packet written); without it a packet id or length is one small Buffer per write.
import { createRequire } from 'node:module';
import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';

mqttPacket.writeToStream.cacheNumbers = false;

interface BufferListLike {
  length: number;
  _bufs: Buffer[];
  readUInt8(offset?: number): number;
  readUInt16BE(offset?: number): number;
  readUInt32BE(offset?: number): number;
}

/** The BufferList of the bl that mqtt-packet itself depends on (the parser calls only its methods). */
const BufferList = createRequire(createRequire(import.meta.url).resolve('mqtt-packet'))(
  'bl/BufferList.js',
) as new () => BufferListLike;

type Read = (b: Buffer, at: number) => number;
const u8: Read = (b, at) => b[at]!;
const u16: Read = (b, at) => b.readUInt16BE(at);
const u32: Read = (b, at) => b.readUInt32BE(at);

/** Reads `n` bytes at `offset` in place when one chunk holds them all; undefined otherwise. */
function inPlace(bufs: readonly Buffer[], offset: number, n: number, read: Read): number | undefined {
  let at = offset;
  for (const b of bufs) {
    if (at < b.length) return at + n <= b.length ? read(b, at) : undefined;
    at -= b.length;
  }
  return undefined;
}

/**
 * bl reads a number by slicing a Buffer (and an offset pair) for it: ~130 B of garbage per number the
 * parser reads, on every packet. Read in place when the bytes are in one chunk; otherwise, and for
 * out-of-range reads, bl's own behaviour.
 */
class LeanList extends BufferList {
  override readUInt8(offset = 0): number {
    return inPlace(this._bufs, offset, 1, u8) ?? super.readUInt8(offset);
  }
  override readUInt16BE(offset = 0): number {
    return inPlace(this._bufs, offset, 2, u16) ?? super.readUInt16BE(offset);
  }
  override readUInt32BE(offset = 0): number {
    return inPlace(this._bufs, offset, 4, u32) ?? super.readUInt32BE(offset);
  }
}

interface ParserInternals {
  _list?: { length: number };
  settings?: { protocolVersion?: number; bridgeMode?: boolean };
}

/** The parser aedes created for this client. */
export function parserOf(client: Client): unknown {
  return (client as unknown as { _parser?: unknown })._parser;
}

/** Gives a fresh mqtt-packet parser (nothing buffered yet) a plain BufferList. */
export function leanParser(parser: unknown): void {
  const p = parser as ParserInternals | undefined;
  if (p?._list?.length === 0) p._list = new LeanList();
}

/** After the CONNECT: the parser goes on reading only these two of the packet it keeps as settings. */
export function forgetConnect(parser: unknown): void {
  const p = parser as ParserInternals | undefined;
  const s = p?.settings;
  if (!p || !s) return;
  p.settings = { protocolVersion: s.protocolVersion, ...(s.bridgeMode && { bridgeMode: true }) };
}
