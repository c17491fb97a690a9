// A silence being prepared in the dialog: where it came from, the chosen scope, duration and reason,
// the server's preview of the chosen scope, and the create call. One at a time on the page.
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { SilenceDto, SilencePreviewDto } from '../../api/types';
import {
  silenceBody,
  silenceOptions,
  type DurationPreset,
  type SilenceOption,
  type SilenceSource,
} from './scope';

export class SilenceDraft {
  readonly options: SilenceOption[];
  optionId = $state('');
  preset = $state<DurationPreset>('1h');
  reason = $state('');
  preview = $state.raw<SilencePreviewDto | undefined>();
  previewing = $state(false);
  previewError = $state('');
  /** The form's own check failed (no reason) after a confirm was tried. */
  missingReason = $state(false);
  sending = $state(false);
  error = $state('');
  #previewCtl: AbortController | undefined;

  constructor(
    readonly source: SilenceSource,
    private readonly created: (s: SilenceDto) => void,
  ) {
    this.options = silenceOptions(source);
    // From a compound, the whole compound; from an alarm, its device and rule (the narrowest).
    this.choose(this.options[source.from === 'alarm' ? 1 : 0]?.id ?? '');
  }

  get option(): SilenceOption | undefined {
    return this.options.find((o) => o.id === this.optionId);
  }

  /** Picks a scope and asks the server what it would cover. */
  choose(id: string): void {
    this.optionId = id;
    void this.#preview();
  }

  async #preview(): Promise<void> {
    this.#previewCtl?.abort();
    const option = this.option;
    if (!option) return;
    const ctl = new AbortController();
    this.#previewCtl = ctl;
    this.previewing = true;
    this.previewError = '';
    try {
      const preview = await api.previewSilence(option.match, ctl.signal);
      if (!ctl.signal.aborted) this.preview = preview;
    } catch (err) {
      if (ctl.signal.aborted) return;
      this.preview = undefined;
      this.previewError = messageOf(err);
    } finally {
      if (!ctl.signal.aborted) this.previewing = false;
    }
  }

  async confirm(now = Date.now()): Promise<void> {
    const option = this.option;
    if (!option || this.sending) return;
    const checked = silenceBody(option.match, this.preset, this.reason, now);
    if ('problem' in checked) {
      this.missingReason = true;
      return;
    }
    this.missingReason = false;
    this.sending = true;
    this.error = '';
    try {
      this.created(await api.createSilence(checked.body));
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.sending = false;
    }
  }

  dispose(): void {
    this.#previewCtl?.abort();
  }
}

function messageOf(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : String(err);
}
