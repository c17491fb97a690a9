// The ticket history's list: the query, the rows loaded so far (newest first), whether more follow,
// and paging with `before` (the last row's id). A new query drops the rows and any load in flight.
import { get } from '../../api/client';
import type { TicketDto } from '../../api/types';
import { errorText } from '../tickets/actions';
import { countPath, emptyQuery, HISTORY_PAGE, listPath, rangeReversed, type HistoryQuery } from './query';

export class TicketHistory {
  query = $state<HistoryQuery>(emptyQuery());
  rows = $state<TicketDto[]>([]);
  more = $state(false);
  loading = $state(false);
  error = $state('');
  /** How many tickets the query matches in all (undefined until known). */
  total = $state<number | undefined>();
  /** True once the first page of the current query has arrived. */
  loaded = $state(false);
  #ctl: AbortController | undefined;
  #countCtl: AbortController | undefined;

  /** Shows the first page of `query`. */
  search(query: HistoryQuery): Promise<void> {
    this.query = query;
    this.rows = [];
    this.more = false;
    this.loaded = false;
    this.total = undefined;
    this.#countCtl?.abort();
    const ctl = new AbortController();
    this.#countCtl = ctl;
    if (!rangeReversed(query))
      get<{ count: number }>(countPath(query), ctl.signal).then(
        (c) => {
          if (!ctl.signal.aborted) this.total = c.count;
        },
        () => {}, // the list says what went wrong
      );
    return this.#page(undefined);
  }

  /** Appends the next page. */
  loadMore(): Promise<void> {
    return this.#page(this.rows.at(-1)?.id);
  }

  #page(before: string | undefined): Promise<void> {
    this.#ctl?.abort();
    this.#ctl = undefined;
    if (rangeReversed(this.query)) {
      this.error = '';
      this.loaded = true;
      return Promise.resolve();
    }
    const ctl = new AbortController();
    this.#ctl = ctl;
    return this.#fetch(ctl, before);
  }

  async #fetch(ctl: AbortController, before: string | undefined): Promise<void> {
    this.loading = true;
    try {
      // One row more than a page says whether another page follows.
      const got = await get<TicketDto[]>(listPath(this.query, before, HISTORY_PAGE + 1), ctl.signal);
      if (ctl.signal.aborted) return;
      this.rows = [...this.rows, ...got.slice(0, HISTORY_PAGE)];
      this.more = got.length > HISTORY_PAGE;
      this.error = '';
      this.loaded = true;
    } catch (err) {
      if (!ctl.signal.aborted) this.error = errorText(err);
    } finally {
      if (this.#ctl === ctl) this.loading = false;
    }
  }
}
