// Registering what a benchmark's field needs over the real API, as an admin: devices through the bulk
// import (their MQTT secrets come back), vans (each also an MQTT login), compounds, a dispatcher.
import type { Api } from '../../tests/helpers/api';
import { inParallel } from './common';
import type { GenClient } from './load-gen';

export const DISPATCHER = { username: 'bench-disp', password: 'bench-disp-pass-1' } as const;

function must<T>(res: { status: number; body: T }, expected: number, what: string): T {
  if (res.status !== expected)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/** Imports devices 5,000 a request; returns each device's MQTT password by id. */
export async function importDevices(
  api: Api,
  admin: string,
  devices: { id: string; type: string }[],
): Promise<Map<string, string>> {
  const passwords = new Map<string, string>();
  const CHUNK = 5000;
  for (let i = 0; i < devices.length; i += CHUNK) {
    const body = { devices: devices.slice(i, i + CHUNK) };
    const res = await api.request<{ devices: { id: string; mqtt: { password: string } }[] }>(
      'POST',
      '/api/devices/import',
      { token: admin, body, headers: { accept: 'application/json' } },
    );
    for (const d of must(res, 201, 'device import').devices) passwords.set(d.id, d.mqtt.password);
  }
  return passwords;
}

/** `n` devices `<prefix>-0000…` (ids zero-padded to `pad` digits) of one type; their MQTT logins. */
export async function registerDevices(
  api: Api,
  admin: string,
  prefix: string,
  n: number,
  { type = 'distribution_box', pad = 4 }: { type?: string; pad?: number } = {},
): Promise<GenClient[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(pad, '0')}`);
  const passwords = await importDevices(
    api,
    admin,
    ids.map((id) => ({ id, type })),
  );
  return ids.map((id) => ({ id, username: id, password: passwords.get(id) ?? '' }));
}

/** Creates the vans, 8 requests at a time; returns each van's MQTT password by id. */
export async function registerVans(
  api: Api,
  admin: string,
  vans: { id: string; name: string }[],
): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  await inParallel(vans, 8, async (v) => {
    const res = await api.post<{ mqtt?: { password: string } }>('/api/vans', v, admin);
    const body = must(res, 201, `van ${v.id}`);
    if (!body.mqtt) throw new Error(`van ${v.id}: no MQTT login in the answer`);
    secrets.set(v.id, body.mqtt.password);
  });
  return secrets;
}

/** Creates the compounds, 8 requests at a time. */
export async function registerCompounds(api: Api, admin: string, compounds: { id: string }[]): Promise<void> {
  await inParallel(compounds, 8, async (c) => {
    must(await api.post('/api/compounds', c, admin), 201, `compound ${c.id}`);
  });
}

/** Creates a dispatcher and returns their token. */
export async function addDispatcher(
  api: Api,
  admin: string,
  user: { username: string; password: string } = DISPATCHER,
): Promise<string> {
  must(await api.post('/api/users', { ...user, role: 'dispatcher' }, admin), 201, 'dispatcher');
  return api.login(user.username, user.password);
}
