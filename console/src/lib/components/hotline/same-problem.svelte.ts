// The hotline form's same-problem check: asks GET /api/tickets/duplicates once the draft's category
// and place have stood still for a moment (DEBOUNCE_MS), and keeps only the answer to the latest
// question; a change of question drops the shown matches at once, a failed check shows none (the
// form works without it).
import { api } from '../../api/endpoints';
import type { DuplicateDto } from '../../api/types';

/** How long the category and place must stay put before the server is asked. */
export const DEBOUNCE_MS = 250;

export class SameProblemCheck {
  /** The open tickets the call is the same problem as, nearest first (latest question only). */
  matches = $state.raw<DuplicateDto[]>([]);
  /** The question the matches answer ('' = none asked). */
  answered = $state('');
  #asked = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ctl: AbortController | undefined;

  /** A new question (a query string from duplicateSearch), or none; the same one again is ignored. */
  ask(search: string | undefined): void {
    const next = search ?? '';
    if (next === this.#asked) return;
    this.stop();
    this.#asked = next;
    this.matches = [];
    this.answered = '';
    if (next === '') return;
    this.#timer = setTimeout(() => this.#send(next), DEBOUNCE_MS);
  }

  /** Forgets the pending question (the form closed). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#ctl?.abort();
    this.#ctl = undefined;
  }

  #send(search: string): void {
    const ctl = new AbortController();
    this.#ctl = ctl;
    api.duplicates(search, ctl.signal).then(
      (found) => {
        if (ctl.signal.aborted || search !== this.#asked) return;
        this.matches = found;
        this.answered = search;
      },
      () => {
        if (ctl.signal.aborted || search !== this.#asked) return;
        this.matches = [];
        this.answered = search;
      },
    );
  }
}
