// Devices: registration, MQTT credentials, and the in-memory runtime (merged state, status, rule
// timers) that the ingest path reads and writes synchronously. The store holds the durable copy.
import { createHmac, randomBytes } from 'node:crypto';
import type { CompiledDeviceType } from '../../../devices/index';
import { COST, dummyHash, hashSecret, randomToken, verifySecret } from '../auth/secrets';
import type { DeviceRecord, DeviceStateRecord, DeviceStatus, Store } from '../store/store';
import { HttpError } from '../http/errors';
import type { z } from 'zod';
import type { CreateDeviceBody } from '../contracts/dto';

export interface DeviceRuntime {
  rec: DeviceRecord;
  type: CompiledDeviceType;
  st: DeviceStateRecord;
}

export type RegisterDevice = z.infer<typeof CreateDeviceBody>;

export class DeviceService {
  private readonly devices = new Map<string, DeviceRuntime>();
  /** HMAC of secrets verified since start, so reconnect storms do not each pay for scrypt. */
  private readonly verified = new Map<string, string>();
  private readonly cacheKey = randomBytes(32);

  constructor(
    private readonly store: Store,
    private readonly types: ReadonlyMap<string, CompiledDeviceType>,
  ) {}

  async load(): Promise<void> {
    const [recs, states] = await Promise.all([this.store.listDevices(), this.store.listDeviceStates()]);
    const byId = new Map(states.map((s) => [s.deviceId, s]));
    for (const rec of recs) {
      const type = this.types.get(rec.type);
      if (!type)
        throw new Error(`device ${rec.id} has type '${rec.type}', which this server does not define`);
      this.devices.set(rec.id, { rec, type, st: byId.get(rec.id) ?? blankState(rec.id) });
    }
  }

  get(id: string): DeviceRuntime | undefined {
    return this.devices.get(id);
  }
  all(): IterableIterator<DeviceRuntime> {
    return this.devices.values();
  }
  get size(): number {
    return this.devices.size;
  }
  typeNames(): string[] {
    return [...this.types.keys()];
  }

  async register(body: RegisterDevice, now: number): Promise<{ device: DeviceRuntime; secret: string }> {
    const type = this.types.get(body.type);
    if (!type) {
      throw new HttpError(
        400,
        'bad_request',
        `unknown device type '${body.type}'; use one of: ${this.typeNames().join(', ')}`,
      );
    }
    const attrs: Record<string, number> = {};
    for (const [k, a] of Object.entries(type.def.attributes ?? {})) attrs[k] = a.default;
    if (body.rating_a !== undefined) {
      if (!type.def.attributes?.rating_a)
        throw new HttpError(400, 'bad_request', `a ${body.type} has no rating_a`);
      attrs.rating_a = body.rating_a;
    }
    if (this.devices.has(body.id))
      throw new HttpError(409, 'conflict', `device '${body.id}' is already registered`);
    const secret = randomToken(18);
    const rec: DeviceRecord = {
      id: body.id,
      type: body.type,
      attrs,
      secretHash: await hashSecret(secret, COST.deviceSecret),
      createdAt: now,
      ...(body.name !== undefined && { name: body.name }),
      ...(body.compoundId !== undefined && { compoundId: body.compoundId }),
      ...(body.lat !== undefined && { lat: body.lat }),
      ...(body.lng !== undefined && { lng: body.lng }),
    };
    await this.store.createDevice(rec); // StoreConflictError → 409 in the HTTP error handler
    const device: DeviceRuntime = { rec, type, st: blankState(rec.id) };
    this.devices.set(rec.id, device);
    return { device, secret };
  }

  /** MQTT CONNECT check: username = device id, password = secret. Constant time either way. */
  async verifyCredentials(id: string, password: Buffer): Promise<boolean> {
    const device = this.devices.get(id);
    const mac = createHmac('sha256', this.cacheKey).update(password).digest('hex');
    if (device && this.verified.get(id) === mac) return true;
    const ok = await verifySecret(
      password.toString('utf8'),
      device?.rec.secretHash ?? (await dummyHash(COST.deviceSecret)),
    );
    if (ok && device) this.verified.set(id, mac);
    return ok && device !== undefined;
  }

  setStatus(d: DeviceRuntime, status: DeviceStatus): void {
    d.st = { ...d.st, status };
  }
}

export function blankState(deviceId: string): DeviceStateRecord {
  return { deviceId, state: {}, status: 'unknown', rules: {} };
}
