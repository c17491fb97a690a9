// Loads a demo data set into a running server through its API, idempotently: compounds, sites (the
// red sail stations and the depot), devices (one bulk import, the boxes first: every fed device names
// its box as `poweredBy`), vans, the dispatcher and the technicians. What exists is left alone (a
// device registered before keeps what it was registered with). A device's MQTT secret is shown only
// once, when it is registered, so the secrets are kept in a credentials file (JSON, mode 0600), merged
// with what it already holds; a device registered earlier whose secret is not in that file cannot be
// simulated, and is reported as such.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DemoData, DemoDevice } from './demo-data';
import { poweredByOf } from './power-feeds';

export interface ProvisionOptions {
  apiUrl: string;
  adminToken: string;
  data: DemoData;
  /** Where the MQTT secrets of devices and vans are kept between runs. */
  credentialsFile: string;
  log?: (msg: string) => void;
}

export interface Credential {
  id: string;
  password: string;
}

export interface Provisioned {
  /** Devices of the data set whose secret is known, in data order. */
  devices: Credential[];
  vans: Credential[];
  dispatcher: { username: string; password: string };
  technicians: { username: string; password: string; vanId: string }[];
  /** Devices and vans registered on the server whose secret is not in the credentials file. */
  unusable: string[];
}

const CredentialsFileSchema = z.object({
  note: z.string().optional(),
  devices: z.record(z.string(), z.string()),
  vans: z.record(z.string(), z.string()),
});
type CredentialsFile = z.infer<typeof CredentialsFileSchema>;

/** The site id of the data set's depot (sites.json gives the depot no id of its own). */
export const DEPOT_SITE_ID = 'depot';

/** Devices per import request: well inside the server's row and body limits. */
const IMPORT_CHUNK = 2000;

function readCredentials(file: string): CredentialsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { devices: {}, vans: {} };
    throw err;
  }
  const parsed = CredentialsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    // Never overwrite it: it may hold the only copy of secrets.
    throw new Error(`credentials file ${file} is not valid: ${parsed.error.message}; fix or move it`);
  }
  return parsed.data;
}

