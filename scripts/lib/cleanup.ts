// Teardown steps for the benchmarks and scripts: run in reverse order exactly once, whatever
// happened before; a failing step is reported and the others still run.
export class Cleanup {
  private readonly steps: { what: string; fn: () => unknown }[] = [];
  add(what: string, fn: () => unknown): void {
    this.steps.push({ what, fn });
  }
  async run(): Promise<void> {
    for (const { what, fn } of this.steps.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup (${what}) failed:`, err);
      }
    }
  }
}
