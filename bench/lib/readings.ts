// The normal distribution-box reading the ingest, alarm and memory benchmarks publish: nothing in it
// raises an alarm. Defined once so that every benchmark sends the same message.

/** A distribution box with all well (the alarm benchmark derives its fault reading from it). */
export const BOX_NORMAL = Object.freeze({
  ua: 228.1,
  ub: 230.2,
  uc: 226.3,
  ia: 21.5,
  ib: 18.2,
  ic: 19.9,
  leakage_ma: 3,
  temp_c: 35.2,
  breaker: 'closed',
  door: 'closed',
});

/** BOX_NORMAL as a device sends it (JSON). */
export const BOX_READING = JSON.stringify(BOX_NORMAL);
