// The devices `npm run sim` plays: secrets from the credentials file, type, compound and feeds from
// the demo data set (or from the credentials file itself).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATA_DIR, DemoDeviceSchema } from '../lib/demo-data';
import { poweredByOf } from '../lib/power-feeds';
import type { FleetDevice } from '../devices/types';

const Entry = z.object({
  id: z.string(),
  type: z.string().optional(),
  password: z.string(),
  compoundId: z.string().optional(),
  feeds: z.array(z.string()).optional(),
  rating_a: z.number().positive().optional(),
});
type Entry = z.infer<typeof Entry>;

const CredentialsSchema = z.object({
  devices: z.union([
    z.array(Entry),
    z.record(z.string(), z.union([z.string(), z.object({ password: z.string() })])),
  ]),
});

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'ENOENT' ? `${what} ${file} does not exist` : `${what} ${file}: ${e.message}`);
  }
}

export function readCredentials(file: string): Map<string, Entry> {
  const parsed = CredentialsSchema.safeParse(readJson(file, 'The credentials file'));
  if (!parsed.success)
    throw new Error(
      `The credentials file ${file} has no usable "devices":\n${z.prettifyError(parsed.error)}`,
    );
  const { devices } = parsed.data;
  if (Array.isArray(devices)) return new Map(devices.map((d) => [d.id, d]));
  return new Map(
    Object.entries(devices).map(([id, v]) => [id, { id, password: typeof v === 'string' ? v : v.password }]),
  );
}

/** The data set's devices, or none when the default folder is absent. */
export function readDataDevices(dir: string | undefined): Omit<FleetDevice, 'password'>[] {
  const file = path.join(dir ?? DEFAULT_DATA_DIR, 'devices.json');
  if (dir === undefined && !existsSync(file)) return [];
  const parsed = z.array(DemoDeviceSchema).safeParse(readJson(file, 'The data set'));
  if (!parsed.success) throw new Error(`${file} is not a device list:\n${z.prettifyError(parsed.error)}`);
  poweredByOf(parsed.data, file);
  return parsed.data;
}

/** Data set order first, then devices only the credentials know; vans are the van simulator's. */
export function fleetDevices(credentialsFile: string, dataDir: string | undefined): FleetDevice[] {
  const creds = readCredentials(credentialsFile);
  const out: FleetDevice[] = [];
  const seen = new Set<string>();
  for (const d of readDataDevices(dataDir)) {
    const c = creds.get(d.id);
    if (!c) continue;
    seen.add(d.id);
    out.push({ ...d, ...c, type: c.type ?? d.type, password: c.password });
  }
  const untyped: string[] = [];
  for (const c of creds.values()) {
    if (seen.has(c.id) || c.type === 'van') continue;
    if (c.type === undefined) untyped.push(c.id);
    else out.push({ ...c, type: c.type });
  }
  if (untyped.length > 0)
    throw new Error(
      `${untyped.length} devices of ${credentialsFile} are not in the data set, so their type is unknown ` +
        `(e.g. ${untyped.slice(0, 3).join(', ')}): pass the --data folder they were registered from`,
    );
  if (out.length === 0) throw new Error(`The credentials file ${credentialsFile} holds no device`);
  return out;
}
