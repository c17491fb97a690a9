// Teardown steps for the benchmarks and scripts: run in reverse order exactly once, whatever
// happened before; a failing step is reported and the others still run. Also how a child process is
// stopped (stopChild).
import type { ChildProcess } from 'node:child_process';

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
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
