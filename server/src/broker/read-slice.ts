// Bounds how much of a connection aedes parses at a time. aedes reads everything a socket has buffered
// (up to 64 KB, ~500 readings) and parses it into packets at once; under the global admission budget
// those parsed packets then wait, so a flood of 200 connections kept ~45,000 parsed packets and their
// closures (~45 MB of heap) in memory. Sliced, a read hands the parser at most `maxBytes` of whole
// packets; the rest stays in the socket's own buffer as bytes (and, beyond that, in the kernel's), and
// is read when this batch is done. Nothing is dropped and the order is kept.
import type { Readable } from 'node:stream';

/** Bytes of whole packets handed to the parser per read of a busy connection (~60 readings). */
export const READ_SLICE_BYTES = 8 * 1024;

/**
 * Where the last whole MQTT packet within `buf` ends (0 if the first is not whole), reading only the
 * fixed headers. A header that is not MQTT (a length over 4 bytes) gives `buf.length`: the parser
 * reports the error.
 */
export function wholePacketsEnd(buf: Uint8Array): number {
  let end = 0;
  while (end < buf.length) {
    let at = end + 1;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 21) return buf.length;
      if (at >= buf.length) return end;
      const byte = buf[at++]!;
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    if (at + length > buf.length) return end;
    end = at + length;
  }
  return end;
}

/** Makes `conn.read()` (aedes' only read) return at most `maxBytes` of whole packets at a time. */
export function sliceReads(conn: Readable, maxBytes = READ_SLICE_BYTES): void {
  const read = conn.read.bind(conn);
  conn.read = (size?: number): unknown => {
    if (size !== undefined || conn.readableLength <= maxBytes) return read(size);
    const head: unknown = read(maxBytes);
    if (!Buffer.isBuffer(head)) return head;
    const end = wholePacketsEnd(head);
    // A packet longer than the slice: the parser gets all there is, as without slicing.
    if (end === 0) {
      conn.unshift(head);
      return read();
    }
    if (end < head.length) conn.unshift(head.subarray(end));
    return head.subarray(0, end);
  };
}
