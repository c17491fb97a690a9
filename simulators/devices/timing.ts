// How long a fault must be held (and a restored device left alone) so that the server really raises
// (and clears) its alarm. The server's rule timers run on its own, real clock: a rule with `forS`
// raises once its condition has held forS real seconds and a reading or the server's 1 s tick
// comes after that; it clears the same way once the condition has been false for forS.

/** Telemetry period jitter: each period is intervalS × (1 ± TELEMETRY_JITTER). */
export const TELEMETRY_JITTER = 0.2;
/** Real seconds added to every hold: the message must be processed before the next one undoes it. */
export const DEFAULT_MARGIN_S = 1;

export interface HoldTiming {
  /** Simulated seconds per real second. */
  timeScale: number;
  /** Telemetry period in simulated seconds. */
  intervalS: number;
  /** Real seconds of margin. */
  marginS: number;
  /**
   * The server's INCIDENT_HOLD_S, real seconds: a fed device's alarm that a power cut of its box would
   * explain opens its ticket only after this long, so such a fault is held this much longer.
   */
  incidentHoldS: number;
}

export const DEFAULT_TIMING: HoldTiming = {
  timeScale: 1,
  intervalS: 60,
  marginS: DEFAULT_MARGIN_S,
  incidentHoldS: 0,
};

/**
 * Simulated seconds a condition must be kept (raised, or false after a restore) for a rule with
 * this `forS` to change state on the server: forS real seconds, plus one telemetry period (the
 * reading that completes the timer, in case the server does not tick), plus the margin.
 */
export function minHoldS(forS: number, t: HoldTiming): number {
  const period = forS > 0 ? t.intervalS * (1 + TELEMETRY_JITTER) : 0;
  return Math.ceil((forS + t.marginS) * t.timeScale + period);
}
