// New assignments for the technician: each alerted once (chime, vibration, a notification; see
// AssignmentAlerter) and the latest shown as a toast until tapped or no longer waiting for an
// answer. Dispatches found in a later snapshot (after the phone slept) are news too.
import type { TicketDto } from '../../api/types';
import { AssignmentAlerter } from './alert';
import { browserAlertPorts } from './alert-browser';
import { assignmentTexts } from './words';

export class Announcer {
  readonly alerter = new AssignmentAlerter(browserAlertPorts());
  /** The latest new assignment, shown as a toast. */
  toast = $state<{ id: string; text: string }>();

  constructor(
    /** Where a ticket is, in words (for the alert and the toast). */
    private readonly placeOf: (tk: TicketDto) => string,
  ) {}

  /** An `assignment` event: alert, unless this dispatch was already alerted. */
  readonly assigned = (tk: TicketDto): void => {
    const texts = assignmentTexts(tk, this.placeOf(tk));
    if (this.alerter.alert(tk, texts)) this.toast = { id: tk.id, text: texts.toast };
  };

  /** A snapshot of the van's tickets: the first is what the page found on opening, not news. */
  readonly snapshot = (tickets: readonly TicketDto[], first: boolean): void => {
    for (const tk of tickets) {
      if (tk.status !== 'dispatched') continue;
      if (first) this.alerter.know(tk);
      else this.assigned(tk);
    }
  };

  /** The toast goes once its ticket is no longer waiting for an answer. */
  settle(status: (ticketId: string) => TicketDto['status'] | undefined): void {
    if (this.toast && status(this.toast.id) !== 'dispatched') this.toast = undefined;
  }

  dismiss(): void {
    this.toast = undefined;
  }
}
