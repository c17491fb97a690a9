// The device-auth benchmark's set-up: one server's data with every device it needs registered (bulk
// import, so HMAC hashes), then, with the server stopped, `legacy` of them given the scrypt hashes
// (cost 1024) device secrets had before HMAC, written straight into its SQLite store.
import { randomBytes, scrypt } from 'node:crypto';
import path from 'node:path';
import { openStore } from '../../server/src/store/open-store';
import type { Bench } from './bench';
import { inParallel, withTimeout } from './common';
import type { GenClient } from './load-gen';
import { addDispatcher, registerDevices } from './register';
import { startRedsail } from './server';

export const DISPATCHER = { username: 'bench-auth-disp', password: 'bench-auth-disp-1' } as const;

export interface AuthField {
  dir: string;
  storm: GenClient[];
  steady: GenClient[];
  faults: GenClient[];
  legacy: GenClient[];
}

function legacyHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 32, { N: 1024, r: 8, p: 1 }, (err, key) =>
      err ? reject(err) : resolve(`scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`),
    ),
  );
}

export async function prepareField(
  b: Bench,
  sizes: { storm: number; steady: number; faults: number; legacy: number },
): Promise<AuthField> {
  const dir = path.join(b.tmp, 'server');
  const field = await b.scope('register', async (c) => {
    const srv = await startRedsail(dir, c);
    const reg = async (prefix: string, n: number) => {
      const t = Date.now();
      const out = await withTimeout(
        registerDevices(srv.api, srv.admin, prefix, n, { pad: 5 }),
        120_000,
        `registering ${n} ${prefix} devices`,
      );
      b.log(`${n} ${prefix} devices imported in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      return out;
    };
    const f: AuthField = {
      dir,
      storm: await reg('storm', sizes.storm),
      steady: await reg('steady', sizes.steady),
      faults: await reg('fault', sizes.faults),
      legacy: await reg('legacy', sizes.legacy),
    };
    await addDispatcher(srv.api, srv.admin, DISPATCHER);
    return f;
  });
  // The server is stopped: its SQLite file is ours for a moment.
  const t = Date.now();
  const store = await openStore({ DATA_DIR: path.join(dir, 'data') }, () => Date.now());
  try {
    await inParallel(field.legacy, 4, async (d) => {
      const rec = await store.getDevice(d.id);
      if (!rec) throw new Error(`device ${d.id} not in the store`);
      await store.updateDevice({ ...rec, secretHash: await legacyHash(d.password ?? '') });
    });
  } finally {
    await store.close();
  }
  b.log(`${field.legacy.length} devices given scrypt hashes in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return field;
}

/** How many of `ids` have an HMAC hash in the stopped server's store. */
export async function countHmac(dir: string, ids: string[]): Promise<number> {
  const store = await openStore({ DATA_DIR: path.join(dir, 'data') }, () => Date.now());
  try {
    let n = 0;
    for (const id of ids) if ((await store.getDevice(id))?.secretHash.startsWith('hmac-sha256$')) n++;
    return n;
  } finally {
    await store.close();
  }
}
