// Failed-login back-off that counts an attempt before its password hash runs and cannot be turned
// into a lockout by a stranger. The scheme (docs/security.md, "Login"):
//
// - An attempt takes a slot in every counter it belongs to *before* scrypt runs; an attempt in flight
//   counts as a failure until it resolves, so 150 parallel guesses get exactly the free allowance.
// - Past a counter's free allowance each further failure doubles a refusal window (1 s, 2 s, 4 s, ...
//   up to the counter's cap), and only one attempt at a time is let through once the window passes.
// - From a known device (the signed cookie a successful login sets, bound to that username) an attempt
//   counts only against that device: failures by anyone else, from anywhere, cannot block it.
// - Otherwise it counts against three counters:
//     pair    (account, address): 5 free, cap 15 min: the strict limit on guessing one account;
//     account (across addresses): 50 free, cap 15 min: a botnet of addresses gets 50 guesses, then
//             slows to 4 per hour; the real user's known devices are unaffected;
//     address (across accounts):  20 free, cap 5 s: a sprayer behind a NAT slows to one guess per
//             5 s for everyone behind it, but a colleague with the right password waits at most 5 s.
// - A success clears the pair (or device) counter only; the account and address ones decay on their
//   own (forgotten an hour after their last failure), so the real user's success does not give an
//   attacker a new allowance.
export interface Limit {
  free: number;
  capMs: number;
}

export const LIMITS = {
  pair: { free: 5, capMs: 15 * 60_000 },
  device: { free: 5, capMs: 15 * 60_000 },
  account: { free: 50, capMs: 15 * 60_000 },
  address: { free: 20, capMs: 5_000 },
} as const satisfies Record<string, Limit>;

const BASE_MS = 1_000;
const FORGET_MS = 60 * 60_000;
const MAX_ENTRIES = 100_000;

interface Counter {
  failures: number;
  inFlight: number;
  blockedUntil: number;
  lastFailure: number;
}

export interface LoginAttempt {
  username: string;
  address: string;
  /** The known-device id from a valid cookie for this username, if any. */
  deviceId?: string;
}

/** The admitted attempt: call exactly one of these when its outcome is known. */
export interface Slot {
  succeeded(): void;
  failed(): void;
  /** Neither: the hash never ran (queue full) or the store failed. */
  abandoned(): void;
}

export type Admission = { ok: true; slot: Slot } | { ok: false; retryAfterS: number };

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: Record<keyof typeof LIMITS, Limit> = LIMITS,
  ) {}

  admit(a: LoginAttempt): Admission {
    const t = this.now();
    const keys = this.keysOf(a);
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const c = this.counter(key, t);
      if (c.failures + c.inFlight < limit.free) continue;
      if (c.inFlight > 0) waitMs = Math.max(waitMs, BASE_MS);
      else if (c.blockedUntil > t) waitMs = Math.max(waitMs, c.blockedUntil - t);
    }
    if (waitMs > 0) return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
    const held = keys.map(([key, limit]) => {
      const c = this.counter(key, t);
      c.inFlight++;
      return { key, limit, c };
    });
    let done = false;
    const settle = (outcome: 'ok' | 'fail' | 'none') => {
      if (done) return;
      done = true;
      const at = this.now();
      for (const { key, limit, c } of held) {
        c.inFlight--;
        if (outcome === 'fail') {
          c.failures++;
          c.lastFailure = at;
          const over = c.failures - limit.free;
          if (over >= 0) c.blockedUntil = at + Math.min(limit.capMs, BASE_MS * 2 ** Math.min(over, 30));
        } else if (outcome === 'ok' && (key.startsWith('p:') || key.startsWith('d:'))) {
          this.counters.delete(key);
        }
      }
    };
    return {
      ok: true,
      slot: { succeeded: () => settle('ok'), failed: () => settle('fail'), abandoned: () => settle('none') },
    };
  }

  private keysOf(a: LoginAttempt): [string, Limit][] {
    if (a.deviceId !== undefined) return [[`d:${a.username}\n${a.deviceId}`, this.limits.device]];
    return [
      [`p:${a.username}\n${a.address}`, this.limits.pair],
      [`u:${a.username}`, this.limits.account],
      [`a:${a.address}`, this.limits.address],
    ];
  }

  private counter(key: string, t: number): Counter {
    let c = this.counters.get(key);
    if (c && c.inFlight === 0 && t - Math.max(c.lastFailure, c.blockedUntil) >= FORGET_MS) {
      this.counters.delete(key);
      c = undefined;
    }
    if (!c) {
      // Bounded memory under a spray of names: drop idle counters first, everything as a last resort.
      if (this.counters.size >= MAX_ENTRIES) this.prune(t);
      c = { failures: 0, inFlight: 0, blockedUntil: 0, lastFailure: t };
      this.counters.set(key, c);
    }
    return c;
  }

  private prune(t: number): void {
    for (const [k, c] of this.counters) if (c.inFlight === 0 && c.blockedUntil <= t) this.counters.delete(k);
    if (this.counters.size >= MAX_ENTRIES) this.counters.clear();
  }
}
