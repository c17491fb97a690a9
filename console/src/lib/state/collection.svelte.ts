// A keyed collection for live data: plain objects in a Map (no deep proxies, so 10,000 devices
// stay cheap) and one `version` rune that bumps once per applied batch. Readers go through
// get()/all()/size, which read `version` and so re-run when the batch lands.
export class Collection<T extends { id: string }> {
  // Not a SvelteMap on purpose: one version bump per batch instead of a signal per entry.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #items = new Map<string, T>();
  version = $state(0);

  #track(): number {
    return this.version;
  }

  get size(): number {
    this.#track();
    return this.#items.size;
  }

  get(id: string): T | undefined {
    this.#track();
    return this.#items.get(id);
  }

  /** Without tracking: for the writer deciding what to merge. */
  peek(id: string): T | undefined {
    return this.#items.get(id);
  }

  all(): T[] {
    this.#track();
    return [...this.#items.values()];
  }

  replace(items: Iterable<T>): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#items = new Map([...items].map((i) => [i.id, i]));
    this.version++;
  }

  /** One batch: upserts, then removals; a single version bump. */
  apply(upserts: Iterable<T>, removals: Iterable<string> = []): void {
    for (const item of upserts) this.#items.set(item.id, item);
    for (const id of removals) this.#items.delete(id);
    this.version++;
  }
}
