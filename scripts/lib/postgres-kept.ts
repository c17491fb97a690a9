// A kept PostgreSQL server for the local cluster (`npm run cluster`): its data in a given folder,
// `initdb` only when that folder is empty, started with `pg_ctl` on a loopback port (a given one or a
// free one), durable as PostgreSQL is by default, and stopped with `pg_ctl stop -m fast`. Run as
// root, the folder is handed to the `postgres` user, who runs the server.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, giveToServerUser, postgresBinDir, runAsServerUser } from './postgres-server';

export interface KeptPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  /** True when this start ran initdb (the folder was empty). */
  created: boolean;
  /** The server's log file. */
  logFile: string;
  stop(): void;
}

/** The last lines of the server's log, to explain a failed start. */
function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** True when a postmaster runs on `data` (pg_ctl status exits 0 only then). */
function running(pgCtl: string, data: string): boolean {
  if (!existsSync(path.join(data, 'postmaster.pid'))) return false;
  try {
    runAsServerUser(pgCtl, ['-D', data, 'status']);
    return true;
  } catch {
    return false;
  }
}

/** Starts PostgreSQL on the data folder `dir` (created and initialised when empty). */
export async function startKeptPostgres(dir: string, port = 0): Promise<KeptPostgres> {
  const bin = postgresBinDir();
  const pgCtl = path.join(bin, 'pg_ctl');
  const data = path.resolve(dir);
  mkdirSync(data, { recursive: true, mode: 0o700 });
  const created = !existsSync(path.join(data, 'PG_VERSION'));
  if (created && readdirSync(data).length > 0) {
    throw new Error(`${dir} is neither empty nor a PostgreSQL data folder: move it away and start again`);
  }
  if (running(pgCtl, data)) {
    throw new Error(
      `PostgreSQL already runs on ${dir} (is another npm run cluster running?): stop that one, or ` +
        `run ${process.getuid?.() === 0 ? 'runuser -u postgres -- ' : ''}${pgCtl} -D ${data} stop -m fast`,
    );
  }
  giveToServerUser(data);
  if (created) {
    runAsServerUser(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
  }
  const bound = port === 0 ? await freePort() : port;
  const logFile = path.join(data, 'server.log');
  const options = [
    `-p ${bound}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${data}`,
    '-c max_connections=200',
  ].join(' ');
  try {
    // -w: pg_ctl waits until the server accepts connections.
    runAsServerUser(pgCtl, ['-D', data, '-l', logFile, '-w', '-o', options, 'start']);
  } catch (err) {
    throw new Error(`PostgreSQL did not start: ${(err as Error).message.trim()}\n${logTail(logFile)}`);
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${bound}/postgres`,
    port: bound,
    created,
    logFile,
    stop() {
      if (stopped) return;
      stopped = true;
      runAsServerUser(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}
