// The open hotline form's state as a rune class: the draft, which check the shown problems come
// from, what was touched, the server's objections, and the two ways out (a new ticket, or a report
// linked to an open one). The components render from it; the focus moves through `ports`.
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { CompoundDto } from '../../api/types';
import { t } from '../../i18n/i18n.svelte';
import { compoundAt, type GeoPoint } from '../../map/pick';
import { errorText } from '../tickets/actions';
import {
  PRIORITY_OPTIONS,
  checkCreate,
  checkLink,
  effectivePriority,
  emptyDraft,
  fieldText,
  serverProblems,
  suggestedPriority,
  type Field,
  type Problems,
} from './form';
import { fieldMessage, objectionsOf, type Objection } from './messages';

export interface FormPorts {
  /** The ticket was created or the report linked: close the form and say so. */
  done: (message: string) => void;
  /** Opens a ticket's detail (the new one, or the one a report was linked to). */
  open: (ticketId: string) => void;
  /** Moves the focus to the first field with one of these problems. */
  focusProblem: (problems: Problems) => void;
}

export class HotlineFormState {
  draft = $state(emptyDraft());
  /** Which check the shown problems come from: the last button pressed. */
  mode = $state<'create' | 'link'>('create');
  attempted = $state(false);
  touched = $state<Partial<Record<Field, boolean>>>({});
  /** The server's objections, each shown until its field changes. */
  objections = $state<Objection[]>([]);
  busy = $state(false);

  readonly suggestion = $derived(suggestedPriority(this.draft));
  readonly priority = $derived(effectivePriority(this.draft));
  readonly problems: Problems = $derived.by(() => {
    const check = this.mode === 'create' ? checkCreate(this.draft) : checkLink(this.draft);
    return check.ok ? {} : check.problems;
  });

  constructor(private readonly ports: FormPorts) {}

  /** The message shown under a field, if any. */
  errorFor(field: Field): string | undefined {
    const m = fieldMessage(field, this);
    return m && t(m.key, m.params);
  }

  invalid(field: Field): boolean {
    return this.errorFor(field) !== undefined;
  }

  /** The field was left: its problems show from now on, if anything was typed in it. */
  touch(field: Field): void {
    if (fieldText(this.draft, field) !== '') this.touched[field] = true;
  }

  /** A priority chosen in the select (anything not a priority goes back to the suggestion). */
  choosePriority(value: string | undefined): void {
    this.draft.priority = PRIORITY_OPTIONS.find((p) => p === value);
  }

  /**
   * A point picked on the map (or cleared): kept, and it sets the compound whose outline holds it.
   * Whether there is a point now.
   */
  takePoint(p: GeoPoint | undefined, compounds: readonly CompoundDto[]): boolean {
    this.draft.point = p;
    if (!p) return false;
    const c = compoundAt(p, compounds);
    if (c) {
      this.draft.compoundId = c.id;
      this.draft.compoundText = c.name;
    }
    return true;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.mode = 'create';
    this.attempted = true;
    const r = checkCreate(this.draft);
    if (!r.ok) return this.ports.focusProblem(r.problems);
    await this.#send(async () => {
      const ticket = await api.createTicket(r.body);
      this.ports.done(t('hotline.created', { id: ticket.id }));
      this.ports.open(ticket.id);
    });
  }

  async link(ticketId: string): Promise<void> {
    if (this.busy) return;
    this.mode = 'link';
    this.attempted = true;
    const r = checkLink(this.draft);
    if (!r.ok) return this.ports.focusProblem(r.problems);
    await this.#send(async () => {
      const ticket = await api.linkReport(ticketId, r.body);
      this.ports.done(t('hotline.linked', { id: ticket.id }));
      this.ports.open(ticket.id);
    });
  }

  async #send(call: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.objections = [];
    try {
      await call();
    } catch (err) {
      const found =
        err instanceof ApiError && err.status === 400
          ? serverProblems(err.message)
          : [{ field: 'form' as const, message: errorText(err) }];
      this.objections = objectionsOf(found, this.draft);
      this.ports.focusProblem(Object.fromEntries(found.map((p) => [p.field, { code: 'invalid' }])));
    } finally {
      this.busy = false;
    }
  }
}
