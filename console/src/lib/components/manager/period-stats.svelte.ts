// The manager page's state as a rune class: the period asked for, the stats loaded for it (the
// last request wins; an earlier answer arriving late is dropped), loading and error, and the van
// names the tables and charts use where they have them.
import { api } from '../../api/endpoints';
import { presetRange, rangeDates, rangeQuery, type Period, type PresetPeriod, type Range } from './period';
import type { StatsDto } from './stats-dto';

export class PeriodStats {
  period = $state<Period>('today');
  range = $state<Range>(presetRange('today', Date.now()));
  stats = $state<StatsDto | undefined>();
  loading = $state(true);
  error = $state<string | undefined>();
  /** Replaced whole when the names arrive, never changed in place (so not a SvelteMap). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  vanNames = $state.raw<ReadonlyMap<string, string>>(new Map());
  #inflight: AbortController | undefined;

  /** The days of the stats shown (those of the answer once there is one, else those asked for). */
  readonly shown = $derived(
    this.stats
      ? rangeDates({ from: Date.parse(this.stats.from), to: Date.parse(this.stats.to) })
      : rangeDates(this.range),
  );
  readonly phase = $derived(this.loading ? 'loading' : this.error ? 'error' : 'ready');

  /** Loads the stats and the van names; the returned function aborts what is in flight. */
  start(): () => void {
    void this.load();
    api.vans().then(
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      (vans) => (this.vanNames = new Map(vans.map((v) => [v.id, v.name]))),
      // Names are a convenience: the tables and charts fall back to van ids.
      (err: unknown) => console.warn('van names unavailable', err),
    );
    return () => this.#inflight?.abort();
  }

  async load(): Promise<void> {
    this.#inflight?.abort();
    const mine = new AbortController();
    this.#inflight = mine;
    this.loading = true;
    this.error = undefined;
    const q = rangeQuery(this.range);
    try {
      const s = await api.stats(q.from, q.to, mine.signal);
      if (this.#inflight === mine) this.stats = s;
    } catch (err) {
      if (mine.signal.aborted) return;
      this.stats = undefined;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#inflight === mine) this.loading = false;
    }
  }

  preset(p: PresetPeriod): void {
    this.period = p;
    this.range = presetRange(p, Date.now());
    void this.load();
  }

  custom(r: Range): void {
    this.period = 'custom';
    this.range = r;
    void this.load();
  }

  /** Again for the same period; a preset is recomputed, in case the day has turned since. */
  refresh(): void {
    if (this.period === 'custom') void this.load();
    else this.preset(this.period);
  }
}
