// Identifiers: tickets get a short id a dispatcher can read over the phone; alarms a sortable one.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

function base32(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return s;
}

/** e.g. T261125-7K3QX2 (date in Asia/Shanghai). */
export function ticketId(now: number): string {
  const d = new Date(now + 8 * 3600_000);
  const ymd = d.toISOString().slice(2, 10).replaceAll('-', '');
  return `T${ymd}-${base32(6)}`;
}

export function alarmId(now: number): string {
  return `A${now.toString(36).toUpperCase()}${base32(6)}`;
}

export function commandId(now: number): string {
  return `C${now.toString(36).toUpperCase()}${base32(4)}`;
}

export function silenceId(now: number): string {
  return `S${now.toString(36).toUpperCase()}${base32(4)}`;
}

export function channelId(now: number): string {
  return `N${now.toString(36).toUpperCase()}${base32(4)}`;
}

let deliverySeq = 0;
/** Sortable by time, then by order within this process (a counter), then random (across nodes). */
export function deliveryId(now: number): string {
  deliverySeq = (deliverySeq + 1) % 36 ** 4;
  return `D${now.toString(36).toUpperCase()}${deliverySeq.toString(36).toUpperCase().padStart(4, '0')}${base32(4)}`;
}
