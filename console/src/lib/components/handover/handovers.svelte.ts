// Shift handover state as rune classes. PendingHandovers (the dispatcher page's banner and the
// handover page): those not yet signed off, a live source (REST on every (re)sync, then the
// `handover:created` / `handover:acked` socket events). HandoverDesk (the handover page): the
// history paged newest first, the one opened, the preview of the sheet, handing over and signing off.
import { ApiError } from '../../api/client';
import type { LiveSocket, LiveSource } from '../../realtime/source';
import { handoversApi, type HandoverDto, type HandoverSnapshotDto } from './api';

export const messageOf = (err: unknown): string =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err);

const PAGE = 20;

export class PendingHandovers implements LiveSource {
  /** Newest first. */
  list = $state.raw<HandoverDto[]>([]);
  #holding = false;
  #held: { kind: 'created' | 'acked'; h: HandoverDto }[] = [];
  /** Called after a live change (the page reloads its history). */
  onchange: (() => void) | undefined;

  listen(socket: LiveSocket): void {
    socket.on('handover:created', (h) => this.#event('created', h));
    socket.on('handover:acked', (h) => this.#event('acked', h));
  }

  #event(kind: 'created' | 'acked', h: HandoverDto): void {
    if (this.#holding) this.#held.push({ kind, h });
    else this.#apply(kind, h);
    this.onchange?.();
  }

  #apply(kind: 'created' | 'acked', h: HandoverDto): void {
    const rest = this.list.filter((x) => x.id !== h.id);
    this.list = kind === 'created' ? [h, ...rest] : rest;
  }

  hold(): void {
    this.#holding = true;
    this.#held = [];
  }

  async load(signal: AbortSignal): Promise<void> {
    try {
      const list = await handoversApi.list({ pending: true, limit: PAGE }, signal);
      signal.throwIfAborted();
      this.list = list;
      for (const e of this.#held) this.#apply(e.kind, e.h);
    } catch {
      signal.throwIfAborted(); // the banner is a convenience: the rest of the page stays live
    } finally {
      if (!signal.aborted) this.#holding = false;
    }
  }

  /** The newest one someone else wrote: the one `me` should sign off. */
  forMe(me: string | undefined): HandoverDto | undefined {
    return this.list.find((h) => h.from !== me);
  }

  drop(id: string): void {
    this.list = this.list.filter((h) => h.id !== id);
  }
}

export class HandoverDesk {
  history = $state.raw<HandoverDto[]>([]);
  /** There may be older ones (the last page was full). */
  more = $state(false);
  opened = $state.raw<HandoverDto | undefined>();
  preview = $state.raw<HandoverSnapshotDto | undefined>();
  error = $state('');
  busy = $state(false);
  actionError = $state('');
  done = $state('');

  async loadHistory(): Promise<void> {
    try {
      const page = await handoversApi.list({ limit: PAGE });
      this.history = page;
      this.more = page.length === PAGE;
      this.error = '';
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  async loadMore(): Promise<void> {
    const last = this.history.at(-1);
    if (!last) return;
    try {
      const page = await handoversApi.list({ limit: PAGE, before: last.id });
      this.history = [...this.history, ...page];
      this.more = page.length === PAGE;
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  async loadPreview(): Promise<void> {
    try {
      this.preview = await handoversApi.preview();
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  async open(id: string | undefined): Promise<void> {
    if (id === undefined) {
      this.opened = undefined;
      return;
    }
    try {
      this.opened = await handoversApi.get(id);
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  async handOver(note: string): Promise<HandoverDto | undefined> {
    return this.#act(() => handoversApi.create({ note }));
  }

  async signOff(id: string, note: string): Promise<HandoverDto | undefined> {
    const trimmed = note.trim();
    return this.#act(() => handoversApi.ack(id, trimmed ? { note: trimmed } : {}));
  }

  async #act(call: () => Promise<HandoverDto>): Promise<HandoverDto | undefined> {
    this.busy = true;
    this.actionError = '';
    try {
      const h = await call();
      this.history = [h, ...this.history.filter((x) => x.id !== h.id)];
      if (this.opened?.id === h.id) this.opened = h;
      return h;
    } catch (err) {
      this.actionError = messageOf(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
