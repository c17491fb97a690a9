// `npm run demo` options, from its arguments and environment (pure): whether the technician bots
// work the tickets, and the interface the demo listens on. The demo prints its passwords, so it
// listens on loopback unless HOST says otherwise (`npm start` keeps the server's own default).

/** Where the demo listens when HOST is not set: this machine only. */
export const DEMO_HOST = '127.0.0.1';

export interface DemoOptions {
  /** Technician bots accept, drive and resolve the tickets (off with `--no-bots`). */
  bots: boolean;
  /** The interface the server binds (HOST, default 127.0.0.1). */
  host: string;
}

export class DemoUsageError extends Error {}

export const DEMO_USAGE = [
  'usage: npm run demo [-- --no-bots]',
  '  --no-bots   no technician bots: the tickets wait for you (log in as a technician on a phone)',
  '  HOST=0.0.0.0 npm run demo   listen on every interface (default 127.0.0.1: this machine only)',
].join('\n');

export function parseDemoArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DemoOptions {
  let bots = true;
  for (const arg of argv) {
    if (arg === '--no-bots') bots = false;
    else if (arg === '--bots') bots = true;
    else throw new DemoUsageError(`unknown option ${arg}\n${DEMO_USAGE}`);
  }
  const host = env.HOST?.trim() || DEMO_HOST;
  return { bots, host };
}

/** The address to open from this machine: a wildcard bind is reached on loopback. */
export function localHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}

/** Whether a bind address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return /^127\./.test(host) || host === 'localhost' || host === '::1';
}
