// Transport guard: mqtt-packet's parser accepts packets up to 256 MB. A packet larger than
// MAX_PACKET_BYTES (64 KiB: the protocol's 16 KiB payload and a topic, with room to spare) closes
// that connection before its body is buffered. Payloads up to it are parsed and judged by the
// protocol's 16 KiB rule (rejected and counted, connection kept).
import type { Client } from 'aedes';

export const MAX_PACKET_BYTES = 64 * 1024;

interface ParserInternals {
  packet: { length: number };
  _parseLength: () => boolean;
  _emitError: (err: Error) => boolean;
}

/** Patches one mqtt-packet parser to refuse oversized packets as soon as their length is known. */
export function guardParser(parser: unknown, max = MAX_PACKET_BYTES): void {
  const p = parser as Partial<ParserInternals>;
  const parseLength = p._parseLength;
  if (typeof parseLength !== 'function') return;
  p._parseLength = function guarded(this: ParserInternals) {
    const ok = parseLength.call(this);
    if (ok && this.packet.length > max) {
      this._emitError(new Error(`packet of ${this.packet.length} bytes exceeds ${max}`));
      return false;
    }
    return ok;
  };
}

/** Guards the parser aedes created for this client. */
export function guardPacketSize(client: Client, max = MAX_PACKET_BYTES): void {
  guardParser((client as unknown as { _parser?: unknown })._parser, max);
}
