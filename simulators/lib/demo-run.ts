// What `npm run demo` and `npm run cluster` share: the demo's admin password, the provisioning of
// the demo data through one server, the device and van specs built from it, the brisk technician
// timings, and the block of demo logins printed at the end of the start.
import path from 'node:path';
import type { FleetDevice } from '../devices/types';
import type { VanSpec } from '../vans/van-sim';
import type { TechnicianProfile } from '../vans/technician';
import { loadDemoData, type DemoData } from './demo-data';
import { login } from './login';
import { provision, type Provisioned } from './provision';

/** The demo's admin password: demo mode only. */
export const DEMO_ADMIN_PASSWORD = 'redsail-demo-admin';

/** Brisk demo technicians: a van sets off within seconds of a fault, a repair takes minutes. */
export const DEMO_TECHNICIAN: Partial<TechnicianProfile> = {
  acceptS: [3, 8],
  departS: [1, 3],
  repairS: [120, 300],
};

const FRESH_DIR = 'use a fresh DATA_DIR, or the REDSAIL_ADMIN_PASSWORD this DATA_DIR was created with';

export interface DemoSetup {
  data: DemoData;
  creds: Provisioned;
  /** A dispatcher token, for the van simulators. */
  dispatcher: string;
  /** The devices whose secret is known, ready for the fleet. */
  devices: FleetDevice[];
  vans: VanSpec[];
}

/** Logs in as admin at `apiUrl`, loads the demo data there (idempotent) and logs in as the dispatcher. */
export async function setUpDemo(opts: {
  apiUrl: string;
  adminPassword: string;
  /** The folder of the credentials file (demo-credentials.json). */
  dataDir: string;
  say: (msg: string) => void;
  hint?: string;
}): Promise<DemoSetup> {
  const { apiUrl, say } = opts;
  const hint = opts.hint ?? FRESH_DIR;
  const admin = await login(apiUrl, 'admin', opts.adminPassword, hint);
  const data = loadDemoData();
  say('Redsail demo: loading the Qufu old-town demo data (synthetic) …');
  const creds = await provision({
    apiUrl,
    adminToken: admin,
    data,
    credentialsFile: path.join(opts.dataDir, 'demo-credentials.json'),
    log: say,
  });
  const dispatcher = await login(apiUrl, data.dispatcher.username, data.dispatcher.password, hint);
  const byId = new Map(creds.devices.map((d) => [d.id, d.password]));
  const devices = data.devices.flatMap((d) => {
    const password = byId.get(d.id);
    return password ? [{ ...d, password }] : [];
  });
  const vanCreds = new Map(creds.vans.map((v) => [v.id, v.password]));
  const vans = data.vans.map((v) => ({
    id: v.id,
    password: vanCreds.get(v.id) ?? '',
    home: { lat: v.homeLat, lng: v.homeLng },
    technician: v.technician,
  }));
  return { data, creds, dispatcher, devices, vans };
}

/** The demo logins, one line each (demo passwords, for the demo only). */
export function demoLogins(data: DemoData, adminPassword: string): string[] {
  return [
    '  Demo logins — demo passwords, for this demo only:',
    `    admin       ${adminPassword}`,
    `    ${data.dispatcher.username.padEnd(11)} ${data.dispatcher.password}   (dispatcher)`,
    ...data.vans.map(
      (v) => `    ${v.technician.username.padEnd(11)} ${v.technician.password}   (technician, ${v.name})`,
    ),
  ];
}
