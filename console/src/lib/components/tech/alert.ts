// Alerting the technician to a new assignment: a chime, a buzz, a system notification. The
// browser APIs come in through AlertPorts (alert-browser.ts gives the real ones), so what is
// decided here — once per dispatch, which channels, what the notification says — is testable.
import type { TicketDto } from '../../api/types';

/** Notification permission as the page sees it; 'unsupported' when the browser has no Notification API. */
export type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

export interface Notice {
  title: string;
  body: string;
  /** The ticket id: a repeat for the same ticket replaces the earlier notification. */
  tag: string;
  /** Keep a P1 on screen until the technician acts. */
  requireInteraction: boolean;
}

/** The browser, as far as alerting goes. Any of these may throw; the alerter survives it. */
export interface AlertPorts {
  permission(): Permission;
  requestPermission(): Promise<Permission>;
  /** Shows a system notification; `onclick` brings the page forward. */
  notify(notice: Notice, onclick: () => void): void;
  /** Whether the device can vibrate at all. */
  canVibrate(): boolean;
  vibrate(pattern: readonly number[]): void;
  /** Plays the short chime; rejects or throws when audio is blocked. */
  chime(): Promise<void> | void;
  /** Unlocks audio; call from a user gesture (browsers start audio suspended). */
  unlockAudio(): void;
  /** Whether the page has had no tap yet, so audio cannot start (a reload); absent: unknown. */
  audioLocked?(): boolean;
  focus(): void;
}

export const VIBRATE_PATTERN: readonly number[] = [300, 120, 300, 120, 300];

/** One dispatch of one ticket: the same ticket dispatched again (after a decline) alerts again. */
export function alertKey(t: Pick<TicketDto, 'id' | 'dispatchedAt' | 'updatedAt'>): string {
  return `${t.id}@${t.dispatchedAt ?? t.updatedAt}`;
}

export interface AlertPlan {
  chime: boolean;
  vibrate: boolean;
  notify: boolean;
}

/** Which channels to use: the chime always (it may be blocked), vibration where there is a motor,
 *  the system notification once the technician has allowed it. */
export function alertPlan(permission: Permission, canVibrate: boolean): AlertPlan {
  return { chime: true, vibrate: canVibrate, notify: permission === 'granted' };
}

export function notice(t: Pick<TicketDto, 'id' | 'priority'>, title: string, body: string): Notice {
  return { title, body, tag: t.id, requireInteraction: t.priority === 'P1' };
}

/** What an alert did; `undefined` from alert() when there was nothing new to alert about. */
export interface AlertOutcome {
  chimed: boolean;
  vibrated: boolean;
  notified: boolean;
}

export class AssignmentAlerter {
  /** The dispatches already alerted for (not UI state). */
  readonly #seen = new Set<string>();
  /** Turned off by the technician: dispatches are still noted (the page's toast), but not sounded. */
  #muted = false;

  constructor(private readonly ports: AlertPorts) {}

  /** A dispatch the technician already sees (the page's first snapshot): no alert for it later. */
  know(t: TicketDto): void {
    this.#seen.add(alertKey(t));
  }

  /** Whether `t` is a dispatch not alerted for yet. */
  isNew(t: TicketDto): boolean {
    return t.status === 'dispatched' && !this.#seen.has(alertKey(t));
  }

  /** Alerts for a new dispatch on every available channel; a blocked channel is skipped, never thrown. */
  alert(t: TicketDto, text: { title: string; body: string }): AlertOutcome | undefined {
    if (!this.isNew(t)) return undefined;
    this.#seen.add(alertKey(t));
    if (this.#muted) return { chimed: false, vibrated: false, notified: false };
    const plan = alertPlan(this.permission(), attempt(() => this.ports.canVibrate()) === true);
    const outcome: AlertOutcome = { chimed: false, vibrated: false, notified: false };
    if (plan.chime) {
      outcome.chimed =
        attempt(() => {
          const played = this.ports.chime();
          if (played) played.catch(() => {}); // audio blocked: the other channels still tell
          return true;
        }) === true;
    }
    if (plan.vibrate) outcome.vibrated = attempt(() => (this.ports.vibrate(VIBRATE_PATTERN), true)) === true;
    if (plan.notify) {
      const n = notice(t, text.title, text.body);
      outcome.notified = attempt(() => (this.ports.notify(n, () => this.ports.focus()), true)) === true;
    }
    return outcome;
  }

  /** Alerts off (the technician's choice) or on again. */
  mute(muted: boolean): void {
    this.#muted = muted;
  }

  permission(): Permission {
    return attempt(() => this.ports.permission()) ?? 'unsupported';
  }

  /** Any tap on the page: browsers let audio start only from a user gesture. */
  unlock(): void {
    attempt(() => this.ports.unlockAudio());
  }

  /** Alerts were kept on, but this page has had no tap yet: the chime cannot sound until one. */
  audioLocked(): boolean {
    return attempt(() => this.ports.audioLocked?.()) === true;
  }

  /** The "enable alerts" button: unlock audio (this is the user's gesture) and ask for notifications. */
  async enable(): Promise<Permission> {
    this.unlock();
    const now = this.permission();
    if (now !== 'default') return now;
    try {
      return await this.ports.requestPermission();
    } catch {
      return this.permission();
    }
  }
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
