// Last-write-wins per key, flushed on an interval: at most one event per key per window.
export class Coalescer<T> {
  private pending = new Map<string, T>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly flushFn: (items: T[]) => void,
  ) {}

  put(key: string, item: T): void {
    this.pending.set(key, item);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const items = [...this.pending.values()];
    this.pending = new Map();
    this.flushFn(items);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
