// The alarm feed's filter as page state, kept in localStorage across reloads (storage blocked: for
// this page only).
import { FILTER_STORAGE_KEY, NO_FILTER, parseFilter, type FeedFilter } from './feed-filter';

function load(): FeedFilter {
  try {
    return parseFilter(localStorage.getItem(FILTER_STORAGE_KEY));
  } catch {
    return NO_FILTER;
  }
}

export class FeedFilterState {
  value = $state<FeedFilter>(load());

  set(next: FeedFilter): void {
    this.value = next;
    try {
      localStorage.setItem(FILTER_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // not persisted; the filter still applies to this page
    }
  }

  clear(): void {
    this.set(NO_FILTER);
  }
}
