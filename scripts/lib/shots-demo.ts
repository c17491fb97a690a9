// The demo as a child process for the screenshots: started on free ports with a temporary DATA_DIR,
// its API polled until what a picture needs is there.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { z } from 'zod';
import { AlarmDto, TicketDto, VanDto } from '../../server/src/contracts/dto';
import { stopChild, type Cleanup } from './cleanup';
import { say, sleep } from './shots-log';

export interface Demo {
  child: ChildProcess;
  url: string;
}

export interface DemoOptions {
  repo: string;
  consoleDir: string;
  dataDir: string;
  adminPassword: string;
  cleanup: Cleanup;
}

/** Starts `npm run demo`'s script on free ports and resolves with the URL it prints. */
export function startDemo({
  repo: REPO,
  consoleDir: CONSOLE_DIR,
  dataDir,
  adminPassword: ADMIN_PASSWORD,
  cleanup,
}: DemoOptions): Promise<Demo> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/demo.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONSOLE_DIR,
      REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add('demo process', () => stopChild(child, 15_000)); // the demo stops its simulators and the server
  const out: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (l) => say(`demo ! ${l}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the demo did not print its URL within 120 s')), 120_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      out.push(line);
      if (line.trim()) say(`demo | ${line.trim()}`);
      const m = /Redsail is running: (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code ?? signal}) before it was up:\n${out.join('\n')}`));
    });
  });
}

/** The demo's API, for waiting on it. */
export class DemoApi {
  private token = '';
  constructor(readonly url: string) {}

  async login(user: { username: string; password: string }): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    if (res.status !== 200) throw new Error(`login ${user.username}: ${res.status}`);
    this.token = z.object({ token: z.string() }).parse(await res.json()).token;
  }

  async get<T>(p: string, schema: z.ZodType<T>): Promise<T> {
    const res = await fetch(`${this.url}${p}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status}`);
    return schema.parse(await res.json());
  }

  tickets = (status: string) => this.get(`/api/tickets?status=${status}&limit=1000`, z.array(TicketDto));
  vans = () => this.get('/api/vans', z.array(VanDto));
  alarms = () => this.get('/api/alarms?active=true&limit=1000', z.array(AlarmDto));
}

export const OPEN = 'new,dispatched,accepted,en_route,on_site';

/** Polls `probe` once a second until it returns a value; says what it waits for every 30 s. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  say(`waiting for ${what} …`);
  const t0 = Date.now();
  let told = t0;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    if (Date.now() - told >= 30_000) {
      told = Date.now();
      say(`  still waiting for ${what} (${Math.round((told - t0) / 1000)} s)`);
    }
    await sleep(1000);
  }
}
