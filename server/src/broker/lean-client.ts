// Trims what aedes' mqtt-packet parser keeps per connection, for as long as the connection lives:
// its byte list is a bl BufferListStream (a whole Duplex, with its two stream states, event table and
// bound callbacks, that nobody pipes) where a plain BufferList does, and it keeps the CONNECT packet,
// password included, as its settings once the connection is accepted. Also turns off mqtt-packet's
// cache of 65,536 two-byte Buffers (~6.5 MB of heap, built on the first packet written); without it a
// packet id or length is one small Buffer per write.
import { createRequire } from 'node:module';
import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';

mqttPacket.writeToStream.cacheNumbers = false;

/** The BufferList of the bl that mqtt-packet itself depends on (the parser calls only its methods). */
const BufferList = createRequire(createRequire(import.meta.url).resolve('mqtt-packet'))(
  'bl/BufferList.js',
) as new () => { length: number };

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
  if (p?._list?.length === 0) p._list = new BufferList();
}

/** After the CONNECT: the parser goes on reading only these two of the packet it keeps as settings. */
export function forgetConnect(parser: unknown): void {
  const p = parser as ParserInternals | undefined;
  const s = p?.settings;
  if (!p || !s) return;
  p.settings = { protocolVersion: s.protocolVersion, ...(s.bridgeMode && { bridgeMode: true }) };
}
