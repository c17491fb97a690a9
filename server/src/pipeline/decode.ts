// Stage 1 of ingest: bytes → a JSON object, or the reason it is not one (device-protocol.md "Payloads").
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export type Decoded =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'too_large' | 'not_json' | 'not_object'; message: string };

export function decodeJsonObject(payload: Buffer, max = MAX_PAYLOAD_BYTES): Decoded {
  if (payload.length > max) {
    return { ok: false, reason: 'too_large', message: `payload of ${payload.length} bytes exceeds ${max}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not_json', message: 'payload is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_object', message: 'payload must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** `ts` more than this far in the future is rejected. */
export const MAX_FUTURE_MS = 5 * 60_000;
