// The device-secret key beside a backup and a restore (docs/backup.md). Backups leave it out: a copy of
// the hashes is of no use without it, so it is kept apart. A restore must find it — given with --key
// (the old DATA_DIR's device-secret.key), in DEVICE_SECRET_KEY, or already in the target DATA_DIR —
// or every device's secret is refused after it; --no-key restores anyway.
import fs from 'node:fs';
import path from 'node:path';
import { KEY_FILE, parseDeviceKey } from '../../server/src/auth/device-key';
import type { Config } from '../../server/src/config/config';
import { BackupError, privateFile, replaceFile } from '../../server/src/store/backup-files';

type KeyConfig = Pick<Config, 'DATA_DIR' | 'DEVICE_SECRET_KEY'>;

/** What the backup tells the operator about the key. */
export function keyNotice(config: KeyConfig): string {
  if (config.DEVICE_SECRET_KEY !== undefined)
    return 'Device secrets are checked under DEVICE_SECRET_KEY, which is not in the backup: keep it with your other secrets.';
  const file = path.join(config.DATA_DIR, KEY_FILE);
  return `The device secret key is not in the backup: keep a copy of ${file} (it never changes) apart from the backups, and give it to restore with --key; without it every device needs a new secret.`;
}

export interface KeyPlan {
  /** Installs the key (after the store is restored); returns what was done, for the operator. */
  place(): string;
}

/** Checks where the restored server will find its key, before anything changes. */
export function planKey(
  config: KeyConfig,
  opts: { keyFile?: string; noKey: boolean; force: boolean },
): KeyPlan {
  const target = path.join(config.DATA_DIR, KEY_FILE);
  const existing = fs.existsSync(target) ? fs.readFileSync(target, 'utf8').trim() : undefined;
  if (opts.keyFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(opts.keyFile, 'utf8').trim();
    } catch (err) {
      throw new BackupError(`--key ${opts.keyFile} cannot be read: ${(err as NodeJS.ErrnoException).code}`);
    }
    if (!parseDeviceKey(text))
      throw new BackupError(`--key ${opts.keyFile} does not hold a device secret key`);
    if (existing !== undefined && existing !== text && !opts.force)
      throw new BackupError(`${target} holds another key already; --force replaces it`);
    return {
      place() {
        fs.mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
        const partial = privateFile(`${target}.restoring`);
        fs.writeFileSync(partial, `${text}\n`);
        replaceFile(partial, target);
        return `device secret key installed as ${target}`;
      },
    };
  }
  if (config.DEVICE_SECRET_KEY !== undefined)
    return { place: () => 'device secrets are checked under DEVICE_SECRET_KEY' };
  if (existing !== undefined) return { place: () => `device secrets are checked under the key in ${target}` };
  if (opts.noKey) return { place: () => 'no device secret key: every device needs a new secret (--no-key)' };
  throw new BackupError(
    `no device secret key for the restored store: give the old DATA_DIR's ${KEY_FILE} with --key <file>, or set DEVICE_SECRET_KEY, or pass --no-key to restore anyway (every device then needs a new secret)`,
  );
}
