// A throw-away PostgreSQL server (tests, benchmarks): Debian's postgresql binaries, `initdb` in a fresh temp
// folder, `pg_ctl start` on a free loopback port with durability switched off, and `pg_ctl stop -m
// immediate` + removal of the folder at the end. The tests never use a cluster the package may have
// started on install. Run as root, the server runs as the `postgres` user (PostgreSQL refuses root).
// The kept server of the local cluster is postgres-kept.ts, on the helpers exported here.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** Creates database `name` (fails if it exists); returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
  /** Stops the server as a crash would (`-m immediate`), keeping its data: the database goes away. */
  halt(): void;
  /** Starts the halted server again on the same data and port. */
  resume(): void;
}

const NOT_INSTALLED =
  "PostgreSQL's server binaries (initdb, pg_ctl) were not found: install Debian's postgresql package (apt-get install postgresql), as .ci/run does";

/** The directory holding initdb and pg_ctl: `pg_config --bindir`, else the highest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is in libpq-dev, not always installed
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  const dir = candidates.find(
    (d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')),
  );
  if (dir === undefined) throw new Error(NOT_INSTALLED);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the server's user; throws with its output when it fails. */
export function runAsServerUser(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: os.tmpdir() });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr || r.stdout}`);
  }
}

/** Run as root, hands `dir` to the `postgres` user, who runs the server. */
export function giveToServerUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
}

/** Creates `name` on the server at `adminUrl`; returns the new database's URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be [a-z0-9_]+`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** As createDatabase, but an existing database is fine (duplicate_database, 42P04). */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<string> {
  try {
    return await createDatabase(adminUrl, name);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError && error.code === '42P04')) throw error;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
}

/** Drops `name` (closing its connections first); a missing database is fine. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Starts a fresh server and waits until it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redsail-pg-'));
  const data = path.join(dir, 'data');
  giveToServerUser(dir);
  const port = await freePort();
  let start = (): void => undefined;
  try {
    runAsServerUser(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
      '-c shared_buffers=64MB',
    ].join(' ');
    // -w: pg_ctl waits until the server accepts connections.
    start = () =>
      runAsServerUser(path.join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        path.join(dir, 'server.log'),
        '-w',
        '-o',
        options,
        'start',
      ]);
    start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    createDatabase: (name) => createDatabase(url, name),
    halt: () => runAsServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']),
    resume: () => start(),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
