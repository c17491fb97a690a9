// pino logger factory, and a rate-limited logger for the hot path (bad payload floods must not flood logs).
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'redsail' } });
}

/** Logs at most `perWindow` messages per key per window; reports how many were suppressed. */
export class RateLimitedLog {
  private readonly windows = new Map<string, { start: number; n: number; suppressed: number }>();
  constructor(
    private readonly log: Logger,
    private readonly perWindow = 5,
    private readonly windowMs = 10_000,
  ) {}

  warn(key: string, obj: object, msg: string, now = Date.now()): void {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (w && w.suppressed > 0)
        this.log.warn({ key, suppressed: w.suppressed }, 'similar messages suppressed');
      w = { start: now, n: 0, suppressed: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.windows.clear();
    }
    if (w.n < this.perWindow) {
      w.n++;
      this.log.warn(obj, msg);
    } else {
      w.suppressed++;
    }
  }
}
