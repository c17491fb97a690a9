// The audit page's state as a rune class: the filters, the entries loaded so far (newest first), and
// paging with "load more" (the next page: entries older than the last one shown). A new search
// replaces the list; an answer to an older search arriving late is dropped.
import { get } from '../api/client';
import type { AuditEntryDto } from '../api/types';
import { AUDIT_PAGE, auditQuery, type AuditFilters } from './audit-query';

/** Most entries one CSV export holds (the server's page limit). */
const CSV_MAX = 1000;

export class AuditLog {
  filters = $state<AuditFilters>({ from: '', to: '', actor: '', entity: '' });
  entries = $state.raw<AuditEntryDto[]>([]);
  /** More entries may be older than the last one shown. */
  more = $state(false);
  loading = $state(false);
  error = $state<string | undefined>();
  /** The filters of the entries shown (the CSV exports these). */
  #shown = $state<AuditFilters>({ from: '', to: '', actor: '', entity: '' });
  #generation = 0;

  readonly phase = $derived(this.loading ? 'loading' : this.error ? 'error' : 'ready');
  readonly csvHref = $derived(`/api/audit.csv?${auditQuery(this.#shown, { limit: CSV_MAX })}`);

  /** Loads the first page for the current filters. */
  search(): Promise<void> {
    this.#shown = { ...this.filters };
    return this.#load(true);
  }

  /** Appends the next older page. */
  loadMore(): Promise<void> {
    return this.#load(false);
  }

  async #load(fresh: boolean): Promise<void> {
    const generation = ++this.#generation;
    const last = fresh ? undefined : this.entries.at(-1);
    const query = auditQuery(this.#shown, { limit: AUDIT_PAGE, ...(last && { before: last.id }) });
    this.loading = true;
    this.error = undefined;
    try {
      const page = await get<AuditEntryDto[]>(`/api/audit?${query}`);
      if (generation !== this.#generation) return;
      this.entries = fresh ? page : [...this.entries, ...page];
      this.more = page.length === AUDIT_PAGE;
    } catch (err) {
      if (generation === this.#generation) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
