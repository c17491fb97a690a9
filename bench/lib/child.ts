// A benchmark's helper process (`node --import tsx <file>`) spoken to over IPC: the load generator,
// the bare aedes broker, the fan-out's vans and consoles, the map's fleet driver. Messages are kept
// until asked for by type; an `error` message, the child's exit or a timeout fails the wait at once.
// The child is stopped through the Cleanup (SIGTERM, then SIGKILL after a grace).
import { spawn, type ChildProcess, type Serializable } from 'node:child_process';
import path from 'node:path';
import { REPO } from './common';
import { stopChild, type Cleanup } from '../../scripts/lib/cleanup';

export interface ChildOptions {
  /** Arguments after the script. */
  args?: string[];
  /** Extra environment (over this process's). */
  env?: Record<string, string>;
  /** Where the child's stdout goes: ours (default) or our stderr (when our stdout is the report). */
  stdout?: 'inherit' | 'stderr';
  /** 'advanced': typed arrays pass as such (structured clone); default JSON. */
  serialization?: 'json' | 'advanced';
}

export class Child<In, Out extends { type: string }> {
  private readonly inbox: Out[] = [];
  private wake: (() => void) | undefined;
  private exitedWhy: string | undefined;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (m: Out) => {
      this.inbox.push(m);
      this.wake?.();
    });
    proc.once('exit', (code, signal) => {
      this.exitedWhy = `exited (${signal ?? code})`;
      this.wake?.();
    });
  }

  /** Starts `file` (relative to the repository) and hands its stop to `cleanup`. */
  static start<In, Out extends { type: string }>(
    name: string,
    file: string,
    cleanup: Cleanup,
    o: ChildOptions = {},
  ): Child<In, Out> {
    const out = o.stdout === 'stderr' ? 2 : 'inherit';
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, file), ...(o.args ?? [])], {
      cwd: REPO,
      stdio: ['ignore', out, o.stdout === 'stderr' ? 2 : 'inherit', 'ipc'],
      ...(o.env && { env: { ...process.env, ...o.env } }),
      ...(o.serialization && { serialization: o.serialization }),
    });
    const child = new Child<In, Out>(name, proc);
    cleanup.add(name, async () => {
      // e.g. bare aedes crashing while its backlog drains after the subscriber left.
      if (proc.exitCode !== null && proc.exitCode !== 0)
        console.log(`${name} had already exited (${proc.exitCode})`);
      await stopChild(proc);
    });
    return child;
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** Why the child is gone, if it is. */
  exited(): string | undefined {
    return this.exitedWhy;
  }

  /** Sends a message; throws if the child is gone. */
  send(m: In): void {
    if (this.exitedWhy || !this.proc.connected)
      throw new Error(`${this.name}: ${this.exitedWhy ?? 'disconnected'}`);
    this.proc.send(m as Serializable);
  }

  /** The next message of that type; rejects on an `error` message, the child's exit, or timeout. */
  async next<T extends Out['type']>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (i >= 0) {
        const m = this.inbox.splice(i, 1)[0]!;
        if (m.type === 'error') throw new Error(`${this.name}: ${(m as { message?: string }).message}`);
        return m as Extract<Out, { type: T }>;
      }
      if (this.exitedWhy) throw new Error(`${this.name} ${this.exitedWhy} while we waited for '${type}'`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no '${type}' within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** `send` then `next(type)`. */
  async ask<T extends Out['type']>(m: In, type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    this.send(m);
    return this.next(type, timeoutMs);
  }
}
