// TLS (issue 16 point 8): MQTT over TLS on MQTTS_PORT and HTTPS on HTTPS_PORT with a throw-away CA —
// Debian's mosquitto_pub --cafile and mqtt.js over mqtts:// deliver readings, a client that does not
// trust the CA is refused, MQTT over WebSocket works on the HTTPS port, /api/health and the login answer over HTTPS with Secure cookies, bad
// certificate files refuse the start naming the variable and the file, and reloadTls() (SIGHUP) swaps
// the certificate without a restart.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ConfigError } from '../../server/src/config/config';
import { createTlsListeners } from '../../server/src/listeners';
import { registerDevice, topic, type Creds } from '../helpers/devices';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs';

const run = promisify(execFile);

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsRequest(
  port: number,
  ca: Buffer,
  urlPath: string,
  body?: object,
  localAddress?: string,
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: body ? 'POST' : 'GET',
        ca,
        ...(localAddress !== undefined && { localAddress }),
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

describe('TLS listeners', () => {
  let certs: TestCerts;
  let s: TestServer;
  let creds: Creds;
  let ca: Buffer;
  let served: { cert: string; key: string };

  const mqtts = (trust: Buffer | undefined, password = creds.password) =>
    mqtt.connectAsync(`mqtts://127.0.0.1:${s.mqttsPort}`, {
      clientId: creds.id,
      username: creds.username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      ...(trust ? { ca: trust } : {}),
    });
  const state = async () =>
    (await s.api.get<{ state: Record<string, unknown> }>('/api/devices/box-tls', s.admin)).body.state;

  beforeAll(async () => {
    certs = makeTestCerts();
    ca = readFileSync(certs.caFile);
    // The server reads copies, so the reload test can replace them.
    served = { cert: path.join(certs.dir, 'served.pem'), key: path.join(certs.dir, 'served.key') };
    copyFileSync(certs.certFile, served.cert);
    copyFileSync(certs.keyFile, served.key);
    s = await startServer({
      env: { MQTTS_PORT: '0', HTTPS_PORT: '0', TLS_CERT_FILE: served.cert, TLS_KEY_FILE: served.key },
    });
    creds = await registerDevice(s, { id: 'box-tls', type: 'distribution_box' });
  });
  afterAll(async () => {
    await s?.stop();
    certs?.remove();
  });

  it("delivers Debian mosquitto_pub's reading over MQTTS with --cafile", async () => {
    await run('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', String(s.mqttsPort), '--cafile', certs.caFile],
      ...['-i', creds.id, '-u', creds.username, '-P', creds.password, '-q', '1'],
      ...['-t', topic(creds.id, 'telemetry'), '-m', '{"temp_c": 41, "ua": 229}'],
    ]);
    expect(await state()).toEqual({ temp_c: 41, ua: 229 });
  });

  it('refuses mosquitto_pub over MQTTS with a wrong secret, as on the plain port', async () => {
    const pub = run('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', String(s.mqttsPort), '--cafile', certs.caFile],
      ...['-i', creds.id, '-u', creds.username, '-P', 'wrong-secret', '-q', '1'],
      ...['-t', topic(creds.id, 'telemetry'), '-m', '{"temp_c": 20}'],
    ]);
    await expect(pub).rejects.toThrow();
    expect(await state()).toEqual({ temp_c: 41, ua: 229 });
  });

  it('takes mqtt.js over mqtts:// with the CA, and refuses a client that does not trust it', async () => {
    const client = await mqtts(ca);
    await client.publishAsync(topic(creds.id, 'telemetry'), '{"temp_c": 42, "ua": 230}', { qos: 1 });
    await client.endAsync();
    expect(await state()).toEqual({ temp_c: 42, ua: 230 });
    await expect(mqtts(undefined)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('carries MQTT over WebSocket at /mqtt on the HTTPS port', async () => {
    const client = await mqtt.connectAsync(`wss://127.0.0.1:${s.httpsPort}/mqtt`, {
      clientId: creds.id,
      username: creds.username,
      password: creds.password,
      reconnectPeriod: 0,
      ca,
    });
    await client.publishAsync(topic(creds.id, 'telemetry'), '{"temp_c": 43, "ua": 231}', { qos: 1 });
    await client.endAsync();
    expect(await state()).toEqual({ temp_c: 43, ua: 231 });
  });

  it('answers /api/health over HTTPS with HSTS, and a login there sets Secure cookies (plain HTTP neither)', async () => {
    const health = await httpsRequest(s.httpsPort!, ca, '/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    expect(health.headers['strict-transport-security']).toBe('max-age=15552000');
    expect((await fetch(`${s.httpUrl}/api/health`)).headers.get('strict-transport-security')).toBeNull();

    const login = await httpsRequest(s.httpsPort!, ca, '/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(login.status).toBe(200);
    const cookies = login.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);

    const plain = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(plain.status).toBe(200);
    for (const c of plain.headers.getSetCookie()) expect(c).not.toMatch(/;\s*Secure/i);
  });

  it('reloads renewed certificate files without a restart; bad files are refused and the old stay', async () => {
    const renewed = makeTestCerts('Redsail Renewed CA');
    try {
      // A bad renewal first: the key of another certificate.
      copyFileSync(renewed.certFile, served.cert);
      expect(() => s.app.reloadTls()).toThrow(/TLS_KEY_FILE .*served\.key is not the key of the certificate/);
      const old = await mqtts(ca);
      await old.endAsync();

      copyFileSync(renewed.keyFile, served.key);
      s.app.reloadTls();
      const client = await mqtts(readFileSync(renewed.caFile));
      await client.endAsync();
      await expect(mqtts(ca)).rejects.toThrow(/certificate/i);
      const health = await httpsRequest(s.httpsPort!, readFileSync(renewed.caFile), '/api/health');
      expect(health.status).toBe(200);
    } finally {
      renewed.remove();
    }
  });
});

describe('HTTPS connections per address', () => {
  let certs: TestCerts;
  let s: TestServer;
  beforeAll(async () => {
    certs = makeTestCerts();
    s = await startServer({
      env: {
        HTTPS_PORT: '0',
        TLS_CERT_FILE: certs.certFile,
        TLS_KEY_FILE: certs.keyFile,
        HTTP_MAX_CONN_PER_ADDR: '2',
      },
    });
  });
  afterAll(async () => {
    await s?.stop();
    certs?.remove();
  });

  it('closes a connection beyond HTTP_MAX_CONN_PER_ADDR before its handshake, and only from that address', async () => {
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(s.httpsPort!, '127.0.0.1', () => resolve(socket));
      });
    const held = [await open(), await open()]; // connected, never a ClientHello
    const third = await open();
    await new Promise((resolve) => third.once('close', resolve));
    expect(held.every((h) => !h.destroyed)).toBe(true);
    // Another address is not affected.
    const other = await httpsRequest(
      s.httpsPort!,
      readFileSync(certs.caFile),
      '/api/health',
      undefined,
      '127.0.0.2',
    );
    expect(other.status).toBe(200);
    for (const h of held) h.destroy();
  });
});

