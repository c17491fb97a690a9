// Transport guard: aedes' parser (mqtt-packet) accepts packets up to 256 MB. A packet larger than
// MAX_PACKET_BYTES closes that connection before its body is buffered. Payloads up to it are parsed
// and judged by the protocol's 16 KiB rule (rejected and counted, connection kept).
import type { Client } from 'aedes';

export const MAX_PACKET_BYTES = 256 * 1024;

interface ParserInternals {
  packet: { length: number };
  _parseLength: () => boolean;
  _emitError: (err: Error) => boolean;
}

export function guardPacketSize(client: Client, max = MAX_PACKET_BYTES): void {
  const parser = (client as unknown as { _parser?: ParserInternals })._parser;
  if (!parser || typeof parser._parseLength !== 'function') return;
  const parseLength = parser._parseLength;
  parser._parseLength = function guarded(this: ParserInternals) {
    const ok = parseLength.call(this);
    if (ok && this.packet.length > max) {
      this._emitError(new Error(`packet of ${this.packet.length} bytes exceeds ${max}`));
      return false;
    }
    return ok;
  };
}
