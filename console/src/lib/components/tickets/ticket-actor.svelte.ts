// Sending the dispatcher's events on one ticket: what cannot be sent (a needed text empty, a text
// too long) is said in words and sends nothing; a failure is kept with its kind (data-kind), the
// sentence and the server's words, and a ticket that moved on meanwhile is reloaded.
import { api } from '../../api/endpoints';
import type { MessageKey } from '../../i18n/i18n.svelte';
import { errorMessage, staleAfter, techErrorKind, type TechErrorKind } from '../tech/errors';
import { prepareEvent, type ActionInput } from './detail';

export interface Failure {
  kind: TechErrorKind | 'required' | 'too-long';
  key: MessageKey;
  message: string;
}

export interface ActOptions {
  /** What to say when a needed text is empty (default: the reason). */
  required?: MessageKey;
  /** After the event was taken (e.g. clear the field it came from). */
  done?: () => void;
}

export interface ActorPorts {
  ticketId: () => string;
  /** The ticket changed (or is out of date): reload it. */
  changed: () => void;
}

export class TicketActor {
  /** The last failure, until the next event is sent. */
  failure = $state<Failure>();
  busy = $state(false);

  constructor(private readonly ports: ActorPorts) {}

  /** Keeps a failure (of an event, or of loading what the actions need) and says its kind. */
  failed(err: unknown): TechErrorKind {
    const kind = techErrorKind(err, navigator.onLine);
    this.failure = { kind, key: `ticketDetail.error.${kind}`, message: errorMessage(err) };
    return kind;
  }

  /** Sends one event. */
  async act(input: ActionInput, opts: ActOptions = {}): Promise<void> {
    const prepared = prepareEvent(input);
    if (!prepared.ok) {
      this.failure =
        prepared.problem === 'required'
          ? { kind: 'required', key: opts.required ?? 'ticketDetail.required.reason', message: '' }
          : { kind: 'too-long', key: 'ticketDetail.tooLong', message: '' };
      return;
    }
    this.busy = true;
    this.failure = undefined;
    try {
      await api.ticketEvent(this.ports.ticketId(), prepared.body);
      opts.done?.();
      this.ports.changed();
    } catch (err) {
      const kind = this.failed(err);
      if (staleAfter(kind)) this.ports.changed();
    } finally {
      this.busy = false;
    }
  }
}
