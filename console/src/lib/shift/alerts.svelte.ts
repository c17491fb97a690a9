// The console's call-outs: fed the board and the feed whenever they change (while live), it decides
// what is new (alerts.ts), marks those cards and rows (the CSS runs three calm pulses, then they
// look as before) and counts them into the tab title until the dispatcher touches the page, and
// plays the chime unless muted. `sounds` counts the
// chimes attempted (the page shows it as a data attribute for tests).
import { SvelteSet } from 'svelte/reactivity';
import { decideAlerts, NOTHING_SEEN, type AlertAlarm, type AlertSeen, type AlertTicket } from './alerts';
import { chime } from './chime';
import { prefs } from './prefs.svelte';

export class ConsoleAlerts {
  #seen: AlertSeen = NOTHING_SEEN;
  readonly tickets = new SvelteSet<string>();
  readonly alarms = new SvelteSet<string>();
  /** Called out since the dispatcher last touched the page: P1 tickets, critical alarms. */
  unseenP1 = $state(0);
  unseenCritical = $state(0);
  sounds = $state(0);

  update(tickets: readonly AlertTicket[], alarms: readonly AlertAlarm[]): void {
    const d = decideAlerts(this.#seen, tickets, alarms);
    this.#seen = d.seen;
    if (d.tickets.length === 0 && d.alarms.length === 0) return;
    this.#flash(this.tickets, d.tickets);
    this.#flash(this.alarms, d.alarms);
    this.unseenP1 += d.tickets.length;
    this.unseenCritical += d.alarms.length;
    if (!prefs.value.muted) {
      this.sounds += 1;
      chime();
    }
  }

  /** The dispatcher is looking (a click or key on the page): marks and title go back to normal. */
  seen(): void {
    if (this.unseenP1 + this.unseenCritical === 0) return;
    this.unseenP1 = 0;
    this.unseenCritical = 0;
    this.tickets.clear();
    this.alarms.clear();
  }

  #flash(set: SvelteSet<string>, ids: string[]): void {
    for (const id of ids) set.add(id);
  }
}
