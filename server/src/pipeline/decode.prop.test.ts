// Properties of ingest's first two stages (fast-check, seeded): bytes → JSON object (decode.ts), then
// the device type's metric checks (devices/index.ts validateTelemetry). Contract: device-protocol.md
// "Payloads", "Device types and metrics".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceTypes, getDeviceType, validateTelemetry } from '../../../devices/index';
import type { MetricValue } from '../../../devices/lib/types';
import { decodeJsonObject, MAX_PAYLOAD_BYTES } from './decode';

const SEED = 16_009;
const RUNS = 300;
const DECODE_REASONS = new Set(['too_large', 'not_json', 'not_object']);
const VALIDATE_REASONS = new Set(['wrong_type', 'out_of_range']);
const types = deviceTypes.map((d) => getDeviceType(d.type)!);

/** A value a device could send for a metric key: often right, often wrong in type or range. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.string(),
  fc.constantFrom('on', 'off', 'NaN', 'Infinity', 'ok', 'alarm'),
  fc.constant(null),
  fc.jsonValue(),
);
/** A telemetry object for `type`: some of its metric keys and some strangers (`ts`, `__proto__`). */
const telemetryFor = (keys: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys, 'ts', '__proto__', 'constructor'), fc.string()), anyValue, {
    maxKeys: 12,
  });

describe('decodeJsonObject', () => {
  it('never throws on any bytes, and a rejection carries a known reason', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const r = decodeJsonObject(Buffer.from(bytes));
        if (!r.ok) expect(DECODE_REASONS).toContain(r.reason);
        else expect(typeof r.value === 'object' && r.value !== null && !Array.isArray(r.value)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('accepts exactly the JSON objects within the size limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 2, max: 64 }), (v, max) => {
        const bytes = Buffer.from(JSON.stringify(v));
        const r = decodeJsonObject(bytes, max);
        const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
        if (bytes.length > max) expect(r).toMatchObject({ ok: false, reason: 'too_large' });
        else if (!isObject) expect(r).toMatchObject({ ok: false, reason: 'not_object' });
        else expect(r).toEqual({ ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('refuses anything over the protocol limit before parsing it', () => {
    const r = decodeJsonObject(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20));
    expect(r).toMatchObject({ ok: false, reason: 'too_large' });
  });
});

describe('validateTelemetry', () => {
  it('never throws; a rejection has a known reason; an accepted message holds only metrics of the type within range', () => {
    const arb = fc
      .constantFrom(...types)
      .chain((t) => fc.tuple(fc.constant(t), telemetryFor([...t.metricKeys])));
    fc.assert(
      fc.property(arb, ([t, obj]) => {
        const r = validateTelemetry(t, obj);
        if (!r.ok) {
          expect(VALIDATE_REASONS).toContain(r.reason);
          return;
        }
        // The fast path agrees with the documented zod schema.
        expect(t.telemetrySchema.safeParse(obj).success).toBe(true);
        for (const [key, v] of Object.entries(r.metrics)) {
          const check = t.checks.get(key);
          expect(check, key).toBeDefined();
          if (check?.kind === 'numeric') {
            expect(typeof v === 'number' && Number.isFinite(v) && v >= check.min && v <= check.max).toBe(
              true,
            );
          } else if (check?.kind === 'enum') expect(check.values.has(v as string)).toBe(true);
          else expect(typeof v).toBe('boolean');
        }
        if (r.ts !== undefined) expect(Number.isSafeInteger(r.ts) && r.ts >= 0).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('a partial update merges: keys it holds win, every other metric of the state stays', () => {
    const arb = fc
      .constantFrom(...types)
      .chain((t) =>
        fc.tuple(fc.constant(t), telemetryFor([...t.metricKeys]), telemetryFor([...t.metricKeys])),
      );
    fc.assert(
      fc.property(arb, ([t, first, second]) => {
        const a = validateTelemetry(t, first);
        const b = validateTelemetry(t, second);
        fc.pre(a.ok && b.ok);
        if (!a.ok || !b.ok) return;
        const merged: Record<string, MetricValue> = { ...a.metrics, ...b.metrics };
        for (const k of Object.keys(merged)) {
          expect(merged[k]).toBe(Object.hasOwn(b.metrics, k) ? b.metrics[k] : a.metrics[k]);
        }
        expect(Object.keys(merged).every((k) => t.metricKeys.has(k))).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
