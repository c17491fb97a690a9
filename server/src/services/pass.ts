// A pass that runs once after the current synchronous work, however often it is requested in it
// (the dispatch pass after a batch of ticket changes). Bound to its work by the composition root.
export class Pass {
  private work: (() => void) | undefined;
  private pending = false;

  bind(work: () => void): void {
    this.work = work;
  }

  request(): void {
    if (this.pending || !this.work) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.work?.();
    });
  }
}