/** Replaces the file atomically; it is created with mode 0600 (the secrets are in clear). */
function writeCredentials(file: string, creds: CredentialsFile): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const note = 'MQTT secrets of the demo devices and vans, shown once by the server. Keep this file private.';
  writeFileSync(tmp, `${JSON.stringify({ ...creds, note }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The devices that feed others (the boxes) first, each group in data order. */
export function importOrder(devices: readonly DemoDevice[]): DemoDevice[] {
  return [...devices.filter((d) => d.feeds !== undefined), ...devices.filter((d) => d.feeds === undefined)];
}

interface Reply {
  status: number;
  body: unknown;
}

export async function provision(opts: ProvisionOptions): Promise<Provisioned> {
  const log = opts.log ?? (() => undefined);
  const { data } = opts;
  const call = async (method: string, route: string, body?: unknown): Promise<Reply> => {
    let res: Response;
    try {
      res = await fetch(new URL(route, opts.apiUrl), {
        method,
        headers: {
          authorization: `Bearer ${opts.adminToken}`,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new Error(`cannot reach the server at ${opts.apiUrl}: ${(err as Error).message}`);
    }
    const text = await res.text();
    try {
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    } catch {
      return { status: res.status, body: text }; // not JSON: not a Redsail API at this address?
    }
  };
  const fail = (what: string, r: Reply) =>
    new Error(`${what}: the server answered ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  const list = async (route: string): Promise<Set<string>> => {
    const r = await call('GET', route);
    if (r.status !== 200 || !Array.isArray(r.body)) throw fail(`GET ${route}`, r);
    return new Set((r.body as { id: string }[]).map((x) => x.id));
  };
  /** POST that skips what exists: true when created, false on 409. */
  const create = async (route: string, body: unknown, what: string): Promise<Reply | undefined> => {
    const r = await call('POST', route, body);
    if (r.status === 409) return undefined;
    if (r.status !== 201) throw fail(`create ${what}`, r);
    return r;
  };

  const creds = readCredentials(opts.credentialsFile);

  // Compounds.
  const haveCompounds = await list('/api/compounds');
  let made = 0;
  for (const c of data.compounds) {
    if (haveCompounds.has(c.id)) continue;
    if (await create('/api/compounds', c, `compound ${c.id}`)) made++;
  }
  log(`compounds: ${made} created, ${data.compounds.length - made} already there`);

  // Sites: the red sail stations inside compounds, and the depot where the vans wait.
  const sites = [
    ...data.sites.stations.map((st) => ({ ...st, kind: 'station' as const })),
    { ...data.sites.depot, id: DEPOT_SITE_ID, kind: 'depot' as const },
  ];
  const haveSites = await list('/api/sites');
  made = 0;
  for (const site of sites) {
    if (haveSites.has(site.id)) continue;
    if (await create('/api/sites', site, `site ${site.id}`)) made++;
  }
  log(`sites: ${made} created, ${sites.length - made} already there`);

  // Devices: one bulk import (in chunks) of those not registered yet, the boxes first so that each fed
  // device's `poweredBy` names a box registered before it or earlier in the list; secrets saved after
  // each chunk.
  const registered = await list('/api/devices');
  const missing = importOrder(data.devices.filter((d) => !registered.has(d.id)));
  const poweredBy = poweredByOf(data.devices);
  for (let i = 0; i < missing.length; i += IMPORT_CHUNK) {
    const chunk = missing.slice(i, i + IMPORT_CHUNK).map((d) => {
      const box = poweredBy.get(d.id);
      return {
        id: d.id,
        type: d.type,
        name: d.name,
        compoundId: d.compoundId,
        lat: d.lat,
        lng: d.lng,
        ...(d.rating_a !== undefined && { rating_a: d.rating_a }),
        ...(box !== undefined && { poweredBy: box }),
      };
    });
    const r = await call('POST', '/api/devices/import', { devices: chunk });
    if (r.status !== 201) throw fail(`import of ${chunk.length} devices`, r);
    for (const d of (r.body as { devices: { id: string; mqtt: { password: string } }[] }).devices) {
      creds.devices[d.id] = d.mqtt.password;
    }
    writeCredentials(opts.credentialsFile, creds);
  }
  log(`devices: ${missing.length} registered, ${data.devices.length - missing.length} already there`);

  // Vans (each is also an MQTT device).
  const haveVans = await list('/api/vans');
  made = 0;
  for (const v of data.vans) {
    if (haveVans.has(v.id)) continue;
    const body = { id: v.id, name: v.name, homeLat: v.homeLat, homeLng: v.homeLng };
    const r = await create('/api/vans', body, `van ${v.id}`);
    if (!r) continue;
    creds.vans[v.id] = (r.body as { mqtt: { password: string } }).mqtt.password;
    writeCredentials(opts.credentialsFile, creds);
    made++;
  }
  log(`vans: ${made} registered, ${data.vans.length - made} already there`);

  // People: the dispatcher and each van's technician. An existing user keeps its password.
  const technicians = data.vans.map((v) => ({ ...v.technician, vanId: v.id }));
  made = 0;
  for (const u of [
    { ...data.dispatcher, role: 'dispatcher' },
    ...technicians.map((t) => ({ ...t, role: 'technician' })),
  ]) {
    if (await create('/api/users', u, `user ${u.username}`)) made++;
  }
  log(`users: ${made} created, ${technicians.length + 1 - made} already there (their passwords unchanged)`);

  const known = (ids: { id: string }[], secrets: Record<string, string>) =>
    ids.flatMap(({ id }) => {
      const password = secrets[id];
      return password === undefined ? [] : [{ id, password }];
    });
  const result: Provisioned = {
    devices: known(data.devices, creds.devices),
    vans: known(data.vans, creds.vans),
    dispatcher: { ...data.dispatcher },
    technicians,
    unusable: [
      ...data.devices.filter((d) => creds.devices[d.id] === undefined).map((d) => d.id),
      ...data.vans.filter((v) => creds.vans[v.id] === undefined).map((v) => v.id),
    ],
  };
  if (result.unusable.length > 0) {
    const shown = result.unusable.slice(0, 10).join(', ');
    const more = result.unusable.length > 10 ? ` and ${result.unusable.length - 10} more` : '';
    log(
      `UNUSABLE: ${result.unusable.length} devices/vans are registered on the server but their MQTT ` +
        `secrets are not in ${opts.credentialsFile} (a secret is shown only once), so they cannot ` +
        `connect: ${shown}${more}. Start from a fresh data directory, or restore that file.`,
    );
  }
  return result;
}
