// The simulation clock: simulated time runs `timeScale` times faster than real time, from the
// scenario's start instant (or now). Real timers are derived from it.

export class SimClock {
  private readonly realStart: number;

  constructor(
    /** Simulated epoch ms at the start of the scenario. */
    readonly startMs: number,
    /** Simulated seconds per real second. */
    readonly timeScale: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale))
      throw new Error('timeScale must be a positive number');
    this.realStart = realNow();
  }

  /** Simulated seconds since the start. */
  elapsedS(): number {
    return ((this.realNow() - this.realStart) / 1000) * this.timeScale;
  }

  /** Simulated epoch ms now. */
  nowMs(): number {
    return this.startMs + this.elapsedS() * 1000;
  }

  /** Real milliseconds until the simulated instant `atS` (0 if it has passed). */
  realDelayMs(atS: number): number {
    return Math.max(0, ((atS - this.elapsedS()) * 1000) / this.timeScale);
  }

  /** Real milliseconds that `simS` simulated seconds take. */
  realMs(simS: number): number {
    return (simS * 1000) / this.timeScale;
  }
}
