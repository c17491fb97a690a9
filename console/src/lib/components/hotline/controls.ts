// The hotline form's focusable controls by name, so that Enter, the checks and the page can move
// the focus: each control registers itself with an attachment (`{@attach controls.as('address')}`).
import type { Attachment } from 'svelte/attachments';
import { firstProblem, type Field, type Problems } from './form';
import { FORM_ORDER, nextControl, type Control } from './keys';

/** The fields in the form's order (the controls but the submit button). */
const FIELD_ORDER: readonly Field[] = FORM_ORDER.filter(
  (c): c is Exclude<Control, 'submit'> => c !== 'submit',
);

/** A key pressed without Ctrl, ⌘ or Alt, and not while an input method composes. */
export const plain = (e: KeyboardEvent): boolean => !e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing;

export class FormControls {
  // Not state: nothing renders from them.
  #els = new Map<Control, HTMLElement>();

  /** Registers the element as control `c` while it is in the page. */
  as(c: Control): Attachment<HTMLElement> {
    return (el) => {
      this.#els.set(c, el);
      return () => {
        if (this.#els.get(c) === el) this.#els.delete(c);
      };
    };
  }

  get(c: Control): HTMLElement | undefined {
    return this.#els.get(c);
  }

  focus(c: Control): void {
    this.#els.get(c)?.focus();
  }

  /** The focus to the first field with a problem (a missing point: the compound; the whole form: submit). */
  focusProblem(found: Problems): void {
    const f = firstProblem(found, [...FIELD_ORDER, 'point', 'form']);
    if (f === undefined) return;
    this.focus(f === 'point' ? 'compound' : f === 'form' ? 'submit' : f);
  }

  /** A keydown handler for a single-line field: Enter moves on to the next control. */
  enterMovesOn(from: Control): (e: KeyboardEvent) => void {
    return (e) => {
      if (e.key === 'Enter' && plain(e)) {
        e.preventDefault();
        this.focus(nextControl(from));
      }
    };
  }
}
