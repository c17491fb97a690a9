// How the hotline form is left with Esc (or its × button): map picking ends first; then the form
// closes at once if nothing was typed, else asks whether to discard it. "Keep editing" (or Esc
// again) puts the focus back where it was.
import type { Hotline } from './hotline.svelte';

export interface ExitPorts {
  hotline: () => Hotline;
  /** Nothing typed or chosen: closing loses nothing. */
  blank: () => boolean;
  /** Where the focus goes on "keep editing" when it was nowhere in particular. */
  first: () => HTMLElement | undefined;
}

export class FormExit {
  /** The discard question is showing. */
  confirming = $state(false);
  #returnTo: HTMLElement | undefined;

  constructor(private readonly ports: ExitPorts) {}

  escape(): void {
    const hotline = this.ports.hotline();
    if (hotline.picking) {
      hotline.picking = false;
      return;
    }
    if (this.confirming) return this.keepEditing();
    if (this.ports.blank()) return hotline.close();
    const active = document.activeElement;
    this.#returnTo = active instanceof HTMLElement ? active : undefined;
    this.confirming = true;
  }

  keepEditing(): void {
    this.confirming = false;
    (this.#returnTo ?? this.ports.first())?.focus();
  }

  discard(): void {
    this.ports.hotline().close();
  }
}
