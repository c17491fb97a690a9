// Backup and restore (issue 16 point 11, docs/backup.md) on the run's backend: `npm run backup` while
// the server runs and a device keeps publishing, `npm run restore` into a fresh store, and a new server
// on it has the same devices, tickets with their timelines and photos, users (who can log in), alarms,
// telemetry and audit trail, and a device connects with its old secret. A live store, a store already there
// and a damaged or too-new backup are refused, and a refused restore changes nothing; an older schema
// is restored and migrated by the next start.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_FILE } from '../../server/src/auth/device-key';
import { auditEntries } from '../helpers/audit';
import { testBackend } from '../helpers/backends';
import { connectDevice, publish, registerDevice, type Creds } from '../helpers/devices';
import { IMAGES, upload } from '../helpers/fieldwork';
import { startServer, tempDir, type TestServer } from '../helpers/server';
import {
  newerSchemaBackup,
  olderSchemaBackup,
  storeFingerprint,
  storeSchemaVersion,
} from '../helpers/backup';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const backend = testBackend();

/** Runs scripts/<name>.ts as `npm run <name>` does, with the store settings of `dataDir`. */
async function script(name: 'backup' | 'restore', dataDir: string, args: string[]) {
  const env = { ...process.env, ...(await backend.prepare(dataDir)), LOG_LEVEL: 'silent' };
  try {
    const { stderr } = await exec(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

/** What a restored server must give back as it was. */
async function snapshot(s: TestServer, token: string) {
  const devices = (await s.api.get<{ id: string; type: string; name?: string }[]>('/api/devices', token))
    .body;
  const tickets = (await s.api.get<{ id: string }[]>('/api/tickets', token)).body;
  const withTimelines = await Promise.all(
    tickets.map(async (t) => (await s.api.get(`/api/tickets/${t.id}`, token)).body),
  );
  const telemetry = (
    await s.api.get<{ points: unknown[] }>('/api/devices/box-a/telemetry?metric=temp_c', token)
  ).body;
  // The bytes of every photo and signature, as their digests.
  const attachmentIds = (withTimelines as { attachments?: { id: string }[] }[]).flatMap((t) =>
    (t.attachments ?? []).map((a) => a.id),
  );
  const attachments = await Promise.all(
    attachmentIds.map(async (id) => {
      const res = await fetch(`${s.httpUrl}/api/attachments/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return `${id} ${res.status} ${createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex')}`;
    }),
  );
  return {
    attachments,
    devices: devices.map((d) => ({ id: d.id, type: d.type, name: d.name })),
    tickets: withTimelines,
    alarms: (await s.api.get('/api/alarms', token)).body,
    users: (await s.api.get('/api/users', token)).body,
    telemetry: telemetry.points,
  };
}

describe(`backup and restore (${backend.name})`, () => {
  let a: TestServer;
  let quiet: Creds;
  let busy: Creds;
  const dirs: string[] = [];
  /** A temp dir removed after the tests, with what the backend set up beside it. */
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  const file = path.join(dir(), 'redsail.backup');
  let before: Awaited<ReturnType<typeof snapshot>>;
  let auditBefore: number[];
  let busyBefore: number;
  let busyAfter: number;
  const restoredDir = dir();

  beforeAll(async () => {
    a = await startServer();
    quiet = await registerDevice(a, { id: 'box-a', type: 'distribution_box', name: '1号楼配电箱' });
    busy = await registerDevice(a, { id: 'box-b', type: 'distribution_box' });
    const disp = await a.api.userToken(a.admin, 'disp', 'dispatcher');
    await a.api.userToken(a.admin, 'view', 'viewer');
    const box = await connectDevice(a, quiet);
    await publish(box, quiet.id, 'telemetry', { temp_c: 40, ua: 230 });
    await publish(box, quiet.id, 'telemetry', { temp_c: 92, ua: 231 }); // overheat: an alarm and its ticket
    await box.endAsync();
    const hotline = await a.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'other', description: '路灯不亮' },
      disp,
    );
    expect(hotline.status).toBe(201);
    expect((await upload(a, hotline.body.id, disp, { kind: 'before', file: IMAGES.jpeg })).status).toBe(201);
    await a.app.services.ingest.committed();
    before = await snapshot(a, a.admin);
    expect(before.tickets.length).toBe(2);
    expect(before.attachments).toEqual([expect.stringMatching(/ 200 [0-9a-f]{64}$/)]);
    auditBefore = (await auditEntries(a, 'limit=1000')).map((e) => e.id);
  });
  afterAll(async () => {
    await a?.stop();
    for (const d of dirs) {
      rmSync(d, { recursive: true, force: true });
      await backend.discard(d);
    }
  });

  const busyCount = async (s: TestServer) =>
    (
      await s.api.get<{ points: unknown[] }>(
        '/api/devices/box-b/telemetry?metric=temp_c&limit=10000',
        s.admin,
      )
    ).body.points.length;

  it('backs up while the server runs and a device keeps publishing, into a private file', async () => {
    const client: MqttClient = await connectDevice(a, busy);
    let sent = 0;
    const publishOne = () =>
      publish(client, busy.id, 'telemetry', { temp_c: 30 + (sent % 5), ua: 230 }).then(() => void sent++);
    for (let i = 0; i < 20; i++) await publishOne();
    await a.app.services.ingest.committed();
    busyBefore = await busyCount(a);
    let publishing = true;
    const loop = (async () => {
      while (publishing) await publishOne();
    })();
    const r = await script('backup', a.dataDir, [file]);
    publishing = false;
    await loop;
    busyAfter = sent;
    await client.endAsync();
    expect(busyAfter).toBeGreaterThan(busyBefore); // the device did publish during the backup
    expect(r.stderr).toMatch(/backup done .*schema version \d+, checked/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/device secret key is not in the backup/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to restore over the store of a running server', async () => {
    const r = await script('restore', a.dataDir, ['--force', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is in use by a running server: stop it first/);
    expect((await a.api.get('/api/health')).status).toBe(200);
  });

  it('refuses a fresh store without a device secret key, and changes nothing', async () => {
    const fresh = dir();
    const r = await script('restore', fresh, [file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no device secret key .*--key/);
    expect(await storeFingerprint(backend, fresh)).toBe('empty');
  });

  it('restores into a fresh store; a new server gives back the same data, and devices keep their secrets', async () => {
    const r = await script('restore', restoredDir, ['--key', path.join(a.dataDir, KEY_FILE), file]);
    expect(r.stderr).toMatch(/restored .* \(schema version \d+\)/);
    expect(r.code).toBe(0);
    const b = await startServer({ dataDir: restoredDir });
    try {
      expect(await snapshot(b, b.admin)).toEqual(before);
      expect((await auditEntries(b, 'limit=1000')).map((e) => e.id)).toEqual(
        expect.arrayContaining(auditBefore),
      );
      // A consistent copy of some moment during the backup.
      const n = await busyCount(b);
      expect(n).toBeGreaterThanOrEqual(busyBefore);
      expect(n).toBeLessThanOrEqual(busyAfter);
      await b.api.login('view', 'view-password');
      const box = await connectDevice(b, quiet);
      await publish(box, quiet.id, 'telemetry', { temp_c: 41, ua: 229 });
      await box.endAsync();
      const dev = await b.api.get<{ state: object; status: string }>('/api/devices/box-a', b.admin);
      expect(dev.body).toMatchObject({ state: { temp_c: 41, ua: 229 }, status: 'online' });
    } finally {
      await b.stop({ keepData: true });
    }
  });

  it('refuses to overwrite a store without --force, and a damaged or too-new backup even with it', async () => {
    const kept = await storeFingerprint(backend, restoredDir);
    const again = await script('restore', restoredDir, [file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds a store already: --force replaces it/);

    const damaged = `${file}.damaged`;
    const bytes = readFileSync(file);
    bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 8192);
    writeFileSync(damaged, bytes);
    const bad = await script('restore', restoredDir, ['--force', damaged]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/restore refused: .*(damaged|not a sound|failed)/);

    const newer = await newerSchemaBackup(backend.name, `${file}.newer`);
    const tooNew = await script('restore', restoredDir, ['--force', newer]);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toMatch(
      /is from a newer Redsail \(schema version 999; this build knows up to \d+\)/,
    );

    expect(kept).not.toBe('empty');
    expect(await storeFingerprint(backend, restoredDir)).toEqual(kept);
  });

  it('restores a backup of an older schema, which the next start migrates', async () => {
    const older = `${file}.older`;
    const { version } = await olderSchemaBackup(backend.name, older);
    const target = dir();
    const r = await script('restore', target, ['--no-key', older]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `schema version ${version}\\)[\\s\\S]*the next start migrates it to schema version ${version + 1}`,
      ),
    );
    const s = await startServer({ dataDir: target });
    try {
      expect((await s.api.get('/api/health')).status).toBe(200);
    } finally {
      await s.stop({ keepData: true });
    }
    expect(await storeSchemaVersion(backend, target)).toBe(version + 1);
  });
});
