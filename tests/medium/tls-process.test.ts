// TLS in the server process, as production runs it (docs/tls.md): SIGHUP reloads renewed certificate
// files without a restart and keeps the old ones when the new are bad, and a bad certificate file
// stops the start with exit code 2 and a message naming the variable and the file.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToExit, spawnServer } from '../helpers/process';
import { tempDir } from '../helpers/server';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs';

interface LogRecord {
  msg?: string;
  mqttsPort?: number;
  validTo?: string;
}

describe('TLS in the server process', () => {
  let certs: TestCerts;
  let renewed: TestCerts;
  let child: ChildProcess;
  let mqttsPort: number;
  const served = { cert: '', key: '' };
  const dataDirs = [tempDir(), tempDir()];
  /** Waits for the process's next log record with the given message. */
  const waiters: { msg: string; resolve: (r: LogRecord) => void }[] = [];
  const next = (msg: string) => new Promise<LogRecord>((resolve) => waiters.push({ msg, resolve }));

  beforeAll(async () => {
    certs = makeTestCerts();
    renewed = makeTestCerts('Redsail Renewed CA');
    served.cert = path.join(certs.dir, 'served.pem');
    served.key = path.join(certs.dir, 'served.key');
    copyFileSync(certs.certFile, served.cert);
    copyFileSync(certs.keyFile, served.key);
    child = spawnServer({
      DATA_DIR: dataDirs[0]!,
      MQTTS_PORT: '0',
      TLS_CERT_FILE: served.cert,
      TLS_KEY_FILE: served.key,
      REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let rec: LogRecord;
      try {
        rec = JSON.parse(line) as LogRecord;
      } catch {
        return;
      }
      const i = waiters.findIndex((w) => w.msg === rec.msg);
      if (i >= 0) waiters.splice(i, 1)[0]?.resolve(rec);
    });
    const up = await next('Redsail is up');
    mqttsPort = up.mqttsPort ?? 0;
    expect(mqttsPort).toBeGreaterThan(0);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    certs?.remove();
    renewed?.remove();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  /** Whether a TLS client trusting `caFile` completes the handshake (the login itself is refused). */
  const handshake = async (caFile: string): Promise<'trusted' | 'untrusted'> => {
    try {
      const c = await mqtt.connectAsync(`mqtts://127.0.0.1:${mqttsPort}`, {
        username: 'nobody',
        password: 'x',
        reconnectPeriod: 0,
        ca: readFileSync(caFile),
      });
      await c.endAsync();
      return 'trusted';
    } catch (err) {
      return /certificate/i.test((err as Error).message) ? 'untrusted' : 'trusted';
    }
  };

  it('reloads renewed files on SIGHUP, and keeps the old ones when the new are bad', async () => {
    expect(await handshake(certs.caFile)).toBe('trusted');

    copyFileSync(renewed.certFile, served.cert); // the key is still the old one: refused
    const refused = next('TLS files not reloaded, the previous ones stay');
    child.kill('SIGHUP');
    await refused;
    expect(await handshake(certs.caFile)).toBe('trusted');

    copyFileSync(renewed.keyFile, served.key);
    const loaded = next('TLS certificate loaded');
    child.kill('SIGHUP');
    await loaded;
    expect(await handshake(renewed.caFile)).toBe('trusted');
    expect(await handshake(certs.caFile)).toBe('untrusted');
    expect(child.exitCode).toBeNull();
  });

  it('refuses to start with a bad certificate file: exit 2, naming the variable and the file', async () => {
    const missing = path.join(certs.dir, 'missing.pem');
    const r = await runToExit({
      DATA_DIR: dataDirs[1]!,
      HTTPS_PORT: '0',
      TLS_CERT_FILE: missing,
      TLS_KEY_FILE: served.key,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`TLS_CERT_FILE ${missing} cannot be read: ENOENT`);
  });
});
