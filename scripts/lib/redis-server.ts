// A throw-away redis-server for tests: its own process on a free loopback port, no persistence, a
// temporary directory; stop() ends it, restart() ends it (if it still runs) and starts it again on the
// same port (for outage tests: everything stored is gone, as after a restart of a Redis without
// persistence). startPersistentRedis: a kept folder instead (the local cluster), AOF on and
// `noeviction`, as production runs it.
// Every server started here is also killed when the process exits, so nothing is left running.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (an outage) until `resume`. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port, empty. */
  resume(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once the server has answered PING on the port. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.once('error', reject);
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (!reply.includes('\r\n')) return;
      socket.end();
      if (reply.startsWith('+PONG')) resolve();
      else reject(new Error(`redis-server answered PING with ${reply.trim()}`));
    });
    socket.write('PING\r\n');
  });
}

/** How a kept Redis runs: append-only file, fsync every second, never evicting a key. */
const PERSISTENT = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'];

function launch(port: number, dir: string, persistent = false): Promise<ChildProcess> {
  const keep = persistent ? PERSISTENT : ['--save', '', '--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', ...keep];
  // A kept server runs in its own process group: a Ctrl-C in the terminal reaches only the script,
  // which stops it in its turn.
  const child = spawn('redis-server', [...args, '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: persistent,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(
              "redis-server not found: install Debian's redis-server package (apt-get install redis-server), as .ci/run does",
            )
          : err,
      );
    });
    child.once('exit', (code) => {
      running.delete(child);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
    const onOutput = (d: Buffer) => {
      output += d.toString();
      if (!output.includes('Ready to accept connections')) return;
      child.stdout?.off('data', onOutput);
      ping(port).then(() => resolve(child), reject);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    running.add(child);
  });
}

function end(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface PersistentRedis {
  url: string;
  port: number;
  /** SIGTERM (Redis writes its AOF and exits); resolves once it has exited. */
  stop(): Promise<void>;
  /** Called once if the server exits without stop(). */
  onExit(listener: (code: number | null) => void): void;
}

/** Starts a redis-server on `port` (0: a free one) keeping its data in `dir` (created if missing). */
export async function startPersistentRedis(dir: string, port = 0): Promise<PersistentRedis> {
  fs.mkdirSync(dir, { recursive: true });
  const bound = port === 0 ? await freePort() : port;
  const child = await launch(bound, path.resolve(dir), true);
  let stopping = false;
  return {
    url: `redis://127.0.0.1:${bound}`,
    port: bound,
    async stop() {
      stopping = true;
      await end(child);
    },
    onExit(listener) {
      child.once('exit', (code) => {
        if (!stopping) listener(code);
      });
    },
  };
}

/** Starts a redis-server on a free loopback port and resolves once it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, dir);
  const stop = async () => {
    if (child) await end(child);
    child = undefined;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    /** Stops the server if it runs, then starts it again on the same port, empty. */
    async restart() {
      await stop();
      fs.mkdirSync(dir, { recursive: true });
      child = await launch(port, dir);
    },
    pause: () => stop(),
    async resume() {
      fs.mkdirSync(dir, { recursive: true });
      child ??= await launch(port, dir);
    },
  };
}
