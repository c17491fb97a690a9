// The page's silence dialog: at most one draft open, started from an alarm or a compound; a
// created silence closes it and has the incidents and silences fetched again. Closing gives the
// focus back to the button that opened it.
import type { SilenceDto } from '../../api/types';
import { SilenceDraft } from './silence-draft.svelte';
import type { SilenceSource } from './scope';

export class SilenceDesk {
  draft = $state.raw<SilenceDraft | undefined>();
  #opener: HTMLElement | undefined;

  constructor(private readonly created: (s: SilenceDto) => void) {}

  open(source: SilenceSource): void {
    this.draft?.dispose();
    if (!this.draft)
      this.#opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.draft = new SilenceDraft(source, (s) => {
      this.close();
      this.created(s);
    });
  }

  close(): void {
    this.draft?.dispose();
    this.draft = undefined;
    if (this.#opener?.isConnected) this.#opener.focus();
    this.#opener = undefined;
  }
}