describe('certificate expiry', () => {
  it('warns at the start when the certificate expires within 30 days', () => {
    const certs = makeTestCerts(); // valid for one day
    try {
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      createTlsListeners(
        {
          HOST: '127.0.0.1',
          MQTTS_PORT: 0,
          TLS_CERT_FILE: certs.certFile,
          TLS_KEY_FILE: certs.keyFile,
          HTTP_MAX_CONN_PER_ADDR: 1,
        },
        log,
      );
      const warned = lines
        .map((l) => JSON.parse(l) as { msg: string; daysLeft?: number })
        .filter((r) => r.msg.startsWith('TLS certificate expires soon'));
      expect(warned).toEqual([expect.objectContaining({ daysLeft: 0 })]);
    } finally {
      certs.remove();
    }
  });
});

describe('bad TLS files refuse the start', () => {
  let certs: TestCerts;
  let other: TestCerts;
  beforeAll(() => {
    certs = makeTestCerts();
    other = makeTestCerts('Other CA');
    writeFileSync(path.join(certs.dir, 'junk.pem'), 'not a certificate\n');
  });
  afterAll(() => {
    certs?.remove();
    other?.remove();
  });

  const refused = async (env: Record<string, string>, message: RegExp) => {
    const start = startServer({ env: { MQTTS_PORT: '0', ...env } });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(message);
  };

  it('a TLS port without the files', async () => {
    await refused({ TLS_CERT_FILE: '' }, /MQTTS_PORT is set, so TLS_CERT_FILE and TLS_KEY_FILE must name/);
  });

  it('a missing file', async () => {
    const missing = path.join(certs.dir, 'missing.pem');
    await refused(
      { TLS_CERT_FILE: missing, TLS_KEY_FILE: certs.keyFile },
      /TLS_CERT_FILE .*missing\.pem cannot be read: ENOENT/,
    );
  });

  it('a file that is not PEM', async () => {
    const junk = path.join(certs.dir, 'junk.pem');
    await refused(
      { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: junk },
      /TLS_KEY_FILE .*junk\.pem is not a PEM/,
    );
    await refused(
      { TLS_CERT_FILE: junk, TLS_KEY_FILE: certs.keyFile },
      /TLS_CERT_FILE .*junk\.pem is not a PEM/,
    );
  });

  it('a key that is not the certificate’s', async () => {
    await refused(
      { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: other.keyFile },
      /TLS_KEY_FILE .* is not the key of the certificate in TLS_CERT_FILE/,
    );
  });
});
