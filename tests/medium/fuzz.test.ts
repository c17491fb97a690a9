// A seeded fuzz of the live server at CI size (issue 16 point 9; the full size is bench/fuzz.bench.ts):
// mutated MQTT packets on raw sockets and mutated REST bodies. The server must stay up and healthy,
// throw nothing (its stderr stays empty: an uncaught exception or unhandled rejection would print
// there and end the process), answer every REST case with a 2xx or a 4xx {error, message}, stay
// within a generous memory cap, and count every decision it was sure to make (see the assertions).
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../helpers/fuzz/run';

const SEED = Number(process.env.FUZZ_SEED ?? 16_0901);
const RSS_CAP_MB = 400;

describe('fuzz against the live server', () => {
  it(`survives and counts seeded garbage (seed ${SEED})`, { timeout: 60_000 }, async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)`);
    const r = await runFuzz({ seed: SEED, packets: 8000, rest: 1000, batches: 4 });
    expect(r.exited).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.healthFailures).toEqual([]);
    expect(r.errorLogs).toEqual([]);
    expect(r.rest.problems).toEqual([]);
    expect(r.rest.sent).toBe(1000);
    expect(r.mqtt.refusedGood).toBe(0);
    expect(r.rssMb.max).toBeLessThan(RSS_CAP_MB);
    // Counted honestly: every well-formed publish of bad telemetry was received and rejected, every
    // well-formed CONNECT with a wrong secret was a failed login; the mutated packets add decisions
    // (ACL, login, decoder, protocol errors) on top whose number depends on where each one breaks.
    expect(r.counted.received).toBeGreaterThanOrEqual(r.mqtt.mustReceive);
    expect(r.counted.rejected).toBeGreaterThanOrEqual(r.mqtt.mustReject);
    expect(r.counted.authFailed).toBeGreaterThanOrEqual(r.mqtt.mustFailLogin);
    expect(r.counted.protocolErrors).toBeGreaterThan(0);
    console.log(JSON.stringify({ ...r, stderr: undefined }));
  });
});
